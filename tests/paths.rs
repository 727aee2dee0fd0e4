//! Files and paths, through the real binary: the server never edits (nor creates) a file
//! outside its workspace folders, follows a symbolic link only to a target inside them, reads
//! only regular files (never blocking on a FIFO nor reading a device without end), keeps the
//! last good configuration through a broken file, and the CLI's offsets index the file on disk
//! (a byte-order mark included).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Client, codes, file_uri};
use serde_json::{Value, json};

/// An article naming someone the knowledge base does not know, with an unsourced figure.
const LOCAL: &str = "Market news\nAmara Okafor opened a stall in Lagos. Okafor sold rice.\nThe stall sold 4,000 bags.\n";

const KB: &str = "[[entity]]\nid = \"olena-kovalenko\"\nname = \"Olena Kovalenko\"\nkind = \"person\"\n\
description = \"Mayor of Vinnytsia since 2024\"\n";

const STORY: &str = "Port talks\nOlena Kovalenko met officials in Nairobi.\n";

/// Capabilities of an editor that applies edits, takes versioned edits and creates files.
fn editor_caps() -> Value {
    json!({"workspace": {"applyEdit": true, "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}})
}

/// The LSP position (UTF-16) of the first `needle` in `text`, plus `extra` units.
fn pos_of(text: &str, needle: &str, extra: u64) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[line_start..at].encode_utf16().count() as u64 + extra})
}

fn actions_at(c: &mut Client, uri: &str, at: Value) -> Vec<Value> {
    let resp = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}),
    );
    resp["result"].as_array().cloned().unwrap_or_else(|| panic!("{resp}"))
}

/// Every URI a workspace edit would write or create.
fn edited_uris(edit: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for op in edit["documentChanges"].as_array().into_iter().flatten() {
        let uri = if op["kind"] == "create" {
            &op["uri"]
        } else {
            &op["textDocument"]["uri"]
        };
        out.push(uri.as_str().unwrap_or("").to_string());
    }
    if let Some(changes) = edit["changes"].as_object() {
        out.extend(changes.keys().cloned());
    }
    out
}

/// Asserts no action edits or creates a file outside `root`; the titles, for more checks.
fn titles_inside(actions: &[Value], root: &Path) -> Vec<String> {
    let prefix = format!("{}/", file_uri(root));
    for a in actions {
        for uri in edited_uris(&a["edit"]) {
            assert!(uri.starts_with(&prefix) && !uri.contains("/../"), "an edit outside: {uri} in {a}");
        }
    }
    actions.iter().map(|a| a["title"].as_str().unwrap_or("").to_string()).collect()
}

