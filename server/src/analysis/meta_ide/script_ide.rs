//! In-script metadata in a bundle's script (`__title__ = …`, spec §10): completion of the global
//! names at the top level and of their values (the same tokens as the bundle.yaml key they stand
//! for: context tokens, highlight values, Revit versions, locale codes as dict keys), and hover.

use std::path::Path;

use super::complete::{item, key_items, Cx};
use super::target::MetaTarget;
use super::{complete_values, docs};
use crate::analysis::completion::{CompletionItem, CompletionKind};
use crate::analysis::hover::HoverResult;
use crate::analysis::Snapshot;
use crate::base::TextRange;
use crate::knowledge::keys::{self, ValueShape};
use crate::knowledge::script_meta::{runtime_builtin, script_global, LiteralShape, ScriptGlobal, SCRIPT_GLOBALS};
use crate::syntax::{
    floor_boundary, literal_context, module_meta, parse_yaml, CursorContext, CursorPosition, Node, Value,
};

/// The bundle whose command script `path` is.
fn script_target(snap: &Snapshot, path: &Path) -> Option<MetaTarget> {
    let (ext, bid) = snap.index.command_script_owner(path)?;
    let kind = snap.index.extension(ext).bundle(bid).kind;
    Some(MetaTarget::Bundle { ext, bundle: Some(bid), kind: Some(kind) })
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A module-level `__name__ = ` on the line starting at `line_start`: the name and where the
/// value starts.
fn assignment_on_line(text: &str, line_start: usize) -> Option<(&str, usize)> {
    let line = &text[line_start..text[line_start..].find('\n').map_or(text.len(), |i| line_start + i)];
    let name_len = line.find(|c: char| !is_ident(c)).unwrap_or(line.len());
    let name = &line[..name_len];
    let rest = line[name_len..].trim_start_matches([' ', '\t']);
    let after_eq = rest.strip_prefix('=').filter(|r| !r.starts_with('='))?;
    let value = after_eq.trim_start_matches([' ', '\t']);
    (name.starts_with("__") && name.ends_with("__") && name.len() > 4)
        .then(|| (name, line_start + line.len() - value.len()))
}

/// Completion items in a bundle script; empty elsewhere.
pub fn script_completions(snap: &Snapshot, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let Some(target) = script_target(snap, path) else { return Vec::new() };
    let Some(text) = snap.files.read(path) else { return Vec::new() };
    let text: &str = &text;
    let offset = floor_boundary(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if before.chars().all(is_ident) && (before.is_empty() || before.starts_with('_')) {
        return name_items(text, line_start, offset);
    }
    let meta;
    let (name, value_start) = match assignment_on_line(text, line_start) {
        Some(found) => found,
        None => {
            // A value spanning several lines (a dict or list).
            meta = module_meta(text);
            let Some(a) = meta
                .assignments
                .iter()
                .find(|a| a.value_range.start as usize <= offset && offset <= a.value_range.end as usize)
            else {
                return Vec::new();
            };
            (a.name.as_str(), a.value_range.start as usize)
        }
    };
    if offset < value_start {
        return Vec::new();
    }
    let Some(global) = script_global(name).filter(|g| !g.legacy) else { return Vec::new() };
    let Some(key) = global.bundle_key else { return Vec::new() };
    let Some(ctx) = value_context(text, key, value_start, offset) else { return Vec::new() };
    let doc = parse_yaml("");
    let cx = Cx { snap, target, text, doc: &doc, ctx: &ctx, offset, python: true };
    let mut items = match &ctx.position {
        CursorPosition::Key { range, .. } => {
            let present = present_dict_keys(text, value_start, *range);
            let mut items = key_items(&cx, *range);
            items.retain(|it| !present.contains(&it.label));
            items
        }
        CursorPosition::Value { range, .. } if global.shapes == [LiteralShape::Bool] => bool_items(&cx, global, *range),
        CursorPosition::Value { key, range, .. } => complete_values::value_items(&cx, key, *range),
        CursorPosition::Unknown => Vec::new(),
    };
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then_with(|| a.label.cmp(&b.label)));
    items
}

/// The quoted keys already written in the dict literal starting at `value_start` (the one at
/// `typing` aside), read lexically since the dict being typed rarely parses. The literal ends at
/// the next line that starts at column 0.
fn present_dict_keys(text: &str, value_start: usize, typing: TextRange) -> Vec<String> {
    let first_nl = text[value_start..].find('\n').map_or(text.len(), |i| value_start + i);
    let end = text[first_nl..]
        .match_indices('\n')
        .map(|(i, _)| first_nl + i + 1)
        .find(|&i| text[i..].starts_with(|c: char| !c.is_whitespace() && c != '}'))
        .unwrap_or(text.len());
    let region = &text[value_start..end];
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(q) = region[i..].find(['\'', '"']).map(|j| i + j) {
        let quote = &region[q..q + 1];
        let Some(close) = region[q + 1..].find(quote).map(|j| q + 1 + j) else { break };
        let after = region[close + 1..].trim_start_matches([' ', '\t']);
        let at = value_start + q + 1;
        if after.starts_with(':') && !(at..=value_start + close).contains(&(typing.start as usize)) {
            out.push(region[q + 1..close].to_string());
        }
        i = close + 1;
    }
    out
}

/// Where the cursor is in the value of the global that stands for bundle key `key` (dotted for
/// `engine.clean`), in the terms of a bundle.yaml cursor.
fn value_context(text: &str, key: &str, value_start: usize, offset: usize) -> Option<CursorContext> {
    let (path, key) = match key.split_once('.') {
        Some((owner, sub)) => (vec![owner.to_string()], sub.to_string()),
        None => (Vec::new(), key.to_string()),
    };
    let value = &text[value_start..];
    if value.starts_with(['[', '{']) {
        let ctx = literal_context(text, path, key, value_start, offset);
        return (ctx.position != CursorPosition::Unknown).then_some(ctx);
    }
    let line_end = value.find(['\n', '\r']).map_or(text.len(), |i| value_start + i);
    // A string literal, with an optional prefix (`r'…'`, `u"…"`).
    let quote_at = value.find(['\'', '"']).filter(|&i| value[..i].chars().all(|c| c.is_ascii_alphabetic()));
    let (vs, ve, quoted) = match quote_at {
        Some(i) => {
            let q = &value[i..i + 1];
            let inner = value_start + i + 1;
            if offset < inner {
                return None;
            }
            let close = text[inner..line_end].find(q).map_or(line_end, |j| inner + j);
            if offset > close {
                return None;
            }
            (inner, close, true)
        }
        None => {
            let end = value_start
                + text[value_start..line_end].find(|c: char| !is_ident(c)).unwrap_or(line_end - value_start);
            if offset > end {
                return None;
            }
            (value_start, end, false)
        }
    };
    let position =
        CursorPosition::Value { key, prefix: text[vs..offset].to_string(), range: TextRange::new(vs, ve), quoted };
    Some(CursorContext { path, position, in_sequence_item: false, flow: false })
}

/// The metadata globals not yet assigned, as `__name__ = ` snippets.
fn name_items(text: &str, line_start: usize, offset: usize) -> Vec<CompletionItem> {
    let end = text[offset..].find(|c: char| !is_ident(c)).map_or(text.len(), |i| offset + i);
    let range = TextRange::new(line_start, end);
    let prefix = &text[line_start..offset];
    let assigned: Vec<String> = module_meta(text).assignments.into_iter().map(|a| a.name).collect();
    let has_eq = text[end..].trim_start_matches([' ', '\t']).starts_with('=');
    let mut out = Vec::new();
    for (i, g) in SCRIPT_GLOBALS.iter().enumerate() {
        let function = g.shapes.contains(&LiteralShape::Function);
        if g.legacy || function || assigned.iter().any(|a| a == g.name) {
            continue;
        }
        let (new_text, snippet) = if has_eq {
            (g.name.to_string(), false)
        } else {
            let value = match g.shapes.first() {
                Some(LiteralShape::Str) => "'$0'",
                Some(LiteralShape::List) => "[$0]",
                Some(LiteralShape::Dict) => "{$0}",
                _ => "$0",
            };
            (format!("{} = {value}", g.name), true)
        };
        let detail = g.bundle_key.map(|k| format!("bundle.yaml `{k}`")).unwrap_or_default();
        let mut it = item(prefix, g.name, CompletionKind::Key, detail, docs::script_global(g), range, new_text, i);
        it.snippet = snippet;
        out.push(it);
    }
    out
}

/// `True` / `False` for a boolean global.
fn bool_items(cx: &Cx, g: &ScriptGlobal, range: TextRange) -> Vec<CompletionItem> {
    ["True", "False"]
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let doc = docs::bool_value(g.bundle_key.unwrap_or(g.name), &v.to_ascii_lowercase());
            item(cx.prefix(), v, CompletionKind::Value, "bool", doc, range, v.to_string(), i)
        })
        .collect()
}

