//! Rules on declared versions (`django@4.2`), from the lifecycle data: `unknown-version` for
//! a version that names no release cycle (a malformed one is reported while lowering, where
//! the value is read), `end-of-life` and `version-mismatch`. Fixes offer only versions that
//! fit the others declared beside them. Today's date is an input: without one, nothing is
//! judged against the calendar.

use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

use super::model::{replace_string, Model, ServiceDecl, TechRef};
use super::service::Services;
use super::{Date, Finding, Fix, Rule, Span};
use crate::catalogue::{Bound, Catalogue, Cycle, Product, Resolution, TechId};

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

/// What the version rules read: the text, the catalogue, and the cycle each versioned value
/// names, resolved once per value as written.
struct Cx<'a> {
    text: &'a str,
    catalogue: &'a Catalogue,
    cycles: FxHashMap<Span, &'a Cycle>,
}

impl<'a> Cx<'a> {
    fn new(text: &'a str, catalogue: &'a Catalogue, values: impl Iterator<Item = TechRef>) -> Cx<'a> {
        // Most values repeat (`python@3.12` in hundreds of services): resolve each spelling once.
        let mut by_name: FxHashMap<(TechId, &str), Option<&Cycle>> = FxHashMap::default();
        let mut cycles = FxHashMap::default();
        for r in values {
            let Some(version) = r.version(text) else { continue };
            let cycle = *by_name
                .entry((r.tech, version))
                .or_insert_with(|| catalogue.product_of(r.tech).and_then(|p| p.resolve(version).cycle()));
            if let Some(c) = cycle {
                cycles.insert(r.span, c);
            }
        }
        Cx { text, catalogue, cycles }
    }

    fn declared(&self, r: TechRef) -> Option<Declared<'a>> {
        let cycle = *self.cycles.get(&r.span)?;
        let product = self.catalogue.product_of(r.tech)?;
        let written = r.written_name(self.text)?;
        Some(Declared { r, product, cycle, written })
    }
}

pub(super) fn check(
    text: &str,
    model: &Model,
    catalogue: &Catalogue,
    today: Option<Date>,
    window: u32,
    out: &mut Vec<Finding>,
) {
    let own = own_versioned;
    let stack: Vec<TechRef> = model.stack.iter().flat_map(own).collect();
    if stack.is_empty() && !model.services.iter().any(|s| own(s).next().is_some()) {
        return;
    }
    let cx = &Cx::new(text, catalogue, stack.iter().copied().chain(model.services.iter().flat_map(own)));
    let services = Services::new(model, catalogue);
    let mut judge = Judge { cx, today, window, seen: FxHashMap::default(), out };
    // `[stack]` values inherited by services are judged once, beside the versions of every
    // service that inherits them; a service's own values beside its other versions.
    let mut stack_around: FxHashMap<Span, Vec<TechRef>> = FxHashMap::default();
    let mut mismatched: FxHashSet<(Span, Span)> = FxHashSet::default();
    let shared = !model.services.is_empty();
    for service in services.all() {
        let versioned: SmallVec<[TechRef; 6]> = service.techs().filter(|r| r.version.is_some()).collect();
        for &r in &versioned {
            let others = versioned.iter().filter(|o| o.span != r.span).copied();
            if shared && stack.iter().any(|s| s.span == r.span) {
                let list = stack_around.entry(r.span).or_default();
                for o in others {
                    if !list.iter().any(|x| x.span == o.span) {
                        list.push(o);
                    }
                }
            } else {
                let others: SmallVec<[TechRef; 6]> = others.collect();
                judge.value(r, &others);
            }
        }
        if versioned.len() >= 2 {
            mismatches(cx, &versioned, &mut mismatched, judge.out);
        }
    }
    if shared {
        for r in stack {
            let around = stack_around.remove(&r.span).unwrap_or_default();
            judge.value(r, &around);
        }
    }
}

/// The values a table writes itself that carry a version.
fn own_versioned(s: &ServiceDecl) -> impl Iterator<Item = TechRef> + '_ {
    s.techs.all().filter(|r| r.version.is_some())
}

/// Judges each versioned value once (`unknown-version`, `end-of-life`). The same value beside
/// the same versions gets the same finding: built once, then moved to each place it is
/// written (most services repeat a few pairs).
struct Judge<'a, 'o> {
    cx: &'a Cx<'a>,
    today: Option<Date>,
    window: u32,
    seen: FxHashMap<Shape<'a>, Option<Finding>>,
    out: &'o mut Vec<Finding>,
}

impl<'a> Judge<'a, '_> {
    fn value(&mut self, r: TechRef, around: &[TechRef]) {
        let (cx, today, window) = (self.cx, self.today, self.window);
        let finding = self.seen.entry(shape(cx.text, r, around)).or_insert_with(|| {
            let mut found = Vec::new();
            match cx.declared(r) {
                Some(d) => {
                    if let Some(today) = today {
                        end_of_life(cx, &d, around, today, window, &mut found);
                    }
                }
                None => unknown_cycle(cx, r, around, &mut found),
            }
            found.pop()
        });
        if let Some(f) = finding {
            self.out.push(moved(f, r));
        }
    }
}

