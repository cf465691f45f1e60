//! `language-mismatch`: the framework does not run on the declared language.
//!
//! ## What it does
//!
//! Each framework lists the languages it runs on. A framework may also be declared without a
//! language: it then implies its own.
//!
//! ## Why it matters
//!
//! A service cannot run a framework on a language it is not written for: one of the two
//! values is wrong, and every other rule would judge the service on the wrong technology.
//!
//! ## Example
//!
//! ```toml
//! [stack]
//! language = "java"
//! framework = "django"
//! ```

use super::merged::{ids, none, In, Pending};
use super::RuleCx;
use crate::analysis::model::replace_string;
use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::service::candidates;
use crate::analysis::{Finding, Fix, Rule, Severity};
use crate::catalogue::Kind;

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::LanguageMismatch,
    code: "language-mismatch",
    default: Severity::Error,
    summary: "The framework does not run on the declared language.",
    category: Category::Technology,
    pass: Pass::Check(check),
    lifecycle: false,
};

pub(crate) fn check(cx: &RuleCx, out: &mut Vec<Finding>) {
    let (text, catalogue) = (cx.text, cx.catalogue);
    let mut pending = Pending::default();
    for service in cx.services.all() {
        let (Some(lang), Some(fw)) = (service.language, service.framework) else { continue };
        if catalogue.runs_on(fw.tech, lang.tech) {
            continue;
        }
        let (l, f) = (catalogue.tech(lang.tech), catalogue.tech(fw.tech));
        // Report on the value written closer to the service: the override, if any.
        let on_language = service.inherited(fw.span) && !service.inherited(lang.span);
        let span = if on_language { lang.span } else { fw.span };
        let label = service.name.filter(|_| service.inherited(span));
        let place = In { service: service.name, label, attributes: none };
        let key = (span, Rule::LanguageMismatch, f.id.as_str(), l.id.as_str(), "");
        pending.add(key, (fw.tech, Some(lang.tech)), place, || {
            let runs: Vec<&str> =
                f.languages.iter().map(|id| catalogue.by_id(id).map_or(id.as_str(), |t| t.name.as_str())).collect();
            let message = format!("{} runs on {}, not {} (language = \"{}\")", f.name, runs.join(" or "), l.name, l.id);
            let mut fixes = Vec::new();
            let sources = ids(&f.sources);
            // Only fixes that every service sharing the edited value can live with.
            let language_needs = cx.needs_at(&service, lang, Kind::Language);
            if let Some(primary) = f.languages.first().and_then(|p| catalogue.lookup(p)) {
                if language_needs.allow(catalogue, primary) {
                    let id = &catalogue.tech(primary).id;
                    fixes.push(Fix {
                        title: format!("Set language to `{id}`"),
                        edits: vec![replace_string(text, lang.span, id)],
                        preferred: !on_language,
                    });
                }
            }
            let framework_needs = cx.needs_at(&service, fw, Kind::Framework);
            for (_, alt) in candidates(catalogue, f, fw.tech, &framework_needs).take(4) {
                fixes.push(Fix {
                    title: format!("Use {} ({} framework)", alt.name, l.name),
                    edits: vec![replace_string(text, fw.span, &alt.id)],
                    preferred: false,
                });
            }
            (message, fixes, sources)
        });
    }
    pending.finish(out);
}
