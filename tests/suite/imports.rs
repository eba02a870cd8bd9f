//! Python imports over `tests/fixtures/imports`: resolution of every import, definition, hover,
//! references, diagnostics and the pyrightconfig generator.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pyrevit_ls::analysis::python::{self, ImportSettings};
use pyrevit_ls::analysis::{codes, Snapshot};
use pyrevit_ls::base::{DiskSource, FileRange, LineIndex, PositionEncoding};
use pyrevit_ls::imports::{Lookup, ModuleCache, NameTarget, Resolver, SearchEnv};
use pyrevit_ls::index::build_index;
use pyrevit_ls::syntax::python::{parse_python, ImportKind};

use crate::support::fixture;

struct Fx {
    root: PathBuf,
    snap: Snapshot,
    settings: ImportSettings,
}

fn fx() -> Fx {
    let root = fixture("imports");
    let ws = root.join("workspace");
    let snap = Snapshot::new(Arc::new(build_index(&[ws])), Arc::new(DiskSource::default()), Default::default());
    let settings = ImportSettings { pyrevit_path: Some(root.join("pyrevit")), diagnostics: true };
    Fx { root, snap, settings }
}

impl Fx {
    fn rel(&self, p: &Path) -> String {
        p.strip_prefix(&self.root).unwrap_or(p).to_string_lossy().replace('\\', "/")
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.root.join("workspace").join(rel)
    }

    /// Byte offset of the `nth` occurrence of `needle` in `rel`, plus `into` bytes.
    fn at(&self, rel: &str, needle: &str, nth: usize, into: usize) -> (PathBuf, usize) {
        let path = self.file(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let off = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle} #{nth} in {rel}")).0;
        (path, off + into)
    }

    /// `path:line:col` (1-based line, 0-based UTF-16 column) of a file range.
    fn loc(&self, r: &FileRange) -> String {
        let text = std::fs::read_to_string(&r.path).unwrap_or_default();
        let lc = LineIndex::new(&text).line_col(&text, r.range.start as usize, PositionEncoding::Utf16);
        format!("{}:{}:{}", self.rel(&r.path), lc.line + 1, lc.col)
    }
}

fn describe(fx: &Fx, t: &NameTarget) -> String {
    match t {
        NameTarget::Def { file, def } => {
            format!("{} {} @ {}", format!("{:?}", def.kind).to_lowercase(), def.name.text, fx.rel(file))
        }
        NameTarget::Module { module } => fx.rel(&module.file),
        NameTarget::Binding { file, .. } => format!("binding @ {}", fx.rel(file)),
    }
}

/// First segments that belong to the runtime or pyRevit, not to the workspace.
const EXTERNAL: &[&str] = &["os", "sys", "clr", "System", "Autodesk", "pyrevit", "six", "__future__"];

