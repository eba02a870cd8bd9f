//! In-script metadata globals of command scripts (spec §10): the same value checks as
//! bundle.yaml on their literal values, plus what each loader does with the assignment.

use crate::knowledge::{CSHARP_LOADER as CS, PYTHON_LOADER as PY};
use std::path::Path;

use super::{context, locales, values, Sink};
use crate::analysis::meta_docs::meta_document;
use crate::analysis::{codes, Diagnostic, Severity, Snapshot};
use crate::base::TextRange;
use crate::index::ExtensionId;
use crate::knowledge::keys::{self, ValueShape};
use crate::knowledge::script_meta::{self, LiteralShape};
use crate::syntax::{DunderAssign, Mapping, Value};

/// Findings for the metadata globals of `path`, when it is the script of a command bundle.
pub(crate) fn script_metadata(snap: &Snapshot, ext: ExtensionId, path: &Path) -> Vec<Diagnostic> {
    let Some((owner_ext, bid)) = snap.index.command_script_owner(path) else { return Vec::new() };
    if owner_ext != ext {
        return Vec::new();
    }
    let bundle = snap.index.extension(ext).bundle(bid);
    let Some((text, meta)) = snap.caches.modules.meta(&*snap.files, path) else { return Vec::new() };
    let mut sink = Sink::new(path, &text);
    // The Python loader reads in-script metadata unless the bundle.yaml holds some metadata.
    let yaml = bundle.bundle_yaml().and_then(|p| meta_document(snap, &p));
    let yaml_map = yaml.as_ref().and_then(|m| m.doc.root_mapping()).filter(|m| !m.entries.is_empty());
    let assigns = meta.assignments.clone();
    version_order(&mut sink, &assigns);
    for a in assigns {
        let Some(global) = script_meta::script_global(&a.name) else { continue };
        if global.legacy || global.shapes.contains(&LiteralShape::Function) {
            continue;
        }
        let key = global.bundle_key.unwrap_or(global.name);
        if let Some(map) = yaml_map {
            shadowed(&mut sink, map, &a.name, a.name_range, key);
        }
        let Some(value) = a.literal else {
            sink.diag(
                codes::SCRIPT_META_NOT_LITERAL,
                Severity::Warning,
                a.value_range,
                format!(
                    "`{}` must be a literal: {PY} evaluates it with `ast.literal_eval` and logs a parse error",
                    a.name
                ),
            );
            continue;
        };
        if a.multiline && matches!(value.value, Value::Sequence(_) | Value::Mapping(_)) {
            sink.diag(
                codes::SCRIPT_META_MULTILINE,
                Severity::Information,
                a.value_range,
                format!("{CS} reads `{}` only when the dict or list is on one line", a.name),
            );
        }
        // The same value checks as the equivalent bundle.yaml key (`bundle.rs`), by its shape.
        match keys::bundle_key(key).map(|(k, _)| k.shape) {
            Some(ValueShape::LocalizedString) => locales::localized(&mut sink, &a.name, &value),
            Some(ValueShape::Context) => context::context(&mut sink, &value),
            Some(ValueShape::Integer) => values::version(&mut sink, &a.name, &value),
            Some(ValueShape::Highlight) => values::highlight(&mut sink, &value),
            _ => {}
        }
    }
    sink.out
}

/// A metadata global in a bundle whose bundle.yaml has metadata: the Python loader ignores it.
fn shadowed(sink: &mut Sink, yaml: &Mapping, global: &str, range: TextRange, key: &str) {
    let in_yaml = match key.split_once('.') {
        Some((parent, sub)) => yaml.value(parent).and_then(|v| v.as_mapping()).is_some_and(|m| m.get(sub).is_some()),
        None => yaml.iter().any(|e| keys::bundle_key_ignore_case(&e.key.text).is_some_and(|(k, _)| k.name == key)),
    };
    if in_yaml {
        sink.diag(
            codes::SCRIPT_META_SHADOWED,
            Severity::Hint,
            range,
            format!("`{global}` is unused: bundle.yaml sets `{key}`, which wins in both loaders"),
        );
    } else {
        sink.diag(
            codes::SCRIPT_META_SHADOWED,
            Severity::Warning,
            range,
            format!(
                "this bundle has a bundle.yaml, so {PY} ignores `{global}` while {CS} uses it; move it to bundle.yaml as `{key}`"
            ),
        );
    }
}

/// `__min_revit_ver__` greater than `__max_revit_ver__`.
fn version_order(sink: &mut Sink, assigns: &[DunderAssign]) {
    let find = |name: &str| assigns.iter().find(|a| a.name == name).and_then(|a| a.literal.as_ref());
    let (Some(min), Some(max)) = (find("__min_revit_ver__"), find("__max_revit_ver__")) else { return };
    let (Some(lo), Some(hi)) = (values::version_number(min), values::version_number(max)) else { return };
    if lo > hi {
        sink.diag(
            codes::VERSION_RANGE_EMPTY,
            Severity::Error,
            max.range,
            format!(
                "`__max_revit_ver__ = {hi}` is below `__min_revit_ver__ = {lo}`: no Revit version shows this button"
            ),
        );
    }
}
