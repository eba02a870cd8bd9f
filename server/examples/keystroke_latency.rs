//! Keystroke-to-diagnostics latency over stdio, by hand (never in CI):
//! `cargo build --release --bin pyrevit-ls && cargo run --release --example keystroke_latency`.
//! Opens a 10 MB `bundle.yaml` (`YAML_SHAPE=members`: a combo box's list of members instead of one
//! block scalar) and a 1 MB `script.py` in a temp workspace, types 40 characters
//! in each (one `didChange` per key, waiting for that version's diagnostics; the script twice:
//! once breaking it, once keeping it valid), prints median and p99 and the load average.
//! `PYREVIT_LS_BIN=…` runs another server binary (an older build, for before/after);
//! `KEYSTROKES=N` types N characters per run instead of 40; `ONLY=yaml` or `ONLY=py` types into
//! that file only (for a profiler attached to the server); `PY_SHAPE=classes` makes the script
//! classes of 100 methods each instead of 20,000 top-level functions (a real big module's shape);
//! `YAML_STYLE=folded` makes the tooltip a folded (`>`) scalar instead of a literal (`|`) one;
//! `KEYSTROKE_TIMES=1` also prints every keystroke's time, in order; `SETTLE_MS=N` waits N ms
//! after opening (and after each whole-text reset) before typing; `PAUSE_EVERY=N` pauses
//! `PAUSE_MS` (2000) after every N keystrokes (the first keystroke after a pause).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The server's minor page faults so far (the 10th field of `/proc/<pid>/stat`; 0 elsewhere).
fn server_faults(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    rest.split(' ').nth(7).and_then(|x| x.parse().ok()).unwrap_or(0)
}

/// Keystrokes typed per run (`KEYSTROKES` in the environment overrides it).
const KEYSTROKES: usize = 40;

/// The server's CPU time so far (user + system, seconds), from `/proc/<pid>/stat` (0 elsewhere).
fn server_cpu(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at `) `; utime and stime are
    // the 14th and 15th fields of the line, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let f: Vec<f64> = rest.split(' ').map(|x| x.parse().unwrap_or(0.0)).collect();
    f.get(11).zip(f.get(12)).map_or(0.0, |(u, s)| (u + s) / 100.0)
}