#[test]
fn resolution_of_every_import() {
    let fx = fx();
    let cache = ModuleCache::default();
    let disk = DiskSource::default();
    let r = Resolver::new(SearchEnv::new(&fx.snap.index, fx.settings.pyrevit_path.clone()), &disk, &cache);
    let mut out = String::new();
    let (mut total, mut resolved) = (0, 0);
    for file in python::python_files(&fx.snap) {
        let text = std::fs::read_to_string(&file).unwrap();
        let m = parse_python(&text);
        if m.imports.is_empty() {
            continue;
        }
        let idx = LineIndex::new(&text);
        writeln!(out, "## {}", fx.rel(&file)).unwrap();
        for imp in &m.imports {
            let line = idx.line_col(&text, imp.range.start as usize, PositionEncoding::Utf8).line + 1;
            let stmt = text[imp.range.as_usize()].split_whitespace().collect::<Vec<_>>().join(" ");
            writeln!(out, "L{line} {stmt}").unwrap();
            let res = r.resolve_module(&file, &m, imp);
            let dotted = imp.module();
            let mut ok = res.as_ref().is_some_and(|r| r.target(dotted.segments.len()).is_some());
            for (i, seg) in dotted.segments.iter().enumerate() {
                let target = res.as_ref().and_then(|r| r.chain.get(i));
                let origin = match (i, res.as_ref().and_then(|r| r.entry.as_ref())) {
                    (0, Some(e)) if target.is_some() => {
                        format!(" [{:?} {}]", e.origin, fx.rel(&e.dir))
                    }
                    _ => String::new(),
                };
                let shown = target.map_or("unresolved".to_string(), |m| fx.rel(&m.file));
                writeln!(out, "  {} -> {shown}{origin}", seg.text).unwrap();
            }
            if let ImportKind::From { names, star, .. } = &imp.kind {
                let source = res.as_ref().and_then(|r| r.target(dotted.segments.len()));
                if dotted.segments.is_empty() {
                    writeln!(
                        out,
                        "  {} -> {}",
                        ".".repeat(imp.level() as usize),
                        source.map_or("unresolved".into(), |m| fx.rel(&m.file))
                    )
                    .unwrap();
                }
                for n in names {
                    let shown = match source.map(|s| r.lookup_name(s, &n.name.text)) {
                        Some(Lookup::Found(t)) => describe(&fx, &t),
                        Some(Lookup::Missing) => {
                            ok = false;
                            "MISSING".into()
                        }
                        Some(Lookup::Unknown) | None => {
                            ok = false;
                            "unresolved".into()
                        }
                    };
                    writeln!(out, "  .{} -> {shown}", n.name.text).unwrap();
                }
                if star.is_some() {
                    writeln!(out, "  .* (star)").unwrap();
                }
            }
            let external =
                imp.level() == 0 && dotted.segments.first().is_some_and(|s| EXTERNAL.contains(&s.text.as_str()));
            if !external {
                total += 1;
                resolved += ok as usize;
            }
        }
        out.push('\n');
    }
    let header = format!("workspace imports fully resolved: {resolved}/{total}\n\n");
    insta::assert_snapshot!(format!("{header}{out}"));
}

fn def(fx: &Fx, rel: &str, needle: &str, nth: usize, into: usize) -> Vec<String> {
    let (path, off) = fx.at(rel, needle, nth, into);
    python::definition(&fx.snap, &fx.settings, &path, off).iter().map(|r| fx.loc(r)).collect()
}

const DEEP: &str = "Demo.extension/Demo.tab/Main.panel/Tools.stack/Group.pulldown/Deep.pushbutton/script.py";
const SIMPLE: &str = "Demo.extension/Demo.tab/Main.panel/Simple.pushbutton/script.py";
const PLAIN: &str = "Demo.extension/Demo.tab/Other.panel/Plain.pushbutton/script.py";

