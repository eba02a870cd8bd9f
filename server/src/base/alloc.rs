//! The server's allocator: mimalloc ([`ServerAlloc`]), with its purge delay set by phase and big
//! freed blocks kept for the next keystroke. `main.rs` sets mimalloc's options before the first
//! allocation; tests and fuzz targets keep the system allocator, where the phase calls only set
//! values nothing reads.
//!
//! Memory freed is given back to the system at once: the server's peak after indexing 10,000
//! bundles stays at 50 MB (61 MB with a one-second delay), and 52 MB after a session of requests
//! (63 MB with any delay). While the user types into a big document (1 MB or more), freed memory
//! is kept for [`TYPING_PURGE_DELAY_MS`]: a keystroke in a 10 MB file frees and then allocates
//! again buffers of its size (the text, the line tables, a 185,000-item list), and giving those
//! pages back each time made the kernel's page handling a quarter of the keystroke (unmapping on
//! free, faulting in and zeroing on the next use).
//!
//! That delay alone did not keep the pages of the biggest buffers: a 10 MB text is allocated on
//! whichever thread applies the change and freed on another, and mimalloc gives a block back to
//! the heap of the thread that allocated it, so each thread that took its turn warmed up its own
//! (`perf`: seven tenths of the page faults of the first 25 keystrokes after opening a 10 MB file
//! were the new text's, 2,450 on many of them). So while the user types into a big document, the
//! last big blocks freed ([`KEPT_BLOCKS`] of at least [`BIG_BLOCK`], [`KEPT_BYTES`] in all, each
//! for [`KEEP_FOR`]) are kept here, whatever thread frees them, and the next allocation of about
//! their size takes one, whatever thread asks. A pause in typing shorter than that finds them too:
//! the first keystroke after a two-second pause in a 10 MB list took 7.7–14.9 ms with a second's
//! delay and no kept blocks, 6.4–9.2 ms now. Kept blocks older than that go back at the next big
//! allocation or free (like mimalloc's own purge, at its next call after the delay), and all of
//! them as soon as a small document is typed into or the index is built again.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `mi_option_purge_delay` in mimalloc 2.x's `mimalloc.h` (libmimalloc-sys does not name it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's purge delay while the user types into a big document: a pause in typing shorter
/// than this finds the previous keystroke's memory still mapped.
const TYPING_PURGE_DELAY_MS: std::ffi::c_long = 10_000;

/// A document of at least this many bytes is big: typing into it keeps freed memory a while.
const BIG_DOCUMENT: usize = 1 << 20;

/// A block of at least this many bytes is kept when freed while the user types into a big
/// document.
const BIG_BLOCK: usize = 1 << 20;
/// How many big freed blocks are kept at most: a keystroke's text and model lists, while the
/// previous version's are still alive.
const KEPT_BLOCKS: usize = 6;
/// How many bytes the kept blocks may take together (a 10 MB document's keystroke needs 23 MB:
/// its text, its list of items and its line tables).
const KEPT_BYTES: usize = 96 << 20;
/// A kept block older than this goes back to mimalloc at the next big allocation or free: a
/// pause in typing shorter than this finds the blocks of the keystroke before it.
const KEEP_FOR: Duration = Duration::from_secs(30);
/// A kept block serves a request only if at most this fraction of it would go unused (half: the
/// list a fresh parse grew by doubling serves the first keystroke's list of the exact size).
const UNUSED_SHIFT: u32 = 1;

/// Freed memory back to the system at once (building the index); kept blocks too.
pub fn indexing() {
    set_purge_delay(0);
    KEPT.set_keeping(false);
}

/// The user typed into a document of `len` bytes: freed memory is kept a while (and big blocks
/// for reuse) while the document is big, given back at once otherwise.
pub fn typing(len: usize) {
    let big = len >= BIG_DOCUMENT;
    set_purge_delay(if big { TYPING_PURGE_DELAY_MS } else { 0 });
    KEPT.set_keeping(big);
}

fn set_purge_delay(ms: std::ffi::c_long) {
    // SAFETY: sets one allocator option. mimalloc reads it again at each purge decision, as a
    // plain `long` (`options.c`): a store of an aligned word, which the targets we build for
    // (x86-64, aarch64) write in one piece, so a reader sees the old or the new delay.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) }
}

/// mimalloc, keeping big freed blocks while the user types into a big document (module docs).
pub struct ServerAlloc;

static KEPT: BlockCache = BlockCache::new(KEEP_FOR);

/// Big freed blocks kept for reuse, while [`BlockCache::set_keeping`] says so.
struct BlockCache {
    keeping: AtomicBool,
    slots: Mutex<[Kept; KEPT_BLOCKS]>,
    keep_for: Duration,
}

/// A freed block kept for reuse: its address, usable size and when it was freed.
#[derive(Clone, Copy)]
struct Kept {
    addr: usize,
    size: usize,
    at: Option<Instant>,
}

