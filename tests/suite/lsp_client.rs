//! A small LSP client that drives the real `pyrevit-ls` binary over stdio (Content-Length framed
//! JSON-RPC). Server→client requests are answered like an editor would.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct LspClient {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet consumed, in arrival order.
    pub inbox: Vec<Value>,
    /// Every server→client request seen (method names), e.g. to check registrations.
    pub server_requests: Vec<Value>,
    /// Answer to `workspace/configuration`.
    pub configuration: Value,
    /// Responses that answer no request we are waiting for (cancelled ones, errors with id null).
    pub stray: Vec<Value>,
}

pub fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for part in path.to_string_lossy().split('/').skip(1) {
        s.push('/');
        for b in part.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => s.push(b as char),
                _ => s.push_str(&format!("%{b:02X}")),
            }
        }
    }
    s
}

impl LspClient {
    pub fn spawn() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pyrevit-ls"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn pyrevit-ls");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("server sent valid JSON");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        LspClient {
            child,
            stdin,
            rx,
            next_id: 0,
            inbox: Vec::new(),
            server_requests: Vec::new(),
            configuration: Value::Null,
            stray: Vec::new(),
        }
    }

    fn send(&mut self, value: &Value) {
        let body = serde_json::to_string(value).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its answer; returns `result` or panics with the error.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        match self.request_raw(method, params) {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e}"),
        }
    }

    pub fn request_raw(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self.recv(deadline).unwrap_or_else(|| panic!("no answer to {method} in {TIMEOUT:?}"));
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return match msg.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(msg.get("result").cloned().unwrap_or(Value::Null)),
                };
            }
            self.dispatch(msg);
        }
    }

    /// Send a request without waiting for its answer (e.g. to cancel it); returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Write raw bytes to the server's stdin (malformed frames, broken JSON).
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Whether the server process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_none()
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(v) => Some(v),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// File a notification, or answer a server→client request the way an editor would.
    fn dispatch(&mut self, msg: Value) {
        match (msg.get("id"), msg.get("method").and_then(Value::as_str)) {
            (Some(id), Some(method)) => {
                let result = match method {
                    "workspace/configuration" => {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![self.configuration.clone(); n])
                    }
                    _ => Value::Null,
                };
                self.server_requests.push(msg.clone());
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
            }
            (None, Some(_)) => self.inbox.push(msg),
            _ => self.stray.push(msg),
        }
    }

    /// Wait for (and consume) the first stray response matching `pred`.
    pub fn wait_for_stray(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_in(|c| &mut c.stray, what, pred)
    }

    /// Wait for (and consume) the first notification matching `pred`, old ones first.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_in(|c| &mut c.inbox, what, pred)
    }

    /// Wait until `list` (the inbox or the stray responses) holds a message matching `pred`.
    fn wait_in(&mut self, list: fn(&mut Self) -> &mut Vec<Value>, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = list(self).iter().position(&pred) {
                return list(self).remove(i);
            }
            match self.recv(deadline) {
                Some(msg) => self.dispatch(msg),
                None => panic!("timed out waiting for {what}; received: {:#?}", list(self)),
            }
        }
    }

    /// The next diagnostics published for `path` (consumed).
    pub fn diagnostics(&mut self, path: &Path) -> Value {
        let u = uri(path);
        self.wait_for(&format!("diagnostics for {u}"), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u.as_str()
        })["params"]
            .clone()
    }

    /// Drain what has arrived within `quiet` of silence.
    pub fn settle(&mut self, quiet: Duration) {
        while let Ok(msg) = self.rx.recv_timeout(quiet) {
            self.dispatch(msg);
        }
    }

    pub fn initialize(&mut self, folders: &[&Path], capabilities: Value, options: Value) -> Value {
        let folders: Vec<Value> =
            folders.iter().map(|f| json!({"uri": uri(f), "name": f.file_name().unwrap().to_string_lossy()})).collect();
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "workspaceFolders": folders, "initializationOptions": options}),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, path: &Path, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": language, "version": 1, "text": text}}),
        );
    }

    pub fn shutdown(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not exit after `exit`");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Client capabilities of a typical editor. `utf8` adds utf-8 to the offered encodings.
pub fn capabilities(utf8: bool) -> Value {
    let encodings = if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
    json!({
        "general": {"positionEncodings": encodings},
        "window": {"workDoneProgress": true},
        "workspace": {
            "configuration": true,
            "workspaceFolders": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true}
        },
        "textDocument": {
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
            "completion": {"completionItem": {"snippetSupport": true, "documentationFormat": ["markdown"]}},
            "hover": {"contentFormat": ["markdown", "plaintext"]}
        }
    })
}
