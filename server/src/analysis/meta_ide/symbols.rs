//! Outline of metadata files and workspace-wide bundle search.

use std::path::Path;

use super::target::meta_target;
use crate::analysis::meta_docs::meta_document;
use crate::analysis::results::{DocumentSymbol, SymbolKind, WorkspaceSymbol};
use crate::analysis::Snapshot;
use crate::base::{FileRange, TextRange};
use crate::knowledge::keys;
use crate::syntax::{Node, Value};

/// Keys as a tree (nested maps, localized titles, list items) of a metadata file.
pub fn document_symbols(snap: &Snapshot, path: &Path) -> Vec<DocumentSymbol> {
    if meta_target(snap, path).is_none() {
        return Vec::new();
    }
    let Some(meta) = meta_document(snap, path) else { return Vec::new() };
    meta.doc.root.as_ref().map(children).unwrap_or_default()
}

fn short(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 60 {
        format!("{}…", line.chars().take(60).collect::<String>())
    } else {
        line.to_string()
    }
}

fn children(node: &Node) -> Vec<DocumentSymbol> {
    match &node.value {
        Value::Mapping(m) => m
            .entries
            .iter()
            .map(|e| {
                let (detail, kids) = match e.value.as_ref() {
                    Some(v) => match &v.value {
                        Value::Scalar(s) => (Some(short(&s.text)), Vec::new()),
                        _ => (None, children(v)),
                    },
                    None => (None, Vec::new()),
                };
                DocumentSymbol {
                    name: e.key.text.to_string(),
                    detail,
                    kind: SymbolKind::Key,
                    range: e.range.cover(e.key.range),
                    selection_range: e.key.range,
                    children: kids,
                }
            })
            .collect(),
        Value::Sequence(s) => s
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| DocumentSymbol {
                name: it.as_str().map_or_else(|| format!("[{i}]"), short),
                detail: None,
                kind: SymbolKind::Value,
                range: it.range,
                selection_range: it.range,
                children: children(it),
            })
            .collect(),
        Value::Scalar(_) => Vec::new(),
    }
}

/// Case-insensitive subsequence match.
fn fuzzy(query: &str, name: &str) -> bool {
    let mut it = name.chars().flat_map(char::to_lowercase);
    query.chars().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).all(|q| it.any(|c| c == q))
}

/// Titles of a bundle from its `bundle.yaml` (every locale).
fn titles(snap: &Snapshot, yaml: &Path) -> Vec<String> {
    let Some(meta) = meta_document(snap, yaml) else { return Vec::new() };
    let Some(m) = meta.doc.root_mapping() else { return Vec::new() };
    // `title`, or its alias (`titles`, C# loader).
    let is_title = |key: &str| keys::bundle_key(key).is_some_and(|(k, _)| k.name == "title");
    let Some(t) = m.iter().find(|e| is_title(&e.key.text)).and_then(|e| e.value.as_ref()) else { return Vec::new() };
    match &t.value {
        Value::Scalar(s) => vec![s.text.replace('\n', " ")],
        Value::Mapping(m) => {
            m.iter().filter_map(|e| e.value.as_ref()?.as_str().map(|s| s.replace('\n', " "))).collect()
        }
        Value::Sequence(_) => Vec::new(),
    }
}

/// Every bundle whose folder name or title (any locale) matches `query`, pointing at its
/// `bundle.yaml`, else its script, else its folder. Container: `Tab › Panel`.
pub fn workspace_symbols(snap: &Snapshot, query: &str) -> Vec<WorkspaceSymbol> {
    const LIMIT: usize = 500;
    let mut out = Vec::new();
    for ext in &snap.index.extensions {
        for id in ext.bundle_ids() {
            let b = ext.bundle(id);
            let name_hit = fuzzy(query, &b.name);
            let title = match (b.bundle_yaml(), name_hit) {
                (Some(y), false) => titles(snap, &y).into_iter().find(|t| fuzzy(query, t)),
                _ => None,
            };
            if !name_hit && title.is_none() {
                continue;
            }
            let mut chain: Vec<&str> = ext.ancestors(id).skip(1).map(|a| ext.bundle(a).name.as_str()).collect();
            chain.reverse();
            let container = if chain.is_empty() { ext.name.clone() } else { chain.join(" › ") };
            let file = b.bundle_yaml().or_else(|| b.script()).unwrap_or_else(|| b.path.clone());
            let name = match title {
                Some(t) => format!("{t} ({})", b.name),
                None => b.name.clone(),
            };
            out.push(WorkspaceSymbol {
                name,
                container: Some(container),
                kind: SymbolKind::Bundle,
                location: FileRange { path: file, range: TextRange::empty(0) },
            });
            if out.len() >= LIMIT {
                return out;
            }
        }
    }
    out
}
