//! Folding ranges and inlay hints: what an editor draws beside the text.

use super::model::{Model, TechRef};
use super::service::{Service, Services};
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
    let services = Services::new(model, catalogue);
    // `[stack]`'s own values, when services inherit them (alone, it is the one service).
    let stack = services.stack().filter(|_| !model.services.is_empty());
    let mut out = Vec::new();
    for s in stack.into_iter().chain(services.all()) {
        let (Some(fw), Some(lang)) = (s.framework.filter(|_| s.framework_is_own()), s.implied_language()) else {
            continue;
        };
        let (framework, lang) = (catalogue.tech(fw.tech), catalogue.tech(lang));
        out.push(InlayHint {
            offset: fw.span.end,
            label: format!("language: {}", lang.id),
            tooltip: format!(
                "{} implies {}; set `language = \"{}\"` to say so, or another language to be checked against it",
                framework.name, lang.name, lang.id
            ),
        });
    }
    out.sort_by_key(|h| h.offset);
    out
}

/// One line about what a service runs, for the outline: "Flask · Python (implied) ·
/// MongoDB · Nginx"; values inherited from `[stack]` count as the service's.
pub fn service_detail(catalogue: &Catalogue, s: &Service) -> Option<String> {
    let name = |r: TechRef| catalogue.tech(r.tech).name.as_str();
    let mut parts: Vec<String> = Vec::new();
    parts.extend(s.framework.map(|f| name(f).to_string()));
    match (s.language, s.implied_language()) {
        (Some(l), _) => parts.push(name(l).to_string()),
        (None, Some(l)) => parts.push(format!("{} (implied)", catalogue.tech(l).name)),
        _ => {}
    }
    if !s.databases.is_empty() {
        parts.push(s.databases.iter().map(|d| name(*d)).collect::<Vec<_>>().join(", "));
    }
    parts.extend(s.server.map(|r| name(r).to_string()));
    (!parts.is_empty()).then(|| parts.join(" · "))
}
