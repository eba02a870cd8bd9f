//! Editor features over templates: completion inside `{{`, hover, definition, references, rename.

use std::path::Path;

use super::defs::{file_definitions, scope, DefKind, Definition, Level, Scope};
use super::diagnostics::{cs_reason, py_reason};
use super::refs::{name_range, open_tag_before, substitute};
use super::uses::Use;
use super::{extension_definitions, extension_uses, file_uses};
use crate::analysis::results::{CompletionItem, CompletionKind, HoverResult};
use crate::analysis::{file_kind, FileEdit, FileKind, Fix, Snapshot, TextEdit};
use crate::base::{FileRange, TextRange};
use crate::index::{BundleId, ExtensionId};
use crate::knowledge::keys::bundle_key_ignore_case;
use crate::knowledge::manifest::manifest_key;
use crate::knowledge::templates::CLOSE;
use crate::knowledge::Loaders;

/// What sits at an offset.
enum Target {
    Use { ext: ExtensionId, bundle: Option<BundleId>, u: Use },
    Def { ext: ExtensionId, def: Definition },
}

impl Target {
    fn name(&self) -> &str {
        match self {
            Target::Use { u, .. } => &u.name,
            Target::Def { def, .. } => &def.name,
        }
    }
    fn ext(&self) -> ExtensionId {
        match self {
            Target::Use { ext, .. } | Target::Def { ext, .. } => *ext,
        }
    }
}

fn target_at(snap: &Snapshot, path: &Path, offset: usize) -> Option<Target> {
    if let Some(fu) = file_uses(snap, path) {
        if let Some(u) = fu.uses.into_iter().find(|u| u.range.contains_inclusive(offset)) {
            return Some(Target::Use { ext: fu.ext, bundle: fu.bundle, u });
        }
    }
    let (ext, manifest, bundle) = match file_kind(snap, path) {
        FileKind::BundleYaml { ext, bundle } => (ext, false, bundle),
        FileKind::ExtensionJson { ext } | FileKind::ExtensionYaml { ext } => (ext, true, None),
        _ => return None,
    };
    let def = file_definitions(snap, path, manifest, bundle)
        .into_iter()
        .find(|d| d.key_range.contains_inclusive(offset) && d.kind != DefKind::KnownKey)?;
    Some(Target::Def { ext, def })
}

/// The bundle whose scope applies to a file being edited (a bundle.yaml or a bundle script).
fn bundle_of(snap: &Snapshot, path: &Path) -> Option<(ExtensionId, BundleId)> {
    match file_kind(snap, path) {
        FileKind::BundleYaml { ext, bundle: Some(b) } => Some((ext, b)),
        FileKind::Python { .. } => file_uses(snap, path).and_then(|f| Some((f.ext, f.bundle?))),
        _ => None,
    }
}

