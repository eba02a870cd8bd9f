//! The `LanguageServer` implementation: each method is one line that delegates to a handler.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use super::handlers;
use super::state::State;

#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    pub state: Arc<State>,
}

/// Serve LSP over stdin/stdout until the client says `exit`.
pub async fn run_stdio() {
    let (service, socket) = LspService::build(|client| Backend { client, state: Arc::new(State::new()) })
        .custom_method("pyrevit/viewFileText", Backend::view_file_text)
        .custom_method(super::stdin_guard::MALFORMED_METHOD, Backend::malformed_message)
        .finish();
    Server::new(super::stdin_guard::guard(tokio::io::stdin()), tokio::io::stdout(), socket).serve(service).await;
}

impl Backend {
    /// `pyrevit/viewFileText`: the server's copy of an open document (like rust-analyzer's
    /// `viewFileText`), for checking that edits were applied as the editor applied them.
    async fn view_file_text(&self, params: TextDocumentIdentifier) -> Result<Option<serde_json::Value>> {
        Ok(handlers::text_sync::view_file_text(self, params))
    }
}

impl Backend {
    /// A frame the transport could not decode, replaced by `stdin_guard`: answer its error.
    async fn malformed_message(&self, params: serde_json::Value) -> Result<()> {
        let code = params["code"].as_i64().unwrap_or(-32600);
        let message = params["message"].as_str().unwrap_or("Invalid Request").to_string();
        Err(tower_lsp_server::jsonrpc::Error { code: code.into(), message: message.into(), data: None })
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::initialize::initialize(self, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        handlers::initialize::initialized(self).await
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(handlers::code_action::code_action(self, params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        Ok(handlers::completion::completion(self, params))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(handlers::hover::hover(self, params))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        Ok(handlers::navigation::definition(self, params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        Ok(handlers::navigation::references(self, params))
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        handlers::rename::prepare_rename(self, params)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        handlers::rename::rename(self, params)
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        Ok(handlers::symbols::document_symbol(self, params))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        Ok(handlers::symbols::workspace_symbol(self, params))
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        Ok(handlers::semantic_tokens::semantic_tokens_full(self, params))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        handlers::execute_command::execute_command(self, params)
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::text_sync::did_open(self, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::text_sync::did_change(self, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::text_sync::did_close(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::workspace_events::did_change_watched_files(self, params).await
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        handlers::workspace_events::did_change_workspace_folders(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::workspace_events::did_change_configuration(self, params).await
    }
}
