//! `stackls report`: the stack at a glance. [`Report::new`] reads one analysis (the same
//! `check` prints) into what the page shows: the project, one card per service, the fit
//! matrix, the lifecycle timeline, the findings by service and rule, and the sources cited.
//! [`html`] renders it as one self-contained page. Pure: the analysis and today's date in,
//! plain data out; no IO, no clock.

mod html;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::analysis::lines::LineIndex;
use crate::analysis::service::{Context, Service, Services};
use crate::analysis::{query, Analysis, Attribute, Date, Diagnostic, Rule, Severity, Span, TechRef};
use crate::catalogue::{Bound, Catalogue, Source, VocabKind};

pub use html::html;

/// What the page is about, besides the analysis.
pub struct Meta<'a> {
    /// The stack file as the user named it.
    pub file: &'a str,
    /// The stackls version that wrote the page.
    pub version: &'a str,
    pub today: Date,
}

/// Everything the page shows.
pub struct Report<'a> {
    pub meta: &'a Meta<'a>,
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    /// The project's declared attributes, in key order.
    pub attributes: Vec<Attribute>,
    pub services: Vec<Card<'a>>,
    /// The matrix's columns: every attribute a service sees, the project's first.
    pub columns: Vec<Attribute>,
    /// One bar per declared version (drawn when the lifecycle data places it).
    pub bars: Vec<Bar<'a>>,
    /// Findings by service (in card order, then the file's own), then by rule.
    pub groups: Vec<Group<'a>>,
    /// The sources cited on the page, in order of first citation.
    pub sources: Vec<&'a Source>,
    pub counts: Counts,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Errors and warnings.
    pub conflicts: usize,
    /// Hints and information.
    pub notes: usize,
    /// Declared versions past their end of life.
    pub past_end_of_life: usize,
}

/// One service: what it runs, and how it fits each column.
pub struct Card<'a> {
    /// `None`: `[stack]`, the only service.
    pub name: Option<&'a str>,
    pub path: Option<&'a str>,
    pub techs: Vec<TechLine<'a>>,
    /// The service's own attributes (besides the project's).
    pub own: Vec<Attribute>,
    /// One cell per column.
    pub cells: Vec<Cell<'a>>,
}

/// One technology a service runs.
pub struct TechLine<'a> {
    /// `language`, `framework`, `database`, `server`.
    pub role: &'static str,
    pub name: &'a str,
    pub version: Option<&'a str>,
    /// Taken from `[stack]`.
    pub inherited: bool,
    /// Not written: the language the framework implies.
    pub implied: bool,
    /// The declared version is past its end of life on the report's date.
    pub past_end_of_life: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// The service does not see this attribute (another service's own).
    NotApplicable,
    Fits,
    /// Only hints: worth a look.
    Note,
    /// A warning or an error turns on this attribute.
    Conflict,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::NotApplicable => "n/a",
            State::Fits => "fits",
            State::Note => "note",
            State::Conflict => "conflict",
        }
    }
}

pub struct Cell<'a> {
    pub state: State,
    /// The findings behind the state.
    pub findings: Vec<&'a Diagnostic>,
}

/// One declared version on the timeline.
pub struct Bar<'a> {
    /// Where the value is written.
    pub span: Span,
    /// `Django 4.2`.
    pub label: String,
    /// Where it is declared: `[stack]` or the service's name.
    pub declared_in: Option<&'a str>,
    /// The services that run it (a `[stack]` value: those that inherit it).
    pub services: Vec<&'a str>,
    /// The lifecycle data places it (else only its label and why are shown).
    pub known: bool,
    pub released: Option<Date>,
    /// End of active support, when the data gives one.
    pub support: Option<Date>,
    pub eol: Bound,
    pub lts: bool,
    /// Past its end of life on the report's date.
    pub past: bool,
    /// "LTS, supported until 2028-04-30", as hover says it.
    pub status: String,
    /// The source of its dates.
    pub source: Option<&'a Source>,
}

/// Findings under one heading: a service, `[stack]` shared by services, or the file.
pub struct Group<'a> {
    pub title: String,
    pub rules: Vec<(Rule, Vec<Entry<'a>>)>,
}

pub struct Entry<'a> {
    pub diagnostic: &'a Diagnostic,
    /// 1-based line in the file.
    pub line: usize,
    pub sources: Vec<&'a Source>,
}

