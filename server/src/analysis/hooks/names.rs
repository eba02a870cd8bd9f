//! Diagnostics on hook file names (spec §6). A file name is not inside the document, so every
//! finding sits on line 0 of the hook file; the quick fixes rename the file.

use crate::knowledge::{CSHARP_LOADER as CS, PYTHON_LOADER as PY};
use std::path::Path;

use super::{file_name, first_line, nearest_event, sibling_free};
use crate::analysis::{codes, Diagnostic, FileOp, Fix, LoaderMode, Severity, Snapshot};
use crate::index::ExtensionId;
use crate::knowledge::hooks::{
    parse_hook_file_name, HookFileName, HOOK_LANGUAGES, TARGET_REQUIRED_HOOKS, UNSUPPORTED_HOOK_NAMES,
};

/// Findings for a file at the top level of an extension's `hooks/` folder.
pub fn file_diagnostics(snap: &Snapshot, ext: ExtensionId, path: &Path) -> Vec<Diagnostic> {
    let Some(name) = file_name(path) else { return Vec::new() };
    let text = snap.files.read(path).unwrap_or_default();
    let at = first_line(&text);
    let hook_files = &snap.index.extension(ext).hook_files;
    let rename = |title: String, new_name: &str| -> Option<Fix> {
        let to = sibling_free(&*snap.files, hook_files, path, new_name)?;
        Some(Fix { title, edits: Vec::new(), file_ops: vec![FileOp::Rename { from: path.to_path_buf(), to }] })
    };
    let fix = |d: Diagnostic, new_name: &str| match rename(format!("Rename to `{new_name}`"), new_name) {
        Some(f) => d.with_fix(f),
        None => d,
    };
    let p = parse_hook_file_name(name);
    let mode = snap.settings.loader;
    let mut out = Vec::new();

    if !p.language_supported_csharp {
        out.push(Diagnostic::new(
            codes::IGNORED_HOOK_FILE,
            Severity::Information,
            at,
            format!(
                "pyRevit ignores this file: hook scripts must end in {}",
                HOOK_LANGUAGES.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
            ),
        ));
        return out;
    }
    let lower_ext = p.extension.to_ascii_lowercase();
    if !p.language_supported && mode != LoaderMode::Csharp {
        let new_name = format!("{}{}", &name[..name.len() - p.extension.len()], lower_ext);
        out.push(fix(
            Diagnostic::new(
                codes::HOOK_EXTENSION_CASE,
                Severity::Warning,
                at,
                format!("{PY} only runs hooks ending in lowercase `{lower_ext}` and skips this file; {CS} runs it"),
            ),
            &new_name,
        ));
    }

    let Some(event_name) = p.python_event else {
        out.push(invalid_name(&p, name, at, &rename));
        return out;
    };
    let target_part = target_part(&p);
    if UNSUPPORTED_HOOK_NAMES.contains(&event_name) {
        out.push(Diagnostic::new(
            codes::UNSUPPORTED_HOOK_EVENT,
            Severity::Warning,
            at,
            format!("`{event_name}` is not an event of current pyRevit runtimes (it was added and then removed, so it depends on the pyRevit version): registering it fails with \"Invalid hook type\""),
        ));
        return out;
    }
    let Some(event) = p.event() else {
        let stem = stem_without_target(name, &p);
        let mut d = Diagnostic::new(
            codes::UNKNOWN_HOOK_EVENT,
            Severity::Error,
            at,
            format!(
                "`{event_name}` is not a hook event: pyRevit fails to register this file (\"Invalid hook type\"){}",
                if p.prefix.is_empty() && p.csharp_matches {
                    String::new()
                } else {
                    format!(" — {PY} reads the event name `{event_name}` from `{name}`, {CS} skips the file")
                }
            ),
        );
        if let Some(e) = nearest_event([stem, event_name]) {
            let target = if e.takes_target { target_part.as_str() } else { "" };
            d = suggest(d, e.name, &format!("{}{target}{lower_ext}", e.name), &rename);
        }
        out.push(d);
        return out;
    };

    if !p.prefix.is_empty() && mode != LoaderMode::Python {
        let portable = format!("{}{target_part}{lower_ext}", event.name);
        out.push(fix(
            Diagnostic::new(
                codes::HOOK_NAME_PREFIX,
                Severity::Warning,
                at,
                format!(
                    "the prefix `{}` works in {PY} only: {CS} skips hook files whose name does not start with the event (\"does not match naming convention\")",
                    p.prefix
                ),
            ),
            &portable,
        ));
    }
    match p.target {
        Some(t) if !event.takes_target => out.push(fix(
            Diagnostic::new(
                codes::HOOK_TARGET_IGNORED,
                Severity::Warning,
                at,
                format!("`{}` does not take a target: pyRevit ignores `[{t}]` and runs the hook for every `{}` event", event.name, event.name),
            ),
            &format!("{}{lower_ext}", event.name),
        )),
        None if TARGET_REQUIRED_HOOKS.contains(&event.name) => out.push(Diagnostic::new(
            codes::HOOK_TARGET_MISSING,
            Severity::Warning,
            at,
            format!(
                "`{}` needs a command id, as in `{}[ID_INPLACE_COMPONENT]{lower_ext}`: without a target pyRevit registers nothing",
                event.name, event.name
            ),
        )),
        _ => {}
    }
    out
}

