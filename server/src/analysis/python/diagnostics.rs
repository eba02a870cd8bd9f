//! Import diagnostics: names and submodules missing from a workspace module, and modules shadowed
//! on the path. Imports whose first segment resolves nowhere in the workspace are not reported,
//! except a likely renamed module next to the importer (IronPython 2 implicit relative import).

use std::path::Path;

use super::{display_path, resolver, ImportSettings};
use crate::analysis::meta_check::closest;
use crate::analysis::{codes, Diagnostic, Fix, Severity, Snapshot};
use crate::base::{FileRange, TextRange};
use crate::imports::resolve::{has_other_entry, module_names_in, own_package_entry, providers, Finder};
use crate::imports::{Lookup, ModuleResolution, Origin, Resolver, SearchEntry};
use crate::knowledge::python_stdlib::is_stdlib_module;
use crate::syntax::python::{Import, ImportKind, PyModule};

/// `unresolved-import-name`, `unresolved-submodule` (warnings) and `shadowed-module`
/// (information) for `file`. Imports in code that expects them to fail (an `ImportError` guard,
/// `if TYPE_CHECKING:`, a version test) and imports of standard-library modules are not judged.
pub fn diagnostics(snap: &Snapshot, settings: &ImportSettings, file: &Path) -> Vec<Diagnostic> {
    if !settings.diagnostics {
        return Vec::new();
    }
    let r = resolver(snap, settings);
    let Some(module) = r.own_module(file) else {
        return Vec::new();
    };
    let path = r.search_path(file);
    // Code pyRevit cannot import as it stands (a package under a folder that is not on the
    // search path, such as a vendored `lib/py3/…` tree loaded through a `sys.path` change) is
    // not judged: its imports depend on a path and an engine we do not know.
    let reachable = is_reachable(&r, &path, file);
    let mut out = Vec::new();
    let mut shadow_checked = std::collections::HashSet::new();
    for imp in module.imports.iter().filter(|i| !i.guarded) {
        let dotted = imp.module();
        let stdlib = imp.level() == 0 && dotted.segments.first().is_some_and(|s| is_stdlib_module(&s.text));
        let Some(res) = r.resolve_module(file, &module, imp) else {
            if !stdlib && reachable {
                out.extend(implicit_relative_typo(snap, &r, file, &module, imp));
            }
            continue;
        };
        let in_workspace = res.entry.as_ref().is_none_or(is_workspace);
        if !in_workspace || stdlib {
            continue;
        }
        if imp.level() == 0 && res.entry.as_ref().is_some_and(|e| e.origin != Origin::OwnPackage) {
            if let Some(first) = dotted.segments.first() {
                if shadow_checked.insert(first.text.clone()) {
                    out.extend(shadowed(snap, settings, &r, &path, &first.text, first.range));
                }
            }
        }
        if !reachable {
            continue;
        }
        let Some(source) = res.target(dotted.segments.len()) else {
            out.extend(missing_submodule(snap, settings, &r, file, imp, &res));
            continue;
        };
        let ImportKind::From { names, .. } = &imp.kind else {
            continue;
        };
        for n in names {
            if r.lookup_name(source, &n.name.text) != Lookup::Missing {
                continue;
            }
            let shown = if dotted.segments.is_empty() {
                ".".repeat(imp.level() as usize)
            } else {
                format!("{}{}", ".".repeat(imp.level() as usize), dotted.dotted())
            };
            let mut d = Diagnostic::new(
                codes::UNRESOLVED_IMPORT_NAME,
                Severity::Warning,
                n.name.range,
                format!(
                    "`{}` is neither defined in module `{shown}` (`{}`) nor one of its submodules",
                    n.name.text,
                    display_path(snap, settings, &source.file)
                ),
            );
            let candidates = r.names_of(source);
            if let Some(near) = closest(&n.name.text, candidates.iter().map(String::as_str)) {
                d.message.push_str(&format!("; did you mean `{near}`?"));
                d = d.with_fix(Fix::replace(format!("Replace with `{near}`"), file.to_path_buf(), n.name.range, near));
            }
            out.push(d);
        }
    }
    out
}

