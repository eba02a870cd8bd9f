//! Python: imports and definitions, dunder metadata (`__title__`…), string unescaping.
//! One tree-sitter parse serves the model and the metadata, as in the server (`module_meta` and
//! `dunder_assignments` are that same metadata pass after a parse of their own).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = pyrevit_ls::syntax::python::parse_python_with_meta(&text);
    let _ = pyrevit_ls::syntax::unescape_python_string(&text);
});
