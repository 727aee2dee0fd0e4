//! A seeded soak of the real `factline lsp` over stdio: thousands of random incremental edits
//! to two articles full of multi-byte text and CRLF line ends — including undo bursts, edits
//! batched in one didChange, and positions past the line end, past the document end and
//! inside a surrogate pair, which the server clamps — interleaved with hover, definition,
//! references, semantic tokens (full and range) and code action requests at random places.
//!
//! Every request must be answered and the server must stay up. At the end, the diagnostics
//! last published for each document must equal what `factline check --format json` reports on
//! the final texts, which the client tracked with its own model of LSP positions: the server
//! and the client agree on every byte.
//!
//! `FACTLINE_SOAK_EDITS` and `FACTLINE_SOAK_SEED` change the run; `-- --nocapture` prints its
//! figures.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Client, file_uri};
use serde_json::{Value, json};

const EDITS: usize = 3000;

const ARTICLE_A: &str = "Port deal signed in Nairobi\r\n\
NAIROBI (Reuters) – Kenya 🇰🇪 and 中国 agreed on Monday, May 14, 2024 that the port would cost $3.2 billion.\r\n\
“We are ready,” said Olena Kovalenko, the transport minister. The work will take 18 months.\r\n\
Officials said 4,000 jobs would be created; analysts say the cost could reach $4 billion.\r\n\
Café owners in Mombasa – where 会谈中 李明 spoke – expect about 40% more trade 🙂.\r\n\
The ministry said the port would cost $3.5 billion. “It’s a good deal,” one trader said.\r\n";

const ARTICLE_B: &str = "# Port talks continue\n\
\n\
Olena Kovalenko met officials in Kenya on Tuesday, May 14, 2024. The deal covers 4,000 jobs.\r\n\
\n\
The port would cost $3.2 billion, the finance ministry said. Nai\u{301}robi’s mayor was absent.\n\
- 12 ships — a record — arrived; experts estimate 1.5 million tonnes a year.\n";

const FRAGMENTS: &[&str] = &[
    "Olena Kovalenko said ",
    "$3.2 billion",
    " about 40% ",
    "中国",
    " 会谈中 李明 ",
    "🙂",
    "🇰🇪",
    "e\u{301}",
    "–",
    " — ",
    "“Yes,” she said. ",
    "’",
    " on Monday, May 14, 2024",
    "\r\n",
    "\n",
    " 4,000 jobs",
    "The transport ministry said ",
    ". ",
    " Kenya",
    " (Reuters) ",
    "\u{a0}",
    "a",
    " ",
    "rose 20% from 100 to 130",
    " 1.5 million",
];

/// xorshift64: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Lines as LSP counts them (`\n`, `\r\n`, `\r` end a line): (start, end of content).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// The byte offset of an LSP position, clamped as the server documents it: a line past the
/// end is the end, a column past the line's end is the line's end, a column inside a
/// character (half a surrogate pair) is the character's start.
fn offset(text: &str, line: u32, character: u32) -> usize {
    let ls = lines(text);
    let Some(&(start, end)) = ls.get(line as usize) else {
        return text.len();
    };
    let mut units = 0;
    for (i, ch) in text[start..end].char_indices() {
        if units + ch.len_utf16() > character as usize {
            return start + i;
        }
        units += ch.len_utf16();
    }
    end
}

/// The LSP position of a byte offset on a character boundary.
fn position(text: &str, at: usize) -> (u32, u32) {
    let ls = lines(text);
    let line = ls.iter().rposition(|&(s, _)| s <= at).unwrap_or(0);
    let (start, end) = ls[line];
    let col: usize = text[start..at.min(end)].chars().map(char::len_utf16).sum();
    (line as u32, col as u32)
}

fn pos_json((line, character): (u32, u32)) -> Value {
    json!({"line": line, "character": character})
}

/// A random character boundary of `text`.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A random position: mostly exact, sometimes past the line end, past the document end, or
/// inside a surrogate pair.
fn random_position(rng: &mut Rng, text: &str) -> (u32, u32) {
    let ls = lines(text);
    match rng.below(10) {
        0 => {
            let line = rng.below(ls.len());
            let (s, e) = ls[line];
            let len: usize = text[s..e].chars().map(char::len_utf16).sum();
            (line as u32, (len + 1 + rng.below(40)) as u32)
        }
        1 => ((ls.len() + rng.below(4)) as u32, rng.below(30) as u32),
        2 => {
            // Inside an astral character, when the text has one.
            match text.char_indices().filter(|(_, c)| c.len_utf16() == 2).nth(rng.below(8)) {
                Some((at, _)) => {
                    let (line, col) = position(text, at);
                    (line, col + 1)
                }
                None => position(text, boundary(rng, text)),
            }
        }
        _ => position(text, boundary(rng, text)),
    }
}

/// One change: LSP range plus text, applied to the model as the server applies it.
struct Change {
    start: (u32, u32),
    end: (u32, u32),
    text: String,
}

