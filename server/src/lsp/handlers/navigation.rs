//! textDocument/definition and textDocument/references.

use tower_lsp_server::ls_types::*;

use crate::analysis::navigation;
use crate::base::FileRange;
use crate::lsp::convert::{self, Lines};
use crate::lsp::server::Backend;

pub fn definition(b: &Backend, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let pos = params.text_document_position_params;
    let (snap, path, offset) = locate(b, &pos)?;
    let targets = navigation::definition(&snap, &path, offset);
    (!targets.is_empty()).then(|| GotoDefinitionResponse::Array(locations(b, &snap, &targets)))
}

pub fn references(b: &Backend, params: ReferenceParams) -> Option<Vec<Location>> {
    let (snap, path, offset) = locate(b, &params.text_document_position)?;
    let found = navigation::references(&snap, &path, offset, params.context.include_declaration);
    Some(locations(b, &snap, &found))
}

pub fn locate(
    b: &Backend,
    pos: &TextDocumentPositionParams,
) -> Option<(crate::analysis::Snapshot, std::path::PathBuf, usize)> {
    let path = convert::path(&pos.text_document.uri)?;
    let snap = b.snapshot();
    let text = snap.files.read(&path)?;
    let offset = Lines::new(&text, b.state.encoding()).offset(pos.position);
    Some((snap, path, offset))
}

pub fn locations(b: &Backend, snap: &crate::analysis::Snapshot, ranges: &[FileRange]) -> Vec<Location> {
    let enc = b.state.encoding();
    ranges
        .iter()
        .filter_map(|fr| {
            let text = snap.files.read(&fr.path).unwrap_or_default();
            Some(Location::new(convert::uri(&fr.path)?, Lines::new(&text, enc).range(fr.range)))
        })
        .collect()
}
