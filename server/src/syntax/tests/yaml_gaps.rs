//! Long block scalars are parsed with the middle of their body left out of tree-sitter's view
//! (`yaml::block_scalar_gaps`): the model must be exactly the one the whole text gives.

use super::yaml::{parse_yaml_with, parses_with_gaps};
use super::*;

/// Lines of YAML that meet around block scalars: headers of every kind, body lines that do and do
/// not continue the body, and text that only looks like a header.
const LINES: &[&str] = &[
    "title: x",
    "tooltip: |",
    "tooltip: >-",
    "tooltip: |+ # keep",
    "tooltip: |2",
    "- |",
    "  - >",
    "  nested: |",
    "  body text",
    "  body text with # and : and - and \"quotes\"",
    "    more indented",
    "      key: |",
    "  \ttab after indent",
    "\ttab",
    " one space",
    "",
    "  ",
    "     ",
    "  a\rlone CR",
    "  é ü 🎉 \u{2028} \u{85}",
    "  \u{feff}bom",
    "  \u{1}control",
    "author: me",
    "\"quoted: |",
    "  still quoted\"",
    "# comment |",
    "---",
    "...",
    "- item",
    "key: [a, |",
    "  b]",
];

/// Body lines of a well-formed scalar (at two spaces), with the odd tricky one.
const BODY: &[&str] = &["  text", "  text: with | and #", "    deeper", "", "  ", "  é 🎉", "  - dash", "  key: |"];

fn random_doc(r: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..r.below(40) {
        if r.below(3) == 0 {
            // A scalar at the top level, mostly well-formed.
            out.push_str(r.pick(&["tooltip: |\n", "t: >-\n", "- |+\n", "k: | # c\n"]));
            for _ in 0..r.below(12) {
                out.push_str(if r.below(12) == 0 { r.pick(LINES) } else { r.pick(BODY) });
                out.push('\n');
            }
            continue;
        }
        let line = r.pick(LINES);
        // Long runs of plain body lines, so that gaps appear.
        let repeat = if line.starts_with("  ") && r.below(3) == 0 { 1 + r.below(8) } else { 1 };
        for _ in 0..repeat {
            out.push_str(line);
            out.push_str(if r.below(10) == 0 { "\r\n" } else { "\n" });
        }
    }
    if r.below(4) == 0 {
        out.pop();
    }
    out
}

/// Both parses agree; returns whether the whole document was parsed with gaps.
fn assert_same(text: &str) -> bool {
    let whole = parse_yaml_with(text, usize::MAX);
    let gapped = parse_yaml_with(text, 1);
    assert_eq!(gapped, whole, "gaps changed the model of:\n{text:?}");
    parses_with_gaps(text, 1)
}

#[test]
fn random_documents_give_the_same_model_with_and_without_gaps() {
    let mut r = Rng(0x5eed);
    let gapped = (0..3_000).filter(|_| assert_same(&random_doc(&mut r))).count();
    assert!(gapped > 100, "only {gapped} documents took the gapped path");
}

/// `yaml::GAP_MIN_BYTES`'s order of magnitude.
const GAP_MIN: usize = 16 * 1024;

/// Random edits of a document with a long block scalar (the keystrokes of someone typing in it,
/// plus edits that break it): after every edit both parses agree.
#[test]
fn random_edits_of_a_long_block_scalar_give_the_same_model() {
    let mut r = Rng(42);
    let mut text = String::from("title: Big\ntooltip: |\n");
    for i in 0..60 {
        text.push_str(&format!("  line {i} of the tooltip, with: colons and # hashes\n"));
    }
    text.push_str("author: me\nlayout:\n  - a\n  - b\n");
    let pieces = ["x", " ", "\n", "\n  ", "\r\n", ": ", "|", "- ", "\t", "é", "🎉", "\"", "#", "{", "\n---\n", ""];
    let mut gapped = 0;
    let start = text.clone();
    for i in 0..1_500 {
        if i % 50 == 0 {
            text = start.clone();
        }
        let mut at = r.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + r.below(4)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        text.replace_range(at..end, r.pick(&pieces));
        gapped += usize::from(assert_same(&text));
    }
    assert!(gapped > 100, "only {gapped} versions took the gapped path");
}

/// The gap is taken (the parse sees three lines of the body) and a scalar of more lines than
/// tree-sitter-yaml's 16-bit row counter holds is read as the valid text it is.
#[test]
fn a_scalar_of_40000_lines_is_valid() {
    let mut text = String::from("title: Big\ntooltip: |\n");
    for _ in 0..40_000 {
        text.push_str("  text\n");
    }
    text.push_str("author: me\n");
    assert!(parses_with_gaps(&text, GAP_MIN));
    let doc = super::parse_yaml(&text);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let m = doc.root_mapping().expect("a mapping");
    let keys: Vec<&str> = m.entries.iter().map(|e| e.key.text.as_str()).collect();
    assert_eq!(keys, ["title", "tooltip", "author"]);
    match &m.entries[1].value.as_ref().unwrap().value {
        Value::Scalar(s) => assert_eq!(s.text, "text\n".repeat(40_000)),
        v => panic!("not a scalar: {v:?}"),
    }
}

