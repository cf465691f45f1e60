//! A technology's documentation as one structure, rendered twice: as markdown for hover and
//! as plain text for `stackls explain` in a terminal.

use std::fmt::Write as _;

use crate::catalogue::{Catalogue, Claim, Technology, VocabKind};

/// One claim as shown: its text (capitalised), its sources, and when it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub sources: Vec<String>,
    /// "scale: large or enterprise, team: beginner" for a con with a condition.
    pub applies_when: Option<String>,
}

/// Pros, cons or key features: the claims taken as fact (disputed ones are listed apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: &'static str,
    pub items: Vec<Item>,
}

/// Everything shown about a technology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TechDoc {
    pub name: String,
    /// "framework · runs on Python", "database · relational".
    pub kind: String,
    pub id: String,
    /// This project's findings about it, first.
    pub findings: Vec<String>,
    pub summary: String,
    /// Whether any source assesses it (states a pro or a con); without, hover says so
    /// instead of showing empty Pros and Cons.
    pub assessed: bool,
    pub sections: Vec<Section>,
    /// (use-case id, its description, sources).
    pub use_cases: Vec<(String, String, Vec<String>)>,
    /// (claim, sources, why it is disputed).
    pub disputed: Vec<(String, Vec<String>, String)>,
    /// (source id, "publisher, “title” (year)" when the catalogue knows the source).
    pub sources: Vec<(String, Option<String>)>,
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn section(heading: &'static str, claims: &[Claim]) -> Section {
    let items = claims
        .iter()
        .filter(|c| c.disputed.is_none())
        .map(|c| Item {
            text: capitalize(&c.text),
            sources: c.sources.clone(),
            applies_when: c.when.as_ref().map(|when| {
                let mut parts = Vec::new();
                for (key, values) in [
                    ("scale", &when.scale),
                    ("team", &when.team),
                    ("architecture", &when.architecture),
                    ("requirements", &when.requirements),
                    ("use-cases", &when.use_cases),
                ] {
                    if !values.is_empty() {
                        parts.push(format!("{key}: {}", values.join(" or ")));
                    }
                }
                parts.join(", ")
            }),
        })
        .collect();
    Section { heading, items }
}

impl TechDoc {
    pub fn new(catalogue: &Catalogue, tech: &Technology, findings: &[&str]) -> TechDoc {
        let mut kind = tech.kind.noun().to_string();
        if !tech.languages.is_empty() {
            let langs: Vec<&str> =
                tech.languages.iter().map(|l| catalogue.by_id(l).map_or(l.as_str(), |t| t.name.as_str())).collect();
            let _ = write!(kind, " · runs on {}", langs.join(", "));
        }
        if let Some(category) = &tech.category {
            let _ = write!(kind, " · {category}");
        }
        let disputed = tech
            .pros
            .iter()
            .chain(&tech.cons)
            .chain(&tech.key_features)
            .filter_map(|c| c.disputed.as_ref().map(|why| (c.text.clone(), c.sources.clone(), why.clone())))
            .collect();
        let use_cases = tech
            .use_cases
            .iter()
            .map(|u| {
                let description =
                    catalogue.vocabulary.get(VocabKind::UseCases, &u.id).map_or("", |t| t.description.as_str());
                (u.id.clone(), description.to_string(), u.sources.clone())
            })
            .collect();
        let sources = tech
            .sources
            .iter()
            .map(|id| {
                let about = catalogue.source(id).map(|s| {
                    format!("{}, “{}”{}", s.publisher, s.title, s.year.map(|y| format!(" ({y})")).unwrap_or_default())
                });
                (id.clone(), about)
            })
            .collect();
        TechDoc {
            name: tech.name.clone(),
            kind,
            id: tech.id.clone(),
            findings: findings.iter().map(|f| f.to_string()).collect(),
            summary: tech.summary.clone(),
            assessed: !tech.pros.is_empty() || !tech.cons.is_empty(),
            sections: vec![
                section("Pros", &tech.pros),
                section("Cons", &tech.cons),
                section("Key features", &tech.key_features),
            ],
            use_cases,
            disputed,
            sources,
        }
    }

    /// Markdown, for hover.
    pub fn markdown(&self) -> String {
        self.render(&MARKDOWN)
    }

    /// Plain text, for a terminal: no markdown markers.
    pub fn plain(&self) -> String {
        self.render(&PLAIN)
    }

