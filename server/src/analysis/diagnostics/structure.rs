//! Folder-structure findings (spec §1): nesting, suffixes, legacy files, scripts, stack sizes.
//! They depend on the index and on `layout` lists, so they are computed per folder, once per
//! index, and each folder's are computed again only when a `layout` it read changes (see
//! [`Cache`]). A finding about a folder is shown on a file an editor can open: the bundle's
//! `bundle.yaml` or script, else the entry naming the folder in its parent's `layout`, else a
//! file inside it; the folder itself goes into `related` when the file is not inside it.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};

use crate::analysis::meta_check::layout_items;
use crate::analysis::{codes, Diagnostic, FileOp, Fix, Severity, Snapshot};
use crate::base::{containment, Containment, DiskLayer, FileRange, FileSource, TextRange};
use crate::index::{Bundle, BundleId, Extension, ExtensionKind, OtherDir};
use crate::knowledge::bundle_types::{
    classify_folder, near_miss_suffix, split_suffix, BundleKind, FolderKind, STACK_MAX_ITEMS, STACK_MIN_ITEMS,
};
use crate::knowledge::{files, CSHARP_LOADER as CS, PYTHON_LOADER as PY};

/// The structure findings of one snapshot view, by the file they are shown on.
pub(crate) struct Findings {
    pub list: Vec<(PathBuf, Diagnostic)>,
}

pub(super) fn all(snap: &Snapshot) -> Arc<Findings> {
    snap.view().structure.get_or_init(|| checked(snap)).clone()
}

/// The findings of the index, brought up to date with this view's `layout`s.
fn checked(snap: &Snapshot) -> Arc<Findings> {
    let mut slot = snap.derived.structure.lock().unwrap_or_else(|e| e.into_inner());
    // Taken out while it is updated: a panic leaves no half-updated cache behind.
    let mut cache = match slot.take() {
        Some(cache) => cache,
        None => Cache::build(snap),
    };
    cache.refresh(snap);
    let findings = cache.findings.clone();
    *slot = Some(cache);
    findings
}

/// The folders whose findings are computed together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    /// One bundle folder (extension by its position in the index).
    Bundle(usize, BundleId),
    /// An extension's root folder: its files and folders, and bundles misplaced in it.
    Root(usize),
    /// Links out of the workspace (the index only).
    Links,
}

/// The findings of every folder of one index, with the `layout`s each read (`Derived::structure`).
/// A view whose `layout` items (names and ranges) equal the recorded ones reuses everything; when
/// one differs, only the folders that read it are computed again. While the disk layer is the
/// same, only open documents can have changed, so only those are compared.
pub(crate) struct Cache {
    /// Each unit's findings, and the `layout` files it read.
    units: Vec<(Unit, Arc<Out>, Vec<PathBuf>)>,
    /// Every `bundle.yaml` a folder read the `layout` of: its items then, and the units reading it.
    layouts: HashMap<PathBuf, (Layout, Vec<usize>)>,
    /// The disk layer of the last refresh (only compared, never dereferenced).
    disk: Weak<DiskLayer>,
    /// `layouts` files that were open documents at the last refresh.
    open: Vec<PathBuf>,
    findings: Arc<Findings>,
}

type Layout = Vec<(String, TextRange)>;

impl Cache {
    fn build(snap: &Snapshot) -> Cache {
        let mut units = Vec::new();
        for (e, ext) in snap.index.extensions.iter().enumerate().filter(|(_, e)| e.kind == ExtensionKind::Ui) {
            units.extend(ext.bundle_ids().map(|id| Unit::Bundle(e, id)));
            units.push(Unit::Root(e));
        }
        units.push(Unit::Links);
        let mut cache = Cache {
            units: units.into_iter().map(|u| (u, Arc::default(), Vec::new())).collect(),
            layouts: HashMap::new(),
            disk: Weak::new(),
            open: Vec::new(),
            findings: Arc::new(Findings { list: Vec::new() }),
        };
        for i in 0..cache.units.len() {
            cache.compute(snap, i);
        }
        cache.disk = Arc::downgrade(&snap.vfs.disk);
        cache.open = cache.open_layouts(snap);
        cache.assemble();
        cache
    }