/// The first document found without a line scan (no marker or directive at a line start) is the
/// one the line scan finds.
#[test]
fn first_document_without_markers_skips_the_line_scan() {
    let pieces =
        ["a: 1", "---", "...", "%YAML 1.2", " ---", "x---", "\r---", "--- b", "... c", "# c", "", "  - x", "\r"];
    let mut r = Rng(0xd0c);
    for _ in 0..3_000 {
        let mut t = String::new();
        for _ in 0..r.below(6) {
            t.push_str(pieces[r.below(pieces.len())]);
            t.push_str(["\n", "\r\n", ""][r.below(3)]);
        }
        let (fast, lines) = super::yaml::first_document_both_ways(&t);
        assert_eq!(fast, lines, "{t:?}");
    }
}

/// Random typing sessions in documents with long block scalars (literal and folded, CRLF, nested,
/// with keys and a second document after them): every version is parsed from the previous one
/// (`reparse_yaml`, which skips the parse when the edit lies inside a gap) and from scratch, with
/// and without gaps; the models and the reuse states must be equal. Most edits are typing inside
/// a scalar's body (the reused path, counted), the others break lines, indent less, type `key: `,
/// `- `, a tab or a lone CR there, or edit around the scalar (parsed from scratch); most versions
/// that break the document are undone.
#[test]
fn versions_reparsed_from_the_previous_one_equal_fresh_parses() {
    use super::yaml::{parse_yaml_reusable_with, reparse_yaml_with};
    const MIN: usize = 200;
    let mut r = Rng(0xb16_5ca1a);
    let heads = ["tooltip: |\n", "tooltip: >-\n", "- |+\n", "nested:\n  deep: | # c\n", "k: >\n"];
    let typed = ["x", "x", "é", "🎉", " ", "\n", "\n  ", "\n    ", "\r\n  ", "", "", "#"];
    let odd = [": ", "- ", "? ", "key: v", "\t", "\r", "\n\n", "\nk: v\n", "\u{1}", "|", "\n---\n", "  - a"];
    let mut reused = 0;
    for session in 0..60 {
        let mut text = String::new();
        if session % 3 == 0 {
            text.push_str("title: t\n");
        }
        for s in 0..1 + r.below(3) {
            let head = heads[r.below(heads.len())];
            // A sequence item's scalar needs a sequence: do not mix it into a mapping.
            let head = if head.starts_with('-') && (s > 0 || !text.is_empty()) { "s: |\n" } else { head };
            text.push_str(head);
            let indent = if head.starts_with("nested") { "    " } else { "  " };
            let eol = if r.below(4) == 0 { "\r\n" } else { "\n" };
            for i in 0..20 + r.below(30) {
                let line = match r.below(8) {
                    _ if i == 0 => format!("{indent}first line"),
                    0 => String::new(),
                    1 => format!("{indent}  more indented {i}"),
                    _ => format!("{indent}line {i} of the text, with: colons # and - dashes"),
                };
                text.push_str(&line);
                text.push_str(eol);
            }
            if head.starts_with('-') {
                break;
            }
        }
        if !text.starts_with('-') && r.below(2) == 0 {
            text.push_str("author: me\n");
        }
        if r.below(4) == 0 {
            text.push_str("---\nsecond: |\n  doc\n");
        }
        let (mut doc, mut reuse) = parse_yaml_reusable_with(&text, MIN);
        for _ in 0..60 {
            // Mostly somewhere inside the text's middle lines, sometimes anywhere.
            let mut at =
                if r.below(8) == 0 { r.below(text.len() + 1) } else { text.len() / 4 + r.below(text.len() / 2) };
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = if r.below(3) == 0 { (at + r.below(6)).min(text.len()) } else { at };
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let piece = if r.below(6) == 0 { r.pick(&odd) } else { r.pick(&typed) };
            let old_text = text.clone();
            text.replace_range(at..end, piece);
            let fresh = parse_yaml_reusable_with(&text, MIN);
            let whole = parse_yaml_with(&text, usize::MAX);
            assert_eq!(fresh.0, whole, "gaps changed the model of:\n{text:?}");
            // Every other edit as the editor tells it (the texts not compared for it).
            let known = (at % 2 == 0).then_some((at, end, at + piece.len()));
            let next = match reparse_yaml_with(&old_text, doc, &reuse, &text, MIN, known) {
                Some(next) => {
                    reused += 1;
                    let what = format!("after {piece:?} at {at}..{end} of\n{old_text:?}");
                    assert_eq!(next.0, fresh.0, "the reparse differs from a fresh parse {what}");
                    assert_eq!(next.1.gaps(), fresh.1.gaps(), "other gaps than a fresh parse's {what}");
                    next
                }
                None => fresh,
            };
            (doc, reuse) = next;
            // Mostly, a version that broke the document is undone (as its author would), so the
            // session goes on typing into valid text.
            if !doc.errors.is_empty() && r.below(10) != 0 {
                text = old_text;
                (doc, reuse) = parse_yaml_reusable_with(&text, MIN);
            }
        }
    }
    assert!(reused > 1_000, "only {reused} versions were reparsed from the previous one");
}
