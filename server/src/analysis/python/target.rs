//! What an offset in a Python file refers to: a segment of an import's module path, an imported
//! name or alias, or a later use of an imported name — resolved to a module or definition.

use std::path::Path;

use super::{resolver, ImportSettings};
use crate::analysis::Snapshot;
use crate::base::TextRange;
use crate::imports::{Lookup, ModuleFile, NameTarget, Resolver, SearchEntry};
use crate::syntax::python::{ImportKind, NameUse, PyModule};

/// A resolved reference under the cursor.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    /// The segment or name under the cursor.
    pub range: TextRange,
    /// The dotted name as written up to the cursor (`mylib.sub`, `mylib.sub.thing`).
    pub dotted: String,
    pub resolved: NameTarget,
    /// The search-path folder the import's first segment was found in (`None` for relative imports).
    pub entry: Option<SearchEntry>,
}

/// Resolve what `offset` in `file` refers to.
pub fn target_at(snap: &Snapshot, settings: &ImportSettings, file: &Path, offset: usize) -> Option<Target> {
    let r = resolver(snap, settings);
    let module = r.module(file)?;
    resolve_at(&r, file, &module, offset)
}

pub(super) fn resolve_at(r: &Resolver, file: &Path, module: &PyModule, offset: usize) -> Option<Target> {
    for imp in module.imports.iter().filter(|i| i.range.contains_inclusive(offset)) {
        let dotted = imp.module();
        let dots = ".".repeat(imp.level() as usize);
        if let Some(i) = dotted.segment_at(offset) {
            let res = r.resolve_module(file, module, imp)?;
            let m = res.chain.get(i)?.clone();
            let name = format!("{dots}{}", dotted.dotted_prefix(i + 1));
            return Some(module_target(dotted.segments[i].range, name, m, res.entry));
        }
        match &imp.kind {
            ImportKind::Module { alias: Some(a), .. } if a.range.contains_inclusive(offset) => {
                let res = r.resolve_module(file, module, imp)?;
                let m = res.target(dotted.segments.len())?.clone();
                return Some(module_target(a.range, dotted.dotted(), m, res.entry));
            }
            ImportKind::From { names, .. } => {
                let Some(n) = names.iter().find(|n| {
                    n.name.range.contains_inclusive(offset)
                        || n.alias.as_ref().is_some_and(|a| a.range.contains_inclusive(offset))
                }) else {
                    continue;
                };
                let range = if n.name.range.contains_inclusive(offset) { n.name.range } else { n.bound().range };
                let (res, lookup) = r.resolve_imported_name(file, module, imp, n)?;
                let Lookup::Found(resolved) = lookup else {
                    return None;
                };
                let sep = if dotted.segments.is_empty() { "" } else { "." };
                let name = format!("{dots}{}{sep}{}", dotted.dotted(), n.name.text);
                return Some(Target { range, dotted: name, resolved, entry: res.entry });
            }
            _ => {}
        }
    }
    let (u, seg) = module
        .uses
        .iter()
        .find_map(|u| u.segments.iter().position(|s| s.range.contains_inclusive(offset)).map(|i| (u, i)))?;
    resolve_use(r, file, module, u, seg)
}

fn module_target(range: TextRange, dotted: String, module: ModuleFile, entry: Option<SearchEntry>) -> Target {
    Target { range, dotted, resolved: NameTarget::Module { module }, entry }
}

/// `a.b.c` later in the file, up to segment `seg`: start from the import binding `a`, then look
/// each following segment up in the module reached so far.
pub(super) fn resolve_use(r: &Resolver, file: &Path, module: &PyModule, u: &NameUse, seg: usize) -> Option<Target> {
    let head = u.segments.first()?;
    let (imp, imported) = module.binding_before(&head.text, head.range.start as usize)?;
    let res = r.resolve_module(file, module, imp)?;
    let mut current = match (&imp.kind, imported) {
        (ImportKind::Module { module: dotted, alias }, _) => {
            let wanted = if alias.is_some() { dotted.segments.len() } else { 1 };
            NameTarget::Module { module: res.chain.get(wanted - 1)?.clone() }
        }
        (ImportKind::From { .. }, Some(n)) => {
            let source = res.target(imp.module().segments.len())?;
            match r.lookup_name(source, &n.name.text) {
                Lookup::Found(t) => t,
                _ => return None,
            }
        }
        _ => return None,
    };
    for s in u.segments.iter().take(seg + 1).skip(1) {
        let NameTarget::Module { module: m } = &current else {
            return None;
        };
        current = match r.lookup_name(m, &s.text) {
            Lookup::Found(t) => t,
            _ => return None,
        };
    }
    let dotted: Vec<&str> = u.segments.iter().take(seg + 1).map(|s| s.text.as_str()).collect();
    Some(Target { range: u.segments[seg].range, dotted: dotted.join("."), resolved: current, entry: res.entry })
}
