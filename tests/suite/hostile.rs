//! Hostile workspaces through the real `check` binary: links out of the workspace, link loops,
//! broken encodings, deep nesting, alias bombs, huge and countless files. Each gets a diagnostic
//! (or a log line), the rest is still analysed, and nothing outside the workspace is read.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::write_tree;

const BUNDLE: &str = "H.extension/H.tab/P.panel";

fn check(dir: &Path, format: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrevit-ls"))
        .args(["check", ".", "--format", format])
        .current_dir(dir)
        .output()
        .expect("run pyrevit-ls check")
}

fn json_report(dir: &Path) -> Vec<Value> {
    let out = check(dir, "json");
    assert!(matches!(out.status.code(), Some(0 | 1)), "check crashed: {out:?}");
    serde_json::from_slice::<Value>(&out.stdout).expect("JSON report").as_array().unwrap().clone()
}

fn rows_for<'a>(report: &'a [Value], file_suffix: &str) -> Vec<&'a Value> {
    report.iter().filter(|d| d["path"].as_str().unwrap_or_default().ends_with(file_suffix)).collect()
}

fn codes_for(report: &[Value], file_suffix: &str) -> Vec<String> {
    rows_for(report, file_suffix).iter().map(|d| d["code"].as_str().unwrap_or_default().to_string()).collect()
}

/// A `bundle.yaml` linked to a file elsewhere on the machine is not read: its lines never show up
/// in diagnostics (in CI, `--format github` would put them into the job's annotations); one
/// information diagnostic says so. Links inside the workspace are still followed.
#[cfg(unix)]
#[test]
fn check_never_reads_through_a_link_out_of_the_workspace() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.yaml");
    std::fs::write(&secret, "title: x\nSECRET_TOKEN_4f2a: hunter2\n").unwrap();
    std::fs::create_dir_all(outside.path().join("lib")).unwrap();
    std::fs::write(outside.path().join("lib/secret_mod.py"), "SECRET_TOKEN_4f2a = 1\n").unwrap();
    let ws = tempfile::tempdir().unwrap();
    write_tree(
        ws.path(),
        &[
            (&format!("{BUNDLE}/Out.pushbutton/script.py"), "print('out')\n"),
            (&format!("{BUNDLE}/In.pushbutton/script.py"), "print('in')\n"),
            ("shared/bundle.yaml", "title: Shared\nunknown_key_inside: 1\n"),
        ],
    );
    symlink(&secret, ws.path().join(BUNDLE).join("Out.pushbutton/bundle.yaml")).unwrap();
    symlink(ws.path().join("shared/bundle.yaml"), ws.path().join(BUNDLE).join("In.pushbutton/bundle.yaml")).unwrap();
    symlink(outside.path().join("lib"), ws.path().join("H.extension/lib")).unwrap();

    let gh = check(ws.path(), "github");
    let text = String::from_utf8_lossy(&gh.stdout);
    assert!(!text.contains("SECRET_TOKEN") && !text.contains("hunter2"), "read through the link:\n{text}");
    let report = json_report(ws.path());
    let out = rows_for(&report, "Out.pushbutton/bundle.yaml");
    assert_eq!(out.len(), 1, "one diagnostic on the link: {out:#?}");
    assert_eq!(out[0]["code"], "link-outside-workspace");
    assert_eq!(out[0]["severity"], "information");
    assert_eq!(codes_for(&report, "H.extension/lib"), ["link-outside-workspace"]);
    // The link inside the workspace is read like any file.
    assert!(codes_for(&report, "In.pushbutton/bundle.yaml").contains(&"template-key".to_string()), "{report:#?}");
}

/// Link loops and dangling links: one information diagnostic each, the rest still analysed.
#[cfg(unix)]
#[test]
fn link_loops_and_dangling_links() {
    use std::os::unix::fs::symlink;
    let ws = tempfile::tempdir().unwrap();
    let b = ws.path().join(BUNDLE);
    write_tree(
        ws.path(),
        &[
            (&format!("{BUNDLE}/A.pushbutton/script.py"), ""),
            (&format!("{BUNDLE}/A.pushbutton/bundle.yaml"), "bogus_key: 1\n"),
        ],
    );
    symlink(b.join("A.pushbutton/loop_b"), b.join("A.pushbutton/loop_a")).unwrap();
    symlink(b.join("A.pushbutton/loop_a"), b.join("A.pushbutton/loop_b")).unwrap();
    symlink(b.join("Self.pushbutton"), b.join("Self.pushbutton")).unwrap();
    symlink(b.join("gone.yaml"), b.join("A.pushbutton/icon.png")).unwrap();
    symlink(ws.path(), b.join("A.pushbutton/up.tab")).unwrap();
    let report = json_report(ws.path());
    assert_eq!(codes_for(&report, "loop_a"), ["unresolved-link"]);
    assert_eq!(codes_for(&report, "loop_b"), ["unresolved-link"]);
    assert_eq!(codes_for(&report, "Self.pushbutton"), ["unresolved-link"]);
    assert_eq!(codes_for(&report, "icon.png"), ["unresolved-link"]);
    assert!(codes_for(&report, "up.tab").is_empty(), "a link back into the workspace is fine (and not followed)");
    assert!(codes_for(&report, "A.pushbutton/bundle.yaml").contains(&"template-key".to_string()), "{report:#?}");
}

