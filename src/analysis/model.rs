//! Lowering the syntax tree to the stack model, checking keys and values on the way
//! (`unknown-key`, `invalid-value`, `unknown-technology`).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use super::schema::{self, Place, TableKind, ValueType};
use super::suggest::closest;
use super::suppressions::{date_of, Suppression};
use super::syntax::{Entry, HeaderKind, Key, Span, Tree, Value, ValueKind};
use super::{Edit, Finding, Fix, Rule, Severity};
use crate::catalogue::{Catalogue, Kind, TechId, VocabKind};

/// A vocabulary value as written: its id (valid) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Vocabulary ids are short: stored inline, without an allocation.
    pub id: compact_str::CompactString,
    pub span: Span,
}

/// A technology value that names a catalogue entry of the right kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TechRef {
    pub tech: TechId,
    pub span: Span,
    /// Where the version after `@` is written, when there is a well-formed one written
    /// plainly (without escapes): `django@4.2` → the span of `4.2`.
    pub version: Option<Span>,
}

impl TechRef {
    /// The version written after `@`, if any.
    pub fn version<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.version.and_then(|v| text.get(v.start..v.end))
    }

    /// The technology's name as written before `@` in a versioned value (`Django` in
    /// `"Django@4.2"`): what a fix that changes only the version keeps.
    pub fn written_name<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.version?;
        Some(text.get(self.span.start + 1..self.span.end)?.split_once('@')?.0)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs {
    pub scale: Option<Attr>,
    pub team: Option<Attr>,
    pub architecture: Option<Attr>,
    pub use_cases: Vec<Attr>,
    pub requirements: Vec<Attr>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Techs {
    pub language: Option<TechRef>,
    pub framework: Option<TechRef>,
    pub databases: Vec<TechRef>,
    pub server: Option<TechRef>,
    /// Keys written with a value the catalogue does not resolve: the table has its own
    /// value there (unknown to stackls), so nothing is inherited from `[stack]` for it.
    pub unresolved: Unresolved,
}

/// Which technology keys of a table hold a value the catalogue does not resolve.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unresolved {
    pub language: bool,
    pub framework: bool,
    pub databases: bool,
    pub server: bool,
}

impl Techs {
    /// Every value of the table, in key order (language, framework, databases, server).
    pub fn all(&self) -> impl Iterator<Item = TechRef> + '_ {
        self.language.iter().chain(&self.framework).chain(&self.databases).chain(&self.server).copied()
    }

    /// Whether one of these values is written at `span`.
    pub fn span_is_own(&self, span: Span) -> bool {
        let at = |r: &Option<TechRef>| r.is_some_and(|r| r.span == span);
        at(&self.language) || at(&self.framework) || at(&self.server) || self.databases.iter().any(|d| d.span == span)
    }
}

/// What the fixes of a finding put in place, to check against the value's neighbours.
#[derive(Clone, Copy)]
enum Check {
    /// Each fix writes another technology of this kind (an unknown value's suggestions).
    Replace(Kind),
    /// Each fix renames a key holding this technology (`anguage = "java"` → `language`).
    Rename(TechId),
    /// The finding adds a framework to the user catalogue: it runs on its users' language.
    Add,
}

/// What an unknown key holds, for checking a rename.
#[derive(Clone, Copy)]
enum Contents<'t> {
    /// The value at the end of the key path.
    Leaf(Option<&'t Value>),
    /// The entries of the table the key path names.
    Entries(&'t [Entry]),
}

/// `[stack]` or one `[services.NAME]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceDecl {
    /// Empty for `[stack]`.
    pub name: compact_str::CompactString,
    /// Where the name (or `stack`) is first written.
    pub name_span: Span,
    pub techs: Techs,
    /// The service's own scale, use cases and requirements, if it sets any (most do not:
    /// boxed, so that a service without them stays small).
    pub attrs: Option<Box<Attrs>>,
    /// `path`: the folder of its code, normalised (`./services//api/` → `services/api`), and
    /// where the value is written; only a path that stays inside the repository.
    pub path: Option<Box<(String, Span)>>,
}

/// `[lint]`: rule levels. A rule listed in several lists takes the most severe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lint {
    /// Suppressions with a scope, a reason or an expiry date, in document order.
    pub suppressions: Vec<Suppression>,
    pub allow: Vec<(Rule, Span)>,
    pub warn: Vec<(Rule, Span)>,
    pub deny: Vec<(Rule, Span)>,
    /// The `[lint]` header, if written as a table header.
    pub header: Option<Span>,
    /// The `allow` array's span, if present.
    pub allow_array: Option<Span>,
    /// Whether an `allow` key is written at all (an array or not).
    pub allow_written: bool,
    /// `end-of-life-window`: days before an end of life to start reporting it.
    pub end_of_life_window: Option<u32>,
}

impl Lint {
    pub fn level(&self, rule: Rule) -> Option<Severity> {
        let has = |l: &[(Rule, Span)]| l.iter().any(|(r, _)| *r == rule);
        if has(&self.deny) {
            Some(Severity::Error)
        } else if has(&self.warn) {
            Some(Severity::Warning)
        } else {
            None
        }
    }

