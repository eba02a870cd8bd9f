use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::output::{self, Format, Row};
use crate::analysis::{diagnostics, Settings, Severity, Snapshot};
use crate::base::{DiskSource, FileSource, LineIndex, PositionEncoding};
use crate::index;

/// Check `paths` (folders or files) and write the diagnostics to `out`.
/// Returns whether any error was reported; `Err` is a usage problem (exit code 2).
pub fn check(paths: &[PathBuf], format: Format, out: &mut dyn Write) -> Result<bool, String> {
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
    let index = index::build_index(&folders);
    let files: Arc<dyn FileSource> = Arc::new(DiskSource::within(index.roots()));
    let snap = Snapshot::new(Arc::new(index), files.clone(), Arc::new(Settings::default()));
    let all = diagnostics::workspace_diagnostics(&snap);

    let mut rows = Vec::new();
    let mut any_error = false;
    for (path, diags) in &all {
        if !targets.iter().any(|t| path.starts_with(t)) {
            continue;
        }
        let text = if path.is_file() { files.read(path).unwrap_or_default() } else { Arc::from("") };
        let lines = LineIndex::new(&text);
        for d in diags {
            any_error |= d.severity == Severity::Error;
            rows.push(Row {
                path: display_path(path, &cwd),
                start: lines.line_col(&text, d.range.start as usize, PositionEncoding::Utf16),
                end: lines.line_col(&text, d.range.end as usize, PositionEncoding::Utf16),
                severity: d.severity,
                code: d.code,
                message: d.message.clone(),
            });
        }
    }
    output::write(&rows, format, out).map_err(|e| format!("cannot write output: {e}"))?;
    Ok(any_error)
}

/// Relative to the current folder when below it, with `/` separators; absolute otherwise.
fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}
