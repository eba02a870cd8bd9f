//! The next version of a YAML model made from the previous one's (runs over a small row limit,
//! patched block scalars), through a session of edits told or not (a told one sometimes wider):
//! never panics, and every version equals a fresh parse with the same limits. The session is
//! `syntax::fuzzing::reparse_session`, so that the inputs found replay as unit tests.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pyrevit_ls::syntax::fuzzing::reparse_session(data));
