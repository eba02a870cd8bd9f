//! didOpen / didChange / didClose. Each is applied synchronously, before any `.await`
//! (tower-lsp-server runs notifications concurrently), and ends in a new snapshot; stale
//! versions are dropped. Diagnostics follow in background jobs.

use std::path::Path;
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use crate::base::{ContentChange, Document, LineCol, OpenFiles, Vfs};
use crate::index::FsChange;
use crate::lsp::priority::Urgent;
use crate::lsp::server::Backend;
use crate::lsp::{convert, indexing};

pub fn did_open(b: &Backend, params: DidOpenTextDocumentParams) {
    // Until its own job is scheduled: the replaced snapshot is not freed meanwhile.
    let _urgent = Urgent::begin();
    let doc = params.text_document;
    let Some(path) = convert::path(&doc.uri) else { return };
    crate::lsp::uri::remember(&path, &doc.uri);
    let before = b.state.snapshot();
    // A big document's memory is kept for its keystrokes from its first parse on (`base::alloc`).
    crate::base::alloc::typing(doc.text.len());
    let document = Document::new(&doc.text, doc.version);
    let file = document.open_file();
    lock(b).insert(path.clone(), document);
    b.state.commit(|s| s.with_vfs(Vfs { open: Arc::new(s.vfs.open.with_text(&path, file)), disk: s.vfs.disk.clone() }));
    // A document the index does not know (a new file, or one in a folder not on disk yet):
    // its extension is indexed again now, with the document in it.
    if b.state.is_indexed() && (!before.files.is_file(&path) || before.index.owner_of(&path).is_none()) {
        indexing::apply_fs_changes(b, vec![FsChange::Created(path.clone())]);
    }
    indexing::schedule_file(b, path);
}

pub fn did_change(b: &Backend, params: DidChangeTextDocumentParams) {
    // Until its own job is scheduled: the replaced snapshot is not freed meanwhile.
    let _urgent = Urgent::begin();
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
    let file = {
        let mut docs = lock(b);
        let doc = docs.get_mut(&path);
        match doc {
            Some(doc) => doc.apply(params.text_document.version, &changes, enc).then(|| doc.open_file()),
            None => None,
        }
    };
    let Some(file) = file else { return };
    crate::base::alloc::typing(file.text.len());
    b.state.commit(|s| s.with_vfs(Vfs { open: Arc::new(s.vfs.open.with_text(&path, file)), disk: s.vfs.disk.clone() }));
    republish_dependents(b, &path);
    indexing::schedule_file(b, path);
}

pub fn did_close(b: &Backend, params: DidCloseTextDocumentParams) {
    // Until its own job is scheduled: the replaced snapshot is not freed meanwhile.
    let _urgent = Urgent::begin();
    let Some(path) = convert::path(&params.text_document.uri) else { return };
    let docs = {
        let mut docs = lock(b);
        docs.remove(&path);
        crate::lsp::uri::forget(&path);
        docs.iter().map(|(p, d)| (p.clone(), d.open_file())).collect()
    };
    let snap = b.state.commit(|s| s.with_vfs(Vfs { open: Arc::new(OpenFiles::new(docs)), disk: s.vfs.disk.clone() }));
    // The file's diagnostics now come from its text on disk (or vanish with it).
    if b.state.is_indexed() && !snap.files.is_file(&path) {
        indexing::apply_fs_changes(b, vec![FsChange::Deleted(path.clone())]);
    }
    indexing::schedule_file(b, path);
}

fn lock(b: &Backend) -> std::sync::MutexGuard<'_, std::collections::HashMap<std::path::PathBuf, Document>> {
    b.state.docs.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn view_file_text(b: &Backend, params: TextDocumentIdentifier) -> Option<serde_json::Value> {
    let path = convert::path(&params.uri)?;
    let docs = lock(b);
    let doc = docs.get(&path)?;
    Some(serde_json::json!({ "version": doc.version(), "text": &*doc.text() }))
}

/// A metadata file's templates and layout reach down its folder: refresh what lies below.
pub fn republish_dependents(b: &Backend, path: &Path) {
    use crate::analysis::{file_kind, FileKind};
    let snap = b.state.snapshot();
    let kind = file_kind(&snap, path);
    if matches!(kind, FileKind::BundleYaml { .. } | FileKind::ExtensionJson { .. } | FileKind::ExtensionYaml { .. }) {
        indexing::schedule_republish(
            b.clone(),
            indexing::Scope::Metadata { file: path.to_path_buf() },
            indexing::REPUBLISH_DELAY,
        );
    }
}
