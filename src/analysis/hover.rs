//! Hover: markdown for technologies, keys, tables, vocabulary values and rules.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::query::{floor_char, locate, Target};
use super::schema::{self, Place, TableKind, ValueType};
use super::service::Services;
use super::syntax::{Span, Value};
use super::{Analysis, Rule};
use crate::catalogue::{Catalogue, Technology, VocabKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub markdown: String,
    /// What the hover is about.
    pub span: Span,
}

pub(super) fn hover(analysis: &Analysis, text: &str, catalogue: &Catalogue, offset: usize) -> Option<Hover> {
    let offset = floor_char(text, offset);
    match locate(&analysis.tree, text, offset)? {
        Target::Header { table, index } => {
            let path: Vec<&str> = table.keys[..=index].iter().map(|k| k.text.as_str()).collect();
            place_doc(catalogue, &path).map(|markdown| Hover { markdown, span: table.keys[index].span })
        }
        Target::Key { path, key } => place_doc(catalogue, &path).map(|markdown| Hover { markdown, span: key.span }),
        Target::Value { path, value, item } => {
            let value = item.unwrap_or(value);
            value_doc(analysis, catalogue, &path, value).map(|markdown| Hover { markdown, span: value.span })
        }
        Target::Inside { .. } | Target::Pending { .. } => None,
    }
}

/// "Better fits for this project: …": what the fixes of a finding on this value would offer
/// — technologies of the same kind with fewer tradeoffs in the context of the service the
/// value is written in, that keep every service using the value free of new errors.
fn better_fits(analysis: &Analysis, catalogue: &Catalogue, path: &[&str], at: Span, tech: &Technology) -> String {
    let Some(id) = catalogue.lookup(&tech.id) else { return String::new() };
    let services = Services::new(&analysis.model, catalogue);
    let service = services.at(path);
    let ctx = service.as_ref().map_or(Cow::Borrowed(&services.project), |s| services.context(s));
    let needs = services.needs(service.as_ref(), at, tech.kind);
    let better: Vec<String> = super::rules::fit::alternatives(catalogue, id, &needs, &ctx)
        .into_iter()
        .take(3)
        .map(|(_, alt)| super::rules::fit::fit_note(alt, &ctx))
        .collect();
    if better.is_empty() {
        String::new()
    } else {
        format!("\n**Better fits for this project**: {}\n", better.join(", "))
    }
}

/// Documentation of a table or key.
fn place_doc(catalogue: &Catalogue, path: &[&str]) -> Option<String> {
    match schema::resolve(path) {
        Place::Table(t) => Some(format!("**{}**\n\n{}", t.header(), t.doc())),
        Place::Key(table, key) => {
            let mut md = format!("**{}** · {}\n\n{}\n", key.name, table.header(), key.doc);
            match key.value {
                ValueType::Vocab(kind) | ValueType::VocabList(kind) => {
                    let shape = if kind.is_list() { "An array of" } else { "One of" };
                    let _ = writeln!(md, "\n{shape}:\n");
                    for t in catalogue.vocabulary.terms(kind) {
                        let _ = writeln!(md, "- `{}`: {}", t.id, t.description);
                    }
                }
                ValueType::Tech { kind, list } => {
                    let ids: Vec<String> = catalogue.of_kind(kind).map(|(_, t)| format!("`{}`", t.id)).collect();
                    let shape = if list { "A catalogue id or an array of them" } else { "A catalogue id" };
                    let _ = writeln!(md, "\n{shape} ({}s): {}", kind.noun(), ids.join(", "));
                    md.push_str(
                        "\nA version may follow `@`: a release cycle (`16`, `3.12`) or a full version (`4.2.11`), \
                         checked against the lifecycle data (end of life, supported pairs).\n",
                    );
                }
                ValueType::Rules | ValueType::Rule => {
                    let codes: Vec<String> = Rule::levelled_rules().map(|r| format!("`{}`", r.code())).collect();
                    let shape = if key.value == ValueType::Rules { "An array of rule codes" } else { "A rule code" };
                    let _ = writeln!(md, "\n{shape}: {}", codes.join(", "));
                    if key.value == ValueType::Rules && key.name == "allow" {
                        let keys: Vec<String> =
                            TableKind::AllowEntry.keys().iter().map(|k| format!("`{}`", k.name)).collect();
                        let _ = writeln!(md, "\nAn item may also be an entry: {{ {} }}.", keys.join(", "));
                    }
                }
                ValueType::AnyTech => md.push_str("\nA catalogue id or alias of any technology.\n"),
                ValueType::Date => md.push_str("\nA TOML date, such as 2027-06-30.\n"),
                ValueType::Days => {
                    let _ = writeln!(md, "\nA whole number of days, 0 to {}.", super::schema::MAX_DAYS);
                }
                ValueType::Text => {}
                ValueType::Path => {
                    md.push_str("\nA relative folder, such as `services/api`; `..` may not leave the repository.\n")
                }
            }
            Some(md)
        }
        _ => None,
    }
}

