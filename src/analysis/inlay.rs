//! Inlay hints: the language a framework implies, drawn after it where `language` is
//! omitted, and the end of life of each declared version.

use super::model::Model;
use super::service::Services;
use crate::catalogue::{Bound, Catalogue, Date, Resolution};

/// A hint drawn after `offset`: the language a framework implies when `language` is omitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    pub tooltip: String,
}

/// The implied language after each framework written without a `language` beside it (in the
/// service itself or, for a service, inherited from `[stack]`), and after each versioned
/// value the end of life of its release cycle.
pub fn inlay_hints(text: &str, model: &Model, catalogue: &Catalogue, today: Option<Date>) -> Vec<InlayHint> {
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
    let own = model.stack.iter().chain(&model.services).flat_map(|s| s.techs.all());
    for r in own {
        let (Some(version), Some(product)) = (r.version(text), catalogue.product_of(r.tech)) else { continue };
        let Resolution::Cycle(cycle) = product.resolve(version) else { continue };
        let label = match cycle.eol {
            Bound::On(end) => format!("EOL {end}"),
            Bound::Ended => "EOL".to_string(),
            Bound::Open => continue,
        };
        let tooltip = match today {
            Some(t) => format!("{} {}: {}", catalogue.tech(r.tech).name, cycle.cycle, cycle.status(t)),
            None => format!("{} {}: end of life", catalogue.tech(r.tech).name, cycle.cycle),
        };
        out.push(InlayHint { offset: r.span.end, label, tooltip });
    }
    out.sort_by_key(|h| h.offset);
    out
}
