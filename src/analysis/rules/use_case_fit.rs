//! `use-case-fit`: a declared use case is not among a chosen technology's typical use cases.
//!
//! ## What it does
//!
//! The catalogue lists each technology's typical use cases from its sources. A declared use
//! case outside that list is not an error, only a hint that the sources do not vouch for the
//! fit.
//!
//! ## Why it matters
//!
//! A technology chosen outside what it is known for is not wrong, but worth a second look:
//! the team may meet fewer libraries, examples and people who did it before. A use case that
//! the framework or its language (written or implied) lists is fine, and one that every web
//! framework serves is not questioned once a framework is declared.
//!
//! ## Example
//!
//! ```toml
//! [project]
//! use-cases = ["ai-ml"]
//!
//! [stack]
//! framework = "express"
//! ```

use super::merged::{In, Pending, Sources};
use super::RuleCx;
use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Attribute, Finding, Rule, Severity};
use crate::catalogue::{Technology, VocabKind};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::UseCaseFit,
    code: "use-case-fit",
    default: Severity::Hint,
    summary: "A declared use case is not among a chosen technology's typical use cases.",
    category: Category::Technology,
    pass: Pass::Check(check),
    lifecycle: false,
};

/// A declared use case is fine when the framework or the language (written or implied)
/// lists it.
pub(crate) fn check(cx: &RuleCx, out: &mut Vec<Finding>) {
    let catalogue = cx.catalogue;
    let mut pending = Pending::default();
    for service in cx.services.all() {
        let Some(at) = service.most_specific() else { continue };
        let judged: Vec<&Technology> = service
            .framework
            .map(|f| f.tech)
            .into_iter()
            .chain(service.language_id)
            .map(|id| catalogue.tech(id))
            .filter(|t| !t.use_cases.is_empty())
            .collect();
        if judged.is_empty() {
            continue;
        }
        let ctx = cx.services.context(&service);
        let label = service.name.filter(|_| service.inherited(at.span));
        let head = catalogue.tech(at.tech);
        let second = judged.iter().find(|t| t.id != head.id).map_or("", |t| t.id.as_str());
        // Every web framework serves a shop or an API: with a framework declared, only the
        // more specialised use cases (ML, real-time, systems work…) are questioned.
        let served_by_any = |u: &str| {
            service.framework.is_some()
                && catalogue.vocabulary.get(VocabKind::UseCases, u).is_some_and(|t| t.any_web_framework)
        };
        for uc in ctx.use_cases.iter().filter(|u| !served_by_any(u) && !judged.iter().any(|t| t.has_use_case(u))) {
            let key = (at.span, Rule::UseCaseFit, head.id.as_str(), *uc, second);
            let also = service.language_id.filter(|l| *l != at.tech);
            let turns_on = || smallvec::smallvec![Attribute { key: VocabKind::UseCases, value: (*uc).into() }];
            let place = In { service: service.name, label, attributes: turns_on };
            pending.add(key, (at.tech, also), place, || {
                let list = |t: &Technology| t.use_cases.iter().map(|u| u.id.as_str()).collect::<Vec<_>>().join(", ");
                let message = match judged.as_slice() {
                    [one] if one.id == head.id => {
                        format!("{}: `{uc}` is not among its typical use cases ({})", one.name, list(one))
                    }
                    [one] => format!(
                        "{}: `{uc}` is not among the typical use cases of its language {} ({})",
                        head.name,
                        one.name,
                        list(one)
                    ),
                    many => {
                        let each: Vec<String> = many.iter().map(|t| format!("{}: {}", t.name, list(t))).collect();
                        let names: Vec<&str> = many.iter().map(|t| t.name.as_str()).collect();
                        format!(
                            "{}: `{uc}` is among the typical use cases of neither {} ({})",
                            head.name,
                            names.join(" nor "),
                            each.join("; ")
                        )
                    }
                };
                // The use-case lists the judgement read, with their sources.
                let mut sources = Sources::new();
                for u in judged.iter().flat_map(|t| &t.use_cases) {
                    for src in &u.sources {
                        if !sources.iter().any(|s| s == src) {
                            sources.push(src.as_str().into());
                        }
                    }
                }
                (message, Vec::new(), sources)
            });
        }
    }
    pending.finish(out);
}
