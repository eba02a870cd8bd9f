//! Parser for the runtime context string (`(a&b)|!(c;d)`): groups in parentheses, one operator
//! kind per group (`&`, `|` or `;`), `!` right before a group, groups joined at the top level, no
//! nesting. Every other character, spaces included, belongs to a token. Ranges are byte ranges
//! relative to the parsed string. No keyword knowledge here.
//!
//! A string without any parenthesis is read as one implicit group (the loaders wrap a YAML string
//! in `(…)`), so `selection&OST_Walls` gives one group of two tokens.

use crate::base::TextRange;

/// The operators of the grammar.
const OPS: [char; 3] = ['&', '|', ';'];

/// One parsed context string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextExpr {
    pub groups: Vec<ContextGroup>,
    /// Top-level operators between groups, with their ranges.
    pub joins: Vec<(char, TextRange)>,
    pub errors: Vec<ContextError>,
}

/// A group: `(a&b)`, `!(a|b)`, or the implicit group of a string without parentheses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextGroup {
    /// The range of the `!` before the group.
    pub negated: Option<TextRange>,
    /// From `!` (or `(`) to `)` (or where the group stopped).
    pub range: TextRange,
    /// Written with parentheses.
    pub parens: bool,
    /// The group's operator (the first one seen), `None` for a single token.
    pub op: Option<char>,
    pub tokens: Vec<ContextToken>,
}

/// A token exactly as the runtime sees it (spaces included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextToken {
    pub text: String,
    pub range: TextRange,
}

