//! `end-of-life`: a declared version past its end of life (a hint when the end is near).
//!
//! ## What it does
//!
//! A declared release cycle past its end of life (no more fixes, security ones included) is
//! reported with the date and the recommended upgrade: the newest supported cycle, a
//! long-term-support one where the data marks any. Within `[lint] end-of-life-window` days
//! (180 by default) before the end, it is reported as a hint.
//!
//! A value declared without a version is judged on the version the service's repository pins
//! (`.nvmrc`, `.python-version`, `rust-toolchain.toml`, a Dockerfile `FROM`, a compose
//! `image:` tag, `TargetFramework`, …), with that evidence: "the repository runs Node.js 18
//! (.nvmrc:1), end of life since 2025-04-30". A declared version the repository pins
//! otherwise is `drift`. The dates come from
//! endoflife.date, as of the date of the data shipped with stackls; findings therefore change
//! with the calendar: `stackls check --today YYYY-MM-DD` fixes the date.
//!
//! ## Why it matters
//!
//! A release past its end of life gets no security fixes: every vulnerability found after
//! that day stays open. An upgrade planned before the date is cheaper than one forced after.
//!
//! ## Example
//!
//! ```toml
//! [stack]
//! framework = "django@4.2"
//! language = "node.js"      # .nvmrc: 18
//! ```

use super::lifecycle::Group;
use super::RuleCx;
use crate::analysis::facts::Found;
use crate::analysis::model::replace_string;
use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Date, Finding, Fix, Rule, Severity};
use crate::catalogue::{Bound, Cycle, Product};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::EndOfLife,
    code: "end-of-life",
    default: Severity::Warning,
    summary: "A declared version past its end of life (a hint when the end is near).",
    category: Category::Technology,
    pass: Pass::Check(check),
    lifecycle: true,
};

/// Past the end (the rule's level), or within the window of it (a hint), judged on today's
/// date (none: nothing is judged). The upgrade offered as a fix keeps the versions declared
/// beside it compatible.
pub(crate) fn check(cx: &RuleCx, out: &mut Vec<Finding>) {
    let Some(today) = cx.today else { return };
    super::lifecycle::each_group(cx, out, |group| end_of_life(cx, group, today));
    pinned(cx, today, out);
}

/// Values declared without a version, judged on the version the service's repository pins.
fn pinned(cx: &RuleCx, today: Date, out: &mut Vec<Finding>) {
    let Some(facts) = cx.facts else { return };
    for service in cx.services.all() {
        let Some(decl) = service.decl else { continue };
        let Some(folder) = super::drift::folder_of(cx.model, decl).and_then(|f| facts.folders.get(f)) else {
            continue;
        };
        for r in service.techs().filter(|r| r.version.is_none()) {
            let Some(found) = folder.get(r.tech) else { continue };
            let Some(product) = cx.catalogue.product_of(r.tech) else { continue };
            let Some(cycle) = found.pinned.as_deref().and_then(|v| product.resolve(v).cycle()) else { continue };
            let Some((message, advisory)) = pinned_message(cx, found, product, cycle, today) else { continue };
            // A `[stack]` value a service inherits: on the service, whose repository pins it.
            let (span, message) = if service.inherited(r.span) {
                let name = service.name.unwrap_or_default();
                (decl.name_span, format!("service `{name}` (inheriting from [stack]): {message}"))
            } else {
                (r.span, message)
            };
            let mut finding = Finding::new(span, Rule::EndOfLife, message, Vec::new());
            finding.tech = Some(r.tech);
            finding.advisory = advisory;
            out.push(finding);
        }
    }
}

