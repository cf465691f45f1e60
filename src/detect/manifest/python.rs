//! Python manifests: `requirements*.txt` (pip-compile's `# via` annotations read: a pin only
//! other packages pull in is `Indirect`), `pyproject.toml` (PEP 621, PEP 735 dependency
//! groups, Poetry, uv and PDM dev dependencies; the project's name, scripts, uv workspace
//! members and sources), `Pipfile`, `setup.py` (best effort, no evaluation) and `setup.cfg`;
//! and the entry-point files that make a folder's project a service: `manage.py`, `wsgi.py`,
//! `asgi.py`.
//!
//! Requirement strings are PEP 508: the name runs up to the first of `<>=!~;[ (@`, extras
//! (`pkg[extra]`) and environment markers (after `;`) are dropped, the version is the
//! specifier as written; only `==X`/`===X` (and, where the format means exact by a bare
//! version, `X`) is pinned.

use std::collections::{HashMap, HashSet};

use super::common::{dep, is_plain_version, strip_bom, LineIndex};
use super::spans::{toml_document, toml_entry_evidence, toml_str, toml_table, DeTable, DeValue, Spanned};
use super::{Dependency, Scope, What};

// ---------------------------------------------------------------------------------------
// PEP 508 / PEP 440

/// A requirement string read as PEP 508.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Requirement<'a> {
    pub(crate) name: &'a str,
    pub(crate) version: Option<&'a str>,
    pub(crate) pinned: Option<String>,
}

/// Reads `Django[argon2]>=4.2,<5.0 ; python_version >= "3.10"` as `Django`, `>=4.2,<5.0`.
/// A direct reference `pkg @ https://…` keeps the name, without a version. `None` when the
/// string does not start with a valid distribution name (a URL, a path, a wheel file name,
/// an option) or has something other than a specifier after it.
pub(crate) fn pep508(s: &str) -> Option<Requirement<'_>> {
    let req = s.split(';').next().unwrap_or("").trim();
    let name_end = req.find(['<', '>', '=', '!', '~', ';', '[', ' ', '\t', '(', '@']).unwrap_or(req.len());
    let name = req.get(..name_end)?;
    if !valid_name(name) || is_archive(name) {
        return None;
    }
    let mut rest = req.get(name_end..)?.trim_start();
    if rest.starts_with('[') {
        let close = rest.find(']')?;
        rest = rest.get(close + 1..)?.trim_start();
    }
    if rest.starts_with('@') {
        return Some(Requirement { name, version: None, pinned: None });
    }
    let mut spec = rest.trim();
    if let Some(inner) = spec.strip_prefix('(') {
        spec = inner.strip_suffix(')')?.trim();
    }
    if spec.is_empty() {
        return Some(Requirement { name, version: None, pinned: None });
    }
    if !spec.starts_with(['<', '>', '=', '!', '~']) {
        return None;
    }
    Some(Requirement { name, version: Some(spec), pinned: pep440_pinned(spec) })
}

/// PEP 508 names: ASCII letters and digits, with `.`, `_`, `-` inside.
fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    let edge = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    edge(b.first()) && edge(b.last()) && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

/// A wheel or sdist file named on its own line (`foo-1.0-py3-none-any.whl`), not a name.
fn is_archive(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".egg"].iter().any(|ext| lower.ends_with(ext))
}

/// `==2.3.2` → `2.3.2`; `===2.3.2` too. Wildcards (`==2.3.*`), several clauses and every
/// other operator are ranges.
pub(crate) fn pep440_pinned(spec: &str) -> Option<String> {
    let spec = spec.trim();
    let exact = spec.strip_prefix("===").or_else(|| spec.strip_prefix("=="))?.trim();
    let ok = exact.starts_with(|c: char| c.is_ascii_digit())
        && !exact.contains(|c: char| c == '*' || c == ',' || c.is_whitespace());
    ok.then(|| exact.to_string())
}

/// Poetry and Pipenv read a bare version as exact: `"4.2.7"` is `==4.2.7`.
fn bare_or_pep440_pinned(spec: &str) -> Option<String> {
    let spec = spec.trim();
    if is_plain_version(spec) {
        return Some(spec.to_string());
    }
    pep440_pinned(spec).or_else(|| {
        // Poetry also writes `=4.2.7`.
        let exact = spec.strip_prefix('=')?.trim();
        is_plain_version(exact).then(|| exact.to_string())
    })
}

/// The Python a project asks for: pinned when the requirement is exact, or allows one release
/// cycle only (`==3.12.*`, `>=3.12,<3.13`, `~=3.12.0`, Poetry's `~3.12`); a minimum
/// (`>=3.9`) pins nothing.
fn python(version: &str, line: u32, text: String, pinned: Option<String>) -> Dependency {
    let pinned = pinned.or_else(|| one_cycle(version));
    dep(What::Runtime, "python", Some(version), pinned, line, text, Scope::Runtime)
}

/// The one `MAJOR.MINOR` cycle a Python version requirement allows, if it allows only one.
fn one_cycle(spec: &str) -> Option<String> {
    // (major, minor) of a version `3.12`, `3.12.4`, `3.12.*`, `3.13.0`; the patch, if any.
    fn parse(v: &str) -> Option<((u32, u32), Option<&str>)> {
        let mut parts = v.trim().splitn(3, '.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some(((major, minor), parts.next()))
    }
    let cycle = |(major, minor): (u32, u32)| format!("{major}.{minor}");
    let clauses: Vec<&str> = spec.split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
    if let [only] = clauses[..] {
        if let Some(v) = only.strip_prefix("==").filter(|v| !v.starts_with('=')) {
            return match parse(v)? {
                (mm, None | Some("*")) => Some(cycle(mm)),
                _ => None,
            };
        }
        // `~=3.12.0` is `>=3.12.0, ==3.12.*`; `~=3.12` allows every 3.x. Poetry's `~3.12` is one cycle.
        if let Some(v) = only.strip_prefix("~=").or_else(|| only.strip_prefix('~')) {
            let (mm, patch) = parse(v)?;
            let poetry = !only.starts_with("~=");
            return (patch.is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit())) || (poetry && patch.is_none()))
                .then(|| cycle(mm));
        }
        return None;
    }
    let (mut lower, mut upper) = (None, None);
    for c in clauses {
        if let Some(v) = c.strip_prefix(">=") {
            lower = Some(parse(v)?.0);
        } else if let Some(v) = c.strip_prefix('<').filter(|v| !v.starts_with('=')) {
            let (mm, patch) = parse(v)?;
            // `<3.13` or `<3.13.0`: below the next cycle.
            if patch.is_some_and(|p| p != "0") {
                return None;
            }
            upper = Some(mm);
        } else {
            return None;
        }
    }
    let ((major, minor), upper) = (lower?, upper?);
    (upper == (major, minor + 1)).then(|| cycle((major, minor)))
}

/// A group (PEP 735, Poetry, PDM) named for tests holds test dependencies; any other group is
/// development.
fn group_scope(group: &str) -> Scope {
    match group.to_ascii_lowercase().as_str() {
        "test" | "tests" | "testing" => Scope::Test,
        _ => Scope::Dev,
    }
}

// ---------------------------------------------------------------------------------------
// requirements.txt

/// The scope a requirements file's name gives: a word starting with `dev` (`dev`, `devel`,
/// `development`) → Dev, with `test` (`test`, `tests`, `testing`) → Test, once the word
/// `requirements` is taken out (`requirements-dev.txt`, `dev-requirements.txt`,
/// `requirements_test.txt`, `requirementsdev.txt`); `requirements-latest.txt` stays Runtime.
/// A name with both is Dev.
fn requirements_scope(file_name: &str) -> Scope {
    let lower = file_name.to_ascii_lowercase().replace("requirements", " ").replace("requirement", " ");
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    if words.iter().any(|w| w.starts_with("dev")) {
        Scope::Dev
    } else if words.iter().any(|w| w.starts_with("test")) {
        Scope::Test
    } else {
        Scope::Runtime
    }
}

