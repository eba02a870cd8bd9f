//! Building the index in the background (with `$/progress`) and publishing diagnostics.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::ls_types::*;

use super::convert::{self, Lines};
use super::server::Backend;
use crate::analysis::{diagnostics, Diagnostic, Snapshot};
use crate::base::DiskSource;
use crate::index;

/// Rebuild the index after `delay`, unless another rebuild is requested meanwhile (debounce).
pub fn schedule_reindex(b: Backend, delay: Duration) {
    let generation = b.state.index_generation.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        if b.state.index_generation.load(Ordering::SeqCst) != generation {
            return;
        }
        reindex(&b, generation).await;
    });
}

async fn reindex(b: &Backend, generation: u64) {
    let progress = begin_progress(b).await;
    let folders = b.state.folders();
    let started = std::time::Instant::now();
    let built = tokio::task::spawn_blocking(move || index::build_index(&folders)).await;
    let Ok(built) = built else { return };
    if b.state.index_generation.load(Ordering::SeqCst) != generation {
        return; // a newer rebuild is under way
    }
    let (exts, bundles) = (built.extensions.len(), built.extensions.iter().map(|e| e.bundles.len()).sum::<usize>());
    tracing::info!("indexed {exts} extensions, {bundles} bundles in {:?}", started.elapsed());
    *b.state.overlay.disk.write().unwrap_or_else(|e| e.into_inner()) = DiskSource::within(built.roots());
    {
        let mut snap = b.state.snapshot.write().unwrap_or_else(|e| e.into_inner());
        *snap = Snapshot::new(Arc::new(built), b.state.overlay.clone(), snap.settings.clone());
    }
    b.state.indexed.store(true, Ordering::SeqCst);
    if let Some(p) = progress {
        p.report("publishing diagnostics").await;
        publish_all(b).await;
        p.finish_with_message(format!("{exts} extension(s), {bundles} bundle(s)")).await;
    } else {
        publish_all(b).await;
    }
}

async fn begin_progress(
    b: &Backend,
) -> Option<tower_lsp_server::OngoingProgress<tower_lsp_server::Unbounded, tower_lsp_server::NotCancellable>> {
    if !b.state.caps().work_done_progress {
        return None;
    }
    let token = NumberOrString::String(format!("pyrevit-ls/index/{}", b.state.index_generation.load(Ordering::SeqCst)));
    b.client.create_work_done_progress(token.clone()).await.ok()?;
    Some(
        b.client
            .progress(token, "pyRevit: indexing extensions")
            .with_message("scanning workspace folders")
            .begin()
            .await,
    )
}

/// Recompute every file's diagnostics and send what changed (clearing files that became clean).
pub async fn publish_all(b: &Backend) {
    publish_below(b, None).await
}

/// After an edit of a metadata file, republish its folder's subtree once typing pauses: the
/// templates and layout it defines change the diagnostics of the bundles below it.
pub fn schedule_republish_below(b: Backend, root: PathBuf) {
    let generation = b.state.republish_generation.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        if b.state.republish_generation.load(Ordering::SeqCst) == generation {
            publish_below(&b, Some(root)).await;
        }
    });
}

/// Recompute the diagnostics of the files at or below `root` (all when `None`) and send what
/// changed; files outside `root` keep what was published.
async fn publish_below(b: &Backend, root: Option<PathBuf>) {
    let snap = b.state.snapshot();
    let scope = root.clone();
    let Ok(mut all) =
        tokio::task::spawn_blocking(move || diagnostics::diagnostics_below(&snap, scope.as_deref())).await
    else {
        return;
    };
    let inside = |p: &Path| root.as_deref().is_none_or(|r| p.starts_with(r));
    // Open documents are published with their version even when clean.
    let open: Vec<PathBuf> = b.state.overlay.docs.iter().map(|d| d.key().clone()).filter(|p| inside(p)).collect();
    let snap = b.state.snapshot();
    for path in open {
        all.entry(path.clone()).or_insert_with(|| diagnostics::file_diagnostics(&snap, &path));
    }
    let mut sends: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    {
        let mut published = b.state.published.lock().unwrap_or_else(|e| e.into_inner());
        let previous: HashMap<PathBuf, Vec<Diagnostic>> = published.extract_if(|p, _| inside(p)).collect();
        for (path, diags) in &all {
            if previous.get(path) != Some(diags) || b.state.overlay.docs.contains_key(path) {
                sends.insert(path.clone(), diags.clone());
            }
        }
        for path in previous.keys() {
            if !all.contains_key(path) {
                sends.insert(path.clone(), Vec::new());
            }
        }
        published.extend(all.into_iter().filter(|(_, d)| !d.is_empty()));
    }
    for (path, diags) in sends {
        let version = b.state.overlay.docs.get(&path).map(|d| d.version());
        send(b, &snap, &path, &diags, version).await;
    }
}

/// Recompute and publish one file's diagnostics (after an edit, open or close).
pub async fn publish_file(b: &Backend, path: &Path) {
    if !b.state.indexed.load(Ordering::SeqCst) {
        return; // the first index build publishes every open document
    }
    let snap = b.state.snapshot();
    let version = b.state.overlay.docs.get(path).map(|d| d.version());
    let diags = diagnostics::file_diagnostics(&snap, path);
    {
        let mut published = b.state.published.lock().unwrap_or_else(|e| e.into_inner());
        let is_open = b.state.overlay.docs.contains_key(path);
        if !is_open && published.get(path).map_or(diags.is_empty(), |p| *p == diags) {
            return;
        }
        if diags.is_empty() {
            published.remove(path);
        } else {
            published.insert(path.to_path_buf(), diags.clone());
        }
    }
    send(b, &snap, path, &diags, version).await;
}

async fn send(b: &Backend, snap: &Snapshot, path: &Path, diags: &[Diagnostic], version: Option<i32>) {
    let Some(uri) = convert::uri(path) else { return };
    let enc = b.state.encoding();
    let text = snap.files.read(path).unwrap_or_default();
    let lines = Lines::new(&text, enc);
    let out: Vec<_> = diags
        .iter()
        .map(|d| convert::diagnostic(&lines, d, snap.files.as_ref(), enc, b.state.caps().related_information))
        .collect();
    // Drop a result computed for a version the editor has already moved past.
    if version.is_some() && b.state.overlay.docs.get(path).map(|d| d.version()) != version {
        return;
    }
    b.client.publish_diagnostics(uri, out, version).await;
}
