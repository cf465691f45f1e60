//! The project rules: `language-mismatch`, `tradeoff` and `use-case-fit`.
//!
//! Every service is checked in its context: `[project]` plus the service's own scale,
//! use cases and requirements, with technologies inherited from `[stack]`. A finding on a
//! value shared by several services is reported once, naming the services.

use rustc_hash::FxHashMap;

use super::model::{replace_string, Attr, Model, ServiceDecl, TechRef};
use super::{Diagnostic, Fix, Rule, Span};
use crate::catalogue::{Catalogue, Claim, Condition, Kind, TechId, Technology};

/// The project attributes one service sees.
#[derive(Debug, Clone, Default)]
pub struct Context<'m> {
    pub scale: Option<&'m str>,
    pub team: Option<&'m str>,
    pub architecture: Option<&'m str>,
    pub requirements: Vec<&'m str>,
    pub use_cases: Vec<&'m str>,
}

/// The technologies one service uses, after inheritance.
#[derive(Debug, Clone, Default)]
pub struct Effective<'m> {
    pub language: Option<TechRef>,
    pub framework: Option<TechRef>,
    pub databases: &'m [TechRef],
    pub server: Option<TechRef>,
    /// Which of the four came from `[stack]` rather than the service itself.
    inherited: Inherited,
}

/// Which technologies a service takes from `[stack]`.
#[derive(Debug, Clone, Copy, Default)]
struct Inherited {
    language: bool,
    framework: bool,
    databases: bool,
    server: bool,
}

impl Effective<'_> {
    pub fn techs(&self) -> impl Iterator<Item = TechRef> + '_ {
        self.language.iter().chain(&self.framework).chain(self.databases).chain(&self.server).copied()
    }

    /// Whether the value at `span` comes from `[stack]` rather than the service itself.
    fn inherited(&self, span: Span) -> bool {
        let at = |r: Option<TechRef>| r.is_some_and(|r| r.span == span);
        let i = self.inherited;
        (i.language && at(self.language))
            || (i.framework && at(self.framework))
            || (i.server && at(self.server))
            || (i.databases && self.databases.iter().any(|d| d.span == span))
    }

    /// The declared language, or the one the framework implies.
    pub fn language_id(&self, catalogue: &Catalogue) -> Option<TechId> {
        match self.language {
            Some(l) => Some(l.tech),
            None => {
                self.framework.and_then(|f| catalogue.tech(f.tech).languages.first()).and_then(|l| catalogue.lookup(l))
            }
        }
    }
}

fn strs(attrs: &[Attr]) -> impl Iterator<Item = &str> {
    attrs.iter().map(|a| a.id.as_str())
}

/// The context of a service (`None`: `[stack]` or the project as a whole).
pub fn context<'m>(model: &'m Model, service: Option<&'m ServiceDecl>) -> Context<'m> {
    let project = &model.project;
    let own = service.and_then(|s| s.attrs.as_deref());
    let mut requirements: Vec<&str> = strs(&project.requirements).collect();
    let mut use_cases: Vec<&str> = strs(&project.use_cases).collect();
    if let Some(own) = own {
        requirements.extend(strs(&own.requirements).filter(|r| !project.requirements.iter().any(|p| p.id == *r)));
        use_cases.extend(strs(&own.use_cases).filter(|u| !project.use_cases.iter().any(|p| p.id == *u)));
    }
    Context {
        scale: own.and_then(|a| a.scale.as_ref()).or(project.scale.as_ref()).map(|a| a.id.as_str()),
        team: project.team.as_ref().map(|a| a.id.as_str()),
        architecture: project.architecture.as_ref().map(|a| a.id.as_str()),
        requirements,
        use_cases,
    }
}

/// The services to check: each `[services.NAME]` over `[stack]`, or `[stack]` alone.
pub fn effective_services(model: &Model) -> Vec<(Option<&ServiceDecl>, Effective<'_>)> {
    let stack = model.stack.as_ref();
    if model.services.is_empty() {
        return stack.map(|s| (None, own(s))).into_iter().collect();
    }
    model.services.iter().map(|s| (Some(s), inherit(s, stack))).collect()
}

