//! Decides what to do with one framed body before tower-lsp-server sees it: pass it on,
//! answer it with a JSON-RPC error, or drop it with a log line.
//!
//! tower-lsp-server 0.23 decodes a body as `Response | Request` (an untagged enum) and, when
//! that fails, answers `Invalid request` with id null and then stops reading for good: its
//! framed reader ends after the first decode error, and the server exits. So only bodies it
//! decodes may pass, and this module answers the rest itself, as JSON-RPC 2.0 asks:
//!
//! - not UTF-8, not JSON, nested deeper than serde_json's limit of 128 → `-32700` Parse error,
//!   id null;
//! - JSON that is not a request → `-32600` Invalid Request: not an object (`null`, `42`,
//!   `"x"`), a batch `[...]` (LSP has none), `"jsonrpc"` missing or not `"2.0"`, an `id` that
//!   is not an integer, a string or null (`{}`, `1.5`, 2^63), no `method` or a method that is
//!   not a string, a method together with `result`/`error`, a member given twice. The error
//!   carries the request's id when it has a usable one (integer or string), else null;
//! - a request (with an id) for a `$/` method → `-32601` Method not found: tower-lsp answers
//!   unknown methods, but drops the answer for `$/` ones, which would leave the client waiting
//!   forever. `$/` notifications pass; tower-lsp ignores unknown ones, as LSP asks;
//! - a malformed response (`result` or `error` and no `method`) is logged and dropped: a
//!   response is never answered, and its id belongs to the server's requests, so an error
//!   with that id would confuse the client's own request of the same number.
//!
//! Everything that passes decodes as a tower-lsp message (checked against tower-lsp's own
//! types by [`server_decodes`] in the proptest and the fuzz target). Bodies are parsed once
//! here, without building the `params` tree.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::{Request, Response};

/// What to do with a body.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Pass it to tower-lsp unchanged.
    Forward,
    /// Not JSON: answered with a parse error (`reply`).
    NotJson { reply: Vec<u8>, why: String },
    /// Answer with this JSON-RPC error response instead of passing it on.
    Answer { reply: Vec<u8>, why: String },
    /// A malformed response: log `why` and drop it.
    Drop { why: String },
}

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;

/// Classifies one complete body.
pub fn classify(body: &[u8]) -> Verdict {
    let Ok(text) = std::str::from_utf8(body) else {
        return not_json("the message is not UTF-8".into());
    };
    match text.trim_start_matches([' ', '\t', '\n', '\r']).as_bytes().first() {
        None => not_json("the message is empty".into()),
        Some(b'{') => match serde_json::from_str::<Envelope>(text) {
            Ok(envelope) => envelope.verdict(text),
            Err(e) => not_json(e.to_string()),
        },
        Some(first) => match serde_json::from_str::<IgnoredAny>(text) {
            Err(e) => not_json(e.to_string()),
            Ok(_) if *first == b'[' => invalid(&Value::Null, "batches are not part of the Language Server Protocol"),
            Ok(_) => invalid(&Value::Null, "a message must be a JSON object"),
        },
    }
}

/// Whether tower-lsp-server decodes `body` as a message (its own types, its own order).
pub fn server_decodes(body: &[u8]) -> bool {
    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)] // only decoded, as tower-lsp's private `Message` is
    enum Message {
        Response(Response),
        Request(Request),
    }
    std::str::from_utf8(body).is_ok_and(|text| serde_json::from_str::<Message>(text).is_ok())
}

fn error_response(id: &Value, code: i64, message: &str, data: Option<&str>) -> Vec<u8> {
    let mut error = json!({"code": code, "message": message});
    if let Some(data) = data {
        error["data"] = json!(data);
    }
    json!({"jsonrpc": "2.0", "id": id, "error": error}).to_string().into_bytes()
}

