//! tree-sitter-yaml's scanner counts rows in 16 bits: a first document of more than
//! `yaml::ROW_LIMIT` line breaks is parsed in runs of whole blocks (`yaml::parse_yaml_limited`).
//! The model must be exactly the one a parser without the limit gives.

use super::yaml::parse_yaml_limited;
use super::*;

/// The model of `text` parsed with at most `row_limit` line breaks per parse, no gaps.
fn limited(text: &str, row_limit: usize) -> MetaDocument {
    parse_yaml_limited(text, usize::MAX, row_limit).0
}

/// A block (mapping or sequence) at `indent`, well-formed, with comments and blank lines between
/// its entries, nested blocks, block scalars and flow values.
fn block(r: &mut Rng, indent: usize, depth: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    let seq = r.below(3) == 0;
    for n in 0..1 + r.below(5) {
        match r.below(8) {
            0 => out.push(format!("{pad}# comment {n}")),
            1 => out.push(String::new()),
            2 => out.push("# at column 0".to_string()),
            _ => {}
        }
        let head =
            if seq { format!("{pad}-") } else { format!("{pad}{}:", r.pick(&["key", "\"quoted key\"", "k 2", "'s'"])) };
        match r.below(if depth > 3 { 4 } else { 8 }) {
            0 => out.push(format!("{head} {}", r.pick(&["plain value", "\"quoted\"", "~", "12", "'single'", "a # c"]))),
            1 => out.push(format!("{head} {}", r.pick(&["[a, b]", "{a: 1, b: [x]}", "[]"]))),
            2 => {
                out.push(format!("{head} {}", r.pick(&["|", ">-", "|+", "| # c"])));
                for i in 0..1 + r.below(4) {
                    out.push(if i == 1 { String::new() } else { format!("{pad}  body {i}: with # and -") });
                }
            }
            3 if seq => {
                out.push(format!("{pad}- id: {n}"));
                out.push(format!("{pad}  text: member {n}"));
            }
            3 => out.push(head),
            _ => {
                out.push(head);
                let deeper = if !seq && r.below(3) == 0 { indent } else { indent + 2 };
                // A sequence at its key's column, or any block two columns in.
                if deeper == indent {
                    let mut inner = Vec::new();
                    block(r, indent, depth + 1, &mut inner);
                    if inner.iter().any(|l| l.starts_with(&format!("{pad}-"))) {
                        out.extend(inner);
                    } else {
                        out.push(format!("{pad}- x"));
                    }
                } else {
                    block(r, deeper, depth + 1, out);
                }
            }
        }
    }
}

fn valid_doc(r: &mut Rng) -> String {
    let mut lines = Vec::new();
    if r.below(3) == 0 {
        lines.push("# leading comment".to_string());
    }
    if r.below(6) == 0 {
        lines.push(String::new());
    }
    block(r, 0, 0, &mut lines);
    if r.below(4) == 0 {
        lines.push("# trailing comment".to_string());
    }
    let nl = if r.below(8) == 0 { "\r\n" } else { "\n" };
    let mut text = lines.join(nl);
    if r.below(4) != 0 {
        text.push_str(nl);
    }
    if r.below(6) == 0 {
        text.push_str(&format!("{nl}  {nl}"));
    }
    if r.below(8) == 0 {
        text.push_str(&format!("{nl}---{nl}second: document{nl}"));
    }
    text
}

/// Valid documents parsed in runs of a few lines give the model of the whole parse (this is what
/// the 32,767-line limit does to a big file, at a scale where the whole parse still works).
#[test]
fn valid_documents_parsed_in_small_runs_equal_the_whole_parse() {
    let mut r = Rng(0x32767);
    let mut compared = 0;
    for _ in 0..2_000 {
        let text = valid_doc(&mut r);
        let whole = limited(&text, usize::MAX);
        if !whole.errors.is_empty() {
            continue;
        }
        compared += 1;
        for limit in [1, 2, 3, 5, 8, 20] {
            let doc = limited(&text, limit);
            if doc != whole {
                let (a, b) = (render(&text, &doc), render(&text, &whole));
                let diff = a.lines().zip(b.lines()).find(|(a, b)| a != b);
                panic!(
                    "limit {limit} changed the model of:\n{text}\n{diff:?}\n{a}\n{b}\n{:?}\n{:?}",
                    doc.errors, whole.errors
                );
            }
        }
    }
    assert!(compared > 1_000, "only {compared} documents were valid");
}

