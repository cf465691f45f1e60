//! The catalogue's plain data: technologies, vocabularies, sources, rule docs, and the
//! lookups over them. No IO and nothing built in: `build.rs` compiles this file too.

use serde::{Deserialize, Serialize};

use super::{DetectRules, LifecycleData, Product};

/// Index of a technology in [`Catalogue::technologies`].
pub type TechId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub scale: Vec<String>,
    pub team: Vec<String>,
    pub architecture: Vec<String>,
    pub requirements: Vec<String>,
    pub use_cases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UseCaseRef {
    pub id: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub id: String,
    pub description: String,
    /// A use case every web framework serves (a REST API, a shop, a CMS): `use-case-fit`
    /// judges it on the language only when no framework is declared.
    pub any_web_framework: bool,
}

/// The closed sets of values the format uses, in catalogue order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub author: Option<String>,
    pub year: Option<i64>,
    pub url: Option<String>,
}

/// A rule's long documentation (its code, level and summary are in the rule registry,
/// `analysis::Rule::info`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleDoc {
    pub code: String,
    pub explanation: String,
    pub example: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub technologies: Vec<Technology>,
    pub vocabulary: Vocabulary,
    pub sources: Vec<Source>,
    pub rules: Vec<RuleDoc>,
    /// Release cycles by product id, and where they come from, from the files loaded; the
    /// built-in data is behind [`Catalogue::product`] (decoded on first use).
    pub products: indexmap::IndexMap<String, Product>,
    pub lifecycle_data: Option<LifecycleData>,
    /// What manifests, images and files say about the stack (`data/detect.toml`).
    pub detect: DetectRules,
    /// Whether the built-in lifecycle data backs this catalogue (the built-in catalogue and
    /// its extensions by user files; not a bare [`Catalogue::load`]).
    pub(super) builtin_lifecycle: bool,
    /// Lower-cased ids and aliases to technologies.
    pub(super) names: rustc_hash::FxHashMap<String, TechId>,
}

impl Catalogue {
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

    /// Whether framework `framework` runs on language `language`.
    pub fn runs_on(&self, framework: TechId, language: TechId) -> bool {
        let lang = &self.tech(language).id;
        self.tech(framework).languages.iter().any(|l| l == lang)
    }
}
