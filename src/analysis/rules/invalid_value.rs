//! `invalid-value`: a value of the wrong type, or outside the allowed values.
//!
//! It is found while lowering the tree (`model.rs`), where the value is read, not by a check.
//!
//! ## What it does
//!
//! scale, team and architecture take one of a fixed set of strings; use-cases and requirements take
//! arrays of ids from the catalogue's vocabulary; technology keys take strings (database also an
//! array of strings).
//!
//! ## Why it matters
//!
//! Every rule judges the project on these values: one outside the vocabulary is one no rule can
//! judge, and its condition never matches.
//!
//! ## Example
//!
//! ```toml
//! [project]
//! scale = "huge"
//! ```

use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Finding, Rule, Severity, Span};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::InvalidValue,
    code: "invalid-value",
    default: Severity::Error,
    summary: "A value of the wrong type, or outside the allowed values.",
    category: Category::Format,
    pass: Pass::Lower,
    lifecycle: false,
};

/// A `path` that leaves the repository or cannot be read as a folder, found while lowering
/// (`..` past the root) or by detection (a symlink leading outside).
pub(crate) fn path(span: Span, written: &str, why: &str) -> Finding {
    Finding::new(span, Rule::InvalidValue, format!("`path = \"{written}\"` {why}"), Vec::new())
}
