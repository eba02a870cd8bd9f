//! Our types ↔ `ls_types`: paths and URIs, byte ranges and positions, diagnostics and edits.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types as lsp;

use crate::analysis::{self, Severity};
use crate::base::{FileSource, LineCol, LineIndex, PositionEncoding, TextRange};

/// The path of a `file:` URI (see `lsp/uri.rs`: one path per file whatever the client's spelling).
pub fn path(uri: &lsp::Uri) -> Option<PathBuf> {
    super::uri::to_path(uri)
}

/// The URI to answer for `path`: for an open document, the one the client used.
pub fn uri(path: &Path) -> Option<lsp::Uri> {
    super::uri::from_path(path)
}

/// Positions of one file's text in the negotiated encoding.
pub struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
    enc: PositionEncoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, enc: PositionEncoding) -> Self {
        Lines { text, index: LineIndex::new(text), enc }
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        let lc = self.index.line_col(self.text, offset, self.enc);
        lsp::Position::new(lc.line, lc.col)
    }

    pub fn range(&self, range: TextRange) -> lsp::Range {
        lsp::Range::new(self.position(range.start as usize), self.position(range.end as usize))
    }

    pub fn offset(&self, pos: lsp::Position) -> usize {
        self.index.offset(self.text, LineCol { line: pos.line, col: pos.character }, self.enc)
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// Converts diagnostics of one file. `files` resolves the text of related locations.
pub fn diagnostic(
    lines: &Lines,
    d: &analysis::Diagnostic,
    files: &dyn FileSource,
    enc: PositionEncoding,
    with_related: bool,
) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|(at, message)| {
            let text = files.read(&at.path).unwrap_or_default();
            let range = Lines::new(&text, enc).range(at.range);
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(uri(&at.path)?, range),
                message: message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: lines.range(d.range),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        source: Some("pyrevit-ls".into()),
        message: d.message.clone(),
        related_information: (with_related && !related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// A fix as a workspace edit: file operations first, then text edits, as document changes.
pub fn workspace_edit(
    fix: &analysis::Fix,
    files: &dyn FileSource,
    enc: PositionEncoding,
) -> Option<lsp::WorkspaceEdit> {
    let mut ops = Vec::new();
    for op in &fix.file_ops {
        ops.push(match op {
            analysis::FileOp::Create { path } => {
                lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
                    uri: uri(path)?,
                    options: Some(lsp::CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                    annotation_id: None,
                }))
            }
            analysis::FileOp::Rename { from, to } => {
                lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Rename(lsp::RenameFile {
                    old_uri: uri(from)?,
                    new_uri: uri(to)?,
                    options: Some(lsp::RenameFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) }),
                    annotation_id: None,
                }))
            }
        });
    }
    for fe in &fix.edits {
        let text = files.read(&fe.path).unwrap_or_default();
        let lines = Lines::new(&text, enc);
        let edits = fe
            .edits
            .iter()
            .map(|e| lsp::OneOf::Left(lsp::TextEdit::new(lines.range(e.range), e.new_text.clone())))
            .collect();
        ops.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
            text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri: uri(&fe.path)?, version: None },
            edits,
        }));
    }
    Some(lsp::WorkspaceEdit { document_changes: Some(lsp::DocumentChanges::Operations(ops)), ..Default::default() })
}
