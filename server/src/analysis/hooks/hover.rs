//! Hover in a hook script: on its first line, or in a Python hook's module docstring, show the
//! event, when it fires, the event-args type, version gates and what the script receives.

use std::path::Path;

use super::{file_name, first_line, HookLanguage};
use crate::analysis::results::HoverResult;
use crate::analysis::{file_kind, FileKind, Snapshot};
use crate::base::TextRange;
use crate::knowledge::hooks::{parse_hook_file_name, HookEvent, HOOK_EXEC_PARAMS, TARGET_REQUIRED_HOOKS};

pub fn hover(snap: &Snapshot, path: &Path, offset: usize) -> Option<HoverResult> {
    let FileKind::Hook { .. } = file_kind(snap, path) else { return None };
    let name = file_name(path)?;
    let parsed = parse_hook_file_name(name);
    let event = parsed.event()?;
    let text = snap.files.read(path)?;
    let lang = HookLanguage::from_extension(parsed.extension);
    let doc = if lang == Some(HookLanguage::Python) { module_docstring(&text) } else { None };
    let range = [doc, Some(first_line(&text))].into_iter().flatten().find(|r| r.contains_inclusive(offset))?;
    Some(HoverResult { markdown: markdown(event, parsed.target, lang), range: Some(range) })
}

/// The hover text for a hook of `event` written in `lang`.
pub(crate) fn markdown(event: &HookEvent, target: Option<&str>, lang: Option<HookLanguage>) -> String {
    let mut s = format!("**`{}`** hook — event args `{}`\n\n{}\n", event.name, event.args_type, event.doc);
    if event.min_revit > 0 {
        s.push_str(&format!(
            "\n**Revit {}+ only**: pyRevit does not register this hook in older Revit versions.\n",
            event.min_revit
        ));
    }
    match target {
        Some(t) if event.takes_target => s.push_str(&format!(
            "\nTarget: the Revit command `{t}` (looked up with `RevitCommandId.LookupCommandId`).\n"
        )),
        None if TARGET_REQUIRED_HOOKS.contains(&event.name) => {
            s.push_str("\nNo `[COMMAND_ID]` target in the file name: pyRevit registers nothing.\n")
        }
        _ => {}
    }
    match lang {
        Some(HookLanguage::CSharp) | Some(HookLanguage::VisualBasic) => s.push_str(&format!(
            "\npyRevit calls the public method whose parameters fit `(object sender, {} e)`.\n",
            event.args_type
        )),
        _ => {
            s.push_str("\n`pyrevit.EXEC_PARAMS` in this hook:\n");
            for p in HOOK_EXEC_PARAMS {
                let builtin = if p.builtin.is_empty() { String::new() } else { format!(" (builtin `{}`)", p.builtin) };
                let here =
                    if p.name == "event_args" { format!(" Here: `{}`.", event.args_type) } else { String::new() };
                s.push_str(&format!("- `{}`{builtin}: {}{here}\n", p.name, p.doc));
            }
        }
    }
    s
}

/// Byte range of a Python module docstring: the first statement, when it is a string literal
/// (after blank lines, comments, a shebang or an encoding line). Unterminated: up to the end.
pub(crate) fn module_docstring(text: &str) -> Option<TextRange> {
    let mut pos = 0;
    let bytes = text.as_bytes();
    loop {
        let rest = text.get(pos..)?;
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n', '\u{feff}']);
        let start = pos + (rest.len() - trimmed.len());
        if trimmed.starts_with('#') {
            pos = start + trimmed.find('\n').map_or(trimmed.len(), |i| i + 1);
            continue;
        }
        let prefix = trimmed.bytes().take_while(|b| matches!(b, b'r' | b'R' | b'u' | b'U')).count();
        if prefix > 2 {
            return None;
        }
        let q = start + prefix;
        let quote = match bytes.get(q..q + 3) {
            Some(b"\"\"\"") => "\"\"\"",
            Some(b"'''") => "'''",
            _ => match bytes.get(q) {
                Some(b'"') => "\"",
                Some(b'\'') => "'",
                _ => return None,
            },
        };
        let body = q + quote.len();
        let end = if quote.len() == 3 {
            text.get(body..)?.find(quote).map_or(text.len(), |i| body + i + 3)
        } else {
            let line_end = text.get(body..)?.find('\n').map_or(text.len(), |i| body + i);
            text.get(body..line_end)?.find(quote).map_or(line_end, |i| body + i + 1)
        };
        return Some(TextRange::new(start, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Option<&str> {
        module_docstring(text).map(|r| &text[r.as_usize()])
    }

    #[test]
    fn docstrings() {
        assert_eq!(doc("\"\"\"Hi.\n\nMore.\"\"\"\nx = 1\n"), Some("\"\"\"Hi.\n\nMore.\"\"\""));
        assert_eq!(doc("# -*- coding: utf-8 -*-\n\n'''A'''\n"), Some("'''A'''"));
        assert_eq!(doc("r\"doc\" + x\n"), Some("r\"doc\""));
        assert_eq!(doc("\"\"\"open\nnever closed"), Some("\"\"\"open\nnever closed"));
        assert_eq!(doc("'one line\nx'"), Some("'one line"));
        assert_eq!(doc("import os\n\"\"\"late\"\"\""), None);
        assert_eq!(doc(""), None);
        assert_eq!(doc("# only a comment"), None);
        assert_eq!(doc("rub = 1"), None);
        assert_eq!(doc("\u{feff}\"é\""), Some("\"é\""));
    }
}
