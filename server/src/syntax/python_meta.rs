//! Module-level metadata of a Python file, read with one tree-sitter-python walk: the module
//! docstring and the `__name__ = <literal>` assignments, with literal values lowered into the
//! metadata model ([`Node`]) so metadata checks can read them like YAML values, and the string
//! literals of each value located for tools that edit or read them in place.
//! Strings, numbers, `True`/`False`/`None`, lists, tuples and dicts are literals; anything else
//! (names, calls, f-strings, operators) is not.

use super::kinds::PyNode;
use tree_sitter::{Node as TsNode, Parser};

use super::model::{Entry, Key, Mapping, Node, Scalar, ScalarStyle, Sequence, Value};
use crate::base::TextRange;

/// The docstring and dunder assignments of a module.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModuleMeta {
    /// The module docstring: the first statement (comments aside) when it is a string.
    pub docstring: Option<Docstring>,
    /// Every module-level `__x__ = …` assignment, in source order.
    pub assignments: Vec<DunderAssign>,
}

/// The module docstring.
#[derive(Clone, Debug, PartialEq)]
pub struct Docstring {
    pub range: TextRange,
    /// Its value; `None` when it is not a literal (an f-string).
    pub literal: Option<Node>,
    /// Its string literals (the parts of an implicit concatenation).
    pub strings: Vec<StringLiteral>,
}

/// One module-level assignment to a dunder name.
#[derive(Clone, Debug, PartialEq)]
pub struct DunderAssign {
    pub name: String,
    pub name_range: TextRange,
    /// The whole right-hand side.
    pub value_range: TextRange,
    /// The value as a model node; `None` when it is not a literal.
    pub literal: Option<Node>,
    /// The right-hand side spans several lines.
    pub multiline: bool,
    /// The string literals of the value when it is a string (each part of an implicit
    /// concatenation) or a dict (its string values), f-strings included.
    pub strings: Vec<StringLiteral>,
}

/// One string literal, located in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLiteral {
    /// The whole literal, prefix and quotes included.
    pub range: TextRange,
    /// Its contents between the quotes, as written; `None` when it has none.
    pub content: Option<TextRange>,
    /// The prefix as written (`r`, `u`, `b`, `f`, `Rb`, …; empty for none).
    pub prefix: String,
    /// It holds more than text: `{…}` interpolations (f-strings).
    pub interpolated: bool,
    /// A value of a dict literal (`{'en_us': '…'}`).
    pub in_dict: bool,
}

impl ModuleMeta {
    /// Move every range by `by` bytes.
    pub(crate) fn shift(&mut self, by: i64) {
        if let Some(d) = &mut self.docstring {
            move_range(&mut d.range, by);
            d.literal.iter_mut().for_each(|n| move_node(n, by));
            d.strings.iter_mut().for_each(|s| move_string(s, by));
        }
        for a in &mut self.assignments {
            move_range(&mut a.name_range, by);
            move_range(&mut a.value_range, by);
            a.literal.iter_mut().for_each(|n| move_node(n, by));
            a.strings.iter_mut().for_each(|s| move_string(s, by));
        }
    }
}

fn move_range(r: &mut TextRange, by: i64) {
    r.start = (r.start as i64 + by) as u32;
    r.end = (r.end as i64 + by) as u32;
}

fn move_string(s: &mut StringLiteral, by: i64) {
    move_range(&mut s.range, by);
    s.content.iter_mut().for_each(|r| move_range(r, by));
}

/// Move a literal's ranges (its depth is at most [`MAX_DEPTH`]).
fn move_node(n: &mut Node, by: i64) {
    move_range(&mut n.range, by);
    match &mut n.value {
        Value::Scalar(_) => {}
        Value::Sequence(s) => s.items.iter_mut().for_each(|i| move_node(i, by)),
        Value::Mapping(m) => {
            for e in &mut m.entries {
                move_range(&mut e.range, by);
                move_range(&mut e.key.range, by);
                e.value.iter_mut().for_each(|v| move_node(v, by));
            }
        }
    }
}

