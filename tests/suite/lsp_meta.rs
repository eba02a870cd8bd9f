//! End-to-end metadata editing over stdio: completion in a bundle.yaml (utf-16 columns after
//! non-ASCII text), hover, and an assist round trip. Plus an ignored latency measurement on a
//! generated 10,000-bundle workspace (run with `--release -- --ignored`).

use std::path::Path;
use std::time::{Duration, Instant};

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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Times 200 completion and 200 hover requests on a bundle.yaml of a 10,000-bundle workspace
/// (`PYREVIT_LS_WS`, default `/tmp/ws10k`, made by `gen_workspace`). Prints median and p99.
#[test]
#[ignore = "latency measurement; needs a generated workspace and a release build"]
fn latency_10k() {
    let ws = std::env::var("PYREVIT_LS_WS").unwrap_or_else(|_| "/tmp/ws10k".into());
    let ws = Path::new(&ws);
    let yaml = walk_first_bundle_yaml(ws).expect("a bundle.yaml of a button in the workspace");
    let text =
        format!("{}\ncontext: (selection&OST_Wa\nhighlight: \n", std::fs::read_to_string(&yaml).unwrap().trim_end());
    let lines: Vec<&str> = text.lines().collect();
    let (ctx_line, hl_line) = (lines.len() - 2, lines.len() - 1);
    let mut c = LspClient::spawn();
    c.initialize(&[ws], capabilities(false), Value::Null);
    c.open(&yaml, "yaml", &text);
    c.diagnostics(&yaml);
    let mut times = Vec::new();
    for i in 0..200 {
        let (line, ch) = if i % 2 == 0 { (ctx_line, lines[ctx_line].len()) } else { (hl_line, lines[hl_line].len()) };
        let t = Instant::now();
        let r = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": line, "character": ch}}),
        );
        times.push(t.elapsed());
        assert!(!items(&r).is_empty());
    }
    let mut hovers = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let r = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": ctx_line, "character": 2}}),
        );
        hovers.push(t.elapsed());
        assert!(!r.is_null());
    }
    times.sort();
    hovers.sort();
    eprintln!(
        "stdio completion: median {:?} p99 {:?}; hover: median {:?} p99 {:?} ({})",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        percentile(&hovers, 0.5),
        percentile(&hovers, 0.99),
        yaml.display()
    );
    assert!(c.shutdown().success());
}

/// The first `*.pushbutton/bundle.yaml` found (depth-first, sorted).
fn walk_first_bundle_yaml(dir: &Path) -> Option<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in &entries {
        if p.is_dir() {
            if p.extension().is_some_and(|e| e == "pushbutton") && p.join("bundle.yaml").is_file() {
                return Some(p.join("bundle.yaml"));
            }
            if let Some(found) = walk_first_bundle_yaml(p) {
                return Some(found);
            }
        }
    }
    None
}
