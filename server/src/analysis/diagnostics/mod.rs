//! Diagnostics: per file (what the editor shows for an open document) and for the whole
//! workspace (what `check` prints and the server publishes after indexing).

mod metadata;
pub(crate) mod structure;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{file_kind, is_python, python, Diagnostic, FileKind, Snapshot};
use crate::base::hash::PathKey;

/// Every diagnostic for one file, sorted by position.
pub fn file_diagnostics(snap: &Snapshot, path: &Path) -> Vec<Diagnostic> {
    if !snap.settings.diagnostics.enable || snap.settings.diagnostics.exclude.matches(&snap.index.folders, path) {
        return Vec::new();
    }
    let mut out: Vec<Diagnostic> =
        structure::all(snap).list.iter().filter(|(p, _)| p == path).map(|(_, d)| d.clone()).collect();
    out.extend(super::hooks::nested_file_diagnostics(snap, path));
    let kind = file_kind(snap, path);
    match kind {
        FileKind::BundleYaml { ext, bundle } => out.extend(metadata::bundle_yaml(snap, ext, bundle, path)),
        FileKind::ExtensionJson { ext } | FileKind::ExtensionYaml { ext } => {
            out.extend(metadata::manifest(snap, ext, path))
        }
        FileKind::Hook { ext } => out.extend(super::hooks::file_diagnostics(snap, ext, path)),
        FileKind::Python { ext } => out.extend(metadata::script(snap, ext, path)),
        FileKind::Other { .. } | FileKind::Outside => {}
    }
    if is_python(path) && matches!(kind, FileKind::Python { .. } | FileKind::Hook { .. }) {
        let settings = python::ImportSettings::of(snap);
        if settings.diagnostics {
            out.extend(python::diagnostics(snap, &settings, path));
        }
    }
    out.extend(super::templates::diagnostics(snap, path));
    out.sort_by(|a, b| (a.range, a.code).cmp(&(b.range, b.code)));
    out
}

/// Diagnostics for every file the workspace index knows, keyed by path (only non-empty entries).
pub fn workspace_diagnostics(snap: &Snapshot) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    diagnostics_below(snap, None)
}

/// Like [`workspace_diagnostics`], for the files at or below `root` only (all when `None`): what
/// an edit of a metadata file can change (templates and layouts reach down the tree).
pub fn diagnostics_below(snap: &Snapshot, root: Option<&Path>) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    diagnostics_where(snap, &|p| root.is_none_or(|r| p.starts_with(r)))
}

/// The files that folder-level findings attach to.
pub fn structure_files(snap: &Snapshot) -> Vec<PathBuf> {
    structure::all(snap).list.iter().map(|(p, _)| p.clone()).collect()
}

/// Like [`workspace_diagnostics`], for the files `wanted` accepts. Stops early (with a partial
/// result) when the snapshot is cancelled.
pub fn diagnostics_where(snap: &Snapshot, wanted: &dyn Fn(&Path) -> bool) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    // The folder findings (first use in a view: layouts read, some `bundle.yaml` parsed) are
    // worked out beside the listing of every Python file.
    let ((mut paths, mut modules), found) = std::thread::scope(|s| {
        let found = s.spawn(|| structure::all(snap));
        (analysed_files(snap), found.join())
    });
    let found = found.unwrap_or_else(|_| structure::all(snap));
    paths.extend(found.list.iter().map(|(p, _)| Cow::Owned(p.clone())));
    // Only the wanted files are sorted (a metadata republish wants a few of 18,000), in byte
    // order (a memcmp, not a comparison component by component): only for `dedup` and the
    // `binary_search` below; the result is a map in path order anyway.
    let mut chosen: Vec<&Path> = paths.iter().map(|p| &**p).filter(|p| wanted(p)).collect();
    chosen.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    chosen.dedup_by(|a, b| a.as_os_str() == b.as_os_str());
    let mut out = diagnostics_of(snap, &chosen);
    // Other Python modules (lib/ and vendored packages) are judged when an entry file reaches
    // them by imports, or when open: a vendored module nothing imports is never parsed. The
    // entries were parsed above, so following their imports reuses the snapshot's memo.
    // (`modules` holds no entry, so a wanted one is among `paths` only as a `chosen` one.)
    modules.retain(|p| wanted(p) && chosen.binary_search_by(|q| q.as_os_str().cmp(p.as_os_str())).is_err());
    if !modules.is_empty() && !snap.is_cancelled() {
        let python_entries: Vec<Cow<Path>> = paths.into_iter().filter(|p| is_python(p)).collect();
        let reached = python::reached_modules(snap, &python_entries);
        modules.retain(|p| reached.contains(p) || snap.vfs.is_open(p));
        let modules: Vec<&Path> = modules.iter().map(PathBuf::as_path).collect();
        out.extend(diagnostics_of(snap, &modules));
    }
    out
}

