//! Minimal bodies for new hook scripts, per language (spec §6 "What the script sees").

use crate::knowledge::hooks::{HookEvent, HookGroup, TARGET_REQUIRED_HOOKS};

/// A language both loaders run as a hook script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum HookLanguage {
    Python,
    CSharp,
    VisualBasic,
}

impl HookLanguage {
    /// File extension with the dot, as the loaders expect it (lowercase).
    pub fn extension(self) -> &'static str {
        match self {
            HookLanguage::Python => ".py",
            HookLanguage::CSharp => ".cs",
            HookLanguage::VisualBasic => ".vb",
        }
    }

    /// From a file extension (`.py`, `.CS`…), ignoring case.
    pub fn from_extension(ext: &str) -> Option<Self> {
        [HookLanguage::Python, HookLanguage::CSharp, HookLanguage::VisualBasic]
            .into_iter()
            .find(|l| l.extension().eq_ignore_ascii_case(ext))
    }

    /// From a command argument: `python`, `csharp`, `vb` (and common spellings).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().trim_start_matches('.').to_ascii_lowercase().as_str() {
            "python" | "py" | "ironpython" | "cpython" => Some(HookLanguage::Python),
            "csharp" | "cs" | "c#" => Some(HookLanguage::CSharp),
            "vb" | "vbnet" | "vb.net" | "visualbasic" => Some(HookLanguage::VisualBasic),
            _ => None,
        }
    }
}

/// `doc-saved-as` → `DocSavedAs`: a class or method name for the C#/VB body.
fn pascal(event: &str) -> String {
    event
        .split(['-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn target_note(event: &HookEvent, has_target: bool) -> Option<&'static str> {
    if has_target {
        None
    } else if TARGET_REQUIRED_HOOKS.contains(&event.name) {
        Some("Name the file `<event>[COMMAND_ID].<ext>` (e.g. `[ID_INPLACE_COMPONENT]`): without a target nothing is registered.")
    } else {
        None
    }
}

/// The minimal script for `event` in `lang`: it names the event, says when it fires and reads
/// the event arguments the way pyRevit passes them. `has_target`: the file name has `[TARGET]`.
pub fn hook_body(event: &HookEvent, lang: HookLanguage, has_target: bool) -> String {
    let args = event.args_type;
    let name = event.name;
    let doc = event.doc;
    let note = target_note(event, has_target);
    match lang {
        HookLanguage::Python => {
            let mut s = format!("\"\"\"`{name}` hook: {doc}\n\n`EXEC_PARAMS.event_args` is a `{args}`.\n");
            if let Some(n) = note {
                s.push_str(&format!("{n}\n"));
            }
            s.push_str("\"\"\"\nfrom pyrevit import EXEC_PARAMS\n\nargs = EXEC_PARAMS.event_args\n");
            if event.group != HookGroup::PyRevit {
                s.push_str("doc = EXEC_PARAMS.event_doc\n");
            }
            s
        }
        HookLanguage::CSharp => {
            let p = pascal(name);
            let mut s = format!("// `{name}` hook: {doc}\n");
            if let Some(n) = note {
                s.push_str(&format!("// {n}\n"));
            }
            s.push_str("using System;\nusing Autodesk.Revit.DB;\nusing Autodesk.Revit.DB.Events;\nusing Autodesk.Revit.UI;\nusing Autodesk.Revit.UI.Events;\n");
            if event.group == HookGroup::PyRevit {
                s.push_str("using PyRevitLabs.PyRevit.Runtime;\n");
            }
            s.push_str(&format!(
                "\n// pyRevit calls the public method whose parameters fit (sender, event args).\npublic class {p}Hook {{\n    public void On{p}(object sender, {args} e) {{\n    }}\n}}\n"
            ));
            s
        }
        HookLanguage::VisualBasic => {
            let p = pascal(name);
            let mut s = format!("' `{name}` hook: {doc}\n");
            if let Some(n) = note {
                s.push_str(&format!("' {n}\n"));
            }
            s.push_str("Imports System\nImports Autodesk.Revit.DB\nImports Autodesk.Revit.DB.Events\nImports Autodesk.Revit.UI\nImports Autodesk.Revit.UI.Events\n");
            if event.group == HookGroup::PyRevit {
                s.push_str("Imports PyRevitLabs.PyRevit.Runtime\n");
            }
            s.push_str(&format!(
                "\n' pyRevit calls the public method whose parameters fit (sender, event args).\nPublic Class {p}Hook\n    Public Sub On{p}(sender As Object, e As {args})\n    End Sub\nEnd Class\n"
            ));
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::hooks::hook_event;

    #[test]
    fn names_and_languages() {
        assert_eq!(pascal("doc-saved-as"), "DocSavedAs");
        assert_eq!(pascal("worksharing-ops-progress-changed"), "WorksharingOpsProgressChanged");
        assert_eq!(HookLanguage::from_extension(".CS"), Some(HookLanguage::CSharp));
        assert_eq!(HookLanguage::from_extension(".rb"), None);
        assert_eq!(HookLanguage::from_name("C#"), Some(HookLanguage::CSharp));
        assert_eq!(HookLanguage::from_name("ruby"), None);
    }

    #[test]
    fn bodies_use_the_event_args_type() {
        let e = hook_event("doc-opened").unwrap();
        let py = hook_body(e, HookLanguage::Python, false);
        assert!(py.starts_with("\"\"\"`doc-opened` hook"));
        assert!(py.contains("from pyrevit import EXEC_PARAMS\n") && py.contains("args = EXEC_PARAMS.event_args"));
        assert!(py.contains("DocumentOpenedEventArgs"));
        let cs = hook_body(e, HookLanguage::CSharp, false);
        assert!(cs.contains("public void OnDocOpened(object sender, DocumentOpenedEventArgs e)"));
        let vb = hook_body(hook_event("journal-updated").unwrap(), HookLanguage::VisualBasic, false);
        assert!(vb.contains("e As JournalUpdateArgs") && vb.contains("Imports PyRevitLabs.PyRevit.Runtime"));
        assert!(hook_body(hook_event("command-exec").unwrap(), HookLanguage::Python, false)
            .contains("nothing is registered"));
    }
}
