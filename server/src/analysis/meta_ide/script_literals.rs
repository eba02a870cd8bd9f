//! In-script metadata (`__title__ = "…"`, `__context__ = [...]`, the module docstring) read as
//! literals from module-level assignments (via [`module_meta`]), for "Add bundle.yaml".

use crate::knowledge::script_meta::script_global;
use crate::syntax::{module_meta, Node, ScalarStyle, Value};

/// A Python literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum ScriptLiteral {
    Str(String),
    /// An int or float, as written.
    Number(String),
    Bool(bool),
    List(Vec<ScriptLiteral>),
    Dict(Vec<(String, ScriptLiteral)>),
}

/// Module-level metadata globals with literal values, in source order (the last assignment of a
/// name wins, as in Python), plus `__doc__` from the module docstring when not assigned.
pub fn extract_script_metadata(source: &str) -> Vec<(&'static str, ScriptLiteral)> {
    let meta = module_meta(source);
    let mut out: Vec<(&'static str, ScriptLiteral)> = Vec::new();
    for a in meta.assignments {
        let Some(global) = script_global(&a.name) else { continue };
        let Some(value) = a.literal.as_ref().and_then(|n| script_literal(n, source)) else { continue };
        out.retain(|(n, _)| *n != global.name);
        out.push((global.name, value));
    }
    let doc = meta.docstring.and_then(|d| d.literal).and_then(|n| script_literal(&n, source));
    if let Some(doc) = doc {
        if !out.iter().any(|(n, _)| *n == "__doc__") {
            out.insert(0, ("__doc__", doc));
        }
    }
    out
}

/// The literal as a [`ScriptLiteral`]; `None` for `None` and for dicts with keys other than
/// strings and numbers (`source` tells the key's kind).
fn script_literal(n: &Node, source: &str) -> Option<ScriptLiteral> {
    match &n.value {
        Value::Scalar(s) if s.null => None,
        // Numbers and booleans are the plain scalars of a Python literal.
        Value::Scalar(s) if s.style == ScalarStyle::Plain => Some(match s.text.as_str() {
            "True" => ScriptLiteral::Bool(true),
            "False" => ScriptLiteral::Bool(false),
            _ => ScriptLiteral::Number(s.text.to_string()),
        }),
        Value::Scalar(s) => Some(ScriptLiteral::Str(s.text.to_string())),
        Value::Sequence(seq) => {
            seq.items.iter().map(|i| script_literal(i, source)).collect::<Option<_>>().map(ScriptLiteral::List)
        }
        Value::Mapping(m) => m
            .entries
            .iter()
            .map(|e| {
                // The model keeps every scalar key as text; only string and number keys convert.
                if matches!(source.get(e.key.range.as_usize()), Some("True" | "False" | "None")) {
                    return None;
                }
                Some((e.key.text.to_string(), script_literal(e.value.as_ref()?, source)?))
            })
            .collect::<Option<_>>()
            .map(ScriptLiteral::Dict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_literals() {
        let src = "\"\"\"Docstring\nline two\"\"\"\n__title__ = 'Make\\nPattern'\n__author__ = \"Jane\"\n\
                   __context__ = ['selection', 'OST_Walls']\n__min_revit_ver__ = 2021\n__beta__ = True\n\
                   __title__ = {'en_us': 'Hi', 'fr_fr': r'Salut\\n'}\nx = 1\n__highlight__ = some_call()\n\
                   def f():\n    __author__ = 'inner'\n";
        let got = extract_script_metadata(src);
        let names: Vec<_> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["__doc__", "__author__", "__context__", "__min_revit_ver__", "__beta__", "__title__"]);
        assert_eq!(got[0].1, ScriptLiteral::Str("Docstring\nline two".into()));
        assert_eq!(
            got[5].1,
            ScriptLiteral::Dict(vec![
                ("en_us".into(), ScriptLiteral::Str("Hi".into())),
                ("fr_fr".into(), ScriptLiteral::Str("Salut\\n".into()))
            ])
        );
        assert_eq!(got[3].1, ScriptLiteral::Number("2021".into()));
    }

    #[test]
    fn explicit_doc_wins_and_garbage_is_fine() {
        let got = extract_script_metadata("# c\n'''ds'''\n__doc__ = 'explicit'\n");
        assert_eq!(got, vec![("__doc__", ScriptLiteral::Str("explicit".into()))]);
        assert!(extract_script_metadata("__title__ = f'{x}'\n((((").is_empty());
        assert!(extract_script_metadata("").is_empty());
    }

    #[test]
    fn same_literals_as_the_metadata_checks() {
        let got = extract_script_metadata(
            "__context__ = [\n    'a',  # why\n    'b',\n]\n__title__ = '\\x41\\u00e9'\n__author__ = {True: 'x'}\n\
             __doc__ = {None: 'x'}\n__helpurl__ = ('a'\n",
        );
        let list = ScriptLiteral::List(vec![ScriptLiteral::Str("a".into()), ScriptLiteral::Str("b".into())]);
        assert_eq!(got, vec![("__context__", list), ("__title__", ScriptLiteral::Str("Aé".into()))]);
    }
}
