//! Finding extension roots in a workspace folder (product-rules "Finding extensions").

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::WalkBuilder;

use crate::base::{DiskSource, FileSource};
use crate::knowledge::bundle_types::{classify_folder, BundleKind, FolderKind};
use crate::knowledge::files;

/// Folders never searched for extensions (besides `.`-prefixed ones and `.gitignore`d ones).
const SKIPPED_DIRS: &[&str] = &["node_modules", "venv", "site-packages"];
/// A folder holding this file is a Python virtual environment.
const VENV_MARKER: &str = "pyvenv.cfg";
/// Suffix-less folders are recognised by content down to this depth below the workspace folder.
const CONTENT_DEPTH: usize = 2;

/// Every extension root (`*.extension`, `*.lib`, or a suffix-less extension recognised by
/// content) at or below `folder`, and the one enclosing it when `folder` is inside an extension.
/// Order: the walk order (entries sorted by name). Unreadable entries are skipped.
pub fn discover_extension_roots(folder: &Path) -> Vec<PathBuf> {
    discover_extension_roots_with(folder, &DiskSource::default())
}

/// [`discover_extension_roots`] with folder contents from `fs` (the search below a folder that
/// is not itself in an extension still walks the disk, honouring `.gitignore`).
pub fn discover_extension_roots_with(folder: &Path, fs: &dyn FileSource) -> Vec<PathBuf> {
    if !fs.is_dir(folder) {
        return Vec::new();
    }
    if is_extension_root_with(folder, fs) {
        return vec![folder.to_path_buf()];
    }
    if let Some(parent) = folder.parent() {
        if let Some(root) = find_enclosing_extension_with(parent, fs) {
            return vec![root];
        }
    }
    if fs.is_disk() {
        search_below(folder)
    } else {
        search_below_in(folder, fs)
    }
}

/// The extension root that contains `path` (or is `path`), walking up.
pub fn find_enclosing_extension(path: &Path) -> Option<PathBuf> {
    find_enclosing_extension_with(path, &DiskSource::default())
}

/// [`find_enclosing_extension`] through `fs`.
pub fn find_enclosing_extension_with(path: &Path, fs: &dyn FileSource) -> Option<PathBuf> {
    path.ancestors().find(|a| fs.is_dir(a) && is_extension_root_with(a, fs)).map(Path::to_path_buf)
}

/// True for a `*.extension` / `*.lib` folder, or a suffix-less folder whose content makes it an
/// extension: `*.tab` children, a manifest, or `hooks/` / `lib/` beside bundle folders.
pub fn is_extension_root(dir: &Path) -> bool {
    is_extension_root_with(dir, &DiskSource::default())
}

fn is_extension_root_with(dir: &Path, fs: &dyn FileSource) -> bool {
    match dir.file_name().map(|n| classify_folder(&n.to_string_lossy())) {
        Some(FolderKind::Extension | FolderKind::LibExtension) => true,
        Some(FolderKind::Other) => recognised_by_content_with(dir, fs),
        _ => false,
    }
}

/// Content test for a suffix-less extension root (one listing, no recursion).
fn recognised_by_content_with(dir: &Path, fs: &dyn FileSource) -> bool {
    let Some(entries) = fs.list(dir) else {
        return false;
    };
    let (mut tab, mut manifest, mut hooks_or_lib, mut bundle) = (false, false, false, false);
    for name in &entries.dirs {
        if name.eq_ignore_ascii_case(files::HOOKS_DIR) || name.eq_ignore_ascii_case(files::LIB_DIR) {
            hooks_or_lib = true;
        } else if !name.starts_with(['.', '_']) {
            if let FolderKind::Bundle(kind) = classify_folder(name) {
                bundle = true;
                tab |= kind == BundleKind::Tab;
            }
        }
    }
    for name in &entries.files {
        if name.eq_ignore_ascii_case(files::EXTENSION_JSON) || name.eq_ignore_ascii_case(files::EXTENSION_YAML) {
            manifest = true;
        }
    }
    tab || manifest || (hooks_or_lib && bundle)
}

/// Search below `folder` with the `ignore` walker; extension roots and bundle folders are not
/// descended into.
fn search_below(folder: &Path) -> Vec<PathBuf> {
    let found = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&found);
    let walker = WalkBuilder::new(folder)
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            if e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) {
                return e.depth() == 0;
            }
            let name = e.file_name().to_string_lossy();
            match visit(&name, e.path(), e.depth(), &DiskSource::default()) {
                Visit::Descend => true,
                Visit::Skip => false,
                Visit::Root(root) => {
                    if let Ok(mut v) = sink.lock() {
                        if !v.contains(&root) {
                            v.push(root);
                        }
                    }
                    false
                }
            }
        })
        .build();
    // Drive the walk; errors (unreadable folders, entries vanishing) are skipped.
    for entry in walker {
        let _ = entry;
    }
    let out = match found.lock() {
        Ok(mut v) => std::mem::take(&mut *v),
        Err(_) => Vec::new(),
    };
    out
}

