//! Walking an extension root into an [`Extension`], and the workspace into a [`WorkspaceIndex`].
//!
//! Directory entries are read in name order (byte order): where pyRevit takes "the first file
//! `os.listdir` returns" (the Python script lookup), we take the first in sorted order so results
//! are deterministic. Symlinked folders are never followed; unreadable folders read as empty.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::discover::discover_extension_roots_with;
use super::{Bundle, BundleId, Extension, ExtensionKind, FileNames, OtherDir, WorkspaceIndex};
use crate::base::hash::{HashMap, PathKey, PathKeyBuf};
use crate::base::{DirEntries, DiskSource, FileSource};
use crate::knowledge::bundle_types::{classify_folder, split_suffix, BundleKind, FolderKind};
use crate::knowledge::files;

/// Index every extension found under the workspace folders: folders in order, then discovery
/// order; a root reached from two folders is indexed once.
pub fn build_index(folders: &[PathBuf]) -> WorkspaceIndex {
    build_index_with(folders, &DiskSource::default())
}

/// [`build_index`] reading folders through `fs` (the server's and the CLI's [`crate::base::Vfs`]).
pub fn build_index_with(folders: &[PathBuf], fs: &dyn FileSource) -> WorkspaceIndex {
    let roots = extension_roots(folders, fs);
    let extensions: Vec<Extension> = index_all(&roots, fs).into_iter().flatten().collect();
    WorkspaceIndex::from_parts(folders.to_vec(), extensions)
}

/// Every extension root under `folders`: folders in order, then discovery order; a root reached
/// from two folders once.
pub fn extension_roots(folders: &[PathBuf], fs: &dyn FileSource) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut roots = Vec::new();
    for folder in folders {
        for root in discover_extension_roots_with(folder, fs) {
            let key = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
            if seen.insert(key) {
                roots.push(root);
            }
        }
    }
    roots
}

impl WorkspaceIndex {
    /// An index of `extensions` (in order), with the folder → owner map filled in.
    pub fn from_parts(folders: Vec<PathBuf>, extensions: Vec<Extension>) -> Self {
        let dirs = super::model::DirMap::new(&extensions);
        WorkspaceIndex { folders, extensions, dirs }
    }
}

/// Index roots on up to two threads, keeping the input order.
fn index_all(roots: &[PathBuf], fs: &dyn FileSource) -> Vec<Option<Extension>> {
    if roots.len() < 2 {
        return roots.iter().map(|r| index_extension_with(r, fs)).collect();
    }
    let results: Mutex<Vec<Option<Extension>>> = Mutex::new(vec![None; roots.len()]);
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(root) = roots.get(i) else { break };
                let ext = index_extension_with(root, fs);
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
    index_extension_with(root, &DiskSource::default())
}

/// [`index_extension`] reading folders through `fs`.
pub fn index_extension_with(root: &Path, fs: &dyn FileSource) -> Option<Extension> {
    walk_extension(root, &ReadAhead::of(root, fs))
}

/// The folder listings a walk of an extension reads (its root and every bundle folder below
/// it), read ahead level by level on every core, then served to the walk before `fs` is asked.
/// Listing 10,000 folders is mostly system time in one thread otherwise; `fs` gets the same
/// calls as from the walk itself, just earlier (a `Vfs` caches them for analysis).
struct ReadAhead<'a> {
    fs: &'a dyn FileSource,
    dirs: HashMap<PathKeyBuf, Option<Arc<DirEntries>>>,
}

impl<'a> ReadAhead<'a> {
    fn of(root: &Path, fs: &'a dyn FileSource) -> Self {
        let mut dirs = HashMap::default();
        let mut level = vec![root.to_path_buf()];
        while !level.is_empty() {
            let listed = crate::base::parallel::map(&level, 16, |d| fs.list(d));
            let mut next = Vec::new();
            for (dir, entries) in level.into_iter().zip(listed) {
                if let Some(entries) = &entries {
                    // What `read_listing` keeps and the walk descends into (bundles; `tools/`
                    // and the root's other folders are listed by the walk itself).
                    let bundles = entries
                        .dirs
                        .iter()
                        .filter(|n| !n.starts_with(['.', '_']) && matches!(classify_folder(n), FolderKind::Bundle(_)));
                    next.extend(bundles.map(|n| dir.join(n)));
                }
                dirs.insert(dir.into(), entries);
            }
            level = next;
        }
        ReadAhead { fs, dirs }
    }
}

