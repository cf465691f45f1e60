//! Container images: compose files (each service's `image:`) and Dockerfiles (each `FROM`).
//!
//! An image is named by its repository without the registry host, tag or digest
//! (`docker.io/library/postgres:16-alpine` → `postgres`, `ghcr.io/org/app:1` → `org/app`);
//! the tag is the version, and its leading numeric part the pinned version (`16-alpine` →
//! `16`, `latest` → none). A repository that needs a variable to be known (`${IMAGE}`,
//! `$REGISTRY/app` keeps `app`) is skipped; a tag with a variable keeps it as written and is
//! pinned only in a Dockerfile whose global `ARG` gives it a default.
//!
//! Compose is read through yaml-rust2's event parser: anchors are recorded, never expanded,
//! and a service's `image` may come from an aliased scalar or through `<<: *base` merges
//! (each mapping's image settled once, in document order), so an alias bomb costs one event
//! per alias. Dockerfiles are read by hand: line continuations, comments, the `escape`
//! directive, heredocs (skipped so their bodies are not read as instructions), global `ARG`
//! defaults for tags. In a multi-stage Dockerfile the image the last stage comes from is
//! `Runtime`; the other stages' images are `Build` (they do not ship).

use rustc_hash::FxHashMap;
use yaml_rust2::parser::{Event, Parser};

use super::common::{strip_bom, At, LineIndex, MAX_VALUE};
use super::{Dependency, Scope, What};

/// A parsed image reference.
#[derive(Debug, PartialEq, Eq)]
struct ImageRef {
    name: String,
    tag: Option<String>,
    digest: Option<String>,
}

/// Byte positions of `/`, `:` and `@` outside `${…}` in `s`.
fn structural(s: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let mut depth = 0u32;
    s.bytes().enumerate().filter_map(move |(i, b)| {
        match b {
            b'{' if i > 0 && s.as_bytes().get(i - 1) == Some(&b'$') => depth = depth.saturating_add(1),
            b'}' if depth > 0 => depth -= 1,
            b'/' | b':' | b'@' if depth == 0 => return Some((i, b)),
            _ => {}
        }
        None
    })
}

/// Longer is not an image reference (Docker's own limits are shorter), and an aliased
/// compose value cannot multiply a long one into every service.
const MAX_IMAGE: usize = 512;

fn image_ref(s: &str) -> Option<ImageRef> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_IMAGE || s.contains(char::is_whitespace) {
        return None;
    }
    let (rest, digest) = match structural(s).find(|&(_, b)| b == b'@') {
        Some((at, _)) => (s.get(..at)?, s.get(at + 1..).filter(|d| !d.is_empty()).map(str::to_string)),
        None => (s, None),
    };
    let last_slash = structural(rest).filter(|&(_, b)| b == b'/').map(|(i, _)| i).last();
    let colon = structural(rest).find(|&(i, b)| b == b':' && last_slash.is_none_or(|l| i > l)).map(|(i, _)| i);
    let (repo, tag) = match colon {
        Some(c) => (rest.get(..c)?, rest.get(c + 1..).filter(|t| !t.is_empty()).map(str::to_string)),
        None => (rest, None),
    };
    let mut parts: Vec<&str> = repo.split('/').collect();
    if parts.len() >= 2 {
        let first = parts.first().copied().unwrap_or("");
        if first.contains(['.', ':', '$']) || first == "localhost" {
            parts.remove(0);
        }
    }
    if parts.len() >= 2 && parts.first() == Some(&"library") {
        parts.remove(0);
    }
    let name = parts.join("/");
    if name.is_empty() || name.contains('$') || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    Some(ImageRef { name, tag, digest })
}

/// The leading numeric part of a tag: `16-alpine` → `16`, `7.2.4` → `7.2.4`, `latest` → none.
fn tag_pinned(tag: &str) -> Option<String> {
    if tag.contains('$') {
        return None;
    }
    let mut end = 0;
    let bytes = tag.as_bytes();
    while end < bytes.len() {
        let digits = bytes.get(end..).unwrap_or(&[]).iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            break;
        }
        end += digits;
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
        } else {
            break;
        }
    }
    (end > 0).then(|| tag.get(..end).unwrap_or("").to_string())
}

fn image_dependency(
    lines: &LineIndex,
    reference: &ImageRef,
    pinned: Option<String>,
    line: u32,
    scope: Scope,
) -> Dependency {
    let version = reference.tag.clone().or_else(|| reference.digest.clone());
    lines.dep(What::Image, reference.name.clone(), version, pinned, At::Line(line), scope)
}

// ---------------------------------------------------------------------------------------
// Compose