/// Applies `c` to `text`; returns the byte range replaced and the text it had (for undo).
fn apply(text: &mut String, c: &Change) -> (usize, String) {
    let a = offset(text, c.start.0, c.start.1);
    let b = offset(text, c.end.0, c.end.1).max(a);
    let old = text[a..b].to_string();
    text.replace_range(a..b, &c.text);
    (a, old)
}

struct Doc {
    uri: String,
    path: std::path::PathBuf,
    text: String,
    version: i64,
    /// Inverse edits, newest last: (start, length of the new text, old text).
    undo: Vec<(usize, usize, String)>,
}

fn random_change(rng: &mut Rng, doc: &Doc) -> Change {
    let text = &doc.text;
    // Keep the article between about 0.5 and 6 KB.
    let kind = if text.len() > 6000 {
        1
    } else if text.len() < 500 {
        0
    } else {
        rng.below(3)
    };
    match kind {
        0 => {
            let at = random_position(rng, text);
            let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())].to_string();
            Change {
                start: at,
                end: at,
                text: fragment,
            }
        }
        _ => {
            let start = random_position(rng, text);
            let from = offset(text, start.0, start.1);
            let mut to = (from + 1 + rng.below(40)).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            let mut end = if rng.chance(10) {
                random_position(rng, text)
            } else {
                position(text, to)
            };
            if end < start {
                end = start;
            }
            let replacement = if kind == 2 {
                FRAGMENTS[rng.below(FRAGMENTS.len())].to_string()
            } else {
                String::new()
            };
            Change {
                start,
                end,
                text: replacement,
            }
        }
    }
}

fn did_change(c: &mut Client, doc: &mut Doc, changes: &[Change]) {
    doc.version += 1;
    let content: Vec<Value> = changes
        .iter()
        .map(|ch| json!({"range": {"start": pos_json(ch.start), "end": pos_json(ch.end)}, "text": ch.text}))
        .collect();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": doc.uri, "version": doc.version}, "contentChanges": content}),
    );
}

fn severity(name: &str) -> i64 {
    match name {
        "error" => 1,
        "warning" => 2,
        "information" => 3,
        _ => 4,
    }
}

/// (code, range, message, severity) of LSP diagnostics, sorted.
fn lsp_view(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {} {} {}", d["code"], d["range"], d["severity"], d["message"]))
        .collect();
    v.sort();
    v
}

fn cli_view(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| {
            let sev = severity(d["severity"].as_str().unwrap_or(""));
            format!("{} {} {} {}", d["code"], d["range"], sev, d["message"])
        })
        .collect();
    v.sort();
    v
}

