//! `unknown-key`: a key or table the stack-file format does not define.
//!
//! It is found while lowering the tree (`model.rs`), where the value is read, not by a check.
//!
//! ## What it does
//!
//! Only [project], [stack], [services.NAME] and [lint] and their documented keys are part of the
//! format. A misspelt key is silently ignored by every other tool; stackls points at it and
//! suggests the closest key.
//!
//! ## Why it matters
//!
//! A key nothing reads is a declaration that silently does not count: the project believes it said
//! something stackls never hears.
//!
//! ## Example
//!
//! ```toml
//! [project]
//! scael = "large"
//! ```

use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::{Rule, Severity};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::UnknownKey,
    code: "unknown-key",
    default: Severity::Warning,
    summary: "A key or table the stack-file format does not define.",
    category: Category::Format,
    pass: Pass::Lower,
    lifecycle: false,
};
