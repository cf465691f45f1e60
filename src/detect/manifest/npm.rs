//! `package.json`: `dependencies` (Runtime), `devDependencies` (Dev), `optionalDependencies`
//! (Optional), `peerDependencies` (Build: a peer is provided by the host project, not pulled
//! in by this package) and `engines.node` (the `node` runtime).
//!
//! An alias `"h3-v1": "npm:h3@^1.8.0"` declares the real package (`h3`, `^1.8.0`). Other
//! specifiers (`workspace:*`, `file:…`, git URLs, dist-tags) are kept as the version, never
//! pinned; only a full `MAJOR.MINOR.PATCH` (optionally `=`/`v` prefixed) is.
//!
//! How the package joins the others of its repository, and what it is: `name` (its
//! `Identity`), `workspaces` (an array, or Yarn's `{"packages": [...]}`: each a `Member`),
//! a dependency on another package of the repository (`Local`, beside its `Package` row and
//! in its scope: `workspace:…` by the package's name; `file:`, `link:` and `portal:` by
//! their folder, tarballs left out), and its entry points (`scripts.start`, `main`, `bin`:
//! each a `Role` `entry`).

use super::common::{dep, is_full_semver, strip_bom, LineIndex};
use super::spans::{json_elements, json_member, json_members, json_object_start, json_string, JsonMember};
use super::{Dependency, Scope, What};

pub(super) fn package_json(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let open = json_object_start(text)?;
    let lines = LineIndex::new(text);
    let mut deps = Vec::new();
    for (section, scope) in [
        ("dependencies", Scope::Runtime),
        ("devDependencies", Scope::Dev),
        ("optionalDependencies", Scope::Optional),
        ("peerDependencies", Scope::Build),
    ] {
        let Some(object) = json_member(text, open, section) else { continue };
        for entry in json_members(text, object.value_start) {
            let Some(spec) = json_string(text, &entry) else { continue };
            if entry.key.is_empty() {
                continue;
            }
            let (name, version) = alias(&entry.key, &spec);
            let line = lines.line_of(entry.key_start);
            let evidence = lines.evidence(entry.key_start, entry.value_end);
            if let Some(local) = local(&entry.key, &spec) {
                deps.push(dep(What::Local, &local, None, None, line, evidence.clone(), scope));
            }
            deps.push(dep(What::Package, name, version, pinned(version), line, evidence, scope));
        }
    }
    project(text, open, &lines, &mut deps);
    if let Some(engines) = json_member(text, open, "engines") {
        if let Some(node) = json_member(text, engines.value_start, "node") {
            if let Some(spec) = json_string(text, &node) {
                let line = lines.line_of(node.key_start);
                let evidence = lines.evidence(node.key_start, node.value_end);
                deps.push(dep(What::Runtime, "node", Some(&spec), pinned(Some(&spec)), line, evidence, Scope::Runtime));
            }
        }
    }
    deps.sort_by_key(|d| d.line);
    Ok(deps)
}

/// `lerna.json`: its `packages` globs, each a `Member` (Lerna's own workspaces; with
/// `useWorkspaces` it reads `package.json`'s, which that file's parser reads).
pub(super) fn lerna_json(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let open = json_object_start(text)?;
    let lines = LineIndex::new(text);
    let mut deps = Vec::new();
    if let Some(packages) = json_member(text, open, "packages") {
        members(text, packages.value_start, &lines, &mut deps);
    }
    Ok(deps)
}

/// Each non-empty string of the JSON array at `array`, a `Member` glob.
fn members(text: &str, array: usize, lines: &LineIndex, deps: &mut Vec<Dependency>) {
    for (start, end) in json_elements(text, array) {
        let Some(glob) = text.get(start..end).and_then(|raw| serde_json::from_str::<String>(raw).ok()) else {
            continue;
        };
        if !glob.trim().is_empty() {
            let (line, evidence) = (lines.line_of(start), lines.evidence(start, end));
            deps.push(dep(What::Member, glob.trim(), None, None, line, evidence, Scope::Runtime));
        }
    }
}

