//! `build.gradle` (Groovy) and `build.gradle.kts` (Kotlin DSL), read by hand over a small
//! lexer: statements are split at newlines outside brackets, and each knows whether it is
//! directly inside a `dependencies { }` or `plugins { }` block.
//!
//! Read: dependency declarations of the known configurations in string (`"g:a:v"`), map
//! (`group: 'g', name: 'a', version: 'v'`, `group = "g", …`), `kotlin("stdlib")` and
//! `platform(…)` notations (BOMs are `Build` scope: they manage versions, they are not used);
//! `plugins { }` ids with their versions, `kotlin("jvm")`, core plugins named bare; `apply
//! plugin:`; `buildscript` `classpath` artifacts (plugins); the Java toolchain, compatibility
//! or `jvmTarget`. `$var`/`${var}` versions are pinned through string variables the same file
//! assigns (`val v = "1.0"`, `def v = '1.0'`, `ext.v = …`, `ext { v = … }`, `extra["v"] = …`).
//!
//! Not read: version catalogs (`libs.…`: the catalog is another file, and guessing its
//! entries would be wrong), `gradle.properties`, `project(…)`/`files(…)`, dependencies added
//! in loops or functions, `constraints { }` and `dependencyManagement { }` (management, not
//! use), unknown configurations.

use rustc_hash::FxHashMap;

use super::common::{exact_version, java_version, At, LineIndex, MAX_VALUE};
use super::jvmlex::{interpolate, lex, next_significant, valid_part, Dialect, Tok, Token};
use super::{Dependency, Scope, What};

/// A statement: a token range and where it stands.
struct Stmt {
    start: usize,
    end: usize,
    /// Directly in `dependencies { }` (not under `dependencyManagement`).
    in_deps: bool,
    /// … and that block is under `buildscript { }`.
    in_buildscript: bool,
    /// Directly in `plugins { }`.
    in_plugins: bool,
    /// Inside a block that configures other projects (`subprojects { }`, `configure(…) { }`,
    /// `project(':x') { }`): what it applies is not this project's.
    for_others: bool,
    /// The statement opens a block at the top level of the script (`springBoot {`).
    opens_top_block: bool,
}

/// Blocks that configure other projects than the script's own.
const OTHER_PROJECTS: &[&str] = &["subprojects", "configure", "project"];

/// Top-level blocks that exist only when the project is an application: the Spring Boot
/// plugin's `springBoot { }` and `bootJar { }`, the `application { }` plugin's.
const APPLICATION_BLOCKS: &[&str] = &["springBoot", "bootJar", "application"];

pub(super) fn parse(text: &str, kotlin: bool) -> Result<Vec<Dependency>, String> {
    let toks = lex(text, Dialect { nested_comments: kotlin, single_quote_strings: true });
    let stmts = statements(&toks);
    let vars = Vars::of(&toks, &stmts);
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for s in &stmts {
        let sig: Vec<Token> =
            toks.get(s.start..s.end).unwrap_or(&[]).iter().copied().filter(|t| t.tok != Tok::Newline).collect();
        if s.in_deps {
            dependency(&sig, s.in_buildscript, &vars, &lines, &mut out);
        } else if s.in_plugins {
            plugin(&sig, &vars, &lines, &mut out);
        }
        apply_plugin(&sig, s.for_others, &lines, &mut out);
        if let Some(role) = application(&sig, s) {
            out.push(lines.dep(What::Role, "service", None, None, role, Scope::Runtime));
        }
    }
    if let Some(java) = java(&toks, &lines) {
        out.push(java);
    }
    out.sort_by_key(|d| d.line);
    Ok(out)
}

/// `settings.gradle` and `settings.gradle.kts`: each `include` of a literal project path is a
/// `Member`, named by its folder relative to the settings file (`:b:c` → `b/c`, or the
/// folder `project(':x').projectDir = file('y')` gives it), with the Gradle project path
/// (`:b:c`) as its version, for `project(':b:c')` references (`Local`) to find it;
/// `rootProject.name` is the build's `Identity`. Includes computed in code (loops,
/// variables) and `includeBuild` (another build) are not read.
pub(super) fn settings(text: &str, kotlin: bool) -> Result<Vec<Dependency>, String> {
    let toks = lex(text, Dialect { nested_comments: kotlin, single_quote_strings: true });
    let lines = LineIndex::new(text);
    let mut includes: Vec<(String, At)> = Vec::new();
    let mut folders: FxHashMap<String, String> = FxHashMap::default();
    let mut out = Vec::new();
    for s in statements(&toks) {
        let sig: Vec<Token> =
            toks.get(s.start..s.end).unwrap_or(&[]).iter().copied().filter(|t| t.tok != Tok::Newline).collect();
        let tok = |i: usize| sig.get(i).map(|t| t.tok);
        match tok(0) {
            Some(Tok::Ident("include")) => {
                for arg in args(call_args(&sig)) {
                    if let [t @ Token { tok: Tok::Str { raw, .. }, .. }] = arg {
                        if let Some(path) = gradle_path(raw) {
                            includes.push((path, t.at()));
                        }
                    }
                }
            }
            Some(Tok::Ident("rootProject")) => {
                if let (
                    Some(Tok::Punct(b'.')),
                    Some(Tok::Ident("name")),
                    Some(Tok::Op("=")),
                    Some(Tok::Str { raw, .. }),
                ) = (tok(1), tok(2), tok(3), tok(4))
                {
                    if valid_part(raw) && sig.len() == 5 {
                        out.push(lines.dep(What::Identity, raw, None, None, sig[4].at(), Scope::Runtime));
                    }
                }
            }
            Some(Tok::Ident("project")) => {
                if let Some((path, folder)) = project_dir(&sig) {
                    folders.insert(path, folder);
                }
            }
            _ => {}
        }
    }
    for (path, at) in includes {
        let folder = folders.get(&path).cloned().unwrap_or_else(|| path.trim_start_matches(':').replace(':', "/"));
        out.push(lines.dep(What::Member, folder, Some(path), None, at, Scope::Runtime));
    }
    out.sort_by_key(|d| d.line);
    Ok(out)
}

/// A literal project path as Gradle reads it: `'a'` and `':a'` are `:a`; `None` for an
/// empty or computed one.
fn gradle_path(raw: &str) -> Option<String> {
    let path = raw.trim().trim_start_matches(':');
    let ok = !path.is_empty() && !raw.contains('$') && path.split(':').all(|p| !p.is_empty() && valid_part(p));
    ok.then(|| format!(":{path}"))
}

