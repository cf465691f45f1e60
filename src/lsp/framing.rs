//! A guard in front of the JSON-RPC transport.
//!
//! tower-lsp-server reads stdin through a framed codec that stops reading for good after the
//! first message it cannot decode, so a single malformed body would end the session. This
//! layer reads the frames itself and forwards only messages the codec accepts. A body that
//! is not JSON becomes a call to [`PARSE_ERROR_METHOD`], one that is JSON but not a JSON-RPC
//! message a call to [`INVALID_REQUEST_METHOD`]; the server answers those with the proper
//! error (keeping the request's id when it has one), and keeps serving. Headers without a
//! usable `Content-Length` are skipped.

use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Internal method: answers with a JSON-RPC parse error (-32700).
pub const PARSE_ERROR_METHOD: &str = "$/stackls/parseError";
/// Internal method: answers with a JSON-RPC invalid-request error (-32600).
pub const INVALID_REQUEST_METHOD: &str = "$/stackls/invalidRequest";

/// Bodies larger than this are refused (and skipped) rather than buffered.
pub const MAX_BODY: usize = 256 * 1024 * 1024;

/// What to forward for one body.
pub fn sanitize(body: &[u8]) -> Vec<u8> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => {
            return json!({ "jsonrpc": "2.0", "id": null, "method": PARSE_ERROR_METHOD }).to_string().into_bytes()
        }
    };
    if is_message(&value) {
        return body.to_vec();
    }
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    json!({ "jsonrpc": "2.0", "id": id, "method": INVALID_REQUEST_METHOD }).to_string().into_bytes()
}

/// Whether the codec will accept `value` as a request, notification or response.
fn is_message(value: &Value) -> bool {
    let Some(obj) = value.as_object() else { return false };
    if obj.get("jsonrpc") != Some(&json!("2.0")) {
        return false;
    }
    let id_ok = match obj.get("id") {
        None | Some(Value::Null) | Some(Value::String(_)) => true,
        Some(Value::Number(n)) => n.is_i64() || n.is_u64(),
        Some(_) => false,
    };
    if !id_ok {
        return false;
    }
    match obj.get("method") {
        Some(Value::String(_)) => obj.get("params").is_none_or(|p| p.is_object() || p.is_array() || p.is_null()),
        Some(_) => false,
        None => obj.contains_key("id") && (obj.contains_key("result") || obj.contains_key("error")),
    }
}

/// Reads one frame's headers; `Ok(None)` at end of input. A header block without a usable
/// `Content-Length` yields `Some(None)`.
async fn read_headers<R: AsyncBufRead + Unpin>(input: &mut R) -> std::io::Result<Option<Option<usize>>> {
    let mut length = None;
    let mut saw_any = false;
    loop {
        let mut line = Vec::new();
        let n = input.read_until(b'\n', &mut line).await?;
        if n == 0 {
            return Ok(if saw_any { Some(length) } else { None });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_any {
                return Ok(Some(length));
            }
            continue;
        }
        saw_any = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
}

/// Copies frames from `input` to `output`, sanitizing bodies, until `input` ends.
pub async fn pump<R, W>(mut input: R, mut output: W)
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    loop {
        let length = match read_headers(&mut input).await {
            Ok(Some(Some(length))) => length,
            Ok(Some(None)) => {
                eprintln!("stackls: skipped a message without a valid Content-Length header");
                continue;
            }
            Ok(None) | Err(_) => break,
        };
        let body = if length > MAX_BODY {
            eprintln!("stackls: skipped a message of {length} bytes (limit {MAX_BODY})");
            let mut rest = (&mut input).take(length as u64);
            if tokio::io::copy(&mut rest, &mut tokio::io::sink()).await.is_err() {
                break;
            }
            json!({ "jsonrpc": "2.0", "id": null, "method": INVALID_REQUEST_METHOD }).to_string().into_bytes()
        } else {
            let mut body = vec![0; length];
            if input.read_exact(&mut body).await.is_err() {
                break;
            }
            let clean = sanitize(&body);
            if clean != body {
                eprintln!("stackls: answered a malformed message with an error");
            }
            clean
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err() || output.write_all(&body).await.is_err() {
            break;
        }
        if output.flush().await.is_err() {
            break;
        }
    }
    let _ = output.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(out: &[u8]) -> Option<String> {
        serde_json::from_slice::<Value>(out).ok()?.get("method")?.as_str().map(String::from)
    }

    #[test]
    fn valid_messages_pass_through_unchanged() {
        for m in [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":"a","result":null}"#,
        ] {
            assert_eq!(sanitize(m.as_bytes()), m.as_bytes());
        }
    }

    #[test]
    fn broken_bodies_become_error_calls() {
        assert_eq!(method(&sanitize(b"{ not json")).as_deref(), Some(PARSE_ERROR_METHOD));
        assert_eq!(method(&sanitize(&[0xff, 0xfe])).as_deref(), Some(PARSE_ERROR_METHOD));
        for bad in [
            "[1,2,3]",
            "42",
            r#"{"id":3,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":5}"#,
        ] {
            assert_eq!(method(&sanitize(bad.as_bytes())).as_deref(), Some(INVALID_REQUEST_METHOD), "{bad}");
        }
        let v: Value = serde_json::from_slice(&sanitize(br#"{"id":3,"method":7}"#)).unwrap();
        assert_eq!(v["id"], 3, "the id is kept so the client can match the error");
    }
}
