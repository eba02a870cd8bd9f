//! Import diagnostics: names missing from a workspace module, and modules shadowed on the path.
//! Imports that do not resolve in the workspace are never reported.

use std::path::Path;

use super::{display_path, resolver, ImportSettings};
use crate::analysis::{codes, Diagnostic, Severity, Snapshot};
use crate::base::{FileRange, TextRange};
use crate::imports::resolve::providers;
use crate::imports::{Lookup, Origin, Resolver, SearchEntry};
use crate::syntax::python::ImportKind;

/// `unresolved-import-name` (warning) and `shadowed-module` (information) for `file`.
pub fn diagnostics(snap: &Snapshot, settings: &ImportSettings, file: &Path) -> Vec<Diagnostic> {
    if !settings.diagnostics {
        return Vec::new();
    }
    let r = resolver(snap, settings);
    let Some(module) = r.module(file) else {
        return Vec::new();
    };
    let path = r.search_path(file);
    let mut out = Vec::new();
    let mut shadow_checked = std::collections::HashSet::new();
    for imp in &module.imports {
        let Some(res) = r.resolve_module(file, &module, imp) else {
            continue;
        };
        let dotted = imp.module();
        let in_workspace = res.entry.as_ref().is_none_or(is_workspace);
        if imp.level() == 0 && in_workspace && res.entry.as_ref().is_some_and(|e| e.origin != Origin::OwnPackage) {
            if let Some(first) = dotted.segments.first() {
                if shadow_checked.insert(first.text.clone()) {
                    out.extend(shadowed(snap, settings, &r, &path, &first.text, first.range));
                }
            }
        }
        let ImportKind::From { names, .. } = &imp.kind else {
            continue;
        };
        let Some(source) = res.target(dotted.segments.len()) else {
            continue;
        };
        if !in_workspace {
            continue;
        }
        for n in names {
            if r.lookup_name(source, &n.name.text) == Lookup::Missing {
                let shown = if dotted.segments.is_empty() {
                    ".".repeat(imp.level() as usize)
                } else {
                    format!("{}{}", ".".repeat(imp.level() as usize), dotted.dotted())
                };
                let msg = format!(
                    "`{}` is neither defined in module `{shown}` (`{}`) nor one of its submodules",
                    n.name.text,
                    display_path(snap, settings, &source.file)
                );
                out.push(Diagnostic::new(codes::UNRESOLVED_IMPORT_NAME, Severity::Warning, n.name.range, msg));
            }
        }
    }
    out
}

/// pyRevit's own folders are not the workspace: nothing resolved there is diagnosed.
fn is_workspace(e: &SearchEntry) -> bool {
    !matches!(e.origin, Origin::PyRevitLib | Origin::SitePackages)
}

fn shadowed(
    snap: &Snapshot,
    settings: &ImportSettings,
    r: &Resolver,
    path: &[SearchEntry],
    name: &str,
    range: TextRange,
) -> Option<Diagnostic> {
    let found: Vec<_> = providers(r, path, name).into_iter().filter(|(e, _)| is_workspace(e)).collect();
    let ((used_entry, used), rest) = found.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let others: Vec<String> =
        rest.iter().map(|(_, m)| format!("`{}`", display_path(snap, settings, &m.file))).collect();
    let msg = format!(
        "Module `{name}` is provided by more than one folder on pyRevit's search path: `{}` ({}) is used; it shadows {}",
        display_path(snap, settings, &used.file),
        used_entry.origin.describe(),
        others.join(", ")
    );
    let mut d = Diagnostic::new(codes::SHADOWED_MODULE, Severity::Information, range, msg);
    d = d.with_related(
        FileRange { path: used.file.clone(), range: TextRange::empty(0) },
        format!("`{name}` used from here"),
    );
    for (e, m) in rest {
        d = d.with_related(
            FileRange { path: m.file.clone(), range: TextRange::empty(0) },
            format!("shadowed `{name}` ({})", e.origin.describe()),
        );
    }
    Some(d)
}
