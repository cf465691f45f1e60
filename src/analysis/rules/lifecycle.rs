//! Declared versions (`django@4.2`) against the lifecycle data, resolved once for the version
//! rules (`unknown-version`, `end-of-life`, `version-mismatch`): the cycle each value names,
//! and each value with the versions declared beside it, so that a fix offers only versions
//! that fit them. Not a rule.

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use super::RuleCx;
use crate::analysis::model::TechRef;
use crate::analysis::{Finding, Span};
use crate::catalogue::{Catalogue, Cycle, Product, TechId};

/// Days before an end of life from which it is reported (as a hint), unless `[lint]
/// end-of-life-window` or the editor's settings say otherwise.
pub const DEFAULT_WINDOW: u32 = 180;

/// The cycle a declared version names, with the product and the value's name as written.
pub(super) struct Declared<'a> {
    pub r: TechRef,
    pub product: &'a Product,
    pub cycle: &'a Cycle,
    /// The technology's name as written before `@` (`Django`).
    pub written: &'a str,
}

/// A versioned value as written beside the same versions, once: the value judged, the
/// versions declared beside it, and every place it is written. The same value beside the
/// same versions gets the same finding, built once and moved to each place (most services
/// repeat a few pairs).
pub(crate) struct Group {
    pub r: TechRef,
    pub around: SmallVec<[TechRef; 6]>,
    pub places: Vec<TechRef>,
}

/// The declared versions of a document.
pub(crate) struct Versions<'a> {
    text: &'a str,
    catalogue: &'a Catalogue,
    cycles: FxHashMap<Span, &'a Cycle>,
    /// Each value to judge: a service's own value beside the service's other versions; a
    /// `[stack]` value that services inherit once, beside the versions of all of them.
    pub groups: Vec<Group>,
}

impl<'a> Versions<'a> {
    pub(super) fn new(cx: &RuleCx<'a>) -> Versions<'a> {
        let (text, catalogue, model) = (cx.text, cx.catalogue, cx.model);
        let mut versions = Versions { text, catalogue, cycles: FxHashMap::default(), groups: Vec::new() };
        let versioned = |r: &TechRef| r.version.is_some();
        let stack: Vec<TechRef> = model.stack.iter().flat_map(|s| s.techs.all().filter(versioned)).collect();
        if stack.is_empty() && !model.services.iter().any(|s| s.techs.all().any(|r| versioned(&r))) {
            return versions;
        }
        // Most values repeat (`python@3.12` in hundreds of services): resolve each spelling once.
        let mut by_name: FxHashMap<(TechId, &str), Option<&Cycle>> = FxHashMap::default();
        for r in stack.iter().copied().chain(model.services.iter().flat_map(|s| s.techs.all().filter(versioned))) {
            let Some(version) = r.version(text) else { continue };
            let cycle = *by_name
                .entry((r.tech, version))
                .or_insert_with(|| catalogue.product_of(r.tech).and_then(|p| p.resolve(version).cycle()));
            if let Some(c) = cycle {
                versions.cycles.insert(r.span, c);
            }
        }
        // `[stack]` values inherited by services are judged once, beside the versions of every
        // service that inherits them.
        let mut shared = cx.services.per_shared_value(|list: &mut Vec<TechRef>, s, r| {
            if r.version.is_some() {
                for o in s.techs().filter(|o| o.version.is_some() && o.span != r.span) {
                    if !list.iter().any(|x| x.span == o.span) {
                        list.push(o);
                    }
                }
            }
        });
        let mut seen: FxHashMap<Shape, usize> = FxHashMap::default();
        let mut add = |r: TechRef, around: SmallVec<[TechRef; 6]>| {
            let i = *seen.entry(shape(text, r, &around)).or_insert_with(|| {
                versions.groups.push(Group { r, around, places: Vec::new() });
                versions.groups.len() - 1
            });
            versions.groups[i].places.push(r);
        };
        for service in cx.services.all() {
            let own: SmallVec<[TechRef; 6]> =
                service.techs().filter(|r| r.version.is_some() && !service.inherited(r.span)).collect();
            for &r in &own {
                add(r, service.techs().filter(|o| o.version.is_some() && o.span != r.span).collect());
            }
        }
        if !model.services.is_empty() {
            for r in stack {
                let around = shared.entry(r.span, Vec::new).drain(..).collect();
                add(r, around);
            }
        }
        versions
    }

    /// The cycle the value `r` names, if its version names exactly one.
    pub(super) fn declared(&self, r: TechRef) -> Option<Declared<'a>> {
        let cycle = *self.cycles.get(&r.span)?;
        let product = self.catalogue.product_of(r.tech)?;
        let written = r.written_name(self.text)?;
        Some(Declared { r, product, cycle, written })
    }

    /// Whether `cycle` of `r`'s technology goes with the versions declared beside it, both
    /// ways (what it supports of them, what they support of it): `None`, else the first
    /// conflict for the message ("it needs Python 3.10–3.14; this service declares
    /// `python@3.8`").
    pub(super) fn conflict(&self, r: TechRef, cycle: &Cycle, around: &[TechRef]) -> Option<String> {
        let (text, catalogue) = (self.text, self.catalogue);
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
            let Some(theirs) = self.declared(*o) else { continue };
            if let Some(req) = theirs.cycle.unmet(&tech.id, &cycle.cycle) {
                return Some(format!(
                    "{} {} supports {} {}",
                    other.name,
                    theirs.cycle.cycle,
                    tech.name,
                    req.describe()
                ));
            }
        }
        None
    }
}

/// Judges each group once with `judge` (given its first value and the versions beside it),
/// and reports the finding at every place the group is written.
pub(super) fn each_group(cx: &RuleCx, out: &mut Vec<Finding>, mut judge: impl FnMut(&Group) -> Option<Finding>) {
    for group in &cx.versions().groups {
        if let Some(f) = judge(group) {
            out.extend(group.places.iter().map(|&r| moved(&f, r)));
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
