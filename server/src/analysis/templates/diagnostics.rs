//! Template diagnostics: unknown names, one-loader names, tags where nothing is substituted,
//! unquoted `{{…}}` values, unused `templates:` entries.

use crate::knowledge::{CSHARP_LOADER, PYTHON_LOADER};
use std::path::Path;

use super::defs::{scope, template_entry_definitions, DefKind, Definition, Level, Scope};
use super::refs::name_range;
use super::uses::Use;
use super::{extension_uses_iter, file_uses};
use crate::analysis::{codes, file_kind, Diagnostic, FileKind, Fix, Severity, Snapshot};
use crate::knowledge::Loaders;

/// Template diagnostics for one file (bundle.yaml, manifest, bundle script).
pub fn diagnostics(snap: &Snapshot, path: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(fu) = file_uses(snap, path) {
        // Only a file with uses needs its scope (most scripts have none).
        let sc = fu.bundle.filter(|_| !fu.uses.is_empty()).map(|b| scope(snap, fu.ext, b));
        for u in &fu.uses {
            out.extend(use_diagnostic(u, sc.as_ref(), path));
        }
        for q in &fu.unquoted {
            let source = snap.files.read(path).and_then(|t| t.get(q.range.as_usize()).map(str::to_string));
            let quoted = format!("'{}'", source.unwrap_or_default().replace('\'', "''"));
            out.push(
                Diagnostic::new(
                    codes::TEMPLATE_UNQUOTED,
                    Severity::Warning,
                    q.range,
                    format!(
                        "YAML reads an unquoted `{{{{…}}}}` as a mapping, not text: `{}` gets no string value; quote it",
                        q.key
                    ),
                )
                .with_fix(Fix::replace("Quote the template value", path.to_path_buf(), q.range, quoted)),
            );
        }
    }
    out.extend(unused(snap, path));
    out
}

fn use_diagnostic(u: &Use, sc: Option<&Scope>, path: &Path) -> Option<Diagnostic> {
    let tag = format!("{{{{{}}}}}", u.name);
    if u.field.starts_with("__") && u.substituted_by == Loaders::Neither {
        // A script global that bundle.yaml overrides: neither loader reads it at all.
        return None;
    }
    let Some(sc) = sc.filter(|_| u.substituted_by != Loaders::Neither) else {
        let msg = if u.field == "templates" || u.field.starts_with("templates.") {
            format!("template values are not expanded again: `{tag}` stays as literal text")
        } else {
            format!(
                "pyRevit does not substitute templates in `{}`: `{tag}` stays as literal text (only title, tooltip, help_url, author and hyperlink are)",
                u.field
            )
        };
        return Some(Diagnostic::new(codes::TEMPLATE_NOT_SUBSTITUTED, Severity::Warning, u.range, msg));
    };
    let py_here = matches!(u.substituted_by, Loaders::Both | Loaders::PythonOnly);
    let cs_here = matches!(u.substituted_by, Loaders::Both | Loaders::CSharpOnly);
    let py = sc.python_def(&u.name).filter(|_| py_here);
    let cs = sc.csharp_def(&u.name).filter(|_| cs_here);
    match (py, cs) {
        (None, None) => {
            let mut d = Diagnostic::new(
                codes::UNKNOWN_TEMPLATE,
                Severity::Warning,
                u.range,
                format!("`{tag}` is not defined for this bundle: pyRevit shows it as literal text"),
            );
            if let Some(best) = did_you_mean(&u.name, &sc.names()) {
                d.message.push_str(&format!("; did you mean `{{{{{best}}}}}`?"));
                if u.exact {
                    d = d.with_fix(Fix::replace(
                        format!("Change to `{{{{{best}}}}}`"),
                        path.to_path_buf(),
                        name_range(u.range),
                        best,
                    ));
                }
            }
            Some(d)
        }
        (Some(_), Some(_)) => None,
        (Some((d, lvl)), None) => Some(one_loader(u, &tag, PYTHON_LOADER, "the C# loader", cs_reason(u, sc, d, *lvl))),
        (None, Some((d, lvl))) => {
            Some(one_loader(u, &tag, CSHARP_LOADER, "the Python loader", py_reason(u, sc, *lvl, d)))
        }
    }
}

