//! Manifest parsers: the text of one manifest in, the dependencies it declares out, each with
//! the line and text that declare it. Pure functions: no IO (the walk in `detect` reads the
//! files), never a panic on any input; a manifest that cannot be read as its format is an
//! `Err` with a one-line reason. Nothing here knows the catalogue: mapping a dependency to a
//! technology is data (`data/detect.toml`).
//!
//! Each format is one row of [`FORMATS`] below (its fields, and what derives from the table,
//! are in `formats.rs`); its parser is a file of its own, built on `common.rs` (the one
//! `Dependency` constructor, lines and evidence, versions) and, for TOML and JSON,
//! `spans.rs` (`xml.rs` for XML, `jvmlex.rs` for Gradle and sbt).
//!
//! # Adding a manifest format
//!
//! 1. Write its parser in `<format>.rs` here: `text` in, `Result<Vec<Dependency>, String>`
//!    out, each dependency made with `common::dep` (or `LineIndex::dep`), with unit tests
//!    comparing `common::rows`, and a `#[cfg(test)] FRAGMENTS` list of its syntax.
//! 2. In this file, add `mod <format>;` and one row to [`FORMATS`]: key, ecosystem, file
//!    name globs, the parser, its fragments. Recognising and watching the files, the property
//!    tests and the round trip of its globs follow from the row.
//! 3. In `data/detect.toml`, give the key a language in `[detect.languages]` (and a
//!    `[detect.votes]` strength if it is not `weak`), and map its package names with
//!    `[[detect.package]]`. A new ecosystem is also added to `catalogue::ECOSYSTEMS` (a test
//!    says so).
//! 4. Optionally, a sample under `tests/data/detect/` for `init` and `drift` end to end.

mod appconfig;
mod cargo;
mod common;
mod django;
mod docker;
mod doctrine;
mod dotenv;
mod dotnet;
mod ecto;
mod efcore;
mod elixir;
mod formats;
mod go;
mod gradle;
mod jvmlex;
mod laravel;
mod maven;
mod npm;
mod php;
mod pins;
mod pnpm;
mod prisma;
mod procfile;
#[cfg(test)]
mod properties;
mod python;
mod rails;
mod ruby;
mod sbt;
mod settings;
mod spans;
mod spring;
mod xml;
mod yamlkeys;

pub use formats::{watched, Format, FormatInfo, Parser};

