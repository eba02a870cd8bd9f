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
    if let Some(h) = super::hooks::hover(snap, path, offset) {
        return Some(h);
    }
    if let Some(h) = super::templates::hover(snap, path, offset) {
        return Some(h);
    }
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("py")) {
        let h = super::python::hover(snap, &super::python::ImportSettings::of(snap), path, offset)?;
        return Some(HoverResult { markdown: h.markdown, range: Some(h.range) });
    }
    None
}
