//! Shared by the targets that analyse a mini-workspace: a fixed folder tree on disk (indexed
//! once per process) whose file contents come from the fuzz input through an in-memory source.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pyrevit_ls::analysis::{completion, diagnostics, hover, navigation, Settings, Snapshot};
use pyrevit_ls::base::FileSource;
use pyrevit_ls::index::{build_index, WorkspaceIndex};

pub struct Mem(pub HashMap<PathBuf, Arc<str>>);

impl FileSource for Mem {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        self.0.get(path).cloned()
    }
}

/// The tree: every path in `files` created empty (folders included), then indexed.
pub fn workspace(files: &[&str], dirs: &[&str]) -> (tempfile::TempDir, Arc<WorkspaceIndex>) {
    let dir = tempfile::tempdir().unwrap();
    for d in dirs {
        std::fs::create_dir_all(dir.path().join(d)).unwrap();
    }
    for f in files {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "").unwrap();
    }
    let index = Arc::new(build_index(&[dir.path().to_path_buf()]));
    (dir, index)
}

/// Diagnostics of the whole workspace, then completion, hover and definition at `offset` in
/// each of `ask` (paths relative to `root`).
pub fn analyse(root: &Path, index: &Arc<WorkspaceIndex>, texts: HashMap<PathBuf, Arc<str>>, ask: &[&str], offset: usize) {
    let snap = Snapshot::new(index.clone(), Arc::new(Mem(texts)), Arc::new(Settings::default()));
    let _ = diagnostics::workspace_diagnostics(&snap);
    for f in ask {
        let path = root.join(f);
        let _ = completion::completions(&snap, &path, offset);
        let _ = hover::hover(&snap, &path, offset);
        let _ = navigation::definition(&snap, &path, offset);
    }
}
