//! The one layer that touches the disk. [`read_disk`] is the only place file contents are read and
//! [`list_disk`] the only place folders are listed; everything else (the index walker, import
//! resolution, analysis, the CLI) asks a [`FileSource`], usually a [`Vfs`] that caches both per
//! snapshot and lays the editor's open documents over the disk.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::hash::{DashMap, PathId};

/// Where analysis reads file text and folder listings from.
pub trait FileSource: Send + Sync {
    fn read(&self, path: &Path) -> Option<Arc<str>>;

    /// The entries of folder `dir` (`None` when it is not a readable folder).
    fn list(&self, dir: &Path) -> Option<Arc<DirEntries>> {
        list_disk(dir).map(Arc::new)
    }

    /// `path` is a file (or an open document).
    fn is_file(&self, path: &Path) -> bool {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
            return false;
        };
        self.list(dir).is_some_and(|l| l.has_file(name))
    }

    /// `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool {
        self.list(path).is_some()
    }

    /// Backed by the real disk (so the `ignore` walker can search it, honouring `.gitignore`).
    fn is_disk(&self) -> bool {
        true
    }

    /// `path` is an editor's open document (its next version comes soon: parsers keep what
    /// makes that one incremental).
    fn is_open(&self, _path: &Path) -> bool {
        false
    }
}

/// One folder's entries, each list sorted by name (byte order), nothing filtered out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirEntries {
    /// Real sub-folders.
    pub dirs: Vec<String>,
    /// Files, and symbolic links to files.
    pub files: Vec<String>,
    /// Symbolic links to folders (the walker never descends into them).
    pub linked_dirs: Vec<String>,
    /// Every symbolic link, to a file or a folder, resolvable or not (judged by
    /// [`super::containment`]).
    pub links: Vec<String>,
}

impl DirEntries {
    pub fn has_file(&self, name: &str) -> bool {
        self.files.binary_search_by(|f| f.as_str().cmp(name)).is_ok()
    }

    /// A real or linked sub-folder named exactly `name`.
    pub fn has_dir(&self, name: &str) -> bool {
        self.dirs.binary_search_by(|f| f.as_str().cmp(name)).is_ok()
            || self.linked_dirs.binary_search_by(|f| f.as_str().cmp(name)).is_ok()
    }

    /// Every name, folders and files.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.dirs.iter().chain(&self.files).chain(&self.linked_dirs).map(String::as_str)
    }
}

/// Read one file from disk. The single entry point for file contents. Invalid UTF-8 (a UTF-16
/// file, a binary) is read with U+FFFD for the bad bytes, and logged: pyRevit reads these files as
/// UTF-8 too.
pub fn read_disk(path: &Path) -> Option<Arc<str>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!("cannot read {}: {e}", path.display());
            }
            return None;
        }
    };
    Some(Arc::from(decode(path, bytes)))
}

fn decode(path: &Path, bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => {
            if text.contains('\0') {
                tracing::warn!("{} contains NUL bytes", path.display());
            }
            text
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            let what = if utf16 { "is UTF-16" } else { "is not valid UTF-8" };
            tracing::warn!("{} {what}: invalid bytes are read as U+FFFD", path.display());
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

/// List one folder on disk. The single entry point for directory listings.
pub fn list_disk(dir: &Path) -> Option<DirEntries> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            if !matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) {
                tracing::warn!("cannot list {}: {e}", dir.display());
            }
            return None;
        }
    };
    let mut out = DirEntries::default();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            out.dirs.push(name);
        } else if ft.is_file() {
            out.files.push(name);
        } else if ft.is_symlink() {
            out.links.push(name.clone());
            match std::fs::metadata(entry.path()) {
                Ok(m) if m.is_dir() => out.linked_dirs.push(name),
                Ok(m) if m.is_file() => out.files.push(name),
                _ => {}
            }
        }
    }
    out.dirs.sort();
    out.files.sort();
    out.linked_dirs.sort();
    out.links.sort();
    // Listings are cached for every folder of the workspace: no spare capacity.
    out.dirs.shrink_to_fit();
    out.files.shrink_to_fit();
    Some(out)
}