/// Every manifest format, one row each (see [`FormatInfo`]). Adding one: its parser file
/// and `mod` line above, a row here, and its language in `data/detect.toml` (the module docs
/// list the steps).
pub static FORMATS: &[FormatInfo] = &[
    FormatInfo {
        key: "requirements",
        ecosystem: "pypi",
        globs: &["*requirements*.txt"],
        parse: |name, text| Ok(python::requirements(name, text)),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["-r", "--hash=x", "django", "==", ">=2", "\\"],
    },
    FormatInfo {
        key: "pyproject",
        ecosystem: "pypi",
        globs: &["pyproject.toml"],
        parse: |_, text| python::pyproject(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["[project]", "dependencies", "python", "[tool.poetry.dependencies]"],
    },
    FormatInfo {
        key: "pipfile",
        ecosystem: "pypi",
        globs: &["Pipfile"],
        parse: |_, text| python::pipfile(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["[packages]", "[requires]", "python_version", "x = "],
    },
    FormatInfo {
        key: "setup-py",
        ecosystem: "pypi",
        globs: &["setup.py"],
        parse: |_, text| Ok(python::setup_py(text)),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["install_requires", "install_requires=[", "extras_require={", "setup("],
    },
    FormatInfo {
        key: "setup-cfg",
        ecosystem: "pypi",
        globs: &["setup.cfg"],
        parse: |_, text| Ok(python::setup_cfg(text)),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["[options]", "install_requires = ", "python_requires", "[options.extras_require]"],
    },
    FormatInfo {
        key: "package-json",
        ecosystem: "npm",
        globs: &["package.json"],
        parse: |_, text| npm::package_json(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: npm::FRAGMENTS,
    },
    FormatInfo {
        key: "pom-xml",
        ecosystem: "maven",
        globs: &["pom.xml"],
        parse: |_, text| maven::parse(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: maven::FRAGMENTS,
    },
    FormatInfo {
        key: "gradle",
        ecosystem: "maven",
        globs: &["build.gradle", "build.gradle.kts"],
        parse: |name, text| gradle::parse(text, name.to_ascii_lowercase().ends_with(".kts")),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: gradle::FRAGMENTS,
    },
    FormatInfo {
        key: "sbt",
        ecosystem: "maven",
        globs: &["build.sbt"],
        parse: |_, text| sbt::parse(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: sbt::FRAGMENTS,
    },
    FormatInfo {
        key: "gemfile",
        ecosystem: "rubygems",
        globs: &["Gemfile"],
        parse: |_, text| Ok(ruby::gemfile(text)),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["gem", "group", ":test", "do", "end", "ruby", "=begin"],
    },
    FormatInfo {
        key: "gemfile-lock",
        ecosystem: "rubygems",
        globs: &["Gemfile.lock"],
        parse: |_, text| Ok(ruby::gemfile_lock(text)),
        locks: Some("gemfile"),
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["GEM", "specs:", "DEPENDENCIES", "RUBY VERSION", "    rails (7.1.3)"],
    },
    FormatInfo {
        key: "composer-json",
        ecosystem: "packagist",
        globs: &["composer.json"],
        parse: |_, text| php::composer_json(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["\"require\": {", "\"php\": \"^8\"", "\"a/b\": \"1\""],
    },
    FormatInfo {
        key: "csproj",
        ecosystem: "nuget",
        globs: &["*.csproj", "*.fsproj", "*.vbproj"],
        parse: |_, text| dotnet::parse(text, false),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: dotnet::FRAGMENTS,
    },
    FormatInfo {
        key: "packages-props",
        ecosystem: "nuget",
        globs: &["Directory.Packages.props"],
        parse: |_, text| dotnet::parse(text, true),
        locks: None,
        images_run_beside: false,
        // Central package versions for the projects below: a folder holding only it is no
        // project (a solution's root is not a service).
        project: false,
        #[cfg(test)]
        fragments: dotnet::FRAGMENTS,
    },
    FormatInfo {
        key: "solution",
        ecosystem: "nuget",
        globs: &["*.sln", "*.slnx"],
        parse: |_, text| dotnet::solution(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: dotnet::SOLUTION_FRAGMENTS,
    },
    FormatInfo {
        key: "cargo-toml",
        ecosystem: "crates",
        globs: &["Cargo.toml"],
        parse: |_, text| cargo::cargo_toml(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &[
            "[dependencies]",
            "package = ",
            "workspace = true",
            "optional = true",
            "[features]",
            "default = [",
        ],
    },
    FormatInfo {
        key: "go-mod",
        ecosystem: "go",
        globs: &["go.mod"],
        parse: |_, text| Ok(go::go_mod(text)),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["require", "require (", "go", "v1.0.0", "// indirect"],
    },
    FormatInfo {
        key: "mix-exs",
        ecosystem: "hex",
        globs: &["mix.exs"],
        parse: |_, text| Ok(elixir::mix_exs(text)),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &["defp", "deps", "do", "end", "{:a", "~> 1.0", "only:", "runtime:", "false", "~s("],
    },
    FormatInfo {
        key: "compose",
        ecosystem: "docker",
        globs: &["docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml"],
        parse: |_, text| docker::compose(text),
        locks: None,
        images_run_beside: true,
        project: true,
        #[cfg(test)]
        fragments: docker::COMPOSE_FRAGMENTS,
    },
    FormatInfo {
        key: "dockerfile",
        ecosystem: "docker",
        globs: &["Dockerfile", "Dockerfile.*", "*.dockerfile"],
        parse: |_, text| docker::dockerfile(text),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: docker::DOCKERFILE_FRAGMENTS,
    },
    FormatInfo {
        key: "procfile",
        // Deployment files, like the container files: no package ecosystem of their own.
        ecosystem: "docker",
        globs: &["Procfile"],
        parse: |_, text| Ok(procfile::procfile(text)),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: procfile::FRAGMENTS,
    },
    FormatInfo {
        key: "pnpm-workspace",
        ecosystem: "npm",
        globs: &["pnpm-workspace.yaml", "pnpm-workspace.yml"],
        parse: |_, text| pnpm::workspace(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: pnpm::FRAGMENTS,
    },
    FormatInfo {
        key: "lerna-json",
        ecosystem: "npm",
        globs: &["lerna.json"],
        parse: |_, text| npm::lerna_json(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: &["\"packages\": [", "\"a/*\"", "\"useWorkspaces\": true"],
    },
    FormatInfo {
        key: "gradle-settings",
        ecosystem: "maven",
        globs: &["settings.gradle", "settings.gradle.kts"],
        parse: |name, text| gradle::settings(text, name.to_ascii_lowercase().ends_with(".kts")),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: gradle::FRAGMENTS,
    },
    FormatInfo {
        key: "manage-py",
        ecosystem: "pypi",
        globs: &["manage.py"],
        parse: |_, text| Ok(python::manage_py(text)),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: &["execute_from_command_line(sys.argv)", "#", "def main():", "\n    "],
    },
    FormatInfo {
        key: "wsgi-asgi",
        ecosystem: "pypi",
        globs: &["wsgi.py", "asgi.py"],
        parse: |_, text| Ok(python::server_entry_py(text)),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: &["application = ", "app =", "==", "get_wsgi_application()", "#"],
    },
    FormatInfo {
        key: "go-main",
        ecosystem: "go",
        globs: &["main.go"],
        parse: |_, text| Ok(go::main_go(text)),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: &["package main", "package x", "//", "/*", "*/", "//go:build x"],
    },
    FormatInfo {
        key: "node-version",
        ecosystem: "npm",
        globs: &[".nvmrc", ".node-version"],
        parse: |_, text| Ok(pins::version_file(text, "node")),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: pins::FRAGMENTS,
    },
    FormatInfo {
        key: "python-version",
        ecosystem: "pypi",
        globs: &[".python-version"],
        parse: |_, text| Ok(pins::version_file(text, "python")),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: pins::FRAGMENTS,
    },
    FormatInfo {
        key: "ruby-version",
        ecosystem: "rubygems",
        globs: &[".ruby-version"],
        parse: |_, text| Ok(pins::version_file(text, "ruby")),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: pins::FRAGMENTS,
    },
    FormatInfo {
        key: "tool-versions",
        ecosystem: "none",
        globs: &[".tool-versions"],
        parse: |_, text| Ok(pins::tool_versions(text)),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: pins::FRAGMENTS,
    },
    FormatInfo {
        key: "rust-toolchain",
        ecosystem: "crates",
        globs: &["rust-toolchain", "rust-toolchain.toml"],
        parse: |_, text| pins::rust_toolchain(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: pins::FRAGMENTS,
    },
    FormatInfo {
        key: "global-json",
        ecosystem: "nuget",
        globs: &["global.json"],
        parse: |_, text| pins::global_json(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: pins::FRAGMENTS,
    },
    FormatInfo {
        key: "dotenv",
        ecosystem: "config",
        globs: &[".env", ".env.*", ".example.env"],
        parse: dotenv::parse,
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: dotenv::FRAGMENTS,
    },
    FormatInfo {
        key: "prisma",
        ecosystem: "config",
        globs: &["*.prisma"],
        parse: |_, text| prisma::parse(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: prisma::FRAGMENTS,
    },
    FormatInfo {
        key: "rails-database",
        ecosystem: "config",
        globs: &["database.yml", "database.yml.*"],
        parse: |_, text| rails::parse(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: rails::FRAGMENTS,
    },
    FormatInfo {
        key: "django-settings",
        ecosystem: "config",
        globs: &["settings.py", "settings_*.py", "*_settings.py"],
        parse: |_, text| django::parse(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: django::FRAGMENTS,
    },
    FormatInfo {
        key: "spring-properties",
        ecosystem: "config",
        globs: &["application*.properties"],
        parse: spring::properties,
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: spring::FRAGMENTS,
    },
    FormatInfo {
        key: "spring-yaml",
        ecosystem: "config",
        globs: &["application*.yml", "application*.yaml"],
        parse: spring::yaml,
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: spring::FRAGMENTS,
    },
    FormatInfo {
        key: "app-config-yaml",
        ecosystem: "config",
        globs: &["config.yaml", "config.yml"],
        parse: appconfig::yaml,
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: appconfig::FRAGMENTS,
    },
    FormatInfo {
        key: "efcore",
        ecosystem: "config",
        globs: &[
            "Program.cs",
            "Startup.cs",
            "*DbContext.cs",
            "*DbContextFactory.cs",
            "*ServiceCollectionExtensions.cs",
        ],
        parse: |_, text| efcore::parse(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: efcore::FRAGMENTS,
    },
    FormatInfo {
        key: "laravel-database",
        ecosystem: "config",
        globs: &["database.php"],
        parse: |_, text| laravel::parse(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: laravel::FRAGMENTS,
    },
    FormatInfo {
        key: "doctrine",
        ecosystem: "config",
        globs: &["doctrine.yaml", "doctrine.yml"],
        parse: |_, text| doctrine::parse(text),
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: doctrine::FRAGMENTS,
    },
    FormatInfo {
        key: "ecto",
        ecosystem: "config",
        globs: &["config.exs", "runtime.exs", "prod.exs", "dev.exs", "test.exs", "repo.ex"],
        parse: ecto::parse,
        locks: None,
        images_run_beside: false,
        project: false,
        #[cfg(test)]
        fragments: ecto::FRAGMENTS,
    },
    FormatInfo {
        key: "gemspec",
        ecosystem: "rubygems",
        globs: &["*.gemspec"],
        parse: |_, text| Ok(ruby::gemspec(text)),
        locks: None,
        images_run_beside: false,
        project: true,
        #[cfg(test)]
        fragments: &[
            "Gem::Specification.new do |spec|",
            "spec.add_dependency",
            "add_development_dependency",
            "\"pg\"",
            "'~> 1.0'",
        ],
    },
];

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
    /// What the project itself is, as its own manifest says (never mapped to a technology;
    /// `init` decides services from it). `name` is one of [`ROLES`]:
    /// - `service`: a deployable entry point by itself (`Sdk.Web`/`Sdk.Worker`, a Cargo
    ///   `[[bin]]` or `src/main.rs`, the Spring Boot, Quarkus, Micronaut or Gradle
    ///   `application` plugin, a main class, `manage.py`, a WSGI/ASGI entry, Go `package main`,
    ///   a Dockerfile, a Procfile);
    /// - `entry`: an entry point that is a service only beside a server framework (an npm
    ///   `start` script or `main`, Python `[project.scripts]`, .NET `OutputType Exe`);
    /// - `test`, `bench`, `fuzz`, `example`, `docs`, `desktop`: never a service;
    /// - `library`: a library by its own declaration (a Cargo `[lib]` or `proc-macro` crate
    ///   without a binary, a Maven `jar` module of a multi-module build without a plugin);
    /// - `front-end`, `host`: named by packages and plugins rather than by a parser (a client
    ///   app; a hosting library), through `[[detect.role]]` in `data/detect.toml`
    ///   (`catalogue::PackageRole`, whose names are all here).
    Role,
    /// A workspace member: a path or glob relative to the manifest's folder (npm/pnpm/yarn
    /// `workspaces`, Cargo `[workspace] members`, Gradle `include`, Maven `<module>`, a `.sln`
    /// project, uv `[tool.uv.workspace] members`).
    Member,
    /// A dependency on another project of the same repository. `name` is a path relative to
    /// the manifest's folder where the manifest gives one (Cargo `path = "../core"`,
    /// `<ProjectReference Include>`, npm `file:`/`link:`), a Gradle project path (`:core`), or
    /// else the other project's name as its [`What::Identity`] declares it (npm
    /// `workspace:*`, a Maven sibling `groupId:artifactId`, a uv `workspace = true` source).
    Local,
    /// The project's own name, for [`What::Local`] references to find it (npm `name`, Cargo
    /// `package.name`, Maven `groupId:artifactId`, pyproject `project.name`).
    Identity,
    /// A compose service built from this repository: `name` is its `build:` context, relative
    /// to the compose file's folder; the databases the same compose file starts are that
    /// service's.
    Build,
}

/// The names a [`What::Role`] takes.
pub const ROLES: &[&str] =
    &["service", "entry", "test", "bench", "fuzz", "example", "docs", "desktop", "library", "front-end", "host"];

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

/// Parses one manifest. `file_name` only refines what the text says (`requirements-dev.txt`
/// is development scope, `build.gradle.kts` is Kotlin).
pub fn parse(format: Format, file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
    format.parse(file_name, text)
}

/// Parses a manifest of the format its name says, for the parsers' tests.
#[cfg(test)]
fn parse_file(file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let format = Format::of(file_name).ok_or_else(|| format!("{file_name} is not a manifest"))?;
    format.parse(file_name, text)
}
