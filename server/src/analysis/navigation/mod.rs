//! Go to definition and find references.

use std::path::Path;

use super::{is_python, python, Snapshot};
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
