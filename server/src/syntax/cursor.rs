//! Where the cursor is in a metadata file, for completion: which keys enclose it and whether it is
//! on a key or a value. Works on half-typed text: block structure comes from a line/indentation
//! scan (the tree-sitter tree is often broken exactly where the user is typing), flow collections
//! (`[a, b]`, `{a: b}`, JSON) from a small bracket scanner.

use super::lines::{lines, split_key, strip_dashes, Line};
use super::model::{ScalarStyle, Value};
use crate::base::TextRange;

/// Uses the parsed tree for what a line scan cannot see: a flow collection, a quoted or plain
/// scalar, or a block scalar that started on an earlier line than the cursor. Only the part of
/// the model that parsed cleanly is consulted (recovery drops broken regions), so a broken tree
/// elsewhere does not mislead. `None`: the line scan decides.
fn from_tree(text: &str, offset: usize) -> Option<CursorContext> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let doc = super::yaml::parse_yaml(text);
    let mut node = doc.root.as_ref()?;
    let mut keys: Vec<String> = Vec::new();
    let mut in_seq = false;
    loop {
        let (start, end) = (node.range.start as usize, node.range.end as usize);
        if start >= line_start {
            return None;
        }
        match &node.value {
            Value::Mapping(m) if !m.flow => {
                let e =
                    m.entries.iter().find(|e| e.value.as_ref().is_some_and(|v| v.range.contains_inclusive(offset)))?;
                keys.push(e.key.text.to_string());
                node = e.value.as_ref()?;
                in_seq = false;
            }
            Value::Sequence(sq) if !sq.flow => {
                node = sq.items.iter().find(|it| it.range.contains_inclusive(offset))?;
                in_seq = true;
            }
            Value::Mapping(_) | Value::Sequence(_) => {
                if offset >= end && !text[end..offset].contains('\n') {
                    // After the closing bracket of a multi-line flow value, on its last line.
                    return Some(CursorContext::unknown());
                }
                if !(start < offset && offset < end) {
                    return None;
                }
                let owner = keys.pop()?;
                return Some(flow_at(text, keys, Some(owner), start, offset, false));
            }
            Value::Scalar(sc) => {
                let quoted = matches!(sc.style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                let inside = if quoted { start < offset && offset < end } else { start < offset && offset <= end };
                if !inside {
                    return None;
                }
                if matches!(sc.style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    // The tree's block scalar runs on over the blank lines after it; only a cursor
                    // at or past the content indentation is in it.
                    return in_block_scalar(text, start, offset).then(CursorContext::unknown);
                }
                let key = keys.pop()?;
                let (vs, ve) = if quoted { (start + 1, end - 1) } else { (start, end) };
                let position = CursorPosition::Value {
                    key,
                    prefix: text[vs..offset].to_string(),
                    range: TextRange::new(vs, ve.max(offset)),
                    quoted,
                };
                return Some(CursorContext { path: keys, position, in_sequence_item: in_seq, flow: false });
            }
        }
    }
}

/// Whether `offset` is inside the block scalar whose header (`|`, `>-`, …) starts at `header`:
/// on the header line, or at or past the indentation of the scalar's first content line. A
/// scalar without content lines holds nothing below its header.
fn in_block_scalar(text: &str, header: usize, offset: usize) -> bool {
    let header_line_start = text[..header].rfind('\n').map_or(0, |i| i + 1);
    let Some(body) = text[header..].find('\n').map(|i| header + i + 1) else { return true };
    if offset < body {
        return true;
    }
    let owner_indent = lines(text, header_line_start, body).first().map_or(0, Line::column);
    let content = lines(text, body, text.len()).into_iter().find(|l| l.text_start < l.end);
    let Some(indent) = content.map(|l| l.text_start - l.start).filter(|&n| n > owner_indent) else {
        return false;
    };
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    offset - line_start >= indent
}

/// The cursor's surroundings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorContext {
    /// Keys of the mappings enclosing the entry being edited, outermost first. For a value, the
    /// entry's own key is in [`CursorPosition::Value::key`], not here.
    pub path: Vec<String>,
    pub position: CursorPosition,
    /// The cursor is in an item of a sequence (`- x`, `[x]`, or a mapping inside a `- ` item).
    pub in_sequence_item: bool,
    /// The cursor is inside a flow collection (`[…]`, `{…}`, or JSON).
    pub flow: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CursorPosition {
    /// Typing a key. `range` is the whole word to replace (it may extend past the cursor).
    Key { prefix: String, range: TextRange },
    /// Typing the value of `key` (for a sequence item: the key that owns the sequence).
    /// `prefix` is the value text before the cursor (without an opening quote), `range` the value
    /// text to replace.
    Value { key: String, prefix: String, range: TextRange, quoted: bool },
    /// In a comment, a block scalar, or somewhere no completion makes sense.
    Unknown,
}

