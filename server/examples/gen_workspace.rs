//! Writes a synthetic but realistic pyRevit workspace with an exact number of bundles, for
//! benchmarks and load tests:
//!
//! `cargo run --release --example gen_workspace -- --out DIR --bundles 10000 [--extensions N] [--with-lib] [--seed S]`
//!
//! `--index-only` skips writing and times `build_index` on `--out` instead (for peak-RSS runs
//! under `/usr/bin/time -v`). Also included by `benches/index.rs` through `#[path]`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use clap::Parser;

#[derive(Parser, Debug, Clone)]
#[command(about = "Generate a synthetic pyRevit workspace")]
pub struct Options {
    /// Output folder (created; must be empty or missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Exact number of bundle folders to write (tabs, panels, stacks, pulldowns, buttons).
    #[arg(long, default_value_t = 10_000)]
    pub bundles: usize,
    /// Number of `.extension` folders to spread the bundles over.
    #[arg(long, default_value_t = 1)]
    pub extensions: usize,
    /// Write `lib/` folders (extension, tab and some panels) and make scripts import from them.
    #[arg(long)]
    pub with_lib: bool,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Do not write; index `--out` and print the time taken.
    #[arg(long)]
    pub index_only: bool,
}

impl Options {
    /// The benchmarks' workspace: 10,000 bundles in one extension, with lib folders, seed 1.
    #[allow(dead_code)]
    pub fn bench_10k(out: PathBuf) -> Self {
        Options { out, bundles: 10_000, extensions: 1, with_lib: true, seed: 1, index_only: false }
    }
}

/// Small deterministic PRNG (splitmix64): no extra dependency, same output for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

const VERBS: &[&str] =
    &["Select", "Renumber", "Align", "Tag", "Export", "Purge", "Rename", "Copy", "Match", "Check", "Isolate", "Color"];
const NOUNS: &[&str] = &[
    "Walls",
    "Doors",
    "Rooms",
    "Sheets",
    "Views",
    "Levels",
    "Grids",
    "Families",
    "Links",
    "Worksets",
    "Schedules",
    "Tags",
];
const CONTEXTS: &[&str] =
    &["zero-doc", "doc-project", "selection", "active-plan-view", "active-sheet", "OST_Walls", "doc-family"];

struct Gen<'a> {
    rng: Rng,
    opts: &'a Options,
    written: usize,
}

/// Write the workspace; returns the number of bundle folders written (== `opts.bundles`).
pub fn generate(opts: &Options) -> io::Result<usize> {
    fs::create_dir_all(&opts.out)?;
    let mut g = Gen { rng: Rng(opts.seed), opts, written: 0 };
    let exts = opts.extensions.max(1);
    for e in 0..exts {
        let budget = opts.bundles / exts + usize::from(e < opts.bundles % exts);
        g.extension(&opts.out.join(format!("Synth{e:02}.extension")), e, budget)?;
    }
    Ok(g.written)
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    fs::write(path, text)
}

fn layout(names: &[String]) -> String {
    let mut s = String::from("layout:\n");
    for n in names {
        s.push_str(&format!("  - {n}\n"));
    }
    s
}

