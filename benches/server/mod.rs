//! The server on a generated workspace: `factline lsp` driven over stdio as an editor would.
//! Measures when the opened document's own diagnostics arrive against when the initial scan
//! ends, how long the scan takes, the time from one character typed into a sentence with a
//! figure (in the largest article) to that version's diagnostics, and the server's peak RSS.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod client;

use client::{Server, is_publish};

fn is_scan_end(m: &Value) -> bool {
    m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
}

/// LSP position (UTF-16) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..offset].encode_utf16().count()})
}

pub fn run(bin: &str, dir: &Path, edits: usize) -> std::io::Result<()> {
    // The largest article, opened as an editor would.
    let mut largest: Option<(u64, std::path::PathBuf)> = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let len = std::fs::metadata(&p)?.len();
                if largest.as_ref().is_none_or(|(l, _)| len > *l) {
                    largest = Some((len, p));
                }
            }
        }
    }
    let Some((_, file)) = largest else {
        return Err(std::io::Error::other("empty workspace"));
    };
    let text = std::fs::read_to_string(&file)?;
    let uri = format!("file://{}", file.display());
    let root = format!("file://{}", dir.display());

    let mut s = Server::start(bin)?;
    let started = Instant::now();
    let id = s.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {"window": {"workDoneProgress": true}},
               "workspaceFolders": [{"uri": root, "name": "ws"}]}),
    );
    // Notifications before the answer to `initialize` are dropped.
    while let Some(m) = s.next(Duration::from_secs(30)) {
        if m["id"] == id && m.get("method").is_none() {
            break;
        }
    }
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let (mut own, mut scan_end) = (None, None);
    while own.is_none() || scan_end.is_none() {
        let Some(m) = s.next(Duration::from_secs(300)) else { break };
        if own.is_none() && is_publish(&m, &uri, Some(1)) {
            own = Some(started.elapsed());
        }
        if is_scan_end(&m) {
            scan_end = Some(started.elapsed());
        }
    }
    let ms = |d: Option<Duration>| d.map_or_else(|| "never".to_string(), |d| format!("{:.0} ms", d.as_secs_f64() * 1000.0));
    println!(
        "server: opened document's diagnostics at {}, scan done at {}",
        ms(own),
        ms(scan_end)
    );
    // Let the publishes of the scan's end go by.
    while s.next(Duration::from_millis(500)).is_some() {}

    // One character typed into a sentence with a figure, then taken back, and so on.
    let digit = text.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let at = text[digit..].find(' ').map_or(digit, |i| digit + i);
    let pos = position(&text, at);
    let mut after = pos.clone();
    after["character"] = json!(pos["character"].as_u64().unwrap_or(0) + 1);
    let mut times = Vec::new();
    for i in 0..edits {
        let version = i as i64 + 2;
        let change = if i % 2 == 0 {
            json!({"range": {"start": pos, "end": pos}, "text": "s"})
        } else {
            json!({"range": {"start": pos, "end": after}, "text": ""})
        };
        let t = Instant::now();
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        loop {
            let Some(m) = s.next(Duration::from_secs(30)) else {
                return Err(std::io::Error::other("no diagnostics after an edit"));
            };
            if is_publish(&m, &uri, Some(version)) {
                break;
            }
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let at_q = |q: f64| {
        times
            .get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "server: edit -> diagnostics median {:.2} ms, p95 {:.2} ms over {edits} edits ({} bytes article); peak RSS {}",
        at_q(0.5),
        at_q(0.95),
        text.len(),
        s.peak_rss_kib()
            .map_or_else(|| "n/a".to_string(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
    );
    s.stop();
    Ok(())
}
