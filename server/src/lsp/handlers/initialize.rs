use std::path::PathBuf;

use tower_lsp_server::ls_types::*;

use crate::analysis::Settings;
use crate::base::PositionEncoding;
use crate::lsp::convert;
use crate::lsp::server::Backend;
use crate::lsp::state::ClientCaps;

pub fn initialize(b: &Backend, params: InitializeParams) -> InitializeResult {
    let state = &b.state;
    let offers_utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
    let enc = if offers_utf8 { PositionEncoding::Utf8 } else { PositionEncoding::Utf16 };
    *state.encoding.write().unwrap_or_else(|e| e.into_inner()) = enc;

    let caps = &params.capabilities;
    *state.caps.write().unwrap_or_else(|e| e.into_inner()) = ClientCaps {
        work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
        watched_files_dynamic: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        configuration: caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false),
        related_information: caps
            .text_document
            .as_ref()
            .and_then(|t| t.publish_diagnostics.as_ref())
            .and_then(|p| p.related_information)
            .unwrap_or(false),
        snippets: caps
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false),
    };

    let mut folders: Vec<PathBuf> =
        params.workspace_folders.iter().flatten().filter_map(|f| convert::path(&f.uri)).collect();
    #[allow(deprecated)]
    if folders.is_empty() {
        folders.extend(params.root_uri.as_ref().and_then(convert::path));
    }
    // Until the first index names the extension roots, reads stay inside the workspace folders.
    state.disk.set_roots(folders.clone());
    *state.folders.write().unwrap_or_else(|e| e.into_inner()) = folders;

    if let Some(settings) = params.initialization_options.as_ref().and_then(settings_from_json) {
        state.commit(|s| s.with_settings(std::sync::Arc::new(settings)));
    }

    InitializeResult {
        offset_encoding: None,
        server_info: Some(ServerInfo { name: "pyrevit-ls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
        capabilities: ServerCapabilities {
            position_encoding: Some(match enc {
                PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
                PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            })),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some([":", " ", "-", "{", "[", ",", "_", "\"", "."].map(String::from).to_vec()),
                ..Default::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
                SemanticTokensOptions {
                    legend: super::semantic_tokens::legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: Default::default(),
                },
            )),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: crate::analysis::commands::command_names().map(str::to_string).collect(),
                ..Default::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR_REWRITE]),
                ..Default::default()
            })),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..Default::default()
        },
    }
}

pub async fn initialized(b: &Backend) {
    // Index first (before any `.await`): requests sent with `initialized` wait for it.
    crate::lsp::indexing::schedule_reindex(b.clone(), std::time::Duration::ZERO);
    crate::lsp::watch::start(b).await;
    if b.state.caps().configuration
        && crate::lsp::handlers::workspace_events::pull_configuration(b).await
        && b.state.is_indexed()
    {
        let all = crate::lsp::indexing::Scope::All;
        crate::lsp::indexing::schedule_republish(b.clone(), all, std::time::Duration::ZERO);
    }
}

/// Settings from `initializationOptions` or a `workspace/configuration` answer: either the
/// `pyrevit` section itself or an object holding it.
pub fn settings_from_json(value: &serde_json::Value) -> Option<Settings> {
    let section = value.get("pyrevit").unwrap_or(value);
    if !section.is_object() {
        return None;
    }
    match serde_json::from_value::<Settings>(section.clone()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!("ignoring invalid pyrevit settings: {e}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_carry_exclude_globs() {
        let s =
            settings_from_json(&serde_json::json!({"pyrevit": {"diagnostics": {"exclude": ["lib/vendor", "numpy"]}}}))
                .unwrap();
        assert_eq!(s.diagnostics.exclude.patterns, ["lib/vendor", "numpy"]);
        assert!(s.diagnostics.enable, "other keys keep their defaults");
    }
}
