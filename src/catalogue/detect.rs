//! Detection data (`data/detect.toml`): which manifest packages, images, runtime
//! requirements and files name which technology, and how strongly each manifest format votes
//! for its language. Read and checked here, kept as plain data; the walk and the mapping are
//! in `crate::detect`.

use indexmap::IndexMap;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{Catalogue, CatalogueError, TechId};

/// One mapping: names of one ecosystem → a technology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub tech: TechId,
    /// Technologies this one brings in itself, not reported beside it.
    pub hides: Vec<TechId>,
    /// For a language: the language it refines, which it then replaces (Kotlin's standard
    /// library in a Java build makes it Kotlin).
    pub replaces: Option<TechId>,
    /// Whether the package's version is the technology's (a framework's own package), or
    /// only its own (`Swashbuckle.AspNetCore` 6.5 is no ASP.NET Core 6.5).
    pub versioned: bool,
}

/// A file or folder whose presence changes the language (`src/main/kotlin` → Kotlin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// Relative to a folder holding a manifest.
    pub path: String,
    pub tech: TechId,
    /// The language it replaces, if any (`java`).
    pub replaces: Option<TechId>,
}

/// A file or folder beside a manifest of one format that says what the project is
/// (`[[detect.role-file]]`: `src/main.rs` beside a `Cargo.toml` makes the crate a service).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleFile {
    /// The manifest format's key (`cargo-toml`).
    pub format: String,
    /// Relative to the manifest's folder.
    pub path: String,
    /// A role name (`crate::detect::manifest::ROLES`).
    pub role: String,
}

/// Folder names that say what a project is when nothing else does (`[[detect.folder-role]]`,
/// the last resort: `tests/`, `*.Tests`, `benches/`, `fuzz/`, `examples/`, `docs/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderRole {
    /// Whole folder names, lower case, matched against every folder of the project's path.
    pub names: Vec<String>,
    /// Endings of the project folder's own name, lower case (`.tests`).
    pub suffixes: Vec<String>,
    pub role: String,
}

/// The roles the data may give (the same as `crate::detect::manifest::ROLES`, which a test
/// compares: this file is also compiled by `build.rs`, which sees nothing else of the crate).
pub const ROLE_NAMES: &[&str] =
    &["service", "entry", "test", "bench", "fuzz", "example", "docs", "desktop", "library", "front-end", "host"];
/// What a package or build plugin says about the project that uses it (`[[detect.role]]`):
/// not a technology, a hint for deciding which projects are services. The variants are in
/// precedence order, strongest first (`Ord`): when a project's packages name several roles,
/// the first wins (a test project that references a host is a test project; a Next.js app,
/// which also uses `react-dom`, is a service).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PackageRole {
    /// A test project (`Microsoft.NET.Test.Sdk`, `pytest`, JUnit): never a service.
    Test,
    /// A benchmark (`BenchmarkDotNet`, `pytest-benchmark`): never a service.
    Bench,
    /// Documentation (`sphinx`, `mkdocs`): never a service.
    Docs,
    /// A desktop app's shell (Tauri, Electron): never a service, whatever server library it
    /// embeds for itself.
    Desktop,
    /// Deployable by itself (the Spring Boot, Quarkus, Micronaut application or Gradle
    /// `application` plugin, a full-stack web framework such as Next.js).
    Service,
    /// A hosting library (`Microsoft.Extensions.Hosting`): a service when the project is also
    /// an executable entry point.
    Host,
    /// A client app, in a browser or on a device (React, Vue, Angular, Svelte, React Native),
    /// or a build that bundles one (the Gradle node plugins): not a service by itself.
    FrontEnd,
    /// A library by its build's declaration (Gradle's `java-library`, a `java-platform` BOM,
    /// build logic such as `groovy-gradle-plugin`): never deployed by itself.
    Library,
}

