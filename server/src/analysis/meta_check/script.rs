//! In-script metadata globals of command scripts (spec §10): the same value checks as
//! bundle.yaml on their literal values, plus what each loader does with the assignment.

use std::path::Path;

use super::{context, locales, values, Sink};
use crate::analysis::{codes, Diagnostic, Severity, Snapshot};
use crate::index::ExtensionId;
use crate::knowledge::script_meta::{self, LiteralShape};
use crate::syntax::{dunder_assignments, Value};

/// Findings for the metadata globals of `path`, when it is the script of a command bundle.
pub(crate) fn script_metadata(snap: &Snapshot, ext: ExtensionId, path: &Path) -> Vec<Diagnostic> {
    let Some(dir) = path.parent() else { return Vec::new() };
    let Some((owner_ext, Some(bid))) = snap.index.owner_of(dir) else { return Vec::new() };
    if owner_ext != ext {
        return Vec::new();
    }
    let bundle = snap.index.extension(ext).bundle(bid);
    if bundle.path != dir || !bundle.kind.is_command() {
        return Vec::new();
    }
    let is_script = bundle.script.as_deref() == Some(path) || bundle.csharp_script.as_deref() == Some(path);
    if !is_script {
        return Vec::new();
    }
    let Some(text) = snap.files.read(path) else { return Vec::new() };
    let mut sink = Sink::new(path, &text);
    let has_yaml = bundle.bundle_yaml.is_some();
    for a in dunder_assignments(&text) {
        let Some(global) = script_meta::script_global(&a.name) else { continue };
        if global.legacy || global.shapes.contains(&LiteralShape::Function) {
            continue;
        }
        let key = global.bundle_key.unwrap_or(global.name);
        if has_yaml {
            sink.diag(
                codes::SCRIPT_META_SHADOWED,
                Severity::Warning,
                a.name_range,
                format!(
                    "this bundle has a bundle.yaml: the Python loader (pyRevit ≤ 6) ignores all in-script metadata, the C# loader uses `{}` unless bundle.yaml sets `{key}`",
                    a.name
                ),
            );
        }
        let Some(value) = a.literal else {
            sink.diag(
                codes::SCRIPT_META_NOT_LITERAL,
                Severity::Warning,
                a.value_range,
                format!("`{}` must be a literal: the Python loader evaluates it with `ast.literal_eval` and logs a parse error", a.name),
            );
            continue;
        };
        if a.multiline && matches!(value.value, Value::Sequence(_) | Value::Mapping(_)) {
            sink.diag(
                codes::SCRIPT_META_MULTILINE,
                Severity::Information,
                a.value_range,
                format!("the C# loader reads `{}` only when the dict or list is on one line", a.name),
            );
        }
        match key {
            "title" | "tooltip" | "help_url" => locales::localized(&mut sink, &a.name, &value),
            "context" => context::context(&mut sink, &value),
            "min_revit_version" | "max_revit_version" => values::version(&mut sink, &a.name, &value),
            "highlight" => values::highlight(&mut sink, &value),
            _ => {}
        }
    }
    sink.out
}
