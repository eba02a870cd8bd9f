//! Watched files, workspace folders and configuration changes.

use std::time::Duration;

use tower_lsp_server::ls_types::*;

use super::initialize::settings_from_json;
use crate::lsp::server::Backend;
use crate::lsp::{convert, indexing};

/// Debounce for index rebuilds after file events (a `git checkout` sends thousands).
pub const REINDEX_DELAY: Duration = Duration::from_millis(150);

pub async fn did_change_watched_files(b: &Backend, params: DidChangeWatchedFilesParams) {
    let structural = params.changes.iter().any(|c| c.typ != FileChangeType::CHANGED);
    if structural {
        indexing::schedule_reindex(b.clone(), REINDEX_DELAY);
        return;
    }
    for change in params.changes {
        if let Some(path) = convert::path(&change.uri) {
            if !crate::lsp::uri::is_open(&path) {
                indexing::publish_file(b, &path).await;
                super::text_sync::republish_dependents(b, &path);
            }
        }
    }
}

pub async fn did_change_workspace_folders(b: &Backend, params: DidChangeWorkspaceFoldersParams) {
    {
        let mut folders = b.state.folders.write().unwrap_or_else(|e| e.into_inner());
        for removed in params.event.removed.iter().filter_map(|f| convert::path(&f.uri)) {
            folders.retain(|f| !crate::lsp::uri::same_path(f, &removed));
        }
        for added in params.event.added.iter().filter_map(|f| convert::path(&f.uri)) {
            if !folders.iter().any(|f| crate::lsp::uri::same_path(f, &added)) {
                folders.push(added);
            }
        }
    }
    crate::lsp::watch::refresh_fallback(b);
    indexing::schedule_reindex(b.clone(), Duration::ZERO);
}

pub async fn did_change_configuration(b: &Backend, params: DidChangeConfigurationParams) {
    if b.state.caps().configuration {
        pull_configuration(b).await;
    } else if let Some(settings) = settings_from_json(&params.settings) {
        apply_settings(b, settings);
    }
    indexing::publish_all(b).await;
}

/// Ask the client for the `pyrevit` section.
pub async fn pull_configuration(b: &Backend) {
    let item = ConfigurationItem { scope_uri: None, section: Some("pyrevit".into()) };
    if let Ok(values) = b.client.configuration(vec![item]).await {
        if let Some(settings) = values.first().and_then(settings_from_json) {
            apply_settings(b, settings);
        }
    }
}

fn apply_settings(b: &Backend, settings: crate::analysis::Settings) {
    let mut snap = b.state.snapshot.write().unwrap_or_else(|e| e.into_inner());
    *snap = snap.with_settings(std::sync::Arc::new(settings));
}
