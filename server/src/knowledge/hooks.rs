//! Extension hook scripts in `<extension>/hooks/` (spec §6): event names, file-name rule,
//! languages and what a hook script sees.
//!
//! Checked against pyRevit's source: `EventUtils.eventNames` in
//! `dev/pyRevitLabs.PyRevit.Runtime/EventHandling.cs` holds exactly the 52 names of spec §6;
//! `dialog-showing` is compiled only for Revit 2017+ (`#if` blocks in `EventUtils.ToggleHooks`);
//! the three `command-*` hooks never run without a `[TARGET]`; and
//! `pyRevitAssemblyBuilder/SessionManager/HookManager.cs` compares the extension
//! case-insensitively, unlike Python's `is_valid_hook_script`.

#[path = "hooks_data.rs"]
mod data;

pub use data::HOOK_EVENTS;

/// Grouping used for completion lists and docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum HookGroup {
    Application,
    Dialogs,
    Document,
    Docking,
    Failures,
    Files,
    Misc,
    ProjectStandards,
    Types,
    Views,
    Worksharing,
    Command,
    /// Events pyRevit raises itself (journal listener, dynamic updater).
    PyRevit,
}

/// One hook event name.
#[derive(Debug)]
pub struct HookEvent {
    pub name: &'static str,
    pub group: HookGroup,
    /// Type of `__eventargs__` / `EXEC_PARAMS.event_args` (Revit API, or pyRevit's own).
    pub args_type: &'static str,
    /// First Revit version that has the event (0: every supported version).
    pub min_revit: u32,
    /// Uses a `[TARGET]` (a Revit command id such as `ID_INPLACE_COMPONENT`).
    pub takes_target: bool,
    /// When it fires, for users.
    pub doc: &'static str,
}

/// Exact, case-sensitive lookup, as `EventUtils.GetEventType` does.
pub fn hook_event(name: &str) -> Option<&'static HookEvent> {
    HOOK_EVENTS.iter().find(|e| e.name == name)
}

/// Hook script extensions both loaders run (`hooks.SUPPORTED_LANGUAGES`, C# `SupportedLanguages`).
pub const HOOK_LANGUAGES: &[&str] = &[".py", ".cs", ".vb"];

/// Command events that never run without a `[TARGET]` (spec §6): both loaders register such a hook
/// with the target `""`, `EventUtils.ToggleHooks` finds no command binding for it, and
/// `EventHooks.ExecuteEventHooks` runs a command hook only when its target equals the command's
/// name (`BeforeExecuted`, `CanExecute` and `Executed` all pass `e.CommandId.Name`).
pub const TARGET_REQUIRED_HOOKS: &[&str] = &["command-before-exec", "command-can-exec", "command-exec"];

/// Hook names seen in real extensions that current runtimes reject (`theme-changed`: added by PR
/// #1885, reverted by #1886; absent from `eventNames`).
pub const UNSUPPORTED_HOOK_NAMES: &[&str] = &["theme-changed"];

/// What the loaders make of a file name in `hooks/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HookFileName<'a> {
    /// Event name the Python loader reads: group 1 of the first match of the unanchored regex
    /// `([a-z -]+)\[?([A-Z _]+)?\]?\..+` (`hooks._get_hook_parts`); `None` when nothing matches.
    pub python_event: Option<&'a str>,
    /// Byte range of `python_event` in the name.
    pub python_event_range: Option<std::ops::Range<usize>>,
    /// The same regex anchored (`^…$`) matches: the C# loader registers the file
    /// (`HookManager.HookPartsRegex`); otherwise it skips it as "does not match naming convention".
    pub csharp_matches: bool,
    /// Non-empty group 2 of the (Python) match: the text between `[` and `]`.
    pub target: Option<&'a str>,
    /// Extension after the last dot, with the dot (`.py`); empty when none.
    pub extension: &'a str,
    /// `extension` is one of [`HOOK_LANGUAGES`] exactly: the Python loader runs the file
    /// (`is_valid_hook_script`: `splitext(...)[1] in SUPPORTED_LANGUAGES`).
    pub language_supported: bool,
    /// `extension` is one of [`HOOK_LANGUAGES`] ignoring case: the C# loader runs the file
    /// (`HookManager.SupportedLanguages` uses `StringComparer.OrdinalIgnoreCase`), so `.PY` differs.
    pub language_supported_csharp: bool,
    /// Text before the Python match (`01_` in `01_doc-opened.py`); empty when none.
    pub prefix: &'a str,
}

