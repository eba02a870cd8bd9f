//! Every import of a lib module or of a top-level definition, across the workspace.

use std::path::Path;

use super::target::{resolve_at, resolve_use};
use super::{python_files, resolver, ImportSettings};
use crate::analysis::Snapshot;
use crate::base::FileRange;
use crate::imports::{Lookup, ModuleFile, NameTarget, Resolver};
use crate::syntax::python::{ImportKind, PyModule};

/// What the references are wanted for: the import or use under the cursor when there is one,
/// else the top-level def whose name is under the cursor, else the file itself as a module.
/// Returns every import statement part (module segment or imported name) that resolves to it,
/// and for a definition also the uses (`mod.thing`) in importing files. The declaration itself
/// is not included.
pub fn references(snap: &Snapshot, settings: &ImportSettings, file: &Path, offset: usize) -> Vec<FileRange> {
    let r = resolver(snap, settings);
    let Some(module) = r.module(file) else {
        return Vec::new();
    };
    let wanted = match resolve_at(&r, file, &module, offset) {
        Some(t) => t.resolved,
        None => match module.defs.iter().find(|d| d.name.range.contains_inclusive(offset)) {
            Some(def) => NameTarget::Def { file: file.to_path_buf(), def: def.clone() },
            None => {
                let package = file.file_name().is_some_and(|n| n == "__init__.py");
                NameTarget::Module { module: ModuleFile { file: file.to_path_buf(), package } }
            }
        },
    };
    if matches!(wanted, NameTarget::Binding { .. }) {
        return Vec::new();
    }
    let needle = needle(&wanted);
    let mut out = Vec::new();
    for f in python_files(snap) {
        if snap.is_cancelled() {
            return Vec::new();
        }
        let Some(text) = snap.files.read(&f) else {
            continue;
        };
        if needle.as_deref().is_some_and(|n| !text.contains(n)) {
            continue;
        }
        let Some(m) = r.own_module(&f) else { continue };
        references_in(&r, &f, &m, &wanted, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// A word every referencing file must contain (cheap pre-filter before parsing).
fn needle(t: &NameTarget) -> Option<String> {
    match t {
        NameTarget::Def { def, .. } => Some(def.name.text.clone()),
        NameTarget::Module { module } => {
            let p = if module.package { module.file.parent()? } else { &module.file };
            Some(p.file_stem()?.to_string_lossy().into_owned())
        }
        NameTarget::Binding { .. } => None,
    }
}

fn same(a: &NameTarget, b: &NameTarget) -> bool {
    match (a, b) {
        (NameTarget::Module { module: x }, NameTarget::Module { module: y }) => x.file == y.file,
        (NameTarget::Def { file: f1, def: d1 }, NameTarget::Def { file: f2, def: d2 }) => {
            f1 == f2 && d1.name.range == d2.name.range
        }
        _ => false,
    }
}

fn references_in(r: &Resolver, file: &Path, m: &PyModule, wanted: &NameTarget, out: &mut Vec<FileRange>) {
    let mut push = |range| out.push(FileRange { path: file.to_path_buf(), range });
    for imp in &m.imports {
        let Some(res) = r.resolve_module(file, m, imp) else {
            continue;
        };
        if let NameTarget::Module { module } = wanted {
            for (i, link) in res.chain.iter().enumerate() {
                if link.file == module.file {
                    push(imp.module().segments[i].range);
                }
            }
        }
        if let ImportKind::From { names, .. } = &imp.kind {
            let Some(source) = res.target(imp.module().segments.len()) else {
                continue;
            };
            for n in names {
                if let Lookup::Found(t) = r.lookup_name(source, &n.name.text) {
                    if same(&t, wanted) {
                        push(n.name.range);
                    }
                }
            }
        }
    }
    if matches!(wanted, NameTarget::Def { .. }) {
        for u in &m.uses {
            for seg in 0..u.segments.len() {
                if let Some(t) = resolve_use(r, file, m, u, seg) {
                    if same(&t.resolved, wanted) {
                        push(t.range);
                    }
                }
            }
        }
    }
}
