//! Completion: one entry point that asks every area (metadata keys and values, templates,
//! hooks…) for items at a byte offset of a file.

use std::path::Path;

pub use super::results::{CompletionItem, CompletionKind};
use super::Snapshot;

/// Completion items at `offset` in `path`, best first.
pub fn completions(snap: &Snapshot, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let Some(text) = snap.files.read(path) else { return Vec::new() };
    let offset = offset.min(text.len());
    drop(text);
    let mut items: Vec<CompletionItem> = Vec::new();
    items.extend(super::templates::completions(snap, path, offset));
    items.extend(super::meta_ide::completions(snap, path, offset));
    items.extend(super::meta_ide::script_completions(snap, path, offset));
    items
}
