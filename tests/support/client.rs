//! A minimal LSP client that drives the real `stackls` binary over stdio, and the runner of
//! its command line.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_stackls");
/// How long to wait for any one answer before failing the test (not a speed target).
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Notifications received while waiting for something else.
    pub notifications: Vec<Value>,
    /// How long to wait for any one answer (not a speed target: a bound against hangs).
    pub patience: Duration,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Starts `stackls lsp` (with extra environment variables) without initializing it.
    pub fn spawn_with(env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(BIN)
            .args(["lsp", "--stdio"])
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn stackls");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Client { child, stdin, messages: rx, notifications: Vec::new(), next_id: 1, patience: PATIENCE }
    }

    /// Starts the server and initializes it with the given client capabilities.
    pub fn start(capabilities: Value) -> Client {
        Client::start_with(capabilities, &[])
    }

    pub fn start_with(capabilities: Value, env: &[(&str, &str)]) -> Client {
        let mut client = Client::spawn_with(env);
        let result =
            client.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": capabilities }));
        assert!(result.get("capabilities").is_some(), "initialize result: {result}");
        client.notify("initialized", json!({}));
        client
    }

    /// VS Code's relevant capabilities: UTF-16 only.
    pub fn vscode() -> Client {
        Client::start(json!({
            "general": { "positionEncodings": ["utf-16"] },
            "textDocument": { "hover": { "contentFormat": ["markdown", "plaintext"] }, "publishDiagnostics": { "versionSupport": true } }
        }))
    }

    /// Neovim 0.11's relevant capabilities: offers UTF-8 first.
    pub fn neovim() -> Client {
        Client::start(json!({
            "general": { "positionEncodings": ["utf-8", "utf-16", "utf-32"] },
            "textDocument": { "hover": { "contentFormat": ["markdown", "plaintext"] } }
        }))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send_raw(&mut self, body: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write");
        stdin.flush().expect("flush");
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Sends a request and returns the whole response (result or error).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response(id).unwrap_or_else(|| panic!("no response to {method}"))
    }

    /// Waits for the response with `id`, keeping notifications.
    pub fn response(&mut self, id: i64) -> Option<Value> {
        let deadline = Instant::now() + self.patience;
        while let Some(m) = self.recv(deadline) {
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return Some(m);
            }
            if m.get("method").is_some() && m.get("id").is_some() {
                // A server-to-client request: answer with null.
                let reply = json!({ "jsonrpc": "2.0", "id": m["id"], "result": null });
                self.send(reply);
                continue;
            }
            self.notifications.push(m);
        }
        None
    }

    /// Waits for the server's request `method` (also among those already received) and
    /// answers it with `result`; returns the request.
    pub fn answer(&mut self, method: &str, result: Value) -> Value {
        let request = self
            .notification(|m| m["method"] == method && m.get("id").is_some())
            .unwrap_or_else(|| panic!("the server did not send {method}"));
        self.send(json!({ "jsonrpc": "2.0", "id": request["id"], "result": result }));
        request
    }

    /// Sends a request and returns its result, failing on an error reply.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// Waits for a notification matching `pred` (also among those already received).
    pub fn notification(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.notifications.iter().position(&pred) {
            return Some(self.notifications.remove(i));
        }
        let deadline = Instant::now() + self.patience;
        while let Some(m) = self.recv(deadline) {
            if pred(&m) {
                return Some(m);
            }
            self.notifications.push(m);
        }
        None
    }

    /// Waits for `publishDiagnostics` for `uri` with `version` (any version if `None`).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        };
        if let Some(i) = self.notifications.iter().rposition(matches) {
            let m = self.notifications.remove(i);
            return m["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
        }
        let deadline = Instant::now() + self.patience;
        while let Some(m) = self.recv(deadline) {
            if matches(&m) {
                return m["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            self.notifications.push(m);
        }
        panic!("no diagnostics for {uri} version {version:?}; got {:#?}", self.notifications);
    }

    /// Opens `uri` (version 1) and returns the diagnostics published for it.
    pub fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.did_open(uri, text);
        self.diagnostics(uri, Some(1))
    }

    /// Sends `didOpen` for `uri` (version 1) without waiting for anything.
    pub fn did_open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "toml", "version": 1, "text": text } }),
        );
    }

    /// Sends `didChange` replacing the whole text of `uri`, without waiting for anything.
    pub fn did_change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request("textDocument/hover", at(uri, line, character))
    }

    pub fn completion(&mut self, uri: &str, line: u32, character: u32) -> Vec<Value> {
        let r = self.request("textDocument/completion", at(uri, line, character));
        match r {
            Value::Array(items) => items,
            Value::Object(_) => r["items"].as_array().cloned().unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// `shutdown` + `exit`; returns the exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    pub fn wait(&mut self) -> Option<i32> {
        drop(self.stdin.take());
        let deadline = Instant::now() + self.patience;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An LSP position.
pub fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// The parameters of a request at a position in a document (hover, completion, definition).
pub fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": pos(line, character) })
}

/// Applies LSP text edits (`range` + `newText`, as in a code action) to `text`. Columns are
/// taken as bytes: test texts with edits are ASCII, where UTF-16 units are bytes.
pub fn apply_lsp_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, col) = (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
        text.split_inclusive('\n').take(line).map(str::len).sum::<usize>() + col
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

/// The (line, character) of the first occurrence of `needle` in `text`, in UTF-16 units
/// (`utf16 = true`) or UTF-8 bytes, plus `extra` characters.
pub fn pos_of(text: &str, needle: &str, utf16: bool) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u32;
    let prefix = &text[line_start..at];
    let col = if utf16 { prefix.encode_utf16().count() } else { prefix.len() } as u32;
    (line, col)
}

/// A fresh folder under the target directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs the `stackls` command line in `dir`, with `stdin` as standard input, colour off.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn stackls");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.unwrap_or("").as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for stackls")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