#[test]
fn definition_on_segments_names_and_uses() {
    let fx = fx();
    let ext = "workspace/Demo.extension";
    // every segment of a dotted import
    assert_eq!(def(&fx, DEEP, "toolkit.nested.deep", 0, 1), [format!("{ext}/lib/toolkit/__init__.py:1:0")]);
    assert_eq!(def(&fx, DEEP, "toolkit.nested.deep", 0, 9), [format!("{ext}/lib/toolkit/nested/__init__.py:1:0")]);
    assert_eq!(def(&fx, DEEP, "toolkit.nested.deep", 0, 16), [format!("{ext}/lib/toolkit/nested/deep.py:1:0")]);
    // alias of `import a.b as x`
    assert_eq!(def(&fx, DEEP, "timpl", 0, 2), [format!("{ext}/lib/toolkit/impl.py:1:0")]);
    // imported names: re-exported through __init__.py, star re-export, submodule, alias
    assert_eq!(def(&fx, DEEP, "Widget, help_me", 0, 0), [format!("{ext}/lib/toolkit/impl.py:4:6")]);
    assert_eq!(def(&fx, DEEP, "help_me", 0, 0), [format!("{ext}/lib/toolkit/helpers.py:5:4")]);
    assert_eq!(def(&fx, DEEP, "nested\n", 0, 0), [format!("{ext}/lib/toolkit/nested/__init__.py:1:0")]);
    assert_eq!(def(&fx, DEEP, "mw\n", 0, 0), [format!("{ext}/lib/toolkit/impl.py:8:4")]);
    assert_eq!(def(&fx, DEEP, "import W,", 0, 7), [format!("{ext}/lib/toolkit/impl.py:4:6")]);
    // the bundle's own lib, its folder, the .lib extension root and its lib/
    assert_eq!(
        def(&fx, DEEP, "buttonmod", 0, 0),
        [format!("{ext}/Demo.tab/Main.panel/Tools.stack/Group.pulldown/Deep.pushbutton/lib/buttonmod.py:1:0")]
    );
    assert_eq!(def(&fx, DEEP, "lib_fn", 0, 0), ["workspace/Shared.lib/mylibpkg/__init__.py:4:4"]);
    assert_eq!(def(&fx, DEEP, "nestedlib", 0, 0), ["workspace/Shared.lib/lib/nestedlib.py:1:0"]);
    // later uses of imported names
    assert_eq!(
        def(&fx, DEEP, "buttonmod.button_fn()", 0, 12),
        [format!("{ext}/Demo.tab/Main.panel/Tools.stack/Group.pulldown/Deep.pushbutton/lib/buttonmod.py:4:4")]
    );
    assert_eq!(def(&fx, DEEP, "eu.ext_helper(eu.CONST)", 0, 4), [format!("{ext}/lib/extutil.py:7:4")]);
    assert_eq!(def(&fx, DEEP, "eu.CONST)", 0, 4), [format!("{ext}/lib/extutil.py:4:0")]);
    assert_eq!(
        def(&fx, DEEP, "toolkit.nested.deep.deep_fn()", 0, 21),
        [format!("{ext}/lib/toolkit/nested/deep.py:1:4")]
    );
    assert_eq!(def(&fx, DEEP, "w = Widget()", 0, 5), [format!("{ext}/lib/toolkit/impl.py:4:6")]);
    assert_eq!(def(&fx, DEEP, "mw()", 0, 0), [format!("{ext}/lib/toolkit/impl.py:8:4")]);
    // pyRevit checkout from settings
    assert_eq!(def(&fx, DEEP, "script, forms", 0, 0), ["pyrevit/pyrevitlib/pyrevit/script.py:1:0"]);
    // shadowing: the panel lib wins for a script in the panel, the extension lib elsewhere
    assert_eq!(def(&fx, DEEP, "import shared", 0, 8), [format!("{ext}/Demo.tab/Main.panel/lib/shared.py:1:0")]);
    assert_eq!(def(&fx, PLAIN, "import shared", 0, 8), [format!("{ext}/lib/shared.py:1:0")]);
    // unresolved: nothing, never a guess
    assert!(def(&fx, PLAIN, "import panelmod", 0, 8).is_empty());
    assert!(def(&fx, DEEP, "import os", 0, 8).is_empty());
    assert!(def(&fx, DEEP, "clr.AddReference", 0, 0).is_empty());
}

