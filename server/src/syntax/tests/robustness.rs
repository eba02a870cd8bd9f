//! Simulated typing: every prefix of real documents parses without panicking, with errors in
//! bounds and on char boundaries; plus a rough timing print for a typical bundle.yaml.

use super::*;

const TYPICAL_BUNDLE: &str = include_str!("../test_data/yaml/valid_bundle.yaml");

fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    (0..=text.len()).filter(|&i| text.is_char_boundary(i)).map(move |i| &text[..i])
}

#[test]
fn every_prefix_of_yaml_documents_parses() {
    let docs = [
        TYPICAL_BUNDLE,
        include_str!("../test_data/yaml/crlf.yaml"),
        include_str!("../test_data/yaml/unicode.yaml"),
        "a: {b: [c, \"d\\u00e9\", 'e''f'], g: &x h}\nk: *x\nl: |-\n  m\n  n\n- o\n---\np: q\n",
    ];
    for doc in docs {
        for p in prefixes(doc) {
            let parsed = parse_yaml(p);
            check_ranges(p, &parsed);
            // A root mapping whose entries end before the typed text's last line is unaffected.
            if let Some(m) = parsed.root_mapping() {
                assert!(m.entries.iter().all(|e| (e.range.end as usize) <= p.len()));
            }
            let _ = cursor_context(p, p.len());
        }
    }
}

#[test]
fn every_prefix_of_json_documents_parses() {
    let docs = [include_str!("../test_data/json/valid_extension.json"), "[{\"a\\\"\": [1e5, -0.5, null]}]"];
    for doc in docs {
        for p in prefixes(doc) {
            check_ranges(p, &parse_json(p));
            let _ = json_cursor_context(p, p.len());
        }
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let deep = "[".repeat(10_000);
    let doc = parse_json(&deep);
    assert!(!doc.errors.is_empty());
    let yaml = format!("a: {}", "[".repeat(2_000));
    check_ranges(&yaml, &parse_yaml(&yaml));
    // Valid but absurdly deep: lowered up to a limit, no stack overflow.
    let yaml = format!("a: {}x{}", "[".repeat(3_000), "]".repeat(3_000));
    assert!(parse_yaml(&yaml).root_mapping().is_some());
    let json = format!("{}1{}", "[".repeat(3_000), "]".repeat(3_000));
    assert!(!parse_json(&json).errors.is_empty());
    // Broken and deeply indented: recovery recursion is bounded.
    let stairs: String = (0..500).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>() + "  \"oops\n";
    check_ranges(&stairs, &parse_yaml(&stairs));
    let _ = cursor_context(&stairs, stairs.len());
}

/// Found by the `yaml` fuzz target: compact chains of `- `, `? ` and `: ` on one line nest as
/// deeply as indentation does, also after a lone `\r` (a line break to the scanner), and
/// tree-sitter-yaml aborted the process on them.
#[test]
fn compact_indicator_chains_never_reach_the_scanner_limit() {
    let found = String::from_utf8_lossy(include_bytes!("../test_data/yaml/fuzz_compact_indicators.bin"));
    let found_cr = String::from_utf8_lossy(include_bytes!("../test_data/yaml/fuzz_compact_after_cr.bin"));
    let dashes = "- ".repeat(300);
    let chains = [
        found.into_owned(),
        found_cr.into_owned(),
        format!("a:\n  - - : {dashes}\n"),
        format!("a: 1\r\r {dashes}\n"),
        format!("a:\n  : {dashes}\n"),
        format!("? {dashes}\n"),
        format!("{}\n", "- ? : ".repeat(100)),
        format!("{}\n", "? ".repeat(300)),
    ];
    for text in &chains {
        let doc = parse_yaml(text);
        check_ranges(text, &doc);
        assert!(!doc.errors.is_empty());
    }
    // Short chains are ordinary YAML and still parse.
    let doc = parse_yaml("- - - a\n- ? b\n  : c\n");
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
}

/// Found by the `templates` fuzz target: in error recovery tree-sitter-yaml's scanner stacked more
/// indentation entries than its state buffer holds without opening new columns, past the nesting
/// guard, and tree-sitter aborted the process. The guarded `serialize` (`yaml_language`) cuts the
/// state and the parse that saw it is dropped: the region is reported, nothing aborts.
#[test]
fn a_scanner_state_too_large_for_tree_sitter_is_reported_not_aborted() {
    assert!(super::super::yaml_language::is_guarded());
    let found = String::from_utf8_lossy(include_bytes!("../test_data/yaml/fuzz_scanner_state_overflow.bin"));
    let doc = parse_yaml(&found);
    check_ranges(&found, &doc);
    assert!(!doc.errors.is_empty());
    let _ = cursor_context(&found, found.len() / 2);
}

#[test]
fn broken_line_keeps_the_rest() {
    let text = "title: Foo\nauthor: Me\ntooltip: [oops\nhighlight: new\nhelp_url: x\n";
    let doc = parse_yaml(text);
    assert_eq!(doc.errors.len(), 1, "{:?}", doc.errors);
    let m = doc.root_mapping().expect("root mapping");
    let keys: Vec<&str> = m.iter().map(|e| e.key.text.as_str()).collect();
    assert_eq!(keys, ["title", "author", "highlight", "help_url"]);
    assert_eq!(doc.errors[0].range.start as usize, text.find('[').unwrap_or(0));
}

#[test]
fn duplicate_keys_are_kept_and_get_returns_the_first() {
    let doc = parse_yaml("title: A\ntitle: B\n");
    let m = doc.root_mapping().expect("mapping");
    assert_eq!(m.entries.len(), 2);
    assert_eq!(m.value("title").and_then(Node::as_str), Some("A"));
}

#[test]
fn path_at_finds_the_innermost_node() {
    let text = "title:\n  en_us: Foo\ncontext:\n  - a\n  - {b: c}\n";
    let doc = parse_yaml(text);
    let at = |needle: &str| doc.path_at(text.find(needle).unwrap_or(0) + 1);
    use PathSeg::*;
    assert_eq!(at("Foo"), vec![Key("title".into()), Key("en_us".into())]);
    assert_eq!(at("c}"), vec![Key("context".into()), Index(1), Key("b".into())]);
    assert_eq!(at("- a"), vec![Key("context".into())]);
    assert!(doc.path_at(text.len() + 5).is_empty());
}

#[test]
fn typical_bundle_parse_time() {
    let n = 200;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(parse_yaml(std::hint::black_box(TYPICAL_BUNDLE)));
    }
    let clean = t.elapsed() / n;
    let broken = TYPICAL_BUNDLE.replace("highlight: new", "highlight: \"new");
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(parse_yaml(std::hint::black_box(&broken)));
    }
    let recovered = t.elapsed() / n;
    println!(
        "typical bundle.yaml ({} lines): clean {clean:?}, broken (recovery) {recovered:?}",
        TYPICAL_BUNDLE.lines().count()
    );
}

