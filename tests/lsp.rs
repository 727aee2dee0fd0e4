//! The real `factline lsp` binary over stdio, driven as an editor would.

mod common;

use std::fs;
use std::time::Duration;

use common::{Client, codes, file_uri};
use serde_json::json;

const ARTICLE: &str = "Port deal signed\n\
Kenya 🇰🇪 and 中国 agreed the port would cost $3.2 billion.\n\
The transport ministry said the work would take 18 months.\n";

fn utf16_col(line: &str, byte: usize) -> usize {
    line[..byte].encode_utf16().count()
}

#[test]
fn initialize_open_publish_with_exact_utf16_ranges_and_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("port.txt");
    fs::write(&path, ARTICLE).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start();
    let init = c.initialize(Some(dir.path()), json!({}), json!(null));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    assert_eq!(caps["hoverProvider"], true);
    c.open(&uri, "plaintext", ARTICLE, 1);
    let diags = c.diagnostics(&uri, Some(1));
    let unsourced: Vec<_> = diags.iter().filter(|d| d["code"] == "unsourced-figure").collect();
    assert_eq!(unsourced.len(), 1, "{diags:?}");
    let d = unsourced[0];
    let line = ARTICLE.lines().nth(1).unwrap();
    let start = line.find("$3.2 billion").unwrap();
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": utf16_col(line, start)}));
    assert_eq!(
        d["range"]["end"],
        json!({"line": 1, "character": utf16_col(line, start + "$3.2 billion".len())})
    );
    assert_eq!(d["source"], "factline");
    assert!(d["codeDescription"]["href"].as_str().unwrap().ends_with("#unsourced-figure"));
    assert!(c.shutdown().success());
}

#[test]
fn utf8_positions_when_the_client_asks() {
    let mut c = Client::start();
    let init = c.initialize(None, json!({"general": {"positionEncodings": ["utf-8"]}}), json!(null));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    let uri = "untitled:port";
    c.open(uri, "plaintext", ARTICLE, 1);
    let diags = c.diagnostics(uri, Some(1));
    let d = diags.iter().find(|d| d["code"] == "unsourced-figure").unwrap();
    let line = ARTICLE.lines().nth(1).unwrap();
    assert_eq!(d["range"]["start"]["character"], line.find("$3.2").unwrap());
}

#[test]
fn hundreds_of_incremental_edits_end_in_the_final_texts_diagnostics() {
    let mut c = Client::start();
    c.initialize(None, json!({}), json!(null));
    let uri = "untitled:edits";
    let base = "Budget news\nThe council approved the plan.\n";
    c.open(uri, "plaintext", base, 1);
    c.diagnostics(uri, Some(1));
    // Type "It costs $5 billion. " one character at a time at the end of line 1, then
    // delete and retype parts, all without waiting.
    let typed = "It costs $5 billion and 🙂 more. ";
    let mut version = 1;
    let mut col = "The council approved the plan.".encode_utf16().count() as u32;
    for _round in 0..8 {
        for ch in typed.chars() {
            version += 1;
            let s = ch.to_string();
            c.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [{"range": {"start": {"line": 1, "character": col}, "end": {"line": 1, "character": col}}, "text": s}]}),
            );
            col += ch.len_utf16() as u32;
        }
    }
    // Finally delete everything typed after the first sentence but one copy.
    let keep = "The council approved the plan.".encode_utf16().count() as u32 + typed.encode_utf16().count() as u32;
    version += 1;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version},
               "contentChanges": [{"range": {"start": {"line": 1, "character": keep}, "end": {"line": 1, "character": col}}, "text": ""}]}),
    );
    assert!(version > 200);
    let diags = c.diagnostics(uri, Some(version));
    // Exactly one "$5 billion" remains, unsourced, at its exact place.
    let line = format!("The council approved the plan.{typed}");
    let start = line.find("$5 billion").unwrap();
    let u: Vec<_> = diags.iter().filter(|d| d["code"] == "unsourced-figure").collect();
    assert_eq!(u.len(), 1, "{diags:?}");
    assert_eq!(u[0]["range"]["start"], json!({"line": 1, "character": utf16_col(&line, start)}));
    // Publishes arrived in version order, and none for an older version comes afterwards.
    let mut seen = c.take_backlog_versions(uri);
    std::thread::sleep(Duration::from_millis(300));
    let late = c.wait_for(
        |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri,
        Duration::from_millis(300),
    );
    if let Some(m) = late {
        seen.push(m["params"]["version"].as_i64().unwrap());
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(seen.iter().all(|&v| v <= version));
}

