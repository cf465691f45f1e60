//! `Cargo.toml`: `[dependencies]` (Runtime), `[dev-dependencies]` (Dev),
//! `[build-dependencies]` (Build), the same under `[target.'cfg(…)'.…]`, and
//! `[workspace.dependencies]` (Runtime: the versions the members inherit); `rust-version`
//! (of `[package]` or `[workspace.package]`) is the `rust` runtime.
//!
//! An entry is `name = "1.0"` or `name = { version = "1.0", … }` (inline or as a
//! `[dependencies.name]` table); `package = "real"` renames, and the name reported is the
//! real package; `workspace = true` takes version and real name from this file's
//! `[workspace.dependencies]` when it has one. A `path`/`git` dependency without `version`
//! has none. An `optional = true` dependency is Optional unless the `default` feature
//! enables it (directly or through other features): then it is built by default like any
//! other.
//!
//! What the crate is, for deciding services: `package.name` is its [`What::Identity`];
//! `[workspace] members` are [`What::Member`]s; a dependency with a `path` is also a
//! [`What::Local`] (the path, in the dependency's scope); a `[[bin]]` target makes the crate a
//! `service` ([`What::Role`]), `[package.metadata] cargo-fuzz = true` a `fuzz` target (and
//! nothing else), and a `[lib]` table or a package without `[[bin]]` says `library` (a
//! `src/main.rs` beside it, found by the walk, still makes it a service too:
//! `[[detect.role-file]]`).
//!
//! Pinned: `=1.2.3`, and a plain full version `1.2.3` (a caret requirement to Cargo, but the
//! version the manifest names; see `Dependency::pinned`). `1.2`, `^1.2.3`, `~1`, `*` are not.

use std::collections::HashSet;

use super::common::{dep, is_full_semver, is_plain_version, strip_bom, LineIndex};
use super::spans::{toml_document, toml_entry_evidence, toml_str, toml_table, DeTable, DeValue};
use super::{Dependency, Scope, What};

const SECTIONS: [(&str, Scope); 5] = [
    ("dependencies", Scope::Runtime),
    ("dev-dependencies", Scope::Dev),
    ("dev_dependencies", Scope::Dev),
    ("build-dependencies", Scope::Build),
    ("build_dependencies", Scope::Build),
];

pub(super) fn cargo_toml(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let lines = LineIndex::new(text);
    let doc = toml_document(text, &lines)?;
    let workspace = toml_table(&doc, "workspace");
    let inherited = workspace.and_then(|w| toml_table(w, "dependencies"));
    let cx = Context { lines: &lines, inherited, by_default: enabled_by_default(&doc) };
    let mut deps = Vec::new();

    let packages = [toml_table(&doc, "package"), workspace.and_then(|w| toml_table(w, "package"))];
    for package in packages.into_iter().flatten() {
        if let Some((key, value)) = package.get_key_value("rust-version") {
            if let Some(v) = value.get_ref().as_str() {
                let pinned = is_plain_version(v).then(|| v.to_string());
                let evidence = toml_entry_evidence(&lines, key, value);
                let line = lines.line_of(key.span().start);
                deps.push(dep(What::Runtime, "rust", Some(v), pinned, line, evidence, Scope::Runtime));
            }
        }
    }
    roles(&doc, &lines, &mut deps);
    for (section, scope) in SECTIONS {
        if let Some(table) = toml_table(&doc, section) {
            cx.table(table, scope, &mut deps);
        }
    }
    if let Some(targets) = toml_table(&doc, "target") {
        for (_, target) in targets.iter() {
            let Some(target) = target.get_ref().as_table() else { continue };
            for (section, scope) in SECTIONS {
                if let Some(table) = toml_table(target, section) {
                    cx.table(table, scope, &mut deps);
                }
            }
        }
    }
    if let Some(table) = inherited {
        cx.table(table, Scope::Runtime, &mut deps);
    }
    deps.sort_by_key(|d| d.line);
    Ok(deps)
}

