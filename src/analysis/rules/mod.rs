//! The rules: one file per rule, named after its code (`tradeoff` → `tradeoff.rs`), whose
//! module documentation is the rule's documentation (what it does, why it matters, an
//! example); `data/rules.toml`, which `stackls explain`, hover and SARIF read, is generated
//! from it (see [`docs`]).
//!
//! A rule that judges the project has one `check(cx, out)`, called once per analysis with a
//! [`RuleCx`] and holding its messages and fix titles; the registry (`super::rule`) maps each
//! rule to it, and the analysis runs every registered check in registry order ([`run`]). The
//! format rules are found while lowering (`model.rs`), the suppression rules while applying
//! suppressions (`suppressions.rs`); their files here hold their documentation and the
//! constructors of their messages.
//!
//! Beside the rules, shared helpers that are not rules: [`fit`] (how technologies fit a
//! context: cons that hold, better alternatives), [`merged`] (one finding for a value several
//! services share, naming them) and [`lifecycle`] (declared versions resolved once).
//!
//! # Adding a rule
//!
//! 1. Add its variant to `Rule` and a line `<rule>::INFO` to `REGISTRY` in `rule.rs`, in the
//!    same place.
//! 2. Write `rules/<rule>.rs` (declared below): a module doc with `## What it does`, `## Why
//!    it matters` and `## Example`, its `INFO` (code, default level, summary, category,
//!    `Pass::Check(check)`), and `check(cx: &RuleCx, out: &mut Vec<Finding>)`, which reads
//!    `cx` (text, model, catalogue, services, today, facts) and pushes its findings.
//! 3. Regenerate `data/rules.toml` (`UPDATE_RULE_DOCS=1 cargo test --lib rules::docs`), add
//!    the rule to README's `## Rules` table, and add its code to the VS Code extension's
//!    settings and README if levels apply to it: tests fail until these agree.
//! 4. Add fixtures under `tests/data/diagnostics/`.

#[cfg(test)]
mod docs;
pub(crate) mod fit;
pub(crate) mod lifecycle;
mod merged;

pub mod drift;
pub(crate) mod end_of_life;
pub(crate) mod expired_allow;
pub(crate) mod invalid_value;
pub(crate) mod language_mismatch;
pub(crate) mod not_in_catalogue;
pub(crate) mod syntax;
pub(crate) mod tradeoff;
pub(crate) mod unknown_key;
pub(crate) mod unknown_technology;
pub(crate) mod unknown_version;
pub(crate) mod unused_allow;
pub(crate) mod use_case_fit;
pub(crate) mod version_mismatch;

use std::cell::OnceCell;

use super::facts::Facts;
use super::model::{Model, TechRef};
use super::service::{Needs, PerValue, Service, Services};
use super::{Date, Finding, Rule, Span};
use crate::catalogue::{Catalogue, Kind};

/// What a rule's check reads: built once per analysis, after lowering.
pub(crate) struct RuleCx<'a> {
    pub text: &'a str,
    pub model: &'a Model,
    pub catalogue: &'a Catalogue,
    /// Every service with what it runs and sees: ask here, not the model.
    pub services: Services<'a, 'a>,
    /// Today, for ends of life; `None`: nothing is judged against the calendar.
    pub today: Option<Date>,
    /// Days before an end of life from which it is reported as a hint.
    pub end_of_life_window: u32,
    /// What the repository's manifests say; `None`: the repository is not read.
    pub facts: Option<&'a Facts>,
    /// Worked out on first use by the rules that need them.
    shared_needs: OnceCell<PerValue<Span, Needs>>,
    versions: OnceCell<lifecycle::Versions<'a>>,
}

/// A rule's check: reads the analysis, pushes its findings.
pub(crate) type Check = for<'a> fn(&RuleCx<'a>, &mut Vec<Finding>);

impl<'a> RuleCx<'a> {
    pub fn new(
        text: &'a str,
        model: &'a Model,
        catalogue: &'a Catalogue,
        today: Option<Date>,
        end_of_life_window: u32,
        facts: Option<&'a Facts>,
    ) -> Self {
        RuleCx {
            text,
            model,
            catalogue,
            services: Services::new(model, catalogue),
            today,
            end_of_life_window,
            facts,
            shared_needs: OnceCell::new(),
            versions: OnceCell::new(),
        }
    }

    /// What replacing the value `r` (a `kind` value of `service`) must respect: a `[stack]`
    /// value the service inherits carries the needs of every service inheriting it.
    pub fn needs_at(&self, service: &Service, r: TechRef, kind: Kind) -> Needs {
        let shared = self.shared_needs.get_or_init(|| {
            self.services.per_shared_value(|needs: &mut Needs, s, r| {
                if s.language == Some(r) {
                    needs.add(s, Kind::Language);
                } else if s.framework == Some(r) {
                    needs.add(s, Kind::Framework);
                }
            })
        });
        match shared.get(&r.span) {
            Some(n) if service.inherited(r.span) => n.clone(),
            _ => Needs::of(service, kind),
        }
    }

    /// The declared versions, resolved once for the version rules.
    pub fn versions(&self) -> &lifecycle::Versions<'a> {
        self.versions.get_or_init(|| lifecycle::Versions::new(self))
    }
}

/// Runs every registered check, in registry order.
pub(super) fn run(cx: &RuleCx, out: &mut Vec<Finding>) {
    for rule in Rule::ALL {
        if let super::rule::Pass::Check(check) = rule.info().pass {
            check(cx, out);
        }
    }
}