impl<'a> Report<'a> {
    pub fn new(analysis: &'a Analysis, meta: &'a Meta<'a>) -> Report<'a> {
        let catalogue: &'a Catalogue = &analysis.catalogue;
        let model = &analysis.model;
        let services = Services::new(model, catalogue);
        let mut sources = Cited::default();

        let attributes = declared(&services.project);
        let all: Vec<Service<'a>> = services.all().collect();
        // Columns: the project's attributes, then each service's own, once.
        let mut columns = attributes.clone();
        let contexts: Vec<Vec<Attribute>> = all.iter().map(|s| declared(&services.context(s))).collect();
        for attrs in &contexts {
            for a in attrs {
                if !columns.contains(a) {
                    columns.push(a.clone());
                }
            }
        }
        // Key order: scale, team, architecture, use cases, requirements.
        columns.sort_by_key(|a| a.key);

        // The findings on each (service, attribute), read off the diagnostics once.
        let mut on: HashMap<(Option<&str>, &Attribute), Vec<&Diagnostic>> = HashMap::new();
        for d in &analysis.diagnostics {
            for (name, attrs) in d.subject.iter().flat_map(|s| &s.services) {
                for a in attrs {
                    on.entry((name.as_deref(), a)).or_default().push(d);
                }
            }
        }
        let bars = bars(analysis, &all, meta.today, &mut sources);
        // A card marks the versions past their end of life that the timeline found.
        let expired: HashSet<Span> = bars.iter().filter(|b| b.past).map(|b| b.span).collect();
        let mut cards = Vec::new();
        for (service, seen) in all.iter().zip(&contexts) {
            let name = service.name;
            let cells = columns
                .iter()
                .map(|column| {
                    if !seen.contains(column) {
                        return Cell { state: State::NotApplicable, findings: Vec::new() };
                    }
                    let findings = on.get(&(name, column)).cloned().unwrap_or_default();
                    let state = findings.iter().map(|d| state_of(d.severity)).max().unwrap_or(State::Fits);
                    Cell { state, findings }
                })
                .collect();
            cards.push(Card {
                name,
                path: service.decl.and_then(|d| d.path.as_deref()).map(|p| p.0.as_str()),
                techs: tech_lines(analysis, service, &expired),
                own: seen.iter().filter(|a| !attributes.contains(a)).cloned().collect(),
                cells,
            });
        }

        let lines = LineIndex::new(&analysis.text);
        let groups = groups(analysis, &all, &lines, &mut sources);
        let mut counts = Counts::default();
        for d in &analysis.diagnostics {
            match state_of(d.severity) {
                State::Conflict => counts.conflicts += 1,
                _ => counts.notes += 1,
            }
        }
        counts.past_end_of_life = bars.iter().filter(|b| b.past).count();
        Report {
            meta,
            name: project_string(analysis, "name"),
            description: project_string(analysis, "description"),
            attributes,
            services: cards,
            columns,
            bars,
            groups,
            sources: sources.list,
            counts,
        }
    }
}

fn state_of(severity: Severity) -> State {
    match severity {
        Severity::Error | Severity::Warning => State::Conflict,
        _ => State::Note,
    }
}

/// The attributes a context declares, in key order.
fn declared(ctx: &Context) -> Vec<Attribute> {
    let one = |key, v: Option<&str>| v.map(|v| Attribute { key, value: v.into() });
    one(VocabKind::Scale, ctx.scale)
        .into_iter()
        .chain(one(VocabKind::Team, ctx.team))
        .chain(one(VocabKind::Architecture, ctx.architecture))
        .chain(ctx.use_cases.iter().map(|u| Attribute { key: VocabKind::UseCases, value: (*u).into() }))
        .chain(ctx.requirements.iter().map(|r| Attribute { key: VocabKind::Requirements, value: (*r).into() }))
        .collect()
}

/// `[project] name` or `description`, when a string.
fn project_string<'a>(analysis: &'a Analysis, key: &str) -> Option<&'a str> {
    let table = analysis.tree.tables.iter().find(|t| t.keys.len() == 1 && t.keys[0].text == "project")?;
    let entry = table.entries.iter().find(|e| e.keys.len() == 1 && e.keys[0].text == key)?;
    entry.value.as_ref()?.as_str().map(str::trim).filter(|s| !s.is_empty())
}

fn tech_lines<'a>(analysis: &'a Analysis, service: &Service<'a>, expired: &HashSet<Span>) -> Vec<TechLine<'a>> {
    let catalogue = &analysis.catalogue;
    let text: &'a str = &analysis.text;
    let line = |role, r: TechRef| TechLine {
        role,
        name: catalogue.tech(r.tech).name.as_str(),
        version: r.version(text),
        inherited: service.inherited(r.span),
        implied: false,
        past_end_of_life: expired.contains(&r.span),
    };
    let mut out = Vec::new();
    match (service.language, service.implied_language()) {
        (Some(l), _) => out.push(line("language", l)),
        (None, Some(id)) => out.push(TechLine {
            role: "language",
            name: catalogue.tech(id).name.as_str(),
            version: None,
            inherited: false,
            implied: true,
            past_end_of_life: false,
        }),
        _ => {}
    }
    out.extend(service.framework.map(|f| line("framework", f)));
    out.extend(service.databases.iter().map(|d| line("database", *d)));
    out.extend(service.server.map(|s| line("server", s)));
    out
}

/// The sources cited so far, each once, in order of first citation.
#[derive(Default)]
struct Cited<'a> {
    list: Vec<&'a Source>,
}

