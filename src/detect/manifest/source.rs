//! What the text parsers share: the `Dependency` constructor (lines and evidence come from
//! [`LineIndex`]), a TOML document with spans (and its error as
//! `line N: reason`), and the members of a JSON object with their offsets (`serde_json`
//! validates and decodes, but gives no spans).
//!
//! Everything here takes offsets that may be out of range or off a char boundary and
//! answers something sensible rather than panicking.

use super::textpos::{capped, LineIndex, MAX_TEXT};
use super::{Dependency, Scope, What};

/// A dependency, with the boilerplate of `String` conversion; its evidence is cut to
/// [`MAX_TEXT`] (a raw line from a minified or hostile file stays short).
pub(crate) fn dep(
    what: What,
    name: &str,
    version: Option<&str>,
    pinned: Option<String>,
    line: u32,
    text: String,
    scope: Scope,
) -> Dependency {
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

// ---------------------------------------------------------------------------------------
// TOML

pub(crate) use toml::de::{DeTable, DeValue};
pub(crate) type Spanned<T> = toml::Spanned<T>;

/// Parses a TOML document, with spans; a syntax error is `line N: reason`.
pub(crate) fn toml_document<'i>(text: &'i str, lines: &LineIndex<'_>) -> Result<DeTable<'i>, String> {
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
    lines: &LineIndex<'_>,
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

// ---------------------------------------------------------------------------------------
// JSON

/// One `"key": value` member of a JSON object, with offsets into the text.
#[derive(Debug, Clone)]
pub(crate) struct JsonMember {
    /// The key, decoded (escapes resolved).
    pub(crate) key: String,
    pub(crate) key_start: usize,
    pub(crate) value_start: usize,
    pub(crate) value_end: usize,
}

/// Validates `text` as JSON (`serde_json`) and answers the offset of its top-level object;
/// `Err` with serde_json's reason (which names line and column) when it is not JSON, or not
/// an object.
pub(crate) fn json_object_start(text: &str) -> Result<usize, String> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(e.to_string());
    }
    let start = text.len() - text.trim_start().len();
    match text.as_bytes().get(start) {
        Some(b'{') => Ok(start),
        _ => Err("the top level is not an object".to_string()),
    }
}

/// The members of the JSON object that opens at `open` (the offset of its `{`), in the
/// order written, duplicates kept. Only the object's own members: a key of a nested object
/// is never one of them. Meant for text `serde_json` has validated; on anything else it
/// stops early with what it has read.
pub(crate) fn json_members(text: &str, open: usize) -> Vec<JsonMember> {
    let bytes = text.as_bytes();
    let mut members = Vec::new();
    if bytes.get(open) != Some(&b'{') {
        return members;
    }
    let mut i = open + 1;
    loop {
        i = skip_ws(bytes, i);
        match bytes.get(i) {
            Some(b'"') => {}
            _ => return members, // `}` or anything unexpected
        }
        let key_start = i;
        let Some(key_end) = string_end(bytes, i) else { return members };
        let raw = text.get(key_start..key_end).unwrap_or("\"\"");
        let key = serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.trim_matches('"').to_string());
        i = skip_ws(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return members;
        }
        let value_start = skip_ws(bytes, i + 1);
        let Some(value_end) = value_end(bytes, value_start) else { return members };
        members.push(JsonMember { key, key_start, value_start, value_end });
        i = skip_ws(bytes, value_end);
        match bytes.get(i) {
            Some(b',') => i += 1,
            _ => return members,
        }
    }
}

/// The member `key` of the object at `open`; the last one if the key is repeated (as
/// `serde_json` and npm read it).
pub(crate) fn json_member(text: &str, open: usize, key: &str) -> Option<JsonMember> {
    json_members(text, open).into_iter().rev().find(|m| m.key == key)
}