/// `project(':x').projectDir = file('y')` (or `new File(settingsDir, 'y')`, `File(rootDir, "y")`)
/// → (`:x`, `y`); a folder outside the build (absolute) or computed is not read.
fn project_dir(sig: &[Token]) -> Option<(String, String)> {
    let tok = |i: usize| sig.get(i).map(|t| t.tok);
    let (Some(Tok::Punct(b'(')), Some(Tok::Str { raw: path, .. }), Some(Tok::Punct(b')'))) = (tok(1), tok(2), tok(3))
    else {
        return None;
    };
    let eq = (4..sig.len()).find(|&i| tok(i) == Some(Tok::Op("=")))?;
    let assigned = (4..eq).any(|i| tok(i) == Some(Tok::Ident("projectDir")));
    // The value's last string literal is the folder: `file('y')`, `new File(settingsDir, 'y')`.
    let folder = sig.get(eq + 1..)?.iter().rev().find_map(|t| match t.tok {
        Tok::Str { raw, .. } => Some(raw),
        _ => None,
    })?;
    let folder = folder.trim().trim_start_matches("./").trim_end_matches('/');
    let inside =
        !folder.is_empty() && !folder.contains('$') && !folder.starts_with(['/', '\\']) && !folder.contains(':');
    (assigned && inside).then(|| (gradle_path(path), folder.to_string())).and_then(|(p, f)| Some((p?, f)))
}

/// Splits the token stream into statements, tracking the enclosing blocks by name.
fn statements(toks: &[Token]) -> Vec<Stmt> {
    let next_sig = next_significant(toks);
    // A line ending in an operator, comma or dot goes on; not a closure's `x ->`.
    let continues_after =
        |t: Option<Tok>| matches!(t, Some(Tok::Op(_) | Tok::Punct(b',' | b'.'))) && t != Some(Tok::Op("->"));
    let continues_before = |t: Option<Tok>| matches!(t, Some(Tok::Op(_) | Tok::Punct(b'.')));

    let mut stmts = Vec::new();
    // Open blocks: name and the bracket depth outside them.
    let mut blocks: Vec<(&str, u32)> = Vec::new();
    let mut mgmt = 0usize;
    let mut buildscript = 0usize;
    // Open blocks for other projects, counted: a statement asks in constant time.
    let mut others = 0usize;
    let mut paren = 0u32;
    let mut start = 0usize;
    let mut prev_sig: Option<Tok> = None;

    let mut end_stmt =
        |start: usize, end: usize, blocks: &[(&str, u32)], (mgmt, buildscript, others): (usize, usize, usize)| {
            if start >= end {
                return;
            }
            let last = blocks.last().map(|(n, _)| *n);
            stmts.push(Stmt {
                start,
                end,
                in_deps: last == Some("dependencies") && mgmt == 0,
                in_buildscript: buildscript > 0,
                in_plugins: last == Some("plugins"),
                for_others: others > 0,
                opens_top_block: blocks.is_empty() && toks.get(end).map(|t| t.tok) == Some(Tok::Punct(b'{')),
            });
        };

    for (idx, t) in toks.iter().enumerate() {
        match t.tok {
            Tok::Punct(b'(' | b'[') => paren = paren.saturating_add(1),
            Tok::Punct(b')' | b']') => paren = paren.saturating_sub(1),
            Tok::Punct(b'{') => {
                end_stmt(start, idx, &blocks, (mgmt, buildscript, others));
                let name = toks
                    .get(start..idx)
                    .unwrap_or(&[])
                    .iter()
                    .find_map(|t| if let Tok::Ident(n) = t.tok { Some(n) } else { None })
                    .unwrap_or("");
                mgmt += usize::from(name == "dependencyManagement");
                buildscript += usize::from(name == "buildscript");
                others += usize::from(OTHER_PROJECTS.contains(&name));
                blocks.push((name, paren));
                paren = 0;
                start = idx + 1;
            }
            Tok::Punct(b'}') => {
                end_stmt(start, idx, &blocks, (mgmt, buildscript, others));
                if let Some((name, p)) = blocks.pop() {
                    mgmt -= usize::from(name == "dependencyManagement" && mgmt > 0);
                    buildscript -= usize::from(name == "buildscript" && buildscript > 0);
                    others -= usize::from(OTHER_PROJECTS.contains(&name) && others > 0);
                    paren = p;
                }
                start = idx + 1;
            }
            Tok::Punct(b';') if paren == 0 => {
                end_stmt(start, idx, &blocks, (mgmt, buildscript, others));
                start = idx + 1;
            }
            Tok::Newline if paren == 0 => {
                let joined = (start < idx && continues_after(prev_sig))
                    || continues_before(next_sig.get(idx + 1).copied().flatten());
                if !joined {
                    end_stmt(start, idx, &blocks, (mgmt, buildscript, others));
                    start = idx + 1;
                }
            }
            _ => {}
        }
        if t.tok != Tok::Newline {
            prev_sig = Some(t.tok);
        }
    }
    end_stmt(start, toks.len(), &blocks, (mgmt, buildscript, others));
    stmts
}

/// String variables the script assigns once (or always to the same value).
struct Vars<'a>(FxHashMap<&'a str, Option<&'a str>>);

impl<'a> Vars<'a> {
    fn of(toks: &[Token<'a>], stmts: &[Stmt]) -> Self {
        let mut map: FxHashMap<&'a str, Option<&'a str>> = FxHashMap::default();
        for s in stmts {
            let sig: Vec<Tok<'a>> =
                toks.get(s.start..s.end).unwrap_or(&[]).iter().map(|t| t.tok).filter(|t| *t != Tok::Newline).collect();
            let Some((name, value)) = assignment(&sig) else { continue };
            map.entry(name).and_modify(|v| *v = v.filter(|old| *old == value)).or_insert(Some(value));
        }
        Vars(map)
    }

    fn get(&self, name: &str) -> Option<String> {
        let v = self.0.get(name).copied().flatten()?;
        (!v.contains('$') && v.len() <= MAX_VALUE).then(|| v.to_string())
    }

    /// The value of a string literal, interpolated when it is double-quoted.
    fn value(&self, raw: &str, interpolated: bool) -> Option<String> {
        if !raw.contains('$') {
            return Some(raw.to_string());
        }
        if !interpolated {
            return None;
        }
        interpolate(raw, &|n| self.get(n))
    }
}

/// `name = "value"` in its forms: `val`/`var`/`def` prefixes, a `: String` type, `ext.name`,
/// `extra["name"]`, `set("name", "value")`, `val name by extra("value")`.
fn assignment<'a>(sig: &[Tok<'a>]) -> Option<(&'a str, &'a str)> {
    let n = sig.len();
    let str_at = |i: usize| match sig.get(i) {
        Some(Tok::Str { raw, .. }) => Some(*raw),
        _ => None,
    };
    let ident_at = |i: usize| match sig.get(i) {
        Some(Tok::Ident(s)) => Some(*s),
        _ => None,
    };
    // … = "value"
    if n >= 3 && sig.get(n - 2) == Some(&Tok::Op("=")) {
        let value = str_at(n - 1)?;
        let name = match sig.get(n - 3)? {
            // `val name: String = …`
            Tok::Ident(_) if n >= 5 && sig.get(n - 4) == Some(&Tok::Op(":")) => ident_at(n - 5)?,
            Tok::Ident(name) => name,
            Tok::Punct(b']') if n >= 5 && sig.get(n - 5) == Some(&Tok::Punct(b'[')) => str_at(n - 4)?,
            _ => return None,
        };
        return Some((name, value));
    }
    // set("name", "value") / ext.set('name', 'value')
    let set_call = [(6, Tok::Ident("set")), (5, Tok::Punct(b'(')), (3, Tok::Punct(b',')), (1, Tok::Punct(b')'))];
    if n >= 6 && set_call.iter().all(|(back, t)| sig.get(n - back) == Some(t)) {
        return Some((str_at(n - 4)?, str_at(n - 2)?));
    }
    // val name by extra("value")
    if n == 7
        && sig.first() == Some(&Tok::Ident("val"))
        && sig.get(2) == Some(&Tok::Ident("by"))
        && sig.get(3) == Some(&Tok::Ident("extra"))
    {
        return Some((ident_at(1)?, str_at(5)?));
    }
    None
}

