//! Finding `{{name}}` tags in text, and mapping them from a scalar's value back to source bytes.

use crate::base::TextRange;
use crate::knowledge::templates::{CLOSE, OPEN};

/// One `{{name}}` in a string: the name and the byte range of the whole tag in that string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub range: TextRange,
}

/// Every `{{name}}` in `text`: a name is one or more characters other than braces and white
/// space (pyRevit replaces the literal `{{key}}`, so `{{ key }}` never matches a key).
pub fn tags(text: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find(OPEN)) {
        let open = from + rel;
        let name_start = open + OPEN.len();
        // `{{{x}}`: the tag starts at the last of a run of braces.
        if text[name_start..].starts_with('{') {
            from = open + 1;
            continue;
        }
        let rest = &text[name_start..];
        let name_len = rest.find(|c: char| c == '{' || c == '}' || c.is_whitespace()).unwrap_or(rest.len());
        if name_len > 0 && rest[name_len..].starts_with(CLOSE) {
            let end = name_start + name_len + CLOSE.len();
            out.push(Tag { name: rest[..name_len].to_string(), range: TextRange::new(open, end) });
            from = end;
        } else {
            from = name_start;
        }
    }
    out
}

/// The tag being typed at `offset` in `line_prefix_text` (text before the cursor, same line):
/// the byte offset just after its `{{` and the partial name, when the cursor is inside `{{…`.
pub fn open_tag_before(text: &str, offset: usize) -> Option<usize> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let open = line.rfind(OPEN)?;
    let partial = &line[open + OPEN.len()..];
    if partial.contains(['{', '}']) || partial.chars().any(char::is_whitespace) {
        return None;
    }
    Some(line_start + open + OPEN.len())
}

/// Tags of a scalar placed in the source. `value` is the scalar as the loader reads it, `source`
/// the raw text of the node starting at `base`. When the raw text holds the same tags in the same
/// order, each tag gets its precise source range; otherwise (escapes inside a tag, folded lines)
/// every tag gets `fallback` and `exact` is false.
pub fn placed_tags(value: &str, source: &str, base: usize, fallback: TextRange) -> Vec<(Tag, bool)> {
    let from_value = tags(value);
    if from_value.is_empty() {
        return Vec::new();
    }
    let from_source = tags(source);
    let same =
        from_source.len() == from_value.len() && from_source.iter().zip(&from_value).all(|(a, b)| a.name == b.name);
    if same {
        from_source
            .into_iter()
            .map(|t| {
                let range = TextRange::new(base + t.range.start as usize, base + t.range.end as usize);
                (Tag { name: t.name, range }, true)
            })
            .collect()
    } else {
        from_value.into_iter().map(|t| (Tag { name: t.name, range: fallback }, false)).collect()
    }
}

/// The range of the name inside a tag range (without the braces).
pub fn name_range(tag: TextRange) -> TextRange {
    let start = tag.start as usize + OPEN.len();
    let end = (tag.end as usize).saturating_sub(CLOSE.len()).max(start);
    TextRange::new(start, end)
}

/// `text` with each `{{name}}` replaced once by `lookup(name)` (no recursive expansion; unknown
/// names stay as written).
pub fn substitute(text: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for t in tags(text) {
        if let Some(v) = lookup(&t.name) {
            out.push_str(&text[last..t.range.start as usize]);
            out.push_str(&v);
            last = t.range.end as usize;
        }
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, u32, u32)> {
        tags(text).into_iter().map(|t| (t.name, t.range.start, t.range.end)).collect()
    }

    #[test]
    fn finds_tags() {
        assert_eq!(names("a {{x}} b {{y_1}}"), [("x".into(), 2, 7), ("y_1".into(), 10, 17)]);
        assert_eq!(names("{{{x}}}"), [("x".into(), 1, 6)]);
        assert!(names("{{ x }} {{}} {{x} {x}} {{").is_empty());
        assert_eq!(names("{{é}}"), [("é".into(), 0, 6)]);
    }

    #[test]
    fn open_tag() {
        assert_eq!(open_tag_before("t: '{{yo", 8), Some(6));
        assert_eq!(open_tag_before("t: '{{", 6), Some(6));
        assert_eq!(open_tag_before("t: '{{a}} x", 11), None);
        assert_eq!(open_tag_before("{{a\nb", 5), None);
        assert_eq!(open_tag_before("ab", 9), None);
    }

    #[test]
    fn placing() {
        let fb = TextRange::new(0, 99);
        let placed = placed_tags("see {{a}}", "'see {{a}}'", 10, fb);
        assert_eq!(placed, [(Tag { name: "a".into(), range: TextRange::new(15, 20) }, true)]);
        let placed = placed_tags("{{ab}}", r#""{{a\x62}}""#, 0, fb);
        assert_eq!(placed, [(Tag { name: "ab".into(), range: fb }, false)]);
        assert_eq!(name_range(TextRange::new(15, 20)), TextRange::new(17, 18));
    }

    #[test]
    fn substitution() {
        let look = |n: &str| (n == "a").then(|| "{{b}}".to_string());
        assert_eq!(substitute("x{{a}}y{{c}}", look), "x{{b}}y{{c}}");
    }
}
