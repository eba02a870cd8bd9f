//! Building the index (in full at start and on workspace-folder changes, with `$/progress`;
//! incrementally on file events), and publishing diagnostics from background jobs that are
//! dropped when stale and never clear what was published when they fail.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::ls_types::*;

use super::convert::{self, Lines};
use super::server::{job, Backend};
use crate::analysis::{diagnostics, is_python, templates, Diagnostic, Snapshot};
use crate::base::{FileSource, Vfs};
use crate::index::{self, FsChange};
use crate::knowledge::templates::OPEN as TEMPLATE_OPEN;

/// Debounce of a metadata file's subtree republish (templates and layouts reach down the tree).
pub const REPUBLISH_DELAY: Duration = Duration::from_millis(400);
/// Wait before retrying a publish whose snapshot went stale while it ran.
const RETRY_DELAY: Duration = Duration::from_millis(50);

/// Test-only: with `PYREVIT_LS_TEST_PANIC=1`, a workspace folder holding a file of this name
/// makes the index build panic (the guard must end the progress and let requests through).
const TEST_PANIC_FILE: &str = "pyrevit-ls-test-panic";

/// Which files' diagnostics a publish recomputes; the others keep what was published.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    All,
    /// Files at or below `roots`, and every Python file when `python` (an import may have moved).
    Below {
        roots: Vec<PathBuf>,
        python: bool,
    },
    /// What an edit of the metadata file `file` can change below its folder (see [`Wanted`]).
    Metadata {
        file: PathBuf,
    },
}

impl Scope {
    fn contains(&self, p: &Path) -> bool {
        match self {
            Scope::All => true,
            Scope::Below { roots, python } => {
                roots.iter().any(|r| super::uri::is_within(p, r)) || (*python && is_python(p))
            }
            Scope::Metadata { file } => file.parent().is_some_and(|d| super::uri::is_within(p, d)),
        }
    }
}

/// The definitions of metadata files that the published diagnostics of the template uses below
/// them were computed with: a metadata edit that leaves its definitions alone (a `layout` edit)
/// skips those uses. Every other computation of uses forgets them all (`clear`).
pub type UsesPublished = HashMap<PathBuf, Vec<(String, String, templates::DefKind)>>;

/// The files a publish of `scope` recomputes. For a metadata edit, only the files below its folder
/// whose diagnostics can depend on it: the files of its own folder and of its child folders
/// (own metadata, `layout`; Python modules there only when open or listed below, as imports
/// never read metadata), files that use templates (`{{…}}` in a bundle's metadata or script;
/// unused definitions are judged against the uses below them; only when the edit changed a
/// definition, see [`UsesPublished`]), files with folder findings
/// (stack sizes after `layout`), open documents, and files that had diagnostics (they may be
/// clean now). Everything else cannot change: imports and other files' own metadata do not
/// read an ancestor's `bundle.yaml`.
struct Wanted {
    scope: Scope,
    before: HashSet<PathBuf>,
    structure: HashSet<PathBuf>,
    /// The edited metadata file's definitions now, and whether the template uses below it are
    /// recomputed (they are unless they were published with the same definitions).
    defs: Option<Vec<(String, String, templates::DefKind)>>,
    uses: bool,
}

impl Wanted {
    fn new(b: &Backend, snap: &Snapshot, scope: Scope) -> Self {
        let (mut before, mut structure, mut defs, mut uses) = (HashSet::new(), HashSet::new(), None, true);
        if let Scope::Metadata { file } = &scope {
            let published = b.state.published.lock().unwrap_or_else(|e| e.into_inner());
            before = published.keys().filter(|p| scope.contains(p)).cloned().collect();
            structure = diagnostics::structure_files(snap).into_iter().filter(|p| scope.contains(p)).collect();
            defs = templates::definitions_read_below(snap, file);
            let seen = b.state.uses_published.lock().unwrap_or_else(|e| e.into_inner());
            uses = defs.is_none() || seen.get(file) != defs.as_ref();
        }
        Wanted { scope, before, structure, defs, uses }
    }

    /// After its publish was sent: record which definitions the uses now reflect.
    fn sent(&self, b: &Backend, snap: &Snapshot) {
        let mut seen = b.state.uses_published.lock().unwrap_or_else(|e| e.into_inner());
        if self.uses {
            seen.clear();
        }
        match &self.scope {
            Scope::Metadata { file } => {
                if let Some(defs) = &self.defs {
                    seen.insert(file.clone(), defs.clone());
                }
            }
            // Every use was computed on `snap`: what the open metadata files define holds.
            Scope::All => {
                for p in snap.vfs.open.paths() {
                    if let Some(defs) = templates::definitions_read_below(snap, p) {
                        seen.insert(p.clone(), defs);
                    }
                }
            }
            Scope::Below { .. } => {}
        }
    }

