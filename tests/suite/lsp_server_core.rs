//! The server core over stdio: never an empty answer because the server is behind, files made
//! while it runs are known at once, a slow request never delays a hover, a panic is an error
//! response and the server goes on.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::{write_tree, MemoryWorkspace, Workspace};

const PANEL: &str = "Demo.extension/Demo.tab/Main.panel";

fn workspace(dir: &Path) {
    write_tree(
        dir,
        &[
            ("Demo.extension/Demo.tab/Main.panel/bundle.yaml", "layout:\n  - A\n  - B\n"),
            ("Demo.extension/Demo.tab/Main.panel/A.pushbutton/script.py", "from mylib import helper\nhelper()\n"),
            ("Demo.extension/Demo.tab/Main.panel/B.pushbutton/bundle.yaml", "title: B\n"),
            ("Demo.extension/Demo.tab/Main.panel/B.pushbutton/script.py", "print('b')\n"),
            ("Demo.extension/lib/mylib.py", "def helper():\n    pass\n"),
        ],
    );
}

fn pos(path: &Path, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}})
}

fn open_msg(path: &Path, language: &str, text: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
           "params": {"textDocument": {"uri": uri(path), "languageId": language, "version": 1, "text": text}}})
}

fn items(result: &Value) -> Vec<String> {
    let list = result.get("items").or(Some(result)).and_then(Value::as_array).cloned().unwrap_or_default();
    list.iter().filter_map(|i| i["label"].as_str().map(String::from)).collect()
}

fn hover_text(result: &Value) -> String {
    result["contents"]["value"].as_str().unwrap_or_default().to_string()
}

fn start(dir: &Path, env: &[(&str, &str)]) -> LspClient {
    let mut c = LspClient::spawn_with_env(env);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities(false),
               "workspaceFolders": [{"uri": uri(dir), "name": "ws"}]}),
    );
    c
}

/// Wait until the first index is built and its diagnostics are out (its progress ends).
fn indexed(c: &mut LspClient) {
    c.wait_for("progress end", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
}

#[test]
fn requests_sent_with_initialized_get_full_answers() {
    let tmp = tempfile::tempdir().unwrap();
    workspace(tmp.path());
    let b_yaml = tmp.path().join(PANEL).join("B.pushbutton/bundle.yaml");
    let script = tmp.path().join(PANEL).join("A.pushbutton/script.py");
    let mut c = start(tmp.path(), &[]);
    let (hover, hover_msg) = c.request_message("textDocument/hover", pos(&b_yaml, 0, 2));
    let (complete, complete_msg) = c.request_message("textDocument/completion", pos(&b_yaml, 1, 0));
    let (def, def_msg) = c.request_message("textDocument/definition", pos(&script, 0, 7));
    c.send_all(&[
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        open_msg(&b_yaml, "yaml", "title: B\n"),
        open_msg(&script, "python", "from mylib import helper\nhelper()\n"),
        hover_msg,
        complete_msg,
        def_msg,
    ]);
    let h = c.response(hover).unwrap();
    assert!(hover_text(&h).contains("title"), "{h:#}");
    let labels = items(&c.response(complete).unwrap());
    assert!(labels.iter().any(|l| l == "tooltip"), "{labels:?}");
    let d = c.response(def).unwrap();
    assert_eq!(d[0]["uri"], uri(&tmp.path().join("Demo.extension/lib/mylib.py")), "{d:#}");
    assert!(c.shutdown().success());
}

#[test]
fn a_bundle_made_while_running_is_known_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    workspace(tmp.path());
    let mut c = start(tmp.path(), &[]);
    c.notify("initialized", json!({}));
    indexed(&mut c);
    // Made on disk, notified, opened and asked about at once.
    let new = tmp.path().join(PANEL).join("New.pushbutton");
    write_tree(&new, &[("bundle.yaml", ""), ("script.py", "from mylib import helper\n")]);
    let (yaml, script) = (new.join("bundle.yaml"), new.join("script.py"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&new), "type": 1}, {"uri": uri(&yaml), "type": 1}, {"uri": uri(&script), "type": 1}]}),
    );
    c.open(&yaml, "yaml", "");
    c.open(&script, "python", "from mylib import helper\n");
    let labels = items(&c.request("textDocument/completion", pos(&yaml, 0, 0)));
    assert!(labels.iter().any(|l| l == "title"), "{labels:?}");
    let d = c.request("textDocument/definition", pos(&script, 0, 20));
    assert_eq!(d[0]["uri"], uri(&tmp.path().join("Demo.extension/lib/mylib.py")), "{d:#}");
    // An unsaved bundle.yaml in a folder that does not exist: the path says what bundle it is.
    let ghost = tmp.path().join(PANEL).join("Ghost.pushbutton/bundle.yaml");
    c.open(&ghost, "yaml", "title: Ghost\n");
    let labels = items(&c.request("textDocument/completion", pos(&ghost, 1, 0)));
    assert!(labels.iter().any(|l| l == "tooltip"), "{labels:?}");
    let h = c.request("textDocument/hover", pos(&ghost, 0, 2));
    assert!(hover_text(&h).contains("title"), "{h:#}");
    assert!(c.shutdown().success());
}

