//! File watching: ask the client to watch (dynamic registration) when it can; otherwise watch
//! the workspace folders ourselves with `notify`. Either way, events end in
//! `indexing::apply_fs_changes` (incremental index update, then dependent diagnostics).

use notify::{RecursiveMode, Watcher};
use tower_lsp_server::ls_types::*;

use super::indexing;
use super::server::Backend;
use crate::index::FsChange;

pub async fn start(b: &Backend) {
    if b.state.caps().watched_files_dynamic {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*".into()),
                kind: Some(WatchKind::all()),
            }],
        };
        let registration = Registration {
            id: "pyrevit-ls/watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if b.client.register_capability(vec![registration]).await.is_ok() {
            return;
        }
    }
    refresh_fallback(b);
}

/// (Re)start the `notify` watcher over the current folders, when the client does not watch.
pub fn refresh_fallback(b: &Backend) {
    if b.state.caps().watched_files_dynamic {
        return;
    }
    let handle = tokio::runtime::Handle::current();
    let backend = b.clone();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let changes = changes_of(&event);
        if changes.is_empty() {
            return;
        }
        let backend = backend.clone();
        handle.spawn(async move { indexing::apply_fs_changes(&backend, changes) });
    });
    let Ok(mut watcher) = watcher else {
        tracing::warn!("could not start a file watcher; the index updates only on open documents");
        return;
    };
    for folder in b.state.folders() {
        if let Err(e) = watcher.watch(&folder, RecursiveMode::Recursive) {
            tracing::warn!("cannot watch {}: {e}", folder.display());
        }
    }
    *b.state.fallback_watcher.lock().unwrap_or_else(|e| e.into_inner()) = Some(watcher);
}

/// A `notify` event as file-system changes (a rename is a deletion plus a creation; whether a
/// path exists afterwards tells which).
fn changes_of(event: &notify::Event) -> Vec<FsChange> {
    use notify::event::{EventKind, ModifyKind};
    let exists_now = |p: &std::path::PathBuf| {
        let dir_or_file = crate::base::list_disk(p).is_some();
        dir_or_file
            || p.parent()
                .and_then(crate::base::list_disk)
                .is_some_and(|l| l.names().any(|n| Some(n) == p.file_name().and_then(|f| f.to_str())))
    };
    let paths = event.paths.iter();
    match event.kind {
        EventKind::Access(_) => Vec::new(),
        EventKind::Create(_) => paths.map(|p| FsChange::Created(p.clone())).collect(),
        EventKind::Remove(_) => paths.map(|p| FsChange::Deleted(p.clone())).collect(),
        EventKind::Modify(ModifyKind::Name(_)) | EventKind::Any | EventKind::Other => paths
            .map(|p| if exists_now(p) { FsChange::Created(p.clone()) } else { FsChange::Deleted(p.clone()) })
            .collect(),
        EventKind::Modify(_) => paths.map(|p| FsChange::Changed(p.clone())).collect(),
    }
}
