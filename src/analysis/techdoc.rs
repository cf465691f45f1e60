//! A technology's documentation as one structure, rendered twice: as markdown for hover and
//! as plain text for `stackls explain` in a terminal.

use std::fmt::Write as _;

use crate::catalogue::{Bound, Catalogue, Claim, Date, Technology, VocabKind};

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
    /// Release cycles and support dates, when shown (see [`TechDoc::with_lifecycle`]).
    pub lifecycle: Option<LifecycleDoc>,
    /// Source ids over five years old on the day shown (see [`TechDoc::aged_on`]): their
    /// claims are marked, as the world they describe may have moved on.
    pub aged: Vec<String>,
}

/// The release cycles shown for a technology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleDoc {
    /// A version written after `@`, if any.
    pub declared: Option<String>,
    /// Why the version has no row: no lifecycle data for the technology, or no such cycle.
    pub note: Option<String>,
    /// (cycle, released, active support until, end of life, LTS), newest first.
    pub rows: Vec<[String; 5]>,
    /// The row of the declared cycle.
    pub marked: Option<usize>,
    /// Older cycles left out, all past their end of life.
    pub older: usize,
    /// "endoflife.date, data of 2026-08-22" and the product's page.
    pub cited: String,
    pub url: Option<String>,
}

/// Table cells: a date, `ended`/`yes`/`—`.
fn bound(b: Bound, today: Option<Date>) -> String {
    match (b, today) {
        (Bound::On(d), Some(t)) if t >= d => format!("{d} (passed)"),
        (Bound::On(d), _) => d.to_string(),
        (Bound::Ended, _) => "ended".into(),
        (Bound::Open, _) => "—".into(),
    }
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
                // With its address, so a reader can check the claim (hover links it).
                let about = catalogue.source(id).map(|s| {
                    format!(
                        "{}, “{}”{}{}",
                        s.publisher,
                        s.title,
                        s.year.map(|y| format!(" ({y})")).unwrap_or_default(),
                        s.url.as_deref().map(|u| format!(", {u}")).unwrap_or_default()
                    )
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
            lifecycle: None,
            aged: Vec::new(),
        }
    }

    /// Marks the claims whose every source is over five years old on `today` (a source dated
    /// by its year alone counts from the end of that year, so it is never marked early).
    pub fn aged_on(mut self, catalogue: &Catalogue, today: Option<Date>) -> TechDoc {
        let Some(today) = today else { return self };
        let old = |id: &str| catalogue.source(id).and_then(|s| s.year).is_some_and(|y| y + 5 < i64::from(today.year));
        let mut ids: Vec<&String> =
            self.sections.iter().flat_map(|s| s.items.iter()).flat_map(|c| c.sources.iter()).collect();
        ids.extend(self.use_cases.iter().flat_map(|u| u.2.iter()));
        let mut aged: Vec<String> = ids.into_iter().filter(|id| old(id)).cloned().collect();
        aged.sort();
        aged.dedup();
        self.aged = aged;
        self
    }

    /// Adds the technology's release cycles: with a `version` (`4.2.11`), the table with its
    /// cycle marked; without, the cycles supported on `today` (the newest few when no date
    /// is given). A technology without lifecycle data shows the version alone, noted.
    pub fn with_lifecycle(
        mut self,
        catalogue: &Catalogue,
        tech: &Technology,
        version: Option<&str>,
        today: Option<Date>,
    ) -> TechDoc {
        let Some(product) = tech.lifecycle.as_deref().and_then(|p| catalogue.product(p)) else {
            if let Some(v) = version {
                self.lifecycle = Some(LifecycleDoc {
                    declared: Some(v.to_string()),
                    note: Some(format!("the catalogue has no release cycles or end-of-life dates for {}", tech.name)),
                    rows: Vec::new(),
                    marked: None,
                    older: 0,
                    cited: String::new(),
                    url: None,
                });
            }
            return self;
        };
        let declared = version.and_then(|v| Some(product.resolve(v).cycle()?.cycle.as_str()));
        let newest = product.newest_first();
        // Supported cycles (the newest six without a date), and the declared one wherever it is.
        let shown: Vec<_> = newest
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                Some(c.cycle.as_str()) == declared
                    || match today {
                        Some(t) => c.supported(t) || !c.released_by(t),
                        None => *i < 6,
                    }
            })
            .map(|(_, c)| *c)
            .collect();
        let older = newest.len() - shown.len();
        let rows = shown
            .iter()
            .map(|c| {
                [
                    c.cycle.clone(),
                    c.released.map_or_else(|| "—".to_string(), |d| d.to_string()),
                    bound(c.support, today),
                    bound(c.eol, today),
                    if c.is_lts(today) { "yes".into() } else { String::new() },
                ]
            })
            .collect();
        let marked = shown.iter().position(|c| Some(c.cycle.as_str()) == declared);
        let source = product.source.as_deref().unwrap_or("");
        let date = product.date.map(|d| format!(", data of {d}")).unwrap_or_default();
        let note = match (version, declared) {
            (Some(v), None) => Some(format!("`{v}` is not a release cycle the lifecycle data knows")),
            _ => None,
        };
        if !source.is_empty() && !self.sources.iter().any(|(id, _)| id == source) {
            let about = catalogue.source(source).map(|s| format!("{}, “{}”", s.publisher, s.title));
            self.sources.push((source.to_string(), about));
        }
        self.lifecycle = Some(LifecycleDoc {
            declared: version.map(str::to_string),
            note,
            rows,
            marked,
            older,
            cited: format!("{source}{date}"),
            url: product.url.clone(),
        });
        self
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
        let cite = |sources: &[String]| {
            let old = !sources.is_empty() && sources.iter().all(|s| self.aged.contains(s));
            let note = if old { "; over five years old" } else { "" };
            format!("{}({}{note}){}", style.emphasis, sources.join(", "), style.emphasis)
        };
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
        // A declared version's cycle matters most: right after the summary.
        let versioned = self.lifecycle.as_ref().is_some_and(|l| l.declared.is_some());
        if versioned {
            self.render_lifecycle(style, &mut out);
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
        if !versioned {
            self.render_lifecycle(style, &mut out);
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

impl TechDoc {
    fn render_lifecycle(&self, style: &Style, out: &mut String) {
        let Some(l) = &self.lifecycle else { return };
        let code = |s: &str| format!("{}{s}{}", style.code, style.code);
        let heading = match &l.declared {
            Some(v) => format!("Version {}", code(v)),
            None => "Supported release cycles".to_string(),
        };
        let _ = writeln!(out, "{}", (style.heading)(&heading));
        if let Some(note) = &l.note {
            let _ = writeln!(out, "{}{note}{}.", style.emphasis, style.emphasis);
        }
        if l.rows.is_empty() {
            return;
        }
        let header = ["cycle", "released", "active support until", "end of life", "LTS"];
        if !style.markdown {
            // Plain: columns aligned with spaces, the declared cycle marked with `>`.
            let mut widths = header.map(str::len);
            for row in &l.rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let line = |cells: [&str; 5], mark: &str| {
                let padded: Vec<String> = cells
                    .iter()
                    .zip(widths)
                    .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                    .collect();
                format!("{mark}{}", padded.join("  ")).trim_end().to_string()
            };
            let _ = writeln!(out, "{}", line(header, "  "));
            for (i, row) in l.rows.iter().enumerate() {
                let cells = [&*row[0], &*row[1], &*row[2], &*row[3], &*row[4]];
                let _ = writeln!(out, "{}", line(cells, if l.marked == Some(i) { "> " } else { "  " }));
            }
        } else {
            let _ = writeln!(out, "| {} |\n|---|---|---|---|---|", header.join(" | "));
            for (i, row) in l.rows.iter().enumerate() {
                let cells: Vec<String> = if l.marked == Some(i) {
                    row.iter().map(|c| if c.is_empty() { String::new() } else { format!("**{c}**") }).collect()
                } else {
                    row.to_vec()
                };
                let mark = if l.marked == Some(i) { "▶ " } else { "" };
                let _ = writeln!(out, "| {mark}{} |", cells.join(" | "));
            }
        }
        if l.older > 0 {
            let s = if l.older == 1 { "" } else { "s" };
            let _ = writeln!(out, "\n{} older cycle{s} not shown.", l.older);
        }
        let link = l.url.as_deref().map(|u| if !style.markdown { format!(" {u}") } else { format!(" <{u}>") });
        let _ = writeln!(out, "{}({}){}{}", style.emphasis, l.cited, style.emphasis, link.unwrap_or_default());
    }
}

/// How the one layout is marked up.
struct Style {
    /// Tables as markdown tables (else columns aligned with spaces), links in `<…>`.
    markdown: bool,
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
    markdown: true,
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
    markdown: false,
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

    /// Go's entry cites the Go FAQ at go1.3 (2014) and the Scopic article (2024): on
    /// 2026-12-08 a claim resting only on the FAQ is marked, one the article also states is
    /// not; without a date nothing is.
    #[test]
    fn claims_whose_sources_are_over_five_years_old_are_marked() {
        let catalogue = Catalogue::builtin();
        let go = catalogue.by_id("go").expect("go");
        let today = Date { year: 2026, month: 12, day: 8 };
        let plain = TechDoc::new(catalogue, go, &[]).aged_on(catalogue, Some(today)).plain();
        let marked: Vec<&str> = plain.lines().filter(|l| l.contains("over five years old")).collect();
        assert!(marked.iter().any(|l| l.contains("(go-faq; over five years old)")), "{plain}");
        assert!(marked.iter().all(|l| !l.contains("scopic-2024")), "{marked:?}");
        let then = Date { year: 2016, month: 1, day: 1 };
        assert!(!TechDoc::new(catalogue, go, &[]).aged_on(catalogue, Some(then)).plain().contains("five years"));
        assert!(!TechDoc::new(catalogue, go, &[]).plain().contains("five years"));
    }
}
