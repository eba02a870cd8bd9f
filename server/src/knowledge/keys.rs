//! `bundle.yaml` keys, `engine:` sub-keys, `background:` and combobox `members` keys, highlight
//! values, layout syntax and the two loaders' boolean rules (spec §2, §9.1).
//!
//! The tables live in `keys_data.rs`; this file holds the types and lookups.

use super::bundle_types::BundleKind;
use super::Loaders;

#[path = "keys_data.rs"]
mod data;

pub use data::{
    BACKGROUND_KEYS, BUNDLE_KEYS, COMBOBOX_MEMBER_KEYS, ENGINE_KEYS, HIGHLIGHT_VALUES, LAYOUT_DIRECTIVES, UNREAD_KEYS,
};

/// The shape a key's value must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ValueShape {
    /// A plain string.
    String,
    /// A boolean; see [`python_bool`] and [`csharp_bool`] for how each loader reads it.
    Bool,
    /// An integer-like string, e.g. a Revit version `2021`.
    Integer,
    /// A string, or a list of strings.
    StringOrList,
    /// A string, or a map of locale code → string (spec §4).
    LocalizedString,
    /// A context string, list or map (spec §5).
    Context,
    /// A mapping with free-form keys.
    Map,
    /// A list of strings.
    List,
    /// A `layout:` list (spec §9.1).
    Layout,
    /// A map of template name → string (spec §7).
    Templates,
    /// Combobox `members` (spec §2.5).
    Members,
    /// A colour string or a `{panel, title, slideout}` map.
    Background,
    /// The `engine:` map (spec §2.3).
    Engine,
    /// One of [`HIGHLIGHT_VALUES`].
    Highlight,
}

/// Where a key means something: bundle types and/or the extension root `bundle.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applies {
    pub kinds: &'static [BundleKind],
    /// The key means something in the extension root `bundle.yaml`.
    pub extension_root: bool,
}

/// One top-level `bundle.yaml` key.
#[derive(Debug)]
pub struct KeyInfo {
    pub name: &'static str,
    /// Alternative spellings only the C# loader accepts (`titles`, `tooltips`, `layout_order`, `beta`).
    pub aliases: &'static [&'static str],
    pub shape: ValueShape,
    /// The value may be a map of locale code → string.
    pub localizable: bool,
    pub applies_to: Applies,
    pub loaders: Loaders,
    /// User-facing documentation (Markdown).
    pub doc: &'static str,
    /// A YAML example line.
    pub example: &'static str,
    /// Bundle types for which the key must be present.
    pub required_for: &'static [BundleKind],
}

/// Exact (case-sensitive) lookup by name or C# alias; the bool is true when matched via an alias.
pub fn bundle_key(name: &str) -> Option<(&'static KeyInfo, bool)> {
    BUNDLE_KEYS.iter().find_map(|k| {
        if k.name == name {
            Some((k, false))
        } else if k.aliases.contains(&name) {
            Some((k, true))
        } else {
            None
        }
    })
}

/// Case-insensitive lookup, as the C# loader does (it lower-cases top-level keys).
pub fn bundle_key_ignore_case(name: &str) -> Option<(&'static KeyInfo, bool)> {
    BUNDLE_KEYS.iter().find_map(|k| {
        if k.name.eq_ignore_ascii_case(name) {
            Some((k, false))
        } else if k.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)) {
            Some((k, true))
        } else {
            None
        }
    })
}

/// Does `key` mean something in a bundle of `kind`? `None` is the extension root `bundle.yaml`.
pub fn applies(key: &KeyInfo, kind: Option<BundleKind>) -> bool {
    match kind {
        None => key.applies_to.extension_root,
        Some(k) => key.applies_to.kinds.contains(&k),
    }
}

/// Keys that must be present in a bundle of `kind`.
pub fn required_keys(kind: BundleKind) -> impl Iterator<Item = &'static KeyInfo> {
    BUNDLE_KEYS.iter().filter(move |k| k.required_for.contains(&kind))
}

/// An `engine:` sub-key, a `background:` sub-key or a combobox member key.
#[derive(Debug)]
pub struct SubKeyInfo {
    pub name: &'static str,
    /// Alternative names (combobox members: accepted by the Python loader only).
    pub aliases: &'static [&'static str],
    pub shape: ValueShape,
    pub loaders: Loaders,
    pub doc: &'static str,
}