impl FileSource for ReadAhead<'_> {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        self.fs.read(path)
    }

    fn list(&self, dir: &Path) -> Option<Arc<DirEntries>> {
        match self.dirs.get(PathKey::new(dir)) {
            Some(entries) => entries.clone(),
            None => self.fs.list(dir),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        self.fs.is_file(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.fs.is_dir(path)
    }

    fn is_disk(&self) -> bool {
        self.fs.is_disk()
    }
}

fn walk_extension(root: &Path, fs: &dyn FileSource) -> Option<Extension> {
    let listing = read_listing(fs, root)?;
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
    for f in listing.files.iter() {
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
    let mut walker = BundleWalker { bundles: Vec::new(), queue: Vec::new(), links: Vec::new(), fs };
    for d in &listing.dirs {
        let p = root.join(d);
        if is(d, files::LIB_DIR) {
            ext.lib_dir = Some(p);
        } else if is(d, files::BIN_DIR) {
            ext.bin_dir = Some(p);
        } else if is(d, files::HOOKS_DIR) {
            // Only the top level of hooks/ is scanned (spec §6).
            ext.hook_files =
                read_listing(fs, &p).map(|l| l.files.iter().map(|f| p.join(f)).collect()).unwrap_or_default();
            ext.hooks_dir = Some(p);
        } else if is(d, files::CHECKS_DIR) {
            ext.check_scripts = read_listing(fs, &p)
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
    ext.bundles.shrink_to_fit();
    ext.links.append(&mut walker.links);
    ext.files = listing.files.to_vec();
    Some(ext)
}

/// `ext` with the bundle `id` walked again from its folder, with everything below it (the rest
/// of the arena is kept; ids are renumbered). What a file event inside a bundle costs.
pub fn rewalk_bundle(ext: &Extension, id: BundleId, fs: &dyn FileSource) -> Extension {
    let old = ext.bundle(id);
    let name = old.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut walker = BundleWalker { bundles: Vec::new(), queue: Vec::new(), links: Vec::new(), fs };
    walker.bundle(old.path.clone(), &name, old.kind, old.parent);
    walker.drain();
    // The old subtree goes; the kept bundles are renumbered in order, the fresh ones follow.
    let mut dead = vec![false; ext.bundles.len()];
    let mut stack = vec![id];
    while let Some(b) = stack.pop() {
        dead[b.0 as usize] = true;
        stack.extend(&ext.bundle(b).children);
    }
    let mut map: Vec<Option<BundleId>> = vec![None; ext.bundles.len()];
    let mut bundles: Vec<Bundle> = Vec::with_capacity(ext.bundles.len());
    for (i, b) in ext.bundles.iter().enumerate() {
        if !dead[i] {
            map[i] = Some(BundleId(bundles.len() as u32));
            bundles.push(b.clone());
        }
    }
    let offset = bundles.len() as u32;
    map[id.0 as usize] = Some(BundleId(offset));
    let remap = |b: BundleId| map[b.0 as usize];
    for b in &mut bundles {
        b.parent = b.parent.and_then(remap);
        b.children = b.children.iter().filter_map(|c| remap(*c)).collect();
    }
    for (i, mut b) in walker.bundles.into_iter().enumerate() {
        b.parent = if i == 0 { b.parent.and_then(remap) } else { b.parent.map(|p| BundleId(p.0 + offset)) };
        b.children = b.children.iter().map(|c| BundleId(c.0 + offset)).collect();
        bundles.push(b);
    }
    let mut links: Vec<PathBuf> = ext.links.iter().filter(|l| !l.starts_with(&old.path)).cloned().collect();
    links.append(&mut walker.links);
    Extension {
        bundles,
        links,
        children: ext.children.iter().filter_map(|c| remap(*c)).collect(),
        tool_bundles: ext.tool_bundles.iter().filter_map(|c| remap(*c)).collect(),
        ..ext.clone_without_bundles()
    }
}

impl Extension {
    /// Everything but the bundle arena.
    fn clone_without_bundles(&self) -> Extension {
        Extension {
            root: self.root.clone(),
            name: self.name.clone(),
            kind: self.kind,
            has_suffix: self.has_suffix,
            manifest_json: self.manifest_json.clone(),
            manifest_yaml: self.manifest_yaml.clone(),
            bundle_yaml: self.bundle_yaml.clone(),
            lib_dir: self.lib_dir.clone(),
            bin_dir: self.bin_dir.clone(),
            hooks_dir: self.hooks_dir.clone(),
            hook_files: self.hook_files.clone(),
            startup_scripts: self.startup_scripts.clone(),
            check_scripts: self.check_scripts.clone(),
            layout_file: self.layout_file.clone(),
            bundles: Vec::new(),
            children: Vec::new(),
            files: self.files.clone(),
            other_dirs: self.other_dirs.clone(),
            tools_dir: self.tools_dir.clone(),
            tool_bundles: Vec::new(),
            links: self.links.clone(),
        }
    }
}

/// Bundle arena builder: `bundle` allocates an id and queues the folder; `drain` scans queued
/// folders (iteratively: no recursion depth limit) and allocates their children.
struct BundleWalker<'a> {
    bundles: Vec<Bundle>,
    queue: Vec<BundleId>,
    /// Symbolic links in the scanned folders.
    links: Vec<PathBuf>,
    fs: &'a dyn FileSource,
}

impl BundleWalker<'_> {
    fn bundle(&mut self, path: PathBuf, folder_name: &str, kind: BundleKind, parent: Option<BundleId>) -> BundleId {
        let id = BundleId(self.bundles.len() as u32);
        self.bundles.push(Bundle {
            path,
            name: split_suffix(folder_name).0.to_string(),
            kind,
            parent,
            children: Vec::new(),
            bundle_yaml_at: None,
            script_at: None,
            csharp_script_at: None,
            config_script_at: None,
            icons: Vec::new(),
            lib_dir: None,
            bin_dir: None,
            files: FileNames::default(),
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
        let listing = read_listing(self.fs, &path).unwrap_or_default();
        self.links.extend(listing.links.iter().map(|l| join(&path, l)));
        let mut children = Vec::new();
        let mut other_dirs = Vec::new();
        let (mut lib_dir, mut bin_dir) = (None, None);
        for d in &listing.dirs {
            let p = join(&path, d);
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
        // Names are unique in a listing: a chosen name's position is where it is equal.
        let at = |f: &str| names.iter().position(|n| *n == f).map(|i| i as u32);
        b.bundle_yaml_at = names.iter().find(|f| is(f, files::BUNDLE_METADATA)).and_then(|f| at(f));
        b.script_at = files::python_script(names.iter().copied()).and_then(at);
        b.csharp_script_at = files::csharp_script(&names).and_then(at);
        b.config_script_at = config_script(&names).and_then(at);
        b.icons = names.iter().filter(|f| is_icon(f)).map(|f| join(&path, f)).collect();
        b.icons.shrink_to_fit();
        b.children = children;
        b.children.shrink_to_fit();
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
            let Some(listing) = read_listing(self.fs, &d) else {
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
    /// Shared with the file source's listing (the index keeps it for every bundle).
    files: FileNames,
    links: Vec<String>,
}

/// The one place the walker decides what to descend into.
fn read_listing(fs: &dyn FileSource, dir: &Path) -> Option<Listing> {
    let entries = fs.list(dir)?;
    Some(Listing {
        dirs: entries.dirs.iter().filter(|n| !n.starts_with(['.', '_'])).cloned().collect(),
        links: entries.links.clone(),
        files: FileNames::of(entries),
    })
}

/// `dir/name` without spare capacity (`Path::join` leaves up to twice the length): the index
/// holds tens of thousands of these for the server's life.
fn join(dir: &Path, name: &str) -> PathBuf {
    crate::base::join_exact(dir, name)
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
    fn folder_owners_without_path_copies() {
        let mut fs = crate::base::MemoryFs::default();
        for (root, n) in [("/ws/A.extension", 3), ("/ws/B.extension", 2)] {
            for i in 0..n {
                fs.insert(Path::new(&format!("{root}/T.tab/P{i}.panel/B.pushbutton/script.py")), "");
            }
        }
        let roots = [PathBuf::from("/ws/A.extension"), PathBuf::from("/ws/B.extension")];
        let index = WorkspaceIndex::from_parts(roots.to_vec(), index_all(&roots, &fs).into_iter().flatten().collect());
        for (e, ext) in index.extensions.iter().enumerate() {
            assert_eq!(index.dir_owner(&ext.root), Some((crate::index::ExtensionId(e as u32), None)));
            for id in ext.bundle_ids() {
                let path = &ext.bundle(id).path;
                assert_eq!(index.dir_owner(path), Some((crate::index::ExtensionId(e as u32), Some(id))));
                // Another spelling of the same folder, and a file inside it.
                assert_eq!(index.dir_owner(&path.join(".")), index.dir_owner(path));
                assert_eq!(index.owner_of(&path.join("script.py")), index.dir_owner(path));
            }
        }
        assert_eq!(index.dir_owner(Path::new("/ws/A.extension/T.tab/P0.panel/B.pushbutton/script.py")), None);
        assert_eq!(index.dir_owner(Path::new("/ws")), None);
        assert_eq!(index.owner_of(Path::new("/elsewhere/x.py")), None);
    }

    #[test]
    fn not_a_folder_is_not_an_extension() {
        let t = tempfile::tempdir().unwrap();
        let file = t.path().join("F.extension");
        std::fs::write(&file, "").unwrap();
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
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("T.Tab/P.panel/B.PushButton/b_script.py"), "").unwrap();
        std::fs::write(root.join("T.Tab/P.panel/B.PushButton/a_script.py"), "").unwrap();
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
        assert_eq!(button.script(), Some(root.join("T.Tab/P.panel/B.PushButton/a_script.py")));
    }

    /// Counts folder listings by path.
    struct Counting {
        fs: crate::base::MemoryFs,
        lists: Mutex<Vec<PathBuf>>,
    }

    impl FileSource for Counting {
        fn read(&self, path: &Path) -> Option<Arc<str>> {
            self.fs.read(path)
        }
        fn list(&self, dir: &Path) -> Option<Arc<DirEntries>> {
            self.lists.lock().unwrap().push(dir.to_path_buf());
            self.fs.list(dir)
        }
        fn is_disk(&self) -> bool {
            false
        }
    }

    #[test]
    fn read_ahead_lists_each_folder_once_and_walks_the_same() {
        // Wide enough for the read-ahead to use every core (batches of 16 folders per level).
        let mut fs = crate::base::MemoryFs::default();
        let root = PathBuf::from("/mem/W.extension");
        fs.insert(&root.join("bundle.yaml"), "");
        fs.mkdir(&root.join("lib"));
        for t in 0..3 {
            for p in 0..20 {
                for b in 0..5 {
                    let button = root.join(format!("T{t}.tab/P{p}.panel/B{b}.pushbutton"));
                    fs.insert(&button.join("script.py"), "");
                    fs.mkdir(&button.join("lib"));
                }
                fs.mkdir(&root.join(format!("T{t}.tab/P{p}.panel/notes")));
            }
        }
        let counting = Counting { fs, lists: Mutex::new(Vec::new()) };
        let ext = index_extension_with(&root, &counting).unwrap();
        let mut lists = counting.lists.lock().unwrap().clone();
        let n = lists.len();
        lists.sort();
        lists.dedup();
        assert_eq!(lists.len(), n, "a folder was listed twice");
        // Root, 3 tabs, 60 panels, 300 buttons; `lib/` and plain folders are not walked.
        assert_eq!(n, 1 + 3 + 60 + 300);
        assert_eq!(ext.bundles.len(), 363);
        // The walk alone, without reading ahead, builds the same extension.
        let plain = walk_extension(&root, &counting.fs).unwrap();
        assert_eq!(format!("{ext:?}"), format!("{plain:?}"));
    }
}
