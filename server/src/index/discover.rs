use std::path::{Path, PathBuf};

/// Every extension root (`*.extension`, `*.lib`, or a suffix-less extension recognised by
/// content) at or below `folder`, and the one enclosing it when `folder` is inside an extension.
pub fn discover_extension_roots(folder: &Path) -> Vec<PathBuf> {
    let _ = folder;
    Vec::new() // being written
}

/// The extension root that contains `path`, walking up.
pub fn find_enclosing_extension(path: &Path) -> Option<PathBuf> {
    let _ = path;
    None // being written
}
