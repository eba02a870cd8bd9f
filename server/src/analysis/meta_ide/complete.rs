//! Completion in metadata files: keys (top level and nested), then values (see
//! `complete_values`). Works on half-typed text through the syntax cursor scanners.

use std::path::Path;

use super::complete_values;
use super::docs;
use super::target::{meta_target, owner_key, MetaTarget};
use crate::analysis::meta_docs::meta_document;
use crate::analysis::results::{CompletionItem, CompletionKind};
use crate::analysis::{Snapshot, TextEdit};
use crate::base::TextRange;
use crate::knowledge::context::CONTEXT_MAP_KEYS;
use crate::knowledge::keys::{self, KeyInfo, SubKeyInfo, ValueShape};
use crate::knowledge::locales::{LOCALES, LOCALE_ALIASES};
use crate::knowledge::manifest::MANIFEST_KEYS;
use crate::knowledge::ranking;
use crate::syntax::{
    cursor_context, floor_boundary, json_cursor_context, CursorContext, CursorPosition, Mapping, MetaDocument,
};

/// Everything a completion provider needs about the cursor.
pub(super) struct Cx<'a> {
    pub snap: &'a Snapshot,
    pub target: MetaTarget,
    pub text: &'a str,
    pub doc: &'a MetaDocument,
    pub ctx: &'a CursorContext,
    pub offset: usize,
    /// A Python script's metadata literal (`__title__ = {…}`), not a metadata file.
    pub python: bool,
}

impl Cx<'_> {
    /// The partial word being replaced: `prefix` of the cursor position.
    pub fn prefix(&self) -> &str {
        match &self.ctx.position {
            CursorPosition::Key { prefix, .. } | CursorPosition::Value { prefix, .. } => prefix,
            CursorPosition::Unknown => "",
        }
    }
    /// Inside a JSON (or YAML) string: insert the bare text.
    pub fn quoted(&self) -> bool {
        match &self.ctx.position {
            CursorPosition::Value { quoted, .. } => *quoted,
            CursorPosition::Key { range, .. } => {
                let s = range.start as usize;
                s > 0 && matches!(self.text.as_bytes().get(s - 1), Some(b'"' | b'\''))
            }
            CursorPosition::Unknown => false,
        }
    }
}

/// Builds an item; `rank` orders items of the same prefix-match group (lower first).
#[allow(clippy::too_many_arguments)]
pub(super) fn item(
    prefix: &str,
    label: &str,
    kind: CompletionKind,
    detail: impl Into<String>,
    doc: String,
    range: TextRange,
    new_text: String,
    rank: usize,
) -> CompletionItem {
    let p = prefix.trim().to_ascii_lowercase();
    let group = if p.is_empty() || label.to_ascii_lowercase().starts_with(&p) { 0 } else { 1 };
    let detail: String = detail.into();
    CompletionItem {
        label: label.to_string(),
        kind,
        detail: (!detail.is_empty()).then_some(detail),
        documentation: (!doc.is_empty()).then_some(doc),
        edit: TextEdit { range, new_text },
        snippet: false,
        sort_text: Some(format!("{group}{rank:05}")),
        filter_text: None,
    }
}

/// Completion items at `offset` of a metadata file, best first; empty for other files.
pub fn completions(snap: &Snapshot, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let Some(target) = meta_target(snap, path) else { return Vec::new() };
    let Some(meta) = meta_document(snap, path) else { return Vec::new() };
    let text: &str = &meta.text;
    let offset = floor_boundary(text, offset);
    if in_template_tag(text, offset) {
        return Vec::new();
    }
    let ctx = if target.is_json() { json_cursor_context(text, offset) } else { cursor_context(text, offset) };
    let cx = Cx { snap, target, text, doc: &meta.doc, ctx: &ctx, offset, python: false };
    let mut items = match &ctx.position {
        CursorPosition::Key { range, .. } => key_items(&cx, *range),
        CursorPosition::Value { key, range, .. } => {
            let mut items = complete_values::value_items(&cx, key, *range);
            one_space_after_colon(&cx, *range, &mut items);
            items
        }
        CursorPosition::Unknown => Vec::new(),
    };
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then_with(|| a.label.cmp(&b.label)));
    items
}

