//! pyrevit-ls: a language server and checker for pyRevit extensions.
//!
//! Layers (see ARCHITECTURE.md): `base` (text, ranges, file access) → `knowledge` (pyRevit facts,
//! pure data) → `syntax` (tree-sitter → spanned models) → `index` (workspace: extensions and
//! bundles) → `imports` (Python search paths and resolution) → `analysis` (features as plain
//! functions over a snapshot, no LSP types) → `lsp` (protocol glue) and `cli` (`check`).

pub mod analysis;
pub mod base;
pub mod cli;
pub mod imports;
pub mod index;
pub mod knowledge;
pub mod lsp;
pub mod syntax;
