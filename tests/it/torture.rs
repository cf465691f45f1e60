//! Protocol torture through the real binary: every abuse gets an error reply or a sensible
//! empty result, and the server keeps serving.

use serde_json::{json, Value};

use crate::support::{at, pos, scratch, Client};

const URI: &str = "file:///t/stack.toml";

/// The server still answers a normal request correctly.
fn still_serving(c: &mut Client) {
    let diags = c.open("file:///t/ok.stack.toml", "[stack]\nframework = \"flsk\"\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let r = c.request("textDocument/hover", at("file:///t/ok.stack.toml", 1, 1));
    assert!(r["contents"]["value"].as_str().unwrap_or("").contains("framework"), "{r}");
    c.notify("textDocument/didClose", json!({ "textDocument": { "uri": "file:///t/ok.stack.toml" } }));
    c.diagnostics("file:///t/ok.stack.toml", None);
}

#[test]
fn positions_past_the_end_are_clamped() {
    let mut c = Client::vscode();
    c.open(URI, "[stack]\nframework = \"flask\"\n");
    for (line, ch) in [(0, 9999), (1, 9999), (2, 0), (99, 0), (u32::MAX, u32::MAX)] {
        for method in ["textDocument/hover", "textDocument/completion"] {
            let r = c.request_raw(method, json!({ "textDocument": { "uri": URI }, "position": pos(line, ch) }));
            assert!(r.get("error").is_none(), "{method} at {line}:{ch}: {r}");
        }
        let r = c.request_raw("textDocument/codeAction", json!({ "textDocument": { "uri": URI }, "range": { "start": pos(line, ch), "end": pos(0, 0) }, "context": { "diagnostics": [] } }));
        assert!(r.get("error").is_none(), "codeAction: {r}");
    }
    still_serving(&mut c);
}

#[test]
fn unknown_documents_and_out_of_order_changes() {
    let mut c = Client::vscode();
    for method in ["textDocument/hover", "textDocument/completion"] {
        let r =
            c.request_raw(method, json!({ "textDocument": { "uri": "file:///never.toml" }, "position": pos(0, 0) }));
        assert_eq!(r["error"]["code"], -32602, "{method}: {r}");
    }
    let r = c.request_raw("textDocument/documentSymbol", json!({ "textDocument": { "uri": "file:///never.toml" } }));
    assert!(r.get("error").is_some());
    // didChange before didOpen: ignored (logged), nothing published.
    c.did_change(URI, 5, "x");
    c.open(URI, "[stack]\nframework = \"flsk\"\n");
    // A version that goes backwards is ignored: the document keeps its text.
    c.did_change(URI, 0, "[stack]\nframework = \"flask\"\n");
    // An edit range past the end is clamped to the end.
    c.notify("textDocument/didChange", json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "range": { "start": pos(50, 3), "end": pos(60, 0) }, "text": "# tail\n" }] }));
    let diags = c.diagnostics(URI, Some(2));
    assert_eq!(diags.len(), 1, "still `flsk`, with the tail appended: {diags:?}");
    // A reversed range is put in order.
    c.notify("textDocument/didChange", json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [{ "range": { "start": pos(1, 17), "end": pos(1, 13) }, "text": "flask" }] }));
    assert!(c.diagnostics(URI, Some(3)).is_empty());
    still_serving(&mut c);
}