/// A YAML block value is written `key: value` with exactly one space, whatever was typed: right
/// after the colon (completion triggered by `:`) the space is added; several spaces become one.
/// The edit then starts at the colon, so the item filters on its label (clients skip the
/// leading whitespace of the replaced text when filtering).
fn one_space_after_colon(cx: &Cx, range: TextRange, items: &mut [CompletionItem]) {
    if cx.target.is_json() || cx.ctx.flow || cx.quoted() {
        return;
    }
    let start = range.start as usize;
    let before = &cx.text[..start];
    let gap_start = before.trim_end_matches([' ', '\t']).len();
    if !before[..gap_start].ends_with(':') || start - gap_start == 1 {
        return;
    }
    for it in items.iter_mut().filter(|it| it.edit.range.start as usize == start) {
        it.edit.range = TextRange::new(gap_start, it.edit.range.end as usize);
        it.edit.new_text.insert(0, ' ');
        it.filter_text.get_or_insert_with(|| it.label.clone());
    }
}

/// The cursor follows an unclosed `{{` on its line (the templates feature completes there).
fn in_template_tag(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    before.rfind("{{").is_some_and(|open| !before[open..].contains("}}"))
}

/// The mapping the cursor's key belongs to (following `ctx.path`, through sequence items that
/// contain the cursor).
pub(super) fn mapping_at<'a>(doc: &'a MetaDocument, path: &[String], offset: usize) -> Option<&'a Mapping> {
    let mut node = doc.root.as_ref()?;
    for key in path {
        let m = node.as_mapping()?;
        node = m.value(key)?;
        if let Some(seq) = node.as_sequence() {
            node = seq.items.iter().find(|it| it.range.contains_inclusive(offset))?;
        }
    }
    node.as_mapping()
}

/// Keys already written in the cursor's mapping, except the one being typed.
fn present_keys(cx: &Cx, range: TextRange) -> Vec<String> {
    let Some(m) = mapping_at(cx.doc, &cx.ctx.path, cx.offset) else { return Vec::new() };
    m.iter().filter(|e| !e.key.range.contains_inclusive(range.start as usize)).map(|e| e.key.text.to_string()).collect()
}

/// Column of `pos` on its line (for the indentation of inserted nested lines).
fn column(text: &str, pos: usize) -> usize {
    let line_start = text[..pos.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..pos.min(text.len())].chars().count()
}

/// Indentation (in bytes of spaces and tabs) of the line holding `pos`.
fn indent_of_line(text: &str, pos: usize) -> usize {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..].len() - text[line_start..].trim_start_matches([' ', '\t']).len()
}

/// The edit for a key item: what to replace and with what (a snippet when the bool is true).
/// YAML writes `key: $0` (the cursor where the value goes), or a new indented line for maps and
/// lists; a `:` already typed after the key is replaced too, so accepting never doubles it. JSON
/// quotes the key unless the cursor is already inside quotes.
fn key_edit(cx: &Cx, name: &str, shape: ValueShape, range: TextRange) -> (TextRange, String, bool) {
    if cx.target.is_json() || cx.python {
        let q = if cx.python { '\'' } else { '"' };
        let text = if cx.quoted() { name.to_string() } else { format!("{q}{name}{q}: ") };
        return (range, text, false);
    }
    if cx.ctx.flow {
        return (range, format!("{name}: "), false);
    }
    let text = cx.text;
    let (start, end) = (range.start as usize, (range.end as usize).min(text.len()));
    let line_end = text[end..].find(['\n', '\r']).map_or(text.len(), |i| end + i);
    let rest = &text[end..line_end];
    let mut range = range;
    if let Some(colon) = rest.trim_start_matches([' ', '\t']).strip_prefix(':').map(|r| line_end - r.len()) {
        let value = text[colon..line_end].trim();
        let next_line = text.get(line_end..).and_then(|t| t.lines().skip(1).find(|l| !l.trim().is_empty()));
        let deeper =
            next_line.is_some_and(|l| l.len() - l.trim_start_matches([' ', '\t']).len() > indent_of_line(text, start));
        if !value.is_empty() || deeper {
            // The entry already has a value: rename the key, keep the rest.
            return (TextRange::new(start, colon), format!("{name}:"), false);
        }
        range = TextRange::new(start, line_end);
    }
    let indent = " ".repeat(column(text, start) + 2);
    let new_text = match shape {
        ValueShape::Engine | ValueShape::Background | ValueShape::Templates | ValueShape::Map => {
            format!("{name}:\n{indent}$0")
        }
        ValueShape::Members | ValueShape::Layout | ValueShape::List => format!("{name}:\n{indent}- $0"),
        _ => format!("{name}: $0"),
    };
    (range, new_text, true)
}

