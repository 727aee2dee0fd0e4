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

/// What VS Code's vscode-languageclient runs for a stdio server (`--stdio`; `--clientProcessId`
/// too when it starts a Node module) must start the server, not end in a usage error.
#[test]
fn the_arguments_language_clients_add_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("port.txt");
    fs::write(&path, ARTICLE).unwrap();
    let uri = file_uri(&path);
    for args in [
        &["lsp", "--stdio"][..],
        &["lsp", "--stdio", "--clientProcessId=4242"][..],
        &["lsp", "--clientProcessId", "4242", "--stdio"][..],
    ] {
        let mut c = Client::start_with_args(args, &[]);
        c.initialize(Some(dir.path()), json!({}), json!(null));
        c.open(&uri, "plaintext", ARTICLE, 1);
        let diags = c.diagnostics(&uri, Some(1));
        assert!(diags.iter().any(|d| d["code"] == "unsourced-figure"), "{args:?}: {diags:?}");
        assert!(c.shutdown().success(), "{args:?}");
    }
    // A transport the server does not have is still a usage error.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["lsp", "--socket=9000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
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

// ---- Issues 4 and 5: entity and figure navigation, editing help. ----

const KB: &str = "[[entity]]\nid = \"olena-kovalenko\"\nname = \"Olena Kovalenko\"\nkind = \"person\"\n\
aliases = [\"Olena Kowalenko\", \"Kovalenko\"]\nmisspellings = [\"Olena Kovalenco\"]\n\
description = \"Mayor of Vinnytsia since 2024\"\n\n\
[[entity]]\nid = \"li-ming\"\nname = \"李明\"\nkind = \"person\"\naliases = [\"Li Ming\"]\n";

const STORY_A: &str = "Port talks\n\
Olena Kovalenko 🙂 met officials in Nairobi, Kenya on Monday, May 14, 2024.\n\
Kovalenko said the port would cost $3.2 billion. Olena Kovalenco left.\n\
The deal covers 4,000 jobs.\n";

const STORY_B: &str = "Other story\nOlena Kovalenko spoke in Kenya. Later Olena Kovalenko left Kenya.\n";

/// A workspace folder: configuration, knowledge base and two articles.
fn story_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("factline.toml"), "default_year = 2024\n").unwrap();
    fs::write(dir.path().join("entities.toml"), KB).unwrap();
    fs::write(dir.path().join("a.txt"), STORY_A).unwrap();
    fs::write(dir.path().join("b.txt"), STORY_B).unwrap();
    dir
}

/// The LSP position (UTF-16) of the `nth` occurrence of `needle` in `text`, plus `extra` units.
fn pos_of(text: &str, needle: &str, nth: usize, extra: u64) -> serde_json::Value {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle} #{nth}")).0;
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[line_start..at].encode_utf16().count() as u64 + extra})
}

