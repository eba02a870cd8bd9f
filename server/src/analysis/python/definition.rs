//! Go to definition from an import segment, an imported name, or a later use of one.

use std::path::Path;

use super::{target_at, ImportSettings};
use crate::analysis::Snapshot;
use crate::base::{FileRange, TextRange};
use crate::imports::NameTarget;

/// Where the import segment, imported name or use at `offset` is defined: the module file (start
/// of file) or the def/class/assignment name. Empty when it does not resolve in the workspace.
pub fn definition(snap: &Snapshot, settings: &ImportSettings, file: &Path, offset: usize) -> Vec<FileRange> {
    let Some(t) = target_at(snap, settings, file, offset) else {
        return Vec::new();
    };
    vec![location(&t.resolved)]
}

/// The place a resolved name points at.
pub(super) fn location(t: &NameTarget) -> FileRange {
    match t {
        NameTarget::Def { file, def } => FileRange { path: file.clone(), range: def.name.range },
        NameTarget::Module { module } => FileRange { path: module.file.clone(), range: TextRange::empty(0) },
        NameTarget::Binding { file, range } => FileRange { path: file.clone(), range: *range },
    }
}
