//! A filter in front of the transport: tower-lsp-server stops reading its input after the first
//! frame it cannot decode (broken JSON, or JSON that is not JSON-RPC), which ends the session.
//! Here every frame is checked first; a bad one is replaced by a `pyrevit/malformedMessage`
//! request that the server answers with the JSON-RPC error (`-32700` parse error with id null, or
//! `-32600` invalid request with the message's id when it has one), and the session goes on.
//! Bytes that are not a frame are skipped up to the next `Content-Length` header.

use std::io::{BufRead, Read};

use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp_server::jsonrpc::{Request, Response};

use super::stdio::{channel_reader, ChannelReader};

/// The custom method a malformed frame becomes.
pub const MALFORMED_METHOD: &str = "pyrevit/malformedMessage";
/// A frame larger than this is skipped (read and dropped) rather than buffered.
const MAX_FRAME: usize = 512 << 20;

/// Reads framed messages from `input` on a thread of its own and hands checked frames to the
/// returned reader (one wake-up per message for the transport, no blocking-pool hop). At the end
/// of the input (or of the transport) the thread parks instead of ending: clients close stdin
/// right after `exit`, and a thread ending while the process exits crashes it under Wine (see
/// `stdio`).
pub fn guard<R: BufRead + Send + 'static>(input: R) -> ChannelReader {
    let (tx, rx) = channel_reader();
    let spawned = std::thread::Builder::new().name("pyrevit-ls-stdin".into()).spawn(move || {
        forward(input, tx);
        super::stdio::park_forever();
    });
    if let Err(e) = spawned {
        tracing::error!("cannot start the stdin thread: {e}");
    }
    rx
}

/// Checked frames from `input` into `tx` until the input ends or the transport is gone; dropping
/// `tx` then ends the transport as a closed stdin would.
fn forward<R: BufRead>(mut input: R, tx: UnboundedSender<Vec<u8>>) {
    while let Some(body) = next_frame(&mut input) {
        let body = checked(body);
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        if tx.send(frame).is_err() {
            return;
        }
    }
}

/// The next frame's body; `None` at the end of the input. Header lines other than
/// `Content-Length` are ignored; a blank line without a usable length starts the search again.
fn next_frame<R: BufRead>(input: &mut R) -> Option<Vec<u8>> {
    loop {
        let mut len: Option<usize> = None;
        loop {
            let mut line = Vec::new();
            if input.read_until(b'\n', &mut line).ok()? == 0 {
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
            let skipped = std::io::copy(&mut input.take(len as u64), &mut std::io::sink()).ok()?;
            if (skipped as usize) < len {
                return None;
            }
            continue;
        }
        let mut body = vec![0; len];
        input.read_exact(&mut body).ok()?;
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
        use tokio::io::AsyncReadExt;
        let mut out = guard(std::io::Cursor::new(input.to_vec()));
        let mut all = Vec::new();
        out.read_to_end(&mut all).await.unwrap();
        let mut reader = &all[..];
        let mut values = Vec::new();
        while let Some(body) = next_frame(&mut reader) {
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