impl Kept {
    const EMPTY: Kept = Kept { addr: 0, size: 0, at: None };
}

impl BlockCache {
    const fn new(keep_for: Duration) -> Self {
        BlockCache { keeping: AtomicBool::new(false), slots: Mutex::new([Kept::EMPTY; KEPT_BLOCKS]), keep_for }
    }

    /// Keep big freed blocks from now on, or give back those kept and keep none.
    fn set_keeping(&self, on: bool) {
        self.keeping.store(on, Ordering::Relaxed);
        if !on {
            self.release(|_| true);
        }
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, [Kept; KEPT_BLOCKS]> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A kept block for a big `layout`, if one fits: the smallest that holds it, is aligned for
    /// it and would not be mostly unused. Blocks kept too long (or while no longer keeping) are
    /// given back first.
    fn take(&self, layout: Layout) -> Option<*mut u8> {
        if layout.size() < BIG_BLOCK {
            return None;
        }
        let keeping = self.keeping.load(Ordering::Relaxed);
        self.release(|k| !keeping || k.at.is_some_and(|at| at.elapsed() >= self.keep_for));
        if !keeping {
            return None;
        }
        let mut slots = self.slots();
        let fits = |k: &Kept| {
            k.at.is_some()
                && k.size >= layout.size()
                && k.size - layout.size() <= k.size >> UNUSED_SHIFT
                && k.addr.is_multiple_of(layout.align())
        };
        let i = (0..KEPT_BLOCKS).filter(|&i| fits(&slots[i])).min_by_key(|&i| slots[i].size)?;
        let addr = slots[i].addr;
        slots[i] = Kept::EMPTY;
        Some(addr as *mut u8)
    }

    /// Keeps the freed block at `ptr` of `layout` if it is big and blocks are kept now (the oldest
    /// kept ones given back when all slots are taken or the bytes would pass [`KEPT_BYTES`]).
    /// False: not kept.
    ///
    /// # Safety
    /// `ptr` is a live mimalloc block that its owner gives up.
    unsafe fn keep(&self, ptr: *mut u8, layout: Layout) -> bool {
        if layout.size() < BIG_BLOCK || !self.keeping.load(Ordering::Relaxed) {
            return false;
        }
        // SAFETY: `ptr` is a live mimalloc block (the caller's contract).
        let size = unsafe { libmimalloc_sys::mi_usable_size(ptr as *const c_void) };
        if size > KEPT_BYTES {
            return false;
        }
        let mut out = [0usize; KEPT_BLOCKS];
        let kept = {
            let mut slots = self.slots();
            // The oldest make room, for a slot and for the bytes.
            let mut held: usize = slots.iter().filter(|k| k.at.is_some()).map(|k| k.size).sum();
            for o in &mut out {
                let full = slots.iter().all(|k| k.at.is_some());
                if !full && held + size <= KEPT_BYTES {
                    break;
                }
                let Some(i) = (0..KEPT_BLOCKS).filter(|&i| slots[i].at.is_some()).min_by_key(|&i| slots[i].at) else {
                    break;
                };
                (*o, held) = (slots[i].addr, held - slots[i].size);
                slots[i] = Kept::EMPTY;
            }
            let free = slots.iter_mut().find(|k| k.at.is_none());
            free.map(|k| *k = Kept { addr: ptr as usize, size, at: Some(Instant::now()) })
        }
        .is_some();
        give_back(out);
        kept
    }

    /// Gives the kept blocks that `pick` picks back to mimalloc.
    fn release(&self, pick: impl Fn(&Kept) -> bool) {
        let mut out = [0usize; KEPT_BLOCKS];
        {
            let mut slots = self.slots();
            for (k, o) in slots.iter_mut().zip(&mut out) {
                if k.at.is_some() && pick(k) {
                    *o = k.addr;
                    *k = Kept::EMPTY;
                }
            }
        }
        give_back(out);
    }
}

/// Gives the blocks at `out` (0: none) back to mimalloc, after they left their slots (under the
/// lock, which is not held here: freeing may take a while).
fn give_back(out: [usize; KEPT_BLOCKS]) {
    for addr in out.into_iter().filter(|&a| a != 0) {
        // SAFETY: a block out of the cache is a live mimalloc block nothing else refers to: its
        // owner gave it up, and its slot was emptied under the lock.
        unsafe { libmimalloc_sys::mi_free(addr as *mut c_void) };
    }
}

// SAFETY: every block handed out is mimalloc's and fits its layout (a kept block is checked for
// size and alignment); every block given up goes to mimalloc, now or when it leaves the cache; no
// block is both kept and handed out (slots change under one lock).
unsafe impl GlobalAlloc for ServerAlloc {
    // Out of line: fat LTO inlines the allocator at every allocation, and the size test copied
    // there made the binary 216 KB bigger (its resident pages 0.1–0.3 MB more at the peak after
    // indexing). A call more per allocation instead.
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= BIG_BLOCK {
            if let Some(ptr) = KEPT.take(layout) {
                return ptr;
            }
        }
        // SAFETY: forwarded as is.
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is (a kept block would need zeroing: no gain).
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller gives up `ptr`, a live block of ours, hence mimalloc's.
        if layout.size() >= BIG_BLOCK && unsafe { KEPT.keep(ptr, layout) } {
            return;
        }
        // SAFETY: forwarded as is.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is; mimalloc reallocates any of its blocks, kept before or not.
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(size: usize) -> (*mut u8, Layout) {
        let layout = Layout::from_size_align(size, 8).unwrap();
        // SAFETY: a non-zero size.
        (unsafe { mimalloc::MiMalloc.alloc(layout) }, layout)
    }

