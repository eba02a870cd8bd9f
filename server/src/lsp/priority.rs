//! Keeping the editor's own answers ahead of cleanup. A keystroke's own diagnostics and the
//! requests are *urgent*; freeing a replaced snapshot is not: it is handed to a reaper thread
//! that frees it once no urgent work has run for a moment. Freeing the memo of a whole round
//! (import resolution of every script) takes 5–10 ms of `free` and unmapping, and done at once it
//! stalled the first keystroke after the first round by as much (the notification's own thread
//! waited on the allocator).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::analysis::Snapshot;

/// How often the reaper looks whether urgent work runs.
const REAP_POLL: Duration = Duration::from_millis(5);
/// The reaper frees what it holds once no urgent work ran for this long (a burst of keystrokes
/// is over, or pauses)...
const REAP_QUIET: Duration = Duration::from_millis(30);
/// ...or after this long in any case.
const REAP_MAX_WAIT: Duration = Duration::from_secs(1);

/// Urgent work in flight (see [`Urgent`]), and how much ever began (a short piece between two
/// looks of the reaper still counts).
static URGENT: AtomicUsize = AtomicUsize::new(0);
static BEGUN: AtomicU64 = AtomicU64::new(0);

/// Marks urgent work (a notification being applied, a file's own diagnostics, a request) while
/// alive. Taken before the snapshot is replaced, so the reaper never starts freeing the old one
/// between the commit and the job that follows it.
pub struct Urgent(());

impl Urgent {
    pub fn begin() -> Self {
        URGENT.fetch_add(1, Ordering::SeqCst);
        BEGUN.fetch_add(1, Ordering::SeqCst);
        Urgent(())
    }
}

impl Drop for Urgent {
    fn drop(&mut self) {
        URGENT.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Free `old` later, on the reaper thread, once no urgent work ran for [`REAP_QUIET`] (or after
/// [`REAP_MAX_WAIT`]). Without a reaper thread (it could not be started) it is freed here.
pub fn retire(old: Snapshot) {
    static REAPER: OnceLock<Option<Mutex<mpsc::Sender<Snapshot>>>> = OnceLock::new();
    let reaper = REAPER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Snapshot>();
        std::thread::Builder::new()
            .name("pyrevit-ls-reaper".into())
            .spawn(move || reap(rx))
            .ok()
            .map(|_| Mutex::new(tx))
    });
    let Some(tx) = reaper else { return drop(old) };
    if let Err(mpsc::SendError(old)) = tx.lock().unwrap_or_else(|e| e.into_inner()).send(old) {
        drop(old);
    }
}

fn reap(rx: mpsc::Receiver<Snapshot>) {
    while let Ok(first) = rx.recv() {
        // Each snapshot's files are let go of as it comes ([`Snapshot::into_retired`]): the
        // reaper wakes for it, not at its next look.
        let mut held = vec![first.into_retired()];
        let (started, mut quiet) = (Instant::now(), Duration::ZERO);
        while quiet < REAP_QUIET && started.elapsed() < REAP_MAX_WAIT {
            let begun = BEGUN.load(Ordering::SeqCst);
            match rx.recv_timeout(REAP_POLL) {
                Ok(old) => {
                    // A snapshot replaced: work goes on.
                    held.push(old.into_retired());
                    quiet = Duration::ZERO;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let idle = URGENT.load(Ordering::SeqCst) == 0 && BEGUN.load(Ordering::SeqCst) == begun;
                    quiet = if idle { quiet + REAP_POLL } else { Duration::ZERO };
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        drop(held);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analysis::Settings;
    use crate::base::{DiskSource, OpenFile, OpenFiles, Vfs};
    use crate::index::WorkspaceIndex;

    #[test]
    fn a_retired_snapshot_waits_for_urgent_work_then_is_freed() {
        let index = Arc::new(WorkspaceIndex::default());
        let alive = Arc::downgrade(&index);
        let snap = Snapshot::from_vfs(index, Vfs::over(Arc::new(DiskSource::default())), Arc::new(Settings::default()));
        let urgent = Urgent::begin();
        let retired = Instant::now();
        retire(snap);
        std::thread::sleep(REAP_QUIET * 3);
        // (Past the reaper's longest wait it may go: only a shorter wait is checked.)
        if retired.elapsed() < REAP_MAX_WAIT {
            assert!(alive.upgrade().is_some(), "freed while urgent work ran");
        }
        drop(urgent);
        let deadline = Instant::now() + Duration::from_secs(30);
        while alive.upgrade().is_some() {
            assert!(Instant::now() < deadline, "never freed");
            std::thread::sleep(REAP_POLL);
        }
    }

    /// An open document's text in a retired snapshot is freed as soon as the reaper has it, while
    /// urgent work still runs (back-to-back keystrokes in a 10 MB file held a second of old texts,
    /// and every new one came from fresh pages); the rest of the snapshot still waits.
    #[test]
    fn a_retired_snapshots_files_are_freed_at_once() {
        let index = Arc::new(WorkspaceIndex::default());
        let (alive, text) = (Arc::downgrade(&index), Arc::<str>::from("title: x\n"));
        let open = OpenFiles::default().with_text(std::path::Path::new("/w/b.yaml"), OpenFile::new(text.clone(), 1));
        let vfs = Vfs { open: Arc::new(open), disk: Vfs::over(Arc::new(DiskSource::default())).disk };
        let snap = Snapshot::from_vfs(index, vfs, Arc::new(Settings::default()));
        let (urgent, weak) = (Urgent::begin(), Arc::downgrade(&text));
        drop(text);
        let retired = Instant::now();
        retire(snap);
        while weak.upgrade().is_some() {
            assert!(retired.elapsed() < REAP_MAX_WAIT / 2, "the text waited with the rest");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(alive.upgrade().is_some() || retired.elapsed() >= REAP_MAX_WAIT, "the rest did not wait");
        drop(urgent);
    }
}
