//! workspace/executeCommand: the command's result is a WorkspaceEdit for the editor to apply.

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::analysis::commands::{self, CommandOutput};
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub fn execute_command(b: &Backend, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
    let snap = b.state.snapshot();
    match commands::execute(&snap, &params.command, &params.arguments) {
        Ok(CommandOutput::Edit(fix)) => {
            let edit = convert::workspace_edit(&fix, snap.files.as_ref(), b.state.encoding());
            Ok(edit.and_then(|e| serde_json::to_value(e).ok()))
        }
        Ok(CommandOutput::Data(value)) => Ok(Some(value)),
        Err(why) => Err(Error::invalid_params(why)),
    }
}
