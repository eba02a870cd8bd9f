//! `layout:` of a container or of the extension root (spec §9.1).

use super::values::Scope;
use super::{closest, Sink};
use crate::analysis::{codes, Diagnostic, Severity};
use crate::base::TextRange;
use crate::knowledge::bundle_types::BundleKind;
use crate::knowledge::keys;
use crate::syntax::Node;

/// One `layout` item split as the Python regex `(.+)\[(.+):(.*)\]` does.
struct Item<'t> {
    name: &'t str,
    /// Directive name and target, with their offsets in the item text.
    directive: Option<(&'t str, usize, &'t str, usize)>,
}

fn split(text: &str) -> Item<'_> {
    if let Some(body) = text.strip_suffix(']') {
        if let Some(open) = body.rfind('[') {
            let inner = &body[open + 1..];
            if let Some(colon) = inner.rfind(':') {
                if open > 0 && colon > 0 {
                    let dir = &inner[..colon];
                    let target = &inner[colon + 1..];
                    return Item { name: &text[..open], directive: Some((dir, open + 1, target, open + 2 + colon)) };
                }
            }
        }
    }
    Item { name: text, directive: None }
}

pub(crate) fn layout(sink: &mut Sink, scope: &Scope, key_range: TextRange, value: &Node) {
    let Some(seq) = value.as_sequence() else { return };
    let extension = scope.snap.index.extension(scope.ext);
    let children: Vec<&str> =
        extension.children_of(scope.bundle).iter().map(|c| extension.bundle(*c).name.as_str()).collect();
    let mut listed: Vec<&str> = Vec::new();
    let last = seq.items.len().saturating_sub(1);
    for (i, node) in seq.items.iter().enumerate() {
        let Some(text) = node.as_str() else { continue };
        if text.contains(keys::LAYOUT_SEPARATOR) || text.contains(keys::LAYOUT_SLIDEOUT) {
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
        let item = split(text);
        let name_range = sink.sub_range(node, TextRange::new(0, item.name.len()));
        if children.contains(&item.name) {
            listed.push(item.name);
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
        if let Some((dir, dir_at, target, target_at)) = item.directive {
            directive(sink, scope, node, &children, (dir, dir_at), (target, target_at));
        }
    }
    if listed.is_empty() {
        return;
    }
    let missing: Vec<&str> = children.iter().copied().filter(|c| !listed.contains(c)).collect();
    for child in missing {
        sink.diag(
            codes::LAYOUT_MISSING_CHILD,
            Severity::Warning,
            key_range,
            format!("`{child}` is not in `layout`: the Python loader (pyRevit ≤ 6) does not create it; the C# loader appends it at the end"),
        );
    }
}

fn directive(
    sink: &mut Sink,
    scope: &Scope,
    node: &Node,
    children: &[&str],
    (dir, dir_at): (&str, usize),
    (target, target_at): (&str, usize),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_directives() {
        let i = split("Views[before:Sheets]");
        assert_eq!(i.name, "Views");
        assert_eq!(i.directive, Some(("before", 6, "Sheets", 13)));
        let i = split("Tools[beforeall:]");
        assert_eq!(i.directive, Some(("beforeall", 6, "", 16)));
        assert!(split("Plain").directive.is_none());
        assert!(split("[x:y]").directive.is_none());
    }
}