impl Gen<'_> {
    fn bundle_dir(&mut self, path: &Path) -> io::Result<()> {
        fs::create_dir_all(path)?;
        self.written += 1;
        Ok(())
    }

    fn extension(&mut self, root: &Path, e: usize, mut budget: usize) -> io::Result<()> {
        fs::create_dir_all(root)?;
        write(
            &root.join("extension.json"),
            &format!(
                "{{\n  \"type\": \"extension\",\n  \"name\": \"Synth{e:02}\",\n  \"author\": \"Generator\",\n  \"url\": \"https://example.com/synth{e:02}.git\",\n  \"templates\": {{\"author\": \"Generator\"}}\n}}\n"
            ),
        )?;
        if self.opts.with_lib {
            fs::create_dir_all(root.join("lib/synthlib"))?;
            write(
                &root.join("lib/synthlib/__init__.py"),
                "\"\"\"Synthetic shared library.\"\"\"\nfrom synthlib.units import to_mm\n",
            )?;
            write(&root.join("lib/synthlib/units.py"), "def to_mm(feet):\n    return feet * 304.8\n")?;
            write(&root.join(format!("lib/synth_ext{e:02}.py")), "def greet(name):\n    return 'Hello ' + name\n")?;
        }
        let mut tabs = Vec::new();
        while budget > 0 {
            let name = format!("Tab{:02}", tabs.len());
            budget -= 1;
            budget = self.tab(&root.join(format!("{name}.tab")), budget)?;
            tabs.push(name);
        }
        write(&root.join("bundle.yaml"), &layout(&tabs))
    }

    /// A tab and its panels; returns the budget left.
    fn tab(&mut self, dir: &Path, mut budget: usize) -> io::Result<usize> {
        self.bundle_dir(dir)?;
        if self.opts.with_lib {
            fs::create_dir_all(dir.join("lib"))?;
            write(
                &dir.join("lib/tab_helpers.py"),
                "from synthlib import to_mm\n\n\ndef scale(x):\n    return to_mm(x) / 1000.0\n",
            )?;
        }
        let mut panels = Vec::new();
        let count = self.rng.range(3, 6);
        while budget > 0 && panels.len() < count {
            let name = format!("Panel{:02}", panels.len());
            budget -= 1;
            budget = self.panel(&dir.join(format!("{name}.panel")), &name, budget)?;
            panels.push(name);
        }
        let title = dir.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        write(
            &dir.join("bundle.yaml"),
            &format!("title:\n  en_us: {title}\n  fr_fr: {title} (FR)\n{}", layout(&panels)),
        )?;
        Ok(budget)
    }

    fn panel(&mut self, dir: &Path, name: &str, mut budget: usize) -> io::Result<usize> {
        self.bundle_dir(dir)?;
        let panel_lib = self.opts.with_lib && self.rng.range(0, 2) == 0;
        if panel_lib {
            fs::create_dir_all(dir.join("lib"))?;
            write(&dir.join("lib/panel_tools.py"), "def describe(el):\n    return el.Name\n")?;
        }
        let mut items = Vec::new();
        let count = self.rng.range(4, 10);
        while budget > 0 && items.len() < count {
            let item = format!("{} {} {:03}", self.rng.pick(VERBS), self.rng.pick(NOUNS), items.len());
            let roll = self.rng.range(0, 9);
            let kids = self.rng.range(2, 3);
            if roll == 0 && budget > kids {
                budget -= 1 + kids;
                self.group(&dir.join(format!("{item}.stack")), kids)?;
            } else if roll == 1 && budget > 2 {
                let kids = self.rng.range(2, 6).min(budget - 1);
                budget -= 1 + kids;
                self.group(&dir.join(format!("{item}.pulldown")), kids)?;
            } else {
                budget -= 1;
                self.button(&dir.join(format!("{item}.pushbutton")), &item)?;
            }
            items.push(item);
        }
        write(&dir.join("bundle.yaml"), &format!("title:\n  en_us: {name}\n  de_de: {name} (DE)\n{}", layout(&items)))?;
        Ok(budget)
    }

    /// A stack or pulldown holding `kids` push buttons.
    fn group(&mut self, dir: &Path, kids: usize) -> io::Result<()> {
        self.bundle_dir(dir)?;
        let mut names = Vec::new();
        for i in 0..kids {
            let name = format!("{} {} {i}", self.rng.pick(VERBS), self.rng.pick(NOUNS));
            self.button(&dir.join(format!("{name}.pushbutton")), &name)?;
            names.push(name);
        }
        write(&dir.join("bundle.yaml"), &layout(&names))
    }

    fn button(&mut self, dir: &Path, title: &str) -> io::Result<()> {
        self.bundle_dir(dir)?;
        let context = self.rng.pick(CONTEXTS);
        write(
            &dir.join("bundle.yaml"),
            &format!(
                "title:\n  en_us: {title}\n  fr_fr: {title} (FR)\ntooltip:\n  en_us: Runs {title} on the model.\n  fr_fr: Exécute {title}.\nauthor: '{{{{author}}}}'\ncontext: {context}\n"
            ),
        )?;
        let imports = if self.opts.with_lib { "from synthlib import to_mm\n" } else { "" };
        write(
            &dir.join("script.py"),
            &format!("\"\"\"{title}.\"\"\"\n{imports}from pyrevit import revit, forms\n\ndoc = revit.doc\nforms.alert(\"{title}: \" + doc.Title)\n"),
        )
    }
}

#[allow(dead_code)]
fn main() {
    let opts = Options::parse();
    if opts.index_only {
        let start = std::time::Instant::now();
        let index = pyrevit_ls::index::build_index(std::slice::from_ref(&opts.out));
        let bundles: usize = index.extensions.iter().map(|e| e.bundles.len()).sum();
        println!("indexed {} extensions, {bundles} bundles in {:?}", index.extensions.len(), start.elapsed());
        return;
    }
    if fs::read_dir(&opts.out).map(|mut d| d.next().is_some()).unwrap_or(false) {
        eprintln!("{} is not empty", opts.out.display());
        std::process::exit(2);
    }
    match generate(&opts) {
        Ok(n) => println!("wrote {n} bundles in {} extensions to {}", opts.extensions.max(1), opts.out.display()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
