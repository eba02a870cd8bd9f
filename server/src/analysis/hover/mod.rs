//! Hover: the first area that has something to say about the offset answers.

use std::path::Path;

pub use super::results::HoverResult;
use super::Snapshot;

pub fn hover(snap: &Snapshot, path: &Path, offset: usize) -> Option<HoverResult> {
    if let Some(h) = super::hooks::hover(snap, path, offset) {
        return Some(h);
    }
    if super::is_python(path) {
        if let Some(h) = super::templates::hover(snap, path, offset) {
            return Some(h);
        }
        if let Some(h) = super::meta_ide::script_hover(snap, path, offset) {
            return Some(h);
        }
        let h = super::python::hover(snap, &super::python::ImportSettings::of(snap), path, offset)?;
        return Some(HoverResult { markdown: h.markdown, range: Some(h.range) });
    }
    // In metadata a key can be both a pyRevit (or unread) key and a template definition: say both.
    let parts: Vec<HoverResult> =
        [super::meta_ide::hover(snap, path, offset), super::templates::hover(snap, path, offset)]
            .into_iter()
            .flatten()
            .collect();
    let range = parts.first()?.range;
    let markdown = parts.into_iter().map(|p| p.markdown).collect::<Vec<_>>().join("\n\n---\n\n");
    Some(HoverResult { markdown, range })
}
