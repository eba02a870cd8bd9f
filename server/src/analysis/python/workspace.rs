//! Every Python file of the workspace's extensions (for workspace-wide references).

use std::path::PathBuf;

use crate::analysis::Snapshot;

/// `.py` files under every extension root, sorted; hidden folders and `__pycache__` skipped,
/// symlinked folders not followed. Listed through the snapshot's file system (cached).
pub fn python_files(snap: &Snapshot) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for ext in &snap.index.extensions {
        let mut stack = vec![ext.root.clone()];
        while let Some(dir) = stack.pop() {
            let Some(listing) = snap.files.list(&dir) else {
                continue;
            };
            for name in &listing.dirs {
                if !name.starts_with('.') && name != "__pycache__" {
                    stack.push(dir.join(name));
                }
            }
            out.extend(listing.files.iter().map(|f| dir.join(f)).filter(|p| crate::analysis::is_python(p)));
        }
    }
    out.sort();
    out.dedup();
    out
}
