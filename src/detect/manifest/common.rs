//! What every parser shares: the one `Dependency` constructor ([`dep`]), lines and evidence
//! (byte offset → 1-based line, line → its trimmed text, an entry's one-line evidence, never
//! longer than [`MAX_TEXT`]), `${…}`/`$(…)` substitution, a byte order mark, and what a
//! version string pins. Everything here takes offsets that may be out of range or off a char
//! boundary and answers something sensible rather than panicking.

use super::{Dependency, Scope, What};

/// Byte offsets of line starts, for turning a parser's byte range into a line.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The trimmed line holding `offset` (see [`Self::text_of`] for a very long one).
    pub(crate) fn line_at(&self, offset: usize) -> String {
        self.text_of(self.line_of(offset), Some(offset))
    }

    /// The evidence for an entry spanning `start..end`: the entry's own text when it sits
    /// on one line, else the line where it starts (trimmed, and cut to [`MAX_TEXT`] either way).
    pub(crate) fn evidence(&self, start: usize, end: usize) -> String {
        match self.text.get(start..end) {
            Some(s) if !s.contains('\n') && !s.trim().is_empty() => capped(s),
            _ => self.line_at(start),
        }
    }

    /// 1-based line holding byte `offset` (the last line for offsets past the end).
    pub(crate) fn line_of(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(idx).unwrap_or(u32::MAX - 1).saturating_add(1)
    }

    /// The trimmed text of 1-based `line` (empty past the end). A line longer than
    /// [`MAX_TEXT`] (a minified file, a bomb) gives the [`MAX_TEXT`] bytes from `near` when it
    /// is on the line, else from the line's start: evidence stays short, and its cost does
    /// not grow with the line.
    pub(super) fn text_of(&self, line: u32, near: Option<usize>) -> String {
        let i = (line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(i) else {
            return String::new();
        };
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        if end.saturating_sub(start) <= MAX_TEXT {
            return self.text.get(start..end).unwrap_or("").trim().to_string();
        }
        let from = near.filter(|n| (start..end).contains(n)).unwrap_or(start);
        let mut to = (from + MAX_TEXT).min(end);
        while to > from && !self.text.is_char_boundary(to) {
            to -= 1;
        }
        self.text.get(from..to).unwrap_or("").trim().to_string()
    }
}

/// The longest evidence kept from one line, in bytes.
pub(crate) const MAX_TEXT: usize = 240;

/// `s` trimmed, and cut to its first [`MAX_TEXT`] bytes (on a character boundary).
pub(crate) fn capped(s: &str) -> String {
    let s = s.trim();
    let mut to = s.len().min(MAX_TEXT);
    while !s.is_char_boundary(to) {
        to -= 1;
    }
    s[..to].trim_end().to_string()
}

/// The longest value a substitution (`${property}`, `$(Property)`, `$var`, `ARG`) may give:
/// no version is longer, and without a cap one long value referenced many times (or
/// `${a}${a}` doubling) would multiply the input in the output.
pub(super) const MAX_VALUE: usize = 256;

/// How many rounds of `${a}` inside `${b}` inside … substitution before giving up.
const MAX_ROUNDS: usize = 16;

/// `s` with every `{open}name{close}` replaced by `lookup(name)` (Maven's `${name}`,
/// MSBuild's `$(Name)`), round after round; `None` when a name has no value here (it comes
/// from a parent, an import, the command line), a value grows past [`MAX_VALUE`], or the
/// substitution does not settle within [`MAX_ROUNDS`].
pub(super) fn substitute<'v>(
    s: &str,
    (open, close): (&str, char),
    lookup: impl Fn(&str) -> Option<&'v str>,
) -> Option<String> {
    let mut cur = s.to_string();
    for _ in 0..MAX_ROUNDS {
        let Some(start) = cur.find(open) else { return Some(cur) };
        let end = start + cur.get(start..)?.find(close)?;
        let value = lookup(cur.get(start + open.len()..end)?)?;
        let next = format!("{}{}{}", cur.get(..start)?, value, cur.get(end + close.len_utf8()..)?);
        if next.len() > MAX_VALUE {
            return None;
        }
        cur = next;
    }
    (!cur.contains(open)).then_some(cur)
}

/// Where a declaration is: a line, or a byte offset (its line, and the place to cut the
/// evidence from when the line is very long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    Line(u32),
    Byte(usize),
}