/// Depth limit for nested literals (never overflow the stack on hostile input).
const MAX_DEPTH: usize = 32;

/// Every module-level `__x__ = …` assignment, in source order.
pub fn dunder_assignments(text: &str) -> Vec<DunderAssign> {
    module_meta(text).assignments
}

/// The module docstring and every module-level `__x__ = …` assignment.
pub fn module_meta(text: &str) -> ModuleMeta {
    let mut parser = Parser::new();
    if parser.set_language(&tree_sitter_python::LANGUAGE.into()).is_err() {
        return ModuleMeta::default();
    }
    let Some(tree) = parser.parse(text, None) else { return ModuleMeta::default() };
    module_meta_in(text, tree.root_node())
}

/// [`module_meta`] from an existing tree-sitter-python tree of `text` (its `module` node), so one
/// parse serves both the imports and the metadata of a script.
pub(crate) fn module_meta_in(text: &str, root: TsNode) -> ModuleMeta {
    let mut cursor = root.walk();
    let statements: Vec<TsNode> = root.named_children(&mut cursor).collect();
    module_meta_of(text, &statements, true)
}

/// [`module_meta_in`] from the root's named children (or a run of them: without `docstring`, the
/// first statement is not the module's first and never its docstring).
pub(crate) fn module_meta_of(text: &str, statements: &[TsNode], docstring: bool) -> ModuleMeta {
    let mut out = ModuleMeta::default();
    let mut first_statement = docstring;
    for &stmt in statements {
        if stmt.py_kind() == "comment" {
            continue; // `# -*- coding: utf-8 -*-` does not stop the docstring being the docstring
        }
        let first = std::mem::replace(&mut first_statement, false);
        if stmt.py_kind() != "expression_statement" {
            continue;
        }
        let Some(expr) = stmt.named_child(0) else { continue };
        if first && matches!(expr.py_kind(), "string" | "concatenated_string") {
            out.docstring = Some(Docstring {
                range: range(expr),
                literal: literal(text, expr, 0),
                strings: string_literals(text, expr, false),
            });
            continue;
        }
        if expr.py_kind() != "assignment" {
            continue;
        }
        let (Some(left), Some(right)) = (expr.py_field("left"), expr.py_field("right")) else {
            continue;
        };
        if left.py_kind() != "identifier" {
            continue;
        }
        let Some(name) = text.get(left.byte_range()) else { continue };
        if !(name.len() > 4 && name.starts_with("__") && name.ends_with("__")) {
            continue;
        }
        out.assignments.push(DunderAssign {
            name: name.to_string(),
            name_range: range(left),
            value_range: range(right),
            literal: literal(text, right, 0),
            multiline: right.start_position().row != right.end_position().row,
            strings: value_strings(text, right),
        });
    }
    out
}

fn range(n: TsNode) -> TextRange {
    TextRange::new(n.start_byte(), n.end_byte())
}

/// The string literals of an assigned value: a string, or a dict's string values.
fn value_strings(src: &str, n: TsNode) -> Vec<StringLiteral> {
    if n.py_kind() != "dictionary" {
        return string_literals(src, n, false);
    }
    let mut out = Vec::new();
    let mut c = n.walk();
    for pair in n.named_children(&mut c).filter(|p| p.py_kind() == "pair") {
        if let Some(v) = pair.py_field("value") {
            out.extend(string_literals(src, v, true));
        }
    }
    out
}