/// What the package is and how it joins the others: its name, its workspaces, its entries.
fn project(text: &str, open: usize, lines: &LineIndex, deps: &mut Vec<Dependency>) {
    let at = |m: &JsonMember| (lines.line_of(m.key_start), lines.evidence(m.key_start, m.value_end));
    let role = |what: What, name: &str, (line, evidence): (u32, String)| {
        dep(what, name, None, None, line, evidence, Scope::Runtime)
    };
    if let Some(name) = json_member(text, open, "name") {
        if let Some(n) = json_string(text, &name).filter(|n| valid_name(n) && !n.contains(char::is_whitespace)) {
            deps.push(role(What::Identity, &n, at(&name)));
        }
    }
    if let Some(workspaces) = json_member(text, open, "workspaces") {
        // An array, or Yarn's object form whose `packages` is the array.
        let array = match text.as_bytes().get(workspaces.value_start) {
            Some(b'{') => json_member(text, workspaces.value_start, "packages").map(|p| p.value_start),
            _ => Some(workspaces.value_start),
        };
        if let Some(array) = array {
            members(text, array, lines, deps);
        }
    }
    let start = json_member(text, open, "scripts").and_then(|s| json_member(text, s.value_start, "start"));
    let entries = [start, json_member(text, open, "main"), json_member(text, open, "bin")];
    for entry in entries.into_iter().flatten() {
        // A string, or `bin`'s object of commands; an empty one names no entry.
        let raw = text.get(entry.value_start..entry.value_end).unwrap_or("");
        let named = match json_string(text, &entry) {
            Some(s) => !s.trim().is_empty(),
            None => raw.starts_with('{') && !json_members(text, entry.value_start).is_empty(),
        };
        if named {
            deps.push(role(What::Role, "entry", at(&entry)));
        }
    }
}

/// The other package of the repository a dependency's spec names, if it names one:
/// `workspace:*` (or `workspace:^1.0.0`) → the key, the package's name (`workspace:real@*`
/// → `real`); `file:../lib`, `link:../lib`, `portal:../lib` → the folder. A tarball
/// (`file:../lib.tgz`), an absolute path and an empty one name none in the repository.
fn local(key: &str, spec: &str) -> Option<String> {
    let spec = spec.trim();
    if let Some(range) = spec.strip_prefix("workspace:") {
        let aliased = range.rfind('@').filter(|&at| at > 0).and_then(|at| range.get(..at)).filter(|n| valid_name(n));
        return Some(aliased.unwrap_or(key).to_string());
    }
    let path = ["file:", "link:", "portal:"].iter().find_map(|p| spec.strip_prefix(p))?.trim();
    let tarball = [".tgz", ".tar.gz", ".tar"].iter().any(|ext| path.to_ascii_lowercase().ends_with(ext));
    let outside = path.is_empty() || path.starts_with(['/', '~', '\\']) || path.get(1..2) == Some(":");
    (!tarball && !outside).then(|| path.trim_end_matches('/').to_string()).filter(|p| !p.is_empty())
}

/// `npm:real-name@range` → (`real-name`, `range`); anything else (an alias to no valid name
/// included) is the key and its spec.
fn alias<'a>(key: &'a str, spec: &'a str) -> (&'a str, Option<&'a str>) {
    let Some(target) = spec.strip_prefix("npm:") else { return (key, Some(spec)) };
    // The version separator is the last `@` that is not the scope's leading one.
    let (name, version) = match target.rfind('@').filter(|&at| at > 0) {
        Some(at) => (target.get(..at).unwrap_or(""), target.get(at + 1..).filter(|v| !v.is_empty())),
        None => (target, None),
    };
    if valid_name(name) {
        (name, version)
    } else {
        (key, Some(spec))
    }
}

/// `name` or `@scope/name`.
fn valid_name(name: &str) -> bool {
    match name.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').is_some_and(|(scope, n)| !scope.is_empty() && !n.is_empty()),
        None => !name.is_empty(),
    }
}

