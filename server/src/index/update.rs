//! Incremental index updates: a created, deleted or renamed file or folder re-walks only the
//! extension holding it (through the snapshot's file system, so only the folders the change
//! touched are listed again). Files pyRevit never reads change nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::walk::{extension_roots, index_extension_with, rewalk_bundle};
use super::WorkspaceIndex;
use crate::base::FileSource;
use crate::knowledge::bundle_types::{classify_folder, FolderKind};
use crate::knowledge::files;

/// A file-system event, as the editor's watcher or ours reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsChange {
    Created(PathBuf),
    Deleted(PathBuf),
    /// Contents changed: never changes the index.
    Changed(PathBuf),
}

impl FsChange {
    pub fn path(&self) -> &Path {
        match self {
            FsChange::Created(p) | FsChange::Deleted(p) | FsChange::Changed(p) => p,
        }
    }
}

/// The outcome of [`WorkspaceIndex::update`].
pub struct Update {
    pub index: WorkspaceIndex,
    /// Folders whose files' diagnostics may have changed (a parent's layout, a stack's size,
    /// templates in scope): republish what lies at or below them.
    pub scopes: Vec<PathBuf>,
}

/// Whether a file or folder named like `path` can change what the walker records: folders
/// (bundles, `lib`, `hooks`…), metadata files, scripts, icons, hooks. Hidden paths (`.git/…`),
/// `__pycache__` and other files (`notes.txt`) cannot.
pub fn affects_index(path: &Path, folders: &[PathBuf]) -> bool {
    if is_hidden(path, folders) {
        return false;
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    let in_known_dir = path.parent().and_then(|p| p.file_name()).is_some_and(|p| {
        let p = p.to_string_lossy();
        p.eq_ignore_ascii_case(files::HOOKS_DIR) || p.eq_ignore_ascii_case(files::CHECKS_DIR)
    });
    let lower = name.to_ascii_lowercase();
    let known_name = [files::BUNDLE_METADATA, files::EXTENSION_JSON, files::EXTENSION_YAML, files::EXTENSION_LAYOUT]
        .iter()
        .chain(files::IGNORED_METADATA)
        .chain([files::LEGACY_LAYOUT_FILE].iter())
        .any(|k| lower == *k);
    let known_ext = files::CSHARP_SCRIPT_EXTENSIONS.iter().chain(files::ICON_EXTENSIONS).any(|e| lower.ends_with(e));
    !name.contains('.') || classify_folder(&name) != FolderKind::Other || in_known_dir || known_name || known_ext
}

/// Below a `.`-prefixed folder (`.git/`, `.vscode/`) or `__pycache__` of the workspace folder
/// holding `path`: nothing there is ever read.
pub fn is_hidden(path: &Path, folders: &[PathBuf]) -> bool {
    let folder = folders.iter().filter(|f| path.starts_with(f)).max_by_key(|f| f.components().count()).cloned();
    // Outside every folder: judge the part below the extension's parent folder.
    let base = folder.or_else(|| extension_root_by_name(path).and_then(|r| r.parent().map(Path::to_path_buf)));
    let rel = match base.as_deref().and_then(|b| path.strip_prefix(b).ok()) {
        Some(rel) => rel,
        None => Path::new(path.file_name().unwrap_or_default()),
    };
    rel.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with('.') || c == "__pycache__"
    })
}

/// The nearest folder at or above `path` named `*.extension` / `*.lib`: what extension a file
/// belongs to by its path alone (it may not exist on disk yet).
pub fn extension_root_by_name(path: &Path) -> Option<PathBuf> {
    path.ancestors().find_map(|a| {
        let name = a.file_name()?.to_str()?;
        matches!(classify_folder(name), FolderKind::Extension | FolderKind::LibExtension).then(|| a.to_path_buf())
    })
}