/// The string literals of a `string` or `concatenated_string` node (none for other nodes).
fn string_literals(src: &str, n: TsNode, in_dict: bool) -> Vec<StringLiteral> {
    let parts: Vec<TsNode> = match n.py_kind() {
        "concatenated_string" => {
            let mut c = n.walk();
            n.named_children(&mut c).filter(|p| p.py_kind() == "string").collect()
        }
        "string" => vec![n],
        _ => return Vec::new(),
    };
    parts
        .into_iter()
        .map(|s| {
            let mut c = s.walk();
            let children: Vec<TsNode> = s.named_children(&mut c).collect();
            let contents: Vec<&TsNode> = children.iter().filter(|p| p.py_kind() == "string_content").collect();
            let content = match (contents.first(), contents.last()) {
                (Some(first), Some(last)) => Some(TextRange::new(first.start_byte(), last.end_byte())),
                _ => None,
            };
            let raw = src.get(s.byte_range()).unwrap_or_default();
            StringLiteral {
                range: range(s),
                content,
                prefix: raw[..prefix_len(raw).unwrap_or(0)].to_string(),
                interpolated: children
                    .iter()
                    .any(|p| !matches!(p.py_kind(), "string_start" | "string_content" | "string_end")),
                in_dict,
            }
        })
        .collect()
}

/// The length of a string literal's prefix: the bytes before its first quote.
fn prefix_len(raw: &str) -> Option<usize> {
    raw.find(['"', '\''])
}

fn scalar(n: TsNode, text: String, null: bool) -> Node {
    Node { range: range(n), value: Value::Scalar(Scalar { text: text.into(), style: ScalarStyle::DoubleQuoted, null }) }
}

fn literal(src: &str, n: TsNode, depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH || n.has_error() {
        return None;
    }
    let raw = src.get(n.byte_range())?;
    match n.py_kind() {
        "string" => string(src, n).map(|s| scalar(n, s, false)),
        "concatenated_string" => {
            let mut s = String::new();
            let mut c = n.walk();
            for part in n.named_children(&mut c) {
                s.push_str(&string(src, part)?);
            }
            Some(scalar(n, s, false))
        }
        "integer" | "float" => Some(Node {
            range: range(n),
            value: Value::Scalar(Scalar { text: raw.into(), style: ScalarStyle::Plain, null: false }),
        }),
        "true" | "false" => Some(Node {
            range: range(n),
            value: Value::Scalar(Scalar { text: raw.into(), style: ScalarStyle::Plain, null: false }),
        }),
        "none" => Some(scalar(n, String::new(), true)),
        "parenthesized_expression" => n.named_child(0).and_then(|c| literal(src, c, depth + 1)),
        "list" | "tuple" => {
            let mut items = Vec::new();
            let mut c = n.walk();
            for child in n.named_children(&mut c) {
                if child.py_kind() == "comment" {
                    continue;
                }
                items.push(literal(src, child, depth + 1)?);
            }
            Some(Node { range: range(n), value: Value::Sequence(Sequence::new(items, true)) })
        }
        "dictionary" => {
            let mut entries = Vec::new();
            let mut c = n.walk();
            for pair in n.named_children(&mut c) {
                if pair.py_kind() == "comment" {
                    continue;
                }
                if pair.py_kind() != "pair" {
                    return None;
                }
                let k = pair.py_field("key")?;
                let v = pair.py_field("value")?;
                let key = literal(src, k, depth + 1)?;
                let key_text = key.as_str()?.to_string();
                entries.push(Entry {
                    key: Key { text: key_text.into(), range: key.range },
                    value: Some(literal(src, v, depth + 1)?),
                    range: range(pair),
                });
            }
            Some(Node { range: range(n), value: Value::Mapping(Mapping::new(entries, true)) })
        }
        _ => None,
    }
}

