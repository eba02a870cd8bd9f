//! The YAML model: parse (with error recovery) never panics, ranges stay inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = pyrevit_ls::syntax::parse_yaml(&text);
    for e in &doc.errors {
        assert!(e.range.end as usize <= text.len() && e.range.start <= e.range.end);
    }
});
