//! What the analysis features answer: hover text, completion items, symbols. A leaf module: it
//! imports nothing from the feature dispatchers (`hover`, `completion`, `symbols`) or the areas
//! (`meta_ide`, `templates`, `hooks`, `python`), so areas build these types without depending on
//! the dispatcher that calls them. The dispatchers re-export them under their old paths.
//! Diagnostics and edits (`Diagnostic`, `Fix`, `TextEdit`) live in the equally leaf `diagnostic.rs`.

use super::diagnostic::TextEdit;
use crate::base::{FileRange, TextRange};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HoverResult {
    /// Markdown.
    pub markdown: String,
    /// The text the hover is about.
    pub range: Option<TextRange>,
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum SymbolKind {
    Key,
    Value,
    Bundle,
    Extension,
    Template,
    Hook,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: TextRange,
    pub selection_range: TextRange,
    pub children: Vec<DocumentSymbol>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub container: Option<String>,
    pub kind: SymbolKind,
    pub location: FileRange,
}