#[test]
fn thousands_of_random_edits_and_requests_end_in_the_final_texts_diagnostics() {
    let edits: usize = std::env::var("FACTLINE_SOAK_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(EDITS);
    let seed: u64 = std::env::var("FACTLINE_SOAK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_f00d_cafe_f11e);
    let began = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut docs: Vec<Doc> = [("a.txt", ARTICLE_A), ("b.md", ARTICLE_B)]
        .into_iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            Doc {
                uri: file_uri(&path),
                path,
                text: text.to_string(),
                version: 1,
                undo: Vec::new(),
            }
        })
        .collect();
    let mut c = Client::start();
    c.initialize(Some(dir.path()), json!({}), json!(null));
    for d in &docs {
        let language = if d.uri.ends_with(".md") { "markdown" } else { "plaintext" };
        c.open(&d.uri, language, &d.text, 1);
    }
    let mut rng = Rng(seed);
    let mut outstanding: HashSet<i64> = HashSet::new();
    let (mut next_id, mut requests, mut changes_sent, mut undone) = (1_000_000i64, 0usize, 0usize, 0usize);
    let kinds = [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/semanticTokens/full",
        "textDocument/semanticTokens/range",
        "textDocument/codeAction",
    ];
    for step in 0..edits {
        let d = rng.below(docs.len());
        let doc = &mut docs[d];
        if rng.chance(8) && !doc.undo.is_empty() {
            // An undo burst: the inverses of the last few edits, newest first, one didChange each.
            for _ in 0..1 + rng.below(5) {
                let Some((start, len, old)) = doc.undo.pop() else { break };
                let change = Change {
                    start: position(&doc.text, start),
                    end: position(&doc.text, start + len),
                    text: old,
                };
                apply(&mut doc.text, &change);
                did_change(&mut c, doc, &[change]);
                undone += 1;
                changes_sent += 1;
            }
        } else {
            // One to three changes in one didChange, each on the result of the one before.
            let mut batch = Vec::new();
            for _ in 0..if rng.chance(15) { 2 + rng.below(2) } else { 1 } {
                let change = random_change(&mut rng, doc);
                let (start, old) = apply(&mut doc.text, &change);
                doc.undo.push((start, change.text.len(), old));
                batch.push(change);
            }
            changes_sent += batch.len();
            did_change(&mut c, doc, &batch);
        }
        if doc.undo.len() > 50 {
            doc.undo.drain(..25);
        }
        if rng.chance(30) {
            let kind = kinds[rng.below(kinds.len())];
            let doc = &docs[rng.below(docs.len())];
            let p = pos_json(random_position(&mut rng, &doc.text));
            let q = pos_json(random_position(&mut rng, &doc.text));
            let (p, q) = if p["line"].as_u64() > q["line"].as_u64() { (q, p) } else { (p, q) };
            let params = match kind {
                "textDocument/semanticTokens/full" => json!({"textDocument": {"uri": doc.uri}}),
                "textDocument/semanticTokens/range" => json!({"textDocument": {"uri": doc.uri}, "range": {"start": p, "end": q}}),
                "textDocument/codeAction" => {
                    json!({"textDocument": {"uri": doc.uri}, "range": {"start": p, "end": q}, "context": {"diagnostics": []}})
                }
                "textDocument/references" => {
                    json!({"textDocument": {"uri": doc.uri}, "position": p, "context": {"includeDeclaration": true}})
                }
                _ => json!({"textDocument": {"uri": doc.uri}, "position": p}),
            };
            next_id += 1;
            requests += 1;
            outstanding.insert(next_id);
            c.send_raw(&json!({"jsonrpc": "2.0", "id": next_id, "method": kind, "params": params}).to_string());
        }
        if step % 250 == 249 {
            collect_answers(&mut c, &mut outstanding);
        }
    }
    collect_answers(&mut c, &mut outstanding);
    // One last edit to each document, so each has a publish computed after every other edit.
    for doc in &mut docs {
        let change = Change {
            start: (0, 0),
            end: (0, 0),
            text: "Update: ".into(),
        };
        apply(&mut doc.text, &change);
        did_change(&mut c, doc, &[change]);
        changes_sent += 1;
    }
    // Publishes in arrival order (read but unconsumed ones first); the last one per document
    // counts. Wait until each has its final version and nothing more arrives.
    let mut last: BTreeMap<String, Value> = BTreeMap::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics", Duration::from_millis(700)) {
            Some(m) => {
                last.insert(m["params"]["uri"].as_str().unwrap().to_string(), m);
            }
            None if docs
                .iter()
                .all(|d| last.get(&d.uri).is_some_and(|m| m["params"]["version"] == d.version)) =>
            {
                break;
            }
            None => assert!(Instant::now() < deadline, "no diagnostics for the final versions: {last:?}"),
        }
    }
    let rejected = c.take_backlog(|m| m["method"] == "window/logMessage" && m["params"]["type"].as_i64() <= Some(2));
    assert!(rejected.is_empty(), "the server rejected or ignored edits: {rejected:?}");
    assert!(c.alive());

    // The final texts on disk, checked by the CLI as one workspace.
    for doc in &docs {
        std::fs::write(&doc.path, &doc.text).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_factline"))
        .current_dir(dir.path())
        .args(["check", "a.txt", "b.md", "--format", "json", "--fail-on", "none"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut total = 0;
    for doc in &docs {
        let name = doc.path.file_name().unwrap().to_str().unwrap();
        let file = report["files"].as_array().unwrap().iter().find(|f| f["path"] == name).unwrap();
        let expected = cli_view(file["diagnostics"].as_array().unwrap());
        let published = &last[&doc.uri];
        assert_eq!(published["params"]["version"], doc.version, "{}", doc.uri);
        let got = lsp_view(published["params"]["diagnostics"].as_array().unwrap());
        assert_eq!(got, expected, "{}: final text {:?}", doc.uri, doc.text);
        total += got.len();
    }
    assert!(total > 0, "the final texts should still have findings to compare");
    assert!(c.shutdown().success());
    println!(
        "soak: {edits} steps, {changes_sent} changes ({undone} undone), {requests} requests, {total} final diagnostics, {:.1} s",
        began.elapsed().as_secs_f64()
    );
}

/// Waits until every request sent has its answer (a result or an error).
fn collect_answers(c: &mut Client, outstanding: &mut HashSet<i64>) {
    while !outstanding.is_empty() {
        let ids = outstanding.clone();
        let m = c
            .wait_for(
                |m| m.get("method").is_none() && m["id"].as_i64().is_some_and(|id| ids.contains(&id)),
                Duration::from_secs(30),
            )
            .unwrap_or_else(|| panic!("requests {ids:?} were never answered"));
        assert!(m.get("result").is_some() || m.get("error").is_some(), "{m}");
        outstanding.remove(&m["id"].as_i64().unwrap());
    }
    assert!(c.alive(), "the server exited");
    // Publishes read on the way are not needed until the end; keep the backlog short.
    let _ = c.take_backlog(|m| m["method"] == "textDocument/publishDiagnostics");
}

#[test]
fn the_model_clamps_positions_as_the_server_documents() {
    let text = "ab🙂c\r\nd\re\n";
    assert_eq!(lines(text), [(0, 7), (9, 10), (11, 12), (13, 13)]);
    assert_eq!(offset(text, 0, 3), 2); // inside the surrogate pair: its start
    assert_eq!(offset(text, 0, 99), 7); // past the line end: before the CRLF
    assert_eq!(offset(text, 9, 0), text.len());
    assert_eq!(position(text, 6), (0, 4));
    assert_eq!(position(text, 11), (2, 0));
}
