use std::sync::Arc;

use crate::base::FileSource;
use crate::index::WorkspaceIndex;

/// An immutable view of the workspace that every analysis function reads: the index plus a
/// source of file text (open editor buffers, falling back to disk).
#[derive(Clone)]
pub struct Snapshot {
    pub index: Arc<WorkspaceIndex>,
    pub files: Arc<dyn FileSource>,
}
