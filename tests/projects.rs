//! One configuration per file on both fronts, through the real binary: the nearest
//! `factline.toml` above a file inside the workspace governs it (files do not merge), files
//! governed by different ones are different projects (cross-article checks stay inside one),
//! and `factline check` and `factline lsp` give every file the same findings — also when a
//! nested `factline.toml` is broken, and after one is edited, created or removed.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Client;
use serde_json::{Value, json};

/// Two reports of one quake, of the same day (a toll that rises from one day to the next is an
/// update), that disagree on the toll (27 and 31), each with an unsourced figure (the homes).
const QUAKE_A: &str = "Quake\n\nLIMA, February 10, 2026 — The earthquake killed 27 people, the civil defence institute said. \
The quake damaged 300 homes.\n";
const QUAKE_B: &str = "Quake\n\nLIMA, February 10, 2026 — The death toll from the earthquake stood at 31, officials said. \
The quake damaged 300 homes.\n";

/// The root's factline.toml makes unsourced figures errors.
const ROOT_TOML: &str = "[rules]\nunsourced-figure = \"error\"\n";
/// The desk's (non-ASCII folder name) turns them off; nothing of the root's carries over.
const DESK_TOML: &str = "[rules]\nunsourced-figure = \"off\"\n";
const DESK: &str = "world/café desk";

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// A workspace: `quake-a.txt` and `quake-b.txt` under the root's factline.toml, and the same
/// report as `quake-b.txt` in the desk, under its own.
fn newsroom() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    write(&ws.join("factline.toml"), ROOT_TOML);
    write(&ws.join("quake-a.txt"), QUAKE_A);
    write(&ws.join("quake-b.txt"), QUAKE_B);
    write(&ws.join(DESK).join("factline.toml"), DESK_TOML);
    write(&ws.join(DESK).join("quake-c.txt"), QUAKE_B);
    dir
}

/// A file URI with every byte but unreserved ones and `/` percent-encoded (the desk's folder
/// has a space and an accent).
fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for &b in path.to_string_lossy().as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A URI with its percent-encoding undone, to compare URIs however the server encodes them.
fn decoded(uri: &str) -> String {
    percent_encoding::percent_decode_str(uri).decode_utf8_lossy().into_owned()
}

const ARTICLES: [&str; 3] = ["quake-a.txt", "quake-b.txt", "world/café desk/quake-c.txt"];

/// A finding as both fronts can state it: code, severity, LSP start line and character,
/// message.
type Found = (String, String, u64, u64, String);

fn severity_name(lsp: &Value) -> String {
    match lsp.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "information",
        Some(4) => "hint",
        _ => "?",
    }
    .to_string()
}

fn found(d: &Value, severity: String) -> Found {
    (
        d["code"].as_str().unwrap_or("").to_string(),
        severity,
        d["range"]["start"]["line"].as_u64().unwrap_or(0),
        d["range"]["start"]["character"].as_u64().unwrap_or(0),
        d["message"].as_str().unwrap_or("").to_string(),
    )
}

/// `factline check --format json` on the files (relative to `ws`, run there): each file's
/// findings, sorted, by path.
fn cli(ws: &Path, files: &[&str]) -> Vec<(String, Vec<Found>)> {
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(ws)
        .args(["check", "--format", "json", "--fail-on", "none"])
        .args(files)
        .output()
        .expect("run factline");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut list: Vec<Found> = f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| found(d, d["severity"].as_str().unwrap_or("").to_string()))
                .collect();
            list.sort();
            (f["path"].as_str().unwrap().to_string(), list)
        })
        .collect()
}

fn server_found(diags: &[Value]) -> Vec<Found> {
    let mut list: Vec<Found> = diags.iter().map(|d| found(d, severity_name(&d["severity"]))).collect();
    list.sort();
    list
}