/// pip's comment rule: `#` at the start of the line or after whitespace starts a comment
/// (a URL's `#egg=` fragment does not).
fn strip_pip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut at = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes.get(i - 1).is_some_and(|p| p.is_ascii_whitespace())) {
            at = Some(i);
            break;
        }
    }
    match at {
        Some(i) => line.get(..i).unwrap_or(""),
        None => line,
    }
}

fn is_full_line_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

pub(super) fn requirements(file_name: &str, text: &str) -> Vec<Dependency> {
    let scope = requirements_scope(file_name);
    let mut deps = Vec::new();
    // The index of the physical line each entry's logical line ends on.
    let mut ends = Vec::new();
    // Logical lines, as pip joins them: a line ending in `\` (that is not a comment line)
    // continues on the next one. The entry's line is the first physical one.
    let mut logical = String::new();
    let physical: Vec<&str> = strip_bom(text).lines().collect();
    let mut first: Option<usize> = None;
    let mut read = |first: usize, logical: &str, end: usize, deps: &mut Vec<Dependency>| {
        // The evidence is the entry's first physical line with something on it (a lone `\`
        // line may open the entry), never the joined logical line, which is not in the text.
        let shown = physical.get(first..=end).unwrap_or(&[]).iter().enumerate().find_map(|(k, raw)| {
            let code = strip_pip_comment(raw).trim_end();
            let code = code.strip_suffix('\\').unwrap_or(code).trim();
            (!code.is_empty()).then_some((first + k, code))
        });
        let Some((at, shown)) = shown else { return };
        let line_no = u32::try_from(at + 1).unwrap_or(u32::MAX);
        if let Some(d) = requirement_line(line_no, shown, logical, scope) {
            deps.push(d);
            ends.push(end);
        }
    };
    for (i, raw) in physical.iter().enumerate() {
        let continues = raw.trim_end().ends_with('\\') && !is_full_line_comment(raw);
        if first.is_none() {
            first = Some(i);
        }
        if continues {
            let body = raw.trim_end();
            logical.push_str(body.get(..body.len() - 1).unwrap_or(""));
            logical.push(' ');
        } else {
            logical.push_str(raw);
            if let Some(f) = first.take() {
                read(f, &logical, i, &mut deps);
            }
            logical.clear();
        }
    }
    if let Some(f) = first.take() {
        read(f, &logical, physical.len().saturating_sub(1), &mut deps);
    }
    for (d, end) in deps.iter_mut().zip(ends) {
        if pulled_in_only(&physical, end) {
            d.scope = Scope::Indirect;
        }
    }
    deps
}

/// Whether pip-compile's (or `uv pip compile`'s) annotation of the entry ending on physical
/// line `end` says it is only pulled in by other packages: `# via flask-cors, locust`, or a
/// `# via` block of such names, with no `-r requirements.in` (or `-c`, nor a project file
/// such as `app (pyproject.toml)`) among them. No annotation says nothing.
fn pulled_in_only(physical: &[&str], end: usize) -> bool {
    let own = physical.get(end).map_or("", |l| l.get(strip_pip_comment(l).len()..).unwrap_or(""));
    let following = physical.get(end + 1..).unwrap_or(&[]).iter().take_while(|l| is_full_line_comment(l));
    let mut comments = std::iter::once(own).chain(following.copied()).map(|c| c.trim().trim_start_matches('#').trim());
    // The annotation starts at `via` and runs over the comment lines after it.
    let Some(first) =
        comments.by_ref().find_map(|c| c.strip_prefix("via").filter(|r| r.is_empty() || r.starts_with(' ')))
    else {
        return false;
    };
    let sources = std::iter::once(first).chain(comments).flat_map(|c| c.split(','));
    let mut any = false;
    for source in sources.map(str::trim).filter(|s| !s.is_empty()) {
        any = true;
        let asked = source.starts_with("-r")
            || source.starts_with("-c")
            || source.ends_with(".toml)")
            || source.ends_with(".py)")
            || source.ends_with(".cfg)")
            || source.ends_with(".in)");
        if asked {
            return false;
        }
    }
    any
}

/// The requirement on `logical` (a joined line), shown by `evidence`, its first physical line
/// with code on it, numbered `line`.
fn requirement_line(line: u32, evidence: &str, logical: &str, scope: Scope) -> Option<Dependency> {
    let body = strip_pip_comment(logical).trim();
    // Options (`-r`, `-c`, `-e`, `--index-url`, `-i`, `--hash` lines, …) and blank lines.
    if body.is_empty() || body.starts_with('-') {
        return None;
    }
    // Per-requirement options after the specifier: `django==4.2.7 --hash=sha256:…`.
    let spec = match body.find(" --").or_else(|| body.find("\t--")) {
        Some(i) => body.get(..i).unwrap_or(body),
        None => body,
    };
    let req = pep508(spec)?;
    Some(dep(What::Package, req.name, req.version, req.pinned, line, evidence.to_string(), scope))
}

// ---------------------------------------------------------------------------------------
// Entry-point files

/// `manage.py`: a Django project's entry, a `Role` `service` when it runs Django's command
/// line (`execute_from_command_line`, on the line that calls it).
pub(super) fn manage_py(text: &str) -> Vec<Dependency> {
    entry_line(text, |code| code.contains("execute_from_command_line("))
}

/// `wsgi.py` and `asgi.py`: a server's entry, a `Role` `service` when the module assigns the
/// `application` (or `app`) a WSGI/ASGI server loads, or calls Django's
/// `get_wsgi_application`/`get_asgi_application`.
pub(super) fn server_entry_py(text: &str) -> Vec<Dependency> {
    entry_line(text, |code| {
        let assigned = ["application", "app"].iter().any(|name| {
            code.strip_prefix(name).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with('=') && !rest.starts_with("==")
            })
        });
        assigned || code.contains("get_wsgi_application(") || code.contains("get_asgi_application(")
    })
}

/// The first line (not a comment) whose code `says`, as a `Role` `service`.
fn entry_line(text: &str, says: impl Fn(&str) -> bool) -> Vec<Dependency> {
    let found = strip_bom(text).lines().enumerate().find(|(_, raw)| {
        let code = raw.trim();
        !code.starts_with('#') && says(code)
    });
    found
        .map(|(i, raw)| {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            dep(What::Role, "service", None, None, line, raw.trim().to_string(), Scope::Runtime)
        })
        .into_iter()
        .collect()
}

// ---------------------------------------------------------------------------------------
// pyproject.toml