/// What one mapping says about images: a service, or an anchored mapping a service may merge.
#[derive(Default)]
struct MapInfo {
    /// The service name, for services.
    service: Option<String>,
    /// A top-level key of a file without `services:` (the version 1 format).
    v1: bool,
    image: Option<ImageValue>,
    /// Its `build:` context (`build: ./api`, `build: {context: ./api}`; a `build:` mapping
    /// without `context` builds `.`), with its line.
    build: Option<(String, u32)>,
    /// Anchor ids merged with `<<`, in order.
    merges: Vec<usize>,
}

enum ImageValue {
    Scalar(String, u32),
    Alias(usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    Root,
    Services,
    /// A sequence of aliases after `<<`, merged into `maps[i]`.
    MergeList(usize),
    /// The `build:` mapping of the service `maps[i]`.
    Build(usize),
}

struct Frame {
    is_map: bool,
    role: Role,
    /// Index into `maps` when this mapping's `image` and `<<` are collected.
    info: Option<usize>,
    /// Mappings: the next scalar is a value (the key was read).
    want_value: bool,
    /// Mappings: the current key, when it is a scalar.
    key: Option<String>,
}

/// Keys of the version 1 top level that are not services.
const NOT_SERVICES: &[&str] = &["version", "name", "volumes", "networks", "configs", "secrets", "include", "services"];

pub(super) fn compose(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let mut parser = Parser::new_from_str(text);
    let mut frames: Vec<Frame> = Vec::new();
    let mut maps: Vec<MapInfo> = Vec::new();
    let mut anchored_maps: FxHashMap<usize, usize> = FxHashMap::default();
    let mut anchored_scalars: FxHashMap<usize, (String, u32)> = FxHashMap::default();
    let mut has_services = false;

    loop {
        let (event, mark) =
            parser.next_token().map_err(|e| format!("not valid YAML: {} at line {}", e.info(), e.marker().line()))?;
        let line = u32::try_from(mark.line()).unwrap_or(u32::MAX).max(1);
        match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
            Event::Scalar(value, _, anchor, _) => {
                if anchor != 0 {
                    anchored_scalars.insert(anchor, (value.clone(), line));
                }
                if let Some(f) = frames.last_mut() {
                    if f.is_map && !f.want_value {
                        f.key = Some(value);
                        f.want_value = true;
                    } else if f.is_map {
                        match (f.key.as_deref(), f.role) {
                            (Some("image"), _) => {
                                if let Some(m) = f.info.and_then(|i| maps.get_mut(i)) {
                                    m.image = Some(ImageValue::Scalar(value, line));
                                }
                            }
                            (Some("build"), _) => {
                                if let Some(m) = f.info.and_then(|i| maps.get_mut(i)).filter(|m| m.service.is_some()) {
                                    m.build = Some((value, line));
                                }
                            }
                            (Some("context"), Role::Build(i)) => {
                                if let Some(m) = maps.get_mut(i) {
                                    m.build = Some((value, line));
                                }
                            }
                            _ => {}
                        }
                        f.want_value = false;
                    }
                }
            }
            Event::Alias(id) => {
                if let Some(f) = frames.last_mut() {
                    if f.is_map && !f.want_value {
                        f.key = None;
                        f.want_value = true;
                    } else if f.is_map {
                        if let Some(m) = f.info.and_then(|i| maps.get_mut(i)) {
                            match f.key.as_deref() {
                                Some("image") => m.image = Some(ImageValue::Alias(id)),
                                Some("<<") => m.merges.push(id),
                                _ => {}
                            }
                        }
                        f.want_value = false;
                    } else if let Role::MergeList(i) = f.role {
                        if let Some(m) = maps.get_mut(i) {
                            m.merges.push(id);
                        }
                    }
                }
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let (role, service, v1) = match frames.last() {
                    None => (if is_map { Role::Root } else { Role::Other }, None, false),
                    Some(f) if f.is_map && f.want_value => match (f.role, f.key.as_deref()) {
                        (Role::Root, Some("services")) if is_map => {
                            has_services = true;
                            (Role::Services, None, false)
                        }
                        (Role::Root, Some(k)) if is_map && !NOT_SERVICES.contains(&k) && !k.starts_with("x-") => {
                            (Role::Other, Some(k.to_string()), true)
                        }
                        (Role::Services, Some(k)) if is_map => (Role::Other, Some(k.to_string()), false),
                        (_, Some("<<")) if !is_map => (f.info.map_or(Role::Other, Role::MergeList), None, false),
                        (_, Some("build")) if is_map => {
                            match f.info.filter(|&i| maps.get(i).is_some_and(|m| m.service.is_some())) {
                                Some(i) => {
                                    if let Some(m) = maps.get_mut(i) {
                                        m.build = Some((".".to_string(), line));
                                    }
                                    (Role::Build(i), None, false)
                                }
                                None => (Role::Other, None, false),
                            }
                        }
                        _ => (Role::Other, None, false),
                    },
                    Some(_) => (Role::Other, None, false),
                };
                let info = (is_map && (service.is_some() || anchor != 0)).then(|| {
                    maps.push(MapInfo { service, v1, ..MapInfo::default() });
                    maps.len() - 1
                });
                if let (Some(i), true) = (info, anchor != 0) {
                    anchored_maps.insert(anchor, i);
                }
                frames.push(Frame { is_map, role, info, want_value: false, key: None });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                if let Some(f) = frames.last_mut() {
                    if f.is_map {
                        // The container was a key (a complex key: no scalar key) or a value.
                        if !f.want_value {
                            f.key = None;
                        }
                        f.want_value = !f.want_value;
                    }
                }
            }
        }
    }