/// The decoded string value of a member, if it is a string.
pub(crate) fn json_string(text: &str, member: &JsonMember) -> Option<String> {
    let raw = text.get(member.value_start..member.value_end)?;
    if raw.starts_with('"') {
        serde_json::from_str::<String>(raw).ok()
    } else {
        None
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The offset just past the string that opens at `i` (a `"`).
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match bytes.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// The offset just past the value that starts at `i`.
fn value_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'"' => string_end(bytes, i),
        b'{' | b'[' => {
            // Depth counting, strings skipped: no recursion, whatever the nesting.
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match bytes.get(j)? {
                    b'"' => {
                        j = string_end(bytes, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while bytes.get(j).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                j += 1;
            }
            (j > i).then_some(j)
        }
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
    // Shapes that a lookup per occurrence would make quadratic.
    inputs.push("install_requires=[".repeat(50_000));
    inputs.push("install_requires=REQS\n".repeat(50_000));
    inputs.push("defp deps do [{:a, \"1\"}, ".repeat(50_000));
    inputs.push("deps: [".repeat(50_000));
    inputs.push("group :a do\ngem \"x\"\n".repeat(30_000));
    let mut features = String::from("[dependencies]\n");
    for i in 0..20_000 {
        features.push_str(&format!("d{i} = {{ version = \"1\", optional = true }}\n"));
    }
    features.push_str("[features]\ndefault = [");
    for i in 0..20_000 {
        features.push_str(&format!("\"f{i}\", "));
    }
    features.push_str("]\n");
    for i in 0..20_000 {
        features.push_str(&format!("f{i} = [\"f{}\"]\n", i + 1));
    }
    inputs.push(features);
    inputs
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Format};
    use super::*;

    /// A raw line of any length gives short evidence: go.mod, a Gemfile and requirements.txt
    /// build it from the line itself.
    #[test]
    fn evidence_from_a_very_long_line_is_cut() {
        let long = format!("require github.com/gin-gonic/gin v1.9.1 // {}\n", "é".repeat(5_000));
        let requirements = format!("flask==3.0.0  # {}\n", "x".repeat(10_000));
        let gemfile = format!("gem \"rails\", \"7.1.0\" # {}\n", "y".repeat(10_000));
        for (format, name, text) in [
            (Format::GoMod, "go.mod", long.as_str()),
            (Format::Requirements, "requirements.txt", requirements.as_str()),
            (Format::Gemfile, "Gemfile", gemfile.as_str()),
        ] {
            let deps = parse(format, name, text).expect("parses");
            assert!(!deps.is_empty(), "{name}");
            for d in deps {
                assert!(d.text.len() <= MAX_TEXT && text.starts_with(&d.text), "{name}: {} bytes", d.text.len());
            }
        }
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
    fn toml_errors_name_the_line() {
        let text = "[a]\nb = 1\nb = 2\n";
        let err = toml_document(text, &LineIndex::new(text)).unwrap_err();
        assert_eq!(err, "line 3: duplicate key");
        let text = "x = [1,\n";
        assert!(toml_document(text, &LineIndex::new(text)).unwrap_err().starts_with("line 1: unclosed array"));
    }

    #[test]
    fn json_members_are_the_object_own() {
        let text = r#"{ "a": {"b": 1, "c": [1, {"b": "}"}]}, "b" : "x\"y", "d\u0041": null , "e":-1.5e3}"#;
        let open = json_object_start(text).unwrap();
        let members = json_members(text, open);
        let keys: Vec<_> = members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "dA", "e"]);
        let b = &members[1];
        assert_eq!(&text[b.key_start..b.value_end], r#""b" : "x\"y""#);
        assert_eq!(json_string(text, b).as_deref(), Some("x\"y"));
        assert_eq!(&text[members[3].value_start..members[3].value_end], "-1.5e3");
        let inner = json_members(text, members[0].value_start);
        assert_eq!(inner.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(), ["b", "c"]);
    }

    #[test]
    fn json_not_an_object_or_not_json() {
        assert_eq!(json_object_start("[1]").unwrap_err(), "the top level is not an object");
        assert!(json_object_start("{\n  \"a\": 1,\n}").unwrap_err().contains("line 3"));
        assert!(json_members("{\"a\": ", 0).is_empty());
        assert!(json_members("junk", 0).is_empty());
        assert!(json_members("{", 7).is_empty());
    }
}

/// `parse` over every format of this module's parsers: total on any text, and what it
/// answers points into the text (a line that exists, evidence on one line, trimmed, short).
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::super::{parse, Format};
    use super::MAX_TEXT;

    const FORMATS: [(Format, &str); 12] = [
        (Format::Requirements, "requirements-dev.txt"),
        (Format::Pyproject, "pyproject.toml"),
        (Format::Pipfile, "Pipfile"),
        (Format::SetupPy, "setup.py"),
        (Format::SetupCfg, "setup.cfg"),
        (Format::PackageJson, "package.json"),
        (Format::Gemfile, "Gemfile"),
        (Format::GemfileLock, "Gemfile.lock"),
        (Format::ComposerJson, "composer.json"),
        (Format::CargoToml, "Cargo.toml"),
        (Format::GoMod, "go.mod"),
        (Format::MixExs, "mix.exs"),
    ];

    /// Pieces of the formats' syntax, so that random texts reach past the first check.
    const PIECES: &[&str] = &[
        "\n",
        "\r\n",
        " ",
        "    ",
        "\t",
        "\"",
        "'",
        "\"\"\"",
        "[",
        "]",
        "{",
        "}",
        "(",
        ")",
        ",",
        "=",
        "==",
        ":",
        "#",
        "//",
        "\\",
        "@",
        "~",
        "%i[",
        "~s(",
        "?",
        "é",
        "\u{feff}",
        "do",
        "end",
        "gem",
        "group",
        ":test",
        "ruby",
        "require",
        "indirect",
        "go",
        "python",
        "dependencies",
        "[dependencies]",
        "[project]",
        "[packages]",
        "[options]",
        "install_requires",
        "install_requires = ",
        "deps",
        "defp",
        "{:a",
        "only:",
        "runtime:",
        "false",
        "\"b\"",
        "v1.0.0",
        "1.2.3",
        "~> 1.0",
        ">=2",
        "django",
        "x = ",
        "DEPENDENCIES",
        "GEM",
        "specs:",
        "RUBY VERSION",
        "\"dependencies\": {",
        "\"require\": {",
        "\"a\": \"1\"",
        "=begin",
        "-r",
        "--hash=x",
        "package = ",
        "workspace = true",
        "optional = true",
        "[features]",
        "default = [",
    ];

    /// 256 by default; `PROPTEST_CASES=20000` for a longer hunt.
    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    }

    fn check(text: &str) -> Result<(), TestCaseError> {
        let lines = u32::try_from(text.matches('\n').count() + 1).unwrap_or(u32::MAX);
        for (format, name) in FORMATS {
            let Ok(deps) = parse(format, name, text) else { continue };
            for d in deps {
                prop_assert!((1..=lines).contains(&d.line), "{format:?}: line {} of {lines}", d.line);
                prop_assert!(!d.text.contains('\n'), "{format:?}: {:?}", d.text);
                prop_assert_eq!(d.text.trim(), d.text.as_str());
                prop_assert!(d.text.len() <= MAX_TEXT, "{format:?}: {} bytes of evidence", d.text.len());
                prop_assert!(!d.name.is_empty(), "{:?}: empty name", format);
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

        #[test]
        fn parse_is_total_on_any_text(text in any::<String>()) {
            check(&text)?;
        }

        #[test]
        fn parse_is_total_on_pieces_of_manifests(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..120)) {
            check(&pieces.concat())?;
        }
    }
}