fn one_loader(u: &Use, tag: &str, ok: &str, other: &str, reason: String) -> Diagnostic {
    Diagnostic::new(
        codes::TEMPLATE_ONE_LOADER,
        Severity::Warning,
        u.range,
        format!("`{tag}` is substituted by {ok} only: {reason}, so {other} shows it as literal text"),
    )
}

/// Why the Python loader leaves the tag alone.
pub(super) fn py_reason(u: &Use, sc: &Scope, lvl: Level, d: &Definition) -> String {
    if !matches!(u.substituted_by, Loaders::Both | Loaders::PythonOnly) {
        return if u.field.contains('.') {
            "the Python loader does not substitute inside localized maps".into()
        } else if u.field.starts_with("__") {
            "the Python loader ignores in-script metadata when the bundle has a bundle.yaml".into()
        } else {
            format!("the Python loader does not substitute `{}`", u.field)
        };
    }
    if !sc.has_manifest {
        return "the Python loader substitutes nothing in an extension without extension.json".into();
    }
    match lvl {
        Level::Own => format!(
            "`{}` is defined in this bundle's own bundle.yaml, which the Python loader does not use for its own fields",
            d.name
        ),
        Level::RootBundle => format!(
            "`{}` is defined in the extension root bundle.yaml, which the Python loader does not read for templates",
            d.name
        ),
        _ => format!("the Python loader does not see `{}`", d.name),
    }
}

/// Why the C# loader leaves the tag alone.
pub(super) fn cs_reason(u: &Use, _sc: &Scope, d: &Definition, lvl: Level) -> String {
    if !matches!(u.substituted_by, Loaders::Both | Loaders::CSharpOnly) {
        return format!("the C# loader does not substitute `{}`", u.field);
    }
    match (lvl, d.kind) {
        (Level::Manifest, DefKind::ManifestKey) => format!(
            "`{}` is a top-level manifest key and the C# loader reads only the manifest's `templates` (and `author`)",
            d.name
        ),
        (_, DefKind::KnownKey) => {
            format!(
                "`{}` is a pyRevit key of a parent bundle.yaml, which the C# loader does not pass down as a template",
                d.name
            )
        }
        _ => format!("the C# loader does not see `{}`", d.name),
    }
}

fn did_you_mean<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(name, n), *n))
        .filter(|(dist, n)| *dist > 0 && *dist <= (n.chars().count().max(name.chars().count()) / 3).max(1))
        .min()
        .map(|(_, n)| n)
}

/// `templates:` entries of this file that no use in their scope names.
fn unused(snap: &Snapshot, path: &Path) -> Vec<Diagnostic> {
    let (ext, manifest, bundle) = match file_kind(snap, path) {
        FileKind::BundleYaml { ext, bundle } => (ext, false, bundle),
        FileKind::ExtensionJson { ext } | FileKind::ExtensionYaml { ext } => (ext, true, None),
        _ => return Vec::new(),
    };
    if manifest && super::manifest_path(snap.index.extension(ext)) != Some(path) {
        return Vec::new();
    }
    let defs: Vec<Definition> = template_entry_definitions(snap, path, manifest, bundle);
    if defs.is_empty() {
        return Vec::new();
    }
    // Stops at the first file by which every definition is used.
    let mut unused = defs;
    for f in extension_uses_iter(snap, ext, bundle) {
        unused.retain(|d| !f.uses.iter().any(|u| u.name == d.name));
        if unused.is_empty() {
            break;
        }
    }
    unused
        .into_iter()
        .map(|d| {
            Diagnostic::new(
                codes::UNUSED_TEMPLATE,
                Severity::Hint,
                d.key_range,
                format!("template `{}` is not used by any bundle in its scope", d.name),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("yutube", &["author", "youtube"]), Some("youtube"));
        assert_eq!(did_you_mean("x", &["author"]), None);
    }
}