/// What the crate is and how it joins others: its name, its workspace members, its role.
fn roles(doc: &DeTable<'_>, lines: &LineIndex<'_>, deps: &mut Vec<Dependency>) {
    let at = |key: &str, table: &DeTable<'_>| -> (u32, String) {
        match table.get_key_value(key) {
            Some((k, v)) => (lines.line_of(k.span().start), toml_entry_evidence(lines, k, v)),
            None => (1, String::new()),
        }
    };
    let mut add = |what: What, name: &str, (line, text): (u32, String)| {
        deps.push(dep(what, name, None, None, line, text, Scope::Runtime));
    };
    if let Some(members) = toml_table(doc, "workspace").and_then(|w| w.get("members")) {
        for m in members.get_ref().as_array().into_iter().flatten() {
            if let Some(path) = m.get_ref().as_str() {
                let line = lines.line_of(m.span().start);
                add(What::Member, path, (line, lines.line_at(m.span().start).trim().to_string()));
            }
        }
    }
    let Some(package) = toml_table(doc, "package") else { return };
    if let Some(name) = toml_str(package, "name") {
        add(What::Identity, name, at("name", package));
    }
    let fuzz = toml_table(package, "metadata")
        .and_then(|m| m.get("cargo-fuzz"))
        .is_some_and(|f| f.get_ref().as_bool() == Some(true));
    let bins = doc.get_key_value("bin").filter(|(_, v)| v.get_ref().as_array().is_some_and(|a| !a.is_empty()));
    if fuzz {
        add(What::Role, "fuzz", at("name", package));
        return;
    }
    if let Some((k, _)) = bins {
        add(What::Role, "service", (lines.line_of(k.span().start), "[[bin]]".to_string()));
    }
    let lib = doc.get_key_value("lib");
    if let Some((k, _)) = lib {
        add(What::Role, "library", (lines.line_of(k.span().start), "[lib]".to_string()));
    } else if bins.is_none() {
        add(What::Role, "library", at("name", package));
    }
}

struct Context<'a, 'i> {
    lines: &'a LineIndex<'a>,
    inherited: Option<&'a DeTable<'i>>,
    /// The dependency keys the `default` feature turns on.
    by_default: HashSet<String>,
}

impl Context<'_, '_> {
    fn table(&self, table: &DeTable<'_>, scope: Scope, deps: &mut Vec<Dependency>) {
        for (key, value) in table.iter() {
            let key_name: &str = key.get_ref();
            let (mut name, mut optional) = (key_name, false);
            let version = match value.get_ref() {
                DeValue::String(v) => Some(v.as_ref()),
                DeValue::Table(t) => {
                    name = toml_str(t, "package").unwrap_or(name);
                    optional = t.get("optional").and_then(|o| o.get_ref().as_bool()).unwrap_or(false);
                    let from_workspace = t.get("workspace").and_then(|w| w.get_ref().as_bool()).unwrap_or(false);
                    match self.inherited.and_then(|w| w.get(key_name)).filter(|_| from_workspace) {
                        Some(entry) => match entry.get_ref() {
                            DeValue::String(v) => Some(v.as_ref()),
                            DeValue::Table(w) => {
                                if toml_str(t, "package").is_none() {
                                    name = toml_str(w, "package").unwrap_or(name);
                                }
                                toml_str(w, "version")
                            }
                            _ => None,
                        },
                        None => toml_str(t, "version"),
                    }
                }
                _ => continue,
            };
            let scope = if optional && !self.by_default.contains(key_name) { Scope::Optional } else { scope };
            let line = self.lines.line_of(key.span().start);
            let evidence = toml_entry_evidence(self.lines, key, value);
            if let Some(path) = value.get_ref().as_table().and_then(|t| toml_str(t, "path")) {
                deps.push(dep(What::Local, path, None, None, line, evidence.clone(), scope));
            }
            deps.push(dep(What::Package, name, version, version.and_then(pinned), line, evidence.clone(), scope));
            // A feature that picks a database backend (`sqlx` with `postgres`) is what says
            // which database the crate talks to: each feature is also reported as
            // `crate/feature`, for the detection data to map.
            if let DeValue::Table(t) = value.get_ref() {
                let features = t.get("features").and_then(|f| f.get_ref().as_array());
                for feature in features.into_iter().flatten().filter_map(|f| f.get_ref().as_str()) {
                    let qualified = format!("{name}/{feature}");
                    deps.push(dep(What::Package, &qualified, None, None, line, evidence.clone(), scope));
                }
            }
        }
    }
}