/// No event can be read from the name at all (a target with digits, a name without lowercase
/// letters before the dot…): the Python loader registers the event `""` and fails, C# skips it.
fn invalid_name(
    p: &HookFileName,
    name: &str,
    at: crate::base::TextRange,
    rename: &dyn Fn(String, &str) -> Option<Fix>,
) -> Diagnostic {
    let has_digit_target = name.find('[').is_some_and(|i| name[i..].bytes().any(|b| b.is_ascii_digit()));
    let why = if has_digit_target {
        "a `[TARGET]` may hold only uppercase letters, `_` and spaces, so neither loader can read this name"
    } else {
        "the name must be `<event-name>[<TARGET>].<ext>` with a lowercase event name, so neither loader can read it"
    };
    let d = Diagnostic::new(
        codes::INVALID_HOOK_NAME,
        Severity::Error,
        at,
        format!("not a hook file name: {why}; {PY} logs \"Failed registering hook script\" and {CS} skips the file"),
    );
    let stem = stem_without_target(name, p);
    match nearest_event([stem]) {
        Some(e) if !has_digit_target => {
            suggest(d, e.name, &format!("{}{}", e.name, p.extension.to_ascii_lowercase()), rename)
        }
        _ => d,
    }
}

/// "did you mean `event`?" with a rename fix, or a note when the new name is taken.
fn suggest(mut d: Diagnostic, event: &str, new_name: &str, rename: &dyn Fn(String, &str) -> Option<Fix>) -> Diagnostic {
    match rename(format!("Rename to `{new_name}`"), new_name) {
        Some(f) => {
            d.message.push_str(&format!("; did you mean `{event}`?"));
            d.with_fix(f)
        }
        None => {
            d.message.push_str(&format!("; did you mean `{event}`? (`{new_name}` already exists)"));
            d
        }
    }
}

/// `[TARGET]` as written in the name (with brackets), or empty.
fn target_part(p: &HookFileName) -> String {
    p.target.map(|t| format!("[{t}]")).unwrap_or_default()
}

/// The base name before any `[` (the event part as the user wrote it).
fn stem_without_target<'a>(name: &'a str, p: &HookFileName) -> &'a str {
    let base = &name[..name.len() - p.extension.len()];
    base.split('[').next().unwrap_or(base)
}

/// Files below a sub-folder of `hooks/`: neither loader scans them (only open files reach here).
pub fn nested_file_diagnostics(snap: &Snapshot, path: &Path) -> Vec<Diagnostic> {
    let Some(dir) = path.parent() else { return Vec::new() };
    let Some((ext, _)) = snap.index.owner_of(dir) else { return Vec::new() };
    let Some(hooks) = snap.index.extension(ext).hooks_dir.as_deref() else { return Vec::new() };
    if dir == hooks || !dir.starts_with(hooks) {
        return Vec::new();
    }
    let text = snap.files.read(path).unwrap_or_default();
    vec![Diagnostic::new(
        codes::IGNORED_HOOK_FILE,
        Severity::Information,
        first_line(&text),
        "pyRevit scans only the top level of `hooks/`: files in sub-folders are never run as hooks (they are not on the import path either)",
    )]
}
