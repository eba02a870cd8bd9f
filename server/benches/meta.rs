//! Completion and hover on a bundle.yaml of a generated 10,000-bundle workspace (analysis level,
//! index built once, the file's parse cached as in the server).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use pyrevit_ls::analysis::{completion, hover, Settings, Snapshot};
use pyrevit_ls::base::DiskSource;
use pyrevit_ls::index::build_index;

#[path = "../examples/gen_workspace.rs"]
mod gen_workspace;

fn main() {
    divan::main();
}

struct Fixture {
    _tmp: tempfile::TempDir,
    snap: Snapshot,
    /// A button's bundle.yaml with a context line and a highlight line appended.
    yaml: PathBuf,
    text: String,
}

fn first_button_yaml(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    entries.iter().filter(|p| p.is_dir()).find_map(|p| {
        if p.extension().is_some_and(|e| e == "pushbutton") && p.join("bundle.yaml").is_file() {
            Some(p.join("bundle.yaml"))
        } else {
            first_button_yaml(p)
        }
    })
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("ws");
        let opts = gen_workspace::Options::bench_10k(out.clone());
        gen_workspace::generate(&opts).expect("generate workspace");
        let yaml = first_button_yaml(&out).expect("a button bundle.yaml");
        let text = format!(
            "{}\ncontext: (selection&OST_Wa\nhighlight: \n",
            std::fs::read_to_string(&yaml).unwrap_or_default().trim_end()
        );
        std::fs::write(&yaml, &text).expect("write bundle.yaml");
        let index = build_index(std::slice::from_ref(&out));
        let snap = Snapshot::new(Arc::new(index), Arc::new(DiskSource::default()), Arc::new(Settings::default()));
        Fixture { _tmp: tmp, snap, yaml, text }
    })
}

#[divan::bench]
fn completion_context_token(bencher: divan::Bencher) {
    let f = fixture();
    let at = f.text.find("OST_Wa").unwrap_or(0) + "OST_Wa".len();
    bencher.bench(|| completion::completions(&f.snap, &f.yaml, at).len());
}

#[divan::bench]
fn completion_top_level_key(bencher: divan::Bencher) {
    let f = fixture();
    let at = f.text.len();
    bencher.bench(|| completion::completions(&f.snap, &f.yaml, at).len());
}

#[divan::bench]
fn hover_key(bencher: divan::Bencher) {
    let f = fixture();
    let at = f.text.find("context:").unwrap_or(0) + 2;
    bencher.bench(|| hover::hover(&f.snap, &f.yaml, at).is_some());
}
