//! Every Python file of the workspace's extensions (for workspace-wide references).

use std::collections::HashSet;
use std::path::PathBuf;

use crate::analysis::Snapshot;

/// `.py` files under every extension root, sorted; hidden folders and `__pycache__` skipped,
/// symlinks not followed.
pub fn python_files(snap: &Snapshot) -> Vec<PathBuf> {
    let mut out = HashSet::new();
    for ext in &snap.index.extensions {
        let mut stack = vec![ext.root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let Ok(ft) = e.file_type() else { continue };
                let name = e.file_name();
                let name = name.to_string_lossy();
                if ft.is_dir() {
                    if !name.starts_with('.') && name != "__pycache__" {
                        stack.push(e.path());
                    }
                } else if ft.is_file() && crate::analysis::is_python(&e.path()) {
                    out.insert(e.path());
                }
            }
        }
    }
    let mut v: Vec<PathBuf> = out.into_iter().collect();
    v.sort();
    v
}
