//! `expired-allow`: a suppression past its `until` date.
//!
//! It is found while applying suppressions (`suppressions.rs`), not by a check.
//!
//! ## What it does
//!
//! An `allow` entry may carry `until = YYYY-MM-DD`, the last day it applies. After that date it
//! stops suppressing, the findings it covered are reported again, and the entry itself is reported
//! with its reason, so a temporary exception cannot become a permanent one unnoticed.
//!
//! ## Why it matters
//!
//! An exception with a date is a promise; reporting it when the date passes keeps the promise
//! visible.
//!
//! ## Example
//!
//! ```toml
//! [lint]
//! allow = [{ rule = "tradeoff", tech = "flask", reason = "migrating in Q3", until = 2025-06-30 }]
//! ```

use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Finding, Fix, Rule, Severity, Suppression};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::ExpiredAllow,
    code: "expired-allow",
    default: Severity::Warning,
    summary: "A suppression past its `until` date.",
    category: Category::Suppression,
    pass: Pass::Suppress,
    lifecycle: false,
};

/// The finding on a suppression `s` past its `until` date (`about`: " for Flask" when it
/// names a technology), with its reason and the fix that removes it.
pub(crate) fn finding(s: &Suppression, about: &str, removal: Fix) -> Finding {
    let (until, at) = s.until.unwrap_or_default();
    let reason = s.reason.as_deref().map(|r| format!(" (reason given: {r})")).unwrap_or_default();
    let message =
        format!("this `allow` of `{}`{about} expired on {until}{reason}: its findings are reported again", s.rule);
    Finding::new(at, Rule::ExpiredAllow, message, vec![removal])
}
