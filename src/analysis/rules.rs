//! The project rules: `language-mismatch`, `tradeoff` and `use-case-fit`.
//!
//! Every service is checked in its context: `[project]` plus the service's own scale,
//! use cases and requirements, with technologies inherited from `[stack]`. A finding on a
//! value shared by several services is reported once, naming the services.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::model::{replace_string, Model, TechRef};
use super::service::{candidates, Context, Needs, Service, Services};
use super::{Attribute, Attributes, Finding, Fix, Rule, Span, Subject};
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
fn attributes(condition: &Condition, ctx: &Context) -> Attributes {
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
type Switch<'c> = (&'c str, String);

/// The three best alternatives to `current`, as (id, "Switch to FastAPI (no known tradeoff
/// here)").
fn switches<'c>(catalogue: &'c Catalogue, current: TechId, needs: &Needs, ctx: &Context) -> Vec<Switch<'c>> {
    alternatives(catalogue, current, needs, ctx)
        .into_iter()
        .take(3)
        .map(|(_, alt)| (alt.id.as_str(), format!("Switch to {}", fit_note(alt, ctx))))
        .collect()
}

/// A finding's identity: where, which rule, what (technology id, and claim or use case), and
/// what it carries besides (a language's claim folded into a framework's, or the language a
/// use case was also judged on).
type FindingKey<'a> = (Span, Rule, &'a str, &'a str, &'a str);

/// A finding being collected: its message, fixes and the services it was found in.
struct Found<'a> {
    span: Span,
    rule: Rule,
    tech: TechId,
    also: Option<TechId>,
    message: String,
    fixes: Vec<Fix>,
    /// The services named in the message: those that inherit the value.
    services: Vec<&'a str>,
    /// Every service it holds in, with the attributes it turns on there.
    subject: Subject,
}

/// A finding's first build: its message, fixes and the sources of its claims.
type Built = (String, Vec<Fix>, Sources);

/// Source ids, stored inline.
type Sources = smallvec::SmallVec<[compact_str::CompactString; 2]>;

/// The ids of a claim's sources.
fn ids(sources: &[String]) -> Sources {
    sources.iter().map(|s| compact_str::CompactString::from(s.as_str())).collect()
}

/// Where one finding was found: the service (its name, `None` for `[stack]` alone), the
/// name to give in the message (when it inherits the value), and the attributes it turns on.
struct In<'a, F: FnOnce() -> Attributes> {
    service: Option<&'a str>,
    label: Option<&'a str>,
    attributes: F,
}

fn none() -> Attributes {
    Attributes::new()
}

#[derive(Default)]
struct Pending<'a> {
    index: FxHashMap<FindingKey<'a>, usize>,
    found: Vec<Found<'a>>,
}

impl<'a> Pending<'a> {
    /// Records a finding; the same finding from several services is merged. Its message and
    /// fixes are built only the first time.
    fn add(
        &mut self,
        key: FindingKey<'a>,
        (tech, also): (TechId, Option<TechId>),
        at: In<'a, impl FnOnce() -> Attributes>,
        build: impl FnOnce() -> Built,
    ) {
        let found = &mut self.found;
        let i = *self.index.entry(key).or_insert_with(|| {
            let (message, fixes, sources) = build();
            let subject = Subject { services: smallvec::SmallVec::new(), sources };
            found.push(Found { span: key.0, rule: key.1, tech, also, message, fixes, services: Vec::new(), subject });
            found.len() - 1
        });
        let found = &mut found[i];
        // Services are checked one after the other: a repeat can only be the last one.
        if let Some(s) = at.label {
            if found.services.last() != Some(&s) {
                found.services.push(s);
            }
        }
        let name = at.service.map(compact_str::CompactString::from);
        match found.subject.services.last_mut() {
            Some((last, attributes)) if *last == name => {
                for a in (at.attributes)() {
                    if !attributes.contains(&a) {
                        attributes.push(a);
                    }
                }
            }
            _ => found.subject.services.push((name, (at.attributes)())),
        }
    }
}

/// Services named in one message; the rest are counted.
const NAMED_SERVICES: usize = 5;

