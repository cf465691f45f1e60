//! Data-driven tests of the analysis core, one test per fixture file. Each
//! `tests/data/<feature>/<name>.toml` is a fixture (with `$0` marking the cursor where the
//! feature needs one) and `<name>.expect` beside it holds the expected output. A test is
//! named `<feature>/<name>`: `cargo test --test fixtures -- hover/tech_disputed` runs one.
//! `UPDATE_EXPECT=1 cargo test --test fixtures` rewrites expectations.
//!
//! A fixture may carry what the repository's manifests say: `<name>.facts` beside it (TOML,
//! see [`read_facts`]) becomes the analysis's `Facts`, as detection would build them, so
//! `drift` and the "Found in" of hover are tested here like every other rule. Every
//! `tests/data/drift/` fixture has one.
//!
//! A libtest-mimic harness (`harness = false` in Cargo.toml): the list of tests comes from
//! the files, and the output is libtest's, ending with `test result: …`.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use expect_test::ExpectFile;
use libtest_mimic::{Arguments, Failed, Trial};
use stackls::analysis::facts::{Evidence, Facts, Folder, Found, Problem};
use stackls::analysis::lines::LineIndex;
use stackls::analysis::{analyze_with, Analysis, Config, Date, Span, Symbol};
use stackls::catalogue::Catalogue;

use support::{fixtures, read_fixture};

/// How one feature turns a fixture (text, cursor, the analysis's configuration) into the
/// text of its `.expect` file.
type Render = fn(&str, Option<usize>, &Config) -> String;

const FEATURES: [(&str, Render); 5] = [
    ("diagnostics", render_diagnostics),
    ("drift", render_diagnostics),
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
    let facts_path = path.with_extension("facts");
    let mut config = config();
    if facts_path.exists() {
        config.facts = Some(Arc::new(read_facts(&facts_path)?));
    } else if path.parent().is_some_and(|p| p.ends_with("drift")) {
        return Err(format!("{} is missing: a drift fixture needs facts", support::display(&facts_path)).into());
    }
    let actual = render(&fixture.text, fixture.cursor, &config);
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

fn render_diagnostics(text: &str, _: Option<usize>, config: &Config) -> String {
    let analysis: Analysis = analyze_with(text, &Catalogue::builtin_arc(), config);
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

fn render_hover(text: &str, cursor: Option<usize>, config: &Config) -> String {
    let analysis = analyze_with(text, &Catalogue::builtin_arc(), config);
    match analysis.hover(cursor.expect("hover fixtures need $0")) {
        Some(h) => format!("[{}]\n{}", &text[h.span.start..h.span.end], h.markdown),
        None => "(no hover)\n".into(),
    }
}

fn render_completion(text: &str, cursor: Option<usize>, config: &Config) -> String {
    let analysis = analyze_with(text, &Catalogue::builtin_arc(), config);
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

fn render_symbols(text: &str, _: Option<usize>, config: &Config) -> String {
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
    tree(&mut out, text, &analyze_with(text, &Catalogue::builtin_arc(), config).symbols(), 0);
    out
}

/// A fixture's facts file, in the shape of [`Facts`], technologies by catalogue id:
///
/// ```toml
/// [folders."services/api"]
/// manifests = ["services/api/requirements.txt"]
/// found = [{ tech = "django", file = "services/api/requirements.txt", line = 3, text = "Django==5.2.3", pinned = "5.2.3" }]
/// # problem = { missing = "does not exist" }   (or { outside = "…" })
/// ```
///
/// Unknown keys and unknown technologies are errors, so a typo cannot silently test nothing.
fn read_facts(path: &Path) -> Result<Facts, Failed> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        folders: std::collections::BTreeMap<String, FolderFile>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct FolderFile {
        #[serde(default)]
        manifests: Vec<String>,
        #[serde(default)]
        found: Vec<FoundFile>,
        #[serde(default)]
        notes: Vec<String>,
        problem: Option<ProblemFile>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    enum ProblemFile {
        Missing(String),
        Outside(String),
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct FoundFile {
        tech: String,
        file: String,
        #[serde(default)]
        line: u32,
        #[serde(default)]
        text: String,
        pinned: Option<String>,
        pinned_in: Option<EvidenceFile>,
        #[serde(default)]
        implied: bool,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct EvidenceFile {
        file: String,
        line: u32,
        #[serde(default)]
        text: String,
    }
    let name = support::display(path);
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let file: File = toml::from_str(&raw).map_err(|e| format!("{name}: {e}"))?;
    let catalogue = Catalogue::builtin_arc();
    let mut facts = Facts::default();
    for (folder, f) in file.folders {
        let mut found = Vec::new();
        for item in f.found {
            let tech = catalogue.lookup(&item.tech).ok_or_else(|| format!("{name}: no technology `{}`", item.tech))?;
            found.push(Found {
                tech,
                evidence: Evidence { file: item.file, line: item.line, text: item.text },
                pinned: item.pinned,
                pinned_in: item.pinned_in.map(|e| Evidence { file: e.file, line: e.line, text: e.text }),
                implied: item.implied,
            });
        }
        let problem = f.problem.map(|p| match p {
            ProblemFile::Missing(why) => Problem::Missing(why),
            ProblemFile::Outside(why) => Problem::Outside(why),
        });
        facts
            .folders
            .insert(folder, Folder { manifests: f.manifests, found, notes: f.notes, problem, connects: Vec::new() });
    }
    Ok(facts)
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