/// Broken documents parsed in small runs: no panic, and the errors still found (where is the
/// recovery's business).
#[test]
fn broken_documents_parsed_in_small_runs_still_report_errors() {
    let mut r = Rng(7);
    // Not "   odd: indent" (a line indented between two levels): when a block too long for one
    // parse is cut into runs at its column, such a line starts a run of its own and parses clean,
    // so in a document over the limit it goes unreported (a known gap, module doc of yaml.rs).
    let breakers = ["  key: \"unclosed", "\tkey: tab", "key: [a, b", "key: a: b"];
    for _ in 0..500 {
        let text = valid_doc(&mut r);
        let mut lines: Vec<&str> = text.lines().collect();
        let at = r.below(lines.len() + 1);
        lines.insert(at, r.pick(&breakers));
        let text = lines.join("\n");
        let whole = limited(&text, usize::MAX);
        for limit in [1, 3, 8] {
            let doc = limited(&text, limit);
            assert_eq!(doc.errors.is_empty(), whole.errors.is_empty(), "limit {limit}, errors differ for:\n{text}");
            check_ranges(&text, &doc);
        }
    }
}

/// `title`, `members:` with `n` entries `- id: m{i}` / `text: Member {i} of a long list`, `author`
/// (a combo box's list of members), lines ended by `nl`.
fn members(n: usize, nl: &str) -> String {
    let mut s = format!("title: Big{nl}members:{nl}");
    for i in 0..n {
        s += &format!("  - id: m{i}{nl}    text: Member {i} of a long list{nl}");
    }
    s + &format!("author: me{nl}")
}

fn entry<'d>(doc: &'d MetaDocument, key: &str) -> &'d Entry {
    match &doc.root.as_ref().expect("a root").value {
        Value::Mapping(m) => m.entries.iter().find(|e| e.key.text == key).expect(key),
        v => panic!("root is not a mapping: {v:?}"),
    }
}

fn scalar_text(n: Option<&Node>) -> &str {
    match n.map(|n| &n.value) {
        Some(Value::Scalar(s)) => &s.text,
        v => panic!("not a scalar: {v:?}"),
    }
}

fn items(e: &Entry) -> &[Node] {
    match e.value.as_ref().map(|v| &v.value) {
        Some(Value::Sequence(s)) => &s.items,
        v => panic!("not a sequence: {v:?}"),
    }
}

/// Every member of `doc` (parsed from `members(n, nl)`) where the text has it: its range, id and text.
fn assert_members(text: &str, doc: &MetaDocument, n: usize) {
    let list = items(entry(doc, "members"));
    assert_eq!(list.len(), n);
    let mut from = 0;
    for (i, item) in list.iter().enumerate() {
        let start =
            from + text[from..].find(&format!("id: m{i}\r\n")).or(text[from..].find(&format!("id: m{i}\n"))).unwrap();
        let line = format!("text: Member {i} of a long list");
        let end = start + text[start..].find(&line).unwrap() + line.len();
        assert_eq!(item.range, TextRange::new(start, end), "member {i}");
        let Value::Mapping(m) = &item.value else { panic!("member {i} is not a mapping") };
        assert_eq!(m.entries.len(), 2);
        assert_eq!(scalar_text(m.entries[0].value.as_ref()), format!("m{i}"));
        assert_eq!(scalar_text(m.entries[1].value.as_ref()), &line[6..]);
        from = end;
    }
}

