//! The LSP adapter: `stackls lsp` over stdio.

pub mod convert;
mod server;
mod to_proto;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

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
        let (service, socket) = LspService::new(move |client| server::Backend::new(client, flag));
        // One message at a time: document changes can never be reordered.
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket).concurrency_level(1).serve(service).await;
    });
    if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
