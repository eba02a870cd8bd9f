//! "Name this hook…": for a new, empty file in `hooks/` whose name is no hook yet, one action per
//! event that renames the file to `<event>.<ext>` and fills in a minimal body.

use std::path::Path;

use super::{file_name, hook_body, sibling_free, HookLanguage};
use crate::analysis::{file_kind, FileEdit, FileKind, FileOp, Fix, Snapshot, TextEdit};
use crate::base::TextRange;
use crate::knowledge::hooks::{parse_hook_file_name, HookEvent, HOOK_EVENTS};

pub fn assists(snap: &Snapshot, path: &Path, _range: TextRange) -> Vec<Fix> {
    let FileKind::Hook { ext } = file_kind(snap, path) else { return Vec::new() };
    let Some(name) = file_name(path) else { return Vec::new() };
    let parsed = parse_hook_file_name(name);
    if parsed.event().is_some() {
        return Vec::new();
    }
    match snap.files.read(path) {
        Some(text) if text.trim().is_empty() => {}
        _ => return Vec::new(),
    }
    let lang = HookLanguage::from_extension(parsed.extension).unwrap_or(HookLanguage::Python);
    let hook_files = &snap.index.extension(ext).hook_files;
    HOOK_EVENTS
        .iter()
        .filter_map(|e| {
            let new_name = format!("{}{}", e.name, lang.extension());
            let to = sibling_free(&*snap.files, hook_files, path, &new_name)?;
            Some(Fix {
                title: format!("Name this hook: {} — {}", e.name, short_doc(e)),
                edits: vec![FileEdit {
                    path: to.clone(),
                    edits: vec![TextEdit { range: TextRange::empty(0), new_text: hook_body(e, lang, false) }],
                }],
                file_ops: vec![FileOp::Rename { from: path.to_path_buf(), to }],
            })
        })
        .collect()
}

/// The event's description up to its first sentence or parenthesis, for a one-line title.
fn short_doc(e: &HookEvent) -> &'static str {
    let doc = e.doc;
    let cut = [". ", " (", ";", ":"].iter().filter_map(|p| doc.find(p)).min().unwrap_or(doc.len());
    doc[..cut].trim_end_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::hooks::hook_event;

    #[test]
    fn short_docs() {
        assert_eq!(short_doc(hook_event("doc-opened").unwrap()), "A document was opened");
        assert_eq!(short_doc(hook_event("doc-closing").unwrap()), "A document is about to close");
        assert_eq!(short_doc(hook_event("app-idling").unwrap()), "Revit is idle");
        for e in HOOK_EVENTS {
            assert!(!short_doc(e).is_empty(), "{}", e.name);
        }
    }
}
