//! Data-driven tests of the analysis core. Each `tests/data/<feature>/<name>.toml` is a
//! fixture (with `$0` marking the cursor where the feature needs one) and `<name>.expect`
//! beside it holds the expected output. `UPDATE_EXPECT=1 cargo test` rewrites expectations.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use expect_test::ExpectFile;
use stackls::analysis::lines::LineIndex;
use stackls::analysis::{analyze, analyze_with, Analysis, Config, Date, Rule, Span, Symbol};
use stackls::catalogue::Catalogue;

fn fixtures(feature: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(feature);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// Runs `render` on every fixture of `feature`; reports every mismatch, not just the first.
fn check_all(feature: &str, render: impl Fn(&str, Option<usize>) -> String) {
    let mut failed = Vec::new();
    for path in fixtures(feature) {
        let raw = std::fs::read_to_string(&path).expect("read fixture");
        let cursor = raw.find("$0");
        let text = raw.replacen("$0", "", 1);
        let actual = render(&text, cursor);
        let expect = ExpectFile { path: path.with_extension("expect"), position: file!() };
        if std::panic::catch_unwind(|| expect.assert_eq(&actual)).is_err() {
            failed.push(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        }
    }
    assert!(failed.is_empty(), "{feature} fixtures that differ: {failed:?}");
}

fn at(text: &str, lines: &LineIndex, span: Span) -> String {
    let pos = |o: usize| {
        let line = lines.line(o);
        let col = text[lines.line_start(line)..o].chars().count();
        format!("{}:{}", line + 1, col + 1)
    };
    format!("{}-{}", pos(span.start), pos(span.end))
}

fn render_diagnostics(text: &str, analysis: &Analysis) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for d in &analysis.diagnostics {
        let _ = writeln!(out, "{} {}[{}] {}", at(text, &lines, d.span), d.severity.as_str(), d.rule, d.message);
        for f in &analysis.fixes_for(d) {
            let edits: Vec<String> =
                f.edits.iter().map(|e| format!("{} {:?}", at(text, &lines, e.span), e.text)).collect();
            let _ = writeln!(out, "    fix{}: {} => {}", if f.preferred { "*" } else { "" }, f.title, edits.join(", "));
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

#[test]
fn diagnostics() {
    let catalogue = &Catalogue::builtin_arc();
    // A fixed "today", so `until` dates in fixtures expire (or not) the same way every year.
    let config = Config { today: Some(Date { year: 2026, month: 11, day: 22 }), ..Config::default() };
    check_all("diagnostics", |text, _| render_diagnostics(text, &analyze_with(text, catalogue, &config)));
}

#[test]
fn hover() {
    let catalogue = &Catalogue::builtin_arc();
    check_all("hover", |text, cursor| {
        let analysis = analyze(text, catalogue);
        match analysis.hover(cursor.expect("hover fixtures need $0")) {
            Some(h) => format!("[{}]\n{}", &text[h.span.start..h.span.end], h.markdown),
            None => "(no hover)\n".into(),
        }
    });
}

#[test]
fn completion() {
    let catalogue = &Catalogue::builtin_arc();
    check_all("completion", |text, cursor| {
        let analysis = analyze(text, catalogue);
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
    });
}

fn render_symbols(out: &mut String, text: &str, symbols: &[Symbol], depth: usize) {
    for s in symbols {
        let _ = writeln!(
            out,
            "{}{} {:?} [{}]",
            "  ".repeat(depth),
            s.name,
            s.kind,
            &text[s.selection.start..s.selection.end]
        );
        render_symbols(out, text, &s.children, depth + 1);
    }
}

#[test]
fn symbols() {
    let catalogue = &Catalogue::builtin_arc();
    check_all("symbols", |text, _| {
        let mut out = String::new();
        render_symbols(&mut out, text, &analyze(text, catalogue).symbols(), 0);
        out
    });
}

fn apply(text: &str, edits: &[stackls::analysis::Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.text);
    }
    out
}

/// Every quick fix, applied, removes the finding it was offered for, breaks no TOML and
/// brings no new error-level finding (a "Switch to …" that the service's language or
/// framework cannot run would turn a warning into an error).
#[test]
fn quick_fixes_remove_their_finding() {
    let catalogue = &Catalogue::builtin_arc();
    let mut checked = 0;
    let mut broken = Vec::new();
    let paths = ["diagnostics", "hover", "completion", "symbols", "realistic"].into_iter().flat_map(fixtures);
    for path in paths.chain(examples()) {
        let text = std::fs::read_to_string(&path).expect("read").replacen("$0", "", 1);
        let before = analyze(&text, catalogue);
        for d in &before.diagnostics {
            for fix in &before.fixes_for(d) {
                let fixed = apply(&text, &fix.edits);
                let after = analyze(&fixed, catalogue);
                let name = path.display();
                assert!(
                    !after
                        .diagnostics
                        .iter()
                        .any(|a| a.rule == d.rule && a.message == d.message && a.span.start == d.span.start),
                    "{name}: fix {:?} left {:?}\n{fixed}",
                    fix.title,
                    d.message
                );
                let new_syntax = after.diagnostics.iter().filter(|a| a.rule == stackls::analysis::Rule::Syntax).count();
                let old_syntax =
                    before.diagnostics.iter().filter(|a| a.rule == stackls::analysis::Rule::Syntax).count();
                assert!(new_syntax <= old_syntax, "{name}: fix {:?} broke the TOML:\n{fixed}", fix.title);
                let new = if crate::support::renames_a_table(&text, d, fix) {
                    Vec::new()
                } else {
                    crate::support::new_errors(&before, &after)
                };
                if !new.is_empty() {
                    broken.push(format!("{name}: fix {:?} for {:?} brings {new:?}", fix.title, d.message));
                }
                checked += 1;
            }
        }
    }
    assert!(broken.is_empty(), "fixes that bring new errors:\n{}", broken.join("\n"));
    assert!(checked > 20, "only {checked} fixes checked");
}

/// The stack files shipped in `examples/`.
fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("examples/")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The examples shipped in `examples/` analyse without syntax errors.
#[test]
fn examples_are_valid_toml() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for entry in std::fs::read_dir(dir).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let analysis = analyze(&text, &Catalogue::builtin_arc());
        assert!(analysis.tree.errors.is_empty(), "{}: {:?}", path.display(), analysis.tree.errors);
    }
}

/// Hover and completion at every offset, and analysis of every prefix, of every fixture:
/// no panic, and every span returned lies inside the text on character boundaries.
#[test]
fn every_offset_and_every_prefix_is_safe() {
    let catalogue = &Catalogue::builtin_arc();
    let inside = |text: &str, span: Span| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    for feature in ["diagnostics", "hover", "completion", "symbols"] {
        for path in fixtures(feature) {
            let text = std::fs::read_to_string(&path).expect("read").replacen("$0", "", 1);
            let analysis = analyze(&text, catalogue);
            for offset in 0..=text.len() + 2 {
                if let Some(h) = analysis.hover(offset) {
                    assert!(inside(&text, h.span), "{}: hover at {offset}", path.display());
                }
                for item in analysis.completions(offset) {
                    assert!(inside(&text, item.edit.span), "{}: completion at {offset}", path.display());
                }
            }
            for (end, _) in text.char_indices() {
                let prefix = &text[..end];
                let a = analyze(prefix, catalogue);
                for d in &a.diagnostics {
                    assert!(inside(prefix, d.span), "{}: prefix {end}: {d:?}", path.display());
                    for e in d.fixes.iter().flat_map(|f| &f.edits) {
                        assert!(inside(prefix, e.span), "{}: prefix {end}: fix {e:?}", path.display());
                    }
                }
                let _ = a.completions(end);
                fn named(symbols: &[Symbol]) -> bool {
                    symbols.iter().all(|s| !s.name.is_empty() && named(&s.children))
                }
                assert!(named(&a.symbols()), "{}: prefix {end}: a symbol without a name", path.display());
            }
        }
    }
}

#[test]
fn a_large_document_is_validated_beside_its_lowering() {
    // Large enough for the analysis to validate on a second thread: the TOML errors must
    // be exactly those of the single-threaded parse, and reported once each.
    let mut text = String::from("[project]\nscale = \"large\"\n");
    for i in 0..4000 {
        text.push_str(&format!("\n[services.svc-{i}]\nframework = \"flask\"\ndatabase = [\"postgresql\"]\n"));
    }
    text.push_str("\n[services.svc-3999]\nframework = \"django\"\n");
    text.push_str("\n[services.last]\nlanguage = \"python\"\nlanguage = \"ruby\"\n");
    assert!(text.len() > 256 * 1024, "{} bytes", text.len());
    let analysis = analyze(&text, &Catalogue::builtin_arc());
    let expected = stackls::analysis::syntax::parse(&text).errors;
    assert_eq!(analysis.tree.errors, expected);
    let messages: Vec<&str> =
        analysis.diagnostics.iter().filter(|d| d.rule == Rule::Syntax).map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["table `services.svc-3999` is defined twice", "duplicate key `language`"]);
    // The rules ran too: Flask at large scale, once, naming the services.
    let tradeoffs: Vec<&str> =
        analysis.diagnostics.iter().filter(|d| d.rule == Rule::Tradeoff).map(|d| d.message.as_str()).collect();
    assert!(tradeoffs.len() >= 4000, "{}", tradeoffs.len());
}

