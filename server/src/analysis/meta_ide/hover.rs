//! Hover in metadata files: keys, locale codes, context tokens, values, and the resolved title
//! table on a bundle's `title` key.

use std::path::Path;

use super::docs;
use super::target::{meta_target, owner_key, MetaTarget};
use crate::analysis::meta_docs::meta_document;
use crate::analysis::results::HoverResult;
use crate::analysis::Snapshot;
use crate::base::TextRange;
use crate::knowledge::categories::{builtin_category, is_numeric_category};
use crate::knowledge::context as ctxk;
use crate::knowledge::keys::{self, ValueShape};
use crate::knowledge::locales::{self, LocaleMatch};
use crate::knowledge::manifest;
use crate::syntax::{Entry, Node, Value};

/// What the offset is on.
enum Hit<'a> {
    /// A key; `path` holds the enclosing keys.
    Key { path: Vec<String>, entry: &'a Entry },
    /// A scalar value of `key` (directly or as a sequence item).
    Value { path: Vec<String>, key: String, node: &'a Node },
}

fn find<'a>(node: &'a Node, path: &mut Vec<String>, owner: Option<&str>, offset: usize) -> Option<Hit<'a>> {
    match &node.value {
        Value::Mapping(m) => {
            for e in &m.entries {
                if e.key.range.contains_inclusive(offset) {
                    return Some(Hit::Key { path: path.clone(), entry: e });
                }
                if let Some(v) = e.value.as_ref().filter(|v| v.range.contains_inclusive(offset)) {
                    if let Value::Scalar(_) = v.value {
                        return Some(Hit::Value { path: path.clone(), key: e.key.text.to_string(), node: v });
                    }
                    path.push(e.key.text.to_string());
                    let hit = find(v, path, Some(&e.key.text), offset);
                    path.pop();
                    return hit;
                }
            }
            None
        }
        Value::Sequence(s) => {
            let it = s.items.iter().find(|it| it.range.contains_inclusive(offset))?;
            match it.value {
                Value::Scalar(_) => {
                    let key = owner?.to_string();
                    let mut p = path.clone();
                    p.pop();
                    Some(Hit::Value { path: p, key, node: it })
                }
                _ => find(it, path, None, offset),
            }
        }
        Value::Scalar(_) => None,
    }
}

pub fn hover(snap: &Snapshot, path: &Path, offset: usize) -> Option<HoverResult> {
    let target = meta_target(snap, path)?;
    let meta = meta_document(snap, path)?;
    let root = meta.doc.root.as_ref()?;
    let hit = find(root, &mut Vec::new(), None, offset)?;
    match hit {
        Hit::Key { path, entry } => {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            let md = key_hover(snap, target, &p, entry)?;
            Some(HoverResult { markdown: md, range: Some(entry.key.range) })
        }
        Hit::Value { path, key, node } => {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            let (md, range) = value_hover(snap, target, &p, &key, node, &meta.text, offset)?;
            Some(HoverResult { markdown: md, range: Some(range) })
        }
    }
}

fn key_hover(snap: &Snapshot, target: MetaTarget, path: &[&str], entry: &Entry) -> Option<String> {
    let name = entry.key.text.as_str();
    match (target, path) {
        (MetaTarget::Bundle { .. }, []) => {
            let Some((k, alias)) = keys::bundle_key_ignore_case(name) else {
                if let Some(u) = keys::unread_key(name) {
                    return Some(format!("**`{name}`** — not read by pyRevit\n\n{}", u.why));
                }
                return Some(format!(
                    "**`{name}`** — not a pyRevit key\n\nA scalar value is still available to descendants \
                     as the `{{{{{name}}}}}` template value."
                ));
            };
            let mut md = docs::bundle_key(k);
            if alias {
                md = format!("`{name}` is a C#-only alias of `{}`.\n\n{md}", k.name);
            }
            if k.name == "title" {
                md.push_str("\n\n");
                md.push_str(&title_table(snap, target, entry));
            }
            Some(md)
        }
        (MetaTarget::Bundle { .. }, _) => match owner_key(path) {
            Some(owner) if owner.localizable => Some(match locales::lookup(name) {
                    LocaleMatch::Canonical(l) => docs::locale(l),
                    LocaleMatch::Alias { alias, .. } => docs::locale_alias(alias),
                    LocaleMatch::CaseDiffers { spelled, locale } => format!(
                        "**`{name}`** — {}\n\nThe C# loader accepts it (case-insensitive); the Python loader \
                         matches exactly and needs `{spelled}`.",
                        locale.language
                    ),
                    LocaleMatch::Unknown => {
                        let hint = locales::suggest(name).map(|s| format!(" Did you mean `{s}`?")).unwrap_or_default();
                        format!("**`{name}`** — unknown locale code\n\nThe Python loader never picks it; the C# loader drops it with \"Unsupported locale key\".{hint}")
                    }
                }),
            Some(owner) if owner.shape == ValueShape::Context => ctxk::map_key(name).map(docs::context_map_key),
            Some(owner) => keys::sub_key(owner.shape, name).map(|(k, _)| docs::sub_key(owner.name, k)),
            None => None,
        },
        (MetaTarget::Manifest { .. }, []) => Some(match manifest::manifest_key(name) {
            Some(k) => docs::manifest_key(k),
            None => format!("**`{name}`** — not a manifest key\n\nThe Python loader still offers it as a `{{{{{name}}}}}` template value."),
        }),
        _ => None,
    }
}

