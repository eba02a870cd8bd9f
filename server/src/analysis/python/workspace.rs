//! Every Python file of the workspace's extensions (for workspace-wide references), and the
//! modules the workspace's entry files reach by imports.

use crate::base::hash::{DashMap, HashSet, PathKey, PathKeyBuf};
use std::path::{Path, PathBuf};

use super::{resolver, ImportSettings};
use crate::analysis::Snapshot;
use crate::imports::{Lookup, NameTarget, Resolver};
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
/// by `from package import name`. Parses only what an import needs. The entries' own imports
/// (thousands of files, the bulk of the work) are followed on every core.
pub fn reached_modules<P: AsRef<Path> + Sync>(snap: &Snapshot, entries: &[P]) -> HashSet<PathBuf> {
    let settings = ImportSettings::of(snap);
    let r = resolver(snap, &settings);
    // Keyed by `PathKey`: `PathBuf`'s own hash walks components (16,000 entries here). The
    // entries are borrowed, not copied: this runs at the peak of the first round.
    let is_entry: HashSet<&PathKey> = entries.iter().map(|p| PathKey::new(p.as_ref())).collect();
    // What the entries reach, claimed by the first thread to find it: each entry's result holds
    // only files no other entry found first (thousands of scripts import the same few modules).
    let claimed: DashMap<PathKeyBuf, ()> = DashMap::default();
    let claim = |f: PathBuf| -> Option<PathBuf> {
        let key = PathKey::new(&f);
        if is_entry.contains(key) || claimed.contains_key(key) {
            return None;
        }
        claimed.insert(PathKeyBuf::from(f.as_path()), ()).is_none().then_some(f)
    };
    let first = crate::base::parallel::map(entries, 64, |file| {
        if snap.is_cancelled() {
            return Vec::new();
        }
        imported_files(&r, file.as_ref()).into_iter().filter_map(&claim).collect::<Vec<_>>()
    });
    let mut stack: Vec<PathBuf> = first.into_iter().flatten().collect();
    let mut reached: HashSet<PathBuf> = stack.iter().cloned().collect();
    while let Some(file) = stack.pop() {
        if snap.is_cancelled() {
            break;
        }
        for f in imported_files(&r, &file).into_iter().filter_map(&claim) {
            reached.insert(f.clone());
            stack.push(f);
        }
    }
    reached
}

/// The files `file`'s imports lead to: the modules of each resolved dotted name, and the
/// submodules named by `from package import name`.
fn imported_files(r: &Resolver, file: &Path) -> Vec<PathBuf> {
    let Some(module) = r.module_imports(file) else { return Vec::new() };
    let mut found = Vec::new();
    for imp in &module.imports {
        let Some(res) = r.resolve_module(file, &module, imp) else { continue };
        found.extend(res.base.iter().chain(&res.chain).map(|m| m.file.clone()));
        if let (ImportKind::From { names, .. }, Some(source)) = (&imp.kind, res.target(imp.module().segments.len())) {
            for n in names {
                if let Lookup::Found(NameTarget::Module { module }) = r.lookup_name(source, &n.name.text) {
                    found.push(module.file);
                }
            }
        }
    }
    found
}
