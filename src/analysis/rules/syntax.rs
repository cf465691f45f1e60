//! `syntax`: the document is not valid TOML.
//!
//! It is found by the parser (`syntax.rs`, `validate.rs`), not by a check.
//!
//! ## What it does
//!
//! Every TOML error is reported at its own span, including the ones a tolerant parser lets through:
//! duplicate keys and tables defined twice.
//!
//! ## Why it matters
//!
//! A file that is not TOML means something else to each tool that reads it, or nothing: most
//! parsers reject a key defined twice, where a tolerant one keeps either value.
//!
//! ## Example
//!
//! ```toml
//! scale = "large
//! ```

use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Rule, Severity};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::Syntax,
    code: "syntax",
    default: Severity::Error,
    summary: "The document is not valid TOML.",
    category: Category::Syntax,
    pass: Pass::Parse,
    lifecycle: false,
};
