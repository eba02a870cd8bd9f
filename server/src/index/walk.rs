//! Walking an extension root into an [`Extension`], and the workspace into a [`WorkspaceIndex`].
//!
//! Directory entries are read in name order (byte order): where pyRevit takes "the first file
//! `os.listdir` returns" (the Python script lookup), we take the first in sorted order so results
//! are deterministic. Symlinked folders are never followed; unreadable folders read as empty.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::discover::discover_extension_roots;
use super::{Bundle, BundleId, Extension, ExtensionId, ExtensionKind, OtherDir, WorkspaceIndex};
use crate::knowledge::bundle_types::{classify_folder, split_suffix, BundleKind, FolderKind};
use crate::knowledge::files;

/// Index every extension found under the workspace folders: folders in order, then discovery
/// order; a root reached from two folders is indexed once.
pub fn build_index(folders: &[PathBuf]) -> WorkspaceIndex {
    let mut seen = HashSet::new();
    let mut roots = Vec::new();
    for folder in folders {
        for root in discover_extension_roots(folder) {
            let key = fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
            if seen.insert(key) {
                roots.push(root);
            }
        }
    }
    let extensions: Vec<Extension> = index_all(&roots).into_iter().flatten().collect();
    let mut dirs = HashMap::new();
    for (i, ext) in extensions.iter().enumerate() {
        let eid = ExtensionId(i as u32);
        dirs.insert(ext.root.clone(), (eid, None));
        for (j, b) in ext.bundles.iter().enumerate() {
            dirs.insert(b.path.clone(), (eid, Some(BundleId(j as u32))));
        }
    }
    WorkspaceIndex { folders: folders.to_vec(), extensions, dirs }
}