impl PackageRole {
    /// Every role, as `[[detect.role]]` and `What::Role` name it, in precedence order.
    pub const ALL: &'static [(&'static str, PackageRole)] = &[
        ("test", PackageRole::Test),
        ("bench", PackageRole::Bench),
        ("docs", PackageRole::Docs),
        ("desktop", PackageRole::Desktop),
        ("service", PackageRole::Service),
        ("host", PackageRole::Host),
        ("front-end", PackageRole::FrontEnd),
        ("library", PackageRole::Library),
    ];

    /// Its name in the data, which is also a `What::Role` name.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, r)| *r == self).map_or("", |(n, _)| n)
    }
}

/// One `[[detect.role]]` name: the role, and whether a development dependency counts too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRule {
    pub role: PackageRole,
    /// Whether the package says the role also as a development dependency (a front end's
    /// framework is often a devDependency, bundled at build time). Otherwise only a runtime
    /// dependency or a build plugin says it.
    pub dev: bool,
    /// Whether the package says the role only of a project that names no framework and has
    /// no entry point of its own (`pytest` or `mkdocs` in a Django app's one requirements
    /// file does not make it a test or documentation project).
    pub weak: bool,
}

/// How strongly a manifest votes for its format's language. A folder's language is decided by
/// the votes of the highest strength found in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub enum Vote {
    /// Counted only when no manifest votes more strongly (`[detect.votes]`: a front end's
    /// `package.json` beside a back end).
    Fallback,
    /// What a format's language gets by default (`[detect.languages]`).
    #[default]
    Weak,
    /// A manifest that names a framework or database, and a package that names a language
    /// (`kotlin-stdlib`).
    Strong,
}

/// How a runtime version ranks when several files of a folder give one: the highest wins
/// (`[detect.pins]` gives a format's; an image's depends on its Dockerfile stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub enum PinRank {
    /// The least version the build needs, not what runs (Cargo's `rust-version`, the .NET SDK
    /// of `global.json`, which builds older targets).
    Build,
    /// The image a build stage of a Dockerfile comes from (the toolchain that compiled it).
    Builder,
    /// The image the last stage of a Dockerfile comes from (what ships).
    Image,
    /// A manifest's runtime field (`requires-python`, `engines`, `TargetFramework`, `go`).
    #[default]
    Manifest,
    /// A version file of a version manager or toolchain (`.nvmrc`, `rust-toolchain.toml`).
    Toolchain,
}

impl PinRank {
    /// The ranks a format may be given in `[detect.pins]` (images rank by their stage).
    const IN_DATA: &'static [(&'static str, PinRank)] =
        &[("toolchain", PinRank::Toolchain), ("manifest", PinRank::Manifest), ("build", PinRank::Build)];
}

impl Vote {
    /// The strengths a format may be given in `[detect.votes]` (`Strong` is earned by naming
    /// a framework or database, never given).
    const IN_DATA: &'static [(&'static str, Vote)] = &[("weak", Vote::Weak), ("fallback", Vote::Fallback)];
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectRules {
    /// Manifest format key (`requirements`, `pom-xml`) → language.
    pub languages: FxHashMap<String, TechId>,
    /// Manifest format key → how strongly it votes for its language when the manifest names no
    /// framework or database (`Weak` when absent).
    pub votes: FxHashMap<String, Vote>,
    /// (ecosystem, normalised name) → mapping.
    pub packages: FxHashMap<(String, String), Mapping>,
    /// (ecosystem, normalised prefix, mapping): names that start with the prefix.
    pub prefixes: Vec<(String, String, Mapping)>,
    /// (ecosystem, normalised name) of mappings with `forks = true`: a scoped fork
    /// `@scope/NAME` of NAME maps as NAME does (`@vscode/sqlite3`), unless it is `@types/`.
    pub forks: rustc_hash::FxHashSet<(String, String)>,
    /// Normalised image repository → mapping.
    pub images: FxHashMap<String, Mapping>,
    /// Runtime requirement name (`python`, `node`, `dotnet`) → the technology whose version it
    /// gives (a language, or a platform framework such as ASP.NET Core).
    pub runtimes: FxHashMap<String, TechId>,
    /// Normalised image repository of a runtime (`python`, `dotnet/aspnet`) → that technology:
    /// a Dockerfile `FROM` of it gives the runtime's version.
    pub runtime_images: FxHashMap<String, TechId>,
    /// Manifest format key → how its runtime version ranks (`Manifest` when absent).
    pub pins: FxHashMap<String, PinRank>,
    pub signals: Vec<Signal>,
    pub role_files: Vec<RoleFile>,
    pub folder_roles: Vec<FolderRole>,
    /// (ecosystem, normalised package or plugin name) → the role it gives its project.
    pub roles: FxHashMap<(String, String), RoleRule>,
    /// Folder names, lower case, whose manifests belong to the project above them
    /// (`[detect] part-folders`: a Python project's `requirements/`).
    pub part_folders: rustc_hash::FxHashSet<String>,
}