#[test]
fn a_file_changed_on_disk_updates_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    // A workspace knowledge base with two accepted spellings of one person.
    fs::write(
        dir.path().join("entities.toml"),
        "[[entity]]\nid = \"olena-kovalenko\"\nname = \"Olena Kovalenko\"\nkind = \"person\"\naliases = [\"Olena Kowalenko\"]\n",
    )
    .unwrap();
    fs::write(&a, "Story A\nOlena Kovalenko spoke in Kyiv on Monday.\n").unwrap();
    fs::write(&b, "Story B\nThe mayor spoke.\n").unwrap();
    let mut c = Client::start();
    // No client file watching: the server watches the folder itself.
    c.initialize(Some(dir.path()), json!({"window": {"workDoneProgress": true}}), json!(null));
    let uri = file_uri(&a);
    c.open(&uri, "plaintext", &fs::read_to_string(&a).unwrap(), 1);
    let first = c.diagnostics(&uri, Some(1));
    assert!(!codes(&first).contains(&"name-variant".to_string()), "{first:?}");
    // Another article, closed, spells the name differently: a cross-document variant.
    std::thread::sleep(Duration::from_millis(300));
    fs::write(&b, "Story B\nOlena Kowalenko spoke in Kyiv.\n").unwrap();
    let mut found = false;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while std::time::Instant::now() < deadline {
        let d = c.diagnostics(&uri, Some(1));
        if codes(&d).contains(&"name-variant".to_string()) {
            let rel = &d.iter().find(|x| x["code"] == "name-variant").unwrap()["relatedInformation"][0];
            assert_eq!(rel["location"]["uri"], file_uri(&b));
            found = true;
            break;
        }
    }
    assert!(found, "no name-variant after the closed file changed on disk");
    // Deleting the file clears it again.
    fs::remove_file(&b).unwrap();
    let mut cleared = false;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while std::time::Instant::now() < deadline {
        let d = c.diagnostics(&uri, Some(1));
        if !codes(&d).contains(&"name-variant".to_string()) {
            cleared = true;
            break;
        }
    }
    assert!(cleared);
}

#[test]
fn a_broken_config_is_a_diagnostic_and_a_message_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("factline.toml"),
        "default_year = 2026\n[rules]\nunsourced-figure = \"loud\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    let msg = c
        .wait_for(|m| m["method"] == "window/showMessage", Duration::from_secs(10))
        .expect("showMessage");
    assert!(msg["params"]["message"].as_str().unwrap().contains("configuration"));
    let cfg_uri = file_uri(&dir.path().join("factline.toml"));
    let diags = c.diagnostics(&cfg_uri, None);
    assert_eq!(codes(&diags), ["config-error"]);
    assert_eq!(diags[0]["range"]["start"]["line"], 2);
    // The server still works with defaults.
    let uri = file_uri(&dir.path().join("a.txt"));
    c.open(&uri, "plaintext", ARTICLE, 1);
    assert!(codes(&c.diagnostics(&uri, Some(1))).contains(&"unsourced-figure".to_string()));
    assert!(c.shutdown().success());
}

#[test]
fn malformed_messages_and_out_of_range_positions_do_not_kill_the_server() {
    let mut c = Client::start();
    c.initialize(None, json!({}), json!(null));
    c.send_raw("{not json");
    c.send_raw(r#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{"bogus":1}}"#);
    let uri = "untitled:x";
    c.open(uri, "plaintext", ARTICLE, 1);
    c.diagnostics(uri, Some(1));
    let resp = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 999, "character": 999}}),
    );
    assert!(resp.get("error").is_none(), "{resp}");
    // An edit far past the end clamps instead of failing.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 50, "character": 3}, "end": {"line": 60, "character": 0}}, "text": "Tail."}]}),
    );
    c.diagnostics(uri, Some(2));
    assert!(c.shutdown().success());
}

#[test]
fn hover_and_definition_on_an_entity_mention() {
    let text = "Summit news\nKenya sent a delegation. Later Kenya left the talks.\n";
    let mut c = Client::start();
    c.initialize(None, json!({}), json!(null));
    let uri = "untitled:summit";
    c.open(uri, "plaintext", text, 1);
    c.diagnostics(uri, Some(1));
    let line = text.lines().nth(1).unwrap();
    let later = line.rfind("Kenya").unwrap() as u64;
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": later + 1}}),
    );
    let md = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(md.contains("Kenya") && md.contains("place"), "{hover}");
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": later + 1}}),
    );
    assert_eq!(def["result"]["range"]["start"], json!({"line": 1, "character": 0}));
}