/// Full capabilities of an editor that takes versioned edits and file creation.
fn editor_caps() -> serde_json::Value {
    json!({
        "workspace": {"applyEdit": true, "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}},
        "textDocument": {"semanticTokens": semantic_caps(&["person", "organization", "place", "variable"])}
    })
}

fn semantic_caps(types: &[&str]) -> serde_json::Value {
    json!({"requests": {"full": true, "range": true}, "tokenTypes": types, "tokenModifiers": ["declaration"], "formats": ["relative"]})
}

fn start_on(dir: &std::path::Path, caps: serde_json::Value) -> (Client, String) {
    let mut c = Client::start();
    c.initialize(Some(dir), caps, json!(null));
    let uri = file_uri(&dir.join("a.txt"));
    c.open(&uri, "plaintext", STORY_A, 1);
    c.diagnostics(&uri, Some(1));
    (c, uri)
}

fn req(c: &mut Client, method: &str, uri: &str, position: serde_json::Value) -> serde_json::Value {
    c.request(
        method,
        json!({"textDocument": {"uri": uri}, "position": position, "context": {"includeDeclaration": true}}),
    )
}

#[test]
fn cross_document_requests_wait_for_the_initial_scan() {
    let dir = story_workspace();
    // More than two of the scan's chunks (256 files): one chunk is stored while the next is
    // analysed, and the last one must be stored too.
    for i in 0..600 {
        fs::write(
            dir.path().join(format!("extra-{i:03}.txt")),
            format!("Story {i}\nKenya agreed to the plan.\n"),
        )
        .unwrap();
    }
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    // Asked at once, before any publish: the answers must already cover every article.
    let uri = file_uri(&dir.path().join("a.txt"));
    c.open(&uri, "plaintext", STORY_A, 1);
    let refs = req(&mut c, "textDocument/references", &uri, pos_of(STORY_A, "Kenya", 0, 1));
    let locations = refs["result"].as_array().unwrap_or_else(|| panic!("{refs}"));
    // 1 in a.txt, 2 in b.txt, 1 in each extra article.
    assert_eq!(locations.len(), 1 + 2 + 600);
    let syms = c.request("workspace/symbol", json!({"query": "kenya"}));
    assert_eq!(syms["result"][0]["name"], "Kenya", "{syms}");
    let sheet = c.request(
        "workspace/executeCommand",
        json!({"command": "factline.showSheet", "arguments": []}),
    );
    let md = sheet["result"].as_str().unwrap_or_else(|| panic!("{sheet}"));
    assert!(md.contains("602 articles"), "{md}");
    assert!(c.shutdown().success());
}

#[test]
fn hover_cards_for_an_entity_and_for_figures() {
    let dir = story_workspace();
    let (mut c, uri) = start_on(dir.path(), json!({}));
    let hover = req(&mut c, "textDocument/hover", &uri, pos_of(STORY_A, "Kovalenko said", 0, 2));
    let md = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(md.contains("**Olena Kovalenko** · person"), "{md}");
    assert!(md.contains("Mayor of Vinnytsia since 2024"), "{md}");
    assert!(md.contains("Also: Olena Kowalenko, Kovalenko"), "{md}");
    assert!(md.contains("`entities.toml` line 1"), "{md}");
    assert!(md.contains("Introduced on line 2:\n\n> Olena Kovalenko 🙂 met officials"), "{md}");
    // Three in this article (full, short, misspelt), two in b.txt.
    assert!(md.contains("Mentions: 3 in this article; 5 in 2 articles of the workspace"), "{md}");
    let money = req(&mut c, "textDocument/hover", &uri, pos_of(STORY_A, "$3.2 billion", 0, 3));
    let md = money["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("· money") && md.contains("Value: 3,200,000,000 USD"), "{md}");
    assert!(md.contains("Source: Kovalenko"), "{md}");
    let jobs = req(&mut c, "textDocument/hover", &uri, pos_of(STORY_A, "4,000", 0, 1));
    let md = jobs["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("Value: 4,000 jobs") && md.contains("No source in this sentence"),
        "{md}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn definition_goes_to_the_introduction_and_declaration_to_the_knowledge_base_entry() {
    let dir = story_workspace();
    let (mut c, uri) = start_on(dir.path(), json!({}));
    let def = req(&mut c, "textDocument/definition", &uri, pos_of(STORY_A, "Kovalenko said", 0, 1));
    assert_eq!(def["result"]["uri"], uri.as_str());
    assert_eq!(def["result"]["range"]["start"], json!({"line": 1, "character": 0}));
    let decl = req(&mut c, "textDocument/declaration", &uri, pos_of(STORY_A, "Kovalenko said", 0, 1));
    assert_eq!(decl["result"]["uri"], file_uri(&dir.path().join("entities.toml")));
    assert_eq!(decl["result"]["range"]["start"]["line"], 0);
    // An embedded entry has no file to go to.
    let kenya = req(&mut c, "textDocument/declaration", &uri, pos_of(STORY_A, "Kenya", 0, 1));
    assert!(kenya["result"].is_null(), "{kenya}");
    assert!(c.shutdown().success());
}

#[test]
fn references_cover_closed_articles() {
    let dir = story_workspace();
    let (mut c, uri) = start_on(dir.path(), json!({}));
    let refs = req(&mut c, "textDocument/references", &uri, pos_of(STORY_A, "Olena", 0, 0));
    let got: Vec<(String, u64, u64)> = refs["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().rsplit('/').next().unwrap().to_string(),
                l["range"]["start"]["line"].as_u64().unwrap(),
                l["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    let b_second = STORY_B.lines().nth(1).unwrap().rfind("Olena").unwrap() as u64;
    assert_eq!(
        got,
        [
            ("a.txt".to_string(), 1, 0),
            ("a.txt".to_string(), 2, 0),
            (
                "a.txt".to_string(),
                2,
                STORY_A.lines().nth(2).unwrap().find("Olena").unwrap() as u64
            ),
            ("b.txt".to_string(), 1, 0),
            ("b.txt".to_string(), 1, b_second),
        ]
    );
    assert!(c.shutdown().success());
}

#[test]
fn document_symbols_group_entities_by_kind_and_workspace_symbols_search_fuzzily() {
    let dir = story_workspace();
    let (mut c, uri) = start_on(dir.path(), json!({}));
    let doc = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let groups = doc["result"].as_array().unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Persons", "Places"], "{doc}");
    let places: Vec<&str> = groups[1]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(places, ["Nairobi", "Kenya"]);
    assert_eq!(groups[0]["children"][0]["name"], "Olena Kovalenko");
    assert_eq!(groups[0]["children"][0]["detail"], "person · 3 mentions");
    // By alias, fuzzily, and everything for an empty query.
    let by_alias = c.request("workspace/symbol", json!({"query": "kowal"}));
    assert_eq!(by_alias["result"][0]["name"], "Olena Kovalenko", "{by_alias}");
    let fuzzy = c.request("workspace/symbol", json!({"query": "olkv"}));
    assert_eq!(fuzzy["result"][0]["name"], "Olena Kovalenko", "{fuzzy}");
    let all = c.request("workspace/symbol", json!({"query": ""}));
    let mut all_names: Vec<&str> = all["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    all_names.sort();
    assert_eq!(all_names, ["Kenya", "Nairobi", "Olena Kovalenko"]);
    let none = c.request("workspace/symbol", json!({"query": "zzzz"}));
    assert_eq!(none["result"], json!([]));
    assert!(c.shutdown().success());
}

const CJK: &str = "CJK talks\n会谈中 李明 🙂 与 Kenya 代表见面。\nLi Ming 🇰🇪 visited Kenya.\n";

#[test]
fn semantic_tokens_in_utf16_and_utf8_on_cjk_and_emoji_lines() {
    let dir = story_workspace();
    fs::write(dir.path().join("c.txt"), CJK).unwrap();
    for (caps, utf8) in [(editor_caps(), false), (json!({"general": {"positionEncodings": ["utf-8"]}}), true)] {
        let mut c = Client::start();
        let init = c.initialize(Some(dir.path()), caps, json!(null));
        let legend = &init["result"]["capabilities"]["semanticTokensProvider"]["legend"];
        assert_eq!(legend["tokenTypes"], json!(["person", "organization", "place"]));
        let uri = file_uri(&dir.path().join("c.txt"));
        c.open(&uri, "plaintext", CJK, 1);
        c.diagnostics(&uri, Some(1));
        let full = c.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}}));
        let tokens = common::decode_tokens(full["result"]["data"].as_array().unwrap());
        let col = |line: &str, needle: &str, nth: usize| {
            let at = line.match_indices(needle).nth(nth).unwrap().0;
            if utf8 {
                at as u64
            } else {
                line[..at].encode_utf16().count() as u64
            }
        };
        let len = |s: &str| if utf8 { s.len() as u64 } else { s.encode_utf16().count() as u64 };
        let (l1, l2) = (CJK.lines().nth(1).unwrap(), CJK.lines().nth(2).unwrap());
        // Exact places of the mentions this test is about (extraction may find more; every
        // token must still decode to whole characters of its line, without overlap).
        for want in [
            (1, col(l1, "李明", 0), len("李明"), 0, 1),
            (1, col(l1, "Kenya", 0), 5, 2, 1),
            (2, 0, len("Li Ming"), 0, 0),
            (2, col(l2, "Kenya", 0), 5, 2, 0),
        ] {
            assert!(tokens.contains(&want), "utf8: {utf8}: {want:?} not in {tokens:?}");
        }
        for w in tokens.windows(2) {
            assert!(w[0].0 < w[1].0 || w[0].1 + w[0].2 <= w[1].1, "overlap: {w:?}");
        }
        for &(line, start, length, _, _) in &tokens {
            let text = CJK.lines().nth(line as usize).unwrap();
            let units: Vec<u64> = if utf8 {
                text.char_indices().map(|(i, _)| i as u64).chain([text.len() as u64]).collect()
            } else {
                let mut at = vec![0];
                for ch in text.chars() {
                    at.push(at.last().unwrap() + ch.len_utf16() as u64);
                }
                at
            };
            assert!(
                units.contains(&start) && units.contains(&(start + length)),
                "token splits a character: {line}:{start}+{length}"
            );
        }
        // The range request returns the tokens of line 2 only.
        let range = c.request(
            "textDocument/semanticTokens/range",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 3, "character": 0}}}),
        );
        let in_range = common::decode_tokens(range["result"]["data"].as_array().unwrap());
        let line2: Vec<_> = tokens.iter().copied().filter(|t| t.0 == 2).collect();
        assert_eq!(in_range, line2);
        assert!(in_range.contains(&(2, 0, len("Li Ming"), 0, 0)));
        assert!(c.shutdown().success());
    }
    // A client that only knows the standard types gets them instead.
    let mut c = Client::start();
    let init = c.initialize(
        None,
        json!({"textDocument": {"semanticTokens": semantic_caps(&["variable", "class", "namespace"])}}),
        json!(null),
    );
    assert_eq!(
        init["result"]["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"],
        json!(["variable", "class", "namespace"])
    );
}

