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