    fn wants(&self, snap: &Snapshot, p: &Path) -> bool {
        let Scope::Metadata { file } = &self.scope else { return self.scope.contains(p) };
        let Some(dir) = file.parent() else { return false };
        if !super::uri::is_within(p, dir) {
            return false;
        }
        let near = p.parent().is_some_and(|d| d == dir || d.parent() == Some(dir)) && !diagnostics::is_module(snap, p);
        near || self.before.contains(p)
            || self.structure.contains(p)
            || snap.vfs.is_open(p)
            || (self.uses && in_bundle_folder(snap, p) && snap.files.read(p).is_some_and(|t| t.contains(TEMPLATE_OPEN)))
    }
}

/// `p` lies directly in a bundle's folder (where template uses can be: its metadata, its script).
fn in_bundle_folder(snap: &Snapshot, p: &Path) -> bool {
    let Some(dir) = p.parent() else { return false };
    match snap.index.owner_of(dir) {
        Some((ext, Some(b))) => snap.index.extension(ext).bundle(b).path == dir,
        Some((ext, None)) => snap.index.extension(ext).root == dir,
        None => false,
    }
}

/// Rebuild the whole index after `delay`, unless another rebuild is requested meanwhile.
pub fn schedule_reindex(b: Backend, delay: Duration) {
    let generation = b.state.index_generation.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        if b.state.index_generation.load(Ordering::SeqCst) == generation {
            reindex(&b, generation).await;
        }
    });
}

async fn reindex(b: &Backend, generation: u64) {
    crate::base::alloc::indexing();
    let folders = b.state.folders();
    let vfs = b.state.snapshot().vfs.clone();
    let started = std::time::Instant::now();
    let walk_vfs = vfs.clone();
    let debug = b.state.debug_commands;
    let build = tokio::task::spawn_blocking(move || {
        if debug && folders.iter().any(|f| walk_vfs.is_file(&f.join(TEST_PANIC_FILE))) {
            panic!("{TEST_PANIC_FILE} asked the index build to panic");
        }
        index::build_index_with(&folders, &walk_vfs)
    });
    let progress = begin_progress(b).await;
    let built = match build.await.map_err(super::server::panic_message) {
        Ok(built) => built,
        Err(why) => {
            tracing::error!("indexing failed: {why}");
            // Requests stop waiting; what was published stays.
            b.state.indexed.send_replace(true);
            if let Some(p) = progress {
                p.finish_with_message("indexing failed (see the server log)").await;
            }
            return;
        }
    };
    if b.state.index_generation.load(Ordering::SeqCst) != generation {
        if let Some(p) = progress {
            p.finish().await; // a newer rebuild is under way
        }
        return;
    }
    let (exts, bundles) = (built.extensions.len(), built.extensions.iter().map(|e| e.bundles.len()).sum::<usize>());
    tracing::info!("indexed {exts} extensions, {bundles} bundles in {:?}", started.elapsed());
    // Never read through a link out of the folders this index covers.
    b.state.disk.set_roots(built.roots());
    b.state.commit(|s| s.with_index(Arc::new(built)));
    b.state.indexed.send_replace(true);
    // Documents opened while the walk ran: index them as new files.
    let opened: Vec<FsChange> =
        b.state.snapshot().vfs.open.paths().filter(|p| !vfs.is_file(p)).map(|p| FsChange::Created(p.clone())).collect();
    apply_fs_changes(b, opened);
    if let Some(p) = &progress {
        p.report("publishing diagnostics").await;
    }
    publish(b, Scope::All, None).await;
    if let Some(p) = progress {
        p.finish_with_message(format!("{exts} extension(s), {bundles} bundle(s)")).await;
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

/// Apply file-system events now (synchronously: the next request sees them): the snapshot's
/// disk layer forgets the paths, only the extensions holding them are walked again, and the
/// diagnostics that depend on them are republished in the background. Files pyRevit never
/// reads (`notes.txt`, `.git/…`) change nothing.
pub fn apply_fs_changes(b: &Backend, changes: Vec<FsChange>) {
    let folders = b.state.folders();
    let changes: Vec<FsChange> = changes
        .into_iter()
        .filter(|c| {
            let p = c.path();
            index::affects_index(p, &folders)
                || (matches!(c, FsChange::Created(_))
                    && !index::is_hidden(p, &folders)
                    && crate::base::list_disk(p).is_some())
        })
        .collect();
    if changes.is_empty() {
        return;
    }
    let paths: Vec<PathBuf> = changes.iter().map(|c| c.path().to_path_buf()).collect();
    let indexed = b.state.is_indexed();
    let mut scopes = Vec::new();
    let started = std::time::Instant::now();
    let snap = b.state.commit(|s| {
        let next = s.with_vfs(Vfs { open: s.vfs.open.clone(), disk: Arc::new(s.vfs.disk.without(&paths)) });
        tracing::debug!("disk layer renewed in {:?}", started.elapsed());
        if !indexed {
            return next; // the first walk will see the change
        }
        match next.index.update(&changes, &*next.files) {
            Some(u) => {
                scopes = u.scopes;
                next.with_index(Arc::new(u.index))
            }
            None => next,
        }
    });
    tracing::debug!("{} file event(s) applied in {:?}", changes.len(), started.elapsed());
    let gone: Vec<PathBuf> =
        changes.iter().filter(|c| matches!(c, FsChange::Deleted(_))).map(|c| c.path().to_path_buf()).collect();
    snap.caches().forget(&gone);
    if !indexed {
        return;
    }
    for c in &changes {
        if let FsChange::Changed(p) = c {
            if !snap.vfs.is_open(p) {
                schedule_file(b, p.clone());
                super::handlers::text_sync::republish_dependents(b, p);
            }
        }
    }
    if !scopes.is_empty() {
        let python = changes
            .iter()
            .any(|c| !matches!(c, FsChange::Changed(_)) && (is_python(c.path()) || c.path().extension().is_none()));
        schedule_republish(b.clone(), Scope::Below { roots: scopes, python }, Duration::ZERO);
    }
}

/// Republish `scope` after `delay`, unless the same scope is asked again meanwhile (debounce).
pub fn schedule_republish(b: Backend, scope: Scope, delay: Duration) {
    let generation = {
        let mut gens = b.state.republish_generation.lock().unwrap_or_else(|e| e.into_inner());
        let g = gens.entry(scope.clone()).or_default();
        *g += 1;
        *g
    };
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        if !overtaken(&b, &scope, generation) {
            publish(&b, scope, Some(generation)).await;
        }
    });
}