#[test]
fn rename_replaces_one_spelling_of_one_entity_everywhere() {
    let dir = story_workspace();
    let (mut c, uri) = start_on(dir.path(), editor_caps());
    let at = pos_of(STORY_A, "Olena Kovalenko", 0, 3);
    let prep = req(&mut c, "textDocument/prepareRename", &uri, at.clone());
    assert_eq!(prep["result"]["placeholder"], "Olena Kovalenko", "{prep}");
    assert_eq!(prep["result"]["range"]["end"], json!({"line": 1, "character": 15}));
    let edit = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": at, "newName": "Olena Kowalenko"}),
    );
    let changes = edit["result"]["documentChanges"].as_array().unwrap_or_else(|| panic!("{edit}"));
    assert_eq!(changes.len(), 2);
    let a = changes.iter().find(|d| d["textDocument"]["uri"] == uri.as_str()).unwrap();
    // The open document's edit carries its version; the closed one's is null.
    assert_eq!(a["textDocument"]["version"], 1);
    assert_eq!(
        common::apply_text_edits(STORY_A, a["edits"].as_array().unwrap()),
        STORY_A.replacen("Olena Kovalenko", "Olena Kowalenko", 1)
    );
    let b = changes.iter().find(|d| d["textDocument"]["uri"] != uri.as_str()).unwrap();
    assert!(b["textDocument"]["version"].is_null());
    // The short "Kovalenko" and the misspelling are other spellings: untouched.
    assert_eq!(
        common::apply_text_edits(STORY_B, b["edits"].as_array().unwrap()),
        STORY_B.replace("Olena Kovalenko", "Olena Kowalenko")
    );
    for bad in ["", "   ", "Olena\nK"] {
        let refused = c.request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": pos_of(STORY_A, "Kenya", 0, 1), "newName": bad}),
        );
        assert_eq!(refused["error"]["code"], -32602, "{refused}");
        assert!(refused["error"]["message"].as_str().unwrap().contains("cannot rename"));
    }
    // Not on a name: nothing to rename.
    let nothing = req(&mut c, "textDocument/prepareRename", &uri, pos_of(STORY_A, "port", 0, 1));
    assert!(nothing["result"].is_null(), "{nothing}");
    assert!(c.shutdown().success());
}

fn actions_at(c: &mut Client, uri: &str, start: serde_json::Value, end: serde_json::Value) -> Vec<serde_json::Value> {
    let resp = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": end}, "context": {"diagnostics": []}}),
    );
    resp["result"].as_array().cloned().unwrap_or_else(|| panic!("{resp}"))
}

fn edits_for<'a>(action: &'a serde_json::Value, uri: &str) -> &'a Vec<serde_json::Value> {
    let doc = action["edit"]["documentChanges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["textDocument"]["uri"] == uri)
        .unwrap();
    doc["edits"].as_array().unwrap()
}

