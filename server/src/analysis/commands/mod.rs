//! Server commands (`workspace/executeCommand`). Each returns the edit for the editor to apply, or
//! data for an editor's pickers; the server itself never writes a file.
//!
//! [`COMMANDS`] is the one list of command names: `initialize` advertises it, the CLI's `command`
//! runs its data commands, and `tests/suite/editor_commands.rs` checks that the editor configs
//! (`editors/vscode`, `editors/nvim`) name exactly these.

mod path_arg;

pub(crate) use path_arg::path_arg;

use serde_json::Value;

use super::{hooks, python, Fix, Snapshot};
use crate::knowledge::bundle_types::BUNDLE_KINDS;

/// One server command.
pub struct Command {
    /// The name sent in `workspace/executeCommand`.
    pub name: &'static str,
    /// The arguments it takes, for documentation and error messages.
    pub arguments: &'static str,
    /// Editors offer it to users (VS Code: palette command `pyrevit.client.<x>`; Neovim: a user
    /// command). Otherwise an editor calls it itself, e.g. to fill a picker.
    pub user_facing: bool,
    pub run: Run,
}

/// How a command answers.
#[derive(Clone, Copy)]
pub enum Run {
    /// Data that does not depend on the workspace; also available as `pyrevit-ls command <name>`.
    Data(fn() -> Value),
    /// An edit for the editor to apply.
    Edit(fn(&Snapshot, &[Value]) -> Result<Fix, String>),
}

/// Every command the server offers, advertised in `initialize`.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "pyrevit.newHook",
        arguments: "[extensionRootPathOrUri, eventName, language (python|csharp|vb)]",
        user_facing: true,
        run: Run::Edit(hooks::new_hook),
    },
    Command {
        name: "pyrevit.writePyrightConfig",
        arguments: "[workspaceFolderPathOrUri?]",
        user_facing: true,
        run: Run::Edit(python::write_pyright_config),
    },
    Command { name: "pyrevit.hookEvents", arguments: "[]", user_facing: false, run: Run::Data(hooks::hook_events) },
    Command { name: "pyrevit.bundleSuffixes", arguments: "[]", user_facing: false, run: Run::Data(bundle_suffixes) },
];

/// The command called `name`.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Every command name, in table order.
pub fn command_names() -> impl Iterator<Item = &'static str> {
    COMMANDS.iter().map(|c| c.name)
}

/// What a command answers: an edit for the editor to apply, or data (lists for pickers).
#[derive(Clone, Debug, PartialEq)]
pub enum CommandOutput {
    Edit(Fix),
    Data(serde_json::Value),
}

pub fn execute(snap: &Snapshot, name: &str, args: &[Value]) -> Result<CommandOutput, String> {
    match command(name).map(|c| c.run) {
        Some(Run::Data(run)) => Ok(CommandOutput::Data(run())),
        Some(Run::Edit(run)) => run(snap, args).map(CommandOutput::Edit),
        None => Err(format!("unknown command `{name}`")),
    }
}

/// The answer of a data command, without a workspace (the CLI's `command`).
pub fn data(name: &str) -> Result<Value, String> {
    match command(name).map(|c| c.run) {
        Some(Run::Data(run)) => Ok(run()),
        Some(Run::Edit(_)) => Err(format!("`{name}` answers an edit for an open workspace; call it over LSP")),
        None => {
            let known: Vec<&str> = command_names().collect();
            Err(format!("unknown command `{name}`; commands: {}", known.join(", ")))
        }
    }
}

/// `pyrevit.bundleSuffixes`: the bundle folder suffixes (`.tab`, `.pushbutton`, …), so editors
/// can tell which files belong to an extension tree without keeping a copy of the list.
fn bundle_suffixes() -> Value {
    Value::Array(BUNDLE_KINDS.iter().map(|k| Value::from(k.suffix)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_namespaced() {
        let mut names: Vec<&str> = command_names().collect();
        assert!(names.iter().all(|n| n.starts_with("pyrevit.") && n.matches('.').count() == 1), "{names:?}");
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
    }

    #[test]
    fn data_commands_run_without_a_workspace() {
        let suffixes = data("pyrevit.bundleSuffixes").unwrap();
        let suffixes = suffixes.as_array().unwrap();
        assert_eq!(suffixes.len(), BUNDLE_KINDS.len());
        assert!(suffixes.contains(&Value::from(".pushbutton")) && suffixes.contains(&Value::from(".content")));
        assert!(data("pyrevit.hookEvents").unwrap().as_array().is_some_and(|a| !a.is_empty()));
        assert!(data("pyrevit.newHook").unwrap_err().contains("over LSP"));
        assert!(data("pyrevit.nope").unwrap_err().contains("pyrevit.bundleSuffixes"));
    }
}
