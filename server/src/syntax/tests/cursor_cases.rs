use super::*;
use std::fmt::Write;

/// Splits `src` at its single `|` marker: (text, cursor offset).
fn at_marker(src: &str) -> (String, usize) {
    let i = src.find('|').expect("cursor marker");
    (format!("{}{}", &src[..i], &src[i + 1..]), i)
}

/// Like [`at_marker`] for texts that contain a real `|`: the marker is `‸`.
fn at_caret(src: &str) -> (String, usize) {
    let i = src.find('‸').expect("cursor marker");
    (src.replacen('‸', "", 1), i)
}

pub fn render_ctx(text: &str, c: &CursorContext) -> String {
    let mut out = format!("path={:?}", c.path);
    match &c.position {
        CursorPosition::Key { prefix, range } => {
            let _ = write!(out, " Key prefix={prefix:?} range={}", rng(text, *range));
        }
        CursorPosition::Value { key, prefix, range, quoted } => {
            let q = if *quoted { " quoted" } else { "" };
            let _ = write!(out, " Value key={key:?} prefix={prefix:?} range={}{q}", rng(text, *range));
        }
        CursorPosition::Unknown => out.push_str(" Unknown"),
    }
    if c.in_sequence_item {
        out.push_str(" seq-item");
    }
    if c.flow {
        out.push_str(" flow");
    }
    out
}

fn run(cases: &[(&str, String, usize)], f: fn(&str, usize) -> CursorContext) -> String {
    let mut out = String::new();
    for (name, text, offset) in cases {
        let _ = writeln!(out, "{name}: {}", render_ctx(text, &f(text, *offset)));
    }
    out
}

#[test]
fn yaml_cursor_cases() {
    let m = |name: &'static str, src: &str| {
        let (t, o) = at_marker(src);
        (name, t, o)
    };
    let c = |name: &'static str, src: &str| {
        let (t, o) = at_caret(src);
        (name, t, o)
    };
    let eof = |name: &'static str, t: &str| (name, t.to_string(), t.len());
    let cases = vec![
        m("key prefix", "tit|"),
        m("key mid-word", "ti|tle: Foo"),
        m("value empty", "title: |"),
        m("value after colon no space", "title:|"),
        m("nested key", "title:\n  en_|"),
        m("nested key after sibling", "title:\n  en_us: Foo\n  fr|"),
        m("nested key then more", "title:\n  en_us: Foo\n  fr|\ntooltip: x\n"),
        m("seq item", "context:\n  - sel|"),
        m("seq item compact", "context:\n- sel|\n"),
        m("flow seq", "context: [selection, doc-|]"),
        m("flow seq first", "context: [|]"),
        m("flow seq unclosed", "context: [selection, doc-|"),
        m("engine key", "engine:\n  cle|"),
        m("nested seq", "context:\n  any:\n    - OST_W|"),
        m("layout empty item", "layout:\n  - |"),
        m("layout dash only", "layout:\n  -|"),
        m("highlight value", "highlight: n|"),
        m("value mid-word", "highlight: n|ew # comment"),
        m("in comment", "title: Foo # co|"),
        m("comment line", "# tit|"),
        m("bad indent line 2", "title: Foo\n bad: x\ntooltip: Bar\nauth|\n"),
        m("bad indent nested", "engine:\n  clean: true\n   x: y\n  persi|\n"),
        eof("empty file", ""),
        eof("eof no newline", "title: Foo\ntool"),
        eof("eof after newline", "title:\n  en_us: Foo\n"),
        m("new line under nested", "title:\n  en_us: Foo\n  |\n"),
        m("new line top", "title:\n  en_us: Foo\n|\n"),
        m("crlf nested", "title:\r\n  en_us: Foo\r\n  fr|\r\nauthor: x\r\n"),
        m("crlf value", "title: Foo\r\nhighlight: n|\r\n"),
        m("tabs", "engine:\n\tcle|"),
        m("quoted template", "author: \"{{au|\""),
        m("quoted unclosed", "author: '{{au|"),
        m("flow map key", "{title: x, hel|}"),
        m("flow map value", "{title: x, highlight: n|}"),
        m("flow map under key", "engine: {clean: true, per|}"),
        m("nested flow", "context: {any: [OST_Walls, OST_|]}"),
        m("seq of maps key", "members:\n  - id: a\n    na|"),
        m("seq item inline key", "members:\n  - id: a\n  - te|"),
        m("seq item value", "members:\n  - id: |"),
        m("item mapping key below dash", "- a:\n    b|"),
        c("block scalar", "tooltip: |\n  some te‸xt\n"),
        c("after block scalar", "tooltip: >-\n  text\nhigh‸"),
        m("unicode key", "titre_é:\n  中文: 值\n  🎉|"),
        m("unicode value", "title: 中文|"),
        m("leading ws before key", "title:\n  |en_us: Foo"),
        m("document marker", "---\ntitle:\n  en|"),
        m("byte-order mark", "\u{feff}tit|"),
        m("byte-order mark nested", "\u{feff}title:\n  en|"),
        m("multi-line flow (tree)", "context: [selection,\n  doc-|]\nauthor: x\n"),
        m("multi-line flow map (tree)", "engine: {clean: true,\n  per|: x}\n"),
        m("multi-line quoted (tree)", "tooltip: \"first line\n  sec|ond\"\n"),
        m("multi-line plain (tree)", "tooltip: first line\n  sec|ond\nauthor: x\n"),
        c("folded content (tree)", "tooltip: >-\n  a\n    b‸\n"),
        m("multi-line flow, broken elsewhere", "title: \"oops\ncontext: [selection,\n  doc-|]\n"),
    ];
    insta::assert_snapshot!(run(&cases, cursor_context));
}

#[test]
fn cursor_context_never_panics_on_any_offset() {
    let texts = [
        "title:\n  en_us: \"Créer 🎉\"\n  fr_fr: x\ncontext: [a, {b: c}]\n",
        "a: 'x\r\n\tb: [\n- - c: |\n   d\n",
        "{\"x\": [1, {\"y\": \"z\\\"\"}]}",
    ];
    for t in texts {
        for o in 0..=t.len() + 2 {
            let c = cursor_context(t, o);
            let j = json_cursor_context(t, o);
            for ctx in [c, j] {
                if let CursorPosition::Key { range, .. } | CursorPosition::Value { range, .. } = ctx.position {
                    rng(t, range);
                }
            }
        }
    }
}
