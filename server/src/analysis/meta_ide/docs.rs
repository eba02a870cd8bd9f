//! Markdown for completion documentation and hover, built from `knowledge` tables.

use crate::knowledge::bundle_types::{BundleKind, BUNDLE_KINDS};
use crate::knowledge::context::{ContextKeyword, ContextMapKey, ContextTest};
use crate::knowledge::keys::{KeyInfo, SubKeyInfo, ValueInfo, ValueShape};
use crate::knowledge::locales::{LocaleAlias, LocaleInfo, LOCALES};
use crate::knowledge::manifest::{ExtensionType, ManifestKey};
use crate::knowledge::script_meta::ScriptGlobal;

/// A short name for a value shape (completion `detail`).
pub fn shape_name(shape: ValueShape) -> &'static str {
    match shape {
        ValueShape::String => "string",
        ValueShape::Bool => "bool",
        ValueShape::Integer => "integer (Revit version)",
        ValueShape::StringOrList => "string or list",
        ValueShape::LocalizedString => "string or locale map",
        ValueShape::Context => "context string, list or map",
        ValueShape::Map => "map",
        ValueShape::List => "list of strings",
        ValueShape::Layout => "layout list",
        ValueShape::Templates => "map of template values",
        ValueShape::Members => "combobox members",
        ValueShape::Background => "colour or map",
        ValueShape::Engine => "engine map",
        ValueShape::Highlight => "new | updated",
    }
}

fn kinds_list(kinds: &[BundleKind]) -> String {
    if kinds.len() == BundleKind::ALL.len() {
        return "every bundle".to_string();
    }
    kinds.iter().map(|k| format!("`{}`", k.suffix())).collect::<Vec<_>>().join(", ")
}

/// A top-level `bundle.yaml` key: what it does, where it applies, which loaders read it, an example.
pub fn bundle_key(k: &KeyInfo) -> String {
    let mut s = format!("**`{}`** — {}\n\n{}\n\n", k.name, shape_name(k.shape), k.doc);
    let mut applies = kinds_list(k.applies_to.kinds);
    if k.applies_to.extension_root {
        applies.push_str(if k.applies_to.kinds.is_empty() { "" } else { "; " });
        applies.push_str("the extension root `bundle.yaml`");
    }
    s.push_str(&format!("Applies to: {applies}.  \nRead by {}.", k.loaders.describe()));
    if !k.aliases.is_empty() {
        let a: Vec<String> = k.aliases.iter().map(|a| format!("`{a}`")).collect();
        s.push_str(&format!("  \nAliases (C# loader only): {}.", a.join(", ")));
    }
    if !k.required_for.is_empty() {
        s.push_str(&format!("  \nRequired for {}.", kinds_list(k.required_for)));
    }
    s.push_str(&format!("\n\n```yaml\n{}\n```", k.example));
    s
}

/// An `engine:`, `background:` or combobox member key.
pub fn sub_key(owner: &str, k: &SubKeyInfo) -> String {
    let mut s =
        format!("**`{owner}.{}`** — {}\n\n{}\n\nRead by {}.", k.name, shape_name(k.shape), k.doc, k.loaders.describe());
    if !k.aliases.is_empty() {
        let a: Vec<String> = k.aliases.iter().map(|a| format!("`{a}`")).collect();
        s.push_str(&format!("  \nAliases (Python loader only): {}.", a.join(", ")));
    }
    s
}

/// A canonical locale code.
pub fn locale(l: &LocaleInfo) -> String {
    let mut s = format!("**`{}`** — {}\n\nRevit language: `{}`.", l.code, l.language, l.revit_language);
    if !l.aliases.is_empty() {
        let a: Vec<String> = l.aliases.iter().map(|a| format!("`{a}`")).collect();
        s.push_str(&format!("  \nAlso written: {}.", a.join(", ")));
    }
    if l.rtl {
        s.push_str("  \nWritten right to left.");
    }
    match l.python_alias_of {
        Some(p) => s.push_str(&format!(
            "  \nAccepted by the C# loader as its own locale; the Python loader reads it as `{p}`."
        )),
        None => s.push_str("  \nAccepted by both loaders."),
    }
    if !l.note.is_empty() {
        s.push_str(&format!("\n\n{}", l.note));
    }
    s
}

