//! Workspace index: discovery and bundle walking over the fixture workspaces.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use pyrevit_ls::index::{build_index, discover_extension_roots, Bundle, BundleId, Extension, WorkspaceIndex};
use pyrevit_ls::knowledge::bundle_types::BundleKind;

use crate::support::fixture;

/// Forward-slash path relative to `base` ("-" for none).
fn rel(base: &Path, p: Option<&PathBuf>) -> String {
    match p {
        None => "-".into(),
        Some(p) => match p.strip_prefix(base).unwrap_or(p).to_string_lossy().replace('\\', "/") {
            r if r.is_empty() => ".".into(),
            r => r,
        },
    }
}

fn rels(base: &Path, ps: &[PathBuf]) -> String {
    if ps.is_empty() {
        return "-".into();
    }
    ps.iter().map(|p| rel(base, Some(p))).collect::<Vec<_>>().join(", ")
}

/// Stable text rendering: one line per extension and per bundle (indented by nesting).
fn render(index: &WorkspaceIndex, base: &Path) -> String {
    let mut out = String::new();
    for ext in &index.extensions {
        let r = &ext.root;
        let _ = writeln!(
            out,
            "extension {} name={:?} kind={:?} suffix={} json={} yaml={} bundle.yaml={} lib={} bin={} hooks={} layout={}",
            rel(base, Some(r)),
            ext.name,
            ext.kind,
            ext.has_suffix,
            rel(r, ext.manifest_json.as_ref()),
            rel(r, ext.manifest_yaml.as_ref()),
            rel(r, ext.bundle_yaml.as_ref()),
            rel(r, ext.lib_dir.as_ref()),
            rel(r, ext.bin_dir.as_ref()),
            rel(r, ext.hooks_dir.as_ref()),
            rel(r, ext.layout_file.as_ref()),
        );
        let _ = writeln!(out, "  hook files: {}", rels(r, &ext.hook_files));
        let _ = writeln!(out, "  startup: {}", rels(r, &ext.startup_scripts));
        let _ = writeln!(out, "  checks: {}", rels(r, &ext.check_scripts));
        let _ = writeln!(out, "  files: {}", ext.files.join(", "));
        let _ = writeln!(
            out,
            "  other dirs: {}",
            ext.other_dirs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ")
        );
        for &c in &ext.children {
            render_bundle(&mut out, ext, c, 1, base);
        }
        for &t in &ext.tool_bundles {
            out.push_str("  (tools)\n");
            render_bundle(&mut out, ext, t, 1, base);
        }
    }
    out
}

fn render_bundle(out: &mut String, ext: &Extension, id: BundleId, depth: usize, base: &Path) {
    let b: &Bundle = ext.bundle(id);
    let p = &b.path;
    let icons: Vec<String> = b.icons.iter().map(|i| rel(p, Some(i))).collect();
    let _ = writeln!(
        out,
        "{}{:?} {:?} at {} yaml={} script={} cs={} config={} icons=[{}] lib={} bin={} children={} files=[{}]{}",
        "  ".repeat(depth),
        b.kind,
        b.name,
        rel(base, Some(p)),
        rel(p, b.bundle_yaml().as_ref()),
        rel(p, b.script().as_ref()),
        rel(p, b.csharp_script().as_ref()),
        rel(p, b.config_script().as_ref()),
        icons.join(", "),
        rel(p, b.lib_dir.as_ref()),
        rel(p, b.bin_dir.as_ref()),
        b.children.len(),
        b.files.join(", "),
        if b.other_dirs.is_empty() {
            String::new()
        } else {
            format!(" other=[{}]", b.other_dirs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", "))
        },
    );
    for &c in &b.children {
        render_bundle(out, ext, c, depth + 1, base);
    }
}

fn index_fixture(name: &str) -> (WorkspaceIndex, PathBuf) {
    let root = fixture(name);
    (build_index(std::slice::from_ref(&root)), root)
}

#[test]
fn example_fixture() {
    let (index, root) = index_fixture("example");
    insta::assert_snapshot!(render(&index, &root));
    let ext = &index.extensions[0];
    // Every bundle type appears at least once.
    for kind in BundleKind::ALL {
        assert!(ext.bundles.iter().any(|b| b.kind == kind), "{kind:?} missing from the example");
    }
    assert_eq!(index.lib_extensions().count(), 1);
}

#[test]
fn structure_fixture() {
    let (index, root) = index_fixture("structure");
    insta::assert_snapshot!(render(&index, &root));
}

#[test]
fn repo_root_fixture() {
    let (index, root) = index_fixture("repo_root");
    insta::assert_snapshot!(render(&index, &root));
    assert_eq!(index.extensions.len(), 1);
    assert!(!index.extensions[0].has_suffix);
}

#[test]
fn multi_fixture() {
    let (index, root) = index_fixture("multi");
    insta::assert_snapshot!(render(&index, &root));
    let names: Vec<&str> = index.extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["B", "Tools", "A"]);
}

#[test]
fn discovery_from_inside_an_extension() {
    let root = fixture("example");
    let panel = root.join("Example.extension/Example.tab/Basics.panel");
    assert_eq!(discover_extension_roots(&panel), vec![root.join("Example.extension")]);
    let index = build_index(&[panel]);
    assert_eq!(index.extensions.len(), 1);
    let script = root.join("Example.extension/Example.tab/Basics.panel/Hello.pushbutton/script.py");
    let (eid, bid) = index.owner_of(&script).expect("owned");
    let ext = index.extension(eid);
    assert_eq!(ext.bundle(bid.expect("in a bundle")).name, "Hello");
    let lib_file = root.join("Example.extension/lib/example_utils.py");
    assert_eq!(index.owner_of(&lib_file), Some((eid, None)));
}