#[test]
fn code_actions_turn_fixes_into_quick_fixes_and_add_sources() {
    let dir = story_workspace();
    let text = format!("{STORY_A}Olena Kovalenco came back.\n");
    let (mut c, uri) = start_on(dir.path(), editor_caps());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    c.diagnostics(&uri, Some(2));
    // The misspelling: replace one, or all in the file.
    let p = pos_of(&text, "Olena Kovalenco", 0, 2);
    let actions = actions_at(&mut c, &uri, p.clone(), p);
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
    let one = actions
        .iter()
        .find(|a| a["title"] == "Replace with \"Olena Kovalenko\"")
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert_eq!(one["kind"], "quickfix");
    assert_eq!(one["diagnostics"][0]["code"], "name-variant");
    let fixed = common::apply_text_edits(&text, edits_for(one, &uri));
    assert_eq!(fixed.matches("Olena Kovalenco").count(), 1);
    let all = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("(all 2 name-variant"))
        .unwrap_or_else(|| panic!("{titles:?}"));
    let fixed = common::apply_text_edits(&text, edits_for(all, &uri));
    assert!(!fixed.contains("Kovalenco"), "{fixed}");
    // Two accepted spellings and a misspelling: all to the canonical one, short forms kept.
    let mixed = "Talks\nOlena Kowalenko arrived. Olena Kovalenko spoke. Kovalenko left. Olena Kovalenco wrote.\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": mixed}]}),
    );
    c.diagnostics(&uri, Some(3));
    let p = pos_of(mixed, "Olena Kovalenko", 0, 2);
    let actions = actions_at(&mut c, &uri, p.clone(), p);
    let canonical = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Use the canonical spelling \"Olena Kovalenko\"")
        })
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(
        common::apply_text_edits(mixed, edits_for(canonical, &uri)),
        "Talks\nOlena Kovalenko arrived. Olena Kovalenko spoke. Kovalenko left. Olena Kovalenko wrote.\n"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": text}]}),
    );
    c.diagnostics(&uri, Some(4));
    // The weekday: the rule's own fix, generically.
    let p = pos_of(&text, "Monday", 0, 1);
    let actions = actions_at(&mut c, &uri, p.clone(), p);
    let weekday = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "weekday-mismatch" && a["edit"].is_object())
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert!(common::apply_text_edits(&text, edits_for(weekday, &uri)).contains("on Tuesday, May 14"));
    // An unsourced figure: a source placeholder after its clause, or mark it as checked.
    let p = pos_of(&text, "4,000", 0, 1);
    let actions = actions_at(&mut c, &uri, p.clone(), p);
    let add = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Add a source"))
        .unwrap();
    assert!(common::apply_text_edits(&text, edits_for(add, &uri)).contains("The deal covers 4,000 jobs, according to [source].\n"));
    let mark = actions.iter().find(|a| a["title"] == "Mark \"4,000\" as checked").unwrap();
    assert_eq!(mark["command"]["command"], "factline.markChecked");
    assert!(c.shutdown().success());
}

#[test]
fn marking_a_figure_checked_writes_the_file_and_silences_server_and_cli() {
    let dir = story_workspace();
    let (mut c, uri) = start_on(dir.path(), editor_caps());
    c.apply_edits = true;
    let p = pos_of(STORY_A, "4,000", 0, 1);
    let actions = actions_at(&mut c, &uri, p.clone(), p);
    let mark = actions
        .iter()
        .find(|a| a["command"]["command"] == "factline.markChecked")
        .unwrap()
        .clone();
    let resp = c.request("workspace/executeCommand", mark["command"].clone());
    assert!(resp["result"]["fingerprint"].is_string(), "{resp}");
    // The server asked for a CreateFile then an insertion, and stops flagging the figure.
    let edit = &c.applied[0];
    assert_eq!(edit["documentChanges"][0]["kind"], "create");
    let checked = fs::read_to_string(dir.path().join(".factline/checked.toml")).unwrap();
    assert!(
        checked.contains("figure = \"4,000\"") && checked.contains("The deal covers 4,000 jobs."),
        "{checked}"
    );
    let mut silenced = false;
    for _ in 0..5 {
        let d = c.diagnostics(&uri, Some(1));
        if !codes(&d).contains(&"unsourced-figure".to_string()) {
            silenced = true;
            break;
        }
    }
    assert!(silenced);
    // Edits elsewhere in the article keep it checked.
    let edited = STORY_A.replace("Port talks", "Port talks resume");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]}),
    );
    assert!(!codes(&c.diagnostics(&uri, Some(2))).contains(&"unsourced-figure".to_string()));
    // The CLI reads the same file.
    fs::write(dir.path().join("a.txt"), &edited).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["check", "--format", "json", "a.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cli_codes: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        cli_codes.contains(&"weekday-mismatch") && !cli_codes.contains(&"unsourced-figure"),
        "{cli_codes:?}"
    );
    // A broken checked file is a config-error at its line; the figures stay checked.
    fs::write(dir.path().join(".factline/checked.toml"), format!("{checked}\n[[checked]\n")).unwrap();
    let bad_uri = file_uri(&dir.path().join(".factline/checked.toml"));
    let mut reported = None;
    for _ in 0..10 {
        let d = c.diagnostics(&bad_uri, None);
        if !d.is_empty() {
            reported = Some(d);
            break;
        }
    }
    let d = reported.expect("a config-error in checked.toml");
    assert_eq!(codes(&d), ["config-error"]);
    assert_eq!(d[0]["range"]["start"]["line"], checked.lines().count() + 1);
    assert!(!codes(&c.diagnostics(&uri, Some(2))).contains(&"unsourced-figure".to_string()));
    assert!(c.shutdown().success());
}