pub(super) fn pyproject(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let lines = LineIndex::new(text);
    let doc = toml_document(text, &lines)?;
    let mut deps = Vec::new();

    if let Some(project) = toml_table(&doc, "project") {
        if let Some((key, value)) = project.get_key_value("requires-python") {
            if let Some(v) = value.get_ref().as_str() {
                let line = lines.line_of(key.span().start);
                deps.push(python(v, line, toml_entry_evidence(&lines, key, value), pep440_pinned(v)));
            }
        }
        if let Some(list) = project.get("dependencies") {
            pep508_array(&lines, list, Scope::Runtime, &mut deps);
        }
        if let Some(extras) = toml_table(project, "optional-dependencies") {
            for (_, list) in extras.iter() {
                pep508_array(&lines, list, Scope::Optional, &mut deps);
            }
        }
    }
    // PEP 735. Entries may also be `{include-group = "test"}` tables: not dependencies.
    if let Some(groups) = toml_table(&doc, "dependency-groups") {
        for (group, list) in groups.iter() {
            pep508_array(&lines, list, group_scope(group.get_ref()), &mut deps);
        }
    }
    if let Some(list) = toml_table(&doc, "build-system").and_then(|b| b.get("requires")) {
        pep508_array(&lines, list, Scope::Build, &mut deps);
    }

    let tool = toml_table(&doc, "tool");
    if let Some(poetry) = tool.and_then(|t| toml_table(t, "poetry")) {
        if let Some(table) = toml_table(poetry, "dependencies") {
            poetry_table(&lines, table, Scope::Runtime, true, &mut deps);
        }
        if let Some(table) = toml_table(poetry, "dev-dependencies") {
            poetry_table(&lines, table, Scope::Dev, false, &mut deps);
        }
        if let Some(groups) = toml_table(poetry, "group") {
            for (group, body) in groups.iter() {
                if let Some(table) = body.get_ref().as_table().and_then(|b| toml_table(b, "dependencies")) {
                    poetry_table(&lines, table, group_scope(group.get_ref()), false, &mut deps);
                }
            }
        }
    }
    // uv's (deprecated, still common) `[tool.uv] dev-dependencies = [...]`, PDM's
    // `[tool.pdm.dev-dependencies] group = [...]`.
    if let Some(list) = tool.and_then(|t| toml_table(t, "uv")).and_then(|uv| uv.get("dev-dependencies")) {
        pep508_array(&lines, list, Scope::Dev, &mut deps);
    }
    if let Some(groups) = tool.and_then(|t| toml_table(t, "pdm")).and_then(|p| toml_table(p, "dev-dependencies")) {
        for (group, list) in groups.iter() {
            pep508_array(&lines, list, group_scope(group.get_ref()), &mut deps);
        }
    }
    project_links(&doc, &lines, &mut deps);
    deps.sort_by_key(|d| d.line);
    Ok(deps)
}

/// What the pyproject says the project is and how it joins the others: its name
/// (`[project] name`, Poetry's `[tool.poetry] name`: `Identity`), its console scripts
/// (`[project.scripts]`, `[tool.poetry.scripts]`: each a `Role` `entry`), uv workspace
/// members (`[tool.uv.workspace] members`: `Member`), and its sources in the repository
/// (`[tool.uv.sources] x = { workspace = true }`: `Local` by name; `{ path = "../x" }` and
/// a Poetry dependency's `path`: `Local` by folder).
fn project_links(doc: &DeTable<'_>, lines: &LineIndex<'_>, deps: &mut Vec<Dependency>) {
    let tool = toml_table(doc, "tool");
    let poetry = tool.and_then(|t| toml_table(t, "poetry"));
    let uv = tool.and_then(|t| toml_table(t, "uv"));
    let entry = |what: What, name: &str, key: &Spanned<toml::de::DeString<'_>>, value: &Spanned<DeValue<'_>>| {
        dep(
            what,
            name,
            None,
            None,
            lines.line_of(key.span().start),
            toml_entry_evidence(lines, key, value),
            Scope::Runtime,
        )
    };
    for table in [toml_table(doc, "project"), poetry].into_iter().flatten() {
        if let Some((key, value)) = table.get_key_value("name") {
            if let Some(name) = value.get_ref().as_str().filter(|n| valid_name(n)) {
                deps.push(entry(What::Identity, name, key, value));
            }
        }
        for (key, value) in toml_table(table, "scripts").map(|t| t.iter()).into_iter().flatten() {
            deps.push(entry(What::Role, "entry", key, value));
        }
    }
    if let Some(members) = uv.and_then(|u| toml_table(u, "workspace")).and_then(|w| w.get("members")) {
        for item in members.get_ref().as_array().map(|a| a.iter()).into_iter().flatten() {
            let Some(glob) = item.get_ref().as_str().map(str::trim).filter(|g| !g.is_empty()) else { continue };
            let span = item.span();
            let (line, evidence) = (lines.line_of(span.start), lines.evidence(span.start, span.end));
            deps.push(dep(What::Member, glob, None, None, line, evidence, Scope::Runtime));
        }
    }
    for (key, value) in uv.and_then(|u| toml_table(u, "sources")).map(|t| t.iter()).into_iter().flatten() {
        let Some(source) = value.get_ref().as_table() else { continue };
        if source.get("workspace").and_then(|w| w.get_ref().as_bool()) == Some(true) {
            deps.push(entry(What::Local, key.get_ref(), key, value));
        } else if let Some(path) = toml_str(source, "path").and_then(local_path) {
            deps.push(entry(What::Local, path, key, value));
        }
    }
}

/// A dependency's folder in the repository: relative, not an archive; `None` otherwise.
fn local_path(path: &str) -> Option<&str> {
    let path = path.trim().trim_end_matches('/');
    let outside = path.is_empty() || path.starts_with(['/', '~', '\\']) || path.get(1..2) == Some(":");
    (!outside && !is_archive(path)).then_some(path)
}

/// The PEP 508 strings of a TOML array; anything else in it is skipped.
fn pep508_array(lines: &LineIndex<'_>, list: &Spanned<DeValue<'_>>, scope: Scope, deps: &mut Vec<Dependency>) {
    let Some(items) = list.get_ref().as_array() else { return };
    for item in items.iter() {
        let Some(s) = item.get_ref().as_str() else { continue };
        let Some(req) = pep508(s) else { continue };
        let span = item.span();
        let line = lines.line_of(span.start);
        deps.push(dep(
            What::Package,
            req.name,
            req.version,
            req.pinned,
            line,
            lines.evidence(span.start, span.end),
            scope,
        ));
    }
}

/// Poetry's `name = "^4.2"`, `name = { version = "^4.2", extras = [...], optional = true }`,
/// `name = { git = "…" }` (no version), or a list of constrained versions (no single
/// version). In the main table `python` is the interpreter, and `optional = true` makes an
/// extra.
fn poetry_table(lines: &LineIndex<'_>, table: &DeTable<'_>, scope: Scope, main: bool, deps: &mut Vec<Dependency>) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let line = lines.line_of(key.span().start);
        let evidence = toml_entry_evidence(lines, key, value);
        let (version, optional) = match value.get_ref() {
            DeValue::String(v) => (Some(v.as_ref()), false),
            DeValue::Table(t) => {
                (toml_str(t, "version"), t.get("optional").and_then(|o| o.get_ref().as_bool()).unwrap_or(false))
            }
            _ => (None, false),
        };
        if name.eq_ignore_ascii_case("python") {
            if main {
                if let Some(v) = version {
                    deps.push(python(v, line, evidence, bare_or_pep440_pinned(v)));
                }
            }
            continue;
        }
        let scope = if main && optional { Scope::Optional } else { scope };
        if let Some(path) = value.get_ref().as_table().and_then(|t| toml_str(t, "path")).and_then(local_path) {
            deps.push(dep(What::Local, path, None, None, line, evidence.clone(), scope));
        }
        let pinned = version.and_then(bare_or_pep440_pinned);
        deps.push(dep(What::Package, name, version, pinned, line, evidence, scope));
    }
}

// ---------------------------------------------------------------------------------------
// Pipfile

