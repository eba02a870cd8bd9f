//! Server commands (`workspace/executeCommand`). Each returns the edit for the editor to apply;
//! the server itself never writes a file.

mod path_arg;

pub(crate) use path_arg::path_arg;

use super::{python, Fix, Snapshot};

/// Every command the server offers, advertised in `initialize`.
pub const COMMANDS: &[&str] =
    &[super::hooks::NEW_HOOK, super::hooks::HOOK_EVENTS_COMMAND, python::WRITE_PYRIGHT_CONFIG];

/// What a command answers: an edit for the editor to apply, or data (lists for pickers).
#[derive(Clone, Debug, PartialEq)]
pub enum CommandOutput {
    Edit(Fix),
    Data(serde_json::Value),
}

pub fn execute(snap: &Snapshot, command: &str, args: &[serde_json::Value]) -> Result<CommandOutput, String> {
    if command == super::hooks::NEW_HOOK {
        return super::hooks::new_hook(snap, args).map(CommandOutput::Edit);
    }
    if command == super::hooks::HOOK_EVENTS_COMMAND {
        return Ok(CommandOutput::Data(super::hooks::hook_events()));
    }
    if command == python::WRITE_PYRIGHT_CONFIG {
        return python::write_pyright_config(snap, args).map(CommandOutput::Edit);
    }
    Err(format!("unknown command `{command}`"))
}
