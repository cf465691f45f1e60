//! The catalogue: technologies, vocabularies, sources and rule docs, loaded from TOML.
//!
//! Plain data, no IO: the built-in files are embedded by `build.rs`; other files are passed in
//! as text. Loading never fails outright — problems come back as [`CatalogueError`]s and
//! whatever was readable is kept.

mod date;
mod detect;
mod lifecycle;
mod load;

pub use date::Date;
pub use detect::{DetectRules, Mapping, Signal, Vote, ECOSYSTEMS};
pub use lifecycle::{Bound, Cycle, LifecycleData, Lts, Product, Requirement, Resolution, VersionRange};
pub use load::CatalogueError;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalogue_files.rs"));
}

type BuiltinLifecycle = (indexmap::IndexMap<String, Product>, Option<LifecycleData>, Vec<CatalogueError>);

/// Index of a technology in [`Catalogue::technologies`].
pub type TechId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Language,
    Framework,
    WebServer,
    Database,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Language, Kind::Framework, Kind::WebServer, Kind::Database];

    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "language" => Kind::Language,
            "framework" => Kind::Framework,
            "web-server" => Kind::WebServer,
            "database" => Kind::Database,
            _ => return None,
        })
    }

    /// The data spelling: `web-server`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Language => "language",
            Kind::Framework => "framework",
            Kind::WebServer => "web-server",
            Kind::Database => "database",
        }
    }

    /// The prose spelling: "web server".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Language => "language",
            Kind::Framework => "framework",
            Kind::WebServer => "web server",
            Kind::Database => "database",
        }
    }

    /// The stack-file key that takes technologies of this kind.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Language => "language",
            Kind::Framework => "framework",
            Kind::WebServer => "server",
            Kind::Database => "database",
        }
    }
}

/// A sourced statement about a technology.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub text: String,
    pub sources: Vec<String>,
    /// Cons only: the project condition under which the con applies.
    pub when: Option<Condition>,
    /// Why the claim is doubtful; a disputed claim never raises a finding.
    pub disputed: Option<String>,
}

/// A condition over the project's attributes. Every non-empty list must match; within a
/// list any value matches.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Condition {
    pub scale: Vec<String>,
    pub team: Vec<String>,
    pub architecture: Vec<String>,
    pub requirements: Vec<String>,
    pub use_cases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UseCaseRef {
    pub id: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Technology {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    /// Frameworks: ids of the languages they run on, primary first.
    pub languages: Vec<String>,
    pub category: Option<String>,
    pub summary: String,
    pub sources: Vec<String>,
    pub pros: Vec<Claim>,
    pub cons: Vec<Claim>,
    pub key_features: Vec<Claim>,
    pub use_cases: Vec<UseCaseRef>,
    /// The lifecycle product (`data/lifecycle.toml`) whose release cycles are this
    /// technology's versions (`node.js` → `nodejs`), if the data tracks it.
    pub lifecycle: Option<String>,
    /// The file that defined this entry (as given to the loader) and the byte span of its
    /// `id` value there: where go-to-definition leads for a user catalogue's entries.
    pub defined_in: (String, std::ops::Range<usize>),
}

impl Technology {
    pub fn has_use_case(&self, id: &str) -> bool {
        self.use_cases.iter().any(|u| u.id == id)
    }
}

/// One vocabulary id and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub id: String,
    pub description: String,
    /// A use case every web framework serves (a REST API, a shop, a CMS): `use-case-fit`
    /// judges it on the language only when no framework is declared.
    pub any_web_framework: bool,
}

/// The closed sets of values the format uses, in catalogue order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocabulary {
    pub scale: Vec<Term>,
    pub team: Vec<Term>,
    pub architecture: Vec<Term>,
    pub use_cases: Vec<Term>,
    pub requirements: Vec<Term>,
}

/// The vocabularies by the stack-file key that uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VocabKind {
    Scale,
    Team,
    Architecture,
    UseCases,
    Requirements,
}

