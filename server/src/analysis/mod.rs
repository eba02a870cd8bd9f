//! Features as plain functions over a [`Snapshot`]: diagnostics, completion, hover, definition…
//! Inputs are paths and byte offsets; outputs are our own types. No LSP types here.

pub mod codes;
mod diagnostic;
pub mod diagnostics;
mod file_kind;
mod settings;
mod snapshot;

pub use diagnostic::{Diagnostic, FileEdit, FileOp, Fix, Severity, TextEdit};
pub use file_kind::{file_kind, FileKind};
pub use settings::{DiagnosticSettings, LoaderMode, Settings};
pub use snapshot::Snapshot;
