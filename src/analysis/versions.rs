//! Rules on declared versions (`django@4.2`): `end-of-life` and `version-mismatch`, from the
//! lifecycle data. (`unknown-version` is checked while lowering, where the value is read.)
//! Today's date is an input: without one, nothing is judged against the calendar.

use rustc_hash::FxHashSet;

use super::model::{replace_string, Model, TechRef};
use super::service::Services;
use super::{Date, Finding, Fix, Rule, Span};
use crate::catalogue::{Bound, Catalogue, Cycle, Product, Resolution};

/// Days before an end of life from which it is reported (as a hint), unless `[lint]
/// end-of-life-window` or the editor's settings say otherwise.
pub const DEFAULT_WINDOW: u32 = 180;

/// The cycle a declared version names, with the product and the value's name as written.
struct Declared<'a> {
    r: TechRef,
    product: &'a Product,
    cycle: &'a Cycle,
    /// The technology's name as written before `@` (`Django`).
    written: &'a str,
}

fn declared<'a>(text: &'a str, catalogue: &'a Catalogue, r: TechRef) -> Option<Declared<'a>> {
    let version = r.version(text)?;
    let product = catalogue.product_of(r.tech)?;
    let Resolution::Cycle(cycle) = product.resolve(version) else { return None };
    // A versioned value is written plainly (`TechRef::version`): the name is what precedes `@`.
    let raw = text.get(r.span.start + 1..r.span.end)?;
    let written = raw.split_once('@')?.0;
    Some(Declared { r, product, cycle, written })
}

pub(super) fn check(
    text: &str,
    model: &Model,
    catalogue: &Catalogue,
    today: Option<Date>,
    window: u32,
    out: &mut Vec<Finding>,
) {
    if let Some(today) = today {
        // Each value once, where it is written.
        let own = model.stack.iter().chain(&model.services).flat_map(|s| {
            let t = &s.techs;
            t.language.iter().chain(&t.framework).chain(&t.databases).chain(&t.server).copied()
        });
        for r in own.filter(|r| r.version.is_some()) {
            if let Some(d) = declared(text, catalogue, r) {
                end_of_life(text, catalogue, &d, today, window, out);
            }
        }
    }
    mismatches(text, model, catalogue, out);
}

/// `end-of-life`: past the end (the rule's level), or within `window` days of it (a hint).
fn end_of_life(text: &str, catalogue: &Catalogue, d: &Declared, today: Date, window: u32, out: &mut Vec<Finding>) {
    let name = &catalogue.tech(d.r.tech).name;
    let cycle = &d.cycle.cycle;
    let (mut message, advisory) = match d.cycle.eol {
        Bound::On(end) if today >= end => (format!("{name} {cycle} reached end of life on {end}"), false),
        Bound::Ended => (format!("{name} {cycle} has reached end of life"), false),
        Bound::On(end) if d.cycle.released_by(today) && today.days_until(end) <= i64::from(window) => {
            let days = today.days_until(end);
            let when = if days == 1 { "tomorrow".to_string() } else { format!("in {days} days") };
            (format!("{name} {cycle} reaches end of life on {end}, {when}"), true)
        }
        _ => return,
    };
    let upgrade = d.product.recommended(today).filter(|u| u.cycle != *cycle && u.released > d.cycle.released);
    match upgrade {
        Some(u) => {
            let until = match u.eol {
                Bound::On(end) => format!("supported until {end}"),
                _ => "supported, with no end of life announced".to_string(),
            };
            message.push_str(&format!("; {} is {until}", Product::describe(u, today)));
        }
        None if !advisory => message.push_str(&format!("; no {name} release cycle is supported any more")),
        None => {}
    }
    let fixes = upgrade
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
    out.push(finding);
}

/// `version-mismatch`: within one service, a declared cycle whose data states the versions
/// of another declared technology it supports (Django 5.2: Python 3.10 - 3.14), and that
/// technology's declared version outside them. Reported on the version stating the range.
fn mismatches(text: &str, model: &Model, catalogue: &Catalogue, out: &mut Vec<Finding>) {
    let services = Services::new(model, catalogue);
    // A pair of values shared by many services (both in `[stack]`) is reported once.
    let mut seen: FxHashSet<(Span, Span)> = FxHashSet::default();
    for service in services.all() {
        let versioned: Vec<TechRef> = service.techs().filter(|r| r.version.is_some()).collect();
        if versioned.len() < 2 {
            continue;
        }
        for &r in &versioned {
            let Some(d) = declared(text, catalogue, r) else { continue };
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
