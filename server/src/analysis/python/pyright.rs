//! "Write pyrightconfig.json": one execution environment per folder with its own pyRevit search
//! path, so Pylance, basedpyright and ty resolve imports the way Revit does.

use std::path::{Path, PathBuf};

use super::{slash_path, ImportSettings};
use crate::analysis::Snapshot;
use crate::imports::SearchEnv;
use crate::index::ExtensionKind;

/// The `pyrightconfig.json` content for the first workspace folder: `executionEnvironments`,
/// deepest roots first (pyright uses the first root containing a file), each with `extraPaths`
/// in pyRevit's exact order. Paths are relative to the workspace folder when inside it.
pub fn pyright_config(snap: &Snapshot, settings: &ImportSettings) -> serde_json::Value {
    let env = SearchEnv::new(&snap.index, settings.pyrevit_path.clone());
    let base = snap.index.folders.first().cloned();
    // (environment root, a file whose search path the environment uses)
    let mut roots: Vec<(PathBuf, PathBuf)> = Vec::new();
    for ext in &snap.index.extensions {
        if ext.kind == ExtensionKind::Lib {
            roots.push((ext.root.clone(), ext.root.join("__module__.py")));
            continue;
        }
        for b in &ext.bundles {
            if b.kind.is_command() || b.script.is_some() {
                roots.push((b.path.clone(), b.path.join("script.py")));
            }
            if let Some(lib) = &b.lib_dir {
                roots.push((lib.clone(), lib.join("__module__.py")));
            }
        }
        for dir in [&ext.lib_dir, &ext.hooks_dir].into_iter().flatten() {
            roots.push((dir.clone(), dir.join("__module__.py")));
        }
        roots.push((ext.root.clone(), ext.root.join("__module__.py")));
    }
    roots.sort_by_key(|(r, _)| std::cmp::Reverse(r.components().count()));
    let rel = |p: &Path| -> String {
        match base.as_deref().and_then(|b| p.strip_prefix(b).ok()) {
            Some(r) if r.as_os_str().is_empty() => ".".to_string(),
            Some(r) => slash_path(r),
            None => slash_path(p),
        }
    };
    let envs: Vec<serde_json::Value> = roots
        .iter()
        .map(|(root, sample)| {
            let paths: Vec<String> = env.search_path(sample).iter().map(|e| rel(&e.dir)).collect();
            serde_json::json!({ "root": rel(root), "extraPaths": paths })
        })
        .collect();
    serde_json::json!({ "executionEnvironments": envs })
}
