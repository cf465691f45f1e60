//! The analysis core: text and catalogue in, plain data with byte spans out.
//!
//! Nothing here knows about LSP, JSON or the terminal, and nothing does IO. [`analyze`] runs
//! once per document version; hover, completion, code actions and symbols are answered from
//! its result.

mod completion;
mod hover;
pub mod lines;
mod model;
mod query;
mod rules;
pub mod schema;
mod suggest;
mod symbols;
pub mod syntax;
mod validate;

use std::fmt;

use crate::catalogue::Catalogue;

pub use completion::{CompletionItem, CompletionKind};
pub use hover::Hover;
pub use model::{Attr, Attrs, Lint, Model, ServiceDecl, TechRef, Techs};
pub use symbols::{Symbol, SymbolKind};
pub use syntax::Span;

/// The rules stackls checks. Their documentation and default levels are in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Syntax,
    UnknownKey,
    InvalidValue,
    UnknownTechnology,
    LanguageMismatch,
    Tradeoff,
    UseCaseFit,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Syntax,
        Rule::UnknownKey,
        Rule::InvalidValue,
        Rule::UnknownTechnology,
        Rule::LanguageMismatch,
        Rule::Tradeoff,
        Rule::UseCaseFit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::Syntax => "syntax",
            Rule::UnknownKey => "unknown-key",
            Rule::InvalidValue => "invalid-value",
            Rule::UnknownTechnology => "unknown-technology",
            Rule::LanguageMismatch => "language-mismatch",
            Rule::Tradeoff => "tradeoff",
            Rule::UseCaseFit => "use-case-fit",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The level used when neither the catalogue nor `[lint]` says otherwise.
    fn fallback_severity(self) -> Severity {
        match self {
            Rule::UnknownKey | Rule::Tradeoff => Severity::Warning,
            Rule::UseCaseFit => Severity::Hint,
            _ => Severity::Error,
        }
    }

    /// The default level, from the catalogue's rule documentation.
    pub fn default_severity(self, catalogue: &Catalogue) -> Severity {
        catalogue.rule(self.code()).and_then(|r| Severity::parse(&r.level)).unwrap_or_else(|| self.fallback_severity())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// A replacement of a span of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// A quick fix: a titled set of edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The fix a user most likely wants (the closest suggestion).
    pub preferred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// Quick fixes, best first.
    pub fixes: Vec<Fix>,
}

/// Everything known about one version of a document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub tree: syntax::Tree,
    pub model: Model,
    /// Sorted by position; rules silenced by `[lint]` are already removed.
    pub diagnostics: Vec<Diagnostic>,
}

/// A rule level set from outside the document (command line, editor settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

/// How to analyse. Precedence: `levels` (command line) > `[lint]` in the file > `defaults`
/// (editor settings) > the catalogue's default levels. Later entries of a list win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub levels: Vec<(Rule, Level)>,
    pub defaults: Vec<(Rule, Level)>,
}

fn find(list: &[(Rule, Level)], rule: Rule) -> Option<Level> {
    list.iter().rev().find(|(r, _)| *r == rule).map(|(_, l)| *l)
}

fn severity_of(level: Level) -> Option<Severity> {
    match level {
        Level::Allow => None,
        Level::Warn => Some(Severity::Warning),
        Level::Deny => Some(Severity::Error),
    }
}

/// Analyses a document. Linear in its length; never fails.
pub fn analyze(text: &str, catalogue: &Catalogue) -> Analysis {
    analyze_with(text, catalogue, &Config::default())
}

/// Like [`analyze`], with rule levels that take precedence over `[lint]`.
/// `syntax` findings are never silenced or re-levelled.
pub fn analyze_with(text: &str, catalogue: &Catalogue, config: &Config) -> Analysis {
    let tree = syntax::parse(text);
    let (model, mut diagnostics) = model::lower(text, &tree, catalogue);
    rules::check(text, &model, catalogue, &mut diagnostics);
    let mut all: Vec<Diagnostic> = tree
        .errors
        .iter()
        .map(|e| Diagnostic {
            span: e.span,
            rule: Rule::Syntax,
            severity: Rule::Syntax.default_severity(catalogue),
            message: e.message.clone(),
            fixes: Vec::new(),
        })
        .collect();
    // A value that is already a syntax error gets no second finding.
    diagnostics.retain(|d| !tree.errors.iter().any(|e| overlaps(e.span, d.span)));
    // Precedence: the caller's levels, then `[lint]`, then the catalogue's defaults.
    let severity = |rule: Rule| -> Option<Severity> {
        if let Some(level) = find(&config.levels, rule) {
            return severity_of(level);
        }
        if model.lint.allows(rule) {
            return None;
        }
        if let Some(s) = model.lint.level(rule) {
            return Some(s);
        }
        match find(&config.defaults, rule) {
            Some(level) => severity_of(level),
            None => Some(rule.default_severity(catalogue)),
        }
    };
    diagnostics.retain_mut(|d| match severity(d.rule) {
        Some(s) => {
            d.severity = s;
            true
        }
        None => false,
    });
    all.append(&mut diagnostics);
    all.sort_by_key(|d| (d.span.start, d.span.end, d.rule));
    all.dedup_by(|a, b| a.span == b.span && a.rule == b.rule && a.message == b.message);
    Analysis { tree, model, diagnostics: all }
}

/// Whether two spans share a byte, or an empty span sits inside the other.
fn overlaps(a: Span, b: Span) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start <= a.start && a.start < b.end,
        (false, true) => a.start <= b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

impl Analysis {
    /// Hover at a byte offset.
    pub fn hover(&self, text: &str, catalogue: &Catalogue, offset: usize) -> Option<Hover> {
        hover::hover(self, text, catalogue, offset)
    }

    /// Completions at a byte offset.
    pub fn completions(&self, text: &str, catalogue: &Catalogue, offset: usize) -> Vec<CompletionItem> {
        completion::complete(self, text, catalogue, offset)
    }

    /// All quick fixes of one finding: its own, then "Allow `RULE` in [lint]" (derived from
    /// the rule and `[lint]` on demand rather than stored with every finding).
    pub fn fixes_for(&self, text: &str, d: &Diagnostic) -> Vec<Fix> {
        let mut fixes = d.fixes.clone();
        fixes.extend(rules::allow_fix(text, &self.model, d.rule));
        fixes
    }

    /// Quick fixes of the findings that touch `span`; one "Allow" fix per rule.
    pub fn fixes(&self, text: &str, span: Span) -> Vec<(&Diagnostic, Fix)> {
        let mut out: Vec<(&Diagnostic, Fix)> = Vec::new();
        for d in self.diagnostics.iter().filter(|d| d.span.start <= span.end && span.start <= d.span.end) {
            for fix in self.fixes_for(text, d) {
                if !out.iter().any(|(_, f)| f.title == fix.title && f.edits == fix.edits) {
                    out.push((d, fix));
                }
            }
        }
        out
    }

    /// The outline: tables and services.
    pub fn symbols(&self) -> Vec<Symbol> {
        symbols::symbols(&self.tree)
    }
}

pub use hover::technology_markdown;

/// The closest of `candidates` to `word`, for "did you mean" in the front ends.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    suggest::closest(word, candidates.iter().copied(), 3)
}
