//! `build_index` on the example fixture and on a generated 10,000-bundle workspace.

use std::path::PathBuf;
use std::sync::OnceLock;

use pyrevit_ls::index::build_index;

#[path = "../examples/gen_workspace.rs"]
mod gen_workspace;

fn main() {
    divan::main();
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/example")
}

/// Generated once per bench run; the temp dir lives until the process exits.
fn synthetic() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("ws");
        let opts = gen_workspace::Options::bench_10k(out.clone());
        let n = gen_workspace::generate(&opts).expect("generate workspace");
        assert_eq!(n, 10_000);
        (tmp, out)
    })
    .1
}

#[divan::bench]
fn example_fixture() -> usize {
    build_index(&[example()]).extensions.len()
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn generated_10k(bencher: divan::Bencher) {
    let dir = synthetic().clone();
    bencher.bench(|| build_index(std::slice::from_ref(&dir)).extensions[0].bundles.len());
}