/// `4.18.2`, `=4.18.2`, `v4.18.2` → `4.18.2`; ranges, tags and URLs are not pinned.
fn pinned(spec: Option<&str>) -> Option<String> {
    let spec = spec?.trim();
    let exact = spec.strip_prefix('=').unwrap_or(spec).trim_start();
    let exact = exact.strip_prefix('v').unwrap_or(exact);
    is_full_semver(exact).then(|| exact.to_string())
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "\"dependencies\": {",
    "\"engines\": {",
    "\"node\"",
    "\"a\": \"1\"",
    "\"name\": \"a\"",
    "\"workspaces\": [",
    "\"workspaces\": {\"packages\": [",
    "\"a/*\"",
    "\"workspace:*\"",
    "\"file:../a\"",
    "\"scripts\": {\"start\": \"x\"}",
    "\"bin\": {",
    "\"main\": \"a.js\"",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    /// A NestJS service: scoped packages, the same package in dependencies and
    /// devDependencies (each on its own line), an alias, nested objects with keys that
    /// look like sections (`jest.dependencies`), engines.
    const NEST: &str = r#"{
  "name": "orders-api",
  "version": "0.0.1",
  "private": true,
  "license": "UNLICENSED",
  "scripts": {
    "build": "nest build",
    "start:prod": "node dist/main",
    "test": "jest"
  },
  "dependencies": {
    "@nestjs/common": "^10.0.0",
    "@nestjs/core": "^10.0.0",
    "@nestjs/platform-express": "^10.0.0",
    "@nestjs/typeorm": "10.0.1",
    "pg": "=8.11.3",
    "reflect-metadata": "^0.1.13",
    "rxjs": "^7.8.1",
    "typeorm": "^0.3.17",
    "string-width-cjs": "npm:string-width@^4.2.0",
    "@scope\/escaped": "v1.2.3",
    "local-lib": "file:../local-lib",
    "shared": "workspace:*"
  },
  "devDependencies": {
    "@nestjs/cli": "^10.0.0",
    "@types/jest": "29.5.2",
    "jest": "^29.5.0",
    "rxjs": "~7.8.0",
    "typescript": "^5.1.3"
  },
  "peerDependencies": { "@nestjs/core": ">=9" },
  "optionalDependencies": {"fsevents": "2.3.3"},
  "jest": {
    "moduleFileExtensions": ["js", "json", "ts"],
    "dependencies": {"not-a-dependency": "1.0.0"}
  },
  "engines": {
    "npm": ">=9",
    "node": ">=18.17.0"
  }
}
"#;

    #[test]
    fn nestjs_package_json() {
        assert_eq!(
            rows(&package_json(NEST).unwrap()),
            [
                "2 Runtime Identity orders-api - - | \"name\": \"orders-api\"",
                "12 Runtime Package @nestjs/common ^10.0.0 - | \"@nestjs/common\": \"^10.0.0\"",
                "13 Runtime Package @nestjs/core ^10.0.0 - | \"@nestjs/core\": \"^10.0.0\"",
                "14 Runtime Package @nestjs/platform-express ^10.0.0 - | \"@nestjs/platform-express\": \"^10.0.0\"",
                "15 Runtime Package @nestjs/typeorm 10.0.1 10.0.1 | \"@nestjs/typeorm\": \"10.0.1\"",
                "16 Runtime Package pg =8.11.3 8.11.3 | \"pg\": \"=8.11.3\"",
                "17 Runtime Package reflect-metadata ^0.1.13 - | \"reflect-metadata\": \"^0.1.13\"",
                "18 Runtime Package rxjs ^7.8.1 - | \"rxjs\": \"^7.8.1\"",
                "19 Runtime Package typeorm ^0.3.17 - | \"typeorm\": \"^0.3.17\"",
                "20 Runtime Package string-width ^4.2.0 - | \"string-width-cjs\": \"npm:string-width@^4.2.0\"",
                "21 Runtime Package @scope/escaped v1.2.3 1.2.3 | \"@scope\\/escaped\": \"v1.2.3\"",
                "22 Runtime Local ../local-lib - - | \"local-lib\": \"file:../local-lib\"",
                "22 Runtime Package local-lib file:../local-lib - | \"local-lib\": \"file:../local-lib\"",
                "23 Runtime Local shared - - | \"shared\": \"workspace:*\"",
                "23 Runtime Package shared workspace:* - | \"shared\": \"workspace:*\"",
                "26 Dev Package @nestjs/cli ^10.0.0 - | \"@nestjs/cli\": \"^10.0.0\"",
                "27 Dev Package @types/jest 29.5.2 29.5.2 | \"@types/jest\": \"29.5.2\"",
                "28 Dev Package jest ^29.5.0 - | \"jest\": \"^29.5.0\"",
                "29 Dev Package rxjs ~7.8.0 - | \"rxjs\": \"~7.8.0\"",
                "30 Dev Package typescript ^5.1.3 - | \"typescript\": \"^5.1.3\"",
                "32 Build Package @nestjs/core >=9 - | \"@nestjs/core\": \">=9\"",
                "33 Optional Package fsevents 2.3.3 2.3.3 | \"fsevents\": \"2.3.3\"",
                "40 Runtime Runtime node >=18.17.0 - | \"node\": \">=18.17.0\"",
            ]
        );
    }

    #[test]
    fn minified_and_odd_shapes() {
        // All on one line: every entry on line 1, evidence still the entry alone.
        let text = r#"{"dependencies":{"express":"4.18.2","ms":"2.1.3"},"devDependencies":{"express":"^4"}}"#;
        assert_eq!(
            rows(&package_json(text).unwrap()),
            [
                "1 Runtime Package express 4.18.2 4.18.2 | \"express\":\"4.18.2\"",
                "1 Runtime Package ms 2.1.3 2.1.3 | \"ms\":\"2.1.3\"",
                "1 Dev Package express ^4 - | \"express\":\"^4\"",
            ]
        );
        // Sections of the wrong type, non-string versions, an engines string: skipped.
        let text =
            r#"{"dependencies": ["a"], "devDependencies": {"a": 1, "b": null, "c": {"d": "1"}}, "engines": ">=18"}"#;
        assert_eq!(package_json(text).unwrap(), []);
        // A byte order mark, CRLF line ends.
        let text = "\u{feff}{\r\n  \"dependencies\": {\r\n    \"vue\": \"^3.4.0\"\r\n  }\r\n}\r\n";
        assert_eq!(rows(&package_json(text).unwrap()), ["3 Runtime Package vue ^3.4.0 - | \"vue\": \"^3.4.0\""]);
    }

    /// A monorepo root (workspaces, no entry: `start:prod` is not `start`) and a server
    /// package of it (a start script, `main`, `bin`, dependencies on its siblings).
    #[test]
    fn workspaces_entries_and_locals() {
        let root = r#"{
  "name": "@acme/root",
  "private": true,
  "workspaces": [
    "apps/*",
    "packages/*", "", 7
  ],
  "scripts": {"start:prod": "turbo start", "build": "turbo build"}
}"#;
        assert_eq!(
            rows(&package_json(root).unwrap()),
            [
                "2 Runtime Identity @acme/root - - | \"name\": \"@acme/root\"",
                "5 Runtime Member apps/* - - | \"apps/*\"",
                "6 Runtime Member packages/* - - | \"packages/*\"",
            ]
        );
        let yarn = r#"{"workspaces": {"packages": ["libs/*"], "nohoist": ["**/x"]}, "name": "not a name@"}"#;
        assert_eq!(rows(&package_json(yarn).unwrap()), ["1 Runtime Member libs/* - - | \"libs/*\""]);
        let api = r#"{
  "name": "api",
  "main": "dist/index.js",
  "bin": {"api": "dist/cli.js"},
  "scripts": {"start": "node dist/index.js"},
  "dependencies": {
    "@acme/db": "workspace:^",
    "ui": "workspace:@acme/ui@*",
    "lib": "link:../lib/",
    "tarball": "file:../pkg.tgz",
    "abs": "file:/opt/x",
    "express": "^4.18.2"
  },
  "devDependencies": {"@acme/config": "workspace:*"}
}"#;
        assert_eq!(
            rows(&package_json(api).unwrap()),
            [
                "2 Runtime Identity api - - | \"name\": \"api\"",
                "3 Runtime Role entry - - | \"main\": \"dist/index.js\"",
                "4 Runtime Role entry - - | \"bin\": {\"api\": \"dist/cli.js\"}",
                "5 Runtime Role entry - - | \"start\": \"node dist/index.js\"",
                "7 Runtime Local @acme/db - - | \"@acme/db\": \"workspace:^\"",
                "7 Runtime Package @acme/db workspace:^ - | \"@acme/db\": \"workspace:^\"",
                "8 Runtime Local @acme/ui - - | \"ui\": \"workspace:@acme/ui@*\"",
                "8 Runtime Package ui workspace:@acme/ui@* - | \"ui\": \"workspace:@acme/ui@*\"",
                "9 Runtime Local ../lib - - | \"lib\": \"link:../lib/\"",
                "9 Runtime Package lib link:../lib/ - | \"lib\": \"link:../lib/\"",
                "10 Runtime Package tarball file:../pkg.tgz - | \"tarball\": \"file:../pkg.tgz\"",
                "11 Runtime Package abs file:/opt/x - | \"abs\": \"file:/opt/x\"",
                "12 Runtime Package express ^4.18.2 - | \"express\": \"^4.18.2\"",
                "14 Dev Local @acme/config - - | \"@acme/config\": \"workspace:*\"",
                "14 Dev Package @acme/config workspace:* - | \"@acme/config\": \"workspace:*\"",
            ]
        );
        // Empty entries name nothing.
        let text = r#"{"main": "", "bin": {}, "scripts": {"start": " "}, "workspaces": "apps/*"}"#;
        assert_eq!(package_json(text).unwrap(), []);
    }

    #[test]
    fn lerna_packages() {
        let text = "{\n  \"version\": \"independent\",\n  \"packages\": [\"packages/*\", \"tools/cli\"]\n}";
        assert_eq!(
            rows(&lerna_json(text).unwrap()),
            ["3 Runtime Member packages/* - - | \"packages/*\"", "3 Runtime Member tools/cli - - | \"tools/cli\""]
        );
        assert_eq!(lerna_json("{\"useWorkspaces\": true, \"packages\": \"x\"}").unwrap(), []);
        assert!(lerna_json("[]").is_err());
    }

    #[test]
    fn aliases() {
        assert_eq!(alias("a", "npm:@scope/real@^1.0.0"), ("@scope/real", Some("^1.0.0")));
        assert_eq!(alias("a", "npm:real"), ("real", None));
        assert_eq!(alias("a", "npm:@scope/real"), ("@scope/real", None));
        assert_eq!(alias("a", "npm:"), ("a", Some("npm:")));
        assert_eq!(alias("a", "npm:@"), ("a", Some("npm:@")));
        assert_eq!(alias("a", "^1"), ("a", Some("^1")));
        assert_eq!(pinned(Some("1.2.3-rc.1")), Some("1.2.3-rc.1".into()));
        assert_eq!(pinned(Some("1.2")), None);
        assert_eq!(pinned(Some("latest")), None);
        assert_eq!(pinned(Some(">=1.2.3 <2")), None);
    }

    #[test]
    fn malformed_is_an_error_naming_the_line() {
        let err = package_json("{\n  \"dependencies\": {\n    \"a\": \"1\",\n  }\n}").unwrap_err();
        assert!(err.contains("line 4"), "{err}");
        assert_eq!(package_json("[]").unwrap_err(), "the top level is not an object");
        assert!(package_json("").is_err());
    }
}
