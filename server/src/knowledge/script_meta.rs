//! In-script metadata globals (`__title__`, `__context__`, …) and the runtime builtins every
//! IronPython run gets (spec §10).
//!
//! The Python loader reads the globals only when the bundle has no bundle.yaml (and the script is
//! not CPython), with `ast.literal_eval` on module-level assignments. The C# loader reads them
//! line by line (one-line dicts and lists; triple-quoted strings) and lets bundle.yaml override
//! each key.

use super::Loaders;

/// Python literal shapes a global may be assigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiteralShape {
    Str,
    /// A dict literal: locale code → string for localizable globals, rules for `__context__`.
    Dict,
    List,
    Int,
    Bool,
    /// A function definition, not an assignment.
    Function,
}

/// One metadata global.
#[derive(Debug)]
pub struct ScriptGlobal {
    pub name: &'static str,
    /// The equivalent `bundle.yaml` key (dotted for `engine:` sub-keys); `None` when none.
    pub bundle_key: Option<&'static str>,
    pub shapes: &'static [LiteralShape],
    pub loaders: Loaders,
    /// Present in old constants only; no current loader reads it.
    pub legacy: bool,
    pub doc: &'static str,
}

use LiteralShape::*;

const fn g(
    name: &'static str,
    bundle_key: &'static str,
    shapes: &'static [LiteralShape],
    doc: &'static str,
) -> ScriptGlobal {
    ScriptGlobal { name, bundle_key: Some(bundle_key), shapes, loaders: Loaders::Both, legacy: false, doc }
}

#[rustfmt::skip]
pub const SCRIPT_GLOBALS: &[ScriptGlobal] = &[
    g("__title__", "title", &[Str, Dict], "Button title (like `title:` in bundle.yaml). `\\n` breaks the line; a dict maps locale codes to titles."),
    g("__doc__", "tooltip", &[Str, Dict], "Tooltip (like `tooltip:`). The module docstring is used when `__doc__` is not assigned."),
    g("__author__", "author", &[Str], "Author shown in the tooltip. Note: the Python loader overwrites it with the `__authors__` lookup, so it may be lost there; C# uses it when `__authors__` is absent."),
    g("__authors__", "authors", &[List, Str], "Several authors, joined with line breaks."),
    g("__helpurl__", "help_url", &[Str, Dict], "F1 help URL (like `help_url:`); a dict maps locale codes to URLs."),
    g("__context__", "context", &[Str, List, Dict], "When the button is enabled (like `context:`): e.g. `'selection'`, `['OST_Walls', 'selection']` or `{'any': [...]}`. C# reads a one-line string or list only."),
    g("__min_revit_ver__", "min_revit_version", &[Int, Str], "Oldest Revit version that shows the button, e.g. `2021`."),
    g("__max_revit_ver__", "max_revit_version", &[Int, Str], "Newest Revit version that shows the button."),
    g("__beta__", "is_beta", &[Bool], "Shows the button only when \"Load Beta Tools\" is on."),
    g("__highlight__", "highlight", &[Str], "`'new'` or `'updated'` marker on the button."),
    g("__cleanengine__", "engine.clean", &[Bool], "Fresh IronPython engine on every run."),
    g("__fullframeengine__", "engine.full_frame", &[Bool], "IronPython full frames and tracing."),
    g("__persistentengine__", "engine.persistent", &[Bool], "Keep the globals after the run."),
    ScriptGlobal { name: "__selfinit__", bundle_key: None, shapes: &[Function], loaders: Loaders::Both, legacy: false, doc: "`def __selfinit__(script_cmp, ui_button_cmp, uiapp):` runs when a `.smartbutton` or `.combobox` is created; returning `False` deactivates it." },
    ScriptGlobal { name: "__assembly__", bundle_key: Some("assembly"), shapes: &[Str], loaders: Loaders::Neither, legacy: true, doc: "Legacy link-button assembly; use `assembly:` in bundle.yaml." },
    ScriptGlobal { name: "__commandclass__", bundle_key: Some("command_class"), shapes: &[Str], loaders: Loaders::Neither, legacy: true, doc: "Legacy link-button class; use `command_class:` in bundle.yaml." },
];

