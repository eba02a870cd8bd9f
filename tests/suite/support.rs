//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pyrevit_ls::analysis::{Settings, Snapshot};
use pyrevit_ls::base::{DiskSource, MemoryFs};

/// Absolute path of `tests/fixtures/<name>`.
#[allow(dead_code)]
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
        .canonicalize()
        .expect("fixture exists")
}

/// Write `files` (relative path, content) below `root`, creating folders.
#[allow(dead_code)]
pub fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (rel, content) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

/// A workspace written from a multi-file fixture text, with an optional cursor.
///
/// ```text
/// //- A.extension/A.tab/P.panel/B.pushbutton/bundle.yaml
/// title:
///   en_$0
/// //- A.extension/A.tab/P.panel/B.pushbutton/script.py
/// print("hi")
/// ```
/// `//- path` starts a file; `$0` marks the cursor (at most once, removed from the text).
/// A path ending in `/` creates an empty folder.
#[allow(dead_code)]
pub struct Workspace {
    pub dir: tempfile::TempDir,
    /// The file holding `$0`, and the byte offset of the cursor in it.
    pub cursor: Option<(PathBuf, usize)>,
}

#[allow(dead_code)]
impl Workspace {
    pub fn new(fixture: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (entries, cursor) = parse_fixture(fixture);
        for (rel, text) in entries {
            let path = dir.path().join(&rel);
            if rel.ends_with('/') {
                std::fs::create_dir_all(&path).unwrap();
            } else {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
            }
        }
        let cursor = cursor.map(|(rel, at)| (dir.path().join(rel), at));
        Workspace { dir, cursor }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// An analysis snapshot of the whole workspace, read from disk.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot_with(Settings::default())
    }

    pub fn snapshot_with(&self, settings: Settings) -> Snapshot {
        let index = pyrevit_ls::index::build_index(&[self.root().to_path_buf()]);
        Snapshot::new(Arc::new(index), Arc::new(DiskSource::default()), Arc::new(settings))
    }

    /// The cursor's file and offset; panics when the fixture has no `$0`.
    pub fn at(&self) -> (PathBuf, usize) {
        self.cursor.clone().expect("fixture has a $0 cursor")
    }

    /// `path` relative to the workspace root, with `/` separators (for stable snapshots).
    pub fn rel(&self, path: &Path) -> String {
        path.strip_prefix(self.root()).unwrap_or(path).to_string_lossy().replace('\\', "/")
    }
}

/// The same multi-file fixture text as [`Workspace`], held in memory (no disk at all): the
/// index and every analysis read it through the snapshot's file system.
#[allow(dead_code)]
pub struct MemoryWorkspace {
    pub root: PathBuf,
    pub fs: MemoryFs,
    pub cursor: Option<(PathBuf, usize)>,
}

#[allow(dead_code)]
impl MemoryWorkspace {
    pub fn new(fixture: &str) -> Self {
        let root = PathBuf::from(if cfg!(windows) { r"C:\mem" } else { "/mem" });
        let mut fs = MemoryFs::default();
        fs.mkdir(&root);
        let (entries, cursor) = parse_fixture(fixture);
        for (rel, text) in entries {
            if rel.ends_with('/') {
                fs.mkdir(&root.join(&rel));
            } else {
                fs.insert(&root.join(&rel), &text);
            }
        }
        let cursor = cursor.map(|(rel, at)| (root.join(rel), at));
        MemoryWorkspace { root, fs, cursor }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// An analysis snapshot of the whole workspace.
    pub fn snapshot(&self) -> Snapshot {
        let files: Arc<dyn pyrevit_ls::base::FileSource> = Arc::new(self.fs.clone());
        let index = pyrevit_ls::index::build_index_with(std::slice::from_ref(&self.root), &*files);
        Snapshot::new(Arc::new(index), files, Arc::new(Settings::default()))
    }

    pub fn at(&self) -> (PathBuf, usize) {
        self.cursor.clone().expect("fixture has a $0 cursor")
    }

    pub fn rel(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).to_string_lossy().replace('\\', "/")
    }
}

/// A fixture cursor: the file (relative path) and byte offset.
type FixtureCursor = (String, usize);

/// The files of a multi-file fixture text (relative path, text; a path ending in `/` is a
/// folder), and the file and byte offset of its `$0` cursor (removed from the text).
fn parse_fixture(fixture: &str) -> (Vec<(String, String)>, Option<FixtureCursor>) {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if let Some(rel) = line.trim_start().strip_prefix("//- ") {
            files.push((rel.trim().to_string(), String::new()));
        } else if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
        }
    }
    let mut cursor = None;
    for (rel, text) in &mut files {
        if let Some(at) = text.find("$0") {
            text.replace_range(at..at + 2, "");
            cursor = Some((rel.clone(), at));
        }
    }
    (files, cursor)
}

/// `line:col` (1-based, UTF-8 columns) of a byte offset, for readable snapshots.
#[allow(dead_code)]
pub fn line_col(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{line}:{col}")
}
