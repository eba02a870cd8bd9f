//! `{{template}}` features over fixture workspaces with definitions at every level (manifest,
//! root bundle.yaml, tab, panel, own): diagnostics, completion, hover, definition, references,
//! rename.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use pyrevit_ls::analysis::{completion, diagnostics, hover, navigation, rename, Snapshot};
use pyrevit_ls::base::FileRange;

use crate::support::{line_col, Workspace};

const LEVELS: &str = include_str!("../fixtures/templates/levels.txt");
const GO: &str = "T.extension/Main.tab/Tools.panel/Go.pushbutton/bundle.yaml";
const BAD: &str = "T.extension/Main.tab/Tools.panel/Bad.urlbutton/bundle.yaml";
const TAB: &str = "T.extension/Main.tab/bundle.yaml";
const SCRIPT: &str = "T.extension/Main.tab/Tools.panel/Script.pushbutton/script.py";

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// The byte offset of `needle` in `rel`, plus `delta`.
fn at(ws: &Workspace, rel: &str, needle: &str, delta: usize) -> (PathBuf, usize) {
    let path = ws.path(rel);
    let text = read(&path);
    let i = text.find(needle).unwrap_or_else(|| panic!("{needle} in {rel}"));
    (path, i + delta)
}

fn show(ws: &Workspace, r: &FileRange) -> String {
    let text = read(&r.path);
    format!("{} {} `{}`", ws.rel(&r.path), line_col(&text, r.range.start as usize), &text[r.range.as_usize()])
}

fn template_diagnostics(ws: &Workspace, snap: &Snapshot) -> String {
    let mut out = String::new();
    for (path, diags) in diagnostics::workspace_diagnostics(snap) {
        let text = read(&path);
        for d in diags.iter().filter(|d| d.code.contains("template")) {
            let _ = writeln!(
                out,
                "{} {} {} {}: {} `{}`",
                ws.rel(&path),
                line_col(&text, d.range.start as usize),
                d.severity.as_str(),
                d.code,
                d.message,
                &text[d.range.as_usize()]
            );
            for f in &d.fixes {
                let e = &f.edits[0].edits[0];
                let _ = writeln!(
                    out,
                    "    fix {:?}: {:?} at {}",
                    f.title,
                    e.new_text,
                    line_col(&text, e.range.start as usize)
                );
            }
        }
    }
    out
}

#[test]
fn diagnostics_at_every_level() {
    let ws = Workspace::new(LEVELS);
    insta::assert_snapshot!(template_diagnostics(&ws, &ws.snapshot()));
}

#[test]
fn without_manifest_the_python_loader_substitutes_nothing() {
    let ws = Workspace::new(include_str!("../fixtures/templates/no_manifest.txt"));
    insta::assert_snapshot!(template_diagnostics(&ws, &ws.snapshot()));
}

#[test]
fn completion_inside_braces() {
    let ws = Workspace::new(LEVELS);
    let snap = ws.snapshot();
    let (path, offset) = at(&ws, GO, "{{tabtpl}}", 4);
    let items = completion::completions(&snap, &path, offset);
    let text = read(&path);
    let mut out = String::new();
    for i in &items {
        let _ = writeln!(
            out,
            "{} = {:?} -> {:?} over `{}`",
            i.label,
            i.detail.as_deref().unwrap_or_default(),
            i.edit.new_text,
            &text[i.edit.range.as_usize()]
        );
    }
    insta::assert_snapshot!(out);
    // Outside braces: nothing from templates.
    let (path, offset) = at(&ws, GO, "Watch", 2);
    assert!(completion::completions(&snap, &path, offset).iter().all(|i| i.label != "tabtpl"));
    // In a script string.
    let (path, offset) = at(&ws, SCRIPT, "{{paneltpl", 2);
    let labels: Vec<_> = completion::completions(&snap, &path, offset).into_iter().map(|i| i.label).collect();
    assert!(labels.contains(&"paneltpl".to_string()) && labels.contains(&"youtube".to_string()), "{labels:?}");
}

#[test]
fn hover_shows_value_origin_and_result() {
    let ws = Workspace::new(LEVELS);
    let snap = ws.snapshot();
    let mut out = String::new();
    for (rel, needle) in [(GO, "{{company}}"), (GO, "{{youtube}}"), (GO, "{{author}}"), (TAB, "tabtpl:")] {
        let (path, offset) = at(&ws, rel, needle, 3);
        let h = hover::hover(&snap, &path, offset).expect("hover");
        let _ = writeln!(out, "## {needle}\n{}\n", h.markdown);
    }
    insta::assert_snapshot!(out);
}

