use std::path::{Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;

use crate::base::{DiskSource, Document, FileSource};

/// Open documents, by path. As a [`FileSource`] it serves the editor's text for open files and
/// disk contents for the rest.
#[derive(Default)]
pub struct Overlay {
    pub docs: DashMap<PathBuf, Document>,
    /// Files not open: from disk, never through a link out of the indexed folders.
    pub disk: std::sync::RwLock<DiskSource>,
}

impl FileSource for Overlay {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        match self.docs.get(path) {
            Some(doc) => Some(doc.text()),
            None => self.disk.read().unwrap_or_else(|e| e.into_inner()).read(path),
        }
    }
}
