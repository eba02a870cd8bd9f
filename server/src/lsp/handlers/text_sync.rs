//! didOpen / didChange / didClose. A change is applied to the rope *before* the first `.await`
//! (tower-lsp-server runs notifications concurrently), and stale versions are dropped.

use tower_lsp_server::ls_types::*;

use crate::base::{ContentChange, Document, LineCol};
use crate::lsp::server::Backend;
use crate::lsp::{convert, indexing};

pub async fn did_open(b: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let Some(path) = convert::path(&doc.uri) else { return };
    crate::lsp::uri::remember(&path, &doc.uri);
    b.state.overlay.docs.insert(path.clone(), Document::new(&doc.text, doc.version));
    if adopt_extension_of(b, &path) {
        return; // published when the index including it is built
    }
    indexing::publish_file(b, &path).await;
}

pub async fn did_change(b: &Backend, params: DidChangeTextDocumentParams) {
    let Some(path) = convert::path(&params.text_document.uri) else { return };
    let changes: Vec<ContentChange> = params
        .content_changes
        .into_iter()
        .map(|c| ContentChange {
            range: c.range.map(|r| {
                (
                    LineCol { line: r.start.line, col: r.start.character },
                    LineCol { line: r.end.line, col: r.end.character },
                )
            }),
            text: c.text,
        })
        .collect();
    let enc = b.state.encoding();
    let applied = match b.state.overlay.docs.get_mut(&path) {
        Some(mut doc) => doc.apply(params.text_document.version, &changes, enc),
        None => false,
    };
    if applied {
        indexing::publish_file(b, &path).await;
        republish_dependents(b, &path);
    }
}

pub async fn did_close(b: &Backend, params: DidCloseTextDocumentParams) {
    let Some(path) = convert::path(&params.text_document.uri) else { return };
    b.state.overlay.docs.remove(&path);
    crate::lsp::uri::forget(&path);
    // The file's diagnostics now come from its text on disk (or vanish with it).
    indexing::publish_file(b, &path).await;
}

pub fn view_file_text(b: &Backend, params: TextDocumentIdentifier) -> Option<serde_json::Value> {
    let path = convert::path(&params.uri)?;
    let doc = b.state.overlay.docs.get(&path)?;
    Some(serde_json::json!({ "version": doc.version(), "text": &*doc.text() }))
}

/// A file opened from an extension outside every workspace folder: index that extension too.
fn adopt_extension_of(b: &Backend, path: &std::path::Path) -> bool {
    let snap = b.state.snapshot();
    if !b.state.indexed.load(std::sync::atomic::Ordering::SeqCst) || snap.index.owner_of(path).is_some() {
        return false;
    }
    let Some(root) = crate::index::find_enclosing_extension(path) else { return false };
    {
        let mut folders = b.state.folders.write().unwrap_or_else(|e| e.into_inner());
        if folders.iter().any(|f| crate::lsp::uri::is_within(&root, f)) {
            return false;
        }
        folders.push(root);
    }
    indexing::schedule_reindex(b.clone(), std::time::Duration::ZERO);
    true
}

/// A metadata file's templates and layout reach down its folder: refresh what lies below.
pub fn republish_dependents(b: &Backend, path: &std::path::Path) {
    use crate::analysis::{file_kind, FileKind};
    let snap = b.state.snapshot();
    let kind = file_kind(&snap, path);
    if matches!(kind, FileKind::BundleYaml { .. } | FileKind::ExtensionJson { .. } | FileKind::ExtensionYaml { .. }) {
        if let Some(dir) = path.parent() {
            indexing::schedule_republish_below(b.clone(), dir.to_path_buf());
        }
    }
}
