//! Template definitions and the scope of a bundle, per loader (spec §7).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::meta_docs::meta_document;
use crate::analysis::Snapshot;
use crate::base::TextRange;
use crate::index::{BundleId, Extension, ExtensionId};
use crate::knowledge::keys::bundle_key_ignore_case;
use crate::knowledge::templates::{AUTHOR_KEY, MANIFEST_TEMPLATES_KEY, OPEN};
use crate::syntax::{Mapping, Node, Value};

/// Where a definition sits relative to the bundle that uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Level {
    /// `extension.json` / `extension.yaml`.
    Manifest,
    /// The extension root `bundle.yaml`.
    RootBundle,
    /// A container above the bundle (tab, panel, stack, pulldown…).
    Ancestor,
    /// The bundle's own `bundle.yaml`.
    Own,
}

impl Level {
    pub fn describe(self) -> &'static str {
        match self {
            Level::Manifest => "the extension manifest",
            Level::RootBundle => "the extension root bundle.yaml",
            Level::Ancestor => "a parent bundle.yaml",
            Level::Own => "this bundle's own bundle.yaml",
        }
    }
}

/// What kind of key defines the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DefKind {
    /// An entry of a `templates:` map.
    TemplatesEntry,
    /// A top-level scalar key that is not a pyRevit key (a template for descendants).
    UnknownKey,
    /// A top-level scalar pyRevit key (`author`, `title`…): a value for the Python loader.
    KnownKey,
    /// A top-level manifest key other than `templates`.
    ManifestKey,
}

/// One `name: value` that can fill `{{name}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub name: String,
    pub value: String,
    pub path: PathBuf,
    pub key_range: TextRange,
    pub kind: DefKind,
    /// The bundle whose bundle.yaml holds it; `None` for the manifest and the root bundle.yaml.
    pub bundle: Option<BundleId>,
}

/// The definitions in one metadata file (manifest when `manifest`, else a bundle.yaml).
pub fn file_definitions(snap: &Snapshot, path: &Path, manifest: bool, bundle: Option<BundleId>) -> Vec<Definition> {
    parse_definitions(snap, path, manifest, bundle)
}

/// [`file_definitions`], worked out once per snapshot view: for the files whose definitions
/// every descendant's scope reads (manifest, root and container `bundle.yaml`).
fn file_definitions_memo(
    snap: &Snapshot,
    path: &Path,
    manifest: bool,
    bundle: Option<BundleId>,
) -> Arc<Vec<Definition>> {
    let memo = &snap.view().template_defs;
    let key = (crate::base::hash::PathKeyBuf::from(path), manifest, bundle);
    if let Some(hit) = memo.get(&key) {
        return hit.clone();
    }
    let defs = Arc::new(parse_definitions(snap, path, manifest, bundle));
    memo.insert(key, defs.clone());
    defs
}

/// The `templates:` entries of one metadata file only ([`file_definitions`] of that kind): the
/// other keys' values are not copied (a 10 MB `tooltip` was, on every keystroke in it).
pub fn template_entry_definitions(
    snap: &Snapshot,
    path: &Path,
    manifest: bool,
    bundle: Option<BundleId>,
) -> Vec<Definition> {
    definitions_where(snap, path, manifest, bundle, true)
}

fn parse_definitions(snap: &Snapshot, path: &Path, manifest: bool, bundle: Option<BundleId>) -> Vec<Definition> {
    definitions_where(snap, path, manifest, bundle, false)
}

fn definitions_where(
    snap: &Snapshot,
    path: &Path,
    manifest: bool,
    bundle: Option<BundleId>,
    only_templates: bool,
) -> Vec<Definition> {
    let Some(parsed) = meta_document(snap, path) else { return Vec::new() };
    let Some(root) = parsed.doc.root_mapping() else { return Vec::new() };
    let mut out = Vec::new();
    let def = |name: &str, value: &Option<Node>, key_range, kind| Definition {
        name: name.to_string(),
        value: value.as_ref().and_then(|v| v.as_str()).unwrap_or_default().to_string(),
        path: path.to_path_buf(),
        key_range,
        kind,
        bundle,
    };
    for e in root {
        if e.key.text == MANIFEST_TEMPLATES_KEY
            || (!manifest && e.key.text.eq_ignore_ascii_case(MANIFEST_TEMPLATES_KEY))
        {
            if let Some(map) = e.value.as_ref().and_then(Node::as_mapping) {
                out.extend(
                    templates_entries(map).map(|t| def(&t.key.text, &t.value, t.key.range, DefKind::TemplatesEntry)),
                );
            }
            continue;
        }
        if only_templates || !is_scalar_or_empty(&e.value) {
            continue;
        }
        let kind = if manifest {
            DefKind::ManifestKey
        } else if bundle_key_ignore_case(&e.key.text).is_some() {
            DefKind::KnownKey
        } else {
            DefKind::UnknownKey
        };
        out.push(def(&e.key.text, &e.value, e.key.range, kind));
    }
    out
}

fn templates_entries(map: &Mapping) -> impl Iterator<Item = &crate::syntax::Entry> {
    map.iter().filter(|t| is_scalar_or_empty(&t.value))
}

