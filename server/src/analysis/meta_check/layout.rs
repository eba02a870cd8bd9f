//! `layout:` of a container or of the extension root (spec §9.1).

use crate::knowledge::{CSHARP_LOADER as CS, PYTHON_LOADER as PY};
use std::path::Path;

use super::values::Scope;
use super::{closest, Sink};
use crate::analysis::meta_docs::meta_document;
use crate::analysis::{codes, Diagnostic, Severity, Snapshot};
use crate::base::TextRange;
use crate::index::Bundle;
use crate::knowledge::bundle_types::{
    classify_folder, is_near_miss_suffix, split_suffix, BundleKind, FolderKind, STACK_MAX_ITEMS,
};
use crate::knowledge::keys::{self, ValueShape};
use crate::syntax::{split_layout_item, LayoutDirective, Node};

/// The child names a `bundle.yaml`'s `layout` lists, each with the range of its item (for
/// structure findings that point at the parent's `layout` entry).
pub(crate) fn layout_items(snap: &Snapshot, yaml: &Path) -> Vec<(String, TextRange)> {
    let Some(parsed) = meta_document(snap, yaml) else { return Vec::new() };
    let Some(map) = parsed.doc.root_mapping() else { return Vec::new() };
    let Some(seq) = map
        .iter()
        .filter(|e| keys::bundle_key(&e.key.text).is_some_and(|(k, _)| k.shape == ValueShape::Layout))
        .find_map(|e| e.value.as_ref()?.as_sequence())
    else {
        return Vec::new();
    };
    seq.items
        .iter()
        .filter_map(|n| {
            let text = n.as_str()?;
            (!is_separator(text)).then(|| (split_layout_item(text).name.to_string(), n.range))
        })
        .collect()
}

fn is_separator(text: &str) -> bool {
    text.contains(keys::LAYOUT_SEPARATOR) || text.contains(keys::LAYOUT_SLIDEOUT)
}

pub(crate) fn layout(sink: &mut Sink, scope: &Scope, key_range: TextRange, value: &Node) {
    let Some(seq) = value.as_sequence() else { return };
    let extension = scope.snap.index.extension(scope.ext);
    let child_bundles: Vec<&Bundle> =
        extension.children_of(scope.bundle).iter().map(|c| extension.bundle(*c)).collect();
    let children: Vec<&str> = child_bundles.iter().map(|b| b.name.as_str()).collect();
    let other_dirs = match scope.bundle {
        Some(b) => &extension.bundle(b).other_dirs,
        None => &extension.other_dirs,
    };
    let mut listed: Vec<&str> = Vec::new();
    let last = seq.items.len().saturating_sub(1);
    for (i, node) in seq.items.iter().enumerate() {
        let Some(text) = node.as_str() else { continue };
        if is_separator(text) {
            if i == last {
                sink.diag(
                    codes::LAYOUT_TRAILING_SEPARATOR,
                    Severity::Information,
                    node.range,
                    format!("`{text}` as the last item is not inserted by pyRevit"),
                );
            }
            continue;
        }
        let item = split_layout_item(text);
        let name_range = sink.sub_range(node, TextRange::new(0, item.name.len()));
        if children.contains(&item.name) {
            listed.push(item.name);
        } else if let Some(dir) = other_dirs.iter().find(|d| split_suffix(&d.name).0 == item.name) {
            // A folder pyRevit ignores. A legacy or near-miss suffix is reported on this entry by
            // the structure checks; another suffix usually disables the bundle on purpose.
            if !matches!(classify_folder(&dir.name), FolderKind::Legacy(_)) && !is_near_miss_suffix(&dir.name) {
                sink.diag(
                    codes::LAYOUT_UNKNOWN_CHILD,
                    Severity::Information,
                    name_range.0,
                    format!("`{}` names the folder `{}`, which pyRevit ignores (no bundle suffix), so this entry shows nothing", item.name, dir.name),
                );
            }
        } else {
            let mut d = Diagnostic::new(
                codes::LAYOUT_UNKNOWN_CHILD,
                Severity::Warning,
                name_range.0,
                format!("`{}` names no child of this container (names are folder names without the suffix, case-sensitive); pyRevit skips it", item.name),
            );
            let near = children
                .iter()
                .find(|c| c.eq_ignore_ascii_case(item.name.trim()))
                .copied()
                .or_else(|| closest(item.name, children.iter().copied()));
            if let (Some(near), true) = (near, name_range.1) {
                d.message.push_str(&format!("; did you mean `{near}`?"));
                d = d.with_fix(sink.fix(format!("Replace with `{near}`"), name_range.0, near));
                listed.push(near);
            }
            sink.push(d);
        }
        if let Some(d) = item.directive {
            directive(sink, scope, node, &children, d);
        }
    }
    if listed.is_empty() {
        return;
    }
    // `.nobutton` bundles never get a ribbon item in either loader (spec §1.3): leaving one out
    // of `layout` changes nothing.
    let missing: Vec<&str> = child_bundles
        .iter()
        .filter(|b| b.kind.gets_ribbon_item() && !listed.contains(&b.name.as_str()))
        .map(|b| b.name.as_str())
        .collect();
    let in_stack = scope.kind == Some(BundleKind::Stack);
    let stacked = listed.len();
    for (n, child) in missing.into_iter().enumerate() {
        let csharp = if in_stack && stacked + n >= STACK_MAX_ITEMS {
            format!(
                "{CS} appends it as item {} of the stack and then drops it (a stack shows at most {})",
                stacked + n + 1,
                STACK_MAX_ITEMS
            )
        } else {
            format!("{CS} appends it at the end")
        };
        sink.diag(
            codes::LAYOUT_MISSING_CHILD,
            Severity::Warning,
            key_range,
            format!("`{child}` is not in `layout`: {PY} does not create it; {csharp}"),
        );
    }
}

fn directive(
    sink: &mut Sink,
    scope: &Scope,
    node: &Node,
    children: &[&str],
    LayoutDirective { name: dir, name_at: dir_at, target, target_at }: LayoutDirective,
) {
    let dir_range = sink.sub_range(node, TextRange::new(dir_at, dir_at + dir.len())).0;
    let Some(info) = keys::layout_directive(dir) else {
        let mut d = Diagnostic::new(
            codes::LAYOUT_UNKNOWN_DIRECTIVE,
            Severity::Warning,
            dir_range,
            format!(
                "`{dir}` is not a layout directive (title, before, after, beforeall, afterall); pyRevit ignores it"
            ),
        );
        if let Some(near) = closest(dir.trim(), keys::LAYOUT_DIRECTIVES.iter().map(|d| d.name)) {
            d = d.with_fix(sink.fix(format!("Replace with `{near}`"), dir_range, near));
        }
        sink.push(d);
        return;
    };
    if !matches!(info.name, "before" | "after") {
        return;
    }
    let t = target.trim();
    if children.contains(&t) {
        return;
    }
    let range = sink.sub_range(node, TextRange::new(target_at, target_at + target.len())).0;
    if scope.kind == Some(BundleKind::Tab) {
        sink.diag(
            codes::LAYOUT_UNKNOWN_TARGET,
            Severity::Information,
            range,
            format!("`{t}` is no panel of this tab; it works only if it names a native Revit panel of the same tab"),
        );
    } else {
        sink.diag(
            codes::LAYOUT_UNKNOWN_TARGET,
            Severity::Warning,
            range,
            format!("`{t}` names no sibling in this container; pyRevit cannot place the item relative to it"),
        );
    }
}
