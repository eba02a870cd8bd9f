use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::output::{self, Format, Related, Row};
use crate::analysis::{diagnostics, Settings, Severity, Snapshot};
use crate::base::{DiskSource, LineIndex, PositionEncoding, Vfs};
use crate::index;

/// Check `paths` (folders or files) and write the diagnostics to `out`.
/// Returns whether any error was reported; `Err` is a usage problem (exit code 2).
pub fn check(paths: &[PathBuf], format: Format, settings: Settings, out: &mut dyn Write) -> Result<bool, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    // What to report: diagnostics of the files named, and of everything below the folders named.
    let mut targets = Vec::new();
    let mut folders = Vec::new();
    for p in paths {
        let abs = std::path::absolute(cwd.join(p)).map_err(|e| format!("{}: {e}", p.display()))?;
        let meta = std::fs::metadata(&abs).map_err(|e| format!("{}: {e}", p.display()))?;
        folders.push(if meta.is_file() {
            abs.parent().map(Path::to_path_buf).unwrap_or_else(|| abs.clone())
        } else {
            abs.clone()
        });
        targets.push(abs);
    }
    // One file system for the walk and the analysis: every folder is listed and every file read
    // once, never through a link out of the folders checked (then the extension roots found).
    let disk = DiskSource::within(folders.clone());
    let vfs = Vfs::over(Arc::new(disk.clone()));
    let index = index::build_index_with(&folders, &vfs);
    disk.set_roots(index.roots());
    let snap = Snapshot::from_vfs(Arc::new(index), vfs, Arc::new(settings));
    let files = snap.files.clone();
    let all = diagnostics::workspace_diagnostics(&snap);

    let mut rows = Vec::new();
    let mut any_error = false;
    for (path, diags) in &all {
        if !targets.iter().any(|t| path.starts_with(t)) {
            continue;
        }
        let text = files.read(path).unwrap_or_else(|| Arc::from(""));
        let lines = LineIndex::new(&text);
        for d in diags {
            any_error |= d.severity == Severity::Error;
            let related = d
                .related
                .iter()
                .map(|(at, message)| Related {
                    path: display_path(&at.path, &cwd),
                    start: at.path.is_file().then(|| {
                        let text = files.read(&at.path).unwrap_or_default();
                        LineIndex::new(&text).line_col(&text, at.range.start as usize, PositionEncoding::Utf16)
                    }),
                    message: message.clone(),
                })
                .collect();
            rows.push(Row {
                path: display_path(path, &cwd),
                start: lines.line_col(&text, d.range.start as usize, PositionEncoding::Utf16),
                end: lines.line_col(&text, d.range.end as usize, PositionEncoding::Utf16),
                severity: d.severity,
                code: d.code,
                message: d.message.clone(),
                folder: path.is_dir(),
                related,
            });
        }
    }
    output::write(&rows, format, out).map_err(|e| format!("cannot write output: {e}"))?;
    // The process ends after this: freeing every parsed file one by one would cost more than
    // a tenth of the run on a big workspace.
    std::mem::forget((snap, all));
    Ok(any_error)
}

/// Relative to the current folder when below it, with `/` separators; absolute otherwise.
fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}
