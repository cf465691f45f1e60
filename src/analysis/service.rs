//! One service's context, answered in one place: which language, framework, databases and
//! server it runs (with `[stack]` inheritance and the language a framework implies) and
//! which scale, team, architecture, use cases and requirements it sees. The rules, hover
//! (and its better fits), completion, inlay hints and the outline all ask here, so they
//! cannot disagree.

use std::borrow::Cow;

use super::model::{Attr, Model, ServiceDecl, TechRef};
use super::Span;
use crate::catalogue::{Catalogue, Kind, TechId, Technology};

/// The project attributes one service sees: `[project]`, with the service's own scale, use
/// cases and requirements on top.
#[derive(Debug, Clone, Default)]
pub struct Context<'m> {
    pub scale: Option<&'m str>,
    pub team: Option<&'m str>,
    pub architecture: Option<&'m str>,
    pub requirements: Vec<&'m str>,
    pub use_cases: Vec<&'m str>,
}

/// Which technologies a service takes from `[stack]`.
#[derive(Debug, Clone, Copy, Default)]
struct Inherited {
    language: bool,
    framework: bool,
    databases: bool,
    server: bool,
}

/// The technologies one service runs, after inheritance.
#[derive(Debug, Clone)]
pub struct Service<'m> {
    /// The declaration: a `[services.NAME]` table, or `[stack]`.
    pub decl: Option<&'m ServiceDecl>,
    /// The service's name; `None` for `[stack]`.
    pub name: Option<&'m str>,
    pub language: Option<TechRef>,
    pub framework: Option<TechRef>,
    pub databases: &'m [TechRef],
    pub server: Option<TechRef>,
    inherited: Inherited,
    /// The language: the written one (or `[stack]`'s), else the one the framework implies.
    pub language_id: Option<TechId>,
}

impl Service<'_> {
    /// Every technology written for (or inherited by) the service.
    pub fn techs(&self) -> impl Iterator<Item = TechRef> + '_ {
        self.language.iter().chain(&self.framework).chain(self.databases).chain(&self.server).copied()
    }

    /// Whether the value at `span` comes from `[stack]` rather than the service itself.
    pub fn inherited(&self, span: Span) -> bool {
        let at = |r: Option<TechRef>| r.is_some_and(|r| r.span == span);
        let i = self.inherited;
        (i.language && at(self.language))
            || (i.framework && at(self.framework))
            || (i.server && at(self.server))
            || (i.databases && self.databases.iter().any(|d| d.span == span))
    }

    /// Whether the framework's own table writes it (not inherited from `[stack]`).
    pub fn framework_is_own(&self) -> bool {
        self.framework.is_some() && !self.inherited.framework
    }

    /// The language the framework implies, when no language is written.
    pub fn implied_language(&self) -> Option<TechId> {
        self.language.is_none().then_some(self.language_id).flatten()
    }

    /// The technology a use case is judged on first: the framework, else the language.
    pub fn most_specific(&self) -> Option<TechRef> {
        self.framework.or(self.language)
    }
}

fn strs(attrs: &[Attr]) -> impl Iterator<Item = &str> {
    attrs.iter().map(|a| a.id.as_str())
}

/// The services of a document and the context each sees.
pub struct Services<'m, 'c> {
    model: &'m Model,
    catalogue: &'c Catalogue,
    /// What the project declares: the context of `[stack]` and of every service that adds
    /// nothing of its own (most do), built once.
    pub project: Context<'m>,
}

impl<'m, 'c> Services<'m, 'c> {
    pub fn new(model: &'m Model, catalogue: &'c Catalogue) -> Self {
        Services { model, catalogue, project: context_of(model, None) }
    }

    /// The services to check: each `[services.NAME]` over `[stack]`, or `[stack]` alone.
    pub fn all(&self) -> impl Iterator<Item = Service<'m>> + '_ {
        let alone = self.model.services.is_empty().then_some(self.model.stack.as_ref()).flatten();
        alone.map(|s| self.own(s)).into_iter().chain(self.model.services.iter().map(|s| self.service(s)))
    }

