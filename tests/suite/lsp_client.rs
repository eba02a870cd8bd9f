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
    /// Responses to requests sent with [`LspClient::send_request`], not yet taken.
    pub responses: Vec<Value>,
    /// When set, `workspace/configuration` items are answered per section from this object
    /// instead (`{"yaml": {…}}`; null for a missing section), as peer servers expect.
    pub sections: Option<Value>,
    /// Responses that answer no request we are waiting for (cancelled ones, errors with id null).
    pub stray: Vec<Value>,
}

pub fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    // Windows: `C:\x` is written `/C:/x` (the server's spelling: upper-case drive, `:` as is).
    let text = path.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
    let text = if text.starts_with('/') { text } else { format!("/{text}") };
    for (i, part) in text.split('/').skip(1).enumerate() {
        s.push('/');
        let drive = i == 0 && part.len() == 2 && part.ends_with(':');
        for b in part.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => s.push(b as char),
                b':' if drive => s.push(':'),
                _ => s.push_str(&format!("%{b:02X}")),
            }
        }
    }
    s
}

impl LspClient {
    pub fn spawn() -> Self {
        Self::spawn_with_env(&[])
    }

    /// Spawn with extra environment variables (e.g. `PYREVIT_LS_TEST_PANIC=1`).
    pub fn spawn_with_env(env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pyrevit-ls"));
        command.envs(env.iter().copied());
        Self::spawn_command(command)
    }

    /// Any language server speaking LSP over stdio (the benchmarks also drive peer servers).
    pub fn spawn_command(mut command: Command) -> Self {
        let mut child = command
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
            responses: Vec::new(),
            sections: None,
            stray: Vec::new(),
        }
    }

    /// A request message with a fresh id (to send later, e.g. several in one write).
    pub fn request_message(&mut self, method: &str, params: Value) -> (i64, Value) {
        self.next_id += 1;
        (self.next_id, json!({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}))
    }

    /// Write several messages at once, as one write.
    pub fn send_all(&mut self, messages: &[Value]) {
        let mut out = String::new();
        for m in messages {
            let body = serde_json::to_string(m).unwrap();
            out.push_str(&format!("Content-Length: {}\r\n\r\n{}", body.len(), body));
        }
        self.stdin.write_all(out.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Send a request without waiting; its answer is collected by [`LspClient::response`].
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let (id, msg) = self.request_message(method, params);
        self.send(&msg);
        id
    }

    /// Wait for the answer to request `id`: `Ok(result)` or `Err(error)`.
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.responses.iter().position(|r| r["id"] == json!(id)) {
                let r = self.responses.remove(i);
                return match r.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(r.get("result").cloned().unwrap_or(Value::Null)),
                };
            }
            match self.recv(deadline) {
                Some(msg) => self.dispatch(msg),
                None => panic!("no answer to request {id} in {TIMEOUT:?}"),
            }
        }
    }

    /// True when the answer to `id` has arrived (reads what is already there, never waits).
    pub fn has_response(&mut self, id: i64) -> bool {
        while let Ok(msg) = self.rx.try_recv() {
            self.dispatch(msg);
        }
        self.responses.iter().any(|r| r["id"] == json!(id))
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
                    "workspace/configuration" => match (&self.sections, msg["params"]["items"].as_array()) {
                        (Some(sections), Some(items)) => Value::Array(
                            items
                                .iter()
                                .map(|i| {
                                    sections.get(i["section"].as_str().unwrap_or("")).cloned().unwrap_or(Value::Null)
                                })
                                .collect(),
                        ),
                        (_, items) => Value::Array(vec![self.configuration.clone(); items.map_or(1, Vec::len)]),
                    },
                    _ => Value::Null,
                };
                self.server_requests.push(msg.clone());
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
            }
            (None, Some(_)) => self.inbox.push(msg),
            (Some(id), None) if !id.is_null() => self.responses.push(msg),
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

    /// The server's process id (benchmarks read its `/proc` entries).
    #[allow(dead_code)] // used by benches/lsp_latency.rs
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The next notification (oldest unconsumed first), answering server requests meanwhile;
    /// `None` after `quiet` of silence.
    #[allow(dead_code)] // used by benches/lsp_latency.rs
    pub fn next_notification(&mut self, quiet: Duration) -> Option<Value> {
        loop {
            if !self.inbox.is_empty() {
                return Some(self.inbox.remove(0));
            }
            let msg = self.rx.recv_timeout(quiet).ok()?;
            self.dispatch(msg);
        }
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