/// The dependency keys the `default` feature turns on, through the `[features]` table:
/// `key` (the implicit feature of an optional dependency), `dep:key`, `key/feature`; not
/// `key?/feature`, which only adds a feature if something else enables `key`. One walk over
/// the features reachable from `default`.
fn enabled_by_default(doc: &DeTable<'_>) -> HashSet<String> {
    let mut enabled = HashSet::new();
    let Some(features) = toml_table(doc, "features") else { return enabled };
    let mut todo = vec!["default"];
    let mut seen = HashSet::new();
    while let Some(feature) = todo.pop() {
        if !seen.insert(feature) {
            continue;
        }
        let Some(items) = features.get(feature).and_then(|f| f.get_ref().as_array()) else { continue };
        for item in items.iter().filter_map(|i| i.get_ref().as_str()) {
            let target = item.strip_prefix("dep:").unwrap_or(item);
            let dependency = target.split('/').next().unwrap_or(target);
            if !dependency.ends_with('?') {
                enabled.insert(dependency.to_string());
            }
            if !item.contains('/') && !item.starts_with("dep:") {
                todo.push(item);
            }
        }
    }
    enabled
}

fn pinned(version: &str) -> Option<String> {
    let v = version.trim();
    let exact = v.strip_prefix('=').unwrap_or(v).trim_start();
    is_full_semver(exact).then(|| exact.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    /// The root manifest of an Axum service that is also a workspace: inherited versions,
    /// a rename, optional dependencies with and without a default feature enabling them, a
    /// header table, target-specific tables.
    const AXUM: &str = r#"[workspace]
members = ["crates/*"]
resolver = "2"

[workspace.package]
edition = "2021"
rust-version = "1.75"

[workspace.dependencies]
tokio = { version = "1.36", features = ["full"] }
serde = { version = "1.0.197", features = ["derive"] }
jwt = { package = "jsonwebtoken", version = "9.2" }

[package]
name = "api"
version = "0.1.0"
edition.workspace = true
rust-version.workspace = true

[dependencies]
axum = { version = "0.7.4", features = ["macros"] }
tokio = { workspace = true }
serde.workspace = true
jwt = { workspace = true }
tower-http = { version = "0.5", features = ["trace", "cors"] }
sqlx = { version = "=0.7.3", default-features = false, features = ["postgres", "runtime-tokio"] }
tracing = "0.1" # logs
redis = { version = "0.24", optional = true }
metrics = { version = "0.22", optional = true }
shared = { path = "../shared" }

[dependencies.uuid]
version = "1.7.0"
features = ["v4"]

[dev-dependencies]
axum-test = "14.3.0"
tokio = { workspace = true, features = ["test-util"] }

[build-dependencies]
vergen = "8"

[target.'cfg(unix)'.dependencies]
nix = "0.27"

[target.'cfg(windows)'.dev-dependencies]
windows-sys = "0.52"

[features]
default = ["cache"]
cache = ["dep:redis", "tracing/log"]
observability = ["metrics"]
"#;

    #[test]
    fn axum_workspace() {
        assert_eq!(
            rows(&cargo_toml(AXUM).unwrap()),
            [
                "2 Runtime Member crates/* - - | members = [\"crates/*\"]",
                "7 Runtime Runtime rust 1.75 1.75 | rust-version = \"1.75\"",
                "10 Runtime Package tokio 1.36 - | tokio = { version = \"1.36\", features = [\"full\"] }",
                "10 Runtime Package tokio/full - - | tokio = { version = \"1.36\", features = [\"full\"] }",
                "11 Runtime Package serde 1.0.197 1.0.197 | serde = { version = \"1.0.197\", features = [\"derive\"] }",
                "11 Runtime Package serde/derive - - | serde = { version = \"1.0.197\", features = [\"derive\"] }",
                "12 Runtime Package jsonwebtoken 9.2 - | jwt = { package = \"jsonwebtoken\", version = \"9.2\" }",
                "15 Runtime Identity api - - | name = \"api\"",
                "15 Runtime Role library - - | name = \"api\"",
                "21 Runtime Package axum 0.7.4 0.7.4 | axum = { version = \"0.7.4\", features = [\"macros\"] }",
                "21 Runtime Package axum/macros - - | axum = { version = \"0.7.4\", features = [\"macros\"] }",
                "22 Runtime Package tokio 1.36 - | tokio = { workspace = true }",
                "23 Runtime Package serde 1.0.197 1.0.197 | serde.workspace = true",
                "24 Runtime Package jsonwebtoken 9.2 - | jwt = { workspace = true }",
                "25 Runtime Package tower-http 0.5 - | tower-http = { version = \"0.5\", features = [\"trace\", \"cors\"] }",
                "25 Runtime Package tower-http/trace - - | tower-http = { version = \"0.5\", features = [\"trace\", \"cors\"] }",
                "25 Runtime Package tower-http/cors - - | tower-http = { version = \"0.5\", features = [\"trace\", \"cors\"] }",
                "26 Runtime Package sqlx =0.7.3 0.7.3 | sqlx = { version = \"=0.7.3\", default-features = false, features = [\"postgres\", \"runtime-tokio\"] }",
                "26 Runtime Package sqlx/postgres - - | sqlx = { version = \"=0.7.3\", default-features = false, features = [\"postgres\", \"runtime-tokio\"] }",
                "26 Runtime Package sqlx/runtime-tokio - - | sqlx = { version = \"=0.7.3\", default-features = false, features = [\"postgres\", \"runtime-tokio\"] }",
                "27 Runtime Package tracing 0.1 - | tracing = \"0.1\"",
                "28 Runtime Package redis 0.24 - | redis = { version = \"0.24\", optional = true }",
                "29 Optional Package metrics 0.22 - | metrics = { version = \"0.22\", optional = true }",
                "30 Runtime Local ../shared - - | shared = { path = \"../shared\" }",
                "30 Runtime Package shared - - | shared = { path = \"../shared\" }",
                "32 Runtime Package uuid 1.7.0 1.7.0 | [dependencies.uuid]",
                "32 Runtime Package uuid/v4 - - | [dependencies.uuid]",
                "37 Dev Package axum-test 14.3.0 14.3.0 | axum-test = \"14.3.0\"",
                "38 Dev Package tokio 1.36 - | tokio = { workspace = true, features = [\"test-util\"] }",
                "38 Dev Package tokio/test-util - - | tokio = { workspace = true, features = [\"test-util\"] }",
                "41 Build Package vergen 8 - | vergen = \"8\"",
                "44 Runtime Package nix 0.27 - | nix = \"0.27\"",
                "47 Dev Package windows-sys 0.52 - | windows-sys = \"0.52\"",
            ]
        );
    }

    #[test]
    fn member_manifest_and_features() {
        // A member: inherits from a workspace root it cannot see, so no version.
        let text =
            "[package]\nname = \"worker\"\nrust-version = \"1.80.1\"\n\n[dependencies]\ntokio.workspace = true\n\
                    rand = \"^0.8.5\"\nlog = \"~0.4\"\n";
        assert_eq!(
            rows(&cargo_toml(text).unwrap()),
            [
                "2 Runtime Identity worker - - | name = \"worker\"",
                "2 Runtime Role library - - | name = \"worker\"",
                "3 Runtime Runtime rust 1.80.1 1.80.1 | rust-version = \"1.80.1\"",
                "6 Runtime Package tokio - - | tokio.workspace = true",
                "7 Runtime Package rand ^0.8.5 - | rand = \"^0.8.5\"",
                "8 Runtime Package log ~0.4 - | log = \"~0.4\"",
            ]
        );
        // Features that cycle, a default reaching `a/std` two steps away (which enables `a`),
        // a weak `b?/std` (which does not enable `b`).
        let text =
            "[dependencies]\na = { version = \"1\", optional = true }\nb = { version = \"1\", optional = true }\n\
                    [features]\ndefault = [\"x\"]\nx = [\"y\", \"x\"]\ny = [\"a/std\", \"b?/std\", \"x\"]\n";
        let scopes: Vec<_> = cargo_toml(text).unwrap().iter().map(|d| (d.name.clone(), d.scope)).collect();
        assert_eq!(scopes, [("a".to_string(), Scope::Runtime), ("b".to_string(), Scope::Optional)]);
    }

    #[test]
    fn malformed() {
        assert_eq!(
            cargo_toml("[dependencies]\nserde = \n").unwrap_err(),
            "line 2: string values must be quoted, expected literal string"
        );
        assert_eq!(cargo_toml("dependencies = 1\ntarget = 2\n[workspace]\ndependencies = []\n").unwrap(), []);
        let text = "[dependencies]\na = 1\nb = [\"x\"]\nc = { version = 2 }\n";
        assert_eq!(rows(&cargo_toml(text).unwrap()), ["4 Runtime Package c - - | c = { version = 2 }"]);
    }
}
