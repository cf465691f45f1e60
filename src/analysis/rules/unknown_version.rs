//! `unknown-version`: a version after `@` that is malformed, or names no release cycle the
//! lifecycle data knows.
//!
//! ## What it does
//!
//! A technology value may carry a version after `@`: a release cycle (`python@3.12`,
//! `postgresql@16`) or a full version (`django@4.2.11`, which is cycle 4.2). For a technology
//! the lifecycle data tracks (data/lifecycle.toml, from endoflife.date), the version must name
//! one of its release cycles: the message lists the known ones and offers the near misses as
//! fixes. A version that names several cycles (`python@3`) must say which. A version on a
//! technology without lifecycle data is accepted and shown on hover.
//!
//! ## Why it matters
//!
//! A version that names no release cycle cannot be judged: its end of life and what it
//! supports stay unknown, so the version rules would pass it in silence.
//!
//! ## Example
//!
//! ```toml
//! [stack]
//! framework = "django@9.9"
//! ```

use super::lifecycle::Group;
use super::RuleCx;
use crate::analysis::model::replace_string;
use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Finding, Fix, Rule, Severity};
use crate::catalogue::{Cycle, Resolution};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::UnknownVersion,
    code: "unknown-version",
    default: Severity::Error,
    summary: "A version after `@` that is malformed, or names no release cycle the lifecycle data knows.",
    category: Category::Technology,
    pass: Pass::Check(check),
    lifecycle: true,
};

/// Malformed versions (lowering records them, where the value is read), then versions that
/// name no release cycle of the data (the known ones listed, near misses within the same
/// major offered), or several (`python@3`).
pub(crate) fn check(cx: &RuleCx, out: &mut Vec<Finding>) {
    for (span, v) in &cx.model.bad_versions {
        let message = format!(
            "`{v}` is not a version: after `@` write a release cycle (`16`, `3.12`) or a full version (`4.2.11`)"
        );
        out.push(Finding::new(*span, Rule::UnknownVersion, message, Vec::new()));
    }
    super::lifecycle::each_group(cx, out, |group| match cx.versions().declared(group.r) {
        Some(_) => None,
        None => unknown_cycle(cx, group),
    });
}

fn unknown_cycle(cx: &RuleCx, Group { r, around, .. }: &Group) -> Option<Finding> {
    let (text, catalogue, versions) = (cx.text, cx.catalogue, cx.versions());
    let (Some(version), Some(product)) = (r.version(text), catalogue.product_of(r.tech)) else { return None };
    let written = r.written_name(text)?;
    let tech = catalogue.tech(r.tech);
    let newest = product.newest_first();
    let listed = |cycles: &[&Cycle]| {
        let mut names: Vec<&str> = cycles.iter().take(8).map(|c| c.cycle.as_str()).collect();
        if cycles.len() > 8 {
            names.push("…");
        }
        names.join(", ")
    };
    let fits = |c: &&Cycle| versions.conflict(*r, c, around).is_none();
    let (message, suggestions): (String, Vec<&Cycle>) = match product.resolve(version) {
        Resolution::Cycle(_) => return None,
        Resolution::Ambiguous(mut cycles) => {
            cycles.sort_by_key(|c| std::cmp::Reverse(c.released));
            let message = format!(
                "`{version}` names several {} release cycles ({}): write the one this service runs",
                tech.name,
                listed(&cycles)
            );
            (message, cycles.into_iter().filter(fits).take(3).collect())
        }
        Resolution::Unknown => {
            let data = product.date.map(|d| format!(" ({d})")).unwrap_or_default();
            // Near misses: one edit away within the same major version (`5.3` → 5.2,
            // `4.20` → 4.2); never another major (`9.9` is no typo of 1.9).
            let major = |v: &str| v.split('.').next().unwrap_or_default().to_string();
            let near: Vec<&Cycle> = newest
                .iter()
                .filter(|c| major(&c.cycle) == major(version) && strsim::levenshtein(&c.cycle, version) <= 1)
                .copied()
                .filter(fits)
                .take(3)
                .collect();
            // The near misses are the fixes, not part of the message: which of them fit
            // depends on the versions beside it, and the finding stays the same finding.
            let message = format!(
                "{} has no release cycle `{version}` in the lifecycle data{data}; known cycles: {}",
                tech.name,
                listed(&newest)
            );
            (message, near)
        }
    };
    let fixes = suggestions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let value = format!("{written}@{}", c.cycle);
            Fix {
                title: format!("Replace with `{value}`"),
                edits: vec![replace_string(text, r.span, &value)],
                preferred: i == 0,
            }
        })
        .collect();
    let mut finding = Finding::new(r.version.unwrap_or(r.span), Rule::UnknownVersion, message, fixes);
    finding.tech = Some(r.tech);
    Some(finding)
}
