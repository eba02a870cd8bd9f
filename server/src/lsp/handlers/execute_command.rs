//! workspace/executeCommand: the command's result is a WorkspaceEdit for the editor to apply.

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::analysis::commands::{self, CommandOutput};
use crate::lsp::convert;
use crate::lsp::server::Backend;

/// Test-only commands, answered only when the server started with `PYREVIT_LS_TEST_PANIC=1`:
/// one panics (the guard must answer with an error), one runs until it is cancelled.
const DEBUG_PANIC: &str = "pyrevit.debugPanic";
const DEBUG_WAIT: &str = "pyrevit.debugWait";

pub fn execute_command(b: &Backend, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
    let snap = b.snapshot();
    if b.state.debug_commands {
        if params.command == DEBUG_PANIC {
            panic!("{DEBUG_PANIC} was asked to panic");
        }
        if params.command == DEBUG_WAIT {
            let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while !snap.is_cancelled() && std::time::Instant::now() < until {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            return Ok(Some(serde_json::json!({ "cancelled": snap.is_cancelled() })));
        }
    }
    match commands::execute(&snap, &params.command, &params.arguments) {
        Ok(CommandOutput::Edit(fix)) => {
            let edit = convert::workspace_edit(&fix, snap.files.as_ref(), b.state.encoding());
            Ok(edit.and_then(|e| serde_json::to_value(e).ok()))
        }
        Ok(CommandOutput::Data(value)) => Ok(Some(value)),
        Err(why) => Err(Error::invalid_params(why)),
    }
}
