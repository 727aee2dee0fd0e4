//! The guard around tower-lsp-server: no input may stop the protocol.
//!
//! tower-lsp-server stops reading for good after the first message it cannot decode (its
//! framed reader ends on an error, and the server then exits with status 0 and no word), and
//! it only understands `Content-Length` spelled exactly so, with at most one other header. So
//! the server never reads stdin itself:
//!
//! ```text
//! stdin ─▶ read_input ──(canonical frames)──▶ tower-lsp ──(frames)──▶ write_output ─▶ stdout
//!              │                                                          ▲
//!              └──────────────── error replies (mpsc channel) ────────────┘
//! ```
//!
//! `read_input` cuts the stream into frames ([`super::framing`]) and classifies each body
//! ([`super::envelope`]). What tower-lsp decodes is passed on with a fresh
//! `Content-Length: N` header. What it would choke on is answered here: the JSON-RPC error
//! goes into a channel, not to tower-lsp. The other choice was to rewrite the message into one
//! tower-lsp answers with an error itself (a notification method sent with the offending id
//! gets `Invalid request`), but that leans on tower-lsp's internals, answers only with its
//! fixed texts, and cannot give `Method not found` for `$/` requests, whose errors tower-lsp
//! drops.
//!
//! stdout has one writer, `write_output`: it copies tower-lsp's output frame by frame and
//! writes each error reply between two frames, never inside one. When tower-lsp finishes
//! (the `exit` notification, or the end of stdin), its output ends, and so does the writer
//! once the last frame is out.

use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use tokio::sync::{Notify, mpsc};

use super::envelope::{self, Verdict};
use super::framing::{Framer, Piece};

/// What the guard makes of an input stream, in order (bodies, without their headers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sanitized {
    /// A message passed to tower-lsp.
    ToServer(Vec<u8>),
    /// A JSON-RPC error response the guard sends to the client itself.
    ToClient(Vec<u8>),
}

/// Runs the guard over `reads` (the input as it arrived, in pieces) and returns what it
/// would pass to tower-lsp and answer itself; the end of `reads` is the end of input.
/// Used by the proptest and the fuzz target; `read_input` does the same on a stream.
pub fn sanitize_reads<'a>(reads: impl IntoIterator<Item = &'a [u8]>) -> Vec<Sanitized> {
    let mut guard = Guard::default();
    let mut out = Vec::new();
    for read in reads {
        guard.framer.push(read);
        while let Some(step) = guard.next(false) {
            out.extend(step.send);
        }
    }
    while let Some(step) = guard.next(true) {
        out.extend(step.send);
    }
    out
}

#[derive(Default)]
struct Guard {
    framer: Framer,
}

/// What the guard does with one piece of input.
struct Step {
    send: Option<Sanitized>,
    /// A line for the server's log (stderr) when the input was not a valid message.
    log: Option<String>,
}

impl Guard {
    /// The next piece of input turned into what to send where; `None` when more input is
    /// needed.
    fn next(&mut self, eof: bool) -> Option<Step> {
        // The framer asks whether a body is JSON before deciding where a frame ends; the
        // verdict is kept so each body is parsed once.
        let mut verdict = None;
        let mut classify = |body: &[u8]| {
            let v = envelope::classify(body);
            let json = !matches!(v, Verdict::NotJson { .. });
            verdict = Some(v);
            json
        };
        let piece = self.framer.next(eof, &mut classify)?;
        let (send, log) = match piece {
            Piece::Body(body) => match verdict.unwrap_or_else(|| envelope::classify(&body)) {
                Verdict::Forward => (Some(Sanitized::ToServer(body)), None),
                Verdict::NotJson { reply, why } | Verdict::Answer { reply, why } => (
                    Some(Sanitized::ToClient(reply)),
                    Some(format!("answered an invalid message ({} bytes) with an error: {why}", body.len())),
                ),
                Verdict::Drop { why } => (None, Some(format!("dropped {why}"))),
            },
            Piece::Cut { len } => (
                Some(Sanitized::ToClient(envelope::parse_error(
                    "the message is shorter than its Content-Length",
                ))),
                Some(format!(
                    "a message ended after {len} bytes, before its Content-Length, where the next message starts"
                )),
            ),
            Piece::Skipped { len } => (None, Some(format!("skipped {len} bytes of input that belong to no message"))),
        };
        Some(Step { send, log })
    }
}

