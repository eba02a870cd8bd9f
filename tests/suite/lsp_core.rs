//! End-to-end: the real binary over stdio — encoding negotiation, document sync, diagnostics
//! after indexing, progress, file watching (client-side and the `notify` fallback), shutdown.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::write_tree;

fn stack_workspace(dir: &Path) {
    write_tree(
        dir,
        &[
            ("Demo.extension/Demo.tab/Main.panel/Tools.stack/A.pushbutton/script.py", "print('a')\n"),
            ("Demo.extension/Demo.tab/Main.panel/Tools.stack/B.pushbutton/script.py", "print('b')\n"),
            ("Demo.extension/Demo.tab/Main.panel/Solo.stack/bundle.yaml", "title: Solo\n"),
            ("Demo.extension/Demo.tab/Main.panel/Solo.stack/Only.pushbutton/script.py", "print('c')\n"),
        ],
    );
}

fn codes(diags: &Value) -> Vec<String> {
    diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn negotiates_utf8_only_when_offered_and_columns_follow() {
    let tmp = tempfile::tempdir().unwrap();
    let ext = tmp.path().join("Enc.extension");
    let line0 = "title: [\"Élément 🎉\", \"x]";
    let text = format!("{line0}\ntooltip: ok\n");
    write_tree(
        &ext,
        &[("Enc.tab/P.panel/B.pushbutton/script.py", ""), ("Enc.tab/P.panel/B.pushbutton/bundle.yaml", &text)],
    );
    let yaml = ext.join("Enc.tab/P.panel/B.pushbutton/bundle.yaml");

    let mut columns = Vec::new();
    for utf8 in [false, true] {
        let mut c = LspClient::spawn();
        let init = c.initialize(&[tmp.path()], capabilities(utf8), Value::Null);
        let expected = if utf8 { "utf-8" } else { "utf-16" };
        assert_eq!(init["capabilities"]["positionEncoding"], expected);
        c.open(&yaml, "yaml", &text);
        let diags = c.diagnostics(&yaml);
        let syntax = diags["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "yaml-syntax")
            .unwrap_or_else(|| panic!("a yaml-syntax diagnostic: {diags:#}"))
            .clone();
        assert_eq!(syntax["range"]["start"]["line"], 0);
        columns.push(syntax["range"]["start"]["character"].as_u64().unwrap() as usize);
        assert!(c.shutdown().success());
    }
    let (utf16_col, utf8_col) = (columns[0], columns[1]);
    // Both columns name the same place: the utf-16 column, turned into bytes, is the utf-8 one.
    let mut units = 0;
    let byte = line0.char_indices().find(|(_, ch)| {
        let here = units >= utf16_col;
        units += ch.len_utf16();
        here
    });
    assert_eq!(byte.map(|(i, _)| i), Some(utf8_col));
    assert!(utf8_col > utf16_col, "the error lies after non-ASCII text, so byte columns are larger");
}

/// A deterministic pseudo-random sequence (no extra dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Line/UTF-16 column of a char index in `text`.
fn position(text: &str, char_idx: usize) -> (usize, usize) {
    let (mut line, mut col) = (0, 0);
    for ch in text.chars().take(char_idx) {
        if ch == '\n' {
            line += 1;
            col = 0;
        } else {
            col += ch.len_utf16();
        }
    }
    (line, col)
}

#[test]
fn two_hundred_rapid_incremental_edits_end_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let yaml = tmp.path().join("X.extension/X.tab/P.panel/B.pushbutton/bundle.yaml");
    write_tree(tmp.path(), &[("X.extension/X.tab/P.panel/B.pushbutton/script.py", "")]);
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    let mut text = String::from("title:\n  en_us: Hello\n  fr_fr: Bonjour é\ntooltip: 🎉 party\n");
    c.open(&yaml, "yaml", &text);
    let inserts = ["a", "é", "🎉", "\n", "  ", "key: v\n", "中文", "{{x}}"];
    let mut rng = Lcg(7);
    for version in 2..202 {
        let chars: Vec<char> = text.chars().collect();
        let start = rng.next(chars.len() + 1);
        let end = (start + rng.next(3)).min(chars.len());
        let insert = inserts[rng.next(inserts.len())];
        let (sl, sc) = position(&text, start);
        let (el, ec) = position(&text, end);
        let mut next: String = chars[..start].iter().collect();
        next.push_str(insert);
        next.extend(&chars[end..]);
        text = next;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&yaml), "version": version},
                   "contentChanges": [{"range": {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}, "text": insert}]}),
        );
    }
    let seen = c.request("pyrevit/viewFileText", json!({"uri": uri(&yaml)}));
    assert_eq!(seen["version"], 201);
    assert_eq!(seen["text"].as_str().unwrap(), text);
    // A full-document change replaces everything.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&yaml), "version": 202}, "contentChanges": [{"text": "title: fresh\n"}]}),
    );
    let seen = c.request("pyrevit/viewFileText", json!({"uri": uri(&yaml)}));
    assert_eq!(seen["text"], "title: fresh\n");
    assert!(c.shutdown().success());
}

