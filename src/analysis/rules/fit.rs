//! How well technologies fit a service's context, shared by the project rules, hover (its
//! better fits) and completion (its ranking): which cons hold and why, and the alternatives
//! that fit better. Not a rule.

use crate::analysis::service::{candidates, Context, Needs};
use crate::analysis::{Attribute, Attributes};
use crate::catalogue::{Catalogue, Claim, Condition, Kind, TechId, Technology, VocabKind};

/// Why a condition holds, as `scale = large` phrases; `None` when it does not hold.
pub fn matches(condition: &Condition, ctx: &Context) -> Option<Vec<String>> {
    let mut why = Vec::new();
    test(condition, ctx, Some(&mut why)).then_some(why)
}

/// Whether a condition holds in `ctx` (what [`matches`] decides, without saying why).
fn holds(condition: &Condition, ctx: &Context) -> bool {
    test(condition, ctx, None)
}

/// Tests `condition` in `ctx`, adding the reasons to `why` when asked for them (building
/// them costs allocations that ranking alternatives does not need).
fn test(condition: &Condition, ctx: &Context, mut why: Option<&mut Vec<String>>) -> bool {
    let mut one = |allowed: &[String], value: Option<&str>, key: &str| -> bool {
        if allowed.is_empty() {
            return true;
        }
        match value {
            Some(v) if allowed.iter().any(|a| a == v) => {
                if let Some(why) = why.as_deref_mut() {
                    why.push(format!("{key} = {v}"));
                }
                true
            }
            _ => false,
        }
    };
    let scalars = one(&condition.scale, ctx.scale, "scale")
        && one(&condition.team, ctx.team, "team")
        && one(&condition.architecture, ctx.architecture, "architecture");
    if !scalars {
        return false;
    }
    let mut many = |allowed: &[String], values: &[&str], key: &str| -> bool {
        if allowed.is_empty() {
            return true;
        }
        let mut hits = values.iter().copied().filter(|v| allowed.iter().any(|a| a == v)).peekable();
        if hits.peek().is_none() {
            return false;
        }
        if let Some(why) = why.as_deref_mut() {
            why.push(format!("{key} include {}", hits.collect::<Vec<_>>().join(", ")));
        }
        true
    };
    many(&condition.requirements, &ctx.requirements, "requirements")
        && many(&condition.use_cases, &ctx.use_cases, "use-cases")
}

/// The attributes of `ctx` through which `condition` holds (it is known to hold): what a
/// tradeoff turns on, for the report's fit matrix.
pub(super) fn attributes(condition: &Condition, ctx: &Context) -> Attributes {
    let mut out = Attributes::new();
    let mut add = |allowed: &[String], values: &mut dyn Iterator<Item = &str>, key: VocabKind| {
        for v in values.filter(|v| allowed.iter().any(|a| a == v)) {
            out.push(Attribute { key, value: v.into() });
        }
    };
    add(&condition.scale, &mut ctx.scale.into_iter(), VocabKind::Scale);
    add(&condition.team, &mut ctx.team.into_iter(), VocabKind::Team);
    add(&condition.architecture, &mut ctx.architecture.into_iter(), VocabKind::Architecture);
    add(&condition.requirements, &mut ctx.requirements.iter().copied(), VocabKind::Requirements);
    add(&condition.use_cases, &mut ctx.use_cases.iter().copied(), VocabKind::UseCases);
    out
}

/// How many cons of `tech` apply in `ctx`: `tradeoffs(tech, ctx).len()`, without the why.
fn tradeoff_count(tech: &Technology, ctx: &Context) -> usize {
    tech.cons.iter().filter(|c| c.disputed.is_none() && c.when.as_ref().is_some_and(|w| holds(w, ctx))).count()
}

/// The cons of `tech` that apply in `ctx`, with why.
pub fn tradeoffs<'c>(tech: &'c Technology, ctx: &Context) -> Vec<(&'c Claim, Vec<String>)> {
    tech.cons
        .iter()
        .filter(|c| c.disputed.is_none())
        .filter_map(|c| c.when.as_ref().and_then(|w| matches(w, ctx)).map(|why| (c, why)))
        .collect()
}