/// The next `window/logMessage` containing every one of `parts`.
fn log_line(c: &mut Client, parts: &[&str], wait: Duration) -> Option<String> {
    c.wait_for(
        |m| m["method"] == "window/logMessage" && parts.iter().all(|p| m["params"]["message"].as_str().unwrap_or("").contains(p)),
        wait,
    )
    .map(|m| m["params"]["message"].as_str().unwrap_or("").to_string())
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// How the knowledge-base file is pointed outside the workspace in one case.
enum KbCase {
    /// `knowledge_base` in `factline.toml`.
    File(String),
    /// `knowledge_base` in `initializationOptions`.
    InitOptions(String),
    /// `knowledge_base` sent later through `workspace/didChangeConfiguration`.
    Changed(String),
    /// `entities.toml` is a symbolic link to the outside file.
    Link,
    /// `entities.toml` is a symbolic link to an outside file that does not exist yet.
    Dangling,
    /// `knowledge_base` names a directory of the workspace.
    Directory,
}

#[cfg(unix)]
#[test]
fn the_knowledge_base_action_never_edits_or_creates_a_file_outside_the_workspace() {
    use std::os::unix::fs::symlink;
    let base = tempfile::tempdir().unwrap();
    let outside = base.path().join("outside.toml");
    let outside_text = "# a file of someone else's\n";
    let absolute = outside.to_string_lossy().into_owned();
    let cases = [
        (
            "an absolute path",
            KbCase::File("/etc/passwd".into()),
            "outside the workspace folders",
        ),
        (
            "a temp absolute path",
            KbCase::File(absolute.clone()),
            "outside the workspace folders",
        ),
        (
            "a relative path up",
            KbCase::File("../../outside.toml".into()),
            "outside the workspace folders",
        ),
        (
            "client settings",
            KbCase::InitOptions(absolute.clone()),
            "outside the workspace folders",
        ),
        (
            "changed settings",
            KbCase::Changed(absolute.clone()),
            "outside the workspace folders",
        ),
        ("a symlinked file", KbCase::Link, "through a symbolic link"),
        ("a dangling symlink", KbCase::Dangling, "through a symbolic link"),
        ("a directory", KbCase::Directory, "is a directory"),
    ];
    for (n, (name, case, why)) in cases.iter().enumerate() {
        fs::write(&outside, outside_text).unwrap();
        let ws = base.path().join(format!("case{n}/ws"));
        write(&ws.join("m.txt"), LOCAL);
        let mut options = Value::Null;
        match case {
            KbCase::File(path) => write(&ws.join("factline.toml"), &format!("knowledge_base = [{path:?}]\n")),
            KbCase::InitOptions(path) => options = json!({"knowledge_base": [path]}),
            KbCase::Changed(_) => {}
            KbCase::Link => symlink(&outside, ws.join("entities.toml")).unwrap(),
            KbCase::Dangling => symlink(base.path().join(format!("missing{n}.toml")), ws.join("entities.toml")).unwrap(),
            KbCase::Directory => {
                fs::create_dir_all(ws.join("kb")).unwrap();
                write(&ws.join("factline.toml"), "knowledge_base = [\"kb\"]\n");
            }
        }
        let mut c = Client::start();
        c.initialize(Some(&ws), editor_caps(), options);
        let uri = file_uri(&ws.join("m.txt"));
        c.open(&uri, "plaintext", LOCAL, 1);
        c.diagnostics(&uri, Some(1));
        let at = pos_of(LOCAL, "Okafor sold", 1);
        let offered = |titles: &[String]| titles.iter().any(|t| t.contains("knowledge base"));
        if let KbCase::Changed(path) = case {
            // Offered while the default file is in force; gone once the setting arrives.
            assert!(offered(&titles_inside(&actions_at(&mut c, &uri, at.clone()), &ws)), "{name}");
            c.notify(
                "workspace/didChangeConfiguration",
                json!({"settings": {"factline": {"knowledge_base": [path]}}}),
            );
            let deadline = Instant::now() + Duration::from_secs(10);
            while offered(&titles_inside(&actions_at(&mut c, &uri, at.clone()), &ws)) {
                assert!(Instant::now() < deadline, "{name}: still offered");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let titles = titles_inside(&actions_at(&mut c, &uri, at.clone()), &ws);
        assert!(!offered(&titles), "{name}: {titles:?}");
        let line = log_line(&mut c, &["Add to the workspace knowledge base", why], Duration::from_secs(10));
        assert!(line.is_some(), "{name}: no log line saying why");
        // Asked again, the reason is not logged again.
        actions_at(&mut c, &uri, at.clone());
        assert!(log_line(&mut c, &["Add to the workspace knowledge base"], Duration::from_millis(200)).is_none());
        assert!(c.shutdown().success(), "{name}");
        assert_eq!(fs::read_to_string(&outside).unwrap(), outside_text, "{name}");
        assert!(!base.path().join(format!("missing{n}.toml")).exists(), "{name}");
    }
    // A path that leaves the folder and comes back is made normal and offered.
    let ws = base.path().join("back/ws");
    write(&ws.join("m.txt"), LOCAL);
    write(&ws.join("factline.toml"), "knowledge_base = [\"sub/../names.toml\"]\n");
    let mut c = Client::start();
    c.initialize(Some(&ws), editor_caps(), Value::Null);
    let uri = file_uri(&ws.join("m.txt"));
    c.open(&uri, "plaintext", LOCAL, 1);
    c.diagnostics(&uri, Some(1));
    let actions = actions_at(&mut c, &uri, pos_of(LOCAL, "Okafor sold", 1));
    let add = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("knowledge base (names.toml)"))
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(add["edit"]["documentChanges"][0]["uri"], file_uri(&ws.join("names.toml")));
    assert!(c.shutdown().success());
}

#[cfg(unix)]
#[test]
fn marking_a_figure_checked_never_writes_through_a_link_or_into_a_directory() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    for case in ["linked .factline", "checked.toml a directory"] {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path();
        write(&ws.join("m.txt"), LOCAL);
        let why = if case == "linked .factline" {
            symlink(outside.path(), ws.join(".factline")).unwrap();
            "through a symbolic link"
        } else {
            fs::create_dir_all(ws.join(".factline/checked.toml")).unwrap();
            "is a directory"
        };
        let mut c = Client::start();
        c.apply_edits = true;
        c.initialize(Some(ws), editor_caps(), Value::Null);
        let uri = file_uri(&ws.join("m.txt"));
        c.open(&uri, "plaintext", LOCAL, 1);
        let diags = c.diagnostics(&uri, Some(1));
        assert!(codes(&diags).contains(&"unsourced-figure".to_string()), "{case}: {diags:?}");
        let at = pos_of(LOCAL, "4,000", 1);
        let titles = titles_inside(&actions_at(&mut c, &uri, at.clone()), ws);
        assert!(titles.iter().any(|t| t.starts_with("Add a source")), "{case}: {titles:?}");
        assert!(!titles.iter().any(|t| t.contains("as checked")), "{case}: {titles:?}");
        assert!(
            log_line(&mut c, &["Mark as checked", why], Duration::from_secs(10)).is_some(),
            "{case}: no log line"
        );
        // The command itself refuses, saying why, and asks the client for nothing.
        let resp = c.request(
            "workspace/executeCommand",
            json!({"command": "factline.markChecked", "arguments": [uri, at]}),
        );
        let message = resp["error"]["message"].as_str().unwrap_or_else(|| panic!("{case}: {resp}"));
        assert!(
            message.contains("cannot mark the figure as checked") && message.contains(why),
            "{message}"
        );
        assert!(c.applied.is_empty(), "{case}: {:?}", c.applied);
        assert!(c.shutdown().success());
        assert!(!outside.path().join("checked.toml").exists(), "{case}");
    }
}

/// A workspace with a knowledge base, an open article, an inside link and an outside link.
#[cfg(unix)]
struct LinkedWorkspace {
    _dir: tempfile::TempDir,
    ws: PathBuf,
    outside_file: PathBuf,
}

#[cfg(unix)]
fn linked_workspace() -> LinkedWorkspace {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let outside_file = dir.path().join("outside/b.txt");
    write(&outside_file, STORY);
    write(&ws.join("entities.toml"), KB);
    write(&ws.join("a.txt"), STORY);
    write(&ws.join("sub/c.txt"), STORY);
    symlink(&outside_file, ws.join("b.txt")).unwrap();
    symlink(ws.join("sub/c.txt"), ws.join("inner.txt")).unwrap();
    LinkedWorkspace {
        _dir: dir,
        ws,
        outside_file,
    }
}

/// The URIs references and rename reach from the open article `a.txt`.
fn reached(c: &mut Client, uri: &str) -> (Vec<String>, Vec<String>) {
    let at = pos_of(STORY, "Olena Kovalenko", 2);
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": at, "context": {"includeDeclaration": true}}),
    );
    let mut ref_uris: Vec<String> = refs["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{refs}"))
        .iter()
        .map(|l| l["uri"].as_str().unwrap().to_string())
        .collect();
    ref_uris.sort();
    ref_uris.dedup();
    let rename = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": at, "newName": "Olena Kowalenko"}),
    );
    let mut edit_uris = edited_uris(&rename["result"]);
    edit_uris.sort();
    (ref_uris, edit_uris)
}