pub fn script_global(name: &str) -> Option<&'static ScriptGlobal> {
    SCRIPT_GLOBALS.iter().find(|g| g.name == name)
}

/// A name the runtime defines for every IronPython run (`IronPythonEngine.SetupBuiltins`).
#[derive(Debug)]
pub struct RuntimeBuiltin {
    pub name: &'static str,
    pub doc: &'static str,
}

const fn b(name: &'static str, doc: &'static str) -> RuntimeBuiltin {
    RuntimeBuiltin { name, doc }
}

#[rustfmt::skip]
pub const RUNTIME_BUILTINS: &[RuntimeBuiltin] = &[
    b("__revit__", "The Revit `UIApplication`."),
    b("__commanddata__", "The `ExternalCommandData` of the running command."),
    b("__elements__", "The `ElementSet` passed to the command."),
    b("__uibutton__", "The ribbon button that launched the command."),
    b("__commandpath__", "Folder of the running command bundle."),
    b("__configcommandpath__", "Folder of the config (Shift+Click) script."),
    b("__commandname__", "Name of the running command."),
    b("__commandbundle__", "Bundle folder name of the running command."),
    b("__commandextension__", "Name of the extension holding the command."),
    b("__commanduniqueid__", "Unique id of the command."),
    b("__commandcontrolid__", "Ribbon control id of the command."),
    b("__forceddebugmode__", "True when run in debug mode (Ctrl+Click)."),
    b("__shiftclick__", "True when run in config mode (Shift+Click)."),
    b("__result__", "Results the script hands back to the runtime."),
    b("__eventsender__", "In hook scripts: the object that raised the event."),
    b("__eventargs__", "In hook scripts: the event arguments."),
    b("__execid__", "Unique id of this execution."),
    b("__timestamp__", "Time stamp of this execution."),
    b("__cachedengine__", "True when the engine was reused from cache."),
    b("__cachedengineid__", "Id of the cached engine."),
    b("__scriptruntime__", "The pyRevit `ScriptRuntime` object of this run."),
];

pub fn runtime_builtin(name: &str) -> Option<&'static RuntimeBuiltin> {
    RUNTIME_BUILTINS.iter().find(|b| b.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::keys::{bundle_key, sub_key, ValueShape};
    use std::collections::HashSet;

    #[test]
    fn tables() {
        let mut seen = HashSet::new();
        for g in SCRIPT_GLOBALS {
            assert!(seen.insert(g.name) && !g.doc.is_empty() && !g.shapes.is_empty(), "{}", g.name);
            assert_eq!(g.legacy, g.loaders == Loaders::Neither);
            // Every equivalent key exists in the key tables.
            match g.bundle_key {
                Some(k) if k.starts_with("engine.") => {
                    assert!(sub_key(ValueShape::Engine, &k["engine.".len()..]).is_some(), "{k}")
                }
                Some(k) => assert!(bundle_key(k).is_some(), "{k}"),
                None => {}
            }
        }
        for b in RUNTIME_BUILTINS {
            assert!(seen.insert(b.name) && !b.doc.is_empty(), "{}", b.name);
        }
        assert_eq!(RUNTIME_BUILTINS.len(), 21);
    }

    #[test]
    fn lookups() {
        assert_eq!(script_global("__context__").and_then(|g| g.bundle_key), Some("context"));
        assert!(script_global("__assembly__").is_some_and(|g| g.legacy));
        assert!(script_global("__shiftclick__").is_none());
        assert!(runtime_builtin("__shiftclick__").is_some());
        assert!(runtime_builtin("__title__").is_none());
    }
}