    pub fn allows(&self, rule: Rule) -> bool {
        self.level(rule).is_none() && self.allow.iter().any(|(r, _)| *r == rule)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Model {
    pub project: Attrs,
    pub stack: Option<ServiceDecl>,
    pub services: Vec<ServiceDecl>,
    /// Where each service is in `services`, by name: hover and completion look one up per
    /// request, in constant time however many there are.
    pub service_index: HashMap<compact_str::CompactString, usize>,
    pub lint: Lint,
    /// Versions after `@` that are not versions (`django@latest`), where they are written:
    /// `unknown-version` reports them.
    pub bad_versions: Vec<(Span, compact_str::CompactString)>,
}

impl Model {
    /// The service a table path points at: `None` for `[stack]`.
    pub fn service(&self, name: &str) -> Option<&ServiceDecl> {
        self.service_index.get(name).and_then(|&i| self.services.get(i))
    }
}

pub(super) fn lower(text: &str, tree: &Tree, catalogue: &Catalogue, repo_depth: usize) -> (Model, Vec<Finding>) {
    // Most tables of a large document are services: reserve for them rather than moving
    // every service as the list grows.
    let services = service_tables(tree);
    let mut lowerer = Lowerer {
        text,
        tree,
        catalogue,
        model: Model {
            services: Vec::with_capacity(services),
            service_index: HashMap::with_capacity_and_hasher(services, Default::default()),
            ..Model::default()
        },
        diagnostics: Vec::new(),
        paths: OnceLock::new(),
        last_service: None,
        unknown_sites: Vec::new(),
        repo_depth,
    };
    let mut path: Vec<&Key> = Vec::new();
    for entry in &tree.root {
        lowerer.entry(&mut path, 0, entry);
    }
    for table in &tree.tables {
        path.clear();
        path.extend(table.keys.iter());
        lowerer.header(&path, table.kind, table.header, &table.entries);
        for entry in &table.entries {
            lowerer.entry(&mut path, table.keys.len(), entry);
        }
    }
    for &comment in &tree.directives {
        lowerer.directive(comment);
    }
    lowerer.fitting_replacements();
    (lowerer.model, lowerer.diagnostics)
}

pub(super) struct Lowerer<'a> {
    pub(super) text: &'a str,
    tree: &'a Tree,
    /// Every key path of the document, built on first need (a rename fix must not collide).
    paths: OnceLock<HashSet<String>>,
    pub(super) catalogue: &'a Catalogue,
    pub(super) model: Model,
    pub(super) diagnostics: Vec<Finding>,
    /// The service of the last lookup, by the address of its name's key in the tree: every
    /// entry of a `[services.NAME]` table shares that key, so most lookups stop here.
    last_service: Option<(*const Key, usize)>,
    /// Findings whose fixes put a language or framework in place: (the finding, its
    /// service's index or `None` for `[stack]`, what the fixes do).
    unknown_sites: Vec<(usize, Option<usize>, Check)>,
    /// How many folders the stack file sits below the repository's root: how far `..` may
    /// climb in a `path`.
    repo_depth: usize,
}

fn names<S: AsRef<str>>(path: &[S]) -> Vec<&str> {
    path.iter().map(|k| k.as_ref()).collect()
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// A technology value's name and the version written after `@`, if any
/// (`"django@4.2"` → `("django", Some("4.2"))`).
pub fn split_version(value: &str) -> (&str, Option<&str>) {
    match value.split_once('@') {
        Some((name, version)) => (name, Some(version)),
        None => (value, None),
    }
}

/// Whether a version is a release cycle or a full version: parts separated by dots, the
/// first starting with a digit; letters and `-` allowed after it (SQL Server's `13.0-sp3`).
pub fn well_formed_version(version: &str) -> bool {
    version.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && version
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// Replaces a string value, keeping its quote style.
pub(super) fn replace_string(text: &str, span: Span, new: &str) -> Edit {
    let quote = match text.get(span.start..span.start + 1) {
        Some("'") => '\'',
        _ => '"',
    };
    Edit { span, text: format!("{quote}{new}{quote}") }
}

impl<'a> Lowerer<'a> {
    pub(super) fn push(&mut self, span: Span, rule: Rule, message: String, fixes: Vec<Fix>) {
        self.diagnostics.push(Finding::new(span, rule, message, fixes));
    }

    fn service_mut(&mut self, table: TableKind, path: &[&Key]) -> Option<&mut ServiceDecl> {
        match table {
            TableKind::Stack => {
                let span = path.first().map(|k| k.span).unwrap_or_default();
                Some(self.model.stack.get_or_insert_with(|| ServiceDecl {
                    name: Default::default(),
                    name_span: span,
                    ..Default::default()
                }))
            }
            TableKind::Service => {
                let index = self.service_index(path)?;
                self.model.services.get_mut(index)
            }
            _ => None,
        }
    }

    /// The index of the service `path` is in (`services.NAME…`), registering it on first sight.
    fn service_index(&mut self, path: &[&Key]) -> Option<usize> {
        let key: &Key = path.get(1)?;
        if let Some((at, index)) = self.last_service {
            if std::ptr::eq(at, key) {
                return Some(index);
            }
        }
        let index = *self.model.service_index.entry(key.text.clone()).or_insert_with(|| {
            self.model.services.push(ServiceDecl { name: key.text.clone(), name_span: key.span, ..Default::default() });
            self.model.services.len() - 1
        });
        self.last_service = Some((key, index));
        Some(index)
    }

    /// Whether `parent.name` is already a key path of the document.
    fn path_exists(&self, parent: &[&str], name: &str) -> bool {
        let paths = self.paths.get_or_init(|| all_paths(self.tree));
        let mut joined = parent.join("\u{1f}");
        if !joined.is_empty() {
            joined.push('\u{1f}');
        }
        joined.push_str(name);
        paths.contains(&joined)
    }

    fn header(&mut self, path: &[&Key], kind: HeaderKind, span: Span, entries: &[Entry]) {
        if path.is_empty() {
            return;
        }
        match resolve_in_document(path) {
            // A renamed `[[x]]` would only trade this warning for "not an array of tables".
            Place::Unknown { index, table } if kind == HeaderKind::ArrayOfTables => {
                self.unknown_key(path, index, table, true, Contents::Entries(&[]), false)
            }
            Place::Unknown { index, table } => {
                self.unknown_key(path, index, table, true, Contents::Entries(entries), true)
            }
            Place::TooDeep { index, key, .. } => {
                self.push(
                    path[index - 1].span,
                    Rule::InvalidValue,
                    format!("`{}` takes {}, not a table", key.name, describe(key.value)),
                    Vec::new(),
                );
            }
            Place::Key(_, key) => {
                let at = path.len() - 1;
                self.push(
                    path[at].span,
                    Rule::InvalidValue,
                    format!("`{}` takes {}, not a table", key.name, describe(key.value)),
                    Vec::new(),
                );
            }
            Place::Table(table) if kind == HeaderKind::ArrayOfTables => {
                let hint = if table == TableKind::Services || table == TableKind::Service {
                    "; write one `[services.NAME]` table per service"
                } else {
                    ""
                };
                self.push(
                    span,
                    Rule::InvalidValue,
                    format!("`{}` is a table, not an array of tables{hint}", names(path).join(".")),
                    Vec::new(),
                );
            }
            Place::Table(TableKind::Lint) => {
                self.model.lint.header.get_or_insert(span);
            }
            Place::Table(table) => {
                self.service_mut(table, path);
            }
        }
    }

    /// `holds_table`: whether the unknown key holds a table (a header, a dotted prefix or an
    /// inline table); only names of the same shape are suggested, so that a rename never
    /// turns an unknown key into a wrong value.
    /// `contents`: what the key holds; a rename is offered only where it would bring no new
    /// error (`renamable`: false where no rename can help).
    fn unknown_key(
        &mut self,
        path: &[&Key],
        index: usize,
        table: Option<TableKind>,
        holds_table: bool,
        contents: Contents,
        renamable: bool,
    ) {
        let Some(key) = path.get(index) else { return };
        let names: Vec<&str> = match table {
            None => schema::TOP_LEVEL.iter().map(|(n, _)| *n).collect(),
            Some(t) => t.keys().iter().map(|k| k.name).collect(),
        };
        let candidates: Vec<&str> = match table {
            // Everything at the top level is a table.
            None if holds_table => names.clone(),
            // Keys inside a table hold values, not tables.
            Some(t) if !holds_table => t.keys().iter().map(|k| k.name).collect(),
            _ => Vec::new(),
        };
        let place = match table {
            None => "at the top level".to_string(),
            Some(TableKind::Service) => format!("in service `{}`", path.get(1).map_or("", |k| k.text.as_str())),
            Some(t) => format!("in {}", t.header()),
        };
        let mut message = format!("unknown key `{}` {place}", key.text);
        let parent: Vec<&str> = path[..index].iter().map(|k| k.text.as_str()).collect();
        let all = closest(&key.text, names, 3);
        let suggestions: Vec<&str> = closest(&key.text, candidates, 3)
            .into_iter()
            .filter(|s| renamable && !self.path_exists(&parent, s))
            .filter(|s| self.contents_fit(path, index, s, contents))
            .collect();
        if let Some(elsewhere) = schema::belongs_elsewhere(table, &key.text) {
            message.push_str(&format!("; `{}` belongs in {elsewhere}", key.text));
        } else if let Some(first) = all.first() {
            message.push_str(&format!("; did you mean `{first}`?"));
            // Why no rename is offered, said only when it is so.
            if !suggestions.contains(first) && renamable {
                if self.path_exists(&parent, first) {
                    message.push_str(&format!(" (`{first}` is already defined: merge the two)"));
                } else if !self.contents_fit(path, index, first, contents) {
                    message.push_str(&format!(" (its value does not fit `{first}`)"));
                }
            }
        }
        let fixes: Vec<Fix> = suggestions
            .iter()
            .enumerate()
            .map(|(i, s)| Fix {
                title: format!("Rename to `{s}`"),
                edits: vec![Edit { span: key.span, text: (*s).to_string() }],
                preferred: i == 0,
            })
            .collect();
        let renames = !fixes.is_empty();
        self.push(key.span, Rule::UnknownKey, message, fixes);
        // A rename to `language` or `framework` must also fit the value's neighbours.
        if let (true, Contents::Leaf(Some(v)), Some(t @ (TableKind::Stack | TableKind::Service))) =
            (renames, contents, table)
        {
            if let Some(tech) = v.as_str().and_then(|s| self.catalogue.lookup(s)) {
                let site = if t == TableKind::Service { self.service_index(path) } else { None };
                self.unknown_sites.push((self.diagnostics.len() - 1, site, Check::Rename(tech)));
            }
        }
    }

    fn entry<'k>(&mut self, path: &mut Vec<&'k Key>, header_len: usize, entry: &'k Entry) {
        let base = path.len();
        path.extend(entry.keys.iter());
        match &entry.value {
            Some(Value { kind: ValueKind::InlineTable(entries), span }) => {
                // An inline table is a table: check its path, then its entries.
                match resolve_in_document(path) {
                    Place::Table(TableKind::Lint) => {}
                    Place::Table(table) => {
                        self.service_mut(table, path);
                    }
                    Place::Unknown { index, table } if index >= header_len => {
                        self.unknown_key(path, index, table, true, Contents::Entries(entries), true)
                    }
                    Place::Key(_, key) => {
                        self.push(
                            *span,
                            Rule::InvalidValue,
                            format!("`{}` takes {}, not a table", key.name, describe(key.value)),
                            Vec::new(),
                        );
                        path.truncate(base);
                        return;
                    }
                    _ => {}
                }
                for inner in entries {
                    self.entry(path, header_len, inner);
                }
            }
            value => self.leaf(path, header_len, value.as_ref()),
        }
        path.truncate(base);
    }

    fn leaf(&mut self, path: &[&Key], header_len: usize, value: Option<&Value>) {
        match resolve_in_document(path) {
            Place::Unknown { index, table } => {
                if index >= header_len {
                    let last = index + 1 == path.len();
                    self.unknown_key(path, index, table, !last, Contents::Leaf(value), true);
                }
            }
            Place::TooDeep { index, key, .. } => {
                if index >= header_len {
                    self.push(
                        path[index - 1].span,
                        Rule::InvalidValue,
                        format!("`{}` takes {}, not a table", key.name, describe(key.value)),
                        Vec::new(),
                    );
                }
            }
            Place::Table(table) => {
                if let Some(v) = value {
                    let what = match table {
                        TableKind::Services => "`services` is a table of services: `[services.NAME]`".to_string(),
                        TableKind::Service => format!(
                            "service `{}` must be a table, e.g. `{{ framework = \"…\" }}`",
                            path.last().map_or("", |k| k.text.as_str())
                        ),
                        t => format!("`{}` must be a table", &t.header()[1..t.header().len() - 1]),
                    };
                    self.push(v.span, Rule::InvalidValue, format!("{what}, not {}", v.type_name()), Vec::new());
                }
            }
            Place::Key(table, key) => {
                if let Some(v) = value {
                    self.value(table, path, key, v);
                }
            }
        }
    }

    fn value(&mut self, table: TableKind, path: &[&Key], key: &schema::KeyDoc, value: &Value) {
        match key.value {
            ValueType::Text => {
                if value.as_str().is_none() {
                    self.push(
                        value.span,
                        Rule::InvalidValue,
                        format!("`{}` takes a string, not {}", key.name, value.type_name()),
                        Vec::new(),
                    );
                }
            }
            ValueType::Vocab(kind) => {
                if let Some(attr) = self.vocab_value(kind, value) {
                    let attrs = self.attrs_mut(table, path);
                    let slot = match kind {
                        VocabKind::Scale => &mut attrs.scale,
                        VocabKind::Team => &mut attrs.team,
                        _ => &mut attrs.architecture,
                    };
                    slot.get_or_insert(attr);
                }
            }
            ValueType::VocabList(kind) => {
                let items = self.list(key.name, "ids", value, key.value);
                let attrs: Vec<Attr> = items.into_iter().filter_map(|v| self.vocab_value(kind, v)).collect();
                let target = self.attrs_mut(table, path);
                let list = if kind == VocabKind::UseCases { &mut target.use_cases } else { &mut target.requirements };
                list.extend(attrs);
            }
            ValueType::Tech { kind, list } => {
                // A service with a tech key is declared, even if the value is wrong.
                self.service_mut(table, path);
                if list && matches!(value.kind, ValueKind::Array(_)) {
                    for item in self.list(key.name, "technologies", value, key.value) {
                        self.tech(table, path, kind, item);
                    }
                } else {
                    self.tech(table, path, kind, value);
                }
            }
            ValueType::Rules => {
                let mut rules = Vec::new();
                for item in self.list(key.name, "rule codes", value, key.value) {
                    if let (ValueKind::InlineTable(fields), "allow") = (&item.kind, key.name) {
                        self.allow_table(item, fields);
                        continue;
                    }
                    let Some(code) = item.as_str() else {
                        self.push(
                            item.span,
                            Rule::InvalidValue,
                            format!("rule codes are strings, not {}", item.type_name()),
                            Vec::new(),
                        );
                        continue;
                    };
                    if let Some(rule) = self.rule_code(code, item.span, false) {
                        rules.push((rule, item.span));
                    }
                }
                let lint = &mut self.model.lint;
                match key.name {
                    "allow" => {
                        lint.allow_written = true;
                        lint.allow.extend(rules);
                        if matches!(value.kind, ValueKind::Array(_)) {
                            lint.allow_array.get_or_insert(value.span);
                        }
                    }
                    "warn" => lint.warn.extend(rules),
                    _ => lint.deny.extend(rules),
                }
            }
            ValueType::Path => {
                let Some(written) = value.as_str() else {
                    self.push(
                        value.span,
                        Rule::InvalidValue,
                        format!("`{}` takes a string, not {}", key.name, value.type_name()),
                        Vec::new(),
                    );
                    return;
                };
                match normalise_path(written, self.repo_depth) {
                    Ok(folder) => {
                        if let Some(service) = self.service_mut(table, path) {
                            service.path.get_or_insert_with(|| Box::new((folder, value.span)));
                        }
                    }
                    Err(why) => self.diagnostics.push(super::rules::invalid_value::path(value.span, written, why)),
                }
            }
            ValueType::Days => match days(self.text, value) {
                Some(days) => {
                    self.model.lint.end_of_life_window.get_or_insert(days);
                }
                None => self.push(
                    value.span,
                    Rule::InvalidValue,
                    format!("`{}` takes a whole number of days from 0 to {}", key.name, schema::MAX_DAYS),
                    Vec::new(),
                ),
            },
            // The keys of an `allow` entry are lowered with the entry (`allow_table`); a path
            // through `allow` as a table is reported as too deep before it gets here.
            ValueType::Rule | ValueType::AnyTech | ValueType::Date => {}
        }
    }

    /// Keeps only the replacements of unknown languages and frameworks that every service
    /// using the value can run: a language its framework runs on, a framework on its
    /// declared language (a `[stack]` value is shared by the services that set none).
    fn fitting_replacements(&mut self) {
        let catalogue = self.catalogue;
        let model = &self.model;
        // Who runs what, with `[stack]` inheritance, is the service context's to say.
        let services = super::service::Services::new(model, catalogue);
        for &(i, site, check) in &self.unknown_sites {
            // The kind the fixes set; a rename's depends on the key it renames to (checked
            // per fix below), so gather the users of both.
            let kind = match check {
                Check::Replace(kind) => kind,
                Check::Rename(tech) => catalogue.tech(tech).kind,
                Check::Add => Kind::Framework,
            };
            // The services that would use the value, as (their framework, their language).
            let runs = |s: super::service::Service| (s.framework.map(|r| r.tech), s.language.map(|r| r.tech));
            let users: Vec<(Option<TechId>, Option<TechId>)> = match site {
                Some(index) => model.services.get(index).map(|s| runs(services.service(s))).into_iter().collect(),
                None if model.services.is_empty() => services.stack().map(runs).into_iter().collect(),
                None => {
                    // The services that set no value of their own for the key take `[stack]`'s.
                    let inherits = |t: &Techs| match kind {
                        Kind::Language => t.language.is_none() && !t.unresolved.language,
                        _ => t.framework.is_none() && !t.unresolved.framework,
                    };
                    model.services.iter().filter(|s| inherits(&s.techs)).map(|s| runs(services.service(s))).collect()
                }
            };
            let fits = |candidate: TechId, kind: Kind| {
                users.iter().all(|&(framework, language)| match kind {
                    Kind::Language => framework.is_none_or(|f| catalogue.runs_on(f, candidate)),
                    Kind::Framework => language.is_none_or(|l| catalogue.runs_on(candidate, l)),
                    _ => true,
                })
            };
            if let (Check::Add, Some(d)) = (check, self.diagnostics.get_mut(i)) {
                // The one language every user declares, or no entry to offer.
                let mut languages: Vec<TechId> = users.iter().filter_map(|&(_, l)| l).collect();
                languages.dedup();
                let language = match languages.as_slice() {
                    [one] if users.iter().all(|&(_, l)| l == Some(*one)) => Some(catalogue.tech(*one).id.clone()),
                    _ => None,
                };
                match (language, &mut d.addition) {
                    (Some(l), Some(addition)) => addition.languages = vec![l],
                    _ => d.addition = None,
                }
                continue;
            }
            if let Some(d) = self.diagnostics.get_mut(i) {
                d.fixes.retain(|f| {
                    let Some(e) = f.edits.first() else { return true };
                    let written = e.text.trim_matches(|c| c == '"' || c == '\'');
                    match check {
                        Check::Replace(kind) => {
                            catalogue.lookup(split_version(written).0).is_some_and(|t| fits(t, kind))
                        }
                        // Only a rename to the key of the value's own kind makes it count.
                        Check::Rename(tech) if written == kind.key() => fits(tech, kind),
                        Check::Rename(_) | Check::Add => true,
                    }
                });
                if !d.fixes.iter().any(|f| f.preferred) {
                    if let Some(first) = d.fixes.first_mut() {
                        first.preferred = true;
                    }
                }
            }
        }
    }

    /// Whether what `path` holds would raise no error once `path[index]` is renamed to
    /// `name`: the values a rename brings into the format start being checked, so they must
    /// already fit.
    fn contents_fit(&self, path: &[&Key], index: usize, name: &str, contents: Contents) -> bool {
        let mut renamed: Vec<&str> = path.iter().map(|k| k.text.as_str()).collect();
        renamed[index] = name;
        let entries = match contents {
            Contents::Entries(entries) => entries,
            Contents::Leaf(value) => {
                return match resolve_in_document(&renamed) {
                    Place::Key(_, key) => value.is_none_or(|v| self.takes(key.value, v)),
                    Place::Unknown { .. } => true,
                    _ => false,
                };
            }
        };
        entries.iter().all(|e| {
            let mut full = renamed.clone();
            full.extend(e.keys.iter().map(|k| k.text.as_str()));
            match resolve_in_document(&full) {
                Place::Key(_, key) => e.value.as_ref().is_none_or(|v| self.takes(key.value, v)),
                Place::TooDeep { .. } => false,
                Place::Table(_) => e.value.as_ref().is_none_or(|v| matches!(v.kind, ValueKind::InlineTable(_))),
                _ => true,
            }
        })
    }

    /// Whether a key of type `expected` takes `value` as written, with no new finding.
    fn takes(&self, expected: ValueType, value: &Value) -> bool {
        let vocab = |kind: VocabKind, v: &Value| {
            v.as_str().is_some_and(|s| self.catalogue.vocabulary.get(kind, &s.to_lowercase()).is_some())
        };
        // A technology as declared: `postgresql` or `postgresql@16`.
        let tech = |kind: Kind, v: &Value| {
            v.as_str()
                .and_then(|s| self.catalogue.lookup(split_version(s).0))
                .is_some_and(|t| self.catalogue.tech(t).kind == kind)
        };
        let items = |v: &Value, each: &dyn Fn(&Value) -> bool| match &v.kind {
            ValueKind::Array(items) => items.iter().all(each),
            _ => false,
        };
        match expected {
            ValueType::Text => value.as_str().is_some(),
            ValueType::Vocab(kind) => vocab(kind, value),
            ValueType::VocabList(kind) => items(value, &|v| vocab(kind, v)),
            ValueType::Tech { kind, list } => tech(kind, value) || (list && items(value, &|v| tech(kind, v))),
            ValueType::Rules => items(value, &|v| v.as_str().and_then(Rule::from_code).is_some()),
            ValueType::Rule => value.as_str().and_then(Rule::from_code).is_some(),
            ValueType::AnyTech => value.as_str().and_then(|s| self.catalogue.lookup(s)).is_some(),
            ValueType::Date => date_of(self.text, value).is_some(),
            ValueType::Days => days(self.text, value).is_some(),
            ValueType::Path => value.as_str().is_some_and(|p| normalise_path(p, self.repo_depth).is_ok()),
        }
    }

    /// A rule code in `[lint]` or a directive: the rule, or a finding and `None`.
    /// `bare`: the code is written in a comment (`allow(tradeof)`), not as a string, so its
    /// replacement takes no quotes.
    pub(super) fn rule_code(&mut self, code: &str, span: Span, bare: bool) -> Option<Rule> {
        let error = match super::rule_for_level(code) {
            Ok(rule) => return Some(rule),
            Err(e) => e,
        };
        let mut fixes = Vec::new();
        if let super::LevelError::Unknown { .. } = error {
            let codes: Vec<&str> = Rule::levelled_rules().map(|r| r.code()).collect();
            let suggestions = closest(code, codes.iter().copied(), 3);
            fixes = self.replacements(span, &suggestions);
            if bare {
                for (fix, s) in fixes.iter_mut().zip(&suggestions) {
                    fix.edits = vec![Edit { span, text: (*s).to_string() }];
                }
            }
        }
        self.push(span, Rule::InvalidValue, error.to_string(), fixes);
        None
    }

    fn attrs_mut(&mut self, table: TableKind, path: &[&Key]) -> &mut Attrs {
        if table == TableKind::Service {
            if let Some(index) = self.service_index(path) {
                return self.model.services[index].attrs.get_or_insert_with(Default::default);
            }
        }
        &mut self.model.project
    }

    /// The items of an array value; anything else is an `invalid-value`.
    /// `expected`: the key's type; "Wrap in an array" is offered only when the string is a
    /// valid item of it (wrapping `"huge"` would trade this error for another).
    fn list<'v>(&mut self, key: &str, what: &str, value: &'v Value, expected: ValueType) -> Vec<&'v Value> {
        match &value.kind {
            ValueKind::Array(items) => items.iter().collect(),
            ValueKind::String(s) => {
                let item_ok = match expected {
                    ValueType::VocabList(kind) => self.catalogue.vocabulary.get(kind, &s.to_lowercase()).is_some(),
                    ValueType::Rules => Rule::from_code(s).is_some_and(|r| r != Rule::Syntax),
                    other => self.takes(other, value),
                };
                let fixes = if item_ok {
                    vec![Fix {
                        title: "Wrap in an array".into(),
                        edits: vec![replace_string_in_array(self.text, value.span, s)],
                        preferred: true,
                    }]
                } else {
                    Vec::new()
                };
                self.push(
                    value.span,
                    Rule::InvalidValue,
                    format!("`{key}` takes an array of {what}, not a string"),
                    fixes,
                );
                Vec::new()
            }
            _ => {
                self.push(
                    value.span,
                    Rule::InvalidValue,
                    format!("`{key}` takes an array of {what}, not {}", value.type_name()),
                    Vec::new(),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn replacements(&self, span: Span, suggestions: &[&str]) -> Vec<Fix> {
        suggestions
            .iter()
            .enumerate()
            .map(|(i, s)| Fix {
                title: format!("Replace with `{s}`"),
                edits: vec![replace_string(self.text, span, s)],
                preferred: i == 0,
            })
            .collect()
    }

    fn vocab_value(&mut self, kind: VocabKind, value: &Value) -> Option<Attr> {
        let terms = self.catalogue.vocabulary.terms(kind);
        let Some(s) = value.as_str() else {
            self.push(
                value.span,
                Rule::InvalidValue,
                format!("`{}` takes a string, not {}", kind.key(), value.type_name()),
                Vec::new(),
            );
            return None;
        };
        let trimmed = s.trim();
        let known = if trimmed.is_ascii() {
            terms.iter().find(|t| t.id.eq_ignore_ascii_case(trimmed))
        } else {
            let lower = trimmed.to_lowercase();
            terms.iter().find(|t| t.id == lower)
        };
        if let Some(term) = known {
            return Some(Attr { id: term.id.as_str().into(), span: value.span });
        }
        let ids: Vec<&str> = terms.iter().map(|t| t.id.as_str()).collect();
        let suggestions = closest(s, ids.iter().copied(), 3);
        let noun = match kind {
            VocabKind::UseCases => "use case",
            VocabKind::Requirements => "requirement",
            other => other.key(),
        };
        let mut message = format!("`{s}` is not a known {noun}");
        if let Some(first) = suggestions.first() {
            message.push_str(&format!("; did you mean `{first}`?"));
        } else if ids.len() <= 8 {
            message.push_str(&format!("; expected one of {}", ids.join(", ")));
        } else {
            message.push_str(&format!("; see the {} vocabulary in the catalogue", kind.key()));
        }
        let fixes = self.replacements(value.span, &suggestions);
        self.push(value.span, Rule::InvalidValue, message, fixes);
        None
    }

    /// One technology value: checked, then recorded in its service (or `[stack]`).
    fn tech(&mut self, table: TableKind, path: &[&Key], kind: Kind, value: &Value) {
        let Some(r) = self.tech_value(kind, value) else {
            // A replacement of an unknown language or framework must fit its neighbours:
            // remember where it stands, to filter its fixes once the model is complete.
            let last = self.diagnostics.len().checked_sub(1);
            let pending = last.filter(|&i| {
                let d = &self.diagnostics[i];
                d.rule == Rule::UnknownTechnology && d.span == value.span && !d.fixes.is_empty()
            });
            if let (Some(i), Kind::Language | Kind::Framework) = (pending, kind) {
                let site = match table {
                    TableKind::Service => self.service_index(path),
                    _ => None,
                };
                self.unknown_sites.push((i, site, Check::Replace(kind)));
            }
            // A framework to add to the user catalogue needs the language it runs on.
            let addition = last.filter(|&i| {
                let d = &self.diagnostics[i];
                d.rule == Rule::NotInCatalogue && d.span == value.span && d.addition.is_some()
            });
            if let (Some(i), Kind::Framework) = (addition, kind) {
                let site = if table == TableKind::Service { self.service_index(path) } else { None };
                self.unknown_sites.push((i, site, Check::Add));
            }
            if let Some(service) = self.service_mut(table, path) {
                let u = &mut service.techs.unresolved;
                match kind {
                    Kind::Language => u.language = true,
                    Kind::Framework => u.framework = true,
                    Kind::Database => u.databases = true,
                    Kind::WebServer => u.server = true,
                }
            }
            return;
        };
        let Some(service) = self.service_mut(table, path) else { return };
        let techs = &mut service.techs;
        match kind {
            Kind::Language => {
                techs.language.get_or_insert(r);
            }
            Kind::Framework => {
                techs.framework.get_or_insert(r);
            }
            Kind::Database => techs.databases.push(r),
            Kind::WebServer => {
                techs.server.get_or_insert(r);
            }
        }
    }

    fn tech_value(&mut self, kind: Kind, value: &Value) -> Option<TechRef> {
        let Some(s) = value.as_str() else {
            let what = if kind == Kind::Database { "a string or an array of strings" } else { "a string" };
            self.push(
                value.span,
                Rule::InvalidValue,
                format!("`{}` takes {what}, not {}", kind.key(), value.type_name()),
                Vec::new(),
            );
            return None;
        };
        let catalogue = self.catalogue;
        let (s, version) = split_version(s);
        // Where the version is written, when the value is written plainly (no escapes).
        let raw = self.text.get(value.span.start..value.span.end).unwrap_or("");
        let version_span = version.and_then(|v| {
            let at = value.span.start + raw.find('@')? + 1;
            let plain = raw.len() >= 2 && raw.get(1..raw.len() - 1).is_some_and(|r| r.contains(v));
            plain.then(|| Span::new(at, (at + v.len()).min(value.span.end)))
        });
        // Reported by `unknown-version` with the versions that name no release cycle.
        if let Some(v) = version.filter(|v| !well_formed_version(v)) {
            self.model.bad_versions.push((version_span.unwrap_or(value.span), v.into()));
        }
        let version_span = version_span.filter(|_| version.is_some_and(well_formed_version));
        match catalogue.lookup(s) {
            // Whether the version names a release cycle is checked with the service's other
            // versions (`rules::unknown_version`), so that a suggested cycle fits them.
            Some(id) if catalogue.tech(id).kind == kind => {
                Some(TechRef { tech: id, span: value.span, version: version_span })
            }
            Some(id) => {
                let found = catalogue.tech(id);
                let mut message = format!("`{s}` is a {} ({}), not a {}", found.kind.noun(), found.name, kind.noun());
                // Offer what fits: a python "framework" suggests Python's frameworks; a django
                // "language" suggests Django's language.
                let suggestions: Vec<&str> = match (found.kind, kind) {
                    (Kind::Language, Kind::Framework) => catalogue
                        .of_kind(Kind::Framework)
                        .filter(|(f, _)| catalogue.runs_on(*f, id))
                        .map(|(_, t)| t.id.as_str())
                        .collect(),
                    (Kind::Framework, Kind::Language) => found.languages.iter().map(String::as_str).collect(),
                    _ => Vec::new(),
                };
                message.push_str(&format!("; set `{} = \"{}\"`", found.kind.key(), found.id));
                if !suggestions.is_empty() {
                    message.push_str(&format!(" or use a {}: {}", kind.noun(), suggestions.join(", ")));
                }
                let fixes = self.replacements(value.span, &suggestions);
                self.push(value.span, Rule::UnknownTechnology, message, fixes);
                None
            }
            None => {
                let names: Vec<(&str, TechId)> =
                    catalogue.names().filter(|(_, t)| catalogue.tech(*t).kind == kind).collect();
                let mut suggestions: Vec<&str> = Vec::new();
                for n in closest(s, names.iter().map(|(n, _)| *n), 6) {
                    if let Some((_, t)) = names.iter().find(|(m, _)| *m == n) {
                        let id = catalogue.tech(*t).id.as_str();
                        if !suggestions.contains(&id) {
                            suggestions.push(id);
                        }
                    }
                }
                suggestions.truncate(3);
                // A close match of another kind says more than "unknown".
                let other = if suggestions.is_empty() {
                    closest(s, catalogue.names().map(|(n, _)| n), 1).first().and_then(|n| catalogue.by_id(n))
                } else {
                    None
                };
                let mut message = format!("unknown {} `{s}`", kind.noun());
                if let Some(first) = suggestions.first() {
                    message.push_str(&format!("; did you mean `{first}`?"));
                } else if let Some(t) = other {
                    message.push_str(&format!("; `{}` is a {}, not a {}", t.id, t.kind.noun(), kind.noun()));
                } else if s.trim().is_empty() {
                    let known: Vec<&str> = catalogue.of_kind(kind).map(|(_, t)| t.id.as_str()).collect();
                    message.push_str(&format!("; the catalogue knows {}", known.join(", ")));
                } else {
                    // Close to nothing the catalogue knows: a gap in the catalogue, not a typo.
                    let message = format!(
                        "`{s}` is not in the catalogue: stackls knows nothing about this {} yet \
                         (add it to stack-catalogue.toml to describe it)",
                        kind.noun()
                    );
                    let mut finding = Finding::new(value.span, Rule::NotInCatalogue, message, Vec::new());
                    finding.addition =
                        Some(super::Addition { id: s.trim().to_lowercase(), kind, languages: Vec::new() });
                    self.diagnostics.push(finding);
                    return None;
                }
                let versioned: Vec<String> =
                    suggestions.iter().map(|s| version.map_or_else(|| s.to_string(), |v| format!("{s}@{v}"))).collect();
                let versioned: Vec<&str> = versioned.iter().map(String::as_str).collect();
                let fixes = self.replacements(value.span, &versioned);
                self.push(value.span, Rule::UnknownTechnology, message, fixes);
                None
            }
        }
    }
}

/// [`schema::resolve`] for key paths written in the document: the keys of an `allow` entry
/// exist only inside an array item, so a path through `[lint] allow` as a table
/// (`lint.allow.rule = …`) goes too deep.
fn resolve_in_document<S: AsRef<str>>(path: &[S]) -> Place {
    match schema::resolve(path) {
        Place::Key(TableKind::AllowEntry, _) | Place::Unknown { table: Some(TableKind::AllowEntry), .. } => {
            match (TableKind::Lint.key("allow"), path.len()) {
                (Some(key), n) if n >= 3 => Place::TooDeep { index: 2, table: TableKind::Lint, key },
                _ => Place::Unknown { index: 0, table: None },
            }
        }
        place => place,
    }
}

/// "a string", "an array of use-case ids", … for messages.
fn describe(value: ValueType) -> &'static str {
    match value {
        ValueType::Text
        | ValueType::Vocab(_)
        | ValueType::Tech { list: false, .. }
        | ValueType::Rule
        | ValueType::AnyTech => "a string",
        ValueType::Tech { list: true, .. } => "a string or an array of strings",
        ValueType::VocabList(_) | ValueType::Rules => "an array of strings",
        ValueType::Date => "a date",
        ValueType::Days => "a number of days",
        ValueType::Path => "a relative folder",
    }
}

/// A service's `path`, normalised (`./services//api/` → `services/api`, `.` for the stack
/// file's folder), or why it is refused: absolute, or climbing out of the repository, whose
/// root is `repo_depth` folders above the stack file.
pub fn normalise_path(written: &str, repo_depth: usize) -> Result<String, &'static str> {
    let w = written.trim();
    if w.is_empty() {
        return Err("is empty: write a folder relative to the stack file, such as `services/api` (or `.`)");
    }
    let drive = w.len() >= 2 && w.as_bytes()[1] == b':' && w.as_bytes()[0].is_ascii_alphabetic();
    if w.starts_with('/') || w.starts_with('\\') || w.starts_with('~') || drive {
        return Err("is absolute: write it relative to the stack file, inside the repository");
    }
    if w.contains('\0') {
        return Err("contains a NUL character");
    }
    let mut parts: Vec<&str> = Vec::new();
    let mut climbed = 0usize;
    for part in w.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    climbed += 1;
                    if climbed > repo_depth {
                        return Err("leaves the repository: a service's folder must be inside it");
                    }
                }
            }
            p => parts.push(p),
        }
    }
    let mut out: Vec<&str> = std::iter::repeat_n("..", climbed).collect();
    out.extend(parts);
    Ok(if out.is_empty() { ".".to_string() } else { out.join("/") })
}

