//! A keystroke in an extension's root `bundle.yaml`, in process (for profilers; never in CI):
//! `cargo build --profile bench --example keystroke_profile && valgrind --tool=callgrind
//! target/release/examples/keystroke_profile .cache/ws10k [keystrokes] [typed]`.
//! Builds the index, computes the first round, then per keystroke: the edited file's own
//! diagnostics and the subtree republish (the server's `Scope::Metadata` selection), timed
//! (CPU of this thread and wall). `typed` is appended one character more per keystroke (default
//! a `layout` item; e.g. `'\ncolor: red'` with a newline changes a definition each keystroke).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use pyrevit_ls::analysis::{diagnostics, templates, Settings, Snapshot};
use pyrevit_ls::base::{DiskSource, FileSource, OpenFile, OpenFiles, Vfs};
use pyrevit_ls::index;

fn main() {
    let mut args = std::env::args().skip(1);
    let ws = PathBuf::from(args.next().expect("workspace folder")).canonicalize().unwrap();
    let keystrokes: usize = args.next().map_or(5, |n| n.parse().unwrap());
    let typed = args.next().unwrap_or_else(|| "  - NewTab".to_string()).replace("\\n", "\n");
    let folders = vec![ws.clone()];
    let disk = DiskSource::within(folders.clone());
    let vfs = Vfs::over(Arc::new(disk.clone()));
    let t = Instant::now();
    let index = index::build_index_with(&folders, &vfs);
    disk.set_roots(index.roots());
    let ext = index.extensions.first().expect("one extension");
    let root_yaml = ext.bundle_yaml.clone().expect("a root bundle.yaml");
    let base = vfs.read(&root_yaml).unwrap();
    let open = |text: &str, version: i32| {
        let mut docs = std::collections::HashMap::new();
        docs.insert(root_yaml.clone(), OpenFile::new(Arc::from(text), version));
        Arc::new(OpenFiles::new(docs))
    };
    let snap =
        Snapshot::from_vfs(Arc::new(index), Vfs { open: open(&base, 1), disk: vfs.disk.clone() }, Arc::default());
    let first = diagnostics::workspace_diagnostics(&snap);
    eprintln!("index + first round: {:?} ({} files with diagnostics)", t.elapsed(), first.len());
    let _ = Settings::default();

    for k in 0..keystrokes {
        let text = format!("{base}{}", typed.get(..(5 + k).min(typed.len())).unwrap_or(&typed));
        let next = snap.with_vfs(Vfs { open: open(&text, 2 + k as i32), disk: snap.vfs.disk.clone() });
        let (w, c) = (Instant::now(), cpu());
        let own = own(&next, &root_yaml);
        eprintln!("keystroke {k}: own {:?} wall, {:.2} ms CPU ({} diagnostics)", w.elapsed(), cpu() - c, own.len());
        let (w, c) = (Instant::now(), cpu());
        let uses = templates::definitions_read_below(&next, &root_yaml)
            != templates::definitions_read_below(&snap, &root_yaml);
        let all = republish(&next, &root_yaml, uses);
        eprintln!(
            "  republish {:?} wall, {:.2} ms CPU ({} files with diagnostics; template uses again: {uses})",
            w.elapsed(),
            cpu() - c,
            all.len()
        );
    }
}

/// The edited file's own diagnostics (a profiler's `--toggle-collect` target).
#[inline(never)]
fn own(snap: &Snapshot, path: &Path) -> Vec<pyrevit_ls::analysis::Diagnostic> {
    diagnostics::file_diagnostics(snap, path)
}

/// What the server's `Scope::Metadata` republish recomputes after an edit of `yaml` (nothing was
/// published before: the generated workspace is clean); `uses`: the template uses below are
/// computed again (the file's definitions changed).
#[inline(never)]
fn republish(
    snap: &Snapshot,
    yaml: &Path,
    uses: bool,
) -> std::collections::BTreeMap<PathBuf, Vec<pyrevit_ls::analysis::Diagnostic>> {
    let dir = yaml.parent().unwrap().to_path_buf();
    let structure: std::collections::HashSet<PathBuf> = diagnostics::structure_files(snap).into_iter().collect();
    let wanted = |p: &Path| {
        p.starts_with(&dir)
            && (p.parent().is_some_and(|d| d == dir || d.parent() == Some(&dir)) && !diagnostics::is_module(snap, p)
                || structure.contains(p)
                || snap.vfs.is_open(p)
                || (uses && snap.files.read(p).is_some_and(|t| t.contains("{{"))))
    };
    diagnostics::diagnostics_where(snap, &wanted)
}

/// CPU time of the process (user + system), in ms.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks * 10.0
}