/// Index roots on up to two threads, keeping the input order.
fn index_all(roots: &[PathBuf]) -> Vec<Option<Extension>> {
    if roots.len() < 2 {
        return roots.iter().map(|r| index_extension(r)).collect();
    }
    let results: Mutex<Vec<Option<Extension>>> = Mutex::new(vec![None; roots.len()]);
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(root) = roots.get(i) else { break };
                let ext = index_extension(root);
                if let Ok(mut r) = results.lock() {
                    r[i] = ext;
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

/// Walk one extension root into an [`Extension`]; `None` when `root` is not a readable folder.
pub fn index_extension(root: &Path) -> Option<Extension> {
    let listing = read_listing(root)?;
    let folder_name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (kind, has_suffix) = match classify_folder(&folder_name) {
        FolderKind::Extension => (ExtensionKind::Ui, true),
        FolderKind::LibExtension => (ExtensionKind::Lib, true),
        _ => (ExtensionKind::Ui, false),
    };
    let name = if has_suffix { split_suffix(&folder_name).0.to_string() } else { folder_name.clone() };
    let mut ext = Extension {
        root: root.to_path_buf(),
        name,
        kind,
        has_suffix,
        manifest_json: None,
        manifest_yaml: None,
        bundle_yaml: None,
        lib_dir: None,
        bin_dir: None,
        hooks_dir: None,
        hook_files: Vec::new(),
        startup_scripts: Vec::new(),
        check_scripts: Vec::new(),
        layout_file: None,
        bundles: Vec::new(),
        children: Vec::new(),
        files: Vec::new(),
        other_dirs: Vec::new(),
        tools_dir: None,
        tool_bundles: Vec::new(),
        links: listing.links.iter().map(|l| root.join(l)).collect(),
    };
    for f in &listing.files {
        let p = root.join(f);
        if is(f, files::EXTENSION_JSON) {
            ext.manifest_json = Some(p);
        } else if is(f, files::EXTENSION_YAML) {
            ext.manifest_yaml = Some(p);
        } else if is(f, files::BUNDLE_METADATA) {
            ext.bundle_yaml = Some(p);
        } else if is(f, files::EXTENSION_LAYOUT) {
            ext.layout_file = Some(p);
        } else if files::STARTUP_SCRIPTS.iter().any(|s| is(f, s)) {
            ext.startup_scripts.push(p);
        }
    }
    let mut walker = BundleWalker::default();
    for d in &listing.dirs {
        let p = root.join(d);
        if is(d, files::LIB_DIR) {
            ext.lib_dir = Some(p);
        } else if is(d, files::BIN_DIR) {
            ext.bin_dir = Some(p);
        } else if is(d, files::HOOKS_DIR) {
            // Only the top level of hooks/ is scanned (spec §6).
            ext.hook_files = read_listing(&p).map(|l| l.files.iter().map(|f| p.join(f)).collect()).unwrap_or_default();
            ext.hooks_dir = Some(p);
        } else if is(d, files::CHECKS_DIR) {
            ext.check_scripts = read_listing(&p)
                .map(|l| {
                    l.files.iter().filter(|f| ends_with_ci(f, files::CHECK_SCRIPT_POSTFIX)).map(|f| p.join(f)).collect()
                })
                .unwrap_or_default();
        } else if ext.layout_file.is_some() && is(d, files::TOOLS_DIR) {
            ext.tool_bundles = walker.tools(&p);
            ext.tools_dir = Some(p);
        } else if ext.layout_file.is_some() && is(d, files::LAYOUTS_DIR) {
            // Layout-mode panel layouts: read by the layout checks, not a bundle tree.
        } else if let FolderKind::Bundle(kind) = classify_folder(d) {
            ext.children.push(walker.bundle(p, d, kind, None));
        } else {
            ext.other_dirs.push(OtherDir { path: p, name: d.clone() });
        }
    }
    walker.drain();
    ext.bundles = walker.bundles;
    ext.links.append(&mut walker.links);
    ext.files = listing.files;
    Some(ext)
}

/// Bundle arena builder: `bundle` allocates an id and queues the folder; `drain` scans queued
/// folders (iteratively: no recursion depth limit) and allocates their children.
#[derive(Default)]
struct BundleWalker {
    bundles: Vec<Bundle>,
    queue: Vec<BundleId>,
    /// Symbolic links in the scanned folders.
    links: Vec<PathBuf>,
}

impl BundleWalker {
    fn bundle(&mut self, path: PathBuf, folder_name: &str, kind: BundleKind, parent: Option<BundleId>) -> BundleId {
        let id = BundleId(self.bundles.len() as u32);
        self.bundles.push(Bundle {
            path,
            name: split_suffix(folder_name).0.to_string(),
            kind,
            parent,
            children: Vec::new(),
            bundle_yaml: None,
            script: None,
            csharp_script: None,
            config_script: None,
            icons: Vec::new(),
            lib_dir: None,
            bin_dir: None,
            files: Vec::new(),
            other_dirs: Vec::new(),
        });
        self.queue.push(id);
        id
    }

    fn drain(&mut self) {
        while let Some(id) = self.queue.pop() {
            self.scan(id);
        }
    }

    fn scan(&mut self, id: BundleId) {
        let path = self.bundles[id.0 as usize].path.clone();
        let listing = read_listing(&path).unwrap_or_default();
        self.links.extend(listing.links.iter().map(|l| path.join(l)));
        let mut children = Vec::new();
        let mut other_dirs = Vec::new();
        let (mut lib_dir, mut bin_dir) = (None, None);
        for d in &listing.dirs {
            let p = path.join(d);
            if is(d, files::LIB_DIR) {
                lib_dir = Some(p);
            } else if is(d, files::BIN_DIR) {
                bin_dir = Some(p);
            } else if let FolderKind::Bundle(kind) = classify_folder(d) {
                children.push(self.bundle(p, d, kind, Some(id)));
            } else {
                other_dirs.push(OtherDir { path: p, name: d.clone() });
            }
        }
        let names: Vec<&str> = listing.files.iter().map(String::as_str).collect();
        let b = &mut self.bundles[id.0 as usize];
        b.bundle_yaml = names.iter().find(|f| is(f, files::BUNDLE_METADATA)).map(|f| path.join(f));
        b.script = files::python_script(names.iter().copied()).map(|f| path.join(f));
        b.csharp_script = files::csharp_script(&names).map(|f| path.join(f));
        b.config_script = config_script(&names).map(|f| path.join(f));
        b.icons = names.iter().filter(|f| is_icon(f)).map(|f| path.join(f)).collect();
        b.children = children;
        b.other_dirs = other_dirs;
        b.lib_dir = lib_dir;
        b.bin_dir = bin_dir;
        b.files = listing.files;
    }

    /// Layout mode `tools/`: every bundle below it; plain folders are recursed into (spec §9.3).
    /// The bundles found have no parent.
    fn tools(&mut self, dir: &Path) -> Vec<BundleId> {
        let mut found = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let Some(listing) = read_listing(&d) else {
                continue;
            };
            self.links.extend(listing.links.iter().map(|l| d.join(l)));
            let mut plain = Vec::new();
            for name in &listing.dirs {
                match classify_folder(name) {
                    FolderKind::Bundle(kind) => found.push(self.bundle(d.join(name), name, kind, None)),
                    FolderKind::Other if !is(name, files::LIB_DIR) && !is(name, files::BIN_DIR) => {
                        plain.push(d.join(name))
                    }
                    _ => {}
                }
            }
            stack.extend(plain.into_iter().rev());
        }
        self.drain();
        found
    }
}

/// Sorted sub-folder and file names of one folder. Names starting with `.` or `_` are left out
/// of `dirs` (never bundles, never diagnosed); symlinked folders are left out of `dirs`. Every
/// symbolic link (file or folder, resolvable or not) is also in `links`.
#[derive(Default)]
struct Listing {
    dirs: Vec<String>,
    files: Vec<String>,
    links: Vec<String>,
}

fn read_listing(dir: &Path) -> Option<Listing> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!("cannot list {}: {e}", dir.display());
            }
            return None;
        }
    };
    let mut out = Listing::default();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_symlink() {
            out.links.push(name.clone());
        }
        if ft.is_dir() {
            if !name.starts_with(['.', '_']) {
                out.dirs.push(name);
            }
        } else if ft.is_file() || (ft.is_symlink() && entry.path().is_file()) {
            out.files.push(name);
        }
    }
    out.dirs.sort();
    out.files.sort();
    out.links.sort();
    Some(out)
}