#[test]
fn malformed_json_rpc_gets_errors_not_a_crash() {
    let mut c = Client::vscode();
    let error_with_null_id =
        |code: i64| move |m: &Value| m.get("method").is_none() && m["id"].is_null() && m["error"]["code"] == code;
    c.send_raw("{ this is not json");
    assert!(c.notification(error_with_null_id(-32700)).is_some(), "bad JSON: parse error");
    c.send_raw("[1, 2, 3]");
    assert!(c.notification(error_with_null_id(-32600)).is_some(), "JSON that is no message: invalid request");
    c.send_raw(r#"{"id":901,"method":"textDocument/hover"}"#);
    assert_eq!(c.response(901).expect("reply, id kept")["error"]["code"], -32600, "no jsonrpc member");
    c.send_raw(r#"{"jsonrpc":"2.0","id":900,"method":"textDocument/hover","params":{"textDocument":7}}"#);
    assert_eq!(c.response(900).expect("reply to bad params")["error"]["code"], -32602);
    c.send_raw(r#"{"jsonrpc":"2.0","id":902,"method":"stackls/noSuchMethod","params":{}}"#);
    assert_eq!(c.response(902).expect("reply to unknown method")["error"]["code"], -32601);
    c.send_raw(r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":42}}}"#);
    // A frame with no Content-Length is skipped; the next frame is read normally.
    c.send_bytes(b"X-Garbage: yes\r\n\r\n");
    still_serving(&mut c);
}

#[test]
fn requests_after_shutdown_are_refused() {
    let mut c = Client::vscode();
    c.request("shutdown", Value::Null);
    let r = c.request_raw("textDocument/hover", json!({ "textDocument": { "uri": URI }, "position": pos(0, 0) }));
    assert_eq!(r["error"]["code"], -32600, "invalid request after shutdown: {r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), Some(0));
}

#[test]
fn huge_documents_long_lines_and_deep_nesting() {
    let mut c = Client::vscode();
    // A 10 MB document takes seconds in a debug build on a busy machine: wait longer.
    c.patience = std::time::Duration::from_secs(180);
    // 10 MB: every service is Flask at large scale, so findings are many; they are capped.
    let mut big = String::from("[project]\nscale = \"large\"\n");
    let mut i = 0;
    while big.len() < 10_000_000 {
        big.push_str(&format!("[services.s{i}]\nlanguage = \"python\"\nframework = \"flask\"\n"));
        i += 1;
    }
    let diags = c.open("file:///t/big.stack.toml", &big);
    assert_eq!(diags.len(), 1001, "1000 findings and a note");
    assert_eq!(diags[1000]["code"], "truncated");
    assert!(diags[1000]["message"].as_str().unwrap().contains("more findings are not shown"));
    // Inside `"flask"` of the first service.
    let r = c.request("textDocument/hover", at("file:///t/big.stack.toml", 4, 14));
    assert!(r["contents"]["value"].as_str().unwrap().starts_with("### Flask"));
    c.notify("textDocument/didClose", json!({ "textDocument": { "uri": "file:///t/big.stack.toml" } }));

    // A 1 MB line, then a finding after it.
    let long = format!("[project]\ndescription = \"{}\"\n[stack]\nframework = \"flsk\"\n", "é".repeat(500_000));
    let diags = c.open("file:///t/long.stack.toml", &long);
    assert_eq!(diags.len(), 1);
    // `"flsk"` on the line after the long one, at its usual column.
    assert_eq!(diags[0]["range"]["start"], json!({ "line": 3, "character": 12 }));
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///t/long.stack.toml" }, "position": pos(1, 400_000) }),
    );
    assert!(r.is_null(), "a description has no hover");

    // 100,000 nested arrays and inline tables: an error, no stack overflow.
    for (name, text) in [
        ("arrays", format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000))),
        ("tables", format!("a = {}1{}", "{b = ".repeat(100_000), "}".repeat(100_000))),
    ] {
        let uri = format!("file:///t/{name}.stack.toml");
        let diags = c.open(&uri, &text);
        assert!(diags.iter().any(|d| d["code"] == "syntax"), "{name}: {diags:?}");
        let r = c.request_raw(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": pos(0, 50_000) }),
        );
        assert!(r.get("error").is_none(), "{name}: {r}");
    }
    still_serving(&mut c);
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn ten_thousand_open_close_cycles_leave_memory_flat() {
    // mimalloc returns freed memory at once here, so RSS shows what the server holds rather
    // than what its per-thread caches keep on a loaded machine; a leak shows either way.
    let mut c = Client::start_with(
        json!({ "general": { "positionEncodings": ["utf-16"] } }),
        &[("MIMALLOC_PURGE_DELAY", "0"), ("MIMALLOC_ARENA_EAGER_COMMIT", "0")],
    );
    // 20 KB documents with one finding each.
    let text = format!(
        "[project]\nscale = \"large\"\n[stack]\nframework = \"flask\"\n{}",
        "# padding padding padding padding\n".repeat(600)
    );
    let cycle = |c: &mut Client, from: usize, to: usize| {
        for i in from..to {
            if i % 100 == 0 {
                // Keep the test client's own memory small: drain what the server sent so far.
                c.request_raw("stackls/probe", Value::Null);
                c.notifications.clear();
            }
            let uri = format!("file:///t/cycle{i}.stack.toml");
            c.did_open(&uri, &text);
            c.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
        }
        // Wait until the server has processed everything sent so far.
        let r = c.request_raw("stackls/probe", Value::Null);
        assert_eq!(r["error"]["code"], -32601, "an unknown method still gets its reply");
        c.notifications.clear();
    };
    // RSS is read after a short, unhurried batch, so it shows what the server holds rather
    // than a backlog of messages a loaded machine had not yet got through.
    let settled = |c: &mut Client, from: usize| {
        cycle(c, from, from + 10);
        rss_kib(c.pid())
    };
    cycle(&mut c, 0, 1000);
    let before = settled(&mut c, 1000);
    cycle(&mut c, 1010, 10_000);
    let after = settled(&mut c, 10_000);
    assert!(before > 0 && after > 0);
    // A leak of even 1 KB per cycle would add 9 MB.
    assert!(after < before + 8 * 1024, "memory grew from {before} KiB to {after} KiB over 9,000 open/close cycles");
    c.notifications.clear();
    still_serving(&mut c);
}

#[test]
fn completion_lists_are_capped_and_marked_incomplete() {
    // 250 languages from a user catalogue: more than the 200 items a list may carry.
    let dir = scratch("torture-completion-cap");
    let mut catalogue = String::new();
    for i in 0..250 {
        catalogue.push_str(&format!(
            "[[technology]]\nid = \"lang{i}\"\nname = \"Lang {i}\"\nkind = \"language\"\nsummary = \"x\"\n\n"
        ));
    }
    std::fs::write(dir.join("stack-catalogue.toml"), catalogue).unwrap();
    let uri = format!("file://{}/stack.toml", dir.display());
    let mut c = Client::vscode();
    c.open(&uri, "[stack]\nlanguage = \n");
    let r = c.request("textDocument/completion", json!({ "textDocument": { "uri": uri }, "position": pos(1, 11) }));
    assert_eq!(r["isIncomplete"], true, "{}", r["isIncomplete"]);
    // The cap: 200 items of the 250 (plus the built-in) languages.
    assert_eq!(r["items"].as_array().map(Vec::len), Some(200));
    still_serving(&mut c);
}