#[test]
fn a_renamed_bundle_updates_the_parents_layout_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    workspace(tmp.path());
    let panel_yaml = tmp.path().join(PANEL).join("bundle.yaml");
    let mut c = start(tmp.path(), &[]);
    c.notify("initialized", json!({}));
    indexed(&mut c);
    let (from, to): (PathBuf, PathBuf) =
        (tmp.path().join(PANEL).join("B.pushbutton"), tmp.path().join(PANEL).join("C.pushbutton"));
    std::fs::rename(&from, &to).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&from), "type": 3}, {"uri": uri(&to), "type": 1}]}),
    );
    // The next request already sees the new folder…
    let moved = to.join("bundle.yaml");
    let h = c.request("textDocument/hover", pos(&moved, 0, 2));
    assert!(hover_text(&h).contains("title"), "{h:#}");
    // …and the parent's layout names a child that is gone.
    let after = c.diagnostics(&panel_yaml);
    let codes: Vec<&str> = after["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["layout-missing-child", "layout-unknown-child"], "{after:#}");
    assert!(c.shutdown().success());
}

/// A server over [`workspace`] started with the test-only commands, after `initialized`.
fn with_test_commands() -> (tempfile::TempDir, LspClient) {
    let tmp = tempfile::tempdir().unwrap();
    workspace(tmp.path());
    let mut c = start(tmp.path(), &[("PYREVIT_LS_TEST_PANIC", "1")]);
    c.notify("initialized", json!({}));
    (tmp, c)
}

#[test]
fn a_slow_request_never_delays_a_hover_and_can_be_cancelled() {
    let (tmp, mut c) = with_test_commands();
    let b_yaml = tmp.path().join(PANEL).join("B.pushbutton/bundle.yaml");
    // Runs until cancelled.
    let slow = c.send_request("workspace/executeCommand", json!({"command": "pyrevit.debugWait", "arguments": []}));
    let hover = c.send_request("textDocument/hover", pos(&b_yaml, 0, 2));
    let h = c.response(hover).unwrap();
    assert!(hover_text(&h).contains("title"), "{h:#}");
    assert!(!c.has_response(slow), "the hover was answered while the slow request still ran");
    c.notify("$/cancelRequest", json!({"id": slow}));
    let err = c.response(slow).unwrap_err();
    assert_eq!(err["code"], -32800, "{err:#}");
    // A references request on the same server still works afterwards.
    let script = tmp.path().join("Demo.extension/lib/mylib.py");
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&script)},
        "position": {"line": 0, "character": 5}, "context": {"includeDeclaration": false}}),
    );
    let a_script = uri(&tmp.path().join(PANEL).join("A.pushbutton/script.py"));
    let refs = refs.as_array().cloned().unwrap_or_default();
    assert!(!refs.is_empty() && refs.iter().all(|r| r["uri"] == a_script.as_str()), "{refs:#?}");
    assert!(c.shutdown().success());
}

#[test]
fn a_panicking_request_is_an_error_and_the_server_goes_on() {
    let (tmp, mut c) = with_test_commands();
    let b_yaml = tmp.path().join(PANEL).join("B.pushbutton/bundle.yaml");
    let err = c
        .request_raw("workspace/executeCommand", json!({"command": "pyrevit.debugPanic", "arguments": []}))
        .unwrap_err();
    assert_eq!(err["code"], -32603, "{err:#}");
    let h = c.request("textDocument/hover", pos(&b_yaml, 0, 2));
    assert!(hover_text(&h).contains("title"), "{h:#}");
    assert!(c.shutdown().success());
}