/// `[stack]` alone: its own technologies, nothing inherited.
fn own(decl: &ServiceDecl) -> Effective<'_> {
    let t = &decl.techs;
    Effective {
        language: t.language,
        framework: t.framework,
        databases: &t.databases,
        server: t.server,
        inherited: Inherited::default(),
    }
}

fn inherit<'m>(service: &'m ServiceDecl, stack: Option<&'m ServiceDecl>) -> Effective<'m> {
    let own = &service.techs;
    let Some(base) = stack.map(|s| &s.techs) else { return self::own(service) };
    let pick = |mine: Option<TechRef>, theirs: Option<TechRef>| match mine {
        Some(m) => (Some(m), false),
        None => (theirs, theirs.is_some()),
    };
    let (language, language_inherited) = pick(own.language, base.language);
    let (framework, framework_inherited) = pick(own.framework, base.framework);
    let (server, server_inherited) = pick(own.server, base.server);
    let inherit_databases = own.databases.is_empty();
    let databases: &[TechRef] = if inherit_databases { &base.databases } else { &own.databases };
    let inherited = Inherited {
        language: language_inherited,
        framework: framework_inherited,
        databases: inherit_databases && !databases.is_empty(),
        server: server_inherited,
    };
    Effective { language, framework, databases, server, inherited }
}

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
    match fit(tech, ctx).0 {
        0 => format!("{} (no known tradeoff here)", tech.name),
        n => format!("{} ({n} known tradeoff(s) here)", tech.name),
    }
}

/// Alternatives of the same kind (and language, for frameworks) that fit better, best first.
pub fn alternatives<'c>(
    catalogue: &'c Catalogue,
    current: TechId,
    language: Option<TechId>,
    ctx: &Context,
) -> Vec<(TechId, &'c Technology)> {
    let tech = catalogue.tech(current);
    let current = tradeoff_count(tech, ctx);
    let mut out: Vec<(TechId, &Technology)> = catalogue
        .of_kind(tech.kind)
        .filter(|(id, _)| *id != current)
        .filter(|(id, _)| match (tech.kind, language) {
            (Kind::Framework, Some(lang)) => catalogue.runs_on(*id, lang),
            _ => true,
        })
        .filter(|(_, t)| tradeoff_count(t, ctx) < current)
        .collect();
    out.sort_by_cached_key(|(_, t)| (fit(t, ctx), t.id.clone()));
    out
}

/// An alternative's id and the title of the fix that switches to it.
type Switch<'c> = (&'c str, String);

/// The three best alternatives to `current`, as (id, "Switch to FastAPI (no known tradeoff
/// here)").
fn switches<'c>(catalogue: &'c Catalogue, current: TechId, language: Option<TechId>, ctx: &Context) -> Vec<Switch<'c>> {
    alternatives(catalogue, current, language, ctx)
        .into_iter()
        .take(3)
        .map(|(_, alt)| (alt.id.as_str(), format!("Switch to {}", fit_note(alt, ctx))))
        .collect()
}

/// A finding's identity: where, which rule, and what (technology id, and claim or use case).
type FindingKey<'a> = (Span, Rule, &'a str, &'a str);

/// A finding being collected: its message, fixes and the services it was found in.
struct Found<'a> {
    span: Span,
    rule: Rule,
    tech: TechId,
    message: String,
    fixes: Vec<Fix>,
    services: Vec<&'a str>,
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
        tech: TechId,
        service: Option<&'a str>,
        build: impl FnOnce() -> (String, Vec<Fix>),
    ) {
        let found = &mut self.found;
        let i = *self.index.entry(key).or_insert_with(|| {
            let (message, fixes) = build();
            found.push(Found { span: key.0, rule: key.1, tech, message, fixes, services: Vec::new() });
            found.len() - 1
        });
        if let Some(s) = service {
            // Services are checked one after the other: a repeat can only be the last one.
            if found[i].services.last() != Some(&s) {
                found[i].services.push(s);
            }
        }
    }
}

/// Services named in one message; the rest are counted.
const NAMED_SERVICES: usize = 5;

