use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where analysis reads file text from: open editor buffers first, then disk.
/// The analysis layer never touches `std::fs` for file *contents* except through this trait.
pub trait FileSource: Send + Sync {
    fn read(&self, path: &Path) -> Option<Arc<str>>;
}

/// Reads straight from disk (the CLI, and the server for files not open in the editor). With
/// `roots` (the workspace folders), never through a link that leads outside them.
#[derive(Clone, Debug, Default)]
pub struct DiskSource {
    roots: Arc<[PathBuf]>,
}

impl DiskSource {
    /// A source that never reads through a link out of `roots` (no roots: no limit).
    pub fn within(roots: impl Into<Arc<[PathBuf]>>) -> Self {
        DiskSource { roots: roots.into() }
    }
}

impl FileSource for DiskSource {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        if !super::containment::may_read(path, &self.roots) {
            tracing::warn!("not reading {}: a link on the way leads outside the workspace folders", path.display());
            return None;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!("cannot read {}: {e}", path.display());
                }
                return None;
            }
        };
        Some(Arc::from(decode(path, bytes)))
    }
}

/// File bytes as text. Invalid UTF-8 (a UTF-16 file, a binary) is read with U+FFFD for the bad
/// bytes, and logged: pyRevit reads these files as UTF-8 too.
fn decode(path: &Path, bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => {
            if text.contains('\0') {
                tracing::warn!("{} contains NUL bytes", path.display());
            }
            text
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            let what = if utf16 { "is UTF-16" } else { "is not valid UTF-8" };
            tracing::warn!("{} {what}: invalid bytes are read as U+FFFD", path.display());
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}
