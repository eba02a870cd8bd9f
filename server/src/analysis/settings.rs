use std::path::PathBuf;

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
    /// Python import diagnostics (`unresolved-import-name`, `shadowed-module`).
    pub imports: bool,
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
        DiagnosticSettings { enable: true, imports: true }
    }
}