    /// The service a value at `path` (a key path in the document) belongs to: the named
    /// service under `services`, else `[stack]` (as written, nothing inherited).
    pub fn at(&self, path: &[&str]) -> Option<Service<'m>> {
        match path {
            ["services", name, ..] if self.model.service(name).is_some() => {
                self.model.service(name).map(|s| self.service(s))
            }
            _ => self.stack(),
        }
    }

    /// `[stack]` as a table of its own (what its values are judged on when services
    /// inherit them).
    pub fn stack(&self) -> Option<Service<'m>> {
        self.model.stack.as_ref().map(|s| self.own(s))
    }

    /// What replacing the value at `span` (a `kind` value of `service`) must respect: a
    /// value written in `[stack]` is shared by every service that inherits it.
    pub fn needs(&self, service: Option<&Service<'m>>, span: Span, kind: Kind) -> Needs {
        let mut needs = Needs::default();
        let in_stack = self.model.stack.as_ref().is_some_and(|s| s.techs.span_is_own(span));
        if in_stack && !self.model.services.is_empty() {
            for s in self.all().filter(|s| s.inherited(span)) {
                needs.add(&s, kind);
            }
        } else if let Some(s) = service {
            needs.add(s, kind);
        }
        needs
    }

    /// The context a service sees: the project's, unless it adds its own attributes.
    pub fn context(&self, service: &Service<'m>) -> Cow<'_, Context<'m>> {
        match service.decl {
            Some(d @ ServiceDecl { attrs: Some(a), .. })
                if !d.name.is_empty()
                    && (a.scale.is_some() || !a.use_cases.is_empty() || !a.requirements.is_empty()) =>
            {
                Cow::Owned(context_of(self.model, Some(d)))
            }
            _ => Cow::Borrowed(&self.project),
        }
    }

    fn with_language(&self, mut s: Service<'m>) -> Service<'m> {
        s.language_id = match s.language {
            Some(l) => Some(l.tech),
            None => s
                .framework
                .and_then(|f| self.catalogue.tech(f.tech).languages.first())
                .and_then(|l| self.catalogue.lookup(l)),
        };
        s
    }

    /// `[stack]` alone: its own technologies, nothing inherited.
    fn own(&self, decl: &'m ServiceDecl) -> Service<'m> {
        let t = &decl.techs;
        self.with_language(Service {
            decl: Some(decl),
            name: None,
            language: t.language,
            framework: t.framework,
            databases: &t.databases,
            server: t.server,
            inherited: Inherited::default(),
            language_id: None,
        })
    }

    /// A `[services.NAME]` table over `[stack]`.
    pub(super) fn service(&self, decl: &'m ServiceDecl) -> Service<'m> {
        let name = Some(decl.name.as_str()).filter(|n| !n.is_empty());
        let Some(base) = self.model.stack.as_ref().map(|s| &s.techs) else {
            return Service { name, ..self.own(decl) };
        };
        let own = &decl.techs;
        // A key the service writes with a value the catalogue does not know is still its
        // own: nothing is inherited for it.
        let pick = |mine: Option<TechRef>, unresolved: bool, theirs: Option<TechRef>| match mine {
            Some(m) => (Some(m), false),
            None if unresolved => (None, false),
            None => (theirs, theirs.is_some()),
        };
        let u = own.unresolved;
        let (language, language_inherited) = pick(own.language, u.language, base.language);
        let (framework, framework_inherited) = pick(own.framework, u.framework, base.framework);
        let (server, server_inherited) = pick(own.server, u.server, base.server);
        let inherit_databases = own.databases.is_empty() && !u.databases;
        let databases: &[TechRef] = if inherit_databases { &base.databases } else { &own.databases };
        let inherited = Inherited {
            language: language_inherited,
            framework: framework_inherited,
            databases: inherit_databases && !databases.is_empty(),
            server: server_inherited,
        };
        self.with_language(Service {
            decl: Some(decl),
            name,
            language,
            framework,
            databases,
            server,
            inherited,
            language_id: None,
        })
    }
}

/// The context of a service (`None`: `[stack]` or the project as a whole).
fn context_of<'m>(model: &'m Model, service: Option<&'m ServiceDecl>) -> Context<'m> {
    let project = &model.project;
    let own = service.and_then(|s| s.attrs.as_deref());
    let mut requirements: Vec<&str> = strs(&project.requirements).collect();
    let mut use_cases: Vec<&str> = strs(&project.use_cases).collect();
    if let Some(own) = own {
        requirements.extend(strs(&own.requirements).filter(|r| !project.requirements.iter().any(|p| p.id == *r)));
        use_cases.extend(strs(&own.use_cases).filter(|u| !project.use_cases.iter().any(|p| p.id == *u)));
    }
    Context {
        scale: own.and_then(|a| a.scale.as_ref()).or(project.scale.as_ref()).map(|a| a.id.as_str()),
        team: project.team.as_ref().map(|a| a.id.as_str()),
        architecture: project.architecture.as_ref().map(|a| a.id.as_str()),
        requirements,
        use_cases,
    }
}

/// What a replacement for a value must keep true so that the file gains no error: a
/// framework must run on each of `languages`; a language must run each of `frameworks`.
/// A value written once in `[stack]` and inherited by several services carries the needs
/// of all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Needs {
    pub languages: Vec<TechId>,
    pub frameworks: Vec<TechId>,
}

impl Needs {
    /// What replacing `tech` in `service` must respect.
    pub fn of(service: &Service, kind: Kind) -> Needs {
        let mut needs = Needs::default();
        needs.add(service, kind);
        needs
    }

    /// Adds what `service` needs of its value `tech`.
    pub fn add(&mut self, service: &Service, kind: Kind) {
        match kind {
            Kind::Framework => {
                // The declared language, or the one this framework implies: a switch stays
                // within it.
                if let Some(l) = service.language_id.filter(|l| !self.languages.contains(l)) {
                    self.languages.push(l);
                }
            }
            Kind::Language => {
                if let Some(f) = service.framework.map(|f| f.tech).filter(|f| !self.frameworks.contains(f)) {
                    self.frameworks.push(f);
                }
            }
            _ => {}
        }
    }

    /// Whether `candidate` (of the same kind as the value) meets every need.
    pub fn allow(&self, catalogue: &Catalogue, candidate: TechId) -> bool {
        self.languages.iter().all(|&l| catalogue.runs_on(candidate, l))
            && self.frameworks.iter().all(|&f| catalogue.runs_on(f, candidate))
    }
}

/// Candidates of the same kind as `tech` that meet `needs`.
pub fn candidates<'c>(
    catalogue: &'c Catalogue,
    tech: &'c Technology,
    current: TechId,
    needs: &Needs,
) -> impl Iterator<Item = (TechId, &'c Technology)> + 'c {
    let needs = needs.clone();
    catalogue.of_kind(tech.kind).filter(move |(id, _)| *id != current && needs.allow(catalogue, *id))
}

/// One entry per key, in the order first met, that each service adds to: how a value several
/// services share gets one finding. A rule gathers over the services what each says of the
/// value (the versions declared around a `[stack]` value, what replacing it must keep
/// running, the services a finding holds in) and judges or reports it once.
#[derive(Debug, Clone)]
pub struct PerValue<K, V> {
    index: rustc_hash::FxHashMap<K, usize>,
    entries: Vec<V>,
}

impl<K, V> Default for PerValue<K, V> {
    fn default() -> Self {
        PerValue { index: rustc_hash::FxHashMap::default(), entries: Vec::new() }
    }
}

impl<K: std::hash::Hash + Eq, V> PerValue<K, V> {
    /// The entry of `key`, made by `first` when the key is met for the first time.
    pub fn entry(&mut self, key: K, first: impl FnOnce() -> V) -> &mut V {
        let entries = &mut self.entries;
        let i = *self.index.entry(key).or_insert_with(|| {
            entries.push(first());
            entries.len() - 1
        });
        &mut entries[i]
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.index.get(key).map(|&i| &self.entries[i])
    }

    /// The entries, in the order their keys were first met.
    pub fn into_values(self) -> std::vec::IntoIter<V> {
        self.entries.into_iter()
    }
}

impl<'m> Services<'m, '_> {
    /// For each `[stack]` value that services inherit, what `add` gathers from every service
    /// inheriting it (in the services' order): what a rule must know to judge the shared
    /// value once, for all of them.
    pub fn per_shared_value<V: Default>(
        &self,
        mut add: impl FnMut(&mut V, &Service<'m>, TechRef),
    ) -> PerValue<Span, V> {
        let mut out = PerValue::default();
        for s in self.all() {
            for r in s.techs().filter(|r| s.inherited(r.span)) {
                add(out.entry(r.span, V::default), &s, r);
            }
        }
        out
    }
}