/// A package name as compared: lower case; for PyPI, `-`, `_` and `.` alike (PEP 503).
pub fn normalise(ecosystem: &str, name: &str) -> String {
    let lower = name.trim().to_lowercase();
    if ecosystem == "pypi" {
        lower.replace(['_', '.'], "-")
    } else {
        lower
    }
}

impl DetectRules {
    pub fn package(&self, ecosystem: &str, name: &str) -> Option<&Mapping> {
        let name = normalise(ecosystem, name);
        self.packages
            .get(&(ecosystem.to_string(), name.clone()))
            .or_else(|| {
                self.prefixes.iter().find(|(e, p, _)| e == ecosystem && name.starts_with(p.as_str())).map(|(_, _, m)| m)
            })
            .or_else(|| self.fork(ecosystem, &name))
    }

    /// A scoped fork of a name whose mapping says `forks = true`: `@louislam/sqlite3` as
    /// `sqlite3`. Type declarations (`@types/pg`) are not a driver.
    fn fork(&self, ecosystem: &str, name: &str) -> Option<&Mapping> {
        let (scope, base) = name.strip_prefix('@')?.split_once('/')?;
        if scope == "types" || scope.is_empty() {
            return None;
        }
        let key = (ecosystem.to_string(), base.to_string());
        self.forks.contains(&key).then(|| self.packages.get(&key)).flatten()
    }

    /// The role a package or build plugin of `ecosystem` gives the project that uses it
    /// (`[[detect.role]]`); Gradle plugin ids are `maven` names.
    pub fn role(&self, ecosystem: &str, name: &str) -> Option<RoleRule> {
        self.roles.get(&(ecosystem.to_string(), normalise(ecosystem, name))).copied()
    }

    pub fn image(&self, repository: &str) -> Option<&Mapping> {
        self.images.get(&repository.trim().to_lowercase())
    }

    /// The runtime an image is (`python`, `node`, `dotnet/aspnet`), whose version its tag gives.
    pub fn runtime_image(&self, repository: &str) -> Option<TechId> {
        self.runtime_images.get(&repository.trim().to_lowercase()).copied()
    }

    /// How the runtime version a manifest of format `key` gives ranks.
    pub fn pin_rank(&self, key: &str) -> PinRank {
        self.pins.get(key).copied().unwrap_or_default()
    }

    /// How strongly the manifest format `key` votes for its language when it names no
    /// framework or database.
    pub fn vote(&self, key: &str) -> Vote {
        self.votes.get(key).copied().unwrap_or_default()
    }
}

/// Known ecosystems of `[[detect.package]]` (a test in `crate::detect::manifest` ties them to
/// the formats' table).
pub const ECOSYSTEMS: &[&str] =
    &["pypi", "npm", "maven", "rubygems", "packagist", "nuget", "crates", "go", "hex", "config"];