/// Whether a message tower-lsp will decode is the `exit` notification.
fn is_exit(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Method<'a> {
        #[serde(borrow)]
        method: Option<std::borrow::Cow<'a, str>>,
        id: Option<serde::de::IgnoredAny>,
    }
    // Cheap test first: most messages are not `exit`.
    body.windows(6).any(|w| w == b"\"exit\"")
        && serde_json::from_slice::<Method>(body).is_ok_and(|m| m.id.is_none() && m.method.as_deref() == Some("exit"))
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads the client's input, passes what tower-lsp decodes to `to_server` and sends error
/// replies to `replies`; `exit_seen` is told when the client's `exit` notification passes.
/// Ends at the end of input or when tower-lsp stops reading.
pub async fn read_input<R, W>(mut input: R, mut to_server: W, replies: mpsc::Sender<Vec<u8>>, exit_seen: Arc<Notify>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut guard = Guard::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let eof = match input.read(&mut chunk).await {
            Ok(0) | Err(_) => true,
            Ok(n) => {
                guard.framer.push(&chunk[..n]);
                false
            }
        };
        while let Some(step) = guard.next(eof) {
            if let Some(line) = step.log {
                eprintln!("factline: {line}");
            }
            let ok = match step.send {
                Some(Sanitized::ToServer(body)) => {
                    if is_exit(&body) {
                        exit_seen.notify_one();
                    }
                    to_server.write_all(&frame(&body)).await.is_ok()
                }
                Some(Sanitized::ToClient(reply)) => replies.send(reply).await.is_ok(),
                None => true,
            };
            if !ok {
                return;
            }
        }
        if eof || to_server.flush().await.is_err() {
            return;
        }
    }
}