/// Deterministic pseudo-random edits (insert/delete YAML/JSON punctuation) of valid documents.
#[test]
fn random_edits_never_panic() {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let pieces = [
        ":", " ", "-", "- ", "[", "]", "{", "}", "\"", "'", "\t", "\n", "\r\n", "#", "|", ">", "&a", "*a", "!", "é",
        "🎉", "---\n", ",", "\\",
    ];
    let docs = [TYPICAL_BUNDLE, include_str!("../test_data/json/valid_extension.json")];
    for doc in docs {
        for _ in 0..300 {
            let mut text = doc.to_string();
            for _ in 0..1 + next(4) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(3) == 0 {
                    let mut end = (at + 1 + next(6)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, pieces[next(pieces.len())]);
                }
            }
            check_ranges(&text, &parse_yaml(&text));
            check_ranges(&text, &parse_json(&text));
            let offset = next(text.len() + 1);
            for ctx in [cursor_context(&text, offset), json_cursor_context(&text, offset)] {
                if let CursorPosition::Key { range, .. } | CursorPosition::Value { range, .. } = ctx.position {
                    rng(&text, range);
                }
            }
        }
    }
}

/// Found by the `cursor` fuzz target: a quote opened after Unicode whitespace (U+1680) inside a
/// flow collection. The token before a quote is judged with `trim` (any Unicode whitespace), and
/// the word then started one byte after the first non-ASCII-blank byte: inside the character.
#[test]
fn a_quote_after_unicode_whitespace_in_a_flow_collection() {
    let found = include_bytes!("../test_data/json/fuzz_cursor_quote_after_unicode_space.bin");
    let texts = [
        String::from_utf8_lossy(&found[2..]).into_owned(),
        "[\u{1680}'ab".to_string(),
        "{\"k\":\u{2003}\"v".to_string(),
        "a: [x, \u{3000}'y".to_string(),
    ];
    for text in &texts {
        for offset in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let _ = cursor_context(text, offset);
            let _ = json_cursor_context(text, offset);
        }
    }
    // The word is what follows the quote.
    match json_cursor_context("{\"k\":\u{2003}\"va", "{\"k\":\u{2003}\"va".len()).position {
        CursorPosition::Value { prefix, quoted, .. } => assert_eq!((prefix.as_str(), quoted), ("va", true)),
        other => panic!("{other:?}"),
    }
}

/// Found by the `reparse` fuzz target: an edit on a folded block scalar's last line inside its
/// gap reads on to the next non-empty line, the scalar's last, after the gap; the value holds that
/// line only up to the scalar's end (not its trailing spaces), and the patched value held them
/// and lost the final line break (`f\nA ` against a fresh parse's `f\nA\n`). The input as found,
/// and as libFuzzer shrank it: `: >\n f\n \n A \n:` with the blank line's space deleted.
#[test]
fn a_folded_scalars_last_line_after_its_gap_is_patched_as_a_fresh_parse_reads_it() {
    crate::syntax::fuzzing::reparse_session(include_bytes!("../test_data/yaml/fuzz_reparse_folded_last_line.bin"));
    crate::syntax::fuzzing::reparse_session(include_bytes!(
        "../test_data/yaml/fuzz_reparse_folded_last_line_found.bin"
    ));
    // Typed into the line before the last, which trails spaces, in both styles.
    let mut patched = 0;
    for style in [">", "|"] {
        for (old, new) in [
            (" f\n \n A  \n", " f\n x\n A  \n"),
            (" f\n g\n A \n", " f\n gh\n A \n"),
            (" f\n g\n\n A \t\n", " f\n g \n\n A \t\n"),
            (" f\n g\n A \n", " f\n\n A \n"),
        ] {
            let (old, new) = (format!("a: {style}\n{old}b: 1\n"), format!("a: {style}\n{new}b: 1\n"));
            let (doc, reuse) = super::yaml::parse_yaml_limited(&old, 1, usize::MAX);
            let fresh = super::yaml::parse_yaml_limited(&new, 1, usize::MAX).0;
            if let Some((next, reuse)) = super::yaml::reparse_yaml_with(&old, doc, &reuse, &new, 1, None) {
                assert_eq!(next, fresh, "{old:?} → {new:?}");
                patched += usize::from(reuse.patched());
            }
        }
    }
    assert!(patched >= 6, "{patched} of 8 patched");
}