/// What the search does with a sub-folder `name` at `path`, `depth` levels below the folder:
/// the one place that decides where extension roots are looked for.
enum Visit {
    Descend,
    Skip,
    /// An extension root (the folder itself, or its parent for a deep `.tab`).
    Root(PathBuf),
}

fn visit(name: &str, path: &Path, depth: usize, fs: &dyn FileSource) -> Visit {
    if SKIPPED_DIRS.iter().any(|s| name.eq_ignore_ascii_case(s)) || name.starts_with('.') {
        return Visit::Skip;
    }
    if fs.is_file(&path.join(VENV_MARKER)) {
        return Visit::Skip;
    }
    match classify_folder(name) {
        FolderKind::Extension | FolderKind::LibExtension => Visit::Root(path.to_path_buf()),
        FolderKind::Other if depth <= CONTENT_DEPTH && recognised_by_content_with(path, fs) => {
            Visit::Root(path.to_path_buf())
        }
        FolderKind::Other => Visit::Descend,
        // A `.tab` below the content-test depth: its folder is a suffix-less extension.
        FolderKind::Bundle(BundleKind::Tab) => match path.parent() {
            Some(parent) if depth > 1 => Visit::Root(parent.to_path_buf()),
            _ => Visit::Skip,
        },
        // A stray bundle outside any extension, or a legacy folder: nothing to find inside.
        FolderKind::Bundle(_) | FolderKind::Legacy(_) => Visit::Skip,
    }
}

/// [`search_below`] through a file system that is not the disk (no `.gitignore` rules).
fn search_below_in(folder: &Path, fs: &dyn FileSource) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![(folder.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Some(listing) = fs.list(&dir) else { continue };
        for name in listing.dirs.iter().rev() {
            let path = dir.join(name);
            match visit(name, &path, depth + 1, fs) {
                Visit::Descend => stack.push((path, depth + 1)),
                Visit::Skip => {}
                Visit::Root(root) => {
                    if !found.contains(&root) {
                        found.push(root);
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mkdirs(root: &Path, dirs: &[&str]) {
        for d in dirs {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
    }

    #[test]
    fn suffix_less_root_by_tab_child() {
        let t = tempfile::tempdir().unwrap();
        mkdirs(t.path(), &["Foo.tab/Bar.panel"]);
        assert!(recognised_by_content_with(t.path(), &DiskSource::default()));
        assert_eq!(discover_extension_roots(t.path()), vec![t.path().to_path_buf()]);
    }

    #[test]
    fn lib_alone_is_not_an_extension() {
        let t = tempfile::tempdir().unwrap();
        mkdirs(t.path(), &["lib/x"]);
        assert!(!recognised_by_content_with(t.path(), &DiskSource::default()));
        mkdirs(t.path(), &["Tool.pushbutton"]);
        assert!(recognised_by_content_with(t.path(), &DiskSource::default()));
    }

    #[test]
    fn extensions_side_by_side_not_inside_bundles() {
        let t = tempfile::tempdir().unwrap();
        mkdirs(t.path(), &["A.extension/X.tab/Nested.extension", "b/B.Extension", "C.lib", ".hidden/D.extension"]);
        mkdirs(t.path(), &["node_modules/N.extension", "env/V.extension", "ignored/I.extension"]);
        std::fs::write(t.path().join("env/pyvenv.cfg"), "home = /usr/bin\n").unwrap();
        std::fs::write(t.path().join(".gitignore"), "ignored/\n").unwrap();
        let got = discover_extension_roots(t.path());
        let names: Vec<_> = got.iter().map(|p| p.strip_prefix(t.path()).unwrap().to_path_buf()).collect();
        assert_eq!(names, vec![PathBuf::from("A.extension"), PathBuf::from("C.lib"), PathBuf::from("b/B.Extension")]);
    }

    #[test]
    fn inside_an_extension_walks_up() {
        let t = tempfile::tempdir().unwrap();
        mkdirs(t.path(), &["A.extension/X.tab/Y.panel"]);
        let inner = t.path().join("A.extension/X.tab/Y.panel");
        assert_eq!(discover_extension_roots(&inner), vec![t.path().join("A.extension")]);
        assert_eq!(find_enclosing_extension(&inner.join("script.py")), Some(t.path().join("A.extension")));
    }

    #[test]
    fn deep_suffix_less_root_found_by_its_tabs() {
        let t = tempfile::tempdir().unwrap();
        mkdirs(t.path(), &["a/b/c/MyExt/One.tab", "a/b/c/MyExt/Two.tab", "a/b/c/MyExt/lib"]);
        assert_eq!(discover_extension_roots(t.path()), vec![t.path().join("a/b/c/MyExt")]);
    }

    #[test]
    fn missing_folder_gives_nothing() {
        assert!(discover_extension_roots(Path::new("/definitely/not/here")).is_empty());
    }
}
