//! Rename (templates today).

use std::path::Path;

use super::{Fix, Snapshot};
use crate::base::TextRange;

/// The range to rename at `offset`, `Ok(None)` when there is nothing renamable there, or an
/// error saying why it cannot be done safely.
pub fn prepare_rename(snap: &Snapshot, path: &Path, offset: usize) -> Result<Option<TextRange>, String> {
    super::templates::prepare_rename(snap, path, offset)
}

pub fn rename(snap: &Snapshot, path: &Path, offset: usize, new_name: &str) -> Result<Option<Fix>, String> {
    super::templates::rename(snap, path, offset, new_name)
}