/// A parse error response (id null, as the id of what could not be read is unknown).
pub fn parse_error(why: &str) -> Vec<u8> {
    error_response(&Value::Null, PARSE_ERROR, &format!("Parse error: {why}"), None)
}

fn not_json(why: String) -> Verdict {
    Verdict::NotJson {
        reply: parse_error(&why),
        why,
    }
}

fn invalid(id: &Value, why: &str) -> Verdict {
    Verdict::Answer {
        reply: error_response(id, INVALID_REQUEST, &format!("Invalid request: {why}"), None),
        why: why.into(),
    }
}

/// The members of a message object that matter; the others are only checked to be JSON
/// that tower-lsp reads as well.
#[derive(Default)]
struct Envelope {
    jsonrpc: Option<Value>,
    method: Option<Value>,
    id: Option<Value>,
    has_result: bool,
    has_error: bool,
    /// The first member given twice (tower-lsp rejects duplicates of its fields).
    duplicate: Option<&'static str>,
}

impl Envelope {
    fn verdict(self, text: &str) -> Verdict {
        let id_ok = match &self.id {
            None | Some(Value::Null | Value::String(_)) => true,
            Some(Value::Number(n)) => n.as_i64().is_some(),
            Some(_) => false,
        };
        if self.method.is_none() && (self.has_result || self.has_error) {
            let Ok(response) = serde_json::from_str::<Response>(text) else {
                return Verdict::Drop {
                    why: "a response that is not valid JSON-RPC".into(),
                };
            };
            if self.duplicate.is_some() || !id_ok || self.id.is_none() {
                return Verdict::Drop {
                    why: format!("a malformed response (id {})", response.id()),
                };
            }
            return Verdict::Forward;
        }
        let usable_id = match &self.id {
            Some(id @ Value::String(_)) if self.duplicate != Some("id") => id.clone(),
            Some(id @ Value::Number(_)) if id_ok && self.duplicate != Some("id") => id.clone(),
            _ => Value::Null,
        };
        if let Some(member) = self.duplicate {
            return invalid(&usable_id, &format!("\"{member}\" is given twice"));
        }
        if self.jsonrpc.as_ref().and_then(Value::as_str) != Some("2.0") {
            return invalid(&usable_id, "\"jsonrpc\" must be \"2.0\"");
        }
        if !id_ok {
            return invalid(&usable_id, "\"id\" must be an integer or a string");
        }
        let method = match &self.method {
            None => return invalid(&usable_id, "no \"method\""),
            Some(Value::String(m)) => m,
            Some(_) => return invalid(&usable_id, "\"method\" must be a string"),
        };
        if self.has_result || self.has_error {
            return invalid(&usable_id, "a request has no \"result\" or \"error\"");
        }
        if self.id.is_some() && method.starts_with("$/") {
            return Verdict::Answer {
                reply: error_response(&usable_id, METHOD_NOT_FOUND, "Method not found", Some(method)),
                why: format!("no request {method}"),
            };
        }
        Verdict::Forward
    }
}

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor)
    }
}

struct EnvelopeVisitor;

impl<'de> Visitor<'de> for EnvelopeVisitor {
    type Value = Envelope;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON-RPC message object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope, A::Error> {
        let mut env = Envelope::default();
        let mut seen = [false; 6];
        while let Some(key) = map.next_key::<Member>()? {
            if let Some(slot) = key.slot() {
                if std::mem::replace(&mut seen[slot], true) {
                    env.duplicate.get_or_insert(key.name());
                }
            }
            match key {
                Member::Jsonrpc => env.jsonrpc = Some(map.next_value()?),
                Member::Method => env.method = Some(map.next_value()?),
                Member::Id => env.id = Some(map.next_value()?),
                Member::Result => {
                    env.has_result = true;
                    map.next_value::<AnyJson>()?;
                }
                Member::Error => {
                    env.has_error = true;
                    map.next_value::<AnyJson>()?;
                }
                Member::Params | Member::Other => {
                    map.next_value::<AnyJson>()?;
                }
            }
        }
        Ok(env)
    }
}

