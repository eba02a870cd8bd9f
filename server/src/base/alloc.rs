//! The allocator's purge delay by phase. The binary's allocator is mimalloc (`main.rs` sets its
//! options before the first allocation); tests and fuzz targets keep the system allocator, where
//! these calls only set a value nothing reads.
//!
//! Memory freed is given back to the system at once: the server's peak after indexing 10,000
//! bundles stays at 50 MB (61 MB with a one-second delay), and 52 MB after a session of requests
//! (63 MB with any delay). While the user types into a big document, freed memory is kept for a
//! second: a keystroke in a 10 MB file frees and then allocates again buffers of its size (the
//! text, the line tables, a 185,000-item list), and giving those pages back each time made the
//! kernel's page handling a quarter of the keystroke (unmapping on free, faulting in and zeroing
//! on the next use). Memory kept this way goes back at the next allocator call after the second.

/// `mi_option_purge_delay` in mimalloc 2.x's `mimalloc.h` (libmimalloc-sys does not name it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A document of at least this many bytes is big: typing into it keeps freed memory a while.
const BIG_DOCUMENT: usize = 1 << 20;

/// Freed memory back to the system at once (building the index).
pub fn indexing() {
    set_purge_delay(0);
}

/// The user typed into a document of `len` bytes: freed memory is kept for a second while the
/// document is big, given back at once otherwise.
pub fn typing(len: usize) {
    set_purge_delay(if len >= BIG_DOCUMENT { 1000 } else { 0 });
}

fn set_purge_delay(ms: std::ffi::c_long) {
    // SAFETY: sets one allocator option. mimalloc reads it again at each purge decision, as a
    // plain `long` (`options.c`): a store of an aligned word, which the targets we build for
    // (x86-64, aarch64) write in one piece, so a reader sees the old or the new delay.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) }
}
