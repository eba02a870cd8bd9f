//! Go to definition and find references.

use std::path::Path;

use super::{python, Snapshot};
use crate::base::FileRange;

pub fn definition(snap: &Snapshot, path: &Path, offset: usize) -> Vec<FileRange> {
    if is_python(path) {
        return python::definition(snap, &python::ImportSettings::of(snap), path, offset);
    }
    Vec::new()
}

pub fn references(snap: &Snapshot, path: &Path, offset: usize, include_declaration: bool) -> Vec<FileRange> {
    let _ = include_declaration;
    if is_python(path) {
        return python::references(snap, &python::ImportSettings::of(snap), path, offset);
    }
    Vec::new()
}

fn is_python(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("py"))
}