enum Member {
    Jsonrpc,
    Method,
    Id,
    Params,
    Result,
    Error,
    Other,
}

impl Member {
    fn slot(&self) -> Option<usize> {
        match self {
            Member::Jsonrpc => Some(0),
            Member::Method => Some(1),
            Member::Id => Some(2),
            Member::Params => Some(3),
            Member::Result => Some(4),
            Member::Error => Some(5),
            Member::Other => None,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Member::Jsonrpc => "jsonrpc",
            Member::Method => "method",
            Member::Id => "id",
            Member::Params => "params",
            Member::Result => "result",
            Member::Error => "error",
            Member::Other => "",
        }
    }
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Member;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Member, E> {
                Ok(match key {
                    "jsonrpc" => Member::Jsonrpc,
                    "method" => Member::Method,
                    "id" => Member::Id,
                    "params" => Member::Params,
                    "result" => Member::Result,
                    "error" => Member::Error,
                    _ => Member::Other,
                })
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Any JSON value, read the way serde_json reads one for a `Value` (nesting limit, string
/// escapes, number range) but without building it.
struct AnyJson;

impl<'de> Deserialize<'de> for AnyJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnyJsonVisitor)
    }
}

impl<'de> DeserializeSeed<'de> for AnyJson {
    type Value = AnyJson;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<AnyJson, D::Error> {
        deserializer.deserialize_any(AnyJsonVisitor)
    }
}

struct AnyJsonVisitor;