#[test]
fn definition_of_each_level() {
    let ws = Workspace::new(LEVELS);
    let snap = ws.snapshot();
    let mut out = String::new();
    for needle in
        ["{{paneltpl}}", "{{youtube}}", "{{tabtpl}}", "{{company}}", "{{author}}", "{{docpath}}", "{{owntpl}}"]
    {
        let (path, offset) = at(&ws, GO, needle, 2);
        let defs: Vec<String> = navigation::definition(&snap, &path, offset).iter().map(|r| show(&ws, r)).collect();
        let _ = writeln!(out, "{needle} -> {}", defs.join(" | "));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn references_from_definition_and_use() {
    let ws = Workspace::new(LEVELS);
    let snap = ws.snapshot();
    let (path, offset) = at(&ws, TAB, "tabtpl:", 1);
    let from_def: Vec<String> =
        navigation::references(&snap, &path, offset, true).iter().map(|r| show(&ws, r)).collect();
    let (path, offset) = at(&ws, GO, "{{tabtpl}}", 3);
    let from_use: Vec<String> =
        navigation::references(&snap, &path, offset, true).iter().map(|r| show(&ws, r)).collect();
    assert_eq!(from_def, from_use);
    let without: Vec<String> =
        navigation::references(&snap, &path, offset, false).iter().map(|r| show(&ws, r)).collect();
    assert_eq!(without.len() + 1, from_use.len());
    insta::assert_snapshot!(from_def.join("\n"));
}

#[test]
fn rename_edits_every_file() {
    let ws = Workspace::new(LEVELS);
    let snap = ws.snapshot();
    let (path, offset) = at(&ws, GO, "{{tabtpl}}", 4);
    let range = rename::prepare_rename(&snap, &path, offset).unwrap().unwrap();
    assert_eq!(&read(&path)[range.as_usize()], "tabtpl");
    let fix = rename::rename(&snap, &path, offset, "tab_template").unwrap().unwrap();
    let mut out = String::new();
    for fe in &fix.edits {
        let text = read(&fe.path);
        for e in &fe.edits {
            let _ = writeln!(
                out,
                "{} {} `{}` -> `{}`",
                ws.rel(&fe.path),
                line_col(&text, e.range.start as usize),
                &text[e.range.as_usize()],
                e.new_text
            );
        }
    }
    insta::assert_snapshot!(out);
    // Manifest JSON key: the quotes stay.
    let (path, offset) = at(&ws, "T.extension/extension.json", "unused_one", 2);
    let fix = rename::rename(&snap, &path, offset, "used_one").unwrap().unwrap();
    let manifest = fix.edits.iter().find(|f| f.path.ends_with("extension.json")).expect("manifest edit");
    assert_eq!(&read(&manifest.path)[manifest.edits[0].range.as_usize()], "unused_one");
}

#[test]
fn prepare_rename_refuses_unsafe_names() {
    let ws = Workspace::new(LEVELS);
    let snap = ws.snapshot();
    // A real pyRevit key.
    let (path, offset) = at(&ws, GO, "{{author}}", 3);
    let err = rename::prepare_rename(&snap, &path, offset).unwrap_err();
    assert!(err.contains("pyRevit key"), "{err}");
    // A use sits in an escaped script string.
    let (path, offset) = at(&ws, GO, "{{docpath}}", 3);
    let err = rename::prepare_rename(&snap, &path, offset).unwrap_err();
    assert!(err.contains("escapes"), "{err}");
    // Not a template at all.
    let (path, offset) = at(&ws, GO, "Watch", 1);
    assert_eq!(rename::prepare_rename(&snap, &path, offset), Ok(None));
    // Taken and invalid new names.
    let (path, offset) = at(&ws, GO, "{{tabtpl}}", 3);
    assert!(rename::rename(&snap, &path, offset, "youtube").is_err());
    assert!(rename::rename(&snap, &path, offset, "a b").is_err());
    assert!(rename::rename(&snap, &path, offset, "title").is_err());
}

#[test]
fn unquoted_fix_quotes_the_value() {
    let ws = Workspace::new(LEVELS);
    let snap = ws.snapshot();
    let path = ws.path(BAD);
    let d = diagnostics::file_diagnostics(&snap, &path);
    let unq = d.iter().find(|d| d.code == "template-unquoted").expect("unquoted");
    let e = &unq.fixes[0].edits[0].edits[0];
    let mut text = read(&path);
    text.replace_range(e.range.as_usize(), &e.new_text);
    assert!(text.contains("author: '{{author}}'"), "{text}");
}

/// Completion-in-`{{` latency on a generated workspace (`PYREVIT_LS_BENCH_WS=/tmp/ws10k`, made by
/// `cargo run --release --example gen_workspace -- --out /tmp/ws10k --bundles 10000 --with-lib`).
/// Run with `cargo test --release --test suite templates::latency -- --ignored --nocapture`.
#[test]
#[ignore]
fn latency_of_completion_in_braces() {
    use std::sync::Arc;
    use std::time::Instant;

    use pyrevit_ls::analysis::Settings;
    use pyrevit_ls::base::{DiskSource, FileSource};

    struct Overlay(PathBuf, Arc<str>);
    impl FileSource for Overlay {
        fn read(&self, path: &Path) -> Option<Arc<str>> {
            if path == self.0 {
                Some(self.1.clone())
            } else {
                DiskSource::default().read(path)
            }
        }
    }

    let Ok(root) = std::env::var("PYREVIT_LS_BENCH_WS") else { return };
    let index = Arc::new(pyrevit_ls::index::build_index(&[PathBuf::from(&root)]));
    let buttons: Vec<PathBuf> = index
        .extensions
        .iter()
        .flat_map(|e| e.bundles.iter())
        .filter(|b| b.children.is_empty())
        .map(|b| b.path.join("bundle.yaml"))
        .collect();
    let step = (buttons.len() / 500).max(1);
    let text: Arc<str> = Arc::from("title: 'x {{");
    let base = Snapshot::new(index.clone(), Arc::new(DiskSource::default()), Arc::new(Settings::default()));
    let mut times = Vec::new();
    let mut count = 0;
    for path in buttons.iter().step_by(step) {
        let snap = Snapshot::new(index.clone(), Arc::new(Overlay(path.clone(), text.clone())), base.settings.clone());
        let t = Instant::now();
        count += completion::completions(&snap, path, text.len()).len();
        times.push(t.elapsed());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "completion in {{{{: {} requests over {} buttons, {} items; median {:?}, p99 {:?}, max {:?}",
        times.len(),
        buttons.len(),
        count,
        pct(0.5),
        pct(0.99),
        times.last().unwrap()
    );
}

#[test]
fn precedence_per_loader() {
    let ws = Workspace::new(
        r#"
//- P.extension/extension.json
{"x": "M-top", "templates": {"x": "M-tpl", "y": "M-y"}}
//- P.extension/P.tab/bundle.yaml
templates:
  y: TAB-y
//- P.extension/P.tab/A.panel/B.pushbutton/bundle.yaml
title: '{{x}} {{y}}'
//- P.extension/P.tab/A.panel/B.pushbutton/script.py
"#,
    );
    let snap = ws.snapshot();
    let (path, offset) = at(&ws, "P.extension/P.tab/A.panel/B.pushbutton/bundle.yaml", "{{x}}", 2);
    let md = hover::hover(&snap, &path, offset).expect("hover").markdown;
    // Python replaces top-level manifest keys before `templates`; C# reads only `templates`.
    assert!(md.contains("Shown as: `M-top TAB-y` (Python) / `M-tpl TAB-y` (C#)"), "{md}");
    let defs = navigation::definition(&snap, &path, offset);
    assert_eq!(defs.len(), 2, "one definition per loader: {defs:?}");
}

#[test]
fn every_feature_at_every_offset_never_panics() {
    let ws = Workspace::new(LEVELS);
    let snap = ws.snapshot();
    for rel in [GO, BAD, TAB, SCRIPT, "T.extension/extension.json", "T.extension/bundle.yaml"] {
        let path = ws.path(rel);
        let text = read(&path);
        assert!(!pyrevit_ls::analysis::templates::tag_ranges(&snap, &path).is_empty() || !text.contains("{{"));
        for offset in 0..=text.len() + 1 {
            let _ = completion::completions(&snap, &path, offset);
            let _ = hover::hover(&snap, &path, offset);
            let _ = navigation::definition(&snap, &path, offset);
            let _ = navigation::references(&snap, &path, offset, true);
            let _ = rename::prepare_rename(&snap, &path, offset);
            let _ = rename::rename(&snap, &path, offset, "renamed");
        }
    }
}

#[test]
fn non_ascii_text_and_offsets_inside_characters() {
    let ws = Workspace::new(
        "//- U.extension/extension.json\n{\"templates\": {\"é\": \"É\"}}\n\
         //- U.extension/U.tab/P.panel/B.pushbutton/bundle.yaml\ntitle: 'Élé {{é}} 🎉 {{'\ntooltip: \"x\\u00e9 {{é}}\"\n\
         //- U.extension/U.tab/P.panel/B.pushbutton/script.py\n__title__ = 'ü {{é}}'\n",
    );
    let snap = ws.snapshot();
    for rel in
        ["U.extension/U.tab/P.panel/B.pushbutton/bundle.yaml", "U.extension/U.tab/P.panel/B.pushbutton/script.py"]
    {
        let path = ws.path(rel);
        let text = read(&path);
        for offset in 0..=text.len() + 1 {
            let _ = completion::completions(&snap, &path, offset);
            let _ = hover::hover(&snap, &path, offset);
            let _ = navigation::references(&snap, &path, offset, true);
            let _ = rename::rename(&snap, &path, offset, "e");
        }
    }
    let path = ws.path("U.extension/U.tab/P.panel/B.pushbutton/bundle.yaml");
    let (p, offset) = at(&ws, "U.extension/U.tab/P.panel/B.pushbutton/bundle.yaml", "{{é}}", 3);
    assert_eq!(p, path);
    let edits = rename::rename(&snap, &path, offset, "e").unwrap().unwrap().edits;
    assert_eq!(edits.iter().map(|f| f.edits.len()).sum::<usize>(), 4, "manifest key, two YAML uses, the script use");
    assert!(template_diagnostics(&ws, &snap).is_empty(), "{}", template_diagnostics(&ws, &snap));
}
