//! Incremental Python parsing (`python::reparse_python_with_meta`): after every random edit, the
//! module and its metadata equal those of a parse from scratch, broken versions included; a valid
//! version's chunks start at its statements, and its model read from the whole-file tree equals
//! the one from its chunks parsed one by one.

use super::python::{parse_python_chunked, parse_python_with_meta, reparse_python_with_meta, PyTree};
use super::Rng;

/// What typing inserts: identifiers, Python punctuation that opens and closes blocks, strings and
/// imports, line breaks of every kind, indentation, multi-byte characters.
const PIECES: &[&str] = &[
    "x",
    "import os\n",
    "from . import a as b\n",
    "def f(",
    "):\n    ",
    "class C:\n  ",
    "\"\"\"doc",
    "'",
    "#",
    "(",
    ")",
    "[",
    "]",
    ":",
    "\n",
    "\r\n",
    "\r",
    "    ",
    "\t",
    "é",
    "🎉",
    "__title__ = 'T'\n",
    "exec 'x'\n",
    "print \"a\"\n",
    "global g\n",
    "try:\n    import y\nexcept ImportError:\n    pass\n",
    "",
    "\\",
    "os.path.join",
    "\u{feff}",
    "\nelse:\n",
    "\nelif x:\n",
    "\nexcept:\n    ",
    "\nfinally:\n",
    "\n@d\n",
    "\n@e(\n",
    "\"\"\"",
    "'''",
    "\ndef g():\n",
    "\nclass D(",
    "\nasync def h():\n    ",
    "{",
    "}",
    "f'{x}'",
    "r'\\'",
    " \\\n",
];

fn seed_text(functions: usize) -> String {
    let mut t = String::from(
        "# -*- coding: utf-8 -*-\n\"\"\"Doc.\"\"\"\n__title__ = 'Big'\nimport os\nfrom pyrevit import forms\n",
    );
    for i in 0..functions {
        t.push_str(&format!("def f{i}(a, b):\n    \"\"\"f{i}.\"\"\"\n    return os.path.join(a, b) * {i}\n\n"));
    }
    t
}

/// Returns how many versions were free of syntax errors and how many
/// chunks of top-level statements kept their model from the previous version.
fn session(seed: u64, functions: usize, edits: usize) -> (usize, usize) {
    let (mut clean, mut reused) = (0, 0);
    let mut r = Rng(seed);
    let mut text = seed_text(functions);
    let (_, _, mut tree): (_, _, Option<PyTree>) = reparse_python_with_meta(&text, None);
    // Only valid edits so far (since the last undo to such a version): the text is valid Python.
    // (tree-sitter accepts more: a line break where a statement cannot end is whitespace to it,
    // `def \nf():`; such text is broken Python, and its chunks may split what tree-sitter joins.)
    let mut python = true;
    for step in 0..edits {
        let old = text.clone();
        let was_python = python;
        // Mostly single keystrokes near one place (typing), sometimes a jump or a larger cut.
        let mut at =
            if r.below(5) == 0 { r.below(text.len() + 1) } else { (text.len() / 2 + r.below(200)).min(text.len()) };
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + if r.below(4) == 0 { r.below(80) } else { 0 }).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if r.below(2) == 0 {
            // An edit that keeps the script valid: a statement before a `def`, a letter in a name.
            // Statements appear, join a decorator, comments and blank lines come between them.
            let valid = [
                ("\ndef ", "z = 1\n", 1),
                ("return ", "q", "return ".len()),
                ("\ndef ", "@deco\n@deco(1,\n2)\ndef dd():\n    pass\n", 1),
                ("\ndef ", "# note\n", 1),
                ("\ndef ", "\n", 1),
                ("\n\n", "\n", 1),
                ("\ndef ", "import sys\n", 1),
                ("\ndef ", "if x:\n    y = 2\nelse:\n    pass\n", 1),
                ("\n    return", "\n    z = 3", 0),
                ("\ndef ", "x = (1,\n2)\n", 1),
                ("\ndef ", "s = '''\ndef no():\n'''\n", 1),
                ("\ndef ", "t = 1 + \\\n2\n", 1),
                ("\ndef ", "# c\n    \n", 1),
                ("\ndef ", "class K:\n    '''d'''\n    def m(self):\n        pass\n# c\n        return\n", 1),
                ("\ndef ", "try:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\n", 1),
                ("\ndef ", "__all__ = ['a',\n'b']\n", 1),
            ];
            let (anchor, insert, skip) = valid[r.below(valid.len())];
            // Never between the decorators and the `def dd` they decorate.
            let hits: Vec<usize> = text
                .match_indices(anchor)
                .map(|(i, _)| i + skip)
                .filter(|&i| !text[i..].starts_with("def dd("))
                .collect();
            if let Some(&i) = hits.get(r.below(hits.len())) {
                text.insert_str(i, insert);
            }
        } else {
            text.replace_range(at..end, PIECES[r.below(PIECES.len())]);
            python = false;
        }
        let (module, meta, next) = reparse_python_with_meta(&text, tree.take().map(|t| (old.as_str(), t)));
        let (want_module, want_meta) = parse_python_with_meta(&text);
        assert_eq!(module, want_module, "seed {seed}, step {step}: module differs for\n{text:?}");
        assert_eq!(meta, want_meta, "seed {seed}, step {step}: metadata differs");
        let (chunked, chunked_meta, aligned) = parse_python_chunked(&text);
        assert!(!python || aligned == Some(true), "seed {seed}, step {step}: a chunk splits a statement of\n{text:?}");
        assert_eq!((chunked, chunked_meta), (want_module, want_meta), "seed {seed}, step {step}: chunks differ");
        clean += usize::from(!module.has_errors);
        reused += next.as_ref().map_or(0, PyTree::reused_statements);
        tree = next;
        // Undo most breaking edits (an editor's undo), so that clean versions keep coming.
        if module.has_errors && r.below(10) != 0 {
            let broken = std::mem::replace(&mut text, old);
            python = was_python;
            let (module, meta, next) = reparse_python_with_meta(&text, tree.take().map(|t| (broken.as_str(), t)));
            let want = parse_python_with_meta(&text);
            clean += usize::from(!want.0.has_errors);
            assert_eq!((module, meta), want, "seed {seed}, step {step}: undo differs");
            tree = next;
        }
    }
    (clean, reused)
}

