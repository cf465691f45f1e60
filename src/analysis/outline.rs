//! Folding ranges and inlay hints: what an editor draws beside the text.

use super::model::{Model, ServiceDecl};
use super::syntax::{Entry, Span, Tree, Value, ValueKind};
use crate::catalogue::Catalogue;

/// A hint drawn after `offset`: the language a framework implies when `language` is omitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    pub tooltip: String,
}

/// Regions an editor can fold: each table (its header to its last entry) and every array or
/// inline table written over several lines.
pub fn folding(tree: &Tree, text: &str) -> Vec<Span> {
    let multiline = |span: Span| text.get(span.start..span.end).is_some_and(|s| s.contains('\n'));
    let mut out = Vec::new();
    fn values(list: &[Entry], out: &mut Vec<Span>, multiline: &dyn Fn(Span) -> bool) {
        for e in list {
            if let Some(v) = &e.value {
                value(v, out, multiline);
            }
        }
    }
    fn value(v: &Value, out: &mut Vec<Span>, multiline: &dyn Fn(Span) -> bool) {
        match &v.kind {
            ValueKind::Array(items) => {
                if multiline(v.span) {
                    out.push(v.span);
                }
                items.iter().for_each(|i| value(i, out, multiline));
            }
            ValueKind::InlineTable(entries) => {
                if multiline(v.span) {
                    out.push(v.span);
                }
                values(entries, out, multiline);
            }
            _ => {}
        }
    }
    values(&tree.root, &mut out, &multiline);
    for t in &tree.tables {
        let end = t.entries.last().map_or(t.header.end, |e| e.span.end);
        let span = Span::new(t.header.start, end);
        if multiline(span) {
            out.push(span);
        }
        values(&t.entries, &mut out, &multiline);
    }
    out
}

/// The implied language after each framework written without a `language` beside it (in the
/// service itself or, for a service, inherited from `[stack]`).
pub fn inlay_hints(model: &Model, catalogue: &Catalogue) -> Vec<InlayHint> {
    let stack = model.stack.as_ref();
    let language_of = |decl: &ServiceDecl| decl.techs.language.or(stack.and_then(|s| s.techs.language));
    let mut out = Vec::new();
    let mut hint = |decl: &ServiceDecl, inherits: bool| {
        let Some(fw) = decl.techs.framework else { return };
        let declared = if inherits { language_of(decl) } else { decl.techs.language };
        if declared.is_some() {
            return;
        }
        let framework = catalogue.tech(fw.tech);
        if let Some(lang) = framework.languages.first().and_then(|l| catalogue.by_id(l)) {
            out.push(InlayHint {
                offset: fw.span.end,
                label: format!("language: {}", lang.id),
                tooltip: format!(
                    "{} implies {}; set `language = \"{}\"` to say so, or another language to be checked against it",
                    framework.name, lang.name, lang.id
                ),
            });
        }
    };
    if let Some(s) = stack {
        hint(s, false);
    }
    for s in &model.services {
        hint(s, true);
    }
    out.sort_by_key(|h| h.offset);
    out
}
