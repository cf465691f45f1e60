//! The rule registry: each rule's code, default level, one-line summary and category,
//! declared once. Everything else reads it: level parsing (`[lint]`, editor settings,
//! `check -A/-W/-D`), completion and hover of rule codes, the "In this project" section of a
//! technology's hover, the "Allow here" fix, SARIF rule metadata, the JSON Schema, `explain`,
//! and (checked by a test) the VS Code extension's `stackls.lint.*` enums and the README's
//! rule tables. Each rule's entry, documentation and check are in its own file under
//! `rules/`; `data/rules.toml` (the long documentation) is generated from those files.

use std::fmt;

use super::rules::Check;
use super::suggest;
use super::Severity;

/// The rules stackls checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Syntax,
    UnknownKey,
    InvalidValue,
    UnknownTechnology,
    NotInCatalogue,
    UnknownVersion,
    LanguageMismatch,
    VersionMismatch,
    EndOfLife,
    Drift,
    Tradeoff,
    UseCaseFit,
    UnusedAllow,
    ExpiredAllow,
}

/// What a rule's findings are about, which decides what can be done with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// The document is not TOML: never silenced or re-levelled, never allowed on a line.
    Syntax,
    /// A key or value of the format.
    Format,
    /// A technology value in the project's context: shown in that technology's hover ("In
    /// this project"), and `allow` entries may name the technology (`tech = …`).
    Technology,
    /// A suppression itself: silenced by levels only, never by another suppression.
    Suppression,
}

/// One rule, declared once.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub rule: Rule,
    pub code: &'static str,
    /// Its level unless `check -A/-W/-D`, `[lint]` or editor settings say otherwise.
    pub default: Severity,
    /// One line: what a finding of it means.
    pub summary: &'static str,
    pub category: Category,
    /// Where its findings are made.
    pub(crate) pass: Pass,
    /// Whether its findings are judged on the lifecycle data (the report cites the
    /// technology's lifecycle source beside them).
    pub lifecycle: bool,
}

/// Where a rule's findings are made.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pass {
    /// By the parser and validation: the document is not TOML.
    Parse,
    /// While lowering the tree into the model, where each key and value is read.
    Lower,
    /// By the rule's check, once the document is lowered: the project rules.
    Check(Check),
    /// While applying targeted suppressions: what they say of themselves.
    Suppress,
}

impl RuleInfo {
    /// Whether levels (`allow`, `warn`, `deny`) apply to it.
    pub fn levelled(&self) -> bool {
        self.category != Category::Syntax
    }

    /// Whether a `# stackls: allow(RULE)` comment (the "Allow here" fix) may silence it.
    pub fn allowed_on_a_line(&self) -> bool {
        matches!(self.category, Category::Format | Category::Technology)
    }

    /// Whether its findings are about a technology value.
    pub fn about_technology(&self) -> bool {
        self.category == Category::Technology
    }
}

/// The registry, in the order of [`Rule`] (a test checks it). Each rule is declared in its
/// own file under `rules/`, with its documentation and, for a project rule, its check.
const REGISTRY: &[RuleInfo] = {
    use super::rules::*;
    &[
        syntax::INFO,
        unknown_key::INFO,
        invalid_value::INFO,
        unknown_technology::INFO,
        not_in_catalogue::INFO,
        unknown_version::INFO,
        language_mismatch::INFO,
        version_mismatch::INFO,
        end_of_life::INFO,
        drift::INFO,
        tradeoff::INFO,
        use_case_fit::INFO,
        unused_allow::INFO,
        expired_allow::INFO,
    ]
};

impl Rule {
    /// Every rule, in registry order.
    pub const ALL: [Rule; REGISTRY.len()] = {
        let mut all = [Rule::Syntax; REGISTRY.len()];
        let mut i = 0;
        while i < REGISTRY.len() {
            all[i] = REGISTRY[i].rule;
            i += 1;
        }
        all
    };

    /// Everything the registry declares about the rule.
    pub fn info(self) -> &'static RuleInfo {
        &REGISTRY[self as usize]
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// Where the rule is documented: the README's section for it.
    pub fn docs_url(self) -> String {
        format!("{}#rule-{}", env!("CARGO_PKG_HOMEPAGE"), self.code())
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        REGISTRY.iter().find(|r| r.code == code).map(|r| r.rule)
    }

