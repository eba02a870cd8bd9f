//! Go to definition and find references.

use std::path::Path;

use super::Snapshot;
use crate::base::FileRange;

pub fn definition(snap: &Snapshot, path: &Path, offset: usize) -> Vec<FileRange> {
    let _ = (snap, path, offset);
    Vec::new()
}

pub fn references(snap: &Snapshot, path: &Path, offset: usize, include_declaration: bool) -> Vec<FileRange> {
    let _ = (snap, path, offset, include_declaration);
    Vec::new()
}
