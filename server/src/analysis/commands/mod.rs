//! Server commands (`workspace/executeCommand`). Each returns the edit for the editor to apply;
//! the server itself never writes a file.

mod path_arg;

pub(crate) use path_arg::path_arg;

use super::{python, Fix, Snapshot};

/// Every command the server offers, advertised in `initialize`.
pub const COMMANDS: &[&str] = &[super::hooks::NEW_HOOK, python::WRITE_PYRIGHT_CONFIG];

pub fn execute(snap: &Snapshot, command: &str, args: &[serde_json::Value]) -> Result<Option<Fix>, String> {
    if command == super::hooks::NEW_HOOK {
        return super::hooks::new_hook(snap, args).map(Some);
    }
    if command == python::WRITE_PYRIGHT_CONFIG {
        return python::write_pyright_config(snap, args).map(Some);
    }
    Err(format!("unknown command `{command}`"))
}
