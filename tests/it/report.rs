//! `stackls report`: what the page is built from (the fit matrix, the timeline, the findings
//! by service) through the library, and the command through the real binary. The page in a
//! real browser is `tests/report/run.sh` (the `editors` target).

use stackls::analysis::{analyze_with, Config, Date};
use stackls::catalogue::Catalogue;
use stackls::report::{Meta, Report, State};

use crate::support::{run_in, scratch, stderr, stdout};

const TODAY: &str = "2026-11-30";

fn today() -> Date {
    Date::parse(TODAY).unwrap()
}

/// The state of each (service, column) cell, as `service × key=value → state`.
fn cells(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for card in &report.services {
        for (column, cell) in report.columns.iter().zip(&card.cells) {
            let name = card.name.unwrap_or("[stack]");
            out.push(format!("{name} × {}={} → {}", column.key.key(), column.value, cell.state.as_str()));
        }
    }
    out
}

#[test]
fn the_fit_matrix_follows_each_services_findings_and_context() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/platform.stack.toml")).unwrap();
    let config = Config { today: Some(today()), ..Config::default() };
    let analysis = analyze_with(&text, &Catalogue::builtin_arc(), &config);
    let meta = Meta { file: "platform.stack.toml", version: "test", today: today() };
    let report = Report::new(&analysis, &meta);
    let names: Vec<_> = report.services.iter().map(|c| c.name.unwrap_or("[stack]")).collect();
    assert_eq!(names, ["gateway", "seats", "pricing", "billing"]);
    let got = cells(&report);
    // Express and FastAPI at large scale; Python with cpu-intensive, which only pricing
    // declares (seats' own high-concurrency is nobody else's column); billing fits.
    for expected in [
        "gateway × scale=large → conflict",
        "pricing × scale=large → conflict",
        "pricing × requirements=cpu-intensive → conflict",
        "seats × requirements=high-concurrency → fits",
        "seats × requirements=cpu-intensive → n/a",
        "gateway × requirements=high-concurrency → n/a",
        "seats × scale=large → fits",
        "billing × scale=large → fits",
        "gateway × use-cases=real-time → fits",
    ] {
        assert!(got.iter().any(|c| c == expected), "{expected} not in {got:#?}");
    }
    assert!(report.services[3].cells.iter().all(|c| matches!(c.state, State::Fits | State::NotApplicable)));
    // The conflict cells carry the findings `check` reports.
    let pricing = &report.services[2];
    let cpu = report.columns.iter().position(|c| c.value == "cpu-intensive").unwrap();
    let messages: Vec<&str> = pricing.cells[cpu].findings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["Python: slower execution than some compiled languages (requirements include cpu-intensive)"]
    );
    // `allow = ["use-case-fit"]` in the file: no note anywhere.
    assert!(report.services.iter().flat_map(|c| &c.cells).all(|c| c.state != State::Note));
    // Inherited values are marked; the implied language too.
    let billing = &report.services[3];
    let lines: Vec<String> = billing
        .techs
        .iter()
        .map(|t| {
            format!(
                "{} {}{}{}",
                t.role,
                t.name,
                if t.inherited { " (inherited)" } else { "" },
                if t.implied { " (implied)" } else { "" }
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "language Java (implied)",
            "framework Spring Boot",
            "database Microsoft SQL Server",
            "server Nginx (inherited)"
        ]
    );
    // Findings go under the services they concern, by rule, with their sources.
    let titles: Vec<&str> = report.groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(titles, ["Service gateway", "Service pricing"]);
    assert!(report.groups.iter().flat_map(|g| &g.rules).flat_map(|(_, e)| e).all(|e| !e.sources.is_empty()));
    assert!(report.sources.iter().any(|s| s.id == "scopic-2024"));
}

