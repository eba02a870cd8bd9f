//! End-to-end metadata editing over stdio: completion in a bundle.yaml (utf-16 columns after
//! non-ASCII text), hover, and an assist round trip. Latency at 10,000 bundles is measured by the
//! stdio harness `server/benches/lsp_latency.rs` (never in tests).

use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::write_tree;

fn utf16_col(line: &str, byte: usize) -> usize {
    line[..byte].chars().map(char::len_utf16).sum()
}

fn items(result: &Value) -> Vec<Value> {
    result.get("items").or(Some(result)).and_then(Value::as_array).cloned().unwrap_or_default()
}

#[test]
fn completion_hover_and_assist_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let ext = tmp.path().join("Meta.extension");
    let line1 = "context: \"Élé🎉|OST_Wal\"";
    let text = format!("title: Outil\n{line1}\n");
    let json_text = "{\"name\": \"Meta\", \"templates\": {\"author\": \"Zoë\"}}\n";
    write_tree(
        &ext,
        &[
            ("Meta.tab/P.panel/B.pushbutton/script.py", "print(1)\n"),
            ("Meta.tab/P.panel/B.pushbutton/bundle.yaml", &text),
            ("extension.json", json_text),
        ],
    );
    let yaml = ext.join("Meta.tab/P.panel/B.pushbutton/bundle.yaml");
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    c.open(&yaml, "yaml", &text);
    c.diagnostics(&yaml); // published after the first index

    // Completion right after `OST_Wal`, columns in utf-16 units.
    let cursor = line1.find("OST_Wal").unwrap() + "OST_Wal".len();
    let col = utf16_col(line1, cursor);
    assert!(col < cursor, "non-ASCII before the cursor makes utf-16 columns smaller");
    let res = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": 1, "character": col}}),
    );
    let list = items(&res);
    let walls = list.iter().find(|i| i["label"] == "OST_Walls").unwrap_or_else(|| panic!("OST_Walls in {res:#}"));
    let start = &walls["textEdit"]["range"]["start"];
    assert_eq!(start["line"], 1);
    assert_eq!(start["character"].as_u64().unwrap() as usize, utf16_col(line1, line1.find("OST_Wal").unwrap()));
    assert_eq!(walls["textEdit"]["range"]["end"]["character"].as_u64().unwrap() as usize, col);
    assert_eq!(walls["documentation"]["kind"], "markdown");
    assert!(list[0]["label"].as_str().unwrap().starts_with("OST_Wal"), "best first: {}", list[0]["label"]);

    // Hover on the `title` key: the resolved title table.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": 0, "character": 2}}),
    );
    let md = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.contains("| every locale | Outil |") && md.contains("| default | B |"), "{hover:#}");

    // Assist: convert extension.json, a CreateFile then an insert into the new file.
    let json_path = ext.join("extension.json");
    c.open(&json_path, "json", json_text);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&json_path)},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    let convert = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Convert extension.json")))
        .unwrap_or_else(|| panic!("convert action in {actions:#}"))
        .clone();
    let changes = convert["edit"]["documentChanges"].as_array().unwrap_or_else(|| panic!("{convert:#}"));
    let yaml_uri = uri(&ext.join("extension.yaml"));
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(changes[0]["uri"], yaml_uri.as_str());
    assert_eq!(changes[1]["textDocument"]["uri"], yaml_uri.as_str());
    assert_eq!(changes[1]["edits"][0]["newText"], "name: Meta\ntemplates:\n  author: Zoë\n");
    assert!(c.shutdown().success());
}
