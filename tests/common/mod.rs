//! A minimal LSP client over the real `factline lsp` process: Content-Length framing on
//! stdio, a reader thread, and helpers to wait for notifications.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages read but not yet consumed.
    backlog: Vec<Value>,
    /// Apply `workspace/applyEdit` requests to the files on disk (as an editor that saves)
    /// and answer `applied: true`; otherwise they are answered with null like the others.
    pub apply_edits: bool,
    /// The edits the server asked the client to apply, in arrival order.
    pub applied: Vec<Value>,
    /// Leave the server's requests unanswered (a client that never replies).
    pub silent: bool,
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    pub fn start() -> Client {
        Client::start_with_args(&["lsp"], &[])
    }

    /// Starts the server with extra environment variables (fault injection, deadlines).
    pub fn start_with_env(env: &[(&str, &str)]) -> Client {
        Client::start_with_args(&["lsp"], env)
    }

    /// Starts the binary with these arguments (`lsp` and what a language client adds) and
    /// extra environment variables.
    pub fn start_with_args(args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_factline"));
        cmd.args(args).envs(env.iter().copied());
        Client::spawn(cmd)
    }

    /// Starts a server from a command line built as an editor builds it (program, arguments,
    /// working directory), talking to it over the command's stdio.
    pub fn spawn(mut cmd: Command) -> Client {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("FACTLINE_TEST_STDERR").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start factline lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut buf = vec![0; len];
                if r.read_exact(&mut buf).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&buf).unwrap();
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            backlog: Vec::new(),
            apply_edits: false,
            applied: Vec::new(),
            silent: false,
        }
    }

    pub fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Writes raw bytes, headers included (broken framing on purpose).
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let msg = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_raw(&msg.to_string());
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_raw(&msg.to_string());
        let resp = self.wait_for(
            |m| m.get("id") == Some(&json!(id)) && m.get("method").is_none(),
            Duration::from_secs(20),
        );
        resp.unwrap_or_else(|| panic!("no response to {method}"))
    }

    /// Waits for a message matching `pred`, answering server requests on the way.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool, timeout: Duration) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return Some(self.backlog.remove(i));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let msg = self.rx.recv_timeout(left).ok()?;
            // Answer server-to-client requests (progress create, registration) with null.
            if msg.get("id").is_some() && msg.get("method").is_some() && !self.silent {
                let result = if msg["method"] == "workspace/applyEdit" && self.apply_edits {
                    apply_workspace_edit(&msg["params"]["edit"]);
                    self.applied.push(msg["params"]["edit"].clone());
                    json!({"applied": true})
                } else {
                    Value::Null
                };
                let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": result});
                self.send_raw(&reply.to_string());
            }
            if pred(&msg) {
                return Some(msg);
            }
            self.backlog.push(msg);
        }
    }

    /// The next publishDiagnostics for `uri` (optionally of a given version).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let uri = uri.to_string();
        let msg = self
            .wait_for(
                |m| {
                    m["method"] == "textDocument/publishDiagnostics"
                        && m["params"]["uri"] == uri.as_str()
                        && version.is_none_or(|v| m["params"]["version"] == v)
                },
                Duration::from_secs(20),
            )
            .unwrap_or_else(|| panic!("no diagnostics for {uri} {version:?}"));
        msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Removes and returns the messages read so far, not consumed, that match `pred`.
    pub fn take_backlog(&mut self, pred: impl Fn(&Value) -> bool) -> Vec<Value> {
        let (mine, rest): (Vec<Value>, Vec<Value>) = self.backlog.drain(..).partition(|m| pred(m));
        self.backlog = rest;
        mine
    }

    /// Versions of the publishes for `uri` read so far and not consumed, in arrival order.
    pub fn take_backlog_versions(&mut self, uri: &str) -> Vec<i64> {
        let (mine, rest): (Vec<Value>, Vec<Value>) = self
            .backlog
            .drain(..)
            .partition(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        self.backlog = rest;
        mine.iter().filter_map(|m| m["params"]["version"].as_i64()).collect()
    }

    pub fn initialize(&mut self, root: Option<&Path>, capabilities: Value, options: Value) -> Value {
        let folders = root.map(|r| json!([{"uri": file_uri(r), "name": "root"}])).unwrap_or(Value::Null);
        let resp = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root.map(file_uri), "capabilities": capabilities, "workspaceFolders": folders, "initializationOptions": options}),
        );
        self.notify("initialized", json!({}));
        resp
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    pub fn shutdown(mut self) -> std::process::ExitStatus {
        let resp = self.request("shutdown", Value::Null);
        assert!(resp.get("error").is_none(), "{resp}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Codes of a diagnostics list, in order.
pub fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
pub fn offset_of(text: &str, line: u64, character: u64) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

/// Applies LSP text edits (UTF-16 positions) to `text`, last first.
pub fn apply_text_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let s = offset_of(
                text,
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
            );
            let t = offset_of(text, r["end"]["line"].as_u64().unwrap(), r["end"]["character"].as_u64().unwrap());
            (s, t, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|(s, _, _)| std::cmp::Reverse(*s));
    let mut out = text.to_string();
    for (s, t, new) in spans {
        out.replace_range(s..t, &new);
    }
    out
}

fn uri_path(uri: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(uri.strip_prefix("file://").expect("a file URI"))
}

/// Applies a workspace edit to the files on disk, as an editor would (then saving).
pub fn apply_workspace_edit(edit: &Value) {
    let apply = |uri: &str, edits: &[Value]| {
        let path = uri_path(uri);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, apply_text_edits(&text, edits)).unwrap();
    };
    if let Some(ops) = edit["documentChanges"].as_array() {
        for op in ops {
            if op["kind"] == "create" {
                let path = uri_path(op["uri"].as_str().unwrap());
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                if !path.exists() {
                    std::fs::write(&path, "").unwrap();
                }
            } else {
                apply(op["textDocument"]["uri"].as_str().unwrap(), op["edits"].as_array().unwrap());
            }
        }
    } else if let Some(changes) = edit["changes"].as_object() {
        for (uri, edits) in changes {
            apply(uri, edits.as_array().unwrap());
        }
    }
}

/// Decodes semantic tokens into (line, start, length, type, modifiers).
pub fn decode_tokens(data: &[Value]) -> Vec<(u64, u64, u64, u64, u64)> {
    let mut out = Vec::new();
    let (mut line, mut start) = (0, 0);
    for t in data.chunks(5) {
        let n: Vec<u64> = t.iter().map(|v| v.as_u64().unwrap()).collect();
        line += n[0];
        start = if n[0] == 0 { start + n[1] } else { n[1] };
        out.push((line, start, n[2], n[3], n[4]));
    }
    out
}
