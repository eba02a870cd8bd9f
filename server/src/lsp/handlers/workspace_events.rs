//! Watched files, workspace folders and configuration changes.

use std::time::Duration;

use tower_lsp_server::ls_types::*;

use super::initialize::settings_from_json;
use crate::index::FsChange;
use crate::lsp::server::Backend;
use crate::lsp::{convert, indexing};

/// Applied before the next request is answered: only the extensions holding the changes are
/// indexed again, and only the diagnostics that depend on them are republished.
pub fn did_change_watched_files(b: &Backend, params: DidChangeWatchedFilesParams) {
    let changes = params
        .changes
        .iter()
        .filter_map(|c| {
            let path = convert::path(&c.uri)?;
            Some(match c.typ {
                FileChangeType::CREATED => FsChange::Created(path),
                FileChangeType::DELETED => FsChange::Deleted(path),
                _ => FsChange::Changed(path),
            })
        })
        .collect();
    indexing::apply_fs_changes(b, changes);
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
    indexing::schedule_republish(b.clone(), indexing::Scope::All, Duration::ZERO);
}

/// Ask the client for the `pyrevit` section; true when the settings changed.
pub async fn pull_configuration(b: &Backend) -> bool {
    let item = ConfigurationItem { scope_uri: None, section: Some("pyrevit".into()) };
    if let Ok(values) = b.client.configuration(vec![item]).await {
        if let Some(settings) = values.first().and_then(settings_from_json) {
            return apply_settings(b, settings);
        }
    }
    false
}

fn apply_settings(b: &Backend, settings: crate::analysis::Settings) -> bool {
    if *b.state.snapshot().settings == settings {
        return false;
    }
    b.state.commit(|s| s.with_settings(std::sync::Arc::new(settings)));
    true
}
