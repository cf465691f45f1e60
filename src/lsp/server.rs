//! The language server's handlers.
//!
//! Every handler converts positions in (`convert`), asks the analysis of the document's
//! current version or the session (`session`), and converts the answer out (`to_proto`).
//! Document changes are applied synchronously, before any `.await`, and the server runs one
//! message at a time, so changes can never be reordered. A panic in a handler is caught: the
//! request gets an internal-error reply, the message is logged, and the server keeps serving.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::actions;
use super::capabilities;
use super::convert::{self, Encoding};
use super::documents::Document;
use super::session::Session;
use super::settings::{self, Settings};
use super::to_proto;
use crate::user_catalogue;

/// How long to wait for the client to answer a request of ours.
const CLIENT_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

pub struct Backend {
    client: Client,
    state: Mutex<Session>,
    /// Set when `shutdown` arrives; `exit` without it ends with code 1.
    pub shutdown: Arc<AtomicBool>,
    /// Test hook: hovering a document that contains this text panics (from the environment
    /// variable `STACKLS_TEST_PANIC_MARKER`; unset in normal use).
    panic_marker: Option<String>,
}

impl Backend {
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Backend {
        let panic_marker = std::env::var("STACKLS_TEST_PANIC_MARKER").ok().filter(|m| !m.is_empty());
        Backend { client, state: Mutex::new(Session::default()), shutdown, panic_marker }
    }

    /// The state, even after a panic poisoned the lock: the data stays consistent because
    /// a document is replaced whole, never left half-edited.
    fn state(&self) -> MutexGuard<'_, Session> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn encoding(&self) -> Encoding {
        self.state().client.encoding
    }

    /// Runs `f`, turning a panic into an internal error that is logged and reported.
    async fn guard<T>(&self, what: &str, f: impl FnOnce() -> T) -> Result<T> {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(value) => Ok(value),
            Err(payload) => {
                let detail = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                let message = format!("stackls: internal error in {what}: {detail}");
                eprintln!("{message}");
                self.client.log_message(MessageType::ERROR, &message).await;
                Err(Error {
                    code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                    message: message.into(),
                    data: None,
                })
            }
        }
    }

    /// Runs a read-only query against the current analysis of `uri`.
    async fn query<T>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce(&Document, Encoding) -> Option<T>,
    ) -> Result<Option<T>> {
        self.query_in(what, uri, |doc, enc, _| f(doc, enc)).await
    }

    /// [`Self::query`], for a handler that also reads the session (client support, user
    /// catalogues).
    async fn query_in<T>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce(&Document, Encoding, &Session) -> Option<T>,
    ) -> Result<Option<T>> {
        let result = self
            .guard(what, || {
                let state = self.state();
                let enc = state.client.encoding;
                state.documents.get(uri).map(|doc| f(doc, enc, &state))
            })
            .await?;
        match result {
            Some(answer) => Ok(answer),
            None => Err(not_open(uri)),
        }
    }

    /// Asks the client for the `stackls` settings (when it can answer), applies them and
    /// re-checks every open document.
    async fn pull_settings(&self) {
        if !self.state().client.pull_configuration {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some("stackls".into()) };
        // A client that claims the capability but never answers must not stall the session.
        let answer = tokio::time::timeout(CLIENT_PATIENCE, self.client.configuration(vec![item])).await;
        match answer.unwrap_or_else(|_| Err(tower_lsp_server::jsonrpc::Error::request_cancelled())) {
            Ok(values) => {
                let answer = values.into_iter().next().unwrap_or(serde_json::Value::Null);
                if let Some(settings) = settings::section(&answer) {
                    self.settings_changed(&settings).await;
                }
            }
            Err(e) => {
                self.client.log_message(MessageType::WARNING, format!("stackls: workspace/configuration: {e}")).await
            }
        }
    }

    async fn settings_changed(&self, settings: &Settings) {
        let problems = self.state().apply_settings(settings);
        for problem in problems {
            self.client.log_message(MessageType::WARNING, format!("stackls: settings: {problem}")).await;
        }
        self.reanalyse_all().await;
    }

    /// Re-checks every open document (after settings or catalogue files changed).
    async fn reanalyse_all(&self) {
        let uris = self.state().documents.uris();
        for uri in uris {
            self.analyse_and_publish(uri).await;
        }
        let (pull, refresh) = {
            let state = self.state();
            (state.client.pull_diagnostics, state.client.refresh_diagnostics)
        };
        if pull && refresh {
            let _ = tokio::time::timeout(CLIENT_PATIENCE, self.client.workspace_diagnostic_refresh()).await;
        }
    }

    /// Re-analyses `uri` after a change and publishes its diagnostics for that version.
    async fn analyse_and_publish(&self, uri: Uri) {
        let Ok(Some(published)) = self.guard("analysis", || self.state().analyse(&uri)).await else { return };
        if let Some((diagnostics, version)) = published.diagnostics {
            self.client.publish_diagnostics(uri, diagnostics, Some(version)).await;
        }
        for (file, findings) in published.catalogues {
            self.client.publish_diagnostics(file, findings, None).await;
        }
    }
}