/// A key item.
#[allow(clippy::too_many_arguments)]
fn key_item(
    cx: &Cx,
    name: &str,
    shape: ValueShape,
    kind: CompletionKind,
    detail: impl Into<String>,
    doc: String,
    range: TextRange,
    rank: usize,
) -> CompletionItem {
    let (range, new_text, snippet) = key_edit(cx, name, shape, range);
    let mut it = item(cx.prefix(), name, kind, detail, doc, range, new_text, rank);
    it.snippet = snippet;
    it
}

pub(super) fn key_items(cx: &Cx, range: TextRange) -> Vec<CompletionItem> {
    let present = present_keys(cx, range);
    let path: Vec<&str> = cx.ctx.path.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    match (cx.target, path.as_slice()) {
        (MetaTarget::Bundle { kind, .. }, []) if !cx.ctx.in_sequence_item => {
            for (i, k) in keys::BUNDLE_KEYS.iter().enumerate() {
                if !keys::applies(k, kind) || is_present(k, &present) {
                    continue;
                }
                // Required keys, then the keys this type usually has, then the rest.
                let rank = if kind.is_some_and(|kd| k.required_for.contains(&kd)) {
                    i
                } else {
                    ranking::usual_key_rank(kind, k.name).map_or(100 + i, |u| 50 + u)
                };
                let doc = docs::bundle_key(k);
                out.push(key_item(
                    cx,
                    k.name,
                    k.shape,
                    CompletionKind::Key,
                    docs::shape_name(k.shape),
                    doc,
                    range,
                    rank,
                ));
            }
        }
        (MetaTarget::Bundle { .. }, _) => match owner_key(&path) {
            Some(owner) if owner.localizable => locale_items(&present, range, cx, &mut out),
            Some(owner) if owner.shape == ValueShape::Context => {
                for (i, k) in CONTEXT_MAP_KEYS.iter().enumerate() {
                    if present.iter().any(|p| p.eq_ignore_ascii_case(k.name)) {
                        continue;
                    }
                    let doc = docs::context_map_key(k);
                    out.push(key_item(
                        cx,
                        k.name,
                        ValueShape::String,
                        CompletionKind::Key,
                        "context rule",
                        doc,
                        range,
                        i,
                    ));
                }
            }
            // Combobox `members` hold a list of maps: keys only inside an item.
            Some(owner) if owner.shape != ValueShape::Members || cx.ctx.in_sequence_item => {
                if let Some(table) = keys::sub_keys(owner.shape) {
                    sub_items(owner.name, table, cx, &present, range, &mut out)
                }
            }
            _ => {}
        },
        (MetaTarget::Manifest { .. }, []) if !cx.ctx.in_sequence_item => {
            for (i, k) in MANIFEST_KEYS.iter().enumerate() {
                if present.iter().any(|p| p == k.name) {
                    continue;
                }
                let doc = docs::manifest_key(k);
                out.push(key_item(cx, k.name, k.shape, CompletionKind::Key, docs::shape_name(k.shape), doc, range, i));
            }
        }
        _ => {}
    }
    out
}

fn is_present(k: &KeyInfo, present: &[String]) -> bool {
    present.iter().any(|p| p.eq_ignore_ascii_case(k.name) || k.aliases.iter().any(|a| p.eq_ignore_ascii_case(a)))
}

fn sub_items(
    owner: &str,
    table: &[SubKeyInfo],
    cx: &Cx,
    present: &[String],
    range: TextRange,
    out: &mut Vec<CompletionItem>,
) {
    for (i, k) in table.iter().enumerate() {
        if present.iter().any(|p| p == k.name || k.aliases.contains(&p.as_str())) {
            continue;
        }
        let doc = docs::sub_key(owner, k);
        out.push(key_item(cx, k.name, k.shape, CompletionKind::Key, docs::shape_name(k.shape), doc, range, i));
    }
}

/// Locale codes (canonical first, then the long aliases) as keys of a localized map.
fn locale_items(present: &[String], range: TextRange, cx: &Cx, out: &mut Vec<CompletionItem>) {
    for (i, l) in LOCALES.iter().enumerate() {
        if present.iter().any(|p| p == l.code) {
            continue;
        }
        out.push(key_item(
            cx,
            l.code,
            ValueShape::String,
            CompletionKind::Locale,
            l.language,
            docs::locale(l),
            range,
            i,
        ));
    }
    for (i, a) in LOCALE_ALIASES.iter().enumerate() {
        if present.iter().any(|p| p == a.alias) {
            continue;
        }
        let detail = format!("alias of {}", a.csharp.or(a.python.first().copied()).unwrap_or("?"));
        let doc = docs::locale_alias(a);
        out.push(key_item(cx, a.alias, ValueShape::String, CompletionKind::Locale, detail, doc, range, 100 + i));
    }
}