    /// Compare the `layout`s that can differ in `snap`, and compute again the units that read
    /// one that did.
    fn refresh(&mut self, snap: &Snapshot) {
        let same_disk = std::ptr::eq(self.disk.as_ptr(), Arc::as_ptr(&snap.vfs.disk));
        let suspects: BTreeSet<PathBuf> = if same_disk {
            self.open_layouts(snap).into_iter().chain(self.open.drain(..)).collect()
        } else {
            self.layouts.keys().cloned().collect()
        };
        let mut stale = BTreeSet::new();
        for yaml in suspects {
            let items = layout_items(snap, &yaml);
            if let Some((then, readers)) = self.layouts.get_mut(&yaml) {
                if *then != items {
                    stale.extend(readers.iter().copied());
                    *then = items;
                }
            }
        }
        for &i in &stale {
            self.compute(snap, i);
        }
        self.disk = Arc::downgrade(&snap.vfs.disk);
        self.open = self.open_layouts(snap);
        if !stale.is_empty() {
            self.assemble();
        }
    }

    /// The recorded `layout` files that are open documents in `snap`.
    fn open_layouts(&self, snap: &Snapshot) -> Vec<PathBuf> {
        snap.vfs.open.paths().filter(|p| self.layouts.contains_key(*p)).cloned().collect()
    }

    /// Compute unit `i` and record the `layout`s it read.
    fn compute(&mut self, snap: &Snapshot, i: usize) {
        let (unit, _, old_reads) = &mut self.units[i];
        for yaml in std::mem::take(old_reads) {
            if let Some((_, readers)) = self.layouts.get_mut(&yaml) {
                readers.retain(|&r| r != i);
                if readers.is_empty() {
                    self.layouts.remove(&yaml);
                }
            }
        }
        let read = RefCell::new(BTreeMap::new());
        let mut out = Vec::new();
        match *unit {
            Unit::Bundle(e, id) => bundle(&Place { snap, ext: &snap.index.extensions[e], read: &read }, id, &mut out),
            Unit::Root(e) => root(&Place { snap, ext: &snap.index.extensions[e], read: &read }, &mut out),
            Unit::Links => links(snap, &mut out),
        }
        let read = read.into_inner();
        let reads = read.keys().cloned().collect();
        for (yaml, items) in read {
            let entry = self.layouts.entry(yaml).or_insert_with(|| (Vec::new(), Vec::new()));
            entry.0 = items;
            entry.1.push(i);
        }
        self.units[i].1 = Arc::new(out);
        self.units[i].2 = reads;
    }

    fn assemble(&mut self) {
        let list = self.units.iter().flat_map(|(_, f, _)| f.iter().cloned()).collect();
        self.findings = Arc::new(Findings { list });
    }
}

type Out = Vec<(PathBuf, Diagnostic)>;

/// One information diagnostic on each link that leaves the workspace or cannot be resolved.
fn links(snap: &Snapshot, out: &mut Out) {
    let roots = snap.index.roots();
    for link in snap.index.extensions.iter().flat_map(|e| &e.links) {
        let d = match containment(link, &roots) {
            Containment::Inside => continue,
            Containment::Escapes { .. } => at_start(
                codes::LINK_OUTSIDE_WORKSPACE,
                Severity::Information,
                format!(
                    "`{}` is a link to a place outside the workspace folders: pyrevit-ls does not read through it",
                    folder_name(link)
                ),
            ),
            Containment::Unresolved => at_start(
                codes::UNRESOLVED_LINK,
                Severity::Information,
                format!("`{}` is a link that cannot be resolved (a loop, or its target is gone)", folder_name(link)),
            ),
        };
        out.push((link.clone(), d));
    }
}

fn at_start(code: &'static str, severity: Severity, message: String) -> Diagnostic {
    Diagnostic::new(code, severity, TextRange::empty(0), message)
}

/// A finding about a folder, shown on a file an editor can open (see [`Anchor`]).
struct Place<'a> {
    snap: &'a Snapshot,
    ext: &'a Extension,
    /// Every `bundle.yaml` whose `layout` was read, with its items (see [`Cache`]).
    read: &'a RefCell<BTreeMap<PathBuf, Layout>>,
}