fn is(name: &str, known: &str) -> bool {
    name.eq_ignore_ascii_case(known)
}

fn ends_with_ci(name: &str, postfix: &str) -> bool {
    name.len() >= postfix.len()
        && name.is_char_boundary(name.len() - postfix.len())
        && name[name.len() - postfix.len()..].eq_ignore_ascii_case(postfix)
}

/// Python config lookup: first file ending with a config postfix (spec §1.4).
fn config_script<'a>(names: &[&'a str]) -> Option<&'a str> {
    names.iter().copied().find(|n| files::CONFIG_POSTFIXES.iter().any(|p| ends_with_ci(n, p)))
}

/// `icon.png` / `icon.dark.png`, with any image extension the C# loader accepts.
fn is_icon(name: &str) -> bool {
    files::ICON_FILES.iter().any(|known| {
        let stem = known.rsplit_once('.').map_or(*known, |(s, _)| s);
        files::ICON_EXTENSIONS.iter().any(|ext| {
            name.len() == stem.len() + ext.len()
                && ends_with_ci(name, ext)
                && name.is_char_boundary(stem.len())
                && is(&name[..stem.len()], stem)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons_and_config() {
        assert!(is_icon("icon.png") && is_icon("Icon.Dark.PNG") && is_icon("icon.svg"));
        assert!(!is_icon("myicon.png") && !is_icon("icon.txt") && !is_icon("é"));
        assert_eq!(config_script(&["bundle.yaml", "my_config.py", "script.py"]), Some("my_config.py"));
        assert!(ends_with_ci("a_CHECK.py", files::CHECK_SCRIPT_POSTFIX));
        assert!(!ends_with_ci("ééé", "_check.py"));
    }

    #[test]
    fn not_a_folder_is_not_an_extension() {
        let t = tempfile::tempdir().unwrap();
        let file = t.path().join("F.extension");
        fs::write(&file, "").unwrap();
        assert!(index_extension(&file).is_none());
        assert!(index_extension(&t.path().join("gone.extension")).is_none());
        assert!(build_index(&[file, t.path().join("gone")]).extensions.is_empty());
    }

    #[test]
    fn walks_nested_bundles_and_skips_private() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("X.extension");
        for d in [
            "T.Tab/P.panel/B.PushButton",
            "T.Tab/P.panel/_off.pushbutton",
            "T.Tab/P.panel/old.stack3",
            "T.Tab/Lib",
            ".git",
        ] {
            fs::create_dir_all(root.join(d)).unwrap();
        }
        fs::write(root.join("T.Tab/P.panel/B.PushButton/b_script.py"), "").unwrap();
        fs::write(root.join("T.Tab/P.panel/B.PushButton/a_script.py"), "").unwrap();
        let ext = index_extension(&root).unwrap();
        assert_eq!(ext.name, "X");
        assert_eq!(ext.bundles.len(), 3);
        let tab = ext.bundle(ext.children[0]);
        assert_eq!((tab.kind, tab.name.as_str()), (BundleKind::Tab, "T"));
        assert!(tab.lib_dir.is_some());
        let panel = ext.bundle(tab.children[0]);
        assert_eq!(panel.other_dirs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["old.stack3"]);
        let button = ext.bundle(panel.children[0]);
        assert_eq!(button.parent, Some(tab.children[0]));
        assert_eq!(button.script.as_deref(), Some(root.join("T.Tab/P.panel/B.PushButton/a_script.py").as_path()));
    }
}