/// The `[detect]` table of one catalogue file, as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct DetectData {
    #[serde(default)]
    languages: IndexMap<String, String>,
    #[serde(default)]
    votes: IndexMap<String, String>,
    #[serde(default)]
    package: Vec<PackageData>,
    #[serde(default)]
    image: Vec<NamesData>,
    #[serde(default)]
    runtime: Vec<RuntimeData>,
    #[serde(default)]
    pins: IndexMap<String, String>,
    #[serde(default)]
    signal: Vec<SignalData>,
    #[serde(default)]
    role: Vec<RoleData>,
    #[serde(default, rename = "role-file")]
    role_file: Vec<RoleFileData>,
    #[serde(default, rename = "folder-role")]
    folder_role: Vec<FolderRoleData>,
    #[serde(default, rename = "part-folders")]
    part_folders: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleFileData {
    format: String,
    paths: Vec<String>,
    role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FolderRoleData {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    suffixes: Vec<String>,
    role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleData {
    role: String,
    ecosystem: String,
    names: Vec<String>,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    weak: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackageData {
    ecosystem: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    tech: String,
    #[serde(default)]
    hides: Vec<String>,
    replaces: Option<String>,
    #[serde(default = "yes")]
    versioned: bool,
    /// Scoped forks of these names (`@scope/NAME`) map too.
    #[serde(default)]
    forks: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuntimeData {
    names: Vec<String>,
    #[serde(default)]
    images: Vec<String>,
    tech: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesData {
    names: Vec<String>,
    tech: String,
    #[serde(default)]
    hides: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalData {
    path: String,
    tech: String,
    replaces: Option<String>,
}

/// Adds a file's detection data to `rules`; a later file's mapping of the same name wins.
/// Technologies are resolved against `catalogue` (every file's technologies are known by now).
pub(super) fn merge(
    catalogue: &Catalogue,
    mut rules: DetectRules,
    d: DetectData,
    path: &str,
    errors: &mut Vec<CatalogueError>,
) -> DetectRules {
    let mut error = |m: String| {
        errors.push(CatalogueError {
            file: path.to_string(),
            span: None,
            message: format!("detect: {m}"),
            syntax: false,
        })
    };
    let tech = |id: &str, error: &mut dyn FnMut(String)| -> Option<usize> {
        match catalogue.lookup(id) {
            Some(t) if catalogue.tech(t).id == id => Some(t),
            _ => {
                error(format!("`{id}` is not a technology id"));
                None
            }
        }
    };
    for (format, lang) in d.languages {
        if let Some(t) = tech(&lang, &mut error) {
            rules.languages.insert(format, t);
        }
    }
    for (format, vote) in d.votes {
        match Vote::IN_DATA.iter().find(|(name, _)| *name == vote) {
            Some(&(_, v)) => {
                rules.votes.insert(format, v);
            }
            None => {
                let known = Vote::IN_DATA.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
                error(format!("votes: `{format}` has unknown strength `{vote}` (known: {known})"));
            }
        }
    }
    for p in d.package {
        if !ECOSYSTEMS.contains(&p.ecosystem.as_str()) {
            error(format!("unknown ecosystem `{}` (known: {})", p.ecosystem, ECOSYSTEMS.join(", ")));
            continue;
        }
        let Some(t) = tech(&p.tech, &mut error) else { continue };
        let hides = p.hides.iter().filter_map(|h| tech(h, &mut error)).collect::<Vec<_>>();
        let replaces = p.replaces.as_deref().and_then(|r| tech(r, &mut error));
        let mapping = Mapping { tech: t, hides, replaces, versioned: p.versioned };
        for n in &p.names {
            let key = (p.ecosystem.clone(), normalise(&p.ecosystem, n));
            if p.forks {
                rules.forks.insert(key.clone());
            }
            rules.packages.insert(key, mapping.clone());
        }
        for prefix in &p.prefixes {
            rules.prefixes.push((p.ecosystem.clone(), normalise(&p.ecosystem, prefix), mapping.clone()));
        }
    }
    for i in d.image {
        let Some(t) = tech(&i.tech, &mut error) else { continue };
        let hides = i.hides.iter().filter_map(|h| tech(h, &mut error)).collect::<Vec<_>>();
        for n in &i.names {
            rules.images.insert(
                n.trim().to_lowercase(),
                Mapping { tech: t, hides: hides.clone(), replaces: None, versioned: true },
            );
        }
    }
    for r in d.runtime {
        let Some(t) = tech(&r.tech, &mut error) else { continue };
        for n in &r.names {
            rules.runtimes.insert(n.trim().to_lowercase(), t);
        }
        for i in &r.images {
            rules.runtime_images.insert(i.trim().to_lowercase(), t);
        }
    }
    for (format, rank) in d.pins {
        match PinRank::IN_DATA.iter().find(|(name, _)| *name == rank) {
            Some(&(_, r)) => {
                rules.pins.insert(format, r);
            }
            None => {
                let known = PinRank::IN_DATA.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
                error(format!("pins: `{format}` has unknown rank `{rank}` (known: {known})"));
            }
        }
    }
    for s in d.signal {
        let Some(t) = tech(&s.tech, &mut error) else { continue };
        let replaces = s.replaces.as_deref().and_then(|r| tech(r, &mut error));
        if s.path.starts_with('/') || s.path.split('/').any(|c| c == "..") {
            error(format!("signal path `{}` must stay inside the folder", s.path));
            continue;
        }
        rules.signals.push(Signal { path: s.path, tech: t, replaces });
    }
    let known_role = |role: &str, error: &mut dyn FnMut(String)| {
        let known = ROLE_NAMES.contains(&role);
        if !known {
            error(format!("unknown role `{role}` (known: {})", ROLE_NAMES.join(", ")));
        }
        known
    };
    for r in d.role_file {
        if !known_role(&r.role, &mut error) {
            continue;
        }
        for path in r.paths {
            if path.is_empty() || path.starts_with('/') || path.split('/').any(|c| c == "..") {
                error(format!("role-file path `{path}` must stay inside the folder"));
                continue;
            }
            rules.role_files.push(RoleFile { format: r.format.clone(), path, role: r.role.clone() });
        }
    }
    for f in d.folder_role {
        if !known_role(&f.role, &mut error) {
            continue;
        }
        let lower = |v: Vec<String>| v.into_iter().map(|n| n.to_lowercase()).collect();
        rules.folder_roles.push(FolderRole { names: lower(f.names), suffixes: lower(f.suffixes), role: f.role });
    }
    for name in d.part_folders {
        if name.is_empty() || name.contains('/') {
            error(format!("part-folders: `{name}` must be one folder name"));
            continue;
        }
        rules.part_folders.insert(name.to_lowercase());
    }
    // A later file may give a name another role; one file gives each name one.
    let mut seen = rustc_hash::FxHashSet::default();
    for r in d.role {
        let Some(&(_, role)) = PackageRole::ALL.iter().find(|(name, _)| *name == r.role) else {
            let known = PackageRole::ALL.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
            error(format!("role: unknown role `{}` (known: {known})", r.role));
            continue;
        };
        if !ECOSYSTEMS.contains(&r.ecosystem.as_str()) {
            error(format!("role: unknown ecosystem `{}` (known: {})", r.ecosystem, ECOSYSTEMS.join(", ")));
            continue;
        }
        for n in &r.names {
            let key = (r.ecosystem.clone(), normalise(&r.ecosystem, n));
            if !seen.insert(key.clone()) {
                error(format!("role: `{n}` ({}) is given a role twice", r.ecosystem));
            }
            rules.roles.insert(key, RoleRule { role, dev: r.dev, weak: r.weak });
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        let (_, errors) = Catalogue::with_user_files(&[("user.toml", text)]);
        errors.into_iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn votes_and_replacements_are_data() {
        let rules = &Catalogue::builtin().detect;
        assert_eq!(rules.vote("package-json"), Vote::Fallback);
        assert_eq!(rules.vote("pom-xml"), Vote::Weak);
        let kotlin = rules.package("maven", "org.jetbrains.kotlin:kotlin-stdlib").expect("kotlin-stdlib is mapped");
        assert_eq!(kotlin.replaces, Catalogue::builtin().lookup("java"));
    }

    #[test]
    fn scoped_forks_of_drivers_map_only_where_the_data_says() {
        let c = Catalogue::builtin();
        let tech = |name: &str| c.detect.package("npm", name).map(|m| c.tech(m.tech).id.as_str());
        assert_eq!(tech("@louislam/sqlite3"), Some("sqlite"));
        assert_eq!(tech("@vscode/sqlite3"), Some("sqlite"));
        assert_eq!(tech("@acme/pg"), Some("postgresql"));
        for not in
            ["@types/pg", "@types/sqlite3", "@prisma/client", "@/pg", "@acme/express", "@acme/mongoose", "@x/y/pg"]
        {
            assert_eq!(tech(not), None, "{not}");
        }
        // Only npm's mappings say `forks`.
        assert_eq!(c.detect.package("pypi", "@x/psycopg2"), None);
    }

    #[test]
    fn roles_are_data_compared_as_the_ecosystem_compares_names() {
        let rules = &Catalogue::builtin().detect;
        let role = |e: &str, n: &str| rules.role(e, n).map(|r| (r.role.name(), r.dev));
        assert_eq!(role("nuget", "microsoft.net.test.sdk"), Some(("test", false)));
        assert_eq!(role("nuget", "Microsoft.Extensions.Hosting"), Some(("host", false)));
        assert_eq!(role("npm", "react-dom"), Some(("front-end", true)));
        assert_eq!(role("npm", "next"), Some(("service", false)));
        assert_eq!(role("maven", "org.springframework.boot"), Some(("service", false)));
        assert_eq!(role("maven", "com.github.node-gradle.node"), Some(("front-end", false)));
        assert_eq!(role("pypi", "Pytest"), Some(("test", false)));
        assert_eq!(role("pypi", "mkdocs_material"), Some(("docs", false)));
        // The same name in another ecosystem, and a package that says nothing.
        assert_eq!(role("pypi", "react-dom"), None);
        assert_eq!(role("npm", "express"), None);
    }

    #[test]
    fn every_role_is_a_manifest_role_and_the_strongest_comes_first() {
        for (name, role) in PackageRole::ALL {
            assert!(crate::detect::manifest::ROLES.contains(name), "{name} is not in manifest::ROLES");
            assert_eq!(role.name(), *name);
        }
        assert!(PackageRole::Test < PackageRole::Service && PackageRole::Service < PackageRole::FrontEnd);
        let mut sorted = PackageRole::ALL.to_vec();
        sorted.sort_by_key(|(_, r)| *r);
        assert_eq!(sorted, PackageRole::ALL);
    }

    #[test]
    fn bad_role_data_is_an_error_naming_what_is_known() {
        let role = |role: &str, ecosystem: &str, names: &str| {
            errors(&format!("[[detect.role]]\nrole = \"{role}\"\necosystem = \"{ecosystem}\"\nnames = [{names}]\n"))
        };
        assert_eq!(
            role("server", "npm", "\"x\""),
            ["user.toml: detect: role: unknown role `server` (known: test, bench, docs, desktop, service, host, front-end, library)"]
        );
        assert_eq!(
            role("test", "cpan", "\"x\""),
            [format!("user.toml: detect: role: unknown ecosystem `cpan` (known: {})", ECOSYSTEMS.join(", "))]
        );
        assert_eq!(
            role("test", "pypi", "\"Py_Test\", \"py.test\""),
            ["user.toml: detect: role: `py.test` (pypi) is given a role twice"]
        );
        // A user file may give a built-in name another role.
        assert_eq!(role("service", "npm", "\"react-dom\""), Vec::<String>::new());
        let (catalogue, _) = Catalogue::with_user_files(&[(
            "user.toml",
            "[[detect.role]]\nrole = \"service\"\necosystem = \"npm\"\nnames = [\"react-dom\"]\n",
        )]);
        assert_eq!(catalogue.detect.role("npm", "react-dom").map(|r| r.role), Some(PackageRole::Service));
    }

    #[test]
    fn bad_detection_data_is_an_error_naming_what_is_known() {
        assert_eq!(
            errors("[detect.votes]\ngradle = \"loud\"\n"),
            ["user.toml: detect: votes: `gradle` has unknown strength `loud` (known: weak, fallback)"]
        );
        assert_eq!(
            errors("[detect.votes]\ngradle = \"strong\"\n"),
            ["user.toml: detect: votes: `gradle` has unknown strength `strong` (known: weak, fallback)"]
        );
        assert_eq!(
            errors(
                "[[detect.package]]\necosystem = \"maven\"\nnames = [\"x\"]\ntech = \"kotlin\"\nreplaces = \"javaa\"\n"
            ),
            ["user.toml: detect: `javaa` is not a technology id"]
        );
        assert_eq!(errors("[detect.votes]\ngradle = \"fallback\"\n"), Vec::<String>::new());
    }
}