impl LineIndex<'_> {
    /// A dependency declared `at` a line or byte offset, its evidence taken from the text.
    pub(super) fn dep(
        &self,
        what: What,
        name: impl Into<String>,
        version: Option<String>,
        pinned: Option<String>,
        at: At,
        scope: Scope,
    ) -> Dependency {
        let (line, text) = match at {
            At::Line(line) => (line, self.text_of(line, None)),
            At::Byte(offset) => {
                let line = self.line_of(offset);
                (line, self.text_of(line, Some(offset)))
            }
        };
        dep(what, &name.into(), version.as_deref(), pinned, line, text, scope)
    }
}

/// A dependency, with the boilerplate of `String` conversion; its evidence is cut to
/// [`MAX_TEXT`] (a raw line from a minified or hostile file stays short).
pub(super) fn dep(
    what: What,
    name: &str,
    version: Option<&str>,
    pinned: Option<String>,
    line: u32,
    text: String,
    scope: Scope,
) -> Dependency {
    // A byte order mark opens the first line of files saved on Windows: not evidence.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.trim_start().to_string(),
        None => text,
    };
    let text = if text.len() > MAX_TEXT { capped(&text) } else { text };
    Dependency { what, name: name.to_string(), version: version.map(str::to_string), pinned, line, text, scope }
}

/// A file's text without a leading byte order mark (editors on Windows write one; the
/// offsets of the rest shift by 3 bytes but no line changes).
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A version made of digits, dots and the usual pre-release/build characters, starting with
/// a digit: `7.1.3`, `1.0.0-rc.1`, `7.1.0.rc1`, `2.0.0+incompatible`. No operators, no
/// wildcards (`1.2.*`, `1.x`), no spaces.
pub(crate) fn is_plain_version(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_digit())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
        && !v.split(['.', '-', '+']).any(|part| part.eq_ignore_ascii_case("x"))
}

/// A full semantic version `MAJOR.MINOR.PATCH` with optional `-pre`/`+build`: what npm and
/// Cargo mean by an exact version. `1.2` and `1.2.x` are ranges there.
pub(crate) fn is_full_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let mut parts = core.split('.');
    let numeric = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric(parts.next())
        && numeric(parts.next())
        && numeric(parts.next())
        && parts.next().is_none()
        && is_plain_version(v)
}

/// The exact version a Maven/Gradle/sbt/NuGet version string names, if it names one:
/// `3.2.0`, `1.0-SNAPSHOT`, `Finchley.SR2`, Maven's `[1.0]`, Gradle's strict `1.0!!`. Ranges
/// (`[1.0,2.0)`), dynamic versions (`1.+`, `8.*`, `latest.release`, `LATEST`) and anything
/// still holding a `${…}`/`$(…)` are not.
pub(super) fn exact_version(v: &str) -> Option<String> {
    let mut v = v.trim();
    if let Some(inner) = v.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        v = inner.trim();
    }
    if let Some(strict) = v.strip_suffix("!!") {
        v = strict;
    }
    let first_ok = v.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
    let chars_ok = v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    let has_digit = v.bytes().any(|b| b.is_ascii_digit());
    let dynamic = v.to_ascii_lowercase().starts_with("latest.");
    (first_ok && chars_ok && has_digit && !dynamic).then(|| v.to_string())
}

/// A Java release as the lifecycle data names it: `1.8` → `8`, `17` → `17`, `21.0.2` → `21`.
pub(super) fn java_version(v: &str) -> Option<String> {
    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
    let mut parts = v.split(['.', '_']);
    let first = parts.next()?;
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let major = if first == "1" {
        parts.next().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?
    } else {
        first
    };
    Some(major.trim_start_matches('0').to_string()).filter(|m| !m.is_empty())
}