#[test]
fn random_edits_of_small_scripts_reparse_like_a_fresh_parse() {
    let (clean, reused) = (0..40).map(|seed| session(seed, 3, 100)).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert!(clean > 200 && reused > 1000, "only {clean} clean versions, {reused} statements reused");
}

/// Typing a long name into a big script, one character at a time: every version is valid.
#[test]
fn typing_into_a_big_script_reparses_like_a_fresh_parse() {
    let mut text = seed_text(300);
    let at = text.find("return os").unwrap() + "return os".len();
    let (_, _, mut tree) = reparse_python_with_meta(&text, None);
    for (i, c) in "_name_typed_here".chars().enumerate() {
        let old = text.clone();
        text.insert(at + i, c);
        let (module, meta, next) = reparse_python_with_meta(&text, tree.take().map(|t| (old.as_str(), t)));
        assert_eq!((module, meta), parse_python_with_meta(&text));
        // Only the statement typed into (and its neighbours, at most) is lowered again.
        let reused = next.as_ref().map_or(0, PyTree::reused_statements);
        assert!(reused >= 300, "only {reused} statements reused");
        tree = next;
    }
}

#[test]
fn random_edits_of_a_big_script_reparse_like_a_fresh_parse() {
    let (clean, reused) = (99..102).map(|seed| session(seed, 300, 60)).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert!(clean > 30 && reused > 10_000, "only {clean} clean versions, {reused} statements reused");
}

/// Every valid `.py` file under `$PYREVIT_PY_CORPUS` (a real code base, e.g. a vendored standard
/// library): its chunks start at its statements and the chunks parsed one by one give the model.
/// By hand: `PYREVIT_PY_CORPUS=… cargo test --lib real_code_chunks -- --ignored`.
#[test]
#[ignore]
fn real_code_chunks_start_at_statements() {
    let root = std::env::var("PYREVIT_PY_CORPUS").expect("PYREVIT_PY_CORPUS");
    let (mut valid, mut files) = (0, 0);
    for entry in ignore::WalkBuilder::new(root).standard_filters(false).build().flatten() {
        let path = entry.path();
        let Some(text) = path.extension().filter(|e| *e == "py").and_then(|_| std::fs::read_to_string(path).ok())
        else {
            continue;
        };
        files += 1;
        let (module, meta, aligned) = parse_python_chunked(&text);
        assert_ne!(aligned, Some(false), "{} has a chunk that splits a statement", path.display());
        valid += usize::from(aligned.is_some());
        assert_eq!((module, meta), parse_python_with_meta(&text), "{}", path.display());
    }
    eprintln!("{valid} of {files} files valid");
}

/// The common prefix and suffix of two versions, compared in blocks, are the byte-by-byte ones:
/// edits anywhere in texts of every length around the block sizes.
#[test]
fn common_prefix_and_suffix_equal_byte_by_byte() {
    use super::python::{common_prefix, common_suffix};
    let mut r = Rng(7);
    for _ in 0..3_000 {
        let len = [0, 1, 63, 64, 65, 4095, 4096, 4097, 9000][r.below(9)] + r.below(3);
        let a: Vec<u8> = (0..len).map(|_| b"ab"[r.below(2)]).collect();
        let mut b = a.clone();
        let at = r.below(len + 1);
        let cut = r.below(len - at + 1).min(100);
        b.splice(at..at + cut, (0..r.below(5)).map(|_| b"abc"[r.below(3)]));
        let naive_prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let naive_suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
        assert_eq!(common_prefix(&a, &b), naive_prefix);
        assert_eq!(common_suffix(&a, &b), naive_suffix);
    }
}
