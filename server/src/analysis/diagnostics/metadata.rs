//! Diagnostics inside metadata files: `bundle.yaml`, `extension.json`, `extension.yaml`.

use std::path::Path;

use crate::analysis::{Diagnostic, Snapshot};
use crate::index::{BundleId, ExtensionId};

pub(super) fn bundle_yaml(
    _snap: &Snapshot,
    _ext: ExtensionId,
    _bundle: Option<BundleId>,
    _text: &str,
) -> Vec<Diagnostic> {
    Vec::new() // filled in when the syntax model lands
}

pub(super) fn manifest(_snap: &Snapshot, _ext: ExtensionId, _path: &Path, _text: &str) -> Vec<Diagnostic> {
    Vec::new()
}
