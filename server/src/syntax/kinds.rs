//! Node kind and field names of a grammar, by id. `Node::kind` turns a C string into `&str`
//! (length and UTF-8 check) and `Node::child_by_field_name` compares C strings on every call; the
//! lowering asks for them hundreds of times per file, so each grammar's names are copied once.

use std::sync::LazyLock;

use tree_sitter::{Language, Node};

pub(crate) struct Names {
    kinds: Vec<Box<str>>,
    /// Field names; field id `i + 1` is `fields[i]`.
    fields: Vec<Box<str>>,
}

pub(crate) static YAML: LazyLock<Names> = LazyLock::new(|| Names::new(tree_sitter_yaml::LANGUAGE.into()));
pub(crate) static PYTHON: LazyLock<Names> = LazyLock::new(|| Names::new(tree_sitter_python::LANGUAGE.into()));

impl Names {
    fn new(lang: Language) -> Self {
        let kinds =
            (0..lang.node_kind_count()).map(|id| lang.node_kind_for_id(id as u16).unwrap_or_default().into()).collect();
        let fields =
            (1..=lang.field_count()).map(|id| lang.field_name_for_id(id as u16).unwrap_or_default().into()).collect();
        Names { kinds, fields }
    }

    /// `n.kind()`.
    pub(crate) fn kind<'t>(&'t self, n: Node<'t>) -> &'t str {
        match self.kinds.get(n.kind_id() as usize) {
            Some(k) if !k.is_empty() => k,
            _ => n.kind(), // ERROR and other built-in symbols
        }
    }

    /// `n.child_by_field_name(field)`.
    pub(crate) fn child<'t>(&self, n: Node<'t>, field: &str) -> Option<Node<'t>> {
        let i = self.fields.iter().position(|f| &**f == field)?;
        n.child_by_field_id(i as u16 + 1)
    }
}

/// `kind()` and `child_by_field_name()` of Python nodes, through [`PYTHON`].
pub(crate) trait PyNode<'t> {
    fn py_kind(&self) -> &'t str;
    fn py_field(&self, field: &str) -> Option<Node<'t>>;
}

impl<'t> PyNode<'t> for Node<'t> {
    fn py_kind(&self) -> &'t str {
        PYTHON.kind(*self)
    }
    fn py_field(&self, field: &str) -> Option<Node<'t>> {
        PYTHON.child(*self, field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_grammar() {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&tree_sitter_python::LANGUAGE.into()).unwrap();
        let tree = parser.parse("from a import b\nx = (\n", None).unwrap();
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            assert_eq!(PYTHON.kind(n), n.kind());
            for field in ["name", "module_name", "left", "right", "body"] {
                assert_eq!(PYTHON.child(n, field), n.child_by_field_name(field));
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
    }
}
