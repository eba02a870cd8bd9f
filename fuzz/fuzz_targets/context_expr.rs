//! The context-directive parser (`context:` rules mini-language).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = pyrevit_ls::syntax::parse_context_expr(&text);
});