impl CursorContext {
    fn unknown() -> Self {
        CursorContext { path: Vec::new(), position: CursorPosition::Unknown, in_sequence_item: false, flow: false }
    }
}

/// Cursor context in a YAML file. `offset` is a byte offset (clamped to the text and a char
/// boundary).
pub fn cursor_context(text: &str, offset: usize) -> CursorContext {
    let offset = floor_boundary(text, offset);
    if let Some(ctx) = from_tree(text, offset) {
        return ctx;
    }
    let all = lines(text, 0, text.len());
    let (cur, above): (Line, &[Line]) = match all.iter().position(|l| l.start <= offset && offset < l.next) {
        Some(i) => (all[i], &all[..i]),
        None => match all.last() {
            // At the very end of a text that does not end with a newline: on its last line.
            Some(last) if !text.ends_with('\n') => (*last, &all[..all.len() - 1]),
            // After a final newline, or an empty text: a new empty line.
            _ => (
                Line { start: offset, end: offset, next: offset, text_start: offset, tab_indent: false, bom: false },
                &all[..],
            ),
        },
    };
    let offset = offset.min(cur.end);

    // Cursor in the leading whitespace (or an empty line): a new key at the cursor column.
    if offset <= cur.text_start {
        let col = offset - cur.start;
        let Some((path, seq)) = parents(text, above, col, false) else {
            return CursorContext::unknown();
        };
        return key_at(path, offset, offset, text, seq);
    }
    let line_text = &text[cur.text_start..cur.end];
    if line_text.starts_with('#') {
        return CursorContext::unknown();
    }
    let (after_dash, dash_len) = strip_dashes(line_text);
    let in_item = dash_len > 0;
    let content_start = cur.text_start + dash_len;
    if offset < content_start {
        // Between `-` and the item text.
        let Some((mut path, _)) = parents(text, above, cur.column(), true) else {
            return CursorContext::unknown();
        };
        let key = path.pop().unwrap_or_default();
        let r = TextRange::empty(offset);
        let position = CursorPosition::Value { key, prefix: String::new(), range: r, quoted: false };
        return CursorContext { path, position, in_sequence_item: true, flow: false };
    }
    let Some((mut path, seq_above)) = parents(text, above, cur.column(), in_item) else {
        return CursorContext::unknown();
    };
    let in_seq = in_item || seq_above;

    if let Some((raw_key, colon)) = split_key(after_dash) {
        let key_end = content_start + raw_key.len();
        if offset <= key_end || offset < content_start + colon {
            let prefix = text[content_start..offset].to_string();
            let range = TextRange::new(content_start, key_end.max(offset));
            return CursorContext {
                path,
                position: CursorPosition::Key { prefix, range },
                in_sequence_item: in_seq,
                flow: false,
            };
        }
        let key = unquote(raw_key);
        let vstart = skip_ws(text, content_start + colon, cur.end);
        if offset < vstart && text[vstart..cur.end].starts_with(['[', '{', '|', '>', '"', '\'', '&', '*', '!']) {
            // Between the colon and a value that is not a plain word: nothing to complete.
            return CursorContext::unknown();
        }
        return value_at(text, path, key, vstart.min(offset), offset, cur.end, in_seq);
    }
    if let Some(colon) = glued_value(after_dash).filter(|c| !in_item && offset > content_start + c) {
        // `key:value` typed without the space (completion triggered by `:`, then a letter):
        // a value of `key`, which completion writes with the space.
        let key = after_dash[..colon].to_string();
        return value_at(text, path, key, content_start + colon + 1, offset, cur.end, in_seq);
    }
    if in_item {
        // `- value` in a sequence owned by the last key of `path`.
        let key = path.pop().unwrap_or_default();
        return value_at(text, path, key, content_start, offset, cur.end, true);
    }
    if after_dash.starts_with(['[', '{']) {
        return flow_at(text, path, None, content_start, offset, false);
    }
    key_at(path, content_start, offset, text, in_seq)
}

fn key_at(path: Vec<String>, start: usize, offset: usize, text: &str, seq: bool) -> CursorContext {
    let end = word_end(text, offset);
    let prefix = text.get(start..offset).unwrap_or("").to_string();
    let position = CursorPosition::Key { prefix, range: TextRange::new(start, end.max(start)) };
    CursorContext { path, position, in_sequence_item: seq, flow: false }
}