#[test]
fn definition_after_ironpython2_lines_and_in_hooks_and_startup() {
    let fx = fx();
    let ext = "workspace/Demo.extension";
    // before and after `print "…"` / `except E, e:` / `print >>f`
    assert_eq!(def(&fx, SIMPLE, "import extutil", 0, 8), [format!("{ext}/lib/extutil.py:1:0")]);
    assert_eq!(def(&fx, SIMPLE, "ext_helper", 0, 0), [format!("{ext}/lib/extutil.py:7:4")]);
    assert_eq!(def(&fx, SIMPLE, "PANEL_SHARED", 0, 0), [format!("{ext}/Demo.tab/Main.panel/lib/shared.py:2:0")]);
    assert_eq!(
        def(&fx, "Demo.extension/lib/legacy.py", "help_me", 0, 0),
        [format!("{ext}/lib/toolkit/helpers.py:5:4")]
    );
    // hooks: X/lib, X/bin, .lib — not the panel lib
    assert_eq!(def(&fx, "Demo.extension/hooks/doc-opened.py", "binmod", 0, 0), [format!("{ext}/bin/binmod.py:1:0")]);
    assert!(def(&fx, "Demo.extension/hooks/doc-opened.py", "panelmod", 0, 0).is_empty());
    // startup.py: X/lib and X/ itself
    assert_eq!(def(&fx, "Demo.extension/startup.py", "sidecar", 0, 0), [format!("{ext}/sidecar.py:1:0")]);
    assert!(def(&fx, "Demo.extension/startup.py", "import panelmod", 0, 8).is_empty());
    // relative imports and IronPython 2 implicit relative imports inside a lib package
    assert_eq!(
        def(&fx, "Demo.extension/lib/toolkit/nested/__init__.py", "impl", 0, 0),
        [format!("{ext}/lib/toolkit/impl.py:1:0")]
    );
    assert_eq!(
        def(&fx, "Demo.extension/lib/toolkit/sibling.py", "import impl", 0, 8),
        [format!("{ext}/lib/toolkit/impl.py:1:0")]
    );
    // a re-export cycle ends at the import that could not be followed
    assert_eq!(def(&fx, DEEP, "import ping", 0, 7), [format!("{ext}/lib/toolkit/cyc_b.py:1:26")]);
}

#[test]
fn hover_on_imports() {
    let fx = fx();
    let mut out = String::new();
    for (rel, needle, into) in [
        (DEEP, "import buttonmod", 8),
        (DEEP, "extutil as eu", 0),
        (DEEP, "Widget, help_me", 0),
        (DEEP, "lib_fn", 0),
        (DEEP, "eu.ext_helper(", 4),
        ("Demo.extension/startup.py", "sidecar", 0),
        ("Demo.extension/lib/toolkit/nested/__init__.py", "deep_fn", 0),
        (DEEP, "script, forms", 0),
    ] {
        let (path, off) = fx.at(rel, needle, 0, into);
        let h = python::hover(&fx.snap, &fx.settings, &path, off).unwrap_or_else(|| panic!("hover on {needle}"));
        let text = std::fs::read_to_string(&path).unwrap();
        writeln!(out, "### `{}` in {}\n{}\n", &text[h.range.as_usize()], rel, h.markdown).unwrap();
    }
    assert!(python::hover(&fx.snap, &fx.settings, &fx.file(PLAIN), fx.at(PLAIN, "panelmod", 0, 0).1).is_none());
    insta::assert_snapshot!(out);
}

#[test]
fn references_to_modules_and_defs() {
    let fx = fx();
    let refs = |rel: &str, needle: &str| -> Vec<String> {
        let (path, off) = if needle.is_empty() { (fx.file(rel), 0) } else { fx.at(rel, needle, 0, 0) };
        python::references(&fx.snap, &fx.settings, &path, off).iter().map(|r| fx.loc(r)).collect()
    };
    insta::assert_snapshot!("extutil_module", refs("Demo.extension/lib/extutil.py", "").join("\n"));
    insta::assert_snapshot!("ext_helper_def", refs("Demo.extension/lib/extutil.py", "ext_helper").join("\n"));
    insta::assert_snapshot!("widget_class", refs("Demo.extension/lib/toolkit/impl.py", "Widget").join("\n"));
    // from an import site: same answer as from the module itself
    assert_eq!(refs(DEEP, "nestedlib"), refs("Shared.lib/lib/nestedlib.py", ""));
    // the panel's shared.py is imported only where the panel lib is on the path
    let shared = refs("Demo.extension/Demo.tab/Main.panel/lib/shared.py", "");
    assert!(shared.iter().all(|s| s.contains("Main.panel")), "{shared:?}");
    assert!(!shared.is_empty());
}