/// A newer republish of `scope` than `generation` was asked for: it will run after its own
/// debounce, on a newer snapshot, so this one is not worth finishing.
fn overtaken(b: &Backend, scope: &Scope, generation: u64) -> bool {
    b.state.republish_generation.lock().unwrap_or_else(|e| e.into_inner()).get(scope).copied() != Some(generation)
}

/// Recompute the diagnostics of the files in `scope` from the newest snapshot and send what
/// changed; files outside it keep what was published. A computation overtaken by a change is
/// dropped and retried on the newer snapshot, unless a newer republish of the same scope was
/// asked for meanwhile (`generation`, see [`schedule_republish`]: that one will do it).
async fn publish(b: &Backend, scope: Scope, generation: Option<u64>) {
    loop {
        let snap = b.state.snapshot();
        let (s, bj, sc) = (snap.clone(), b.clone(), scope.clone());
        let work = move || {
            let wanted = Wanted::new(&bj, &s, sc);
            if s.is_cancelled() {
                return (wanted, BTreeMap::new());
            }
            let mut all = diagnostics::diagnostics_where(&s, &|p| wanted.wants(&s, p));
            // Open documents are published with their version (once, even when clean).
            for path in s.vfs.open.paths().filter(|p| wanted.wants(&s, p)) {
                if s.is_cancelled() {
                    break;
                }
                all.entry(path.clone()).or_insert_with(|| diagnostics::file_diagnostics(&s, path));
            }
            (wanted, all)
        };
        let Some((wanted, all)) = job("diagnostics", work).await else { return };
        if snap.is_cancelled() {
            if generation.is_some_and(|g| overtaken(b, &scope, g)) {
                return;
            }
            tokio::time::sleep(RETRY_DELAY).await;
            continue;
        }
        send_changes(b, &snap, &wanted, all).await;
        wanted.sent(b, &snap);
        return;
    }
}

