use std::path::PathBuf;
use std::sync::Arc;

use super::Settings;
use crate::base::FileSource;
use crate::index::WorkspaceIndex;

/// A view of the workspace that every analysis function reads: the index, a source of file text
/// (open editor buffers, falling back to disk), the settings, and caches derived from the index.
/// Cloning is cheap; a new index means a new snapshot (and fresh caches).
#[derive(Clone)]
pub struct Snapshot {
    pub index: Arc<WorkspaceIndex>,
    pub files: Arc<dyn FileSource>,
    pub settings: Arc<Settings>,
    pub(crate) derived: Arc<Derived>,
}

/// Facts computed once per index, on first use.
#[derive(Default)]
pub(crate) struct Derived {
    /// Folder-level findings (nesting, suffixes, missing scripts…), by the file they attach to;
    /// computed again when a `layout` they read changes.
    pub structure: std::sync::Mutex<Option<Arc<super::diagnostics::structure::Findings>>>,
    /// Parsed metadata files (see `meta_docs`).
    pub meta_docs: dashmap::DashMap<PathBuf, Arc<super::meta_docs::ParsedMeta>>,
}

impl Snapshot {
    pub fn new(index: Arc<WorkspaceIndex>, files: Arc<dyn FileSource>, settings: Arc<Settings>) -> Self {
        Snapshot { index, files, settings, derived: Arc::default() }
    }

    /// The same index and caches with other settings.
    pub fn with_settings(&self, settings: Arc<Settings>) -> Self {
        Snapshot { settings, ..self.clone() }
    }
}
