//! The analysis core: text and catalogue in, plain data with byte spans out.
//!
//! Nothing here knows about LSP, JSON or the terminal, and nothing does IO. [`analyze`] runs
//! once per document version; hover, completion, code actions and symbols are answered from
//! its result.

mod completion;
pub mod facts;
mod folding;
mod hover;
mod inlay;
pub mod lines;
mod model;
mod outline;
pub(crate) mod query;
mod rule;
pub(crate) mod rules;
pub mod schema;
pub(crate) mod service;
mod suggest;
mod suppressions;
pub mod syntax;
pub mod techdoc;
mod validate;

use std::sync::Arc;

pub use crate::catalogue::Date;
use crate::catalogue::{Catalogue, TechId};

pub use completion::{CompletionItem, CompletionKind};
pub use hover::Hover;
pub use inlay::InlayHint;
pub use model::{split_version, well_formed_version, Attr, Attrs, Lint, Model, ServiceDecl, TechRef, Techs};
pub use outline::{Symbol, SymbolKind};
pub use rule::{rule_for_level, Category, LevelError, Rule, RuleInfo};
pub use rules::drift;
pub use suppressions::Suppression;
pub use syntax::Span;

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

/// A finding with the severity the level pass gave it: what the front ends report. Its
/// fields are the finding's (`d.span`, `d.rule`, `d.message`, … through `Deref`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub finding: Finding,
    pub severity: Severity,
}

impl std::ops::Deref for Diagnostic {
    type Target = Finding;

    fn deref(&self) -> &Finding {
        &self.finding
    }
}

/// What a finding says about the project: the services it concerns and, for each, the
/// attributes it turns on (`scale = large`, a use case), with the sources of its claims.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subject {
    /// Each service the finding holds in (`None`: `[stack]`, the only service), with the
    /// attributes of its context the finding turns on (none for `language-mismatch`).
    /// Inline storage: most findings concern one service through one or two attributes.
    pub services: smallvec::SmallVec<[(Option<compact_str::CompactString>, Attributes); 1]>,
    /// Source ids (in `sources.toml`) of the claims behind the finding.
    pub sources: smallvec::SmallVec<[compact_str::CompactString; 2]>,
}

/// The attributes a finding turns on in one service.
pub type Attributes = smallvec::SmallVec<[Attribute; 2]>;

/// One declared project attribute: `scale = "large"`, or one of `use-cases` or
/// `requirements`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Attribute {
    pub key: crate::catalogue::VocabKind,
    pub value: compact_str::CompactString,
}

/// A minimal catalogue entry for a technology the catalogue lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    pub id: String,
    pub kind: crate::catalogue::Kind,
    /// For a framework: the language it is declared with.
    pub languages: Vec<String>,
}

impl Addition {
    /// The entry as catalogue TOML, starting with a blank line.
    pub fn toml(&self) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let mut out = format!(
            "\n[[technology]]\nid = {}\nname = {}\nkind = \"{}\"\n",
            quote(&self.id),
            quote(&self.id),
            self.kind.as_str()
        );
        if !self.languages.is_empty() {
            let list: Vec<String> = self.languages.iter().map(|l| quote(l)).collect();
            out.push_str(&format!("languages = [{}]\n", list.join(", ")));
        }
        out
    }
}

/// A finding before its level is decided: what lowering, the rules and the suppressions
/// produce. The level pass of [`analyze_tree`] turns each into a [`Diagnostic`] with its
/// severity, or drops it: severity is decided there, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Span,
    pub rule: Rule,
    pub message: String,
    /// Quick fixes, best first.
    pub fixes: Vec<Fix>,
    /// The technology the finding is about, if any: what `allow = [{ tech = … }]` matches.
    pub tech: Option<TechId>,
    /// A second technology it is also about: the language whose drawback a framework's
    /// finding carries too, or the language a use case was judged on besides.
    pub also: Option<TechId>,
    /// A technology the catalogue lacks, as an entry to add to the user catalogue beside the
    /// file (the "Add `X` to stack-catalogue.toml" fix, which the front ends write).
    pub addition: Option<Addition>,
    /// Reported as a hint whatever the rule's level (unless the rule is silenced): an end of
    /// life still ahead.
    pub advisory: bool,
    /// Which services the finding concerns, through which project attributes, and the
    /// sources behind it (the project rules set it; the report reads it).
    pub subject: Option<Box<Subject>>,
}

impl Finding {
    pub fn new(span: Span, rule: Rule, message: String, fixes: Vec<Fix>) -> Finding {
        Finding { span, rule, message, fixes, tech: None, also: None, addition: None, advisory: false, subject: None }
    }