/// The value of `key` starting at `vstart` on a line ending at `line_end`.
fn value_at(
    text: &str,
    path: Vec<String>,
    key: String,
    vstart: usize,
    offset: usize,
    line_end: usize,
    seq: bool,
) -> CursorContext {
    let v = &text[vstart..line_end];
    if v.starts_with(['[', '{']) {
        return flow_at(text, path, Some(key), vstart, offset, false);
    }
    if v.starts_with(['|', '>']) {
        return CursorContext::unknown();
    }
    let quoted = v.starts_with(['"', '\'']);
    if quoted {
        let q = &v[..1];
        let inner = vstart + 1;
        if offset < inner {
            return CursorContext::unknown();
        }
        let close = text[inner..line_end].find(q).map_or(line_end, |i| inner + i);
        if offset > close {
            return CursorContext::unknown();
        }
        let prefix = text[inner..offset].to_string();
        let position = CursorPosition::Value { key, prefix, range: TextRange::new(inner, close), quoted: true };
        return CursorContext { path, position, in_sequence_item: seq, flow: false };
    }
    // Plain value: up to a ` #` comment.
    let comment = v.find(" #").map_or(line_end, |i| vstart + i);
    if offset > comment {
        return CursorContext::unknown();
    }
    let end = vstart + text[vstart..comment].trim_end().len();
    let prefix = text[vstart..offset].to_string();
    let position = CursorPosition::Value { key, prefix, range: TextRange::new(vstart, end.max(offset)), quoted: false };
    CursorContext { path, position, in_sequence_item: seq, flow: false }
}

/// Enclosing keys of an element at column `col` (outermost first), found by walking up through
/// less-indented `key:` lines. `dash` says the element itself is a `- ` item, whose owning key
/// may sit at the same column. Returns the path and whether the element's mapping is a sequence
/// item; `None` when the cursor is inside a block scalar.
fn parents(text: &str, above: &[Line], col: usize, dash: bool) -> Option<(Vec<String>, bool)> {
    let mut need = col;
    let mut allow_same = dash;
    let mut in_item = false;
    let mut first = true;
    let mut rev: Vec<String> = Vec::new();
    for l in above.iter().rev() {
        if !l.is_content(text) {
            continue;
        }
        let t = l.text(text);
        if t == "---" || t == "..." {
            break;
        }
        let c = l.column();
        let (after, dl) = strip_dashes(t);
        if dl > 0 {
            if c < need {
                // This item contains us: either its inline `key:` owns us, or our mapping is the
                // item's mapping (we line up with its first key).
                let content_col = c + dl;
                if content_col < need {
                    if let Some((k, colon)) = split_key(after) {
                        if first && block_scalar_rest(&after[colon..]) {
                            return None;
                        }
                        rev.push(unquote(k));
                    }
                } else if content_col == need && rev.is_empty() {
                    in_item = true;
                }
                need = c;
                allow_same = true;
                first = false;
            }
            continue;
        }
        if c < need || (allow_same && c == need) {
            let Some((k, colon)) = split_key(after) else {
                continue;
            };
            if first && c < need && block_scalar_rest(&after[colon..]) {
                return None;
            }
            rev.push(unquote(k));
            need = c;
            allow_same = false;
            first = false;
            if c == 0 {
                break;
            }
        }
    }
    rev.reverse();
    Some((rev, in_item))
}

/// `key:value` with no space after the colon: the colon's offset in `s`, when the key is one
/// plain word (letters, digits, `_`, `-`).
fn glued_value(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let key = &s[..colon];
    let word = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let next = s[colon + 1..].chars().next();
    (word && next.is_some_and(|c| !c.is_whitespace() && c != ':')).then_some(colon)
}

fn block_scalar_rest(rest: &str) -> bool {
    rest.trim_start().starts_with(['|', '>'])
}

/// Cursor inside a Python dict or list literal starting at `start` (`{` or `[`) that is the
/// value of `owner` (in-script metadata): every `:` outside strings separates a key.
pub fn literal_context(text: &str, path: Vec<String>, owner: String, start: usize, offset: usize) -> CursorContext {
    flow_at(text, path, Some(owner), start, offset.min(text.len()), true)
}

