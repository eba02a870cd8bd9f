//! The `LanguageServer` implementation: each method is one line that delegates to a handler.
//! Notifications change the state synchronously, before any `.await` (tower-lsp-server polls
//! them concurrently, in arrival order); requests are answered by [`Backend::run`] from a
//! snapshot on a worker thread, inside the panic guard.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use super::handlers;
use super::state::State;

#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    pub state: Arc<State>,
    /// The snapshot a request is answered from (set by [`Backend::run`]).
    pub pinned: Option<crate::analysis::Snapshot>,
}

/// How long a request that arrives before the first index waits for it.
const INDEX_WAIT: Duration = Duration::from_secs(10);
/// Requests and notifications in flight at once (a slow request must not hold up the rest).
const CONCURRENCY: usize = 64;

/// Serve LSP over stdin/stdout until the client says `exit`.
pub async fn run_stdio() {
    let state = Arc::new(State::new());
    let (service, socket) = LspService::build(|client| Backend { client, state: state.clone(), pinned: None })
        .custom_method("pyrevit/viewFileText", Backend::view_file_text)
        .custom_method(super::stdin_guard::MALFORMED_METHOD, Backend::malformed_message)
        .finish();
    let input = super::stdin_guard::guard(std::io::BufReader::new(std::io::stdin()));
    let (output, writer) = super::stdio::stdout();
    Server::new(input, output, socket).concurrency_level(CONCURRENCY).serve(service).await;
    super::stdio::finish(writer);
    // The state outlives the session: dropping it would end the fallback watcher's thread while
    // the process exits (see `stdio`), and freeing the index is wasted work at exit.
    std::mem::forget(state);
}

/// Sets the request's cancellation flag when its future is dropped (`$/cancelRequest` drops it).
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// How a request treats a snapshot that went stale while it ran.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// The answer is still right for the text the client sent it for.
    Answer,
    /// Long work that stops early when stale: answer `ContentModified`.
    Discard,
}

impl Backend {
    /// `pyrevit/viewFileText`: the server's copy of an open document (like rust-analyzer's
    /// `viewFileText`), for checking that edits were applied as the editor applied them.
    async fn view_file_text(&self, params: TextDocumentIdentifier) -> Result<Option<serde_json::Value>> {
        Ok(handlers::text_sync::view_file_text(self, params))
    }

    /// The snapshot to answer from: the request's own, else the current one.
    pub fn snapshot(&self) -> crate::analysis::Snapshot {
        self.pinned.clone().unwrap_or_else(|| self.state.snapshot())
    }

    /// Answer one request: wait (bounded) for the first index, take a snapshot, run `f` on a
    /// worker thread. A panic becomes an error response (the server goes on); a cancelled
    /// request's snapshot reports `is_cancelled()` so long loops stop.
    pub async fn run<P, R>(
        &self,
        method: &'static str,
        stale: Stale,
        params: P,
        f: fn(&Backend, P) -> Result<R>,
    ) -> Result<R>
    where
        P: Send + 'static,
        R: Send + 'static,
    {
        if !self.state.is_indexed() {
            let mut rx = self.state.indexed.subscribe();
            let _ = tokio::time::timeout(INDEX_WAIT, rx.wait_for(|done| *done)).await;
        }
        let _urgent = super::priority::Urgent::begin();
        let flag = Arc::new(AtomicBool::new(false));
        let _cancel_on_drop = CancelOnDrop(flag.clone());
        let snap = self.state.snapshot().with_cancel_flag(flag);
        let b = Backend { client: self.client.clone(), state: self.state.clone(), pinned: Some(snap.clone()) };
        match tokio::task::spawn_blocking(move || f(&b, params)).await {
            Ok(_) if stale == Stale::Discard && snap.is_cancelled() => Err(Error::new(ErrorCode::ContentModified)),
            Ok(answer) => answer,
            Err(e) => {
                tracing::error!("{method} failed: {}", panic_message(e));
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: format!("pyrevit-ls: internal error while answering {method} (see the server log)").into(),
                    data: None,
                })
            }
        }
    }
}

/// A job's panic message (for the log).
pub fn panic_message(e: tokio::task::JoinError) -> String {
    if !e.is_panic() {
        return e.to_string();
    }
    payload_message(e.into_panic())
}

/// The message of a caught panic's payload.
pub fn payload_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Run `f` on a worker thread inside the panic guard: `None` (and a log line) when it panicked,
/// so a failed background job never clears what was published.
pub async fn job<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::error!("{what} failed: {}; keeping what was published", panic_message(e));
            None
        }
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
        self.run("codeAction", Stale::Answer, params, |b, p| Ok(handlers::code_action::code_action(b, p))).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.run("completion", Stale::Answer, params, |b, p| Ok(handlers::completion::completion(b, p))).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.run("hover", Stale::Answer, params, |b, p| Ok(handlers::hover::hover(b, p))).await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        self.run("definition", Stale::Answer, params, |b, p| Ok(handlers::navigation::definition(b, p))).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.run("references", Stale::Discard, params, |b, p| Ok(handlers::navigation::references(b, p))).await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        self.run("prepareRename", Stale::Answer, params, handlers::rename::prepare_rename).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.run("rename", Stale::Discard, params, handlers::rename::rename).await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.run("documentSymbol", Stale::Answer, params, |b, p| Ok(handlers::symbols::document_symbol(b, p))).await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.run("workspaceSymbol", Stale::Answer, params, |b, p| Ok(handlers::symbols::workspace_symbol(b, p))).await
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.run("semanticTokens", Stale::Answer, params, |b, p| {
            Ok(handlers::semantic_tokens::semantic_tokens_full(b, p))
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        self.run("executeCommand", Stale::Answer, params, handlers::execute_command::execute_command).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::text_sync::did_open(self, params)
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::text_sync::did_change(self, params)
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::text_sync::did_close(self, params)
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::workspace_events::did_change_watched_files(self, params)
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        handlers::workspace_events::did_change_workspace_folders(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::workspace_events::did_change_configuration(self, params).await
    }
}
