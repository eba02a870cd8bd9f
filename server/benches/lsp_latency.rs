//! End-to-end latency harness: drives the real release binary over stdio (the test client of
//! `tests/suite/lsp_client.rs`) on a generated workspace and prints a table. Never run in CI.
//!
//! `cargo bench -p pyrevit-ls --bench lsp_latency -- [--bundles 10000] [--requests 500] [--peers DIR]`
//!
//! The workspace is generated once into `.cache/ws10k` (for 10,000 bundles) (deterministic, `gen_workspace`).
//! Measured: time from `initialize` to the end of the indexing `$/progress` and to the last
//! first-round `publishDiagnostics`; peak RSS after indexing (`VmHWM`); completion, hover and
//! definition p50/p99; keystrokes in the extension's root `bundle.yaml` (own diagnostics, then the
//! subtree republish: files sent and server CPU time from `/proc/<pid>/stat`).
//!
//! `--peers DIR` (`DIR/node_modules/.bin`, see `bench/peers/run.sh`) adds, in the same run,
//! yaml-language-server with the `pyrevit-ls schema` JSON schema (completion in a `bundle.yaml`)
//! and pyright with every `lib/` folder in `extraPaths` (definition of a `lib/` import).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::{json, Value};

#[path = "../examples/gen_workspace.rs"]
#[allow(dead_code)]
mod gen_workspace;
#[path = "../../tests/suite/lsp_client.rs"]
#[allow(dead_code)]
mod lsp_client;

use lsp_client::{capabilities, uri, LspClient};

#[derive(Parser, Debug)]
struct Args {
    /// Bundles in the generated workspace (`.cache/ws10k` for 10,000).
    #[arg(long, default_value_t = 10_000)]
    bundles: usize,
    /// Use this workspace instead of generating one.
    #[arg(long)]
    ws: Option<PathBuf>,
    /// Requests per measured kind.
    #[arg(long, default_value_t = 500)]
    requests: usize,
    /// Keystrokes in the root `bundle.yaml`.
    #[arg(long, default_value_t = 5)]
    keystrokes: usize,
    /// A keystroke's work is over when the server used no CPU for this long (it announces no
    /// end of the debounced subtree republish).
    #[arg(long, default_value_t = 1000)]
    idle_ms: u64,
    /// Also type keystrokes at this fixed pace (ms apart, without waiting for the republish):
    /// past the 400 ms debounce, each keystroke meets the republish of the one before.
    #[arg(long)]
    pace_ms: Option<u64>,
    /// Print every keystroke's latency (stderr).
    #[arg(long)]
    each: bool,
    /// The text typed at the end of the root `bundle.yaml`, one more character per keystroke
    /// from the 5th on (`'author: Me'`: a template definition, so from its 9th character each
    /// keystroke republishes every `{{author}}` use below).
    #[arg(long, default_value = "  - NewTab")]
    typed: String,
    /// Folder holding `node_modules/.bin/{yaml-language-server,pyright-langserver}`.
    #[arg(long)]
    peers: Option<PathBuf>,
    /// Drive this server binary instead of the one `cargo bench` built (to compare builds
    /// alternately, or to run the harness binary directly).
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() {
    let args = Args::parse();
    let ws = args.ws.clone().unwrap_or_else(|| ensure_workspace(args.bundles));
    let ws = ws.canonicalize().expect("workspace folder");
    let target = Target::find(&ws);
    println!("workspace {} ({} bundles requested), {} requests per row", ws.display(), args.bundles, args.requests);
    println!("machine: {} cores, load average {}", cores(), load_average());

    let mut table = Table::default();
    let ours = pyrevit_ls_run(&ws, &target, &args, &mut table);
    if let Some(dir) = &args.peers {
        peers_run(dir, &ws, &target, &args, &ours, &mut table);
    }
    table.print();
}

/// `.cache/ws10k` (`ws<N>` for other sizes) at the repository root, generated when missing.
fn ensure_workspace(bundles: usize) -> PathBuf {
    let name = if bundles.is_multiple_of(1000) { format!("ws{}k", bundles / 1000) } else { format!("ws{bundles}") };
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cache").join(name);
    if !out.join("Synth00.extension").is_dir() {
        let opts = gen_workspace::Options { bundles, ..gen_workspace::Options::bench_10k(out.clone()) };
        let n = gen_workspace::generate(&opts).expect("generate workspace");
        println!("generated {n} bundles into {}", out.display());
    }
    out
}

/// The files the requests are made in: the first push button (its `bundle.yaml` and
/// `script.py`) and the extension's root `bundle.yaml`.
struct Target {
    button_yaml: PathBuf,
    button_script: PathBuf,
    root_yaml: PathBuf,
}

impl Target {
    fn find(ws: &Path) -> Target {
        let ext = sorted_dirs(ws)
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == "extension"))
            .expect("an extension");
        let button = first_pushbutton(&ext).expect("a push button");
        Target {
            button_yaml: button.join("bundle.yaml"),
            button_script: button.join("script.py"),
            root_yaml: ext.join("bundle.yaml"),
        }
    }
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

