//! Positions in a manifest's text, shared by the parsers: the 1-based line of a byte offset,
//! the one-line evidence of an entry, a TOML document with spans (and its error as
//! `line N: reason`).
//!
//! Everything here takes offsets that may be out of range or off a char boundary and
//! answers something sensible rather than panicking.

use super::{Dependency, Scope, What};

/// The start offset of every line of a text, for offset → line.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    /// 0-based index of the line holding `offset` (past the end: the last line).
    fn index_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> u32 {
        u32::try_from(self.index_of(offset) + 1).unwrap_or(u32::MAX)
    }

    /// The whole line holding `offset`, without its line break, trimmed.
    pub(crate) fn line_at(&self, offset: usize) -> &'a str {
        let i = self.index_of(offset);
        let start = self.starts.get(i).copied().unwrap_or(0);
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e.saturating_sub(1));
        self.text.get(start..end).unwrap_or("").trim()
    }

    /// The evidence for an entry spanning `start..end`: the entry's own text when it sits
    /// on one line, else the line where it starts (trimmed either way).
    pub(crate) fn evidence(&self, start: usize, end: usize) -> String {
        match self.text.get(start..end) {
            Some(s) if !s.contains('\n') && !s.trim().is_empty() => s.trim().to_string(),
            _ => self.line_at(start).to_string(),
        }
    }
}

/// A dependency, with the boilerplate of `String` conversion.
pub(crate) fn dep(
    what: What,
    name: &str,
    version: Option<&str>,
    pinned: Option<String>,
    line: u32,
    text: String,
    scope: Scope,
) -> Dependency {
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

// ---------------------------------------------------------------------------------------
// TOML

pub(crate) use toml::de::{DeTable, DeValue};
pub(crate) type Spanned<T> = toml::Spanned<T>;

/// Parses a TOML document, with spans; a syntax error is `line N: reason`.
pub(crate) fn toml_document<'i>(text: &'i str, lines: &Lines<'_>) -> Result<DeTable<'i>, String> {
    match DeTable::parse(text) {
        Ok(doc) => Ok(doc.into_inner()),
        Err(e) => {
            let reason = e.message().lines().next().unwrap_or("invalid TOML");
            Err(match e.span() {
                Some(span) => format!("line {}: {reason}", lines.line_of(span.start)),
                None => reason.to_string(),
            })
        }
    }
}

/// The table under `key`, if it is one.
pub(crate) fn toml_table<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
    table.get(key).and_then(|v| v.get_ref().as_table())
}

/// The string under `key`, if it is one.
pub(crate) fn toml_str<'a>(table: &'a DeTable<'_>, key: &str) -> Option<&'a str> {
    table.get(key).and_then(|v| v.get_ref().as_str())
}

/// The evidence of a `key = value` entry: `key = value` when both sit on one line (an inline
/// table included), else the line of the key (a `[dependencies.serde]` header, a dotted
/// `tokio.version = "1"`, a value that runs over several lines).
pub(crate) fn toml_entry_evidence(
    lines: &Lines<'_>,
    key: &Spanned<toml::de::DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
) -> String {
    let (k, v) = (key.span(), value.span());
    if v.start >= k.end {
        lines.evidence(k.start, v.end)
    } else {
        lines.line_at(k.start).to_string()
    }
}

/// The parsers' results one a line, for tests to compare whole:
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

/// Inputs no manifest should be, for every parser to survive: binary, huge lines, deep
/// nesting, unterminated everything, invalid UTF-8 read lossily, lone surrogates' stand-ins.
#[cfg(test)]
pub(crate) fn junk() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "",
        "\n",
        "\u{feff}",
        "\0\0\0",
        "\\",
        "\"",
        "'",
        "{",
        "}",
        "[",
        "]]]]",
        "(((",
        "\"\"\"",
        "#",
        "//",
        "=",
        "==",
        ":",
        "@",
        "~",
        "?",
        "%i[",
        "{:",
        "{:a",
        "do\nend\nend\nend",
        "end",
        "group :test do",
        "gem",
        "gem \"",
        "require (",
        "require",
        "go",
        "[dependencies]\nx = { version = ",
        "a = \"\"\"",
        "{\"dependencies\": {\"a\": ",
        "{\"dependencies\": [1, 2]}",
        "{\"dependencies\": {\"\": \"1\", \"b\": 2, \"c\": null}}",
        "install_requires=[",
        "install_requires=",
        "install_requires=REQS",
        "extras_require={\"a\":",
        "[options]\ninstall_requires =\n  \n  ,,,\n",
        "DEPENDENCIES\n  (\n  )\n  rails (",
        "GEM\n  specs:\n    (1.0)\n    x (\n",
        "RUBY VERSION\n   ruby\n   ruby p\n",
        "défp deps do [{:é, \"é\"}] end",
        "\u{1F600}\u{1F600}==1\n\u{1F600}",
        "x\r\ny\r\n\r",
        "-e\n-r\n--\n \\\n\\",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    inputs.push(String::from_utf8_lossy(&bytes).into_owned());
    inputs.push("a".repeat(1 << 20));
    inputs.push("x==1 \\\n".repeat(10_000));
    for open in ["[", "{", "(", "[[", "{\"a\":"] {
        inputs.push(open.repeat(20_000));
        inputs.push(format!("x = {}", open.repeat(20_000)));
        inputs.push(format!("defp deps do {}", open.repeat(20_000)));
    }
    inputs.push("do ".repeat(20_000));
    inputs.push("end\n".repeat(20_000));
    inputs.push("group :a do\n".repeat(20_000));
    inputs.push("{\"a\":".repeat(20_000) + &"}".repeat(20_000));
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_evidence() {
        let text = "a = 1\r\n  b = 2  \n\nlast";
        let lines = Lines::new(text);
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
        assert_eq!(Lines::new(multibyte).evidence(1, 3), "é = 1", "off a char boundary: the line");
    }

    #[test]
    fn versions() {
        for v in ["7.1.3", "1.0.0-rc.1", "7.1.0.rc1", "2.0.0+incompatible", "3"] {
            assert!(is_plain_version(v), "{v}");
        }
        for v in ["", "^1.2", "~> 1", "1.2.*", "1.x", "1.2.X", "latest", ">=1", "1 2"] {
            assert!(!is_plain_version(v), "{v}");
        }
    }

    #[test]
    fn toml_errors_name_the_line() {
        let text = "[a]\nb = 1\nb = 2\n";
        let err = toml_document(text, &Lines::new(text)).unwrap_err();
        assert_eq!(err, "line 3: duplicate key");
        let text = "x = [1,\n";
        assert!(toml_document(text, &Lines::new(text)).unwrap_err().starts_with("line 1: unclosed array"));
    }
}