impl WorkspaceIndex {
    /// The index after `changes` (whose folders `fs` already lists afresh), or `None` when none
    /// of them can change it. Only the extensions holding a change are walked again; a change
    /// outside every extension (or of an extension root itself) searches the workspace folders
    /// for extension roots again, walking only new ones.
    pub fn update(&self, changes: &[FsChange], fs: &dyn FileSource) -> Option<Update> {
        let mut touched: Vec<usize> = Vec::new();
        // Per touched extension: bundle folders to walk again, or `None` for the whole extension.
        let mut rewalk: HashMap<usize, Option<Vec<PathBuf>>> = HashMap::new();
        let mut rediscover = false;
        let mut scopes = Vec::new();
        let mut adopt: Vec<PathBuf> = Vec::new();
        for change in changes {
            let path = change.path();
            if matches!(change, FsChange::Changed(_)) {
                continue;
            }
            if !(affects_index(path, &self.folders) || fs.is_dir(path) || self.knows(path)) {
                continue;
            }
            match self.extensions.iter().position(|e| path.starts_with(&e.root) && path != e.root) {
                Some(i) => {
                    if !touched.contains(&i) {
                        touched.push(i);
                    }
                    // The nearest bundle around the change lists it; walk that bundle again.
                    let owner =
                        path.parent().and_then(|d| d.ancestors().find_map(|a| self.dir_owner(a).map(|o| (a, o))));
                    let slot = rewalk.entry(i).or_insert_with(|| Some(Vec::new()));
                    match (owner, slot.as_mut()) {
                        (Some((dir, (_, Some(_)))), Some(dirs)) => dirs.push(dir.to_path_buf()),
                        _ => *slot = None,
                    }
                    let root = &self.extensions[i].root;
                    let scope = path.parent().and_then(Path::parent).filter(|g| g.starts_with(root));
                    scopes.push(scope.unwrap_or(root).to_path_buf());
                }
                None => {
                    rediscover = true;
                    // A file of an extension outside every workspace folder (opened from
                    // elsewhere): adopt that extension.
                    let root = extension_root_by_name(path)
                        .or_else(|| super::discover::find_enclosing_extension_with(path, fs));
                    if let Some(root) =
                        root.filter(|r| !self.folders.iter().any(|f| r.starts_with(f) || f.starts_with(r)))
                    {
                        if !adopt.contains(&root) {
                            adopt.push(root);
                        }
                    }
                }
            }
        }
        if touched.is_empty() && !rediscover {
            return None;
        }
        let mut roots: Vec<PathBuf> = self.extensions.iter().map(|e| e.root.clone()).collect();
        if rediscover {
            let found = extension_roots(&self.folders, fs);
            // Keep extensions adopted from outside the folders (opened files) while they exist.
            let adopted = roots.iter().filter(|r| !self.folders.iter().any(|f| r.starts_with(f) || f.starts_with(r)));
            let mut adopted: Vec<PathBuf> = adopted.filter(|r| fs.is_dir(r)).cloned().collect();
            adopted.extend(adopt.into_iter().filter(|r| !roots.contains(r)));
            for r in found.iter().chain(&adopted) {
                if !self.extensions.iter().any(|e| &e.root == r) {
                    scopes.push(r.clone());
                }
            }
            for e in &self.extensions {
                if !found.contains(&e.root) && !adopted.contains(&e.root) {
                    scopes.push(e.root.clone());
                }
            }
            roots = found.into_iter().chain(adopted).collect();
        }
        let extensions = roots
            .iter()
            .filter_map(|root| match self.extensions.iter().position(|e| &e.root == root) {
                Some(i) if !touched.contains(&i) => Some(self.extensions[i].clone()),
                Some(i) => match rewalk.get(&i) {
                    Some(Some(dirs)) if fs.is_dir(root) => Some(rewalk_dirs(&self.extensions[i], dirs, fs)),
                    _ => index_extension_with(root, fs),
                },
                None => index_extension_with(root, fs),
            })
            .collect();
        let index = WorkspaceIndex::from_parts(self.folders.clone(), extensions);
        Some(Update { index, scopes })
    }

    /// The index records `path` as a folder (bundle, extension, lib/bin/hooks, other folder).
    fn knows(&self, path: &Path) -> bool {
        if self.dir_owner(path).is_some() {
            return true;
        }
        let Some(parent) = path.parent() else { return false };
        match self.dir_owner(parent) {
            Some((e, Some(b))) => {
                let b = self.extension(e).bundle(b);
                b.other_dirs.iter().any(|o| o.path == path)
                    || b.lib_dir.as_deref() == Some(path)
                    || b.bin_dir.as_deref() == Some(path)
            }
            Some((e, None)) => {
                let e = self.extension(e);
                e.other_dirs.iter().any(|o| o.path == path)
                    || [&e.lib_dir, &e.bin_dir, &e.hooks_dir, &e.tools_dir].iter().any(|d| d.as_deref() == Some(path))
            }
            None => false,
        }
    }

    /// The index with the extension at `root` added (walked through `fs`), for a file opened
    /// outside every workspace folder.
    pub fn with_extension(&self, root: &Path, fs: &dyn FileSource) -> WorkspaceIndex {
        let mut extensions: Vec<_> = self.extensions.iter().filter(|e| e.root != root).cloned().collect();
        extensions.extend(index_extension_with(root, fs));
        WorkspaceIndex::from_parts(self.folders.clone(), extensions)
    }
}