    /// A big block given up while the user types into a big document serves the next request of
    /// about its size, whatever thread makes it; small, far smaller or stale requests are not
    /// served; no more than the slots are kept; and all goes back once typing ends.
    #[test]
    fn big_freed_blocks_serve_the_next_big_request_while_typing() {
        let cache = BlockCache::new(Duration::from_millis(200));
        let (a, la) = big(10_000_000);
        // Not typing into a big document: not kept.
        assert!(!unsafe { cache.keep(a, la) });
        cache.set_keeping(true);
        assert!(unsafe { cache.keep(a, la) });
        // Far smaller (more than half of it unused), or not big: not served from the cache.
        assert_eq!(cache.take(Layout::from_size_align(4_000_000, 8).unwrap()), None);
        assert_eq!(cache.take(Layout::from_size_align(1000, 8).unwrap()), None);
        // Smaller by less than half (a list grown by doubling, for one of the exact size).
        let exact = Layout::from_size_align(7_000_000, 8).unwrap();
        assert_eq!(cache.take(exact), Some(a));
        assert!(unsafe { cache.keep(a, exact) });
        // About its size, from another thread: the same block.
        let want = Layout::from_size_align(10_000_001, 8).unwrap();
        let got = std::thread::scope(|s| s.spawn(|| cache.take(want).map(|p| p as usize)).join().unwrap());
        assert_eq!(got, Some(a as usize));
        assert_eq!(cache.take(want), None, "a block is handed out once");
        // SAFETY: the block is ours again; written over its whole requested size.
        unsafe { std::ptr::write_bytes(a, 7, want.size()) };
        assert!(unsafe { cache.keep(a, want) });
        // Slots are bounded: the oldest is given back for each block past them.
        let blocks: Vec<_> = (0..KEPT_BLOCKS + 2).map(|i| big(2_000_000 + i * 300_000)).collect();
        for &(p, l) in &blocks {
            assert!(unsafe { cache.keep(p, l) });
        }
        let held = |c: &BlockCache| c.slots().iter().filter(|k| k.at.is_some()).map(|k| k.addr).collect::<Vec<_>>();
        assert_eq!(held(&cache).len(), KEPT_BLOCKS);
        assert!(!held(&cache).contains(&(a as usize)), "the oldest went first");
        // The smallest that fits.
        let (p, _) = blocks[KEPT_BLOCKS + 1];
        assert_eq!(cache.take(Layout::from_size_align(blocks[KEPT_BLOCKS + 1].1.size() - 10, 8).unwrap()), Some(p));
        // SAFETY: handed out above, ours.
        unsafe { libmimalloc_sys::mi_free(p.cast()) };
        // Stale blocks go back at the next big request.
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(cache.take(Layout::from_size_align(2_000_000, 8).unwrap()), None);
        assert!(held(&cache).is_empty());
        // The bytes are bounded too: the oldest go back to make room.
        let huge: Vec<_> = (0..3).map(|_| big(KEPT_BYTES / 5 * 2)).collect();
        for &(p, l) in &huge {
            assert!(unsafe { cache.keep(p, l) });
        }
        let held_bytes: usize = cache.slots().iter().filter(|k| k.at.is_some()).map(|k| k.size).sum();
        assert!(held_bytes <= KEPT_BYTES, "{held_bytes} bytes kept");
        let mut now = held(&cache);
        now.sort();
        let mut want = vec![huge[1].0 as usize, huge[2].0 as usize];
        want.sort();
        assert_eq!(now, want, "the oldest went first");
        let (over, lo) = big(KEPT_BYTES + 4096);
        assert!(!unsafe { cache.keep(over, lo) }, "a block over the bound alone is not kept");
        // SAFETY: not kept: still the caller's.
        unsafe { libmimalloc_sys::mi_free(over.cast()) };
        // Typing into a small document: what is kept goes back at once.
        let (b, lb) = big(3_000_000);
        assert!(unsafe { cache.keep(b, lb) });
        cache.set_keeping(false);
        assert!(held(&cache).is_empty());
    }
}
