use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// User settings (`pyrevit.*` in the editor; defaults for the CLI).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub diagnostics: DiagnosticSettings,
    /// Locale shown first in hovers and previews (`en_us`, `fr_fr`, …).
    pub preview_locale: String,
    /// A pyRevit install or checkout: its `pyrevitlib` and `site-packages` join the import path.
    pub pyrevit_path: Option<PathBuf>,
    pub loader: LoaderMode,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiagnosticSettings {
    pub enable: bool,
    /// Python import diagnostics (`unresolved-import-name`, `unresolved-submodule`,
    /// `shadowed-module`).
    pub imports: bool,
    /// Paths that get no diagnostics at all (`pyrevit.diagnostics.exclude`, `check --exclude`),
    /// besides what `.gitignore` already hides: vendored packages, generated code…
    pub exclude: ExcludeGlobs,
}

/// Glob patterns matched against a path relative to its workspace folder, with `/` separators.
/// As in `.gitignore`, a pattern without `/` matches a file or folder name at any depth
/// (`numpy`, `*_generated.py`), and a pattern matching a folder covers everything below it
/// (`Tools.extension/lib/vendor`, `**/site-packages`).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(from = "Vec<String>")]
pub struct ExcludeGlobs {
    pub patterns: Vec<String>,
    compiled: OnceLock<GlobSet>,
}

impl From<Vec<String>> for ExcludeGlobs {
    fn from(patterns: Vec<String>) -> Self {
        ExcludeGlobs { patterns, compiled: OnceLock::new() }
    }
}

impl PartialEq for ExcludeGlobs {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

impl Eq for ExcludeGlobs {}

impl ExcludeGlobs {
    /// Whether `path` (absolute) is excluded; `folders` are the workspace folders it may be in.
    pub fn matches(&self, folders: &[PathBuf], path: &Path) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let set = self.compiled.get_or_init(|| compile(&self.patterns));
        let slash = |p: &Path| p.to_string_lossy().replace('\\', "/");
        folders.iter().filter_map(|f| path.strip_prefix(f).ok()).any(|rel| set.is_match(slash(rel)))
            || set.is_match(slash(path))
    }
}

fn compile(patterns: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim().trim_start_matches("./").trim_end_matches('/');
        if p.is_empty() {
            continue;
        }
        let anchored = if p.contains('/') { p.to_string() } else { format!("**/{p}") };
        for g in [anchored.clone(), format!("{anchored}/**")] {
            match GlobBuilder::new(&g).literal_separator(true).build() {
                Ok(glob) => {
                    b.add(glob);
                }
                Err(e) => tracing::warn!("ignoring exclude pattern `{p}`: {e}"),
            }
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Which loader's behaviour to report (product rules: portable by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoaderMode {
    #[default]
    Portable,
    Python,
    Csharp,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            diagnostics: DiagnosticSettings::default(),
            preview_locale: crate::knowledge::locales::FALLBACK_LOCALE.into(),
            pyrevit_path: None,
            loader: LoaderMode::Portable,
        }
    }
}

impl Default for DiagnosticSettings {
    fn default() -> Self {
        DiagnosticSettings { enable: true, imports: true, exclude: ExcludeGlobs::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclude_globs_match_like_gitignore() {
        let root = PathBuf::from("/ws");
        let folders = [root.clone()];
        let globs = ExcludeGlobs::from(vec!["numpy".to_string(), "A.extension/lib/vendor/".into(), "*_gen.py".into()]);
        let m = |p: &str| globs.matches(&folders, &root.join(p));
        assert!(m("A.extension/lib/numpy/core/__init__.py"));
        assert!(m("A.extension/lib/vendor/x.py"));
        assert!(m("A.extension/T.tab/P.panel/B.pushbutton/ui_gen.py"));
        assert!(!m("A.extension/lib/mine.py"));
        assert!(!m("A.extension/lib/numpyish.py"));
        assert!(!ExcludeGlobs::default().matches(&folders, &root.join("x.py")));
        let s: Settings = serde_json::from_value(serde_json::json!({"diagnostics": {"exclude": ["lib"]}})).unwrap();
        assert_eq!(s.diagnostics.exclude.patterns, ["lib"]);
    }
}