pub(super) fn check(text: &str, model: &Model, catalogue: &Catalogue, out: &mut Vec<Diagnostic>) {
    let mut pending = Pending::default();
    // Most services see the project's context as it is: build it once.
    let project = context(model, None);
    let mut project_tradeoffs: FxHashMap<TechId, Vec<(&Claim, Vec<String>)>> = FxHashMap::default();
    // And so are the better-fitting alternatives to one (within a language): "Switch to …".
    let mut project_switches: FxHashMap<(TechId, Option<TechId>), Vec<Switch>> = FxHashMap::default();
    for (decl, eff) in effective_services(model) {
        let own;
        let ctx = match decl {
            Some(d @ ServiceDecl { attrs: Some(a), .. })
                if a.scale.is_some() || !a.use_cases.is_empty() || !a.requirements.is_empty() =>
            {
                own = context(model, Some(d));
                &own
            }
            _ => &project,
        };
        let name = decl.map(|d| d.name.as_str()).filter(|n| !n.is_empty());
        let service_label = |span: Span| name.filter(|_| eff.inherited(span));
        // language-mismatch
        if let (Some(lang), Some(fw)) = (eff.language, eff.framework) {
            if !catalogue.runs_on(fw.tech, lang.tech) {
                let (l, f) = (catalogue.tech(lang.tech), catalogue.tech(fw.tech));
                // Report on the value written closer to the service: the override, if any.
                let on_language = eff.inherited(fw.span) && !eff.inherited(lang.span);
                let span = if on_language { lang.span } else { fw.span };
                pending.add((span, Rule::LanguageMismatch, &f.id, &l.id), fw.tech, service_label(span), || {
                    let runs: Vec<&str> = f
                        .languages
                        .iter()
                        .map(|id| catalogue.by_id(id).map_or(id.as_str(), |t| t.name.as_str()))
                        .collect();
                    let message =
                        format!("{} runs on {}, not {} (language = \"{}\")", f.name, runs.join(" or "), l.name, l.id);
                    let mut fixes = Vec::new();
                    if let Some(primary) = f.languages.first() {
                        fixes.push(Fix {
                            title: format!("Set language to `{primary}`"),
                            edits: vec![replace_string(text, lang.span, primary)],
                            preferred: !on_language,
                        });
                    }
                    for (_, alt) in
                        catalogue.of_kind(Kind::Framework).filter(|(id, _)| catalogue.runs_on(*id, lang.tech)).take(4)
                    {
                        fixes.push(Fix {
                            title: format!("Use {} ({} framework)", alt.name, l.name),
                            edits: vec![replace_string(text, fw.span, &alt.id)],
                            preferred: false,
                        });
                    }
                    (message, fixes)
                });
            }
        }
        // tradeoff
        let implied = match (eff.language, eff.framework) {
            (None, Some(fw)) => eff.language_id(catalogue).map(|l| (l, fw)),
            _ => None,
        };
        let subjects = eff.techs().map(|r| (r.tech, r, None)).chain(implied.map(|(l, fw)| (l, fw, Some(fw.tech))));
        for (tech_id, at, implied_by) in subjects {
            let tech = catalogue.tech(tech_id);
            // In the project's own context a technology's tradeoffs are the same for every
            // service: work them out once.
            let computed;
            let found: &[(&Claim, Vec<String>)] = if std::ptr::eq(ctx, &project) {
                project_tradeoffs.entry(tech_id).or_insert_with(|| tradeoffs(tech, ctx))
            } else {
                computed = tradeoffs(tech, ctx);
                &computed
            };
            for (claim, why) in found {
                pending.add((at.span, Rule::Tradeoff, &tech.id, &claim.text), tech_id, service_label(at.span), || {
                    let who = match implied_by {
                        Some(f) => format!("{} (implied by {})", tech.name, catalogue.tech(f).name),
                        None => tech.name.clone(),
                    };
                    let message = format!("{who}: {} ({})", claim.text, why.join("; "));
                    let mut fixes = Vec::new();
                    if implied_by.is_none() {
                        // Stay within the declared language, or the one the framework implies.
                        let lang = if tech.kind == Kind::Framework { eff.language_id(catalogue) } else { None };
                        let computed;
                        let switches: &[Switch] = if std::ptr::eq(ctx, &project) {
                            project_switches
                                .entry((tech_id, lang))
                                .or_insert_with(|| switches(catalogue, tech_id, lang, ctx))
                        } else {
                            computed = switches(catalogue, tech_id, lang, ctx);
                            &computed
                        };
                        for (id, title) in switches {
                            fixes.push(Fix {
                                title: title.clone(),
                                edits: vec![replace_string(text, at.span, id)],
                                preferred: false,
                            });
                        }
                    }
                    (message, fixes)
                });
            }
        }
        // use-case-fit: judged on the most specific choice, the framework (else the language).
        if let Some(r) = eff.framework.or(eff.language) {
            let tech = catalogue.tech(r.tech);
            if tech.use_cases.is_empty() {
                continue;
            }
            for uc in ctx.use_cases.iter().filter(|u| !tech.has_use_case(u)) {
                pending.add((r.span, Rule::UseCaseFit, &tech.id, uc), r.tech, service_label(r.span), || {
                    let typical: Vec<&str> = tech.use_cases.iter().map(|u| u.id.as_str()).collect();
                    let message =
                        format!("{}: `{uc}` is not among its typical use cases ({})", tech.name, typical.join(", "));
                    (message, Vec::new())
                });
            }
        }
    }
    for Found { span, rule, tech, mut message, fixes, services } in pending.found {
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
        out.push(Diagnostic {
            span,
            rule,
            severity: rule.default_severity(catalogue),
            message,
            fixes,
            tech: Some(tech),
        });
    }
}

