//! Syntax: tree-sitter-yaml (and a small JSON reader) lowered into our own spanned model.
//! Nothing here knows about pyRevit keys; nothing here knows about LSP.
//!
//! - [`parse_yaml`] / [`parse_json`] → [`MetaDocument`]: every scalar as the string pyRevit reads,
//!   byte ranges everywhere, one [`SyntaxError`] per broken region, and everything outside broken
//!   regions still in the model (editors send half-typed text on every keystroke).
//! - [`cursor_context`] / [`json_cursor_context`] → [`CursorContext`]: enclosing keys and
//!   key-or-value at a cursor, robust to the broken text around it (for completion).

mod context_expr;
mod cursor;
mod json;
mod kinds;
mod layout_item;
mod lines;
mod model;
mod python_chunks;
mod python_meta;
mod yaml;
mod yaml_language;
mod yaml_scalar;

pub use context_expr::{parse_context_expr, ContextError, ContextErrorKind, ContextExpr, ContextGroup, ContextToken};
pub use cursor::{cursor_context, floor_boundary, literal_context, CursorContext, CursorPosition};
pub use json::{json_cursor_context, parse_json};
pub use layout_item::{split_layout_item, LayoutDirective, LayoutItem};
pub use model::{
    Entry, Format, Key, Mapping, MetaDocument, Node, PathSeg, Scalar, ScalarStyle, Sequence, SyntaxError, Value,
};
pub use python_meta::{
    dunder_assignments, module_meta, unescape_python_string, Docstring, DunderAssign, ModuleMeta, StringLiteral,
};
#[doc(hidden)]
pub use yaml::fuzzing;
pub use yaml::{parse_yaml, parse_yaml_reusable, reparse_yaml, reparse_yaml_edited, YamlReuse};

pub mod python;
#[cfg(test)]
mod tests;