/// The string or number of a literal (inside lists and dict values) at `offset`.
fn scalar_at(n: &Node, offset: usize) -> Option<&Node> {
    if !n.range.contains_inclusive(offset) {
        return None;
    }
    match &n.value {
        Value::Scalar(_) => Some(n),
        Value::Sequence(s) => s.items.iter().find_map(|i| scalar_at(i, offset)),
        Value::Mapping(m) => m.entries.iter().filter_map(|e| e.value.as_ref()).find_map(|v| scalar_at(v, offset)),
    }
}

/// Hover on a metadata global's name (where it is assigned), on a runtime builtin (`__revit__`),
/// and on the context tokens of `__context__`'s strings.
pub fn script_hover(snap: &Snapshot, path: &Path, offset: usize) -> Option<HoverResult> {
    script_target(snap, path)?;
    let text = snap.files.read(path)?;
    let text: &str = &text;
    let offset = floor_boundary(text, offset);
    let meta = module_meta(text);
    for a in &meta.assignments {
        if a.name_range.contains_inclusive(offset) {
            let g = script_global(&a.name)?;
            return Some(HoverResult { markdown: docs::script_global(g), range: Some(a.name_range) });
        }
        let key = script_global(&a.name).and_then(|g| g.bundle_key).and_then(keys::bundle_key);
        if key.is_some_and(|(k, _)| k.shape == ValueShape::Context) {
            if let Some(scalar) = a.literal.as_ref().and_then(|n| scalar_at(n, offset)) {
                let (markdown, range) = super::hover::context_token(text, scalar.range, offset)?;
                return Some(HoverResult { markdown, range: Some(range) });
            }
        }
    }
    // A runtime builtin anywhere in the script.
    let start = text[..offset].char_indices().rev().find(|(_, c)| !is_ident(*c)).map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[start..].find(|c: char| !is_ident(c)).map_or(text.len(), |i| start + i);
    let b = runtime_builtin(&text[start..end])?;
    let markdown = format!("**`{}`** — set by the pyRevit runtime for every run\n\n{}", b.name, b.doc);
    Some(HoverResult { markdown, range: Some(TextRange::new(start, end)) })
}
