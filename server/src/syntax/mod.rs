//! Syntax: tree-sitter (and serde_json) trees lowered into our own spanned models.
//! Nothing here knows about pyRevit keys; nothing here knows about LSP.
pub mod python;
