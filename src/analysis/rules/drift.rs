//! `drift`: the declaration and the service's manifests disagree (another framework, an
//! undeclared database, another version).
//!
//! ## What it does
//!
//! Where a service's code is known (its `path`, or the stack file's folder for `[stack]`
//! alone), its manifests are read, never executed: requirements*.txt, pyproject.toml, Pipfile,
//! setup.py/cfg, package.json, pom.xml, build.gradle(.kts), build.sbt, Gemfile(.lock),
//! composer.json, *.csproj, Directory.Packages.props, Cargo.toml, go.mod, mix.exs, compose
//! files and Dockerfiles. Their runtime dependencies are mapped to technologies by
//! data/detect.toml (development, test and indirect ones never count). A declared framework,
//! language or database they contradict, a framework or database they name that the
//! declaration omits, and a declared version they pin otherwise are reported, each with the
//! file and line as evidence and a fix. A service without manifests is not compared.
//!
//! ## Why it matters
//!
//! A declaration nobody checks goes stale, and every other rule then judges a stack the
//! project no longer runs.
//!
//! ## Example
//!
//! ```toml
//! [stack]
//! framework = "flask"   # requirements.txt: Django==5.2.3
//! ```

use super::RuleCx;
use crate::analysis::facts::{Folder, Found, Problem};
use crate::analysis::model::{replace_string, Model, ServiceDecl, TechRef};
use crate::analysis::rule::{Category, Pass, RuleInfo};
use crate::analysis::service::Service;
use crate::analysis::{Edit, Finding, Fix, Rule, Severity, Span};
use crate::catalogue::{Catalogue, Kind, Resolution, TechId};

pub(crate) const INFO: RuleInfo = RuleInfo {
    rule: Rule::Drift,
    code: "drift",
    default: Severity::Warning,
    summary: "The declaration and the service's manifests disagree (another framework, an undeclared database, another version).",
    category: Category::Technology,
    pass: Pass::Check(check),
    lifecycle: false,
};

/// The folder a service's code is in: its `path`, or the stack file's folder for `[stack]`
/// alone or a single service.
pub fn folder_of<'m>(model: &'m Model, decl: &'m ServiceDecl) -> Option<&'m str> {
    if let Some(p) = &decl.path {
        return Some(p.0.as_str());
    }
    let is_stack = decl.name.is_empty();
    let alone = if is_stack { model.services.is_empty() } else { model.services.len() == 1 && model.stack.is_none() };
    alone.then_some(".")
}

/// The folders a document's services name, each once, sorted: what detection reads for it.
pub fn folders(model: &Model) -> Vec<String> {
    let mut out: Vec<String> =
        model.stack.iter().chain(&model.services).filter_map(|d| folder_of(model, d)).map(str::to_string).collect();
    out.sort();
    out.dedup();
    out
}

pub(crate) fn check(cx: &RuleCx, out: &mut Vec<Finding>) {
    let Some(facts) = cx.facts else { return };
    let (text, model, catalogue) = (cx.text, cx.model, cx.catalogue);
    for service in cx.services.all() {
        let Some(decl) = service.decl else { continue };
        let Some(folder) = folder_of(model, decl) else { continue };
        let path_span = decl.path.as_ref().map(|p| p.1);
        let Some(found) = facts.folders.get(folder) else { continue };
        let mut d = Drift { text, catalogue, service: &service, decl, folder, found, out };
        match &found.problem {
            Some(Problem::Outside(why)) => {
                if let Some(span) = path_span {
                    d.out.push(super::invalid_value::path(span, folder, why));
                }
                continue;
            }
            Some(Problem::Missing(why)) => {
                if let Some(span) = path_span {
                    d.out.push(Finding::new(
                        span,
                        Rule::Drift,
                        format!("`{folder}` {why}: no code to compare the declaration with"),
                        Vec::new(),
                    ));
                }
                continue;
            }
            None => {}
        }
        if found.manifests.is_empty() {
            if let Some(span) = path_span {
                let mut f = Finding::new(
                    span,
                    Rule::Drift,
                    format!("no manifest in `{folder}`: nothing to compare the declaration with"),
                    Vec::new(),
                );
                f.advisory = true;
                d.out.push(f);
            }
            continue;
        }
        d.check();
    }
}

