//! `bundle.yaml`: top-level keys (unknown, aliases, case, applicability, required) and the
//! dispatch of each value to its checker.

use crate::knowledge::{CSHARP_LOADER as CS, PYTHON_LOADER as PY};
use std::path::Path;

use super::{closest, context, first_line, layout, locales, values, Sink};
use crate::analysis::meta_docs::meta_document;
use crate::analysis::{codes, Diagnostic, Severity, Snapshot};
use crate::base::{FileRange, TextRange};
use crate::index::{BundleId, ExtensionId};
use crate::knowledge::bundle_types::BundleKind;
use crate::knowledge::keys::{self, KeyInfo, ValueShape};
use crate::syntax::{Mapping, Node, Value};

/// Every key and value finding of one `bundle.yaml`.
pub(crate) fn bundle_yaml(snap: &Snapshot, ext: ExtensionId, bundle: Option<BundleId>, path: &Path) -> Vec<Diagnostic> {
    let Some(parsed) = meta_document(snap, path) else { return Vec::new() };
    let mut sink = Sink::new(path, &parsed.text);
    let extension = snap.index.extension(ext);
    let kind = bundle.map(|b| extension.bundle(b).kind);
    if let Some(root) = &parsed.doc.root {
        duplicates(&mut sink, root);
    }
    let Some(map) = parsed.doc.root_mapping() else {
        if parsed.doc.root.is_none() && parsed.doc.errors.is_empty() {
            required(&mut sink, kind, None);
        }
        return sink.out;
    };
    let scope = values::Scope { snap, ext, bundle, kind };
    for entry in map {
        let name = entry.key.text.as_str();
        let key_range = entry.key.range;
        let info = match keys::bundle_key(name) {
            Some((info, false)) => info,
            Some((info, true)) => {
                let msg = format!("`{name}` is read by {CS} only; {PY} ignores it. Use `{}`", info.name);
                let fix = sink.fix(format!("Rename to `{}`", info.name), sink.unquoted(key_range), info.name);
                sink.push(Diagnostic::new(codes::CSHARP_ONLY_ALIAS, Severity::Warning, key_range, msg).with_fix(fix));
                info
            }
            None => {
                unknown_key(&mut sink, entry.key.text.as_str(), key_range, entry.value.as_ref());
                continue;
            }
        };
        if !keys::applies(info, kind) {
            not_applicable(&mut sink, info, kind, key_range);
            continue;
        }
        if info.name == "context" && kind == Some(BundleKind::PanelButton) {
            sink.diag(
                codes::CONTEXT_ON_PANELBUTTON,
                Severity::Information,
                key_range,
                "a `.panelbutton` is always available (pyRevit forces its context to `zero-doc`); this `context` has no effect",
            );
        }
        let Some(value) = entry.value.as_ref() else { continue };
        if value.as_scalar().is_some_and(|s| s.null) {
            continue;
        }
        check_value(&mut sink, &scope, info, key_range, value);
    }
    values::version_order(&mut sink, map);
    required(&mut sink, kind, Some(map));
    sink.out
}

fn check_value(sink: &mut Sink, scope: &values::Scope, info: &'static KeyInfo, key_range: TextRange, value: &Node) {
    if !values::shape_ok(sink, info.name, info.shape, value) {
        return;
    }
    match info.shape {
        ValueShape::LocalizedString => locales::localized(sink, info.name, value),
        ValueShape::Context => context::context(sink, value),
        ValueShape::Layout => layout::layout(sink, scope, key_range, value),
        ValueShape::Bool => values::boolean(sink, info.name, value),
        ValueShape::Integer => values::version(sink, info.name, value),
        ValueShape::Highlight => values::highlight(sink, value),
        ValueShape::Background => values::background(sink, value),
        ValueShape::Engine => values::engine(sink, value),
        _ => {}
    }
}

fn unknown_key(sink: &mut Sink, name: &str, range: TextRange, value: Option<&Node>) {
    if let Some((info, _)) = keys::bundle_key_ignore_case(name) {
        let msg = format!(
            "`{name}`: {CS} lower-cases top-level keys and reads it as `{}`; {PY} matches keys exactly and ignores it",
            info.name
        );
        let fix = sink.fix(format!("Rename to `{}`", info.name), sink.unquoted(range), info.name);
        sink.push(Diagnostic::new(codes::KEY_CASE, Severity::Warning, range, msg).with_fix(fix));
        return;
    }
    if let Some(unread) = keys::unread_key(name) {
        sink.diag(
            codes::UNREAD_KEY,
            Severity::Information,
            range,
            format!("no pyRevit loader reads `{name}`. {}", unread.why),
        );
        return;
    }
    let names = keys::BUNDLE_KEYS.iter().map(|k| k.name);
    if let Some(near) = closest(name, names) {
        let msg = format!(
            "unknown key `{name}`: did you mean `{near}`? pyRevit does not read it (it only becomes a `{{{{{name}}}}}` template for descendants)"
        );
        let fix = sink.fix(format!("Rename to `{near}`"), sink.unquoted(range), near);
        sink.push(Diagnostic::new(codes::UNKNOWN_KEY, Severity::Warning, range, msg).with_fix(fix));
        return;
    }
    match value.map(|v| &v.value) {
        Some(Value::Mapping(_)) | Some(Value::Sequence(_)) => sink.diag(
            codes::UNKNOWN_KEY,
            Severity::Information,
            range,
            format!("`{name}` is not a pyRevit key; no loader reads it"),
        ),
        _ => sink.diag(
            codes::TEMPLATE_KEY,
            Severity::Hint,
            range,
            format!("`{name}` is not a pyRevit key: it becomes a template variable `{{{{{name}}}}}` for descendants"),
        ),
    }
}