/// The title shown per locale, and the default (the folder name).
fn title_table(snap: &Snapshot, target: MetaTarget, entry: &Entry) -> String {
    let ext = snap.index.extension(target.ext());
    let default = match target {
        MetaTarget::Bundle { bundle: Some(b), .. } => ext.bundle(b).name.clone(),
        _ => ext.name.clone(),
    };
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', "↵");
    let mut md = String::from("| Locale | Title |\n|---|---|\n");
    match entry.value.as_ref().map(|v| &v.value) {
        Some(Value::Scalar(s)) if !s.null => md.push_str(&format!("| every locale | {} |\n", cell(&s.text))),
        Some(Value::Mapping(m)) => {
            for e in &m.entries {
                let lang = locales::lookup(&e.key.text).locale().map_or("unknown", |l| l.language);
                let v = e.value.as_ref().and_then(Node::as_str).unwrap_or("");
                md.push_str(&format!("| `{}` ({lang}) | {} |\n", e.key.text, cell(v)));
            }
        }
        _ => {}
    }
    md.push_str(&format!("| default | {} |\n", cell(&default)));
    md
}

fn value_hover(
    snap: &Snapshot,
    target: MetaTarget,
    path: &[&str],
    key: &str,
    node: &Node,
    text: &str,
    offset: usize,
) -> Option<(String, TextRange)> {
    let value = node.as_str()?;
    let whole = node.range;
    match (target, path) {
        (MetaTarget::Bundle { .. }, []) => {
            let (k, _) = keys::bundle_key_ignore_case(key)?;
            match k.shape {
                ValueShape::Highlight => {
                    let md = match keys::highlight_value(value) {
                        Some(v) => docs::value("highlight", v),
                        None => format!("**`{value}`** — not a highlight value; use `new` or `updated`."),
                    };
                    Some((md, whole))
                }
                ValueShape::Bool => Some((docs::bool_value(k.name, value), whole)),
                ValueShape::Context => context_token(text, whole, offset),
                ValueShape::Layout => layout_item(snap, target, value).map(|md| (md, whole)),
                _ => None,
            }
        }
        (MetaTarget::Bundle { .. }, _) => match owner_key(path) {
            Some(owner) if owner.shape == ValueShape::Context => {
                ctxk::map_key(key).filter(|k| k.name != "type")?;
                context_token(text, whole, offset)
            }
            Some(owner) => {
                let (k, _) = keys::sub_key(owner.shape, key)?;
                let md = if k.shape == ValueShape::Bool {
                    format!("{}\n\n---\n\n{}", docs::bool_value(k.name, value), docs::sub_key(owner.name, k))
                } else {
                    docs::sub_key(owner.name, k)
                };
                Some((md, whole))
            }
            None => None,
        },
        (MetaTarget::Manifest { .. }, []) => {
            let k = manifest::manifest_key(key)?;
            if k.name == "type" {
                return manifest::extension_type(value).map(|t| (docs::extension_type(t), whole));
            }
            (k.shape == ValueShape::Bool).then(|| (docs::bool_value(k.name, value), whole))
        }
        _ => None,
    }
}

/// The context token under the cursor, split on the runtime operators.
pub(super) fn context_token(text: &str, whole: TextRange, offset: usize) -> Option<(String, TextRange)> {
    let (s, e) = (whole.start as usize, (whole.end as usize).min(text.len()));
    let src = text.get(s..e)?;
    let at = offset.checked_sub(s)?.min(src.len());
    if !src.is_char_boundary(at) {
        return None;
    }
    let stop = |c: char| ctxk::is_operator(c) || c == '"' || c == '\'';
    let ts = src[..at].rfind(stop).map_or(0, |i| i + 1);
    let te = src[at..].find(stop).map_or(src.len(), |i| at + i);
    let token = &src[ts..te];
    if token.trim().is_empty() {
        let ch = src[at..].chars().next().or_else(|| src[..at].chars().next_back())?;
        let op = ctxk::operator(ch)?;
        return Some((format!("**`{ch}`** — context operator\n\n{}", op.doc), TextRange::new(s + at, s + at + 1)));
    }
    let range = TextRange::new(s + ts, s + te);
    let md = if let Some(k) = ctxk::keyword(token) {
        docs::context_keyword(k)
    } else if let Some(c) = builtin_category(token) {
        docs::category(c)
    } else if is_numeric_category(token) {
        format!("**`{}`** — built-in category id\n\nA number is parsed as a `BuiltInCategory` value.", token.trim())
    } else {
        docs::custom_category(token)
    };
    let md = if token.trim() != token && ctxk::keyword(token.trim()).is_some() {
        format!("{md}\n\n**Note:** the spaces are part of the token, so this keyword does not match.")
    } else {
        md
    };
    Some((md, range))
}

fn layout_item(snap: &Snapshot, target: MetaTarget, value: &str) -> Option<String> {
    let MetaTarget::Bundle { bundle, .. } = target else { return None };
    let ext = snap.index.extension(target.ext());
    if value.contains(keys::LAYOUT_SEPARATOR) {
        return Some("**separator** — items containing `---` insert a separator.".into());
    }
    if value.contains(keys::LAYOUT_SLIDEOUT) {
        return Some("**slide-out** — items containing `>>>` start the panel slide-out.".into());
    }
    let name = crate::syntax::split_layout_item(value).name;
    let child = ext.children_of(bundle).iter().map(|c| ext.bundle(*c)).find(|b| b.name == name);
    Some(match child {
        Some(b) => format!("**{}** — child bundle\n\n{}", b.name, docs::bundle_kind(b.kind)),
        None => format!("**{name}** — no child bundle of this container has this name (names are case-sensitive)."),
    })
}
