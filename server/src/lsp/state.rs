use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use super::overlay::Overlay;
use crate::analysis::{Diagnostic, Settings, Snapshot};
use crate::base::PositionEncoding;
use crate::index::WorkspaceIndex;

/// Everything the server holds between requests.
pub struct State {
    pub overlay: Arc<Overlay>,
    pub snapshot: RwLock<Snapshot>,
    pub folders: RwLock<Vec<PathBuf>>,
    pub encoding: RwLock<PositionEncoding>,
    pub caps: RwLock<ClientCaps>,
    /// What was last published per path, to send only what changed and to clear stale sets.
    pub published: Mutex<HashMap<PathBuf, Vec<Diagnostic>>>,
    /// Bumped on every index rebuild request; a rebuild that is no longer the newest is dropped.
    pub index_generation: std::sync::atomic::AtomicU64,
    /// Bumped on every edit of a metadata file; a pending subtree republish that is no longer
    /// the newest is dropped (debounce).
    pub republish_generation: std::sync::atomic::AtomicU64,
    /// Set once the first index is built; before that, per-file diagnostics would be empty.
    pub indexed: std::sync::atomic::AtomicBool,
    /// Keeps the `notify` watcher alive when the client cannot watch files for us.
    pub fallback_watcher: Mutex<Option<notify::RecommendedWatcher>>,
}

/// What the client said it can do, reduced to the flags we use.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientCaps {
    pub work_done_progress: bool,
    pub watched_files_dynamic: bool,
    pub configuration: bool,
    pub related_information: bool,
    /// Completion items may be snippets (`$0` tab stops).
    pub snippets: bool,
}

impl State {
    pub fn new() -> Self {
        let overlay = Arc::new(Overlay::default());
        let snapshot =
            Snapshot::new(Arc::new(WorkspaceIndex::default()), overlay.clone(), Arc::new(Settings::default()));
        State {
            overlay,
            snapshot: RwLock::new(snapshot),
            folders: RwLock::default(),
            encoding: RwLock::new(PositionEncoding::Utf16),
            caps: RwLock::default(),
            published: Mutex::default(),
            index_generation: Default::default(),
            indexed: Default::default(),
            republish_generation: Default::default(),
            fallback_watcher: Mutex::default(),
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn encoding(&self) -> PositionEncoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn caps(&self) -> ClientCaps {
        *self.caps.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn folders(&self) -> Vec<PathBuf> {
        self.folders.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