/// The scope of a dependency configuration, `None` for ones not known to declare
/// dependencies of the project.
fn config_scope(config: &str) -> Option<Scope> {
    let scope = match config {
        "implementation" | "api" | "compile" | "runtime" | "runtimeOnly" => Scope::Runtime,
        "compileOnly" | "compileOnlyApi" | "annotationProcessor" | "kapt" | "ksp" | "coreLibraryDesugaring" => {
            Scope::Build
        }
        "developmentOnly" | "testAndDevelopmentOnly" => Scope::Dev,
        "kaptTest" | "kspTest" | "kaptAndroidTest" | "kspAndroidTest" => Scope::Test,
        _ => {
            let suffixes =
                ["Implementation", "Api", "CompileOnly", "RuntimeOnly", "AnnotationProcessor", "Compile", "Runtime"];
            let (prefix, suffix) = suffixes.iter().find_map(|s| Some((config.strip_suffix(s)?, *s)))?;
            if prefix.is_empty() {
                return None;
            }
            if prefix.to_ascii_lowercase().contains("test") {
                Scope::Test
            } else if prefix == "debug" {
                Scope::Dev
            } else if matches!(suffix, "CompileOnly" | "AnnotationProcessor") {
                Scope::Build
            } else {
                Scope::Runtime
            }
        }
    };
    Some(scope)
}

/// The tokens inside the bracket opening at `sig[open]`, and the index after its close.
fn inside<'s, 'a>(sig: &'s [Token<'a>], open: usize) -> (&'s [Token<'a>], usize) {
    let mut depth = 0u32;
    for (i, t) in sig.iter().enumerate().skip(open) {
        match t.tok {
            Tok::Punct(b'(' | b'[' | b'{') => depth += 1,
            Tok::Punct(b')' | b']' | b'}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (sig.get(open + 1..i).unwrap_or(&[]), i + 1);
                }
            }
            _ => {}
        }
    }
    (sig.get(open + 1..).unwrap_or(&[]), sig.len())
}