/// The only writer of the client's output: tower-lsp's frames, whole, and the guard's
/// replies between them.
pub async fn write_output<R, W>(mut from_server: R, mut replies: mpsc::Receiver<Vec<u8>>, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut replies_open = true;
    loop {
        tokio::select! {
            read = from_server.read(&mut chunk) => {
                let n = match read {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                pending.extend_from_slice(&chunk[..n]);
                let whole = super::framing::whole_frames(&pending);
                if whole > 0 {
                    if output.write_all(&pending[..whole]).await.is_err() || output.flush().await.is_err() {
                        return;
                    }
                    pending.drain(..whole);
                }
            }
            reply = replies.recv(), if replies_open => match reply {
                Some(reply) => {
                    if output.write_all(&frame(&reply)).await.is_err() || output.flush().await.is_err() {
                        return;
                    }
                }
                None => replies_open = false,
            },
        }
    }
    // tower-lsp has finished; a partial frame cannot be completed any more.
    if !pending.is_empty() {
        let _ = output.write_all(&pending).await;
    }
    let _ = output.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame_str(body: &str) -> Vec<u8> {
        frame(body.as_bytes())
    }

    #[test]
    fn valid_messages_pass_and_invalid_ones_are_answered() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [frame_str("{}"), frame_str(good), frame_str("{not json"), frame_str(good)].concat();
        let out = sanitize_reads([input.as_slice()]);
        let kinds: Vec<&str> = out
            .iter()
            .map(|s| match s {
                Sanitized::ToServer(_) => "server",
                Sanitized::ToClient(_) => "client",
            })
            .collect();
        assert_eq!(kinds, ["client", "server", "client", "server"]);
        assert_eq!(out[1], Sanitized::ToServer(good.as_bytes().to_vec()));
    }

    #[test]
    fn only_the_exit_notification_is_exit() {
        assert!(is_exit(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert!(is_exit(br#"{"jsonrpc":"2.0","method":"exit","params":null}"#));
        assert!(!is_exit(br#"{"jsonrpc":"2.0","id":3,"method":"exit"}"#));
        assert!(!is_exit(br#"{"jsonrpc":"2.0","method":"shutdown"}"#));
        assert!(!is_exit(
            br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"text":"\"exit\""}}"#
        ));
    }

    #[test]
    fn a_cut_message_is_a_parse_error() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [b"Content-Length: 3\r\n\r\n".to_vec(), frame_str(good)].concat();
        let out = sanitize_reads([input.as_slice()]);
        let Sanitized::ToClient(reply) = &out[0] else { panic!("{out:?}") };
        let reply: serde_json::Value = serde_json::from_slice(reply).unwrap();
        assert_eq!(reply["error"]["code"], envelope::PARSE_ERROR);
        assert_eq!(reply["id"], serde_json::Value::Null);
        assert_eq!(out[1], Sanitized::ToServer(good.as_bytes().to_vec()));
    }

    #[tokio::test]
    async fn replies_are_written_between_whole_server_frames() {
        let (mut server_side, from_server) = tokio::io::duplex(64);
        let (tx, rx) = mpsc::channel(4);
        let (out_w, mut out_r) = tokio::io::duplex(1 << 16);
        let writer = tokio::spawn(write_output(from_server, rx, out_w));
        let long = format!(r#"{{"jsonrpc":"2.0","id":1,"result":"{}"}}"#, "x".repeat(300));
        let framed = frame(long.as_bytes());
        // Half a server frame, then a reply, then the rest: the reply must wait.
        server_side.write_all(&framed[..100]).await.unwrap();
        tx.send(br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"m"}}"#.to_vec())
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        server_side.write_all(&framed[100..]).await.unwrap();
        drop(server_side);
        drop(tx);
        writer.await.unwrap();
        let mut out = Vec::new();
        out_r.read_to_end(&mut out).await.unwrap();
        let mut framer = Framer::default();
        framer.push(&out);
        let mut bodies = Vec::new();
        while let Some(p) = framer.next(true, &mut |_: &[u8]| true) {
            match p {
                Piece::Body(b) => bodies.push(String::from_utf8(b).unwrap()),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(bodies.len(), 2, "{bodies:?}");
        assert!(bodies.contains(&long));
    }
}

/// Properties of the whole guard over random streams: the same messages whatever the reads,
/// and no valid frame lost to garbage before it.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    const TEXT: &[&str] = &[
        "a",
        " ",
        "é",
        "中国",
        "🙂",
        "e\u{301}",
        "–",
        "“",
        "”",
        "\"",
        "\\",
        "\r\n",
        "\n",
        "\t",
        "\u{0}",
        "Content-Length: 5\r\n\r\n",
        "{}",
    ];
    const METHODS: &[&str] = &[
        "textDocument/hover",
        "initialized",
        "$/cancelRequest",
        "$/factline/x",
        "workspace/symbol",
    ];
    const HEADERS: &[&str] = &[
        "Content-Length: {n}\r\n\r\n",
        "content-length: {n}\r\n\r\n",
        "CONTENT-LENGTH:{n}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        "Content-Type: application/json\r\nContent-Length: {n}\r\n\r\n",
    ];
    const GARBAGE: &[&str] = &[
        "Content-Length",
        "content-length",
        "Content-Length: ",
        ":",
        ": ",
        "12",
        "0",
        "3",
        "99999999999999999999",
        "\r\n",
        "\r\n\r\n",
        "\r",
        "\n",
        "{",
        "}",
        "[",
        "\"",
        "x",
        " ",
        "Content-Type: a",
        "é",
        "🙂",
        "null",
        "\\",
        "Content-Length: 0\r\n\r\n",
        "Content-Length: 7\r\n\r\n",
        "Content-Length: 100\r\n",
        "X: 1\r\n",
    ];

    /// A valid message: a request with an integer or string id, a notification (which may be
    /// a `$/` one) or a response, with text full of multi-byte characters and header lookalikes.
    fn message() -> impl Strategy<Value = Vec<u8>> {
        (
            0..4u8,
            any::<i64>(),
            prop::sample::select(METHODS),
            prop::collection::vec(prop::sample::select(TEXT), 0..12),
        )
            .prop_map(|(kind, id, method, text)| {
                let text: String = text.concat();
                let params = json!({"text": text, "n": id});
                let v = match kind {
                    0 if !method.starts_with("$/") => json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
                    1 if !method.starts_with("$/") => json!({"jsonrpc": "2.0", "id": format!("s{id}"), "method": method, "params": params}),
                    2 => json!({"jsonrpc": "2.0", "id": id, "result": params}),
                    _ => json!({"jsonrpc": "2.0", "method": method, "params": params}),
                };
                v.to_string().into_bytes()
            })
    }

    fn framed(body: &[u8], header: &str) -> Vec<u8> {
        let mut out = header.replace("{n}", &body.len().to_string()).into_bytes();
        out.extend_from_slice(body);
        out
    }

    /// Garbage: pieces that look like headers and JSON, and any bytes.
    fn garbage() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(GARBAGE).prop_map(|g| g.as_bytes().to_vec()),
                1 => prop::collection::vec(any::<u8>(), 1..4),
            ],
            0..6,
        )
        .prop_map(|pieces| pieces.concat())
    }

    /// Cuts `input` at the given fractions of its length.
    fn reads<'a>(input: &'a [u8], cuts: &[prop::sample::Index]) -> Vec<&'a [u8]> {
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(input.len() + 1)).collect();
        at.sort_unstable();
        let mut out = Vec::new();
        let mut from = 0;
        for a in at.into_iter().chain([input.len()]) {
            out.push(&input[from..a]);
            from = a;
        }
        out
    }

    fn to_server(out: &[Sanitized]) -> Vec<Vec<u8>> {
        out.iter()
            .filter_map(|s| match s {
                Sanitized::ToServer(b) => Some(b.clone()),
                Sanitized::ToClient(_) => None,
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_split_into_reads_gives_the_same_messages(
            msgs in prop::collection::vec((message(), prop::sample::select(HEADERS)), 1..6),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        ) {
            let input: Vec<u8> = msgs.iter().flat_map(|(m, h)| framed(m, h)).collect();
            let whole = sanitize_reads([input.as_slice()]);
            let bodies: Vec<Vec<u8>> = msgs.iter().map(|(m, _)| m.clone()).collect();
            prop_assert_eq!(&to_server(&whole), &bodies);
            prop_assert!(whole.iter().all(|s| matches!(s, Sanitized::ToServer(_))));
            prop_assert!(bodies.iter().all(|b| envelope::server_decodes(b)));
            prop_assert_eq!(sanitize_reads(reads(&input, &cuts)), whole);
        }

        #[test]
        fn garbage_between_frames_never_loses_the_frame_after_it(
            msgs in prop::collection::vec((garbage(), message(), prop::sample::select(HEADERS)), 1..6),
            tail in garbage(),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        ) {
            let mut input = Vec::new();
            for (g, m, h) in &msgs {
                input.extend_from_slice(g);
                input.extend(framed(m, h));
            }
            input.extend_from_slice(&tail);
            let whole = sanitize_reads([input.as_slice()]);
            let bodies: Vec<Vec<u8>> = msgs.iter().map(|(_, m, _)| m.clone()).collect();
            prop_assert_eq!(&to_server(&whole), &bodies, "input {:?}", String::from_utf8_lossy(&input));
            for s in &whole {
                if let Sanitized::ToClient(reply) = s {
                    let v: serde_json::Value = serde_json::from_slice(reply).unwrap();
                    prop_assert!(v["error"]["code"].is_i64());
                    prop_assert!(envelope::server_decodes(reply));
                }
            }
            prop_assert_eq!(sanitize_reads(reads(&input, &cuts)), whole);
        }
    }
}