    /// The finding reported at `severity`.
    pub fn at(self, severity: Severity) -> Diagnostic {
        Diagnostic { finding: self, severity }
    }
}

/// Everything known about one version of a document, with the inputs it was built from:
/// every request on this version is answered from here, without passing them back in.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The text analysed.
    pub text: Arc<str>,
    /// The date it was analysed for (lifecycle status in hover, completion, inlay hints).
    pub today: Option<Date>,
    /// The repository's detections it was checked against, if any.
    pub facts: Option<Arc<facts::Facts>>,
    /// The catalogue it was checked against (built-in, or extended by user files).
    pub catalogue: Arc<Catalogue>,
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

/// How to analyse. Precedence: `command_line` > `[lint]` in the file > `editor` > the
/// catalogue's default levels. Later entries of a list win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Rule levels from `stackls check -A/-W/-D`: they override the file's `[lint]`.
    pub command_line: Vec<(Rule, Level)>,
    /// Rule levels from the editor's settings: where the file's `[lint]` says nothing.
    pub editor: Vec<(Rule, Level)>,
    /// Today, for `until` dates and ends of life. `None`: nothing expires and no version is
    /// judged against the calendar (the core reads no clock).
    pub today: Option<Date>,
    /// `end-of-life-window` from the editor's settings: where the file's `[lint]` says nothing.
    pub end_of_life_window: Option<u32>,
    /// How many folders the stack file sits below the repository's root (0: at the root, or
    /// no repository known): how far a `path` may climb with `..`.
    pub repo_depth: usize,
    /// What the repository's manifests say (`crate::detect`), for `drift`, hover and go to
    /// definition; `None`: the repository is not read.
    pub facts: Option<Arc<facts::Facts>>,
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
pub fn analyze(text: &str, catalogue: &Arc<Catalogue>) -> Analysis {
    analyze_with(text, catalogue, &Config::default())
}

/// Like [`analyze`], with rule levels that take precedence over `[lint]`.
/// `syntax` findings are never silenced or re-levelled.
pub fn analyze_with(text: &str, catalogue: &Arc<Catalogue>, config: &Config) -> Analysis {
    analyze_tree(text, syntax::parse_grammar(text), catalogue, config)
}

/// From this length on, a document is worth a second thread: it is validated beside its
/// lowering, and its old analysis is freed in the background (`crate::background`). Below
/// it, a thread costs more than it saves.
pub const LARGE_DOCUMENT: usize = 256 * 1024;

/// [`analyze_with`] on a tree from [`syntax::parse_grammar`]: a caller can parse while
/// something else (loading the catalogue) is still under way.
pub fn analyze_tree(text: &str, tree: syntax::Tree, shared: &Arc<Catalogue>, config: &Config) -> Analysis {
    analyze_detecting(text, tree, shared, config, None)
}

/// The repository's detections for a model, asked for once the document is lowered (so the
/// front end reads the folders the file names, in the same analysis).
pub type Detect<'d> = &'d dyn Fn(&Model) -> Option<Arc<facts::Facts>>;