fn find_sub(table: &'static [SubKeyInfo], name: &str) -> Option<(&'static SubKeyInfo, bool)> {
    table.iter().find_map(|k| {
        if k.name == name {
            Some((k, false))
        } else if k.aliases.contains(&name) {
            Some((k, true))
        } else {
            None
        }
    })
}

/// The sub-keys of a map-valued key, by its shape: `engine:`, `background:`, combobox `members`
/// items. `None` for shapes whose map keys are not a fixed set.
pub fn sub_keys(shape: ValueShape) -> Option<&'static [SubKeyInfo]> {
    match shape {
        ValueShape::Engine => Some(ENGINE_KEYS),
        ValueShape::Background => Some(BACKGROUND_KEYS),
        ValueShape::Members => Some(COMBOBOX_MEMBER_KEYS),
        _ => None,
    }
}

/// Exact lookup of a sub-key of a map-valued key with this shape; the bool is true for an alias.
/// Exact, as the Python loader reads them (`.get('clean')`). The C# loader trims and lower-cases
/// `engine` sub-keys and combobox member keys, so the camel-case member aliases (`groupName`,
/// `tooltipImage`, …) work in the Python loader only.
pub fn sub_key(shape: ValueShape, name: &str) -> Option<(&'static SubKeyInfo, bool)> {
    find_sub(sub_keys(shape)?, name)
}

/// A documented value (highlight values, layout directives).
#[derive(Debug)]
pub struct ValueInfo {
    pub name: &'static str,
    pub doc: &'static str,
}

/// `highlight:` value, compared lower-cased by both loaders.
pub fn highlight_value(text: &str) -> Option<&'static ValueInfo> {
    HIGHLIGHT_VALUES.iter().find(|v| v.name.eq_ignore_ascii_case(text))
}

/// Revit versions offered in completion for `min_revit_version` / `max_revit_version`.
pub const REVIT_VERSIONS: std::ops::RangeInclusive<u32> = 2015..=2027;

/// Versions a `min_revit_version` / `max_revit_version` plausibly names; outside is likely a typo.
/// Neither loader checks the value against real releases (Python `int()`, C# `int.TryParse`), so
/// every year-named Revit (2008 on) and any year to come is fine.
pub const PLAUSIBLE_REVIT_VERSIONS: std::ops::RangeInclusive<i64> = 2000..=2099;
/// Values below this are short years: C# `NormalizeVersionNumber` reads `21` as 2021, the Python
/// loader compares 21 literally.
pub const SHORT_REVIT_VERSION_LIMIT: i64 = 100;

/// A `background:` colour as pyRevit writes them: `#RRGGBB` or `#AARRGGBB` (e.g. `'#BB005591'`).
pub fn is_background_colour(text: &str) -> bool {
    let t = text.trim();
    t.strip_prefix('#').is_some_and(|h| (h.len() == 6 || h.len() == 8) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A `layout:` item containing this anywhere is a separator (`---`, `-----`).
pub const LAYOUT_SEPARATOR: &str = "---";
/// A `layout:` item containing this anywhere starts the panel slide-out (`>>>`, `>>>>>`).
pub const LAYOUT_SLIDEOUT: &str = ">>>";

/// `Name[directive:target]` directive, lower-cased and trimmed as the Python loader does.
pub fn layout_directive(name: &str) -> Option<&'static ValueInfo> {
    let n = name.trim();
    LAYOUT_DIRECTIVES.iter().find(|d| d.name.eq_ignore_ascii_case(n))
}

/// How the Python loader turns a (string) scalar into a bool for a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PythonBoolRule {
    /// `value.lower() == 'true'`: `clean`, `full_frame`, `persistent`, `is_beta`, `collapsed`.
    IgnoreCase,
    /// `value == 'true'`: `mainthread`, `automate`, `dynamo_path_check_existing`,
    /// `dynamo_force_manual_run` (so `True` and `yes` are false).
    Exact,
}

/// Keys the Python loader compares case-sensitively with `'true'`
/// (`GenericUICommand._read_bundle_metadata`, spec §2.1).
const PY_EXACT_BOOL_KEYS: &[&str] =
    &["mainthread", "automate", "dynamo_path_check_existing", "dynamo_force_manual_run"];

pub fn python_bool_rule(key: &str) -> PythonBoolRule {
    if PY_EXACT_BOOL_KEYS.contains(&key) {
        PythonBoolRule::Exact
    } else {
        PythonBoolRule::IgnoreCase
    }
}