    // Each mapping's image, its own or the first its `<<` merges give, in document order: an
    // alias names an anchor defined before it, so one pass settles them all (and a merge
    // bomb costs one step per merge, not per path).
    let mut images: Vec<Option<(&str, u32)>> = Vec::with_capacity(maps.len());
    for (i, m) in maps.iter().enumerate() {
        let image = match &m.image {
            Some(ImageValue::Scalar(v, l)) => Some((v.as_str(), *l)),
            Some(ImageValue::Alias(id)) => anchored_scalars.get(id).map(|(v, l)| (v.as_str(), *l)),
            None => m
                .merges
                .iter()
                .filter_map(|id| anchored_maps.get(id).copied().filter(|&j| j < i))
                .find_map(|j| images.get(j).copied().flatten()),
        };
        images.push(image);
    }

    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for (m, image) in maps.iter().zip(&images) {
        let Some(service) = &m.service else { continue };
        if m.v1 == has_services || service.is_empty() {
            continue;
        }
        if let Some((context, line)) = m.build.as_ref().filter(|(c, _)| !c.trim().is_empty() && c.len() <= MAX_VALUE) {
            out.push(lines.dep(What::Build, context.trim(), None, None, At::Line(*line), Scope::Runtime));
        }
        let Some((value, line)) = *image else { continue };
        let Some(reference) = image_ref(value) else { continue };
        let pinned = reference.tag.as_deref().and_then(tag_pinned);
        out.push(image_dependency(&lines, &reference, pinned, line, Scope::Runtime));
    }
    out.sort_by_key(|d| d.line);
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Dockerfile

/// One instruction: its keyword line (1-based) and its text with continuations joined.
struct Instruction {
    line: u32,
    text: String,
}

/// Splits a Dockerfile into instructions: comments and blank lines dropped, continuation
/// lines joined, heredoc bodies skipped.
fn instructions(text: &str) -> Vec<Instruction> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let mut escape = '\\';
    // Parser directives: `# key=value` lines at the very top.
    for l in &lines {
        let Some(d) = l.trim().strip_prefix('#') else { break };
        let Some((k, v)) = d.split_once('=') else { break };
        let k = k.trim();
        if k.is_empty() || k.contains(char::is_whitespace) {
            break;
        }
        if k.eq_ignore_ascii_case("escape") && v.trim() == "`" {
            escape = '`';
        }
    }
    // Line numbers by content, built at the first heredoc: exact (`<<EOF`) and with leading
    // tabs stripped (`<<-EOF`).
    let mut heredoc_ends: Option<[FxHashMap<&str, Vec<usize>>; 2]> = None;
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = lines.get(i).copied().unwrap_or("");
        let trimmed = first.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut joined = String::new();
        let mut cur = trimmed;
        loop {
            let t = cur.trim_end();
            match t.strip_suffix(escape) {
                Some(body) => {
                    joined.push_str(body);
                    joined.push(' ');
                    i += 1;
                    // Comment and empty lines inside a continuation are dropped.
                    while i < lines.len() {
                        let next = lines.get(i).copied().unwrap_or("").trim();
                        if next.is_empty() || next.starts_with('#') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    match lines.get(i) {
                        Some(next) => cur = next.trim(),
                        None => break,
                    }
                }
                None => {
                    joined.push_str(t);
                    i += 1;
                    break;
                }
            }
        }
        // Heredocs (`RUN <<EOF`, `COPY <<-"EOF" /x`): skip to each terminator in turn, when
        // there is one (an unterminated marker is left alone).
        let keyword = joined.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
            for (word, strip_tabs) in heredoc_words(&joined) {
                let ends = heredoc_ends.get_or_insert_with(|| {
                    let mut exact: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
                    let mut stripped: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
                    for (n, l) in lines.iter().enumerate() {
                        exact.entry(l).or_default().push(n);
                        stripped.entry(l.trim_start_matches('\t')).or_default().push(n);
                    }
                    [exact, stripped]
                });
                let found =
                    ends[usize::from(strip_tabs)].get(word).and_then(|ix| ix.get(ix.partition_point(|&n| n < i)));
                if let Some(&end) = found {
                    i = end + 1;
                }
            }
        }
        out.push(Instruction { line, text: joined });
    }
    out
}