/// A file system in memory (tests, fixtures): files with their text, and folders.
#[derive(Clone, Debug, Default)]
pub struct MemoryFs {
    files: std::collections::BTreeMap<PathBuf, Arc<str>>,
    dirs: BTreeSet<PathBuf>,
}

impl MemoryFs {
    /// Add a file (and the folders above it).
    pub fn insert(&mut self, path: &Path, text: &str) {
        self.files.insert(path.to_path_buf(), Arc::from(text));
        if let Some(dir) = path.parent() {
            self.mkdir(dir);
        }
    }

    /// Add a folder (and the folders above it).
    pub fn mkdir(&mut self, dir: &Path) {
        for a in dir.ancestors() {
            if !self.dirs.insert(a.to_path_buf()) {
                break;
            }
        }
    }
}

impl FileSource for MemoryFs {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        self.files.get(path).cloned()
    }

    fn list(&self, dir: &Path) -> Option<Arc<DirEntries>> {
        if !self.dirs.contains(dir) {
            return None;
        }
        let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
        // BTree order is path order, which is name order among siblings.
        Some(Arc::new(DirEntries {
            dirs: self.dirs.iter().filter(|d| d.parent() == Some(dir)).filter_map(|d| name(d)).collect(),
            files: self.files.keys().filter(|f| f.parent() == Some(dir)).filter_map(|f| name(f)).collect(),
            linked_dirs: Vec::new(),
            links: Vec::new(),
        }))
    }

    fn is_disk(&self) -> bool {
        false
    }
}

/// Reads straight from disk, uncached. With roots (the workspace folders and indexed extension
/// roots), never through a link that leads outside them (see [`super::containment`]); the server
/// sets the roots after each index build, so one source serves every disk layer.
#[derive(Clone, Debug, Default)]
pub struct DiskSource {
    bounds: Arc<std::sync::RwLock<Arc<super::containment::Bounds>>>,
}

impl DiskSource {
    /// A source that never reads through a link out of `roots` (no roots: no limit).
    pub fn within(roots: impl AsRef<[PathBuf]>) -> Self {
        let source = DiskSource::default();
        source.set_roots(roots);
        source
    }

    /// One shared source with no roots (no limit), for code that has no workspace to bound it.
    pub fn unbounded() -> &'static DiskSource {
        static DISK: std::sync::LazyLock<DiskSource> = std::sync::LazyLock::new(DiskSource::default);
        &DISK
    }

    /// Replace the roots (shared by every clone of this source).
    pub fn set_roots(&self, roots: impl AsRef<[PathBuf]>) {
        let bounds = Arc::new(super::containment::Bounds::new(roots.as_ref()));
        *self.bounds.write().unwrap_or_else(|e| e.into_inner()) = bounds;
    }

    fn may_read(&self, path: &Path) -> bool {
        let bounds = self.bounds.read().unwrap_or_else(|e| e.into_inner()).clone();
        if bounds.allows(path) {
            return true;
        }
        tracing::warn!("not reading {}: a link on the way leads outside the workspace folders", path.display());
        false
    }
}

impl FileSource for DiskSource {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        self.may_read(path).then(|| read_disk(path)).flatten()
    }

    fn list(&self, dir: &Path) -> Option<Arc<DirEntries>> {
        self.may_read(dir).then(|| list_disk(dir).map(Arc::new)).flatten()
    }
}

/// What was read through a backing source during one disk generation: every file and folder is
/// read at most once, so a snapshot never sees two versions of one file. A file event makes a new
/// layer ([`DiskLayer::without`]) on top of this one that forgets only what the event touched;
/// the rest is still served from the layers below (no copying). Every few generations the chain
/// is dropped and the next layer starts empty.
pub struct DiskLayer {
    source: Arc<dyn FileSource>,
    // Keyed by the path's fingerprint, not a copy of the path: a layer holds every file and
    // folder of the workspace (28,000 paths, 3.7 MB of keys at 10,000 bundles). The price: what
    // an event hid cannot be picked out of a layer's own entries, so the chain is not flattened
    // but started afresh.
    files: DashMap<PathId, Option<Arc<str>>>,
    dirs: DashMap<PathId, Option<Arc<DirEntries>>>,
    below: Option<Below>,
    depth: usize,
}

