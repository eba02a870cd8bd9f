//! The string literals of a script's `__title__`, `__doc__` and `__helpurl__` (and its module
//! docstring), read with tree-sitter-python: module-level assignments only, as pyRevit reads them.

use tree_sitter::{Node, Parser};

use crate::base::TextRange;
use crate::knowledge::templates::SUBSTITUTED_SCRIPT_GLOBALS;

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
    let mut out = Vec::new();
    if !text.contains("{{") {
        return out;
    }
    let mut parser = Parser::new();
    if parser.set_language(&tree_sitter_python::LANGUAGE.into()).is_err() {
        return out;
    }
    let Some(tree) = parser.parse(text, None) else { return out };
    let root = tree.root_node();
    let mut cursor = root.walk();
    for (i, stmt) in root.named_children(&mut cursor).enumerate() {
        if stmt.kind() != "expression_statement" {
            continue;
        }
        let Some(expr) = stmt.named_child(0) else { continue };
        match expr.kind() {
            "string" | "concatenated_string" if i == 0 => strings(expr, text, "__doc__", false, &mut out),
            "assignment" => {
                let (Some(left), Some(right)) = (expr.child_by_field_name("left"), expr.child_by_field_name("right"))
                else {
                    continue;
                };
                let name = left.utf8_text(text.as_bytes()).unwrap_or_default();
                let Some(global) = SUBSTITUTED_SCRIPT_GLOBALS.iter().find(|g| **g == name) else { continue };
                match right.kind() {
                    "string" | "concatenated_string" => strings(right, text, global, false, &mut out),
                    "dictionary" => {
                        let mut c = right.walk();
                        for pair in right.named_children(&mut c).filter(|p| p.kind() == "pair") {
                            if let Some(v) = pair.child_by_field_name("value") {
                                strings(v, text, global, true, &mut out);
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out
}

fn strings(node: Node, text: &str, global: &'static str, in_dict: bool, out: &mut Vec<ScriptString>) {
    let parts: Vec<Node> = if node.kind() == "concatenated_string" {
        let mut c = node.walk();
        node.named_children(&mut c).filter(|n| n.kind() == "string").collect()
    } else if node.kind() == "string" {
        vec![node]
    } else {
        return;
    };
    for s in parts {
        let mut c = s.walk();
        let contents: Vec<Node> = s.named_children(&mut c).filter(|n| n.kind() == "string_content").collect();
        let (Some(first), Some(last)) = (contents.first(), contents.last()) else { continue };
        let content = TextRange::new(first.start_byte(), last.end_byte());
        let start = text.get(s.start_byte()..first.start_byte()).unwrap_or_default();
        let prefix_changes = start.chars().any(|c| matches!(c, 'r' | 'R' | 'f' | 'F' | 'b' | 'B'));
        let has_other_children = {
            let mut c = s.walk();
            let other =
                s.named_children(&mut c).any(|n| !matches!(n.kind(), "string_start" | "string_content" | "string_end"));
            other
        };
        out.push(ScriptString {
            global,
            content,
            range: TextRange::new(s.start_byte(), s.end_byte()),
            in_dict,
            raw_differs: prefix_changes || has_other_children,
        });
    }
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
        assert!(script_strings("__title__ = r'\\{{x}}'")[0].raw_differs);
        assert_eq!(crate::syntax::unescape_python_string(r"{{doc\x70ath}} \q \'"), "{{docpath}} \\q '");
    }
}
