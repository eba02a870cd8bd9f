use std::path::Path;
use std::sync::Arc;

/// Where analysis reads file text from: open editor buffers first, then disk.
/// The analysis layer never touches `std::fs` for file *contents* except through this trait.
pub trait FileSource: Send + Sync {
    fn read(&self, path: &Path) -> Option<Arc<str>>;
}

/// Reads straight from disk (the CLI, and the server for files not open in the editor).
#[derive(Clone, Copy, Debug, Default)]
pub struct DiskSource;

impl FileSource for DiskSource {
    fn read(&self, path: &Path) -> Option<Arc<str>> {
        let bytes = std::fs::read(path).ok()?;
        Some(Arc::from(String::from_utf8_lossy(&bytes).into_owned()))
    }
}