/// "the repository runs Node.js 18 (.nvmrc:1), end of life since 2025-04-30; 24 (LTS) is
/// supported until 2028-04-30", and whether it is only near its end (a hint).
fn pinned_message(cx: &RuleCx, found: &Found, product: &Product, cycle: &Cycle, today: Date) -> Option<(String, bool)> {
    let name = &cx.catalogue.tech(found.tech).name;
    let at = found.pinned_in.as_ref().unwrap_or(&found.evidence);
    let runs = format!("the repository runs {name} {} ({}:{})", cycle.cycle, at.file, at.line);
    let (mut message, advisory) = match stage(cycle, today, cx.end_of_life_window)? {
        Stage::Past(Some(end)) => (format!("{runs}, end of life since {end}"), false),
        Stage::Past(None) => (format!("{runs}, past its end of life"), false),
        Stage::Near(end, days) => (format!("{runs}, which reaches end of life on {end}, {}", when(days)), true),
    };
    let newer = |u: &Cycle| u.cycle != cycle.cycle && u.released > cycle.released;
    match product.recommended(today).filter(|u| newer(u)) {
        Some(u) => message.push_str(&format!("; {} is {}", u.describe(today), until(u))),
        None if !advisory => message.push_str(&format!("; no {name} release cycle is supported any more")),
        None => {}
    }
    Some((message, advisory))
}

fn end_of_life(cx: &RuleCx, Group { r, around, .. }: &Group, today: Date) -> Option<Finding> {
    let (text, catalogue, versions) = (cx.text, cx.catalogue, cx.versions());
    let d = versions.declared(*r)?;
    let name = &catalogue.tech(d.r.tech).name;
    let cycle = &d.cycle.cycle;
    let (mut message, advisory) = match stage(d.cycle, today, cx.end_of_life_window)? {
        Stage::Past(Some(end)) => (format!("{name} {cycle} reached end of life on {end}"), false),
        Stage::Past(None) => (format!("{name} {cycle} has reached end of life"), false),
        Stage::Near(end, days) => (format!("{name} {cycle} reaches end of life on {end}, {}", when(days)), true),
    };
    let newer = |u: &Cycle| u.cycle != *cycle && u.released > d.cycle.released;
    let recommended = d.product.recommended(today).filter(|u| newer(u));
    let fits = |u: &Cycle| versions.conflict(d.r, u, around).is_none();
    // The fix: the recommended cycle if it fits its neighbours, else the best one that does.
    let target =
        recommended.filter(|u| fits(u)).or_else(|| d.product.recommended_among(today, |u| newer(u) && fits(u)));
    match recommended {
        Some(u) => {
            message.push_str(&format!("; {} is {}", u.describe(today), until(u)));
            if let Some(why) = versions.conflict(d.r, u, around) {
                message.push_str(&format!(" ({why})"));
                if let Some(t) = target {
                    message.push_str(&format!("; {} fits and is {}", t.describe(today), until(t)));
                }
            }
        }
        None if !advisory => message.push_str(&format!("; no {name} release cycle is supported any more")),
        None => {}
    }
    let fixes = target
        .map(|u| {
            let value = format!("{}@{}", d.written, u.cycle);
            vec![Fix {
                title: format!("Upgrade to `{value}`"),
                edits: vec![replace_string(text, d.r.span, &value)],
                preferred: true,
            }]
        })
        .unwrap_or_default();
    let mut finding = Finding::new(d.r.version.unwrap_or(d.r.span), Rule::EndOfLife, message, fixes);
    finding.tech = Some(d.r.tech);
    finding.advisory = advisory;
    Some(finding)
}

/// Where a release cycle stands on a day: past its end of life (on a known date or not), or
/// within the window before it (the date and the days left).
enum Stage {
    Past(Option<Date>),
    Near(Date, i64),
}

/// `None` while the cycle is supported beyond `window` days (or not yet released).
fn stage(cycle: &Cycle, today: Date, window: u32) -> Option<Stage> {
    match cycle.eol {
        Bound::On(end) if today >= end => Some(Stage::Past(Some(end))),
        Bound::Ended => Some(Stage::Past(None)),
        Bound::On(end) if cycle.released_by(today) && today.days_until(end) <= i64::from(window) => {
            Some(Stage::Near(end, today.days_until(end)))
        }
        _ => None,
    }
}

/// `tomorrow`, `in 12 days`.
fn when(days: i64) -> String {
    if days == 1 {
        "tomorrow".to_string()
    } else {
        format!("in {days} days")
    }
}

/// How long a recommended cycle is supported.
fn until(u: &Cycle) -> String {
    match u.eol {
        Bound::On(end) => format!("supported until {end}"),
        _ => "supported, with no end of life announced".to_string(),
    }
}