#[cfg(unix)]
#[test]
fn a_link_is_followed_only_to_a_target_inside_the_workspace_at_scan_and_on_change() {
    use std::os::unix::fs::symlink;
    let lw = linked_workspace();
    let ws = &lw.ws;
    let mut c = Client::start();
    // No client file watching: the server's own watcher reports the link made later.
    c.initialize(Some(ws), editor_caps(), Value::Null);
    let uri = file_uri(&ws.join("a.txt"));
    c.open(&uri, "plaintext", STORY, 1);
    c.diagnostics(&uri, Some(1));
    let inside: Vec<String> = ["a.txt", "inner.txt", "sub/c.txt"].iter().map(|p| file_uri(&ws.join(p))).collect();
    let (refs, edits) = reached(&mut c, &uri);
    assert_eq!(refs, inside);
    assert_eq!(edits, inside);
    let skipped = log_line(&mut c, &["b.txt", "through a symbolic link"], Duration::from_secs(10));
    assert!(skipped.is_some(), "the outside link at the scan is not logged");
    // A link made later, seen by the watcher and announced by the client too: one rule.
    symlink(&lw.outside_file, ws.join("late.txt")).unwrap();
    let late = file_uri(&ws.join("late.txt"));
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": late, "type": 1}]}));
    assert!(log_line(&mut c, &["late.txt", "through a symbolic link"], Duration::from_secs(10)).is_some());
    // Logged once, however many events report it.
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": late, "type": 2}]}));
    assert!(log_line(&mut c, &["late.txt"], Duration::from_millis(500)).is_none());
    let (refs, edits) = reached(&mut c, &uri);
    assert_eq!(refs, inside);
    assert_eq!(edits, inside);
    // A link made later to a file inside is followed.
    symlink(ws.join("sub/c.txt"), ws.join("later-inside.txt")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&ws.join("later-inside.txt")), "type": 1}]}),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (refs, _) = reached(&mut c, &uri);
        if refs.contains(&file_uri(&ws.join("later-inside.txt"))) {
            break;
        }
        assert!(Instant::now() < deadline, "the inside link is not followed: {refs:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A document opened through the outside link is analysed on its own, never edited by a
    // rename started elsewhere.
    // So is one whose path climbs out of the folder by name.
    let through = file_uri(&ws.join("b.txt"));
    let climbing = format!("{}/../outside/b.txt", file_uri(ws));
    for doc in [&through, &climbing] {
        c.open(doc, "plaintext", STORY, 1);
        c.diagnostics(doc, Some(1));
    }
    let mut inside = inside;
    inside.push(file_uri(&ws.join("later-inside.txt")));
    inside.sort();
    let (_, edits) = reached(&mut c, &uri);
    assert_eq!(edits, inside);
    assert!(c.shutdown().success());
    assert_eq!(fs::read_to_string(&lw.outside_file).unwrap(), STORY);
}

