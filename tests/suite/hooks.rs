//! Hook scripts (`<extension>/hooks/`): file-name diagnostics over a fixture holding every event,
//! rename fixes, hover, the "Name this hook…" assist and the `pyrevit.newHook` command.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use pyrevit_ls::analysis::diagnostics::{file_diagnostics, workspace_diagnostics};
use pyrevit_ls::analysis::{assists, commands, hover, Diagnostic, FileOp, Fix, Settings, Snapshot};
use pyrevit_ls::base::{DiskSource, TextRange};
use pyrevit_ls::knowledge::hooks::HOOK_EVENTS;
use serde_json::json;

use crate::support::{fixture, Workspace};

fn fixture_snapshot() -> (std::path::PathBuf, Snapshot) {
    let root = fixture("hooks");
    let index = pyrevit_ls::index::build_index(std::slice::from_ref(&root));
    (root, Snapshot::new(Arc::new(index), Arc::new(DiskSource::default()), Arc::new(Settings::default())))
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

fn render_fix(root: &Path, f: &Fix) -> String {
    let mut s = format!("    fix: {}\n", f.title);
    for op in &f.file_ops {
        match op {
            FileOp::Rename { from, to } => writeln!(s, "      rename {} -> {}", rel(root, from), rel(root, to)),
            FileOp::Create { path } => writeln!(s, "      create {}", rel(root, path)),
        }
        .unwrap();
    }
    for fe in &f.edits {
        for e in &fe.edits {
            writeln!(s, "      edit {} {:?}:", rel(root, &fe.path), e.range.as_usize()).unwrap();
            for line in e.new_text.lines() {
                writeln!(s, "        | {line}").unwrap();
            }
        }
    }
    s
}

fn render(root: &Path, path: &Path, diags: &[Diagnostic]) -> String {
    let mut s = format!("{}\n", rel(root, path));
    for d in diags {
        writeln!(s, "  {} {} {:?}: {}", d.severity.as_str(), d.code, d.range.as_usize(), d.message).unwrap();
        for f in &d.fixes {
            s.push_str(&render_fix(root, f));
        }
    }
    s
}

#[test]
fn fixture_has_every_event_and_valid_names_get_nothing() {
    let (root, snap) = fixture_snapshot();
    let ext = &snap.index.extensions[0];
    let names: Vec<String> =
        ext.hook_files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for e in HOOK_EVENTS {
        let hooks = ext.hooks_dir.as_ref().unwrap();
        let clean = names.iter().any(|n| {
            let p = pyrevit_ls::knowledge::hooks::parse_hook_file_name(n);
            p.csharp_matches
                && p.language_supported
                && p.event().is_some_and(|ev| ev.name == e.name)
                && file_diagnostics(&snap, &hooks.join(n)).is_empty()
        });
        assert!(clean, "fixture lacks a valid `{}` hook without diagnostics", e.name);
    }
    // startup.py and checks/*_check.py are recognised by the index (no diagnostics).
    assert_eq!(ext.startup_scripts, [root.join("Hooks.extension/startup.py")]);
    assert_eq!(ext.check_scripts, [root.join("Hooks.extension/checks/model_check.py")]);
    assert!(file_diagnostics(&snap, &ext.startup_scripts[0]).is_empty());
}

#[test]
fn fixture_diagnostics() {
    let (root, snap) = fixture_snapshot();
    let all = workspace_diagnostics(&snap);
    let mut out = String::new();
    for (path, diags) in &all {
        out.push_str(&render(&root, path, diags));
    }
    // The workspace run sees only the top level of hooks/: nothing for archive/.
    assert!(!out.contains("archive/"));
    insta::assert_snapshot!(out);
    // The same findings when the file is open (diagnostics for one file).
    let one = root.join("Hooks.extension/hooks/my-doc-opened.py");
    assert_eq!(all.get(&one).cloned().unwrap_or_default(), file_diagnostics(&snap, &one));
}

#[test]
fn file_in_a_hooks_subfolder_gets_information_when_open() {
    let (root, snap) = fixture_snapshot();
    let nested = root.join("Hooks.extension/hooks/archive/doc-opened.py");
    insta::assert_snapshot!(render(&root, &nested, &file_diagnostics(&snap, &nested)), @r"
    Hooks.extension/hooks/archive/doc-opened.py
      information ignored-hook-file 0..24: pyRevit scans only the top level of `hooks/`: files in sub-folders are never run as hooks (they are not on the import path either)
    ");
}

#[test]
fn rename_fixes_when_the_target_name_is_free() {
    let ws = Workspace::new(
        r#"
//- X.extension/hooks/my-doc-opened.py
print("a")
//- X.extension/hooks/01_view-activated.cs
// b
//- X.extension/hooks/Doc-Saving-As.py
//- X.extension/hooks/app-init[ID_X].vb
//- X.extension/hooks/command-exec ID_SOME].py
//- X.extension/hooks/doc-closed.PY
//- X.extension/hooks/docopened.py
//- X.extension/hooks/01_doc-changed.py
//- X.extension/hooks/doc-changed.py
"#,
    );
    let snap = ws.snapshot();
    let mut out = String::new();
    for (path, diags) in workspace_diagnostics(&snap) {
        out.push_str(&render(ws.root(), &path, &diags));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn loader_setting_narrows_loader_specific_findings() {
    let ws = Workspace::new("//- X.extension/hooks/01_doc-opened.py\n//- X.extension/hooks/doc-saved.PY\n");
    let codes = |loader: &str| -> Vec<&'static str> {
        let settings: Settings = serde_json::from_value(json!({ "loader": loader })).unwrap();
        let snap = ws.snapshot_with(settings);
        let mut c: Vec<_> = workspace_diagnostics(&snap).values().flatten().map(|d| d.code).collect();
        c.sort();
        c
    };
    assert_eq!(codes("portable"), ["hook-extension-case", "hook-name-prefix"]);
    assert_eq!(codes("python"), ["hook-extension-case"]);
    assert_eq!(codes("csharp"), ["hook-name-prefix"]);
}

fn hover_at(fixture: &str) -> Option<String> {
    let ws = Workspace::new(fixture);
    let (path, offset) = ws.at();
    hover::hover(&ws.snapshot(), &path, offset).map(|h| {
        let text = std::fs::read_to_string(&path).unwrap();
        let r = h.range.unwrap_or_default();
        format!("range: {:?}\n{}", &text[r.as_usize()], h.markdown)
    })
}

#[test]
fn hover_on_first_line_and_module_docstring() {
    let py = hover_at("//- X.extension/hooks/formula-editing.py\n# -*- coding: utf-8 -*-\n\"\"\"Checks\n$0formulas.\"\"\"\nimport os\n");
    insta::assert_snapshot!(py.unwrap());
    let first = hover_at("//- X.extension/hooks/doc-opened.py\nimport o$0s\n").unwrap();
    assert!(first.starts_with("range: \"import os\"\n**`doc-opened`** hook — event args `DocumentOpenedEventArgs`"));
    assert!(!first.contains("Revit 20"), "doc-opened has no version gate");
    // Outside line 0 and the docstring: nothing.
    assert_eq!(hover_at("//- X.extension/hooks/doc-opened.py\n\"\"\"Doc.\"\"\"\nimport o$0s\n"), None);
    // Not a hook event, or not in hooks/: nothing.
    assert_eq!(hover_at("//- X.extension/hooks/my-doc-opened.py\nimport o$0s\n"), None);
    assert_eq!(hover_at("//- X.extension/X.tab/P.panel/B.pushbutton/doc-opened.py\nimport o$0s\n"), None);
}

#[test]
fn hover_on_csharp_and_command_hooks() {
    let cs = hover_at("//- X.extension/hooks/command-before-exec[ID_OBJECTS_WALL].cs\n// wa$0lls\n").unwrap();
    insta::assert_snapshot!(cs);
    let missing = hover_at("//- X.extension/hooks/command-exec.py\n$0\n").unwrap();
    assert!(missing.contains("registers nothing"), "{missing}");
    let gated = hover_at("//- X.extension/hooks/dock-focus-changed.vb\n$0' x\n").unwrap();
    assert!(gated.contains("**Revit 2015+ only**") && gated.contains("DockableFrameFocusChangedEventArgs e)"));
}

fn assist_fixes(fixture: &str) -> (Workspace, Vec<Fix>) {
    let ws = Workspace::new(fixture);
    let (path, offset) = ws.at();
    let fixes = assists::assists(&ws.snapshot(), &path, TextRange::empty(offset));
    (ws, fixes)
}

#[test]
fn name_this_hook_offers_every_event_for_an_empty_file() {
    let (ws, fixes) = assist_fixes("//- X.extension/hooks/untitled.txt\n$0\n");
    assert_eq!(fixes.len(), HOOK_EVENTS.len());
    let titles: Vec<&str> = fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        titles[..3],
        [
            "Name this hook: app-init — Revit finished starting up",
            "Name this hook: app-closing — Revit is about to close",
            "Name this hook: app-idling — Revit is idle",
        ]
    );
    let opened = fixes.iter().find(|f| f.title.starts_with("Name this hook: doc-opened ")).unwrap();
    insta::assert_snapshot!(render_fix(ws.root(), opened));

    // A C# file keeps its language; an existing name is not offered.
    let (ws, fixes) =
        assist_fixes("//- X.extension/hooks/new.cs\n  $0\n//- X.extension/hooks/doc-opened.cs\n// taken\n");
    assert_eq!(fixes.len(), HOOK_EVENTS.len() - 1);
    assert!(!fixes.iter().any(|f| f.title.contains(" doc-opened ")));
    let synced = fixes.iter().find(|f| f.title.starts_with("Name this hook: doc-synced ")).unwrap();
    insta::assert_snapshot!(render_fix(ws.root(), synced));
}

#[test]
fn name_this_hook_only_for_empty_unnamed_hook_files() {
    assert!(assist_fixes("//- X.extension/hooks/untitled.py\nprint('x')$0\n").1.is_empty());
    assert!(assist_fixes("//- X.extension/hooks/doc-opened.py\n$0").1.is_empty());
    assert!(assist_fixes("//- X.extension/lib/untitled.py\n$0").1.is_empty());
    assert_eq!(assist_fixes("//- X.extension/hooks/theme-changed.py\n$0").1.len(), HOOK_EVENTS.len());
}

#[test]
fn new_hook_command() {
    let ws =
        Workspace::new("//- X.extension/hooks/doc-opened.py\n//- X.extension/X.tab/P.panel/B.pushbutton/script.py\n");
    let snap = ws.snapshot();
    assert!(commands::command_names().any(|c| c == "pyrevit.newHook"));
    let events = commands::execute(&snap, "pyrevit.hookEvents", &[]).unwrap();
    let commands::CommandOutput::Data(serde_json::Value::Array(events)) = events else { panic!("a list") };
    assert_eq!(events.len(), HOOK_EVENTS.len());
    assert!(events.iter().any(|e| e["name"] == "command-before-exec" && e["takesTarget"] == true));
    let ext = ws.path("X.extension");
    let run = |args: serde_json::Value| {
        commands::execute(&snap, "pyrevit.newHook", args.as_array().unwrap()).map(|out| match out {
            commands::CommandOutput::Edit(fix) => Some(fix),
            commands::CommandOutput::Data(_) => None,
        })
    };
    let vb = run(json!([ext.to_string_lossy(), "doc-updater", "vb"])).unwrap().unwrap();
    insta::assert_snapshot!(render_fix(ws.root(), &vb));
    let uri = format!("file://{}", ext.to_string_lossy().replace(' ', "%20"));
    let cmd = run(json!([uri, "command-before-exec[ID_OBJECTS_WALL]", "python"])).unwrap().unwrap();
    insta::assert_snapshot!(render_fix(ws.root(), &cmd));
    // Language defaults to Python; a path inside the extension finds it.
    let py = run(json!([ws.path("X.extension/X.tab").to_string_lossy(), "app-init"])).unwrap().unwrap();
    assert_eq!(py.file_ops, [FileOp::Create { path: ws.path("X.extension/hooks/app-init.py") }]);

    let err = |args: serde_json::Value| run(args).unwrap_err();
    assert!(err(json!([ext.to_string_lossy(), "doc-opened", "python"])).contains("already exists"));
    assert_eq!(
        err(json!([ext.to_string_lossy(), "doc-openned", "python"])),
        "`doc-openned` is not a pyRevit hook event; did you mean `doc-opened`?"
    );
    assert!(err(json!([ext.to_string_lossy(), "doc-saved", "ruby"])).contains("unknown language `ruby`"));
    assert!(err(json!([ext.to_string_lossy(), "doc-saved[ID_X]"])).contains("does not take"));
    assert!(err(json!([ext.to_string_lossy(), "command-exec[ID_1]"])).contains("uppercase letters"));
    assert!(err(json!([ws.root().to_string_lossy(), "doc-saved"])).contains("not a pyRevit extension"));
    assert!(err(json!([])).contains("missing extension path"));
    assert!(err(json!([ext.to_string_lossy()])).contains("missing event name"));
}

#[test]
fn pyrevit_dev_hooks_layout_gets_no_errors() {
    // The file names of pyRevit's own pyRevitDevHooks.extension/hooks that are not plain events.
    let ws = Workspace::new(
        "//- DevHooks.extension/hooks/command-before-exec[ID_INPLACE_COMPONENT].py\n\
         //- DevHooks.extension/hooks/command-can-exec[ID_INPLACE_COMPONENT].py\n\
         //- DevHooks.extension/hooks/command-exec[ID_INPLACE_COMPONENT].py\n\
         //- DevHooks.extension/hooks/command-exec[ID_INPLACE_COMPONENT].gif\n\
         //- DevHooks.extension/hooks/theme-changed.py\n\
         //- DevHooks.extension/hooks/theme-changed.cs\n\
         //- DevHooks.extension/hooks/view-activated.cs\n\
         //- DevHooks.extension/hooks/view-activated.vb\n\
         //- DevHooks.extension/hooks/doc-updater.py\n",
    );
    let all = workspace_diagnostics(&ws.snapshot());
    let ws = &ws;
    let mut seen: Vec<(String, &str)> =
        all.iter().flat_map(|(p, ds)| ds.iter().map(move |d| (ws.rel(p), d.code))).collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("DevHooks.extension/hooks/command-exec[ID_INPLACE_COMPONENT].gif".to_string(), "ignored-hook-file"),
            ("DevHooks.extension/hooks/theme-changed.cs".to_string(), "unsupported-hook-event"),
            ("DevHooks.extension/hooks/theme-changed.py".to_string(), "unsupported-hook-event"),
        ]
    );
}

#[test]
fn odd_names_and_contents_never_panic() {
    let names = [
        "[.py",
        "].py",
        "[].py",
        "..py",
        "a..py",
        "-.py",
        " .py",
        "é.py",
        "dóc-opened.py",
        "doc-opened[.py",
        "doc-opened].py",
        "[ID].py",
        "a[B]c.py",
        "command-exec[ID_X]extra.py",
        "x.",
        "noext",
        "UPPER.CS",
        "日本.vb",
    ];
    let mut fixture = String::new();
    for n in names {
        fixture.push_str(&format!("//- X.extension/hooks/{n}\n\"\"\"é 🎉\n"));
    }
    let ws = Workspace::new(&fixture);
    let snap = ws.snapshot();
    for n in names {
        let path = ws.path(&format!("X.extension/hooks/{n}"));
        let diags = file_diagnostics(&snap, &path);
        assert!(!diags.is_empty() || n == "doc-opened[.py" || n == "doc-opened].py", "{n}: no finding");
        for offset in 0..12 {
            let _ = hover::hover(&snap, &path, offset);
            let _ = assists::assists(&snap, &path, TextRange::empty(offset));
        }
    }
}