/// Everything hostile at once, in one workspace. `check` must finish with a report (exit 0 or 1),
/// keep analysing the ordinary bundle, and say something about each hostile file: a diagnostic,
/// or a log line on stderr. (Peak memory and time are measured by hand, see the README: no timing
/// assertion here.) Tests run as root here, where permission bits do not stop reads: the
/// unreadable file and folder are then read like any other, and only "no crash" is checked.
#[cfg(unix)]
#[test]
fn hostile_workspace_is_reported_and_the_rest_analysed() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0\n").unwrap();
    let ws = tempfile::tempdir().unwrap();
    let p = ws.path().join(BUNDLE);
    let w = |rel: &str, bytes: &[u8]| {
        let path = p.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    w("Ok.pushbutton/script.py", b"print('ok')\n");
    w("Ok.pushbutton/bundle.yaml", b"title: Ok\nbogus_key: 1\n");
    w("Utf8.pushbutton/script.py", b"print('\xff\xfe bad')\n");
    w("Utf8.pushbutton/bundle.yaml", b"title: \xc3\x28 bad\n");
    let utf16: Vec<u8> = "\u{feff}title: Utf16\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    w("Utf16.pushbutton/script.py", b"");
    w("Utf16.pushbutton/bundle.yaml", &utf16);
    w("Bom.pushbutton/script.py", "\u{feff}print('x')\r\n".as_bytes());
    w("Bom.pushbutton/bundle.yaml", "\u{feff}title: Bom\r\ntooltip: a\rauthor:\tb\n\tbad_tab: 1\n".as_bytes());
    w("Nul.pushbutton/script.py", b"print('\0')\n");
    w("Nul.pushbutton/bundle.yaml", b"title: a\0b\n\0\0\n");
    w("Flow.pushbutton/script.py", b"");
    w("Flow.pushbutton/bundle.yaml", format!("title: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)).as_bytes());
    w("Block.pushbutton/script.py", b"");
    w("Block.pushbutton/bundle.yaml", format!("title: ok\ntooltip:\n{}a\n", "- ".repeat(10_000)).as_bytes());
    let deep_map: String = (0..2_000).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    w("Map.pushbutton/script.py", b"");
    w("Map.pushbutton/bundle.yaml", deep_map.as_bytes());
    // Found by fuzzing: error recovery stacked the scanner's state past tree-sitter's buffer.
    w("Stack.pushbutton/script.py", b"");
    w(
        "Stack.pushbutton/bundle.yaml",
        include_bytes!("../../server/src/syntax/test_data/yaml/fuzz_scanner_state_overflow.bin"),
    );
    w("DeepPy.pushbutton/script.py", format!("x = {}{}\n", "(".repeat(10_000), ")".repeat(10_000)).as_bytes());
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    bomb.push_str("title: *i\ntooltip: *i\n");
    w("Bomb.pushbutton/script.py", b"");
    w("Bomb.pushbutton/bundle.yaml", bomb.as_bytes());
    // 10 MB: a long block scalar, then 1,000 unknown keys. (`HOSTILE_FULL=1`; the normal run
    // uses 1 MB and 10,000 empty files: tree-sitter's C code is slow in debug builds.)
    let full = std::env::var_os("HOSTILE_FULL").is_some();
    let (big_len, empty_files) = if full { (10_000_000, 100_000) } else { (1_000_000, 10_000) };
    let mut big = String::from("title: Big\ntooltip: |\n");
    while big.len() < big_len {
        big.push_str("  a long line of tooltip text, again and again and again and again\n");
    }
    for i in 0..1_000 {
        big.push_str(&format!("k{i}: v\n"));
    }
    w("Big.pushbutton/script.py", b"");
    w("Big.pushbutton/bundle.yaml", big.as_bytes());
    w("Many.pushbutton/script.py", b"");
    for i in 0..empty_files {
        std::fs::File::create(p.join(format!("Many.pushbutton/f{i}.txt"))).unwrap();
    }
    w("Links.pushbutton/script.py", b"");
    symlink(p.join("Links.pushbutton/b"), p.join("Links.pushbutton/a")).unwrap();
    symlink(p.join("Links.pushbutton/a"), p.join("Links.pushbutton/b")).unwrap();
    symlink(outside.path().join("passwd"), p.join("Links.pushbutton/bundle.yaml")).unwrap();
    symlink(outside.path(), p.join("Links.pushbutton/Out.pushbutton")).unwrap();
    w("Locked.pushbutton/script.py", b"");
    w("Locked.pushbutton/bundle.yaml", b"title: locked\n");
    std::fs::set_permissions(p.join("Locked.pushbutton/bundle.yaml"), std::fs::Permissions::from_mode(0o000)).unwrap();
    w("LockedDir.pushbutton/script.py", b"");
    std::fs::set_permissions(p.join("LockedDir.pushbutton"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let as_root = std::fs::read(p.join("Locked.pushbutton/bundle.yaml")).is_ok();

    // Files deleted and recreated while `check` indexes and reads.
    w("Churn.pushbutton/script.py", b"");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let (dir, stop) = (p.join("Churn.pushbutton"), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let f = dir.join("bundle.yaml");
                let _ = std::fs::write(&f, format!("title: churn {n}\n"));
                let _ = std::fs::remove_file(&f);
                let _ = std::fs::remove_dir_all(dir.join("Sub.pushbutton"));
                let _ = std::fs::create_dir_all(dir.join("Sub.pushbutton"));
                n += 1;
            }
        })
    };
    let out = check(ws.path(), "json");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    for d in ["Locked.pushbutton/bundle.yaml", "LockedDir.pushbutton"] {
        let _ = std::fs::set_permissions(p.join(d), std::fs::Permissions::from_mode(0o755));
    }

    assert!(matches!(out.status.code(), Some(0 | 1)), "check crashed: {out:?}");
    let report: Vec<Value> =
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON report").as_array().unwrap().clone();
    let log = String::from_utf8_lossy(&out.stderr);
    let has = |file: &str, code: &str| codes_for(&report, file).iter().any(|c| c == code);
    // The ordinary bundle is still analysed.
    assert!(has("Ok.pushbutton/bundle.yaml", "template-key"), "{report:#?}");
    // Broken encodings and NUL bytes: a log line each.
    for f in ["Utf8.pushbutton/bundle.yaml", "Utf8.pushbutton/script.py", "Nul.pushbutton/bundle.yaml"] {
        assert!(log.contains(f), "no log line for {f}: {log}");
    }
    assert!(log.contains("Utf16.pushbutton/bundle.yaml is UTF-16"), "{log}");
    // BOM, CRLF, lone CR: read as usual; a tab-indented line is a syntax error.
    assert!(has("Bom.pushbutton/bundle.yaml", "yaml-syntax"), "{report:#?}");
    // Deep nesting: one syntax error each, never a crash.
    assert!(has("Block.pushbutton/bundle.yaml", "yaml-syntax"));
    assert!(has("Map.pushbutton/bundle.yaml", "yaml-syntax"));
    assert!(has("Stack.pushbutton/bundle.yaml", "yaml-syntax"), "{report:#?}");
    assert!(!rows_for(&report, "Flow.pushbutton/bundle.yaml").is_empty(), "the deep flow list is reported");
    // Aliases are not expanded: the bomb's title is simply not text.
    assert!(!rows_for(&report, "Bomb.pushbutton/bundle.yaml").is_empty());
    // The 10 MB file is analysed: its extra keys are reported.
    assert!(has("Big.pushbutton/bundle.yaml", "unknown-key") || has("Big.pushbutton/bundle.yaml", "template-key"));
    // Links: loops and links out get one information diagnostic, and nothing from outside.
    assert!(has("Links.pushbutton/a", "unresolved-link") && has("Links.pushbutton/b", "unresolved-link"));
    assert_eq!(codes_for(&report, "Links.pushbutton/bundle.yaml"), ["link-outside-workspace"]);
    assert_eq!(codes_for(&report, "Links.pushbutton/Out.pushbutton"), ["link-outside-workspace"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("root:x"));
    if !as_root {
        assert!(log.contains("Locked.pushbutton/bundle.yaml"), "unreadable file not logged: {log}");
    }
}
