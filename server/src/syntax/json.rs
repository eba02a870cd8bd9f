//! JSON → [`MetaDocument`] with a small hand-written spanned reader (for `extension.json`).
//!
//! Never panics; after an error it skips to the next `,`, `}` or `]` of the same collection and
//! goes on, so everything outside the broken region stays in the model. Strings are unescaped;
//! numbers, `true`, `false` and `null` become scalars holding their JSON text.

use super::cursor::{flow_at, CursorContext, CursorPosition};
use super::model::*;
use crate::base::TextRange;

const MAX_DEPTH: usize = 128;

/// Parses JSON text into the spanned model (style [`ScalarStyle::Json`] for every scalar).
pub fn parse_json(text: &str) -> MetaDocument {
    let mut r = Reader {
        t: text,
        b: text.as_bytes(),
        // A UTF-8 byte-order mark (common from Windows editors) is not content.
        pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
        errors: Vec::new(),
        depth: 0,
    };
    r.ws();
    let root = if r.pos < r.b.len() { r.value() } else { None };
    r.ws();
    if r.pos < r.b.len() && r.errors.is_empty() {
        let s = r.pos;
        r.err(s, text.len(), "unexpected text after the JSON value");
    }
    MetaDocument { format: Format::Json, root, errors: r.errors, extra_documents: 0 }
}

/// Cursor context in a JSON file: key or value, the enclosing keys, and the partial word.
pub fn json_cursor_context(text: &str, offset: usize) -> CursorContext {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text.len() - text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').len();
    if start < offset && text[start..].starts_with(['{', '[']) {
        return flow_at(text, Vec::new(), None, start, offset, true);
    }
    CursorContext { path: Vec::new(), position: CursorPosition::Unknown, in_sequence_item: false, flow: false }
}

struct Reader<'a> {
    t: &'a str,
    b: &'a [u8],
    pos: usize,
    errors: Vec<SyntaxError>,
    depth: usize,
}