impl ContextToken {
    /// The token without surrounding whitespace, and its range.
    pub fn trimmed(&self) -> (&str, TextRange) {
        let start = self.text.len() - self.text.trim_start().len();
        let t = self.text.trim();
        let s = self.range.start as usize + start;
        (t, TextRange::new(s, s + t.len()))
    }
    /// The token has whitespace at either end.
    pub fn has_stray_spaces(&self) -> bool {
        !self.text.trim().is_empty() && self.text.trim().len() != self.text.len()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextErrorKind {
    /// `(` inside an open group: the runtime does not nest; it only ends the current token.
    NestedGroup,
    /// A second operator kind inside one group (`a&b|c`), or between groups (`(a)&(b)|(c)`).
    MixedOperators { first: char, second: char },
    /// `(` never closed.
    UnclosedGroup,
    /// `)` with no open group.
    UnmatchedClose,
    /// Nothing (or only spaces) between two operators, or `()`.
    EmptyToken,
    /// `!` not directly followed by `(`.
    NotWithoutGroup,
    /// `!` inside a group (the runtime skips the character).
    NotInsideGroup,
    /// Two groups with no operator between them (`(a)(b)`).
    MissingOperator,
    /// Token text at the top level of a string that has groups (`a&(b)`).
    TextOutsideGroup,
    /// An operator with no group on one side (`(a)&`, `|(a)`).
    DanglingOperator,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContextError {
    pub kind: ContextErrorKind,
    pub range: TextRange,
}

impl ContextErrorKind {
    /// A short English description.
    pub fn describe(self) -> String {
        match self {
            ContextErrorKind::NestedGroup => {
                "groups do not nest: `(` inside a group only ends the current token".into()
            }
            ContextErrorKind::MixedOperators { first, second } => {
                format!("a group joins its items with one operator; `{second}` after `{first}`")
            }
            ContextErrorKind::UnclosedGroup => "unclosed `(`".into(),
            ContextErrorKind::UnmatchedClose => "`)` without a matching `(`".into(),
            ContextErrorKind::EmptyToken => "empty condition".into(),
            ContextErrorKind::NotWithoutGroup => "`!` must come right before a `(` group".into(),
            ContextErrorKind::NotInsideGroup => "`!` inside a group".into(),
            ContextErrorKind::MissingOperator => "groups must be joined by `&`, `|` or `;`".into(),
            ContextErrorKind::TextOutsideGroup => "condition outside of a `(…)` group".into(),
            ContextErrorKind::DanglingOperator => "operator without a group on both sides".into(),
        }
    }
}

/// Parse a runtime context string. Never fails; problems are in `errors`.
pub fn parse_context_expr(text: &str) -> ContextExpr {
    if !text.contains(['(', ')', '!']) {
        let mut out = ContextExpr::default();
        let mut group = new_group(None, 0, false);
        let mut errs = Vec::new();
        fill_tokens(text, 0, &mut group, &mut errs);
        group.range = TextRange::new(0, text.len());
        out.groups.push(group);
        out.errors = errs;
        return out;
    }
    Parser { text, out: ContextExpr::default() }.run()
}

fn new_group(negated: Option<TextRange>, start: usize, parens: bool) -> ContextGroup {
    ContextGroup { negated, range: TextRange::new(start, start), parens, op: None, tokens: Vec::new() }
}

/// Split `body` (starting at `base`) into tokens by operators, recording the group operator.
fn fill_tokens(body: &str, base: usize, group: &mut ContextGroup, errors: &mut Vec<ContextError>) {
    for (i, _) in body.match_indices('!') {
        errors.push(ContextError {
            kind: ContextErrorKind::NotInsideGroup,
            range: TextRange::new(base + i, base + i + 1),
        });
    }
    let mut start = 0;
    for (i, ch) in body.char_indices().chain(std::iter::once((body.len(), '\0'))) {
        let is_op = OPS.contains(&ch);
        if !is_op && ch != '\0' {
            continue;
        }
        let tok = &body[start..i];
        let range = TextRange::new(base + start, base + i);
        if tok.trim().is_empty() {
            // `()` and a lone token are handled by the caller; here: between operators.
            if !(body.trim().is_empty() && ch == '\0') {
                errors.push(ContextError { kind: ContextErrorKind::EmptyToken, range });
            }
        } else {
            group.tokens.push(ContextToken { text: tok.to_string(), range });
        }
        if is_op {
            match group.op {
                None => group.op = Some(ch),
                Some(first) if first != ch => errors.push(ContextError {
                    kind: ContextErrorKind::MixedOperators { first, second: ch },
                    range: TextRange::new(base + i, base + i + 1),
                }),
                Some(_) => {}
            }
        }
        start = i + ch.len_utf8();
    }
    if body.trim().is_empty() {
        errors
            .push(ContextError { kind: ContextErrorKind::EmptyToken, range: TextRange::new(base, base + body.len()) });
    }
}

struct Parser<'a> {
    text: &'a str,
    out: ContextExpr,
}

impl Parser<'_> {
    fn err(&mut self, kind: ContextErrorKind, start: usize, end: usize) {
        self.out.errors.push(ContextError { kind, range: TextRange::new(start, end) });
    }

    fn run(mut self) -> ContextExpr {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = 0;
        // What the last top-level item was: a group, an operator, or nothing yet.
        let mut last_was_group = false;
        let mut last_op: Option<TextRange> = None;
        let mut pending_not: Option<TextRange> = None;
        while i < bytes.len() {
            let ch = bytes[i];
            match ch {
                b'(' => {
                    if last_was_group {
                        self.err(ContextErrorKind::MissingOperator, i, i + 1);
                    }
                    let start = pending_not.map_or(i, |r| r.start as usize);
                    i = self.group(pending_not.take(), start, i + 1);
                    last_was_group = true;
                    last_op = None;
                }
                b')' => {
                    self.err(ContextErrorKind::UnmatchedClose, i, i + 1);
                    i += 1;
                }
                b'!' => {
                    if let Some(r) = pending_not.take() {
                        self.err(ContextErrorKind::NotWithoutGroup, r.start as usize, r.end as usize);
                    }
                    if last_was_group {
                        self.err(ContextErrorKind::MissingOperator, i, i + 1);
                        last_was_group = false;
                    }
                    pending_not = Some(TextRange::new(i, i + 1));
                    i += 1;
                }
                b'&' | b'|' | b';' => {
                    if let Some(r) = pending_not.take() {
                        self.err(ContextErrorKind::NotWithoutGroup, r.start as usize, r.end as usize);
                    }
                    let r = TextRange::new(i, i + 1);
                    if !last_was_group {
                        self.err(ContextErrorKind::DanglingOperator, i, i + 1);
                    }
                    if let Some(&(first, _)) = self.out.joins.last().filter(|(c, _)| *c != ch as char) {
                        self.err(ContextErrorKind::MixedOperators { first, second: ch as char }, i, i + 1);
                    }
                    self.out.joins.push((ch as char, r));
                    last_op = Some(r);
                    last_was_group = false;
                    i += 1;
                }
                _ => {
                    // Bare text at the top level, up to the next special character.
                    let end = text[i..].find(['(', ')', '!', '&', '|', ';']).map_or(text.len(), |p| i + p);
                    if let Some(r) = pending_not.take() {
                        self.err(ContextErrorKind::NotWithoutGroup, r.start as usize, r.end as usize);
                    }
                    let body = &text[i..end];
                    if !body.trim().is_empty() {
                        self.err(ContextErrorKind::TextOutsideGroup, i, end);
                        let mut g = new_group(None, i, false);
                        g.tokens.push(ContextToken { text: body.to_string(), range: TextRange::new(i, end) });
                        g.range = TextRange::new(i, end);
                        if last_was_group {
                            self.err(ContextErrorKind::MissingOperator, i, end);
                        }
                        self.out.groups.push(g);
                        last_was_group = true;
                        last_op = None;
                    }
                    i = end;
                }
            }
        }
        if let Some(r) = pending_not {
            self.err(ContextErrorKind::NotWithoutGroup, r.start as usize, r.end as usize);
        }
        if let Some(r) = last_op {
            self.err(ContextErrorKind::DanglingOperator, r.start as usize, r.end as usize);
        }
        self.out.errors.sort_by_key(|e| (e.range.start, e.range.end));
        self.out
    }

    /// Parse a group whose body starts at `body_start` (after `(`); returns the index after it.
    fn group(&mut self, negated: Option<TextRange>, start: usize, body_start: usize) -> usize {
        let text = self.text;
        let mut g = new_group(negated, start, true);
        let mut errs = Vec::new();
        let mut seg_start = body_start;
        let mut i = body_start;
        let end;
        loop {
            match text[i..].find(['(', ')']).map(|p| i + p) {
                Some(p) if text.as_bytes()[p] == b'(' => {
                    // Nested `(`: ends the current token; the runtime keeps reading the group.
                    self.err(ContextErrorKind::NestedGroup, p, p + 1);
                    fill_segment(&text[seg_start..p], seg_start, &mut g, &mut errs);
                    seg_start = p + 1;
                    i = p + 1;
                }
                Some(p) => {
                    fill_segment(&text[seg_start..p], seg_start, &mut g, &mut errs);
                    if g.tokens.is_empty() && !errs.iter().any(|e| e.kind == ContextErrorKind::EmptyToken) {
                        errs.push(ContextError {
                            kind: ContextErrorKind::EmptyToken,
                            range: TextRange::new(start, p + 1),
                        });
                    }
                    end = p + 1;
                    break;
                }
                None => {
                    fill_segment(&text[seg_start..], seg_start, &mut g, &mut errs);
                    self.err(ContextErrorKind::UnclosedGroup, body_start - 1, body_start);
                    end = text.len();
                    break;
                }
            }
        }
        g.range = TextRange::new(start, end);
        self.out.errors.extend(errs);
        self.out.groups.push(g);
        end
    }
}

/// Tokens of one segment of a group body (segments are split by nested `(`).
fn fill_segment(body: &str, base: usize, group: &mut ContextGroup, errors: &mut Vec<ContextError>) {
    if body.is_empty() {
        return;
    }
    fill_tokens(body, base, group, errors);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        let e = parse_context_expr(text);
        let mut s = String::new();
        for g in &e.groups {
            let toks: Vec<String> = g.tokens.iter().map(|t| format!("{:?}@{}", t.text, t.range.start)).collect();
            s.push_str(&format!(
                "{}{}[{}..{}]{:?} {} ",
                if g.negated.is_some() { "!" } else { "" },
                if g.parens { "()" } else { "" },
                g.range.start,
                g.range.end,
                g.op,
                toks.join(",")
            ));
        }
        let joins: String = e.joins.iter().map(|(c, _)| *c).collect();
        s.push_str(&format!("joins={joins:?}"));
        for er in &e.errors {
            s.push_str(&format!(" ERR {:?}@{}..{}", er.kind, er.range.start, er.range.end));
        }
        s
    }