/// [`analyze_tree`], asking `detect` for the repository's facts when `config` carries none:
/// the front ends' way to check a file against its manifests in one analysis. The core itself
/// reads nothing; `detect` is the front end's.
pub fn analyze_detecting(
    text: &str,
    mut tree: syntax::Tree,
    shared: &Arc<Catalogue>,
    config: &Config,
    detect: Option<Detect<'_>>,
) -> Analysis {
    let catalogue: &Catalogue = shared;
    // Validation reads the tree and only adds errors, which nothing before the merge below
    // looks at: on a large document it runs beside lowering and the rules.
    let lower_and_check = |tree: &syntax::Tree| {
        let (model, mut diagnostics) = model::lower(text, tree, catalogue, config.repo_depth);
        let facts = config.facts.clone().or_else(|| detect.and_then(|d| d(&model)));
        let window =
            model.lint.end_of_life_window.or(config.end_of_life_window).unwrap_or(rules::lifecycle::DEFAULT_WINDOW);
        rules::run(
            &rules::RuleCx::new(text, &model, catalogue, config.today, window, facts.as_deref()),
            &mut diagnostics,
        );
        (model, diagnostics, facts)
    };
    let (semantic, (model, mut diagnostics, facts)) = if text.len() >= LARGE_DOCUMENT {
        std::thread::scope(|scope| {
            let validation = std::thread::Builder::new().spawn_scoped(scope, || syntax::validate(&tree));
            let lowered = lower_and_check(&tree);
            let semantic = match validation {
                // A panic there is re-raised here, for the caller's handler.
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: validate here.
                Err(_) => syntax::validate(&tree),
            };
            (semantic, lowered)
        })
    } else {
        (syntax::validate(&tree), lower_and_check(&tree))
    };
    tree.add_errors(semantic);
    // Syntax errors are never silenced or re-levelled.
    let mut all: Vec<Diagnostic> = tree
        .errors
        .iter()
        .map(|e| Finding::new(e.span, Rule::Syntax, e.message.clone(), Vec::new()).at(Rule::Syntax.default_level()))
        .collect();
    // A value that is already a syntax error gets no second finding.
    let errors = SyntaxIndex::new(&tree.errors);
    diagnostics.retain(|d| !errors.overlaps(d.span));
    // Precedence: the caller's levels, then `[lint]`, then the catalogue's defaults.
    let severity = |rule: Rule| -> Option<Severity> {
        if let Some(level) = find(&config.command_line, rule) {
            return severity_of(level);
        }
        if model.lint.allows(rule) {
            return None;
        }
        if let Some(s) = model.lint.level(rule) {
            return Some(s);
        }
        match find(&config.editor, rule) {
            Some(level) => severity_of(level),
            None => Some(rule.default_level()),
        }
    };
    // The level pass: each finding's severity is decided here, once.
    let leveled = |list: Vec<Finding>| -> Vec<Diagnostic> {
        list.into_iter()
            .filter_map(|f| severity(f.rule).map(|s| if f.advisory { Severity::Hint } else { s }).map(|s| f.at(s)))
            .collect()
    };
    let mut diagnostics = leveled(diagnostics);
    let mut reports = leveled(suppressions::apply(text, &model, catalogue, config.today, &mut diagnostics));
    all.append(&mut diagnostics);
    all.append(&mut reports);
    all.sort_by_key(|d| (d.span.start, d.span.end, d.rule));
    all.dedup_by(|a, b| a.span == b.span && a.rule == b.rule && a.message == b.message);
    Analysis {
        text: Arc::from(text),
        today: config.today,
        facts,
        catalogue: Arc::clone(shared),
        tree,
        model,
        diagnostics: all,
    }
}

/// Syntax errors (sorted by start) with the furthest end reached so far, so "does any error
/// overlap this span" is a binary search and a short walk back, not a scan of every error.
struct SyntaxIndex<'e> {
    errors: &'e [syntax::SyntaxError],
    reach: Vec<usize>,
}

impl<'e> SyntaxIndex<'e> {
    fn new(errors: &'e [syntax::SyntaxError]) -> Self {
        let reach = errors
            .iter()
            .scan(0, |far, e| {
                *far = (*far).max(e.span.end.max(e.span.start + 1));
                Some(*far)
            })
            .collect();
        SyntaxIndex { errors, reach }
    }

    fn overlaps(&self, span: Span) -> bool {
        // Only errors starting at or before the span's end can touch it; walking back, stop
        // once no earlier error reaches the span's start.
        let upto = self.errors.partition_point(|e| e.span.start <= span.end);
        (0..upto).rev().take_while(|&i| self.reach[i] > span.start).any(|i| overlaps(self.errors[i].span, span))
    }
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
    pub fn hover(&self, offset: usize) -> Option<Hover> {
        hover::hover(self, &self.text, &self.catalogue, offset)
    }

    /// Completions at a byte offset.
    pub fn completions(&self, offset: usize) -> Vec<CompletionItem> {
        completion::complete(self, &self.text, &self.catalogue, offset)
    }

    /// All quick fixes of one finding: its own, then "Allow `RULE` here" and "Allow `RULE` in
    /// this file" (derived on demand rather than stored with every finding).
    pub fn fixes_for(&self, d: &Diagnostic) -> Vec<Fix> {
        let text = &*self.text;
        let mut fixes = d.fixes.clone();
        fixes.extend(suppressions::allow_here_fix(text, d));
        fixes.extend(suppressions::allow_fix(text, &self.model, d.rule));
        fixes
    }

    /// Quick fixes of the findings that touch `span`; one "Allow" fix per rule.
    pub fn fixes(&self, span: Span) -> Vec<(&Diagnostic, Fix)> {
        let mut out: Vec<(&Diagnostic, Fix)> = Vec::new();
        for d in self.diagnostics.iter().filter(|d| d.span.start <= span.end && span.start <= d.span.end) {
            for fix in self.fixes_for(d) {
                if !out.iter().any(|(_, f)| f.title == fix.title && f.edits == fix.edits) {
                    out.push((d, fix));
                }
            }
        }
        out
    }