    /// The one layout, in a [`Style`].
    fn render(&self, style: &Style) -> String {
        let cite = |sources: &[String]| format!("{}({}){}", style.emphasis, sources.join(", "), style.emphasis);
        let code = |s: &str| format!("{}{s}{}", style.code, style.code);
        let mut out = format!("{}{}{}", style.title, self.name, style.after_title);
        let _ = writeln!(out, "{}{}{} · {}", style.emphasis, self.kind, style.emphasis, code(&self.id));
        if !self.findings.is_empty() {
            let _ = writeln!(out, "{}", (style.heading)("In this project"));
            for f in &self.findings {
                let _ = writeln!(out, "{}{f}", style.finding);
            }
        }
        if !self.summary.is_empty() {
            let _ = writeln!(out, "\n{}", self.summary);
        }
        if !self.assessed {
            let _ = writeln!(
                out,
                "\n{}No sourced assessment yet{}: no source in the catalogue states its pros and cons.",
                style.emphasis, style.emphasis
            );
        }
        for s in self.sections.iter().filter(|s| self.assessed || s.heading == "Key features") {
            let _ = writeln!(out, "{}", (style.heading)(s.heading));
            if s.items.is_empty() {
                out.push_str("- none in the sources\n");
            }
            for c in &s.items {
                let _ = write!(out, "- {} {}", c.text, cite(&c.sources));
                if let Some(when) = &c.applies_when {
                    let _ = write!(out, " — {}applies when {when}{}", style.emphasis, style.emphasis);
                }
                out.push('\n');
            }
        }
        let _ = writeln!(out, "{}", (style.heading)("Typical use cases"));
        if self.use_cases.is_empty() {
            out.push_str("- none in the sources\n");
        }
        for (id, description, sources) in &self.use_cases {
            let _ = writeln!(out, "- {}: {description} {}", code(id), cite(sources));
        }
        if !self.disputed.is_empty() {
            let _ = writeln!(out, "{} (not taken as fact)", (style.heading)("Disputed in the sources").trim_end());
            out.push_str(style.after_heading);
            for (text, sources, why) in &self.disputed {
                let _ = writeln!(out, "- “{text}” {} — {why}", cite(sources));
            }
        }
        if !self.sources.is_empty() {
            let list: Vec<String> = self
                .sources
                .iter()
                .map(|(id, about)| match about {
                    Some(about) => format!("{}: {about}", code(id)),
                    None => code(id),
                })
                .collect();
            let _ = writeln!(out, "{}{}", style.sources, list.join(style.source_separator));
        }
        out
    }
}

/// How the one layout is marked up.
struct Style {
    /// Before and after the name.
    title: &'static str,
    after_title: &'static str,
    /// A section heading, with the blank line before it and what follows it.
    heading: fn(&str) -> String,
    /// What follows a heading written by hand (the disputed one, which has a suffix).
    after_heading: &'static str,
    emphasis: &'static str,
    code: &'static str,
    /// Before each of this project's findings.
    finding: &'static str,
    /// Before the list of sources, and between them.
    sources: &'static str,
    source_separator: &'static str,
}

const MARKDOWN: Style = Style {
    title: "### ",
    after_title: "\n\n",
    heading: |h| format!("\n**{h}**\n"),
    after_heading: "\n",
    emphasis: "*",
    code: "`",
    finding: "- ⚠ ",
    sources: "\n---\nSources: ",
    source_separator: "; ",
};

const PLAIN: Style = Style {
    title: "",
    after_title: "\n",
    heading: |h| format!("\n{h}"),
    after_heading: "",
    emphasis: "",
    code: "",
    finding: "  ! ",
    sources: "\nSources: ",
    source_separator: "; ",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The terminal text of every built-in technology carries none of hover's markdown.
    #[test]
    fn plain_text_has_no_markdown() {
        let catalogue = Catalogue::builtin();
        for tech in &catalogue.technologies {
            let plain = TechDoc::new(catalogue, tech, &["a finding"]).plain();
            for marker in ["**", "###", "*(", ")*", "`", "\n---"] {
                assert!(!plain.contains(marker), "{}: `{marker}` in\n{plain}", tech.id);
            }
            assert!(plain.starts_with(&format!("{}\n", tech.name)));
        }
    }
}
