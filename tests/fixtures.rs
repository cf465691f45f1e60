//! Data-driven tests of the analysis core, one test per fixture file. Each
//! `tests/data/<feature>/<name>.toml` is a fixture (with `$0` marking the cursor where the
//! feature needs one) and `<name>.expect` beside it holds the expected output. A test is
//! named `<feature>/<name>`: `cargo test --test fixtures -- hover/tech_disputed` runs one.
//! `UPDATE_EXPECT=1 cargo test --test fixtures` rewrites expectations.
//!
//! A libtest-mimic harness (`harness = false` in Cargo.toml): the list of tests comes from
//! the files, and the output is libtest's, ending with `test result: …`.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use expect_test::ExpectFile;
use libtest_mimic::{Arguments, Failed, Trial};
use stackls::analysis::lines::LineIndex;
use stackls::analysis::{analyze_with, Analysis, Config, Date, Span, Symbol};
use stackls::catalogue::Catalogue;

use support::{fixtures, read_fixture};

/// How one feature turns a fixture (text, cursor) into the text of its `.expect` file.
type Render = fn(&str, Option<usize>) -> String;

const FEATURES: [(&str, Render); 4] = [
    ("diagnostics", render_diagnostics),
    ("hover", render_hover),
    ("completion", render_completion),
    ("symbols", render_symbols),
];

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for (feature, render) in FEATURES {
        for path in fixtures(feature) {
            trials.push(Trial::test(name(feature, &path), move || expectation(&path, render)));
        }
    }
    let corpus = fixtures("realistic");
    let stacks = corpus.len();
    trials.push(Trial::test("realistic/corpus_has_at_least_15_stacks", move || {
        // The corpus is meant to cover many kinds of real projects, not a handful.
        if stacks >= 15 {
            Ok(())
        } else {
            Err(format!("the corpus has {stacks} stacks, fewer than 15").into())
        }
    }));
    for path in corpus {
        trials.push(Trial::test(name("realistic", &path), move || realistic(&path)));
    }
    libtest_mimic::run(&args, trials).exit();
}

/// `<feature>/<file stem>`: what `cargo test --test fixtures -- FILTER` matches.
fn name(feature: &str, path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{feature}/{stem}")
}

/// Renders the fixture at `path` and compares it with `<name>.expect` (rewritten instead
/// with `UPDATE_EXPECT=1`, as expect-test does).
fn expectation(path: &Path, render: Render) -> Result<(), Failed> {
    let fixture = read_fixture(path);
    let actual = render(&fixture.text, fixture.cursor);
    let expect = ExpectFile { path: path.with_extension("expect"), position: file!() };
    // expect-test prints the diff and unwinds without a message: name the file instead.
    std::panic::catch_unwind(|| expect.assert_eq(&actual)).map_err(|_| {
        Failed::from(format!(
            "{} differs from the output (diff above; UPDATE_EXPECT=1 rewrites it)",
            support::display(&path.with_extension("expect"))
        ))
    })
}

/// A fixed "today", so `until` dates expire and versions reach end of life the same way
/// whenever the fixtures run.
fn config() -> Config {
    Config { today: Some(Date { year: 2026, month: 11, day: 30 }), ..Config::default() }
}

/// `line:col-line:col` (1-based, columns in characters) of `span`.
fn at(text: &str, lines: &LineIndex, span: Span) -> String {
    let pos = |o: usize| {
        let line = lines.line(o);
        let col = text[lines.line_start(line)..o].chars().count();
        format!("{}:{}", line + 1, col + 1)
    };
    format!("{}-{}", pos(span.start), pos(span.end))
}