/// The lead's repro: 40,003 lines. Before: `2:1: invalid YAML here` and seconds of error recovery.
#[test]
fn a_members_list_of_40_000_lines_parses_without_errors() {
    let n = 20_000;
    let text = members(n, "\n");
    let doc = parse_yaml(&text);
    assert_eq!(doc.errors, vec![]);
    assert_members(&text, &doc, n);
    let Some(root) = &doc.root else { panic!("no root") };
    assert_eq!(root.range, TextRange::new(0, text.len()));
    let m = entry(&doc, "members");
    assert_eq!(m.range.start as usize, text.find("members").unwrap());
    assert_eq!(m.range.end as usize, text.find("\nauthor").unwrap());
    assert_eq!(m.value.as_ref().unwrap().range.start as usize, text.find("- id: m0").unwrap());
    assert_eq!(scalar_text(entry(&doc, "author").value.as_ref()), "me");
    assert_eq!(scalar_text(entry(&doc, "title").value.as_ref()), "Big");
    // Cut elsewhere, the same model.
    assert_eq!(limited(&text, 1_000), doc);
}

/// CRLF: the scanner counts `\r` and `\n` each as a row: 20,000 lines are 40,000 rows.
#[test]
fn a_crlf_members_list_of_20_000_lines_parses_without_errors() {
    let n = 10_000;
    let text = members(n, "\r\n");
    let doc = parse_yaml(&text);
    assert_eq!(doc.errors, vec![]);
    assert_members(&text, &doc, n);
}

#[test]
fn a_mapping_of_40_000_keys_parses_without_errors() {
    let text: String = (0..40_000).map(|i| format!("key{i}: value {i}\n")).collect();
    let doc = parse_yaml(&text);
    assert_eq!(doc.errors, vec![]);
    let Some(Node { value: Value::Mapping(m), range }) = &doc.root else { panic!("no mapping") };
    assert_eq!(*range, TextRange::new(0, text.len()));
    assert_eq!(m.entries.len(), 40_000);
    let last = &m.entries[39_999];
    assert_eq!(last.key.text, "key39999");
    assert_eq!(last.key.range.start as usize, text.find("key39999").unwrap());
    assert_eq!(last.range.end as usize, text.len() - 1);
    assert_eq!(scalar_text(last.value.as_ref()), "value 39999");
}

/// A real error after line 40,000 is reported on its line; every other member is kept.
#[test]
fn an_error_after_line_40_000_is_reported_at_its_place() {
    let n = 21_000;
    let text = members(n, "\n").replace("text: Member 20500 of", "text: \"Member 20500 of");
    let doc = parse_yaml(&text);
    let line = text.find("\"Member 20500").unwrap();
    assert_eq!(doc.errors.len(), 1, "{:?}", doc.errors);
    let e = &doc.errors[0];
    let line_start = text[..line].rfind('\n').unwrap() + 1;
    assert!(
        (line_start..line + 40).contains(&(e.range.start as usize)),
        "{e:?} at {}",
        pos(&text, e.range.start as usize)
    );
    let list = items(entry(&doc, "members"));
    assert!(list.len() >= n - 1, "{} members kept", list.len());
    for i in [0, 20_499, 20_501, n - 1] {
        assert!(
            list.iter().any(|m| match &m.value {
                Value::Mapping(m) => scalar_text(m.entries[0].value.as_ref()) == format!("m{i}"),
                _ => false,
            }),
            "member {i} lost"
        );
    }
    assert_eq!(scalar_text(entry(&doc, "author").value.as_ref()), "me");
}

/// A block scalar mixed in: a long one (its body left out of the parse, 40,000 lines) and a short
/// one, before 20,000 members: the same model with and without gaps where both can be had.
#[test]
fn long_block_scalars_mixed_with_a_long_list() {
    let body = |lines: usize| -> String { (0..lines).map(|i| format!("  line {i} of the tooltip\n")).collect() };
    let text = format!("tooltip: |\n{}{}", body(40_000), members(20_000, "\n"));
    let doc = parse_yaml(&text);
    assert_eq!(doc.errors, vec![]);
    assert_members(&text, &doc, 20_000);
    assert_eq!(scalar_text(entry(&doc, "tooltip").value.as_ref()).lines().count(), 40_000);

    let text = format!("help: >\n{}{}", body(1_000), members(17_000, "\n"));
    let gapped = super::yaml::parse_yaml_with(&text, 1);
    assert_eq!(gapped.errors, vec![]);
    assert_eq!(gapped, super::yaml::parse_yaml_with(&text, usize::MAX));
    assert_eq!(gapped, limited(&text, 5_000));
}