/// Whether pyRevit can import `file` as it stands: its folder is on its search path, or the
/// folder holding its outermost package is.
fn is_reachable(r: &Resolver, path: &[SearchEntry], file: &Path) -> bool {
    let Some(mut dir) = file.parent() else { return false };
    loop {
        if path.iter().any(|e| e.dir == dir) {
            return true;
        }
        if !r.is_package(dir) {
            return false;
        }
        let Some(up) = dir.parent() else { return false };
        dir = up;
    }
}

/// `import pkg.sub` / `from pkg.sub import x` / `from .sub import x` where the package resolves
/// in the workspace but holds no module `sub`: Python raises ImportError. A name bound in
/// `pkg/__init__.py` does not help: the import system looks for a submodule file.
fn missing_submodule(
    snap: &Snapshot,
    settings: &ImportSettings,
    r: &Resolver,
    file: &Path,
    imp: &Import,
    res: &ModuleResolution,
) -> Option<Diagnostic> {
    let segments = &imp.module().segments;
    let package = res.chain.last().or(res.base.as_ref())?;
    let missing = segments.get(res.chain.len())?;
    let parent_name = if res.chain.is_empty() {
        ".".repeat(imp.level() as usize)
    } else {
        format!("{}{}", ".".repeat(imp.level() as usize), imp.module().dotted_prefix(res.chain.len()))
    };
    let shown = display_path(snap, settings, &package.file);
    let parsed = r.module(&package.file)?;
    if parsed.dynamic {
        return None;
    }
    let Some(dir) = package.package_dir() else {
        return Some(Diagnostic::new(
            codes::UNRESOLVED_SUBMODULE,
            Severity::Warning,
            missing.range,
            format!(
                "`{parent_name}` is a module (`{shown}`), not a package, so `{}` cannot be imported from it",
                missing.text
            ),
        ));
    };
    if has_other_entry(snap.files.as_ref(), dir, &missing.text) {
        return None;
    }
    let mut d = Diagnostic::new(
        codes::UNRESOLVED_SUBMODULE,
        Severity::Warning,
        missing.range,
        format!(
            "package `{parent_name}` (`{shown}`) has no submodule `{}`: the import fails with ImportError",
            missing.text
        ),
    );
    if parsed.def(&missing.text).is_some() {
        d.message.push_str(&format!(
            " (`{}` is a name in its `__init__.py`, but a dotted import needs a module file)",
            missing.text
        ));
    }
    let modules = module_names_in(snap.files.as_ref(), dir);
    if let Some(near) = closest(&missing.text, modules.iter().map(String::as_str)) {
        d.message.push_str(&format!("; did you mean `{near}`?"));
        d = d.with_fix(Fix::replace(format!("Replace with `{near}`"), file.to_path_buf(), missing.range, near));
    }
    Some(d)
}

/// IronPython 2 reads `import forms` in a package module as `import <package>.forms` first
/// (implicit relative import). When neither that nor the search path finds `forms`, but the
/// package folder holds a module with a close name, the module was most likely renamed.
fn implicit_relative_typo(
    snap: &Snapshot,
    r: &Resolver,
    file: &Path,
    module: &PyModule,
    imp: &Import,
) -> Option<Diagnostic> {
    if imp.level() != 0 || module.absolute_import {
        return None;
    }
    let first = imp.module().segments.first()?;
    // .NET namespaces (`System`, `Autodesk`) are capitalised and `clr` is short: only a
    // lowercase Python-style name of some length is judged, and never against a sibling that
    // differs only in case (`System` is not `system.py`).
    let name = first.text.as_str();
    if name.len() < 4 || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let own = own_package_entry(r, file)?;
    let modules = module_names_in(snap.files.as_ref(), &own.dir);
    // One edit away (`dialogs` → `dialog`): a farther name is more likely another package.
    let near = modules
        .iter()
        .map(String::as_str)
        .filter(|m| !m.eq_ignore_ascii_case(name) && strsim::osa_distance(m, name) == 1)
        .min()?;
    let settings = ImportSettings::of(snap);
    let shown = display_path(snap, &settings, &own.dir);
    Some(
        Diagnostic::new(
            codes::UNRESOLVED_SUBMODULE,
            Severity::Warning,
            first.range,
            format!(
                "no module `{}` in this package (`{shown}/`) or on pyRevit's search path (IronPython 2 looks in the package folder first); did you mean `{near}`?",
                first.text
            ),
        )
        .with_fix(Fix::replace(format!("Replace with `{near}`"), file.to_path_buf(), first.range, near)),
    )
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