fn kind_name(kind: Option<BundleKind>) -> String {
    match kind {
        Some(k) => format!("a `{}` bundle", k.suffix()),
        None => "the extension's root bundle.yaml".to_string(),
    }
}

fn not_applicable(sink: &mut Sink, info: &KeyInfo, kind: Option<BundleKind>, range: TextRange) {
    if info.name == "context" && kind == Some(BundleKind::LinkButton) {
        sink.diag(
            codes::CONTEXT_ON_LINKBUTTON,
            Severity::Warning,
            range,
            format!("`.linkbutton` bundles do not support `context`: pyRevit ignores it ({PY} logs a warning). Use `availability_class` instead"),
        );
        return;
    }
    sink.diag(
        codes::KEY_NOT_APPLICABLE,
        Severity::Warning,
        range,
        format!("`{}` means nothing in {}; pyRevit ignores it", info.name, kind_name(kind)),
    );
}

/// Keys the bundle type needs. `map` is `None` for an empty file.
fn required(sink: &mut Sink, kind: Option<BundleKind>, map: Option<&Mapping>) {
    let Some(kind) = kind else { return };
    for key in keys::required_keys(kind) {
        let present = map.is_some_and(|m| {
            m.iter().any(|e| keys::bundle_key_ignore_case(&e.key.text).is_some_and(|(k, _)| k.name == key.name))
        });
        if present {
            continue;
        }
        let what = match key.name {
            "hyperlink" => "pyRevit logs \"does not specify target url\" and creates no button",
            "assembly" => "pyRevit logs \"does not specify target assembly\" and creates no working button",
            "command_class" => "pyRevit logs \"does not specify target command class\"",
            _ => "pyRevit cannot create the button",
        };
        let msg = format!("a `{}` bundle needs `{}`: {what}. Example: `{}`", kind.suffix(), key.name, key.example);
        sink.diag(codes::MISSING_REQUIRED_KEY, Severity::Error, first_line(sink.text), msg);
    }
}

/// Keys spelled twice in any mapping of the document (only the nodes that have some are walked:
/// [`Node::has_dup_keys`]).
fn duplicates(sink: &mut Sink, node: &Node) {
    if !node.has_dup_keys() {
        return;
    }
    match &node.value {
        Value::Mapping(m) => {
            let mut found = m.duplicates().into_iter().peekable();
            for (i, e) in m.entries.iter().enumerate() {
                if let Some((_, first)) = found.next_if(|&(d, _)| d == i) {
                    let d = Diagnostic::new(
                        codes::DUPLICATE_KEY,
                        Severity::Error,
                        e.key.range,
                        format!(
                            "duplicate key `{}`: YamlDotNet refuses the mapping (\"Duplicate key\"), so pyRevit cannot read this file",
                            e.key.text
                        ),
                    )
                    .with_related(
                        FileRange { path: sink.path.to_path_buf(), range: m.entries[first].key.range },
                        "first defined here",
                    );
                    sink.push(d);
                }
                if let Some(v) = &e.value {
                    duplicates(sink, v);
                }
            }
        }
        Value::Sequence(s) => s.items.iter().for_each(|n| duplicates(sink, n)),
        Value::Scalar(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Duplicates in the items of a long list (only the items that have some are walked) come out as
    /// a plain walk finds them, in order.
    #[test]
    fn duplicates_in_a_long_list_in_order() {
        let mut text = String::from("members:\n");
        for i in 0..20_000 {
            let again = if i % 5_000 == 7 { "    id: twice\n" } else { "" };
            text += &format!("  - id: m{i}\n    text: item\n{again}");
        }
        let doc = crate::syntax::parse_yaml(&text);
        let mut sink = Sink::new(Path::new("/b.yaml"), &text);
        duplicates(&mut sink, doc.root.as_ref().unwrap());
        let got: Vec<u32> = sink.out.iter().map(|d| d.range.start).collect();
        let want: Vec<u32> = text.match_indices("    id: twice").map(|(i, _)| i as u32 + 4).collect();
        assert_eq!((got.len(), &got), (4, &want));
    }

    /// Each later spelling of a key is reported against its first one, in small mappings (scanned)
    /// and big ones (a map) alike.
    #[test]
    fn duplicates_in_small_and_big_mappings() {
        for n in [3, 8, 9, 40] {
            let mut text: String = (0..n).map(|i| format!("k{i}: {i}\n")).collect();
            text += &format!("k1: again\nk{}: last\nk1: third\n", n - 1);
            let doc = crate::syntax::parse_yaml(&text);
            let mut sink = Sink::new(Path::new("/b.yaml"), &text);
            duplicates(&mut sink, doc.root.as_ref().unwrap());
            let at = |s: &str| text.find(s).unwrap() as u32;
            let got: Vec<(u32, u32)> =
                sink.out.iter().map(|d| (d.range.start, d.related.first().unwrap().0.range.start)).collect();
            let k1 = at("k1:");
            let last = at(&format!("k{}:", n - 1));
            let again = at("k1: again");
            let want = vec![(again, k1), (at(&format!("k{}: last", n - 1)), last), (at("k1: third"), k1)];
            assert_eq!(got, want, "{n} entries");
        }
    }
}
