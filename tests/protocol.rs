//! The real `factline lsp` binary fed broken protocol: invalid JSON-RPC, broken framing,
//! `$/` methods, stale versions. Every case gets its exact answer (or none, where JSON-RPC
//! says so), and a normal request right after it is still served.

mod common;

use std::time::Duration;

use common::Client;
use serde_json::{Value, json};

fn started() -> Client {
    let mut c = Client::start();
    c.initialize(None, json!({}), json!(null));
    still_serving(&mut c);
    c
}

/// A normal request still gets its normal answer.
fn still_serving(c: &mut Client) {
    let resp = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:none"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(resp["result"], Value::Null, "{resp}");
    assert!(resp.get("error").is_none(), "{resp}");
    assert!(c.alive());
}

/// The error response the server sends for `id`.
fn error_reply(c: &mut Client, id: &Value) -> Value {
    c.wait_for(
        |m| m.get("method").is_none() && m.get("error").is_some() && &m["id"] == id,
        Duration::from_secs(20),
    )
    .unwrap_or_else(|| panic!("no error reply with id {id}"))
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// No error reply is waiting (nothing was answered that should not be).
fn no_error_replies(c: &mut Client) {
    let stray = c.wait_for(
        |m| m.get("method").is_none() && m.get("error").is_some(),
        Duration::from_millis(200),
    );
    assert!(stray.is_none(), "{stray:?}");
}

#[test]
fn json_that_is_not_a_json_rpc_request_is_answered_invalid_request() {
    let mut c = started();
    let jsonrpc = "Invalid request: \"jsonrpc\" must be \"2.0\"";
    let id_kind = "Invalid request: \"id\" must be an integer or a string";
    let object = "Invalid request: a message must be a JSON object";
    let batch = "Invalid request: batches are not part of the Language Server Protocol";
    for (body, id, message) in [
        ("{}", json!(null), jsonrpc),
        ("[]", json!(null), batch),
        (r#"[{"jsonrpc":"2.0","id":70,"method":"shutdown"}]"#, json!(null), batch),
        ("null", json!(null), object),
        ("42", json!(null), object),
        (r#""text""#, json!(null), object),
        (r#"{"id":71,"method":"textDocument/hover","params":{}}"#, json!(71), jsonrpc),
        (r#"{"jsonrpc":"1.0","id":"s72","method":"shutdown"}"#, json!("s72"), jsonrpc),
        (r#"{"jsonrpc":"2.0","id":{},"method":"shutdown"}"#, json!(null), id_kind),
        (r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#, json!(null), id_kind),
        (
            r#"{"jsonrpc":"2.0","id":73,"method":7}"#,
            json!(73),
            "Invalid request: \"method\" must be a string",
        ),
        (r#"{"jsonrpc":"2.0","id":74}"#, json!(74), "Invalid request: no \"method\""),
        (
            r#"{"jsonrpc":"2.0","id":75,"id":76,"method":"shutdown"}"#,
            json!(null),
            "Invalid request: \"id\" is given twice",
        ),
        (
            r#"{"jsonrpc":"2.0","id":77,"method":"shutdown","result":null}"#,
            json!(77),
            "Invalid request: a request has no \"result\" or \"error\"",
        ),
    ] {
        c.send_raw(body);
        assert_eq!(error_reply(&mut c, &id), error(id, -32600, message), "{body}");
        still_serving(&mut c);
    }
    // None of those shut the server down: it still accepts a real shutdown.
    assert!(c.shutdown().success());
}

#[test]
fn bodies_that_are_not_json_are_answered_parse_error() {
    let mut c = started();
    let deep = format!(
        r#"{{"jsonrpc":"2.0","method":"x","params":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    for (body, message) in [
        (b"{not json".to_vec(), "Parse error: key must be a string at line 1 column 2"),
        (b"".to_vec(), "Parse error: the message is empty"),
        (
            b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\xff\"}".to_vec(),
            "Parse error: the message is not UTF-8",
        ),
        (deep.into_bytes(), "Parse error: recursion limit exceeded at line 1 column 166"),
    ] {
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        c.send_bytes(&framed);
        assert_eq!(error_reply(&mut c, &Value::Null), error(Value::Null, -32700, message));
        still_serving(&mut c);
    }
    assert!(c.shutdown().success());
}

fn hover_body(id: i64) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
           "params": {"textDocument": {"uri": "untitled:none"}, "position": {"line": 0, "character": 0}}})
    .to_string()
}

/// Waits for the normal (null) answer to hover request `id`.
fn answered(c: &mut Client, id: i64) {
    let resp = c
        .wait_for(|m| m["id"] == id && m.get("method").is_none(), Duration::from_secs(20))
        .unwrap_or_else(|| panic!("request {id} was not answered"));
    assert_eq!(resp, json!({"jsonrpc": "2.0", "id": id, "result": null}));
}

#[test]
fn headers_in_any_case_with_extra_fields_are_read() {
    let mut c = started();
    let frames = [
        (80, "content-length: {n}\r\n\r\n"),
        (81, "CONTENT-LENGTH:{n}\r\n\r\n"),
        (
            82,
            "Content-Length: {n}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        ),
        (83, "Content-Type: application/json\r\nContent-Length: {n}\r\n\r\n"),
        (84, "Content-Length: {n}\r\nX-One: 1\r\nX-Two: 2\r\n\r\n"),
    ];
    for (id, header) in frames {
        let body = hover_body(id);
        c.send_bytes(format!("{}{body}", header.replace("{n}", &body.len().to_string())).as_bytes());
        answered(&mut c, id);
    }
    no_error_replies(&mut c);
    assert!(c.shutdown().success());
}

#[test]
fn a_broken_header_does_not_swallow_the_frame_after_it() {
    let mut c = started();
    for (id, broken) in [
        (90, "Content-Type: text/plain\r\n\r\n".to_string()),
        (91, "Content-Length: abc\r\n\r\n".into()),
        (92, "Content-Length: 99999999999999999999999\r\n\r\n".into()),
        (93, "Content-Length: 12\r\nnot a header\r\n\r\n".into()),
        (94, "garbage before a header ".into()),
    ] {
        let body = hover_body(id);
        c.send_bytes(format!("{broken}Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        answered(&mut c, id);
    }
    no_error_replies(&mut c);
    // A length that lies (longer than the body): the message is cut where the next one
    // starts, answered as a parse error, and the next one is served.
    let body = hover_body(95);
    c.send_bytes(
        format!(
            "Content-Length: 100000\r\n\r\n{{\"jsonrpc\":\"2.0\",Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    answered(&mut c, 95);
    assert_eq!(
        error_reply(&mut c, &Value::Null),
        error(Value::Null, -32700, "Parse error: the message is shorter than its Content-Length")
    );
    // Too short: the rest of the body is skipped up to the next header.
    let body = hover_body(96);
    c.send_bytes(format!("Content-Length: 2\r\n\r\n{{\"a\":1}}Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    answered(&mut c, 96);
    assert_eq!(error_reply(&mut c, &Value::Null)["error"]["code"], -32700);
    assert!(c.shutdown().success());
}

#[test]
fn dollar_requests_get_method_not_found_and_dollar_notifications_are_ignored() {
    let mut c = started();
    c.send_raw(r#"{"jsonrpc":"2.0","id":100,"method":"$/factline/unknown","params":{}}"#);
    assert_eq!(
        error_reply(&mut c, &json!(100)),
        json!({"jsonrpc": "2.0", "id": 100, "error": {"code": -32601, "message": "Method not found", "data": "$/factline/unknown"}})
    );
    still_serving(&mut c);
    // A notification is never answered, known ($/cancelRequest) or not.
    c.send_raw(r#"{"jsonrpc":"2.0","method":"$/factline/unknown","params":{}}"#);
    c.send_raw(r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":12345}}"#);
    c.send_raw(r#"{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}"#);
    still_serving(&mut c);
    no_error_replies(&mut c);
    // A malformed response from the client is dropped, not answered.
    c.send_raw(r#"{"jsonrpc":"2.0","id":101,"error":{"code":"x"}}"#);
    still_serving(&mut c);
    no_error_replies(&mut c);
    assert!(c.shutdown().success());
}

#[test]
fn a_change_whose_version_does_not_increase_is_logged() {
    let mut c = started();
    let uri = "untitled:versions";
    c.open(uri, "plaintext", "Budget news\nThe council met.\n", 1);
    c.diagnostics(uri, Some(1));
    let change = |version: i64| {
        json!({"textDocument": {"uri": uri, "version": version},
               "contentChanges": [{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "Then "}]})
    };
    c.notify("textDocument/didChange", change(3));
    c.diagnostics(uri, Some(3));
    c.notify("textDocument/didChange", change(2));
    let log = c
        .wait_for(
            |m| m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|s| s.contains("not newer")),
            Duration::from_secs(20),
        )
        .expect("a log message for the stale change");
    assert_eq!(log["params"]["type"], 2, "{log}");
    assert_eq!(
        log["params"]["message"],
        format!("factline: ignored a change to {uri}: version 2 is not newer than 3")
    );
    // The stale change was not applied: hovering works and the next change publishes.
    c.notify("textDocument/didChange", change(4));
    c.diagnostics(uri, Some(4));
    still_serving(&mut c);
    assert!(c.shutdown().success());
}

/// tower-lsp waits for every handler still running before it stops serving; a handler that
/// waits for the client's answer (progress, a registration) would keep the server alive after
/// `exit` for as long as the client stays silent. Editors that wait for the process then hang.
#[test]
fn exit_ends_the_server_even_while_it_waits_for_the_client() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), "Toll\n\nThe flood killed 40 people.\n").unwrap();
    let mut c = Client::start();
    c.silent = true;
    let capabilities = json!({
        "window": {"workDoneProgress": true},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
    });
    c.initialize(Some(dir.path()), capabilities, Value::Null);
    let asked = c.wait_for(|m| m.get("id").is_some() && m.get("method").is_some(), Duration::from_secs(10));
    assert!(asked.is_some(), "the server asked the client nothing");
    let started = std::time::Instant::now();
    assert!(c.shutdown().success());
    assert!(started.elapsed() < Duration::from_secs(5), "exit took {:?}", started.elapsed());
}