/// Such a file keeps its runs for `reparse_yaml`: a keystroke in its long block scalar parses
/// again only the run it is in, and gives the fresh parse.
#[test]
fn a_file_over_the_limit_is_reparsed_run_by_run() {
    let text = format!("tooltip: |\n{}{}", "  tooltip line\n".repeat(3_000), members(17_000, "\n"));
    let (doc, reuse) = parse_yaml_reusable(&text);
    assert!(!reuse.is_empty());
    let at = text.find("tooltip line").unwrap() + 3_000;
    let mut next = text.clone();
    next.insert(at, 'x');
    let (doc, reuse) = reparse_yaml(&text, doc, &reuse, &next).expect("runs reused");
    assert_eq!(doc, parse_yaml(&next));
    assert_eq!(doc.errors, vec![]);
    // All but the one typed into and the last of each block (the root, the list; the whole
    // parse ends those where their block ends).
    let (reused, runs) = reuse.runs_reused();
    assert!(reused + 3 >= runs && runs > 1_000, "{reused} of {runs} runs reused");
}

/// Random edits anywhere in `text` (mostly small, some breaking the YAML, some whole lines added
/// or removed), each version parsed from the previous one's runs (`reparse_yaml`) and from
/// scratch with the same row limit: the models (errors too) must be equal. Returns the runs
/// reused and the runs there were, over the session.
/// Returns how many runs were reused, of how many, and how many blocks took the previous
/// version's nodes in place and by moving them.
fn edit_session(r: &mut Rng, mut text: String, limit: usize, edits: usize) -> (usize, usize, [usize; 2]) {
    use super::yaml::reparse_yaml_with;
    let typed = ["x", "x", "é", "🎉", " ", "", "\n", "\n  ", "  ", "1", "- ", ": "];
    let odd = ["\"", "'", "[", "{", "\t", "\r", "#", "key: a: b", "|", ">\n  x", "\n---\n", "\r\n", "? "];
    let lines = ["  - id: new\n    text: added\n", "key: value\n", "\n", "# comment\n", "  nested: x\n", "- x\n"];
    let (mut doc, mut reuse) = parse_yaml_limited(&text, usize::MAX, limit);
    let (mut reused, mut runs, mut placed) = (0, 0, [0; 2]);
    for _ in 0..edits {
        let old_text = text.clone();
        let mut at = r.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        match r.below(11) {
            // A whole line in or out.
            0 | 1 => {
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                if r.below(2) == 0 {
                    text.insert_str(start, r.pick(&lines));
                } else {
                    let end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
                    text.replace_range(start..end, "");
                }
            }
            // At the end: a line added after the last, or the last taken away.
            2 => {
                if r.below(2) == 0 {
                    if !text.is_empty() && !text.ends_with('\n') {
                        text.push('\n');
                    }
                    text.push_str(r.pick(&lines));
                } else {
                    let body = text.strip_suffix('\n').unwrap_or(&text);
                    text.truncate(body.rfind('\n').map_or(0, |i| i + 1));
                }
            }
            n => {
                let mut end = if r.below(4) == 0 { (at + r.below(8)).min(text.len()) } else { at };
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, if n == 3 { r.pick(&odd) } else { r.pick(&typed) });
            }
        }
        let fresh = parse_yaml_limited(&text, usize::MAX, limit);
        // Two edits in three as the editor may tell them: the changed bytes, or more around them.
        let known = super::known_edit(&old_text, &text, old_text.len() % 3);
        let next = match reparse_yaml_with(&old_text, doc, &reuse, &text, usize::MAX, known) {
            Some(next) => {
                if next.0 != fresh.0 {
                    let (a, b) = (render(&text, &next.0), render(&text, &fresh.0));
                    let diff = a.lines().zip(b.lines()).find(|(a, b)| a != b);
                    panic!("limit {limit}: reparsed ≠ fresh, after\n{old_text:?}\nnow\n{text:?}\n{diff:?}\n{a}\n{b}");
                }
                let (u, n) = next.1.runs_reused();
                assert_eq!(n, fresh.1.runs_reused().1, "other runs than a fresh parse's");
                (reused, runs) = (reused + u, runs + n);
                let [a, b] = next.1.runs_placed();
                placed = [placed[0] + a, placed[1] + b];
                next
            }
            None => fresh,
        };
        (doc, reuse) = next;
        // Mostly, a version that broke the document is undone, so the session goes on in
        // valid text (where runs are kept).
        if !doc.errors.is_empty() && r.below(4) != 0 {
            text = old_text;
            (doc, reuse) = parse_yaml_limited(&text, usize::MAX, limit);
        }
    }
    (reused, runs, placed)
}

