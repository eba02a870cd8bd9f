//! End-to-end: Python import navigation over stdio — definition into lib/, hover with the
//! search-path entry, references from a lib module, import diagnostics, pyrightconfig command.

use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::fixture;

fn position_of(text: &str, needle: &str) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} in text"));
    let line = text[..at].matches('\n').count();
    let col: usize = text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": col + 1})
}

#[test]
fn definition_hover_references_and_diagnostics_for_imports() {
    let ws = fixture("imports/workspace");
    let ext = ws.join("Demo.extension");
    let script = ext.join("Demo.tab/Main.panel/Simple.pushbutton/script.py");
    let text = std::fs::read_to_string(&script).unwrap();
    let mut c = LspClient::spawn();
    c.initialize(&[&ws], capabilities(false), Value::Null);
    c.open(&script, "python", &text);
    let diags = c.diagnostics(&script);
    let codes: Vec<&str> = diags["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"unresolved-import-name"), "{diags:#}");

    // `from extutil import nope, ext_helper`: the name goes to its `def` in the extension lib.
    let at = position_of(&text, "ext_helper");
    let defs = c.request("textDocument/definition", json!({"textDocument": {"uri": uri(&script)}, "position": at}));
    let target = &defs[0];
    assert_eq!(target["uri"], uri(&ext.join("lib/extutil.py")));
    assert_eq!(target["range"]["start"]["line"], 6, "{defs:#}");

    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri(&script)}, "position": at}));
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("extutil.py") && md.contains("Help with x"), "{md}");

    // References from the lib module's definition: every import of it in the workspace.
    let lib = ext.join("lib/extutil.py");
    let lib_text = std::fs::read_to_string(&lib).unwrap();
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&lib)}, "position": position_of(&lib_text, "ext_helper"), "context": {"includeDeclaration": false}}),
    );
    assert!(refs.as_array().unwrap().iter().any(|r| r["uri"] == uri(&script)), "{refs:#}");

    // The pyrightconfig command returns an edit creating the file, with executionEnvironments.
    let edit = c
        .request("workspace/executeCommand", json!({"command": "pyrevit.writePyrightConfig", "arguments": [uri(&ws)]}));
    let changes = edit["documentChanges"].as_array().unwrap();
    assert_eq!(changes[0]["kind"], "create");
    assert!(changes[0]["uri"].as_str().unwrap().ends_with("/pyrightconfig.json"));
    let body: Value = serde_json::from_str(changes[1]["edits"][0]["newText"].as_str().unwrap()).unwrap();
    assert!(!body["executionEnvironments"].as_array().unwrap().is_empty());
    assert!(c.shutdown().success());
}