impl<'de> Visitor<'de> for AnyJsonVisitor {
    type Value = AnyJson;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }
    fn visit_i64<E>(self, _: i64) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }
    fn visit_u64<E>(self, _: u64) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }
    fn visit_f64<E>(self, _: f64) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }
    fn visit_str<E>(self, _: &str) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }
    fn visit_unit<E>(self) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyJson, A::Error> {
        while seq.next_element_seed(AnyJson)?.is_some() {}
        Ok(AnyJson)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyJson, A::Error> {
        while map.next_entry_seed(AnyJson, AnyJson)?.is_some() {}
        Ok(AnyJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(v: Verdict) -> Value {
        match v {
            Verdict::Answer { reply, .. } | Verdict::NotJson { reply, .. } => serde_json::from_slice(&reply).unwrap(),
            other => panic!("no reply: {other:?}"),
        }
    }

    fn error_of(body: &str) -> (Value, i64) {
        let r = reply(classify(body.as_bytes()));
        assert_eq!(r["jsonrpc"], "2.0");
        (r["id"].clone(), r["error"]["code"].as_i64().unwrap())
    }

    #[test]
    fn valid_messages_pass_and_decode_in_tower() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","method":"initialized","params":{},"extra":[1,{"x":null}]}"#,
            r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#,
            r#"{"jsonrpc":"2.0","method":"$/unknown"}"#,
            r#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"no"}}"#,
            r#"{"jsonrpc":"2.0","id":-9223372036854775808,"method":"x","params":"\ud83d\ude00 é"}"#,
            "  {\"jsonrpc\":\"2.0\",\"method\":\"x\"}\r\n",
        ] {
            assert_eq!(classify(body.as_bytes()), Verdict::Forward, "{body}");
            assert!(server_decodes(body.as_bytes()), "{body}");
        }
    }

    #[test]
    fn json_that_is_not_a_request_is_invalid_with_its_usable_id() {
        let null = Value::Null;
        for (body, id) in [
            ("{}", null.clone()),
            ("[]", null.clone()),
            (r#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#, null.clone()),
            ("null", null.clone()),
            ("42", null.clone()),
            (r#""hi""#, null.clone()),
            ("true", null.clone()),
            (r#"{"id":5,"method":"shutdown"}"#, json!(5)),
            (r#"{"jsonrpc":"1.0","id":"s","method":"shutdown"}"#, json!("s")),
            (r#"{"jsonrpc":2.0,"id":5,"method":"shutdown"}"#, json!(5)),
            (r#"{"jsonrpc":"2.0","id":{},"method":"shutdown"}"#, null.clone()),
            (r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#, null.clone()),
            (r#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"shutdown"}"#, null.clone()),
            (r#"{"jsonrpc":"2.0","id":[1],"method":"shutdown"}"#, null.clone()),
            (r#"{"jsonrpc":"2.0","id":6,"method":7}"#, json!(6)),
            (r#"{"jsonrpc":"2.0","id":6}"#, json!(6)),
            (r#"{"jsonrpc":"2.0"}"#, null.clone()),
            (r#"{"jsonrpc":"2.0","id":9,"id":10,"method":"shutdown"}"#, null.clone()),
            (r#"{"jsonrpc":"2.0","id":9,"method":"shutdown","method":"exit"}"#, json!(9)),
            (r#"{"jsonrpc":"2.0","id":11,"method":"shutdown","result":null}"#, json!(11)),
            (r#"{"method":"initialized"}"#, null.clone()),
        ] {
            assert_eq!(error_of(body), (id, INVALID_REQUEST), "{body}");
            // Each of these would have stopped tower-lsp's reader, or been answered wrongly.
            let tower_ok = server_decodes(body.as_bytes());
            let shapes_tower_misreads = body.contains("result") || body == r#"{"jsonrpc":"2.0","id":6}"# || body == r#"{"jsonrpc":"2.0"}"#;
            assert!(!tower_ok || shapes_tower_misreads, "{body}");
        }
    }

    #[test]
    fn text_that_is_not_json_is_a_parse_error() {
        let deep = format!(
            r#"{{"jsonrpc":"2.0","method":"x","params":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let surrogate = r#"{"jsonrpc":"2.0","method":"x","params":"\ud800"}"#;
        for body in ["", "  ", "{not json", "{\"a\":1} trailing", deep.as_str(), surrogate, "[1,", "nul"] {
            assert_eq!(error_of(body), (Value::Null, PARSE_ERROR), "{body:?}");
            assert!(!server_decodes(body.as_bytes()), "{body:?}");
        }
        let latin1 = b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\xe9\"}";
        assert_eq!(reply(classify(latin1))["error"]["code"], PARSE_ERROR);
        // Nesting just under serde_json's limit is fine, in tower-lsp too.
        let ok = format!(
            r#"{{"jsonrpc":"2.0","method":"x","params":{}{}}}"#,
            "[".repeat(120),
            "]".repeat(120)
        );
        assert_eq!(classify(ok.as_bytes()), Verdict::Forward);
        assert!(server_decodes(ok.as_bytes()));
    }

    #[test]
    fn dollar_requests_are_method_not_found_and_dollar_notifications_pass() {
        let r = reply(classify(br#"{"jsonrpc":"2.0","id":20,"method":"$/factline/x","params":{}}"#));
        assert_eq!(
            r,
            json!({"jsonrpc":"2.0","id":20,"error":{"code":METHOD_NOT_FOUND,"message":"Method not found","data":"$/factline/x"}})
        );
        assert_eq!(classify(br#"{"jsonrpc":"2.0","method":"$/factline/x"}"#), Verdict::Forward);
    }

    #[test]
    fn malformed_responses_are_dropped() {
        for body in [
            r#"{"jsonrpc":"2.0","id":22,"error":{"code":"x"}}"#,
            r#"{"id":22,"result":1}"#,
            r#"{"jsonrpc":"2.0","result":1}"#,
            r#"{"jsonrpc":"2.0","id":1.5,"result":1}"#,
        ] {
            assert!(matches!(classify(body.as_bytes()), Verdict::Drop { .. }), "{body}");
        }
    }
}