/// The layer a renewed layer sits on, and what it must not take from it.
struct Below {
    layer: Arc<DiskLayer>,
    /// Changed paths: their text, listings and everything below them.
    changed: Vec<PathBuf>,
    /// Their ancestors: listings only.
    ancestors: Vec<PathBuf>,
}

/// Layers stacked before a renewal starts afresh.
const MAX_DEPTH: usize = 16;

impl Below {
    fn hides_file(&self, p: &Path) -> bool {
        self.changed.iter().any(|c| p.starts_with(c))
    }
    fn hides_dir(&self, d: &Path) -> bool {
        self.hides_file(d) || self.ancestors.iter().any(|a| a == d)
    }
}

impl DiskLayer {
    pub fn new(source: Arc<dyn FileSource>) -> Self {
        DiskLayer { source, files: DashMap::default(), dirs: DashMap::default(), below: None, depth: 0 }
    }

    fn cached_file(&self, p: &Path, id: PathId) -> Option<Option<Arc<str>>> {
        if let Some(hit) = self.files.get(&id) {
            return Some(hit.clone());
        }
        let below = self.below.as_ref().filter(|b| !b.hides_file(p))?;
        below.layer.cached_file(p, id)
    }

    fn cached_dir(&self, d: &Path, id: PathId) -> Option<Option<Arc<DirEntries>>> {
        if let Some(hit) = self.dirs.get(&id) {
            return Some(hit.clone());
        }
        let below = self.below.as_ref().filter(|b| !b.hides_dir(d))?;
        below.layer.cached_dir(d, id)
    }

    pub fn read(&self, path: &Path) -> Option<Arc<str>> {
        let id = PathId::of(path);
        if let Some(hit) = self.cached_file(path, id) {
            return hit;
        }
        let text = self.source.read(path);
        self.files.entry(id).or_insert(text).clone()
    }

    pub fn list(&self, dir: &Path) -> Option<Arc<DirEntries>> {
        let id = PathId::of(dir);
        if let Some(hit) = self.cached_dir(dir, id) {
            return hit;
        }
        let entries = self.source.list(dir);
        self.dirs.entry(id).or_insert(entries).clone()
    }

    /// A layer with what is known about `changed` forgotten: their text, their listings and
    /// everything below them (a folder event), and their ancestors' listings (an event for
    /// `A/B/file` may be the first news of a new folder `A/B`). After [`MAX_DEPTH`] renewals, an
    /// empty layer: files and folders are read again when asked (the parse caches compare texts,
    /// so an unchanged file is not parsed again).
    pub fn without(self: &Arc<Self>, changed: &[PathBuf]) -> DiskLayer {
        if self.depth + 1 >= MAX_DEPTH {
            return DiskLayer::new(self.source.clone());
        }
        let mut ancestors: Vec<PathBuf> =
            changed.iter().flat_map(|p| p.ancestors().skip(1)).map(Path::to_path_buf).collect();
        ancestors.sort();
        ancestors.dedup();
        let below = Below { layer: self.clone(), changed: changed.to_vec(), ancestors };
        DiskLayer {
            source: self.source.clone(),
            files: DashMap::default(),
            dirs: DashMap::default(),
            below: Some(below),
            depth: self.depth + 1,
        }
    }
}

/// An open editor document as a snapshot sees it.
#[derive(Clone, Debug)]
pub struct OpenFile {
    pub text: Arc<str>,
    pub version: i32,
    /// Which document this text is a version of ([`super::Document::open_file`]; `None` for
    /// texts made elsewhere).
    pub doc: Option<u64>,
    /// What this version changed of the previous one, when it was one range.
    pub edited: Option<super::Edited>,
}

