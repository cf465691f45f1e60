//! Manifest parsers: the text of one manifest in, the dependencies it declares out, each with
//! the line and text that declare it. Pure functions: no IO (the walk in `detect` reads the
//! files), never a panic on any input; a manifest that cannot be read as its format is an
//! `Err` with a one-line reason. Nothing here knows the catalogue: mapping a dependency to a
//! technology is data (`data/detect.toml`).

mod cargo;
mod docker;
mod dotnet;
mod elixir;
mod go;
mod gradle;
mod jvmlex;
mod maven;
mod npm;
mod php;
mod python;
mod ruby;
mod sbt;
mod source;
mod textpos;
mod xml;

/// What a manifest entry declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum What {
    /// A package of the ecosystem (`django`, `@nestjs/core`,
    /// `org.springframework.boot:spring-boot-starter-web`, `github.com/gin-gonic/gin`).
    Package,
    /// The language or platform version the manifest asks for, named by the ecosystem's
    /// runtime: `python` (requires-python, Pipfile, Poetry), `node` (engines), `php`
    /// (composer), `ruby` (Gemfile), `go` (go directive), `java` (Maven/Gradle release or
    /// toolchain), `dotnet` (TargetFramework `net8.0` → `8.0`), `scala` (scalaVersion),
    /// `elixir` (mix.exs), `rust` (rust-version).
    Runtime,
    /// A build plugin or parent: Gradle plugin ids (`org.springframework.boot`,
    /// `org.jetbrains.kotlin.jvm`), Maven parent (`org.springframework.boot:spring-boot-starter-parent`),
    /// sbt plugins (`PlayScala`).
    Plugin,
    /// A container image (`postgres`, `bitnami/redis`, `python`), from compose files and
    /// Dockerfile `FROM` lines; the tag is the version.
    Image,
    /// A .NET project SDK (`Microsoft.NET.Sdk.Web`).
    Sdk,
}

/// Where a dependency is used: only `Runtime` ones say what the service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Runtime,
    /// Development only (devDependencies, `group :development`, requirements-dev.txt, …).
    Dev,
    /// Tests only (Maven `<scope>test</scope>`, `testImplementation`, `% Test`, `only: :test`).
    Test,
    /// Build time only (build-dependencies, annotation processors, Maven `provided`).
    Build,
    /// Optional extras (optional-dependencies, extras_require, optionalDependencies).
    Optional,
    /// Pulled in by another dependency, not asked for (`// indirect` in go.mod, lock-file
    /// entries that are not direct dependencies).
    Indirect,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub what: What,
    /// As the ecosystem spells it, case kept (`Flask`); the mapping compares per ecosystem.
    pub name: String,
    /// The version or requirement as written (`==2.3.2`, `^5.0.0`, `~> 7.1`, `3.2.0`, a tag
    /// `16-alpine`), if any.
    pub version: Option<String>,
    /// The exact version when the manifest pins one (`==2.3.2` → `2.3.2`, a lock file's
    /// `rails (7.1.3)` → `7.1.3`, a plain Maven/Gradle/Cargo version `3.2.0`, an image tag
    /// that starts with digits `16.2-alpine` → `16.2`); `None` for ranges.
    pub pinned: Option<String>,
    /// 1-based line of the declaration.
    pub line: u32,
    /// The evidence, as the manifest writes it, on one line and trimmed: `Flask==2.3.2`,
    /// `"express": "^4.18.2"`, `<artifactId>spring-boot-starter-web</artifactId>`,
    /// `image: postgres:16`.
    pub text: String,
    pub scope: Scope,
}

/// File name patterns of the manifests, as globs (without a folder): what the language
/// server asks the client to watch.
pub const WATCHED: &[&str] = &[
    "*requirements*.txt",
    "pyproject.toml",
    "Pipfile",
    "setup.py",
    "setup.cfg",
    "package.json",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "build.sbt",
    "Gemfile",
    "Gemfile.lock",
    "composer.json",
    "*.csproj",
    "Directory.Packages.props",
    "Cargo.toml",
    "go.mod",
    "mix.exs",
    "docker-compose*.yml",
    "docker-compose*.yaml",
    "compose.yml",
    "compose.yaml",
    "Dockerfile*",
];