#[test]
fn a_stack_value_shared_by_services_is_one_bar_and_a_hint_is_a_note() {
    let text = "[project]\nscale = \"large\"\nuse-cases = [\"real-time\"]\n\
        [stack]\nlanguage = \"python@3.9\"\n\
        [services.api]\nframework = \"django@5.2\"\n\
        [services.worker]\nframework = \"fastapi\"\nuse-cases = [\"ai-ml\"]\n\
        [services.edge]\nlanguage = \"node.js@22\"\nframework = \"hono@4\"\n";
    let config = Config { today: Some(today()), ..Config::default() };
    let analysis = analyze_with(text, &Catalogue::builtin_arc(), &config);
    let meta = Meta { file: "s.stack.toml", version: "test", today: today() };
    let report = Report::new(&analysis, &meta);
    let bars: Vec<String> = report
        .bars
        .iter()
        .map(|b| {
            format!(
                "{} in {} for {:?}: known {} past {}",
                b.label,
                b.declared_in.unwrap_or("[stack]"),
                b.services,
                b.known,
                b.past
            )
        })
        .collect();
    assert_eq!(
        bars,
        [
            "Python 3.9 in [stack] for [\"api\", \"worker\"]: known true past true",
            "Django 5.2 in api for [\"api\"]: known true past false",
            "Node.js 22 in edge for [\"edge\"]: known true past false",
            "Hono 4 in edge for [\"edge\"]: known false past false",
        ]
    );
    assert_eq!(report.counts.past_end_of_life, 1);
    let got = cells(&report);
    // Django has no real-time use case: a hint, so a note; the worker's own ai-ml is its
    // column alone.
    for expected in
        ["api × use-cases=real-time → note", "api × use-cases=ai-ml → n/a", "worker × use-cases=ai-ml → fits"]
    {
        assert!(got.iter().any(|c| c == expected), "{expected} not in {got:#?}");
    }
}

#[test]
fn report_writes_one_self_contained_page() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run_in(root, &["report", "examples/storefront.stack.toml", "--today", TODAY], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..page.len().min(200)]);
    assert!(page.contains("Content-Security-Policy"));
    // Nothing to fetch: no script, no external stylesheet, font or image.
    for banned in ["<script", "<link", "<img", "src=", "url(", "@import"] {
        assert!(!page.contains(banned), "the page contains {banned}");
    }
    assert!(page.contains("Flask: scalability challenges in large, complex projects (scale = large)"));
    assert!(page.contains(r#"data-state="conflict""#));
    assert!(page.contains(r##"href="#source-"##), "claims link their sources");
    // The same date as check: the footer says it.
    assert!(page.contains(&format!("on {TODAY}")));
    // The rule levels of check apply: with tradeoff allowed, nothing is a conflict.
    let o = run_in(root, &["report", "examples/storefront.stack.toml", "--today", TODAY, "-A", "tradeoff"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains(r#"data-state="conflict""#) && stdout(&o).contains(r#"data-state="note""#));
    // Standard input works as for check.
    let o = run_in(root, &["report", "-", "--today", TODAY], Some("[stack]\nframework = \"koa\"\n"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(r#"data-service="[stack]""#));
}

#[test]
fn report_to_a_file_from_a_folder_escapes_what_the_file_says() {
    let dir = scratch("report-cli");
    std::fs::write(
        dir.join("stack.toml"),
        "[project]\nname = \"<script>alert(1)</script>\"\ndescription = \"a & b\"\n[stack]\nframework = \"flask\"\n",
    )
    .unwrap();
    let o = run_in(&dir, &["report", ".", "-o", "out.html", "--today", TODAY], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "the page goes to the file only");
    assert!(stderr(&o).contains("wrote out.html"));
    let page = std::fs::read_to_string(dir.join("out.html")).unwrap();
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("a &amp; b"));
}

#[test]
fn report_on_broken_or_missing_input_says_so() {
    let dir = scratch("report-broken");
    // Invalid TOML still gets a page, with the syntax error among the findings.
    std::fs::write(dir.join("stack.toml"), "[project\nscale = \"large\"\n\u{0}\u{1}").unwrap();
    let o = run_in(&dir, &["report", "--today", TODAY], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(r#"data-rule="syntax""#));
    // Missing file, a folder without a stack file, a bad date: usage errors, nothing written.
    let o = run_in(&dir, &["report", "nope.toml", "-o", "x.html"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read nope.toml"), "{}", stderr(&o));
    assert!(!dir.join("x.html").exists());
    let empty = scratch("report-empty");
    let o = run_in(&empty, &["report", "."], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no stack.toml"), "{}", stderr(&o));
    let o = run_in(&dir, &["report", "--today", "30/11/2026"], None);
    assert_eq!(o.status.code(), Some(2));
    // An output folder that does not exist: a clear error.
    let o = run_in(&dir, &["report", "-o", "no/such/dir/out.html"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write no/such/dir/out.html"), "{}", stderr(&o));
}
