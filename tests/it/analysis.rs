//! Properties of the analysis over every fixture (`tests/data/<feature>/`) and example at
//! once; each fixture's expected output is checked by the `fixtures` target
//! (tests/fixtures.rs), one test per file.

use stackls::analysis::{analyze, Rule, Symbol};
use stackls::catalogue::Catalogue;

use crate::support::{examples, fixtures, inside, quick_fix_problems, read_fixture};

/// Every quick fix on every fixture and example, applied, removes the finding it was
/// offered for, breaks no TOML and brings no new error-level finding (the check is
/// `support::quick_fix_problems`, which the property corpus uses too).
#[test]
fn quick_fixes_remove_their_finding() {
    let catalogue = &Catalogue::builtin_arc();
    let mut checked = 0;
    let mut broken = Vec::new();
    let paths = ["diagnostics", "hover", "completion", "symbols", "realistic"].into_iter().flat_map(fixtures);
    for path in paths.chain(examples()) {
        let (applied, problems) = quick_fix_problems(&read_fixture(&path).text, catalogue, usize::MAX);
        broken.extend(problems.into_iter().map(|p| format!("{}: {p}", path.display())));
        checked += applied;
    }
    assert!(broken.is_empty(), "fixes that break the file:\n{}", broken.join("\n"));
    // The corpora offer dozens of fixes: a handful would mean fixes are no longer offered.
    assert!(checked > 20, "only {checked} fixes checked");
}

/// The examples shipped in `examples/` analyse without syntax errors.
#[test]
fn examples_are_valid_toml() {
    for path in examples() {
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
    for feature in ["diagnostics", "hover", "completion", "symbols"] {
        for path in fixtures(feature) {
            let text = read_fixture(&path).text;
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
    // 256 KiB is where the analysis starts validating on a second thread.
    assert!(text.len() > 256 * 1024, "{} bytes", text.len());
    let analysis = analyze(&text, &Catalogue::builtin_arc());
    let expected = stackls::analysis::syntax::parse(&text).errors;
    assert_eq!(analysis.tree.errors, expected);
    let messages: Vec<&str> =
        analysis.diagnostics.iter().filter(|d| d.rule == Rule::Syntax).map(|d| d.message.as_str()).collect();
    // The second `[services.svc-3999]` and the two `language` keys of the last service.
    assert_eq!(messages, ["table `services.svc-3999` is defined twice", "duplicate key `language`"]);
    // The rules ran too: Flask at large scale, once per service (each declares Flask
    // itself), so at least one tradeoff for each of the 4,000 services.
    let tradeoffs: Vec<&str> =
        analysis.diagnostics.iter().filter(|d| d.rule == Rule::Tradeoff).map(|d| d.message.as_str()).collect();
    assert!(tradeoffs.len() >= 4000, "{}", tradeoffs.len());
}

/// One service context: a tradeoff's "Switch to …" fixes and the hover's "Better fits" on
/// the same value name the same technologies, in the same order (both come from the
/// service's context and what every service using the value can run).
#[test]
fn hover_better_fits_agree_with_switch_fixes() {
    let catalogue = &Catalogue::builtin_arc();
    let mut compared = 0;
    for path in ["diagnostics", "hover", "realistic"].into_iter().flat_map(fixtures) {
        let text = read_fixture(&path).text;
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
    // The fixtures hold dozens of such findings: a handful would mean the comparison no
    // longer finds the better fits it is about.
    assert!(compared > 10, "only {compared} findings compared");
}
