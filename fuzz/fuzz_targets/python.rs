//! Python: imports and definitions, dunder metadata (`__title__`…), string unescaping.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = pyrevit_ls::syntax::python::parse_python(&text);
    let _ = pyrevit_ls::syntax::module_meta(&text);
    let _ = pyrevit_ls::syntax::dunder_assignments(&text);
    let _ = pyrevit_ls::syntax::unescape_python_string(&text);
});
