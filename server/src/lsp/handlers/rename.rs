//! textDocument/prepareRename and textDocument/rename.

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::navigation::locate;
use crate::analysis::rename;
use crate::lsp::convert::{self, Lines};
use crate::lsp::server::Backend;

pub fn prepare_rename(b: &Backend, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
    let Some((snap, path, offset)) = locate(b, &params) else { return Ok(None) };
    match rename::prepare_rename(&snap, &path, offset) {
        Ok(Some(range)) => {
            let text = snap.files.read(&path).unwrap_or_default();
            Ok(Some(PrepareRenameResponse::Range(Lines::new(&text, b.state.encoding()).range(range))))
        }
        Ok(None) => Ok(None),
        Err(why) => Err(Error::invalid_params(why)),
    }
}

pub fn rename(b: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let Some((snap, path, offset)) = locate(b, &params.text_document_position) else { return Ok(None) };
    match rename::rename(&snap, &path, offset, &params.new_name) {
        Ok(Some(fix)) => Ok(convert::workspace_edit(&fix, snap.files.as_ref(), b.state.encoding())),
        Ok(None) => Ok(None),
        Err(why) => Err(Error::invalid_params(why)),
    }
}