/// Waits until the server's latest diagnostics for `uri` are `want` (they settle once the
/// scan and any reload are done); panics with the last ones otherwise.
fn server_agrees(c: &mut Client, uri: &str, want: &[Found]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = c.wait_for(
            |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"].as_str().map(decoded) == Some(decoded(uri)),
            left.min(Duration::from_millis(500)),
        );
        if let Some(m) = msg {
            last = Some(server_found(m["params"]["diagnostics"].as_array().unwrap_or(&Vec::new())));
        }
        if last.as_deref() == Some(want) {
            return;
        }
        if Instant::now() >= deadline {
            panic!("the server's findings for {uri} never matched the CLI's\nserver: {last:#?}\ncli: {want:#?}");
        }
    }
}

fn codes_of(list: &[Found]) -> Vec<(&str, &str)> {
    list.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect()
}

/// Opens every article in a server on `ws`; their URIs.
fn open_all(c: &mut Client, ws: &Path) -> Vec<String> {
    c.initialize(Some(ws), json!({}), Value::Null);
    ARTICLES
        .iter()
        .map(|name| {
            let uri = file_uri(&ws.join(name));
            let text = fs::read_to_string(ws.join(name)).unwrap();
            c.open(&uri, "plaintext", &text, 1);
            uri
        })
        .collect()
}

#[test]
fn each_file_gets_its_nearest_factline_toml_and_both_fronts_agree() {
    let dir = newsroom();
    let ws = dir.path();
    let reports = cli(ws, &ARTICLES);
    let paths: Vec<&str> = reports.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ARTICLES);
    let (a, b, c) = (&reports[0].1, &reports[1].1, &reports[2].1);
    // The root's project: the homes are an error, and the two tolls disagree.
    assert!(codes_of(a).contains(&("unsourced-figure", "error")), "{a:?}");
    assert!(codes_of(a).contains(&("inconsistent-number", "warning")), "{a:?}");
    assert!(codes_of(b).contains(&("inconsistent-number", "warning")), "{b:?}");
    let toll = a.iter().find(|f| f.0 == "inconsistent-number").unwrap();
    assert!(toll.4.contains("quake-b.txt") && !toll.4.contains("quake-c"), "{toll:?}");
    // The desk's project: the rule is off, and its copy of the report is compared with
    // nothing of the root's project (it is alone in its own).
    assert_eq!(codes_of(c), [("vague-source", "hint")]);
    // The same three files in the editor, opened on the workspace: the same findings.
    let mut client = Client::start();
    let uris = open_all(&mut client, ws);
    for (uri, (_, want)) in uris.iter().zip(&reports) {
        server_agrees(&mut client, uri, want);
    }
    // The desk alone (a folder of its own in the editor, the working folder of the CLI).
    let desk = ws.join(DESK);
    let alone = cli(&desk, &["quake-c.txt"]);
    assert_eq!(&alone[0].1, c);
    assert!(client.shutdown().success());
}

#[test]
fn a_broken_nested_factline_toml_is_a_config_error_there_and_the_rest_keeps_working() {
    let dir = newsroom();
    let ws = dir.path();
    // A syntax error in the desk's file: nothing of it applies (no last good version in a
    // fresh process), so the desk's article has the defaults.
    write(
        &ws.join(DESK).join("factline.toml"),
        "[rules]\nunsourced-figure = \"off\"\n[attribution\n",
    );
    let reports = cli(ws, &ARTICLES);
    let paths: Vec<&str> = reports.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, [&ARTICLES[..], &["world/café desk/factline.toml"]].concat());
    let error = &reports[3].1;
    assert_eq!(codes_of(error), [("config-error", "error")]);
    assert_eq!(error[0].2, 2, "at the line of the error: {error:?}");
    assert!(codes_of(&reports[0].1).contains(&("unsourced-figure", "error")));
    assert!(codes_of(&reports[2].1).contains(&("unsourced-figure", "warning")), "{reports:?}");
    let mut client = Client::start();
    let uris = open_all(&mut client, ws);
    for (uri, (_, want)) in uris.iter().zip(&reports) {
        server_agrees(&mut client, uri, want);
    }
    let toml = file_uri(&ws.join(DESK).join("factline.toml"));
    server_agrees(&mut client, &toml, error);
    // The root's file has no problem to show.
    assert!(
        client
            .take_backlog(|m| m["params"]["uri"] == file_uri(&ws.join("factline.toml")).as_str()
                && m["params"]["diagnostics"].as_array().is_some_and(|d| !d.is_empty()))
            .is_empty()
    );
    assert!(client.shutdown().success());
}