/// The error for a request about a document that is not open.
fn not_open(uri: &Uri) -> Error {
    Error::invalid_params(format!("document not open: {}", uri.as_str()))
}

impl Backend {
    /// Answers a message that was not JSON (see `framing`).
    pub async fn parse_error(&self) -> Result<()> {
        Err(Error::parse_error())
    }

    /// Answers a message that was JSON but not a JSON-RPC request (see `framing`).
    pub async fn invalid_request(&self) -> Result<()> {
        Err(Error::invalid_request())
    }

    /// `stackls/report`: the open document's stack report, the page `stackls report` writes,
    /// from its current analysis (unsaved edits, the editor's rule levels and catalogues,
    /// the manifests read for it). Rendered outside the session lock.
    pub async fn report(&self, params: ReportParams) -> Result<ReportResult> {
        let uri = params.text_document.uri;
        let (analysis, file) = {
            let state = self.state();
            (state.documents.get(&uri).map(|d| d.analysis.clone()), state.display_name(&uri))
        };
        let Some(analysis) = analysis else { return Err(not_open(&uri)) };
        self.guard("report", || {
            let today = analysis.today.unwrap_or_else(crate::clock::today);
            let meta = crate::report::Meta { file: &file, version: env!("CARGO_PKG_VERSION"), today };
            ReportResult { html: crate::report::html(&crate::report::Report::new(&analysis, &meta)) }
        })
        .await
    }
}

/// `stackls/report`'s parameters.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportParams {
    pub text_document: TextDocumentIdentifier,
}