/// The value of a string literal (prefixes `r`, `u`, `b`; not f-strings), escapes processed.
fn string(src: &str, n: TsNode) -> Option<String> {
    if n.py_kind() != "string" {
        return None;
    }
    let raw = src.get(n.byte_range())?;
    let quote_at = prefix_len(raw)?;
    let prefix = raw[..quote_at].to_ascii_lowercase();
    if prefix.contains('f') {
        return None;
    }
    let body = &raw[quote_at..];
    let q = if body.starts_with("\"\"\"") || body.starts_with("'''") { 3 } else { 1 };
    if body.len() < 2 * q {
        return None;
    }
    let inner = body.get(q..body.len() - q)?;
    if prefix.contains('r') {
        return Some(inner.to_string());
    }
    Some(unescape_python_string(inner))
}

/// The value of a (non-raw) Python string body: the common escapes processed. Unknown escapes
/// stay as written, as Python keeps them.
pub fn unescape_python_string(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\n') => {}
            Some(q @ ('\\' | '\'' | '"')) => out.push(q),
            Some(e @ ('x' | 'u' | 'U')) => super::yaml_scalar::push_hex_escape(e, &mut chars, &mut out),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_literals() {
        let src = "\"\"\"Doc.\"\"\"\n__title__ = {'en_us': 'Hi', \"de_de\": 'Hallo'}\n__context__ = ['selection', 'OST_Walls']\n__min_revit_ver__ = 2021\n__beta__ = True\nx = 1\n__author__ = get()\ndef f():\n    __title__ = 'no'\n__doc__ = ('a'\n    'b')\n";
        let got = dunder_assignments(src);
        let names: Vec<_> = got.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["__title__", "__context__", "__min_revit_ver__", "__beta__", "__author__", "__doc__"]);
        let title = got[0].literal.as_ref().and_then(|n| n.as_mapping()).expect("dict");
        assert_eq!(title.value("de_de").and_then(|n| n.as_str()), Some("Hallo"));
        assert_eq!(&src[title.entries[1].key.range.as_usize()], "\"de_de\"");
        assert_eq!(got[2].literal.as_ref().and_then(|n| n.as_str()), Some("2021"));
        assert!(got[4].literal.is_none());
        assert_eq!(got[5].literal.as_ref().and_then(|n| n.as_str()), Some("ab"));
        assert!(got[5].multiline && !got[0].multiline);
    }

    #[test]
    fn strings_and_broken_input() {
        let got = dunder_assignments("__title__ = r'a\\nb'\n__doc__ = f'{x}'\n__x__ = 'é\\n'\n__y__ = [1, (\n");
        assert_eq!(got[0].literal.as_ref().and_then(|n| n.as_str()), Some("a\\nb"));
        assert!(got[1].literal.is_none());
        assert_eq!(got[2].literal.as_ref().and_then(|n| n.as_str()), Some("é\n"));
    }

    #[test]
    fn docstring_and_string_literals() {
        let src =
            "# c\n'''Doc''' \"more\"\n__title__ = rb'a' f'{x}b'\n__helpurl__ = {'en_us': 'u', 'k': call(), 'e': ''}\n";
        let m = module_meta(src);
        let doc = m.docstring.expect("docstring");
        assert_eq!(doc.literal.as_ref().and_then(|n| n.as_str()), Some("Docmore"));
        let contents: Vec<_> = doc.strings.iter().filter_map(|s| s.content).map(|r| &src[r.as_usize()]).collect();
        assert_eq!(contents, ["Doc", "more"]);
        let title = &m.assignments[0].strings;
        assert_eq!((title[0].prefix.as_str(), title[0].interpolated), ("rb", false));
        assert_eq!((title[1].prefix.as_str(), title[1].interpolated), ("f", true));
        assert_eq!(&src[title[0].range.as_usize()], "rb'a'");
        let help = &m.assignments[1].strings;
        assert!(m.assignments[1].literal.is_none());
        assert_eq!(help.len(), 2);
        assert!(help.iter().all(|s| s.in_dict));
        assert_eq!(help[0].content.map(|r| &src[r.as_usize()]), Some("u"));
        assert_eq!(help[1].content, None);
        assert!(module_meta("x = 1\n'''not a docstring'''\n").docstring.is_none());
    }
}
