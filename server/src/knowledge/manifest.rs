//! `extension.json` manifest keys (spec §3). The runtime reads `extension.json`, never
//! `extension.yaml`. Python: `extpackages.ExtensionPackage.update_info` (manager UI, enable state,
//! access control; every top-level key is also a `{{template}}` value). C#:
//! `ExtensionParser.ParseExtension` reads only `templates`, `author`, `rocket_mode_compatible`,
//! `authusers` and `authgroups`.

use super::keys::ValueShape;
use super::Loaders;

/// The manifest file name both loaders read.
pub const MANIFEST_FILE: &str = "extension.json";
/// Documented as the new format but read by no loader.
pub const UNREAD_MANIFEST_FILE: &str = "extension.yaml";
/// The extensions database file (`{"extensions": [ … ]}`, or one bare object).
pub const DATABASE_FILE: &str = "extensions.json";

/// One `extension.json` key.
#[derive(Debug)]
pub struct ManifestKey {
    pub name: &'static str,
    pub shape: ValueShape,
    pub loaders: Loaders,
    /// Required for an entry of the extensions database (`ExtensionPackage.is_valid`).
    pub required_in_database: bool,
    pub doc: &'static str,
}

const fn py(name: &'static str, shape: ValueShape, doc: &'static str) -> ManifestKey {
    ManifestKey { name, shape, loaders: Loaders::PythonOnly, required_in_database: false, doc }
}
const fn both(name: &'static str, shape: ValueShape, doc: &'static str) -> ManifestKey {
    ManifestKey { name, shape, loaders: Loaders::Both, required_in_database: false, doc }
}

#[rustfmt::skip]
pub const MANIFEST_KEYS: &[ManifestKey] = &[
    py("type", ValueShape::String, "Extension type: `extension` (UI extension) or `lib` (library)."),
    py("builtin", ValueShape::Bool, "Marks an extension that ships with pyRevit."),
    py("default_enabled", ValueShape::Bool, "Whether the extension is enabled when first installed."),
    ManifestKey { required_in_database: true, ..py("name", ValueShape::String, "Extension name shown in the Extensions manager. Required (with `url`) in the extensions database.") },
    py("description", ValueShape::String, "One-paragraph description for the Extensions manager."),
    ManifestKey { required_in_database: true, ..py("url", ValueShape::String, "Git URL the extension is installed from. Required (with `name`) in the extensions database.") },
    py("website", ValueShape::String, "Home page; defaults to `url` without `.git`."),
    py("image", ValueShape::String, "Image URL shown in the Extensions manager."),
    both("author", ValueShape::String, "Author name. Also the fallback `{{author}}` template value (C#)."),
    py("author_profile", ValueShape::String, "URL of the author's profile."),
    both("authusers", ValueShape::List, "Only these user names may load the extension."),
    both("authgroups", ValueShape::List, "Only members of these Windows security groups may load the extension."),
    both("rocket_mode_compatible", ValueShape::Bool, "The extension works with Rocket mode (shared, cached engines)."),
    py("dependencies", ValueShape::List, "Names of extensions installed and removed together with this one."),
    both("templates", ValueShape::Templates, "Values for `{{name}}` tags in titles, tooltips, help URLs and authors of every bundle."),
];

pub fn manifest_key(name: &str) -> Option<&'static ManifestKey> {
    MANIFEST_KEYS.iter().find(|k| k.name == name)
}

/// Keys seen in the extensions database that no code reads.
pub const UNREAD_MANIFEST_KEYS: &[&str] = &["author-url"];

/// An extension type id (`ExtensionTypes.*.ID`) with its folder suffix.
#[derive(Debug)]
pub struct ExtensionType {
    pub id: &'static str,
    pub suffix: &'static str,
    pub doc: &'static str,
}

#[rustfmt::skip]
pub const EXTENSION_TYPES: &[ExtensionType] = &[
    ExtensionType { id: "extension", suffix: ".extension", doc: "A UI extension: tabs, panels and buttons." },
    ExtensionType { id: "lib", suffix: ".lib", doc: "A library extension: its folder is only added to the module search paths." },
];

pub fn extension_type(id: &str) -> Option<&'static ExtensionType> {
    EXTENSION_TYPES.iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::bundle_types::{EXTENSION_SUFFIX, LIB_EXTENSION_SUFFIX};
    use std::collections::HashSet;

    #[test]
    fn tables() {
        assert_eq!(MANIFEST_KEYS.len(), 15);
        let mut seen = HashSet::new();
        for k in MANIFEST_KEYS {
            assert!(seen.insert(k.name) && !k.doc.is_empty(), "{}", k.name);
        }
        let req: Vec<_> = MANIFEST_KEYS.iter().filter(|k| k.required_in_database).map(|k| k.name).collect();
        assert_eq!(req, ["name", "url"]);
        let cs: Vec<_> = MANIFEST_KEYS.iter().filter(|k| k.loaders == Loaders::Both).map(|k| k.name).collect();
        assert_eq!(cs, ["author", "authusers", "authgroups", "rocket_mode_compatible", "templates"]);
        for u in UNREAD_MANIFEST_KEYS {
            assert!(manifest_key(u).is_none());
        }
        let suffixes: Vec<_> = EXTENSION_TYPES.iter().map(|t| t.suffix).collect();
        assert_eq!(suffixes, [EXTENSION_SUFFIX, LIB_EXTENSION_SUFFIX]);
    }

    #[test]
    fn lookups() {
        assert_eq!(manifest_key("templates").map(|k| k.shape), Some(ValueShape::Templates));
        assert!(manifest_key("Templates").is_none());
        assert!(extension_type("lib").is_some());
        assert!(extension_type("run").is_none());
    }
}