/// Heredoc markers in an instruction: `<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"` → (word, `-`).
fn heredoc_words(s: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(p) = rest.find("<<") {
        let mut after = rest.get(p + 2..).unwrap_or("");
        let strip_tabs = after.starts_with('-');
        if strip_tabs {
            after = after.get(1..).unwrap_or("");
        }
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        if quote.is_some() {
            after = after.get(1..).unwrap_or("");
        }
        let len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        if len > 0 {
            out.push((after.get(..len).unwrap_or(""), strip_tabs));
        }
        rest = after.get(len..).unwrap_or("");
    }
    out
}

/// Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}` from `args`; `None`
/// when a variable has no value here (a build argument without default, `${VAR:+x}`).
fn substitute(s: &str, args: &FxHashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('$') {
        out.push_str(rest.get(..p)?);
        let after = rest.get(p + 1..)?;
        if let Some(inner) = after.strip_prefix('{') {
            let close = inner.find('}')?;
            let expr = inner.get(..close)?;
            let name_len = expr.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            let name = expr.get(..name_len)?;
            let op = expr.get(name_len..)?;
            let value = args.get(name).filter(|v| !v.is_empty());
            let v = match op {
                "" => value?.clone(),
                _ if op.starts_with(":-") => value.cloned().unwrap_or_else(|| op.get(2..).unwrap_or("").to_string()),
                _ if op.starts_with('-') => {
                    args.get(name).cloned().unwrap_or_else(|| op.get(1..).unwrap_or("").to_string())
                }
                _ => return None,
            };
            out.push_str(&v);
            rest = inner.get(close + 1..)?;
            if out.len() > MAX_VALUE {
                return None;
            }
        } else {
            let name_len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            if name_len == 0 {
                return None;
            }
            out.push_str(args.get(after.get(..name_len)?).filter(|v| !v.is_empty())?);
            rest = after.get(name_len..)?;
            if out.len() > MAX_VALUE {
                return None;
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

pub(super) fn dockerfile(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let lines = LineIndex::new(text);
    let mut args: FxHashMap<String, String> = FxHashMap::default();
    let mut seen_from = false;
    // Per stage: the earlier stage it builds on, or the dependency index of its image.
    enum Base {
        Stage(usize),
        Image(usize),
        None,
    }
    let mut stages: Vec<Base> = Vec::new();
    let mut stage_names: FxHashMap<String, usize> = FxHashMap::default();
    let mut out: Vec<Dependency> = Vec::new();

    for ins in instructions(text) {
        let mut words = ins.text.split_whitespace();
        let keyword = words.next().unwrap_or("");
        if keyword.eq_ignore_ascii_case("ARG") && !seen_from {
            for w in words {
                let (k, v) = w.split_once('=').unwrap_or((w, ""));
                let v = v.trim_matches(|c| c == '"' || c == '\'');
                args.insert(k.to_string(), v.to_string());
            }
            continue;
        }
        if !keyword.eq_ignore_ascii_case("FROM") {
            continue;
        }
        seen_from = true;
        let mut words = words.skip_while(|w| w.starts_with("--"));
        let Some(image) = words.next() else { continue };
        let stage_name = match (words.next(), words.next()) {
            (Some(as_), Some(name)) if as_.eq_ignore_ascii_case("AS") => Some(name.to_ascii_lowercase()),
            _ => None,
        };
        let lower = image.to_ascii_lowercase();
        let base = if let Some(&s) = stage_names.get(&lower) {
            Base::Stage(s)
        } else if lower == "scratch" {
            Base::None
        } else if let Some(reference) = image_ref(image) {
            let pinned = reference.tag.as_deref().and_then(|t| substitute(t, &args)).and_then(|t| tag_pinned(&t));
            out.push(image_dependency(&lines, &reference, pinned, ins.line, Scope::Build));
            Base::Image(out.len() - 1)
        } else {
            Base::None
        };
        if let Some(name) = stage_name {
            stage_names.entry(name).or_insert(stages.len());
        }
        stages.push(base);
    }

    // The image the last stage comes from ships; follow its chain of stages back.
    let mut at = stages.len().checked_sub(1);
    let mut steps = 0;
    while let Some(s) = at {
        steps += 1;
        match stages.get(s) {
            Some(Base::Stage(prev)) if *prev < s && steps <= stages.len() => at = Some(*prev),
            Some(Base::Image(d)) => {
                if let Some(d) = out.get_mut(*d) {
                    d.scope = Scope::Runtime;
                }
                break;
            }
            _ => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(super) const COMPOSE_FRAGMENTS: &[&str] = &[
    "services:",
    "\n  ",
    "\n    ",
    "\n",
    "db:",
    "image: ",
    "postgres:16",
    "ghcr.io/o/a:1",
    "${TAG:-1}",
    "@sha256:ab",
    "build: .",
    "&a ",
    "*a",
    "<<: ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "- ",
    "x-a:",
    "? ",
    ": ",
    "\"",
    "'",
    "---\n",
    "...\n",
    "#",
    "!!str ",
    "|",
    ">",
    "%YAML 1.2\n",
    "\t",
    "version: '3'",
    "é",
];

#[cfg(test)]
pub(super) const DOCKERFILE_FRAGMENTS: &[&str] = &[
    "FROM ",
    "from ",
    "--platform=$X ",
    "alpine:3.19",
    "ghcr.io/o/a:1",
    " AS ",
    " as ",
    "base",
    "\n",
    "\\\n",
    "# escape=`\n",
    "`\n",
    "ARG V=1\n",
    "ARG ",
    "${V}",
    "$V",
    "${V:-2}",
    "${V:+x}",
    "RUN <<EOF\n",
    "EOF\n",
    "<<-E",
    "\tE\n",
    "scratch",
    "@sha256:x",
    "#",
    "COPY --from=base ",
    "RUN ",
    "é",
];

#[cfg(test)]
mod tests {
    use super::super::parse_file;
    use super::*;

    fn r(name: &str, tag: Option<&str>, digest: Option<&str>) -> Option<ImageRef> {
        Some(ImageRef { name: name.into(), tag: tag.map(Into::into), digest: digest.map(Into::into) })
    }

    #[test]
    fn image_references() {
        assert_eq!(image_ref("docker.io/library/postgres:16-alpine"), r("postgres", Some("16-alpine"), None));
        assert_eq!(image_ref("postgres"), r("postgres", None, None));
        assert_eq!(image_ref("library/redis:7"), r("redis", Some("7"), None));
        assert_eq!(image_ref("bitnami/redis:7.2"), r("bitnami/redis", Some("7.2"), None));
        assert_eq!(image_ref("ghcr.io/org/app:1"), r("org/app", Some("1"), None));
        assert_eq!(
            image_ref("mcr.microsoft.com/mssql/server:2022-latest"),
            r("mssql/server", Some("2022-latest"), None)
        );
        assert_eq!(image_ref("localhost:5000/app:dev"), r("app", Some("dev"), None));
        assert_eq!(image_ref("localhost/app"), r("app", None, None));
        assert_eq!(image_ref("mongo@sha256:0123abcd"), r("mongo", None, Some("sha256:0123abcd")));
        assert_eq!(image_ref("mongo:7.0.5@sha256:0123abcd"), r("mongo", Some("7.0.5"), Some("sha256:0123abcd")));
        assert_eq!(image_ref("postgres:${PG_TAG:-16}"), r("postgres", Some("${PG_TAG:-16}"), None));
        assert_eq!(image_ref("${REGISTRY:-docker.io}/org/app:${TAG}"), r("org/app", Some("${TAG}"), None));
        assert_eq!(image_ref("$REGISTRY/app"), r("app", None, None));
        assert_eq!(image_ref("${IMAGE}"), None);
        assert_eq!(image_ref("${IMAGE:-postgres:16}"), None);
        assert_eq!(image_ref("app:${A:-x/y}"), r("app", Some("${A:-x/y}"), None));
        assert_eq!(image_ref(""), None);
        assert_eq!(image_ref("a b"), None);
        assert_eq!(image_ref("/x"), None);
        assert_eq!(image_ref("x//y"), None);
        assert_eq!(image_ref(":tag"), None);
        assert_eq!(image_ref("@"), None);
        assert_eq!(image_ref("x:"), r("x", None, None));
    }

    #[test]
    fn tag_pinned_versions() {
        for (tag, want) in [
            ("16-alpine", Some("16")),
            ("7.2.4", Some("7.2.4")),
            ("16.2-alpine", Some("16.2")),
            ("3.12.1-slim-bookworm", Some("3.12.1")),
            ("2022-latest", Some("2022")),
            ("7.", Some("7")),
            ("latest", None),
            ("alpine", None),
            ("v2.10", None),
            ("${TAG:-16}", None),
            ("", None),
        ] {
            assert_eq!(tag_pinned(tag).as_deref(), want, "{tag}");
        }
    }

    const COMPOSE: &str = r#"# Local development stack
x-logging: &default-logging
  driver: json-file
  options:
    max-size: "10m"

x-mongo: &mongo-base
  image: mongo:7.0.5@sha256:4f3c7a1d2e9b8f6a5c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b
  restart: unless-stopped

services:
  db:
    image: docker.io/library/postgres:16-alpine
    environment:
      POSTGRES_PASSWORD: example
    volumes:
      - pgdata:/var/lib/postgresql/data
    logging: *default-logging

  cache:
    image: "bitnami/redis:7.2"
    ports: ["6379:6379"]

  app:
    build:
      context: .
      dockerfile: Dockerfile
    depends_on: [db, cache]
    environment:
      - DATABASE_URL=postgres://postgres:example@db/app

  mongo:
    <<: *mongo-base
    ports:
      - "27017:27017"

  search:
    image: docker.elastic.co/elasticsearch/elasticsearch:${ES_TAG:-8.11.1}

  proxy:
    image: traefik:latest

volumes:
  pgdata: {}
"#;

    #[test]
    fn compose_stack() {
        let deps = parse_file("docker-compose.yml", COMPOSE).unwrap();
        let builds: Vec<_> = deps.iter().filter(|d| d.what == What::Build).map(|d| (d.name.as_str(), d.line)).collect();
        assert_eq!(builds, [(".", 26)]);
        let deps: Vec<_> = deps.into_iter().filter(|d| d.what != What::Build).collect();
        let got: Vec<_> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_deref(), d.pinned.as_deref(), d.line, d.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "mongo",
                    Some("7.0.5"),
                    Some("7.0.5"),
                    8,
                    "image: mongo:7.0.5@sha256:4f3c7a1d2e9b8f6a5c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b"
                ),
                ("postgres", Some("16-alpine"), Some("16"), 13, "image: docker.io/library/postgres:16-alpine"),
                ("bitnami/redis", Some("7.2"), Some("7.2"), 21, r#"image: "bitnami/redis:7.2""#),
                (
                    "elasticsearch/elasticsearch",
                    Some("${ES_TAG:-8.11.1}"),
                    None,
                    38,
                    "image: docker.elastic.co/elasticsearch/elasticsearch:${ES_TAG:-8.11.1}"
                ),
                ("traefik", Some("latest"), None, 41, "image: traefik:latest"),
            ]
        );
        assert!(deps.iter().all(|d| d.what == What::Image && d.scope == Scope::Runtime));
    }

    #[test]
    fn compose_build_contexts() {
        let text = "services:\n  api:\n    build: ./services/api\n  web:\n    build:\n      dockerfile: web.Dockerfile\n\
                    \n  worker:\n    build:\n      context: ../worker\n      args: {context: nope}\n  db:\n    image: postgres:16\n\
                    x-tool:\n  build: ./not-a-service\n";
        let builds: Vec<_> = compose(text)
            .unwrap()
            .into_iter()
            .filter(|d| d.what == What::Build)
            .map(|d| (d.name, d.line, d.text))
            .collect();
        assert_eq!(
            builds,
            [
                ("./services/api".to_string(), 3, "build: ./services/api".to_string()),
                (".".to_string(), 6, "dockerfile: web.Dockerfile".to_string()),
                ("../worker".to_string(), 10, "context: ../worker".to_string()),
            ]
        );
    }

    #[test]
    fn compose_aliases_merge_lists_and_version_1() {
        let text = r#"x-images:
  pg: &pg postgres:15
x-a: &a
  image: redis:6
x-b: &b
  <<: *a
services:
  one:
    image: *pg
  two:
    <<: [*b]
  three:
    image: nginx:1.25
    <<: *a
  ? [complex, key]
  : image: not-a-service:1
  four: "not a mapping"
"#;
        let deps = compose(text).unwrap();
        let got: Vec<_> = deps.iter().map(|d| (d.name.as_str(), d.pinned.as_deref(), d.line)).collect();
        assert_eq!(got, [("postgres", Some("15"), 2), ("redis", Some("6"), 4), ("nginx", Some("1.25"), 13)]);

        let v1 = "web:\n  build: .\ndb:\n  image: mysql:8.0\nversion: '2'\nx-y:\n  image: ignored:1\n";
        let deps = compose(v1).unwrap();
        let got: Vec<_> = deps.iter().map(|d| (d.what, d.name.as_str(), d.line)).collect();
        assert_eq!(got, [(What::Build, ".", 2), (What::Image, "mysql", 4)]);

        // With `services:`, other top-level mappings are not services.
        let v3 = "services:\n  db:\n    image: mysql:8\nother:\n  image: x:1\n";
        assert_eq!(compose(v3).unwrap().len(), 1);
        // Several documents.
        let multi = "services:\n  a:\n    image: a:1\n---\nservices:\n  b:\n    image: b:2\n";
        assert_eq!(compose(multi).unwrap().len(), 2);
    }

    #[test]
    fn compose_junk_and_bombs() {
        for junk in
            ["", "~", "[]", "- a\n- b", "services:", "services: []", "services:\n  a: 1\n  b: [1]", "{a: {b: c}}"]
        {
            assert_eq!(compose(junk).unwrap(), vec![], "{junk:?}");
        }
        for bad in ["services:\n  a:\n image: x\n   b", "a: [", "a: 'unterminated", "\t- a:\n  -", "key: value\n- item"]
        {
            let err = compose(bad).unwrap_err();
            assert!(err.starts_with("not valid YAML") && err.contains("line"), "{bad:?} → {err}");
        }
        let start = std::time::Instant::now();
        let laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
                      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                      d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n\
                      f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n\
                      h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n\
                      services:\n  s:\n    <<: *i\n    image: postgres:16\n";
        assert_eq!(compose(laughs).unwrap().len(), 1);
        // Merges through a cycle of anchors are bounded.
        let cyclic = "x: &x\n  <<: *x\nservices:\n  s:\n    <<: *x\n";
        let _ = compose(cyclic);
        let flow = format!("services: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(compose(&flow).is_err());
        let flow_maps = format!("services: {}", "{a: ".repeat(100_000));
        assert!(compose(&flow_maps).is_err());
        let block_seqs = format!("{}y\n", "- ".repeat(100_000));
        let _ = compose(&block_seqs);
        let deep_block: String = (0..2_000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        let _ = compose(&deep_block);
        let many_aliases = format!("a: &a x\nb: [{}]\n", "*a,".repeat(200_000));
        assert!(compose(&many_aliases).is_ok());
        // Merges that fan out nine ways at each of eight levels, and a long image aliased
        // into many services.
        let mut merge_bomb = String::from("a0: &a0 {image: postgres:16}\n");
        for i in 1..9 {
            merge_bomb.push_str(&format!("a{i}: &a{i} {{<<: [{}]}}\n", format!("*a{},", i - 1).repeat(9)));
        }
        merge_bomb.push_str("services:\n");
        for i in 0..1000 {
            merge_bomb.push_str(&format!("  s{i}: {{<<: *a8}}\n"));
        }
        let deps = compose(&merge_bomb).unwrap();
        assert_eq!(deps.len(), 1000);
        assert!(deps.iter().all(|d| d.name == "postgres" && d.line == 1));
        let services: String = (0..1000).map(|i| format!("  s{i}: {{image: *big}}\n")).collect();
        let long = format!("x: &big {}\nservices:\n{services}", "a".repeat(1_000_000));
        assert_eq!(compose(&long).unwrap(), vec![]);
        let one_line: String = (0..20_000).map(|i| format!("s{i}: {{image: postgres:16}}, ")).collect();
        let deps = compose(&format!("services: {{{one_line}}}")).unwrap();
        assert_eq!(deps.len(), 20_000);
        assert!(deps.iter().all(|d| d.text.len() <= 240));
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    const MULTI_STAGE: &str = r#"# syntax=docker/dockerfile:1.6
ARG JAVA_VERSION=21
ARG BASE

FROM --platform=$BUILDPLATFORM maven:3.9.6-eclipse-temurin-${JAVA_VERSION} AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests \
    # comments inside a continuation are dropped
    -Dmaven.test.skip=true

FROM node:20.11-alpine AS assets
RUN <<EOF
npm ci
FROM not-an-instruction:1
EOF

FROM ${BASE} AS custom

from eclipse-temurin:${JAVA_VERSION}-jre-jammy as runtime
RUN useradd -r app

FROM runtime AS final
COPY --from=build /src/target/app.jar /app/app.jar
COPY --from=assets /dist /app/static
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
"#;

    #[test]
    fn multi_stage_dockerfile() {
        let deps = parse_file("Dockerfile", MULTI_STAGE).unwrap();
        let got: Vec<_> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_deref(), d.pinned.as_deref(), d.line, d.scope))
            .collect();
        assert_eq!(
            got,
            [
                ("maven", Some("3.9.6-eclipse-temurin-${JAVA_VERSION}"), Some("3.9.6"), 5, Scope::Build),
                ("node", Some("20.11-alpine"), Some("20.11"), 14, Scope::Build),
                ("eclipse-temurin", Some("${JAVA_VERSION}-jre-jammy"), Some("21"), 22, Scope::Runtime),
            ]
        );
        assert_eq!(deps[0].text, "FROM --platform=$BUILDPLATFORM maven:3.9.6-eclipse-temurin-${JAVA_VERSION} AS build");
        assert_eq!(deps[2].text, "from eclipse-temurin:${JAVA_VERSION}-jre-jammy as runtime");
        assert!(deps.iter().all(|d| d.what == What::Image));
    }

    #[test]
    fn dockerfile_details() {
        let names = |text: &str| -> Vec<(String, u32, Scope)> {
            dockerfile(text).unwrap().into_iter().map(|d| (d.name, d.line, d.scope)).collect()
        };
        let s = |n: &str, l: u32, sc: Scope| (n.to_string(), l, sc);
        // Single stage, digest, continuation of the FROM itself.
        assert_eq!(names("FROM python:3.12-slim@sha256:abc\nRUN pip install x\n"), [s("python", 1, Scope::Runtime)]);
        assert_eq!(names("FROM \\\n  golang:1.22 \\\n  AS build\nFROM scratch\n"), [s("golang", 1, Scope::Build)]);
        // The escape directive.
        assert_eq!(
            names("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS base\nFROM base\n"),
            [s("windows/servercore", 2, Scope::Runtime)]
        );
        // A stage name is matched case-insensitively, only against earlier stages.
        assert_eq!(names("FROM alpine:3.19 AS Base\nFROM BASE\n"), [s("alpine", 1, Scope::Runtime)]);
        assert_eq!(
            names("FROM later\nFROM alpine AS later\n"),
            [s("later", 1, Scope::Build), s("alpine", 2, Scope::Runtime)]
        );
        // `<<-` heredocs strip leading tabs from the terminator; an unterminated marker is not one.
        assert_eq!(
            names("FROM a:1\nRUN cat <<-END\n\tFROM b:2\n\tEND\nRUN echo $((1<<2))\nFROM c:3\n"),
            [s("a", 1, Scope::Build), s("c", 6, Scope::Runtime)]
        );
        // ARG defaults: `${V:-x}`, `$V`, unset, after the first FROM (stage scope: not used).
        let deps = dockerfile("ARG V=3.19\nFROM alpine:$V\nARG W=1\nFROM nginx:${W:-1.25}\nFROM redis:${U}\n").unwrap();
        let pins: Vec<_> = deps.iter().map(|d| d.pinned.as_deref()).collect();
        assert_eq!(pins, [Some("3.19"), Some("1.25"), None]);
        // Lower-case instructions, CRLF.
        assert_eq!(names("from node:20\r\nrun npm ci\r\n"), [s("node", 1, Scope::Runtime)]);
    }

    #[test]
    fn dockerfile_junk_and_bombs() {
        for junk in [
            "",
            "\\",
            "FROM",
            "FROM --platform=x",
            "FROM $X",
            "ARG",
            "ARG =",
            "#",
            "FROM scratch",
            "\u{feff}FROM",
            "RUN <<",
            "RUN <<-'",
        ] {
            let _ = dockerfile(junk).unwrap();
        }
        let start = std::time::Instant::now();
        let heredocs = "RUN cat <<X\n".repeat(100_000);
        assert_eq!(dockerfile(&heredocs).unwrap(), vec![]);
        let continuation = format!("FROM {}x\n", "\\\n".repeat(100_000));
        let _ = dockerfile(&continuation).unwrap();
        let stages: String = (0..20_000).map(|i| format!("FROM s{i} AS s{}\n", i + 1)).collect();
        assert_eq!(dockerfile(&stages).unwrap().len(), 1);
        let subst = format!("ARG A=1\nFROM x:{}\n", "${A}".repeat(100_000));
        assert!(dockerfile(&subst).unwrap().iter().all(|d| d.pinned.is_none()));
        let long_arg = format!("ARG A={}\n{}", "1".repeat(1_000_000), "FROM x:$A\n".repeat(10_000));
        assert!(dockerfile(&long_arg).unwrap().iter().all(|d| d.pinned.is_none()));
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