/// Random edit sessions in documents over a small row limit: every version parsed from the
/// previous one's runs equals a fresh parse, and most runs are reused.
#[test]
fn versions_reparsed_from_the_previous_runs_equal_fresh_parses() {
    let mut r = Rng(0x5eed_2025);
    let (mut reused, mut runs, mut placed) = (0, 0, [0; 2]);
    for session in 0..300 {
        let text = if session % 5 == 0 {
            members(5 + r.below(40), if r.below(4) == 0 { "\r\n" } else { "\n" })
        } else {
            valid_doc(&mut r)
        };
        let limit = [1, 2, 3, 5, 8, 20][r.below(6)];
        let (u, n, [a, b]) = edit_session(&mut r, text, limit, 30);
        (reused, runs, placed) = (reused + u, runs + n, [placed[0] + a, placed[1] + b]);
    }
    assert!(runs > 10_000 && reused * 10 > runs * 6, "{reused} of {runs} runs reused");
    // Both ways of placing the nodes taken are gone through, many times.
    assert!(placed[0] > 10_000 && placed[1] > 50, "blocks placed in place and moved: {placed:?}");
}

/// A long list typed into and edited line by line: the runs around each edit are parsed again,
/// the others (nearly all) reused; every version equals a fresh parse.
#[test]
fn a_long_list_reparsed_from_its_runs_reuses_nearly_all() {
    let mut r = Rng(42);
    let (reused, runs, _) = edit_session(&mut r, members(3_000, "\n"), 500, 40);
    assert!(reused * 100 > runs * 95, "{reused} of {runs} runs reused");
}

/// A keystroke in the middle of a long list looks at the lines around it only: the runs before
/// and after it are the previous version's, taken by position (a few runs cut by scanning, of
/// thousands), and the model is a fresh parse's.
#[test]
fn a_keystroke_in_a_long_list_scans_only_the_runs_around_it() {
    use super::yaml::reparse_yaml_with;
    let mut text = members(6_000, "\n");
    let (mut doc, mut reuse) = parse_yaml_limited(&text, usize::MAX, 500);
    let first_scan = reuse.runs_scanned();
    let mut at = text.len() / 2;
    at += text[at..].find("text: ").unwrap() + 6;
    for typed in ["x", "y", "\n    note: z", "é"] {
        let old = text.clone();
        text.insert_str(at, typed);
        at += typed.len();
        (doc, reuse) = reparse_yaml_with(&old, doc, &reuse, &text, usize::MAX, None).expect("runs reused");
        assert_eq!(doc, parse_yaml_limited(&text, usize::MAX, 500).0);
        assert_eq!(doc.errors, vec![]);
        let (reused, runs) = reuse.runs_reused();
        assert!(reuse.runs_scanned() <= 4 && first_scan > 1_000, "{} of {runs} runs scanned", reuse.runs_scanned());
        assert!(reused + 6 >= runs, "{reused} of {runs} runs reused");
        // The list (and the root) is the previous one's vector, the runs around the keystroke
        // replaced in it.
        assert_eq!(reuse.runs_placed(), [2, 0]);
    }
}