/// The manifest formats, recognised by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `requirements*.txt` (and `*requirements.txt`); a name with `dev` or `test` in it is
    /// development or test scope.
    Requirements,
    /// `pyproject.toml`: PEP 621 `[project]` and Poetry `[tool.poetry]`.
    Pyproject,
    Pipfile,
    /// `setup.py`: best effort, `install_requires=[...]` string literals.
    SetupPy,
    SetupCfg,
    PackageJson,
    PomXml,
    /// `build.gradle` and `build.gradle.kts`.
    Gradle,
    /// `build.sbt`.
    Sbt,
    Gemfile,
    GemfileLock,
    ComposerJson,
    /// `*.csproj` (and `*.fsproj`, `*.vbproj`).
    Csproj,
    /// `Directory.Packages.props`: central package versions.
    PackagesProps,
    CargoToml,
    GoMod,
    MixExs,
    /// `docker-compose*.yml`, `docker-compose*.yaml`, `compose.yml`, `compose.yaml`.
    Compose,
    /// `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`.
    Dockerfile,
}

impl Format {
    /// The format of a file by its name (not its path), if it is a manifest.
    pub fn of(file_name: &str) -> Option<Format> {
        let lower = file_name.to_ascii_lowercase();
        let f = match lower.as_str() {
            "pyproject.toml" => Format::Pyproject,
            "pipfile" => Format::Pipfile,
            "setup.py" => Format::SetupPy,
            "setup.cfg" => Format::SetupCfg,
            "package.json" => Format::PackageJson,
            "pom.xml" => Format::PomXml,
            "build.gradle" | "build.gradle.kts" => Format::Gradle,
            "build.sbt" => Format::Sbt,
            "gemfile" => Format::Gemfile,
            "gemfile.lock" => Format::GemfileLock,
            "composer.json" => Format::ComposerJson,
            "directory.packages.props" => Format::PackagesProps,
            "cargo.toml" => Format::CargoToml,
            "go.mod" => Format::GoMod,
            "mix.exs" => Format::MixExs,
            "compose.yml" | "compose.yaml" => Format::Compose,
            "dockerfile" => Format::Dockerfile,
            _ if lower.ends_with(".txt") && lower.contains("requirements") => Format::Requirements,
            _ if lower.starts_with("docker-compose") && (lower.ends_with(".yml") || lower.ends_with(".yaml")) => {
                Format::Compose
            }
            _ if lower.ends_with(".csproj") || lower.ends_with(".fsproj") || lower.ends_with(".vbproj") => {
                Format::Csproj
            }
            _ if lower.starts_with("dockerfile.") || lower.ends_with(".dockerfile") => Format::Dockerfile,
            _ => return None,
        };
        Some(f)
    }

    /// The ecosystem whose package names the format uses, as `data/detect.toml` names it.
    pub fn ecosystem(self) -> &'static str {
        match self {
            Format::Requirements | Format::Pyproject | Format::Pipfile | Format::SetupPy | Format::SetupCfg => "pypi",
            Format::PackageJson => "npm",
            Format::PomXml | Format::Gradle | Format::Sbt => "maven",
            Format::Gemfile | Format::GemfileLock => "rubygems",
            Format::ComposerJson => "packagist",
            Format::Csproj | Format::PackagesProps => "nuget",
            Format::CargoToml => "crates",
            Format::GoMod => "go",
            Format::MixExs => "hex",
            Format::Compose | Format::Dockerfile => "docker",
        }
    }
}

/// Parses one manifest. `file_name` only refines the scope (`requirements-dev.txt`).
pub fn parse(format: Format, file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
    match format {
        Format::Requirements => Ok(python::requirements(file_name, text)),
        Format::Pyproject => python::pyproject(text),
        Format::Pipfile => python::pipfile(text),
        Format::SetupPy => Ok(python::setup_py(text)),
        Format::SetupCfg => Ok(python::setup_cfg(text)),
        Format::PackageJson => npm::package_json(text),
        Format::Gemfile => Ok(ruby::gemfile(text)),
        Format::GemfileLock => Ok(ruby::gemfile_lock(text)),
        Format::ComposerJson => php::composer_json(text),
        Format::CargoToml => cargo::cargo_toml(text),
        Format::GoMod => Ok(go::go_mod(text)),
        Format::MixExs => Ok(elixir::mix_exs(text)),
        Format::PomXml => maven::parse(text),
        Format::Csproj => dotnet::parse(text, false),
        Format::PackagesProps => dotnet::parse(text, true),
        Format::Gradle => gradle::parse(text, file_name.to_ascii_lowercase().ends_with(".kts")),
        Format::Sbt => sbt::parse(text),
        Format::Compose => docker::compose(text),
        Format::Dockerfile => docker::dockerfile(text),
    }
}

/// A dependency as a comparable row, for the parsers' tests.
#[cfg(test)]
type Row<'a> = (What, &'a str, Option<&'a str>, Option<&'a str>, u32, Scope);

#[cfg(test)]
fn rows(deps: &[Dependency]) -> Vec<Row<'_>> {
    deps.iter().map(|d| (d.what, d.name.as_str(), d.version.as_deref(), d.pinned.as_deref(), d.line, d.scope)).collect()
}