fn value_doc(analysis: &Analysis, catalogue: &Catalogue, path: &[&str], value: &Value) -> Option<String> {
    let s = value.as_str()?;
    let Place::Key(_, key) = schema::resolve(path) else { return None };
    match key.value {
        ValueType::Tech { .. } | ValueType::AnyTech => {
            let (name, version) = super::model::split_version(s);
            let tech = catalogue.by_id(name)?;
            let findings: Vec<&str> = analysis
                .diagnostics
                .iter()
                .filter(|d| value.span.start <= d.span.start && d.span.end <= value.span.end)
                .filter(|d| d.rule.info().about_technology())
                .map(|d| d.message.as_str())
                .collect();
            let version = version.filter(|v| super::model::well_formed_version(v));
            let doc = super::techdoc::TechDoc::new(catalogue, tech, &findings)
                .with_lifecycle(catalogue, tech, version, analysis.today)
                .aged_on(catalogue, analysis.today);
            let mut md = doc.markdown();
            if let Some(found) = catalogue.lookup(&tech.id).and_then(|t| analysis.found(path, t)) {
                let _ = writeln!(md, "\n**Found in** {}", found.evidence);
            }
            md.push_str(&better_fits(analysis, catalogue, path, value.span, tech));
            Some(md)
        }
        ValueType::Vocab(kind) | ValueType::VocabList(kind) => {
            let term = catalogue.vocabulary.get(kind, &s.to_lowercase())?;
            let mut md = format!("**{}** · {}\n\n{}\n", term.id, kind.key(), term.description);
            if kind == VocabKind::UseCases {
                let listed: Vec<&str> = catalogue
                    .technologies
                    .iter()
                    .filter(|t| t.has_use_case(&term.id))
                    .map(|t| t.name.as_str())
                    .collect();
                if listed.is_empty() {
                    md.push_str("\nNo catalogue technology lists it as a typical use case.\n");
                } else {
                    let _ = writeln!(md, "\nTypical for: {}", listed.join(", "));
                }
            }
            Some(md)
        }
        ValueType::Rules | ValueType::Rule => {
            let rule = Rule::from_code(s)?.info();
            let explanation = catalogue.rule(rule.code).map_or("", |d| d.explanation.as_str());
            Some(format!(
                "**{}** · default level: {}\n\n{}\n\n{}\n",
                rule.code,
                rule.default.as_str(),
                rule.summary,
                explanation
            ))
        }
        ValueType::Text | ValueType::Date | ValueType::Days | ValueType::Path => None,
    }
}

/// The full hover of a technology; `findings` (project-specific) come first.
pub fn technology_markdown(catalogue: &Catalogue, tech: &Technology, findings: &[&str]) -> String {
    super::techdoc::TechDoc::new(catalogue, tech, findings).markdown()
}
