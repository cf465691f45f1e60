//! End-to-end latency of the real server over stdio, on generated stack files:
//! `initialize`, a one-character `didChange` to its `publishDiagnostics`, and hover and
//! completion round trips (median and p99). A measurement tool, not a test.
//!
//! cargo build --release && cargo run --release --example lsp_latency -- target/release/stackls [versions]
//!
//! `versions`: the generated files with a version on every value the lifecycle data tracks.

#[path = "../benches/generate.rs"]
mod generate;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    id: i64,
}

/// The parts of a message the harness reads; the rest is skipped unparsed.
#[derive(serde::Deserialize)]
struct Envelope {
    id: Option<i64>,
    method: Option<String>,
    params: Option<Params>,
}

#[derive(serde::Deserialize)]
struct Params {
    version: Option<i64>,
}

impl Server {
    fn start(bin: &str) -> Server {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Server { child, stdin, stdout, id: 0 }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    /// Reads one message whole and decodes only what the harness looks at (id, method,
    /// version): the time measured is the server's, not a client's JSON tree of 5,000
    /// diagnostics.
    fn read(&mut self) -> Envelope {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).expect("read header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).expect("read body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// Sends a request and waits for its response.
    fn request(&mut self, method: &str, params: Value) {
        self.id += 1;
        let id = self.id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.read();
            if m.id == Some(id) && m.method.is_none() {
                return;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Waits for the diagnostics of `version`.
    fn diagnostics(&mut self, version: i64) {
        loop {
            let m = self.read();
            if m.method.as_deref() == Some("textDocument/publishDiagnostics")
                && m.params.and_then(|p| p.version) == Some(version)
            {
                return;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let bin = std::env::args().nth(1).unwrap_or_else(|| "target/release/stackls".into());
    let project = match std::env::args().nth(2).as_deref() {
        Some("versions") => generate::Project::Versions,
        _ => generate::Project::Mixed,
    };
    let uri = "file:///bench/stack.toml";

    // initialize, from process start to the answer.
    let mut init = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let mut s = Server::start(&bin);
        s.request("initialize", json!({ "capabilities": { "general": { "positionEncodings": ["utf-16"] } } }));
        init.push(start.elapsed());
    }
    println!(
        "initialize after start: median {}, p99 {}",
        ms(percentile(&mut init, 0.5)),
        ms(percentile(&mut init, 0.99))
    );
    println!();
    println!("| services | edit → diagnostics (median / p99) | hover (median / p99) | completion (median / p99) |");
    println!("|---|---|---|---|");
    for services in [100, 2_000, 20_000] {
        let text = generate::stack_file_with(services, project);
        let mut s = Server::start(&bin);
        s.request("initialize", json!({ "capabilities": {} }));
        s.notify("initialized", json!({}));
        s.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "toml", "version": 1, "text": text } }),
        );
        s.diagnostics(1);
        // The last framework value: the far end of the document.
        let line = text[..text.rfind("framework = \"").expect("a framework")].matches('\n').count();
        let (mut edits, mut hovers, mut completions) = (Vec::new(), Vec::new(), Vec::new());
        let mut version = 1;
        for round in 0..60 {
            // Type a character into the description and take it out again.
            version += 1;
            let (range, new_text) = if round % 2 == 0 {
                (json!({ "start": { "line": 3, "character": 15 }, "end": { "line": 3, "character": 15 } }), "x")
            } else {
                (json!({ "start": { "line": 3, "character": 15 }, "end": { "line": 3, "character": 16 } }), "")
            };
            let start = Instant::now();
            s.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": range, "text": new_text }] }));
            s.diagnostics(version);
            edits.push(start.elapsed());
        }
        // Hovers come after a pause, as an editor sends them (VS Code waits 300 ms for the
        // mouse to rest): not inside the burst of edits, whose old analyses are still being
        // freed in the background.
        std::thread::sleep(Duration::from_millis(200));
        for _ in 0..300 {
            let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 15 } });
            let start = Instant::now();
            s.request("textDocument/hover", at.clone());
            hovers.push(start.elapsed());
            let start = Instant::now();
            s.request("textDocument/completion", at);
            completions.push(start.elapsed());
        }
        println!(
            "| {services} | {} / {} | {} / {} | {} / {} |",
            ms(percentile(&mut edits, 0.5)),
            ms(percentile(&mut edits, 0.99)),
            ms(percentile(&mut hovers, 0.5)),
            ms(percentile(&mut hovers, 0.99)),
            ms(percentile(&mut completions, 0.5)),
            ms(percentile(&mut completions, 0.99)),
        );
    }
}
