//! Every diagnostic code, in one place. Codes are part of the product's interface: never rename.
/// `from mod import name` where `mod` resolves in the workspace but defines no `name` and has no such submodule.
pub const UNRESOLVED_IMPORT_NAME: &str = "unresolved-import-name";
/// A module name provided by two or more folders on an importing file's search path (the later ones are shadowed).
pub const SHADOWED_MODULE: &str = "shadowed-module";