pub(super) fn pipfile(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let lines = LineIndex::new(text);
    let doc = toml_document(text, &lines)?;
    let mut deps = Vec::new();
    for (section, scope) in [("packages", Scope::Runtime), ("dev-packages", Scope::Dev)] {
        let Some(table) = toml_table(&doc, section) else { continue };
        for (key, value) in table.iter() {
            // `"*"`, `"==4.2.7"`, `{version = ">=4.2", extras = [...]}`, `{git = "…"}`.
            let version = match value.get_ref() {
                DeValue::String(v) => Some(v.as_ref()),
                DeValue::Table(t) => toml_str(t, "version"),
                _ => None,
            };
            let line = lines.line_of(key.span().start);
            let pinned = version.and_then(bare_or_pep440_pinned);
            deps.push(dep(
                What::Package,
                key.get_ref(),
                version,
                pinned,
                line,
                toml_entry_evidence(&lines, key, value),
                scope,
            ));
        }
    }
    // `python_full_version` is the more precise of the two when both are there.
    if let Some(requires) = toml_table(&doc, "requires") {
        let entry = ["python_full_version", "python_version"].iter().find_map(|k| {
            let (key, value) = requires.get_key_value(*k)?;
            Some((key, value, value.get_ref().as_str()?))
        });
        if let Some((key, value, v)) = entry {
            let line = lines.line_of(key.span().start);
            deps.push(python(v, line, toml_entry_evidence(&lines, key, value), bare_or_pep440_pinned(v)));
        }
    }
    deps.sort_by_key(|d| d.line);
    Ok(deps)
}

// ---------------------------------------------------------------------------------------
// setup.py

/// A Python token, as much as finding literal lists needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    /// A string literal: its contents, the offsets of the whole literal (quotes and prefix
    /// included), whether it is an f-string.
    Str {
        value: &'a str,
        start: usize,
        end: usize,
        fstring: bool,
    },
    Ident(&'a str),
    /// `=` alone (not `==`), `:`, brackets, `,`, `.`.
    Punct(u8),
    /// Any other operator.
    Other,
}

fn python_tokens(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            b'\'' | b'"' => {
                let (tok, next) = python_string(text, i, i, false);
                tokens.push(tok);
                i = next;
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => {
                let start = i;
                while bytes.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                    i += 1;
                }
                let word = text.get(start..i).unwrap_or("");
                let prefix =
                    matches!(word.to_ascii_lowercase().as_str(), "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf");
                if prefix && bytes.get(i).is_some_and(|c| matches!(c, b'\'' | b'"')) {
                    let fstring = word.contains(['f', 'F']);
                    let (tok, next) = python_string(text, start, i, fstring);
                    tokens.push(tok);
                    i = next;
                } else {
                    tokens.push(Tok::Ident(word));
                }
            }
            b'=' if bytes.get(i + 1) == Some(&b'=') => {
                tokens.push(Tok::Other);
                i += 2;
            }
            b'=' | b':' | b'[' | b']' | b'(' | b')' | b'{' | b'}' | b',' | b'.' => {
                tokens.push(Tok::Punct(b));
                i += 1;
            }
            b'!' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' | b'|' | b'&' | b'@' | b'^' | b'~' => {
                tokens.push(Tok::Other);
                i += 1;
            }
            _ => i += 1, // whitespace, digits, non-ASCII bytes
        }
    }
    tokens
}

/// The string literal whose prefix starts at `start` and whose quote is at `quote`; answers
/// the token and the offset after it. An unterminated single-quoted string ends at the line
/// end, an unterminated triple-quoted one at the end of the text.
fn python_string(text: &str, start: usize, quote: usize, fstring: bool) -> (Tok<'_>, usize) {
    let bytes = text.as_bytes();
    let q = bytes.get(quote).copied().unwrap_or(b'"');
    let triple = bytes.get(quote + 1) == Some(&q) && bytes.get(quote + 2) == Some(&q);
    let open = if triple { 3 } else { 1 };
    let body = quote + open;
    let mut j = body;
    let (value_end, end) = loop {
        match bytes.get(j) {
            None => break (j, j),
            Some(b'\\') => j += 2,
            Some(b'\n') if !triple => break (j, j),
            Some(&c) if c == q => {
                if !triple {
                    break (j, j + 1);
                }
                if bytes.get(j + 1) == Some(&q) && bytes.get(j + 2) == Some(&q) {
                    break (j, j + 3);
                }
                j += 1;
            }
            Some(_) => j += 1,
        }
    };
    let end = end.min(text.len());
    let value = text.get(body.min(value_end)..value_end.min(text.len())).unwrap_or("");
    (Tok::Str { value, start, end, fstring }, end)
}

/// For every token that opens a bracket, the index of the token closing it (the number of
/// tokens when it is never closed); one pass with a stack.
fn bracket_pairs(tokens: &[Tok<'_>]) -> Vec<usize> {
    let mut closes = vec![tokens.len(); tokens.len()];
    let mut open = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        match tok {
            Tok::Punct(b'[' | b'(' | b'{') => open.push(i),
            Tok::Punct(b']' | b')' | b'}') => {
                if let Some(o) = open.pop() {
                    if let Some(c) = closes.get_mut(o) {
                        *c = i;
                    }
                }
            }
            _ => {}
        }
    }
    closes
}

fn is_open(tok: Option<&Tok<'_>>) -> bool {
    matches!(tok, Some(Tok::Punct(b'[' | b'(' | b'{')))
}

/// Where the value of `keyword` starts: after `keyword=` (a `setup()` argument or an
/// assignment) or `"keyword":` (a dict passed as `**kwargs`).
fn keyword_values<'t>(tokens: &'t [Tok<'t>], keyword: &str) -> impl Iterator<Item = usize> + 't {
    let keyword = keyword.to_string();
    tokens.windows(2).enumerate().filter_map(move |(i, pair)| {
        let named = match pair.first()? {
            Tok::Ident(w) => *w == keyword,
            Tok::Str { value, .. } => *value == keyword,
            _ => false,
        };
        let assigned = matches!(pair.get(1)?, Tok::Punct(b'=' | b':'));
        (named && assigned).then_some(i + 2)
    })
}

/// The first `NAME = [` (or `(`, `{`) of each name: the literal a variable holds. Keyword
/// arguments (`f(NAME=[…])`) and attributes (`x.NAME = […]`) are not assignments.
fn assignments<'a>(tokens: &[Tok<'a>]) -> HashMap<&'a str, usize> {
    let mut found = HashMap::new();
    for (i, window) in tokens.windows(3).enumerate() {
        let [Tok::Ident(name), Tok::Punct(b'='), open] = window else { continue };
        let prev = i.checked_sub(1).and_then(|p| tokens.get(p));
        if is_open(Some(open)) && !matches!(prev, Some(Tok::Punct(b'.' | b'(' | b','))) {
            found.entry(*name).or_insert(i + 2);
        }
    }
    found
}

