//! Protocol abuse over stdio against the real binary: malformed JSON-RPC, unknown methods,
//! requests before `initialize`, non-`file:` URIs, positions past the end, huge requests. Each is
//! answered with a JSON-RPC error or ignored (notifications), and the server keeps answering.

use serde_json::{json, Value};

use crate::lsp_client::{capabilities, uri, LspClient};
use crate::support::write_tree;

const BUTTON: &str = "A.extension/A.tab/P.panel/B.pushbutton";

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body).into_bytes()
}

/// The server still answers a normal request, and still runs.
fn assert_alive(c: &mut LspClient, path: &std::path::Path, when: &str) {
    let hover = c.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(path)}, "position": {"line": 0, "character": 1}}),
    );
    assert!(hover.is_ok(), "{when}: hover failed: {hover:?}");
    assert!(c.is_running(), "{when}: the server exited");
}

fn error_code(r: Result<Value, Value>) -> i64 {
    r.expect_err("an error").get("code").and_then(Value::as_i64).unwrap_or(0)
}

#[test]
fn requests_before_initialize_get_an_error_and_notifications_are_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    write_tree(tmp.path(), &[(&format!("{BUTTON}/script.py"), ""), (&format!("{BUTTON}/bundle.yaml"), "title: x\n")]);
    let yaml = tmp.path().join(BUTTON).join("bundle.yaml");
    let mut c = LspClient::spawn();
    let early = c.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(error_code(early), -32002, "ServerNotInitialized");
    c.open(&yaml, "yaml", "title: x\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&yaml), "version": 2}, "contentChanges": [{"text": "y"}]}),
    );
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    // A second `initialize` is an error, not a crash.
    let again = c.request_raw("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    assert!(again.is_err(), "{again:?}");
    c.open(&yaml, "yaml", "title: x\n");
    assert_alive(&mut c, &yaml, "after requests before initialize");
    assert!(c.shutdown().success());
}

#[test]
fn malformed_messages_unknown_methods_and_odd_uris_never_crash() {
    let tmp = tempfile::tempdir().unwrap();
    write_tree(
        tmp.path(),
        &[(&format!("{BUTTON}/script.py"), "import os\n"), (&format!("{BUTTON}/bundle.yaml"), "title: x\n")],
    );
    let yaml = tmp.path().join(BUTTON).join("bundle.yaml");
    let py = tmp.path().join(BUTTON).join("script.py");
    let mut c = LspClient::spawn();
    c.initialize(&[tmp.path()], capabilities(false), Value::Null);
    c.open(&yaml, "yaml", "title: x\n");
    c.diagnostics(&yaml);

    // Broken JSON in a well-formed frame: a parse error with id null.
    c.send_bytes(&frame("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "));
    let parse = c.wait_for_stray("parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(parse["id"], Value::Null);
    assert_alive(&mut c, &yaml, "after broken JSON");
    // Valid JSON that is not JSON-RPC, and JSON-RPC with odd shapes.
    for body in [
        "[]",
        "42",
        "{}",
        "{\"jsonrpc\": \"1.0\", \"id\": 99, \"method\": \"textDocument/hover\"}",
        "{\"jsonrpc\": \"2.0\", \"id\": {\"a\": 1}, \"method\": \"shutdown\"}",
        "{\"jsonrpc\": \"2.0\", \"id\": 98, \"method\": \"textDocument/hover\", \"params\": [1, 2]}",
        "{\"jsonrpc\": \"2.0\", \"id\": 97, \"method\": \"textDocument/completion\", \"params\": {\"textDocument\": 5}}",
        "{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/didChange\", \"params\": {\"bogus\": true}}",
        "{\"jsonrpc\": \"2.0\", \"id\": 96, \"result\": {\"unasked\": true}}",
    ] {
        c.send_bytes(&frame(body));
        assert_alive(&mut c, &yaml, body);
    }
    let bad_params = c.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": -1, "character": "x"}}),
    );
    assert_eq!(error_code(bad_params), -32602, "InvalidParams");

    // Unknown methods: a request gets MethodNotFound, a notification is ignored.
    assert_eq!(error_code(c.request_raw("pyrevit/noSuchThing", json!({}))), -32601);
    assert_eq!(error_code(c.request_raw("textDocument/noSuchThing", Value::Null)), -32601);
    c.notify("$/noSuchNotification", json!({"x": 1}));
    c.notify("workspace/noSuchNotification", Value::Null);
    assert_alive(&mut c, &yaml, "after unknown methods");

    // Non-`file:` URIs and files that do not exist: nothing to say, no crash.
    for u in [
        "untitled:Untitled-1",
        "http://example.com/bundle.yaml",
        "file:///",
        "file:///nonexistent/../../etc/passwd",
        "a",
        "file://host/share/x.py",
    ] {
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "yaml", "version": 1, "text": "title: x\n"}}),
        );
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 9}}, "text": "z"}]}));
        for method in
            ["textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references"]
        {
            let r = c.request_raw(method, json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 0}, "context": {"includeDeclaration": true}}));
            assert!(r.is_ok() || error_code(r.clone()) != 0, "{method} {u}: {r:?}");
        }
        let symbols = c.request_raw("textDocument/documentSymbol", json!({"textDocument": {"uri": u}}));
        assert!(symbols.is_ok() || symbols.is_err());
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
        assert_alive(&mut c, &yaml, u);
    }

    // Positions past the end, in requests and in edits.
    c.open(&py, "python", "import os\n");
    for (line, character) in [(0u64, 10_000u64), (10_000, 0), (u32::MAX as u64, u32::MAX as u64)] {
        for (path, method) in [
            (&yaml, "textDocument/hover"),
            (&yaml, "textDocument/completion"),
            (&py, "textDocument/definition"),
            (&py, "textDocument/hover"),
        ] {
            let r = c.request_raw(
                method,
                json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}}),
            );
            assert!(r.is_ok(), "{method} at {line}:{character}: {r:?}");
        }
    }
    let far = json!({"line": u32::MAX, "character": u32::MAX});
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&yaml), "version": 2},
        "contentChanges": [{"range": {"start": far, "end": {"line": 0, "character": 0}}, "text": "tail: 1\n"}]}),
    );
    let seen = c.request("pyrevit/viewFileText", json!({"uri": uri(&yaml)}));
    assert_eq!(seen["version"], 2);
    assert_alive(&mut c, &yaml, "after edits past the end");

    // Huge requests: a 12 MB document, a 2 MB URI, a deep JSON value.
    let big = "title: big\n".to_string() + &"# filler line of comment text\n".repeat(400_000);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&yaml), "version": 3}, "contentChanges": [{"text": big}]}),
    );
    let r = c.request_raw("textDocument/hover", json!({"textDocument": {"uri": format!("file:///{}", "a".repeat(2_000_000))}, "position": {"line": 0, "character": 0}}));
    assert!(r.is_ok() || r.is_err());
    let deep = format!(
        "{{\"jsonrpc\": \"2.0\", \"id\": 95, \"method\": \"textDocument/hover\", \"params\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    c.send_bytes(&frame(&deep));
    assert_alive(&mut c, &yaml, "after huge requests");
    let seen = c.request("pyrevit/viewFileText", json!({"uri": uri(&yaml)}));
    assert_eq!(seen["text"].as_str().map(str::len), Some(big.len()));
    assert!(c.shutdown().success());
}
