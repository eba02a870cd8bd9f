//! Parsed metadata files (`bundle.yaml`, `extension.yaml`, `extension.json`), in the snapshot's
//! caches keyed by path; an entry is reused while the file's text is unchanged.
//!
//! What stays: manifests, the extension root's `bundle.yaml`, the `bundle.yaml` of bundles with
//! sub-bundles (every descendant reads them: templates, `layout`), files that use templates
//! (`{{…}}`: checked again after every edit of an ancestor's metadata) and open documents. Any
//! other leaf bundle's `bundle.yaml` is read by its own checks and its script's, one after the
//! other, so it stays only among the last [`RECENT`] such files: the parsed models were one of
//! the largest parts of the server's memory.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;

use super::{file_kind, FileKind, Snapshot};
use crate::knowledge::templates::OPEN;
use crate::syntax::{parse_json, parse_yaml, MetaDocument};

/// A metadata file's text and its spanned model.
pub struct ParsedMeta {
    pub text: Arc<str>,
    pub doc: MetaDocument,
}

/// Leaf `bundle.yaml` models kept after their last use.
const RECENT: usize = 64;

/// Leaf `bundle.yaml` entries of the cache, oldest first.
pub(crate) type Recent = std::sync::Mutex<VecDeque<(std::path::PathBuf, Arc<ParsedMeta>)>>;

/// The parsed model of a metadata file (JSON by extension, YAML otherwise).
pub fn meta_document(snap: &Snapshot, path: &Path) -> Option<Arc<ParsedMeta>> {
    let text = snap.files.read(path)?;
    if let Some(hit) = snap.caches.meta_docs.get(path) {
        if Arc::ptr_eq(&hit.text, &text) || *hit.text == *text {
            return Some(hit.clone());
        }
    }
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let doc = if is_json { parse_json(&text) } else { parse_yaml(&text) };
    let parsed = Arc::new(ParsedMeta { text, doc });
    snap.caches.meta_docs.insert(path.to_path_buf(), parsed.clone());
    // A file that uses templates is checked again whenever an ancestor's metadata changes (its
    // templates may have): its model stays, so a keystroke does not parse them all again.
    let transient = !parsed.text.contains(OPEN) && is_leaf_bundle_yaml(snap, path) && !snap.vfs.is_open(path);
    if transient {
        let mut recent = snap.caches.meta_recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.push_back((path.to_path_buf(), parsed.clone()));
        while recent.len() > RECENT {
            let Some((old, entry)) = recent.pop_front() else { break };
            snap.caches.meta_docs.remove_if(&old, |_, e| Arc::ptr_eq(e, &entry));
        }
    }
    Some(parsed)
}

/// The `bundle.yaml` of a bundle without sub-bundles.
fn is_leaf_bundle_yaml(snap: &Snapshot, path: &Path) -> bool {
    match file_kind(snap, path) {
        FileKind::BundleYaml { ext, bundle: Some(b) } => snap.index.extension(ext).bundle(b).children.is_empty(),
        _ => false,
    }
}