fn first_pushbutton(dir: &Path) -> Option<PathBuf> {
    sorted_dirs(dir).into_iter().find_map(|p| {
        if p.extension().is_some_and(|e| e == "pushbutton") && p.join("script.py").is_file() {
            Some(p)
        } else {
            first_pushbutton(&p)
        }
    })
}

/// Every `lib` folder below `dir` (pyright's `extraPaths`).
fn lib_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    for p in sorted_dirs(dir) {
        if p.file_name().is_some_and(|n| n == "lib") {
            out.push(p);
        } else {
            lib_dirs(&p, out);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Measurements

#[derive(Default)]
struct Table {
    rows: Vec<(String, String)>,
}

impl Table {
    fn row(&mut self, what: impl Into<String>, value: impl Into<String>) {
        self.rows.push((what.into(), value.into()));
    }

    fn print(&self) {
        let w = self.rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        println!("\n| {:w$} | value |\n|{}|-------|", "measure", "-".repeat(w + 2));
        for (what, value) in &self.rows {
            println!("| {what:w$} | {value} |");
        }
    }
}

struct Stats {
    p50: Duration,
    p99: Duration,
}

impl Stats {
    fn of(mut times: Vec<Duration>) -> Stats {
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
        Stats { p50: pct(0.5), p99: pct(0.99) }
    }

    fn show(&self) -> String {
        format!("p50 {} · p99 {}", ms(self.p50), ms(self.p99))
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// Time `n` requests (after `n / 10` warm-up ones); `check` validates each answer.
fn time_requests(
    c: &mut LspClient,
    n: usize,
    method: &str,
    params: impl Fn(usize) -> Value,
    check: impl Fn(&Value) -> bool,
) -> Stats {
    for i in 0..n / 10 {
        let r = c.request(method, params(i));
        assert!(check(&r), "{method}: unexpected answer {r}");
    }
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let p = params(i);
        let t = Instant::now();
        let r = c.request(method, p);
        times.push(t.elapsed());
        assert!(check(&r), "{method}: unexpected answer {r}");
    }
    Stats::of(times)
}

fn completion_items(r: &Value) -> usize {
    r.get("items").or(Some(r)).and_then(Value::as_array).map_or(0, Vec::len)
}

/// "N / M": completion items at the context value and at the key position.
fn item_counts(c: &mut LspClient, path: &Path, ctx: (usize, usize), key: (usize, usize)) -> String {
    let at = |c: &mut LspClient, (line, col): (usize, usize)| {
        completion_items(&c.request("textDocument/completion", pos(path, line, col)))
    };
    format!("{} / {}", at(c, ctx), at(c, key))
}

fn has_location(r: &Value) -> bool {
    match r {
        Value::Array(a) => !a.is_empty(),
        Value::Object(_) => true,
        _ => false,
    }
}

fn pos(path: &Path, line: usize, character: usize) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}})
}