impl OpenFile {
    /// `text` at `version`, of no known document.
    pub fn new(text: Arc<str>, version: i32) -> Self {
        OpenFile { text, version, doc: None, edited: None }
    }

    /// Which document and version this text is, when it came from a [`super::Document`].
    pub fn at(&self) -> Option<super::DocVersion> {
        self.doc.map(|doc| super::DocVersion { doc, version: self.version })
    }
}

/// The open documents of one revision, and the folder entries they add (a document may be open
/// in a folder that does not exist on disk yet: it is listed as if it did).
#[derive(Clone, Debug, Default)]
pub struct OpenFiles {
    docs: HashMap<PathBuf, OpenFile>,
    /// Folder → (sub-folder names, file names) contributed by open documents.
    children: HashMap<PathBuf, (BTreeSet<String>, BTreeSet<String>)>,
}

impl OpenFiles {
    pub fn new(docs: HashMap<PathBuf, OpenFile>) -> Self {
        let mut children: HashMap<PathBuf, (BTreeSet<String>, BTreeSet<String>)> = HashMap::new();
        for path in docs.keys() {
            let mut child = path.as_path();
            let mut is_file = true;
            while let (Some(dir), Some(name)) = (child.parent(), child.file_name().and_then(|n| n.to_str())) {
                let entry = children.entry(dir.to_path_buf()).or_default();
                let set = if is_file { &mut entry.1 } else { &mut entry.0 };
                if !set.insert(name.to_string()) && !is_file {
                    break; // the rest of the chain is recorded already
                }
                child = dir;
                is_file = false;
            }
        }
        OpenFiles { docs, children }
    }

    pub fn get(&self, path: &Path) -> Option<&OpenFile> {
        self.docs.get(path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.docs.keys()
    }

    /// This set with one document replaced (same path set: the folder entries are kept).
    pub fn with_text(&self, path: &Path, file: OpenFile) -> OpenFiles {
        let mut next = self.clone();
        if let Some(slot) = next.docs.get_mut(path) {
            *slot = file;
            return next;
        }
        next.docs.insert(path.to_path_buf(), file);
        OpenFiles::new(next.docs)
    }
}

/// The file system as one snapshot sees it: open documents over a [`DiskLayer`]. Immutable
/// (both parts are shared, never changed in place); cheap to clone.
#[derive(Clone)]
pub struct Vfs {
    pub open: Arc<OpenFiles>,
    pub disk: Arc<DiskLayer>,
}

impl Vfs {
    /// A file system over `source` with no open documents.
    pub fn over(source: Arc<dyn FileSource>) -> Self {
        Vfs { open: Arc::default(), disk: Arc::new(DiskLayer::new(source)) }
    }

    /// The editor's version of an open document.
    pub fn version(&self, path: &Path) -> Option<i32> {
        self.open.get(path).map(|f| f.version)
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.open.get(path).is_some()
    }
}

impl FileSource for Vfs {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        match self.open.get(path) {
            Some(f) => Some(f.text.clone()),
            None => self.disk.read(path),
        }
    }

    fn is_disk(&self) -> bool {
        self.disk.source.is_disk()
    }

    fn is_open(&self, path: &Path) -> bool {
        self.open.get(path).is_some()
    }

