//! File names pyRevit looks for inside bundles and extensions (spec §1.4, §3, §6).

/// Script postfixes the Python loader matches (`find_bundle_file` postfix mode), in its order.
pub const SCRIPT_POSTFIXES: &[&str] =
    &["script.py", "script.cs", "script.vb", "script.rb", "script.dyn", "script.gh", "script.ghx"];
/// Config (Shift+Click) script postfixes.
pub const CONFIG_POSTFIXES: &[&str] =
    &["config.py", "config.cs", "config.vb", "config.rb", "config.dyn", "config.gh", "config.ghx"];
/// Extensions the C# loader accepts as a script, in its order (spec §1.4 step 1–2).
pub const CSHARP_SCRIPT_EXTENSIONS: &[&str] = &[".py", ".cs", ".vb", ".rb", ".dyn", ".gh", ".ghx", ".rfa"];
/// The bundle metadata file (exact name in C#, postfix in Python).
pub const BUNDLE_METADATA: &str = "bundle.yaml";
/// Metadata file names no current loader reads (spec §1.4).
pub const IGNORED_METADATA: &[&str] = &["bundle.yml", "script.yaml"];
/// Legacy plain-text layout file (spec §9.2), read by no current loader.
pub const LEGACY_LAYOUT_FILE: &str = "_layout";
/// Bundle icon and its dark-theme variant (C#: case-insensitive, several image extensions).
pub const ICON_FILES: &[&str] = &["icon.png", "icon.dark.png"];
pub const ICON_EXTENSIONS: &[&str] = &[".png", ".ico", ".jpg", ".jpeg", ".bmp", ".gif", ".svg"];
/// Extension manifests (spec §3): current loaders read the JSON one.
pub const EXTENSION_JSON: &str = "extension.json";
pub const EXTENSION_YAML: &str = "extension.yaml";
/// Extension-root startup scripts.
pub const STARTUP_SCRIPTS: &[&str] = &["startup.py", "startup.cs", "startup.vb", "startup.rb"];
/// Module folders on the search path (matched case-insensitively).
pub const LIB_DIR: &str = "lib";
pub const BIN_DIR: &str = "bin";
pub const HOOKS_DIR: &str = "hooks";
pub const CHECKS_DIR: &str = "checks";
/// Layout-mode file (spec §9.3).
pub const EXTENSION_LAYOUT: &str = "extension_layout.yaml";
/// Layout mode: folder holding tool bundles (recursed through plain folders) and panel layouts.
pub const TOOLS_DIR: &str = "tools";
pub const LAYOUTS_DIR: &str = "layouts";
/// Preflight checks are `checks/<name>_check.py`.
pub const CHECK_SCRIPT_POSTFIX: &str = "_check.py";

/// Python loader script lookup: the first file (in the given order) whose name ends with a
/// script postfix, case-insensitively.
pub fn python_script<'a>(file_names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    file_names.into_iter().find(|n| {
        let l = n.to_ascii_lowercase();
        SCRIPT_POSTFIXES.iter().any(|p| l.ends_with(p))
    })
}

/// C# loader script lookup (spec §1.4): names ending in `script` first, then any script extension
/// that is not a `*_config` file.
pub fn csharp_script<'a>(file_names: &[&'a str]) -> Option<&'a str> {
    let lower: Vec<String> = file_names.iter().map(|n| n.to_ascii_lowercase()).collect();
    for ext in CSHARP_SCRIPT_EXTENSIONS {
        for (i, l) in lower.iter().enumerate() {
            if let Some(stem) = l.strip_suffix(ext) {
                if stem.ends_with("script") {
                    return Some(file_names[i]);
                }
            }
        }
    }
    for ext in CSHARP_SCRIPT_EXTENSIONS {
        for (i, l) in lower.iter().enumerate() {
            if let Some(stem) = l.strip_suffix(ext) {
                if !stem.ends_with("_config") && *l != "bundle.yaml" {
                    return Some(file_names[i]);
                }
            }
        }
    }
    None
}
