//! Folder-structure findings (spec §1): nesting, suffixes, legacy files, scripts, stack sizes.
//! They depend only on the index, so they are computed once per snapshot and attached to the
//! bundle's `bundle.yaml` (or its script, or the folder itself) at line 0.

use std::path::{Path, PathBuf};

use crate::analysis::{codes, Diagnostic, FileOp, Fix, Severity, Snapshot};
use crate::base::{containment, Containment, TextRange};
use crate::index::{Bundle, BundleId, Extension, ExtensionKind, OtherDir};
use crate::knowledge::bundle_types::{all_suffixes, classify_folder, split_suffix, BundleKind, FolderKind};
use crate::knowledge::files;

pub(super) fn all(snap: &Snapshot) -> &[(PathBuf, Diagnostic)] {
    snap.derived.structure.get_or_init(|| {
        let mut out = Vec::new();
        for ext in snap.index.extensions.iter().filter(|e| e.kind == ExtensionKind::Ui) {
            extension(ext, &mut out);
        }
        links(snap, &mut out);
        out
    })
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

fn extension(ext: &Extension, out: &mut Out) {
    for id in ext.bundle_ids() {
        bundle(ext, id, out);
    }
    folder_extras(&ext.root, &ext.files, &ext.other_dirs, out);
    for &child in &ext.children {
        let b = ext.bundle(child);
        if b.kind != BundleKind::Tab {
            out.push((
                anchor(b),
                at_start(
                    codes::MISPLACED_BUNDLE,
                    Severity::Error,
                    format!(
                        "`{}` is a {} directly in the extension folder: pyRevit only creates `.tab` bundles there, so this is never shown",
                        folder_name(&b.path),
                        b.kind.suffix()
                    ),
                ),
            ));
        }
    }
}

fn bundle(ext: &Extension, id: BundleId, out: &mut Out) {
    let b = ext.bundle(id);
    let here = anchor(b);
    if let Some(parent) = b.parent.map(|p| ext.bundle(p)) {
        if !parent.kind.allowed_children().contains(&b.kind) {
            let shown = if b.kind == BundleKind::PanelButton && parent.kind.is_container() {
                Severity::Warning
            } else {
                Severity::Error
            };
            out.push((
                here.clone(),
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
                ),
            ));
        }
    }
    if b.kind == BundleKind::Stack {
        if let Some(d) = stack_size(b.children.len()) {
            out.push((here.clone(), d));
        }
    }
    if let Some(d) = missing_script(b) {
        out.push((here.clone(), d));
    }
    folder_extras(&b.path, &b.files, &b.other_dirs, out);
}

/// Revit stacks 2 or 3 items. The Python loader (`ribbon.py`) adds a lone item as a plain
/// button and skips an empty stack; only 4+ items fail. The C# loader may drop a lone item
/// (pyRevit issue #3194).
fn stack_size(n: usize) -> Option<Diagnostic> {
    let (severity, message) = match n {
        2 | 3 => return None,
        0 => (Severity::Information, "this stack holds no bundles: pyRevit skips it".to_string()),
        1 => (
            Severity::Warning,
            "this stack holds 1 item: the Python loader adds it as a plain button, the C# loader (pyRevit 6.1+) may drop it; move the item into the panel or add a second one".to_string(),
        ),
        _ => (
            Severity::Error,
            format!("this stack holds {n} items: Revit can only stack 2 or 3, so pyRevit fails to create it (\"Can not create stack of {n}\") and none of them appear"),
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
    Some(match (csharp, b.kind) {
        (_, BundleKind::NoButton) | (None, _) => at_start(
            codes::MISSING_SCRIPT,
            Severity::Error,
            format!("this {} has no script file (`script.py`, or any name ending in `script.py`/`.cs`/`.vb`/…): pyRevit reports \"Does not have script file\" and skips it", b.kind.suffix()),
        ),
        (Some(used), _) => at_start(
            codes::MISSING_SCRIPT,
            Severity::Warning,
            format!("no file ending in `script.<ext>`: the Python loader (pyRevit ≤ 6) skips this {} (\"Does not have script file\"); the C# loader runs {used}. Rename it to `script.py`", b.kind.suffix()),
        ),
    })
}

/// Legacy and ignored files, and near-miss or legacy folder suffixes, directly in `dir`.
fn folder_extras(dir: &Path, file_names: &[String], other_dirs: &[OtherDir], out: &mut Out) {
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
            out.push((other.path.clone(), d));
        }
    }
}

fn odd_folder(dir: &OtherDir) -> Option<Diagnostic> {
    let (stem, suffix) = split_suffix(&dir.name);
    if let FolderKind::Legacy(legacy) = classify_folder(&dir.name) {
        let to = dir.path.with_file_name(format!("{stem}.stack"));
        return Some(
            at_start(codes::LEGACY_STACK, Severity::Warning,
                format!("`{legacy}` was removed from pyRevit: current loaders ignore this folder. Use `.stack` (2 or 3 items)"))
                .with_fix(rename_fix("Rename to .stack", &dir.path, &to)),
        );
    }
    if suffix.len() < 4 {
        return None;
    }
    let lower = suffix.to_ascii_lowercase();
    let (best, distance) =
        all_suffixes().map(|s| (s, strsim::damerau_levenshtein(&lower, s))).min_by_key(|(_, d)| *d)?;
    if distance == 0 || distance > 2 || distance * 4 > best.len() {
        return None;
    }
    let to = dir.path.with_file_name(format!("{stem}{best}"));
    Some(
        at_start(
            codes::UNKNOWN_SUFFIX,
            Severity::Warning,
            format!("unknown folder suffix `{suffix}`: pyRevit silently ignores this folder. Did you mean `{best}`?"),
        )
        .with_fix(rename_fix(&format!("Rename to {stem}{best}"), &dir.path, &to)),
    )
}

fn rename_fix(title: &str, from: &Path, to: &Path) -> Fix {
    Fix { title: title.into(), edits: Vec::new(), file_ops: vec![FileOp::Rename { from: from.into(), to: to.into() }] }
}

/// Where a bundle's folder-level findings are shown: its bundle.yaml, else its script, else the folder.
fn anchor(b: &Bundle) -> PathBuf {
    b.bundle_yaml.clone().or_else(|| b.script.clone()).unwrap_or_else(|| b.path.clone())
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