#[test]
fn import_diagnostics() {
    let fx = fx();
    let render = |rel: &str| -> String {
        let path = fx.file(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        for d in python::diagnostics(&fx.snap, &fx.settings, &path) {
            writeln!(out, "{} {} `{}`: {}", d.severity.as_str(), d.code, &text[d.range.as_usize()], d.message).unwrap();
            for (at, msg) in &d.related {
                writeln!(out, "    related {}: {msg}", fx.loc(at)).unwrap();
            }
        }
        out
    };
    let simple = render(SIMPLE);
    let deep = render(DEEP);
    let plain = render(PLAIN);
    let hook = render("Demo.extension/hooks/doc-opened.py");
    insta::assert_snapshot!(format!("# Simple\n{simple}\n# Deep\n{deep}\n# Plain\n{plain}\n# hook\n{hook}"));
    assert!(simple.contains(&format!("{} `nope`", codes::UNRESOLVED_IMPORT_NAME)));
    // `toolkit/__init__.py` has a star import: its names are unknown, never "missing".
    assert!(!simple.contains("`missing_name`"), "{simple}");
    assert!(simple.contains("`nope`") && simple.contains("`nothing_here`"));
    assert!(
        !simple.contains("not_in_pyrevit") && !simple.contains("whatever"),
        "pyRevit and stdlib imports are never diagnosed"
    );
    assert!(!plain.contains(codes::SHADOWED_MODULE));
    assert!(deep.contains(codes::SHADOWED_MODULE));
    let off = ImportSettings { diagnostics: false, ..fx.settings.clone() };
    assert!(python::diagnostics(&fx.snap, &off, &fx.file(SIMPLE)).is_empty());
}

#[test]
fn pyright_config_environments() {
    let fx = fx();
    let v = python::pyright_config(&fx.snap, &fx.settings);
    let text =
        serde_json::to_string_pretty(&v).unwrap().replace(&fx.root.to_string_lossy().replace('\\', "/"), "<fixture>");
    insta::assert_snapshot!(text);
}

#[test]
fn index_probe_agrees_with_the_file_system() {
    let fx = fx();
    let env = SearchEnv::new(&fx.snap.index, fx.settings.pyrevit_path.clone());
    let files = python::python_files(&fx.snap);
    assert!(files.len() > 20);
    for file in files {
        let root = env.extension_root(&file).expect("fixture files are in extensions");
        let from_fs = pyrevit_ls::imports::search_path::search_path(
            &file,
            &root,
            &env.lib_ext_roots,
            env.pyrevit_path.as_deref(),
        );
        assert_eq!(env.search_path(&file), from_fs, "{}", fx.rel(&file));
    }
}

/// Workspace diagnostics judge a lib module only when an entry file reaches it by imports (or it
/// is open): a vendored module nothing imports is never parsed, its broken imports not reported.
#[test]
fn workspace_diagnostics_judge_only_reached_lib_modules() {
    let ws = crate::support::MemoryWorkspace::new(
        r#"
//- X.extension/T.tab/P.panel/B.pushbutton/script.py
import used
//- X.extension/lib/used.py
from helper import missing_in_helper
//- X.extension/lib/helper.py
from util import missing_in_util
//- X.extension/lib/util.py
x = 1
//- X.extension/lib/vendored.py
from util import missing_in_vendored
"#,
    );
    let all = pyrevit_ls::analysis::diagnostics::workspace_diagnostics(&ws.snapshot());
    let files: Vec<&str> = all.keys().filter_map(|p| p.file_name()?.to_str()).collect();
    assert_eq!(files, ["helper.py", "used.py"], "{all:#?}");
    assert!(all.values().flatten().all(|d| d.code == codes::UNRESOLVED_IMPORT_NAME));
}
