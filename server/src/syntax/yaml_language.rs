//! tree-sitter-yaml's language with its external scanner's `serialize` guarded.
//!
//! tree-sitter-yaml 0.7 serialises its indentation stack into tree-sitter's 1024-byte buffer
//! (`TREE_SITTER_SERIALIZATION_BUFFER_SIZE`), 4 bytes an entry after a 10-byte header, and stops
//! only once past the end: with 254 entries or more it writes 1026 bytes, and tree-sitter aborts
//! the process on the assertion `length <= 1024` (active in release builds). [`super::yaml`]'s
//! nesting guard keeps valid deep documents away from it, but in error recovery the scanner can
//! stack entries without new columns (a fuzzed `bundle.yaml` of 1.8 KB aborted `check` and would
//! have aborted the server). Here `serialize` writes into a scratch buffer of its own, and a state
//! too large is cut to whole entries that fit, and noted ([`take_overflow`]): the parse that saw it
//! is discarded and its region treated as too deep, like the nesting guard's.
//!
//! The copy of the grammar's `TSLanguage` mirrors `src/tree_sitter/parser.h` of tree-sitter-yaml
//! 0.7 (the ABI 15 layout; the grammar reports ABI 14 and leaves the newer fields zero). It is
//! used only when the copied struct's `serialize` is the grammar's own function (checked at
//! first use); otherwise the grammar is used as it comes, with the nesting guard alone.

use std::cell::Cell;
use std::ffi::{c_char, c_uint, c_void};
use std::sync::LazyLock;

use tree_sitter::Language;

/// tree-sitter's buffer for a scanner state.
const BUFFER: usize = 1024;
/// The scanner's state layout: a header, then entries.
const HEADER: usize = 10;
const ENTRY: usize = 4;
/// Room for anything the scanner writes (at most `BUFFER + ENTRY - 2` bytes).
const SCRATCH: usize = 2 * BUFFER;

type Serialize = unsafe extern "C" fn(*mut c_void, *mut c_char) -> c_uint;

unsafe extern "C" {
    fn tree_sitter_yaml_external_scanner_serialize(payload: *mut c_void, buffer: *mut c_char) -> c_uint;
}

#[repr(C)]
#[derive(Clone, Copy)]
struct ExternalScanner {
    states: *const c_void,
    symbol_map: *const c_void,
    create: *const c_void,
    destroy: *const c_void,
    scan: *const c_void,
    serialize: Option<Serialize>,
    deserialize: *const c_void,
}

/// `struct TSLanguage` of tree-sitter-yaml's `parser.h`.
#[repr(C)]
#[derive(Clone, Copy)]
struct RawLanguage {
    abi_version: u32,
    counts: [u32; 8],
    max_alias_sequence_length: u16,
    /// `parse_table` … `lex_modes`.
    tables: [*const c_void; 13],
    lex_fn: *const c_void,
    keyword_lex_fn: *const c_void,
    keyword_capture_token: u16,
    external_scanner: ExternalScanner,
    primary_state_ids: *const c_void,
    name: *const c_char,
    reserved_words: *const c_void,
    max_reserved_word_set_size: u16,
    supertype_count: u32,
    supertypes: [*const c_void; 3],
    metadata: [u8; 3],
}

/// The guarded copy (address), made once.
static GUARDED: LazyLock<Option<usize>> = LazyLock::new(|| {
    // SAFETY: the grammar's language function returns a pointer to its static `TSLanguage`,
    // whose layout `RawLanguage` mirrors (checked below before the copy is used).
    let original = unsafe { *(tree_sitter_yaml::LANGUAGE.into_raw()() as *const RawLanguage) };
    let own: Serialize = tree_sitter_yaml_external_scanner_serialize;
    let matches = matches!(original.abi_version, 14 | 15)
        && original.external_scanner.serialize.is_some_and(|f| std::ptr::fn_addr_eq(f, own));
    if !matches {
        tracing::warn!("tree-sitter-yaml's language has an unexpected layout; its scanner state is not guarded");
        return None;
    }
    let mut copy = original;
    copy.external_scanner.serialize = Some(guarded_serialize);
    Some(Box::leak(Box::new(copy)) as *const RawLanguage as usize)
});

unsafe extern "C" fn guarded_language() -> *const () {
    // Only called through `language()`, after `GUARDED` was found to be `Some`.
    GUARDED.unwrap_or(0) as *const ()
}

thread_local! {
    static OVERFLOWED: Cell<bool> = const { Cell::new(false) };
}

unsafe extern "C" fn guarded_serialize(payload: *mut c_void, buffer: *mut c_char) -> c_uint {
    let mut scratch = [0u8; SCRATCH];
    // SAFETY: the scanner writes at most `BUFFER + ENTRY - 2` bytes, well within `scratch`.
    let written = unsafe { tree_sitter_yaml_external_scanner_serialize(payload, scratch.as_mut_ptr().cast()) } as usize;
    let length = if written > BUFFER {
        let _ = OVERFLOWED.try_with(|f| f.set(true));
        BUFFER - (BUFFER - HEADER) % ENTRY
    } else {
        written
    };
    // SAFETY: tree-sitter's buffer holds `BUFFER` bytes, and `length <= BUFFER`.
    unsafe { std::ptr::copy_nonoverlapping(scratch.as_ptr(), buffer.cast::<u8>(), length) };
    length as c_uint
}

/// The YAML language for parsers: guarded when possible.
pub(crate) fn language() -> Language {
    match *GUARDED {
        // SAFETY: `guarded_language` returns the leaked copy of the grammar's own language.
        Some(_) => Language::new(unsafe { tree_sitter_language::LanguageFn::from_raw(guarded_language) }),
        None => tree_sitter_yaml::LANGUAGE.into(),
    }
}

/// Whether a scanner state on this thread was too large since the last call (and clears it).
pub(crate) fn take_overflow() -> bool {
    OVERFLOWED.with(|f| f.replace(false))
}

/// Whether the guard is in place (tests).
#[cfg(test)]
pub(crate) fn is_guarded() -> bool {
    GUARDED.is_some()
}
