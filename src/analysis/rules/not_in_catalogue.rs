//! `not-in-catalogue`: a technology the catalogue does not know, and no typo of one it knows.
//!
//! It is found while lowering the tree (`model.rs`), where the value is read, not by a check.
//!
//! ## What it does
//!
//! A value that is close to no catalogue id or alias is a gap in the catalogue, not a mistake:
//! stackls has nothing to say about it yet, so it raises no tradeoff and no use-case hint. The
//! quick fix adds a minimal entry (id, name, kind) to the stack-catalogue.toml beside the stack
//! file, creating it if needed, where the team can describe it. A company catalogue with deny =
//! ["not-in-catalogue"] allows only approved technologies.
//!
//! ## Why it matters
//!
//! A technology stackls knows nothing about is a blind spot: saying so keeps silence from reading
//! as approval.
//!
//! ## Example
//!
//! ```toml
//! [stack]
//! database = "couchbase"
//! ```

use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Rule, Severity};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::NotInCatalogue,
    code: "not-in-catalogue",
    default: Severity::Warning,
    summary: "A technology the catalogue does not know, and no typo of one it knows.",
    category: Category::Technology,
    pass: Pass::Lower,
    lifecycle: false,
};