/// "Allow `RULE` in this file": adds the rule to `[lint] allow`, creating what is missing.
pub fn allow_fix(text: &str, model: &Model, rule: Rule) -> Option<Fix> {
    // Syntax errors cannot be silenced; a rule with an explicit level would stay reported.
    if rule == Rule::Syntax || model.lint.level(rule).is_some() {
        return None;
    }
    let code = rule.code();
    let lint = &model.lint;
    let edit = if let Some(array) = lint.allow_array {
        // Only a closed `[ … ]` can take one more item.
        let closed =
            text.get(array.start..array.start + 1) == Some("[") && text.get(array.end - 1..array.end) == Some("]");
        if !closed {
            return None;
        }
        // Insert before the closing bracket.
        let inner = text.get(array.start + 1..array.end.saturating_sub(1)).unwrap_or("");
        let sep = if inner.trim().trim_end_matches(',').is_empty() {
            ""
        } else if inner.trim_end().ends_with(',') {
            " "
        } else {
            ", "
        };
        let at = array.start + 1 + inner.trim_end().len();
        super::Edit { span: Span::new(at, at), text: format!("{sep}\"{code}\"") }
    } else if lint.allow_written {
        // `allow` is there but is no array: adding a second `allow` would not be TOML.
        return None;
    } else if let Some(header) = lint.header {
        super::Edit { span: Span::new(header.end, header.end), text: format!("\nallow = [\"{code}\"]") }
    } else {
        let end = text.len();
        let lead = if text.is_empty() || text.ends_with("\n\n") {
            ""
        } else if text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        super::Edit { span: Span::new(end, end), text: format!("{lead}[lint]\nallow = [\"{code}\"]\n") }
    };
    Some(Fix { title: format!("Allow `{code}` in this file"), edits: vec![edit], preferred: false })
}

/// "Allow `RULE` here": a `# stackls: allow(RULE)` comment on its own line above the finding,
/// indented like that line.
pub fn allow_here_fix(text: &str, d: &Diagnostic) -> Option<Fix> {
    if matches!(d.rule, Rule::Syntax | Rule::UnusedAllow | Rule::ExpiredAllow) {
        return None;
    }
    let start = d.span.start.min(text.len());
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let edit = super::Edit {
        span: Span::new(line_start, line_start),
        text: format!("{indent}# stackls: allow({}){eol}", d.rule.code()),
    };
    Some(Fix { title: format!("Allow `{}` here", d.rule.code()), edits: vec![edit], preferred: false })
}