impl VocabKind {
    pub const ALL: [VocabKind; 5] =
        [VocabKind::Scale, VocabKind::Team, VocabKind::Architecture, VocabKind::UseCases, VocabKind::Requirements];

    /// The stack-file key (and catalogue table) name.
    pub fn key(self) -> &'static str {
        match self {
            VocabKind::Scale => "scale",
            VocabKind::Team => "team",
            VocabKind::Architecture => "architecture",
            VocabKind::UseCases => "use-cases",
            VocabKind::Requirements => "requirements",
        }
    }

    /// Whether the stack-file value is an array of ids (else a single string).
    pub fn is_list(self) -> bool {
        matches!(self, VocabKind::UseCases | VocabKind::Requirements)
    }
}

impl Vocabulary {
    pub fn terms(&self, kind: VocabKind) -> &[Term] {
        match kind {
            VocabKind::Scale => &self.scale,
            VocabKind::Team => &self.team,
            VocabKind::Architecture => &self.architecture,
            VocabKind::UseCases => &self.use_cases,
            VocabKind::Requirements => &self.requirements,
        }
    }

    pub fn terms_mut(&mut self, kind: VocabKind) -> &mut Vec<Term> {
        match kind {
            VocabKind::Scale => &mut self.scale,
            VocabKind::Team => &mut self.team,
            VocabKind::Architecture => &mut self.architecture,
            VocabKind::UseCases => &mut self.use_cases,
            VocabKind::Requirements => &mut self.requirements,
        }
    }

    pub fn get(&self, kind: VocabKind, id: &str) -> Option<&Term> {
        self.terms(kind).iter().find(|t| t.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub author: Option<String>,
    pub year: Option<i64>,
    pub url: Option<String>,
}

/// Documentation of a rule code.
#[derive(Debug, Clone, PartialEq)]
/// A rule's long documentation (its code, level and summary are in the rule registry,
/// `analysis::Rule::info`).
pub struct RuleDoc {
    pub code: String,
    pub explanation: String,
    pub example: String,
}

#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub technologies: Vec<Technology>,
    pub vocabulary: Vocabulary,
    pub sources: Vec<Source>,
    pub rules: Vec<RuleDoc>,
    /// Release cycles by product id, and where they come from, from the files loaded; the
    /// built-in data is behind [`Catalogue::product`] (parsed on first use).
    pub products: indexmap::IndexMap<String, Product>,
    pub lifecycle_data: Option<LifecycleData>,
    /// What manifests, images and files say about the stack (`data/detect.toml`).
    pub detect: DetectRules,
    /// Whether the built-in lifecycle data backs this catalogue (the built-in catalogue and
    /// its extensions by user files; not a bare [`Catalogue::load`]).
    builtin_lifecycle: bool,
    /// Lower-cased ids and aliases to technologies.
    names: rustc_hash::FxHashMap<String, TechId>,
}

impl Catalogue {
    /// The catalogue embedded in the binary. Its data is validated by the test suite, so
    /// errors here are build defects; they are reported on stderr, never fatal.
    pub fn builtin() -> &'static Catalogue {
        Catalogue::shared_builtin()
    }

    /// The built-in catalogue, shared (what an analysis of it keeps).
    pub fn builtin_arc() -> std::sync::Arc<Catalogue> {
        std::sync::Arc::clone(Catalogue::shared_builtin())
    }