/// `ext` with the bundles at `dirs` walked again (each looked up afresh: an earlier walk may
/// have renumbered or replaced it).
fn rewalk_dirs(ext: &super::Extension, dirs: &[PathBuf], fs: &dyn FileSource) -> super::Extension {
    let mut dirs = dirs.to_vec();
    dirs.sort();
    dirs.dedup();
    // An outer folder's walk covers the folders inside it.
    let outer: Vec<PathBuf> =
        dirs.iter().filter(|d| !dirs.iter().any(|o| o != *d && d.starts_with(o))).cloned().collect();
    let mut out = ext.clone();
    for dir in outer {
        if let Some(i) = out.bundles.iter().position(|b| b.path == dir) {
            out = rewalk_bundle(&out, super::BundleId(i as u32), fs);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_pyrevit_reads_counts() {
        let ws = PathBuf::from("/ws");
        let f = std::slice::from_ref(&ws);
        let yes = ["X.extension/T.tab/New.pushbutton", "X.extension/T.tab/P.panel/B.pushbutton/script.py"];
        for p in yes.iter().chain(&["X.extension/lib", "X.extension/hooks/doc-opened.py", "X.extension/T.tab/icon.png"])
        {
            assert!(affects_index(&ws.join(p), f), "{p}");
        }
        for p in [
            "X.extension/new.txt",
            ".git/index",
            "X.extension/.vscode/settings.json",
            "X.extension/lib/__pycache__/m.pyc",
        ] {
            assert!(!affects_index(&ws.join(p), f), "{p}");
        }
        assert_eq!(extension_root_by_name(&ws.join("A.extension/T.tab/b.yaml")), Some(ws.join("A.extension")));
    }

    /// Every bundle with ids replaced by paths, sorted: equal for equal trees whatever the ids.
    fn shape(index: &WorkspaceIndex) -> Vec<String> {
        let mut out = Vec::new();
        for e in &index.extensions {
            let path = |b: &super::super::BundleId| e.bundle(*b).path.display().to_string();
            out.push(format!("root {:?} {:?}", e.children.iter().map(path).collect::<Vec<_>>(), e.files));
            for b in &e.bundles {
                let mut v = serde_json::to_value(b).unwrap();
                v["parent"] = b.parent.as_ref().map(path).into();
                v["children"] = b.children.iter().map(path).collect::<Vec<_>>().into();
                out.push(v.to_string());
            }
        }
        out.sort();
        out
    }

    #[test]
    fn an_incremental_update_equals_a_fresh_walk() {
        use crate::base::{DiskSource, Vfs};
        use std::sync::Arc;
        let t = tempfile::tempdir().unwrap();
        let ext = t.path().join("X.extension");
        for d in ["T.tab/P.panel/A.pushbutton", "T.tab/P.panel/S.stack/B.pushbutton", "T.tab/Q.panel/C.pushbutton"] {
            std::fs::create_dir_all(ext.join(d)).unwrap();
            std::fs::write(ext.join(d).join("script.py"), "").unwrap();
        }
        let folders = [t.path().to_path_buf()];
        let vfs = Vfs::over(Arc::new(DiskSource::default()));
        let index = super::super::build_index_with(&folders, &vfs);
        // A new button in the stack, a removed panel, a new icon.
        let new = ext.join("T.tab/P.panel/S.stack/N.pushbutton");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(new.join("script.py"), "").unwrap();
        std::fs::remove_dir_all(ext.join("T.tab/Q.panel")).unwrap();
        std::fs::write(ext.join("T.tab/P.panel/A.pushbutton/icon.png"), "").unwrap();
        let changes = [
            FsChange::Created(new.clone()),
            FsChange::Deleted(ext.join("T.tab/Q.panel")),
            FsChange::Created(ext.join("T.tab/P.panel/A.pushbutton/icon.png")),
        ];
        let paths: Vec<PathBuf> = changes.iter().map(|c| c.path().to_path_buf()).collect();
        let vfs = Vfs { open: vfs.open.clone(), disk: Arc::new(vfs.disk.without(&paths)) };
        let updated = index.update(&changes, &vfs).expect("the index changes");
        let fresh = super::super::build_index(&folders);
        assert_eq!(shape(&updated.index), shape(&fresh));
        assert_eq!(updated.index.extensions[0].bundles.len(), 6);
        assert!(updated.index.owner_of(&new.join("script.py")).is_some_and(|(_, b)| b.is_some()));
    }
}