    /// Technologies the catalogue lacks, to add to the user catalogue, from the findings that
    /// touch `span` (the front end writes the entry: see [`Addition::toml`]).
    pub fn additions(&self, span: Span) -> impl Iterator<Item = (&Diagnostic, &Addition)> {
        self.diagnostics
            .iter()
            .filter(move |d| d.span.start <= span.end && span.start <= d.span.end)
            .filter_map(|d| d.addition.as_ref().map(|a| (d, a)))
    }

    /// The catalogue technology named by the value at `offset`, and the value's span.
    pub fn technology_at(&self, offset: usize) -> Option<(TechId, Span)> {
        let catalogue = &self.catalogue;
        let offset = query::floor_char(&self.text, offset);
        let query::Target::Value { path, value, item } = query::locate(&self.tree, &self.text, offset)? else {
            return None;
        };
        let value = item.unwrap_or(value);
        let schema::Place::Key(_, key) = schema::resolve(&path) else { return None };
        if !matches!(key.value, schema::ValueType::Tech { .. }) {
            return None;
        }
        Some((catalogue.lookup(model::split_version(value.as_str()?).0)?, value.span))
    }

    /// What the repository's manifests say about technology `tech` in the service a value at
    /// `path` belongs to (its evidence, the version pinned), if the repository was read.
    pub fn found(&self, path: &[&str], tech: TechId) -> Option<&facts::Found> {
        let facts = self.facts.as_deref()?;
        let services = service::Services::new(&self.model, &self.catalogue);
        let decl = services.at(path)?.decl?;
        let folder = drift::folder_of(&self.model, decl)?;
        facts.folders.get(folder)?.get(tech)
    }

    /// Where the technology value at `offset` is found in the repository's manifests: what
    /// "go to definition" on it opens, when it is not a user catalogue's entry.
    pub fn evidence_at(&self, offset: usize) -> Option<&facts::Evidence> {
        let offset = query::floor_char(&self.text, offset);
        let query::Target::Value { path, .. } = query::locate(&self.tree, &self.text, offset)? else {
            return None;
        };
        let (tech, _) = self.technology_at(offset)?;
        self.found(&path, tech).map(|f| &f.evidence).filter(|e| e.line > 0 || !e.file.is_empty())
    }

    /// Foldable regions: tables, and arrays or inline tables over several lines.
    pub fn folding(&self) -> Vec<Span> {
        folding::folding(&self.tree, &self.text)
    }

    /// The language each framework implies where `language` is omitted, and the end of
    /// life of each declared version.
    pub fn inlay_hints(&self) -> Vec<InlayHint> {
        inlay::inlay_hints(&self.text, &self.model, &self.catalogue, self.today)
    }

    /// The outline: tables and services, each service (and `[stack]`) with what it runs.
    pub fn symbols(&self) -> Vec<Symbol> {
        let catalogue: &Catalogue = &self.catalogue;
        let mut symbols = outline::symbols(&self.tree);
        let services = service::Services::new(&self.model, catalogue);
        for top in &mut symbols {
            match top.name.as_str() {
                "stack" => top.detail = services.stack().and_then(|s| outline::service_detail(catalogue, &s)),
                "services" => {
                    for child in top.children.iter_mut().filter(|c| c.kind == SymbolKind::Service) {
                        let path = ["services", child.name.as_str()];
                        child.detail = services
                            .at(&path)
                            .filter(|s| s.name.is_some())
                            .and_then(|s| outline::service_detail(catalogue, &s));
                    }
                }
                _ => {}
            }
        }
        symbols
    }
}

pub use hover::technology_markdown;

/// The closest of `candidates` to `word`, for "did you mean" in the front ends.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    suggest::closest(word, candidates.iter().copied(), 3)
}

#[cfg(test)]
mod syntax_index_tests {
    use super::syntax::SyntaxError;
    use super::{overlaps, Span, SyntaxIndex};

    /// The indexed search answers exactly what scanning every error answers, empty spans
    /// and nested or overlapping errors included.
    #[test]
    fn agrees_with_a_scan_of_every_error() {
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % n as u64) as usize
        };
        for _ in 0..200 {
            let mut errors: Vec<SyntaxError> = (0..next(12))
                .map(|_| {
                    let start = next(60);
                    SyntaxError { span: Span::new(start, start + next(4) * next(8)), message: String::new() }
                })
                .collect();
            errors.sort_by_key(|e| (e.span.start, e.span.end));
            let index = SyntaxIndex::new(&errors);
            for _ in 0..100 {
                let start = next(70);
                let span = Span::new(start, start + next(3) * next(6));
                let scan = errors.iter().any(|e| overlaps(e.span, span));
                assert_eq!(index.overlaps(span), scan, "{span:?} against {errors:?}");
            }
        }
    }
}