fn rel(snap: &Snapshot, ext: ExtensionId, path: &Path) -> String {
    let root = &snap.index.extension(ext).root;
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn where_defined(snap: &Snapshot, ext: ExtensionId, d: &Definition, lvl: Level) -> String {
    let how =
        if d.kind == DefKind::TemplatesEntry { format!("`templates: {}`", d.name) } else { format!("`{}`", d.name) };
    format!("{how} in `{}` ({})", rel(snap, ext, &d.path), lvl.describe())
}

/// Completion items inside `{{`.
pub fn completions(snap: &Snapshot, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let Some(text) = snap.files.read(path) else { return Vec::new() };
    let Some(start) = open_tag_before(&text, offset) else { return Vec::new() };
    let Some((ext, bundle)) = bundle_of(snap, path) else { return Vec::new() };
    let sc = scope(snap, ext, bundle);
    let rest = &text[offset..];
    let name_end = offset + rest.find(|c: char| c == '{' || c == '}' || c.is_whitespace()).unwrap_or(rest.len());
    let closed = text[name_end..].starts_with(CLOSE);
    let range = TextRange::new(start, if closed { name_end + CLOSE.len() } else { name_end });
    sc.names()
        .into_iter()
        .map(|name| {
            let (detail, doc) = describe(snap, ext, &sc, name);
            CompletionItem {
                label: name.to_string(),
                kind: CompletionKind::Template,
                detail: Some(detail),
                documentation: Some(doc),
                edit: TextEdit { range, new_text: format!("{name}{CLOSE}") },
                snippet: false,
                sort_text: None,
                filter_text: Some(name.to_string()),
            }
        })
        .collect()
}

/// One-line value and Markdown of where a name is defined, per loader.
fn describe(snap: &Snapshot, ext: ExtensionId, sc: &Scope, name: &str) -> (String, String) {
    let py = sc.python_def(name);
    let cs = sc.csharp_def(name);
    let detail = match (py, cs) {
        (Some((p, _)), Some((c, _))) if p.value != c.value => format!("{} (Python) / {} (C#)", p.value, c.value),
        (_, Some((d, _))) | (Some((d, _)), None) => d.value.clone(),
        (None, None) => String::new(),
    };
    let line = |loader: &str, d: Option<&(Definition, Level)>| match d {
        Some((d, lvl)) => format!("- {loader}: `{}` — {}", d.value, where_defined(snap, ext, d, *lvl)),
        None => format!("- {loader}: not defined (stays literal)"),
    };
    (detail, format!("{}\n{}", line("Python loader", py), line("C# loader", cs)))
}

/// Hover over a `{{name}}` use or a definition key.
pub fn hover(snap: &Snapshot, path: &Path, offset: usize) -> Option<HoverResult> {
    match target_at(snap, path, offset)? {
        Target::Use { ext, bundle, u } => {
            let tag = format!("{{{{{}}}}}", u.name);
            let Some(b) = bundle.filter(|_| u.substituted_by != Loaders::Neither) else {
                return Some(HoverResult {
                    markdown: format!(
                        "**`{tag}`** — `{}` is not substituted by pyRevit; this stays as literal text.",
                        u.field
                    ),
                    range: Some(u.range),
                });
            };
            let sc = scope(snap, ext, b);
            let mut md = format!("**`{tag}`** in `{}`\n\n", u.field);
            let py_here = matches!(u.substituted_by, Loaders::Both | Loaders::PythonOnly);
            let cs_here = matches!(u.substituted_by, Loaders::Both | Loaders::CSharpOnly);
            let py = sc.python_def(&u.name).filter(|_| py_here);
            let cs = sc.csharp_def(&u.name).filter(|_| cs_here);
            for (loader, d, here) in [("Python loader", py, py_here), ("C# loader", cs, cs_here)] {
                match d {
                    Some((d, lvl)) => {
                        md.push_str(&format!("- {loader}: `{}` — {}\n", d.value, where_defined(snap, ext, d, *lvl)))
                    }
                    None => {
                        let why = match (loader.starts_with('P'), sc.python_def(&u.name), sc.csharp_def(&u.name)) {
                            (true, _, Some((d, l))) => format!(" ({})", py_reason(&u, &sc, *l, d)),
                            (false, Some((d, l)), _) => format!(" ({})", cs_reason(&u, &sc, d, *l)),
                            _ if !here => " (this field is not substituted)".to_string(),
                            _ => String::new(),
                        };
                        md.push_str(&format!("- {loader}: not defined — stays literal{why}\n"));
                    }
                }
            }
            let shown = |here: bool, py: bool| {
                substitute(&u.value, |n| {
                    let hit = if py { sc.python_def(n) } else { sc.csharp_def(n) };
                    hit.filter(|_| here).map(|(d, _)| d.value.clone())
                })
            };
            let p = if sc.has_manifest { shown(py_here, true) } else { u.value.clone() };
            let c = shown(cs_here, false);
            if p == c {
                md.push_str(&format!("\nShown as: `{}`", one_line(&c)));
            } else {
                md.push_str(&format!("\nShown as: `{}` (Python) / `{}` (C#)", one_line(&p), one_line(&c)));
            }
            Some(HoverResult { markdown: md, range: Some(u.range) })
        }
        Target::Def { ext, def } => {
            let uses: usize = extension_uses(snap, ext, def.bundle)
                .iter()
                .map(|f| f.uses.iter().filter(|u| u.name == def.name).count())
                .sum();
            let md = format!(
                "**`{{{{{}}}}}`** = `{}`\n\n{}\n\nUsed {uses} time{} in its scope.",
                def.name,
                one_line(&def.value),
                visibility(&def),
                if uses == 1 { "" } else { "s" }
            );
            Some(HoverResult { markdown: md, range: Some(def.key_range) })
        }
    }
}

/// Which bundles each loader lets see a definition (spec §7).
fn visibility(d: &Definition) -> String {
    let root = d.bundle.is_none();
    let manifest = root && is_manifest(&d.path);
    match (d.kind, manifest, root) {
        (DefKind::TemplatesEntry, true, _) => "A manifest template: both loaders, every bundle of the extension.".into(),
        (DefKind::ManifestKey, _, _) if d.name == crate::knowledge::templates::AUTHOR_KEY => {
            "A top-level manifest key: every bundle for the Python loader; the C# loader uses it only when no `author` template exists.".into()
        }
        (DefKind::ManifestKey, _, _) => {
            "A top-level manifest key: a value for the Python loader only (the C# loader reads only the manifest's `templates`).".into()
        }
        (_, false, true) => {
            "Defined in the extension root bundle.yaml: the C# loader only (the Python loader does not read it for templates).".into()
        }
        (DefKind::TemplatesEntry | DefKind::UnknownKey, _, _) => {
            "C# loader: this bundle and everything below it. Python loader: only the bundles below it (not this bundle's own fields).".into()
        }
        (DefKind::KnownKey, _, _) => "A pyRevit key: a value for the Python loader in the bundles below it.".into(),
    }
}

fn is_manifest(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n.eq_ignore_ascii_case(crate::knowledge::files::EXTENSION_JSON)
            || n.eq_ignore_ascii_case(crate::knowledge::files::EXTENSION_YAML)
    })
}

