//! `layout` entries: the entry splitter on any text, then the layout checks of a panel and of its
//! tab in a mini-workspace whose children cover every case (each bundle kind, `.nobutton`, a
//! folder without suffix, a near-miss suffix). The input's lines become the panel's entries
//! (plain or double-quoted, alternately) until a 0xFE byte; the lines after it, the tab's.
#![no_main]
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use pyrevit_ls::index::WorkspaceIndex;
use pyrevit_ls::syntax::split_layout_item;

#[path = "common.rs"]
mod common;

const PANEL: &str = "L.extension/L.tab/P.panel/bundle.yaml";
const TAB: &str = "L.extension/L.tab/bundle.yaml";
const FILES: &[&str] = &[
    PANEL,
    TAB,
    "L.extension/L.tab/P.panel/A.pushbutton/script.py",
    "L.extension/L.tab/P.panel/B.pulldown/C.pushbutton/script.py",
    "L.extension/L.tab/P.panel/S.stack/D.pushbutton/script.py",
    "L.extension/L.tab/P.panel/S.stack/E.smartbutton/script.py",
    "L.extension/L.tab/P.panel/N.nobutton/script.py",
    "L.extension/L.tab/Q.panel/F.pushbutton/script.py",
];
const DIRS: &[&str] = &["L.extension/L.tab/P.panel/Plain", "L.extension/L.tab/P.panel/G.pushbuton"];

fn workspace() -> &'static (tempfile::TempDir, Arc<WorkspaceIndex>) {
    static WS: OnceLock<(tempfile::TempDir, Arc<WorkspaceIndex>)> = OnceLock::new();
    WS.get_or_init(|| common::workspace(FILES, DIRS))
}

fn layout_yaml(lines: &str) -> String {
    let mut yaml = String::from("layout:\n");
    for (i, line) in lines.lines().enumerate() {
        let entry = line.trim();
        if i % 2 == 0 {
            yaml.push_str(&format!("  - {entry}\n"));
        } else {
            yaml.push_str(&format!("  - \"{}\"\n", entry.replace('\\', "\\\\").replace('"', "\\\"")));
        }
    }
    yaml
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for line in text.lines() {
        let item = split_layout_item(line);
        assert!(line.starts_with(item.name));
        if let Some(d) = item.directive {
            assert_eq!(line.get(d.name_at..d.name_at + d.name.len()), Some(d.name));
            assert_eq!(line.get(d.target_at..d.target_at + d.target.len()), Some(d.target));
        }
    }
    let (dir, index) = workspace();
    let mut parts = data.splitn(2, |&b| b == 0xFE);
    let panel = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let tab = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let mut files = HashMap::new();
    files.insert(dir.path().join(PANEL), Arc::from(layout_yaml(&panel)));
    files.insert(dir.path().join(TAB), Arc::from(layout_yaml(&tab)));
    for f in &FILES[2..] {
        files.insert(dir.path().join(f), Arc::from(""));
    }
    common::analyse(dir.path(), index, files, &[PANEL, TAB], panel.len() / 2 + 9);
});
