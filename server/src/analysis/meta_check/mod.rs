//! Checks of metadata keys and values (spec §2–§5, §9, §10): `bundle.yaml`, the extension
//! manifests and in-script metadata globals. Syntax errors are reported elsewhere; these checks
//! read the parsed model and never fail on broken input.

mod bundle;
mod context;
mod layout;
mod locales;
mod manifest;
mod script;
mod values;

use std::path::Path;

use crate::analysis::{Diagnostic, Fix, Severity};
use crate::base::TextRange;
use crate::syntax::{Node, ScalarStyle};

pub(crate) use bundle::bundle_yaml;
pub(crate) use layout::layout_items;
pub(crate) use manifest::manifest;
pub(crate) use script::script_metadata;

/// The file being checked and the findings so far.
pub(crate) struct Sink<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub out: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Sink { path, text, out: Vec::new() }
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
    pub fn diag(&mut self, code: &'static str, sev: Severity, range: TextRange, msg: impl Into<String>) {
        self.out.push(Diagnostic::new(code, sev, range, msg));
    }
    /// A fix replacing `range` of this file.
    pub fn fix(&self, title: impl Into<String>, range: TextRange, new_text: impl Into<String>) -> Fix {
        Fix::replace(title, self.path.to_path_buf(), range, new_text)
    }
    /// `range` without the quotes around it, if the source has them (`"fr-FR"` → `fr-FR`).
    pub fn unquoted(&self, range: TextRange) -> TextRange {
        let Some(src) = self.text.get(range.as_usize()) else { return range };
        let quoted = src.len() >= 2
            && ((src.starts_with('"') && src.ends_with('"')) || (src.starts_with('\'') && src.ends_with('\'')));
        if quoted {
            TextRange::new(range.start as usize + 1, range.end as usize - 1)
        } else {
            range
        }
    }
    /// Source offset where a scalar's text starts, when the source spells the text literally
    /// (plain, or quoted without escapes): offsets inside the text then map one to one.
    pub fn scalar_start(&self, node: &Node) -> Option<usize> {
        let s = node.as_scalar()?;
        let src = self.text.get(node.range.as_usize())?;
        if src == s.text && matches!(s.style, ScalarStyle::Plain | ScalarStyle::Json) {
            return Some(node.range.start as usize);
        }
        let inner = src.get(1..src.len().checked_sub(1)?)?;
        let quoted = matches!(s.style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted | ScalarStyle::Json)
            || src.starts_with(['"', '\'']);
        (quoted && inner == s.text).then_some(node.range.start as usize + 1)
    }
    /// A sub-range of a scalar's text as a source range; the whole node when it cannot be mapped.
    pub fn sub_range(&self, node: &Node, rel: TextRange) -> (TextRange, bool) {
        match self.scalar_start(node) {
            Some(s) => (TextRange::new(s + rel.start as usize, s + rel.end as usize), true),
            None => (node.range, false),
        }
    }
}

/// The closest candidate by edit distance (case-insensitive), if close enough to be a typo.
pub(crate) fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let w = word.to_lowercase();
    let max = match w.chars().count() {
        0..=2 => return None,
        3..=7 => 1,
        _ => 2,
    };
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&w, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The first line of a file (without its line break), for findings about the whole file.
pub(crate) fn first_line(text: &str) -> TextRange {
    let end = text.find(['\r', '\n']).unwrap_or(text.len());
    TextRange::new(0, end)
}

/// Display a node's shape in messages.
pub(crate) fn shape_name(node: &Node) -> &'static str {
    match &node.value {
        crate::syntax::Value::Scalar(_) => "a plain value",
        crate::syntax::Value::Sequence(_) => "a list",
        crate::syntax::Value::Mapping(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_words() {
        assert_eq!(closest("tooltop", ["title", "tooltip"]), Some("tooltip"));
        assert_eq!(closest("titel", ["title", "tooltip"]), Some("title"));
        assert_eq!(closest("version", ["title", "tooltip", "author"]), None);
        // A plausible template name two edits from a key is not a typo.
        assert_eq!(closest("contact", ["context"]), None);
        assert_eq!(closest("selectoin", ["selection"]), Some("selection"));
        assert_eq!(closest("ab", ["ab"]), None);
        assert_eq!(first_line("a: b\nc"), TextRange::new(0, 4));
    }
}
