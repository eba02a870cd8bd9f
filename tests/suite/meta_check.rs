//! Metadata validation (bundle.yaml keys and values, locales, context, layout, manifests,
//! in-script globals): one snapshot of diagnostics per rule family, a large correct extension
//! that must stay clean through the real `check` binary, and a quick fix over stdio.

use std::process::Command;

use pyrevit_ls::analysis::diagnostics::workspace_diagnostics;
use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::{fixture, line_col, Workspace};

/// `path:line:col severity code message` lines, each followed by its fixes (`  fix: title → edits`).
fn render(ws: &Workspace) -> String {
    let snap = ws.snapshot();
    let mut out = String::new();
    for (path, diags) in workspace_diagnostics(&snap) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for d in diags {
            out.push_str(&format!(
                "{}:{} {} {} {}\n",
                ws.rel(&path),
                line_col(&text, d.range.start as usize),
                d.severity.as_str(),
                d.code,
                d.message
            ));
            for f in &d.fixes {
                let edits: Vec<String> = f
                    .edits
                    .iter()
                    .flat_map(|fe| fe.edits.iter())
                    .map(|e| format!("{:?}→{:?}", &text[e.range.as_usize()], e.new_text))
                    .collect();
                out.push_str(&format!("  fix: {} [{}]\n", f.title, edits.join(", ")));
            }
        }
    }
    out
}

const P: &str = "A.extension/A.tab/P.panel";

fn ws(files: &str) -> Workspace {
    Workspace::new(&files.replace("$P", P))
}

