use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where analysis reads file text from: open editor buffers first, then disk.
/// The analysis layer never touches `std::fs` for file *contents* except through this trait.
pub trait FileSource: Send + Sync {
    fn read(&self, path: &Path) -> Option<Arc<str>>;
}

/// Reads straight from disk (the CLI, and the server for files not open in the editor). With
/// `roots` (the workspace folders), never through a link that leads outside them.
#[derive(Clone, Debug, Default)]
pub struct DiskSource {
    roots: Arc<[PathBuf]>,
}

impl DiskSource {
    /// A source that never reads through a link out of `roots` (no roots: no limit).
    pub fn within(roots: impl Into<Arc<[PathBuf]>>) -> Self {
        DiskSource { roots: roots.into() }
    }
}

impl FileSource for DiskSource {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        if !super::containment::may_read(path, &self.roots) {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        Some(Arc::from(String::from_utf8_lossy(&bytes).into_owned()))
    }
}
