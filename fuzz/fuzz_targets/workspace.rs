//! The whole analysis of a mini-workspace: a fixed folder tree on disk (indexed once), whose
//! file contents come from the fuzz input (split at 0xFE bytes, never valid UTF-8) through an
//! in-memory file source. Diagnostics for every file (structure, metadata, layout, templates,
//! hooks, imports), then completion, hover and definition at an input-chosen offset.
#![no_main]
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use pyrevit_ls::index::WorkspaceIndex;

#[path = "common.rs"]
mod common;

const FILES: &[&str] = &[
    "W.extension/extension.json",
    "W.extension/bundle.yaml",
    "W.extension/W.tab/P.panel/bundle.yaml",
    "W.extension/W.tab/P.panel/B.pushbutton/bundle.yaml",
    "W.extension/W.tab/P.panel/B.pushbutton/script.py",
    "W.extension/W.tab/P.panel/C.pulldown/bundle.yaml",
    "W.extension/W.tab/P.panel/C.pulldown/D.pushbutton/script.py",
    "W.extension/hooks/doc-opened.py",
    "W.extension/lib/mod_a.py",
];

fn workspace() -> &'static (tempfile::TempDir, Arc<WorkspaceIndex>) {
    static WS: OnceLock<(tempfile::TempDir, Arc<WorkspaceIndex>)> = OnceLock::new();
    WS.get_or_init(|| common::workspace(FILES, &[]))
}

fuzz_target!(|data: &[u8]| {
    let (dir, index) = workspace();
    let mut files = HashMap::new();
    for (i, part) in data.split(|&b| b == 0xFE).take(FILES.len()).enumerate() {
        files.insert(dir.path().join(FILES[i]), Arc::from(String::from_utf8_lossy(part).into_owned()));
    }
    common::analyse(dir.path(), index, files, FILES, data.len() / 2);
});