    fn shared_builtin() -> &'static std::sync::Arc<Catalogue> {
        static BUILTIN: std::sync::OnceLock<std::sync::Arc<Catalogue>> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            let (catalogue, errors) = Catalogue::load_builtin(&[]);
            for error in &errors {
                eprintln!("stackls: built-in catalogue: {error}");
            }
            std::sync::Arc::new(catalogue)
        })
    }

    /// The built-in catalogue extended (or overridden) by user files, with the problems
    /// found in those files. A user file that is not valid TOML is left out whole; the
    /// built-in entries always stay.
    pub fn with_user_files(user: &[(&str, &str)]) -> (Catalogue, Vec<CatalogueError>) {
        let (catalogue, errors) = Catalogue::load_builtin(user);
        let errors = errors.into_iter().filter(|e| user.iter().any(|(p, _)| *p == e.file)).collect();
        (catalogue, errors)
    }

    /// The built-in files, then `user`, over the built-in lifecycle data.
    fn load_builtin(user: &[(&str, &str)]) -> (Catalogue, Vec<CatalogueError>) {
        let mut files: Vec<(&str, &str)> = embedded::FILES.to_vec();
        files.extend_from_slice(user);
        load::load(&files, true)
    }

    /// The built-in lifecycle data: (products, where they come from, problems), parsed once.
    fn builtin_lifecycle() -> &'static BuiltinLifecycle {
        static LIFECYCLE: std::sync::OnceLock<BuiltinLifecycle> = std::sync::OnceLock::new();
        LIFECYCLE.get_or_init(|| {
            let (path, text) = embedded::LIFECYCLE;
            load::load_lifecycle(path, text)
        })
    }

    /// A lifecycle product by id: the catalogue's own files first, then the built-in data.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products
            .get(id)
            .or_else(|| self.builtin_lifecycle.then(|| Catalogue::builtin_lifecycle().0.get(id)).flatten())
    }

    /// Where the lifecycle data comes from (its source, date and licence notice).
    pub fn lifecycle_data(&self) -> Option<&LifecycleData> {
        self.lifecycle_data
            .as_ref()
            .or_else(|| self.builtin_lifecycle.then(|| Catalogue::builtin_lifecycle().1.as_ref()).flatten())
    }

    /// The paths and texts of the built-in catalogue files.
    pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
        embedded::FILES
    }

    /// Loads and merges catalogue files (path for messages, TOML text), then validates the
    /// result. Later files add to or override earlier ones.
    pub fn load(files: &[(&str, &str)]) -> (Catalogue, Vec<CatalogueError>) {
        load::load(files, false)
    }

    /// Looks a technology up by id or alias, case-insensitively.
    pub fn lookup(&self, name: &str) -> Option<TechId> {
        let trimmed = name.trim();
        if let Some(&id) = self.names.get(trimmed) {
            return Some(id);
        }
        self.names.get(&trimmed.to_lowercase()).copied()
    }

    pub fn tech(&self, id: TechId) -> &Technology {
        &self.technologies[id]
    }

    pub fn by_id(&self, id: &str) -> Option<&Technology> {
        self.lookup(id).map(|t| self.tech(t))
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (TechId, &Technology)> {
        self.technologies.iter().enumerate().filter(move |(_, t)| t.kind == kind)
    }

    /// All ids and aliases (lower-case), for suggestions.
    pub fn names(&self) -> impl Iterator<Item = (&str, TechId)> {
        self.names.iter().map(|(n, &t)| (n.as_str(), t))
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn rule(&self, code: &str) -> Option<&RuleDoc> {
        self.rules.iter().find(|r| r.code == code)
    }

    /// The release cycles of a technology, if the lifecycle data tracks it.
    pub fn product_of(&self, tech: TechId) -> Option<&Product> {
        self.tech(tech).lifecycle.as_deref().and_then(|p| self.product(p))
    }

    /// Whether framework `framework` runs on language `language`.
    pub fn runs_on(&self, framework: TechId, language: TechId) -> bool {
        let lang = &self.tech(language).id;
        self.tech(framework).languages.iter().any(|l| l == lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole built-in catalogue: parses, cross-references resolve, ids and aliases are
    /// unique, conditions name known attributes and values (see `load::validate`).
    #[test]
    fn builtin_catalogue_is_valid() {
        let mut files = Catalogue::builtin_files().to_vec();
        files.push(embedded::LIFECYCLE);
        let (catalogue, errors) = Catalogue::load(&files);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(messages.is_empty(), "catalogue errors:\n{}", messages.join("\n"));
        let lifecycle_errors = &Catalogue::builtin_lifecycle().2;
        assert!(lifecycle_errors.is_empty(), "{lifecycle_errors:?}");
        // Every technology with a lifecycle names a product of the data.
        let builtin = Catalogue::builtin();
        for (i, t) in builtin.technologies.iter().enumerate() {
            if let Some(p) = &t.lifecycle {
                assert!(builtin.product_of(i).is_some(), "{}: no lifecycle product `{p}`", t.id);
            }
        }
        assert!(builtin.lifecycle_data().is_some_and(|d| d.date.is_some() && d.notice.is_some()));
        assert!(!catalogue.vocabulary.use_cases.is_empty() && !catalogue.vocabulary.requirements.is_empty());
        // Every source can be checked: it names a title, a publisher and where to read it.
        for s in &catalogue.sources {
            assert!(!s.title.trim().is_empty() && !s.publisher.trim().is_empty(), "source `{}`", s.id);
            assert!(s.url.as_deref().is_some_and(|u| u.starts_with("https://")), "source `{}` has no URL", s.id);
        }
    }

    #[test]
    fn builtin_catalogue_covers_the_spec() {
        let c = Catalogue::builtin();
        let expect = [
            (Kind::Language, &["node.js", "python", "java", "ruby", "php", "kotlin", "rust", "c#", "scala"][..]),
            (
                Kind::Framework,
                &[
                    "asp.net-core",
                    "spring-boot",
                    "ruby-on-rails",
                    "laravel",
                    "express",
                    "flask",
                    "nestjs",
                    "fastapi",
                    "cakephp",
                    "koa",
                    "django",
                ],
            ),
            (Kind::WebServer, &["apache", "nginx", "iis"]),
            (Kind::Database, &["sql-server", "mongodb"]),
        ];
        for (kind, ids) in expect {
            for id in ids {
                let t = c.by_id(id).unwrap_or_else(|| panic!("missing {id}"));
                assert_eq!((t.id.as_str(), t.kind), (*id, kind));
                assert!(
                    !t.summary.is_empty() && !t.name.is_empty() && !t.sources.is_empty(),
                    "{id} lacks name/summary/sources"
                );
            }
        }
        for (alias, id) in [
            ("nodejs", "node.js"),
            ("Node", "node.js"),
            ("javascript", "node.js"),
            ("typescript", "node.js"),
            ("rails", "ruby-on-rails"),
            ("ror", "ruby-on-rails"),
            ("spring", "spring-boot"),
            ("springboot", "spring-boot"),
            ("aspnet", "asp.net-core"),
            ("ASP.NET", "asp.net-core"),
            (".net", "c#"),
            ("csharp", "c#"),
        ] {
            assert_eq!(c.by_id(alias).map(|t| t.id.as_str()), Some(id), "alias {alias}");
        }
        assert_eq!(c.by_id("sql-server").and_then(|t| t.category.as_deref()), Some("relational"));
        assert_eq!(c.by_id("mongodb").and_then(|t| t.category.as_deref()), Some("non-relational"));
    }

    /// The articles' errors are never stated as fact: a claim about C# lacking garbage
    /// collection may only appear as disputed.
    #[test]
    fn known_source_errors_are_disputed() {
        let c = Catalogue::builtin();
        for t in &c.technologies {
            for claim in t.pros.iter().chain(&t.cons) {
                let text = claim.text.to_lowercase();
                if text.contains("garbage collection") && t.id == "c#" {
                    assert!(claim.disputed.is_some(), "C# garbage collection claim must be disputed: {text}");
                }
            }
        }
        let spring = c.by_id("spring-boot").expect("spring-boot");
        let large = spring
            .cons
            .iter()
            .find(|c| c.sources == ["scopic-2024"] && c.text.contains("large"))
            .expect("scopic's large-scale claim kept");
        assert!(large.disputed.is_some() && large.when.is_none());
    }
}