/// How well a technology fits: fewer tradeoffs first, then more matching use cases.
pub fn fit(tech: &Technology, ctx: &Context) -> (usize, usize) {
    let hits = ctx.use_cases.iter().filter(|u| tech.has_use_case(u)).count();
    (tradeoff_count(tech, ctx), usize::MAX - hits)
}

/// "Django (no known tradeoff here)": an alternative with how it fits, for fixes and hover.
pub fn fit_note(tech: &Technology, ctx: &Context) -> String {
    // A framework's language stays what it is: its drawbacks are not the framework's.
    let own = if tech.kind == Kind::Framework { " of its own" } else { "" };
    match fit(tech, ctx).0 {
        0 => format!("{} (no known tradeoff{own} here)", tech.name),
        n => format!("{} ({n} known tradeoff(s){own} here)", tech.name),
    }
}

/// Alternatives of the same kind that fit better in `ctx` and keep the file free of new
/// errors (`needs`: a framework stays on the service's language, a language keeps running
/// its framework), best first. Fixes and hover's "better fits" both come from here.
pub fn alternatives<'c>(
    catalogue: &'c Catalogue,
    current: TechId,
    needs: &Needs,
    ctx: &Context,
) -> Vec<(TechId, &'c Technology)> {
    let tech = catalogue.tech(current);
    let now = tradeoff_count(tech, ctx);
    let mut out: Vec<(TechId, &Technology)> =
        candidates(catalogue, tech, current, needs).filter(|(_, t)| tradeoff_count(t, ctx) < now).collect();
    out.sort_by_cached_key(|(_, t)| (fit(t, ctx), t.id.clone()));
    out
}

/// An alternative's id and the title of the fix that switches to it.
pub(super) type Switch<'c> = (&'c str, String);

/// The three best alternatives to `current`, as (id, "Switch to FastAPI (no known tradeoff
/// here)").
pub(super) fn switches<'c>(catalogue: &'c Catalogue, current: TechId, needs: &Needs, ctx: &Context) -> Vec<Switch<'c>> {
    alternatives(catalogue, current, needs, ctx)
        .into_iter()
        .take(3)
        .map(|(_, alt)| (alt.id.as_str(), format!("Switch to {}", fit_note(alt, ctx))))
        .collect()
}

/// Whether two conditions hold through one and the same attribute of `ctx` (both name the
/// team, or both a requirement the project declares): their cons make one point.
pub(super) fn same_point(a: &Condition, b: &Condition, ctx: &Context) -> bool {
    let one = |x: &[String], y: &[String], v: Option<&str>| {
        v.is_some_and(|v| x.iter().any(|a| a == v) && y.iter().any(|b| b == v))
    };
    let many = |x: &[String], y: &[String], vs: &[&str]| vs.iter().any(|v| one(x, y, Some(v)));
    one(&a.scale, &b.scale, ctx.scale)
        || one(&a.team, &b.team, ctx.team)
        || one(&a.architecture, &b.architecture, ctx.architecture)
        || many(&a.requirements, &b.requirements, &ctx.requirements)
        || many(&a.use_cases, &b.use_cases, &ctx.use_cases)
}

/// Both conditions' lists together, for the reasons of a merged finding.
pub(super) fn union(a: &Condition, b: &Condition) -> Condition {
    let join = |x: &[String], y: &[String]| {
        let mut out = x.to_vec();
        out.extend(y.iter().filter(|v| !x.contains(v)).cloned());
        out
    };
    Condition {
        scale: join(&a.scale, &b.scale),
        team: join(&a.team, &b.team),
        architecture: join(&a.architecture, &b.architecture),
        requirements: join(&a.requirements, &b.requirements),
        use_cases: join(&a.use_cases, &b.use_cases),
    }
}
