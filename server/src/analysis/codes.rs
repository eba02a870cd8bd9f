//! Every diagnostic code, in one place. Codes are part of the product's interface (CI scripts
//! filter on them): never rename one. Kebab-case.

// Syntax of metadata files.
/// `bundle.yaml` / `extension.yaml` is not valid YAML: pyRevit logs an error and reads nothing.
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// `extension.json` is not valid JSON: "Can not parse ext manifest file".
pub const MANIFEST_PARSE: &str = "manifest-parse";
/// The root of a metadata file is not a mapping: the C# loader ignores the file.
pub const METADATA_NOT_MAPPING: &str = "metadata-not-mapping";

// Folder structure.
/// A bundle nested where no loader creates it (a panel inside a button, a button under a tab…).
pub const MISPLACED_BUNDLE: &str = "misplaced-bundle";
/// A folder suffix close to a known one (`.pushbuton`): pyRevit silently ignores the folder.
pub const UNKNOWN_SUFFIX: &str = "unknown-suffix";
/// `.stack2` / `.stack3`: read by old pyRevit only; current loaders ignore the folder.
pub const LEGACY_STACK: &str = "legacy-stack";
/// A `_layout` file: old pyRevit only; current loaders read `layout:` in bundle.yaml.
pub const LEGACY_LAYOUT_FILE: &str = "legacy-layout-file";
/// `bundle.yml` or `script.yaml`: no current loader reads it.
pub const IGNORED_METADATA_FILE: &str = "ignored-metadata-file";
/// A command bundle without the script its type needs.
pub const MISSING_SCRIPT: &str = "missing-script";
/// A `.stack` that does not hold 2 or 3 items: Revit cannot create it.
pub const STACK_SIZE: &str = "stack-size";
/// `from mod import name` where `mod` resolves in the workspace but defines no `name` and has no such submodule.
pub const UNRESOLVED_IMPORT_NAME: &str = "unresolved-import-name";
/// A module name provided by two or more folders on an importing file's search path (the later ones are shadowed).
pub const SHADOWED_MODULE: &str = "shadowed-module";
