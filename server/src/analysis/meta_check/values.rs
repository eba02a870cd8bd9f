//! Value checks shared by bundle.yaml and in-script globals: shapes, booleans, versions,
//! `highlight`, `background`, `engine`.

use super::{closest, shape_name, Sink};
use crate::analysis::{codes, Diagnostic, Severity, Snapshot};
use crate::base::FileRange;
use crate::index::{BundleId, ExtensionId};
use crate::knowledge::bundle_types::BundleKind;
use crate::knowledge::keys::{self, ValueShape};
use crate::knowledge::{CSHARP_LOADER as CS, PYTHON_LOADER as PY};
use crate::syntax::{Mapping, Node, Value};

/// Where a `bundle.yaml` sits (for checks that look at the folder tree, like `layout`).
pub(crate) struct Scope<'a> {
    pub snap: &'a Snapshot,
    pub ext: ExtensionId,
    pub bundle: Option<BundleId>,
    pub kind: Option<BundleKind>,
}

/// Report a value whose shape the key cannot take; false when the value's content is not worth
/// checking further.
pub(crate) fn shape_ok(sink: &mut Sink, key: &str, shape: ValueShape, value: &Node) -> bool {
    let (scalar, list, map) = match &value.value {
        Value::Scalar(_) => (true, false, false),
        Value::Sequence(_) => (false, true, false),
        Value::Mapping(_) => (false, false, true),
    };
    // (accepted, error when not accepted: pyRevit fails reading the file)
    let (ok, fatal, want) = match shape {
        ValueShape::String => (scalar, false, "a plain value"),
        ValueShape::Bool => (scalar, true, "`true` or `false`"),
        ValueShape::Integer => (scalar, true, "a Revit version such as `2024`"),
        ValueShape::StringOrList => (scalar || list, false, "a plain value or a list"),
        ValueShape::LocalizedString => (scalar || map, false, "text or a map of locale → text"),
        ValueShape::Context => (true, false, ""),
        ValueShape::Map | ValueShape::Templates => (map, false, "a map"),
        ValueShape::List | ValueShape::Members => (list, false, "a list"),
        ValueShape::Layout => (list, false, "a list of child names"),
        ValueShape::Background => (scalar || map, false, "a colour or a map of panel/title/slideout colours"),
        ValueShape::Engine => (map, true, "a map of engine options"),
        ValueShape::Highlight => (scalar, false, "`new` or `updated`"),
    };
    if ok {
        return true;
    }
    let (sev, effect) = if fatal {
        (
            Severity::Error,
            "the Python loader fails with \"Error reading meta file\" and ignores all of this bundle's metadata",
        )
    } else {
        (Severity::Warning, "pyRevit does not read it as intended")
    };
    sink.diag(
        codes::WRONG_VALUE_SHAPE,
        sev,
        value.range,
        format!("`{key}` expects {want}, not {}: {effect}", shape_name(value)),
    );
    false
}

/// A boolean the two loaders read differently.
pub(crate) fn boolean(sink: &mut Sink, key: &str, value: &Node) {
    let Some(text) = value.as_str() else { return };
    if !keys::loaders_disagree_on_bool(key, text) {
        return;
    }
    let py = keys::python_bool(key, text);
    let cs = keys::csharp_bool(text);
    let to = if cs { "true" } else { "false" };
    let msg = format!("`{key}: {text}` is read as {py} by {PY} and {cs} by {CS}; write `{to}`");
    let fix = sink.fix(format!("Replace with `{to}`"), sink.unquoted(value.range), to);
    sink.push(Diagnostic::new(codes::AMBIGUOUS_BOOL, Severity::Warning, value.range, msg).with_fix(fix));
}

/// The integer a version value holds, if any.
pub(crate) fn version_number(value: &Node) -> Option<i64> {
    value.as_str()?.trim().parse::<i64>().ok()
}

/// `min_revit_version` / `max_revit_version`.
pub(crate) fn version(sink: &mut Sink, key: &str, value: &Node) {
    let Some(text) = value.as_str() else { return };
    match version_number(value) {
        None => sink.diag(
            codes::NON_INTEGER_VERSION,
            Severity::Error,
            value.range,
            format!(
                "`{key}: {text}` is not an integer: {PY} fails on `int()` while building the UI and {CS} skips the value"
            ),
        ),
        Some(v) if (0..keys::SHORT_REVIT_VERSION_LIMIT).contains(&v) => sink.diag(
            codes::VERSION_OUT_OF_RANGE,
            Severity::Warning,
            value.range,
            format!(
                "`{key}: {v}`: {CS} reads a short year as 20{v:02}, {PY} compares {v} with the full Revit year; write the year in full"
            ),
        ),
        Some(v) if !keys::PLAUSIBLE_REVIT_VERSIONS.contains(&v) => {
            let (lo, hi) = (keys::PLAUSIBLE_REVIT_VERSIONS.start(), keys::PLAUSIBLE_REVIT_VERSIONS.end());
            sink.diag(
                codes::VERSION_OUT_OF_RANGE,
                Severity::Warning,
                value.range,
                format!("`{key}: {v}` is not a Revit release year ({lo}–{hi}); is it a typo?"),
            )
        }
        Some(_) => {}
    }
}

