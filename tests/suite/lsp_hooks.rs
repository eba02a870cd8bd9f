//! End-to-end over stdio: a badly named hook gets its diagnostic and a RenameFile quick fix; an
//! empty hook file gets the "Name this hook…" actions; `pyrevit.newHook` returns a CreateFile edit.

use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::write_tree;

fn code_actions(c: &mut LspClient, path: &std::path::Path, diagnostics: Value) -> Vec<Value> {
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(path)},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": diagnostics}}),
    );
    actions.as_array().cloned().unwrap_or_default()
}

#[test]
fn badly_named_hook_gets_a_rename_quick_fix() {
    let tmp = tempfile::tempdir().unwrap();
    write_tree(
        tmp.path(),
        &[
            ("Demo.extension/Demo.tab/Main.panel/Go.pushbutton/script.py", "print('go')\n"),
            ("Demo.extension/hooks/my-doc-opened.py", "from pyrevit import EXEC_PARAMS\n"),
            ("Demo.extension/hooks/01_view-activated.py", "print('prefixed')\n"),
        ],
    );
    let hooks = tmp.path().join("Demo.extension/hooks");
    let bad = hooks.join("my-doc-opened.py");
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);

    // The workspace run publishes hook findings for files that are not open.
    let prefixed = c.diagnostics(&hooks.join("01_view-activated.py"));
    assert_eq!(prefixed["diagnostics"][0]["code"], "hook-name-prefix");
    assert_eq!(prefixed["diagnostics"][0]["severity"], 2);

    c.open(&bad, "python", "from pyrevit import EXEC_PARAMS\n");
    let diags = c.diagnostics(&bad);
    let d = &diags["diagnostics"][0];
    assert_eq!(d["code"], "unknown-hook-event", "{diags:#}");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["range"]["start"], json!({"line": 0, "character": 0}));
    assert_eq!(d["range"]["end"]["line"], 0);

    let actions = code_actions(&mut c, &bad, diags["diagnostics"].clone());
    let fix = actions.iter().find(|a| a["kind"] == "quickfix").unwrap_or_else(|| panic!("a quick fix: {actions:#?}"));
    assert_eq!(fix["title"], "Rename to `doc-opened.py`");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "unknown-hook-event");
    let changes = fix["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["kind"], "rename");
    assert_eq!(changes[0]["oldUri"], uri(&bad));
    assert_eq!(changes[0]["newUri"], uri(&hooks.join("doc-opened.py")));
    assert_eq!(changes[0]["options"]["overwrite"], false);

    assert!(c.shutdown().success());
}

#[test]
fn empty_hook_file_offers_name_this_hook_and_new_hook_creates_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    write_tree(
        tmp.path(),
        &[
            ("Demo.extension/Demo.tab/Main.panel/Go.pushbutton/script.py", "print('go')\n"),
            ("Demo.extension/hooks/untitled.py", ""),
        ],
    );
    let ext = tmp.path().join("Demo.extension");
    let empty = ext.join("hooks/untitled.py");
    let mut c = LspClient::spawn();
    let init = c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    let commands = init["capabilities"]["executeCommandProvider"]["commands"].as_array().unwrap();
    assert!(commands.contains(&json!("pyrevit.newHook")));

    c.open(&empty, "python", "");
    let diags = c.diagnostics(&empty);
    assert_eq!(diags["diagnostics"][0]["code"], "unknown-hook-event");
    let actions = code_actions(&mut c, &empty, diags["diagnostics"].clone());
    let named: Vec<&Value> =
        actions.iter().filter(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Name this hook: "))).collect();
    assert_eq!(named.len(), 52);
    let opened = named.iter().find(|a| a["title"] == "Name this hook: doc-opened — A document was opened").unwrap();
    let changes = opened["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes[0]["kind"], "rename");
    assert_eq!(changes[0]["newUri"], uri(&ext.join("hooks/doc-opened.py")));
    assert_eq!(changes[1]["textDocument"]["uri"], uri(&ext.join("hooks/doc-opened.py")));
    let body = changes[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(body.contains("args = EXEC_PARAMS.event_args"), "{body}");

    let edit = c.request(
        "workspace/executeCommand",
        json!({"command": "pyrevit.newHook", "arguments": [uri(&ext), "view-activated", "csharp"]}),
    );
    let changes = edit["documentChanges"].as_array().unwrap();
    let created = ext.join("hooks/view-activated.cs");
    assert_eq!(
        changes[0],
        json!({"kind": "create", "uri": uri(&created), "options": {"overwrite": false, "ignoreIfExists": true}})
    );
    assert_eq!(changes[1]["textDocument"]["uri"], uri(&created));
    assert!(changes[1]["edits"][0]["newText"].as_str().unwrap().contains("ViewActivatedEventArgs e)"));

    let err = c
        .request_raw(
            "workspace/executeCommand",
            json!({"command": "pyrevit.newHook", "arguments": [uri(&ext), "doc-opend"]}),
        )
        .unwrap_err();
    assert_eq!(err["message"], "`doc-opend` is not a pyRevit hook event; did you mean `doc-opened`?");
    assert!(c.shutdown().success());
}

#[test]
fn hover_on_a_hook_over_stdio() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "\"\"\"Log openings.\"\"\"\nprint(1)\n";
    write_tree(tmp.path(), &[("Demo.extension/hooks/family-loaded.py", text)]);
    let path = tmp.path().join("Demo.extension/hooks/family-loaded.py");
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    c.wait_for("indexing done", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    c.open(&path, "python", text);
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&path)}, "position": {"line": 0, "character": 5}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("`family-loaded`") && md.contains("FamilyLoadedIntoDocumentEventArgs"), "{md}");
    assert!(md.contains("Revit 2015+ only"), "{md}");
    let none = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&path)}, "position": {"line": 1, "character": 2}}),
    );
    assert_eq!(none, Value::Null);
    assert!(c.shutdown().success());
}
