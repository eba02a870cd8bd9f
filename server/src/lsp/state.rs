use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, RwLock};

use crate::analysis::{Diagnostic, Settings, Snapshot};
use crate::base::{Document, PositionEncoding, Vfs};
use crate::index::WorkspaceIndex;

/// Everything the server holds between requests. Notifications change it synchronously, in
/// arrival order, each ending in a new immutable [`Snapshot`] (`commit`); requests and background
/// jobs read only snapshots.
pub struct State {
    /// What every snapshot's disk layer reads through: never through a link out of the indexed
    /// folders (its roots are set after each index build).
    pub disk: crate::base::DiskSource,
    /// Open documents (the ropes edits apply to); their texts reach snapshots through the Vfs.
    pub docs: Mutex<HashMap<PathBuf, Document>>,
    snapshot: RwLock<Snapshot>,
    /// The newest revision; snapshots of older ones report `is_cancelled`.
    latest: Arc<AtomicU64>,
    pub folders: RwLock<Vec<PathBuf>>,
    pub encoding: RwLock<PositionEncoding>,
    pub caps: RwLock<ClientCaps>,
    /// What was last published per path, to send only what changed and to clear stale sets.
    pub published: Mutex<HashMap<PathBuf, Vec<Diagnostic>>>,
    /// Bumped on every full index rebuild request; a rebuild that is no longer the newest is dropped.
    pub index_generation: AtomicU64,
    /// Which definitions the published template uses reflect (see `indexing::UsesPublished`).
    pub uses_published: Mutex<super::indexing::UsesPublished>,
    /// Files whose diagnostics job is running; `true` when it must run once more (a newer
    /// version arrived meanwhile). See `indexing::schedule_file`.
    pub file_jobs: Mutex<HashMap<PathBuf, bool>>,
    /// Per folder: bumped on every request to republish its subtree; an older pending job is dropped.
    pub republish_generation: Mutex<HashMap<super::indexing::Scope, u64>>,
    /// True once the first index is built; requests that arrive earlier wait for it (bounded).
    pub indexed: tokio::sync::watch::Sender<bool>,
    /// Keeps the `notify` watcher alive when the client cannot watch files for us.
    pub fallback_watcher: Mutex<Option<notify::RecommendedWatcher>>,
    /// Test-only commands (`pyrevit.debugPanic`, `pyrevit.debugWait`), enabled by
    /// `PYREVIT_LS_TEST_PANIC=1` at startup.
    pub debug_commands: bool,
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
        let latest = Arc::new(AtomicU64::new(0));
        let disk = crate::base::DiskSource::default();
        let snapshot = Snapshot::from_vfs(
            Arc::new(WorkspaceIndex::default()),
            Vfs::over(Arc::new(disk.clone())),
            Arc::new(Settings::default()),
        )
        .at_revision(0, latest.clone());
        State {
            disk,
            docs: Mutex::default(),
            snapshot: RwLock::new(snapshot),
            latest,
            folders: RwLock::default(),
            encoding: RwLock::new(PositionEncoding::Utf16),
            caps: RwLock::default(),
            published: Mutex::default(),
            index_generation: Default::default(),
            uses_published: Mutex::default(),
            file_jobs: Mutex::default(),
            republish_generation: Mutex::default(),
            indexed: tokio::sync::watch::Sender::new(false),
            fallback_watcher: Mutex::default(),
            debug_commands: std::env::var("PYREVIT_LS_TEST_PANIC").is_ok_and(|v| v == "1"),
        }
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replace the snapshot by `change(current)` as the next revision; returns it. Work still
    /// running on older snapshots sees `is_cancelled()` from now on.
    pub fn commit(&self, change: impl FnOnce(&Snapshot) -> Snapshot) -> Snapshot {
        let mut cur = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let revision = self.latest.load(std::sync::atomic::Ordering::SeqCst) + 1;
        let next = change(&cur).at_revision(revision, self.latest.clone());
        self.latest.store(revision, std::sync::atomic::Ordering::SeqCst);
        let old = std::mem::replace(&mut *cur, next.clone());
        drop(cur);
        // The old snapshot may hold the last reference to its view's memo (import resolution of
        // a whole round): freeing that takes milliseconds, so not on the notification path and
        // not while a keystroke's own diagnostics or a request is computed.
        super::priority::retire(old);
        next
    }

    pub fn is_indexed(&self) -> bool {
        *self.indexed.borrow()
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