/// The value the Python loader reads for boolean `key` given the YAML scalar `text`.
pub fn python_bool(key: &str, text: &str) -> bool {
    match python_bool_rule(key) {
        PythonBoolRule::Exact => text == "true",
        PythonBoolRule::IgnoreCase => text.eq_ignore_ascii_case("true"),
    }
}

/// Scalars the C# `ParseBool` reads as true (case-insensitive); anything else is false.
pub const CSHARP_TRUE_VALUES: &[&str] = &["true", "1", "yes", "on"];

/// The value the C# loader reads for a boolean scalar `text`. Checked in
/// `pyRevitExtensionParser/BundleParser.cs` `ParseBool`: the scalar is trimmed first, then
/// `bool.TryParse`, then `true`/`yes`/`on` ignoring case or exactly `1`.
pub fn csharp_bool(text: &str) -> bool {
    let t = text.trim();
    CSHARP_TRUE_VALUES.iter().any(|v| v.eq_ignore_ascii_case(t))
}

/// True when the two loaders read the boolean `key` = `text` differently (e.g. `yes`, or `True`
/// for `mainthread`).
pub fn loaders_disagree_on_bool(key: &str, text: &str) -> bool {
    python_bool(key, text) != csharp_bool(text)
}

/// A key found in real bundles that no current parser reads.
#[derive(Debug)]
pub struct UnreadKey {
    pub name: &'static str,
    /// Why it is there and what to do instead.
    pub why: &'static str,
}

