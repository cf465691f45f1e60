//! Reading catalogue TOML into [`Catalogue`] and checking its cross-references.

use std::collections::HashMap;
use std::fmt;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::{
    Bound, Catalogue, Claim, Condition, Cycle, Date, Kind, LifecycleData, Lts, Product, Requirement, RuleDoc, Source,
    Technology, Term, UseCaseRef, VocabKind,
};

/// A problem in a catalogue file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueError {
    pub file: String,
    /// Byte range in the file, where known.
    pub span: Option<std::ops::Range<usize>>,
    pub message: String,
    /// Whether the file is not valid TOML (else: valid TOML, wrong content).
    pub syntax: bool,
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileData {
    #[serde(default)]
    sources: IndexMap<String, SourceData>,
    #[serde(default)]
    scale: IndexMap<String, TermData>,
    #[serde(default)]
    team: IndexMap<String, TermData>,
    #[serde(default)]
    architecture: IndexMap<String, TermData>,
    #[serde(default)]
    use_cases: IndexMap<String, TermData>,
    #[serde(default)]
    requirements: IndexMap<String, TermData>,
    #[serde(default)]
    rule: Vec<RuleData>,
    #[serde(default)]
    technology: Vec<TechData>,
    /// Release cycles by product id (`data/lifecycle.toml`, or a user catalogue's own).
    #[serde(default)]
    lifecycle: IndexMap<String, ProductData>,
    lifecycle_data: Option<LifecycleDataData>,
    detect: Option<super::detect::DetectData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LifecycleDataData {
    source: String,
    commit: Option<String>,
    date: Option<toml::value::Datetime>,
    notice: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductData {
    name: String,
    url: Option<String>,
    /// Defaults to the file's `[lifecycle-data] source`.
    source: Option<String>,
    cycles: Vec<CycleData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CycleData {
    cycle: String,
    label: Option<String>,
    lts: Option<BoolOrDate>,
    released: Option<toml::value::Datetime>,
    support: Option<BoolOrDate>,
    eol: Option<BoolOrDate>,
    latest: Option<String>,
    #[serde(default)]
    requires: IndexMap<String, String>,
}

/// `true`, `false` or a date (`eol`, `support`, `lts`). Read directly rather than as an
/// untagged enum, which buffers every value first: the lifecycle data has a thousand cycles.
enum BoolOrDate {
    Bool(bool),
    Date(toml::value::Datetime),
}

impl<'de> Deserialize<'de> for BoolOrDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = BoolOrDate;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean or a date")
            }

            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<BoolOrDate, E> {
                Ok(BoolOrDate::Bool(b))
            }

            // The `toml` crate hands a date over as a one-entry map.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<BoolOrDate, A::Error> {
                toml::value::Datetime::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(BoolOrDate::Date)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A TOML date without time or offset.
fn plain_date(d: &toml::value::Datetime) -> Result<Date, String> {
    match (d.date, d.time, d.offset) {
        (Some(date), None, None) => {
            Date::new(date.year, date.month, date.day).ok_or_else(|| format!("`{d}` is not a calendar date"))
        }
        _ => Err(format!("`{d}` is not a plain date (YYYY-MM-DD)")),
    }
}

fn bound(value: Option<&BoolOrDate>) -> Result<Bound, String> {
    Ok(match value {
        None | Some(BoolOrDate::Bool(false)) => Bound::Open,
        Some(BoolOrDate::Bool(true)) => Bound::Ended,
        Some(BoolOrDate::Date(d)) => Bound::On(plain_date(d)?),
    })
}

/// One product of the file at `path`, whose `[lifecycle-data]` gives the source (unless the
/// product names its own) and the date.
fn product(id: &str, p: ProductData, path: &str, file: Option<&LifecycleData>) -> Result<Product, String> {
    let mut cycles = Vec::with_capacity(p.cycles.len());
    for c in p.cycles {
        let lts = match &c.lts {
            None | Some(BoolOrDate::Bool(false)) => Lts::No,
            Some(BoolOrDate::Bool(true)) => Lts::Yes,
            Some(BoolOrDate::Date(d)) => Lts::Since(plain_date(d)?),
        };
        let released = c.released.as_ref().map(plain_date).transpose()?;
        let requires = c
            .requires
            .iter()
            .map(|(tech, text)| Requirement::parse(tech, text))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("cycle {}: requires: {e}", c.cycle))?;
        cycles.push(Cycle {
            support: bound(c.support.as_ref()).map_err(|e| format!("cycle {}: support: {e}", c.cycle))?,
            eol: bound(c.eol.as_ref()).map_err(|e| format!("cycle {}: eol: {e}", c.cycle))?,
            cycle: c.cycle,
            label: c.label,
            lts,
            released,
            latest: c.latest,
            requires,
        });
    }
    Ok(Product {
        id: id.to_string(),
        name: p.name,
        url: p.url,
        source: p.source.or_else(|| file.map(|d| d.source.clone())),
        date: file.and_then(|d| d.date),
        defined_in: path.to_string(),
        cycles,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceData {
    title: String,
    publisher: String,
    author: Option<String>,
    year: Option<i64>,
    date: Option<toml::value::Datetime>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermData {
    description: String,
    /// Use cases only: any web framework serves it.
    #[serde(default, rename = "any-web-framework")]
    any_web_framework: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleData {
    code: String,
    explanation: String,
    example: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TechData {
    id: toml::Spanned<String>,
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    category: Option<String>,
    /// Optional: an entry added by a quick fix has only its id, name and kind.
    #[serde(default)]
    summary: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    pros: Vec<ClaimData>,
    #[serde(default)]
    cons: Vec<ClaimData>,
    #[serde(default)]
    key_features: Vec<ClaimData>,
    #[serde(default)]
    use_cases: Vec<UseCaseData>,
    lifecycle: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimData {
    text: String,
    source: OneOrMany,
    when: Option<ConditionData>,
    disputed: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConditionData {
    #[serde(default)]
    scale: Vec<String>,
    #[serde(default)]
    team: Vec<String>,
    #[serde(default)]
    architecture: Vec<String>,
    #[serde(default)]
    requirements: Vec<String>,
    #[serde(default)]
    use_cases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UseCaseData {
    id: String,
    source: OneOrMany,
}

/// Loads `files` (path for messages, TOML text) onto `base`, in order, and checks what they
/// add. `base` was checked when it was loaded (the built-in data, at build time): its entries
/// are not checked again. `builtin_product` says whether the built-in lifecycle data, which is
/// kept apart, has a product.
pub(super) fn extend(
    base: Catalogue,
    files: &[(&str, &str)],
    builtin_product: &dyn Fn(&str) -> bool,
) -> (Catalogue, Vec<CatalogueError>) {
    let mut catalogue = base;
    let mut errors = Vec::new();
    let mut detect: Vec<(&str, super::detect::DetectData)> = Vec::new();
    for &(path, text) in files {
        let data: FileData = match toml::from_str(text) {
            Ok(data) => data,
            Err(e) => {
                // Only a failed file is parsed a second time, to tell bad TOML from bad content.
                let syntax = !toml::de::DeTable::parse_recoverable(text).1.is_empty();
                let message = e.message().trim().to_string();
                errors.push(CatalogueError { file: path.to_string(), span: e.span(), message, syntax });
                continue;
            }
        };
        let mut data = data;
        if let Some(d) = data.detect.take() {
            detect.push((path, d));
        }
        merge(&mut catalogue, data, path, &mut errors);
    }
    index_names(&mut catalogue, &mut errors);
    // Detection names technologies: resolved once every file's technologies are known.
    for (path, d) in detect {
        let rules = std::mem::take(&mut catalogue.detect);
        catalogue.detect = super::detect::merge(&catalogue, rules, d, path, &mut errors);
    }
    resolve_requirements(&mut catalogue, &mut errors);
    let fresh = |t: &Technology| files.iter().any(|(path, _)| *path == t.defined_in.0);
    validate(&catalogue, &fresh, builtin_product, &mut errors);
    (catalogue, errors)
}

/// A problem with a technology, reported on its `id` in the file that defined it.
fn tech_error(t: &Technology, message: String) -> CatalogueError {
    let (file, span) = &t.defined_in;
    CatalogueError { file: file.clone(), span: Some(span.clone()), message, syntax: false }
}

fn merge(catalogue: &mut Catalogue, data: FileData, path: &str, errors: &mut Vec<CatalogueError>) {
    for (id, s) in data.sources {
        let year = s.year.or_else(|| s.date.and_then(|d| d.date).map(|d| i64::from(d.year)));
        let source =
            Source { id: id.clone(), title: s.title, publisher: s.publisher, author: s.author, year, url: s.url };
        match catalogue.sources.iter_mut().find(|x| x.id == id) {
            Some(existing) => *existing = source,
            None => catalogue.sources.push(source),
        }
    }
    let vocab = [
        (VocabKind::Scale, data.scale),
        (VocabKind::Team, data.team),
        (VocabKind::Architecture, data.architecture),
        (VocabKind::UseCases, data.use_cases),
        (VocabKind::Requirements, data.requirements),
    ];
    for (kind, terms) in vocab {
        let list = catalogue.vocabulary.terms_mut(kind);
        for (id, t) in terms {
            match list.iter_mut().find(|x| x.id == id) {
                Some(existing) => {
                    existing.description = t.description;
                    existing.any_web_framework = t.any_web_framework;
                }
                None => list.push(Term { id, description: t.description, any_web_framework: t.any_web_framework }),
            }
        }
    }
    if let Some(d) = lifecycle(data.lifecycle_data, data.lifecycle, path, &mut catalogue.products, errors) {
        catalogue.lifecycle_data = Some(d);
    }
    for r in data.rule {
        let doc = RuleDoc { code: r.code, explanation: r.explanation, example: r.example };
        match catalogue.rules.iter_mut().find(|x| x.code == doc.code) {
            Some(existing) => *existing = doc,
            None => catalogue.rules.push(doc),
        }
    }
    for t in data.technology {
        let defined_in = (path.to_string(), t.id.span());
        let Some(kind) = Kind::parse(&t.kind) else {
            errors.push(CatalogueError {
                file: path.to_string(),
                span: Some(defined_in.1),
                message: format!(
                    "technology `{}`: unknown kind `{}` (expected language, framework, web-server or database)",
                    t.id.get_ref(),
                    t.kind
                ),
                syntax: false,
            });
            continue;
        };
        let claims = |v: Vec<ClaimData>| -> Vec<Claim> {
            v.into_iter()
                .map(|c| Claim {
                    text: c.text,
                    sources: c.source.into_vec(),
                    when: c.when.map(|w| Condition {
                        scale: w.scale,
                        team: w.team,
                        architecture: w.architecture,
                        requirements: w.requirements,
                        use_cases: w.use_cases,
                    }),
                    disputed: c.disputed,
                })
                .collect()
        };
        let tech = Technology {
            defined_in,
            id: t.id.get_ref().to_lowercase(),
            name: t.name,
            kind,
            aliases: t.aliases.iter().map(|a| a.to_lowercase()).collect(),
            languages: t.languages,
            category: t.category,
            summary: t.summary,
            sources: t.sources,
            pros: claims(t.pros),
            cons: claims(t.cons),
            key_features: claims(t.key_features),
            use_cases: t.use_cases.into_iter().map(|u| UseCaseRef { id: u.id, sources: u.source.into_vec() }).collect(),
            lifecycle: t.lifecycle,
        };
        match catalogue.technologies.iter().position(|x| x.id == tech.id) {
            Some(i) => catalogue.technologies[i] = tech,
            None => catalogue.technologies.push(tech),
        }
    }
}

/// Adds a file's lifecycle products to `products` (a product given again replaces the
/// earlier one whole) and returns its `[lifecycle-data]`.
fn lifecycle(
    data: Option<LifecycleDataData>,
    products: IndexMap<String, ProductData>,
    path: &str,
    into: &mut IndexMap<String, Product>,
    errors: &mut Vec<CatalogueError>,
) -> Option<LifecycleData> {
    let data = data.map(|d| {
        let date = match d.date.as_ref().map(plain_date).transpose() {
            Ok(date) => date,
            Err(e) => {
                errors.push(file_error(path, format!("lifecycle-data: date: {e}")));
                None
            }
        };
        LifecycleData { defined_in: path.to_string(), source: d.source, commit: d.commit, date, notice: d.notice }
    });
    for (id, p) in products {
        match product(&id, p, path, data.as_ref()) {
            Ok(p) => {
                into.insert(id, p);
            }
            Err(e) => errors.push(file_error(path, format!("lifecycle `{id}`: {e}"))),
        }
    }
    data
}

fn file_error(file: &str, message: String) -> CatalogueError {
    CatalogueError { file: file.to_string(), span: None, message, syntax: false }
}

fn index_names(catalogue: &mut Catalogue, errors: &mut Vec<CatalogueError>) {
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, t) in catalogue.technologies.iter().enumerate() {
        for name in std::iter::once(&t.id).chain(&t.aliases) {
            match names.get(name) {
                Some(&other) if other != i => errors.push(tech_error(
                    t,
                    format!(
                        "technology `{}`: name `{name}` is already used by `{}`",
                        t.id, catalogue.technologies[other].id
                    ),
                )),
                Some(_) => {}
                None => {
                    names.insert(name.clone(), i);
                }
            }
        }
    }
    catalogue.names = names.into_iter().collect();
}

/// Checks the technologies `fresh` accepts (those of the files just loaded), the lifecycle
/// products loaded with them, and the vocabulary.
fn validate(
    catalogue: &Catalogue,
    fresh: &dyn Fn(&Technology) -> bool,
    builtin_product: &dyn Fn(&str) -> bool,
    errors: &mut Vec<CatalogueError>,
) {
    let vocab = &catalogue.vocabulary;
    for t in catalogue.technologies.iter().filter(|t| fresh(t)) {
        let mut problems = Vec::new();
        if t.id.is_empty() || t.id.chars().any(char::is_whitespace) {
            problems.push("id must be non-empty and contain no spaces".to_string());
        }
        if t.kind == Kind::Framework && t.languages.is_empty() {
            problems.push("a framework must list the languages it runs on".to_string());
        }
        if !matches!(t.kind, Kind::Framework | Kind::WebServer) && !t.languages.is_empty() {
            problems.push("only frameworks and servers bound to a runtime list languages".to_string());
        }
        for l in &t.languages {
            match catalogue.by_id(l) {
                Some(lang) if lang.kind == Kind::Language && lang.id == *l => {}
                Some(_) | None => problems.push(format!("languages: `{l}` is not a language id")),
            }
        }
        for s in &t.sources {
            if catalogue.source(s).is_none() {
                problems.push(format!("sources: unknown source `{s}`"));
            }
        }
        let sections = [("pros", &t.pros), ("cons", &t.cons), ("key-features", &t.key_features)];
        for (section, claims) in sections {
            for c in claims.iter() {
                let what = format!("{section}: \"{}\"", c.text);
                if c.text.trim().is_empty() {
                    problems.push(format!("{section}: a claim has empty text"));
                }
                if c.sources.is_empty() {
                    problems.push(format!("{what}: names no source"));
                }
                for s in &c.sources {
                    if catalogue.source(s).is_none() {
                        problems.push(format!("{what}: unknown source `{s}`"));
                    }
                }
                if let Some(when) = &c.when {
                    if section != "cons" {
                        problems.push(format!("{what}: only cons carry conditions"));
                    }
                    if c.disputed.is_some() {
                        problems.push(format!("{what}: a disputed claim must not carry a condition"));
                    }
                    let lists = [
                        (VocabKind::Scale, &when.scale),
                        (VocabKind::Team, &when.team),
                        (VocabKind::Architecture, &when.architecture),
                        (VocabKind::Requirements, &when.requirements),
                        (VocabKind::UseCases, &when.use_cases),
                    ];
                    if lists.iter().all(|(_, l)| l.is_empty()) {
                        problems.push(format!("{what}: empty condition"));
                    }
                    for (kind, values) in lists {
                        for v in values {
                            if vocab.get(kind, v).is_none() {
                                problems
                                    .push(format!("{what}: condition {} = `{v}` is not in the vocabulary", kind.key()));
                            }
                        }
                    }
                }
            }
        }
        // One point, one warning: two cons that fire under exactly the same condition would
        // give two findings on one value for one attribute; merge them into one claim.
        let conditional: Vec<&Claim> = t.cons.iter().filter(|c| c.when.is_some() && c.disputed.is_none()).collect();
        for (j, a) in conditional.iter().enumerate() {
            if let Some(b) = conditional[j + 1..].iter().find(|b| b.when == a.when) {
                problems.push(format!(
                    "cons: \"{}\" and \"{}\" have the same condition: merge them into one claim",
                    a.text, b.text
                ));
            }
        }
        if let Some(p) = &t.lifecycle {
            if !catalogue.products.contains_key(p) && !builtin_product(p) {
                problems.push(format!("lifecycle: no product `{p}` in the lifecycle data"));
            }
        }
        for u in &t.use_cases {
            if vocab.get(VocabKind::UseCases, &u.id).is_none() {
                problems.push(format!("use-cases: `{}` is not in the vocabulary", u.id));
            }
            for s in &u.sources {
                if catalogue.source(s).is_none() {
                    problems.push(format!("use-cases: `{}`: unknown source `{s}`", u.id));
                }
            }
        }
        for p in problems {
            errors.push(tech_error(t, format!("technology `{}`: {p}", t.id)));
        }
    }
    validate_lifecycle(catalogue, errors);
    for kind in VocabKind::ALL {
        let terms = vocab.terms(kind);
        for t in terms {
            if t.description.trim().is_empty() {
                errors.push(CatalogueError {
                    file: "vocabulary".into(),
                    span: None,
                    message: format!("{} `{}` has no description", kind.key(), t.id),
                    syntax: false,
                });
            }
        }
    }
}

/// Lifecycle products: cited, with distinct cycles. Each error is reported on the file that
/// declares the product (or `[lifecycle-data]`).
/// A cycle's requirement names a technology by id or alias (`requires = { nodejs = "…" }`)
/// and is kept under its id, which is what declared versions are matched by. One that names
/// no technology of the catalogue is an error (and is kept, never judged).
fn resolve_requirements(catalogue: &mut Catalogue, errors: &mut Vec<CatalogueError>) {
    let mut products = std::mem::take(&mut catalogue.products);
    for p in products.values_mut() {
        for c in &mut p.cycles {
            for r in &mut c.requires {
                match catalogue.by_id(&r.tech) {
                    Some(t) => r.tech.clone_from(&t.id),
                    None => errors.push(file_error(
                        &p.defined_in,
                        format!(
                            "lifecycle `{}`: cycle {}: requires: `{}` is not a technology of the catalogue",
                            p.id, c.cycle, r.tech
                        ),
                    )),
                }
            }
        }
    }
    catalogue.products = products;
}

fn validate_lifecycle(catalogue: &Catalogue, errors: &mut Vec<CatalogueError>) {
    if let Some(d) = &catalogue.lifecycle_data {
        if catalogue.source(&d.source).is_none() {
            errors.push(file_error(&d.defined_in, format!("lifecycle-data: unknown source `{}`", d.source)));
        }
    }
    // The products of the files loaded: the built-in data is kept apart once checked.
    for p in catalogue.products.values() {
        let mut error =
            |message: String| errors.push(file_error(&p.defined_in, format!("lifecycle `{}`: {message}", p.id)));
        if let Some(s) = p.source.as_deref().filter(|s| catalogue.source(s).is_none()) {
            error(format!("unknown source `{s}`"));
        }
        for (i, c) in p.cycles.iter().enumerate() {
            if c.cycle.trim().is_empty() || c.cycle.contains(char::is_whitespace) {
                error(format!("cycle `{}` must be non-empty, without spaces", c.cycle));
            }
            if p.cycles[..i].iter().any(|o| o.cycle == c.cycle) {
                error(format!("cycle `{}` is listed twice", c.cycle));
            }
        }
    }
}
