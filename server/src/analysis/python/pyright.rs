//! "Write pyrightconfig.json": one execution environment per folder with its own pyRevit search
//! path, so Pylance, basedpyright and ty resolve imports the way Revit does.

use std::path::{Path, PathBuf};

use super::{slash_path, ImportSettings};
use crate::analysis::{FileEdit, FileOp, Fix, Snapshot, TextEdit};
use crate::base::TextRange;
use crate::imports::SearchEnv;
use crate::index::ExtensionKind;

/// The `pyrightconfig.json` content for the first workspace folder: `executionEnvironments`,
/// deepest roots first (pyright uses the first root containing a file), each with `extraPaths`
/// in pyRevit's exact order. Paths are relative to the workspace folder when inside it.
pub fn pyright_config(snap: &Snapshot, settings: &ImportSettings) -> serde_json::Value {
    let env = SearchEnv::new(&snap.index, settings.pyrevit_path.clone()).with_files(&*snap.files);
    let base = snap.index.folders.first().cloned();
    // (environment root, a file whose search path the environment uses)
    let mut roots: Vec<(PathBuf, PathBuf)> = Vec::new();
    for ext in &snap.index.extensions {
        if ext.kind == ExtensionKind::Lib {
            roots.push((ext.root.clone(), ext.root.join("__module__.py")));
            continue;
        }
        for b in &ext.bundles {
            if b.kind.is_command() || b.has_script() {
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

/// `pyrevit.writePyrightConfig [workspaceFolderPathOrUri?]`: an edit that creates (or rewrites)
/// `pyrightconfig.json` in the workspace folder (default: the first one).
pub fn write_pyright_config(snap: &Snapshot, args: &[serde_json::Value]) -> Result<Fix, String> {
    let folder = match args.first().and_then(|v| v.as_str()) {
        Some(arg) => crate::analysis::commands::path_arg(arg)
            .ok_or_else(|| format!("`{arg}` is not a folder path or file:// URI"))?,
        None => snap.index.folders.first().cloned().ok_or("no workspace folder is open")?,
    };
    // Paths in the config are relative to the folder the file is written to.
    let mut folders = vec![folder.clone()];
    folders.extend(snap.index.folders.iter().filter(|f| **f != folder).cloned());
    let index = crate::index::WorkspaceIndex { folders, ..(*snap.index).clone() };
    let scoped = snap.with_index(std::sync::Arc::new(index));
    let config = pyright_config(&scoped, &ImportSettings::of(snap));
    let text = serde_json::to_string_pretty(&config).map_err(|e| e.to_string())? + "\n";
    let path = folder.join("pyrightconfig.json");
    let existing = snap.files.read(&path).map_or(0, |t| t.len());
    Ok(Fix {
        title: "Write pyrightconfig.json".into(),
        file_ops: vec![FileOp::Create { path: path.clone() }],
        edits: vec![FileEdit { path, edits: vec![TextEdit { range: TextRange::new(0, existing), new_text: text }] }],
    })
}
