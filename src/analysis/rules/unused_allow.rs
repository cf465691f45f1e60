//! `unused-allow`: a targeted suppression that suppresses nothing.
//!
//! It is found while applying suppressions (`suppressions.rs`), not by a check.
//!
//! ## What it does
//!
//! An `allow` entry written as a table in [lint], or a `# stackls: allow(RULE) reason` comment, is
//! there to silence a particular finding. When there is no longer such a finding (the technology
//! changed, the condition no longer holds), the suppression is reported so it can be removed before
//! it hides a new finding. Plain rule names in `allow` are levels, like `warn` and `deny`, and are
//! never reported.
//!
//! ## Why it matters
//!
//! A suppression left behind silences the next finding of its kind on that line without anyone
//! deciding so.
//!
//! ## Example
//!
//! ```toml
//! [services.api]
//! # stackls: allow(tradeoff) nothing to silence here
//! framework = "fastapi"
//! ```

use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Finding, Fix, Rule, Severity, Suppression};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::UnusedAllow,
    code: "unused-allow",
    default: Severity::Warning,
    summary: "A targeted suppression that suppresses nothing.",
    category: Category::Suppression,
    pass: Pass::Suppress,
    lifecycle: false,
};

/// The finding on a suppression `s` that suppressed nothing (`about`: " for Flask" when it
/// names a technology), with the fix that removes it.
pub(crate) fn finding(s: &Suppression, about: &str, removal: Fix) -> Finding {
    let message = format!("`allow({})`{about} suppresses nothing here", s.rule);
    Finding::new(s.span, Rule::UnusedAllow, message, vec![removal])
}
