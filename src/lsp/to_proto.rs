//! Analysis results to LSP types. Positions go through `convert` only.

use std::collections::HashMap;

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use super::convert::{range, Encoding};
use crate::analysis::{self, Analysis, CompletionKind, Severity, SymbolKind};

pub fn diagnostic(rope: &Rope, d: &analysis::Diagnostic, enc: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: range(rope, d.span, enc),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
            Severity::Hint => lsp::DiagnosticSeverity::HINT,
        }),
        code: Some(lsp::NumberOrString::String(d.rule.code().to_string())),
        // The rule's documentation, which editors link from the code.
        code_description: d.rule.docs_url().parse().ok().map(|href| lsp::CodeDescription { href }),
        source: Some("stackls".to_string()),
        message: d.message.clone(),
        // Which finding this is, in byte offsets of the analysed text: code actions for the
        // diagnostics a client sends back are those of exactly these findings.
        data: Some(serde_json::json!({ "rule": d.rule.code(), "start": d.span.start, "end": d.span.end })),
        ..Default::default()
    }
}

/// The finding a diagnostic sent back by the client stands for (see [`diagnostic`]).
pub fn finding_of(d: &lsp::Diagnostic) -> Option<(String, usize, usize)> {
    let data = d.data.as_ref()?;
    Some((data["rule"].as_str()?.to_string(), data["start"].as_u64()? as usize, data["end"].as_u64()? as usize))
}

/// At most this many diagnostics are published per document; a note says how many more
/// there are (`stackls check` shows them all).
pub const MAX_DIAGNOSTICS: usize = 1000;

pub fn diagnostics(rope: &Rope, analysis: &Analysis, enc: Encoding) -> Vec<lsp::Diagnostic> {
    diagnostic_list(rope, &analysis.diagnostics, enc)
}

pub fn diagnostic_list(rope: &Rope, all: &[analysis::Diagnostic], enc: Encoding) -> Vec<lsp::Diagnostic> {
    let mut out: Vec<lsp::Diagnostic> = all.iter().take(MAX_DIAGNOSTICS).map(|d| diagnostic(rope, d, enc)).collect();
    if all.len() > MAX_DIAGNOSTICS {
        out.push(lsp::Diagnostic {
            range: lsp::Range::default(),
            severity: Some(lsp::DiagnosticSeverity::INFORMATION),
            code: Some(lsp::NumberOrString::String("truncated".into())),
            source: Some("stackls".into()),
            message: format!(
                "{} more findings are not shown (the first {MAX_DIAGNOSTICS} are); run `stackls check` for all",
                all.len() - MAX_DIAGNOSTICS
            ),
            ..Default::default()
        });
    }
    out
}

pub fn hover(rope: &Rope, h: analysis::Hover, enc: Encoding) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent { kind: lsp::MarkupKind::Markdown, value: h.markdown }),
        range: Some(range(rope, h.span, enc)),
    }
}

/// How the client takes completion items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompletionSupport {
    /// Snippet items are sent (as snippets) only when the client expands them.
    pub snippets: bool,
    /// Documentation is left for `completionItem/resolve` when the client asks for it lazily.
    pub resolve_documentation: bool,
}

/// Markdown documentation of a completion item.
pub fn documentation(markdown: String) -> lsp::Documentation {
    lsp::Documentation::MarkupContent(lsp::MarkupContent { kind: lsp::MarkupKind::Markdown, value: markdown })
}

/// What a completion item carries when its documentation is left out of the list: the
/// document, its version and the offset, where `completionItem/resolve` finds it again
/// ([`completion_origin`]).
pub fn completion_data(uri: &lsp::Uri, version: i32, offset: usize) -> serde_json::Value {
    serde_json::json!({ "uri": uri.as_str(), "version": version, "offset": offset })
}

/// The document, version and offset a completion item came from ([`completion_data`]).
pub fn completion_origin(data: &serde_json::Value) -> Option<(lsp::Uri, i64, usize)> {
    let uri = data["uri"].as_str()?.parse().ok()?;
    Some((uri, data["version"].as_i64()?, usize::try_from(data["offset"].as_u64()?).ok()?))
}

