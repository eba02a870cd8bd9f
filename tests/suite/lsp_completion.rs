//! End-to-end completion over stdio, one case per trigger (`:`, space, invoked, re-asked while
//! typing) and position: the returned edit is applied to the text as an editor would (a key
//! snippet's `$0` is where the user then types the value), and the result is parsed with the
//! project's YAML model: no errors, and the key maps to the value.

use std::path::{Path, PathBuf};

use pyrevit_ls::syntax::parse_yaml;
use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::write_tree;

/// One case: the text with `‸` at the cursor, how completion is triggered, the label to accept,
/// what the user types at the snippet's `$0` afterwards, and the entry expected in the result.
struct Case {
    name: &'static str,
    text: &'static str,
    trigger: Option<&'static str>,
    accept: &'static str,
    then_type: &'static str,
    key: &'static str,
    value: &'static str,
}

const fn case(
    name: &'static str,
    text: &'static str,
    trigger: Option<&'static str>,
    accept: &'static str,
    then_type: &'static str,
    (key, value): (&'static str, &'static str),
) -> Case {
    Case { name, text, trigger, accept, then_type, key, value }
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    case("colon trigger", "title: T\ncontext:‸\n", Some(":"), "zero-doc", "", ("context", "zero-doc")),
    case("colon trigger, bool", "is_beta:‸", Some(":"), "true", "", ("is_beta", "true")),
    case("space trigger", "context: ‸\n", Some(" "), "selection", "", ("context", "selection")),
    case("invoked, prefix", "highlight: n‸\n", None, "new", "", ("highlight", "new")),
    case("invoked, two spaces typed", "is_beta:  ‸\n", None, "true", "", ("is_beta", "true")),
    case("re-asked, glued to the colon", "min_revit_version:20‸\n", None, "2021", "", ("min_revit_version", "2021")),
    case("key after a block scalar at EOF", "tooltip: |\n  text\nhig‸", None, "highlight", "new", ("highlight", "new")),
    case("key on an empty line after a block scalar", "tooltip: |\n  text\n\n‸", None, "author", "Me", ("author", "Me")),
    case("key after a CRLF folded scalar", "tooltip: >-\r\n  text\r\n‸", None, "title", "Go", ("title", "Go")),
    case("key, colon already typed", "hig‸:\n", None, "highlight", "updated", ("highlight", "updated")),
    case("key, colon and value typed", "hig‸: new\n", None, "highlight", "", ("highlight", "new")),
    case("key by trigger character", "tooltip: x\nis_‸", Some("_"), "is_beta", "true", ("is_beta", "true")),
];

fn cursor_of(marked: &str) -> (String, usize) {
    let at = marked.find('‸').expect("cursor marker");
    (marked.replacen('‸', "", 1), at)
}

/// LSP position (utf-16 columns) of a byte offset.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// Byte offset of an LSP position (utf-16 columns).
fn offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let mut character = pos["character"].as_u64().unwrap() as usize;
    let line_start = if line == 0 { 0 } else { text.match_indices('\n').nth(line - 1).map(|(i, _)| i + 1).unwrap() };
    let mut o = line_start;
    for c in text[line_start..].chars() {
        if character == 0 || c == '\n' {
            break;
        }
        character = character.saturating_sub(c.len_utf16());
        o += c.len_utf8();
    }
    o
}

fn items(result: &Value) -> Vec<Value> {
    result.get("items").or(Some(result)).and_then(Value::as_array).cloned().unwrap_or_default()
}

/// Applies the item's text edit; for a snippet, `typed` goes where `$0` is. Returns the new text.
fn apply(text: &str, item: &Value, typed: &str) -> String {
    let edit = &item["textEdit"];
    let (s, e) = (offset(text, &edit["range"]["start"]), offset(text, &edit["range"]["end"]));
    let new_text = edit["newText"].as_str().unwrap();
    let inserted = if item["insertTextFormat"] == 2 {
        assert!(new_text.matches('$').count() == 1 && new_text.ends_with("$0"), "one final tab stop: {new_text:?}");
        new_text.replacen("$0", typed, 1)
    } else {
        assert!(!new_text.contains('$'), "plain text: {new_text:?}");
        format!("{new_text}{typed}")
    };
    format!("{}{inserted}{}", &text[..s], &text[e..])
}

