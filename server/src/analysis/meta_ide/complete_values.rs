//! Value completion: booleans, `highlight`, Revit versions, context tokens (every form), layout
//! entries and directives, manifest `type` and `dependencies`.

use super::complete::{item, mapping_at, Cx};
use super::docs;
use super::target::{owner_key, MetaTarget};
use super::yaml_out::yaml_scalar;
use crate::analysis::results::{CompletionItem, CompletionKind};
use crate::base::TextRange;
use crate::knowledge::categories::{builtin_categories, PREFIX as CATEGORY_PREFIX};
use crate::knowledge::context::{self as ctxk, CONTEXT_KEYWORDS};
use crate::knowledge::keys::{self, ValueShape, HIGHLIGHT_VALUES, LAYOUT_DIRECTIVES, REVIT_VERSIONS};
use crate::knowledge::manifest::{manifest_key, EXTENSION_TYPES};
use crate::knowledge::ranking;

/// What to do with a value, decided by where it is.
enum Slot {
    Bool(String),
    Highlight,
    Version,
    Context,
    Layout,
    ExtType,
    Dependencies,
}

pub(super) fn value_items(cx: &Cx, key: &str, range: TextRange) -> Vec<CompletionItem> {
    let Some(slot) = slot(cx, key) else { return Vec::new() };
    let prefix = cx.prefix().to_string();
    let mut out = Vec::new();
    match slot {
        Slot::Bool(k) => {
            for (i, v) in ["true", "false"].into_iter().enumerate() {
                let doc = docs::bool_value(&k, v);
                out.push(item(&prefix, v, CompletionKind::Value, "bool", doc, range, insert(cx, v, false), i));
            }
        }
        Slot::Highlight => {
            for (i, v) in HIGHLIGHT_VALUES.iter().enumerate() {
                let doc = docs::value("highlight", v);
                out.push(item(
                    &prefix,
                    v.name,
                    CompletionKind::Value,
                    "highlight",
                    doc,
                    range,
                    insert(cx, v.name, true),
                    i,
                ));
            }
        }
        Slot::Version => {
            for (i, y) in REVIT_VERSIONS.rev().enumerate() {
                let v = y.to_string();
                let doc = format!("Revit {v}");
                out.push(item(
                    &prefix,
                    &v,
                    CompletionKind::Value,
                    "Revit version",
                    doc,
                    range,
                    insert(cx, &v, false),
                    i,
                ));
            }
        }
        Slot::Context => context_items(cx, &prefix, range, &mut out),
        Slot::Layout => layout_items(cx, &prefix, range, &mut out),
        Slot::ExtType => {
            for (i, t) in EXTENSION_TYPES.iter().enumerate() {
                let doc = docs::extension_type(t);
                out.push(item(&prefix, t.id, CompletionKind::Value, t.suffix, doc, range, insert(cx, t.id, true), i));
            }
        }
        Slot::Dependencies => {
            let own = cx.target.ext();
            for id in cx.snap.index.extension_ids().filter(|id| *id != own) {
                let e = cx.snap.index.extension(id);
                let doc = format!("Extension `{}` at `{}`", e.name, e.root.display());
                let detail = "extension";
                out.push(item(
                    &prefix,
                    &e.name,
                    CompletionKind::Value,
                    detail,
                    doc,
                    range,
                    insert(cx, &e.name, true),
                    id.0 as usize,
                ));
            }
        }
    }
    out
}

/// The text inserted for a value: bare inside quotes; JSON strings get quotes; YAML quotes only
/// when the plain form would be read differently.
fn insert(cx: &Cx, v: &str, string: bool) -> String {
    if cx.quoted() {
        return v.to_string();
    }
    if cx.target.is_json() {
        return if string { format!("\"{v}\"") } else { v.to_string() };
    }
    if cx.python {
        return if string { format!("'{v}'") } else { v.to_string() };
    }
    if string {
        yaml_scalar(v, cx.ctx.flow)
    } else {
        v.to_string()
    }
}

