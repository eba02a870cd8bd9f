//! Folder-structure findings (spec §1): nesting, suffixes, legacy files, scripts, stack sizes.
//! They depend on the index (and `layout` lists), so they are computed once per snapshot. A finding
//! about a folder is shown on a file an editor can open: the bundle's `bundle.yaml` or script, else
//! the entry naming the folder in its parent's `layout`, else a file inside it; the folder itself
//! goes into `related` when the file is not inside it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::meta_check::layout_items;
use crate::analysis::{codes, Diagnostic, FileOp, Fix, Severity, Snapshot};
use crate::base::{containment, Containment, FileRange, FileSource, TextRange};
use crate::index::{Bundle, BundleId, Extension, ExtensionKind, OtherDir};
use crate::knowledge::bundle_types::{
    classify_folder, near_miss_suffix, split_suffix, BundleKind, FolderKind, STACK_MAX_ITEMS, STACK_MIN_ITEMS,
};
use crate::knowledge::{files, CSHARP_LOADER as CS, PYTHON_LOADER as PY};

/// The structure findings of the snapshot, with the metadata texts they were computed from.
pub(crate) struct Findings {
    /// `bundle.yaml` files whose `layout` was read, and their text then: an edit of one (no
    /// reindex) moves anchors and changes stack counts, so the findings are computed again.
    deps: Vec<(PathBuf, Option<Arc<str>>)>,
    pub list: Vec<(PathBuf, Diagnostic)>,
}

pub(super) fn all(snap: &Snapshot) -> Arc<Findings> {
    snap.view().structure.get_or_init(|| checked(snap)).clone()
}

/// The findings of the index, reused while the `layout`s they read are the same.
fn checked(snap: &Snapshot) -> Arc<Findings> {
    let cached = snap.derived.structure.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(f) = cached {
        let fresh = f.deps.iter().all(|(p, then)| match (snap.files.read(p), then) {
            (Some(now), Some(then)) => Arc::ptr_eq(&now, then) || *now == **then,
            (None, None) => true,
            _ => false,
        });
        if fresh {
            return f;
        }
    }
    let read = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let mut list = Vec::new();
    for ext in snap.index.extensions.iter().filter(|e| e.kind == ExtensionKind::Ui) {
        extension(&Place { snap, ext, read: &read }, &mut list);
    }
    links(snap, &mut list);
    let deps = read.into_inner().into_iter().map(|p: PathBuf| (p.clone(), snap.files.read(&p))).collect();
    let f = Arc::new(Findings { deps, list });
    *snap.derived.structure.lock().unwrap_or_else(|e| e.into_inner()) = Some(f.clone());
    f
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
    /// Every `bundle.yaml` whose `layout` was read (see [`Findings::deps`]).
    read: &'a std::cell::RefCell<std::collections::BTreeSet<PathBuf>>,
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
        if let Some(p) = b.bundle_yaml.clone().or_else(|| b.script.clone()) {
            return Anchor::inside(p);
        }
        let parent_yaml = match b.parent {
            Some(p) => self.ext.bundle(p).bundle_yaml.as_deref(),
            None => self.ext.bundle_yaml.as_deref(),
        };
        if let Some(a) = self.listed_in(&b.name, parent_yaml) {
            return a;
        }
        // A file of its first child bundle, else any file inside.
        let mut child = b.children.first().map(|c| self.ext.bundle(*c));
        for _ in 0..8 {
            let Some(c) = child else { break };
            if let Some(path) = c.bundle_yaml.clone().or_else(|| c.script.clone()) {
                return Anchor { path, range: TextRange::empty(0), inside: false };
            }
            child = c.children.first().map(|c| self.ext.bundle(*c));
        }
        self.folder(&b.path, &b.name, parent_yaml)
    }

    /// The items of a `bundle.yaml`'s `layout` (recorded as a dependency of the findings).
    fn layout(&self, yaml: &Path) -> Vec<(String, TextRange)> {
        self.read.borrow_mut().insert(yaml.to_path_buf());
        layout_items(self.snap, yaml)
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

fn extension(place: &Place, out: &mut Out) {
    let ext = place.ext;
    for id in ext.bundle_ids() {
        bundle(place, id, out);
    }
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
    folder_extras(place, &b.path, b.bundle_yaml.as_deref(), &b.files, &b.other_dirs, out);
}

/// Revit stacks 2 or 3 items. The items are the children that get a ribbon item (not
/// `.nobutton`), and with a `layout` only the listed ones in the Python loader; the C# loader
/// appends unlisted ones and drops everything after the 3rd (spec §1.3, §9.1). The Python loader
/// (`ribbon.py`) adds a lone item as a plain button and fails on 4+; C# `StackBuilder` skips a
/// stack with fewer than 2 items.
fn stack_size(place: &Place, b: &Bundle) -> Option<Diagnostic> {
    let items: Vec<&Bundle> =
        b.children.iter().map(|c| place.ext.bundle(*c)).filter(|c| c.kind.gets_ribbon_item()).collect();
    let listed = b.bundle_yaml.as_deref().map(|y| place.layout(y)).unwrap_or_default();
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
    if !b.kind.info().needs_script || b.script.is_some() {
        return None;
    }
    let csharp_uses_yaml = b.bundle_yaml.is_some()
        && matches!(b.kind, BundleKind::PushButton | BundleKind::SmartButton | BundleKind::InvokeButton);
    let csharp = b
        .csharp_script
        .as_ref()
        .map(|p| format!("`{}`", folder_name(p)))
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
