//! The property tests of every format of the table ([`FORMATS`]): a parser is total on any
//! text, and what it answers points into the text (a line that exists, evidence on one line,
//! trimmed, at most [`MAX_TEXT`] bytes, a name). Texts are arbitrary strings, soups of the
//! format's own fragments (its row's `fragments`) and the shared [`PIECES`], and the [`junk`]
//! no manifest should be.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::common::MAX_TEXT;
use super::{parse_file, FormatInfo, FORMATS};

/// Pieces of the line and TOML/JSON formats' syntax, added to every format's own fragments.
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

/// 512 cases per format by default; `PROPTEST_CASES=20000` for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
}

/// File names of `format`: one per glob, `*` taken as `-dev` (so `requirements-dev.txt`).
fn names(format: &FormatInfo) -> Vec<String> {
    format.globs.iter().map(|g| g.replace('*', "-dev")).collect()
}

/// `format` parses `text` as `name` without a panic, and what it answers points into the text.
fn check(format: &FormatInfo, name: &str, text: &str) -> Result<(), TestCaseError> {
    let Ok(deps) = (format.parse)(name, text) else { return Ok(()) };
    let lines = u32::try_from(text.matches('\n').count() + 1).unwrap_or(u32::MAX);
    let key = format.key;
    for d in deps {
        prop_assert!((1..=lines).contains(&d.line), "{key}: line {} of {lines}", d.line);
        prop_assert!(!d.text.contains('\n'), "{key}: {:?}", d.text);
        prop_assert_eq!(d.text.trim(), d.text.as_str(), "{}", key);
        prop_assert!(d.text.len() <= MAX_TEXT, "{key}: {} bytes of evidence", d.text.len());
        prop_assert!(!d.name.is_empty(), "{key}: empty name");
        // Searching a huge text once per dependency would be slow; the evidence of the junk
        // below is checked for everything else.
        if format.ecosystem == "config" {
            // Configuration evidence is made from the key and the name (`settings.rs`), never
            // the line: each of its words is one of the text's, and no value rides along.
            prop_assert!(d.version.is_none() && d.pinned.is_none(), "{key}: a version from configuration");
            for word in d.text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                prop_assert!(
                    text.len() > 100_000 || text.contains(word),
                    "{key}: {word:?} of {:?} is not in the text",
                    d.text
                );
            }
        } else {
            prop_assert!(text.len() > 100_000 || text.contains(&d.text), "{key}: {:?} is not in the text", d.text);
        }
    }
    Ok(())
}

/// Concatenations of `fragments`, the shared pieces, whitespace and arbitrary strings.
fn soup(fragments: &'static [&'static str]) -> impl Strategy<Value = String> {
    let own = if fragments.is_empty() { PIECES } else { fragments };
    let piece = prop_oneof![
        4 => proptest::sample::select(own).prop_map(str::to_string),
        2 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
        2 => "[ \t\r\n]{1,3}",
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

/// Runs `strategy`'s texts through every file name of every format.
fn run_all<S: Strategy<Value = String>>(strategy: impl Fn(&'static FormatInfo) -> S) {
    for format in FORMATS {
        let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
        let names = names(format);
        let result = runner.run(&strategy(format), |text| {
            for name in &names {
                check(format, name, &text)?;
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{}: {e}", format.key);
        }
    }
}

#[test]
fn every_format_is_total_on_soups_of_its_syntax() {
    run_all(|format| soup(format.fragments));
}

#[test]
fn every_format_is_total_on_any_text() {
    run_all(|_| any::<String>());
}

#[test]
fn every_format_survives_junk() {
    for text in junk() {
        for format in FORMATS {
            for name in names(format) {
                if let Err(e) = check(format, &name, &text) {
                    panic!("{name} on {:?}…: {e}", text.chars().take(40).collect::<String>());
                }
            }
        }
    }
}

/// A raw line of any length gives short evidence: go.mod, a Gemfile and requirements.txt
/// build it from the line itself.
#[test]
fn evidence_from_a_very_long_line_is_cut() {
    let long = format!("require github.com/gin-gonic/gin v1.9.1 // {}\n", "é".repeat(5_000));
    let requirements = format!("flask==3.0.0  # {}\n", "x".repeat(10_000));
    let gemfile = format!("gem \"rails\", \"7.1.0\" # {}\n", "y".repeat(10_000));
    for (name, text) in
        [("go.mod", long.as_str()), ("requirements.txt", requirements.as_str()), ("Gemfile", gemfile.as_str())]
    {
        let deps = parse_file(name, text).expect("parses");
        assert!(!deps.is_empty(), "{name}");
        for d in deps {
            assert!(d.text.len() <= MAX_TEXT && text.starts_with(&d.text), "{name}: {} bytes", d.text.len());
        }
    }
}

/// Inputs no manifest should be, for every parser to survive: binary, huge lines, deep
/// nesting, unterminated everything, invalid UTF-8 read lossily, lone surrogates' stand-ins.
fn junk() -> Vec<String> {
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