/// Cursor inside a flow collection starting at `start` (`[` or `{`). `owner` is the key whose
/// value the collection is. With `json`, every `:` outside strings separates a key.
pub(crate) fn flow_at(
    text: &str,
    base: Vec<String>,
    owner: Option<String>,
    start: usize,
    offset: usize,
    json: bool,
) -> CursorContext {
    struct Frame {
        map: bool,
        owner: Option<String>,
        key: Option<String>,
        after_colon: bool,
    }
    let mut frames: Vec<Frame> = Vec::new();
    let mut token_start = start;
    let mut quote: Option<char> = None;
    // Where the open quote is: the token before it may hold any Unicode whitespace (`trim`).
    let mut quote_at = start;
    let mut escaped = false;
    let mut pending_owner = owner;
    // Just after a closing bracket (until the next `,`): the value is complete.
    let mut closed = false;
    let bytes = text.as_bytes();
    for (i, ch) in text[start..offset].char_indices() {
        let i = start + i;
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if ch == '\\' && q == '"' {
                escaped = true;
            } else if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '"' | '\'' if text[token_start..i].trim().is_empty() => {
                quote = Some(ch);
                quote_at = i;
            }
            '[' | '{' => {
                let owner = match frames.last() {
                    Some(f) if f.map && f.after_colon => f.key.clone(),
                    Some(_) => None,
                    None => pending_owner.take(),
                };
                frames.push(Frame { map: ch == '{', owner, key: None, after_colon: false });
                token_start = i + 1;
            }
            ']' | '}' => {
                frames.pop();
                if frames.is_empty() {
                    return CursorContext::unknown();
                }
                token_start = i + 1;
                closed = true;
            }
            ',' => {
                closed = false;
                if let Some(f) = frames.last_mut() {
                    f.key = None;
                    f.after_colon = false;
                }
                token_start = i + 1;
            }
            ':' => {
                let next = bytes.get(i + 1).copied();
                let tok = text[token_start..i].trim();
                let sep = json
                    || matches!(next, None | Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}'))
                    || tok.ends_with(['"', '\'']);
                if let Some(f) = frames.last_mut() {
                    if sep && f.map && !f.after_colon {
                        f.key = Some(unquote(tok));
                        f.after_colon = true;
                        token_start = i + 1;
                    }
                }
            }
            _ => {}
        }
    }
    let Some(top) = frames.last() else {
        return CursorContext::unknown();
    };
    let tok_start = if quote.is_some() { quote_at } else { skip_ws(text, token_start, offset) };
    let quoted = quote.is_some() || text[tok_start..offset].starts_with(['"', '\'']);
    if !quoted && text[tok_start..offset].trim().is_empty() {
        // Before a quoted or bracketed token, or after a closed one: no word to complete here.
        let rest = &text[offset..];
        let next = rest[..rest.find('\n').unwrap_or(rest.len())].trim_start();
        if closed || next.starts_with(['"', '\'', '[', '{']) {
            return CursorContext::unknown();
        }
    }
    let word_start = if quoted { (tok_start + 1).min(offset) } else { tok_start };
    let prefix = text[word_start..offset].to_string();
    let end = if quoted {
        let q = text[tok_start..].chars().next().unwrap_or('"');
        text[offset..].find([q, '\n']).map_or(text.len(), |i| offset + i)
    } else {
        flow_word_end(text, offset)
    };
    let range = TextRange::new(word_start, end.max(offset));
    let owners = |n: usize| -> Vec<String> {
        let mut p = base.clone();
        p.extend(frames[..n].iter().filter_map(|f| f.owner.clone()));
        p
    };
    if top.map {
        let path = owners(frames.len());
        let position = match (&top.key, top.after_colon) {
            (Some(k), true) => CursorPosition::Value { key: k.clone(), prefix, range, quoted },
            _ => CursorPosition::Key { prefix, range },
        };
        let in_seq = frames.len() >= 2 && !frames[frames.len() - 2].map;
        CursorContext { path, position, in_sequence_item: in_seq, flow: true }
    } else {
        let path = owners(frames.len() - 1);
        let key = top.owner.clone().unwrap_or_default();
        let position = CursorPosition::Value { key, prefix, range, quoted };
        CursorContext { path, position, in_sequence_item: true, flow: true }
    }
}

fn unquote(raw: &str) -> String {
    let raw = raw.trim();
    if raw.len() >= 2 && (raw.starts_with('"') && raw.ends_with('"') || raw.starts_with('\'') && raw.ends_with('\'')) {
        raw[1..raw.len() - 1].to_string()
    } else {
        raw.trim_start_matches(['"', '\'']).to_string()
    }
}

fn skip_ws(text: &str, from: usize, limit: usize) -> usize {
    let b = text.as_bytes();
    let mut i = from;
    while i < limit && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// End of the key-ish word at `offset` (stops at whitespace, `:` and flow punctuation).
fn word_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '[' | ']' | '{' | '}' | '#'))
        .map_or(text.len(), |i| offset + i)
}

fn flow_word_end(text: &str, offset: usize) -> usize {
    if text[offset..].starts_with(char::is_whitespace) {
        return offset;
    }
    text[offset..].find([':', ',', ']', '}', '\n', '\r', '#']).map_or(text.len(), |i| {
        let e = offset + i;
        offset + text[offset..e].trim_end().len()
    })
}

/// `offset` clamped to the text and moved back to a char boundary.
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while o > 0 && !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}
