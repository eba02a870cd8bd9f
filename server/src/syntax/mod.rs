//! Syntax: tree-sitter (and a small JSON reader) lowered into our own spanned models.
//! Nothing here knows about pyRevit keys; nothing here knows about LSP.

mod cursor;
mod json;
mod lines;
mod model;
mod yaml;
mod yaml_scalar;

pub use cursor::{cursor_context, CursorContext, CursorPosition};
pub use json::{json_cursor_context, parse_json};
pub use model::{
    Entry, Format, Key, Mapping, MetaDocument, Node, PathSeg, Scalar, ScalarStyle, Sequence, SyntaxError, Value,
};
pub use yaml::parse_yaml;

#[cfg(test)]
mod tests;
