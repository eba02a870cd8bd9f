//! Features as plain functions over a [`Snapshot`]: diagnostics, completion, hover, definition…
//! Inputs are paths and byte offsets; outputs are our own types. No LSP types here.

pub mod assists;
pub mod codes;
pub mod commands;
pub mod completion;
mod diagnostic;
pub mod diagnostics;
mod file_kind;
pub mod highlight;
pub mod hooks;
pub mod hover;
mod meta_check;
pub mod meta_docs;
pub mod meta_ide;
pub mod navigation;
pub mod python;
pub mod rename;
pub mod results;
mod settings;
mod snapshot;
pub mod symbols;
pub mod templates;

pub use diagnostic::{Diagnostic, FileEdit, FileOp, Fix, Severity, TextEdit};
pub use file_kind::{file_kind, is_python, FileKind};
pub use settings::{DiagnosticSettings, ExcludeGlobs, LoaderMode, Settings};
pub use snapshot::Snapshot;