struct Drift<'a, 'o> {
    text: &'a str,
    catalogue: &'a Catalogue,
    service: &'a Service<'a>,
    decl: &'a ServiceDecl,
    folder: &'a str,
    found: &'a Folder,
    out: &'o mut Vec<Finding>,
}

impl<'a> Drift<'a, '_> {
    fn of_kind(&self, kind: Kind, confident: bool) -> Vec<&'a Found> {
        let (found, catalogue): (&'a Folder, &'a Catalogue) = (self.found, self.catalogue);
        found.found.iter().filter(|f| catalogue.tech(f.tech).kind == kind && (!confident || !f.implied)).collect()
    }

    fn id(&self, t: TechId) -> &'a str {
        let catalogue: &'a Catalogue = self.catalogue;
        &catalogue.tech(t).id
    }

    fn check(&mut self) {
        let s: &'a Service<'a> = self.service;
        // Framework: contradicted, or named by the manifests and not declared.
        let frameworks = self.of_kind(Kind::Framework, true);
        match s.framework {
            Some(fw) if !frameworks.is_empty() && !frameworks.iter().any(|f| f.tech == fw.tech) => {
                let names: Vec<&str> = frameworks.iter().map(|f| self.id(f.tech)).collect();
                let message = format!(
                    "{} declares {}, not {}",
                    frameworks[0].evidence.file,
                    names.join(" and "),
                    self.id(fw.tech)
                );
                self.contradiction(fw, message, &frameworks);
            }
            Some(fw) => self.version(fw),
            None => {
                for f in frameworks {
                    self.omission(f);
                }
            }
        }
        // Language: what the manifests are written for.
        let languages = self.of_kind(Kind::Language, false);
        if let (Some(lang), Some(first)) = (s.language, languages.first()) {
            if !languages.iter().any(|f| f.tech == lang.tech) {
                let message =
                    format!("the code is {} ({}), not {}", self.id(first.tech), first.evidence, self.id(lang.tech));
                self.contradiction(lang, message, &languages[..1]);
            } else {
                self.version(lang);
            }
        }
        // Databases: each one the manifests name must be declared; a declared one they
        // contradict only where they name databases and not it.
        let databases = self.of_kind(Kind::Database, true);
        for &db in s.databases {
            if !databases.is_empty() && !databases.iter().any(|f| f.tech == db.tech) {
                let names: Vec<&str> = databases.iter().map(|f| self.id(f.tech)).collect();
                let message = format!(
                    "{} use {}, not {}",
                    self.manifests_named(&databases),
                    names.join(" and "),
                    self.id(db.tech)
                );
                self.contradiction(db, message, &databases);
            } else {
                self.version(db);
            }
        }
        for f in databases {
            if !s.databases.iter().any(|d| d.tech == f.tech) {
                self.omission(f);
            }
        }
    }

    /// "services/api/requirements.txt" or "the manifests of services/api".
    fn manifests_named(&self, found: &[&Found]) -> String {
        let first = &found[0].evidence.file;
        if found.iter().all(|f| f.evidence.file == *first) {
            format!("{first}'s dependencies")
        } else {
            format!("the manifests of `{}`", self.folder)
        }
    }

    /// Where a finding about a value goes: on it when the service writes it, else on the
    /// service's name (the value is `[stack]`'s, which other services may share).
    fn site(&self, r: TechRef) -> (Span, String) {
        if self.service.inherited(r.span) {
            let name = self.service.name.unwrap_or_default();
            (self.decl.name_span, format!("service `{name}` (inheriting from [stack]): "))
        } else {
            (r.span, String::new())
        }
    }

    fn contradiction(&mut self, r: TechRef, message: String, instead: &[&Found]) {
        let (span, prefix) = self.site(r);
        let inherited = self.service.inherited(r.span);
        let fixes = instead
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let id = self.id(f.tech).to_string();
                let edits = if inherited {
                    vec![self.declare_edit(f.tech, &id)?]
                } else {
                    vec![replace_string(self.text, r.span, &id)]
                };
                Some(Fix { title: format!("Replace with {id} ({})", f.evidence), edits, preferred: i == 0 })
            })
            .collect();
        let mut finding = Finding::new(span, Rule::Drift, format!("{prefix}{message}"), fixes);
        finding.tech = Some(r.tech);
        self.out.push(finding);
    }

    /// A framework or database the manifests name and the declaration omits: on the key
    /// that would hold it, else on the service's name.
    fn omission(&mut self, f: &Found) {
        let id = self.id(f.tech).to_string();
        let span = match self.catalogue.tech(f.tech).kind {
            Kind::Database => self.decl.techs.databases.first().map_or(self.decl.name_span, |d| d.span),
            _ => self.decl.name_span,
        };
        let message = format!("{} uses {id} ({}), which the declaration omits", self.folder_label(), f.evidence);
        let fixes = self
            .declare_edit(f.tech, &id)
            .map(|edit| Fix { title: format!("Declare {id} ({})", f.evidence), edits: vec![edit], preferred: true })
            .into_iter()
            .collect();
        let mut finding = Finding::new(span, Rule::Drift, message, fixes);
        finding.tech = Some(f.tech);
        self.out.push(finding);
    }

    fn folder_label(&self) -> String {
        if self.folder == "." {
            "the code".to_string()
        } else {
            format!("`{}`", self.folder)
        }
    }

    /// A declared version the manifests pin otherwise (`django@4.2`, lock file 5.2.3).
    fn version(&mut self, r: TechRef) {
        let Some(declared) = r.version(self.text) else { return };
        let Some(f) = self.found.get(r.tech) else { return };
        let Some(pinned) = f.pinned.as_deref() else { return };
        let tech = self.catalogue.tech(r.tech);
        let (same, cycle) = match self.catalogue.product_of(r.tech) {
            Some(p) => match (p.resolve(declared), p.resolve(pinned)) {
                (Resolution::Cycle(a), Resolution::Cycle(b)) => (a.cycle == b.cycle, Some(b.cycle.clone())),
                _ => return,
            },
            // No lifecycle data: the declared version must be a prefix of the pinned one.
            None => {
                let mut p = pinned.split('.');
                (declared.split('.').all(|d| p.next() == Some(d)), None)
            }
        };
        if same || self.service.inherited(r.span) {
            return;
        }
        let written = r.written_name(self.text);
        let at = f.pinned_in.as_ref().unwrap_or(&f.evidence);
        let message = format!("{}:{} pins {} {pinned}, not {declared}", at.file, at.line, tech.id);
        let fixes = written
            .map(|name| {
                let value = format!("{name}@{}", cycle.unwrap_or_else(|| pinned.to_string()));
                vec![Fix {
                    title: format!("Replace with `{value}`"),
                    edits: vec![replace_string(self.text, r.span, &value)],
                    preferred: true,
                }]
            })
            .unwrap_or_default();
        let mut finding = Finding::new(r.version.unwrap_or(r.span), Rule::Drift, message, fixes);
        finding.tech = Some(r.tech);
        self.out.push(finding);
    }

    /// The edit that declares `id` in this service's own table: added to its `database`
    /// array (or a string made an array), or a new line under the table's header.
    fn declare_edit(&self, tech: TechId, id: &str) -> Option<Edit> {
        let text = self.text;
        let kind = self.catalogue.tech(tech).kind;
        let own = &self.decl.techs;
        if kind == Kind::Database {
            if let Some(last) = own.databases.last() {
                let before = text.get(..own.databases[0].span.start)?.trim_end();
                if own.databases.len() == 1 && before.ends_with('=') {
                    let current = text.get(last.span.start..last.span.end)?;
                    return Some(Edit { span: last.span, text: format!("[{current}, \"{id}\"]") });
                }
                return Some(Edit { span: Span::new(last.span.end, last.span.end), text: format!(", \"{id}\"") });
            }
        }
        // A new line after the table's header, when the table is written with one.
        let header_line_start = text.get(..self.decl.name_span.start)?.rfind('\n').map_or(0, |i| i + 1);
        if !text.get(header_line_start..)?.trim_start().starts_with('[') {
            return None;
        }
        let end = text.get(self.decl.name_span.start..)?.find('\n').map(|i| self.decl.name_span.start + i + 1)?;
        Some(Edit { span: Span::new(end, end), text: format!("{} = \"{id}\"\n", kind.key()) })
    }
}
