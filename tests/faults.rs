//! The fences around faults, through the real binary: an analysis that panics or runs past its
//! deadline, a rule or a request handler that panics, costs that one result and never the
//! process. Faults are injected with `FACTLINE_TEST_FAULT` (debug builds only).

mod common;

use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Client, file_uri};
use serde_json::{Value, json};

const GOOD: &str = "Port deal signed\n\nThe port would cost $3.2 billion, the minister said on Monday.\n\
                    Another 4,000 jobs would follow.\n";

fn check(dir: &std::path::Path, env: &[(&str, &str)], files: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(files)
        .envs(env.iter().copied())
        .output()
        .expect("run factline");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_cli_reports_a_file_whose_analysis_panics_and_checks_the_others() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    fs::write(dir.path().join("b.txt"), format!("{GOOD}BOOM\n")).unwrap();
    let env = [("FACTLINE_TEST_FAULT", "analysis-panic:BOOM")];
    let (code, json, stderr) = check(dir.path(), &env, &["a.txt", "b.txt"]);
    assert_eq!(code, 1, "a.txt's findings decide the status: {stderr}");
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.txt"]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line per fault: {stderr}");
    assert!(lines[0].starts_with("factline: analysis of b.txt ("), "{stderr}");
    assert!(
        lines[0].contains("input ") && lines[0].contains("panicked: injected fault"),
        "{stderr}"
    );
    assert!(lines[0].ends_with("the file is skipped"), "{stderr}");
    // The article's text never reaches the log (it may be under embargo).
    assert!(!stderr.contains("minister"), "{stderr}");

    // Only files that fail: nothing could be checked, exit 2.
    let (code, _, stderr) = check(dir.path(), &env, &["b.txt"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no file could be checked"), "{stderr}");
}

#[test]
fn without_injection_the_same_files_check_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("b.txt"), format!("{GOOD}BOOM\n")).unwrap();
    let (code, json, stderr) = check(dir.path(), &[], &["b.txt"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(json["files"][0]["path"], "b.txt");
    assert_eq!(stderr, "");
}

fn codes_and_messages(diags: &[Value]) -> Vec<(String, String)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn change(c: &mut Client, uri: &str, version: i64, text: &str) {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

#[test]
fn a_panicking_analysis_keeps_the_previous_results_and_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("port.txt");
    fs::write(&path, GOOD).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start_with_env(&[("FACTLINE_TEST_FAULT", "analysis-panic:BOOM")]);
    c.initialize(Some(dir.path()), json!({}), json!(null));
    c.open(&uri, "plaintext", GOOD, 1);
    let before = c.diagnostics(&uri, Some(1));
    assert!(before.iter().any(|d| d["code"] == "unsourced-figure"), "{before:?}");

    change(&mut c, &uri, 2, &format!("{GOOD}BOOM and 7,000 more jobs.\n"));
    let during = c.diagnostics(&uri, Some(2));
    let (fault, rest) = during.split_first().expect("a fault diagnostic");
    assert!(fault.get("code").is_none(), "{fault}");
    assert!(
        fault["message"].as_str().unwrap().contains("could not analyse this version"),
        "{fault}"
    );
    // The previous version's findings stay, unchanged.
    assert_eq!(codes_and_messages(rest), codes_and_messages(&before));

    // The server still answers, and the next good version is analysed afresh.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 22}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    change(&mut c, &uri, 3, &format!("{GOOD}And 7,000 more jobs.\n"));
    let after = c.diagnostics(&uri, Some(3));
    assert!(after.iter().all(|d| d.get("code").is_some()), "{after:?}");
    assert!(after.iter().any(|d| d["message"].as_str().unwrap().contains("7,000")), "{after:?}");
    assert!(c.shutdown().success());
}

#[test]
fn an_analysis_past_its_deadline_is_abandoned_with_one_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("port.txt");
    fs::write(&path, GOOD).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start_with_env(&[
        ("FACTLINE_TEST_FAULT", "analysis-sleep:SLOW"),
        ("FACTLINE_ANALYSIS_DEADLINE_MS", "300"),
    ]);
    c.initialize(Some(dir.path()), json!({}), json!(null));
    c.open(&uri, "plaintext", GOOD, 1);
    let before = c.diagnostics(&uri, Some(1));

    let sent = Instant::now();
    change(&mut c, &uri, 2, &format!("{GOOD}SLOW\n"));
    let during = c.diagnostics(&uri, Some(2));
    assert!(sent.elapsed() < Duration::from_secs(10), "the deadline held: {:?}", sent.elapsed());
    let faults: Vec<&Value> = during.iter().filter(|d| d.get("code").is_none()).collect();
    assert_eq!(faults.len(), 1, "{during:?}");
    assert!(faults[0]["message"].as_str().unwrap().contains("after 300 ms"), "{during:?}");
    assert_eq!(codes_and_messages(&during[1..]), codes_and_messages(&before));

    // A fresh worker serves the next version while the runaway one still sleeps.
    change(&mut c, &uri, 3, &format!("{GOOD}Quick.\n"));
    let after = c.diagnostics(&uri, Some(3));
    assert!(after.iter().all(|d| d.get("code").is_some()), "{after:?}");
    assert!(c.shutdown().success());
}

#[test]
fn a_panicking_request_handler_answers_an_internal_error_and_the_server_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("port.txt");
    fs::write(&path, GOOD).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start_with_env(&[("FACTLINE_TEST_FAULT", "request-panic:textDocument/hover")]);
    c.initialize(Some(dir.path()), json!({}), json!(null));
    c.open(&uri, "plaintext", GOOD, 1);
    c.diagnostics(&uri, Some(1));
    let at = json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 22}});
    let hover = c.request("textDocument/hover", at.clone());
    assert_eq!(hover["error"]["code"], -32603, "{hover}");
    assert!(
        hover["error"]["message"].as_str().unwrap().contains("textDocument/hover failed"),
        "{hover}"
    );
    // Other requests, and the next hover's neighbours, still work.
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert!(symbols.get("error").is_none(), "{symbols}");
    change(&mut c, &uri, 2, &format!("{GOOD}And 7,000 more jobs.\n"));
    let after = c.diagnostics(&uri, Some(2));
    assert!(after.iter().any(|d| d["message"].as_str().unwrap().contains("7,000")), "{after:?}");
    assert!(c.shutdown().success());
}
