//! Go-to-definition latency on imports in a generated 10,000-bundle workspace with lib folders.
//! Before the divan benches, prints the median and p99 over one definition request per script
//! (each script parsed for the first time: the "file just opened" case).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use pyrevit_ls::analysis::python::{definition, ImportSettings};
use pyrevit_ls::analysis::Snapshot;
use pyrevit_ls::base::DiskSource;
use pyrevit_ls::index::build_index;

#[path = "../examples/gen_workspace.rs"]
mod gen_workspace;

struct Ws {
    _tmp: tempfile::TempDir,
    snap: Snapshot,
    /// (script, offset of `to_mm` in its import)
    sites: Vec<(PathBuf, usize)>,
}

fn ws() -> &'static Ws {
    static WS: OnceLock<Ws> = OnceLock::new();
    WS.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("ws");
        let opts = gen_workspace::Options::bench_10k(out.clone());
        gen_workspace::generate(&opts).expect("generate workspace");
        let index = build_index(std::slice::from_ref(&out));
        let mut sites = Vec::new();
        for ext in &index.extensions {
            for b in &ext.bundles {
                let Some(script) = &b.script() else { continue };
                let Ok(text) = std::fs::read_to_string(script) else {
                    continue;
                };
                if let Some(off) = text.find("import to_mm") {
                    sites.push((script.clone(), off + "import ".len() + 2));
                }
            }
        }
        assert!(!sites.is_empty(), "generated scripts import from lib");
        Ws {
            _tmp: tmp,
            snap: Snapshot::new(Arc::new(index), Arc::new(DiskSource::default()), Default::default()),
            sites,
        }
    })
}

fn main() {
    let ws = ws();
    let settings = ImportSettings::default();
    let mut times = Vec::with_capacity(ws.sites.len());
    for (file, off) in &ws.sites {
        let t = Instant::now();
        let found = definition(&ws.snap, &settings, file, *off);
        times.push(t.elapsed());
        assert_eq!(found.len(), 1, "to_mm resolves in {}", file.display());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "definition on `to_mm` over {} scripts (first request per file): median {:?}, p99 {:?}, max {:?}",
        times.len(),
        pct(0.5),
        pct(0.99),
        times[times.len() - 1]
    );
    divan::main();
}

/// Repeated requests on one script (parsed modules cached).
#[divan::bench]
fn definition_warm(bencher: divan::Bencher) {
    let ws = ws();
    let settings = ImportSettings::default();
    let (file, off) = ws.sites[ws.sites.len() / 2].clone();
    bencher.bench(|| definition(&ws.snap, &settings, &file, off).len());
}

/// A different script each time (cycles through all of them).
#[divan::bench]
fn definition_rotating(bencher: divan::Bencher) {
    let ws = ws();
    let settings = ImportSettings::default();
    let mut i = 0;
    bencher.bench_local(|| {
        let (file, off) = &ws.sites[i % ws.sites.len()];
        i += 1;
        definition(&ws.snap, &settings, file, *off).len()
    });
}

/// Every import and use of `to_mm` (re-exported through `synthlib/__init__.py`) in the workspace:
/// every script mentions it, so every script is parsed and resolved.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn references_to_reexported_def(bencher: divan::Bencher) {
    let ws = ws();
    let settings = ImportSettings::default();
    let (file, off) = ws.sites[0].clone();
    bencher.bench(|| pyrevit_ls::analysis::python::references(&ws.snap, &settings, &file, off).len());
}
