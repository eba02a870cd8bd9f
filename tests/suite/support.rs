//! Shared helpers for the integration tests.

use std::path::PathBuf;

/// Absolute path of `tests/fixtures/<name>`.
#[allow(dead_code)]
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
        .canonicalize()
        .expect("fixture exists")
}

/// Write `files` (relative path, content) below `root`, creating folders.
#[allow(dead_code)]
pub fn write_tree(root: &std::path::Path, files: &[(&str, &str)]) {
    for (rel, content) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}