    #[test]
    fn implicit_group() {
        assert_eq!(show("selection"), r#"[0..9]None "selection"@0 joins="""#);
        assert_eq!(show("a&b"), r#"[0..3]Some('&') "a"@0,"b"@2 joins="""#);
        assert_eq!(show("a & b"), r#"[0..5]Some('&') "a "@0," b"@3 joins="""#);
        assert_eq!(
            show("a&b|c"),
            r#"[0..5]Some('&') "a"@0,"b"@2,"c"@4 joins="" ERR MixedOperators { first: '&', second: '|' }@3..4"#
        );
        assert_eq!(show("a&&b"), r#"[0..4]Some('&') "a"@0,"b"@3 joins="" ERR EmptyToken@2..2"#);
        assert_eq!(show(""), r#"[0..0]None  joins="" ERR EmptyToken@0..0"#);
    }

    #[test]
    fn groups_and_joins() {
        assert_eq!(
            show("(selection&OST_Walls)|!(active-3d-view)"),
            r#"()[0..21]Some('&') "selection"@1,"OST_Walls"@11 !()[22..39]None "active-3d-view"@24 joins="|""#
        );
        assert_eq!(show("(a;b)"), r#"()[0..5]Some(';') "a"@1,"b"@3 joins="""#);
        assert_eq!(
            show("(a)&(b)|(c)"),
            r#"()[0..3]None "a"@1 ()[4..7]None "b"@5 ()[8..11]None "c"@9 joins="&|" ERR MixedOperators { first: '&', second: '|' }@7..8"#
        );
        assert_eq!(show("(a!b)"), r#"()[0..5]None "a!b"@1 joins="" ERR NotInsideGroup@2..3"#);
    }

    #[test]
    fn errors() {
        assert_eq!(
            show("((a)|(b))"),
            r#"()[0..4]None "a"@2 ()[5..8]None "b"@6 joins="|" ERR NestedGroup@1..2 ERR UnmatchedClose@8..9"#
        );
        assert_eq!(show("(a&b"), r#"()[0..4]Some('&') "a"@1,"b"@3 joins="" ERR UnclosedGroup@0..1"#);
        assert_eq!(show("a)"), r#"[0..1]None "a"@0 joins="" ERR TextOutsideGroup@0..1 ERR UnmatchedClose@1..2"#);
        assert_eq!(show("()"), r#"()[0..2]None  joins="" ERR EmptyToken@0..2"#);
        assert_eq!(show("(a)(b)"), r#"()[0..3]None "a"@1 ()[3..6]None "b"@4 joins="" ERR MissingOperator@3..4"#);
        assert_eq!(show("!a"), r#"[1..2]None "a"@1 joins="" ERR NotWithoutGroup@0..1 ERR TextOutsideGroup@1..2"#);
        assert_eq!(show("(a)&"), r#"()[0..3]None "a"@1 joins="&" ERR DanglingOperator@3..4"#);
    }

    #[test]
    fn token_helpers() {
        let e = parse_context_expr("(selection & doc-project)");
        let t = &e.groups[0].tokens;
        assert!(t[0].has_stray_spaces() && t[1].has_stray_spaces());
        assert_eq!(t[1].trimmed(), ("doc-project", TextRange::new(13, 24)));
    }

    #[test]
    fn never_panics_on_unicode() {
        for s in ["(é&ü)|!(ß", "!!((", "日本;語)", ")(", "&|;!", "( ) ( )"] {
            let e = parse_context_expr(s);
            for t in e.groups.iter().flat_map(|g| &g.tokens) {
                assert_eq!(&s[t.range.as_usize()], t.text);
            }
        }
    }

    #[test]
    fn every_short_string_keeps_ranges_valid() {
        let alphabet = ['(', ')', '&', '|', ';', '!', ' ', 'a'];
        let mut buf = String::new();
        fn go(buf: &mut String, alphabet: &[char], depth: usize) {
            let e = parse_context_expr(buf);
            for t in e.groups.iter().flat_map(|g| &g.tokens) {
                assert_eq!(&buf[t.range.as_usize()], t.text, "{buf:?}");
            }
            for er in &e.errors {
                assert!(er.range.end as usize <= buf.len(), "{buf:?}");
            }
            if depth == 0 {
                return;
            }
            for c in alphabet {
                buf.push(*c);
                go(buf, alphabet, depth - 1);
                buf.pop();
            }
        }
        go(&mut buf, &alphabet, 5);
    }
}
