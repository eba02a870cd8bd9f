use std::path::PathBuf;

use crate::base::{FileRange, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// A finding in one file. `code` is one of [`super::codes`]; stable and kebab-case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: TextRange,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// Other places that explain this one (the shadowed module, the other manifest…).
    pub related: Vec<(FileRange, String)>,
    /// Quick fixes; the first one is the preferred fix.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic { range, severity, code, message: message.into(), related: Vec::new(), fixes: Vec::new() }
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
    pub fn with_related(mut self, at: FileRange, message: impl Into<String>) -> Self {
        self.related.push((at, message.into()));
        self
    }
}

/// A code action: text edits and file operations the editor applies. The server never writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<FileEdit>,
    pub file_ops: Vec<FileOp>,
}

impl Fix {
    /// A fix that replaces `range` of `path` with `new_text`.
    pub fn replace(title: impl Into<String>, path: PathBuf, range: TextRange, new_text: impl Into<String>) -> Self {
        Fix {
            title: title.into(),
            edits: vec![FileEdit { path, edits: vec![TextEdit { range, new_text: new_text.into() }] }],
            file_ops: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    pub path: PathBuf,
    pub edits: Vec<TextEdit>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// File operations, applied before the text edits of the same fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOp {
    Create { path: PathBuf },
    Rename { from: PathBuf, to: PathBuf },
}
