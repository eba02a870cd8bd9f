//! Completion: one entry point that asks every area (metadata keys and values, templates,
//! hooks…) for items at a byte offset of a file.

use std::path::Path;

use super::{Snapshot, TextEdit};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum CompletionKind {
    Key,
    Value,
    Locale,
    Keyword,
    Category,
    Bundle,
    Template,
    Event,
    Module,
    File,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (the type, the value of a template…).
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// What to replace and with what; the new text is a snippet when `snippet` is true.
    pub edit: TextEdit,
    pub snippet: bool,
    /// Lower sorts first; the likely item gets the lowest.
    pub sort_text: Option<String>,
    pub filter_text: Option<String>,
}

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
