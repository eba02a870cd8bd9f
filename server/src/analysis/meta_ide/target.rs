//! Which metadata file a path is, and what its bundle is.

use std::path::Path;

use crate::analysis::{file_kind, FileKind, Snapshot};
use crate::index::{BundleId, ExtensionId};
use crate::knowledge::bundle_types::BundleKind;

/// A metadata file the editing features understand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaTarget {
    /// A `bundle.yaml`; `bundle` and `kind` are `None` for the extension root's.
    Bundle { ext: ExtensionId, bundle: Option<BundleId>, kind: Option<BundleKind> },
    /// `extension.json` (`json` true) or `extension.yaml`.
    Manifest { ext: ExtensionId, json: bool },
}

impl MetaTarget {
    pub fn ext(self) -> ExtensionId {
        match self {
            MetaTarget::Bundle { ext, .. } | MetaTarget::Manifest { ext, .. } => ext,
        }
    }
    pub fn is_json(self) -> bool {
        matches!(self, MetaTarget::Manifest { json: true, .. })
    }
}

/// The metadata target of `path`, or `None` for any other file.
pub fn meta_target(snap: &Snapshot, path: &Path) -> Option<MetaTarget> {
    match file_kind(snap, path) {
        FileKind::BundleYaml { ext, bundle } => {
            let kind = bundle.map(|b| snap.index.extension(ext).bundle(b).kind);
            Some(MetaTarget::Bundle { ext, bundle, kind })
        }
        FileKind::ExtensionJson { ext } => Some(MetaTarget::Manifest { ext, json: true }),
        FileKind::ExtensionYaml { ext } => Some(MetaTarget::Manifest { ext, json: false }),
        _ => None,
    }
}

/// The top-level bundle key whose map the cursor is in (`path` = `["engine"]` → `engine`), from
/// the knowledge table, aliases included. Nested positions are routed by its row (`localizable`,
/// `shape`), never by key names.
pub(crate) fn owner_key(path: &[&str]) -> Option<&'static crate::knowledge::keys::KeyInfo> {
    match path {
        [key] => crate::knowledge::keys::bundle_key(key).map(|(k, _)| k),
        _ => None,
    }
}
