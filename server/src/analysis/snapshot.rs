use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use crate::base::hash::{DashMap, PathKeyBuf};

use super::Settings;
use crate::base::{FileSource, Vfs};
use crate::imports::{ModuleCache, ResolverMemo};
use crate::index::WorkspaceIndex;

/// An immutable view of the workspace that every analysis function reads: the index, the file
/// system of one revision (open documents over cached disk contents), the settings, and caches.
/// Cloning is cheap; the server makes a new snapshot for every change, so one request never sees
/// two versions of a file.
#[derive(Clone)]
pub struct Snapshot {
    pub index: Arc<WorkspaceIndex>,
    /// The snapshot's file system ([`Vfs`]) as a [`FileSource`].
    pub files: Arc<dyn FileSource>,
    pub vfs: Vfs,
    pub settings: Arc<Settings>,
    /// Bumped by the server on every change; 0 for one-off snapshots.
    pub revision: u64,
    pub(crate) derived: Arc<Derived>,
    pub(crate) caches: Arc<Caches>,
    /// What was worked out on this view; a fresh one for every other index, file view or settings.
    view: Arc<ViewMemo>,
    cancel: Cancel,
}

/// Facts computed once per index, on first use.
#[derive(Default)]
pub(crate) struct Derived {
    /// Folder-level findings (nesting, suffixes, missing scripts…) per folder; a folder's are
    /// computed again when a `layout` they read changes.
    pub structure: std::sync::Mutex<Option<super::diagnostics::structure::Cache>>,
}

/// Facts of one snapshot's view (its index, files and settings), shared by its clones.
#[derive(Default)]
pub(crate) struct ViewMemo {
    /// Import resolution: search paths, module probes, name lookups.
    resolver: Arc<ResolverMemo>,
    /// The folder findings, checked against the files once per view (not once per file).
    pub structure: std::sync::OnceLock<Arc<super::diagnostics::structure::Findings>>,
    /// Template definitions of each metadata file (path, is manifest, bundle): every bundle's
    /// scope reads its ancestors' files, so each is worked out once, not once per descendant.
    pub template_defs:
        DashMap<(PathKeyBuf, bool, Option<crate::index::BundleId>), Arc<Vec<super::templates::Definition>>>,
}

/// Parsed files, shared by the snapshots of one server (or one `check` run). Every entry holds
/// the text it was made from and is used only while the snapshot reads that same text, so an
/// entry is never stale; entries of deleted files are dropped by [`Caches::forget`].
#[derive(Default)]
pub struct Caches {
    /// Parsed Python modules.
    pub modules: ModuleCache,
    /// Parsed metadata files (see `meta_docs`).
    pub(crate) meta_docs: DashMap<PathKeyBuf, Arc<super::meta_docs::ParsedMeta>>,
    /// Leaf `bundle.yaml` models in `meta_docs`, dropped beyond the last few (see `meta_docs`).
    pub(crate) meta_recent: super::meta_docs::Recent,
    /// One parse at a time of a big metadata file's new version (see `meta_docs`).
    pub(crate) meta_parsing: super::meta_docs::Parsing,
    /// The open `bundle.yaml` versions found to hold no template opening or escape (see
    /// `templates::file_may_hold_tags`): the next version, one change further, is searched
    /// around that change only.
    pub(crate) no_tags: DashMap<PathKeyBuf, crate::base::DocVersion>,
}

impl Caches {
    /// Drop the entries of `paths` and of everything below them.
    pub fn forget(&self, paths: &[PathBuf]) {
        let gone = |p: &Path| paths.iter().any(|q| p.starts_with(q));
        self.meta_docs.retain(|p, _| !gone(p));
        self.no_tags.retain(|p, _| !gone(p));
        self.modules.retain(|p| !gone(p));
    }
}

/// A replaced snapshot without its files ([`Snapshot::into_retired`]): what is left for the
/// reaper to free later (the index, caches and memos it alone may hold).
pub(crate) struct Retired {
    _index: Arc<WorkspaceIndex>,
    _settings: Arc<Settings>,
    _derived: Arc<Derived>,
    _caches: Arc<Caches>,
    _view: Arc<ViewMemo>,
}