/// Send what differs from what was published (an open document's clean state is recorded too,
/// so an unchanged one is not sent again).
async fn send_changes(b: &Backend, snap: &Snapshot, wanted: &Wanted, all: BTreeMap<PathBuf, Vec<Diagnostic>>) {
    let mut sends: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    {
        let mut published = b.state.published.lock().unwrap_or_else(|e| e.into_inner());
        let previous: HashMap<PathBuf, Vec<Diagnostic>> = published.extract_if(|p, _| wanted.wants(snap, p)).collect();
        for (path, diags) in &all {
            if previous.get(path) != Some(diags) {
                sends.insert(path.clone(), diags.clone());
            }
        }
        for path in previous.keys() {
            if !all.contains_key(path) {
                sends.insert(path.clone(), Vec::new());
            }
        }
        published.extend(all.into_iter().filter(|(p, d)| !d.is_empty() || snap.vfs.is_open(p)));
    }
    for (path, diags) in sends {
        send(b, snap, &path, &diags).await;
    }
}

/// Publish one file's diagnostics now, or, when a job for it is running, once more after it
/// (for the newest version): at most one job per file at a time, so a burst of keystrokes costs
/// the first computation and one for the last version, and the first keystroke is answered
/// without waiting.
pub fn schedule_file(b: &Backend, path: PathBuf) {
    {
        let mut running = b.state.file_jobs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(again) = running.get_mut(&path) {
            *again = true;
            return;
        }
        running.insert(path.clone(), false);
    }
    let (b, rt) = (b.clone(), tokio::runtime::Handle::current());
    let urgent = super::priority::Urgent::begin();
    // The whole job (compute, then hand the notification to the writer) runs on one blocking
    // thread: no hop through a runtime worker before and after it.
    let task = move || {
        // Frees the slot even when the job fails, so later edits are published again.
        let mut slot = FileJob { b: &b, path: &path, done: false };
        let _urgent = urgent;
        loop {
            publish_file(&b, &path, &rt);
            let mut running = b.state.file_jobs.lock().unwrap_or_else(|e| e.into_inner());
            match running.get_mut(&path) {
                Some(again) if *again => *again = false,
                _ => {
                    running.remove(&path);
                    slot.done = true;
                    break;
                }
            }
        }
    };
    drop(tokio::task::spawn_blocking(task));
}

/// The running per-file job of `path` (see [`schedule_file`]); frees the slot if it ends early.
struct FileJob<'a> {
    b: &'a Backend,
    path: &'a Path,
    done: bool,
}

impl Drop for FileJob<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.b.state.file_jobs.lock().unwrap_or_else(|e| e.into_inner()).remove(self.path);
        }
    }
}

/// Recompute and publish one file's diagnostics (on a blocking thread; `rt` runs the send).
fn publish_file(b: &Backend, path: &Path, rt: &tokio::runtime::Handle) {
    if !b.state.is_indexed() {
        return; // the first index build publishes every open document
    }
    let snap = b.state.snapshot();
    let computed =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| diagnostics::file_diagnostics(&snap, path)));
    let diags = match computed {
        Ok(diags) => diags,
        Err(payload) => {
            let why = super::server::payload_message(payload);
            tracing::error!("diagnostics of {} failed: {why}; keeping what was published", path.display());
            return;
        }
    };
    if snap.vfs.version(path) != b.state.snapshot().vfs.version(path) {
        return; // the document moved on; its newer job publishes
    }
    {
        let mut published = b.state.published.lock().unwrap_or_else(|e| e.into_inner());
        let is_open = snap.vfs.is_open(path);
        if !is_open && published.get(path).map_or(diags.is_empty(), |p| *p == diags) {
            return;
        }
        if !is_open {
            // A file changed on disk: a template use may now reflect other definitions.
            b.state.uses_published.lock().unwrap_or_else(|e| e.into_inner()).clear();
        }
        if diags.is_empty() && !is_open {
            published.remove(path);
        } else {
            published.insert(path.to_path_buf(), diags.clone());
        }
    }
    rt.block_on(send(b, &snap, path, &diags));
}

async fn send(b: &Backend, snap: &Snapshot, path: &Path, diags: &[Diagnostic]) {
    let Some(uri) = convert::uri(path) else { return };
    let enc = b.state.encoding();
    // (No line index of a big file for an empty set.)
    let out: Vec<_> = if diags.is_empty() {
        Vec::new()
    } else {
        let text = snap.files.read(path).unwrap_or_default();
        let lines = Lines::new(&text, enc);
        diags
            .iter()
            .map(|d| convert::diagnostic(&lines, d, snap.files.as_ref(), enc, b.state.caps().related_information))
            .collect()
    };
    // Drop a result computed for a version the editor has already moved past.
    let version = snap.vfs.version(path);
    if version.is_some() && b.state.snapshot().vfs.version(path) != version {
        return;
    }
    b.client.publish_diagnostics(uri, out, version).await;
}
