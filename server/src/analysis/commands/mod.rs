//! Server commands (`workspace/executeCommand`). Each returns the edit for the editor to apply;
//! the server itself never writes a file.

use super::{Fix, Snapshot};

/// Every command the server offers, advertised in `initialize`.
pub const COMMANDS: &[&str] = &[];

pub fn execute(snap: &Snapshot, command: &str, args: &[serde_json::Value]) -> Result<Option<Fix>, String> {
    let _ = (snap, args);
    Err(format!("unknown command `{command}`"))
}