impl<'a> Cited<'a> {
    fn cite(&mut self, source: &'a Source) -> &'a Source {
        if !self.list.iter().any(|s| s.id == source.id) {
            self.list.push(source);
        }
        source
    }
}

fn bars<'a>(analysis: &'a Analysis, all: &[Service<'a>], today: Date, cited: &mut Cited<'a>) -> Vec<Bar<'a>> {
    let catalogue: &'a Catalogue = &analysis.catalogue;
    let model = &analysis.model;
    let text: &'a str = &analysis.text;
    let mut out = Vec::new();
    // Which services run each written value (a `[stack]` value: those that inherit it).
    let mut users: HashMap<crate::analysis::Span, Vec<&'a str>> = HashMap::new();
    for s in all {
        for t in s.techs() {
            if let Some(name) = s.name {
                users.entry(t.span).or_default().push(name);
            }
        }
    }
    // Each declared value once, where it is written: `[stack]`, then each service.
    let decls = model.stack.iter().chain(&model.services);
    for decl in decls {
        let declared_in = (!decl.name.is_empty()).then_some(decl.name.as_str());
        for r in decl.techs.all() {
            let Some(version) = r.version(text) else { continue };
            let name = catalogue.tech(r.tech).name.as_str();
            let services = users.get(&r.span).cloned().unwrap_or_default();
            let product = catalogue.product_of(r.tech);
            let cycle = product.and_then(|p| p.resolve(version).cycle());
            let (Some(product), Some(cycle)) = (product, cycle) else {
                // Still a row: a version the data cannot place is worth seeing too.
                let status = if product.is_some() {
                    "no such release cycle in the lifecycle data"
                } else {
                    "no lifecycle data for this technology"
                };
                out.push(Bar {
                    span: r.span,
                    label: format!("{name} {version}"),
                    declared_in,
                    services,
                    known: false,
                    released: None,
                    support: None,
                    eol: Bound::Open,
                    lts: false,
                    past: false,
                    status: status.to_string(),
                    source: None,
                });
                continue;
            };
            let source = product.source.as_deref().and_then(|id| catalogue.source(id)).map(|s| cited.cite(s));
            out.push(Bar {
                span: r.span,
                label: format!("{name} {}", cycle.label.as_deref().unwrap_or(&cycle.cycle)),
                declared_in,
                services,
                known: true,
                released: cycle.released,
                support: cycle.support.date(),
                eol: cycle.eol,
                lts: cycle.is_lts(Some(today)),
                past: cycle.eol.passed(today),
                status: cycle.status(today),
                source,
            });
        }
    }
    out
}

/// The heading a finding goes under: the services its subject names, else the service
/// whose table holds it, else `[stack]` or the file.
fn groups<'a>(analysis: &'a Analysis, all: &[Service<'a>], lines: &LineIndex, cited: &mut Cited<'a>) -> Vec<Group<'a>> {
    let catalogue: &'a Catalogue = &analysis.catalogue;
    // Keys: 0 = a service (by card order), 1 = `[stack]` shared, 2 = the rest of the file.
    let mut by: BTreeMap<(u8, usize), BTreeMap<Rule, Vec<Entry<'a>>>> = BTreeMap::new();
    let positions: HashMap<Option<&str>, usize> = all.iter().enumerate().map(|(i, s)| (s.name, i)).collect();
    let index = |name: Option<&str>| positions.get(&name).copied();
    for d in &analysis.diagnostics {
        let mut keys: Vec<(u8, usize)> = Vec::new();
        if let Some(subject) = &d.subject {
            for (name, _) in &subject.services {
                if let Some(i) = index(name.as_deref()) {
                    keys.push((0, i));
                }
            }
        }
        if keys.is_empty() {
            let table = query::table_at(&analysis.tree, d.span.start);
            let path: Vec<&str> = table.map(|t| t.keys.iter().map(|k| k.text.as_str()).collect()).unwrap_or_default();
            keys.push(match path.as_slice() {
                ["services", name, ..] => index(Some(name)).map_or((2, 0), |i| (0, i)),
                ["stack", ..] => index(None).map_or((1, 0), |i| (0, i)),
                _ => (2, 0),
            });
        }
        keys.dedup();
        let mut sources: Vec<&'a Source> = Vec::new();
        let ids = d.subject.iter().flat_map(|s| s.sources.iter().map(|id| id.as_str()));
        // Versions are judged on the lifecycle data.
        let lifecycle = d
            .rule
            .info()
            .lifecycle
            .then(|| d.tech.and_then(|t| catalogue.product_of(t)).and_then(|p| p.source.as_deref()))
            .flatten();
        for id in ids.chain(lifecycle) {
            if let Some(s) = catalogue.source(id) {
                if !sources.iter().any(|x| x.id == s.id) {
                    sources.push(cited.cite(s));
                }
            }
        }
        let line = lines.line(d.span.start) + 1;
        for key in keys {
            by.entry(key).or_default().entry(d.rule).or_default().push(Entry {
                diagnostic: d,
                line,
                sources: sources.clone(),
            });
        }
    }
    by.into_iter()
        .map(|((kind, i), rules)| {
            let title = match (kind, all.get(i).map(|s| s.name)) {
                (0, Some(Some(name))) => format!("Service {name}"),
                (0, Some(None)) | (1, _) => "[stack]".to_string(),
                _ => "The file".to_string(),
            };
            Group { title, rules: rules.into_iter().collect() }
        })
        .collect()
}