/// A long locale alias (`french`, `chinese`).
pub fn locale_alias(a: &LocaleAlias) -> String {
    let name = |code: &str| LOCALES.iter().find(|l| l.code == code).map_or("?", |l| l.language);
    let py: Vec<String> = a.python.iter().map(|c| format!("`{c}` ({})", name(c))).collect();
    let mut s = format!("**`{}`** — locale alias\n\n", a.alias);
    if py.is_empty() {
        s.push_str("Python loader: not accepted.  \n");
    } else {
        s.push_str(&format!("Python loader: {}.  \n", py.join(", ")));
    }
    match a.csharp {
        Some(c) => s.push_str(&format!("C# loader: `{c}` ({}).", name(c))),
        None => s.push_str("C# loader: dropped (\"Unsupported locale key\")."),
    }
    s
}

/// A reserved context token.
pub fn context_keyword(k: &ContextKeyword) -> String {
    let mut s = format!("**`{}`** — context keyword\n\n{}", k.name, k.doc);
    if let ContextTest::ActiveView(types) = k.test {
        let t: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
        s.push_str(&format!("\n\nView types: {}.", t.join(", ")));
    }
    s.push_str("\n\nCompared case-insensitively by the runtime; spaces around it are part of the token.");
    s
}

/// A Revit built-in category used as a context token.
pub fn category(name: &str) -> String {
    format!(
        "**`{name}`** — built-in category\n\nEnabled when any selected element has this category \
         (`BuiltInCategory.{name}`). Matched ignoring case."
    )
}

/// A token that is neither a keyword nor a built-in category.
pub fn custom_category(token: &str) -> String {
    format!(
        "**`{}`** — custom category name\n\nCompared case-insensitively with the `Category.Name` of the \
         selected elements; it depends on Revit's UI language. A misspelled keyword ends up here and \
         never matches.",
        token.trim()
    )
}

/// A key of the map form of `context:`.
pub fn context_map_key(k: &ContextMapKey) -> String {
    let mut s = format!("**`context.{}`**\n\n{}", k.name, k.doc);
    if !k.becomes.is_empty() {
        s.push_str(&format!("\n\n`[a, b]` becomes `{}` in the runtime string.", k.becomes));
    }
    s
}

/// A documented value (highlight value, layout directive).
pub fn value(what: &str, v: &ValueInfo) -> String {
    format!("**`{}`** — {what}\n\n{}", v.name, v.doc)
}

/// An `extension.json` key.
pub fn manifest_key(k: &ManifestKey) -> String {
    let mut s = format!("**`{}`** — {}\n\n{}\n\nRead by {}.", k.name, shape_name(k.shape), k.doc, k.loaders.describe());
    if k.required_in_database {
        s.push_str("  \nRequired in the extensions database.");
    }
    s
}

/// An extension `type` value.
pub fn extension_type(t: &ExtensionType) -> String {
    format!("**`{}`** — extension type\n\n{} Folder suffix: `{}`.", t.id, t.doc, t.suffix)
}

/// A bundle type, by kind.
pub fn bundle_kind(kind: BundleKind) -> String {
    BUNDLE_KINDS.iter().find(|i| i.kind == kind).map_or(String::new(), |i| format!("`{}` — {}", i.suffix, i.doc))
}

/// How each loader reads a boolean value.
pub fn bool_value(key: &str, text: &str) -> String {
    let py = crate::knowledge::keys::python_bool(key, text);
    let cs = crate::knowledge::keys::csharp_bool(text);
    let mut s = format!("**`{text}`** for `{key}`\n\nPython loader reads `{py}`; C# loader reads `{cs}`.");
    if py != cs {
        s.push_str("\n\nThe loaders disagree: write `true` or `false`.");
    }
    s
}

/// An in-script metadata global (`__title__`): what it does, its bundle.yaml key, its loaders.
pub fn script_global(g: &ScriptGlobal) -> String {
    let mut s = format!("**`{}`** — in-script metadata\n\n{}", g.name, g.doc);
    if let Some(k) = g.bundle_key {
        s.push_str(&format!("\n\nThe same as `{k}:` in bundle.yaml, which wins when both are set."));
    }
    s.push_str(&format!("  \nRead by {}.", g.loaders.describe()));
    if g.legacy {
        s.push_str(" Legacy: no current loader reads it.");
    }
    s
}
