//! Every Python file of the workspace's extensions (for workspace-wide references), and the
//! modules the workspace's entry files reach by imports.

use crate::base::hash::HashSet;
use std::path::PathBuf;

use super::{resolver, ImportSettings};
use crate::analysis::Snapshot;
use crate::imports::{Lookup, NameTarget};
use crate::syntax::python::ImportKind;

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
            out.extend(
                listing
                    .files
                    .iter()
                    .filter(|f| crate::analysis::is_python(std::path::Path::new(f)))
                    .map(|f| crate::analysis::diagnostics::exact_join(&dir, f)),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The Python files reached by following imports from `entries` (bundle scripts, hooks, startup
/// scripts…), transitively: every module of a resolved dotted name and every submodule imported
/// by `from package import name`. Parses only what an import needs.
pub fn reached_modules(snap: &Snapshot, entries: &[PathBuf]) -> HashSet<PathBuf> {
    let settings = ImportSettings::of(snap);
    let r = resolver(snap, &settings);
    let mut seen: HashSet<PathBuf> = entries.iter().cloned().collect();
    let mut reached = HashSet::default();
    let mut stack: Vec<PathBuf> = entries.to_vec();
    while let Some(file) = stack.pop() {
        if snap.is_cancelled() {
            break;
        }
        let Some(module) = r.module_imports(&file) else { continue };
        for imp in &module.imports {
            let Some(res) = r.resolve_module(&file, &module, imp) else { continue };
            let mut found: Vec<PathBuf> = res.base.iter().chain(&res.chain).map(|m| m.file.clone()).collect();
            if let (ImportKind::From { names, .. }, Some(source)) = (&imp.kind, res.target(imp.module().segments.len()))
            {
                for n in names {
                    if let Lookup::Found(NameTarget::Module { module }) = r.lookup_name(source, &n.name.text) {
                        found.push(module.file);
                    }
                }
            }
            for f in found {
                if seen.insert(f.clone()) {
                    reached.insert(f.clone());
                    stack.push(f);
                }
            }
        }
    }
    reached
}