/// The bracket a value opens, following one level of indirection: `install_requires=REQS`
/// with `REQS = [...]` elsewhere in the file.
fn value_bracket(tokens: &[Tok<'_>], assigned: &HashMap<&str, usize>, at: usize) -> Option<usize> {
    match tokens.get(at)? {
        Tok::Punct(b'[' | b'(' | b'{') => Some(at),
        // `dict(dev=[...])`
        Tok::Ident("dict") if is_open(tokens.get(at + 1)) => Some(at + 1),
        Tok::Ident(var) => assigned.get(var).copied(),
        _ => None,
    }
}

pub(super) fn setup_py(text: &str) -> Vec<Dependency> {
    let text = strip_bom(text);
    let lines = LineIndex::new(text);
    let tokens = python_tokens(text);
    let closes = bracket_pairs(&tokens);
    let assigned = assignments(&tokens);
    let mut deps = Vec::new();
    // Each literal is read once: the lists already read (by their opening token), and per
    // keyword the end of the last one, so a keyword inside a list already read is not read
    // again (whatever the nesting, the work stays linear).
    let mut seen = HashSet::new();

    for (keyword, scope) in [
        ("install_requires", Scope::Runtime),
        ("extras_require", Scope::Optional),
        ("tests_require", Scope::Test),
        ("setup_requires", Scope::Build),
    ] {
        let mut read_until = 0;
        for at in keyword_values(&tokens, keyword) {
            if at < read_until {
                continue;
            }
            // A single string of newline-separated requirements.
            if let Some(Tok::Str { value, fstring: false, .. }) = tokens.get(at) {
                if seen.insert(at) {
                    multi_line_string(text, &lines, value, scope, &mut deps);
                }
                continue;
            }
            let Some(open) = value_bracket(&tokens, &assigned, at) else { continue };
            if !seen.insert(open) {
                continue;
            }
            let close = closes.get(open).copied().unwrap_or(tokens.len());
            if open == at {
                read_until = close;
            }
            let inner = tokens.get(open + 1..close).unwrap_or(&[]);
            for (k, tok) in inner.iter().enumerate() {
                let Tok::Str { value, start, end, fstring } = *tok else { continue };
                // A dict key (`"dev": [...]`) names an extra, not a requirement.
                if inner.get(k + 1) == Some(&Tok::Punct(b':')) {
                    continue;
                }
                let Some(req) = pep508(value) else { continue };
                // An f-string's version is a placeholder.
                let (version, pinned) = if fstring { (None, None) } else { (req.version, req.pinned) };
                let line = lines.line_of(start);
                deps.push(dep(What::Package, req.name, version, pinned, line, lines.evidence(start, end), scope));
            }
        }
    }
    if let Some(at) = keyword_values(&tokens, "python_requires").next() {
        if let Some(Tok::Str { value, start, end, fstring: false }) = tokens.get(at) {
            let value = value.trim();
            if !value.is_empty() {
                let start = at.checked_sub(2).and_then(|k| key_start(text, &tokens, k)).unwrap_or(*start);
                deps.push(python(value, lines.line_of(start), lines.evidence(start, *end), pep440_pinned(value)));
            }
        }
    }
    deps.sort_by_key(|d| d.line);
    deps
}

/// The offset of the keyword token at `k`, for evidence like `python_requires=">=3.10"`.
fn key_start(text: &str, tokens: &[Tok<'_>], k: usize) -> Option<usize> {
    match tokens.get(k)? {
        Tok::Str { start, .. } => Some(*start),
        Tok::Ident(word) => offset_in(text, word),
        _ => None,
    }
}

/// The offset of `part`, a slice borrowed from `text`, in `text` (from their addresses).
fn offset_in(text: &str, part: &str) -> Option<usize> {
    let offset = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + part.len() <= text.len()).then_some(offset)
}

/// `install_requires="""\n django>=4\n requests\n"""`: one requirement a line.
fn multi_line_string(text: &str, lines: &LineIndex<'_>, value: &str, scope: Scope, deps: &mut Vec<Dependency>) {
    let Some(mut offset) = offset_in(text, value) else { return };
    for part in value.split('\n') {
        let body = strip_pip_comment(part).trim();
        if let Some(req) = pep508(body) {
            let start = offset + (part.len() - part.trim_start().len());
            deps.push(dep(
                What::Package,
                req.name,
                req.version,
                req.pinned,
                lines.line_of(start),
                body.to_string(),
                scope,
            ));
        }
        offset += part.len() + 1;
    }
}

// ---------------------------------------------------------------------------------------
// setup.cfg

pub(super) fn setup_cfg(text: &str) -> Vec<Dependency> {
    let mut deps = Vec::new();
    let mut section = String::new();
    // The key whose (possibly multi-line) value is being read, and what its entries are.
    let mut current: Option<CfgKey> = None;
    for (i, raw) in strip_bom(text).lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            if let Some(key) = current {
                cfg_value(key, trimmed, line_no, trimmed, &mut deps);
            }
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = name.trim().to_ascii_lowercase();
            current = None;
            continue;
        }
        let Some(eq) = trimmed.find(['=', ':']) else {
            current = None;
            continue;
        };
        let key = trimmed.get(..eq).unwrap_or("").trim().to_ascii_lowercase();
        let value = trimmed.get(eq + 1..).unwrap_or("").trim();
        current = match (section.as_str(), key.as_str()) {
            ("options", "install_requires") => Some(CfgKey::Requirements(Scope::Runtime)),
            ("options", "tests_require") => Some(CfgKey::Requirements(Scope::Test)),
            ("options", "setup_requires") => Some(CfgKey::Requirements(Scope::Build)),
            ("options", "python_requires") => Some(CfgKey::Python),
            ("options.extras_require", _) => Some(CfgKey::Requirements(Scope::Optional)),
            _ => None,
        };
        if let Some(key) = current {
            if !value.is_empty() {
                cfg_value(key, value, line_no, trimmed, &mut deps);
            }
        }
    }
    deps
}

#[derive(Debug, Clone, Copy)]
enum CfgKey {
    Requirements(Scope),
    Python,
}

/// One line of a setup.cfg value: requirements, one a line, or several on one line separated
/// by commas (a comma followed by a letter starts a new requirement; one followed by an
/// operator continues the specifier, `django>=4.2,<5`). The evidence of a requirement is
/// itself, that of `python_requires` the line.
fn cfg_value(key: CfgKey, value: &str, line: u32, line_text: &str, deps: &mut Vec<Dependency>) {
    let value = strip_pip_comment(value).trim();
    match key {
        CfgKey::Python => {
            if !value.is_empty() {
                let evidence = strip_pip_comment(line_text).trim().to_string();
                deps.push(python(value, line, evidence, pep440_pinned(value)));
            }
        }
        CfgKey::Requirements(scope) => {
            for part in split_requirements(value) {
                let part = part.trim();
                if let Some(req) = pep508(part) {
                    deps.push(dep(What::Package, req.name, req.version, req.pinned, line, part.to_string(), scope));
                }
            }
        }
    }
}