fn one_line(s: &str) -> String {
    s.replace('\n', "⏎").replace('`', "'")
}

/// Go to the key that defines a `{{name}}` (each loader's definition when they differ).
pub fn definition(snap: &Snapshot, path: &Path, offset: usize) -> Vec<FileRange> {
    match target_at(snap, path, offset) {
        Some(Target::Use { ext, bundle: Some(b), u }) => {
            let sc = scope(snap, ext, b);
            let mut out: Vec<FileRange> = [sc.csharp_def(&u.name), sc.python_def(&u.name)]
                .into_iter()
                .flatten()
                .map(|(d, _)| FileRange { path: d.path.clone(), range: d.key_range })
                .collect();
            out.dedup();
            out
        }
        Some(Target::Def { def, .. }) => vec![FileRange { path: def.path, range: def.key_range }],
        _ => Vec::new(),
    }
}

/// Definitions that rename and references treat as the template (not pyRevit keys).
fn named_definitions(snap: &Snapshot, ext: ExtensionId, name: &str) -> Vec<Definition> {
    extension_definitions(snap, ext).into_iter().filter(|d| d.name == name && d.kind != DefKind::KnownKey).collect()
}

/// Every definition and use of the template at `offset`, across the extension.
pub fn references(snap: &Snapshot, path: &Path, offset: usize, include_declaration: bool) -> Vec<FileRange> {
    let Some(t) = target_at(snap, path, offset) else { return Vec::new() };
    let (ext, name) = (t.ext(), t.name().to_string());
    let mut out = Vec::new();
    if include_declaration {
        out.extend(
            named_definitions(snap, ext, &name).into_iter().map(|d| FileRange { path: d.path, range: d.key_range }),
        );
    }
    for f in extension_uses(snap, ext, None) {
        out.extend(
            f.uses.iter().filter(|u| u.name == name).map(|u| FileRange { path: f.path.clone(), range: u.range }),
        );
    }
    out.sort();
    out.dedup();
    out
}

