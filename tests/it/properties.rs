//! Properties of the analysis and the position conversion, over generated and mutated input.

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use ropey::Rope;
use stackls::analysis::syntax::parse_in_chunks;
use stackls::analysis::{analyze, Analysis, Rule, Span};
use stackls::catalogue::Catalogue;
use stackls::lsp::convert::{offset, position, Encoding};

use crate::support::{self, inside, quick_fix_problems, read_fixture};

/// The texts mutations start from: fixtures and examples (cursor markers removed), sorted.
fn fixtures() -> Vec<String> {
    let paths = ["diagnostics", "completion", "realistic"].into_iter().flat_map(support::fixtures);
    let mut out: Vec<String> = paths.chain(support::examples()).map(|p| read_fixture(&p).text).collect();
    out.sort();
    out
}

/// Everything an analysis hands out lies inside the text, on character boundaries.
fn check_spans(text: &str, a: &Analysis) -> Result<(), TestCaseError> {
    for d in &a.diagnostics {
        prop_assert!(inside(text, d.span), "diagnostic {:?}", d);
        for fix in a.fixes_for(d) {
            for e in &fix.edits {
                prop_assert!(inside(text, e.span), "fix {:?}", e);
            }
        }
    }
    for s in a.symbols() {
        prop_assert!(inside(text, s.span) && inside(text, s.selection) && !s.name.is_empty());
    }
    for span in a.folding() {
        prop_assert!(inside(text, span), "fold {:?}", span);
    }
    for h in a.inlay_hints() {
        prop_assert!(inside(text, Span::new(h.offset, h.offset)), "hint {:?}", h);
    }
    Ok(())
}

/// Snippets that make mutations likely to hit interesting states.
const PIECES: &[&str] = &[
    "[",
    "]",
    "[[",
    "{",
    "}",
    "\"",
    "'",
    "=",
    ",",
    ".",
    "\n",
    "\r\n",
    "\r",
    "#",
    " ",
    "é",
    "😀",
    "\u{feff}",
    "[stack]\n",
    "[project]\n",
    "[services.api]\n",
    "framework = ",
    "language = \"python\"",
    "\"flask\"",
    "scale = \"large\"\n",
    "use-cases = [\"ai-ml\", ",
    "requirements = [\"cpu-intensive\"]",
    "[lint]\nallow = [",
    "services.x = { framework = \"koa\" }\n",
    "\"\"\"",
    "'''",
    "1979-05-27",
    "0x1f",
    "inf",
    "true",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..PIECES.len()).prop_map(|(at, p)| Edit::Insert(at, p)),
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Edit::Delete(at, len)),
    ]
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(mut text: String, edits: &[Edit]) -> String {
    for e in edits {
        match *e {
            Edit::Insert(at, p) => {
                let at = floor(&text, at % (text.len() + 1));
                text.insert_str(at, PIECES[p]);
            }
            Edit::Delete(at, len) => {
                let start = floor(&text, at % (text.len() + 1));
                let end = floor(&text, start + len);
                text.replace_range(start..end, "");
            }
        }
    }
    text
}