#[test]
fn editing_a_factline_toml_re_resolves_the_files_it_governs() {
    let dir = newsroom();
    let ws = dir.path();
    let mut client = Client::start();
    let uris = open_all(&mut client, ws);
    let reports = cli(ws, &ARTICLES);
    server_agrees(&mut client, &uris[2], &reports[2].1);
    std::thread::sleep(Duration::from_millis(300));
    let desk_toml = ws.join(DESK).join("factline.toml");
    // The desk's rule changes to a hint: the desk's article follows, the root's stay.
    write(&desk_toml, "[rules]\nunsourced-figure = \"hint\"\n");
    let reports = cli(ws, &ARTICLES);
    assert!(codes_of(&reports[2].1).contains(&("unsourced-figure", "hint")), "{reports:?}");
    server_agrees(&mut client, &uris[2], &reports[2].1);
    server_agrees(&mut client, &uris[0], &reports[0].1);
    // The desk's file goes: its article joins the root's project, with the root's severity,
    // and its toll is now compared with the root's reports.
    fs::remove_file(&desk_toml).unwrap();
    let reports = cli(ws, &ARTICLES);
    let c = &reports[2].1;
    assert!(codes_of(c).contains(&("unsourced-figure", "error")), "{c:?}");
    assert!(codes_of(c).contains(&("inconsistent-number", "warning")), "{c:?}");
    for (uri, (_, want)) in uris.iter().zip(&reports) {
        server_agrees(&mut client, uri, want);
    }
    // A new factline.toml in the desk's parent folder: the desk's article moves again.
    write(&ws.join("world/factline.toml"), "[rules]\nunsourced-figure = \"information\"\n");
    let reports = cli(ws, &ARTICLES);
    assert!(
        codes_of(&reports[2].1).contains(&("unsourced-figure", "information")),
        "{reports:?}"
    );
    // The root's two reports still disagree with each other, and with nothing of the desk's.
    let tolls: Vec<&Found> = reports[0].1.iter().filter(|f| f.0 == "inconsistent-number").collect();
    assert!(!tolls.is_empty() && tolls.iter().all(|f| !f.4.contains("quake-c")), "{tolls:?}");
    for (uri, (_, want)) in uris.iter().zip(&reports) {
        server_agrees(&mut client, uri, want);
    }
    assert!(client.shutdown().success());
}

#[test]
fn the_search_stops_at_the_workspace_folder_on_both_fronts() {
    let dir = newsroom();
    let ws = dir.path();
    let world = ws.join("world");
    write(&world.join("quake-d.txt"), QUAKE_A);
    // Run at the root, the root's file governs `world/` (it has none of its own).
    let from_root = cli(ws, &["world/quake-d.txt"]);
    assert!(codes_of(&from_root[0].1).contains(&("unsourced-figure", "error")), "{from_root:?}");
    // Run in `world/`, the root's file lies outside the working folder: the defaults.
    let inside = cli(&world, &["quake-d.txt"]);
    assert!(codes_of(&inside[0].1).contains(&("unsourced-figure", "warning")), "{inside:?}");
    // An editor opened on `world/` agrees with the CLI run there, and one opened on the root
    // with the CLI run at the root.
    for (folder, want) in [(&world, &inside[0].1), (&ws.to_path_buf(), &from_root[0].1)] {
        let mut client = Client::start();
        client.initialize(Some(folder), json!({}), Value::Null);
        let uri = file_uri(&world.join("quake-d.txt"));
        client.open(&uri, "plaintext", QUAKE_A, 1);
        server_agrees(&mut client, &uri, want);
        assert!(client.shutdown().success());
    }
}
