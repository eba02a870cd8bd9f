//! Hover: the first area that has something to say about the offset answers.

use std::path::Path;

use super::Snapshot;
use crate::base::TextRange;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HoverResult {
    /// Markdown.
    pub markdown: String,
    /// The text the hover is about.
    pub range: Option<TextRange>,
}

pub fn hover(snap: &Snapshot, path: &Path, offset: usize) -> Option<HoverResult> {
    let _ = (snap, path, offset);
    None
}
