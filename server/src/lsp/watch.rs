//! File watching: ask the client to watch (dynamic registration) when it can; otherwise watch
//! the workspace folders ourselves with `notify`. Either way, events end in a debounced reindex.

use notify::{RecursiveMode, Watcher};
use tower_lsp_server::ls_types::*;

use super::handlers::workspace_events::REINDEX_DELAY;
use super::indexing;
use super::server::Backend;

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
        if event.kind.is_access() || event.paths.iter().all(|p| is_noise(p)) {
            return;
        }
        let backend = backend.clone();
        handle.spawn(async move {
            if event.kind.is_modify()
                && !matches!(event.kind, notify::EventKind::Modify(notify::event::ModifyKind::Name(_)))
            {
                for p in &event.paths {
                    if !super::uri::is_open(p) {
                        indexing::publish_file(&backend, p).await;
                    }
                }
            } else {
                indexing::schedule_reindex(backend, REINDEX_DELAY);
            }
        });
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

fn is_noise(p: &std::path::Path) -> bool {
    p.components().any(|c| matches!(c.as_os_str().to_str(), Some(".git" | "node_modules" | "target")))
}