pub fn unread_key(name: &str) -> Option<&'static UnreadKey> {
    UNREAD_KEYS.iter().find(|k| k.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn map_keys_have_their_sub_key_tables() {
        let owner = |name| bundle_key(name).map(|(k, _)| k.shape).unwrap();
        assert_eq!(sub_key(owner("engine"), "clean").map(|(k, _)| k.name), Some("clean"));
        assert_eq!(sub_key(owner("background"), "slideout").map(|(k, _)| k.name), Some("slideout"));
        assert_eq!(sub_key(owner("members"), "groupName").map(|(k, alias)| (k.name, alias)), Some(("group", true)));
        assert!(sub_keys(owner("title")).is_none());
    }

    #[test]
    fn names_and_aliases_are_unique() {
        let mut seen = HashSet::new();
        for k in BUNDLE_KEYS {
            assert!(seen.insert(k.name), "duplicate {}", k.name);
            for a in k.aliases {
                assert!(seen.insert(a), "duplicate alias {a}");
            }
        }
        for table in [ENGINE_KEYS, BACKGROUND_KEYS, COMBOBOX_MEMBER_KEYS] {
            let mut seen = HashSet::new();
            for k in table {
                assert!(seen.insert(k.name), "duplicate {}", k.name);
                for a in k.aliases {
                    assert!(seen.insert(a), "duplicate alias {a}");
                }
            }
        }
    }

    #[test]
    fn docs_are_present() {
        for k in BUNDLE_KEYS {
            assert!(!k.doc.is_empty() && !k.example.is_empty(), "{}", k.name);
            assert!(k.example.starts_with(k.name), "example of {} uses its name", k.name);
            for req in k.required_for {
                assert!(applies(k, Some(*req)), "{} required where it does not apply", k.name);
            }
        }
        let subs = ENGINE_KEYS.iter().chain(BACKGROUND_KEYS).chain(COMBOBOX_MEMBER_KEYS);
        for k in subs {
            assert!(!k.doc.is_empty(), "{}", k.name);
        }
        for v in HIGHLIGHT_VALUES.iter().chain(LAYOUT_DIRECTIVES) {
            assert!(!v.doc.is_empty());
        }
        for k in UNREAD_KEYS {
            assert!(!k.why.is_empty());
            assert!(bundle_key(k.name).is_none(), "{} is both read and unread", k.name);
        }
    }

    #[test]
    fn lookup_exact_and_alias() {
        assert_eq!(bundle_key("title").map(|(k, a)| (k.name, a)), Some(("title", false)));
        assert_eq!(bundle_key("titles").map(|(k, a)| (k.name, a)), Some(("title", true)));
        assert_eq!(bundle_key("tooltips").map(|(k, a)| (k.name, a)), Some(("tooltip", true)));
        assert_eq!(bundle_key("layout_order").map(|(k, a)| (k.name, a)), Some(("layout", true)));
        assert_eq!(bundle_key("beta").map(|(k, a)| (k.name, a)), Some(("is_beta", true)));
        assert!(bundle_key("Title").is_none());
        assert!(bundle_key("media").is_none());
        assert_eq!(bundle_key_ignore_case("Title").map(|(k, a)| (k.name, a)), Some(("title", false)));
        assert_eq!(bundle_key_ignore_case("BETA").map(|(k, a)| (k.name, a)), Some(("is_beta", true)));
        assert!(bundle_key_ignore_case("nope").is_none());
    }

    #[test]
    fn applicability() {
        let get = |n| bundle_key(n).map(|(k, _)| k).expect("known key");
        assert!(applies(get("title"), Some(BundleKind::PushButton)));
        assert!(!applies(get("title"), None));
        assert!(applies(get("layout"), None));
        assert!(applies(get("layout"), Some(BundleKind::Panel)));
        assert!(!applies(get("layout"), Some(BundleKind::PushButton)));
        assert!(applies(get("hyperlink"), Some(BundleKind::UrlButton)));
        assert!(!applies(get("hyperlink"), Some(BundleKind::PushButton)));
        assert!(!applies(get("context"), Some(BundleKind::LinkButton)));
        assert!(applies(get("members"), Some(BundleKind::ComboBox)));
        assert!(applies(get("min_revit_version"), None));
        let req: Vec<_> = required_keys(BundleKind::LinkButton).map(|k| k.name).collect();
        assert_eq!(req, ["assembly", "command_class"]);
        let req: Vec<_> = required_keys(BundleKind::UrlButton).map(|k| k.name).collect();
        assert_eq!(req, ["hyperlink"]);
        assert_eq!(required_keys(BundleKind::PushButton).count(), 0);
    }

    #[test]
    fn sub_key_lookups() {
        assert!(sub_key(ValueShape::Engine, "clean").is_some());
        assert!(sub_key(ValueShape::Engine, "Clean").is_none());
        assert!(sub_key(ValueShape::Engine, "nope").is_none());
        assert_eq!(sub_key(ValueShape::Engine, "dynamo_path_exec").map(|(k, _)| k.loaders), Some(Loaders::CSharpOnly));
        assert!(sub_key(ValueShape::Background, "slideout").is_some());
        assert!(sub_key(ValueShape::Background, "color").is_none());
        assert_eq!(sub_key(ValueShape::Members, "id").map(|(k, a)| (k.name, a)), Some(("id", false)));
        assert_eq!(sub_key(ValueShape::Members, "name").map(|(k, a)| (k.name, a)), Some(("id", true)));
        assert_eq!(
            sub_key(ValueShape::Members, "longDescription").map(|(k, a)| (k.name, a)),
            Some(("tooltip_ext", true))
        );
        assert!(sub_key(ValueShape::Members, "label").is_none());
    }

    #[test]
    fn highlight_and_layout() {
        assert_eq!(highlight_value("NEW").map(|v| v.name), Some("new"));
        assert_eq!(highlight_value("updated").map(|v| v.name), Some("updated"));
        assert!(highlight_value("changed").is_none());
        assert_eq!(layout_directive(" Before ").map(|v| v.name), Some("before"));
        assert!(layout_directive("below").is_none());
        assert_eq!(LAYOUT_DIRECTIVES.len(), 5);
        assert!(REVIT_VERSIONS.contains(&2024));
    }

    #[test]
    fn bool_rules() {
        assert!(python_bool("clean", "True"));
        assert!(python_bool("is_beta", "TRUE"));
        assert!(!python_bool("is_beta", "yes"));
        assert!(python_bool("mainthread", "true"));
        assert!(!python_bool("mainthread", "True"));
        assert!(csharp_bool("True") && csharp_bool("yes") && csharp_bool("ON") && csharp_bool("1"));
        assert!(!csharp_bool("no") && !csharp_bool("2") && !csharp_bool(""));
        assert!(csharp_bool(" yes ") && !python_bool("clean", " true"));
        assert!(loaders_disagree_on_bool("mainthread", "True"));
        assert!(loaders_disagree_on_bool("clean", "yes"));
        assert!(!loaders_disagree_on_bool("clean", "True"));
        assert!(!loaders_disagree_on_bool("mainthread", "false"));
    }

    #[test]
    fn unread() {
        assert!(unread_key("media").is_some());
        assert!(unread_key("icon").is_some());
        assert!(unread_key("title").is_none());
    }
}