#[test]
fn publishes_workspace_diagnostics_with_progress_after_indexing() {
    let tmp = tempfile::tempdir().unwrap();
    stack_workspace(tmp.path());
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    let solo = tmp.path().join("Demo.extension/Demo.tab/Main.panel/Solo.stack/bundle.yaml");
    let diags = c.diagnostics(&solo);
    assert_eq!(codes(&diags), ["stack-size"]);
    assert_eq!(diags["diagnostics"][0]["severity"], 2, "one item: a warning (works in the Python loader)");
    assert_eq!(diags["diagnostics"][0]["source"], "pyrevit-ls");
    c.wait_for("progress end", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert!(c.server_requests.iter().any(|r| r["method"] == "window/workDoneProgress/create"));
    assert!(c.shutdown().success());
}

#[test]
fn picks_up_created_bundle_after_did_change_watched_files() {
    let tmp = tempfile::tempdir().unwrap();
    stack_workspace(tmp.path());
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    let solo = tmp.path().join("Demo.extension/Demo.tab/Main.panel/Solo.stack/bundle.yaml");
    c.diagnostics(&solo);
    assert!(
        c.server_requests.iter().any(|r| r["method"] == "client/registerCapability"
            && r["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles"),
        "the server asks the client to watch files"
    );
    // A second button makes the solo stack valid; a new button without a script is an error.
    write_tree(tmp.path(), &[("Demo.extension/Demo.tab/Main.panel/Solo.stack/Two.pushbutton/script.py", "")]);
    let empty = tmp.path().join("Demo.extension/Demo.tab/Main.panel/Empty.pushbutton");
    std::fs::create_dir_all(&empty).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [
            {"uri": uri(&tmp.path().join("Demo.extension/Demo.tab/Main.panel/Solo.stack/Two.pushbutton/script.py")), "type": 1},
            {"uri": uri(&empty), "type": 1}
        ]}),
    );
    let cleared = c.diagnostics(&solo);
    assert_eq!(codes(&cleared), Vec::<String>::new(), "stack-size cleared once the stack holds 2");
    let missing = c.diagnostics(&empty);
    assert_eq!(codes(&missing), ["missing-script"]);
    assert!(c.shutdown().success());
}

#[test]
fn watches_files_itself_when_the_client_cannot() {
    let tmp = tempfile::tempdir().unwrap();
    stack_workspace(tmp.path());
    let mut caps = capabilities(false);
    caps["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"] = json!(false);
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], caps, Value::Null);
    let solo = tmp.path().join("Demo.extension/Demo.tab/Main.panel/Solo.stack/bundle.yaml");
    c.diagnostics(&solo);
    c.settle(Duration::from_millis(300));
    let empty = tmp.path().join("Demo.extension/Demo.tab/Main.panel/Empty.pushbutton");
    std::fs::create_dir_all(&empty).unwrap();
    let missing = c.diagnostics(&empty);
    assert_eq!(codes(&missing), ["missing-script"]);
    assert!(!c.server_requests.iter().any(|r| r["method"] == "client/registerCapability"));
    assert!(c.shutdown().success());
}

#[test]
fn workspace_folders_can_be_added_later() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    stack_workspace(&a);
    stack_workspace(&b);
    let mut c = LspClient::spawn();
    c.initialize(&[&a], capabilities(false), Value::Null);
    c.diagnostics(&a.join("Demo.extension/Demo.tab/Main.panel/Solo.stack/bundle.yaml"));
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": uri(&b), "name": "b"}], "removed": []}}),
    );
    let diags = c.diagnostics(&b.join("Demo.extension/Demo.tab/Main.panel/Solo.stack/bundle.yaml"));
    assert_eq!(codes(&diags), ["stack-size"]);
    assert!(c.shutdown().success());
}