#[test]
fn disable_next_line_comments_are_honoured_by_server_and_cli() {
    let dir = tempfile::tempdir().unwrap();
    let md = "# Port talks\n\n<!-- factline-disable-next-line unsourced-figure -->\nThe port would cost $3.2 billion.\n\nThe deal covers 4,000 jobs.\n";
    fs::write(dir.path().join("a.md"), md).unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    let uri = file_uri(&dir.path().join("a.md"));
    c.open(&uri, "markdown", md, 1);
    let d = c.diagnostics(&uri, Some(1));
    let flagged: Vec<u64> = d
        .iter()
        .filter(|x| x["code"] == "unsourced-figure")
        .map(|x| x["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(flagged, [5], "{d:?}");
    // Without the directive both are flagged: the test sees the directive's effect.
    let plain = md.replace("<!-- factline-disable-next-line unsourced-figure -->\n", "");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": plain}]}),
    );
    let d = c.diagnostics(&uri, Some(2));
    assert_eq!(d.iter().filter(|x| x["code"] == "unsourced-figure").count(), 2);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["check", "--format", "json", "a.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cli: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(cli, ["unsourced-figure"]);
    assert!(c.shutdown().success());
}

#[test]
fn the_show_sheet_command_returns_the_story_sheet() {
    let dir = story_workspace();
    let (mut c, _) = start_on(dir.path(), json!({}));
    let resp = c.request(
        "workspace/executeCommand",
        json!({"command": "factline.showSheet", "arguments": []}),
    );
    let md = resp["result"].as_str().unwrap_or_else(|| panic!("{resp}"));
    assert!(md.starts_with("# Story sheet\n\n2 articles: `a.txt`, `b.txt`"), "{md}");
    assert!(md.contains("| Olena Kovalenko | 5 | `a.txt` (3), `b.txt` (2) |"), "{md}");
    // The same Markdown as `factline sheet`.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["sheet", "a.txt", "b.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), md);
    // A document outside every folder gets its own one-article sheet.
    let outside = tempfile::tempdir().unwrap();
    let loose = file_uri(&outside.path().join("loose.txt"));
    c.open(&loose, "plaintext", STORY_B, 1);
    c.diagnostics(&loose, Some(1));
    let resp = c.request(
        "workspace/executeCommand",
        json!({"command": "factline.showSheet", "arguments": [loose]}),
    );
    let md = resp["result"].as_str().unwrap();
    assert!(md.contains("1 article:") && md.contains("loose.txt"), "{md}");
    let unknown = c.request("workspace/executeCommand", json!({"command": "factline.nope", "arguments": []}));
    assert_eq!(unknown["error"]["code"], -32602);
    assert!(c.shutdown().success());
}

#[test]
fn knowledge_base_edits_relink_documents_and_a_broken_file_keeps_the_previous_one() {
    let dir = story_workspace();
    let (mut c, uri) = start_on(dir.path(), json!({}));
    let hover_md = |c: &mut Client| {
        let h = req(c, "textDocument/hover", &uri, pos_of(STORY_A, "Olena", 0, 1));
        h["result"]["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    let first = hover_md(&mut c);
    assert!(first.contains("Mayor of Vinnytsia"), "{first}");
    std::thread::sleep(Duration::from_millis(300));
    fs::write(
        dir.path().join("entities.toml"),
        KB.replace("Mayor of Vinnytsia", "Governor of Podilia"),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !hover_md(&mut c).contains("Governor of Podilia") {
        assert!(std::time::Instant::now() < deadline, "the knowledge base was not reloaded");
        std::thread::sleep(Duration::from_millis(100));
    }
    // A syntax error: a config-error at its line in entities.toml; the last good base stays.
    let broken = format!("{KB}\n[[entity]]\nid = \"x\"\nname = \n");
    fs::write(dir.path().join("entities.toml"), &broken).unwrap();
    let kb_uri = file_uri(&dir.path().join("entities.toml"));
    let mut found = None;
    for _ in 0..10 {
        let d = c.diagnostics(&kb_uri, None);
        if !d.is_empty() {
            found = Some(d);
            break;
        }
    }
    let d = found.expect("config-error in entities.toml");
    assert_eq!(codes(&d), ["config-error"]);
    assert_eq!(d[0]["range"]["start"]["line"], broken.lines().count() - 1);
    let md = hover_md(&mut c);
    // The last base that loaded is still in force.
    assert!(md.contains("Governor of Podilia"), "{md}");
    // Opening and closing the broken file in the editor leaves its problem shown, and the
    // file is not analysed as an article meanwhile.
    c.open(&kb_uri, "toml", &broken, 1);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": kb_uri}}));
    std::thread::sleep(Duration::from_millis(300));
    let mut seen = 0;
    while let Some(m) = c.wait_for(
        |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == kb_uri.as_str(),
        Duration::from_millis(200),
    ) {
        assert_eq!(codes(m["params"]["diagnostics"].as_array().unwrap()), ["config-error"], "{m}");
        seen += 1;
    }
    assert!(seen > 0, "no publish for the closed file");
    // Fixed again: the error is cleared and the new base loads.
    fs::write(dir.path().join("entities.toml"), KB).unwrap();
    let mut cleared = false;
    for _ in 0..10 {
        if c.diagnostics(&kb_uri, None).is_empty() {
            cleared = true;
            break;
        }
    }
    assert!(cleared, "the config-error stays after the fix");
    assert!(hover_md(&mut c).contains("Mayor of Vinnytsia"));
    assert!(c.shutdown().success());
}

#[test]
fn out_of_range_positions_in_every_request_answer_empty() {
    let dir = story_workspace();
    let (mut c, uri) = start_on(dir.path(), editor_caps());
    let far = json!({"line": 9999, "character": 9999});
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/declaration",
        "textDocument/references",
        "textDocument/prepareRename",
    ] {
        let r = c.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": far, "context": {"includeDeclaration": true}}),
        );
        assert!(r.get("error").is_none() && r["result"].is_null(), "{method}: {r}");
    }
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": far, "newName": "X"}),
    );
    assert!(r["result"].is_null(), "{r}");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": far, "end": far}, "context": {"diagnostics": []}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    let r = c.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": uri}, "range": {"start": far, "end": {"line": 0, "character": 0}}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    // Unknown documents: null, not an error.
    for method in ["textDocument/documentSymbol", "textDocument/semanticTokens/full"] {
        let r = c.request(method, json!({"textDocument": {"uri": "file:///nowhere.txt"}}));
        assert!(r.get("error").is_none() && r["result"].is_null(), "{method}: {r}");
    }
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "factline.markChecked", "arguments": [uri, far]}),
    );
    assert!(r["error"]["message"].as_str().unwrap_or("").contains("no figure"), "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn a_closed_file_contradicting_an_open_one_is_flagged_and_cleared_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    fs::write(
        &a,
        "Quake\n\nLIMA, February 10, 2026 — The earthquake killed 27 people, the civil defence institute said.\n",
    )
    .unwrap();
    // The same day: a toll that rose from one day to the next would be an update
    // (`superseded-figure`), not a contradiction.
    fs::write(
        &b,
        "Quake\n\nLIMA, February 10, 2026 — The death toll from the earthquake stood at 41, officials said.\n",
    )
    .unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({"window": {"workDoneProgress": true}}), json!(null));
    let uri = file_uri(&a);
    c.open(&uri, "plaintext", &fs::read_to_string(&a).unwrap(), 1);
    let wait_for = |c: &mut Client, want: bool| {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        while std::time::Instant::now() < deadline {
            let d = c.diagnostics(&uri, Some(1));
            let hit = d.iter().find(|x| x["code"] == "inconsistent-number").cloned();
            if hit.is_some() == want {
                return hit;
            }
        }
        panic!("inconsistent-number never became {want}");
    };
    let hit = wait_for(&mut c, true).unwrap();
    // The hover on the figure lists the other statement of the same quantity.
    let text = fs::read_to_string(&a).unwrap();
    let hover = req(&mut c, "textDocument/hover", &uri, pos_of(&text, "27", 0, 1));
    let md = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(
        md.contains("Same quantity elsewhere:\n- 41 — contradicts; b.txt line 3 (source: officials)"),
        "{md}"
    );
    let rel = &hit["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], file_uri(&b));
    assert!(rel["message"].as_str().unwrap().contains("41"), "{rel}");
    assert!(hit["message"].as_str().unwrap().contains("41"), "{hit}");
    // The closed file is corrected on disk: the warning goes away.
    std::thread::sleep(Duration::from_millis(300));
    fs::write(
        &b,
        "Quake\n\nLIMA, February 11, 2026 — The death toll from the earthquake stood at 27, officials said.\n",
    )
    .unwrap();
    wait_for(&mut c, false);
}

