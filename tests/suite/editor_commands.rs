//! The editor configs name exactly the server's commands (`analysis::commands::COMMANDS`, the one
//! list): a renamed or removed command fails here, and so does a user-facing command an editor
//! forgot to offer.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pyrevit_ls::analysis::commands::{command, command_names, COMMANDS};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn files_with_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "node_modules") {
                files_with_ext(&path, ext, out);
            }
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Quoted one-segment `pyrevit.<name>` literals (`'pyrevit.newHook'`), i.e. command names; setting
/// keys have more segments (`pyrevit.server.path`) or are not quoted as a whole.
fn command_literals(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("pyrevit.") {
        let Some(open) = text[..i].chars().next_back() else { continue };
        if !matches!(open, '\'' | '"' | '`') {
            continue;
        }
        let rest = &text[i + "pyrevit.".len()..];
        let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        if name_len > 0 && rest[name_len..].starts_with(open) {
            found.insert(format!("pyrevit.{}", &rest[..name_len]));
        }
    }
    found
}

fn literals_in(dir: &str, ext: &str) -> BTreeSet<String> {
    let mut files = Vec::new();
    files_with_ext(&repo().join(dir), ext, &mut files);
    assert!(!files.is_empty(), "no .{ext} files under {dir}");
    files.iter().flat_map(|f| command_literals(&std::fs::read_to_string(f).unwrap())).collect()
}

fn user_facing() -> BTreeSet<&'static str> {
    COMMANDS.iter().filter(|c| c.user_facing).map(|c| c.name).collect()
}

#[test]
fn literal_scanner_finds_quoted_command_names_only() {
    let text = r#"run('pyrevit.newHook', "pyrevit.showLog") get('pyrevit.server.path') x = pyrevit.loader `pyrevit.a`"#;
    let found: Vec<String> = command_literals(text).into_iter().collect();
    assert_eq!(found, ["pyrevit.a", "pyrevit.newHook", "pyrevit.showLog"]);
}

#[test]
fn vscode_manifest_offers_every_user_facing_command_and_no_unknown_one() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("editors/vscode/package.json")).unwrap()).unwrap();
    let contributed: BTreeSet<String> = manifest["contributes"]["commands"]
        .as_array()
        .expect("contributes.commands")
        .iter()
        .map(|c| c["command"].as_str().unwrap().to_string())
        .collect();
    let mut offered = BTreeSet::new();
    for id in &contributed {
        // vscode-languageclient registers the server's own names itself: a clash would fail at start.
        assert!(command(id).is_none(), "package.json contributes `{id}`, a server command name");
        if let Some(short) = id.strip_prefix("pyrevit.client.") {
            let server = format!("pyrevit.{short}");
            let cmd = command(&server).unwrap_or_else(|| panic!("`{id}` runs `{server}`, which the server lacks"));
            assert!(cmd.user_facing, "`{id}` offers `{server}`, which is not meant for users");
            offered.insert(cmd.name);
        }
    }
    assert_eq!(offered, user_facing(), "user-facing server commands vs package.json `pyrevit.client.*`");

    // The extension's sources name only server commands, its own contributed commands and its
    // settings (`affectsConfiguration('pyrevit.loader')`).
    // `contributes.configuration` is one object or a list of them.
    let configuration = &manifest["contributes"]["configuration"];
    let sections = configuration.as_array().cloned().unwrap_or_else(|| vec![configuration.clone()]);
    let settings: BTreeSet<String> =
        sections.iter().filter_map(|s| s["properties"].as_object()).flat_map(|p| p.keys().cloned()).collect();
    for name in literals_in("editors/vscode/src", "ts") {
        assert!(
            command(&name).is_some() || contributed.contains(&name) || settings.contains(&name),
            "editors/vscode/src names `{name}`: not a server command, nor a command or setting of package.json"
        );
    }
}

#[test]
fn neovim_config_runs_every_user_facing_command_and_no_unknown_one() {
    let named = literals_in("editors/nvim", "lua");
    let known: BTreeSet<&str> = command_names().collect();
    for name in &named {
        assert!(known.contains(name.as_str()), "editors/nvim names `{name}`, which the server lacks");
    }
    for name in user_facing() {
        assert!(named.contains(name), "editors/nvim does not offer `{name}`");
    }
}
