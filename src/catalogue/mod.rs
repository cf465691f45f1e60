//! The catalogue: technologies, vocabularies, sources and rule docs, loaded from TOML.
//!
//! Plain data, no IO. The built-in data (`data/`) is loaded and validated at build time by
//! `build.rs`, with this module's own loader, and embedded pre-validated (`embed.rs`); a start
//! decodes it instead of parsing TOML. User files are passed in as text and loaded onto it.
//! Loading never fails outright — problems come back as [`CatalogueError`]s and whatever was
//! readable is kept.

// `build.rs` compiles these files too (all but this one): they use nothing of the rest of the
// crate nor the built-in data, and what they load derives serde's traits.
mod date;
mod detect;
mod embed;
mod lifecycle;
mod load;
mod types;

pub use date::Date;
pub use detect::{
    DetectRules, FolderRole, Mapping, PackageRole, PinRank, RoleFile, RoleRule, Signal, Vote, ECOSYSTEMS, ROLE_NAMES,
};
pub use lifecycle::{Bound, Cycle, LifecycleData, Lts, Product, Requirement, Resolution, VersionRange};
pub use load::CatalogueError;
pub use types::{
    Catalogue, Claim, Condition, Kind, RuleDoc, Source, TechId, Technology, Term, UseCaseRef, VocabKind, Vocabulary,
};

/// What `build.rs` writes: the TOML files, and the catalogue and lifecycle data it made of them.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalogue_files.rs"));
}

impl Catalogue {
    /// The catalogue embedded in the binary. Problems in its data are build defects (the
    /// build prints them as warnings, and a test fails on them); they are reported on stderr
    /// here, never fatal.
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
            let built = embed::decode::<embed::Built>(embedded::CATALOGUE).unwrap_or_else(from_toml);
            for error in &built.errors {
                eprintln!("stackls: built-in catalogue: {error}");
            }
            std::sync::Arc::new(built.catalogue)
        })
    }

    /// The built-in catalogue extended (or overridden) by user files, with the problems
    /// found in those files. A user file that is not valid TOML is left out whole; the
    /// built-in entries always stay.
    pub fn with_user_files(user: &[(&str, &str)]) -> (Catalogue, Vec<CatalogueError>) {
        let builtin_product = |id: &str| Catalogue::builtin_lifecycle().products.contains_key(id);
        let (catalogue, errors) = load::extend(Catalogue::builtin().clone(), user, &builtin_product);
        let errors = errors.into_iter().filter(|e| user.iter().any(|(p, _)| *p == e.file)).collect();
        (catalogue, errors)
    }

    /// The built-in lifecycle data, decoded on first use.
    fn builtin_lifecycle() -> &'static embed::Lifecycle {
        static LIFECYCLE: std::sync::OnceLock<embed::Lifecycle> = std::sync::OnceLock::new();
        LIFECYCLE.get_or_init(|| embed::decode(embedded::LIFECYCLE_DATA).unwrap_or_else(|e| from_toml(e).lifecycle))
    }

    /// A lifecycle product by id: the catalogue's own files first, then the built-in data.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products
            .get(id)
            .or_else(|| self.builtin_lifecycle.then(|| Catalogue::builtin_lifecycle().products.get(id)).flatten())
    }

    /// Where the lifecycle data comes from (its source, date and licence notice).
    pub fn lifecycle_data(&self) -> Option<&LifecycleData> {
        self.lifecycle_data
            .as_ref()
            .or_else(|| self.builtin_lifecycle.then(|| Catalogue::builtin_lifecycle().data.as_ref()).flatten())
    }

    /// The paths and texts of the built-in catalogue files (`lifecycle.toml` apart).
    pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
        embedded::FILES
    }

    /// Loads and merges catalogue files (path for messages, TOML text), then validates the
    /// result. Later files add to or override earlier ones.
    pub fn load(files: &[(&str, &str)]) -> (Catalogue, Vec<CatalogueError>) {
        load::extend(Catalogue::default(), files, &|_| false)
    }

    /// The release cycles of a technology, if the lifecycle data tracks it.
    pub fn product_of(&self, tech: TechId) -> Option<&Product> {
        self.tech(tech).lifecycle.as_deref().and_then(|p| self.product(p))
    }
}

/// The built-in data from its TOML, should its embedded form not decode (a build defect).
fn from_toml(error: postcard::Error) -> embed::Built {
    eprintln!("stackls: the embedded catalogue does not decode ({error}); loading its TOML");
    embed::Built::from_toml(embedded::FILES, embedded::LIFECYCLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole built-in catalogue: parses, cross-references resolve (a technology's
    /// lifecycle product, a requirement's technology), ids and aliases are unique, conditions
    /// name known attributes and values (see `load::validate`): the build found no problem.
    #[test]
    fn builtin_catalogue_is_valid() {
        let built: embed::Built = embed::decode(embedded::CATALOGUE).expect("the embedded catalogue decodes");
        let messages: Vec<String> = built.errors.iter().map(ToString::to_string).collect();
        assert!(messages.is_empty(), "catalogue errors:\n{}", messages.join("\n"));
        // Every technology with a lifecycle names a product of the data.
        let builtin = Catalogue::builtin();
        for (i, t) in builtin.technologies.iter().enumerate() {
            if let Some(p) = &t.lifecycle {
                assert!(builtin.product_of(i).is_some(), "{}: no lifecycle product `{p}`", t.id);
            }
        }
        assert!(builtin.lifecycle_data().is_some_and(|d| d.date.is_some() && d.notice.is_some()));
        assert!(!builtin.vocabulary.use_cases.is_empty() && !builtin.vocabulary.requirements.is_empty());
        // Every source can be checked: it names a title, a publisher and where to read it.
        for s in &builtin.sources {
            assert!(!s.title.trim().is_empty() && !s.publisher.trim().is_empty(), "source `{}`", s.id);
            assert!(s.url.as_deref().is_some_and(|u| u.starts_with("https://")), "source `{}` has no URL", s.id);
        }
    }

    /// The embedded form is what the TOML says: loaded again from the embedded files, the
    /// catalogue, the lifecycle data and the (absent) problems are equal to the decoded ones.
    #[test]
    fn the_embedded_catalogue_is_its_toml() {
        let from_toml = embed::Built::from_toml(embedded::FILES, embedded::LIFECYCLE);
        let built: embed::Built = embed::decode(embedded::CATALOGUE).expect("the embedded catalogue decodes");
        assert_eq!(built.errors, from_toml.errors);
        assert!(built.catalogue == from_toml.catalogue, "the embedded catalogue differs from its TOML");
        assert!(*Catalogue::builtin() == from_toml.catalogue);
        assert!(*Catalogue::builtin_lifecycle() == from_toml.lifecycle, "the embedded lifecycle data differs");
        assert!(from_toml.lifecycle.products.contains_key("django") && from_toml.lifecycle.data.is_some());
        // The two parts are embedded apart: the catalogue carries no lifecycle products.
        assert!(built.catalogue.products.is_empty() && built.catalogue.builtin_lifecycle);
        // A form that does not decode is an error, not a panic.
        assert!(embed::decode::<embed::Built>(&embedded::CATALOGUE[..embedded::CATALOGUE.len() / 2]).is_err());
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
