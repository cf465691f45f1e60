//! `tradeoff`: a known drawback of a chosen technology collides with what the project
//! declares.
//!
//! ## What it does
//!
//! Each con in the catalogue may carry a condition over the project's scale, team,
//! architecture, requirements and use cases. Where the condition matches, the con is reported
//! on the technology's value, with the matching attribute. Services see [project] plus their
//! own scale, use-cases and requirements.
//!
//! ## Why it matters
//!
//! A drawback only matters where the project meets it: Flask's scalability is no concern for
//! a prototype, and a real one for a large system. Said while the stack is chosen, it costs a
//! line; found in production, a migration.
//!
//! ## Example
//!
//! ```toml
//! [project]
//! scale = "large"
//!
//! [stack]
//! framework = "flask"
//! ```

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::fit::{attributes, matches, same_point, switches, tradeoffs, union, Switch};
use super::merged::{ids, In, Pending};
use super::RuleCx;
use crate::analysis::model::{replace_string, TechRef};
use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::service::{Context, Needs};
use crate::analysis::{Attributes, Finding, Fix, Rule, Severity};
use crate::catalogue::{Catalogue, Claim, Kind, TechId};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::Tradeoff,
    code: "tradeoff",
    default: Severity::Warning,
    summary: "A known drawback of a chosen technology collides with what the project declares.",
    category: Category::Technology,
    pass: Pass::Check(check),
    lifecycle: false,
};

/// The framework's cons, and the language's (written, or implied by the framework); a
/// language con that makes the same point as one of its framework's is folded into that
/// finding: one point, one warning. Then the databases' and the server's.
pub(crate) fn check(cx: &RuleCx, out: &mut Vec<Finding>) {
    let (text, catalogue) = (cx.text, cx.catalogue);
    let mut pending = Pending::default();
    let mut found = Tradeoffs { project: FxHashMap::default() };
    // The better-fitting alternatives to one technology under the same needs, in the
    // project's context: "Switch to …".
    let mut project_switches: FxHashMap<(TechId, Needs), Vec<Switch>> = FxHashMap::default();
    for service in cx.services.all() {
        let ctx = cx.services.context(&service);
        let in_project = matches!(ctx, Cow::Borrowed(_));
        let label = |span| service.name.filter(|_| service.inherited(span));
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
            let needs = cx.needs_at(&service, at, kind);
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
    }
    pending.finish(out);
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