/// The name's range at `offset` if the template can be renamed safely everywhere.
pub fn prepare_rename(snap: &Snapshot, path: &Path, offset: usize) -> Result<Option<TextRange>, String> {
    let Some(t) = target_at(snap, path, offset) else { return Ok(None) };
    rename_edits(snap, &t, None)?;
    Ok(Some(match &t {
        Target::Use { u, .. } => name_range(u.range),
        Target::Def { def, .. } => key_name_range(snap, def).unwrap_or(def.key_range),
    }))
}

/// Renames a template in every definition and use of its extension.
pub fn rename(snap: &Snapshot, path: &Path, offset: usize, new_name: &str) -> Result<Option<Fix>, String> {
    let Some(t) = target_at(snap, path, offset) else { return Ok(None) };
    let edits = rename_edits(snap, &t, Some(new_name))?;
    Ok(Some(Fix {
        title: format!("Rename `{{{{{}}}}}` to `{{{{{new_name}}}}}`", t.name()),
        edits,
        file_ops: Vec::new(),
    }))
}

/// The key range without quotes, when the key's source is the name itself (maybe quoted).
fn key_name_range(snap: &Snapshot, d: &Definition) -> Option<TextRange> {
    let text = snap.files.read(&d.path)?;
    let src = text.get(d.key_range.as_usize())?;
    if src == d.name {
        return Some(d.key_range);
    }
    for q in ['"', '\''] {
        if src.len() == d.name.len() + 2
            && src.starts_with(q)
            && src.ends_with(q)
            && src.get(1..src.len() - 1) == Some(d.name.as_str())
        {
            return Some(TextRange::new(d.key_range.start as usize + 1, d.key_range.end as usize - 1));
        }
    }
    None
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['{', '}', ':', '"', '\'', '#']) && !name.chars().any(char::is_whitespace)
}

fn rename_edits(snap: &Snapshot, t: &Target, new_name: Option<&str>) -> Result<Vec<FileEdit>, String> {
    let (ext, name) = (t.ext(), t.name());
    if bundle_key_ignore_case(name).is_some() || manifest_key(name).is_some() {
        return Err(format!("`{name}` is also a pyRevit key; renaming it would change what pyRevit reads"));
    }
    let defs = named_definitions(snap, ext, name);
    if defs.is_empty() {
        return Err(format!("`{{{{{name}}}}}` has no definition in this extension to rename"));
    }
    if let Some(new) = new_name {
        if !valid_name(new) {
            return Err(format!("`{new}` is not a valid template name (no spaces, braces, quotes, `:` or `#`)"));
        }
        if bundle_key_ignore_case(new).is_some() || manifest_key(new).is_some() {
            return Err(format!("`{new}` is a pyRevit key; a template of that name would change what pyRevit reads"));
        }
        if extension_definitions(snap, ext).iter().any(|d| d.name == new) {
            return Err(format!("`{new}` is already defined in this extension"));
        }
    }
    let new = new_name.unwrap_or(name);
    let mut edits: Vec<(std::path::PathBuf, TextEdit)> = Vec::new();
    for d in &defs {
        let Some(range) = key_name_range(snap, d) else {
            return Err(format!("the key `{}` in `{}` is written with escapes", d.name, rel(snap, ext, &d.path)));
        };
        edits.push((d.path.clone(), TextEdit { range, new_text: new.to_string() }));
    }
    for f in extension_uses(snap, ext, None) {
        for u in f.uses.iter().filter(|u| u.name == name) {
            if !u.exact {
                return Err(format!(
                    "a use of `{{{{{name}}}}}` in `{}` sits in a string with escapes; edit it by hand first",
                    rel(snap, ext, &f.path)
                ));
            }
            edits.push((f.path.clone(), TextEdit { range: name_range(u.range), new_text: new.to_string() }));
        }
    }
    let mut out: Vec<FileEdit> = Vec::new();
    edits.sort_by(|a, b| (&a.0, a.1.range).cmp(&(&b.0, b.1.range)));
    edits.dedup();
    for (path, e) in edits {
        match out.last_mut() {
            Some(fe) if fe.path == path => fe.edits.push(e),
            _ => out.push(FileEdit { path, edits: vec![e] }),
        }
    }
    Ok(out)
}
