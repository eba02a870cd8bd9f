//! Code actions that are not the quick fix of a diagnostic: conversions and generators
//! ("convert extension.json to extension.yaml", "add bundle.yaml", "name this hook…").

use std::path::Path;

use super::{Fix, Snapshot};
use crate::base::TextRange;

pub fn assists(snap: &Snapshot, path: &Path, range: TextRange) -> Vec<Fix> {
    let mut out = super::meta_ide::assists(snap, path, range);
    out.extend(super::hooks::assists(snap, path, range));
    out
}
