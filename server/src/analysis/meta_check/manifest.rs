//! `extension.json` / `extension.yaml` keys and values (spec §3).

use crate::knowledge::PYTHON_LOADER as PY;
use std::path::Path;

use super::{closest, shape_name, Sink};
use crate::analysis::meta_docs::meta_document;
use crate::analysis::{codes, Diagnostic, Severity, Snapshot};
use crate::base::FileRange;
use crate::index::ExtensionId;
use crate::knowledge::keys::ValueShape;
use crate::knowledge::manifest as mf;
use crate::syntax::{Format, Node, Value};

pub(crate) fn manifest(snap: &Snapshot, ext: ExtensionId, path: &Path) -> Vec<Diagnostic> {
    let Some(parsed) = meta_document(snap, path) else { return Vec::new() };
    let mut sink = Sink::new(path, &parsed.text);
    let Some(map) = parsed.doc.root_mapping() else { return sink.out };
    for e in map {
        let name = e.key.text.as_str();
        let Some(info) = mf::manifest_key(name) else {
            let mut d = Diagnostic::new(
                codes::MANIFEST_UNKNOWN_KEY,
                Severity::Hint,
                e.key.range,
                format!("`{name}` is not a manifest key; {PY} offers it as a `{{{{{name}}}}}` template value"),
            );
            if let Some(near) = closest(name, mf::MANIFEST_KEYS.iter().map(|k| k.name)) {
                d.severity = Severity::Warning;
                d.message = format!("unknown manifest key `{name}`: did you mean `{near}`?");
                d = d.with_fix(sink.fix(format!("Rename to `{near}`"), sink.unquoted(e.key.range), near));
            }
            sink.push(d);
            continue;
        };
        let Some(v) = &e.value else { continue };
        if v.as_scalar().is_some_and(|s| s.null) {
            continue;
        }
        let ok = match info.shape {
            ValueShape::String | ValueShape::Bool => matches!(v.value, Value::Scalar(_)),
            ValueShape::List => matches!(v.value, Value::Sequence(_)),
            ValueShape::Templates => matches!(v.value, Value::Mapping(_)),
            _ => true,
        };
        if !ok {
            let want = match info.shape {
                ValueShape::List => "a list",
                ValueShape::Templates => "a map of name → value",
                _ => "a plain value",
            };
            sink.diag(
                codes::WRONG_VALUE_SHAPE,
                Severity::Warning,
                v.range,
                format!("`{name}` expects {want}, not {}; pyRevit does not read it as intended", shape_name(v)),
            );
            continue;
        }
        match name {
            "type" => extension_type(&mut sink, v),
            "dependencies" => dependencies(&mut sink, snap, v),
            _ => {}
        }
    }
    if parsed.doc.format == Format::Yaml {
        if let Some(json) = &snap.index.extension(ext).manifest_json {
            mismatch(&mut sink, snap, json, map);
        }
    }
    sink.out
}

fn extension_type(sink: &mut Sink, v: &Node) {
    let Some(t) = v.as_str() else { return };
    if mf::extension_type(t).is_some() {
        return;
    }
    let mut d = Diagnostic::new(
        codes::MANIFEST_BAD_TYPE,
        Severity::Warning,
        v.range,
        format!("`type: {t}` is neither `extension` nor `lib`; the extensions manager cannot classify the extension"),
    );
    if let Some(near) = closest(t, mf::EXTENSION_TYPES.iter().map(|t| t.id)) {
        d = d.with_fix(sink.fix(format!("Replace with `{near}`"), sink.unquoted(v.range), near));
    }
    sink.push(d);
}

fn dependencies(sink: &mut Sink, snap: &Snapshot, v: &Node) {
    let Some(seq) = v.as_sequence() else { return };
    for item in &seq.items {
        let Some(name) = item.as_str().map(str::trim).filter(|n| !n.is_empty()) else { continue };
        let known = snap.index.extensions.iter().any(|e| e.name == name || e.name.eq_ignore_ascii_case(name));
        if !known {
            sink.diag(
                codes::MANIFEST_UNKNOWN_DEPENDENCY,
                Severity::Information,
                item.range,
                format!(
                    "no extension named `{name}` in this workspace; pyRevit installs it from the extensions database"
                ),
            );
        }
    }
}

/// Keys present in both manifests with different plain values.
fn mismatch(sink: &mut Sink, snap: &Snapshot, json_path: &Path, yaml: &crate::syntax::Mapping) {
    let Some(json) = meta_document(snap, json_path) else { return };
    let Some(jmap) = json.doc.root_mapping() else { return };
    for e in yaml {
        let (Some(yv), Some(jv)) = (e.value.as_ref(), jmap.value(&e.key.text)) else { continue };
        let (Some(ys), Some(js)) = (yv.as_str(), jv.as_str()) else { continue };
        if ys != js {
            let d = Diagnostic::new(
                codes::MANIFEST_MISMATCH,
                Severity::Warning,
                yv.range,
                format!("`{}` is `{js}` in extension.json, which is the manifest current loaders read", e.key.text),
            )
            .with_related(FileRange { path: json_path.to_path_buf(), range: jv.range }, "extension.json value");
            sink.push(d);
        }
    }
}
