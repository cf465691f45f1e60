//! `unknown-technology`: a technology that is not in the catalogue, or one of the wrong kind.
//!
//! It is found while lowering the tree (`model.rs`), where the value is read, not by a check.
//!
//! ## What it does
//!
//! Technology values are catalogue ids or aliases, matched case-insensitively. A value that names a
//! technology of another kind (framework = "python": Python is a language) is reported with the key
//! it belongs to. The closest ids are suggested and offered as quick fixes.
//!
//! ## Why it matters
//!
//! A misspelt technology is judged on nothing: no tradeoff, no version, no fit. Most such values
//! are typos, and the fix is one click.
//!
//! ## Example
//!
//! ```toml
//! [stack]
//! framework = "flsk"
//! ```

use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Rule, Severity};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::UnknownTechnology,
    code: "unknown-technology",
    default: Severity::Error,
    summary: "A technology that is not in the catalogue, or one of the wrong kind.",
    category: Category::Technology,
    pass: Pass::Lower,
    lifecycle: false,
};