/// `stackls/report`'s answer: one self-contained HTML page.
#[derive(Debug, serde::Serialize)]
pub struct ReportResult {
    pub html: String,
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let client = capabilities::client_support(&params.capabilities);
        {
            let mut state = self.state();
            state.client = client;
            state.root = params
                .workspace_folders
                .as_ref()
                .and_then(|f| f.first())
                .and_then(|f| f.uri.to_file_path())
                .map(|p| p.into_owned());
        }
        let options = params.initialization_options.unwrap_or(serde_json::Value::Null);
        let given = settings::section(&options);
        self.state().settings_given = given.is_some();
        let problems = given.map(|s| self.state().apply_settings(&s)).unwrap_or_default();
        for problem in problems {
            self.client.log_message(MessageType::WARNING, format!("stackls: initializationOptions: {problem}")).await;
        }
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(&client),
            server_info: Some(ServerInfo { name: "stackls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.client.log_message(MessageType::INFO, format!("stackls {} ready", env!("CARGO_PKG_VERSION"))).await;
        // The built-in lifecycle data is parsed on first use (a few milliseconds): do it now,
        // beside the first requests, rather than in the first hover or versioned edit.
        let _ = std::thread::Builder::new().name("lifecycle".into()).spawn(|| {
            let _ = crate::catalogue::Catalogue::builtin().lifecycle_data();
        });
        if self.state().client.watch_files {
            // Catalogue files are re-applied as soon as they change on disk, and manifests
            // read again (drift follows the code).
            let watchers = std::iter::once(format!("**/{}", user_catalogue::USER_CATALOGUE))
                .chain(crate::detect::manifest::watched().map(|g| format!("**/{g}")))
                .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob), kind: None })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "stackls-catalogues".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            let answer =
                tokio::time::timeout(CLIENT_PATIENCE, self.client.register_capability(vec![registration])).await;
            if let Err(e) = answer.unwrap_or_else(|_| Err(tower_lsp_server::jsonrpc::Error::request_cancelled())) {
                self.client.log_message(MessageType::WARNING, format!("stackls: cannot watch catalogues: {e}")).await;
            }
        }
        // Settings are sent once: a client that gave them at `initialize` is not asked again.
        if !self.state().settings_given {
            self.pull_settings().await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients either push the section (VS Code's `synchronize`) or ask to pull it.
        match settings::pushed(&params.settings) {
            Some(settings) => self.settings_changed(&settings).await,
            None => self.pull_settings().await,
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.state().files_changed(&params.changes);
        self.reanalyse_all().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.state().documents.open(doc.uri.clone(), doc.text, doc.version);
        self.analyse_and_publish(doc.uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let enc = self.encoding();
        let applied =
            self.guard("didChange", || self.state().documents.change(&uri, version, params.content_changes, enc)).await;
        match applied {
            Ok(Ok(())) => self.analyse_and_publish(uri).await,
            Ok(Err(message)) => self.client.log_message(MessageType::WARNING, format!("stackls: {message}")).await,
            Err(_) => {}
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let closed = self.state().documents.close(&uri);
        drop(closed);
        // Give what the document held back to the system rather than keep it cached.
        // SAFETY: `mi_collect` only walks mimalloc's own heap; it is safe at any time.
        unsafe { libmimalloc_sys::mi_collect(true) };
        // Clear what was shown for it.
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let marker = self.panic_marker.as_deref();
        self.query("hover", &at.text_document.uri, |doc, enc| {
            if marker.is_some_and(|m| doc.text.contains(m)) {
                panic!("test panic requested by the document");
            }
            let offset = convert::offset(&doc.rope, at.position, enc);
            let hover = doc.analysis.hover(offset)?;
            Some(to_proto::hover(&doc.rope, hover, enc))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let support = self.state().client.completion;
        self.query("completion", &at.text_document.uri, |doc, enc| {
            let offset = convert::offset(&doc.rope, at.position, enc);
            let items = doc.analysis.completions(offset);
            let lazy = to_proto::completion_data(&at.text_document.uri, doc.version, offset);
            Some(to_proto::completion_list(&doc.rope, items, enc, support, lazy))
        })
        .await
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        // Documentation left out of the list is found again from the same document version
        // and offset; a stale item comes back as it was.
        let Some((uri, version, offset)) = item.data.as_ref().and_then(to_proto::completion_origin) else {
            return Ok(item);
        };
        let label = item.label.clone();
        let documentation = self
            .query("completionItem/resolve", &uri, |doc, _| {
                if i64::from(doc.version) != version {
                    return Some(None);
                }
                let items = doc.analysis.completions(offset);
                Some(items.into_iter().find(|i| i.label == label).and_then(|i| i.documentation))
            })
            .await
            .ok()
            .flatten()
            .flatten();
        item.documentation = documentation.map(to_proto::documentation).or(item.documentation);
        Ok(item)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        self.query_in("codeAction", &uri.clone(), |doc, _, session| {
            Some(actions::code_actions(doc, &uri, params.range, &params.context.diagnostics, session))
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.query("documentSymbol", &params.text_document.uri, |doc, enc| {
            let symbols = doc.analysis.symbols().into_iter().map(|s| to_proto::symbol(&doc.rope, s, enc)).collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
        .await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let uri = at.text_document.uri;
        self.guard("definition", || self.state().definition(&uri, at.position)).await?.ok_or_else(|| not_open(&uri))
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let previous = params.previous_result_id;
        let report = self
            .query("diagnostic", &params.text_document.uri, |doc, enc| {
                let result_id = doc.generation.to_string();
                Some(if previous.as_deref() == Some(result_id.as_str()) {
                    DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                        related_documents: None,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
                    })
                } else {
                    DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                        related_documents: None,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: Some(result_id),
                            items: to_proto::diagnostics(&doc.rope, &doc.analysis, enc),
                        },
                    })
                })
            })
            .await?;
        Ok(DocumentDiagnosticReportResult::Report(
            report.unwrap_or_else(|| DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport::default())),
        ))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.query("foldingRange", &params.text_document.uri, |doc, enc| {
            let spans = doc.analysis.folding();
            Some(spans.into_iter().filter_map(|span| to_proto::folding_range(&doc.rope, span, enc)).collect())
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let range = params.range;
        self.query("inlayHint", &params.text_document.uri, |doc, enc| {
            let (start, end) =
                (convert::offset(&doc.rope, range.start, enc), convert::offset(&doc.rope, range.end, enc));
            let hints = doc.analysis.inlay_hints();
            Some(
                hints
                    .into_iter()
                    .filter(|h| start <= h.offset && h.offset <= end)
                    .map(|h| to_proto::inlay_hint(&doc.rope, h, enc))
                    .collect(),
            )
        })
        .await
    }
}