impl HookFileName<'_> {
    /// The known event the Python loader registers, if any.
    pub fn event(&self) -> Option<&'static HookEvent> {
        self.python_event.and_then(hook_event)
    }
}

fn is_event_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b == b' ' || b == b'-'
}

fn is_target_byte(b: u8) -> bool {
    b.is_ascii_uppercase() || b == b' ' || b == b'_'
}

fn run_len(s: &[u8], from: usize, pred: fn(u8) -> bool) -> usize {
    s.get(from..).map_or(0, |r| r.iter().take_while(|b| pred(**b)).count())
}

/// Group ranges of one match attempt at `start`, with Python `re` backtracking order
/// (greedy quantifiers try longest first; optional items try "present" first).
type Groups = (std::ops::Range<usize>, Option<std::ops::Range<usize>>);

fn match_at(s: &[u8], start: usize, anchored: bool) -> Option<Groups> {
    let tail_ok = |dot: usize| -> bool {
        if s.get(dot) != Some(&b'.') {
            return false;
        }
        let rest = s.get(dot + 1..).unwrap_or(&[]);
        if anchored {
            !rest.is_empty() && !rest.contains(&b'\n')
        } else {
            rest.first().is_some_and(|b| *b != b'\n')
        }
    };
    let max1 = run_len(s, start, is_event_byte);
    for len1 in (1..=max1).rev() {
        let p = start + len1;
        for open in [true, false] {
            if open && s.get(p) != Some(&b'[') {
                continue;
            }
            let q = p + usize::from(open);
            let max2 = run_len(s, q, is_target_byte);
            // Some(len) for the group present (greedy), then None for the group skipped.
            let group2 = (1..=max2).rev().map(Some).chain([None]);
            for len2 in group2 {
                let r = q + len2.unwrap_or(0);
                for close in [true, false] {
                    if close && s.get(r) != Some(&b']') {
                        continue;
                    }
                    if tail_ok(r + usize::from(close)) {
                        return Some((start..p, len2.map(|l| q..q + l)));
                    }
                }
            }
        }
    }
    None
}

/// Apply both loaders' hook file-name rules to a file name (not a path).
pub fn parse_hook_file_name(name: &str) -> HookFileName<'_> {
    let s = name.as_bytes();
    let python = (0..s.len()).find_map(|i| match_at(s, i, false));
    let csharp_matches = !s.is_empty() && match_at(s, 0, true).is_some();
    let extension = match name.rfind('.') {
        Some(i) if i > 0 => &name[i..],
        _ => "",
    };
    // Ranges come from ASCII-only classes, so they sit on char boundaries.
    let slice = |r: &std::ops::Range<usize>| name.get(r.clone());
    let (python_event, target, prefix, python_event_range) = match &python {
        Some((g1, g2)) => (
            slice(g1),
            g2.as_ref().and_then(slice).filter(|t| !t.is_empty()),
            name.get(..g1.start).unwrap_or(""),
            Some(g1.clone()),
        ),
        None => (None, None, "", None),
    };
    HookFileName {
        python_event,
        python_event_range,
        csharp_matches,
        target,
        extension,
        language_supported: HOOK_LANGUAGES.contains(&extension),
        language_supported_csharp: HOOK_LANGUAGES.iter().any(|l| l.eq_ignore_ascii_case(extension)),
        prefix,
    }
}

/// A member of `pyrevit.EXEC_PARAMS` meaningful in hook scripts.
#[derive(Debug)]
pub struct ExecParam {
    pub name: &'static str,
    /// The runtime builtin behind it (empty when computed).
    pub builtin: &'static str,
    pub doc: &'static str,
}