/// A figure restated in many articles: its diagnostic lists the eight nearest and counts the
/// rest; the hover on it lists them all, in pages.
#[test]
fn related_statements_are_capped_and_the_hover_lists_them_all_in_pages() {
    let dir = tempfile::tempdir().unwrap();
    // The toll falls day by day (one that rose would be an update, `superseded-figure`).
    for day in 1..=25 {
        let text = format!(
            "Quake\n\nLIMA, March {day}, 2026 — The earthquake in Peru killed {} people, officials said.\n",
            1003 + 10 * (26 - day)
        );
        fs::write(dir.path().join(format!("day-{day:02}.txt")), text).unwrap();
    }
    let a = dir.path().join("day-01.txt");
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    let uri = file_uri(&a);
    let text = fs::read_to_string(&a).unwrap();
    c.open(&uri, "plaintext", &text, 1);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let hit = loop {
        let d = c.diagnostics(&uri, Some(1));
        if let Some(hit) = d
            .iter()
            .find(|x| x["code"] == "inconsistent-number" && x["message"].as_str().unwrap_or("").contains("23 other"))
        {
            break hit.clone();
        }
        assert!(std::time::Instant::now() < deadline, "no capped inconsistent-number: {d:?}");
    };
    let related = hit["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 8, "{hit}");
    // The nearest in date: the articles of the next eight days.
    for (r, day) in related.iter().zip(2..) {
        assert_eq!(
            r["location"]["uri"],
            file_uri(&dir.path().join(format!("day-{day:02}.txt"))),
            "{hit}"
        );
    }
    let hover = req(&mut c, "textDocument/hover", &uri, pos_of(&text, "1253", 0, 1));
    let md = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert_eq!(md.matches(" — contradicts; ").count(), 24, "{md}");
    assert!(md.contains("*Page 2 of 2*"), "{md}");
    assert!(c.shutdown().success());
}

/// A document over `max_file_size` gets one message and no analysis, however it is edited;
/// back under the limit it is analysed again.
#[test]
fn a_document_over_max_file_size_gets_one_message_and_no_analysis() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("factline.toml"), "max_file_size = \"2KB\"\n").unwrap();
    let a = dir.path().join("big.txt");
    let sentence = "The port would cost $3.2 billion. ";
    let big = format!("Port\n\n{}\n", sentence.repeat(100));
    fs::write(&a, "Port\n").unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    let uri = file_uri(&a);
    c.open(&uri, "plaintext", &big, 1);
    let shown = c
        .wait_for(|m| m["method"] == "window/showMessage", Duration::from_secs(10))
        .expect("a message");
    let text = shown["params"]["message"].as_str().unwrap_or("");
    assert!(text.contains("max_file_size") && text.contains("big.txt"), "{shown}");
    // Edits keep it too large: no analysis, no second message.
    for v in 2..=3 {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": format!("{big}{v}")}]}),
        );
    }
    let hover = req(&mut c, "textDocument/hover", &uri, pos_of(&big, "3.2", 0, 1));
    assert!(hover["result"].is_null(), "{hover}");
    assert!(c.take_backlog(|m| m["method"] == "window/showMessage").is_empty());
    let published = c.take_backlog(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str());
    assert!(
        published
            .iter()
            .all(|m| m["params"]["diagnostics"].as_array().is_some_and(Vec::is_empty)),
        "{published:?}"
    );
    // Cut back under the limit, it is analysed.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": "Port\n\nThe port would cost $3.2 billion.\n"}]}),
    );
    assert!(codes(&c.diagnostics(&uri, Some(4))).contains(&"unsourced-figure".to_string()));
    assert!(c.shutdown().success());
}