impl Place<'_> {
    /// Push `d`, about the folder `dir`, at the anchor of that folder; the folder goes into
    /// `related` unless the finding already sits on a file inside it.
    fn push(&self, out: &mut Out, dir: &Path, anchor: Anchor, mut d: Diagnostic) {
        d.range = anchor.range;
        if !anchor.inside {
            d = d.with_related(
                FileRange { path: dir.to_path_buf(), range: TextRange::empty(0) },
                format!("the folder `{}`", folder_name(dir)),
            );
        }
        out.push((anchor.path, d));
    }

    /// Where a bundle's folder findings are shown: its bundle.yaml, else its script, else the
    /// entry naming it in its parent's `layout`, else a file inside it.
    fn bundle(&self, b: &Bundle) -> Anchor {
        if let Some(p) = b.bundle_yaml().or_else(|| b.script()) {
            return Anchor::inside(p);
        }
        let parent_yaml = match b.parent {
            Some(p) => self.ext.bundle(p).bundle_yaml(),
            None => self.ext.bundle_yaml.clone(),
        };
        if let Some(a) = self.listed_in(&b.name, parent_yaml.as_deref()) {
            return a;
        }
        // A file of its first child bundle, else any file inside.
        let mut child = b.children.first().map(|c| self.ext.bundle(*c));
        for _ in 0..8 {
            let Some(c) = child else { break };
            if let Some(path) = c.bundle_yaml().or_else(|| c.script()) {
                return Anchor { path, range: TextRange::empty(0), inside: false };
            }
            child = c.children.first().map(|c| self.ext.bundle(*c));
        }
        self.folder(&b.path, &b.name, parent_yaml.as_deref())
    }

    /// The items of a `bundle.yaml`'s `layout` (recorded as a dependency of the findings).
    fn layout(&self, yaml: &Path) -> Layout {
        if let Some(items) = self.read.borrow().get(yaml) {
            return items.clone();
        }
        let items = layout_items(self.snap, yaml);
        self.read.borrow_mut().insert(yaml.to_path_buf(), items.clone());
        items
    }

    /// The entry naming `name` in the `layout` of `parent_yaml`.
    fn listed_in(&self, name: &str, parent_yaml: Option<&Path>) -> Option<Anchor> {
        let yaml = parent_yaml?;
        let (_, range) = self.layout(yaml).into_iter().find(|(n, _)| n == name)?;
        Some(Anchor { path: yaml.to_path_buf(), range, inside: false })
    }

    /// Where findings about the folder `dir` (named `name` in layouts) are shown.
    fn folder(&self, dir: &Path, name: &str, parent_yaml: Option<&Path>) -> Anchor {
        if let Some(a) = self.listed_in(name, parent_yaml) {
            return a;
        }
        if let Some(file) = first_file_below(self.snap.files.as_ref(), dir) {
            let inside = file.parent() == Some(dir);
            return Anchor { path: file, range: TextRange::empty(0), inside };
        }
        match parent_yaml {
            Some(yaml) => Anchor { path: yaml.to_path_buf(), range: TextRange::empty(0), inside: false },
            None => Anchor { path: dir.to_path_buf(), range: TextRange::empty(0), inside: true },
        }
    }
}

/// A file and range to show a folder finding on.
struct Anchor {
    path: PathBuf,
    range: TextRange,
    /// The file is inside the folder the finding is about.
    inside: bool,
}

impl Anchor {
    fn inside(path: PathBuf) -> Self {
        Anchor { path, range: TextRange::empty(0), inside: true }
    }
}

/// The first file in `dir` (metadata and scripts first), else in its sub-folders, breadth-first
/// and a few levels deep (sorted, so the choice is stable).
fn first_file_below(fs: &dyn FileSource, dir: &Path) -> Option<PathBuf> {
    let mut level = vec![dir.to_path_buf()];
    for _ in 0..4 {
        let mut next = Vec::new();
        for d in &level {
            let Some(listing) = fs.list(d) else { continue };
            let preferred = listing
                .files
                .iter()
                .find(|n| *n == files::BUNDLE_METADATA)
                .or_else(|| listing.files.iter().find(|n| crate::analysis::is_python(Path::new(n))))
                .or(listing.files.first());
            if let Some(f) = preferred {
                return Some(d.join(f));
            }
            next.extend(listing.dirs.iter().map(|n| d.join(n)));
        }
        level = next;
    }
    None
}

