//! Localized maps under `title` / `tooltip` / `help_url` (spec §4).

use super::Sink;
use crate::analysis::{codes, Diagnostic, Severity};
use crate::base::FileRange;
use crate::knowledge::locales::{self, LocaleMatch};
use crate::knowledge::{CSHARP_LOADER as CS, PYTHON_LOADER as PY};
use crate::syntax::{Node, Value};

/// Check a localized value (a plain string needs nothing).
pub(crate) fn localized(sink: &mut Sink, key: &str, value: &Node) {
    let Some(map) = value.as_mapping() else { return };
    let mut seen: Vec<(&'static str, crate::base::TextRange)> = Vec::new();
    let mut has_english = false;
    for e in map {
        let code = e.key.text.as_str();
        let range = e.key.range;
        let m = locales::lookup(code);
        match m {
            LocaleMatch::Canonical(_) => {}
            LocaleMatch::Alias { alias, locale } => {
                let py = alias.python.first().copied();
                if alias.python.len() > 1 || py != alias.csharp {
                    sink.diag(
                        codes::LOCALE_ALIAS_DIFFERS,
                        Severity::Information,
                        range,
                        format!(
                            "`{code}` means {} in {PY} and `{}` in {CS}",
                            alias.python.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" and "),
                            alias.csharp.unwrap_or(locale.code)
                        ),
                    );
                }
            }
            LocaleMatch::CaseDiffers { spelled, .. } => {
                let fix = sink.fix(format!("Replace with `{spelled}`"), sink.unquoted(range), spelled);
                sink.push(
                    Diagnostic::new(
                        codes::LOCALE_CASE,
                        Severity::Warning,
                        range,
                        format!("`{code}`: {CS} accepts it as `{spelled}`; {PY} matches codes exactly and ignores it"),
                    )
                    .with_fix(fix),
                );
            }
            LocaleMatch::Unknown => {
                let mut d = Diagnostic::new(
                    codes::UNKNOWN_LOCALE,
                    Severity::Warning,
                    range,
                    format!(
                        "unknown locale `{code}` in `{key}`: {CS} drops it (\"Unsupported locale key\") and {PY} never picks it"
                    ),
                );
                if let Some(s) = locales::suggest(code) {
                    d.message.push_str(&format!("; did you mean `{s}`?"));
                    d = d.with_fix(sink.fix(format!("Replace with `{s}`"), sink.unquoted(range), s));
                }
                sink.push(d);
            }
        }
        if let Some(l) = m.locale() {
            if l.code == locales::FALLBACK_LOCALE {
                has_english = true;
            }
            if let Some((_, first)) = seen.iter().find(|(c, _)| *c == l.code) {
                let d = Diagnostic::new(
                    codes::DUPLICATE_LOCALE,
                    Severity::Warning,
                    range,
                    format!("`{code}` is the same locale (`{}`) as an earlier key; only one of them is used", l.code),
                )
                .with_related(FileRange { path: sink.path.to_path_buf(), range: *first }, "same locale");
                sink.push(d);
            } else {
                seen.push((l.code, range));
            }
        }
        if let Some(v) = &e.value {
            if !matches!(v.value, Value::Scalar(_)) {
                sink.diag(
                    codes::WRONG_VALUE_SHAPE,
                    Severity::Warning,
                    v.range,
                    format!("the `{code}` text of `{key}` must be a plain value"),
                );
            }
        }
    }
    if let (false, Some(first)) = (has_english, map.entries.first()) {
        sink.diag(
            codes::NO_ENGLISH_LOCALE,
            Severity::Information,
            first.key.range,
            format!(
                "`{key}` has no `en_us` (or `english`) entry: users whose locale is not listed {}",
                if key.contains("title") { "see the folder name instead" } else { "get no text" }
            ),
        );
    }
}
