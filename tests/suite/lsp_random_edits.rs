//! End-to-end: a seeded random incremental-edit session against the real binary. Thousands of
//! edits on `bundle.yaml` and `script.py` (multi-line ranges, multi-byte and astral characters,
//! CRLF, lone CR, U+2028/U+0085, BOM), interleaved with completion, hover, definition and
//! cancelled requests; then every edit undone in reverse. The server's text must equal the
//! editor's, and its diagnostics those for the same text sent whole.
//!
//! `RANDOM_EDITS_SEED` (default 12) and `RANDOM_EDITS_COUNT` (edits per session, default 3000)
//! reproduce or lengthen a run; `random_edit_session_long` (ignored) runs 20,000 edits:
//! `cargo test --test suite random_edit_session_long -- --ignored`.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::write_tree;

/// splitmix64: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Pieces inserted text is made of: every LSP line break, Unicode separators that are *not* line
/// breaks for LSP, a BOM, multi-byte and astral characters, and YAML/Python syntax.
const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{feff}",
    "\u{b}",
    "\u{c}",
    "\t",
    "é",
    "Ω",
    "中文",
    "🎉",
    "𝄞",
    "a",
    "b",
    "x",
    " ",
    "  ",
    ":",
    "-",
    "'",
    "\"",
    "#",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "|",
    "{{name}}",
    "title: ",
    "  en_us: ",
    "tooltip: ",
    "context: ",
    "- ",
    "import os",
    "from pyrevit import ",
    "__title__ = ",
    "def f():",
    "\n    ",
    "\\",
];

/// An LSP position of byte `offset` in `text`: lines break at `\n`, `\r\n`, lone `\r`.
fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let mut line = 0;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n')) {
            line += 1;
            line_start = i + 1;
        }
    }
    let col: usize = if utf8 { offset - line_start } else { before[line_start..].chars().map(char::len_utf16).sum() };
    json!({"line": line, "character": col})
}

