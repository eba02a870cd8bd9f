//! YAML scalar text as a YAML reader (YamlDotNet, hence pyRevit) sees it: quotes removed, escapes
//! processed, line breaks folded, block scalars (`|`, `>`, chomping `-`/`+`) applied.

use super::model::ScalarStyle;

/// A plain (unquoted) scalar: lines trimmed; a single line break folds to a space, `n` blank lines
/// become `n` newlines.
pub fn plain(raw: &str) -> String {
    fold(raw.split('\n').map(|l| l.trim_matches(|c| c == ' ' || c == '\t' || c == '\r')))
}

/// Inside of a `'…'` scalar (without the quotes): `''` is one quote; lines fold as in [`plain`].
pub fn single_quoted(inner: &str) -> String {
    let folded = fold_quoted_lines(inner);
    folded.replace("''", "'")
}

/// Inside of a `"…"` scalar (without the quotes): escapes processed, lines folded, `\` at the end of
/// a line joins the next line without a space.
pub fn double_quoted(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | Some('\r') => {
                    if let Some('\n') = chars.peek() {
                        chars.next();
                    }
                    while matches!(chars.peek(), Some(' ') | Some('\t')) {
                        chars.next();
                    }
                }
                Some(e) => match e {
                    'n' => out.push('\n'),
                    't' | '\t' => out.push('\t'),
                    'r' => out.push('\r'),
                    '0' => out.push('\0'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'e' => out.push('\u{1b}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    'N' => out.push('\u{85}'),
                    '_' => out.push('\u{a0}'),
                    'L' => out.push('\u{2028}'),
                    'P' => out.push('\u{2029}'),
                    'x' | 'u' | 'U' => push_hex_escape(e, &mut chars, &mut out),
                    other => out.push(other), // `\"`, `\\`, `\/`, `\ ` and unknown escapes
                },
                None => out.push('\\'),
            },
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                while out.ends_with(' ') || out.ends_with('\t') {
                    out.pop();
                }
                let mut breaks = 0;
                loop {
                    while matches!(chars.peek(), Some(' ') | Some('\t') | Some('\r')) {
                        chars.next();
                    }
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                        breaks += 1;
                    } else {
                        break;
                    }
                }
                if breaks == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', breaks));
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn fold_quoted_lines(inner: &str) -> String {
    let lines: Vec<&str> = inner.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    fold(lines.iter().enumerate().map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        let l = if i > 0 { l.trim_start_matches([' ', '\t']) } else { l };
        if i < last {
            l.trim_end_matches([' ', '\t'])
        } else {
            l
        }
    }))
}

/// Joins lines: one break → space, `n` empty lines in between → `n` newlines.
fn fold<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut empties = 0usize;
    let mut started = false;
    let lines: Vec<&str> = lines.collect();
    let last = lines.len().saturating_sub(1);
    for (i, l) in lines.iter().enumerate() {
        if l.is_empty() && i != 0 && i != last {
            empties += 1;
            continue;
        }
        if started {
            if empties == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', empties));
            }
        }
        out.push_str(l);
        started = true;
        empties = 0;
    }
    out
}

/// A block scalar, `raw` starting at its `|` or `>` header. Returns the text and the style.
/// Indentation is auto-detected from the first non-empty line (an explicit indentation digit is
/// accepted but the auto-detected value is used).
pub fn block(raw: &str) -> (String, ScalarStyle) {
    let (mut out, style, chomp, has_content, trailing) = block_lines(raw);
    chomp_tail(&mut out, chomp, has_content, trailing);
    (out, style)
}

/// The value of the lines of a block scalar (`raw`, from its header) without the line breaks
/// chomping adds at its end: for the start of a scalar cut after a content line, the beginning
/// of the whole scalar's value.
pub(crate) fn block_unchomped(raw: &str) -> String {
    block_lines(raw).0
}

/// [`block`] before chomping: the value, style, chomping, whether a content line was seen, and
/// the trailing blank lines held back.
fn block_lines<'a>(raw: &'a str) -> (String, ScalarStyle, Chomp, bool, usize) {
    let (body, style, chomp) = block_header(raw);
    // One pass over the body, no list of its lines (a tooltip can have 150,000 of them): blank
    // lines are held back until a content line follows, so the trailing ones are never added.
    let lines = || body.split('\n').map(|l| l.trim_end_matches('\r'));
    let indent = lines().find(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start_matches(' ').len()).unwrap_or(0);
    let strip = |l: &'a str| -> &'a str {
        if l.trim().is_empty() {
            // An empty line keeps only what lies beyond the indentation.
            l.get(indent..).unwrap_or("")
        } else {
            l.get(indent..).unwrap_or_else(|| l.trim_start())
        }
    };
    let mut out = String::with_capacity(body.len());
    let mut held: Vec<&str> = Vec::new();
    let mut has_content = false;
    let mut folder = Folder::default();
    let mut add = |l: &str, out: &mut String| {
        if style == ScalarStyle::Literal {
            if has_content {
                out.push('\n');
            }
            out.push_str(l);
        } else {
            folder.push(out, l);
        }
        has_content = true;
    };
    for l in lines().map(strip) {
        if l.trim().is_empty() {
            held.push(l);
            continue;
        }
        for h in held.drain(..) {
            add(h, &mut out);
        }
        add(l, &mut out);
    }
    let mut trailing = held.len();
    // `body` ends with the node; a final empty piece after the last `\n` is not a line.
    if body.ends_with('\n') || body.is_empty() {
        trailing = trailing.saturating_sub(1);
    }
    (out, style, chomp, has_content, trailing)
}

enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// A block scalar's body (after the header line), style and chomping.
fn block_header(raw: &str) -> (&str, ScalarStyle, Chomp) {
    let (header, body) = raw.split_once('\n').unwrap_or((raw, ""));
    let header = header.split('#').next().unwrap_or("").trim();
    let style = if header.starts_with('>') { ScalarStyle::Folded } else { ScalarStyle::Literal };
    let chomp = if header.contains('-') {
        Chomp::Strip
    } else if header.contains('+') {
        Chomp::Keep
    } else {
        Chomp::Clip
    };
    (body, style, chomp)
}

/// Folded style, line by line: blank lines waiting for the next line, and whether the last line
/// was more indented.
#[derive(Default)]
struct Folder {
    pending: usize,
    prev_more: Option<bool>,
}

impl Folder {
    fn push(&mut self, out: &mut String, l: &str) {
        if l.is_empty() {
            self.pending += 1;
            return;
        }
        let more = l.starts_with([' ', '\t']);
        let pending = self.pending;
        match self.prev_more {
            None => out.extend(std::iter::repeat_n('\n', pending)),
            Some(pm) if pm || more => out.extend(std::iter::repeat_n('\n', pending + 1)),
            Some(_) if pending == 0 => out.push(' '),
            Some(_) => out.extend(std::iter::repeat_n('\n', pending)),
        }
        out.push_str(l);
        self.prev_more = Some(more);
        self.pending = 0;
    }
}

/// The line breaks chomping leaves at the end of a block scalar's value.
fn chomp_tail(out: &mut String, chomp: Chomp, has_content: bool, trailing: usize) {
    match chomp {
        Chomp::Strip => {}
        Chomp::Clip if has_content => out.push('\n'),
        Chomp::Clip => {}
        Chomp::Keep => {
            let n = if has_content { 1 + trailing } else { trailing };
            out.extend(std::iter::repeat_n('\n', n));
        }
    }
}

/// Decode the `\\x..`, `\\u....` or `\\U........` escape whose letter `e` was just read (YAML and
/// Python spell them alike). A malformed one is kept as written.
pub(crate) fn push_hex_escape(e: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    let n = match e {
        'x' => 2,
        'u' => 4,
        _ => 8,
    };
    let hex: String = (0..n).filter_map(|_| chars.next_if(|h| h.is_ascii_hexdigit())).collect();
    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
        Some(ch) if hex.len() == n => out.push(ch),
        _ => {
            out.push('\\');
            out.push(e);
            out.push_str(&hex);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_folds_lines() {
        assert_eq!(plain("a\n  b\n\n  c"), "a b\nc");
        assert_eq!(plain("one"), "one");
    }

    #[test]
    fn quoted_escapes_and_folding() {
        assert_eq!(double_quoted(r#"a\tb\n\u00e9\x41\\\"q"#), "a\tb\néA\\\"q");
        assert_eq!(double_quoted("a\n   b\n\n c"), "a b\nc");
        assert_eq!(double_quoted("a\\\n   b"), "ab");
        assert_eq!(single_quoted("it''s\n  here"), "it's here");
    }

    #[test]
    fn block_scalars() {
        let body = "\n  line one\n  line two\n\n  para\n";
        assert_eq!(block(&format!("|{body}")).0, "line one\nline two\n\npara\n");
        assert_eq!(block(&format!("|-{body}")).0, "line one\nline two\n\npara");
        assert_eq!(block(&format!(">{body}")).0, "line one line two\npara\n");
        assert_eq!(block(&format!(">-{body}")).0, "line one line two\npara");
        assert_eq!(block(">\n  a\n    more\n  b").0, "a\n  more\nb\n");
        assert_eq!(block("|+\n  a\n\n").0, "a\n\n");
        assert_eq!(block("|-\n").0, "");
    }

    /// `block` reads the body in one pass; this is the version that collected its lines first
    /// (kept as the reference: the same value for any body).
    fn block_as_before<'a>(raw: &'a str) -> (String, ScalarStyle) {
        let (body, style, chomp) = block_header(raw);
        let lines: Vec<&str> = body.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        let indent =
            lines.iter().find(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start_matches(' ').len()).unwrap_or(0);
        let strip = |l: &'a str| -> &'a str {
            if l.trim().is_empty() {
                l.get(indent..).unwrap_or("")
            } else {
                l.get(indent..).unwrap_or_else(|| l.trim_start())
            }
        };
        let mut content: Vec<&str> = lines.iter().map(|l| strip(l)).collect();
        let mut trailing = 0usize;
        while content.last().is_some_and(|l| l.trim().is_empty()) {
            content.pop();
            trailing += 1;
        }
        if body.ends_with('\n') || body.is_empty() {
            trailing = trailing.saturating_sub(1);
        }
        let mut out = String::new();
        if style == ScalarStyle::Literal {
            out = content.join("\n");
        } else {
            let mut folder = Folder::default();
            content.iter().for_each(|l| folder.push(&mut out, l));
        }
        chomp_tail(&mut out, chomp, !content.is_empty(), trailing);
        (out, style)
    }

    #[test]
    fn block_scalars_read_in_one_pass_equal_the_line_list_reading() {
        let headers = ["|", "|-", "|+", ">", ">-", ">+", "| # c", ">2"];
        let pieces = ["  a", "    more", "", "  ", "      ", "\t", "  b c", " x", "\r", "  \u{3000}", "  é"];
        let mut r = crate::syntax::tests::Rng(7);
        for _ in 0..5_000 {
            let mut raw = headers[r.below(headers.len())].to_string();
            for _ in 0..r.below(8) {
                raw.push('\n');
                raw.push_str(pieces[r.below(pieces.len())]);
            }
            if r.below(2) == 0 {
                raw.push('\n');
            }
            assert_eq!(block(&raw), block_as_before(&raw), "{raw:?}");
        }
    }
}
