//! textDocument/documentSymbol and workspace/symbol.

use tower_lsp_server::ls_types::*;

use crate::analysis::symbols::{self, SymbolKind as Kind};
use crate::lsp::convert::{self, Lines};
use crate::lsp::server::Backend;

pub fn document_symbol(b: &Backend, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let path = convert::path(&params.text_document.uri)?;
    let snap = b.snapshot();
    let text = snap.files.read(&path)?;
    let lines = Lines::new(&text, b.state.encoding());
    let out = symbols::document_symbols(&snap, &path).iter().map(|s| document(&lines, s)).collect();
    Some(DocumentSymbolResponse::Nested(out))
}

#[allow(deprecated)]
fn document(lines: &Lines, s: &symbols::DocumentSymbol) -> DocumentSymbol {
    DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range: lines.range(s.range),
        selection_range: lines.range(s.selection_range),
        children: (!s.children.is_empty()).then(|| s.children.iter().map(|c| document(lines, c)).collect()),
    }
}

pub fn workspace_symbol(b: &Backend, params: WorkspaceSymbolParams) -> Option<WorkspaceSymbolResponse> {
    let snap = b.snapshot();
    let enc = b.state.encoding();
    #[allow(deprecated)]
    let out = symbols::workspace_symbols(&snap, &params.query)
        .into_iter()
        .filter_map(|s| {
            let text = snap.files.read(&s.location.path).unwrap_or_default();
            Some(SymbolInformation {
                name: s.name,
                kind: kind(s.kind),
                tags: None,
                deprecated: None,
                location: Location::new(
                    convert::uri(&s.location.path)?,
                    Lines::new(&text, enc).range(s.location.range),
                ),
                container_name: s.container,
            })
        })
        .collect();
    Some(WorkspaceSymbolResponse::Flat(out))
}

fn kind(k: Kind) -> SymbolKind {
    match k {
        Kind::Key => SymbolKind::PROPERTY,
        Kind::Value => SymbolKind::STRING,
        Kind::Bundle => SymbolKind::MODULE,
        Kind::Extension => SymbolKind::PACKAGE,
        Kind::Template => SymbolKind::VARIABLE,
        Kind::Hook => SymbolKind::EVENT,
    }
}
