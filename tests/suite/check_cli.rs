//! `pyrevit-ls check` through the real binary: formats, exit codes, and the diagnostics of every
//! fixture workspace as JSON snapshots.

use std::process::{Command, Output};

use crate::support::fixture;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrevit-ls")).args(args).current_dir(fixture("")).output().expect("run pyrevit-ls")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

#[test]
fn example_extension_is_clean() {
    let out = run(&["check", "example", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<_> = report.as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "the shipped example must have zero errors: {errors:#?}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn json_reports_of_every_fixture() {
    for name in ["example", "structure", "repo_root", "multi", "trust"] {
        let out = run(&["check", name, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let has_error = report.as_array().unwrap().iter().any(|d| d["severity"] == "error");
        assert_eq!(out.status.code(), Some(if has_error { 1 } else { 0 }), "{name}");
        insta::assert_snapshot!(format!("check_json_{name}"), stdout(&out));
    }
}

#[test]
fn text_and_github_formats() {
    let text = run(&["check", "structure"]);
    assert_eq!(text.status.code(), Some(1));
    insta::assert_snapshot!("check_text_structure", stdout(&text));
    let gh = run(&["check", "structure", "--format", "github"]);
    assert_eq!(gh.status.code(), Some(1));
    insta::assert_snapshot!("check_github_structure", stdout(&gh));
}

#[test]
fn a_single_file_reports_only_that_file() {
    let out = run(&["check", "structure/Broken.extension/extension.json"]);
    let text = stdout(&out);
    assert!(text.lines().count() >= 1);
    assert!(text.lines().all(|l| l.starts_with("structure/Broken.extension/extension.json:")), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2_and_version_prints() {
    assert_eq!(run(&["check", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(run(&["check", "no/such/folder"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let v = run(&["--version"]);
    assert!(stdout(&v).starts_with("pyrevit-ls "), "{}", stdout(&v));
    let schema: serde_json::Value = serde_json::from_slice(&run(&["schema"]).stdout).unwrap();
    assert_eq!(schema["type"], "object");
}

#[test]
fn command_prints_a_data_command_and_refuses_edit_commands() {
    let out = run(&["command", "pyrevit.bundleSuffixes"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let suffixes: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(suffixes.as_array().unwrap().contains(&serde_json::json!(".pushbutton")));
    let edit = run(&["command", "pyrevit.newHook"]);
    assert_eq!(edit.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&edit.stderr).contains("over LSP"));
}

#[test]
fn exclude_globs_silence_paths() {
    let all = stdout(&run(&["check", "trust"]));
    assert!(all.contains("lib/vendor/textutil.py") && all.contains("Severity.panel/"), "{all}");
    let out = run(&["check", "trust", "--exclude", "vendor", "--exclude", "Trust.extension/Trust.tab/Severity.panel"]);
    let text = stdout(&out);
    let reported = |part: &str| text.lines().any(|l| l.split(": ").next().is_some_and(|at| at.contains(part)));
    assert!(!reported("lib/vendor/") && !reported("Severity.panel/"), "{text}");
    assert!(text.contains("Messages.panel/"), "other paths are still reported: {text}");
    assert_eq!(out.status.code(), Some(0), "the errors were all in the excluded panel");
}

#[test]
fn folder_findings_name_a_file_and_the_folder() {
    let text = stdout(&run(&["check", "structure"]));
    for line in text.lines().filter(|l| !l.starts_with(' ')) {
        let path = line.split(':').next().unwrap();
        assert!(fixture("").join(path).is_file(), "not a file: {line}");
    }
    assert!(
        text.contains("    structure/Broken.extension/Main.tab/Tools.panel/Four.stack/: note: the folder `Four.stack`"),
        "{text}"
    );
}
