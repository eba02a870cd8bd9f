use crate::base::hash::path_hash;
use crate::base::DirEntries;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::knowledge::bundle_types::BundleKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct ExtensionId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct BundleId(pub u32);

/// All extensions found under the workspace folders.
#[derive(Clone, Debug, Default)]
pub struct WorkspaceIndex {
    /// The workspace folders this index was built from.
    pub folders: Vec<PathBuf>,
    pub extensions: Vec<Extension>,
    /// Directory (extension root or bundle folder) → owner, for `owner_of` and `dir_owner`.
    pub(crate) dirs: DirMap,
}

/// Folder (extension root or bundle folder) → its owner, without a copy of the paths: one slot
/// per folder with the path's hash and the owner, found through an open-addressing table of slot
/// numbers; a hit is confirmed against the path the index holds (the copied keys were 1.7 MB of
/// the server's memory at 10,000 bundles).
#[derive(Clone, Debug, Default)]
pub(crate) struct DirMap {
    /// (hash, extension, bundle or [`NO_BUNDLE`] for the extension root), in the order added.
    slots: Vec<(u64, u32, u32)>,
    /// Slot number + 1 (0: empty), at the hash's position or after it; a power of two long.
    table: Vec<u32>,
}

const NO_BUNDLE: u32 = u32::MAX;

impl DirMap {
    /// The map of every extension root and bundle folder of `extensions`.
    pub(crate) fn new(extensions: &[Extension]) -> Self {
        let mut slots = Vec::with_capacity(extensions.iter().map(|e| e.bundles.len() + 1).sum());
        for (i, ext) in extensions.iter().enumerate() {
            slots.push((path_hash(&ext.root), i as u32, NO_BUNDLE));
            for (j, b) in ext.bundles.iter().enumerate() {
                slots.push((path_hash(&b.path), i as u32, j as u32));
            }
        }
        let mask = (slots.len() * 2).next_power_of_two().max(8) - 1;
        let mut table = vec![0u32; mask + 1];
        for (n, slot) in slots.iter().enumerate() {
            let mut at = slot.0 as usize & mask;
            while table[at] != 0 {
                at = (at + 1) & mask;
            }
            table[at] = n as u32 + 1;
        }
        DirMap { slots, table }
    }

