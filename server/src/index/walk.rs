use std::path::{Path, PathBuf};

use super::{Extension, WorkspaceIndex};

/// Index every extension found under the workspace folders.
pub fn build_index(folders: &[PathBuf]) -> WorkspaceIndex {
    WorkspaceIndex { folders: folders.to_vec(), ..Default::default() } // being written
}

/// Walk one extension root into an [`Extension`].
pub fn index_extension(root: &Path) -> Option<Extension> {
    let _ = root;
    None // being written
}
