//! Parsed metadata files (`bundle.yaml`, `extension.yaml`, `extension.json`), in the snapshot's
//! caches keyed by path; an entry is reused while the file's text is unchanged.

use std::path::Path;
use std::sync::Arc;

use super::Snapshot;
use crate::base::hash::PathKey;
use crate::syntax::{parse_json, parse_yaml, MetaDocument};

/// A metadata file's text and its spanned model.
pub struct ParsedMeta {
    pub text: Arc<str>,
    pub doc: MetaDocument,
}

/// The parsed model of a metadata file (JSON by extension, YAML otherwise).
pub fn meta_document(snap: &Snapshot, path: &Path) -> Option<Arc<ParsedMeta>> {
    let text = snap.files.read(path)?;
    if let Some(hit) = snap.caches.meta_docs.get(PathKey::new(path)) {
        if Arc::ptr_eq(&hit.text, &text) || *hit.text == *text {
            return Some(hit.clone());
        }
    }
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let doc = if is_json { parse_json(&text) } else { parse_yaml(&text) };
    let parsed = Arc::new(ParsedMeta { text, doc });
    snap.caches.meta_docs.insert(path.into(), parsed.clone());
    Some(parsed)
}
