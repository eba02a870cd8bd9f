//! End-to-end over stdio: completion inside `{{`, go to definition and rename of a template.

use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::write_tree;

const BUTTON: &str = "T.extension/T.tab/P.panel/B.pushbutton/bundle.yaml";
const TAB: &str = "T.extension/T.tab/bundle.yaml";

fn setup() -> (tempfile::TempDir, LspClient, std::path::PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let button = "title: 'B {{youtube}}'\ntooltip: 'see {{you'\n";
    write_tree(
        tmp.path(),
        &[
            ("T.extension/extension.json", "{\"name\": \"T\", \"templates\": {\"docs\": \"https://d/\"}}\n"),
            (TAB, "youtube: https://yt/\n"),
            (BUTTON, button),
            ("T.extension/T.tab/P.panel/B.pushbutton/script.py", "print(1)\n"),
        ],
    );
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(true), Value::Null);
    let path = tmp.path().join(BUTTON);
    c.open(&path, "yaml", button);
    let _ = c.diagnostics(&path);
    (tmp, c, path, button.to_string())
}

fn pos(text: &str, needle: &str, delta: usize) -> Value {
    let off = text.find(needle).unwrap() + delta;
    let line = text[..off].matches('\n').count();
    let col = off - text[..off].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

#[test]
fn completion_inside_braces() {
    let (_tmp, mut c, path, text) = setup();
    let res = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&path)}, "position": pos(&text, "{{you'", 5)}),
    );
    let items = res["items"].as_array().cloned().unwrap_or_default();
    let yt = items.iter().find(|i| i["label"] == "youtube").unwrap_or_else(|| panic!("youtube in {res:#}"));
    assert_eq!(yt["detail"], "https://yt/");
    assert_eq!(yt["textEdit"]["newText"], "youtube}}");
    assert!(items.iter().any(|i| i["label"] == "docs"));
    assert!(c.shutdown().success());
}

#[test]
fn definition_and_rename() {
    let (tmp, mut c, path, text) = setup();
    let at = json!({"textDocument": {"uri": uri(&path)}, "position": pos(&text, "{{youtube}}", 4)});
    let def = c.request("textDocument/definition", at.clone());
    let loc = def.as_array().and_then(|a| a.first()).cloned().unwrap_or_else(|| panic!("a location: {def:#}"));
    assert_eq!(loc["uri"], uri(&tmp.path().join(TAB)).as_str());
    assert_eq!(loc["range"]["start"], json!({"line": 0, "character": 0}));

    let prep = c.request("textDocument/prepareRename", at.clone());
    assert_eq!(prep["start"], pos(&text, "youtube}}", 0));

    let mut params = at;
    params["newName"] = json!("video");
    let edit = c.request("textDocument/rename", params);
    let dump = edit.to_string();
    assert!(dump.contains(uri(&tmp.path().join(TAB)).as_str()) && dump.contains(uri(&path).as_str()), "{edit:#}");
    assert_eq!(dump.matches("\"video\"").count(), 2, "{edit:#}");
    assert!(c.shutdown().success());
}

#[test]
fn semantic_tokens_mark_template_tags_in_utf16_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "title: \"Élan 🎉 {{brand}}\"\ntooltip: \"{{brand}} and {{brand}}\"\n";
    write_tree(
        tmp.path(),
        &[
            ("S.extension/extension.json", "{\"templates\": {\"brand\": \"ACME\"}}\n"),
            ("S.extension/S.tab/P.panel/B.pushbutton/script.py", ""),
            ("S.extension/S.tab/P.panel/B.pushbutton/bundle.yaml", text),
        ],
    );
    let yaml = tmp.path().join("S.extension/S.tab/P.panel/B.pushbutton/bundle.yaml");
    let mut c = LspClient::spawn();
    let init = c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    assert_eq!(init["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"], json!(["macro"]));
    c.open(&yaml, "yaml", text);
    c.diagnostics(&yaml);
    let tokens = c.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri(&yaml)}}));
    // (deltaLine, deltaStart, length, type, modifiers) per tag: `title: "` (8) + `Élan 🎉 ` (8 UTF-16 units).
    assert_eq!(tokens["data"], json!([0, 16, 9, 0, 0, 1, 10, 9, 0, 0, 0, 14, 9, 0, 0]));
    assert!(c.shutdown().success());
}