/// What stops long work: the request's cancellation flag, or a newer revision of the workspace.
#[derive(Clone, Default)]
struct Cancel {
    flag: Option<Arc<AtomicBool>>,
    latest: Option<Arc<AtomicU64>>,
}

impl Snapshot {
    /// This snapshot, its files let go of now: an open document's previous text (10 MB for a big
    /// file, one per keystroke) is freed at once and its memory serves the next version, while
    /// the rest ([`Retired`]: memos of whole rounds, many small blocks) waits for the reaper.
    pub(crate) fn into_retired(self) -> Retired {
        let Snapshot { index, files, vfs, settings, derived, caches, view, .. } = self;
        drop((files, vfs));
        Retired { _index: index, _settings: settings, _derived: derived, _caches: caches, _view: view }
    }

    /// A one-off snapshot over `files` (the CLI, tests): disk contents are read once and cached.
    pub fn new(index: Arc<WorkspaceIndex>, files: Arc<dyn FileSource>, settings: Arc<Settings>) -> Self {
        Self::from_vfs(index, Vfs::over(files), settings)
    }

    /// A snapshot over an existing file system view.
    pub fn from_vfs(index: Arc<WorkspaceIndex>, vfs: Vfs, settings: Arc<Settings>) -> Self {
        Snapshot {
            index,
            files: Arc::new(vfs.clone()),
            vfs,
            settings,
            revision: 0,
            derived: Arc::default(),
            caches: Arc::default(),
            view: Arc::default(),
            cancel: Cancel::default(),
        }
    }

    /// The server's snapshot of `revision`: `derived` is shared while the index is the same one,
    /// `caches` for the server's life; `latest` is the newest revision (for [`Self::is_cancelled`]).
    pub fn at_revision(&self, revision: u64, latest: Arc<AtomicU64>) -> Self {
        Snapshot { revision, cancel: Cancel { flag: None, latest: Some(latest) }, view: Arc::default(), ..self.clone() }
    }

    /// The same caches with another index (fresh per-index facts).
    pub fn with_index(&self, index: Arc<WorkspaceIndex>) -> Self {
        Snapshot { index, derived: Arc::default(), view: Arc::default(), ..self.clone() }
    }

    /// The same index and caches over another file system view.
    pub fn with_vfs(&self, vfs: Vfs) -> Self {
        Snapshot { files: Arc::new(vfs.clone()), vfs, view: Arc::default(), ..self.clone() }
    }

    /// The same index and caches with other settings.
    pub fn with_settings(&self, settings: Arc<Settings>) -> Self {
        Snapshot { settings, view: Arc::default(), ..self.clone() }
    }

    /// This snapshot for one request or job that `flag` can cancel.
    pub fn with_cancel_flag(&self, flag: Arc<AtomicBool>) -> Self {
        Snapshot { cancel: Cancel { flag: Some(flag), latest: self.cancel.latest.clone() }, ..self.clone() }
    }

    /// The work on this snapshot is no longer wanted: cancelled by the client, or the workspace
    /// moved on. Long loops check this and stop early; their partial result is then discarded.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.flag.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
            || self.cancel.latest.as_ref().is_some_and(|l| l.load(Ordering::Relaxed) != self.revision)
    }

    /// The import-resolution memo of this view, for resolvers with `settings` (a fresh one when
    /// they are not the snapshot's own).
    pub(crate) fn resolver_memo(&self, settings: &super::python::ImportSettings) -> Arc<ResolverMemo> {
        if settings.pyrevit_path == self.settings.pyrevit_path {
            self.view.resolver.clone()
        } else {
            Arc::default()
        }
    }

    /// The facts of this snapshot's view.
    pub(crate) fn view(&self) -> &ViewMemo {
        &self.view
    }

    /// The parse caches shared by this snapshot's server.
    pub fn caches(&self) -> &Arc<Caches> {
        &self.caches
    }
}