fn uri(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

fn main() {
    let bin = std::env::var("PYREVIT_LS_BIN").unwrap_or_else(|_| "target/release/pyrevit-ls".into());
    let tmp = tempfile::tempdir().unwrap();
    // YAML_SHAPE=members: a combo box's 10 MB list of members (many small mappings), typed into
    // a member's text; otherwise one 10 MB `tooltip: |` block scalar, typed into its text.
    let members = std::env::var("YAML_SHAPE").is_ok_and(|s| s == "members");
    let button = tmp.path().join(if members {
        "K.extension/K.tab/P.panel/B.combobox"
    } else {
        "K.extension/K.tab/P.panel/B.pushbutton"
    });
    std::fs::create_dir_all(&button).unwrap();
    let folded = std::env::var("YAML_STYLE").is_ok_and(|s| s == "folded");
    let mut yaml = String::from(match (members, folded) {
        (true, _) => {
            "title: Big
members:
"
        }
        (false, true) => {
            "title: Big
tooltip: >
"
        }
        (false, false) => {
            "title: Big
tooltip: |
"
        }
    });
    let mut m = 0;
    while yaml.len() < 10_000_000 {
        if members {
            yaml.push_str(&format!("  - id: m{m}\n    text: Member {m} of a long list\n"));
            m += 1;
        } else {
            yaml.push_str("  a long line of tooltip text, again and again and again and again\n");
        }
    }
    yaml.push_str("author: me\n");
    let mut py = String::from("# -*- coding: utf-8 -*-\n__title__ = 'Big'\nimport os\n");
    let mut i = 0;
    let classes = std::env::var("PY_SHAPE").is_ok_and(|s| s == "classes");
    while py.len() < 1_000_000 {
        if classes {
            py.push_str(&format!("class C{i}(object):\n"));
            for j in 0..100 {
                py.push_str(&format!("    def m{j}(self, a, b):\n        return a + b * {j}\n\n"));
            }
        } else {
            py.push_str(&format!("def f{i}(a, b):\n    return a + b * {i}\n\n"));
        }
        i += 1;
    }
    let files = [(button.join("bundle.yaml"), yaml, "yaml"), (button.join("script.py"), py, "python")];
    for (p, t, _) in &files {
        std::fs::write(p, t).unwrap();
    }

    let mut child = Command::new(&bin).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("spawn server");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line.trim().is_empty() {
                    break;
                }
                if let Some(v) = line.trim().strip_prefix("Content-Length: ") {
                    len = v.parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    let mut send = |v: Value| {
        let b = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{}", b.len(), b).unwrap();
        stdin.flush().unwrap();
    };
    let wait = |pred: &dyn Fn(&Value) -> bool| loop {
        let m = rx.recv_timeout(Duration::from_secs(120)).expect("server answer");
        if m.get("id").is_some() && m.get("method").is_some() {
            continue; // server→client requests are not answered here; none block diagnostics
        }
        if pred(&m) {
            return m;
        }
    };
    send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null,
        "capabilities": {}, "workspaceFolders": [{"uri": uri(tmp.path()), "name": "w"}]}}));
    wait(&|m| m["id"] == 1);
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let loadavg = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim().to_string();
    println!("load average before: {}", loadavg());
    // (file, text, language, column typed at): the YAML types into the tooltip's text; the
    // Python types at column 2 of a `return` line (an indentation error: every version is broken)
    // and then into the returned name (column 11; every version is valid).
    let keystrokes = std::env::var("KEYSTROKES").ok().and_then(|k| k.parse().ok()).unwrap_or(KEYSTROKES);
    let mut version = 1;
    let only = std::env::var("ONLY").unwrap_or_default();
    for (i, (p, t, lang)) in files.iter().enumerate() {
        if !only.is_empty() && !p.extension().is_some_and(|e| e.to_string_lossy().starts_with(only.as_str())) {
            continue;
        }
        let u = uri(p);
        let started = Instant::now();
        send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": u, "languageId": lang, "version": 1, "text": t}}}));
        wait(&|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && m["params"]["version"] == 1
        });
        println!(
            "{} ({} bytes): open → diagnostics {:?}",
            p.file_name().unwrap().to_string_lossy(),
            t.len(),
            started.elapsed()
        );
        let mut line = t.lines().count() / 2;
        // The script: the first `return a` line from the middle on; typing at its returned name.
        let mut valid = 0;
        for (n, l) in t.lines().enumerate().skip(line) {
            if i == 1 && l.trim_start().starts_with("return a") {
                (line, valid) = (n, (l.len() - l.trim_start().len() + "return ".len()) as u32);
                break;
            }
        }
        if i == 0 && members {
            // The first member's text from the middle on, typing after its `Member`.
            let (n, l) = t.lines().enumerate().skip(line).find(|(_, l)| l.starts_with("    text: ")).unwrap();
            (line, valid) = (n, (l.find("Member").unwrap() + "Member".len()) as u32);
        }
        let columns: &[u32] = match (i, members) {
            (0, false) => &[2],
            (0, true) => &[valid],
            _ => &[2, valid],
        };
        for &column in columns {
            // Start from the opened text again (undoing the previous run's keystrokes).
            version += 1;
            send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": u, "version": version}, "contentChanges": [{"text": t}]}}));
            let v = version;
            wait(&|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == u.as_str()
                    && m["params"]["version"] == v
            });
            // `SETTLE_MS=N`: wait that long before typing (the workspace's first round done).
            if let Some(ms) = std::env::var("SETTLE_MS").ok().and_then(|v| v.parse().ok()) {
                std::thread::sleep(Duration::from_millis(ms));
            }
            let mut times = Vec::new();
            let mut faults = Vec::new();
            let cpu_before = server_cpu(child.id());
            // `PAUSE_EVERY=N PAUSE_MS=M`: the user stops for M ms after every N keystrokes.
            let pause_every: usize = std::env::var("PAUSE_EVERY").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
            let pause_ms: u64 = std::env::var("PAUSE_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
            for k in 0..keystrokes {
                if pause_every > 0 && k > 0 && k % pause_every == 0 {
                    std::thread::sleep(Duration::from_millis(pause_ms));
                }
                version += 1;
                let v = version;
                let started = Instant::now();
                send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": u, "version": v},
                    "contentChanges": [{"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "x"}]}}));
                wait(&|m| {
                    m["method"] == "textDocument/publishDiagnostics"
                        && m["params"]["uri"] == u.as_str()
                        && m["params"]["version"] == v
                });
                times.push(started.elapsed());
                faults.push(server_faults(child.id()));
            }
            let cpu = (server_cpu(child.id()) - cpu_before) / keystrokes as f64;
            if std::env::var_os("KEYSTROKE_TIMES").is_some() {
                let each: Vec<String> = times.iter().map(|t| format!("{:.1}", t.as_secs_f64() * 1000.0)).collect();
                println!("  each (ms): {}", each.join(" "));
                // Minor page faults the server took per keystroke (until its diagnostics came).
                let per: Vec<String> = faults.windows(2).map(|w| (w[1] - w[0]).to_string()).collect();
                println!("  page faults after the first: {}", per.join(" "));
            }
            let first = times[0];
            times.sort();
            let p99 = times[(times.len() * 99).div_ceil(100) - 1];
            println!(
                "  {keystrokes} keystrokes at line {line}, column {column} → diagnostics: median {:?}, p99 {:?}, min {:?}, max {:?}, first {:?}; server CPU {:.1} ms per keystroke",
                times[times.len() / 2],
                p99,
                times[0],
                times[times.len() - 1],
                first,
                cpu * 1000.0
            );
        }
    }
    println!("load average after: {}", loadavg());
    let _ = child.kill();
    let _ = child.wait();
}