/// Runs the CLI, failing (and killing it) if it takes longer than `limit`.
fn cli_bounded(cwd: &Path, args: &[&str], limit: Duration) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(cwd)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("factline {args:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn the_cli_reads_only_regular_files_and_follows_links_only_inside_the_folder() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let outside = tempfile::tempdir().unwrap();
    write(&outside.path().join("secret.txt"), STORY);
    write(&d.join("news/good.txt"), STORY);
    write(&d.join("news/sub/real.txt"), STORY);
    mkfifo(&d.join("news/pipe.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(d.join("news/sock.txt")).unwrap();
    symlink("/dev/zero", d.join("news/zero.txt")).unwrap();
    symlink(outside.path().join("secret.txt"), d.join("news/secret.txt")).unwrap();
    symlink(d.join("news/sub/real.txt"), d.join("news/inner.txt")).unwrap();
    let limit = Duration::from_secs(20);
    let (code, stdout, stderr) = cli_bounded(d, &["check", "--format", "json", "news"], limit);
    assert_eq!(code, 0, "{stderr}");
    let out: Value = serde_json::from_str(&stdout).unwrap();
    let paths: Vec<&str> = out["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // The inside link is followed (its target, the same file, is not checked twice).
    assert_eq!(paths, ["news/good.txt", "news/inner.txt"]);
    for (file, why) in [
        ("news/pipe.txt", "not a regular file (a FIFO)"),
        ("news/sock.txt", "not a regular file (a socket)"),
        ("news/zero.txt", "/dev/zero through a symbolic link"),
        ("news/secret.txt", "through a symbolic link"),
    ] {
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with(&format!("factline: {file}:"))).collect();
        assert_eq!(lines.len(), 1, "{file}: {stderr}");
        assert!(lines[0].contains(why), "{file}: {stderr}");
    }
    // Named on the command line, a FIFO is refused at once rather than waited on, and a
    // device rather than read without end.
    let (code, _, stderr) = cli_bounded(d, &["check", "news/pipe.txt"], limit);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a regular file (a FIFO)"), "{stderr}");
    let (code, _, stderr) = cli_bounded(d, &["check", "/dev/zero"], limit);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a regular file (a character device)"), "{stderr}");
    // A knowledge base that is a device or a FIFO: one line each, the check goes on.
    mkfifo(&d.join("news/names.toml"));
    write(&d.join("news/factline.toml"), "knowledge_base = [\"/dev/zero\", \"names.toml\"]\n");
    let (code, stdout, stderr) = cli_bounded(d, &["check", "--format", "json", "news/good.txt"], limit);
    // The two refused files are config-error findings (exit 1); the article is checked.
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("\"news/good.txt\""));
    assert_eq!(stdout.matches("\"config-error\"").count(), 2, "{stdout}");
    let kb_lines: Vec<&str> = stderr.lines().filter(|l| l.contains("knowledge base error")).collect();
    assert_eq!(kb_lines.len(), 2, "{stderr}");
    assert!(
        kb_lines[0].contains("/dev/zero") && kb_lines[0].contains("character device"),
        "{stderr}"
    );
    assert!(kb_lines[1].contains("names.toml") && kb_lines[1].contains("a FIFO"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_server_refuses_special_files_once_each_and_never_hangs_on_them() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    write(&ws.join("a.txt"), STORY);
    write(&ws.join("entities.toml"), KB);
    // At the start: a knowledge base that is /dev/zero or a FIFO, and articles that are a
    // FIFO, a socket and a link to /dev/zero.
    mkfifo(&ws.join("names.toml"));
    write(
        &ws.join("factline.toml"),
        "knowledge_base = [\"entities.toml\", \"/dev/zero\", \"names.toml\"]\n",
    );
    mkfifo(&ws.join("pipe.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(ws.join("sock.txt")).unwrap();
    symlink("/dev/zero", ws.join("zero.txt")).unwrap();
    let mut c = Client::start();
    c.initialize(Some(ws), editor_caps(), Value::Null);
    let uri = file_uri(&ws.join("a.txt"));
    c.open(&uri, "plaintext", STORY, 1);
    c.diagnostics(&uri, Some(1));
    for (file, why) in [
        ("/dev/zero", "a character device"),
        ("names.toml", "a FIFO"),
        ("pipe.txt", "a FIFO"),
        ("sock.txt", "a socket"),
        // A link to a device leads outside the folder: refused before its type matters.
        ("zero.txt", "/dev/zero through a symbolic link"),
    ] {
        assert!(
            log_line(&mut c, &[file, why], Duration::from_secs(10)).is_some(),
            "no log line for {file}"
        );
    }
    // The scan finished and the workspace knowledge base that could be read is in force.
    let symbols = c.request("workspace/symbol", json!({"query": "Kovalenko"}));
    assert!(symbols["result"].to_string().contains("Olena Kovalenko"), "{symbols}");
    // A FIFO appearing later: refused once (watcher and client both report it), and requests
    // keep being answered.
    mkfifo(&ws.join("late.txt"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&ws.join("late.txt")), "type": 1}]}),
    );
    assert!(log_line(&mut c, &["late.txt", "a FIFO"], Duration::from_secs(10)).is_some());
    let started = Instant::now();
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos_of(STORY, "Olena", 1)}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("Mayor of Vinnytsia"),
        "{hover}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        log_line(&mut c, &["late.txt"], Duration::from_millis(500)).is_none(),
        "logged twice"
    );
    // The knowledge base turning into a FIFO: refused, and its last good version stays.
    // (Made aside and renamed over it, so no reload sees the file missing.)
    mkfifo(&dir.path().join("fifo.tmp"));
    fs::rename(dir.path().join("fifo.tmp"), ws.join("entities.toml")).unwrap();
    assert!(log_line(&mut c, &["entities.toml", "a FIFO"], Duration::from_secs(10)).is_some());
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos_of(STORY, "Olena", 1)}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("Mayor of Vinnytsia"),
        "{hover}"
    );
    // Readable again, then a FIFO again: the new refusal is logged too.
    let hover_md = |c: &mut Client| {
        let h = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos_of(STORY, "Olena", 1)}),
        );
        h["result"]["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    write(&dir.path().join("kb.tmp"), &KB.replace("Mayor of Vinnytsia", "Governor of Podilia"));
    fs::rename(dir.path().join("kb.tmp"), ws.join("entities.toml")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !hover_md(&mut c).contains("Governor of Podilia") {
        assert!(Instant::now() < deadline, "the readable file was not loaded");
        std::thread::sleep(Duration::from_millis(50));
    }
    mkfifo(&dir.path().join("fifo.tmp"));
    fs::rename(dir.path().join("fifo.tmp"), ws.join("entities.toml")).unwrap();
    assert!(log_line(&mut c, &["entities.toml", "a FIFO"], Duration::from_secs(10)).is_some());
    assert!(hover_md(&mut c).contains("Governor of Podilia"));
    assert!(c.shutdown().success());
}

#[test]
fn json_and_sarif_offsets_index_the_file_on_disk_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bom = "\u{FEFF}";
    let a = format!(
        "{bom}Quake\n\nLIMA, February 10, 2026 — The earthquake killed 27 people, the civil defence institute said. \
         “We are still searching,” said Olena Kovalenko.\n"
    );
    // The same day as a.txt: a toll that rose from one day to the next is an update
    // (`superseded-figure`), not a contradiction.
    let b = format!("{bom}Quake\n\nLIMA, February 10, 2026 — The death toll from the earthquake stood at 41, officials said.\n");
    write(&d.join("a.txt"), &a);
    write(&d.join("b.txt"), &b);
    write(&d.join("entities.toml"), KB);
    let limit = Duration::from_secs(20);
    let (_, stdout, stderr) = cli_bounded(d, &["check", "--format", "json", "a.txt", "b.txt"], limit);
    let out: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let disk = |path: &str| fs::read(d.join(path)).unwrap();
    let slice = |bytes: &[u8], v: &Value| -> String {
        let (s, e) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        String::from_utf8(bytes[s..e].to_vec()).unwrap()
    };
    let mut checked = 0;
    for file in out["files"].as_array().unwrap() {
        let bytes = disk(file["path"].as_str().unwrap());
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        for e in file["entities"].as_array().unwrap() {
            for m in e["mentions"].as_array().unwrap() {
                assert_eq!(slice(&bytes, m), m["text"].as_str().unwrap());
                checked += 1;
            }
        }
        for key in ["figures", "quotes"] {
            for f in file[key].as_array().unwrap() {
                assert_eq!(slice(&bytes, f), f["text"].as_str().unwrap(), "{f}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 6, "{stdout}");
    // A diagnostic and its related statement in the other file, both on disk.
    let a_file = &out["files"][0];
    let hit = a_file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "inconsistent-number")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(slice(&disk("a.txt"), hit), "27");
    assert_eq!(hit["related"][0]["path"], "b.txt");
    assert_eq!(slice(&disk("b.txt"), &hit["related"][0]), "41");
    let (_, sarif, _) = cli_bounded(d, &["check", "--format", "sarif", "a.txt", "b.txt"], limit);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "inconsistent-number")
        .unwrap()
        .clone();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["byteOffset"], hit["start"]);
    let related = &result["relatedLocations"][0]["physicalLocation"]["region"];
    assert_eq!(related["byteOffset"], hit["related"][0]["start"]);
}

#[test]
fn the_server_sees_a_file_with_a_byte_order_mark_as_the_editor_does() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    write(&ws.join("entities.toml"), KB);
    write(&ws.join("a.txt"), STORY);
    // Closed, with a mark, the name at the very start of the first line.
    let b = "Olena Kovalenko spoke in Kenya.\nLater Olena Kovalenko left.\n";
    write(&ws.join("b.txt"), &format!("\u{FEFF}{b}"));
    let mut c = Client::start();
    c.initialize(Some(ws), editor_caps(), Value::Null);
    let uri = file_uri(&ws.join("a.txt"));
    c.open(&uri, "plaintext", STORY, 1);
    c.diagnostics(&uri, Some(1));
    let at = pos_of(STORY, "Olena Kovalenko", 2);
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": at, "context": {"includeDeclaration": true}}),
    );
    let b_uri = file_uri(&ws.join("b.txt"));
    let first = refs["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["uri"] == b_uri.as_str())
        .unwrap_or_else(|| panic!("{refs}"));
    // VS Code and Neovim hide the mark: the name starts at column 0 for them.
    assert_eq!(
        first["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 15}})
    );
    // A rename edit applies to the text as the editor holds it (without the mark).
    let rename = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": at, "newName": "Olena Kowalenko"}),
    );
    let doc = rename["result"]["documentChanges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["textDocument"]["uri"] == b_uri.as_str())
        .unwrap();
    assert_eq!(
        common::apply_text_edits(b, doc["edits"].as_array().unwrap()),
        b.replace("Olena Kovalenko", "Olena Kowalenko")
    );
    assert!(c.shutdown().success());
}

/// The codes the server gives `text` at `version` (sent as a full change).
fn codes_at(c: &mut Client, uri: &str, text: &str, version: i64) -> Vec<String> {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
    codes(&c.diagnostics(uri, Some(version)))
}

/// Waits for a publish of `uri`'s problems satisfying `want`; the diagnostics.
fn config_problems(c: &mut Client, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let m = c
            .wait_for(
                |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri,
                left,
            )
            .unwrap_or_else(|| panic!("no wanted publish for {uri}"));
        let d = m["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
        if want(&d) {
            return d;
        }
    }
}

#[test]
fn a_broken_config_keeps_the_last_good_file_and_a_bad_value_its_last_good_value() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let toml = ws.join("factline.toml");
    write(&toml, "[rules]\nunsourced-figure = \"off\"\n");
    write(&ws.join("a.txt"), LOCAL);
    let mut c = Client::start();
    c.initialize(Some(ws), editor_caps(), Value::Null);
    let uri = file_uri(&ws.join("a.txt"));
    let cfg = file_uri(&toml);
    c.open(&uri, "plaintext", LOCAL, 1);
    assert!(!codes(&c.diagnostics(&uri, Some(1))).contains(&"unsourced-figure".to_string()));
    std::thread::sleep(Duration::from_millis(300));
    let unsourced = |codes: &[String]| codes.contains(&"unsourced-figure".to_string());
    // A syntax error: a config-error at its line, and the rule stays off.
    write(&toml, "[rules]\nunsourced-figure = \"off\"\n[attribution\n");
    let d = config_problems(&mut c, &cfg, |d| !d.is_empty());
    assert_eq!(codes(&d), ["config-error"]);
    assert_eq!(d[0]["range"]["start"]["line"], 2);
    assert!(d[0]["message"].as_str().unwrap().starts_with("syntax error"), "{d:?}");
    assert!(!unsourced(&codes_at(&mut c, &uri, LOCAL, 2)));
    // One bad value: that key keeps its last good value.
    write(&toml, "default_year = 2026\n[rules]\nunsourced-figure = \"loud\"\n");
    let d = config_problems(&mut c, &cfg, |d| {
        d.iter().any(|x| x["message"].as_str().unwrap().contains("must be one of"))
    });
    assert_eq!(d[0]["range"]["start"]["line"], 2);
    assert!(!unsourced(&codes_at(&mut c, &uri, LOCAL, 3)));
    // An invalid glob is a config-error at its line (the list keeps its last good value).
    write(
        &toml,
        "include = [\n  \"**/*.txt\",\n  \"news/[a\",\n]\n[rules]\nunsourced-figure = \"off\"\n",
    );
    let d = config_problems(&mut c, &cfg, |d| d.iter().any(|x| x["message"].as_str().unwrap().contains("glob")));
    assert_eq!(codes(&d), ["config-error"]);
    assert_eq!(d[0]["range"]["start"]["line"], 2);
    assert!(
        d[0]["message"].as_str().unwrap().contains("invalid glob \"news/[a\" in `include`"),
        "{d:?}"
    );
    // So a Markdown article appearing now is still one (the list without the bad glob would
    // have left only text files).
    write(&ws.join("late.md"), LOCAL);
    let late = file_uri(&ws.join("late.md"));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let refs = c.request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": pos_of(LOCAL, "Amara", 1), "context": {"includeDeclaration": true}}),
        );
        if refs["result"].to_string().contains(&late) {
            break;
        }
        assert!(Instant::now() < deadline, "late.md is not an article: {refs}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Fixed: the problems clear and the file's value is in force.
    write(&toml, "[rules]\nunsourced-figure = \"warning\"\n");
    config_problems(&mut c, &cfg, |d| d.is_empty());
    assert!(unsourced(&codes_at(&mut c, &uri, LOCAL, 4)));
    assert!(c.shutdown().success());
}

