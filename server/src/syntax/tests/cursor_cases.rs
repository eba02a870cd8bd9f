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
        // After block scalars: the keys of the level at column 0 / the enclosing indentation.
        c("after literal, col 0, eof", "tooltip: |\n  text\n‸"),
        c("after literal, trailing spaces, crlf", "tooltip: |  \r\n  text  \r\n‸"),
        c("after literal, typing, eof", "tooltip: |\n  text\nhi‸"),
        c("after folded, blank lines", "tooltip: >\n  text\n\n\n‸"),
        c("after strip, trailing spaces", "tooltip: |-   \n  text   \n‸"),
        c("after keep, before key", "tooltip: >+\n  text\n\n‸\nauthor: x\n"),
        c("after literal, crlf", "tooltip: |\r\n  text\r\n‸\r\n"),
        c("after literal, crlf eof", "tooltip: |\r\n  text\r\n‸"),
        c("after literal, spaces line", "tooltip: |\n  text\n‸  \n"),
        c("inside literal indentation", "tooltip: |\n  text\n  ‸\n"),
        c("inside literal, blank line", "tooltip: |\n  text\n\n  ‸\n  more\n"),
        c("nested after literal", "title:\n  en_us: |\n    text\n  ‸\n"),
        c("nested after literal, typing", "title:\n  en_us: |\n    text\n  fr‸\n"),
        c("top after nested literal", "title:\n  en_us: |\n    text\n‸"),
        c("after literal with comment", "tooltip: | # note\n  text\n‸"),
        c("after empty literal", "tooltip: |\n‸"),
        m("after multi-line flow, col 0", "context: [selection,\n  doc-editor]\n|"),
        m("after multi-line flow map, col 0", "engine: {clean: true,\n  persistent: false}\n|\n"),
        m("after comment, col 0", "title: x\n# a comment\n|"),
        m("after comment nested", "title:\n  en_us: x\n  # a comment\n  |"),
        m("after multi-line quoted, col 0", "tooltip: \"a\n  b\"\n|"),
        m("after multi-line plain, col 0", "tooltip: a\n  b\n|"),
        m("after seq, col 0", "context:\n  - selection\n|"),
        m("value glued to the colon", "context:sel|\n"),
        m("value glued, mid-word", "highlight:n|e\n"),
        m("after seq, item level", "context:\n  - selection\n  |"),
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

/// The context at every offset of `text`, one line per run of offsets that share it:
/// `line:col-col  context` (columns 1-based, in chars).
fn every_offset(text: &str, f: fn(&str, usize) -> CursorContext) -> String {
    let mut out = String::new();
    let mut run: Option<(usize, usize, String)> = None;
    let flush = |run: &Option<(usize, usize, String)>, out: &mut String| {
        if let Some((a, b, ctx)) = run {
            let (pa, pb) = (pos(text, *a), pos(text, *b));
            let col_b = pb.rsplit(':').next().unwrap_or("");
            let _ = writeln!(out, "{pa}-{col_b}  {ctx}");
        }
    };
    let mut offsets: Vec<usize> = (0..=text.len()).filter(|&o| text.is_char_boundary(o)).collect();
    offsets.dedup();
    for o in offsets {
        let ctx = render_ctx(text, &f(text, o));
        let same_line = run.as_ref().is_some_and(|(a, _, _)| !text[*a..o].contains('\n'));
        match &mut run {
            Some((_, b, c)) if *c == ctx && same_line => *b = o,
            _ => {
                flush(&run, &mut out);
                run = Some((o, o, ctx));
            }
        }
    }
    flush(&run, &mut out);
    out
}

/// Realistic files (shapes from public extensions): the context at every offset.
#[test]
fn context_at_every_offset() {
    let pushbutton = "title:\n  en_us: Make Sheets\n  fr_fr: Créer\ncontext: [selection,\n  OST_Walls]\n\
                      engine:\n  clean: true\n# the tooltip\ntooltip: |\n  Creates sheets.\n\n  Shift+Click: options.\n";
    insta::assert_snapshot!("every_offset_pushbutton", every_offset(pushbutton, cursor_context));
    let crlf = "author: Jane\r\nhighlight: new\r\ntooltip: >-\r\n    Folded   \r\n    text\r\n\r\n";
    insta::assert_snapshot!("every_offset_crlf_folded", every_offset(crlf, cursor_context));
    let nested = "layout:\n  - Tool\n  - ---\nbackground:\n  background: '#FF0000'\n  title: |+\n    x\n\n\
                  collapsed: true\n";
    insta::assert_snapshot!("every_offset_nested", every_offset(nested, cursor_context));
    let json =
        "{\n  \"name\": \"Tools\",\n  \n  \"templates\": {\"author\": \"Zoë\"},\n  \"authors\": [\"a\", \"b\"]\n}\n";
    insta::assert_snapshot!("every_offset_json", every_offset(json, json_cursor_context));
}