    /// Its level unless a level list says otherwise.
    pub fn default_level(self) -> Severity {
        self.info().default
    }

    /// Whether levels apply to the rule (every rule but `syntax`).
    pub fn levelled(self) -> bool {
        self.info().levelled()
    }

    /// The rules levels apply to, in order: what `allow`, `warn` and `deny` may name.
    pub fn levelled_rules() -> impl Iterator<Item = Rule> {
        Rule::ALL.into_iter().filter(|r| r.levelled())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a rule code cannot take a level (`allow`, `warn`, `deny`), worded once for every
/// front end: `[lint]` in the file, editor settings and `check -A/-W/-D`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelError {
    /// Not a rule code; the closest one, if any is close.
    Unknown { code: String, closest: Option<&'static str> },
    /// The rule can never be silenced or re-levelled.
    Fixed(Rule),
}

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelError::Unknown { code, closest: Some(s) } => write!(f, "unknown rule `{code}`; did you mean `{s}`?"),
            LevelError::Unknown { code, closest: None } => {
                let codes: Vec<&str> = Rule::levelled_rules().map(Rule::code).collect();
                write!(f, "unknown rule `{code}`; rules are {}", codes.join(", "))
            }
            LevelError::Fixed(rule) => write!(f, "`{rule}` errors cannot be silenced or re-levelled"),
        }
    }
}

/// The rule a level list names by `code`: the one parse of `allow` / `warn` / `deny` items.
pub fn rule_for_level(code: &str) -> Result<Rule, LevelError> {
    match Rule::from_code(code) {
        Some(rule) if rule.levelled() => Ok(rule),
        Some(rule) => Err(LevelError::Fixed(rule)),
        None => {
            let codes: Vec<&'static str> = Rule::levelled_rules().map(Rule::code).collect();
            let closest = suggest::closest(code, codes.iter().copied(), 1).first().copied();
            Err(LevelError::Unknown { code: code.to_string(), closest })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    #[test]
    fn the_registry_follows_the_enum_and_codes_are_unique() {
        for (i, info) in REGISTRY.iter().enumerate() {
            assert_eq!(info.rule as usize, i, "{} is out of place", info.code);
            assert_eq!(Rule::from_code(info.code), Some(info.rule));
        }
    }

    /// `data/rules.toml` documents exactly the registry's rules: a forgotten entry would
    /// leave SARIF, hover and `explain` without an explanation.
    #[test]
    fn every_rule_is_documented_and_nothing_else() {
        let docs: Vec<&str> = Catalogue::builtin().rules.iter().map(|r| r.code.as_str()).collect();
        let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(docs, codes, "data/rules.toml and the registry disagree");
        for r in &Catalogue::builtin().rules {
            assert!(!r.explanation.trim().is_empty() && !r.example.trim().is_empty(), "{}: empty docs", r.code);
        }
    }

    /// The VS Code extension's `stackls.lint.allow/warn/deny` settings list exactly the rules
    /// levels apply to, in order, each described with its summary's gist and default level.
    #[test]
    fn the_vscode_settings_list_the_registry() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/editors/vscode/package.json");
        let text = std::fs::read_to_string(path).expect("editors/vscode/package.json");
        let json: serde_json::Value = serde_json::from_str(&text).expect("package.json is JSON");
        let properties = &json["contributes"]["configuration"]["properties"];
        let codes: Vec<&str> = Rule::levelled_rules().map(Rule::code).collect();
        for list in ["allow", "warn", "deny"] {
            let items = &properties[format!("stackls.lint.{list}")]["items"];
            let listed: Vec<&str> = items["enum"].as_array().expect("enum").iter().filter_map(|v| v.as_str()).collect();
            assert_eq!(listed, codes, "stackls.lint.{list} enum");
            let described: Vec<&str> = items["enumDescriptions"]
                .as_array()
                .expect("enumDescriptions")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            assert_eq!(described.len(), codes.len(), "stackls.lint.{list} enumDescriptions");
            for (rule, text) in Rule::levelled_rules().zip(described) {
                let default = format!("(default: {})", rule.default_level().as_str());
                assert!(text.ends_with(&default), "stackls.lint.{list}: `{rule}` should end with {default}: {text}");
            }
        }
    }
}