#[rustfmt::skip]
pub const HOOK_EXEC_PARAMS: &[ExecParam] = &[
    ExecParam { name: "event_sender", builtin: "__eventsender__", doc: "The object that raised the event (usually the `UIApplication` or `Application`)." },
    ExecParam { name: "event_args", builtin: "__eventargs__", doc: "The event arguments; their type depends on the event (e.g. `DocumentOpenedEventArgs`)." },
    ExecParam { name: "event_doc", builtin: "", doc: "The document the event is about: the first of `event_args.Document`, `ActiveDocument`, `CurrentDocument` or `GetDocument()` that exists." },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn event_table() {
        assert_eq!(HOOK_EVENTS.len(), 52);
        let mut seen = HashSet::new();
        for e in HOOK_EVENTS {
            assert!(seen.insert(e.name), "duplicate {}", e.name);
            assert!(!e.doc.is_empty() && !e.args_type.is_empty());
            // Every name satisfies the portable file-name rule.
            let f = format!("{}.py", e.name);
            let p = parse_hook_file_name(&f);
            assert!(p.csharp_matches && p.python_event == Some(e.name), "{}", e.name);
            assert_eq!(e.takes_target, e.group == HookGroup::Command);
        }
        for n in UNSUPPORTED_HOOK_NAMES {
            assert!(hook_event(n).is_none());
        }
        assert_eq!(hook_event("doc-opened").map(|e| e.args_type), Some("DocumentOpenedEventArgs"));
        assert_eq!(hook_event("formula-editing").map(|e| e.min_revit), Some(2019));
        assert!(hook_event("Doc-Opened").is_none());
        for p in HOOK_EXEC_PARAMS {
            assert!(!p.doc.is_empty());
        }
    }

    fn parts(n: &str) -> (Option<&str>, bool, Option<&str>, &str, bool, &str) {
        let p = parse_hook_file_name(n);
        (p.python_event, p.csharp_matches, p.target, p.extension, p.language_supported, p.prefix)
    }

    #[test]
    fn file_names() {
        assert_eq!(parts("doc-opened.py"), (Some("doc-opened"), true, None, ".py", true, ""));
        assert_eq!(parts("01_doc-opened.py"), (Some("doc-opened"), false, None, ".py", true, "01_"));
        assert_eq!(parts("my-doc-opened.py"), (Some("my-doc-opened"), true, None, ".py", true, ""));
        assert_eq!(
            parts("command-before-exec[ID_INPLACE_COMPONENT].py"),
            (Some("command-before-exec"), true, Some("ID_INPLACE_COMPONENT"), ".py", true, "")
        );
        assert_eq!(parts("doc-opened.gif"), (Some("doc-opened"), true, None, ".gif", false, ""));
        // Python backtracks into the tail: `D` and `-O` cannot start a match, `pened.py` can.
        assert_eq!(parts("Doc-Opened.py"), (Some("pened"), false, None, ".py", true, "Doc-O"));
        assert_eq!(parts("app-init.cs"), (Some("app-init"), true, None, ".cs", true, ""));
        assert_eq!(parts("view-activated[].py"), (Some("view-activated"), true, None, ".py", true, ""));
        assert_eq!(parse_hook_file_name("doc-opened.py").event().map(|e| e.name), Some("doc-opened"));
        assert!(parse_hook_file_name("my-doc-opened.py").event().is_none());
    }

    #[test]
    fn file_name_edge_cases() {
        assert_eq!(parts(""), (None, false, None, "", false, ""));
        assert_eq!(parts("README"), (None, false, None, "", false, ""));
        assert_eq!(parts("doc-opened."), (None, false, None, ".", false, ""));
        assert_eq!(parts(".py"), (None, false, None, "", false, ""));
        // Brackets are independently optional.
        assert_eq!(parts("command-exec[ID_X.py").2, Some("ID_X"));
        assert!(parts("command-exec[ID_X.py").1);
        assert_eq!(parts("command-exec ID_X].py").0, Some("command-exec "));
        // Digits in the target break both loaders' match (checked against Python's `re`).
        let p = parse_hook_file_name("command-exec[ID_2].py");
        assert_eq!((p.python_event, p.csharp_matches, p.target), (None, false, None));
        assert_eq!(parts("command-exec ID_X].py").2, Some("ID_X"));
        // Non-ASCII never panics.
        let p = parse_hook_file_name("dóc-opened.py");
        assert_eq!(p.python_event, Some("c-opened"));
        assert_eq!(p.prefix, "dó");
        assert_eq!(parse_hook_file_name("app-init.py.bak").extension, ".bak");
        let p = parse_hook_file_name("doc-opened.PY");
        assert!(!p.language_supported && p.language_supported_csharp);
        let p = parse_hook_file_name("doc-opened.gif");
        assert!(!p.language_supported && !p.language_supported_csharp);
    }
}
