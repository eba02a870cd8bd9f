//! textDocument/codeAction: the quick fixes of diagnostics in the requested range, then assists.

use tower_lsp_server::ls_types::*;

use crate::analysis::diagnostics;
use crate::lsp::convert::{self, Lines};
use crate::lsp::server::Backend;

pub fn code_action(b: &Backend, params: CodeActionParams) -> Option<CodeActionResponse> {
    let path = convert::path(&params.text_document.uri)?;
    let snap = b.snapshot();
    let enc = b.state.encoding();
    let text = snap.files.read(&path).unwrap_or_default();
    let lines = Lines::new(&text, enc);
    let (start, end) = (lines.offset(params.range.start), lines.offset(params.range.end));
    let mut actions = Vec::new();
    for d in diagnostics::file_diagnostics(&snap, &path) {
        let touches = d.range.start as usize <= end && start <= d.range.end as usize;
        if !touches {
            continue;
        }
        let lsp_diag = convert::diagnostic(&lines, &d, snap.files.as_ref(), enc, false);
        for (i, fix) in d.fixes.iter().enumerate() {
            let Some(edit) = convert::workspace_edit(fix, snap.files.as_ref(), enc) else { continue };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag.clone()]),
                edit: Some(edit),
                is_preferred: Some(i == 0),
                ..Default::default()
            }));
        }
    }
    for fix in crate::analysis::assists::assists(&snap, &path, crate::base::TextRange::new(start.min(end), end)) {
        let Some(edit) = convert::workspace_edit(&fix, snap.files.as_ref(), enc) else { continue };
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::REFACTOR_REWRITE),
            edit: Some(edit),
            ..Default::default()
        }));
    }
    Some(actions)
}
