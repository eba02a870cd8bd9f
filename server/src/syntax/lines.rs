//! Line scanning shared by YAML error recovery and cursor context: indentation, content lines.

/// One line of a text region. Offsets are bytes into the whole text.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub start: usize,
    /// End of the line's text, before `\r\n` / `\n`.
    pub end: usize,
    /// Start of the next line (or the end of the region).
    pub next: usize,
    /// Offset of the first character that is not a space or tab.
    pub text_start: usize,
    /// The leading whitespace contains a tab.
    pub tab_indent: bool,
    /// A byte-order mark starts the line (first line only); it is not indentation.
    pub bom: bool,
}

impl Line {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.text_start..self.end).unwrap_or("")
    }
    /// Has something other than whitespace and a comment.
    pub fn is_content(&self, src: &str) -> bool {
        let t = self.text(src);
        !t.is_empty() && !t.starts_with('#')
    }
    /// Visual column of the text start (tabs count as one).
    pub fn column(&self) -> usize {
        self.text_start - self.start - if self.bom { BOM.len() } else { 0 }
    }
}

const BOM: &str = "\u{feff}";

/// The lines of `src[start..end]` (`start` must be a line start).
pub fn lines(src: &str, start: usize, end: usize) -> Vec<Line> {
    line_iter(src, start, end).collect()
}

/// [`lines`] one at a time (a pass over a 10 MB file need not hold 150,000 of them).
pub fn line_iter(src: &str, start: usize, end: usize) -> impl Iterator<Item = Line> + '_ {
    let bytes = src.as_bytes();
    let end = end.min(src.len());
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= end {
            return None;
        }
        let nl = memchr::memchr(b'\n', &bytes[pos..end]).map(|i| pos + i);
        let (mut line_end, next) = match nl {
            Some(i) => (i, i + 1),
            None => (end, end),
        };
        if line_end > pos && bytes[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let bom = pos == 0 && src[..line_end].starts_with(BOM);
        let mut text_start = if bom { BOM.len() } else { pos };
        let mut tab_indent = false;
        while text_start < line_end && (bytes[text_start] == b' ' || bytes[text_start] == b'\t') {
            if bytes[text_start] == b'\t' {
                tab_indent = true;
            }
            text_start += 1;
        }
        let line = Line { start: pos, end: line_end, next, text_start, tab_indent, bom };
        pos = next;
        Some(line)
    })
}

/// The `key:` at the start of `s` (a line's text after indentation and any `- `): returns the raw
/// key text and the byte length up to and including the `:`. The `:` must be followed by a space,
/// a tab or the end of `s`. Quoted keys are recognised; flow collections are not keys.
pub fn split_key(s: &str) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    // No `:` at all (most lines of a long text): no key, found at memchr speed.
    memchr::memchr(b':', b)?;
    let first = *b.first()?;
    if matches!(first, b'[' | b'{' | b'#' | b'-' | b'|' | b'>' | b'&' | b'*' | b'!') && !is_dash_word(s) {
        return None;
    }
    let mut i = 0;
    if first == b'"' || first == b'\'' {
        i = 1;
        while i < b.len() {
            if b[i] == b'\\' && first == b'"' {
                i += 2;
                continue;
            }
            if b[i] == first {
                if first == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                break;
            }
            i += 1;
        }
        i = (i + 1).min(b.len());
    }
    while i < b.len() {
        if b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ') | Some(b'\t') | Some(b'\r')) {
            return Some((s[..i].trim_end(), i + 1));
        }
        if b[i] == b'#' && i > 0 && (b[i - 1] == b' ' || b[i - 1] == b'\t') {
            return None;
        }
        i += 1;
    }
    None
}

/// `-foo` is a plain word, not a sequence dash.
fn is_dash_word(s: &str) -> bool {
    s.starts_with('-') && s.len() > 1 && !s[1..].starts_with([' ', '\t'])
}

/// Strips sequence dashes (`- `, `- - `) from a line's text; returns the rest and how many bytes
/// were removed.
pub fn strip_dashes(s: &str) -> (&str, usize) {
    let mut rest = s;
    loop {
        if rest == "-" {
            return ("", s.len());
        }
        match rest.strip_prefix('-') {
            Some(r) if r.starts_with([' ', '\t']) => rest = r.trim_start_matches([' ', '\t']),
            _ => return (rest, s.len() - rest.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_dashes() {
        assert_eq!(split_key("title: Foo"), Some(("title", 6)));
        assert_eq!(split_key("title:"), Some(("title", 6)));
        assert_eq!(split_key("url: http://x"), Some(("url", 4)));
        assert_eq!(split_key("http://x"), None);
        assert_eq!(split_key("\"a: b\": c"), Some(("\"a: b\"", 7)));
        assert_eq!(split_key("[a, b]"), None);
        assert_eq!(split_key("a # c: d"), None);
        assert_eq!(strip_dashes("- - x"), ("x", 4));
        assert_eq!(strip_dashes("-x"), ("-x", 0));
        assert_eq!(strip_dashes("-"), ("", 1));
    }

    #[test]
    fn line_scan() {
        let src = "a: 1\r\n  b\n\t c";
        let ls = lines(src, 0, src.len());
        assert_eq!(ls.len(), 3);
        assert_eq!((ls[0].end, ls[0].next), (4, 6));
        assert_eq!((ls[1].column(), ls[1].text(src)), (2, "b"));
        assert!(ls[2].tab_indent);
        let bom = "\u{feff}  a: b";
        let ls = lines(bom, 0, bom.len());
        assert_eq!((ls[0].column(), ls[0].text(bom)), (2, "a: b"));
    }
}