fn is_scalar_or_empty(v: &Option<Node>) -> bool {
    v.as_ref().is_none_or(|n| matches!(n.value, Value::Scalar(_)))
}

/// The manifest the extension's templates come from: `extension.json`, else `extension.yaml`.
pub fn manifest_path(ext: &Extension) -> Option<&Path> {
    ext.manifest_json.as_deref().or(ext.manifest_yaml.as_deref())
}

/// Every definition a bundle can see, and the order in which each loader looks them up.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub defs: Vec<(Definition, Level)>,
    /// Indexes into `defs`, highest precedence first. Empty when the Python loader substitutes
    /// nothing (no manifest).
    pub python: Vec<usize>,
    pub csharp: Vec<usize>,
    /// The extension has a manifest (the Python loader substitutes only then).
    pub has_manifest: bool,
}

impl Scope {
    pub fn python_def(&self, name: &str) -> Option<&(Definition, Level)> {
        self.python.iter().map(|&i| &self.defs[i]).find(|(d, _)| d.name == name)
    }
    pub fn csharp_def(&self, name: &str) -> Option<&(Definition, Level)> {
        self.csharp.iter().map(|&i| &self.defs[i]).find(|(d, _)| d.name == name)
    }
    /// Every name either loader can see, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> =
            self.python.iter().chain(&self.csharp).map(|&i| self.defs[i].0.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// The template scope of `bundle` in extension `ext` (what its bundle.yaml fields and scripts see).
pub fn scope(snap: &Snapshot, ext: ExtensionId, bundle: BundleId) -> Scope {
    let extension = snap.index.extension(ext);
    let mut s = Scope::default();
    let push = |s: &mut Scope, defs: Arc<Vec<Definition>>, level: Level| -> Vec<usize> {
        let start = s.defs.len();
        s.defs.extend(defs.iter().map(|d| (d.clone(), level)));
        (start..s.defs.len()).collect()
    };
    let manifest = manifest_path(extension).map(|p| file_definitions_memo(snap, p, true, None)).unwrap_or_default();
    s.has_manifest = manifest_path(extension).is_some();
    let manifest = push(&mut s, manifest, Level::Manifest);
    let root =
        extension.bundle_yaml.as_deref().map(|p| file_definitions_memo(snap, p, false, None)).unwrap_or_default();
    let root = push(&mut s, root, Level::RootBundle);
    // Ancestors, innermost first; then the bundle itself.
    let mut ancestors: Vec<Vec<usize>> = Vec::new();
    for a in extension.ancestors(bundle).skip(1) {
        let defs = extension
            .bundle(a)
            .bundle_yaml()
            .map(|p| file_definitions_memo(snap, &p, false, Some(a)))
            .unwrap_or_default();
        ancestors.push(push(&mut s, defs, Level::Ancestor));
    }
    // A bundle without children is the only one to read its own definitions: not kept.
    let b = extension.bundle(bundle);
    let own = match &b.bundle_yaml() {
        Some(p) if b.children.is_empty() => Arc::new(parse_definitions(snap, p, false, Some(bundle))),
        Some(p) => file_definitions_memo(snap, p, false, Some(bundle)),
        None => Arc::default(),
    };
    let own = push(&mut s, own, Level::Own);

    let kind = |i: &usize| s.defs[*i].0.kind;
    let is_template_or_unknown = |i: &usize| matches!(kind(i), DefKind::TemplatesEntry | DefKind::UnknownKey);
    let concrete_author = |i: &usize| {
        let d = &s.defs[*i].0;
        d.kind == DefKind::KnownKey && d.name.eq_ignore_ascii_case(AUTHOR_KEY) && !d.value.contains(OPEN)
    };

    // Python: top-level keys (ancestors inner→outer, manifest), then `templates` entries.
    let mut python = Vec::new();
    if s.has_manifest {
        let top = |i: &usize| kind(i) != DefKind::TemplatesEntry;
        for a in &ancestors {
            python.extend(a.iter().copied().filter(top));
        }
        python.extend(manifest.iter().copied().filter(top));
        for a in &ancestors {
            python.extend(a.iter().copied().filter(|i| !top(i)));
        }
        python.extend(manifest.iter().copied().filter(|i| !top(i)));
    }
    // C#: own, ancestors inner→outer (templates, unknown keys, a concrete author), manifest
    // `templates`, root bundle.yaml, then the manifest `author` as a fallback.
    let mut csharp: Vec<usize> = own.iter().copied().filter(is_template_or_unknown).collect();
    for a in &ancestors {
        csharp.extend(a.iter().copied().filter(|i| is_template_or_unknown(i) || concrete_author(i)));
    }
    csharp.extend(manifest.iter().copied().filter(|i| kind(i) == DefKind::TemplatesEntry));
    csharp.extend(root.iter().copied().filter(|i| is_template_or_unknown(i) || concrete_author(i)));
    csharp.extend(
        manifest.iter().copied().filter(|i| s.defs[*i].0.name == AUTHOR_KEY && kind(i) == DefKind::ManifestKey),
    );
    s.python = python;
    s.csharp = csharp;
    s
}