fn workspace(tmp: &Path, cases: &[Case]) -> Vec<PathBuf> {
    let ext = tmp.join("C.extension");
    let files: Vec<(String, String)> = cases
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            let dir = format!("T.tab/P.panel/B{i}.pushbutton");
            [
                (format!("{dir}/script.py"), "print(1)\n".to_string()),
                (format!("{dir}/bundle.yaml"), cursor_of(c.text).0),
            ]
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    write_tree(&ext, &refs);
    (0..cases.len()).map(|i| ext.join(format!("T.tab/P.panel/B{i}.pushbutton/bundle.yaml"))).collect()
}

fn complete(c: &mut LspClient, path: &Path, text: &str, at: usize, trigger: Option<&str>) -> Vec<Value> {
    let context = match trigger {
        Some(ch) => json!({"triggerKind": 2, "triggerCharacter": ch}),
        None => json!({"triggerKind": 1}),
    };
    let res = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(path)}, "position": position(text, at), "context": context}),
    );
    items(&res)
}

#[test]
fn every_trigger_writes_key_colon_space_value() {
    let tmp = tempfile::tempdir().unwrap();
    let paths = workspace(tmp.path(), CASES);
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    let mut failures = Vec::new();
    for (case, path) in CASES.iter().zip(&paths) {
        let (text, at) = cursor_of(case.text);
        c.open(path, "yaml", &text);
        if case.name == CASES[0].name {
            c.diagnostics(path); // the first index is built
        }
        let list = complete(&mut c, path, &text, at, case.trigger);
        let Some(item) = list.iter().find(|i| i["label"] == case.accept) else {
            let labels: Vec<&str> = list.iter().filter_map(|i| i["label"].as_str()).take(10).collect();
            failures.push(format!("{}: no `{}` in {labels:?}", case.name, case.accept));
            continue;
        };
        let result = apply(&text, item, case.then_type);
        let doc = parse_yaml(&result);
        let got = doc.root_mapping().and_then(|m| m.value(case.key)).and_then(|n| n.as_str()).map(str::to_string);
        let line = result.lines().find(|l| l.starts_with(&format!("{}:", case.key))).unwrap_or("");
        if !doc.errors.is_empty()
            || got.as_deref() != Some(case.value)
            || line != format!("{}: {}", case.key, case.value)
        {
            failures.push(format!("{}: {result:?} → errors {:?}, {} = {got:?}", case.name, doc.errors, case.key));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(c.shutdown().success());
}

#[test]
fn key_items_are_plain_text_without_snippet_support() {
    let cases = &CASES[6..7];
    let tmp = tempfile::tempdir().unwrap();
    let paths = workspace(tmp.path(), cases);
    let mut caps = capabilities(false);
    caps["textDocument"]["completion"]["completionItem"]["snippetSupport"] = json!(false);
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], caps, Value::Null);
    let (text, at) = cursor_of(cases[0].text);
    c.open(&paths[0], "yaml", &text);
    c.diagnostics(&paths[0]);
    let list = complete(&mut c, &paths[0], &text, at, None);
    let item = list.iter().find(|i| i["label"] == "highlight").expect("highlight offered");
    assert_eq!(item["insertTextFormat"], 1);
    assert_eq!(item["textEdit"]["newText"], "highlight: ");
    let result = apply(&text, item, "new");
    assert_eq!(
        parse_yaml(&result).root_mapping().and_then(|m| m.value("highlight")).and_then(|n| n.as_str()),
        Some("new")
    );
    assert!(c.shutdown().success());
}
