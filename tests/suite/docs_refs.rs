//! Code comments cite pyRevit facts as "spec §N", meaning section N of `docs/pyrevit.md`: every
//! cited section must exist there, and nothing may point at a reference outside the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Section numbers after `§` in `text` (`§1.4` → `1.4`; `§2.2–§2.5` → `2.2`, `2.5`).
fn cited_sections(text: &str) -> Vec<String> {
    text.split('§')
        .skip(1)
        .filter_map(|rest| {
            let n: String = rest.trim_start().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let n = n.trim_end_matches('.').to_string();
            (!n.is_empty()).then_some(n)
        })
        .collect()
}

/// `## 1. Folder model` → `1`, `### 1.4 Files` → `1.4`.
fn doc_sections(doc: &str) -> BTreeSet<String> {
    doc.lines()
        .filter_map(|l| l.strip_prefix("### ").or_else(|| l.strip_prefix("## ")))
        .filter_map(|h| {
            let n = h.split_whitespace().next()?.trim_end_matches('.');
            n.chars().all(|c| c.is_ascii_digit() || c == '.').then(|| n.to_string())
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[test]
fn section_scanners() {
    assert_eq!(cited_sections("(spec §1.4 step 1–2; §2.2–§2.5, § 7.)"), ["1.4", "2.2", "2.5", "7"]);
    let doc = "# T\n## 0. Sources\n### 1.4 Files\n## Notes\n";
    assert_eq!(doc_sections(doc).into_iter().collect::<Vec<_>>(), ["0", "1.4"]);
}

#[test]
fn every_cited_spec_section_exists_in_docs_pyrevit_md() {
    let doc = std::fs::read_to_string(repo().join("docs/pyrevit.md")).unwrap();
    let sections = doc_sections(&doc);
    let mut files = Vec::new();
    rust_files(&repo().join("server/src"), &mut files);
    rust_files(&repo().join("tests/suite"), &mut files);
    let mut cited = 0;
    // Built at run time so this file does not match itself.
    let outside: Vec<String> = ["pyrevit-spec", "product-rules"].iter().map(|n| format!("shared/{n}")).collect();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !outside.iter().any(|o| text.contains(o.as_str())),
            "{} cites a reference outside the repository; cite docs/pyrevit.md",
            file.display()
        );
        for line in text.lines().filter(|l| l.trim_start().starts_with("//")) {
            for n in cited_sections(line) {
                cited += 1;
                assert!(sections.contains(&n), "{} cites §{n}, which docs/pyrevit.md lacks: {line}", file.display());
            }
        }
    }
    assert!(cited > 40, "only {cited} citations found: is the scanner broken?");
}