    fn list(&self, dir: &Path) -> Option<Arc<DirEntries>> {
        let disk = self.disk.list(dir);
        let Some((dirs, files)) = self.open.children.get(dir) else {
            return disk;
        };
        let mut merged = disk.as_deref().cloned().unwrap_or_default();
        for d in dirs {
            if !merged.has_dir(d) {
                merged.dirs.push(d.clone());
            }
        }
        for f in files {
            if !merged.has_file(f) {
                merged.files.push(f.clone());
            }
        }
        merged.dirs.sort();
        merged.files.sort();
        Some(Arc::new(merged))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_documents_add_folders_that_are_not_on_disk() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("a.txt"), "disk").unwrap();
        let doc = t.path().join("New.pushbutton/bundle.yaml");
        let mut docs = HashMap::new();
        docs.insert(doc.clone(), OpenFile::new(Arc::from("title: x"), 1));
        let vfs = Vfs {
            open: Arc::new(OpenFiles::new(docs)),
            disk: Arc::new(DiskLayer::new(Arc::new(DiskSource::default()))),
        };
        let root = vfs.list(t.path()).unwrap();
        assert_eq!(root.dirs, ["New.pushbutton"]);
        assert_eq!(root.files, ["a.txt"]);
        assert!(vfs.is_file(&doc) && vfs.is_dir(&t.path().join("New.pushbutton")));
        assert_eq!(vfs.read(&doc).as_deref(), Some("title: x"));
    }

    #[test]
    fn a_file_changed_on_disk_between_two_reads_of_one_layer_keeps_its_first_text() {
        // Nothing but the layer holds the text between the reads (no cache, no request): a
        // layer that kept only fingerprints would read the new version here, and one snapshot
        // would see two versions of the file (ranges of one text applied to the other).
        let t = tempfile::tempdir().unwrap();
        let a = t.path().join("script.py");
        std::fs::write(&a, "import lib\n").unwrap();
        let layer = Arc::new(DiskLayer::new(Arc::new(DiskSource::default())));
        let first = layer.read(&a).unwrap();
        let len = first.len();
        drop(first);
        std::fs::write(&a, "x").unwrap();
        let again = layer.read(&a).unwrap();
        assert_eq!((&*again, again.len()), ("import lib\n", len));
        // Another spelling of the path is the same file, in the same version.
        let other = t.path().join(".").join("script.py");
        assert_eq!(layer.read(&other).as_deref(), Some("import lib\n"));
        // The event renews the layer: the new version, and only in the new layer.
        let next = layer.without(std::slice::from_ref(&a));
        assert_eq!(next.read(&a).as_deref(), Some("x"));
        assert_eq!(layer.read(&a).as_deref(), Some("import lib\n"));
    }

    #[test]
    fn a_layer_reads_once_and_forgets_only_what_changed() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a.py"), t.path().join("b.py"));
        std::fs::write(&a, "1").unwrap();
        std::fs::write(&b, "1").unwrap();
        let layer = Arc::new(DiskLayer::new(Arc::new(DiskSource::default())));
        assert_eq!(layer.read(&a).as_deref(), Some("1"));
        assert_eq!(layer.read(&b).as_deref(), Some("1"));
        assert_eq!(layer.list(t.path()).unwrap().files, ["a.py", "b.py"]);
        std::fs::write(&a, "2").unwrap();
        std::fs::write(&b, "2").unwrap();
        std::fs::write(t.path().join("c.py"), "").unwrap();
        assert_eq!(layer.read(&a).as_deref(), Some("1"), "one layer never sees two versions");
        let next = layer.without(std::slice::from_ref(&a));
        assert_eq!(next.read(&a).as_deref(), Some("2"));
        assert_eq!(next.read(&b).as_deref(), Some("1"), "untouched files are not re-read");
        assert_eq!(next.list(t.path()).unwrap().files, ["a.py", "b.py", "c.py"]);
        // After `MAX_DEPTH` renewals the chain is dropped: everything is read again, once.
        let mut layer = Arc::new(next);
        for i in 0..MAX_DEPTH - 1 {
            layer = Arc::new(layer.without(&[t.path().join(format!("x{i}"))]));
        }
        assert_eq!(layer.depth, 0);
        assert_eq!(layer.read(&a).as_deref(), Some("2"));
        // `b` changed without an event: read again in the fresh layer, then kept.
        assert_eq!(layer.read(&b).as_deref(), Some("2"));
        std::fs::write(&b, "3").unwrap();
        std::fs::write(t.path().join("d.py"), "").unwrap();
        assert_eq!(layer.read(&b).as_deref(), Some("2"));
        assert_eq!(layer.list(t.path()).unwrap().files, ["a.py", "b.py", "c.py", "d.py"]);
        std::fs::write(t.path().join("e.py"), "").unwrap();
        assert_eq!(layer.list(t.path()).unwrap().files, ["a.py", "b.py", "c.py", "d.py"]);
    }
}