/// `min_revit_version` greater than `max_revit_version`.
pub(crate) fn version_order(sink: &mut Sink, map: &Mapping) {
    let (Some(min), Some(max)) = (map.value("min_revit_version"), map.value("max_revit_version")) else { return };
    let (Some(lo), Some(hi)) = (version_number(min), version_number(max)) else { return };
    if lo > hi {
        let d = Diagnostic::new(
            codes::VERSION_RANGE_EMPTY,
            Severity::Error,
            max.range,
            format!("`max_revit_version: {hi}` is below `min_revit_version: {lo}`: no Revit version shows this item"),
        )
        .with_related(FileRange { path: sink.path.to_path_buf(), range: min.range }, "min_revit_version");
        sink.push(d);
    }
}

/// `highlight: new|updated`.
pub(crate) fn highlight(sink: &mut Sink, value: &Node) {
    let Some(text) = value.as_str() else { return };
    if keys::highlight_value(text).is_some() {
        return;
    }
    let mut d = Diagnostic::new(
        codes::BAD_HIGHLIGHT,
        Severity::Warning,
        value.range,
        format!("`highlight: {text}`: pyRevit knows only `new` and `updated` and shows no marker"),
    );
    if let Some(near) = closest(text, keys::HIGHLIGHT_VALUES.iter().map(|v| v.name)) {
        d = d.with_fix(sink.fix(format!("Replace with `{near}`"), sink.unquoted(value.range), near));
    }
    sink.push(d);
}

/// `background: '#RRGGBB'` or a map of `panel`/`title`/`slideout` colours.
pub(crate) fn background(sink: &mut Sink, value: &Node) {
    let bad = |sink: &mut Sink, node: &Node| {
        sink.diag(
            codes::BAD_BACKGROUND,
            Severity::Warning,
            node.range,
            format!(
                "`{}` is not a colour in pyRevit's `#RRGGBB` / `#AARRGGBB` form; pyRevit cannot apply it",
                node.as_str().unwrap_or("…")
            ),
        )
    };
    match &value.value {
        Value::Scalar(s) => {
            if !keys::is_background_colour(&s.text) {
                bad(sink, value);
            }
        }
        Value::Mapping(m) => {
            for e in m {
                if keys::sub_key(ValueShape::Background, &e.key.text).is_none() {
                    sink.diag(
                        codes::BAD_BACKGROUND,
                        Severity::Warning,
                        e.key.range,
                        format!(
                            "`{}` is not a background part: pyRevit reads only `panel`, `title` and `slideout`",
                            e.key.text
                        ),
                    );
                    continue;
                }
                if let Some(v) = &e.value {
                    if v.as_str().is_none_or(|t| !keys::is_background_colour(t)) {
                        bad(sink, v);
                    }
                }
            }
        }
        Value::Sequence(_) => {}
    }
}

/// `engine:` sub-keys and their booleans.
pub(crate) fn engine(sink: &mut Sink, value: &Node) {
    let Some(map) = value.as_mapping() else { return };
    for e in map {
        let Some((info, _)) = keys::sub_key(ValueShape::Engine, &e.key.text) else {
            let mut d = Diagnostic::new(
                codes::UNKNOWN_ENGINE_KEY,
                Severity::Warning,
                e.key.range,
                format!("`{}` is not an engine option; pyRevit ignores it", e.key.text),
            );
            if let Some(near) = closest(&e.key.text, keys::ENGINE_KEYS.iter().map(|k| k.name)) {
                d = d.with_fix(sink.fix(format!("Rename to `{near}`"), sink.unquoted(e.key.range), near));
            }
            sink.push(d);
            continue;
        };
        if let Some(v) = &e.value {
            if shape_ok(sink, info.name, info.shape, v) && info.shape == ValueShape::Bool {
                boolean(sink, info.name, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        let ok = keys::is_background_colour;
        assert!(ok("#FF00aa") && ok("#80FF00AA") && ok(" #000000"));
        assert!(!ok("red") && !ok("#FFF") && !ok("#GG0000"));
    }
}
