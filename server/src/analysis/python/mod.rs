//! Python import features: go-to-definition, hover, references, diagnostics and the
//! `pyrightconfig.json` generator, all in pyRevit's search order (spec §8, product rules
//! "Python imports").

mod definition;
mod diagnostics;
mod hover;
mod pyright;
mod references;
mod target;
mod workspace;

use std::path::{Path, PathBuf};

use super::Snapshot;
use crate::imports::{Resolver, SearchEnv};

pub use definition::definition;
pub use diagnostics::diagnostics;
pub use hover::{hover, HoverInfo};
pub use pyright::{pyright_config, write_pyright_config};
pub use references::references;
pub use target::{target_at, Target};
pub use workspace::{python_files, reached_modules};

/// User settings for Python imports (`pyrevit.pyrevitPath`, `pyrevit.importDiagnostics`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSettings {
    /// A pyRevit checkout or install: its `pyrevitlib/` and `site-packages/` go last on every path.
    pub pyrevit_path: Option<PathBuf>,
    /// Report `unresolved-import-name` and `shadowed-module` (default on).
    pub diagnostics: bool,
}

impl ImportSettings {
    /// The import settings of the user settings in `snap`.
    pub fn of(snap: &Snapshot) -> Self {
        ImportSettings {
            pyrevit_path: snap.settings.pyrevit_path.clone(),
            diagnostics: snap.settings.diagnostics.imports,
        }
    }
}

impl Default for ImportSettings {
    fn default() -> Self {
        ImportSettings { pyrevit_path: None, diagnostics: true }
    }
}

/// A resolver over the snapshot's index and files, parsing through the snapshot's module cache.
fn resolver<'a>(snap: &'a Snapshot, settings: &ImportSettings) -> Resolver<'a> {
    let env = SearchEnv::new(&snap.index, settings.pyrevit_path.clone());
    Resolver::sharing(env, &*snap.files, &snap.caches.modules, snap.resolver_memo(settings))
}

/// `path` for display: relative to the workspace folder holding it, else `<pyRevit>/…` under the
/// configured pyRevit path, else relative to the parent of its extension; `/` separators.
fn display_path(snap: &Snapshot, settings: &ImportSettings, path: &Path) -> String {
    let folder = snap.index.folders.iter().filter(|f| path.starts_with(f)).max_by_key(|f| f.components().count());
    if let Some(rel) = folder.and_then(|f| path.strip_prefix(f).ok()) {
        return slash_path(rel);
    }
    if let Some(rel) = settings.pyrevit_path.as_deref().and_then(|p| path.strip_prefix(p).ok()) {
        return format!("<pyRevit>/{}", slash_path(rel));
    }
    let env = SearchEnv::new(&snap.index, None).with_files(&*snap.files);
    let base = env.extension_root(path).and_then(|r| r.parent().map(Path::to_path_buf));
    slash_path(base.as_deref().and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path))
}

fn slash_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