#[test]
fn multi_root_dedupes_extensions() {
    let root = fixture("example");
    let index =
        build_index(&[root.join("Example.extension"), root.clone(), root.join("Example.extension/Example.tab")]);
    let names: Vec<&str> = index.extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Example", "Shared"]);
    assert_eq!(index.folders.len(), 3);
}

fn mkdirs(root: &Path, dirs: &[&str]) {
    for d in dirs {
        fs::create_dir_all(root.join(d)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    use std::os::unix::fs::symlink;
    let t = tempfile::tempdir().unwrap();
    let ws = t.path().join("ws");
    let outside = t.path().join("outside");
    mkdirs(&ws, &["A.extension/T.tab/P.panel/B.pushbutton"]);
    mkdirs(&outside, &["Z.extension/Z.tab/P.panel", "plain/Y.extension"]);
    // A loop inside a bundle, a link to an outside extension and to an outside plain folder.
    symlink(ws.join("A.extension"), ws.join("A.extension/T.tab/P.panel/Loop.pushbutton")).unwrap();
    symlink(outside.join("Z.extension"), ws.join("Z.extension")).unwrap();
    symlink(outside.join("plain"), ws.join("linked")).unwrap();
    symlink(&ws, ws.join("self")).unwrap();
    let index = build_index(std::slice::from_ref(&ws));
    let names: Vec<&str> = index.extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["A"]);
    assert_eq!(index.extensions[0].bundles.len(), 3);
}

#[test]
fn dot_git_and_private_folders_are_skipped() {
    let t = tempfile::tempdir().unwrap();
    mkdirs(t.path(), &[".git/X.extension", "_old/Y.extension", "src/Z.extension/_off.tab", "src/Z.extension/.git"]);
    let index = build_index(&[t.path().to_path_buf()]);
    let names: Vec<&str> = index.extensions.iter().map(|e| e.name.as_str()).collect();
    // `_old/` is a plain folder for discovery (only bundles are `_`-skipped).
    assert_eq!(names, ["Y", "Z"]);
    assert!(index.extensions[1].bundles.is_empty() && index.extensions[1].other_dirs.is_empty());
}

#[cfg(unix)]
#[test]
fn unreadable_folders_are_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    mkdirs(t.path(), &["A.extension/T.tab/P.panel/B.pushbutton", "locked/C.extension"]);
    let lock = |p: &Path, mode| fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
    let panel = t.path().join("A.extension/T.tab/P.panel");
    let locked = t.path().join("locked");
    lock(&panel, 0o000);
    lock(&locked, 0o000);
    let privileged = fs::read_dir(&locked).is_ok();
    let index = build_index(&[t.path().to_path_buf()]);
    lock(&panel, 0o755);
    lock(&locked, 0o755);
    let names: Vec<&str> = index.extensions.iter().map(|e| e.name.as_str()).collect();
    if privileged {
        // Running as root: permissions do not bite; the walk just has to finish.
        assert_eq!(names, ["A", "C"]);
    } else {
        assert_eq!(names, ["A"]);
        let ext = &index.extensions[0];
        assert_eq!(ext.bundles.len(), 2, "tab and the unreadable panel");
        assert!(ext.bundle(BundleId(1)).children.is_empty());
    }
}

#[test]
fn layout_mode_tools_are_bundles_without_parent() {
    let t = tempfile::tempdir().unwrap();
    let ext = t.path().join("L.extension");
    mkdirs(
        &ext,
        &[
            "tools/Group/Deep/Run.pushbutton",
            "tools/Stack It.stack/One.pushbutton",
            "tools/_skip.pushbutton",
            "layouts",
        ],
    );
    fs::write(ext.join("extension_layout.yaml"), "tabs:\n  - name: L\n").unwrap();
    let index = build_index(std::slice::from_ref(&ext));
    let e = &index.extensions[0];
    let tools: Vec<&str> = e.tool_bundles.iter().map(|&b| e.bundle(b).name.as_str()).collect();
    assert_eq!(tools, ["Stack It", "Run"]);
    assert!(e.tool_bundles.iter().all(|&b| e.bundle(b).parent.is_none()));
    assert_eq!(e.bundles.len(), 3);
    assert!(e.other_dirs.is_empty() && e.children.is_empty());
    assert!(e.layout_file.is_some() && e.tools_dir.is_some());
}

#[test]
fn discovery_walks_up_to_a_suffix_less_root() {
    let root = fixture("repo_root");
    for inner in ["RepoTools.tab/Main.panel", "docs", "lib"] {
        assert_eq!(discover_extension_roots(&root.join(inner)), vec![root.clone()], "from {inner}");
    }
}

#[path = "../../server/examples/gen_workspace.rs"]
mod gen_workspace;

#[test]
fn generated_workspace_has_the_asked_bundle_count() {
    let t = tempfile::tempdir().unwrap();
    for (bundles, extensions) in [(1, 1), (7, 3), (345, 2)] {
        let out = t.path().join(format!("ws{bundles}"));
        let opts = gen_workspace::Options {
            out: out.clone(),
            bundles,
            extensions,
            with_lib: true,
            seed: 7,
            index_only: false,
        };
        assert_eq!(gen_workspace::generate(&opts).unwrap(), bundles);
        let index = build_index(&[out]);
        assert_eq!(index.extensions.len(), extensions);
        assert_eq!(index.extensions.iter().map(|e| e.bundles.len()).sum::<usize>(), bundles);
        assert!(index.extensions.iter().all(|e| e.lib_dir.is_some() && e.other_dirs.is_empty()));
    }
}