/// An edit republishes the edited document and the open articles stating a quantity it
/// changed, not every open document.
#[test]
fn an_edit_republishes_only_the_articles_it_affects() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        (
            "a.txt",
            "Quake\n\nLIMA, February 10, 2026 — The earthquake in Peru killed 34 people, officials said.\n",
        ),
        (
            "b.txt",
            "Quake\n\nLIMA, February 11, 2026 — The earthquake in Peru killed 34 people, the agency said.\n",
        ),
        (
            "c.txt",
            "Bank\n\nSEOUL, March 5, 2026 — The Bank of Korea cut its base rate to 2.25%, the bank said.\n",
        ),
    ];
    for (name, text) in texts {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    let uris: Vec<String> = texts.iter().map(|(n, _)| file_uri(&dir.path().join(n))).collect();
    for (uri, (_, text)) in uris.iter().zip(texts) {
        c.open(uri, "plaintext", text, 1);
        c.diagnostics(uri, Some(1));
    }
    // Wait for the scan to end (a workspace request waits for it), then forget what came.
    c.request("workspace/symbol", json!({"query": "Peru"}));
    // Reads what is still coming (the scan's last publishes) into the backlog, and drops it.
    c.wait_for(|_| false, Duration::from_millis(800));
    c.take_backlog(|_| true);
    let changed = texts[0].1.replace("34", "43");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uris[0], "version": 2}, "contentChanges": [{"text": changed}]}),
    );
    c.diagnostics(&uris[0], Some(2));
    // b.txt states the same toll: its contradiction is published; c.txt is left alone.
    let flagged = c.wait_for(
        |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uris[1].as_str()
                && codes(m["params"]["diagnostics"].as_array().map_or(&[][..], Vec::as_slice)).contains(&"inconsistent-number".to_string())
        },
        Duration::from_secs(15),
    );
    assert!(flagged.is_some(), "b.txt's contradiction was never published");
    std::thread::sleep(Duration::from_millis(300));
    c.wait_for(|_| false, Duration::from_millis(200));
    let others = c.take_backlog(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uris[2].as_str());
    assert!(others.is_empty(), "{others:?}");
    assert!(c.shutdown().success());
}

/// Messages name the other article as the CLI does, by its path in the workspace folder, not
/// by its URI (an editor shows the message as is).
#[test]
fn messages_name_other_articles_by_their_path_in_the_workspace_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("desk/follow-ups")).unwrap();
    let a = dir.path().join("ferry.md");
    let b = dir.path().join("desk/follow-ups/ferry-followup.md");
    let a_text = "Ferry sinks\n\nDHAKA, March 2, 2026 — The ferry accident killed 47 people, police said. \
                  Volodymyr Zelenskyy sent condolences.\n";
    fs::write(&a, a_text).unwrap();
    fs::write(
        &b,
        "Ferry toll\n\nDHAKA, March 3, 2026 — The ferry accident killed 74 people, officials said. \
         Volodymyr Zelensky sent condolences.\n",
    )
    .unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({"window": {"workDoneProgress": true}}), json!(null));
    let uri = file_uri(&a);
    c.open(&uri, "markdown", a_text, 1);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let diags = loop {
        let d = c.diagnostics(&uri, Some(1));
        if d.iter().any(|x| x["code"] == "inconsistent-number") && d.iter().any(|x| x["code"] == "name-variant") {
            break d;
        }
        assert!(std::time::Instant::now() < deadline, "{d:?}");
    };
    let message = |code: &str| {
        diags.iter().find(|d| d["code"] == code).unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let number = message("inconsistent-number");
    assert!(
        number.contains("47 contradicts 74 in desk/follow-ups/ferry-followup.md"),
        "{number}"
    );
    let variant = message("name-variant");
    assert!(variant.contains("in desk/follow-ups/ferry-followup.md: two spellings"), "{variant}");
    for m in [&number, &variant] {
        assert!(!m.contains("file:") && !m.contains(&dir.path().display().to_string()), "{m}");
    }
    // The related information still points at the file itself.
    let hit = diags.iter().find(|d| d["code"] == "inconsistent-number").unwrap();
    assert_eq!(hit["relatedInformation"][0]["location"]["uri"], file_uri(&b));
    // So does the figure's hover.
    let hover = req(&mut c, "textDocument/hover", &uri, pos_of(a_text, "47", 0, 1));
    let md = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(md.contains("74 — contradicts; desk/follow-ups/ferry-followup.md line 3"), "{md}");
    assert!(c.shutdown().success());
}