/// The parsers' results, one a line, for tests to compare whole:
/// `line scope what name version pinned | text` (`-` for none).
#[cfg(test)]
pub(crate) fn rows(deps: &[Dependency]) -> Vec<String> {
    deps.iter()
        .map(|d| {
            format!(
                "{} {:?} {:?} {} {} {} | {}",
                d.line,
                d.scope,
                d.what,
                d.name,
                d.version.as_deref().unwrap_or("-"),
                d.pinned.as_deref().unwrap_or("-"),
                d.text
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets_and_their_text() {
        let text = "a\r\n  b  \n\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 1);
        assert_eq!(idx.line_of(3), 2);
        assert_eq!(idx.line_of(9), 3);
        assert_eq!(idx.line_of(10), 4);
        assert_eq!(idx.line_of(1000), 4);
        assert_eq!(idx.text_of(1, None), "a");
        assert_eq!(idx.text_of(2, None), "b");
        assert_eq!(idx.text_of(3, None), "");
        assert_eq!(idx.text_of(4, None), "c");
        assert_eq!(idx.text_of(0, None), "a");
        assert_eq!(idx.text_of(5, None), "");
    }

    #[test]
    fn long_lines_give_a_window_near_the_declaration() {
        let text = format!("x\n{}<b>é</b>{}\n", "<a/>".repeat(100), "é".repeat(200));
        let idx = LineIndex::new(&text);
        let near = text.find("<b>").unwrap();
        let w = idx.text_of(2, Some(near));
        assert!(w.starts_with("<b>é</b>") && w.len() <= MAX_TEXT, "{w}");
        let from_start = idx.text_of(2, None);
        assert!(from_start.starts_with("<a/><a/>") && from_start.len() <= MAX_TEXT);
        // An offset on another line is ignored.
        assert_eq!(idx.text_of(2, Some(0)), from_start);
        let d = idx.dep(What::Package, "b", None, None, At::Byte(near), Scope::Runtime);
        assert_eq!((d.line, d.text), (2, w));
    }

    #[test]
    fn lines_and_evidence() {
        let text = "a = 1\r\n  b = 2  \n\nlast";
        let lines = LineIndex::new(text);
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(7), 2);
        assert_eq!(lines.line_of(text.len()), 4);
        assert_eq!(lines.line_of(usize::MAX), 4);
        assert_eq!(lines.line_at(0), "a = 1");
        assert_eq!(lines.line_at(9), "b = 2");
        assert_eq!(lines.line_at(17), "");
        assert_eq!(lines.evidence(9, 14), "b = 2");
        assert_eq!(lines.evidence(0, 12), "a = 1", "over two lines: the first line");
        assert_eq!(lines.evidence(3, usize::MAX), "a = 1", "out of range: the line");
        let multibyte = "é = 1";
        assert_eq!(LineIndex::new(multibyte).evidence(1, 3), "é = 1", "off a char boundary: the line");
    }

    #[test]
    fn versions() {
        for v in ["7.1.3", "1.0.0-rc.1", "7.1.0.rc1", "2.0.0+incompatible", "3"] {
            assert!(is_plain_version(v), "{v}");
        }
        for v in ["", "^1.2", "~> 1", "1.2.*", "1.x", "1.2.X", "latest", ">=1", "1 2"] {
            assert!(!is_plain_version(v), "{v}");
        }
        assert!(is_full_semver("1.2.3") && is_full_semver("1.2.3-beta.1") && is_full_semver("10.0.0+build.5"));
        assert!(!is_full_semver("1.2") && !is_full_semver("1.2.x") && !is_full_semver("1.2.3.4"));
        assert!(!is_full_semver("01a.2.3"));
    }

    #[test]
    fn exact_versions() {
        for (v, want) in [
            ("3.2.0", Some("3.2.0")),
            (" 1.0-SNAPSHOT ", Some("1.0-SNAPSHOT")),
            ("Finchley.SR2", Some("Finchley.SR2")),
            ("[1.0]", Some("1.0")),
            ("1.0!!", Some("1.0")),
            ("[1.0,2.0)", None),
            ("(,1.0]", None),
            ("1.+", None),
            ("+", None),
            ("8.*", None),
            ("latest.release", None),
            ("LATEST", None),
            ("RELEASE", None),
            ("${v}", None),
            ("$(V)", None),
            ("", None),
            ("1.0 2.0", None),
        ] {
            assert_eq!(exact_version(v).as_deref(), want, "{v}");
        }
    }

    #[test]
    fn java_versions() {
        for (v, want) in [
            ("1.8", Some("8")),
            ("8", Some("8")),
            ("17", Some("17")),
            ("'11'", Some("11")),
            ("21.0.2", Some("21")),
            ("1_8", Some("8")),
            ("1", None),
            ("", None),
            ("x", None),
            ("${java.version}", None),
            ("0", None),
        ] {
            assert_eq!(java_version(v).as_deref(), want, "{v}");
        }
    }
}
