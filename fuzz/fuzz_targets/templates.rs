//! Template scanning: `{{name}}` uses in a YAML model and in a script's text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pyrevit_ls::analysis::templates::{script_uses, yaml_uses};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = pyrevit_ls::syntax::parse_yaml(&text);
    let _ = yaml_uses(&doc, &text, true);
    let _ = yaml_uses(&doc, &text, false);
    let keys = vec!["title".to_string(), "name".to_string()];
    let _ = script_uses(&text, Some(&keys));
    let _ = script_uses(&text, None);
});