/// A key typed twice into one member of a long list (parsed as runs, the others moved from the
/// previous version) marks that member, its list and the root as having duplicate keys, and no
/// other node; taken away again, none is marked.
#[test]
fn a_duplicate_key_in_a_long_list_marks_the_path_to_it() {
    use super::yaml::reparse_yaml_with;
    /// Whether some mapping in `n` spells a key twice, by looking at every one (not at the marks);
    /// every node's mark is checked on the way.
    fn walk(n: &Node) -> bool {
        let found = match &n.value {
            Value::Mapping(m) => {
                let below: Vec<bool> = m.entries.iter().filter_map(|e| e.value.as_ref()).map(walk).collect();
                !m.duplicates().is_empty() || below.contains(&true)
            }
            Value::Sequence(s) => s.items.iter().map(walk).collect::<Vec<_>>().contains(&true),
            Value::Scalar(_) => false,
        };
        assert_eq!(n.has_dup_keys(), found, "{n:?}");
        found
    }
    let mut text = members(6_000, "\n");
    let (mut doc, mut reuse) = parse_yaml_limited(&text, usize::MAX, 500);
    assert!(!walk(doc.root.as_ref().unwrap()));
    let at = text.len() / 2 + text[text.len() / 2..].find("    text: ").unwrap();
    for (typed, twice) in [("    id: again\n", true), ("", false)] {
        let old = text.clone();
        text = format!("{}{typed}{}", &old[..at], old[at..].strip_prefix("    id: again\n").unwrap_or(&old[at..]));
        (doc, reuse) = reparse_yaml_with(&old, doc, &reuse, &text, usize::MAX, None).expect("runs reused");
        assert_eq!(doc, parse_yaml_limited(&text, usize::MAX, 500).0);
        assert!(reuse.runs_reused().0 > 100);
        assert_eq!(walk(doc.root.as_ref().unwrap()), twice);
        let list = entry(&doc, "members").value.as_ref().unwrap().as_sequence().unwrap();
        assert_eq!(list.items.iter().filter(|n| n.has_dup_keys()).count(), usize::from(twice));
    }
}

/// An edit told against another version than the previous one (the bytes beside it differ) is not
/// taken: the texts are compared instead, and the model is a fresh parse's.
#[test]
fn an_edit_told_wrong_is_not_taken() {
    use super::yaml::reparse_yaml_with;
    let old = members(6_000, "\n");
    let (doc, reuse) = parse_yaml_limited(&old, usize::MAX, 500);
    let at = old.len() / 2 + old[old.len() / 2..].find("Member").unwrap();
    let text = format!("{}x{}", &old[..at], &old[at..]);
    // The same length change, told 3,000 bytes later (another keystroke's place).
    let wrong = Some((at + 3_000, at + 3_000, at + 3_001));
    let (doc, reuse) = reparse_yaml_with(&old, doc, &reuse, &text, usize::MAX, wrong).expect("runs reused");
    assert!(!reuse.told());
    assert_eq!(doc, parse_yaml_limited(&text, usize::MAX, 500).0);
    let right = Some((at + 1, at + 1, at + 2));
    let again = format!("{}x{}", &text[..at + 1], &text[at + 1..]);
    let (doc, reuse) = reparse_yaml_with(&text, doc, &reuse, &again, usize::MAX, right).expect("runs reused");
    assert!(reuse.told());
    assert_eq!(doc, parse_yaml_limited(&again, usize::MAX, 500).0);
}

/// The end of a region's last line that is not blank, found from the end back, is the one found
/// line by line from the start (blank lines, `\r`, tabs, a BOM, no final line break).
#[test]
fn last_line_end_from_the_back_equals_line_by_line() {
    use super::yaml::{last_line_end_by_lines, last_line_end_for_tests};
    let mut r = Rng(11);
    let pieces = ["a", " ", "\t", "\r", "\n", "\r\n", "# c", "\u{feff}", "é", "-"];
    for _ in 0..20_000 {
        let text: String = (0..r.below(12)).map(|_| r.pick(&pieces)).collect();
        let mut starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        starts.retain(|&s| s <= text.len());
        let start = starts[r.below(starts.len())];
        let mut end = start + r.below(text.len() - start + 1);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        assert_eq!(
            last_line_end_for_tests(&text, start, end),
            last_line_end_by_lines(&text, start, end),
            "{text:?} {start}..{end}"
        );
    }
}