/// `(utime + stime)` of a process, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) as f64 / clock_ticks()
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// A `kB` line of `/proc/<pid>/status` (`VmHWM`, `VmRSS`, `RssAnon`, `RssFile`), in MB.
fn status_mb(pid: u32, key: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_diagnostics(m: &Value) -> bool {
    m["method"] == "textDocument/publishDiagnostics"
}

// ---------------------------------------------------------------------------------------------
// pyrevit-ls

/// What the peer comparison reuses from the pyrevit-ls run.
struct Ours {
    completion: Stats,
    definition: Stats,
}

/// Text of the button's `bundle.yaml` with a context value being typed and an empty key line;
/// returns (text, (line, col) in the context value, (line, col) at the start of the key line).
fn button_text(path: &Path) -> (String, (usize, usize), (usize, usize)) {
    let text = format!("{}\ncontext: (selection&OST_Wa\n\n", std::fs::read_to_string(path).unwrap().trim_end());
    let lines: Vec<&str> = text.lines().collect();
    let ctx = lines.len() - 2;
    (text.clone(), (ctx, lines[ctx].len()), (lines.len() - 1, 0))
}

/// (line, col) of `to_mm` in `from synthlib import to_mm`.
fn import_position(text: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.starts_with("from synthlib import").then(|| (i, l.find("to_mm").unwrap() + 2)))
        .expect("the generated script imports from synthlib (gen_workspace --with-lib)")
}

fn pyrevit_ls_run(ws: &Path, t: &Target, args: &Args, table: &mut Table) -> Ours {
    let bin = args.bin.clone().unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_pyrevit-ls")));
    let mut c = LspClient::spawn_command(Command::new(bin));
    let pid = c.pid();
    let (text, ctx, key) = button_text(&t.button_yaml);
    let script = std::fs::read_to_string(&t.button_script).unwrap();
    let root_text = std::fs::read_to_string(&t.root_yaml).unwrap();
    let started = Instant::now();
    c.initialize(&[ws], capabilities(false), Value::Null);
    // Like an editor restoring its tabs: the open documents are published in the first round
    // even when clean (the generated workspace has no problems, so nothing else is sent).
    c.open(&t.button_yaml, "yaml", &text);
    c.open(&t.button_script, "python", &script);
    c.open(&t.root_yaml, "yaml", &root_text);
    let (mut progress_end, mut last_diag, mut diag_files) = (None, None, 0usize);
    loop {
        let quiet = if progress_end.is_some() { Duration::from_secs(1) } else { Duration::from_secs(120) };
        let Some(m) = c.next_notification(quiet) else { break };
        if m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end" {
            progress_end.get_or_insert(started.elapsed());
        } else if is_diagnostics(&m) {
            last_diag = Some(started.elapsed());
            diag_files += 1;
        }
    }
    let show = |d: Option<Duration>| d.map_or("never".to_string(), ms);
    table.row("initialize → end of indexing $/progress", show(progress_end));
    table.row(format!("initialize → last first-round publishDiagnostics ({diag_files} files)"), show(last_diag));
    table.row("server CPU until indexed", format!("{:.2} s", cpu_seconds(pid)));
    table.row(
        "peak RSS after indexing (VmHWM)",
        format!(
            "{:.1} MB (VmRSS {:.1} MB: anonymous {:.1}, file-backed {:.1})",
            status_mb(pid, "VmHWM"),
            status_mb(pid, "VmRSS"),
            status_mb(pid, "RssAnon"),
            status_mb(pid, "RssFile")
        ),
    );

    // Requests in the first push button.
    let completion = time_requests(
        &mut c,
        args.requests,
        "textDocument/completion",
        |i| if i % 2 == 0 { pos(&t.button_yaml, ctx.0, ctx.1) } else { pos(&t.button_yaml, key.0, key.1) },
        |r| completion_items(r) > 0,
    );
    let counts = item_counts(&mut c, &t.button_yaml, ctx, key);
    table.row(format!("completion in bundle.yaml (context value / key: {counts} items)"), completion.show());
    let hover =
        time_requests(&mut c, args.requests, "textDocument/hover", |_| pos(&t.button_yaml, ctx.0, 2), |r| !r.is_null());
    table.row("hover on a bundle.yaml key", hover.show());
    let imp = import_position(&script);
    let definition = time_requests(
        &mut c,
        args.requests,
        "textDocument/definition",
        |_| pos(&t.button_script, imp.0, imp.1),
        has_location,
    );
    table.row("definition of a lib/ import in script.py", definition.show());
    let hover_py = time_requests(
        &mut c,
        args.requests,
        "textDocument/hover",
        |_| pos(&t.button_script, imp.0, imp.1),
        |r| !r.is_null(),
    );
    table.row("hover on a lib/ import in script.py", hover_py.show());

    keystrokes(&mut c, &t.root_yaml, &root_text, args, table);
    if let Some(pace) = args.pace_ms {
        paced_keystrokes(&mut c, &t.root_yaml, &root_text, args, Duration::from_millis(pace), table);
    }
    table.row("peak RSS at the end (VmHWM)", format!("{:.1} MB", status_mb(pid, "VmHWM")));
    assert!(c.shutdown().success());
    Ours { completion, definition }
}

