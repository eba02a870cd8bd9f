//! Extension hook scripts in `<extension>/hooks/` (spec §6): file-name diagnostics, hover on the
//! hook's event, the "Name this hook…" assist and the `pyrevit.newHook` command.
//! Every fact about events and file names comes from [`crate::knowledge::hooks`].

mod assists;
mod events;
mod hover;
mod names;
mod new_hook;
mod template;

use std::path::{Path, PathBuf};

use crate::base::{FileSource, TextRange};
use crate::knowledge::hooks::{hook_event, HookEvent, HOOK_EVENTS};

pub use assists::assists;
pub use events::hook_events;
pub use hover::hover;
pub use names::{file_diagnostics, nested_file_diagnostics};
pub use new_hook::new_hook;
pub use template::{hook_body, HookLanguage};

/// The file name of a path, when it is valid UTF-8.
fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

/// Line 0 of `text` without its line break: where findings about a file name are shown.
fn first_line(text: &str) -> TextRange {
    let end = text.find('\n').unwrap_or(text.len());
    let end = if text[..end].ends_with('\r') { end - 1 } else { end };
    TextRange::new(0, end)
}

/// The known event closest to what a misnamed file meant, from several readings of its name
/// (the whole base name, the event the Python loader read…). Exact matches first, then the
/// longest event contained in a reading (`my-doc-opened` → `doc-opened`), then the smallest edit
/// distance when it is small for the event's length.
pub(crate) fn nearest_event<'a>(readings: impl IntoIterator<Item = &'a str>) -> Option<&'static HookEvent> {
    let readings: Vec<String> = readings
        .into_iter()
        .map(|r| r.trim().to_ascii_lowercase().replace(['_', ' '], "-"))
        .filter(|r| !r.is_empty())
        .collect();
    if let Some(e) = readings.iter().find_map(|r| hook_event(r)) {
        return Some(e);
    }
    let contained =
        HOOK_EVENTS.iter().filter(|e| readings.iter().any(|r| r.contains(e.name))).max_by_key(|e| e.name.len());
    if contained.is_some() {
        return contained;
    }
    HOOK_EVENTS
        .iter()
        .filter_map(|e| {
            let d = readings.iter().map(|r| strsim::levenshtein(r, e.name)).min()?;
            (d <= (e.name.len() / 3).max(2)).then_some((d, e))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e)
}

/// `hooks/<new_name>` beside `path`, unless that file already exists (a rename onto it would fail).
/// A change of case only is always free: on Windows and macOS the "other" file is the file itself.
fn sibling_free(fs: &dyn FileSource, hook_files: &[PathBuf], path: &Path, new_name: &str) -> Option<PathBuf> {
    let to = path.with_file_name(new_name);
    if to == path {
        return None;
    }
    let case_only = file_name(path).is_some_and(|n| n.eq_ignore_ascii_case(new_name));
    let taken = hook_files.iter().any(|f| f == &to) || (!case_only && (fs.is_file(&to) || fs.is_dir(&to)));
    (!taken).then_some(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(r: &[&str]) -> Option<&'static str> {
        nearest_event(r.iter().copied()).map(|e| e.name)
    }

    #[test]
    fn nearest() {
        assert_eq!(near(&["my-doc-opened"]), Some("doc-opened"));
        assert_eq!(near(&["Doc-Opened", "pened"]), Some("doc-opened"));
        assert_eq!(near(&["doc-open"]), Some("doc-opened"));
        assert_eq!(near(&["DocSavedAs"]), Some("doc-saved-as"));
        assert_eq!(near(&["doc_saved_as"]), Some("doc-saved-as"));
        assert_eq!(near(&["x-doc-saving-as-y"]), Some("doc-saving-as"));
        assert_eq!(near(&["viewactivated"]), Some("view-activated"));
        assert_eq!(near(&["readme"]), None);
        assert_eq!(near(&["", "  "]), None);
    }

    #[test]
    fn case_only_renames_are_free() {
        let dir = std::env::temp_dir().join(format!("pyrevit-ls-hooks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let from = dir.join("Doc-Saved.py");
        std::fs::write(&from, "").unwrap();
        std::fs::write(dir.join("other.py"), "").unwrap();
        assert_eq!(
            sibling_free(&crate::base::DiskSource::default(), &[], &from, "doc-saved.py"),
            Some(dir.join("doc-saved.py"))
        );
        assert_eq!(sibling_free(&crate::base::DiskSource::default(), &[], &from, "other.py"), None);
        assert_eq!(sibling_free(&crate::base::DiskSource::default(), &[dir.join("x.py")], &from, "x.py"), None);
        assert_eq!(sibling_free(&crate::base::DiskSource::default(), &[], &from, "Doc-Saved.py"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn first_line_range() {
        assert_eq!(first_line(""), TextRange::new(0, 0));
        assert_eq!(first_line("abc\r\ndef"), TextRange::new(0, 3));
        assert_eq!(first_line("é\n"), TextRange::new(0, 2));
    }
}
