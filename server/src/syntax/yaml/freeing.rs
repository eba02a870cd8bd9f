//! What is left of a big document's previous model is freed on another thread once the next
//! model is made, and the next reparse waits for that to end before it starts.
//!
//! Freeing it on the keystroke's own thread costs 0.25 ms per keystroke in a 10 MB list. Freeing
//! it unwaited for let the next keystroke's buffers (the 9 MB list of items, the 3 MB line
//! tables) be allocated before the previous ones were given back: the allocator then handed out
//! fresh pages (700–900 page faults, 2–3 ms, on most of the first ten keystrokes after opening,
//! instead of the buffers `base::alloc` keeps for reuse).

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Models being freed now.
static PENDING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// A reparse waits at most this long: only memory reuse, not correctness, depends on the wait.
const MAX_WAIT: Duration = Duration::from_millis(20);

fn pending() -> MutexGuard<'static, usize> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Drops `left` on rayon's pool; [`wait`] waits for it.
pub(super) fn free_later<T: Send + 'static>(left: T) {
    /// Counts the drop as done even if it unwinds.
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            let mut n = pending();
            *n = n.saturating_sub(1);
            FREED.notify_all();
        }
    }
    *pending() += 1;
    rayon::spawn(move || {
        let _done = Done;
        drop(left);
    });
}

/// Waits until every model handed to [`free_later`] is freed (at most [`MAX_WAIT`]).
pub(super) fn wait() {
    let n = pending();
    if *n > 0 {
        drop(FREED.wait_timeout_while(n, MAX_WAIT, |n| *n > 0));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    /// A model handed over is freed by the time `wait` returns, though its drop is slow.
    #[test]
    fn wait_returns_once_the_previous_model_is_freed() {
        struct Slow(Arc<AtomicBool>);
        impl Drop for Slow {
            fn drop(&mut self) {
                std::thread::sleep(std::time::Duration::from_millis(5));
                self.0.store(true, Ordering::SeqCst);
            }
        }
        for _ in 0..3 {
            let freed = Arc::new(AtomicBool::new(false));
            super::free_later(Slow(freed.clone()));
            super::wait();
            assert!(freed.load(Ordering::SeqCst));
        }
    }
}