/// Type a new layout entry into the extension's root `bundle.yaml` (open since the start), one
/// character per round,
/// waiting for the subtree republish to finish each time.
fn keystrokes(c: &mut LspClient, root: &Path, base: &str, args: &Args, table: &mut Table) {
    let rounds = args.keystrokes.max(1);
    let root_uri = uri(root);
    c.settle(Duration::from_secs(1));
    let typed = args.typed.as_str();
    let (mut own, mut cpu, mut sent, mut spans) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut names = Vec::new();
    for k in 0..rounds {
        let version = 2 + k as i64;
        let text = format!("{base}{}", &typed[..(5 + k).min(typed.len())]);
        let cpu0 = cpu_seconds(c.pid());
        let t = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": root_uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        let (mut own_at, mut others, mut last) = (None, 0usize, Duration::ZERO);
        let idle = Duration::from_millis(args.idle_ms);
        let (mut cpu_seen, mut seen_at) = (cpu0, Instant::now());
        loop {
            if let Some(m) = c.next_notification(Duration::from_millis(20)) {
                if !is_diagnostics(&m) {
                    continue;
                }
                let at = t.elapsed();
                if m["params"]["uri"] == root_uri.as_str() && m["params"]["version"] == version && own_at.is_none() {
                    own_at = Some(at);
                    continue;
                }
                // Anything after the edited file's own diagnostics belongs to the republish
                // (which also re-sends the open documents of the subtree, this one included).
                last = at;
                if m["params"]["uri"] != root_uri.as_str() {
                    others += 1;
                    let name =
                        m["params"]["uri"].as_str().unwrap_or("").rsplit('/').take(2).collect::<Vec<_>>().join(" in ");
                    if names.len() < 3 && !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            if seen_at.elapsed() >= idle {
                let now = cpu_seconds(c.pid());
                // Past the debounce and no CPU used for `idle`: the keystroke's work is done.
                if now == cpu_seen && t.elapsed() > Duration::from_millis(500) + idle {
                    break;
                }
                (cpu_seen, seen_at) = (now, Instant::now());
            }
            assert!(t.elapsed() < Duration::from_secs(120), "the server never went idle after a keystroke");
        }
        own.push(own_at.expect("diagnostics of the edited file"));
        if args.each {
            eprintln!("keystroke {k}: own {:.3} ms", own.last().map_or(0.0, Duration::as_secs_f64) * 1e3);
        }
        cpu.push(cpu_seconds(c.pid()) - cpu0);
        sent.push(others);
        spans.push(last);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let own = Stats::of(own);
    table.row(format!("keystroke in root bundle.yaml → its diagnostics ({rounds} keystrokes)"), own.show());
    table.row(
        format!("  … subtree republish: server CPU per keystroke (median, until {} ms without CPU)", args.idle_ms),
        format!("{:.0} ms", median(&mut cpu) * 1e3),
    );
    let mut sent_f: Vec<f64> = sent.iter().map(|&n| n as f64).collect();
    let mut spans_f: Vec<f64> = spans.iter().map(Duration::as_secs_f64).collect();
    table.row(
        "  … other files' diagnostics sent per keystroke (median; which)",
        format!("{:.0} ({})", median(&mut sent_f), names.join(", ")),
    );
    table.row(
        "  … keystroke → last diagnostics of the republish (median)",
        format!("{:.0} ms", median(&mut spans_f) * 1e3),
    );
}

/// Keystrokes in the root `bundle.yaml` every `pace`, whatever the server is doing (typing with
/// pauses just longer than the debounce: each keystroke arrives while the republish of the one
/// before runs). Measures the own diagnostics of each, and the server CPU over the whole burst.
fn paced_keystrokes(c: &mut LspClient, root: &Path, base: &str, args: &Args, pace: Duration, table: &mut Table) {
    let rounds = args.keystrokes.max(1);
    let root_uri = uri(root);
    c.settle(Duration::from_secs(1));
    let typed = "  - NewTab";
    let first_version = 1000;
    let cpu0 = cpu_seconds(c.pid());
    let start = Instant::now();
    let mut sent_at: Vec<Instant> = Vec::new();
    let mut own: Vec<Option<Duration>> = vec![None; rounds];
    let mut others = 0usize;
    let mut read = |c: &mut LspClient, own: &mut Vec<Option<Duration>>, sent_at: &[Instant], wait: Duration| {
        if let Some(m) = c.next_notification(wait) {
            if !is_diagnostics(&m) {
                return;
            }
            if m["params"]["uri"] != root_uri.as_str() {
                others += 1;
                return;
            }
            let k = m["params"]["version"].as_i64().unwrap_or(0) - first_version;
            if let Some(at) = usize::try_from(k).ok().and_then(|k| sent_at.get(k).map(|t| (k, t.elapsed()))) {
                own[at.0].get_or_insert(at.1);
            }
        }
    };
    for k in 0..rounds {
        let due = start + pace * k as u32;
        while Instant::now() < due {
            read(c, &mut own, &sent_at, due.saturating_duration_since(Instant::now()).min(Duration::from_millis(5)));
        }
        let text = format!("{base}{}", &typed[..5 + k % (typed.len() - 4)]);
        sent_at.push(Instant::now());
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": root_uri, "version": first_version + k as i64}, "contentChanges": [{"text": text}]}),
        );
    }
    // The last keystroke's republish, then quiet.
    let end = Instant::now() + Duration::from_millis(500) + Duration::from_millis(args.idle_ms);
    while Instant::now() < end {
        read(c, &mut own, &sent_at, Duration::from_millis(20));
    }
    let cpu = cpu_seconds(c.pid()) - cpu0;
    let answered: Vec<Duration> = own.iter().flatten().copied().collect();
    if args.each {
        for (k, d) in own.iter().enumerate() {
            eprintln!("paced keystroke {k}: own {}", d.map_or("none".into(), ms));
        }
    }
    table.row(
        format!("keystroke every {} ms → its diagnostics ({} of {rounds} answered)", pace.as_millis(), answered.len()),
        Stats::of(answered).show(),
    );
    table.row(
        "  … server CPU per keystroke (mean over the burst and the last republish)",
        format!("{:.0} ms", cpu / rounds as f64 * 1e3),
    );
    table.row("  … other files' diagnostics sent (all keystrokes)", format!("{others}"));
}

// ---------------------------------------------------------------------------------------------
// Peers

fn peers_run(dir: &Path, ws: &Path, t: &Target, args: &Args, ours: &Ours, table: &mut Table) {
    let bin = dir.join("node_modules/.bin");
    let (yls, pyright) = (bin.join("yaml-language-server"), bin.join("pyright-langserver"));
    if !yls.exists() || !pyright.exists() {
        println!("peers not installed in {} (run bench/peers/run.sh); skipping the comparison", bin.display());
        return;
    }
    let version = |name: &str| {
        let p = dir.join("node_modules").join(name).join("package.json");
        std::fs::read_to_string(p)
            .ok()
            .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            .and_then(|v| v["version"].as_str().map(String::from))
            .unwrap_or_else(|| "?".into())
    };

    // yaml-language-server with the pyrevit-ls schema, completion at the same positions.
    let schema = dir.join("bundle.schema.json");
    let out = Command::new(env!("CARGO_BIN_EXE_pyrevit-ls")).arg("schema").output().expect("pyrevit-ls schema");
    std::fs::write(&schema, out.stdout).unwrap();
    let mut cmd = Command::new(&yls);
    cmd.arg("--stdio");
    let mut c = LspClient::spawn_command(cmd);
    // The glob is anchored at the workspace: yaml-language-server's `**` skips dot folders
    // such as `.cache/`. Without network, the schema store must be off.
    let glob = format!("{}/**/bundle.yaml", ws.display());
    let settings = json!({"yaml": {"schemas": {uri(&schema): [glob]}, "schemaStore": {"enable": false},
                                   "completion": true, "hover": true, "validate": true}});
    c.sections = Some(settings.clone());
    c.initialize(&[ws], capabilities(false), Value::Null);
    c.notify("workspace/didChangeConfiguration", json!({ "settings": settings }));
    let (text, ctx, key) = button_text(&t.button_yaml);
    c.open(&t.button_yaml, "yaml", &text);
    c.settle(Duration::from_millis(500));
    let sample = c.request("textDocument/completion", pos(&t.button_yaml, key.0, key.1));
    let knows_schema = sample.to_string().contains("tooltip");
    if !knows_schema {
        let labels: Vec<&str> = sample
            .get("items")
            .or(Some(&sample))
            .and_then(Value::as_array)
            .map_or(Vec::new(), |a| a.iter().filter_map(|i| i["label"].as_str()).take(20).collect());
        eprintln!("yaml-language-server offered {labels:?} at the key position");
    }
    let yaml = time_requests(
        &mut c,
        args.requests,
        "textDocument/completion",
        |i| if i % 2 == 0 { pos(&t.button_yaml, ctx.0, ctx.1) } else { pos(&t.button_yaml, key.0, key.1) },
        |_| true,
    );
    let counts = item_counts(&mut c, &t.button_yaml, ctx, key);
    let _ = c.shutdown();
    table.row(
        format!(
            "yaml-language-server {} completion, same file and positions ({counts} items){}",
            version("yaml-language-server"),
            if knows_schema { "" } else { " (schema NOT applied: no `tooltip` key offered)" }
        ),
        format!(
            "{} → ratio p50 {:.1}×, p99 {:.1}×",
            yaml.show(),
            ratio(yaml.p50, ours.completion.p50),
            ratio(yaml.p99, ours.completion.p99)
        ),
    );

    // pyright with every lib folder in extraPaths, definition of the same import.
    let mut libs = Vec::new();
    lib_dirs(ws, &mut libs);
    let config = ws.join("pyrightconfig.json");
    let extra: Vec<String> = libs.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    std::fs::write(&config, serde_json::to_string_pretty(&json!({"extraPaths": extra})).unwrap()).unwrap();
    let mut cmd = Command::new(&pyright);
    cmd.arg("--stdio");
    let mut c = LspClient::spawn_command(cmd);
    c.sections = Some(json!({}));
    c.initialize(&[ws], capabilities(false), Value::Null);
    let script = std::fs::read_to_string(&t.button_script).unwrap();
    let imp = import_position(&script);
    c.open(&t.button_script, "python", &script);
    let first = Instant::now();
    let resolved = has_location(&c.request("textDocument/definition", pos(&t.button_script, imp.0, imp.1)));
    let first = first.elapsed();
    let def = time_requests(
        &mut c,
        args.requests,
        "textDocument/definition",
        |_| pos(&t.button_script, imp.0, imp.1),
        |_| true,
    );
    let _ = c.shutdown();
    let _ = std::fs::remove_file(&config);
    table.row(
        format!(
            "pyright {} definition, {} lib folders in extraPaths{} (first request {})",
            version("pyright"),
            libs.len(),
            if resolved { "" } else { " (import NOT resolved)" },
            ms(first)
        ),
        format!(
            "{} → ratio p50 {:.1}×, p99 {:.1}×",
            def.show(),
            ratio(def.p50, ours.definition.p50),
            ratio(def.p99, ours.definition.p99)
        ),
    );
}

fn ratio(peer: Duration, ours: Duration) -> f64 {
    peer.as_secs_f64() / ours.as_secs_f64().max(1e-9)
}
