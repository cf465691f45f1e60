//! Lines and evidence for every parser: byte offset → 1-based line, line → its trimmed text,
//! an entry's one-line evidence (never longer than [`MAX_TEXT`]), and the `Dependency`
//! constructor the JVM, .NET and container parsers share.

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

/// A dependency with its evidence taken from `lines`.
pub(super) fn dep(
    lines: &LineIndex<'_>,
    what: What,
    name: impl Into<String>,
    version: Option<String>,
    pinned: Option<String>,
    at: At,
    scope: Scope,
) -> Dependency {
    let (line, text) = match at {
        At::Line(line) => (line, lines.text_of(line, None)),
        At::Byte(offset) => {
            let line = lines.line_of(offset);
            (line, lines.text_of(line, Some(offset)))
        }
    };
    Dependency { what, name: name.into(), version, pinned, line, text, scope }
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
        let d = dep(&idx, What::Package, "b", None, None, At::Byte(near), Scope::Runtime);
        assert_eq!((d.line, d.text), (2, w));
    }
}

/// Property-test support for the parsers: text made of a format's fragments and arbitrary
/// characters, and the checks every result must pass.
#[cfg(test)]
pub(super) mod soup {
    use proptest::prelude::*;

    use super::super::{parse, Format};
    use super::MAX_TEXT;

    /// Concatenations of `fragments`, whitespace and arbitrary strings.
    pub(in super::super) fn soup(fragments: &'static [&'static str]) -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            6 => proptest::sample::select(fragments).prop_map(str::to_string),
            1 => any::<String>(),
            2 => "[ \t\r\n]{1,3}",
        ];
        proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
    }

    /// `parse` returns (no panic), and what it returns has a line, a name and short evidence
    /// taken from the text.
    pub(in super::super) fn check(format: Format, file_name: &str, text: &str) -> Result<(), TestCaseError> {
        if let Ok(deps) = parse(format, file_name, text) {
            for d in deps {
                prop_assert!(d.line >= 1, "{d:?}");
                prop_assert!(d.text.len() <= MAX_TEXT, "{d:?}");
                prop_assert!(text.contains(&d.text), "{d:?}");
                prop_assert!(!d.name.is_empty(), "{d:?}");
            }
        }
        Ok(())
    }
}
