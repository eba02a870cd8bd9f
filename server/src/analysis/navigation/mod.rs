//! Go to definition and find references.

use std::path::Path;

use super::{python, Snapshot};
use crate::base::FileRange;

pub fn definition(snap: &Snapshot, path: &Path, offset: usize) -> Vec<FileRange> {
    let found = super::templates::definition(snap, path, offset);
    if found.is_empty() && is_python(path) {
        return python::definition(snap, &python::ImportSettings::of(snap), path, offset);
    }
    found
}

pub fn references(snap: &Snapshot, path: &Path, offset: usize, include_declaration: bool) -> Vec<FileRange> {
    let found = super::templates::references(snap, path, offset, include_declaration);
    if found.is_empty() && is_python(path) {
        return python::references(snap, &python::ImportSettings::of(snap), path, offset);
    }
    found
}

fn is_python(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("py"))
}