/// A place the editor can put a cursor: a char boundary, never between `\r` and `\n`.
fn is_position(text: &str, offset: usize) -> bool {
    text.is_char_boundary(offset)
        && !(offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n'))
}

fn random_position(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !is_position(text, at) {
        at -= 1;
    }
    at
}

/// One change: replace `start..end` (bytes of the text before it) with `insert`.
#[derive(Clone, Debug)]
struct Edit {
    start: usize,
    end: usize,
    insert: String,
}

impl Edit {
    fn apply(&self, text: &mut String) -> Edit {
        let removed = text[self.start..self.end].to_string();
        text.replace_range(self.start..self.end, &self.insert);
        Edit { start: self.start, end: self.start + self.insert.len(), insert: removed }
    }

    fn lsp(&self, text: &str, utf8: bool) -> Value {
        json!({"range": {"start": position(text, self.start, utf8), "end": position(text, self.end, utf8)},
               "text": self.insert})
    }
}

/// A random edit whose undo the editor can also express (no boundary lands inside a new `\r\n`).
fn random_edit(rng: &mut Rng, text: &str) -> Edit {
    loop {
        let start = random_position(rng, text);
        let span = match rng.below(10) {
            0..=4 => 0,
            5..=7 => rng.below(8),
            _ => rng.below(120),
        };
        let mut end = (start + span).min(text.len());
        while !is_position(text, end) {
            end += 1;
        }
        let mut insert = String::new();
        // Keep the file small enough for a fast session: shrink it when it grows.
        let pieces = if text.len() > 4000 { rng.below(2) } else { rng.below(4) };
        for _ in 0..pieces {
            insert.push_str(PIECES[rng.below(PIECES.len())]);
        }
        let edit = Edit { start, end, insert };
        let mut after = text.to_string();
        let undo = edit.apply(&mut after);
        if is_position(&after, undo.start) && is_position(&after, undo.end) {
            return edit;
        }
    }
}

struct Session {
    c: LspClient,
    utf8: bool,
    files: Vec<(PathBuf, String, i32)>,
}

impl Session {
    fn change(&mut self, file: usize, edits: &[Edit]) -> Vec<Edit> {
        let utf8 = self.utf8;
        let (path, text, version) = &mut self.files[file];
        let mut changes = Vec::new();
        let mut undos = Vec::new();
        for e in edits {
            changes.push(e.lsp(text, utf8));
            undos.push(e.apply(text));
        }
        *version += 1;
        let params = json!({"textDocument": {"uri": uri(path), "version": *version}, "contentChanges": changes});
        self.c.notify("textDocument/didChange", params);
        undos
    }

    /// A completion, hover or definition at a random place (sometimes past the end), or one
    /// that is cancelled right after it is sent.
    fn poke(&mut self, rng: &mut Rng) {
        let file = rng.below(self.files.len());
        let (path, text, _) = &self.files[file];
        let mut pos = position(text, random_position(rng, text), self.utf8);
        if rng.chance(10) {
            pos = json!({"line": rng.below(1000), "character": rng.below(1000)});
        }
        let method = ["textDocument/completion", "textDocument/hover", "textDocument/definition"][rng.below(3)];
        let params = json!({"textDocument": {"uri": uri(path)}, "position": pos});
        if rng.chance(40) {
            let id = self.c.send_request(method, params);
            self.c.notify("$/cancelRequest", json!({"id": id}));
        } else if let Err(e) = self.c.request_raw(method, params) {
            panic!("{method} failed at {pos}: {e}");
        }
    }

    fn assert_text_in_sync(&mut self, when: &str) {
        for i in 0..self.files.len() {
            let (path, text, version) = self.files[i].clone();
            let seen = self.c.request("pyrevit/viewFileText", json!({"uri": uri(&path)}));
            assert_eq!(seen["version"], version, "{when}: version of {}", path.display());
            assert!(
                seen["text"].as_str() == Some(text.as_str()),
                "{when}: the server's text of {} drifted from the editor's\nserver: {:?}\neditor: {:?}",
                path.display(),
                seen["text"],
                text
            );
        }
    }

    fn diagnostics_at(&mut self, file: usize, version: i32) -> Value {
        let u = uri(&self.files[file].0);
        self.c.wait_for(&format!("diagnostics of version {version} for {u}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && m["params"]["version"] == version
        })["params"]["diagnostics"]
            .clone()
    }

    /// The diagnostics of the current version equal those for the same text sent whole.
    fn assert_diagnostics_as_if_whole(&mut self, when: &str) {
        for i in 0..self.files.len() {
            let version = self.files[i].2;
            let incremental = self.diagnostics_at(i, version);
            let (path, text, _) = self.files[i].clone();
            self.files[i].2 += 1;
            let params = json!({"textDocument": {"uri": uri(&path), "version": version + 1},
                                "contentChanges": [{"text": text}]});
            self.c.notify("textDocument/didChange", params);
            let whole = self.diagnostics_at(i, version + 1);
            assert_eq!(incremental, whole, "{when}: diagnostics of {} after incremental edits", path.display());
        }
    }
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

const YAML: &str =
    "\u{feff}title:\r\n  en_us: Hello\r\n  fr_fr: Bonjour é\r\ntooltip: 🎉 party\rauthor: \"x\u{2028}y\"\n\
context: zero-doc\ntemplates:\n  name: v\nlayout:\n  - A\n";
const PY: &str = "# -*- coding: utf-8 -*-\n__title__ = \"Héllo 🎉\"\r\nfrom pyrevit import forms\nimport lib_mod\r\n\
\nprint(\"{{name}}\u{85}\")\n";

fn run_session(seed: u64, count: u64, utf8: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let bundle = "R.extension/R.tab/P.panel/B.pushbutton";
    write_tree(
        tmp.path(),
        &[
            (&format!("{bundle}/script.py"), PY),
            (&format!("{bundle}/bundle.yaml"), YAML),
            ("R.extension/lib/lib_mod.py", "X = 1\n"),
        ],
    );
    let yaml = tmp.path().join(bundle).join("bundle.yaml");
    let py = tmp.path().join(bundle).join("script.py");
    let mut c = LspClient::spawn();
    let init = c.initialize(&[tmp.path()], capabilities(utf8), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], if utf8 { "utf-8" } else { "utf-16" });
    c.open(&yaml, "yaml", YAML);
    c.open(&py, "python", PY);
    let mut s = Session { c, utf8, files: vec![(yaml, YAML.to_string(), 1), (py, PY.to_string(), 1)] };
    s.diagnostics_at(0, 1);
    s.diagnostics_at(1, 1);

    let mut rng = Rng(seed);
    let mut history: Vec<(usize, Vec<Edit>)> = Vec::new();
    let mut done = 0;
    while done < count {
        let file = rng.below(2);
        let mut text = s.files[file].1.clone();
        // Usually one change per notification, sometimes several applied in order.
        let n = if rng.chance(15) { 2 + rng.below(3) } else { 1 };
        let mut edits = Vec::new();
        for _ in 0..n {
            let e = random_edit(&mut rng, &text);
            e.apply(&mut text);
            edits.push(e);
        }
        done += n as u64;
        let undos = s.change(file, &edits);
        history.push((file, undos));
        if rng.chance(8) {
            s.poke(&mut rng);
        }
        if rng.chance(1) {
            s.assert_text_in_sync(&format!("seed {seed}, after {done} edits"));
        }
    }
    let when = format!("seed {seed}, {count} edits, utf8 {utf8}");
    s.assert_text_in_sync(&when);
    s.assert_diagnostics_as_if_whole(&when);

    // Undo everything, newest first: the editor is back at the start, and so is the server.
    while let Some((file, undos)) = history.pop() {
        let reversed: Vec<Edit> = undos.into_iter().rev().collect();
        s.change(file, &reversed);
        if rng.chance(3) {
            s.poke(&mut rng);
        }
    }
    assert_eq!(s.files[0].1, YAML);
    assert_eq!(s.files[1].1, PY);
    s.assert_text_in_sync(&format!("{when}, all undone"));
    s.assert_diagnostics_as_if_whole(&format!("{when}, all undone"));
    assert!(s.c.is_running());
    let c = s.c;
    assert!(c.shutdown().success());
}

#[test]
fn random_edit_session_utf16_then_undone() {
    run_session(env_or("RANDOM_EDITS_SEED", 12), env_or("RANDOM_EDITS_COUNT", 3000), false);
}

#[test]
fn random_edit_session_utf8_then_undone() {
    run_session(env_or("RANDOM_EDITS_SEED", 12) + 1, env_or("RANDOM_EDITS_COUNT", 3000), true);
}

#[test]
#[ignore = "long: 20,000 edits per encoding; run on demand"]
fn random_edit_session_long() {
    let seed = env_or("RANDOM_EDITS_SEED", 12);
    run_session(seed, 20_000, false);
    run_session(seed + 1, 20_000, true);
}

#[test]
fn editor_positions_follow_lsp_line_breaks() {
    let text = "a\u{2028}b\r\nc\rd\u{85}🎉e";
    let e = text.find('e').unwrap();
    assert_eq!(position(text, e, false), json!({"line": 2, "character": 4}));
    assert_eq!(position(text, e, true), json!({"line": 2, "character": 7}));
    assert!(!is_position(text, text.find('\n').unwrap()));
}