fn slot(cx: &Cx, key: &str) -> Option<Slot> {
    let path: Vec<&str> = cx.ctx.path.iter().map(String::as_str).collect();
    match (cx.target, path.as_slice()) {
        (MetaTarget::Bundle { .. }, []) => {
            let (k, _) = keys::bundle_key_ignore_case(key)?;
            match k.shape {
                ValueShape::Bool => Some(Slot::Bool(k.name.to_string())),
                ValueShape::Highlight => Some(Slot::Highlight),
                ValueShape::Integer => Some(Slot::Version),
                ValueShape::Context => Some(Slot::Context),
                ValueShape::Layout => Some(Slot::Layout),
                _ => None,
            }
        }
        (MetaTarget::Bundle { .. }, _) => match owner_key(&path) {
            Some(owner) if owner.shape == ValueShape::Context => {
                ctxk::map_key(key).filter(|k| k.name != "type").map(|_| Slot::Context)
            }
            Some(owner) => keys::sub_key(owner.shape, key)
                .filter(|(k, _)| k.shape == ValueShape::Bool)
                .map(|(k, _)| Slot::Bool(k.name.to_string())),
            None => None,
        },
        (MetaTarget::Manifest { .. }, []) => {
            let k = manifest_key(key)?;
            match (k.name, k.shape) {
                ("type", _) => Some(Slot::ExtType),
                ("dependencies", _) => Some(Slot::Dependencies),
                (_, ValueShape::Bool) => Some(Slot::Bool(k.name.to_string())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The runtime's operator characters end a token (spec §5.2).
fn token_bounds(prefix: &str, range: TextRange, text: &str, offset: usize) -> (String, TextRange) {
    let start_in = prefix.rfind(ctxk::is_operator).map_or(0, |i| i + 1);
    let start = range.start as usize + start_in;
    let end_limit = (range.end as usize).max(offset).min(text.len());
    let end = text[offset..end_limit].find(ctxk::is_operator).map_or(end_limit, |i| offset + i);
    (prefix[start_in..].to_string(), TextRange::new(start, end))
}

fn context_items(cx: &Cx, prefix: &str, range: TextRange, out: &mut Vec<CompletionItem>) {
    let (token, range) = token_bounds(prefix, range, cx.text, cx.offset);
    let t = token.trim().to_ascii_lowercase();
    for (i, k) in CONTEXT_KEYWORDS.iter().enumerate() {
        let doc = docs::context_keyword(k);
        out.push(item(&t, k.name, CompletionKind::Keyword, "context keyword", doc, range, insert(cx, k.name, true), i));
    }
    // Thousands of categories: offered once two characters are typed (`OS`, `Wa`…).
    let wants_categories = t.len() >= 2;
    if !wants_categories {
        return;
    }
    for name in builtin_categories() {
        let lower = name.to_ascii_lowercase();
        if !lower.contains(&t) {
            continue;
        }
        let doc = docs::category(name);
        // A prefix match, also after `OST_` (`Wal` → `OST_Walls`), before a match inside the
        // name; common categories first, then shorter names.
        let bare = lower.get(CATEGORY_PREFIX.len()..).unwrap_or("");
        let group = if lower.starts_with(&t) || bare.starts_with(&t) { 0 } else { 1 };
        let rank = ranking::common_category_rank(name).map_or(1000 + name.len(), |i| 100 + i);
        let mut it =
            item(&t, name, CompletionKind::Category, "built-in category", doc, range, insert(cx, name, true), rank);
        it.sort_text = Some(format!("{group}{rank:05}"));
        out.push(it);
    }
}

/// `layout:` entries of this container: child names, separators, `[directive:]` suffixes and
/// sibling names as directive targets.
fn layout_items(cx: &Cx, prefix: &str, range: TextRange, out: &mut Vec<CompletionItem>) {
    let ext = cx.snap.index.extension(cx.target.ext());
    let MetaTarget::Bundle { bundle, .. } = cx.target else { return };
    let children: Vec<_> = ext.children_of(bundle).iter().map(|c| ext.bundle(*c)).collect();
    if let Some(open) = prefix.find('[') {
        let name = prefix[..open].trim();
        let after = &prefix[open + 1..];
        let start = range.start as usize + open;
        if let Some(colon) = after.find(':') {
            let directive = after[..colon].trim().to_ascii_lowercase();
            if directive != "before" && directive != "after" {
                return;
            }
            let r = TextRange::new(start + 1 + colon + 1, range.end as usize);
            let p = &after[colon + 1..];
            for (i, c) in children.iter().enumerate().filter(|(_, c)| c.name != name) {
                let doc = docs::bundle_kind(c.kind);
                out.push(item(p, &c.name, CompletionKind::Bundle, c.kind.suffix(), doc, r, format!("{}]", c.name), i));
            }
            return;
        }
        let r = TextRange::new(start, range.end as usize);
        for (i, d) in LAYOUT_DIRECTIVES.iter().enumerate() {
            let label = format!("[{}:]", d.name);
            let mut it = item(
                "",
                &label,
                CompletionKind::Keyword,
                "layout directive",
                docs::value("layout directive", d),
                r,
                label.clone(),
                i,
            );
            if matches!(d.name, "title" | "before" | "after") {
                it.edit.new_text = format!("[{}:$1]", d.name);
                it.snippet = true;
            }
            out.push(it);
        }
        return;
    }
    let listed: Vec<String> = mapping_at(cx.doc, &[], cx.offset)
        .and_then(|m| m.value("layout").or_else(|| m.value("layout_order")))
        .and_then(|n| n.as_sequence())
        .map(|s| {
            s.items
                .iter()
                .filter(|it| !it.range.contains_inclusive(cx.offset))
                .filter_map(|it| it.as_str())
                .map(|s| crate::syntax::split_layout_item(s).name.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    for (i, c) in children.iter().enumerate() {
        if listed.contains(&c.name) {
            continue;
        }
        let doc = docs::bundle_kind(c.kind);
        out.push(item(
            prefix,
            &c.name,
            CompletionKind::Bundle,
            c.kind.suffix(),
            doc,
            range,
            insert(cx, &c.name, true),
            i,
        ));
    }
    let seps = [
        (keys::LAYOUT_SEPARATOR, "separator", "An item containing `---` is a separator (not inserted when last)."),
        (
            keys::LAYOUT_SLIDEOUT,
            "slide-out",
            "An item containing `>>>` starts the panel slide-out (not inserted when last).",
        ),
    ];
    for (i, (v, detail, doc)) in seps.into_iter().enumerate() {
        out.push(item(
            prefix,
            v,
            CompletionKind::Keyword,
            detail,
            doc.to_string(),
            range,
            insert(cx, v, true),
            500 + i,
        ));
    }
}
