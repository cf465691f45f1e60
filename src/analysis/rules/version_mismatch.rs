//! `version-mismatch`: a declared version outside what another declared version supports
//! (Django 5.2 with Python 3.8).
//!
//! ## What it does
//!
//! Where the lifecycle data states which versions of another technology a release cycle
//! supports (Django's Python versions, Laravel's and CakePHP's PHP versions, Spring Boot's
//! Java versions), a service that declares both versions is checked: a pair outside the
//! supported range is an error on the version that states the range. Only declared versions
//! are compared; a value without a version is never judged.
//!
//! ## Why it matters
//!
//! A pair of versions that was never supported together fails to install, or worse, runs
//! until it meets what the older one lacks.
//!
//! ## Example
//!
//! ```toml
//! [stack]
//! language = "python@3.8"
//! framework = "django@5.2"
//! ```

use rustc_hash::FxHashSet;
use smallvec::SmallVec;

use super::RuleCx;
use crate::analysis::model::TechRef;
use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Finding, Rule, Severity};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::VersionMismatch,
    code: "version-mismatch",
    default: Severity::Error,
    summary: "A declared version outside what another declared version supports (Django 5.2 with Python 3.8).",
    category: Category::Technology,
    pass: Pass::Check(check),
    lifecycle: true,
};

/// Within one service, a declared cycle whose data states the versions of another declared
/// technology it supports, and that technology's declared version outside them. Reported on
/// the version stating the range; a pair of values shared by many services (both in
/// `[stack]`) once.
pub(crate) fn check(cx: &RuleCx, out: &mut Vec<Finding>) {
    let (text, catalogue) = (cx.text, cx.catalogue);
    if cx.versions().groups.is_empty() {
        return;
    }
    let mut seen = FxHashSet::default();
    for service in cx.services.all() {
        let versioned: SmallVec<[TechRef; 6]> = service.techs().filter(|r| r.version.is_some()).collect();
        if versioned.len() < 2 {
            continue;
        }
        for &r in &versioned {
            let Some(d) = cx.versions().declared(r) else { continue };
            for req in &d.cycle.requires {
                let other = versioned.iter().find(|o| o.tech != r.tech && catalogue.tech(o.tech).id == req.tech);
                let Some((other, version)) = other.and_then(|o| Some((o, o.version(text)?))) else { continue };
                if req.allows(version) || !seen.insert((r.span, other.span)) {
                    continue;
                }
                let (t, o) = (catalogue.tech(r.tech), catalogue.tech(other.tech));
                let message = format!(
                    "{} {} supports {} {}; this service declares `{}@{version}`",
                    t.name,
                    d.cycle.cycle,
                    o.name,
                    req.describe(),
                    o.id
                );
                let mut finding = Finding::new(r.version.unwrap_or(r.span), Rule::VersionMismatch, message, Vec::new());
                finding.tech = Some(r.tech);
                finding.also = Some(other.tech);
                out.push(finding);
            }
        }
    }
}