#[test]
fn a_file_opened_from_an_extension_outside_the_folders_is_indexed() {
    let (ws, elsewhere) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    workspace(elsewhere.path());
    let b_yaml = elsewhere.path().join(PANEL).join("B.pushbutton/bundle.yaml");
    let mut c = start(ws.path(), &[]);
    c.notify("initialized", json!({}));
    indexed(&mut c);
    c.open(&b_yaml, "yaml", "title: B\n");
    let h = c.request("textDocument/hover", pos(&b_yaml, 0, 2));
    assert!(hover_text(&h).contains("title"), "{h:#}");
    assert!(c.shutdown().success());
}

#[test]
fn a_panicking_index_build_ends_its_progress_and_requests_go_on() {
    let tmp = tempfile::tempdir().unwrap();
    workspace(tmp.path());
    write_tree(tmp.path(), &[("pyrevit-ls-test-panic", "")]);
    let b_yaml = tmp.path().join(PANEL).join("B.pushbutton/bundle.yaml");
    let mut c = start(tmp.path(), &[("PYREVIT_LS_TEST_PANIC", "1")]);
    c.notify("initialized", json!({}));
    let end = c.wait_for("progress end", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert!(end["params"]["value"]["message"].as_str().is_some_and(|m| m.contains("failed")), "{end:#}");
    // Requests no longer wait for an index that will not come.
    c.open(&b_yaml, "yaml", "title: B\n");
    c.request("textDocument/hover", pos(&b_yaml, 0, 2));
    assert!(c.shutdown().success());
}

#[test]
fn test_commands_exist_only_when_enabled() {
    let tmp = tempfile::tempdir().unwrap();
    workspace(tmp.path());
    let mut c = start(tmp.path(), &[]);
    c.notify("initialized", json!({}));
    let answer = c.request_raw("workspace/executeCommand", json!({"command": "pyrevit.debugPanic", "arguments": []}));
    assert!(answer.as_ref().err().is_none_or(|e| e["code"] != -32603), "{answer:?}");
    assert!(c.shutdown().success());
}

/// The analysis runs the same on a workspace held in memory as on one written to disk.
#[test]
fn a_fixture_in_memory_analyses_like_one_on_disk() {
    let fixture = r#"
//- Demo.extension/Demo.tab/Main.panel/bundle.yaml
layout:
  - A
  - Gone
//- Demo.extension/Demo.tab/Main.panel/A.pushbutton/script.py
from mylib import helper, missing
//- Demo.extension/Demo.tab/Main.panel/Empty.pushbutton/
//- Demo.extension/lib/mylib.py
def helper():
    pass
"#;
    let (disk, memory) = (Workspace::new(fixture), MemoryWorkspace::new(fixture));
    let report = |all: std::collections::BTreeMap<PathBuf, Vec<pyrevit_ls::analysis::Diagnostic>>,
                  rel: &dyn Fn(&Path) -> String| {
        all.iter().flat_map(|(p, ds)| ds.iter().map(move |d| format!("{} {}", rel(p), d.code))).collect::<Vec<_>>()
    };
    let on_disk = report(pyrevit_ls::analysis::diagnostics::workspace_diagnostics(&disk.snapshot()), &|p| disk.rel(p));
    let in_memory =
        report(pyrevit_ls::analysis::diagnostics::workspace_diagnostics(&memory.snapshot()), &|p| memory.rel(p));
    assert!(on_disk.iter().any(|d| d.ends_with("layout-unknown-child")), "{on_disk:#?}");
    assert!(on_disk.iter().any(|d| d.ends_with("missing-script")), "{on_disk:#?}");
    assert_eq!(in_memory, on_disk);
    let def = pyrevit_ls::analysis::navigation::definition(
        &memory.snapshot(),
        &memory.path("Demo.extension/Demo.tab/Main.panel/A.pushbutton/script.py"),
        20,
    );
    assert_eq!(def.iter().map(|d| memory.rel(&d.path)).collect::<Vec<_>>(), ["Demo.extension/lib/mylib.py"]);
}