/// What a version finding depends on: the technology, the value as written (`Django@4.2`)
/// and the versions declared beside it.
type Shape<'a> = (TechId, &'a str, SmallVec<[(TechId, &'a str); 4]>);

fn shape<'a>(text: &'a str, r: TechRef, around: &[TechRef]) -> Shape<'a> {
    let written = text.get(r.span.start..r.span.end).unwrap_or_default();
    let mut others: SmallVec<[(TechId, &str); 4]> =
        around.iter().map(|o| (o.tech, o.version(text).unwrap_or_default())).collect();
    others.sort_unstable();
    (r.tech, written, others)
}

/// A finding built for one place, moved to `r`: its span and its fixes' edits (each replaces
/// the whole value) follow.
fn moved(f: &Finding, r: TechRef) -> Finding {
    let mut f = f.clone();
    f.span = r.version.unwrap_or(r.span);
    for fix in &mut f.fixes {
        for edit in &mut fix.edits {
            edit.span = r.span;
        }
    }
    f
}

/// Whether `cycle` of `d`'s technology goes with the versions declared beside it, both ways
/// (what it supports of them, what they support of it): `None`, else the first conflict for
/// the message ("it needs Python 3.10–3.14; this service declares `python@3.8`").
fn conflict(cx: &Cx, r: TechRef, cycle: &Cycle, around: &[TechRef]) -> Option<String> {
    let (text, catalogue) = (cx.text, cx.catalogue);
    let tech = catalogue.tech(r.tech);
    for o in around {
        let (other, Some(version)) = (catalogue.tech(o.tech), o.version(text)) else { continue };
        if let Some(req) = cycle.unmet(&other.id, version) {
            return Some(format!(
                "it needs {} {}; this service declares `{}@{version}`",
                other.name,
                req.describe(),
                other.id
            ));
        }
        let Some(theirs) = cx.declared(*o) else { continue };
        if let Some(req) = theirs.cycle.unmet(&tech.id, &cycle.cycle) {
            return Some(format!("{} {} supports {} {}", other.name, theirs.cycle.cycle, tech.name, req.describe()));
        }
    }
    None
}

/// `unknown-version`: a version that names no release cycle of the data (the known ones
/// listed, near misses within the same major offered), or several (`python@3`).
fn unknown_cycle(cx: &Cx, r: TechRef, around: &[TechRef], out: &mut Vec<Finding>) {
    let (text, catalogue) = (cx.text, cx.catalogue);
    let (Some(version), Some(product)) = (r.version(text), catalogue.product_of(r.tech)) else { return };
    let Some(written) = r.written_name(text) else { return };
    let tech = catalogue.tech(r.tech);
    let newest = product.newest_first();
    let listed = |cycles: &[&Cycle]| {
        let mut names: Vec<&str> = cycles.iter().take(8).map(|c| c.cycle.as_str()).collect();
        if cycles.len() > 8 {
            names.push("…");
        }
        names.join(", ")
    };
    let fits = |c: &&Cycle| conflict(cx, r, c, around).is_none();
    let (message, suggestions): (String, Vec<&Cycle>) = match product.resolve(version) {
        Resolution::Cycle(_) => return,
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
    out.push(finding);
}

/// `end-of-life`: past the end (the rule's level), or within `window` days of it (a hint).
/// The upgrade offered as a fix keeps the versions declared beside it compatible.
fn end_of_life(cx: &Cx, d: &Declared, around: &[TechRef], today: Date, window: u32, out: &mut Vec<Finding>) {
    let (text, catalogue) = (cx.text, cx.catalogue);
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
    let newer = |u: &Cycle| u.cycle != *cycle && u.released > d.cycle.released;
    let recommended = d.product.recommended(today).filter(|u| newer(u));
    let fits = |u: &Cycle| conflict(cx, d.r, u, around).is_none();
    // The fix: the recommended cycle if it fits its neighbours, else the best one that does.
    let target =
        recommended.filter(|u| fits(u)).or_else(|| d.product.recommended_among(today, |u| newer(u) && fits(u)));
    let until = |u: &Cycle| match u.eol {
        Bound::On(end) => format!("supported until {end}"),
        _ => "supported, with no end of life announced".to_string(),
    };
    match recommended {
        Some(u) => {
            message.push_str(&format!("; {} is {}", u.describe(today), until(u)));
            if let Some(why) = conflict(cx, d.r, u, around) {
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
    out.push(finding);
}

/// `version-mismatch`: within one service, a declared cycle whose data states the versions
/// of another declared technology it supports (Django 5.2: Python 3.10 - 3.14), and that
/// technology's declared version outside them. Reported on the version stating the range; a
/// pair of values shared by many services (both in `[stack]`) once.
fn mismatches(cx: &Cx, versioned: &[TechRef], seen: &mut FxHashSet<(Span, Span)>, out: &mut Vec<Finding>) {
    let (text, catalogue) = (cx.text, cx.catalogue);
    for &r in versioned {
        let Some(d) = cx.declared(r) else { continue };
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
