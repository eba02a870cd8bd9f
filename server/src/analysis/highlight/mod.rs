//! Semantic highlighting: ranges an editor colours beyond its grammar (`{{template}}` tags
//! inside YAML and Python strings).

use std::path::Path;

use super::Snapshot;
use crate::base::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// A `{{name}}` tag pyRevit substitutes.
    Template,
}

/// Highlighted ranges of `path`, in source order, not overlapping.
pub fn highlights(snap: &Snapshot, path: &Path) -> Vec<(TextRange, HighlightKind)> {
    let mut out: Vec<_> =
        super::templates::tag_ranges(snap, path).into_iter().map(|r| (r, HighlightKind::Template)).collect();
    out.sort_by_key(|(r, _)| *r);
    out.dedup_by_key(|(r, _)| *r);
    out
}
