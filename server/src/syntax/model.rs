//! The spanned model of a metadata file (YAML or JSON), independent of tree-sitter and serde.
//!
//! Every scalar is kept as the string pyRevit would read (YamlDotNet hands pyRevit strings only),
//! with its byte range in the source. Duplicate keys are kept in order; analysis reports them.

use crate::base::TextRange;
use compact_str::CompactString;

/// Which syntax the document was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

/// One parsed metadata file. `root` is `None` for an empty file (or one whose only content broke).
#[derive(Clone, Debug, PartialEq)]
pub struct MetaDocument {
    pub format: Format,
    pub root: Option<Node>,
    /// One error per broken region, in source order.
    pub errors: Vec<SyntaxError>,
    /// YAML documents after the first (`---`); pyRevit ignores them, so they are not in the model.
    pub extra_documents: usize,
}

/// A syntax error over a byte range of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// A value with its source range.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub range: TextRange,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    Sequence(Sequence),
    Mapping(Mapping),
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` block scalar.
    Literal,
    /// `>` block scalar.
    Folded,
    /// Any JSON value that is not an array or object (string, number, bool, null).
    Json,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The string pyRevit reads: quotes removed, escapes processed, block and plain multi-line
    /// scalars folded per YAML rules. For JSON: string contents, or the literal text (`true`, `12`).
    pub text: CompactString,
    pub style: ScalarStyle,
    /// `~`, `null` (any case) or an empty node. `text` still holds what was written (`~`, `null`, ``).
    pub null: bool,
}

/// Made by [`Sequence::new`].
#[derive(Clone, Debug, PartialEq)]
pub struct Sequence {
    pub items: Vec<Node>,
    /// Written as `[a, b]` rather than `- a` lines.
    pub flow: bool,
    /// Some mapping among the items, at any depth, spells a key twice: a walk for duplicate keys
    /// skips the nodes without (a 10 MB list's 185,000 items, on every keystroke).
    dup_keys: bool,
}

/// Made by [`Mapping::new`].
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    pub entries: Vec<Entry>,
    /// Written as `{a: b}` rather than indented `a: b` lines.
    pub flow: bool,
    /// This mapping or one in its values, at any depth, spells a key twice ([`Sequence`]'s).
    dup_keys: bool,
}

/// `key: value`. `range` covers both.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Key,
    /// `None` when nothing follows the `:` (pyRevit reads an empty string).
    pub value: Option<Node>,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key as a string (quotes removed, escapes processed).
    pub text: CompactString,
    pub range: TextRange,
}

/// One step of a path from the root to a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// Mappings of at most this many entries are searched for duplicates without a map.
const SCANNED_ENTRIES: usize = 8;

impl Sequence {
    pub fn new(items: Vec<Node>, flow: bool) -> Self {
        let dup_keys = items.iter().any(Node::has_dup_keys);
        Sequence { items, flow, dup_keys }
    }

    /// [`Sequence::new`] when the caller knows whether some item spells a key twice (a 10 MB
    /// list's 185,000 items are not looked at on every keystroke).
    pub(crate) fn with_dup_keys(items: Vec<Node>, flow: bool, dup_keys: bool) -> Self {
        debug_assert_eq!(dup_keys, items.iter().any(Node::has_dup_keys), "a sequence's duplicate mark told wrong");
        Sequence { items, flow, dup_keys }
    }
}

impl Mapping {
    pub fn new(entries: Vec<Entry>, flow: bool) -> Self {
        let dup_keys = entries.iter().any(|e| e.value.as_ref().is_some_and(Node::has_dup_keys))
            || !duplicate_keys(&entries).is_empty();
        Mapping { entries, flow, dup_keys }
    }

    /// Each entry whose key an earlier entry spells already, with that first one's index, in order.
    pub fn duplicates(&self) -> Vec<(usize, usize)> {
        duplicate_keys(&self.entries)
    }

    /// The first entry whose key is exactly `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.text == key)
    }
    /// The value of the first entry named `key`, if it has one.
    pub fn value(&self, key: &str) -> Option<&Node> {
        self.get(key).and_then(|e| e.value.as_ref())
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Entry> {
        self.entries.iter()
    }
}

/// [`Mapping::duplicates`] of `entries`. First entry per key: a map, not a scan of the entries
/// before (quadratic on big files); a scan in a small mapping (a 10 MB list's hundreds of thousands
/// of items would make as many maps).
fn duplicate_keys(entries: &[Entry]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if entries.len() <= SCANNED_ENTRIES {
        for (i, e) in entries.iter().enumerate() {
            if let Some(first) = entries[..i].iter().position(|f| f.key.text == e.key.text) {
                found.push((i, first));
            }
        }
        return found;
    }
    let mut seen: crate::base::hash::HashMap<&str, usize> = Default::default();
    seen.reserve(entries.len());
    for (i, e) in entries.iter().enumerate() {
        match seen.entry(e.key.text.as_str()) {
            std::collections::hash_map::Entry::Occupied(o) => found.push((i, *o.get())),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    found
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = &'a Entry;
    type IntoIter = std::slice::Iter<'a, Entry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl Node {
    /// Some mapping in this node, itself included, spells a key twice ([`Mapping::duplicates`]).
    pub fn has_dup_keys(&self) -> bool {
        match &self.value {
            Value::Mapping(m) => m.dup_keys,
            Value::Sequence(s) => s.dup_keys,
            Value::Scalar(_) => false,
        }
    }
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.value {
            Value::Mapping(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_sequence(&self) -> Option<&Sequence> {
        match &self.value {
            Value::Sequence(s) => Some(s),
            _ => None,
        }
    }
    /// The scalar's text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }
}

impl MetaDocument {
    /// The root as a mapping (pyRevit ignores files whose root is anything else).
    pub fn root_mapping(&self) -> Option<&Mapping> {
        self.root.as_ref().and_then(Node::as_mapping)
    }

    /// Keys and indexes from the root to the innermost node (or entry key) containing `offset`
    /// (end-inclusive, as for a cursor). Empty when the offset is outside every entry.
    pub fn path_at(&self, offset: usize) -> Vec<PathSeg> {
        let mut path = Vec::new();
        let mut node = self.root.as_ref();
        while let Some(n) = node {
            node = None;
            match &n.value {
                Value::Mapping(m) => {
                    if let Some(e) = m.entries.iter().find(|e| e.range.contains_inclusive(offset)) {
                        path.push(PathSeg::Key(e.key.text.to_string()));
                        node = e.value.as_ref().filter(|v| v.range.contains_inclusive(offset));
                    }
                }
                Value::Sequence(s) => {
                    if let Some((i, item)) =
                        s.items.iter().enumerate().find(|(_, it)| it.range.contains_inclusive(offset))
                    {
                        path.push(PathSeg::Index(i));
                        node = Some(item);
                    }
                }
                Value::Scalar(_) => {}
            }
        }
        path
    }
}
