//! The string literals of a script's `__title__`, `__doc__` and `__helpurl__` (and its module
//! docstring): module-level assignments only, as pyRevit reads them (via [`module_meta`]).

use crate::base::TextRange;
use crate::knowledge::templates::SUBSTITUTED_SCRIPT_GLOBALS;
use crate::syntax::{module_meta, StringLiteral};

/// One string literal assigned to a substituted global.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptString {
    /// `__title__`, `__doc__`, `__helpurl__`; the module docstring reports as `__doc__`.
    pub global: &'static str,
    /// The literal's contents (between the quotes), as written.
    pub content: TextRange,
    /// The whole literal, quotes and prefix included.
    pub range: TextRange,
    /// A value of a dict literal (`{'en_us': '…'}`): substituted by the C# loader only.
    pub in_dict: bool,
    /// The literal has a prefix that changes its text (`r`, `f`, `b`) or interpolations.
    pub raw_differs: bool,
}

/// Every substituted string literal in `text` (a Python script). Cheap when the text has no `{{`.
pub fn script_strings(text: &str) -> Vec<ScriptString> {
    if !text.contains("{{") {
        return Vec::new();
    }
    let meta = module_meta(text);
    // The module docstring counts here only when nothing, not even a comment, comes before it.
    let doc = meta.docstring.map(|d| ("__doc__", d.strings));
    let assigned = meta.assignments.into_iter().filter_map(|a| {
        let global = SUBSTITUTED_SCRIPT_GLOBALS.iter().find(|g| **g == a.name)?;
        Some((*global, a.strings))
    });
    doc.into_iter()
        .chain(assigned)
        .flat_map(|(global, strings)| strings.into_iter().filter_map(move |s| script_string(global, s)))
        .collect()
}

fn script_string(global: &'static str, s: StringLiteral) -> Option<ScriptString> {
    let raw_differs = s.prefix.contains(['r', 'R', 'f', 'F', 'b', 'B']) || s.interpolated;
    Some(ScriptString { global, content: s.content?, range: s.range, in_dict: s.in_dict, raw_differs })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&'static str, String, bool)> {
        script_strings(text)
            .into_iter()
            .map(|s| (s.global, text[s.content.as_usize()].to_string(), s.in_dict))
            .collect()
    }

    #[test]
    fn module_level_globals() {
        let text = "\"\"\"Doc {{a}}\"\"\"\n__title__ = 'T {{b}}'\n__helpurl__ = {'en_us': \"{{c}}\", 'fr_fr': 'x'}\n\
                    def f():\n    __title__ = '{{no}}'\n__author__ = '{{author}}'\n";
        assert_eq!(
            found(text),
            [
                ("__doc__", "Doc {{a}}".to_string(), false),
                ("__title__", "T {{b}}".to_string(), false),
                ("__helpurl__", "{{c}}".to_string(), true),
                ("__helpurl__", "x".to_string(), true),
            ]
        );
        assert!(found("__title__ = 'no tags'").is_empty());
        // The usual coding line before the docstring does not hide it (comments are not statements).
        assert_eq!(
            found("# -*- coding: utf-8 -*-\n\"\"\"Doc {{a}}\"\"\"\n"),
            [("__doc__", "Doc {{a}}".to_string(), false)]
        );
        assert!(script_strings("__title__ = r'\\{{x}}'")[0].raw_differs);
        assert_eq!(crate::syntax::unescape_python_string(r"{{doc\x70ath}} \q \'"), "{{docpath}} \\q '");
    }
}