fn render_diagnostics(text: &str, _: Option<usize>) -> String {
    let analysis: Analysis = analyze_with(text, &Catalogue::builtin_arc(), &config());
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for d in &analysis.diagnostics {
        let _ = writeln!(out, "{} {}[{}] {}", at(text, &lines, d.span), d.severity.as_str(), d.rule, d.message);
        for f in &analysis.fixes_for(d) {
            let edits: Vec<String> =
                f.edits.iter().map(|e| format!("{} {:?}", at(text, &lines, e.span), e.text)).collect();
            let _ = writeln!(out, "    fix{}: {} => {}", if f.preferred { "*" } else { "" }, f.title, edits.join(", "));
        }
        if let Some(a) = &d.addition {
            let _ = writeln!(out, "    add to stack-catalogue.toml: {:?}", a.toml());
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

fn render_hover(text: &str, cursor: Option<usize>) -> String {
    let analysis = analyze_with(text, &Catalogue::builtin_arc(), &config());
    match analysis.hover(cursor.expect("hover fixtures need $0")) {
        Some(h) => format!("[{}]\n{}", &text[h.span.start..h.span.end], h.markdown),
        None => "(no hover)\n".into(),
    }
}

fn render_completion(text: &str, cursor: Option<usize>) -> String {
    let analysis = analyze_with(text, &Catalogue::builtin_arc(), &config());
    let mut items = analysis.completions(cursor.expect("completion fixtures need $0"));
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then_with(|| a.label.cmp(&b.label)));
    let mut out = String::new();
    for i in &items {
        let _ = writeln!(
            out,
            "{} ({:?}) — {}  [{}..{} => {:?}]",
            i.label, i.kind, i.detail, i.edit.span.start, i.edit.span.end, i.edit.text
        );
    }
    if out.is_empty() {
        out.push_str("(no completions)\n");
    }
    out
}

fn render_symbols(text: &str, _: Option<usize>) -> String {
    fn tree(out: &mut String, text: &str, symbols: &[Symbol], depth: usize) {
        for s in symbols {
            let _ = writeln!(
                out,
                "{}{} {:?} [{}]",
                "  ".repeat(depth),
                s.name,
                s.kind,
                &text[s.selection.start..s.selection.end]
            );
            tree(out, text, &s.children, depth + 1);
        }
    }
    let mut out = String::new();
    tree(&mut out, text, &analyze_with(text, &Catalogue::builtin_arc(), &config()).symbols(), 0);
    out
}

/// A stack of the realistic corpus (`tests/data/realistic/`): its findings, and beside every
/// finding one line (`  why: …`) saying why an experienced engineer agrees with it. A file
/// with no findings says why none is right. `UPDATE_EXPECT=1` rewrites the finding lines,
/// keeps the reasons of findings that stay, and marks new ones `why: TODO`, which fails
/// until a person writes the reason.
fn realistic(path: &PathBuf) -> Result<(), Failed> {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let text = std::fs::read_to_string(path).expect("read");
    let analysis = analyze_with(&text, &Catalogue::builtin_arc(), &config());
    let lines = LineIndex::new(&text);
    let mut actual: Vec<String> = analysis
        .diagnostics
        .iter()
        .map(|d| format!("{} {}[{}] {}", at(&text, &lines, d.span), d.severity.as_str(), d.rule, d.message))
        .collect();
    if actual.is_empty() {
        actual.push("(no findings)".into());
    }
    let expect_path = path.with_extension("expect");
    let written = std::fs::read_to_string(&expect_path).unwrap_or_default();
    // (finding line, its reason)
    let mut expected: Vec<(String, Option<String>)> = Vec::new();
    for line in written.lines() {
        match (line.strip_prefix("  why: "), expected.last_mut()) {
            (Some(why), Some((_, slot))) => *slot = Some(why.trim().to_string()),
            _ if line.trim().is_empty() => {}
            _ => expected.push((line.to_string(), None)),
        }
    }
    if update {
        let mut out = String::new();
        for a in &actual {
            let why = expected.iter().find(|(e, _)| e == a).and_then(|(_, w)| w.clone());
            out.push_str(&format!("{a}\n  why: {}\n", why.unwrap_or_else(|| "TODO".into())));
        }
        std::fs::write(&expect_path, out).expect("write expectation");
        return Ok(());
    }
    let mut failed = Vec::new();
    let lines_only: Vec<&String> = expected.iter().map(|(l, _)| l).collect();
    if lines_only != actual.iter().collect::<Vec<_>>() {
        failed.push(format!("{name}: findings differ\n  expected: {lines_only:#?}\n  actual: {actual:#?}"));
    }
    for (l, why) in &expected {
        match why.as_deref() {
            None | Some("") | Some("TODO") => failed.push(format!("{name}: no reason given for `{l}`")),
            Some(_) => {}
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("\n").into())
    }
}
