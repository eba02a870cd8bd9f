//! Document symbols (outline of a metadata file) and workspace symbols (every bundle).

use std::path::Path;

pub use super::results::{DocumentSymbol, SymbolKind, WorkspaceSymbol};
use super::Snapshot;

pub fn document_symbols(snap: &Snapshot, path: &Path) -> Vec<DocumentSymbol> {
    super::meta_ide::document_symbols(snap, path)
}

pub fn workspace_symbols(snap: &Snapshot, query: &str) -> Vec<WorkspaceSymbol> {
    super::meta_ide::workspace_symbols(snap, query)
}
