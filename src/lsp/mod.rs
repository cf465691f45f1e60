//! The LSP adapter: `stackls lsp` over stdio.

mod actions;
mod capabilities;
mod catalogues;
pub mod convert;
mod documents;
mod framing;
mod server;
mod session;
mod settings;
mod to_proto;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

use self::framing::{INVALID_REQUEST_METHOD, PARSE_ERROR_METHOD};

/// Serves LSP on stdin/stdout until `exit`. Returns the process exit code: 0 after
/// `shutdown` then `exit`, 1 when the stream ends or `exit` comes without `shutdown`.
pub fn run() -> i32 {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("stackls: cannot start the runtime: {e}");
            return 2;
        }
    };
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    runtime.block_on(async move {
        // Frames pass through `framing::pump`, so a malformed message cannot end the session.
        let (server_input, pump_output) = tokio::io::duplex(1 << 16);
        tokio::spawn(framing::pump(tokio::io::BufReader::new(tokio::io::stdin()), pump_output));
        let (service, socket) = LspService::build(move |client| server::Backend::new(client, flag))
            .custom_method(PARSE_ERROR_METHOD, server::Backend::parse_error)
            .custom_method(INVALID_REQUEST_METHOD, server::Backend::invalid_request)
            .custom_method("stackls/report", server::Backend::report)
            .finish();
        // One message at a time: document changes can never be reordered.
        Server::new(server_input, tokio::io::stdout(), socket).concurrency_level(1).serve(service).await;
    });
    // Do not wait for the blocked stdin reader: the session is over.
    runtime.shutdown_background();
    if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    /// `server.rs` keeps the handlers only (convert in, call, convert out): what the server
    /// decides lives in `session.rs`, `documents.rs` and `actions.rs`.
    #[test]
    fn the_handlers_stay_within_their_budget() {
        let lines = include_str!("server.rs").lines().count();
        assert!(lines <= 450, "src/lsp/server.rs has {lines} lines, over its budget of 450: move policy out of it");
    }
}