#[test]
fn a_broken_knowledge_base_file_keeps_its_last_good_version_while_the_others_load() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    write(&ws.join("factline.toml"), "knowledge_base = [\"people.toml\", \"places.toml\"]\n");
    write(&ws.join("people.toml"), KB);
    let places = "[[entity]]\nid = \"port-ruvo\"\nname = \"Port Ruvo\"\nkind = \"place\"\ndescription = \"A harbour town\"\n";
    write(&ws.join("places.toml"), places);
    let text = "Port talks\nOlena Kovalenko met officials in Port Ruvo.\n";
    write(&ws.join("a.txt"), text);
    let mut c = Client::start();
    c.initialize(Some(ws), editor_caps(), Value::Null);
    let uri = file_uri(&ws.join("a.txt"));
    c.open(&uri, "plaintext", text, 1);
    c.diagnostics(&uri, Some(1));
    let hover = |c: &mut Client, needle: &str| {
        let h = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos_of(text, needle, 1)}),
        );
        h["result"]["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    assert!(hover(&mut c, "Port Ruvo").contains("A harbour town"));
    std::thread::sleep(Duration::from_millis(300));
    // One file broken, the other changed in the same breath.
    write(&ws.join("people.toml"), &format!("{KB}\n[[entity]\n"));
    write(&ws.join("places.toml"), &places.replace("A harbour town", "A fishing port"));
    let deadline = Instant::now() + Duration::from_secs(15);
    while !hover(&mut c, "Port Ruvo").contains("A fishing port") {
        assert!(Instant::now() < deadline, "the good file's change was not loaded");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        hover(&mut c, "Olena").contains("Mayor of Vinnytsia"),
        "the broken file's last good version is gone"
    );
    let d = config_problems(&mut c, &file_uri(&ws.join("people.toml")), |d| !d.is_empty());
    assert_eq!(codes(&d), ["config-error"]);
    assert!(c.shutdown().success());
}

