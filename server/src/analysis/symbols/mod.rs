//! Document symbols (outline of a metadata file) and workspace symbols (every bundle).

use std::path::Path;

use super::Snapshot;
use crate::base::{FileRange, TextRange};

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

pub fn document_symbols(snap: &Snapshot, path: &Path) -> Vec<DocumentSymbol> {
    super::meta_ide::document_symbols(snap, path)
}

pub fn workspace_symbols(snap: &Snapshot, query: &str) -> Vec<WorkspaceSymbol> {
    super::meta_ide::workspace_symbols(snap, query)
}