/// Whether two conditions hold through one and the same attribute of `ctx` (both name the
/// team, or both a requirement the project declares): their cons make one point.
fn same_point(a: &Condition, b: &Condition, ctx: &Context) -> bool {
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
fn union(a: &Condition, b: &Condition) -> Condition {
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

/// What replacing a `[stack]` value must respect for every service that inherits it (a
/// value a service writes itself concerns that service alone).
fn shared_needs(services: &Services) -> FxHashMap<Span, Needs> {
    let mut shared: FxHashMap<Span, Needs> = FxHashMap::default();
    for s in services.all() {
        for (r, kind) in [(s.language, Kind::Language), (s.framework, Kind::Framework)] {
            if let Some(r) = r.filter(|r| s.inherited(r.span)) {
                shared.entry(r.span).or_default().add(&s, kind);
            }
        }
    }
    shared
}

/// The tradeoffs of technologies in a service's context; in the project's own context
/// (which most services share) each technology's are worked out once.
struct Tradeoffs<'c> {
    project: FxHashMap<TechId, Vec<(&'c Claim, Vec<String>)>>,
}

impl<'c> Tradeoffs<'c> {
    /// Works out `tech`'s tradeoffs in the project's context, if not done yet.
    fn prepare(&mut self, catalogue: &'c Catalogue, tech: TechId, ctx: &Context, in_project: bool) {
        if in_project {
            self.project.entry(tech).or_insert_with(|| tradeoffs(catalogue.tech(tech), ctx));
        }
    }

    /// `tech`'s tradeoffs in `ctx` (after [`Self::prepare`] for the project's context).
    fn get<'s>(
        &'s self,
        catalogue: &'c Catalogue,
        tech: TechId,
        ctx: &Context,
        in_project: bool,
    ) -> Cow<'s, [(&'c Claim, Vec<String>)]> {
        match self.project.get(&tech).filter(|_| in_project) {
            Some(found) => Cow::Borrowed(found.as_slice()),
            None => Cow::Owned(tradeoffs(catalogue.tech(tech), ctx)),
        }
    }
}