/// Splits at commas outside brackets.
fn args<'s, 'a>(sig: &'s [Token<'a>]) -> Vec<&'s [Token<'a>]> {
    let mut out = Vec::new();
    let mut depth = 0u32;
    let mut start = 0;
    for (i, t) in sig.iter().enumerate() {
        match t.tok {
            Tok::Punct(b'(' | b'[' | b'{') => depth += 1,
            Tok::Punct(b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            Tok::Punct(b',') if depth == 0 => {
                out.push(sig.get(start..i).unwrap_or(&[]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(sig.get(start..).unwrap_or(&[]));
    out.retain(|a| !a.is_empty());
    out
}

/// The arguments of a call: `f(a, b)` or Groovy's `f a, b`.
fn call_args<'s, 'a>(sig: &'s [Token<'a>]) -> &'s [Token<'a>] {
    if sig.get(1).map(|t| t.tok) == Some(Tok::Punct(b'(')) {
        inside(sig, 1).0
    } else {
        sig.get(1..).unwrap_or(&[])
    }
}

fn dependency(sig: &[Token], in_buildscript: bool, vars: &Vars, lines: &LineIndex, out: &mut Vec<Dependency>) {
    let Some(Tok::Ident(config)) = sig.first().map(|t| t.tok) else { return };
    let (what, scope) = if config == "classpath" {
        if !in_buildscript {
            return;
        }
        (What::Plugin, Scope::Runtime)
    } else {
        let Some(scope) = config_scope(config) else { return };
        (What::Package, scope)
    };
    let at = sig.first().map_or(At::Line(1), Token::at);
    notation(call_args(sig), what, scope, at, vars, lines, out, 0);
}

/// How deep `platform(platform(…))` is followed.
const MAX_NOTATION_DEPTH: u8 = 2;

/// One configuration's arguments: string, map, `kotlin(…)` or `platform(…)` notations.
#[allow(clippy::too_many_arguments)]
fn notation(
    a: &[Token],
    what: What,
    scope: Scope,
    at: At,
    vars: &Vars,
    lines: &LineIndex,
    out: &mut Vec<Dependency>,
    depth: u8,
) {
    let tok = |i: usize| a.get(i).map(|t| t.tok);
    // Map notation: group: 'g', name: 'a', version: 'v' (Groovy) or group = "g", … (Kotlin).
    if matches!(tok(0), Some(Tok::Ident(_))) && matches!(tok(1), Some(Tok::Op(":" | "="))) {
        let mut fields: FxHashMap<&str, Token> = FxHashMap::default();
        for arg in args(a) {
            if let [k, op, v] = arg {
                if let (Tok::Ident(key), Tok::Op(":" | "=")) = (k.tok, op.tok) {
                    fields.insert(key, *v);
                }
            }
        }
        let field = |k: &str| match fields.get(k).map(|t| t.tok) {
            Some(Tok::Str { raw, interpolated }) => vars.value(raw, interpolated),
            _ => None,
        };
        let (Some(group), Some(name)) = (field("group"), field("name")) else { return };
        let (version, pinned) = match fields.get("version").map(|t| t.tok) {
            Some(Tok::Str { raw, interpolated }) => {
                (Some(raw.to_string()), vars.value(raw, interpolated).and_then(|v| exact_version(&v)))
            }
            Some(Tok::Ident(v)) => (Some(v.to_string()), vars.get(v).and_then(|v| exact_version(&v))),
            _ => (None, None),
        };
        if valid_part(&group) && valid_part(&name) {
            out.push(lines.dep(what, format!("{group}:{name}"), version, pinned, at, scope));
        }
        return;
    }
    for arg in args(a) {
        match (arg.first().map(|t| t.tok), arg.get(1).map(|t| t.tok)) {
            (Some(Tok::Str { raw, interpolated }), _) => {
                let at = arg.first().map_or(at, Token::at);
                if let Some(d) = coordinate(raw, interpolated, what, scope, at, vars, lines) {
                    out.push(d);
                }
            }
            (Some(Tok::Ident("project")), Some(Tok::Punct(b'('))) => {
                if let Some(path) = project_path(inside(arg, 1).0) {
                    let at = arg.first().map_or(at, Token::at);
                    out.push(lines.dep(What::Local, path, None, None, at, scope));
                }
            }
            (Some(Tok::Ident("platform" | "enforcedPlatform")), Some(Tok::Punct(b'(')))
                if depth < MAX_NOTATION_DEPTH =>
            {
                notation(inside(arg, 1).0, what, Scope::Build, at, vars, lines, out, depth + 1);
            }
            (Some(Tok::Ident("kotlin")), Some(Tok::Punct(b'('))) => {
                let inner = inside(arg, 1).0;
                let parts = args(inner);
                let s = |i: usize| match parts.get(i).and_then(|p| p.first()).map(|t| t.tok) {
                    Some(Tok::Str { raw, interpolated }) => Some((raw, interpolated)),
                    _ => None,
                };
                let Some((module, _)) = s(0) else { continue };
                if !valid_part(module) {
                    continue;
                }
                let version = s(1).map(|(v, _)| v.to_string());
                let pinned = s(1).and_then(|(v, i)| vars.value(v, i)).and_then(|v| exact_version(&v));
                let at = arg.first().map_or(at, Token::at);
                out.push(lines.dep(what, format!("org.jetbrains.kotlin:kotlin-{module}"), version, pinned, at, scope));
            }
            _ => {}
        }
    }
}

/// The project path of `project(':core')`, `project(path: ':core', configuration: …)` or
/// `project(path = ":core")`: a literal, not interpolated.
fn project_path(inner: &[Token]) -> Option<String> {
    let literal = |t: Option<&Token>| match t.map(|t| t.tok) {
        Some(Tok::Str { raw, .. }) if !raw.contains('$') && !raw.trim().is_empty() => Some(raw.trim().to_string()),
        _ => None,
    };
    args(inner).into_iter().find_map(|arg| match arg {
        [only] => literal(Some(only)),
        [k, op, v] if k.tok == Tok::Ident("path") && matches!(op.tok, Tok::Op(":" | "=")) => literal(Some(v)),
        _ => None,
    })
}

/// `group:artifact[:version[:classifier]][@ext]`.
fn coordinate(
    raw: &str,
    interpolated: bool,
    what: What,
    scope: Scope,
    at: At,
    vars: &Vars,
    lines: &LineIndex,
) -> Option<Dependency> {
    let raw = raw.split_once('@').map_or(raw, |(c, _)| c);
    let parts = split_outside_braces(raw);
    let (group, artifact) = (*parts.first()?, *parts.get(1)?);
    let group = vars.value(group, interpolated).unwrap_or_else(|| group.to_string());
    let artifact = vars.value(artifact, interpolated).unwrap_or_else(|| artifact.to_string());
    if !valid_part(&group) || !valid_part(&artifact) {
        return None;
    }
    let version = parts.get(2).filter(|v| !v.is_empty()).map(|v| v.to_string());
    let pinned = version.as_deref().and_then(|v| vars.value(v, interpolated)).and_then(|v| exact_version(&v));
    Some(lines.dep(what, format!("{group}:{artifact}"), version, pinned, at, scope))
}

/// Splits a coordinate at `:` outside `${…}`.
fn split_outside_braces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0u32;
    let mut start = 0;
    let b = s.as_bytes();
    for (i, c) in b.iter().enumerate() {
        match c {
            b'{' if i > 0 && b.get(i - 1) == Some(&b'$') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                out.push(s.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s.get(start..).unwrap_or(""));
    out
}

fn plugin(sig: &[Token], vars: &Vars, lines: &LineIndex, out: &mut Vec<Dependency>) {
    let tok = |i: usize| sig.get(i).map(|t| t.tok);
    let str_arg = |i: usize| -> Option<(&str, usize, At)> {
        match (tok(i), tok(i + 1), tok(i + 2), tok(i + 3)) {
            (Some(Tok::Punct(b'(')), Some(Tok::Str { raw, .. }), Some(Tok::Punct(b')')), _) => {
                Some((raw, i + 3, sig.get(i + 1).map_or(At::Line(1), Token::at)))
            }
            (Some(Tok::Str { raw, .. }), ..) => Some((raw, i + 1, sig.get(i).map_or(At::Line(1), Token::at))),
            _ => None,
        }
    };
    let (name, rest, at) = match tok(0) {
        Some(Tok::Ident("id")) => {
            let Some((id, rest, at)) = str_arg(1) else { return };
            (id.to_string(), rest, at)
        }
        Some(Tok::Ident("kotlin")) => {
            let Some((id, rest, at)) = str_arg(1) else { return };
            (format!("org.jetbrains.kotlin.{id}"), rest, at)
        }
        Some(Tok::Ident(core)) if sig.len() == 1 => (core.to_string(), 1, sig.first().map_or(At::Line(1), Token::at)),
        _ => return,
    };
    if !valid_part(&name) {
        return;
    }
    // `version "v"`, `version("v")`, `.version("v")`, `version v`.
    let mut version = None;
    let mut pinned = None;
    if let Some(k) = (rest..sig.len()).find(|&k| tok(k) == Some(Tok::Ident("version"))) {
        let value = if tok(k + 1) == Some(Tok::Punct(b'(')) { k + 2 } else { k + 1 };
        match tok(value) {
            Some(Tok::Str { raw, interpolated }) => {
                version = Some(raw.to_string());
                pinned = vars.value(raw, interpolated).and_then(|v| exact_version(&v));
            }
            // A plain variable; not an expression such as `libs.versions.kotlin.get()`.
            Some(Tok::Ident(v)) if tok(value + 1) != Some(Tok::Punct(b'.')) => {
                version = Some(v.to_string());
                pinned = vars.get(v).and_then(|v| exact_version(&v));
            }
            _ => {}
        }
    }
    // `apply false`: declared for the build (its version), applied by other projects.
    let applied = !sig.windows(2).any(|w| w[0].tok == Tok::Ident("apply") && w[1].tok == Tok::Ident("false"));
    let scope = if applied { Scope::Runtime } else { Scope::Build };
    out.push(lines.dep(What::Plugin, name, version, pinned, at, scope));
}

/// `apply plugin: 'x'` (Groovy) and `apply(plugin = "x")` (Kotlin), wherever they are; in a
/// block for other projects (`subprojects { }`) it is the build's, not this project's:
/// `Build` scope.
fn apply_plugin(sig: &[Token], for_others: bool, lines: &LineIndex, out: &mut Vec<Dependency>) {
    if sig.first().map(|t| t.tok) != Some(Tok::Ident("apply")) {
        return;
    }
    let scope = if for_others { Scope::Build } else { Scope::Runtime };
    for w in sig.windows(3) {
        if let [Tok::Ident("plugin"), Tok::Op(":" | "="), Tok::Str { raw, .. }] = [w[0].tok, w[1].tok, w[2].tok] {
            if valid_part(raw) {
                out.push(lines.dep(What::Plugin, raw, None, None, w[2].at(), scope));
            }
        }
    }
}

/// Where the script says the project is an application by itself: a top-level block only
/// an application has (`springBoot {`, `bootJar {`, `application {`), or the `application`
/// plugin's `mainClassName = …` at the top level. (The plugins themselves are data:
/// `[[detect.role]]`.)
fn application(sig: &[Token], s: &Stmt) -> Option<At> {
    let first = sig.first()?;
    let named = |n: &str| first.tok == Tok::Ident(n);
    let block = s.opens_top_block && sig.len() == 1 && APPLICATION_BLOCKS.iter().any(|b| named(b));
    let main_class = !s.for_others
        && !s.in_deps
        && !s.in_plugins
        && named("mainClassName")
        && matches!(sig.get(1).map(|t| t.tok), Some(Tok::Op("=")));
    (block || main_class).then(|| first.at())
}

/// The Java version the build targets: the toolchain (`languageVersion`, `jvmToolchain`),
/// else `sourceCompatibility`, else `targetCompatibility`, else Kotlin's `jvmTarget`.
fn java(toks: &[Token], lines: &LineIndex) -> Option<Dependency> {
    let tok = |i: usize| toks.get(i).map(|t| t.tok);
    // (priority, version as written, where)
    let mut best: Option<(u8, String, At)> = None;
    for (i, t) in toks.iter().enumerate() {
        let Tok::Ident(name) = t.tok else { continue };
        let priority = match name {
            "languageVersion" | "jvmToolchain" => 0,
            "sourceCompatibility" => 1,
            "targetCompatibility" => 2,
            "jvmTarget" => 3,
            _ => continue,
        };
        if best.as_ref().is_some_and(|(p, ..)| *p <= priority) {
            continue;
        }
        // The value within the next few tokens: `= X`, `.set(X)`, `(X)`, ` X`, where X is
        // `17`, `"17"`, `JavaVersion.VERSION_17`, `JavaLanguageVersion.of(17)`,
        // `JavaVersion.toVersion(17)`, `JvmTarget.JVM_17`.
        let mut value = None;
        // Kotlin's own `languageVersion = "1.9"` is not Java's: that one says JavaLanguageVersion.
        let mut java_language_version = name != "languageVersion";
        for k in i + 1..(i + 10).min(toks.len()) {
            match tok(k) {
                Some(Tok::Op("=") | Tok::Punct(b'(' | b'.') | Tok::Ident("set" | "of" | "toVersion")) => {}
                Some(Tok::Ident("JavaLanguageVersion")) => java_language_version = true,
                Some(Tok::Ident("JavaVersion" | "JvmTarget")) => {}
                Some(Tok::Num(n)) => {
                    value = Some(n.to_string());
                    break;
                }
                Some(Tok::Str { raw, .. }) => {
                    value = Some(raw.to_string());
                    break;
                }
                Some(Tok::Ident(c)) => {
                    if let Some(v) = c.strip_prefix("VERSION_").or_else(|| c.strip_prefix("JVM_")) {
                        value = Some(v.replace('_', "."));
                    }
                    break;
                }
                _ => break,
            }
        }
        if let Some(v) = value.filter(|v| java_language_version && java_version(v).is_some()) {
            best = Some((priority, v, t.at()));
        }
    }
    let (_, version, at) = best?;
    let pinned = java_version(&version);
    Some(lines.dep(What::Runtime, "java", Some(version), pinned, at, Scope::Runtime))
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "dependencies {",
    "}",
    "{",
    "plugins {",
    "implementation",
    "testImplementation ",
    "(",
    ")",
    "\"g:a:1.0\"",
    "'g:a:$v'",
    "\"g:a:${v}\"",
    "group: 'g', name: 'a', version: 'v'",
    "group = \"g\"",
    "platform(",
    "kotlin(\"stdlib\")",
    "kotlin(\"jvm\")",
    "id(\"x\") version \"1\"",
    "id 'x'",
    "apply plugin: 'x'",
    "buildscript {",
    "classpath ",
    "val v = \"1\"",
    "ext {",
    "extra[\"v\"] = \"2\"",
    "=",
    ",",
    ";",
    "\n",
    "//",
    "/*",
    "*/",
    "\"\"\"",
    "'''",
    "`java`",
    "languageVersion.set(JavaLanguageVersion.of(17))",
    "sourceCompatibility = ",
    "JavaVersion.VERSION_1_8",
    "jvmToolchain(",
    "->",
    "{ c ->",
    "dependencyManagement {",
    "constraints {",
    "libs.x.y",
    "é",
    "project(':a')",
    "project(path: ':a')",
    "apply false",
    "subprojects {",
    "springBoot {",
    "mainClassName = 'a.B'",
    "include 'a', ':b:c'",
    "include(\":a\")",
    "rootProject.name = 'x'",
    "project(':a').projectDir = file('y')",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::super::parse_file;
    use super::*;

    #[test]
    fn settings_members_remaps_and_name() {
        let groovy = "pluginManagement {\n  includeBuild 'build-logic'\n}\nrootProject.name = 'halo'\ninclude 'api', 'application', ':platform:plugin'\ninclude \"$dyn\", ''\nproject(':api').projectDir = file('modules/api/')\n";
        assert_eq!(
            rows(&settings(groovy, false).unwrap()),
            [
                "4 Runtime Identity halo - - | rootProject.name = 'halo'",
                "5 Runtime Member modules/api :api - | include 'api', 'application', ':platform:plugin'",
                "5 Runtime Member application :application - | include 'api', 'application', ':platform:plugin'",
                "5 Runtime Member platform/plugin :platform:plugin - | include 'api', 'application', ':platform:plugin'",
            ]
        );
        let kts = "rootProject.name = \"shop\"\ninclude(\n    \":web\",\n    \":core:db\"\n)\nproject(\":web\").projectDir = File(settingsDir, \"frontend\")\nproject(\":core:db\").projectDir = file(\"/abs\")\n";
        assert_eq!(
            rows(&parse_file("settings.gradle.kts", kts).unwrap()),
            [
                "1 Runtime Identity shop - - | rootProject.name = \"shop\"",
                "3 Runtime Member frontend :web - | \":web\",",
                "4 Runtime Member core/db :core:db - | \":core:db\"",
            ]
        );
        assert_eq!(settings("include(':a:') \nrootProject.name = 'a' + b\n", false).unwrap(), []);
    }

    #[test]
    fn applications_locals_and_plugins_for_other_projects() {
        let root = "plugins {\n  id 'org.springframework.boot' version '3.2.0' apply false\n}\nsubprojects {\n  apply plugin: 'org.springframework.boot'\n  mainClassName = 'x.Y'\n}\nallprojects {\n  apply plugin: 'java'\n}\n";
        assert_eq!(
            rows(&parse(root, false).unwrap()),
            [
                "2 Build Plugin org.springframework.boot 3.2.0 3.2.0 | id 'org.springframework.boot' version '3.2.0' apply false",
                "5 Build Plugin org.springframework.boot - - | apply plugin: 'org.springframework.boot'",
                "9 Runtime Plugin java - - | apply plugin: 'java'",
            ]
        );
        let app = "plugins { id 'java' }\nmainClassName = 'shop.Main'\nspringBoot {\n  mainClass = 'shop.App'\n}\ntasks.register('gen', JavaExec) {\n  mainClass = 'x.Gen'\n}\ndependencies {\n  implementation project(':core')\n  testImplementation project(path: ':testing', configuration: 'x')\n  api(project(path = \":api\"))\n  implementation project(\"$p\")\n}\n";
        assert_eq!(
            rows(&parse(app, false).unwrap()),
            [
                "1 Runtime Plugin java - - | plugins { id 'java' }",
                "2 Runtime Role service - - | mainClassName = 'shop.Main'",
                "3 Runtime Role service - - | springBoot {",
                "10 Runtime Local :core - - | implementation project(':core')",
                "11 Test Local :testing - - | testImplementation project(path: ':testing', configuration: 'x')",
                "12 Runtime Local :api - - | api(project(path = \":api\"))",
            ]
        );
        let kts = "application {\n    mainClass.set(\"a.B\")\n}\n";
        assert_eq!(rows(&parse(kts, true).unwrap()), ["1 Runtime Role service - - | application {"]);
    }

    const SPRING_KTS: &str = r#"import org.jetbrains.kotlin.gradle.tasks.KotlinCompile

plugins {
	id("org.springframework.boot") version "3.2.0"
	id("io.spring.dependency-management") version "1.1.4"
	kotlin("jvm") version "1.9.20"
	kotlin("plugin.spring") version "1.9.20"
	kotlin("plugin.jpa") version "1.9.20"
	alias(libs.plugins.detekt)
}

group = "com.example"
version = "0.0.1-SNAPSHOT"

java {
	sourceCompatibility = JavaVersion.VERSION_17
}

val testcontainersVersion = "1.19.3"

repositories {
	mavenCentral()
}

dependencies {
	implementation("org.springframework.boot:spring-boot-starter-data-jpa")
	implementation("org.springframework.boot:spring-boot-starter-web")
	implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
	implementation("org.jetbrains.kotlin:kotlin-reflect")
	implementation(kotlin("stdlib"))
	implementation(libs.spring.boot.starter.actuator)
	implementation(platform("org.testcontainers:testcontainers-bom:$testcontainersVersion"))
	developmentOnly("org.springframework.boot:spring-boot-devtools")
	runtimeOnly("org.postgresql:postgresql")
	// implementation("commented:out:1.0")
	testImplementation("org.springframework.boot:spring-boot-starter-test") {
		exclude(group = "org.junit.vintage", module = "junit-vintage-engine")
	}
	testImplementation("org.testcontainers:postgresql:${testcontainersVersion}")
	testImplementation(kotlin("test", "1.9.20"))
	testRuntimeOnly("org.junit.platform:junit-platform-launcher")
	implementation(project(":core"))
}

tasks.withType<KotlinCompile> {
	kotlinOptions {
		freeCompilerArgs += "-Xjsr305=strict"
		jvmTarget = "17"
	}
}

tasks.withType<Test> {
	useJUnitPlatform()
}
"#;

    #[test]
    fn spring_boot_kotlin_dsl() {
        let deps = parse_file("build.gradle.kts", SPRING_KTS).unwrap();
        assert_eq!(
            rows(&deps),
            [
                "4 Runtime Plugin org.springframework.boot 3.2.0 3.2.0 | id(\"org.springframework.boot\") version \"3.2.0\"",
                "5 Runtime Plugin io.spring.dependency-management 1.1.4 1.1.4 | id(\"io.spring.dependency-management\") version \"1.1.4\"",
                "6 Runtime Plugin org.jetbrains.kotlin.jvm 1.9.20 1.9.20 | kotlin(\"jvm\") version \"1.9.20\"",
                "7 Runtime Plugin org.jetbrains.kotlin.plugin.spring 1.9.20 1.9.20 | kotlin(\"plugin.spring\") version \"1.9.20\"",
                "8 Runtime Plugin org.jetbrains.kotlin.plugin.jpa 1.9.20 1.9.20 | kotlin(\"plugin.jpa\") version \"1.9.20\"",
                "16 Runtime Runtime java 17 17 | sourceCompatibility = JavaVersion.VERSION_17",
                "26 Runtime Package org.springframework.boot:spring-boot-starter-data-jpa - - | implementation(\"org.springframework.boot:spring-boot-starter-data-jpa\")",
                "27 Runtime Package org.springframework.boot:spring-boot-starter-web - - | implementation(\"org.springframework.boot:spring-boot-starter-web\")",
                "28 Runtime Package com.fasterxml.jackson.module:jackson-module-kotlin - - | implementation(\"com.fasterxml.jackson.module:jackson-module-kotlin\")",
                "29 Runtime Package org.jetbrains.kotlin:kotlin-reflect - - | implementation(\"org.jetbrains.kotlin:kotlin-reflect\")",
                "30 Runtime Package org.jetbrains.kotlin:kotlin-stdlib - - | implementation(kotlin(\"stdlib\"))",
                "32 Build Package org.testcontainers:testcontainers-bom $testcontainersVersion 1.19.3 | implementation(platform(\"org.testcontainers:testcontainers-bom:$testcontainersVersion\"))",
                "33 Dev Package org.springframework.boot:spring-boot-devtools - - | developmentOnly(\"org.springframework.boot:spring-boot-devtools\")",
                "34 Runtime Package org.postgresql:postgresql - - | runtimeOnly(\"org.postgresql:postgresql\")",
                "36 Test Package org.springframework.boot:spring-boot-starter-test - - | testImplementation(\"org.springframework.boot:spring-boot-starter-test\") {",
                "39 Test Package org.testcontainers:postgresql ${testcontainersVersion} 1.19.3 | testImplementation(\"org.testcontainers:postgresql:${testcontainersVersion}\")",
                "40 Test Package org.jetbrains.kotlin:kotlin-test 1.9.20 1.9.20 | testImplementation(kotlin(\"test\", \"1.9.20\"))",
                "41 Test Package org.junit.platform:junit-platform-launcher - - | testRuntimeOnly(\"org.junit.platform:junit-platform-launcher\")",
                "42 Runtime Local :core - - | implementation(project(\":core\"))",
            ]
        );
        assert_eq!(deps[0].text, r#"id("org.springframework.boot") version "3.2.0""#);
        assert_eq!(deps[2].text, r#"kotlin("jvm") version "1.9.20""#);
        let web = deps.iter().find(|d| d.name.ends_with("starter-web")).unwrap();
        assert_eq!(web.text, r#"implementation("org.springframework.boot:spring-boot-starter-web")"#);
        let java = deps.iter().find(|d| d.name == "java").unwrap();
        assert_eq!(java.text, "sourceCompatibility = JavaVersion.VERSION_17");
    }

    const SPRING_GROOVY: &str = r#"buildscript {
    ext {
        springBootVersion = '2.7.18'
    }
    repositories { mavenCentral() }
    dependencies {
        classpath("org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}")
    }
}

plugins {
    id 'java'
    id 'org.springframework.boot' version '3.2.0'
    id 'io.spring.dependency-management' version '1.1.4'
}

apply plugin: 'io.spring.dependency-management'

group = 'com.example'
version = '0.0.1-SNAPSHOT'

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}

sourceCompatibility = '17'

ext {
    set('springCloudVersion', "2023.0.0")
    lombokVersion = '1.18.30'
}

dependencies {
    implementation 'org.springframework.boot:spring-boot-starter-actuator'
    implementation 'org.springframework.cloud:spring-cloud-starter-config', 'org.flywaydb:flyway-core:10.4.1'
    implementation group: 'org.apache.commons', name: 'commons-lang3', version: '3.14.0'
    compileOnly "org.projectlombok:lombok:${lombokVersion}"
    annotationProcessor 'org.projectlombok:lombok'
    runtimeOnly 'com.mysql:mysql-connector-j'
    testImplementation 'org.springframework.boot:spring-boot-starter-test'
    testImplementation platform('org.junit:junit-bom:5.10.1')
    androidTestImplementation 'androidx.test:runner:1.5.2'
    implementation 'com.google.guava:guava:32.1.3-jre@jar'
    implementation 'org.dynamic:lib:1.+'
    implementation files('libs/local.jar')
    implementation fileTree(dir: 'libs', include: ['*.jar'])
    implementation('io.micrometer:micrometer-registry-prometheus') {
        exclude group: 'org.ignored', module: 'ignored'
    }
}

dependencyManagement {
    imports {
        mavenBom "org.springframework.cloud:spring-cloud-dependencies:${springCloudVersion}"
    }
    dependencies {
        dependency 'org.managed:managed:1.0'
    }
}
"#;

    #[test]
    fn spring_boot_groovy() {
        let deps = parse_file("build.gradle", SPRING_GROOVY).unwrap();
        assert_eq!(
            rows(&deps),
            [
                "7 Runtime Plugin org.springframework.boot:spring-boot-gradle-plugin ${springBootVersion} 2.7.18 | classpath(\"org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}\")",
                "12 Runtime Plugin java - - | id 'java'",
                "13 Runtime Plugin org.springframework.boot 3.2.0 3.2.0 | id 'org.springframework.boot' version '3.2.0'",
                "14 Runtime Plugin io.spring.dependency-management 1.1.4 1.1.4 | id 'io.spring.dependency-management' version '1.1.4'",
                "17 Runtime Plugin io.spring.dependency-management - - | apply plugin: 'io.spring.dependency-management'",
                "24 Runtime Runtime java 21 21 | languageVersion = JavaLanguageVersion.of(21)",
                "36 Runtime Package org.springframework.boot:spring-boot-starter-actuator - - | implementation 'org.springframework.boot:spring-boot-starter-actuator'",
                "37 Runtime Package org.springframework.cloud:spring-cloud-starter-config - - | implementation 'org.springframework.cloud:spring-cloud-starter-config', 'org.flywaydb:flyway-core:10.4.1'",
                "37 Runtime Package org.flywaydb:flyway-core 10.4.1 10.4.1 | implementation 'org.springframework.cloud:spring-cloud-starter-config', 'org.flywaydb:flyway-core:10.4.1'",
                "38 Runtime Package org.apache.commons:commons-lang3 3.14.0 3.14.0 | implementation group: 'org.apache.commons', name: 'commons-lang3', version: '3.14.0'",
                "39 Build Package org.projectlombok:lombok ${lombokVersion} 1.18.30 | compileOnly \"org.projectlombok:lombok:${lombokVersion}\"",
                "40 Build Package org.projectlombok:lombok - - | annotationProcessor 'org.projectlombok:lombok'",
                "41 Runtime Package com.mysql:mysql-connector-j - - | runtimeOnly 'com.mysql:mysql-connector-j'",
                "42 Test Package org.springframework.boot:spring-boot-starter-test - - | testImplementation 'org.springframework.boot:spring-boot-starter-test'",
                "43 Build Package org.junit:junit-bom 5.10.1 5.10.1 | testImplementation platform('org.junit:junit-bom:5.10.1')",
                "44 Test Package androidx.test:runner 1.5.2 1.5.2 | androidTestImplementation 'androidx.test:runner:1.5.2'",
                "45 Runtime Package com.google.guava:guava 32.1.3-jre 32.1.3-jre | implementation 'com.google.guava:guava:32.1.3-jre@jar'",
                "46 Runtime Package org.dynamic:lib 1.+ - | implementation 'org.dynamic:lib:1.+'",
                "49 Runtime Package io.micrometer:micrometer-registry-prometheus - - | implementation('io.micrometer:micrometer-registry-prometheus') {",
            ]
        );
        assert_eq!(
            deps.iter().find(|d| d.name.ends_with("commons-lang3")).unwrap().text,
            "implementation group: 'org.apache.commons', name: 'commons-lang3', version: '3.14.0'"
        );
    }

    #[test]
    fn configurations() {
        for (config, want) in [
            ("implementation", Some(Scope::Runtime)),
            ("api", Some(Scope::Runtime)),
            ("compileOnly", Some(Scope::Build)),
            ("runtimeOnly", Some(Scope::Runtime)),
            ("testImplementation", Some(Scope::Test)),
            ("testRuntimeOnly", Some(Scope::Test)),
            ("testCompileOnly", Some(Scope::Test)),
            ("androidTestImplementation", Some(Scope::Test)),
            ("integrationTestImplementation", Some(Scope::Test)),
            ("testFixturesApi", Some(Scope::Test)),
            ("kapt", Some(Scope::Build)),
            ("kaptTest", Some(Scope::Test)),
            ("annotationProcessor", Some(Scope::Build)),
            ("developmentOnly", Some(Scope::Dev)),
            ("debugImplementation", Some(Scope::Dev)),
            ("releaseImplementation", Some(Scope::Runtime)),
            ("jvmMainImplementation", Some(Scope::Runtime)),
            ("exclude", None),
            ("dependency", None),
            ("Implementation", None),
            ("classpath", None),
        ] {
            assert_eq!(config_scope(config), want, "{config}");
        }
    }

    #[test]
    fn java_versions_in_their_forms() {
        let java = |text: &str| {
            parse(text, true)
                .unwrap()
                .into_iter()
                .find(|d| d.what == What::Runtime)
                .map(|d| (d.version.unwrap(), d.pinned, d.line))
        };
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            java("java { toolchain { languageVersion.set(JavaLanguageVersion.of(17)) } }"),
            Some(("17".into(), s("17"), 1))
        );
        assert_eq!(java("kotlin {\n  jvmToolchain(21)\n}"), Some(("21".into(), s("21"), 2)));
        assert_eq!(java("sourceCompatibility = 1.8\ntargetCompatibility = 1.8"), Some(("1.8".into(), s("8"), 1)));
        assert_eq!(
            java("android { compileOptions { sourceCompatibility JavaVersion.VERSION_1_8 } }"),
            Some(("1.8".into(), s("8"), 1))
        );
        assert_eq!(java("targetCompatibility = JavaVersion.toVersion(\"11\")"), Some(("11".into(), s("11"), 1)));
        assert_eq!(
            java("kotlin { compilerOptions { jvmTarget.set(JvmTarget.JVM_17) } }"),
            Some(("17".into(), s("17"), 1))
        );
        // The toolchain wins over compatibility, wherever it is.
        assert_eq!(
            java("sourceCompatibility = '11'\njava.toolchain.languageVersion = JavaLanguageVersion.of(17)"),
            Some(("17".into(), s("17"), 2))
        );
        assert_eq!(java("languageVersion = JavaLanguageVersion.of(libs.versions.java.get())"), None);
        assert_eq!(java("val sourceCompatibility = x"), None);
        assert_eq!(java("kotlinOptions { languageVersion = \"1.9\" }"), None);
    }

    #[test]
    fn plugins_and_apply_forms() {
        let text = r#"plugins {
    `java-library`
    application
    id("com.google.cloud.tools.jib").version("3.4.0")
    id("org.jetbrains.kotlin.jvm") version kotlinVersion apply false
    kotlin("kapt")
    alias(libs.plugins.kotlin.jvm)
    kotlin("plugin.serialization") version libs.versions.kotlin.get()
}
val kotlinVersion = "1.9.22"
subprojects {
    apply(plugin = "org.jetbrains.kotlin.jvm")
    dependencies {
        "implementation"("ignored:string-call:1.0")
        implementation(libs.some.lib)
        api("org.slf4j:slf4j-api:2.0.9")
    }
}
apply from: 'other.gradle'
"#;
        let deps = parse(text, true).unwrap();
        assert_eq!(
            rows(&deps),
            [
                "2 Runtime Plugin java-library - - | `java-library`",
                "3 Runtime Plugin application - - | application",
                "4 Runtime Plugin com.google.cloud.tools.jib 3.4.0 3.4.0 | id(\"com.google.cloud.tools.jib\").version(\"3.4.0\")",
                "5 Build Plugin org.jetbrains.kotlin.jvm kotlinVersion 1.9.22 | id(\"org.jetbrains.kotlin.jvm\") version kotlinVersion apply false",
                "6 Runtime Plugin org.jetbrains.kotlin.kapt - - | kotlin(\"kapt\")",
                "8 Runtime Plugin org.jetbrains.kotlin.plugin.serialization - - | kotlin(\"plugin.serialization\") version libs.versions.kotlin.get()",
                "12 Build Plugin org.jetbrains.kotlin.jvm - - | apply(plugin = \"org.jetbrains.kotlin.jvm\")",
                "16 Runtime Package org.slf4j:slf4j-api 2.0.9 2.0.9 | api(\"org.slf4j:slf4j-api:2.0.9\")",
            ]
        );
    }

    #[test]
    fn multi_line_declarations_and_variables() {
        let text = r#"def okVersion = "4.12.0"
ext.retrofit = '2.9.0'
extra["ktor"] = "2.3.7"
val conflicting = "1"
val conflicting = "2"
dependencies {
    implementation(
        "com.squareup.okhttp3:okhttp:$okVersion"
    )
    implementation group: 'com.squareup.retrofit2',
        name: 'retrofit',
        version: retrofit
    implementation("io.ktor:ktor-server-core:${extra["ktor"]}")
    implementation("x:conflict:$conflicting")
    implementation 'x:single-quoted:$okVersion'
    implementation "x:unknown:${libs.versions.x.get()}"
    implementation("org.junit:junit-bom:5.10.1") ; testImplementation("junit:junit:4.13.2")
}
"#;
        let deps = parse(text, false).unwrap();
        let got: Vec<_> = deps.iter().map(|d| (d.name.as_str(), d.pinned.as_deref(), d.line)).collect();
        assert_eq!(
            got,
            [
                ("com.squareup.okhttp3:okhttp", Some("4.12.0"), 8),
                ("com.squareup.retrofit2:retrofit", Some("2.9.0"), 10),
                ("io.ktor:ktor-server-core", Some("2.3.7"), 13),
                ("x:conflict", None, 14),
                ("x:single-quoted", None, 15),
                ("x:unknown", None, 16),
                ("org.junit:junit-bom", Some("5.10.1"), 17),
                ("junit:junit", Some("4.13.2"), 17),
            ]
        );
    }

    #[test]
    fn typed_and_delegated_variables() {
        let text = "val a: String = \"1.1\"\nval b by extra(\"2.2\")\ndependencies {\n  implementation(\"x:a:$a\")\n  implementation(\"x:b:$b\")\n}\n";
        let pins: Vec<_> = parse(text, true).unwrap().into_iter().map(|d| d.pinned).collect();
        assert_eq!(pins, [Some("1.1".to_string()), Some("2.2".to_string())]);
    }

    #[test]
    fn junk_and_bombs() {
        for junk in [
            "",
            "dependencies",
            "dependencies {",
            "dependencies { implementation( }",
            "dependencies { implementation 'a' }",
            "dependencies { implementation ':' }",
            "dependencies { implementation 'a b:c d:1' }",
            "dependencies { implementation group: }",
            "dependencies { implementation kotlin( }",
            "plugins { id }",
            "plugins { id( }",
            "plugins { id 'x' version }",
            "}}}}",
            "))))((((",
            "apply plugin:",
            "sourceCompatibility",
            "\"unterminated\ndependencies { implementation 'a:b:1' }",
            "dependencies { configurations.each { c ->\n implementation 'a:b:1'\n } }",
        ] {
            let _ = parse(junk, false).unwrap();
            let _ = parse(junk, true).unwrap();
        }
        let start = std::time::Instant::now();
        for bomb in [
            "{".repeat(100_000),
            "dependencies {".repeat(100_000),
            "(".repeat(100_000),
            format!("dependencies {{\n{}\n}}", "implementation(".repeat(100_000)),
            format!("dependencies {{\n{}\n}}", "implementation platform(".repeat(50_000)),
            "\n".repeat(200_000),
            format!("dependencies {{\n{}}}", "implementation 'g:a:1'\n".repeat(50_000)),
            "val x = \"1\"\n".repeat(50_000),
            "/*".repeat(100_000),
            format!("implementation \"{}\"", "${".repeat(100_000)),
            format!("dependencies {{ {} }}", "implementation 'g:a:1'; ".repeat(50_000)),
        ] {
            let _ = parse(&bomb, false).unwrap();
            let _ = parse(&bomb, true).unwrap();
            let _ = settings(&bomb, false).unwrap();
        }
        for bomb in [
            "subprojects {".repeat(100_000),
            "include 'a', ".repeat(100_000),
            "project(':a').projectDir = ".repeat(50_000),
        ] {
            let _ = parse(&bomb, false).unwrap();
            let _ = settings(&bomb, true).unwrap();
        }
        // One long variable referenced by many declarations is not copied into each.
        let long = format!(
            "val v = \"{}\"\ndependencies {{\n{}}}",
            "1".repeat(1_000_000),
            "implementation(\"g:a:$v\")\nimplementation(group = \"g\", name = \"b\", version = v)\n".repeat(5_000)
        );
        let deps = parse(&long, true).unwrap();
        assert_eq!(deps.len(), 10_000);
        assert!(deps.iter().all(|d| d.pinned.is_none()));
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }
}