impl Reader<'_> {
    fn err(&mut self, start: usize, end: usize, msg: &str) {
        let end = end.max(start).min(self.b.len());
        self.errors.push(SyntaxError { range: TextRange::new(start.min(end), end), message: msg.to_string() });
    }

    fn ws(&mut self) {
        while self.pos < self.b.len() && matches!(self.b[self.pos], b' ' | b'\t' | b'\r' | b'\n') {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// End of the character at `at` (for one-character error ranges on any UTF-8 input).
    fn char_end(&self, at: usize) -> usize {
        self.t[at..].chars().next().map_or(at, |c| at + c.len_utf8())
    }

    /// Skips to the next `,` `}` `]` at this nesting level (not consumed).
    fn skip_junk(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    self.string_end();
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return,
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// Moves past a string starting at `pos` without decoding; returns whether it was closed.
    fn string_end(&mut self) -> bool {
        self.pos += 1;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return true;
                }
                b'\n' | b'\r' => return false,
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.b.len());
        false
    }

    fn value(&mut self) -> Option<Node> {
        let start = self.pos;
        match self.peek()? {
            b'{' | b'[' if self.depth >= MAX_DEPTH => {
                self.err(start, start + 1, "JSON nested too deeply");
                self.skip_junk();
                None
            }
            b'{' => Some(self.object()),
            b'[' => Some(self.array()),
            b'"' => {
                let (text, range) = self.string();
                Some(Node {
                    range,
                    value: Value::Scalar(Scalar { text: text.into(), style: ScalarStyle::Json, null: false }),
                })
            }
            b'-' | b'0'..=b'9' => self.number(),
            c if c.is_ascii_alphabetic() => {
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
                    self.pos += 1;
                }
                let word = &self.t[start..self.pos];
                if matches!(word, "true" | "false" | "null") {
                    let null = word == "null";
                    let value = Value::Scalar(Scalar { text: word.into(), style: ScalarStyle::Json, null });
                    Some(Node { range: TextRange::new(start, self.pos), value })
                } else {
                    self.err(start, self.pos, &format!("unexpected `{word}` (strings need double quotes)"));
                    self.skip_junk();
                    None
                }
            }
            _ => {
                let end = self.char_end(start);
                self.err(start, end, "expected a value");
                if matches!(self.peek(), Some(b',' | b'}' | b']')) {
                    return None;
                }
                self.skip_junk();
                None
            }
        }
    }

    fn number(&mut self) -> Option<Node> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let s = r.pos;
            while r.peek().is_some_and(|c| c.is_ascii_digit()) {
                r.pos += 1;
            }
            r.pos > s
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let mut ok = digits(self);
        if self.peek() == Some(b'.') {
            self.pos += 1;
            ok &= digits(self);
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            ok &= digits(self);
        }
        if !ok {
            self.err(start, self.pos, "invalid number");
            self.skip_junk();
            return None;
        }
        let value =
            Value::Scalar(Scalar { text: self.t[start..self.pos].into(), style: ScalarStyle::Json, null: false });
        Some(Node { range: TextRange::new(start, self.pos), value })
    }

    /// A string at `pos` (which holds `"`): decoded text and range (quotes included).
    fn string(&mut self) -> (String, TextRange) {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut seg = self.pos;
        loop {
            let Some(c) = self.peek() else {
                out.push_str(&self.t[seg..self.pos]);
                self.err(start, self.pos, "unclosed string");
                break;
            };
            match c {
                b'"' => {
                    out.push_str(&self.t[seg..self.pos]);
                    self.pos += 1;
                    break;
                }
                b'\n' | b'\r' => {
                    out.push_str(&self.t[seg..self.pos]);
                    self.err(start, self.pos, "unclosed string");
                    break;
                }
                b'\\' => {
                    out.push_str(&self.t[seg..self.pos]);
                    let esc_start = self.pos;
                    self.pos += 1;
                    let e = self.peek();
                    self.pos += 1;
                    match e {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => match self.hex4() {
                            Some(hi @ 0xD800..=0xDBFF) if self.t[self.pos..].starts_with("\\u") => {
                                self.pos += 2;
                                let lo = self.hex4().unwrap_or(0);
                                let cp = (0x10000 + ((hi - 0xD800) << 10)).wrapping_add(lo.wrapping_sub(0xDC00));
                                out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            }
                            Some(u) => out.push(char::from_u32(u).unwrap_or('\u{FFFD}')),
                            None => self.err(esc_start, self.pos, "invalid `\\u` escape"),
                        },
                        _ => {
                            self.pos = self.pos.min(self.b.len());
                            let end = if self.pos > esc_start + 1 { self.char_end(esc_start + 1) } else { self.pos };
                            self.pos = end;
                            self.err(esc_start, end, "invalid escape");
                        }
                    }
                    seg = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        (out, TextRange::new(start, self.pos))
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.t.get(self.pos..self.pos + 4)?;
        let v = u32::from_str_radix(h, 16).ok()?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        Some(v)
    }

    fn object(&mut self) -> Node {
        let start = self.pos;
        let errors_before = self.errors.len();
        self.pos += 1;
        self.depth += 1;
        let mut entries = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                None => {
                    if self.errors.len() == errors_before {
                        self.err(start, start + 1, "unclosed `{`");
                    }
                    break;
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b'"') => {}
                Some(b',') => {
                    self.err(self.pos, self.pos + 1, "unexpected `,`");
                    self.pos += 1;
                    continue;
                }
                Some(_) => {
                    let s = self.pos;
                    self.skip_junk();
                    let e = self.pos.max(self.char_end(s));
                    self.err(s, e, "expected a `\"key\"`");
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    }
                    if self.peek() == Some(b',') {
                        self.pos += 1;
                    }
                    continue;
                }
            }
            let member_errors = self.errors.len();
            let (key_text, key_range) = self.string();
            if self.errors.len() > member_errors {
                // Half-typed key: the error is reported, the entry is not modelled.
                self.skip_junk();
                self.after_member(b'}', true);
                continue;
            }
            let key = Key { text: key_text.into(), range: key_range };
            self.ws();
            let mut value = None;
            if self.peek() == Some(b':') {
                self.pos += 1;
                self.ws();
                match self.peek() {
                    Some(b',' | b'}') | None => {
                        let at = self.pos;
                        self.err(at.saturating_sub(1), at, "missing value after `:`");
                    }
                    _ => value = self.value(),
                }
            } else {
                let at = key_range.end as usize;
                self.err(key_range.start as usize, at, "missing `:` after the key");
                if !matches!(self.peek(), Some(b',' | b'}') | None) {
                    self.skip_junk();
                }
            }
            let end = value.as_ref().map_or(key_range.end, |v: &Node| v.range.end) as usize;
            entries.push(Entry { key, value, range: TextRange::new(key_range.start as usize, end) });
            let had_error = self.errors.len() > member_errors;
            self.after_member(b'}', had_error);
        }
        self.depth -= 1;
        Node { range: TextRange::new(start, self.pos), value: Value::Mapping(Mapping::new(entries, true)) }
    }

    fn array(&mut self) -> Node {
        let start = self.pos;
        let errors_before = self.errors.len();
        self.pos += 1;
        self.depth += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                None => {
                    if self.errors.len() == errors_before {
                        self.err(start, start + 1, "unclosed `[`");
                    }
                    break;
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(b'}') => {
                    self.err(self.pos, self.pos + 1, "unexpected `}`");
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let member_errors = self.errors.len();
            if let Some(v) = self.value() {
                items.push(v);
            }
            let had_error = self.errors.len() > member_errors;
            self.after_member(b']', had_error);
        }
        self.depth -= 1;
        Node { range: TextRange::new(start, self.pos), value: Value::Sequence(Sequence::new(items, true)) }
    }

    /// After a member: `,` (not trailing), the closing bracket (left for the caller), a missing
    /// comma (the next member starts right away), or junk. `had_error`: the member already
    /// reported an error, so what follows is part of the same broken region.
    fn after_member(&mut self, close: u8, had_error: bool) {
        self.ws();
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.ws();
                if self.peek() == Some(close) && !had_error {
                    self.err(comma, comma + 1, "trailing comma");
                }
            }
            Some(c) if c == close => {}
            None => {}
            // The next member starts right away: a missing comma (silent after a broken member).
            Some(c) if c == b'"' || (close == b']' && starts_value(c)) => {
                let s = self.pos;
                if !had_error {
                    self.err(s, s + 1, "missing `,`");
                }
            }
            Some(_) => {
                if !had_error {
                    let s = self.pos;
                    let e = self.char_end(s);
                    self.err(s, e, &format!("expected `,` or `{}`", close as char));
                }
                self.skip_junk();
                if self.peek() == Some(b',') {
                    self.pos += 1;
                }
            }
        }
    }
}

fn starts_value(c: u8) -> bool {
    matches!(c, b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
}
