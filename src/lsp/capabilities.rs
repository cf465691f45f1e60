//! What the client supports, read once from `initialize`, and what the server offers back.
//!
//! Everything `initialize` reads from `ClientCapabilities` is in [`ClientSupport`], built
//! by [`client_support`]; the rest of the server asks that struct, never the raw
//! capabilities. [`server_capabilities`] is the server's answer, built from it.

use tower_lsp_server::ls_types::*;

use super::convert::Encoding;
use super::to_proto::CompletionSupport;

/// What the client supports. The default (before `initialize`, or a client that says
/// nothing) is the protocol's baseline: UTF-16 positions, diagnostics pushed, nothing asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientSupport {
    /// Positions: UTF-8 when the client offers it, UTF-16 otherwise.
    pub encoding: Encoding,
    /// The client answers `workspace/configuration`.
    pub pull_configuration: bool,
    /// The client accepts a dynamic `workspace/didChangeWatchedFiles` registration.
    pub watch_files: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`): none are pushed for documents.
    pub pull_diagnostics: bool,
    /// The client accepts `workspace/diagnostic/refresh`.
    pub refresh_diagnostics: bool,
    /// How the client takes completion items (snippets, lazily resolved documentation).
    pub completion: CompletionSupport,
    /// The client applies workspace edits that create files (`documentChanges` with the
    /// `create` resource operation): "Add `X` to stack-catalogue.toml" may create it.
    pub create_files: bool,
}

impl Default for ClientSupport {
    fn default() -> ClientSupport {
        ClientSupport {
            encoding: Encoding::Utf16,
            pull_configuration: false,
            watch_files: false,
            pull_diagnostics: false,
            refresh_diagnostics: false,
            completion: CompletionSupport::default(),
            create_files: false,
        }
    }
}

/// Reads what the client supports from its capabilities.
pub fn client_support(caps: &ClientCapabilities) -> ClientSupport {
    let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_deref());
    let workspace = caps.workspace.as_ref();
    let text_document = caps.text_document.as_ref();
    let item = text_document.and_then(|t| t.completion.as_ref()).and_then(|c| c.completion_item.as_ref());
    ClientSupport {
        encoding: Encoding::negotiate(offered),
        pull_configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        watch_files: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        pull_diagnostics: text_document.and_then(|t| t.diagnostic.as_ref()).is_some(),
        refresh_diagnostics: workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        completion: CompletionSupport {
            snippets: item.and_then(|i| i.snippet_support).unwrap_or(false),
            resolve_documentation: item
                .and_then(|i| i.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "documentation")),
        },
        create_files: workspace.and_then(|w| w.workspace_edit.as_ref()).is_some_and(|e| {
            e.document_changes == Some(true)
                && e.resource_operations.as_ref().is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
        }),
    }
}

/// What the server offers a client that supports `client`.
pub fn server_capabilities(client: &ClientSupport) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(client.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            resolve_provider: Some(true),
            trigger_characters: Some(["=", "\"", "'", "[", ",", ".", " ", "@"].iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        // Offered only to clients that pull; the others are sent diagnostics.
        diagnostic_provider: client.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("stackls".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(json: serde_json::Value) -> ClientCapabilities {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_client_that_says_nothing_gets_the_baseline() {
        assert_eq!(client_support(&caps(serde_json::json!({}))), ClientSupport::default());
    }

    #[test]
    fn everything_initialize_reads() {
        let support = client_support(&caps(serde_json::json!({
            "general": { "positionEncodings": ["utf-16", "utf-8"] },
            "workspace": {
                "configuration": true,
                "didChangeWatchedFiles": { "dynamicRegistration": true },
                "diagnostics": { "refreshSupport": true },
                "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename"] }
            },
            "textDocument": {
                "diagnostic": {},
                "completion": { "completionItem": {
                    "snippetSupport": true,
                    "resolveSupport": { "properties": ["detail", "documentation"] }
                } }
            }
        })));
        let expected = ClientSupport {
            encoding: Encoding::Utf8,
            pull_configuration: true,
            watch_files: true,
            pull_diagnostics: true,
            refresh_diagnostics: true,
            completion: CompletionSupport { snippets: true, resolve_documentation: true },
            create_files: true,
        };
        assert_eq!(support, expected);
        assert_eq!(server_capabilities(&support).position_encoding, Some(PositionEncodingKind::UTF8));
        assert!(server_capabilities(&support).diagnostic_provider.is_some());
        assert!(server_capabilities(&ClientSupport::default()).diagnostic_provider.is_none());
    }
}