pub(super) fn check(text: &str, model: &Model, catalogue: &Catalogue, out: &mut Vec<Finding>) {
    let mut pending = Pending::default();
    let services = Services::new(model, catalogue);
    let shared = shared_needs(&services);
    let needs_at = |service: &Service, r: TechRef, kind: Kind| match shared.get(&r.span) {
        Some(n) if service.inherited(r.span) => n.clone(),
        _ => Needs::of(service, kind),
    };
    let mut found = Tradeoffs { project: FxHashMap::default() };
    // The better-fitting alternatives to one technology under the same needs, in the
    // project's context: "Switch to …".
    let mut project_switches: FxHashMap<(TechId, Needs), Vec<Switch>> = FxHashMap::default();
    for service in services.all() {
        let ctx = services.context(&service);
        let in_project = matches!(ctx, Cow::Borrowed(_));
        let label = |span: Span| service.name.filter(|_| service.inherited(span));
        let place = |span: Span| In { service: service.name, label: label(span), attributes: none };
        // language-mismatch
        if let (Some(lang), Some(fw)) = (service.language, service.framework) {
            if !catalogue.runs_on(fw.tech, lang.tech) {
                let (l, f) = (catalogue.tech(lang.tech), catalogue.tech(fw.tech));
                // Report on the value written closer to the service: the override, if any.
                let on_language = service.inherited(fw.span) && !service.inherited(lang.span);
                let span = if on_language { lang.span } else { fw.span };
                let key = (span, Rule::LanguageMismatch, f.id.as_str(), l.id.as_str(), "");
                pending.add(key, (fw.tech, Some(lang.tech)), place(span), || {
                    let runs: Vec<&str> = f
                        .languages
                        .iter()
                        .map(|id| catalogue.by_id(id).map_or(id.as_str(), |t| t.name.as_str()))
                        .collect();
                    let message =
                        format!("{} runs on {}, not {} (language = \"{}\")", f.name, runs.join(" or "), l.name, l.id);
                    let mut fixes = Vec::new();
                    let sources = ids(&f.sources);
                    // Only fixes that every service sharing the edited value can live with.
                    let language_needs = needs_at(&service, lang, Kind::Language);
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
                    let framework_needs = needs_at(&service, fw, Kind::Framework);
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
        }
        // tradeoff: the framework's cons, and the language's (written, or implied by the
        // framework); a language con that makes the same point as one of its framework's
        // is folded into that finding: one point, one warning.
        let language = match service.language {
            Some(l) => Some((l, l.tech, false)),
            None => service.implied_language().zip(service.framework).map(|(l, fw)| (fw, l, true)),
        };
        for t in service.techs().map(|r| r.tech).chain(language.map(|l| l.1)) {
            found.prepare(catalogue, t, &ctx, in_project);
        }
        let framework = service.framework.map(|fw| (fw, found.get(catalogue, fw.tech, &ctx, in_project)));
        let language = language.map(|(at, id, implied)| (at, id, implied, found.get(catalogue, id, &ctx, in_project)));
        let mut folded: Vec<Option<usize>> = vec![None; language.as_ref().map_or(0, |l| l.3.len())];
        if let (Some((_, fw_cons)), Some((_, _, _, lang_cons))) = (&framework, &language) {
            for (i, (lc, _)) in lang_cons.iter().enumerate() {
                folded[i] = fw_cons.iter().position(|(fc, _)| match (&fc.when, &lc.when) {
                    (Some(a), Some(b)) => same_point(a, b, &ctx),
                    _ => false,
                });
            }
        }
        let mut switch = |at: TechRef, kind: Kind| -> Vec<Fix> {
            let needs = needs_at(&service, at, kind);
            let computed;
            let list: &[Switch] = if in_project {
                project_switches.entry((at.tech, needs)).or_insert_with_key(|(t, n)| switches(catalogue, *t, n, &ctx))
            } else {
                computed = switches(catalogue, at.tech, &needs, &ctx);
                &computed
            };
            list.iter()
                .map(|(id, title)| Fix {
                    title: title.clone(),
                    edits: vec![replace_string(text, at.span, id)],
                    preferred: false,
                })
                .collect()
        };
        if let Some((fw, fw_cons)) = &framework {
            let tech = catalogue.tech(fw.tech);
            for (i, (claim, why)) in fw_cons.iter().enumerate() {
                let with = language.as_ref().and_then(|(_, lid, implied, lang_cons)| {
                    let j = folded.iter().position(|f| *f == Some(i))?;
                    Some((*lid, *implied, lang_cons[j].0))
                });
                let with_text = with.map_or("", |(_, _, c)| c.text.as_str());
                let key = (fw.span, Rule::Tradeoff, tech.id.as_str(), claim.text.as_str(), with_text);
                let turns_on = || match (&claim.when, with.and_then(|(_, _, lc)| lc.when.as_ref())) {
                    (Some(a), Some(b)) => attributes(&union(a, b), &ctx),
                    (Some(a), None) => attributes(a, &ctx),
                    (None, _) => Attributes::new(),
                };
                let place = In { service: service.name, label: label(fw.span), attributes: turns_on };
                pending.add(key, (fw.tech, with.map(|w| w.0)), place, || {
                    let message = match with {
                        None => format!("{}: {} ({})", tech.name, claim.text, why.join("; ")),
                        Some((lid, implied, lc)) => {
                            let both = match (&claim.when, &lc.when) {
                                (Some(a), Some(b)) => matches(&union(a, b), &ctx).unwrap_or_else(|| why.clone()),
                                _ => why.clone(),
                            };
                            let whose = if implied { "the language it implies" } else { "its language" };
                            format!(
                                "{}: {}; and {}, {whose}: {} ({})",
                                tech.name,
                                claim.text,
                                catalogue.tech(lid).name,
                                lc.text,
                                both.join("; ")
                            )
                        }
                    };
                    let mut sources = ids(&claim.sources);
                    if let Some((_, _, lc)) = with {
                        sources.extend(
                            lc.sources.iter().filter(|s| !claim.sources.contains(s)).map(|s| s.as_str().into()),
                        );
                    }
                    (message, switch(*fw, Kind::Framework), sources)
                });
            }
        }
        if let Some((at, lid, implied, lang_cons)) = &language {
            let tech = catalogue.tech(*lid);
            for (j, (claim, why)) in lang_cons.iter().enumerate() {
                if folded[j].is_some() {
                    continue;
                }
                let key = (at.span, Rule::Tradeoff, tech.id.as_str(), claim.text.as_str(), "");
                let turns_on = || claim.when.as_ref().map(|w| attributes(w, &ctx)).unwrap_or_default();
                let place = In { service: service.name, label: label(at.span), attributes: turns_on };
                pending.add(key, (*lid, None), place, || {
                    let message = if *implied {
                        let by = service.framework.map_or("", |f| catalogue.tech(f.tech).name.as_str());
                        format!("{} (implied by {by}): {} ({})", tech.name, claim.text, why.join("; "))
                    } else {
                        format!("{}: {} ({})", tech.name, claim.text, why.join("; "))
                    };
                    // An implied language is not written: nothing to switch.
                    let fixes = if *implied { Vec::new() } else { switch(*at, Kind::Language) };
                    (message, fixes, ids(&claim.sources))
                });
            }
        }
        for (at, kind) in
            service.databases.iter().map(|d| (*d, Kind::Database)).chain(service.server.map(|s| (s, Kind::WebServer)))
        {
            let tech = catalogue.tech(at.tech);
            for (claim, why) in found.get(catalogue, at.tech, &ctx, in_project).iter() {
                let key = (at.span, Rule::Tradeoff, tech.id.as_str(), claim.text.as_str(), "");
                let turns_on = || claim.when.as_ref().map(|w| attributes(w, &ctx)).unwrap_or_default();
                let place = In { service: service.name, label: label(at.span), attributes: turns_on };
                pending.add(key, (at.tech, None), place, || {
                    let message = format!("{}: {} ({})", tech.name, claim.text, why.join("; "));
                    (message, switch(at, kind), ids(&claim.sources))
                });
            }
        }
        // use-case-fit: a declared use case is fine when the framework or the language
        // (written or implied) lists it.
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
            let place = In { service: service.name, label: label(at.span), attributes: turns_on };
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
    for Found { span, rule, tech, also, mut message, fixes, services, subject } in pending.found {
        match services.as_slice() {
            [] => {}
            [one] => message.push_str(&format!(" — in service `{one}`")),
            many => {
                let named: Vec<String> = many.iter().take(NAMED_SERVICES).map(|s| format!("`{s}`")).collect();
                message.push_str(&format!(" — in services {}", named.join(", ")));
                if many.len() > NAMED_SERVICES {
                    message.push_str(&format!(" and {} more", many.len() - NAMED_SERVICES));
                }
            }
        }
        let subject = Some(Box::new(subject));
        out.push(Finding {
            span,
            rule,
            message,
            fixes,
            tech: Some(tech),
            also,
            addition: None,
            advisory: false,
            subject,
        });
    }
}