pub fn completion_item(
    rope: &Rope,
    item: analysis::CompletionItem,
    enc: Encoding,
    lazy: Option<&serde_json::Value>,
) -> lsp::CompletionItem {
    let documentation = match lazy {
        Some(_) => None,
        None => item.documentation.map(documentation),
    };
    lsp::CompletionItem {
        label: item.label,
        label_details: Some(lsp::CompletionItemLabelDetails { detail: None, description: Some(item.detail.clone()) }),
        kind: Some(match item.kind {
            CompletionKind::Table => lsp::CompletionItemKind::MODULE,
            CompletionKind::Key => lsp::CompletionItemKind::PROPERTY,
            CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
            CompletionKind::Technology => lsp::CompletionItemKind::VALUE,
            CompletionKind::Rule => lsp::CompletionItemKind::CONSTANT,
        }),
        detail: Some(item.detail),
        documentation,
        sort_text: Some(item.sort_text),
        insert_text_format: item.snippet.then_some(lsp::InsertTextFormat::SNIPPET),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: range(rope, item.edit.span, enc),
            new_text: item.edit.text,
        })),
        data: lazy.cloned(),
        ..Default::default()
    }
}

/// At most this many completion items are sent; the list is then marked incomplete so the
/// client asks again as the user types.
pub const MAX_COMPLETIONS: usize = 200;

/// `lazy`: what `completionItem/resolve` needs to find an item's documentation again (the
/// document, its version and the offset), when the client resolves lazily.
pub fn completion_list(
    rope: &Rope,
    items: Vec<analysis::CompletionItem>,
    enc: Encoding,
    support: CompletionSupport,
    lazy: serde_json::Value,
) -> lsp::CompletionResponse {
    let items: Vec<analysis::CompletionItem> = items.into_iter().filter(|i| support.snippets || !i.snippet).collect();
    let is_incomplete = items.len() > MAX_COMPLETIONS;
    let lazy = support.resolve_documentation.then_some(&lazy);
    let items = items.into_iter().take(MAX_COMPLETIONS).map(|i| completion_item(rope, i, enc, lazy)).collect();
    lsp::CompletionResponse::List(lsp::CompletionList { is_incomplete, items })
}

pub fn code_action(
    rope: &Rope,
    uri: &lsp::Uri,
    d: &analysis::Diagnostic,
    fix: &analysis::Fix,
    enc: Encoding,
) -> lsp::CodeActionOrCommand {
    let edits =
        fix.edits.iter().map(|e| lsp::TextEdit { range: range(rope, e.span, enc), new_text: e.text.clone() }).collect();
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: fix.title.clone(),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(rope, d, enc)]),
        edit: Some(lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }),
        is_preferred: fix.preferred.then_some(true),
        ..Default::default()
    })
}

/// "Add `X` to stack-catalogue.toml", with the edit that writes the entry.
pub fn addition_action(
    rope: &Rope,
    d: &analysis::Diagnostic,
    addition: &analysis::Addition,
    edit: lsp::WorkspaceEdit,
    enc: Encoding,
) -> lsp::CodeActionOrCommand {
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: format!("Add `{}` to {}", addition.id, crate::user_catalogue::USER_CATALOGUE),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(rope, d, enc)]),
        edit: Some(edit),
        is_preferred: Some(true),
        ..Default::default()
    })
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be filled in.
pub fn symbol(rope: &Rope, s: analysis::Symbol, enc: Encoding) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: match s.kind {
            SymbolKind::Table => lsp::SymbolKind::NAMESPACE,
            SymbolKind::Service => lsp::SymbolKind::MODULE,
            SymbolKind::Key => lsp::SymbolKind::PROPERTY,
        },
        tags: None,
        deprecated: None,
        range: range(rope, s.span, enc),
        selection_range: range(rope, s.selection, enc),
        children: Some(s.children.into_iter().map(|c| symbol(rope, c, enc)).collect()),
    }
}

/// A foldable region as whole lines; `None` when it fits on one line.
pub fn folding_range(rope: &Rope, span: analysis::Span, enc: Encoding) -> Option<lsp::FoldingRange> {
    let r = range(rope, span, enc);
    (r.end.line > r.start.line).then(|| lsp::FoldingRange {
        start_line: r.start.line,
        end_line: r.end.line,
        kind: Some(lsp::FoldingRangeKind::Region),
        ..Default::default()
    })
}

pub fn inlay_hint(rope: &Rope, h: analysis::InlayHint, enc: Encoding) -> lsp::InlayHint {
    lsp::InlayHint {
        position: super::convert::position(rope, h.offset, enc),
        label: lsp::InlayHintLabel::String(h.label),
        kind: Some(lsp::InlayHintKind::TYPE),
        text_edits: None,
        tooltip: Some(lsp::InlayHintTooltip::String(h.tooltip)),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}