/// The corpus of realistic stacks (`tests/data/realistic/`): each file's findings, and beside
/// every finding one line (`  why: …`) saying why an experienced engineer agrees with it. A
/// file with no findings says why none is right. `UPDATE_EXPECT=1` rewrites the finding
/// lines, keeps the reasons of findings that stay, and marks new ones `why: TODO`, which
/// fails until a person writes the reason.
#[test]
fn realistic_stacks() {
    let catalogue = &Catalogue::builtin_arc();
    let config = Config { today: Some(Date { year: 2026, month: 11, day: 22 }), ..Config::default() };
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failed = Vec::new();
    let files = fixtures("realistic");
    assert!(files.len() >= 15, "the corpus has {} stacks, fewer than 15", files.len());
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("read");
        let analysis = analyze_with(&text, catalogue, &config);
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
            continue;
        }
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
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// One service context: a tradeoff's "Switch to …" fixes and the hover's "Better fits" on
/// the same value name the same technologies, in the same order (both come from the
/// service's context and what every service using the value can run).
#[test]
fn hover_better_fits_agree_with_switch_fixes() {
    let catalogue = &Catalogue::builtin_arc();
    let mut compared = 0;
    for path in ["diagnostics", "hover", "realistic"].into_iter().flat_map(fixtures) {
        let text = std::fs::read_to_string(&path).expect("read").replacen("$0", "", 1);
        let analysis = analyze(&text, catalogue);
        for d in
            analysis.diagnostics.iter().filter(|d| d.rule == Rule::Tradeoff && !d.message.contains(" — in service"))
        {
            // Only findings about the value as written (not an implied language).
            let Some((tech, _)) = analysis.technology_at(d.span.start) else { continue };
            if d.tech != Some(tech) {
                continue;
            }
            let switches: Vec<String> = d
                .fixes
                .iter()
                .filter_map(|f| f.title.strip_prefix("Switch to "))
                .map(|t| t.split(" (").next().unwrap_or(t).to_string())
                .collect();
            let hover = analysis.hover(d.span.start).map(|h| h.markdown).unwrap_or_default();
            let fits: Vec<String> = hover
                .lines()
                .find_map(|l| l.strip_prefix("**Better fits for this project**: "))
                .map(|l| l.split("), ").map(|t| t.split(" (").next().unwrap_or(t).to_string()).collect())
                .unwrap_or_default();
            assert_eq!(switches, fits, "{}: {}", path.display(), d.message);
            compared += 1;
        }
    }
    assert!(compared > 10, "only {compared} findings compared");
}
