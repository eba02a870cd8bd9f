//! `{{name}}` template substitution (spec §7): which fields each loader substitutes and where
//! values come from. Python: `GenericUIComponent.configure` / `_resolve_liquid_tag`
//! (`genericcomps.py`), `Extension.configure` (`components.py`). C#: `ExtensionParser`
//! `ParseExtension` / `ParseComponents` / `SubstituteTemplates`.

use super::Loaders;

/// The opening and closing of a template tag. No spaces are allowed inside (plain string replace).
pub const OPEN: &str = "{{";
pub const CLOSE: &str = "}}";

/// A `bundle.yaml` key whose value is substituted.
#[derive(Debug)]
pub struct SubstitutedField {
    /// The key (and the C# aliases that read the same field).
    pub keys: &'static [&'static str],
    /// Loaders that substitute a plain string value.
    pub scalar: Loaders,
    /// Loaders that substitute the values of a localized map (`{en_us: …}`): only C#; the Python
    /// loader checks `'{{x}}' in value`, which on a dict tests the keys.
    pub localized: Loaders,
}

#[rustfmt::skip]
pub const SUBSTITUTED_FIELDS: &[SubstitutedField] = &[
    SubstitutedField { keys: &["title", "titles"], scalar: Loaders::Both, localized: Loaders::CSharpOnly },
    SubstitutedField { keys: &["tooltip", "tooltips"], scalar: Loaders::Both, localized: Loaders::CSharpOnly },
    SubstitutedField { keys: &["help_url"], scalar: Loaders::Both, localized: Loaders::CSharpOnly },
    // Python joins an `authors` list with `\n` into `author`, then substitutes it.
    SubstitutedField { keys: &["author", "authors"], scalar: Loaders::Both, localized: Loaders::Neither },
    // Python's `configurable_params` are `_ui_title`, `_tooltip`, `_help_url` and `author` only.
    SubstitutedField { keys: &["hyperlink"], scalar: Loaders::CSharpOnly, localized: Loaders::Neither },
];

/// The substitution rules of a top-level `bundle.yaml` key (exact, or lower-cased as C# does).
pub fn substituted_field(key: &str) -> Option<&'static SubstitutedField> {
    SUBSTITUTED_FIELDS.iter().find(|f| f.keys.iter().any(|k| k.eq_ignore_ascii_case(key)))
}

/// In-script globals whose string values are substituted (the Python loader reads them only when
/// the bundle has no bundle.yaml). Dict values: C# only.
pub const SUBSTITUTED_SCRIPT_GLOBALS: &[&str] = &["__title__", "__doc__", "__helpurl__"];

/// Value sources (spec §7). Python (only when the extension has an `extension.json`;
/// `Extension.configure` returns early otherwise): every top-level manifest key, then the manifest
/// `templates` map, merged with every *ancestor* container's bundle.yaml (all keys and its
/// `templates`), inner wins; top-level keys are replaced before `templates` entries. Not the
/// bundle's own bundle.yaml, not the extension root bundle.yaml.
/// C#: the extension root bundle.yaml (`templates`, unknown scalar keys, `author`), then the
/// manifest `templates` (the manifest `author` only when no `author` template exists), then each
/// ancestor's and the bundle's own `templates` and unknown scalar keys, inner wins.
pub const MANIFEST_TEMPLATES_KEY: &str = "templates";
/// The key C# takes from the manifest (as a fallback) and from ancestors (when concrete).
pub const AUTHOR_KEY: &str = "author";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(substituted_field("Titles").map(|f| f.scalar), Some(Loaders::Both));
        assert_eq!(substituted_field("hyperlink").map(|f| f.scalar), Some(Loaders::CSharpOnly));
        assert_eq!(substituted_field("tooltip").map(|f| f.localized), Some(Loaders::CSharpOnly));
        assert!(substituted_field("context").is_none());
        assert!(SUBSTITUTED_SCRIPT_GLOBALS.contains(&"__doc__"));
    }
}