    fn get(&self, extensions: &[Extension], dir: &Path) -> Option<(ExtensionId, Option<BundleId>)> {
        if self.slots.is_empty() {
            return None;
        }
        let hash = path_hash(dir);
        let mask = self.table.len() - 1;
        let mut at = hash as usize & mask;
        // A later folder with the same path wins (as a map insert would).
        let mut found = None;
        while let Some(n) = self.table[at].checked_sub(1) {
            let (h, e, b) = self.slots[n as usize];
            if h == hash && found.is_none_or(|f| f < n) {
                let ext = &extensions[e as usize];
                let path = if b == NO_BUNDLE { &ext.root } else { &ext.bundles[b as usize].path };
                if path == dir {
                    found = Some(n);
                }
            }
            at = (at + 1) & mask;
        }
        let (_, e, b) = self.slots[found? as usize];
        Some((ExtensionId(e), (b != NO_BUNDLE).then_some(BundleId(b))))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExtensionKind {
    /// `*.extension`, or a suffix-less folder recognised by content.
    Ui,
    /// `*.lib`: only on module search paths.
    Lib,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Extension {
    pub root: PathBuf,
    /// Folder name without the suffix.
    pub name: String,
    pub kind: ExtensionKind,
    /// False for a repository-root extension recognised by content (no `.extension` suffix).
    pub has_suffix: bool,
    pub manifest_json: Option<PathBuf>,
    pub manifest_yaml: Option<PathBuf>,
    /// The extension-level `bundle.yaml` (tab order, templates).
    pub bundle_yaml: Option<PathBuf>,
    pub lib_dir: Option<PathBuf>,
    pub bin_dir: Option<PathBuf>,
    pub hooks_dir: Option<PathBuf>,
    /// Every file at the top level of `hooks/` (valid or not; diagnostics decide).
    pub hook_files: Vec<PathBuf>,
    /// `startup.py` / `.cs` / `.vb` / `.rb` at the root.
    pub startup_scripts: Vec<PathBuf>,
    /// `checks/*_check.py` preflight checks.
    pub check_scripts: Vec<PathBuf>,
    /// `extension_layout.yaml` (layout mode, spec §9.3).
    pub layout_file: Option<PathBuf>,
    /// Arena of every bundle; `BundleId` indexes it.
    pub bundles: Vec<Bundle>,
    /// Bundles directly under the extension root.
    pub children: Vec<BundleId>,
    /// Names of files directly in the root folder.
    pub files: Vec<String>,
    /// Sub-folders of the root that are not bundles and not known folders (see [`OtherDir`]).
    pub other_dirs: Vec<OtherDir>,
    /// Layout mode (spec §9.3): the `tools/` folder, read only when `layout_file` exists.
    pub tools_dir: Option<PathBuf>,
    /// Bundles found under `tools/` (through plain folders); they have `parent: None` and are not
    /// in `children`. Their own sub-bundles are nested as usual.
    pub tool_bundles: Vec<BundleId>,
    /// Symbolic links met while walking (files and folders; folders are never followed). Whether
    /// each stays inside the workspace is judged by the analysis (`base::containment`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<PathBuf>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Bundle {
    pub path: PathBuf,
    /// Folder name without the suffix: what `layout` entries and `title` defaults use.
    pub name: String,
    pub kind: BundleKind,
    pub parent: Option<BundleId>,
    pub children: Vec<BundleId>,
    // The four files below are kept as their position in `files` (a full path each was 2.7 MB at
    // 10,000 bundles); `bundle_yaml()`, `script()`… give the paths.
    /// `bundle.yaml`.
    pub(crate) bundle_yaml_at: Option<u32>,
    /// The script the Python loader picks (first `*script.<ext>` in listing order; the index
    /// lists folders sorted by name, so the choice is deterministic).
    pub(crate) script_at: Option<u32>,
    /// The script the C# loader picks (may differ, see spec §1.4).
    pub(crate) csharp_script_at: Option<u32>,
    pub(crate) config_script_at: Option<u32>,
    pub icons: Vec<PathBuf>,
    pub lib_dir: Option<PathBuf>,
    pub bin_dir: Option<PathBuf>,
    /// Names of every file directly in the bundle folder, sorted.
    pub files: FileNames,
    /// Sub-folders that are neither bundles nor `lib`/`bin` nor `.`/`_`-prefixed.
    pub other_dirs: Vec<OtherDir>,
}

impl Bundle {
    /// The bundle's `bundle.yaml`.
    pub fn bundle_yaml(&self) -> Option<PathBuf> {
        self.file_path(self.bundle_yaml_at)
    }
    /// The script the Python loader picks (first `*script.<ext>` in listing order).
    pub fn script(&self) -> Option<PathBuf> {
        self.file_path(self.script_at)
    }
    /// The script the C# loader picks (may differ, see spec §1.4).
    pub fn csharp_script(&self) -> Option<PathBuf> {
        self.file_path(self.csharp_script_at)
    }
    pub fn config_script(&self) -> Option<PathBuf> {
        self.file_path(self.config_script_at)
    }
    pub fn has_bundle_yaml(&self) -> bool {
        self.bundle_yaml_at.is_some()
    }
    pub fn has_script(&self) -> bool {
        self.script_at.is_some()
    }
    /// `path` is the script either loader picks.
    pub fn is_script(&self, path: &Path) -> bool {
        self.names(self.script_at, path) || self.names(self.csharp_script_at, path)
    }
    /// `path` is the script the C# loader picks and the Python one does not.
    pub fn csharp_only(&self) -> Option<PathBuf> {
        self.file_path(self.csharp_script_at.filter(|c| Some(*c) != self.script_at))
    }

    fn file_path(&self, at: Option<u32>) -> Option<PathBuf> {
        let name = self.files.get(at? as usize)?;
        // One exact allocation (`join` leaves spare room, and shrinking it is a second call):
        // asked for in hot loops (every ancestor's `bundle.yaml` of every file judged).
        let mut p = PathBuf::with_capacity(self.path.as_os_str().len() + 1 + name.len());
        p.push(&self.path);
        p.push(name);
        Some(p)
    }

    fn names(&self, at: Option<u32>, path: &Path) -> bool {
        let Some(name) = at.and_then(|i| self.files.get(i as usize)) else { return false };
        path.file_name().is_some_and(|n| n == name.as_str()) && path.parent() == Some(&*self.path)
    }
}

/// The file names of a folder, sorted: the listing the index was walked from, shared with the
/// file source rather than copied (every bundle keeps one).
#[derive(Clone, Debug, Default)]
pub struct FileNames(Option<Arc<DirEntries>>);

impl FileNames {
    pub fn of(listing: Arc<DirEntries>) -> Self {
        FileNames(Some(listing))
    }
}

impl std::ops::Deref for FileNames {
    type Target = [String];
    fn deref(&self) -> &[String] {
        self.0.as_deref().map_or(&[], |l| &l.files)
    }
}

impl serde::Serialize for FileNames {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A sub-folder that is not a bundle: kept so diagnostics can flag near-miss suffixes
/// (`.pushbuton`) and legacy ones (`.stack2`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct OtherDir {
    pub path: PathBuf,
    pub name: String,
}

impl WorkspaceIndex {
    pub fn extension(&self, id: ExtensionId) -> &Extension {
        &self.extensions[id.0 as usize]
    }

    pub fn extension_ids(&self) -> impl Iterator<Item = ExtensionId> {
        (0..self.extensions.len() as u32).map(ExtensionId)
    }

    /// The extension and innermost bundle whose folder contains `path` (a file or folder).
    pub fn owner_of(&self, path: &Path) -> Option<(ExtensionId, Option<BundleId>)> {
        path.ancestors().find_map(|a| self.dir_owner(a))
    }

    /// The extension and bundle whose folder is exactly `dir` (the bundle is `None` for an
    /// extension root).
    pub fn dir_owner(&self, dir: &Path) -> Option<(ExtensionId, Option<BundleId>)> {
        self.dirs.get(&self.extensions, dir)
    }

    /// The folders files may be read from: the workspace folders and every extension root
    /// indexed (a folder inside an extension indexes the whole extension).
    pub fn roots(&self) -> Vec<PathBuf> {
        let mut roots = self.folders.clone();
        roots.extend(self.extensions.iter().map(|e| e.root.clone()));
        roots
    }

    /// The command bundle whose script (the one either loader picks) `path` is.
    pub fn command_script_owner(&self, path: &Path) -> Option<(ExtensionId, BundleId)> {
        let dir = path.parent()?;
        let (ext, Some(bid)) = self.owner_of(dir)? else { return None };
        let b = self.extension(ext).bundle(bid);
        (b.path == dir && b.kind.is_command() && b.is_script(path)).then_some((ext, bid))
    }

    /// `.lib` library extensions, in discovery order.
    pub fn lib_extensions(&self) -> impl Iterator<Item = &Extension> {
        self.extensions.iter().filter(|e| e.kind == ExtensionKind::Lib)
    }
}

impl Extension {
    pub fn bundle(&self, id: BundleId) -> &Bundle {
        &self.bundles[id.0 as usize]
    }

    pub fn bundle_ids(&self) -> impl Iterator<Item = BundleId> {
        (0..self.bundles.len() as u32).map(BundleId)
    }

    /// Bundle and its ancestors, innermost first.
    pub fn ancestors(&self, id: BundleId) -> impl Iterator<Item = BundleId> + '_ {
        std::iter::successors(Some(id), move |b| self.bundle(*b).parent)
    }

    /// Children of a bundle, or of the extension root when `None`.
    pub fn children_of(&self, id: Option<BundleId>) -> &[BundleId] {
        match id {
            Some(b) => &self.bundle(b).children,
            None => &self.children,
        }
    }
}