#[test]
fn keys() {
    let w = ws(r##"
//- $P/B.pushbutton/script.py
print(1)
//- $P/B.pushbutton/bundle.yaml
tooltop: Renumbers views
titel: Renumber
description: Some text
version: 1.2
youtube: https://youtu.be/x
media: tooltip.mp4
name: Renumber
Title: Other
TOOLTIP: Other tip
titles: C# only
beta: true
collapsed: true
hyperlink: https://example.com
extra:
  nested: map
//- A.extension/bundle.yaml
title: Root title
author: Jane
layout: [A]
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn duplicate_keys() {
    let w = ws(r##"
//- $P/B.pushbutton/script.py
print(1)
//- $P/B.pushbutton/bundle.yaml
title: One
tooltip: Tip
title: Two
engine:
  clean: true
  clean: false
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn required_keys_and_context_on_special_buttons() {
    let w = ws(r##"
//- $P/Go.urlbutton/bundle.yaml
title: Go
//- $P/Link.linkbutton/bundle.yaml
title: Link
context: selection
//- $P/Invoke.invokebutton/bundle.yaml
//- $P/Invoke.invokebutton/script.py
//- $P/Settings.panelbutton/script.py
print(1)
//- $P/Settings.panelbutton/bundle.yaml
context: zero-doc
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn values() {
    let w = ws(r##"
//- $P/B.pushbutton/script.py
print(1)
//- $P/B.pushbutton/bundle.yaml
title: [a, b]
is_beta:
  x: y
min_revit_version: 2021.5
max_revit_version: 2019
highlight: newest
engine:
  clean: yes
  mainthread: True
  persistent: 1
  fresh: true
//- $P/C.pushbutton/script.py
print(1)
//- $P/C.pushbutton/bundle.yaml
min_revit_version: 2012
max_revit_version: "2045"
highlight: Updated
is_beta: on
engine: clean
//- $P/bundle.yaml
collapsed: "True"
background: red
layout: [B, C]
//- A.extension/A.tab/Q.panel/bundle.yaml
background:
  panel: "#FF112233"
  title: "#FFF"
  slide: "#000000"
//- A.extension/A.tab/Q.panel/D.pushbutton/script.py
print(1)
//- A.extension/A.tab/Q.panel/D.pushbutton/bundle.yaml
min_revit_version: 2025
max_revit_version: '2022'
is_beta: "yes"
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn locales() {
    let w = ws(r##"
//- $P/B.pushbutton/script.py
print(1)
//- $P/B.pushbutton/bundle.yaml
title:
  en: Hello
  "fr-FR": Bonjour
  zh_cn: 你好
  chinese: 中文
  EN_US: Hi
  english: Hi again
  en_us: Hi thrice
tooltip:
  de_de: Hallo
  ru: Привет
help_url:
  en_us: https://example.com
  portuguese: https://example.com/pt
  ja: [a]
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn context() {
    let w = ws(r##"
//- $P/S.pushbutton/script.py
print(1)
//- $P/S.pushbutton/bundle.yaml
context: selection & doc-project
//- $P/G.pushbutton/script.py
print(1)
//- $P/G.pushbutton/bundle.yaml
context: ((selection)|(OST_Walls))&(a&b|c)&(d&&e)&(f
//- $P/H.pushbutton/script.py
print(1)
//- $P/H.pushbutton/bundle.yaml
context: "(selection)&(OST_Walls)|(!doc-family)&( )"
//- $P/L.pushbutton/script.py
print(1)
//- $P/L.pushbutton/bundle.yaml
context: [selectoin, OST_Wall, OST_Nothing, Walls, "Text Notes", "(a|b)", zerodoc, active-flor-plan, "-2000011"]
//- $P/M.pushbutton/script.py
print(1)
//- $P/M.pushbutton/bundle.yaml
context:
  zero-doc: [a]
  anny: [doc-project]
  any: [active-3d-view, active-sheet]
  not_all: OST_Doors
  rule: (selection;OST_Walls)|!(active-legend)
  type: ignored
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn layout() {
    let w = ws(r##"
//- A.extension/bundle.yaml
layout: [A, Missing]
//- A.extension/A.tab/bundle.yaml
layout:
  - P[after:Modify]
  - Q
//- A.extension/A.tab/Q.panel/X.pushbutton/script.py
//- $P/bundle.yaml
layout:
  - Renumber
  - renumber views
  - Purge[befor:Renumber]
  - Purge[before:Nowhere]
  - Tool[title:Big\nTool]
  - ">>>"
  - "-----"
//- $P/Renumber.pushbutton/script.py
//- $P/Renumber Views.pushbutton/script.py
//- $P/Purge.pushbutton/script.py
//- $P/Tool.pushbutton/script.py
//- $P/Hidden.pushbutton/script.py
//- $P/Other.pushbutton/script.py
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn manifests() {
    let w = ws(r##"
//- A.extension/extension.json
{
  "name": "A",
  "type": "extention",
  "author": "Jane",
  "descripton": "typo",
  "version": "1.0",
  "dependencies": ["B", "Elsewhere"],
  "authusers": "jane",
  "templates": {"docs": "https://example.com"}
}
//- A.extension/extension.yaml
name: A
author: John
type: extension
//- B.extension/B.tab/P.panel/X.pushbutton/script.py
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn in_script_metadata() {
    let w = ws(r##"
//- $P/Shadowed.pushbutton/bundle.yaml
title: From YAML
//- $P/Shadowed.pushbutton/script.py
__title__ = 'From script'
__context__ = 'selection'
__selfinit__ = None
//- $P/Loose.pushbutton/script.py
"""Docstring."""
__title__ = {'en_us': 'Hi', 'fr-FR': 'Salut'}
__doc__ = get_doc()
__context__ = {
    'any': ['selectoin', 'OST_Walls'],
}
__min_revit_ver__ = 'twenty'
__max_revit_ver__ = 2040
__highlight__ = 'nu'
__author__ = "Jane"
//- $P/Range.pushbutton/script.py
__min_revit_ver__ = 2024
__max_revit_ver__ = "2022"
__beta__ = True
//- $P/Loose.pushbutton/lib/helper.py
__title__ = {'xx': 'not a script'}
"##);
    insta::assert_snapshot!(render(&w));
}

#[test]
fn correct_bundles_are_clean() {
    let w = ws(r##"
//- $P/bundle.yaml
layout: [B, "---", "C[title:Sea]", ">>>", D]
background:
  panel: "#FF112233"
  title: "#000000"
collapsed: false
//- $P/B.pushbutton/script.py
//- $P/B.pushbutton/bundle.yaml
title:
  en_us: Bee
  fr_fr: Abeille
  chinese_s: 蜜蜂
context:
  any: [OST_Walls, ost_doors]
  not_all: [doc-family]
min_revit_version: 2020
max_revit_version: "2026"
is_beta: false
highlight: NEW
engine:
  clean: true
  mainthread: false
//- $P/C.pushbutton/script.py
__title__ = 'Sea'
__context__ = ['selection', 'OST_Walls']
//- $P/D.urlbutton/bundle.yaml
hyperlink: https://example.com
context: (zero-doc)|(doc-project)
"##);
    assert_eq!(render(&w), "");
}

fn run_check(path: &std::path::Path) -> (i32, Vec<Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_pyrevit-ls"))
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .output()
        .expect("run pyrevit-ls check");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("json output ({e}): {}", String::from_utf8_lossy(&out.stdout));
    });
    (out.status.code().unwrap_or(-1), v.as_array().cloned().unwrap_or_default())
}

#[test]
fn large_correct_extension_has_no_errors_or_warnings() {
    let (code, diags) = run_check(&fixture("large"));
    let bad: Vec<&Value> =
        diags.iter().filter(|d| matches!(d["severity"].as_str(), Some("error") | Some("warning"))).collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(code, 0);
}

#[test]
fn example_fixture_has_no_errors() {
    let (code, diags) = run_check(&fixture("example"));
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, 0);
}

#[test]
fn unknown_locale_quick_fix_over_stdio() {
    let w = ws(r##"
//- $P/B.pushbutton/script.py
print(1)
//- $P/B.pushbutton/bundle.yaml
title:
  en_us: Hello
  fr-FR: Bonjour
"##);
    let yaml = w.path(&format!("{P}/B.pushbutton/bundle.yaml"));
    let text = std::fs::read_to_string(&yaml).unwrap();
    let mut c = LspClient::spawn();
    c.initialize(&[w.root()], capabilities(false), Value::Null);
    c.open(&yaml, "yaml", &text);
    let diags = c.diagnostics(&yaml);
    let d = diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-locale")
        .unwrap_or_else(|| panic!("unknown-locale: {diags:#}"))
        .clone();
    assert_eq!(d["range"], json!({"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 7}}));
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&yaml)}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Replace with `fr_fr`")
        .unwrap_or_else(|| panic!("fix: {actions:#}"))
        .clone();
    assert_eq!(fix["kind"], "quickfix");
    let edits = &fix["edit"]["changes"][uri(&yaml)];
    let edits = if edits.is_null() { fix["edit"]["documentChanges"][0]["edits"].clone() } else { edits.clone() };
    assert_eq!(
        edits,
        json!([{"range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 7}}, "newText": "fr_fr"}])
    );
    assert!(c.shutdown().success());
}

#[test]
fn hostile_metadata_never_panics() {
    let cases = [
        "title:\n  \"fr-FR\\u00e9\": x\ncontext: \"(é&ü)|!(ß\"\n",
        "context: [[a], {any: b}, '!!((', ')(']\nlayout: x\n",
        "context:\n  any:\n    x: y\n  rule: [a]\nengine: [1]\nbackground: [a]\n",
        "layout: ['[', ']', '[a:b]', 'x[:]', '日本[before:語]', '']\n",
        "title: {a: {b: c}}\nmin_revit_version: [2020]\nmax_revit_version: ''\nhighlight: ~\n",
        "- a\n- b\n",
        "tit\u{0}le: x\n'': y\n? complex\n",
    ];
    let mut fixture = String::new();
    for (i, c) in cases.iter().enumerate() {
        fixture.push_str(&format!("//- $P/B{i}.pushbutton/script.py\n__title__ = {{'x': [1, {{2: 3}}]}}\n__context__ = ('a', f'{{x}}', 'b' 'c')\n__min_revit_ver__ = -1\n"));
        fixture.push_str(&format!("//- $P/B{i}.pushbutton/bundle.yaml\n{c}"));
        fixture.push_str(&format!("//- $P/L{i}.pulldown/bundle.yaml\n{c}"));
    }
    fixture.push_str("//- A.extension/extension.json\n{\"type\": [1], \"dependencies\": \"x\", \"templates\": []}\n");
    fixture.push_str("//- A.extension/extension.yaml\ntype: {a: b}\ndependencies: [[x]]\n");
    let w = ws(&fixture);
    let out = render(&w);
    assert!(out.contains("wrong-value-shape"), "{out}");
}

/// `tests/fixtures/trust`: each class of issue 11 as a true case next to the false one it must
/// not be confused with. Every diagnostic with its related places and fixes (edits and file
/// operations), paths relative to the fixture.
#[test]
fn trust_fixture_true_and_false_cases() {
    use pyrevit_ls::analysis::{FileOp, Settings, Snapshot};
    use std::sync::Arc;

    let root = fixture("trust");
    let rel = |p: &std::path::Path| p.strip_prefix(&root).unwrap_or(p).to_string_lossy().replace('\\', "/");
    let index = pyrevit_ls::index::build_index(std::slice::from_ref(&root));
    let snap = Snapshot::new(
        Arc::new(index),
        Arc::new(pyrevit_ls::base::DiskSource::default()),
        Arc::new(Settings::default()),
    );
    let mut out = String::new();
    for (path, diags) in workspace_diagnostics(&snap) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for d in diags {
            let sev = d.severity.as_str();
            out.push_str(&format!(
                "{}:{} {sev} {} {}\n",
                rel(&path),
                line_col(&text, d.range.start as usize),
                d.code,
                d.message
            ));
            for (at, msg) in &d.related {
                let shown = if at.path.is_dir() { format!("{}/", rel(&at.path)) } else { rel(&at.path) };
                out.push_str(&format!("  related: {shown}: {msg}\n"));
            }
            for f in &d.fixes {
                let mut parts: Vec<String> = f
                    .file_ops
                    .iter()
                    .map(|op| match op {
                        FileOp::Create { path } => format!("create {}", rel(path)),
                        FileOp::Rename { from, to } => format!("rename {} → {}", rel(from), rel(to)),
                    })
                    .collect();
                parts.extend(
                    f.edits
                        .iter()
                        .flat_map(|fe| fe.edits.iter())
                        .map(|e| format!("{:?}→{:?}", &text[e.range.as_usize()], e.new_text)),
                );
                out.push_str(&format!("  fix: {} [{}]\n", f.title, parts.join(", ")));
            }
        }
    }
    // The false variants must stay silent: no finding in these files, none about these names.
    for file in [
        "Trust.extension/Trust.tab/Severity.panel/Hidden.stack/",
        "Trust.extension/Trust.tab/Severity.panel/Versions.pulldown/Old.pushbutton/",
        "Trust.extension/Trust.tab/Severity.panel/Context.pulldown/MapForm.pushbutton/",
        "Trust.extension/lib/vendor/typed.py",
        "Trust.extension/lib/vendor/starry.py",
        "Trust.extension/lib/py3/",
    ] {
        assert!(!out.lines().any(|l| l.starts_with(file)), "{file} must not be reported:\n{out}");
    }
    for name in [
        "`Listed.stack` holds",
        "`Matrix`",
        "`LOOPVAR`",
        "`not_there`",
        "`anything_at_all`",
        "ascii_letters",
        "`area`",
        "`show`",
        "`forms`",
    ] {
        assert!(!out.contains(name), "{name} must not be reported:\n{out}");
    }
    assert!(!out.contains("error misplaced-bundle a .panel inside a .panel"), "{out}");
    insta::assert_snapshot!(out);
}

/// Folder findings shown on a `layout` entry follow edits of that `bundle.yaml` without a
/// reindex: the next snapshot over the same index (what the server makes after an edit) shares
/// the structure cache, which depends on the layouts it read.
#[test]
fn folder_findings_follow_layout_edits() {
    let w = ws(r##"
//- $P/bundle.yaml
layout: [Solo, Pair]
//- $P/Solo.stack/Only.pushbutton/script.py
print(1)
//- $P/Pair.stack/bundle.yaml
layout: [A, B]
//- $P/Pair.stack/A.pushbutton/script.py
//- $P/Pair.stack/B.pushbutton/script.py
//- $P/Pair.stack/C.pushbutton/script.py
"##);
    let snap = w.snapshot();
    let panel = w.path(&format!("{P}/bundle.yaml"));
    let stack_yaml = w.path(&format!("{P}/Pair.stack/bundle.yaml"));
    let at = |snap: &pyrevit_ls::analysis::Snapshot| -> Vec<String> {
        let text = std::fs::read_to_string(&panel).unwrap();
        pyrevit_ls::analysis::diagnostics::file_diagnostics(snap, &panel)
            .iter()
            .filter(|d| d.code == "stack-size")
            .map(|d| format!("{} {}", line_col(&text, d.range.start as usize), &text[d.range.as_usize()]))
            .collect()
    };
    assert_eq!(at(&snap), ["1:10 Solo"]);
    // A snapshot reads a file once: the next one, over the same index, sees the edit.
    let after_edit = |snap: &pyrevit_ls::analysis::Snapshot| {
        snap.with_vfs(pyrevit_ls::base::Vfs::over(std::sync::Arc::new(pyrevit_ls::base::DiskSource::default())))
    };
    std::fs::write(&panel, "title: Tools\nlayout:\n  - Pair\n  - Solo\n").unwrap();
    let snap = after_edit(&snap);
    assert_eq!(at(&snap), ["4:5 Solo"], "the next snapshot over the same index sees the edited layout");
    // A stack with its own bundle.yaml shows its findings there: listing one of three children
    // makes it a 1-item stack for the Python loader.
    assert!(pyrevit_ls::analysis::diagnostics::file_diagnostics(&snap, &stack_yaml)
        .iter()
        .all(|d| d.code != "stack-size"));
    std::fs::write(&stack_yaml, "layout: [A]\n").unwrap();
    let snap = after_edit(&snap);
    let stack_findings: Vec<String> = pyrevit_ls::analysis::diagnostics::file_diagnostics(&snap, &stack_yaml)
        .iter()
        .filter(|d| d.code == "stack-size")
        .map(|d| d.message.split(':').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(stack_findings, ["`Pair.stack` holds 1 item"]);
}