#[test]
fn a_name_outside_the_knowledge_base_is_added_to_a_new_entities_file_and_relinked() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Market news\nAmara Okafor opened a stall in Lagos. Okafor sold rice.\n";
    fs::write(dir.path().join("m.txt"), text).unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), editor_caps(), json!(null));
    let uri = file_uri(&dir.path().join("m.txt"));
    c.open(&uri, "plaintext", text, 1);
    c.diagnostics(&uri, Some(1));
    let hover = |c: &mut Client| {
        let h = req(c, "textDocument/hover", &uri, pos_of(text, "Okafor sold", 0, 1));
        h["result"]["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    assert!(hover(&mut c).contains("Not in the knowledge base"));
    let p = pos_of(text, "Okafor sold", 0, 1);
    let actions = actions_at(&mut c, &uri, p.clone(), p);
    let add = actions
        .iter()
        .find(|a| a["title"] == "Add \"Amara Okafor\" (person) to the workspace knowledge base (entities.toml)")
        .unwrap_or_else(|| panic!("{actions:?}"));
    let kb = dir.path().join("entities.toml");
    assert_eq!(
        add["edit"]["documentChanges"][0],
        json!({"kind": "create", "uri": file_uri(&kb), "options": {"overwrite": false, "ignoreIfExists": true}})
    );
    // No knowledge-base action on a name the knowledge base knows.
    let lagos = pos_of(text, "Lagos", 0, 1);
    let on_lagos = actions_at(&mut c, &uri, lagos.clone(), lagos);
    assert!(
        !on_lagos.iter().any(|a| a["title"].as_str().unwrap().contains("knowledge base")),
        "{on_lagos:?}"
    );
    // The editor applies and saves the edit; the server reloads and links the name.
    std::thread::sleep(Duration::from_millis(300));
    common::apply_workspace_edit(&add["edit"]);
    let written = fs::read_to_string(&kb).unwrap();
    assert_eq!(
        written,
        "[[entity]]\nid = \"amara-okafor\"\nname = \"Amara Okafor\"\nkind = \"person\"\n"
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let md = hover(&mut c);
        if md.contains("From the workspace knowledge base: `entities.toml` line 1") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not relinked: {md}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let decl = req(&mut c, "textDocument/declaration", &uri, pos_of(text, "Okafor sold", 0, 1));
    assert_eq!(decl["result"]["uri"], file_uri(&kb));
    assert!(c.shutdown().success());
}

/// The three-article story of a rising toll through the server: the two older totals carry a
/// `superseded-figure` (information) with related information at the newer statements and no
/// `inconsistent-number`; the hover on a figure gives the quantity's timeline and why the
/// statements are one quantity; the quick fix writes the newest value and source.
#[test]
fn a_rising_toll_is_superseded_with_a_timeline_and_an_update_fix() {
    let dir = tempfile::tempdir().unwrap();
    let monday = "---\ndate: 2026-03-02\n---\n# Floods in Kenya\n\nFloods in Kenya have killed 41 people, the Kenya Red Cross said — “the worst in years”.\n";
    let tuesday = "Floods\n\nNAIROBI, March 3, 2026 — The death toll from floods in Kenya rose to 52, the interior ministry said.\n";
    let wednesday =
        "Floods\n\nThe death toll from floods in Kenya has risen to at least 63, the interior ministry said on March 4, 2026.\n";
    fs::write(dir.path().join("monday.md"), monday).unwrap();
    fs::write(dir.path().join("tuesday.txt"), tuesday).unwrap();
    fs::write(dir.path().join("wednesday.txt"), wednesday).unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), editor_caps(), json!(null));
    let uri = file_uri(&dir.path().join("monday.md"));
    c.open(&uri, "markdown", monday, 1);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let diags = loop {
        let d = c.diagnostics(&uri, Some(1));
        if d.iter().any(|x| x["code"] == "superseded-figure") {
            break d;
        }
        assert!(std::time::Instant::now() < deadline, "{d:?}");
    };
    assert!(!diags.iter().any(|x| x["code"] == "inconsistent-number"), "{diags:?}");
    let hit = diags.iter().find(|d| d["code"] == "superseded-figure").unwrap();
    // Information is severity 3.
    assert_eq!(hit["severity"], 3);
    assert_eq!(hit["range"]["start"], pos_of(monday, "41", 0, 0));
    let related = hit["relatedInformation"].as_array().unwrap();
    let uris: Vec<&str> = related.iter().map(|r| r["location"]["uri"].as_str().unwrap()).collect();
    assert_eq!(
        uris,
        [
            file_uri(&dir.path().join("wednesday.txt")),
            file_uri(&dir.path().join("tuesday.txt"))
        ]
    );
    // The Tuesday article, opened too, has its own older total marked.
    let tue_uri = file_uri(&dir.path().join("tuesday.txt"));
    c.open(&tue_uri, "plaintext", tuesday, 1);
    let tue = c.diagnostics(&tue_uri, Some(1));
    assert_eq!(tue.iter().filter(|d| d["code"] == "superseded-figure").count(), 1, "{tue:?}");
    assert!(!tue.iter().any(|x| x["code"] == "inconsistent-number"), "{tue:?}");
    // The hover: why they are one quantity, and the timeline, oldest first.
    let hover = req(&mut c, "textDocument/hover", &uri, pos_of(monday, "41", 0, 1));
    let md = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(md.contains("same measure: dead"), "{md}");
    let timeline = md.split("Timeline:").nth(1).unwrap_or_else(|| panic!("{md}"));
    let order: Vec<usize> = ["2026-03-02: 41", "2026-03-03: 52", "2026-03-04: 63"]
        .iter()
        .map(|x| timeline.find(x).unwrap_or_else(|| panic!("{x} in {md}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{md}");
    // The quick fix: the newest value and its source.
    let p = pos_of(monday, "41", 0, 1);
    let actions = actions_at(&mut c, &uri, p.clone(), p);
    let update = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Update to 63")))
        .unwrap_or_else(|| panic!("{actions:?}"));
    let edited = common::apply_text_edits(monday, edits_for(update, &uri));
    assert!(edited.contains("have killed 63 people, the interior ministry said"), "{edited}");
    assert!(c.shutdown().success());
}