fn split_requirements(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in value.char_indices() {
        if c != ',' {
            continue;
        }
        let next = value.get(i + 1..).unwrap_or("").trim_start();
        if next.starts_with(|c: char| c.is_ascii_alphabetic()) {
            parts.push(value.get(start..i).unwrap_or(""));
            start = i + 1;
        }
    }
    parts.push(value.get(start..).unwrap_or(""));
    parts
}

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn pep508_strings() {
        let r = |s| pep508(s).map(|r| (r.name, r.version, r.pinned));
        assert_eq!(r("Django==4.2.7"), Some(("Django", Some("==4.2.7"), Some("4.2.7".into()))));
        assert_eq!(
            r("Django[argon2] >= 4.2, < 5 ; python_version >= '3.10'"),
            Some(("Django", Some(">= 4.2, < 5"), None))
        );
        assert_eq!(r("zope.interface (>=5.0)"), Some(("zope.interface", Some(">=5.0"), None)));
        assert_eq!(r("requests"), Some(("requests", None, None)));
        assert_eq!(r("requests[socks]"), Some(("requests", None, None)));
        assert_eq!(r("pkg @ https://example.com/pkg-1.0.tar.gz"), Some(("pkg", None, None)));
        assert_eq!(r("pkg===1.0+local"), Some(("pkg", Some("===1.0+local"), Some("1.0+local".into()))));
        assert_eq!(r("pkg==1.0.*"), Some(("pkg", Some("==1.0.*"), None)));
        assert_eq!(r("pkg==1.0,!=1.0.1"), Some(("pkg", Some("==1.0,!=1.0.1"), None)));
        assert_eq!(r("pkg~=1.4.2"), Some(("pkg", Some("~=1.4.2"), None)));
        assert_eq!(r("pkg!=1.0"), Some(("pkg", Some("!=1.0"), None)));
        for not_a_requirement in [
            "",
            "https://example.com/foo-1.0.tar.gz",
            "./vendor/bar",
            "/abs/path",
            "foo-1.0-py3-none-any.whl",
            "-e .",
            "pkg[extra",
            "pkg 1.0",
            "_private",
            "pkg-",
            "file: requirements.txt",
            "git+https://github.com/org/repo.git",
        ] {
            assert_eq!(r(not_a_requirement), None, "{not_a_requirement}");
        }
    }

    #[test]
    fn requirements_scope_from_the_file_name() {
        for (name, scope) in [
            ("requirements.txt", Scope::Runtime),
            ("requirements-prod.txt", Scope::Runtime),
            ("requirements-latest.txt", Scope::Runtime),
            ("requirements-dev.txt", Scope::Dev),
            ("dev-requirements.txt", Scope::Dev),
            ("requirements_development.txt", Scope::Dev),
            ("requirementsdev.txt", Scope::Dev),
            ("requirements-test.txt", Scope::Test),
            ("test-requirements.txt", Scope::Test),
            ("requirements.tests.txt", Scope::Test),
            ("Requirements-Testing.txt", Scope::Test),
            ("requirements-dev-test.txt", Scope::Dev),
        ] {
            assert_eq!(requirements_scope(name), scope, "{name}");
        }
    }

    /// A Django project's pip-compile output: hashes on continuation lines, `# via`
    /// comments, markers, extras, index options, includes, editables, URLs and paths.
    #[test]
    fn django_requirements_txt() {
        let text = r#"#
# This file is autogenerated by pip-compile with Python 3.11
# by the following command:
#
#    pip-compile --generate-hashes requirements.in
#
--index-url https://pypi.org/simple
--extra-index-url https://download.example.com/simple

asgiref==3.7.2 \
    --hash=sha256:89b2ef2247e3b562a16eef663bc0e2e703ec6468e2fa8a5cd61cd449786d4f6e \
    --hash=sha256:9e0ce3aa93a819ba5b45120216b23878cf6e8525eb3848653452b4192b92afed
    # via django
Django==4.2.7 ; python_version >= "3.8" \
    --hash=sha256:8e0f1c2c2786b5c0e39fe1afce24c926040fad47c8ea8ad30aaf1188df29fc41
    # via -r requirements.in
psycopg[binary]==3.1.12
gunicorn>=21.2,<22  # app server
celery[redis] ~= 5.3.4
django-environ
-r requirements/base.txt
-c constraints.txt
-e git+https://github.com/org/lib.git#egg=lib
-e .
https://example.com/pkgs/foo-1.0.tar.gz
./vendor/bar
requests @ https://github.com/psf/requests/archive/main.zip
pywin32==306; sys_platform == "win32"
sentry-sdk[django]==1.38.0 --hash=sha256:abc
"#;
        let deps = requirements("requirements.txt", text);
        assert_eq!(
            rows(&deps),
            [
                "10 Indirect Package asgiref ==3.7.2 3.7.2 | asgiref==3.7.2",
                "14 Runtime Package Django ==4.2.7 4.2.7 | Django==4.2.7 ; python_version >= \"3.8\"",
                "17 Runtime Package psycopg ==3.1.12 3.1.12 | psycopg[binary]==3.1.12",
                "18 Runtime Package gunicorn >=21.2,<22 - | gunicorn>=21.2,<22",
                "19 Runtime Package celery ~= 5.3.4 - | celery[redis] ~= 5.3.4",
                "20 Runtime Package django-environ - - | django-environ",
                "27 Runtime Package requests - - | requests @ https://github.com/psf/requests/archive/main.zip",
                "28 Runtime Package pywin32 ==306 306 | pywin32==306; sys_platform == \"win32\"",
                "29 Runtime Package sentry-sdk ==1.38.0 1.38.0 | sentry-sdk[django]==1.38.0 --hash=sha256:abc",
            ]
        );
    }

    /// pip-compile output: what `requirements.in` (or a project file) asks for is direct;
    /// what only other packages pull in is indirect, however its annotation is laid out.
    #[test]
    fn pip_compile_annotations() {
        let text = "# This file is autogenerated by pip-compile\n#    pip-compile requirements.in\n#\nflask==3.0.0\n    # via\n    #   flask-cors\n    #   flask-login\n    #   locust\nlocust==2.20.0\n    # via -r requirements.in\nrequests==2.31.0  # via locust, -r requirements.in\nurllib3==2.1.0    # via requests\nfastapi==0.110.0\n    # via app (pyproject.toml)\nredis==5.0.1\n    # via\n    #   -c constraints.txt\nwerkzeug==3.0.1\n# a note\n";
        assert_eq!(
            rows(&requirements("requirements.txt", text)),
            [
                "4 Indirect Package flask ==3.0.0 3.0.0 | flask==3.0.0",
                "9 Runtime Package locust ==2.20.0 2.20.0 | locust==2.20.0",
                "11 Runtime Package requests ==2.31.0 2.31.0 | requests==2.31.0",
                "12 Indirect Package urllib3 ==2.1.0 2.1.0 | urllib3==2.1.0",
                "13 Runtime Package fastapi ==0.110.0 0.110.0 | fastapi==0.110.0",
                "15 Runtime Package redis ==5.0.1 5.0.1 | redis==5.0.1",
                "18 Runtime Package werkzeug ==3.0.1 3.0.1 | werkzeug==3.0.1",
            ]
        );
        // `via` must be the annotation's first word.
        assert_eq!(requirements("requirements.txt", "a==1  # viaduct\n")[0].scope, Scope::Runtime);
        assert_eq!(requirements("requirements.txt", "a==1  # via\n")[0].scope, Scope::Runtime);
    }

    #[test]
    fn entry_point_files() {
        let manage = "#!/usr/bin/env python\nimport os\n# execute_from_command_line(sys.argv)\ndef main():\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n";
        assert_eq!(rows(&manage_py(manage)), ["6 Runtime Role service - - | execute_from_command_line(sys.argv)"]);
        assert_eq!(manage_py("print('not django')\n"), []);
        let wsgi =
            "import os\nfrom django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n";
        assert_eq!(rows(&server_entry_py(wsgi)), ["4 Runtime Role service - - | application = get_wsgi_application()"]);
        assert_eq!(rows(&server_entry_py("from app import create_app\napp = create_app()\n")).len(), 1);
        for text in ["# application = x\n", "apple = 1\n", "if app == 1: pass\n", ""] {
            assert_eq!(server_entry_py(text), [], "{text}");
        }
    }

    #[test]
    fn pyproject_names_scripts_workspaces_and_sources() {
        let text = r#"[project]
name = "api"
dependencies = ["core", "shared"]

[project.scripts]
api = "api.main:run"

[tool.uv.workspace]
members = ["packages/*", ""]

[tool.uv.sources]
core = { workspace = true }
shared = { path = "../shared/" }
wheel = { path = "dist/x.whl" }
far = { path = "/opt/far" }
git = { git = "https://example.com/x" }
"#;
        assert_eq!(
            rows(&pyproject(text).unwrap()),
            [
                "2 Runtime Identity api - - | name = \"api\"",
                "3 Runtime Package core - - | \"core\"",
                "3 Runtime Package shared - - | \"shared\"",
                "6 Runtime Role entry - - | api = \"api.main:run\"",
                "9 Runtime Member packages/* - - | \"packages/*\"",
                "12 Runtime Local core - - | core = { workspace = true }",
                "13 Runtime Local ../shared - - | shared = { path = \"../shared/\" }",
            ]
        );
        let poetry = "[tool.poetry]\nname = \"svc\"\n[tool.poetry.scripts]\nsvc = \"svc:main\"\n[tool.poetry.dependencies]\nlib = { path = \"../lib\", develop = true }\n";
        assert_eq!(
            rows(&pyproject(poetry).unwrap()),
            [
                "2 Runtime Identity svc - - | name = \"svc\"",
                "4 Runtime Role entry - - | svc = \"svc:main\"",
                "6 Runtime Local ../lib - - | lib = { path = \"../lib\", develop = true }",
                "6 Runtime Package lib - - | lib = { path = \"../lib\", develop = true }",
            ]
        );
    }

    #[test]
    fn dev_requirements_and_continuations() {
        let text = "-r requirements.txt\r\npytest==7.4.3\r\npytest-django\\\r\n>=4.5\r\n# black\\\nruff  \\\n";
        assert_eq!(
            rows(&requirements("requirements-dev.txt", text)),
            [
                "2 Dev Package pytest ==7.4.3 7.4.3 | pytest==7.4.3",
                "3 Dev Package pytest-django >=4.5 - | pytest-django",
                "6 Dev Package ruff - - | ruff",
            ]
        );
        assert_eq!(requirements("requirements-test.txt", "\u{feff}pytest\n")[0].scope, Scope::Test);
        // A lone `\` opens the entry: the evidence is the next physical line, as written, not
        // the joined line (found by the property tests).
        assert_eq!(
            rows(&requirements("requirements.txt", "\\\ndjango--hash=x\\\n-r")),
            ["2 Runtime Package django--hash =x -r - | django--hash=x"]
        );
    }

    /// A PEP 621 project with extras, PEP 735 groups (one including another), a build
    /// system, uv dev dependencies.
    #[test]
    fn pep621_pyproject() {
        let text = r#"[build-system]
requires = ["hatchling>=1.18"]
build-backend = "hatchling.build"

[project]
name = "shop-api"
version = "0.4.0"
requires-python = ">=3.11"
dependencies = [
    "fastapi>=0.110,<1",  # web
    'uvicorn[standard]==0.29.0',
    "SQLAlchemy[asyncio]~=2.0",
    "pydantic-settings",
    "tomli>=2; python_version < '3.11'",
]

[project.optional-dependencies]
postgres = ["asyncpg==0.29.0"]
docs = [
  "mkdocs-material",
]

[dependency-groups]
test = ["pytest>=8", "httpx"]
dev = [{include-group = "test"}, "ruff==0.4.1"]

[tool.uv]
dev-dependencies = ["mypy"]
"#;
        assert_eq!(
            rows(&pyproject(text).unwrap()),
            [
                "2 Build Package hatchling >=1.18 - | \"hatchling>=1.18\"",
                "6 Runtime Identity shop-api - - | name = \"shop-api\"",
                "8 Runtime Runtime python >=3.11 - | requires-python = \">=3.11\"",
                "10 Runtime Package fastapi >=0.110,<1 - | \"fastapi>=0.110,<1\"",
                "11 Runtime Package uvicorn ==0.29.0 0.29.0 | 'uvicorn[standard]==0.29.0'",
                "12 Runtime Package SQLAlchemy ~=2.0 - | \"SQLAlchemy[asyncio]~=2.0\"",
                "13 Runtime Package pydantic-settings - - | \"pydantic-settings\"",
                "14 Runtime Package tomli >=2 - | \"tomli>=2; python_version < '3.11'\"",
                "18 Optional Package asyncpg ==0.29.0 0.29.0 | \"asyncpg==0.29.0\"",
                "20 Optional Package mkdocs-material - - | \"mkdocs-material\"",
                "24 Test Package pytest >=8 - | \"pytest>=8\"",
                "24 Test Package httpx - - | \"httpx\"",
                "25 Dev Package ruff ==0.4.1 0.4.1 | \"ruff==0.4.1\"",
                "28 Dev Package mypy - - | \"mypy\"",
            ]
        );
    }

    /// A Poetry project: caret and exact versions, tables with extras, git and path
    /// dependencies, optional extras, the old dev-dependencies table and groups.
    #[test]
    fn poetry_pyproject() {
        let text = r#"[tool.poetry]
name = "blog"
version = "1.0.0"

[tool.poetry.dependencies]
python = "^3.10"
Django = "4.2.7"
celery = { version = "^5.3", extras = ["redis"] }
gunicorn = "*"
psycopg2-binary = { version = "==2.9.9", optional = true }
internal-lib = { git = "https://github.com/org/internal-lib.git", tag = "v1.2.0" }
numpy = [
    { version = "<1.25", python = "<3.9" },
    { version = "^1.26", python = ">=3.9" },
]

[tool.poetry.dependencies.requests]
version = "=2.31.0"

[tool.poetry.dev-dependencies]
black = "^23.11"

[tool.poetry.group.test.dependencies]
pytest = "^7.4"

[tool.poetry.group.lint]
optional = true

[tool.poetry.group.lint.dependencies]
ruff = "0.1.6"

[tool.poetry.extras]
postgres = ["psycopg2-binary"]
"#;
        assert_eq!(
            rows(&pyproject(text).unwrap()),
            [
                "2 Runtime Identity blog - - | name = \"blog\"",
                "6 Runtime Runtime python ^3.10 - | python = \"^3.10\"",
                "7 Runtime Package Django 4.2.7 4.2.7 | Django = \"4.2.7\"",
                "8 Runtime Package celery ^5.3 - | celery = { version = \"^5.3\", extras = [\"redis\"] }",
                "9 Runtime Package gunicorn * - | gunicorn = \"*\"",
                "10 Optional Package psycopg2-binary ==2.9.9 2.9.9 | psycopg2-binary = { version = \"==2.9.9\", optional = true }",
                "11 Runtime Package internal-lib - - | internal-lib = { git = \"https://github.com/org/internal-lib.git\", tag = \"v1.2.0\" }",
                "12 Runtime Package numpy - - | numpy = [",
                "17 Runtime Package requests =2.31.0 2.31.0 | [tool.poetry.dependencies.requests]",
                "21 Dev Package black ^23.11 - | black = \"^23.11\"",
                "24 Test Package pytest ^7.4 - | pytest = \"^7.4\"",
                "30 Dev Package ruff 0.1.6 0.1.6 | ruff = \"0.1.6\"",
            ]
        );
    }

    #[test]
    fn pyproject_errors_and_odd_shapes() {
        assert_eq!(
            pyproject("[project]\ndependencies = [\n  \"a\",\n").unwrap_err(),
            "line 3: unclosed array, expected `]`"
        );
        assert!(pyproject("[project]\nname = 1\nname = 2\n").unwrap_err().starts_with("line 3:"));
        // Shapes other than the specified ones are skipped, not errors.
        let odd = "project = 1\n[dependency-groups]\ndev = \"ruff\"\n[tool]\npoetry = []\n";
        assert_eq!(pyproject(odd).unwrap(), []);
        let odd = "[project]\ndependencies = [1, {a = 1}, \"ok\"]\noptional-dependencies = []\n";
        assert_eq!(rows(&pyproject(odd).unwrap()), ["2 Runtime Package ok - - | \"ok\""]);
    }

    #[test]
    fn pipfile() {
        let text = r#"[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
flask = "==3.0.0"
requests = "*"
"Flask-SQLAlchemy" = {version = ">=3.1", extras = ["asyncio"]}
gunicorn = "21.2.0"
mylib = {git = "https://github.com/org/mylib.git", ref = "main"}

[dev-packages]
pytest = ">=7"
flask = {version = "==3.0.0"}

[requires]
python_version = "3.11"
"#;
        assert_eq!(
            rows(&super::pipfile(text).unwrap()),
            [
                "7 Runtime Package flask ==3.0.0 3.0.0 | flask = \"==3.0.0\"",
                "8 Runtime Package requests * - | requests = \"*\"",
                "9 Runtime Package Flask-SQLAlchemy >=3.1 - | \"Flask-SQLAlchemy\" = {version = \">=3.1\", extras = [\"asyncio\"]}",
                "10 Runtime Package gunicorn 21.2.0 21.2.0 | gunicorn = \"21.2.0\"",
                "11 Runtime Package mylib - - | mylib = {git = \"https://github.com/org/mylib.git\", ref = \"main\"}",
                "14 Dev Package pytest >=7 - | pytest = \">=7\"",
                "15 Dev Package flask ==3.0.0 3.0.0 | flask = {version = \"==3.0.0\"}",
                "18 Runtime Runtime python 3.11 3.11 | python_version = \"3.11\"",
            ]
        );
        let full = "[requires]\npython_version = \"3.11\"\npython_full_version = \"3.11.4\"\n";
        assert_eq!(
            rows(&super::pipfile(full).unwrap()),
            ["3 Runtime Runtime python 3.11.4 3.11.4 | python_full_version = \"3.11.4\""]
        );
        assert_eq!(
            super::pipfile("[packages]\nflask = ").unwrap_err(),
            "line 2: string values must be quoted, expected literal string"
        );
    }

    /// A classic setuptools `setup.py`: keyword arguments, a requirements list in a
    /// variable, extras as a dict, comments and strings that only look like requirements.
    #[test]
    fn setup_py_keywords() {
        let text = r#"#!/usr/bin/env python
import os
from setuptools import find_packages, setup

# install_requires=["not-this"]
REQUIREMENTS = [
    "Flask>=2.3,<3",  # web
    'SQLAlchemy==2.0.23',
    "click",
]

here = os.path.abspath(os.path.dirname(__file__))
long_description = """install_requires=['nope']"""

setup(
    name="inventory",
    version="1.2.0",
    description="Inventory service",
    packages=find_packages(exclude=["tests"]),
    python_requires=">=3.9",
    install_requires=REQUIREMENTS,
    extras_require={
        "postgres": ["psycopg2-binary>=2.9"],
        "dev": [
            "pytest==7.4.3",
            "black",
        ],
        "s3": "boto3",
    },
    tests_require=["pytest-cov"],
    setup_requires=["setuptools_scm"],
    entry_points={"console_scripts": ["inventory=inventory.cli:main"]},
)
"#;
        assert_eq!(
            rows(&setup_py(text)),
            [
                "7 Runtime Package Flask >=2.3,<3 - | \"Flask>=2.3,<3\"",
                "8 Runtime Package SQLAlchemy ==2.0.23 2.0.23 | 'SQLAlchemy==2.0.23'",
                "9 Runtime Package click - - | \"click\"",
                "20 Runtime Runtime python >=3.9 - | python_requires=\">=3.9\"",
                "23 Optional Package psycopg2-binary >=2.9 - | \"psycopg2-binary>=2.9\"",
                "25 Optional Package pytest ==7.4.3 7.4.3 | \"pytest==7.4.3\"",
                "26 Optional Package black - - | \"black\"",
                "28 Optional Package boto3 - - | \"boto3\"",
                "30 Test Package pytest-cov - - | \"pytest-cov\"",
                "31 Build Package setuptools_scm - - | \"setuptools_scm\"",
            ]
        );
    }

    #[test]
    fn setup_py_other_spellings() {
        // The variable named like the keyword, assigned then passed: read once.
        let text = "install_requires = ['requests>=2']\nsetup(install_requires=install_requires)\n";
        assert_eq!(rows(&setup_py(text)), ["1 Runtime Package requests >=2 - | 'requests>=2'"]);
        // A dict of keyword arguments, `dict(...)` extras, an f-string, a prefixed string.
        let text = r#"kwargs = {
    "install_requires": (f"django=={VERSION}", r"celery"),
    "extras_require": dict(redis=["redis>=5"]),
    "python_requires": '>=3.8',
}
setup(**kwargs)
"#;
        assert_eq!(
            rows(&setup_py(text)),
            [
                "2 Runtime Package django - - | f\"django=={VERSION}\"",
                "2 Runtime Package celery - - | r\"celery\"",
                "3 Optional Package redis >=5 - | \"redis>=5\"",
                "4 Runtime Runtime python >=3.8 - | \"python_requires\": '>=3.8'",
            ]
        );
        // Requirements in one string, a line each.
        let text = "setup(\n    install_requires=\"\"\"\n        django>=4\n        # comment\n        requests\n    \"\"\",\n)\n";
        assert_eq!(
            rows(&setup_py(text)),
            ["3 Runtime Package django >=4 - | django>=4", "5 Runtime Package requests - - | requests"]
        );
        // Read from a file, not literal: nothing to say.
        assert_eq!(setup_py("setup(install_requires=open('requirements.txt').read().splitlines())"), []);
    }

    #[test]
    fn a_python_requirement_of_one_cycle_pins_it() {
        for (spec, want) in [
            ("==3.12.*", Some("3.12")),
            ("==3.12", Some("3.12")),
            (">=3.12,<3.13", Some("3.12")),
            (">=3.12.1, <3.13.0", Some("3.12")),
            ("~=3.12.0", Some("3.12")),
            ("~3.11", Some("3.11")),
            (">=3.9", None),
            (">=3.14,<4.0", None),
            (">=3.12,<3.14", None),
            ("~=3.12", None),
            ("^3.12", None),
            ("<3.13", None),
            (">=3.12,<3.13,!=3.12.1", None),
            ("==3.12.1", None),
            ("", None),
        ] {
            assert_eq!(one_cycle(spec).as_deref(), want, "{spec}");
        }
        let deps = pyproject("[project]\nrequires-python = \">=3.13,<3.14\"\n").unwrap();
        assert_eq!(deps[0].pinned.as_deref(), Some("3.13"));
        let deps = pyproject("[project]\nrequires-python = \">=3.9\"\n").unwrap();
        assert_eq!(deps[0].pinned, None);
    }

    #[test]
    fn setup_cfg() {
        let text = r#"[metadata]
name = inventory
version = attr: inventory.__version__

[options]
packages = find:
python_requires = >=3.9
install_requires =
    Flask>=2.3,<3
    SQLAlchemy==2.0.23  # pinned for now

    requests, click>=8
    importlib-metadata; python_version<"3.10"
tests_require = pytest
setup_requires =
    setuptools_scm

[options.extras_require]
postgres = psycopg2-binary>=2.9
dev =
    black
    mypy==1.7.1

[flake8]
max-line-length = 120
"#;
        assert_eq!(
            rows(&super::setup_cfg(text)),
            [
                "7 Runtime Runtime python >=3.9 - | python_requires = >=3.9",
                "9 Runtime Package Flask >=2.3,<3 - | Flask>=2.3,<3",
                "10 Runtime Package SQLAlchemy ==2.0.23 2.0.23 | SQLAlchemy==2.0.23",
                "12 Runtime Package requests - - | requests",
                "12 Runtime Package click >=8 - | click>=8",
                "13 Runtime Package importlib-metadata - - | importlib-metadata; python_version<\"3.10\"",
                "14 Test Package pytest - - | pytest",
                "16 Build Package setuptools_scm - - | setuptools_scm",
                "19 Optional Package psycopg2-binary >=2.9 - | psycopg2-binary>=2.9",
                "21 Optional Package black - - | black",
                "22 Optional Package mypy ==1.7.1 1.7.1 | mypy==1.7.1",
            ]
        );
    }
}
