//! In-script metadata (`__title__ = "…"`, `__context__ = [...]`, the module docstring) read as
//! literals from module-level assignments with tree-sitter-python, for "Add bundle.yaml".

use tree_sitter::{Node as TsNode, Parser};

use crate::knowledge::script_meta::script_global;

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
    let mut parser = Parser::new();
    if parser.set_language(&tree_sitter_python::LANGUAGE.into()).is_err() {
        return Vec::new();
    }
    let Some(tree) = parser.parse(source, None) else { return Vec::new() };
    let root = tree.root_node();
    let mut out: Vec<(&'static str, ScriptLiteral)> = Vec::new();
    let mut docstring = None;
    let mut cursor = root.walk();
    let statements = root.named_children(&mut cursor).filter(|n| n.kind() != "comment");
    for (i, stmt) in statements.enumerate() {
        if stmt.kind() != "expression_statement" {
            continue;
        }
        let Some(expr) = stmt.named_child(0) else { continue };
        if i == 0 && matches!(expr.kind(), "string" | "concatenated_string") {
            docstring = literal(expr, source);
            continue;
        }
        if expr.kind() != "assignment" {
            continue;
        }
        let (Some(left), Some(right)) = (expr.child_by_field_name("left"), expr.child_by_field_name("right")) else {
            continue;
        };
        let Some(name) = left.utf8_text(source.as_bytes()).ok().and_then(script_global) else { continue };
        let Some(value) = literal(right, source) else { continue };
        out.retain(|(n, _)| *n != name.name);
        out.push((name.name, value));
    }
    if let Some(doc) = docstring {
        if !out.iter().any(|(n, _)| *n == "__doc__") {
            out.insert(0, ("__doc__", doc));
        }
    }
    out
}

fn literal(node: TsNode, src: &str) -> Option<ScriptLiteral> {
    let text = node.utf8_text(src.as_bytes()).ok()?;
    match node.kind() {
        "string" => py_string(text).map(ScriptLiteral::Str),
        "concatenated_string" => {
            let mut s = String::new();
            let mut c = node.walk();
            for part in node.named_children(&mut c) {
                s.push_str(&py_string(part.utf8_text(src.as_bytes()).ok()?)?);
            }
            Some(ScriptLiteral::Str(s))
        }
        "integer" | "float" => Some(ScriptLiteral::Number(text.to_string())),
        "true" => Some(ScriptLiteral::Bool(true)),
        "false" => Some(ScriptLiteral::Bool(false)),
        "parenthesized_expression" => literal(node.named_child(0)?, src),
        "list" | "tuple" => {
            let mut c = node.walk();
            let items: Option<Vec<_>> = node.named_children(&mut c).map(|n| literal(n, src)).collect();
            items.map(ScriptLiteral::List)
        }
        "dictionary" => {
            let mut c = node.walk();
            let mut entries = Vec::new();
            for pair in node.named_children(&mut c) {
                if pair.kind() != "pair" {
                    return None;
                }
                let k = match literal(pair.child_by_field_name("key")?, src)? {
                    ScriptLiteral::Str(s) | ScriptLiteral::Number(s) => s,
                    _ => return None,
                };
                entries.push((k, literal(pair.child_by_field_name("value")?, src)?));
            }
            Some(ScriptLiteral::Dict(entries))
        }
        _ => None,
    }
}

/// A Python string literal's value (prefixes `r`, `u`, `b`; single or triple quotes; common
/// escapes). f-strings are not literals.
fn py_string(text: &str) -> Option<String> {
    let quote_at = text.find(['"', '\''])?;
    let prefix = text[..quote_at].to_ascii_lowercase();
    if prefix.contains('f') {
        return None;
    }
    let raw = prefix.contains('r');
    let body = &text[quote_at..];
    let q = if body.starts_with("\"\"\"") || body.starts_with("'''") { 3 } else { 1 };
    if body.len() < 2 * q {
        return None;
    }
    let inner = body.get(q..body.len() - q)?;
    if raw {
        return Some(inner.to_string());
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('\n') => {}
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    Some(out)
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
}