/// An integer value from 0 to [`schema::MAX_DAYS`] (`180`, `1_000`).
fn days(text: &str, value: &Value) -> Option<u32> {
    if !matches!(value.kind, ValueKind::Integer) {
        return None;
    }
    let written = text.get(value.span.start..value.span.end)?.replace('_', "");
    written.strip_prefix('+').unwrap_or(&written).parse::<u32>().ok().filter(|d| *d <= schema::MAX_DAYS)
}

/// `"x"` → `["x"]`, keeping the quotes.
fn replace_string_in_array(text: &str, span: Span, s: &str) -> Edit {
    let inner = replace_string(text, span, s);
    Edit { span, text: format!("[{}]", inner.text) }
}

/// How many headers start with `services.`: at most one service each.
fn service_tables(tree: &Tree) -> usize {
    tree.tables.iter().filter(|t| t.keys.first().is_some_and(|k| k.text == "services")).count()
}

/// Every prefix of every header and key path, joined with U+001F.
fn all_paths(tree: &Tree) -> HashSet<String> {
    fn add(out: &mut HashSet<String>, prefix: &str, keys: &[Key]) -> String {
        let mut joined = prefix.to_string();
        for k in keys {
            if !joined.is_empty() {
                joined.push('\u{1f}');
            }
            joined.push_str(&k.text);
            out.insert(joined.clone());
        }
        joined
    }
    fn entries(out: &mut HashSet<String>, prefix: &str, list: &[Entry]) {
        for e in list {
            let joined = add(out, prefix, &e.keys);
            if let Some(Value { kind: ValueKind::InlineTable(inner), .. }) = &e.value {
                entries(out, &joined, inner);
            }
        }
    }
    let mut out = HashSet::default();
    entries(&mut out, "", &tree.root);
    for t in &tree.tables {
        let joined = add(&mut out, "", &t.keys);
        entries(&mut out, &joined, &t.entries);
    }
    out
}