#[test]
fn the_cli_reports_an_invalid_glob_at_its_line_and_keeps_the_default_list() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        &d.join("factline.toml"),
        "default_year = 2026\ninclude = [\n  \"**/*.txt\",\n  \"news/[a\",\n]\n",
    );
    write(&d.join("news/a.md"), STORY);
    write(&d.join("news/b.txt"), STORY);
    let (code, stdout, stderr) = cli_bounded(d, &["check", "--format", "json", "news"], Duration::from_secs(20));
    assert_eq!(code, 1, "the invalid glob is a config-error: {stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        ["factline.toml:4: config error: invalid glob \"news/[a\" in `include`: unclosed character class; missing ']'"]
    );
    let out: Value = serde_json::from_str(&stdout).unwrap();
    let paths: Vec<&str> = out["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // The default globs (Markdown and text), not the list with the bad glob left out; the
    // configuration file itself carries the config-error at line 4.
    assert_eq!(paths, ["news/a.md", "news/b.txt", "factline.toml"]);
    assert_eq!(out["files"][2]["diagnostics"][0]["range"]["start"]["line"], 3);
}

#[test]
fn the_cli_finds_the_configuration_above_a_path_that_climbs_out_of_the_working_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The working folder's configuration silences the rule; the article's folder has none.
    write(&d.join("desk/factline.toml"), "[rules]\nunsourced-figure = \"off\"\n");
    write(&d.join("other/a.txt"), LOCAL);
    let limit = Duration::from_secs(20);
    let (code, stdout, stderr) = cli_bounded(&d.join("desk"), &["check", "--format", "json", "../other/a.txt"], limit);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("unsourced-figure"), "{stdout}");
    // Nor does a path that passes through the desk's folder and comes back.
    let (code, _, stderr) = cli_bounded(&d.join("other"), &["check", "../desk/../other/a.txt"], limit);
    assert_eq!(code, 1, "{stderr}");
}
