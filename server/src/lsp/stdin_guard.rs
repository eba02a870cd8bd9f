//! A filter in front of the transport: tower-lsp-server stops reading its input after the first
//! frame it cannot decode (broken JSON, or JSON that is not JSON-RPC), which ends the session.
//! Here every frame is checked first; a bad one is replaced by a `pyrevit/malformedMessage`
//! request that the server answers with the JSON-RPC error (`-32700` parse error with id null, or
//! `-32600` invalid request with the message's id when it has one), and the session goes on.
//! Bytes that are not a frame are skipped up to the next `Content-Length` header.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The custom method a malformed frame becomes.
pub const MALFORMED_METHOD: &str = "pyrevit/malformedMessage";
/// A frame larger than this is skipped (read and dropped) rather than buffered.
const MAX_FRAME: usize = 512 << 20;

/// Reads framed messages from `input` and hands checked frames to the returned reader.
pub fn guard<R: AsyncRead + Unpin + Send + 'static>(input: R) -> tokio::io::DuplexStream {
    let (mut tx, rx) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut input = BufReader::new(input);
        while let Some(body) = next_frame(&mut input).await {
            let body = checked(body);
            let head = format!("Content-Length: {}\r\n\r\n", body.len());
            if tx.write_all(head.as_bytes()).await.is_err() || tx.write_all(&body).await.is_err() {
                return;
            }
        }
        // End of input: dropping `tx` ends the transport as a closed stdin would.
    });
    rx
}

/// The next frame's body; `None` at the end of the input. Header lines other than
/// `Content-Length` are ignored; a blank line without a usable length starts the search again.
async fn next_frame<R: AsyncRead + Unpin>(input: &mut BufReader<R>) -> Option<Vec<u8>> {
    loop {
        let mut len: Option<usize> = None;
        loop {
            let mut line = Vec::new();
            if input.read_until(b'\n', &mut line).await.ok()? == 0 {
                return None;
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    len = value.trim().parse().ok();
                }
            }
        }
        let Some(len) = len else {
            tracing::warn!("skipped a message without a valid Content-Length header");
            continue;
        };
        if len > MAX_FRAME {
            tracing::warn!("skipped a message of {len} bytes (more than {MAX_FRAME})");
            let skipped = tokio::io::copy(&mut input.take(len as u64), &mut tokio::io::sink()).await.ok()?;
            if (skipped as usize) < len {
                return None;
            }
            continue;
        }
        let mut body = vec![0; len];
        input.read_exact(&mut body).await.ok()?;
        return Some(body);
    }
}

/// The body as is when tower-lsp-server can decode it, else the `pyrevit/malformedMessage`
/// request that answers with the right JSON-RPC error.
fn checked(body: Vec<u8>) -> Vec<u8> {
    let value = match serde_json::from_slice::<Value>(&body) {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!("message is not JSON: {e}");
            return malformed(Value::Null, -32700, &format!("Parse error: {e}"));
        }
    };
    if serde_json::from_value::<Request>(value.clone()).is_ok()
        || serde_json::from_value::<Response>(value.clone()).is_ok()
    {
        return body;
    }
    tracing::warn!("message is not a JSON-RPC request, notification or response");
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    malformed(id, -32600, "Invalid Request: not a JSON-RPC 2.0 request, notification or response")
}

fn malformed(id: Value, code: i64, message: &str) -> Vec<u8> {
    let msg =
        json!({"jsonrpc": "2.0", "id": id, "method": MALFORMED_METHOD, "params": {"code": code, "message": message}});
    serde_json::to_vec(&msg).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Value> {
        let mut out = guard(input.to_vec().leak() as &[u8]);
        let mut all = Vec::new();
        out.read_to_end(&mut all).await.unwrap();
        let mut reader = BufReader::new(&all[..]);
        let mut values = Vec::new();
        while let Some(body) = next_frame(&mut reader).await {
            values.push(serde_json::from_slice(&body).unwrap());
        }
        values
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn bad_frames_become_error_requests_and_the_stream_goes_on() {
        let ok = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!(
            "{}garbage line\r\n{}Content-Length: zz\r\n\r\n{}{}",
            frame("{broken"),
            frame(r#"{"jsonrpc":"1.0","id":7,"method":"x"}"#),
            frame("[]"),
            frame(ok)
        );
        let got = frames(input.as_bytes()).await;
        assert_eq!(got.len(), 4, "{got:#?}");
        assert_eq!((got[0]["id"].clone(), got[0]["params"]["code"].clone()), (Value::Null, json!(-32700)));
        assert_eq!((got[1]["id"].clone(), got[1]["params"]["code"].clone()), (json!(7), json!(-32600)));
        assert_eq!(got[2]["method"], MALFORMED_METHOD);
        assert_eq!(got[3], serde_json::from_str::<Value>(ok).unwrap());
    }
}