/// Lines of a TOML document over a three-key alphabet: headers, array headers, dotted keys,
/// inline tables and arrays, so that redefinitions of every kind are frequent.
fn toml_line() -> impl Strategy<Value = String> {
    let key = || prop::sample::select(vec!["a", "b", "c", "\"a\""]);
    let path = move || proptest::collection::vec(key(), 1..4).prop_map(|k| k.join("."));
    let value = move || {
        prop_oneof![
            Just("1".to_string()),
            Just("[]".to_string()),
            Just("[{ a = 1 }]".to_string()),
            Just("9223372036854775808".to_string()),
            Just("1979-05-27".to_string()),
            Just("1979-02-30".to_string()),
            Just("1e999".to_string()),
            Just("-nan".to_string()),
            Just("+inf".to_string()),
            (path(), path()).prop_map(|(p, q)| format!("{{ {p} = 1, {q} = 2 }}")),
        ]
    };
    prop_oneof![
        path().prop_map(|p| format!("[{p}]")),
        path().prop_map(|p| format!("[[{p}]]")),
        (path(), value()).prop_map(|(p, v)| format!("{p} = {v}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_and_spans_stay_inside(text in "\\PC{0,300}") {
        let c = &Catalogue::builtin_arc();
        let a = analyze(&text, c);
        check_spans(&text, &a)?;
        for offset in [0, text.len() / 2, text.len()] {
            let offset = floor(&text, offset);
            let _ = a.hover(offset);
            let _ = a.completions(offset);
        }
    }

    #[test]
    fn table_semantics_agree_with_the_toml_crate(lines in proptest::collection::vec(toml_line(), 1..8)) {
        let text = lines.join("\n");
        let valid = toml::from_str::<toml::Table>(&text).is_ok();
        let a = analyze(&text, &Catalogue::builtin_arc());
        let syntax: Vec<_> = a.diagnostics.iter().filter(|d| d.rule == Rule::Syntax).collect();
        prop_assert_eq!(valid, syntax.is_empty(), "validity disagrees with the toml crate: {:?}", syntax);
        check_spans(&text, &a)?;
    }

    #[test]
    fn parsing_in_chunks_is_parsing_whole(index in any::<prop::sample::Index>(), edits in proptest::collection::vec(edit(), 0..12), lines in proptest::collection::vec(toml_line(), 0..6)) {
        // Stack files with brackets, braces, quotes and newlines inserted or cut anywhere,
        // then generated tables, arrays and inline tables: every split point the chunked
        // parser takes must leave the tree exactly as one parse of all tokens builds it.
        let files = fixtures();
        let mut text = mutate(files[index.index(files.len())].clone(), &edits);
        text.push('\n');
        text.push_str(&lines.join("\n"));
        let chunked = parse_in_chunks(&text, 0);
        let whole = parse_in_chunks(&text, usize::MAX);
        prop_assert_eq!(chunked, whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let a = analyze(&text, &Catalogue::builtin_arc());
        check_spans(&text, &a)?;
        let valid = toml::from_str::<toml::Table>(&text).is_ok();
        prop_assert_eq!(valid, !a.diagnostics.iter().any(|d| d.rule == Rule::Syntax));
    }

    #[test]
    fn mutated_stack_files_stay_sound(index in any::<prop::sample::Index>(), edits in proptest::collection::vec(edit(), 1..8), probe in any::<usize>()) {
        let files = fixtures();
        let text = mutate(files[index.index(files.len())].clone(), &edits);
        let c = &Catalogue::builtin_arc();
        let a = analyze(&text, c);
        check_spans(&text, &a)?;
        // Deterministic: the same text gives the same findings.
        prop_assert_eq!(&analyze(&text, c).diagnostics, &a.diagnostics);
        // Valid TOML exactly when the toml crate says so.
        let valid = toml::from_str::<toml::Table>(&text).is_ok();
        let syntax = a.diagnostics.iter().any(|d| d.rule == Rule::Syntax);
        prop_assert_eq!(valid, !syntax, "validity disagrees with the toml crate");
        let at = floor(&text, probe % (text.len() + 1));
        if let Some(h) = a.hover(at) {
            prop_assert!(inside(&text, h.span));
        }
        for item in a.completions(at) {
            prop_assert!(inside(&text, item.edit.span));
        }
    }

    #[test]
    fn quick_fixes_remove_the_finding_they_were_offered_for(index in any::<prop::sample::Index>(), edits in proptest::collection::vec(edit(), 0..4)) {
        let files = fixtures();
        let text = mutate(files[index.index(files.len())].clone(), &edits);
        let c = &Catalogue::builtin_arc();
        let before = analyze(&text, c);
        // The guarantee holds for documents that parse; on broken TOML fixes are best effort.
        if before.diagnostics.iter().any(|d| d.rule == Rule::Syntax) {
            return Ok(());
        }
        // The check of `it::analysis::quick_fixes_remove_their_finding`, on the fixes of
        // the first five findings (enough to vary, few enough to keep cases fast).
        let (_, problems) = quick_fix_problems(&text, c, 5);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// Offsets survive the trip to an LSP position and back, in UTF-8 and in UTF-16, at every
/// character boundary: first on known texts (a quoted non-ASCII key, an emoji beside CRLF
/// and lone CR line breaks, a byte order mark, the empty text), then on generated ones.
#[test]
fn positions_roundtrip_in_utf8_and_utf16() {
    fn roundtrip(text: &str) -> Result<(), TestCaseError> {
        let rope = Rope::from_str(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                if i > 0 && text[..i].ends_with('\r') && text[i..].starts_with('\n') {
                    continue; // inside a CRLF line break: no position names it
                }
                let p = position(&rope, i, enc);
                prop_assert_eq!(offset(&rope, p, enc), i, "{:?} offset {} of {:?} via {:?}", enc, i, text, p);
            }
        }
        Ok(())
    }
    for text in ["[services.\"café\"] framework = \"flask\"\n", "a = \"😀\"\r\nb = 1\rc = 2\n", "\u{feff}x = 1", ""]
    {
        roundtrip(text).unwrap_or_else(|e| panic!("{e}"));
    }
    let parts = proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("é"),
            Just("😀"),
            Just("\n"),
            Just("\r\n"),
            Just("\r"),
            Just("\u{feff}"),
            Just("\t"),
            Just("€"),
            Just(" = "),
        ],
        0..60,
    );
    // What `proptest!` sets up for the tests above: the case count and the regression file.
    let config = ProptestConfig { cases: cases(), source_file: Some(file!()), ..ProptestConfig::default() };
    TestRunner::new(config).run(&parts, |parts| roundtrip(&parts.concat())).unwrap_or_else(|e| panic!("{e}"));
}

/// Numbers at the edges of TOML's float and integer decoding, with the validity the spec
/// gives them; the `toml` crate must agree (it is the oracle) and so must stackls.
#[test]
fn number_edge_cases_agree_with_the_toml_crate() {
    let cases: &[(&str, bool)] = &[
        // inf and nan, signed or not, are floats; only lowercase, never `infinity`.
        ("nan", true),
        ("+nan", true),
        ("-nan", true),
        ("inf", true),
        ("+inf", true),
        ("-inf", true),
        ("NaN", false),
        ("Inf", false),
        ("infinity", false),
        ("-infinity", false),
        ("+-inf", false),
        ("nan_", false),
        // Finite forms: underscores between digits, exponents, signed zero, underflow to 0.
        ("1_000.000_1", true),
        ("1e1_0", true),
        ("1E5", true),
        ("1e+5", true),
        ("6.626e-34", true),
        ("-0.0", true),
        ("+0.0", true),
        ("0e0", true),
        ("1e-400", true),
        ("1.7976931348623157e308", true),
        ("-1.7976931348623157e308", true),
        ("1e", false),
        ("1.e5", false),
        (".5", false),
        ("1__0.0", false),
        // Finite in TOML's grammar but not as an f64: overflow to infinity is an error.
        ("1e309", false),
        ("-1e309", false),
        ("+1_000e400", false),
        ("1.8e308", false),
        // 64-bit signed integers, in every radix.
        ("9_223_372_036_854_775_807", true),
        ("-9223372036854775808", true),
        ("9223372036854775808", false),
        ("-9223372036854775809", false),
        ("0x7fff_ffff_ffff_ffff", true),
        ("0x8000_0000_0000_0000", false),
        ("0o777", true),
        ("0b1010", true),
        ("+0x10", false),
    ];
    let mut wrong = Vec::new();
    for &(literal, valid) in cases {
        let text = format!("a = {literal}\n");
        let oracle = toml::from_str::<toml::Table>(&text).is_ok();
        let syntax: Vec<String> = analyze(&text, &Catalogue::builtin_arc())
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == Rule::Syntax)
            .map(|d| d.finding.message)
            .collect();
        if oracle != valid || syntax.is_empty() != valid {
            wrong.push(format!("{literal}: expected valid={valid}, toml crate {oracle}, stackls {syntax:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// 300 cases per property in the normal run; `PROPTEST_CASES=N` for a longer search.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}