/// A tab (`tab_text`) over a button that uses `{{youtube}}`, indexed, the button's first-round
/// diagnostics checked against `button_codes` (when there are some), then the tab open: (tab, button, client, folder).
fn tab_over_a_template_user(
    tab_text: &str,
    button_codes: &[&str],
) -> (std::path::PathBuf, std::path::PathBuf, LspClient, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    write_tree(
        tmp.path(),
        &[
            ("T.extension/extension.json", "{\"name\": \"T\"}\n"),
            ("T.extension/T.tab/bundle.yaml", tab_text),
            ("T.extension/T.tab/P.panel/B.pushbutton/script.py", ""),
            ("T.extension/T.tab/P.panel/B.pushbutton/bundle.yaml", "tooltip: \"Watch {{youtube}}\"\n"),
            ("T.extension/T.tab/P.panel/C.pushbutton/script.py", ""),
        ],
    );
    let tab = tmp.path().join("T.extension/T.tab/bundle.yaml");
    let button = tmp.path().join("T.extension/T.tab/P.panel/B.pushbutton/bundle.yaml");
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    if !button_codes.is_empty() {
        // (A file without findings gets nothing published in the first round.)
        assert_eq!(codes(&c.diagnostics(&button)), button_codes);
    }
    c.open(&tab, "yaml", tab_text);
    (tab, button, c, tmp)
}

#[test]
fn editing_a_container_refreshes_the_bundles_below_it() {
    let (tab, button, mut c, _tmp) = tab_over_a_template_user("title: Tab\n", &["unknown-template"]);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&tab), "version": 2},
               "contentChanges": [{"text": "title: Tab\ntemplates:\n  youtube: https://youtube.com/\n"}]}),
    );
    // The button's file is not open and did not change, yet its warning goes away.
    let after = c.wait_for("the button's diagnostics cleared", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri(&button).as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|d| d.is_empty())
    });
    assert!(after["params"]["version"].is_null());
    assert!(c.shutdown().success());
}

#[test]
fn a_container_edit_that_keeps_its_templates_then_drops_one_is_republished_below() {
    let text = "templates:\n  youtube: https://youtube.com/\n";
    let (tab, button, mut c, _tmp) = tab_over_a_template_user(text, &[]);
    c.settle(Duration::from_millis(600));
    // A layout and a moved definition: the uses below read the same definitions (not recomputed).
    for (version, text) in [(2, format!("layout: [P]\n{text}")), (3, format!("layout: [P]\n\n{text}"))] {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&tab), "version": version}, "contentChanges": [{"text": text}]}),
        );
        c.settle(Duration::from_millis(600));
    }
    // Dropping the definition is seen below, though the last republishes skipped the uses.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&tab), "version": 4}, "contentChanges": [{"text": "layout: [P]\n"}]}),
    );
    let after = c.wait_for("the button's unknown-template", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(&button).as_str()
    });
    assert_eq!(codes(&after["params"]), ["unknown-template"]);
    assert!(c.shutdown().success());
}

#[test]
fn a_burst_of_container_edits_meeting_their_republishes_ends_in_the_last_ones_findings() {
    let (tab, button, mut c, _tmp) = tab_over_a_template_user("title: Tab\n", &["unknown-template"]);
    c.settle(Duration::from_millis(600));
    let defines = "title: Tab\ntemplates:\n  youtube: https://youtube.com/\n";
    // Define, drop and define again; the pauses let earlier republishes start (past the 400 ms
    // debounce) and meet the next edit, which cancels them.
    let edits = [(2, defines, 450), (3, "title: Tab\n", 0), (4, "title: Tab\n\n", 420), (5, defines, 0)];
    for (version, text, pause) in edits {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&tab), "version": version}, "contentChanges": [{"text": text}]}),
        );
        std::thread::sleep(Duration::from_millis(pause));
    }
    let mut seen = Vec::new();
    while let Some(m) = c.next_notification(Duration::from_millis(1500)) {
        if m["method"] == "textDocument/publishDiagnostics" {
            seen.push(m["params"].clone());
        }
    }
    let of = |path: &Path| -> Vec<&Value> { seen.iter().filter(|p| p["uri"] == uri(path).as_str()).collect() };
    // The republish of the last edit arrived: the button's warning is gone, and nothing older
    // came after it.
    let button_sets = of(&button);
    assert!(!button_sets.is_empty(), "no republish below the tab: {seen:#?}");
    assert_eq!(codes(button_sets.last().unwrap()), Vec::<String>::new());
    // The tab's own diagnostics come in version order and end with the last one.
    let versions: Vec<i64> = of(&tab).iter().map(|p| p["version"].as_i64().unwrap()).collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "stale tab diagnostics: {versions:?}");
    assert_eq!(versions.last(), Some(&5));
    assert!(c.shutdown().success());
}
