//! Inlay hints: the language a framework implies, drawn after it where `language` is
//! omitted.

use super::model::Model;
use super::service::Services;
use crate::catalogue::Catalogue;

/// A hint drawn after `offset`: the language a framework implies when `language` is omitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    pub tooltip: String,
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