/// Findings of the extension root folder: its files and odd folders, and bundles that cannot
/// sit there.
fn root(place: &Place, out: &mut Out) {
    let ext = place.ext;
    folder_extras(place, &ext.root, ext.bundle_yaml.as_deref(), &ext.files, &ext.other_dirs, out);
    for &child in &ext.children {
        let b = ext.bundle(child);
        if b.kind != BundleKind::Tab {
            place.push(
                out,
                &b.path,
                place.bundle(b),
                at_start(
                    codes::MISPLACED_BUNDLE,
                    Severity::Error,
                    format!(
                        "`{}` is a {} directly in the extension folder: pyRevit only creates `.tab` bundles there, so this is never shown",
                        folder_name(&b.path),
                        b.kind.suffix()
                    ),
                ),
            );
        }
    }
}

fn bundle(place: &Place, id: BundleId, out: &mut Out) {
    let ext = place.ext;
    let b = ext.bundle(id);
    if let Some(parent) = b.parent.map(|p| ext.bundle(p)) {
        if !parent.kind.allowed_children().contains(&b.kind) {
            let d = if b.kind == BundleKind::Panel && parent.kind == BundleKind::Panel {
                // C# `UIManagerService.RecursivelyBuildUI` sends every panel to `PanelBuilder`.
                at_start(
                    codes::MISPLACED_BUNDLE,
                    Severity::Warning,
                    format!(
                        "a .panel inside a .panel (`{}`): {PY} ignores it, {CS} shows it as a panel of its own in the same tab; move it next to `{}`",
                        folder_name(&parent.path),
                        folder_name(&parent.path)
                    ),
                )
            } else {
                let shown = if b.kind == BundleKind::PanelButton && parent.kind.is_container() {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                at_start(
                    codes::MISPLACED_BUNDLE,
                    shown,
                    format!(
                        "a {} cannot go inside a {} (`{}`): pyRevit never creates it there{}",
                        b.kind.suffix(),
                        parent.kind.suffix(),
                        folder_name(&parent.path),
                        allowed_hint(parent.kind)
                    ),
                )
            };
            place.push(out, &b.path, place.bundle(b), d);
        }
    }
    if b.kind == BundleKind::Stack {
        if let Some(d) = stack_size(place, b) {
            place.push(out, &b.path, place.bundle(b), d);
        }
    }
    if let Some(d) = missing_script(b) {
        place.push(out, &b.path, place.bundle(b), d);
    }
    folder_extras(place, &b.path, b.bundle_yaml().as_deref(), &b.files, &b.other_dirs, out);
}

/// Revit stacks 2 or 3 items. The items are the children that get a ribbon item (not
/// `.nobutton`), and with a `layout` only the listed ones in the Python loader; the C# loader
/// appends unlisted ones and drops everything after the 3rd (spec §1.3, §9.1). The Python loader
/// (`ribbon.py`) adds a lone item as a plain button and fails on 4+; C# `StackBuilder` skips a
/// stack with fewer than 2 items.
fn stack_size(place: &Place, b: &Bundle) -> Option<Diagnostic> {
    let items: Vec<&Bundle> =
        b.children.iter().map(|c| place.ext.bundle(*c)).filter(|c| c.kind.gets_ribbon_item()).collect();
    let listed = b.bundle_yaml().map(|y| place.layout(&y)).unwrap_or_default();
    let n = if listed.is_empty() {
        items.len()
    } else {
        items.iter().filter(|c| listed.iter().any(|(n, _)| *n == c.name)).count()
    };
    let stack = folder_name(&b.path);
    let (severity, message) = match n {
        STACK_MIN_ITEMS..=STACK_MAX_ITEMS => return None,
        0 => (Severity::Information, format!("`{stack}` holds no items: pyRevit skips it")),
        1 => (
            Severity::Warning,
            format!("`{stack}` holds 1 item: {PY} adds it as a plain button, {CS} drops it (a stack needs 2 or 3 items); move the item into the panel or add a second one"),
        ),
        _ => (
            Severity::Error,
            format!("`{stack}` holds {n} items: Revit can only stack 2 or 3, so {PY} fails to create it (\"Can not create stack of {n}\") and none of them appear, and {CS} shows the first 3 and drops the rest; move items out or name 3 of them in `layout`"),
        ),
    };
    Some(at_start(codes::STACK_SIZE, severity, message))
}

/// Python needs a `*script.<ext>` file for script-running types; the C# loader falls back to any
/// script-like file, and for some types to `bundle.yaml` itself (spec §1.4).
fn missing_script(b: &Bundle) -> Option<Diagnostic> {
    if !b.kind.info().needs_script || b.has_script() {
        return None;
    }
    let csharp_uses_yaml = b.has_bundle_yaml()
        && matches!(b.kind, BundleKind::PushButton | BundleKind::SmartButton | BundleKind::InvokeButton);
    let csharp = b
        .csharp_script()
        .map(|p| format!("`{}`", folder_name(&p)))
        .or(csharp_uses_yaml.then(|| "`bundle.yaml`".to_string()));
    let script = files::SCRIPT_POSTFIXES[0];
    let create = Fix {
        title: format!("Create {script}"),
        edits: Vec::new(),
        file_ops: vec![FileOp::Create { path: b.path.join(script) }],
    };
    let d = match (csharp, b.kind) {
        (_, BundleKind::NoButton) | (None, _) => at_start(
            codes::MISSING_SCRIPT,
            Severity::Error,
            format!("this {} has no script file (`{script}`, or any name ending in `script.py`/`.cs`/`.vb`/…): pyRevit reports \"Does not have script file\" and skips it", b.kind.suffix()),
        ),
        (Some(used), _) => at_start(
            codes::MISSING_SCRIPT,
            Severity::Warning,
            format!("no file ending in `script.<ext>`: {PY} skips this {} (\"Does not have script file\"); {CS} runs {used}. Add a `{script}`", b.kind.suffix()),
        ),
    };
    Some(d.with_fix(create))
}

/// Legacy and ignored files, and near-miss or legacy folder suffixes, directly in `dir` (whose
/// own metadata file is `yaml`).
fn folder_extras(
    place: &Place,
    dir: &Path,
    yaml: Option<&Path>,
    file_names: &[String],
    other_dirs: &[OtherDir],
    out: &mut Out,
) {
    for name in file_names {
        let path = dir.join(name);
        if name == files::LEGACY_LAYOUT_FILE {
            out.push((path, at_start(codes::LEGACY_LAYOUT_FILE, Severity::Warning,
                "no current pyRevit loader reads a `_layout` file (pyRevit 4.8 replaced it): put the order in `layout:` in this folder's bundle.yaml".into())));
        } else if files::IGNORED_METADATA.contains(&name.as_str()) {
            let mut d = at_start(
                codes::IGNORED_METADATA_FILE,
                Severity::Warning,
                format!("pyRevit does not read `{name}`: metadata must be in `bundle.yaml`"),
            );
            if !file_names.iter().any(|f| f == files::BUNDLE_METADATA) {
                d = d.with_fix(rename_fix("Rename to bundle.yaml", &path, &dir.join(files::BUNDLE_METADATA)));
            }
            out.push((path, d));
        }
    }
    for other in other_dirs {
        if let Some(d) = odd_folder(other) {
            let (stem, _) = split_suffix(&other.name);
            place.push(out, &other.path, place.folder(&other.path, stem, yaml), d);
        }
    }
}

fn odd_folder(dir: &OtherDir) -> Option<Diagnostic> {
    let (stem, suffix) = split_suffix(&dir.name);
    if let FolderKind::Legacy(legacy) = classify_folder(&dir.name) {
        let to = dir.path.with_file_name(format!("{stem}.stack"));
        return Some(
            at_start(codes::LEGACY_STACK, Severity::Warning,
                format!("`{}`: `{legacy}` was removed from pyRevit, so current loaders ignore this folder and everything in it. Rename it to `{stem}.stack` (2 or 3 items)", dir.name))
                .with_fix(rename_fix("Rename to .stack", &dir.path, &to)),
        );
    }
    let best = near_miss_suffix(suffix)?;
    let to = dir.path.with_file_name(format!("{stem}{best}"));
    Some(
        at_start(
            codes::UNKNOWN_SUFFIX,
            Severity::Warning,
            format!("`{}`: unknown folder suffix `{suffix}`, so pyRevit silently ignores this folder. Did you mean `{best}`?", dir.name),
        )
        .with_fix(rename_fix(&format!("Rename to {stem}{best}"), &dir.path, &to)),
    )
}

fn rename_fix(title: &str, from: &Path, to: &Path) -> Fix {
    Fix { title: title.into(), edits: Vec::new(), file_ops: vec![FileOp::Rename { from: from.into(), to: to.into() }] }
}

fn folder_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn allowed_hint(parent: BundleKind) -> String {
    let allowed = parent.allowed_children();
    if allowed.is_empty() {
        format!(" (a {} holds no bundles)", parent.suffix())
    } else {
        let list: Vec<&str> = allowed.iter().map(|k| k.suffix()).collect();
        format!(" (a {} holds {})", parent.suffix(), list.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::base::{MemoryFs, OpenFile, OpenFiles, Vfs};

    const PANEL: &str = "/mem/E.extension/T.tab/P.panel";

    /// A panel with two stacks (S1 lists 2 of its 3 buttons, S2 lists 1 of 2) and an empty stack
    /// `Hollow` without files, whose finding sits on its entry in the panel's `layout`.
    fn snapshot() -> Snapshot {
        let mut fs = MemoryFs::default();
        let files = [
            ("E.extension/bundle.yaml", "layout: [T]\n"),
            ("E.extension/T.tab/P.panel/bundle.yaml", "layout: [S1, S2, Hollow]\n"),
            ("E.extension/T.tab/P.panel/S1.stack/bundle.yaml", "layout: [A, B]\n"),
            ("E.extension/T.tab/P.panel/S2.stack/bundle.yaml", "layout: [A]\n"),
        ];
        for (rel, text) in files {
            fs.insert(&Path::new("/mem").join(rel), text);
        }
        for button in ["S1.stack/A", "S1.stack/B", "S1.stack/C", "S2.stack/A", "S2.stack/B"] {
            fs.insert(&Path::new(PANEL).join(format!("{button}.pushbutton/script.py")), "print(1)\n");
        }
        fs.mkdir(&Path::new(PANEL).join("Hollow.stack"));
        let files: Arc<dyn FileSource> = Arc::new(fs);
        let index = crate::index::build_index_with(&[PathBuf::from("/mem")], &*files);
        Snapshot::new(Arc::new(index), files, Arc::default())
    }

    /// `snap` with `path` open with `text`.
    fn edited(snap: &Snapshot, path: &str, text: &str) -> Snapshot {
        let mut docs: HashMap<PathBuf, OpenFile> =
            snap.vfs.open.paths().map(|p| (p.clone(), snap.vfs.open.get(p).unwrap().clone())).collect();
        docs.insert(PathBuf::from(path), OpenFile::new(Arc::from(text), 1));
        snap.with_vfs(Vfs { open: Arc::new(OpenFiles::new(docs)), disk: snap.vfs.disk.clone() })
    }

    /// Each unit's findings as computed for `snap` (the same `Arc` when they were reused).
    fn units(snap: &Snapshot) -> Vec<(Unit, Arc<Out>)> {
        all(snap);
        let cache = snap.derived.structure.lock().unwrap();
        cache.as_ref().unwrap().units.iter().map(|(u, f, _)| (*u, f.clone())).collect()
    }

    /// What a fresh computation (no cache) finds in `snap`.
    fn fresh(snap: &Snapshot) -> Vec<(PathBuf, Diagnostic)> {
        all(&snap.with_index(snap.index.clone())).list.clone()
    }

    fn messages(snap: &Snapshot) -> Vec<(String, String, TextRange)> {
        let name = |p: &Path| p.strip_prefix(PANEL).unwrap_or(p).display().to_string();
        all(snap).list.iter().map(|(p, d)| (name(p), d.message.clone(), d.range)).collect()
    }

    /// The units whose findings were computed again between two views.
    fn recomputed(before: &[(Unit, Arc<Out>)], after: &[(Unit, Arc<Out>)]) -> Vec<Unit> {
        assert_eq!(before.len(), after.len());
        before.iter().zip(after).filter(|(b, a)| !Arc::ptr_eq(&b.1, &a.1)).map(|(_, a)| a.0).collect()
    }

    fn bundle_unit(snap: &Snapshot, rel: &str) -> Unit {
        let path = Path::new(PANEL).join(rel);
        let ext = &snap.index.extensions[0];
        Unit::Bundle(0, ext.bundle_ids().find(|id| ext.bundle(*id).path == path).unwrap())
    }

    #[test]
    fn a_layout_edit_computes_only_the_folders_that_read_it() {
        let snap = snapshot();
        let before = units(&snap);
        let shown = messages(&snap);
        assert_eq!(shown.len(), 2, "{shown:?}");
        let hollow = shown.iter().find(|m| m.1.contains("holds no items")).unwrap().clone();
        assert_eq!(hollow.0, "bundle.yaml", "shown on its entry in the panel's layout");
        assert!(shown.iter().any(|m| m.0 == "S2.stack/bundle.yaml" && m.1.contains("holds 1 item")));

        // S2 now lists both buttons: its finding goes, nothing else is computed again.
        let s2 = format!("{PANEL}/S2.stack/bundle.yaml");
        let next = edited(&snap, &s2, "layout: [A, B]\n");
        let after = units(&next);
        assert_eq!(recomputed(&before, &after), [bundle_unit(&snap, "S2.stack")]);
        assert_eq!(messages(&next), [hollow]);
        assert_eq!(all(&next).list, fresh(&next));

        // A line above the panel's `layout` moves its entries: only `Hollow` (shown on its entry)
        // is computed again, and its finding moves with the entry.
        let panel = format!("{PANEL}/bundle.yaml");
        let moved = edited(&next, &panel, "title: Panel\nlayout: [S1, S2, Hollow]\n");
        let after_move = units(&moved);
        assert_eq!(recomputed(&after, &after_move), [bundle_unit(&snap, "Hollow.stack")]);
        let range = messages(&moved)[0].2;
        assert_eq!(range.start, messages(&next)[0].2.start + "title: Panel\n".len() as u32);
        assert_eq!(all(&moved).list, fresh(&moved));
    }

    #[test]
    fn an_edit_outside_layout_reuses_every_finding() {
        let snap = snapshot();
        let first = all(&snap);
        let before = units(&snap);
        let root = "/mem/E.extension/bundle.yaml";
        let s1 = format!("{PANEL}/S1.stack/bundle.yaml");
        let next = edited(&edited(&snap, root, "layout: [T]\ntitle: E\n"), &s1, "layout: [A, B]\nauthor: me\n");
        assert!(recomputed(&before, &units(&next)).is_empty());
        assert!(Arc::ptr_eq(&first, &all(&next)));
        // Closing the documents again (the disk text) changes nothing either.
        let closed = next.with_vfs(Vfs { open: Arc::default(), disk: next.vfs.disk.clone() });
        assert!(recomputed(&before, &units(&closed)).is_empty());
        assert_eq!(all(&closed).list, fresh(&closed));
    }

    #[test]
    fn a_layout_edit_undone_by_closing_the_document_is_seen() {
        let snap = snapshot();
        let s2 = format!("{PANEL}/S2.stack/bundle.yaml");
        let open = edited(&snap, &s2, "layout: [A, B]\n");
        assert_eq!(messages(&open).len(), 1);
        // Closed without saving: the disk text (1 item listed) is back.
        let closed = open.with_vfs(Vfs { open: Arc::default(), disk: open.vfs.disk.clone() });
        assert_eq!(messages(&closed), messages(&snap));
    }
}