/// The non-empty diagnostics of `paths`, computed on every core (in batches: the cost per file
/// varies too much for halves split up front). Only files with diagnostics take room in the
/// collected results (a clean workspace's first round runs at the server's memory peak).
fn diagnostics_of(snap: &Snapshot, paths: &[&Path]) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    crate::base::parallel::filter_map(paths, 32, |p| {
        if snap.is_cancelled() {
            return None;
        }
        let d = file_diagnostics(snap, p);
        (!d.is_empty()).then(|| (p.to_path_buf(), d))
    })
    .into_iter()
    .collect()
}

/// A Python file that is no entry of [`analysed_files`] (bundle script, hook, startup script):
/// a `lib/` module or vendored package, judged only when an entry reaches it by imports or when
/// open. Metadata files never change its diagnostics, except folder findings shown on it.
pub fn is_module(snap: &Snapshot, path: &Path) -> bool {
    let Some(dir) = path.parent().filter(|_| is_python(path)) else { return false };
    let Some((ext, bundle)) = snap.index.owner_of(dir) else { return false };
    let e = snap.index.extension(ext);
    let entry = bundle.is_some_and(|b| e.bundle(b).path == dir)
        || e.hook_files.iter().any(|h| h == path)
        || e.startup_scripts.iter().any(|s| s == path);
    !entry
}

/// The files whose contents pyrevit-ls analyses: metadata, manifests, hooks, bundle scripts
/// (entries), and the other Python files of the extensions (modules: `lib/`, vendored packages).
fn analysed_files(snap: &Snapshot) -> (Vec<Cow<'_, Path>>, Vec<PathBuf>) {
    let mut out = Vec::new();
    for ext in &snap.index.extensions {
        // Borrowed from the index where it holds the path (this list holds every file).
        out.extend(ext.bundle_yaml.iter().map(PathBuf::as_path).map(Cow::Borrowed));
        out.extend(ext.manifest_json.iter().map(PathBuf::as_path).map(Cow::Borrowed));
        out.extend(ext.manifest_yaml.iter().map(PathBuf::as_path).map(Cow::Borrowed));
        out.extend(ext.hook_files.iter().map(PathBuf::as_path).map(Cow::Borrowed));
        out.extend(ext.startup_scripts.iter().map(PathBuf::as_path).map(Cow::Borrowed));
        for b in &ext.bundles {
            out.extend(b.bundle_yaml().map(Cow::Owned));
            out.extend(b.files.iter().filter(|f| is_python(Path::new(f))).map(|f| Cow::Owned(exact_join(&b.path, f))));
        }
    }
    let known: crate::base::hash::HashSet<&PathKey> = out.iter().map(|p| PathKey::new(p)).collect();
    let mut modules: Vec<PathBuf> =
        python::python_files(snap).into_iter().filter(|p| !known.contains(PathKey::new(p))).collect();
    // pyRevit never runs files in sub-folders of hooks/; they are reported only when open.
    let nested_hook = |p: &Path| {
        let Some(dir) = p.parent() else { return false };
        snap.index.extensions.iter().filter_map(|e| e.hooks_dir.as_deref()).any(|h| dir != h && dir.starts_with(h))
    };
    out.retain(|p| !nested_hook(p));
    modules.retain(|p| !nested_hook(p));
    (out, modules)
}

/// `dir/name` without the spare capacity `Path::join` leaves (these lists hold every file).
pub(crate) fn exact_join(dir: &Path, name: &str) -> PathBuf {
    crate::base::join_exact(dir, name)
}
