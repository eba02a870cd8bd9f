//! The whole analysis of a mini-workspace: a fixed folder tree on disk (indexed once), whose
//! file contents come from the fuzz input (split at 0xFE bytes, never valid UTF-8) through an
//! in-memory file source. Diagnostics for every file (structure, metadata, layout, templates,
//! hooks, imports), then completion, hover and definition at an input-chosen offset.
#![no_main]
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use pyrevit_ls::analysis::{completion, diagnostics, hover, navigation, Settings, Snapshot};
use pyrevit_ls::base::FileSource;
use pyrevit_ls::index::{build_index, WorkspaceIndex};

const FILES: &[&str] = &[
    "W.extension/extension.json",
    "W.extension/bundle.yaml",
    "W.extension/W.tab/P.panel/bundle.yaml",
    "W.extension/W.tab/P.panel/B.pushbutton/bundle.yaml",
    "W.extension/W.tab/P.panel/B.pushbutton/script.py",
    "W.extension/W.tab/P.panel/C.pulldown/bundle.yaml",
    "W.extension/W.tab/P.panel/C.pulldown/D.pushbutton/script.py",
    "W.extension/hooks/doc-opened.py",
    "W.extension/lib/mod_a.py",
];

struct Mem(HashMap<PathBuf, Arc<str>>);

impl FileSource for Mem {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        self.0.get(path).cloned()
    }
}

fn workspace() -> &'static (tempfile::TempDir, Arc<WorkspaceIndex>) {
    static WS: OnceLock<(tempfile::TempDir, Arc<WorkspaceIndex>)> = OnceLock::new();
    WS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        for f in FILES {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let index = Arc::new(build_index(&[dir.path().to_path_buf()]));
        (dir, index)
    })
}

fuzz_target!(|data: &[u8]| {
    let (dir, index) = workspace();
    let mut files = HashMap::new();
    for (i, part) in data.split(|&b| b == 0xFE).take(FILES.len()).enumerate() {
        files.insert(dir.path().join(FILES[i]), Arc::from(String::from_utf8_lossy(part).into_owned()));
    }
    let offset = data.len() / 2;
    let snap = Snapshot::new(index.clone(), Arc::new(Mem(files)), Arc::new(Settings::default()));
    let _ = diagnostics::workspace_diagnostics(&snap);
    for f in FILES {
        let path = dir.path().join(f);
        let _ = completion::completions(&snap, &path, offset);
        let _ = hover::hover(&snap, &path, offset);
        let _ = navigation::definition(&snap, &path, offset);
    }
});
