//! Versions and end of life end to end: the real `stackls check --today`, the real server
//! (completion after `@`, the hover table, inlay hints), and user catalogues that add or
//! override lifecycle data.
//!
//! Dates and cycles come from the data (`data/lifecycle.toml`, through the catalogue), never
//! quoted: a refresh of the data moves them, not the judgments these tests are about.

use std::sync::Arc;

use serde_json::{json, Value};

use stackls::analysis::{analyze_with, Config, Date, Severity};
use stackls::catalogue::{Catalogue, Cycle, Product};

use crate::support::{json_findings, pos_of, run_in, scratch, stderr, stdout, Client};

/// A technology's release cycles in the built-in lifecycle data.
fn product(tech: &str) -> &'static Product {
    let catalogue = Catalogue::builtin();
    let product = catalogue.lookup(tech).and_then(|t| catalogue.product_of(t));
    product.unwrap_or_else(|| panic!("no lifecycle data for {tech}"))
}

/// A release cycle of a technology in the built-in lifecycle data.
fn cycle(tech: &str, cycle: &str) -> &'static Cycle {
    product(tech).cycles.iter().find(|c| c.cycle == cycle).unwrap_or_else(|| panic!("{tech} has no cycle {cycle}"))
}

/// A cycle's end-of-life date in the data.
fn eol(tech: &str, name: &str) -> Date {
    cycle(tech, name).eol.date().unwrap_or_else(|| panic!("{tech} {name} has no end-of-life date"))
}

/// The issue's judged cases, as of 2026-11-30, through the real command line.
const JUDGED: &str = r#"[services.web]
framework = "django@4.2"

[services.api]
language = "node.js@20"
framework = "express"

[services.dotnet]
framework = "asp.net-core@8"

[services.ml]
language = "python@3.14"
framework = "fastapi"

[services.billing]
language = "java@21"
framework = "spring-boot@4.0"

[services.legacy]
language = "python@3.8"
framework = "django@5.2"

[services.bad]
framework = "django@9.9"
database = "mongodb@four"
"#;

#[test]
fn check_judges_versions_as_of_the_given_day() {
    let dir = scratch("lifecycle-judged");
    std::fs::write(dir.join("stack.toml"), JUDGED).unwrap();
    let today = Date::new(2026, 11, 30).expect("a date");
    let o = run_in(&dir, &["check", "--today", &today.to_string(), "--format", "json"], None);
    assert_eq!(o.status.code(), Some(1), "errors: the mismatch and the bad versions\n{}", stderr(&o));
    let json: Value = serde_json::from_str(&stdout(&o)).expect("JSON output");
    let found = json_findings(&json);
    let has = |code: &str, severity: &str, message: &str| {
        assert!(
            found.iter().any(|(c, s, m)| c == code && s == severity && m == message),
            "no {severity}[{code}] {message}\n{found:#?}"
        );
    };
    has(
        "end-of-life",
        "warning",
        &format!(
            "Django 4.2 reached end of life on {}; 5.2 (LTS) is supported until {}",
            eol("django", "4.2"),
            eol("django", "5.2")
        ),
    );
    has(
        "end-of-life",
        "warning",
        &format!(
            "Node.js 20 reached end of life on {}; 26 (LTS) is supported until {}",
            eol("node.js", "20"),
            eol("node.js", "26")
        ),
    );
    has(
        "end-of-life",
        "warning",
        &format!(
            "ASP.NET Core 8 reached end of life on {}; 10 (LTS) is supported until {}",
            eol("asp.net-core", "8"),
            eol("asp.net-core", "10")
        ),
    );
    let spring = eol("spring-boot", "4.0");
    has(
        "end-of-life",
        "hint",
        &format!(
            "Spring Boot 4.0 reaches end of life on {spring}, in {} days; 4.1 is supported until {}",
            today.days_until(spring),
            eol("spring-boot", "4.1")
        ),
    );
    let python = cycle("django", "5.2").requires.iter().find(|r| r.tech == "python").expect("5.2 states Python");
    has(
        "version-mismatch",
        "error",
        &format!("Django 5.2 supports Python {}; this service declares `python@3.8`", python.describe()),
    );
    let newest: Vec<&str> = product("django").newest_first().iter().take(3).map(|c| c.cycle.as_str()).collect();
    assert!(
        found.iter().any(|(c, s, m)| c == "unknown-version"
            && s == "error"
            && m.starts_with("Django has no release cycle `9.9`")
            && m.contains(&newest.join(", "))),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|(c, _, m)| c == "unknown-version" && m.starts_with("`four` is not a version")),
        "{found:#?}"
    );
    // Python 3.14 (and Java 21, Express, FastAPI) say nothing about versions.
    assert!(!found.iter().any(|(_, _, m)| m.contains("Python 3.14") || m.contains("Java 21")), "{found:#?}");

    // Other days, other findings: 82 days before Django 4.2's end it was a hint; the day after
    // Python 3.14's end, that is past too.
    let django = eol("django", "4.2");
    let o = run_in(&dir, &["check", "--today", &django.plus_days(-82).to_string(), "--format", "json"], None);
    let earlier = json_findings(&serde_json::from_str(&stdout(&o)).expect("JSON output"));
    let hint = format!("Django 4.2 reaches end of life on {django}, in 82 days");
    assert!(earlier.iter().any(|(c, s, m)| c == "end-of-life" && s == "hint" && m.starts_with(&hint)), "{earlier:#?}");
    let python = eol("python", "3.14");
    let o = run_in(&dir, &["check", "--today", &python.plus_days(1).to_string(), "--format", "json"], None);
    let later = json_findings(&serde_json::from_str(&stdout(&o)).expect("JSON output"));
    let ended = format!("Python 3.14 reached end of life on {python}");
    assert!(later.iter().any(|(c, _, m)| c == "end-of-life" && m.starts_with(&ended)), "{later:#?}");

    // A malformed date is a usage error, before anything is checked.
    let o = run_in(&dir, &["check", "--today", "2026-02-30"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`2026-02-30` is not a date"), "{}", stderr(&o));
}

/// A user catalogue adds lifecycle data for its own technology and replaces a product's in
/// the same shape as `data/lifecycle.toml`.
#[test]
fn a_user_catalogue_adds_and_overrides_lifecycle_data() {
    let user = r#"
[sources.acme-wiki]
title = "ACME platform support policy"
publisher = "ACME"
url = "https://wiki.acme.example/support"

[[technology]]
id = "acmedb"
name = "AcmeDB"
kind = "database"
lifecycle = "acmedb"

[lifecycle.acmedb]
name = "AcmeDB"
source = "acme-wiki"
cycles = [
  { cycle = "3", lts = true, released = 2026-01-10, eol = 2029-01-10 },
  { cycle = "2", released = 2024-01-10, eol = 2026-06-30 },
]

[lifecycle.django]
name = "Django (ACME extended support)"
source = "acme-wiki"
cycles = [
  { cycle = "4.2", lts = true, released = 2023-04-03, eol = 2027-12-31 },
]
"#;
    let (catalogue, errors) = Catalogue::with_user_files(&[("acme.toml", user)]);
    assert!(errors.is_empty(), "{errors:?}");
    let catalogue = Arc::new(catalogue);
    let config = Config { today: Date::new(2026, 11, 30), ..Config::default() };
    let text = "[stack]\nframework = \"django@4.2\"\ndatabase = \"acmedb@2\"\n";
    let analysis = analyze_with(text, &catalogue, &config);
    let messages: Vec<(Severity, &str)> =
        analysis.diagnostics.iter().map(|d| (d.severity, d.message.as_str())).collect();
    assert_eq!(
        messages,
        [(Severity::Warning, "AcmeDB 2 reached end of life on 2026-06-30; 3 (LTS) is supported until 2029-01-10")],
        "Django 4.2 is supported until 2027-12-31 by the override"
    );
    // The built-in catalogue is untouched by it.
    let builtin = analyze_with(text.replace("acmedb@2", "redis").as_str(), &Catalogue::builtin_arc(), &config);
    assert!(builtin.diagnostics.iter().any(|d| d.message.starts_with("Django 4.2 reached end of life")));

    // Bad lifecycle data in a user file is reported on that file, and the rest still loads:
    // a date that is none, a requirement that is no version range or names no technology,
    // an unknown source, a cycle listed twice.
    let not_a_date = "[lifecycle.x]\nname = \"X\"\ncycles = [{ cycle = \"1\", eol = \"soon\" }]\n";
    let not_a_range = "[lifecycle.y]\nname = \"Y\"\ncycles = [{ cycle = \"1\", requires = { python = \"three\" } }]\n";
    let no_such_tech = "[lifecycle.w]\nname = \"W\"\ncycles = [{ cycle = \"1\", requires = { jakartaee = \"11\" } }]\n";
    let unchecked =
        "[lifecycle.z]\nname = \"Z\"\nsource = \"no-such-source\"\ncycles = [{ cycle = \"2\" }, { cycle = \"2\" }]\n";
    for (file, text, expected) in [
        ("x.toml", not_a_date, "invalid type: string \"soon\""),
        ("y.toml", not_a_range, "lifecycle `y`: cycle 1: requires: "),
        ("w.toml", no_such_tech, "lifecycle `w`: cycle 1: requires: `jakartaee` is not a technology of the catalogue"),
        ("z.toml", unchecked, "lifecycle `z`: unknown source `no-such-source`"),
        ("z.toml", unchecked, "lifecycle `z`: cycle `2` is listed twice"),
    ] {
        let (catalogue, errors) = Catalogue::with_user_files(&[(file, text)]);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            messages.iter().any(|m| m.starts_with(file) && m.contains(expected)),
            "{file}: no error containing {expected:?}: {messages:?}"
        );
        assert!(catalogue.product("django").is_some(), "the built-in data stays");
    }
    // A requirement names a technology by id or alias, and is matched by its id.
    let aliased = "[lifecycle.v]\nname = \"V\"\ncycles = [{ cycle = \"1\", requires = { NodeJS = \">= 20\" } }]\n";
    let (catalogue, errors) = Catalogue::with_user_files(&[("v.toml", aliased)]);
    assert!(errors.is_empty(), "{errors:?}");
    let cycle = &catalogue.product("v").expect("v").cycles[0];
    assert!(cycle.unmet("node.js", "18").is_some() && cycle.unmet("node.js", "22").is_none());
    // A user product without a source of its own or in its file cites nothing, rather than
    // the built-in data's source.
    let (catalogue, _) =
        Catalogue::with_user_files(&[("z.toml", unchecked.replace("source = \"no-such-source\"\n", "").as_str())]);
    assert_eq!(catalogue.product("z").map(|p| p.source.clone()), Some(None));
}

#[test]
fn completion_after_at_lists_the_cycles_newest_first_with_their_status() {
    let text = "[stack]\nframework = \"django@\"\n";
    let mut c = Client::vscode();
    c.open("file:///p/stack.toml", text);
    let (line, col) = pos_of(text, "django@", true);
    let items = c.completion("file:///p/stack.toml", line, col + 7);
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    // Every cycle of the data, newest first.
    let django = product("django");
    assert_eq!(labels.len(), django.cycles.len(), "every cycle: {labels:?}");
    let released: Vec<Option<Date>> = labels.iter().map(|l| cycle("django", l).released).collect();
    assert!(released.windows(2).all(|w| w[0] >= w[1]), "newest first: {labels:?}");
    let detail = |label: &str| -> String {
        let item = items.iter().find(|i| i["label"] == label).expect(label);
        item["detail"].as_str().unwrap_or_default().to_string()
    };
    // The server's clock decides the status; 5.2's wording changes at its end of life, its
    // date does not.
    let end = eol("django", "5.2").to_string();
    assert!(detail("5.2").starts_with("LTS, ") && detail("5.2").contains(&end), "{}", detail("5.2"));
    assert_eq!(detail("4.2"), format!("LTS, end of life since {}", eol("django", "4.2")));
    // The edit replaces what follows `@`, and nothing else.
    let item = items.iter().find(|i| i["label"] == "5.2").expect("5.2");
    let edit = &item["textEdit"];
    assert_eq!(edit["newText"], "5.2");
    assert_eq!(edit["range"]["start"], json!({ "line": line, "character": col + 7 }));
    // A technology without lifecycle data completes nothing after `@`.
    c.did_change("file:///p/stack.toml", 2, "[stack]\nframework = \"flask@\"\n");
    assert_eq!(c.completion("file:///p/stack.toml", 1, 19), Vec::<Value>::new());
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn hover_shows_the_lifecycle_table_and_inlay_hints_the_end_of_life() {
    let uri = "file:///p/stack.toml";
    let text = "[stack]\nlanguage = \"python@3.12\"\nframework = \"django@4.2.11\"\ndatabase = \"postgresql\"\n";
    let mut c = Client::neovim();
    c.open(uri, text);
    let (line, col) = pos_of(text, "\"django@", true);
    let md = c.hover(uri, line, col + 2)["contents"]["value"].as_str().unwrap_or_default().to_string();
    assert!(md.contains("**Version `4.2.11`**"), "{md}");
    assert!(md.contains("| cycle | released | active support until | end of life | LTS |"), "{md}");
    let (old, new) = (cycle("django", "4.2"), cycle("django", "5.2"));
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let row = format!(
        "| ▶ **4.2** | **{}** | **{} (passed)** | **{} (passed)** | **yes** |",
        date(old.released),
        date(old.support.date()),
        date(old.eol.date())
    );
    assert!(md.contains(&row), "{row}\n{md}");
    assert!(md.contains(&format!("| 5.2 | {} |", date(new.released))), "{md}");
    let data = Catalogue::builtin().lifecycle_data().and_then(|d| d.date).expect("the data's date");
    assert!(md.contains(&format!("data of {data}")) && md.contains("<https://endoflife.date/django>"), "{md}");
    let ended = format!("Django 4.2 reached end of life on {}", date(old.eol.date()));
    assert!(md.contains(&ended), "the finding heads the hover:\n{md}");
    // Unversioned: the cycles supported today, no mark.
    let (line, col) = pos_of(text, "\"postgresql\"", true);
    let md = c.hover(uri, line, col + 2)["contents"]["value"].as_str().unwrap_or_default().to_string();
    let released = date(cycle("postgresql", "18").released);
    assert!(
        md.contains("**Supported release cycles**")
            && md.contains(&format!("| 18 | {released} |"))
            && !md.contains('▶'),
        "{md}"
    );
    // Inlay hints: the end of life after each versioned value.
    let hints = c.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 4, "character": 0 } } }),
    );
    let labels: Vec<(u64, String)> = hints
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| (h["position"]["line"].as_u64().unwrap_or(0), h["label"].as_str().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(labels, [(1, format!("EOL {}", eol("python", "3.12"))), (2, format!("EOL {}", eol("django", "4.2")))]);
    assert_eq!(c.shutdown(), Some(0));
}

/// `stackls explain ID@VERSION` prints the release cycles with that cycle marked.
#[test]
fn explain_marks_the_declared_cycle() {
    let dir = scratch("lifecycle-explain");
    let o = run_in(&dir, &["explain", "django@4.2.11"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Version 4.2.11"), "{text}");
    let marked: Vec<&str> = text.lines().filter(|l| l.starts_with("> ")).collect();
    assert_eq!(marked.len(), 1, "{text}");
    assert!(marked[0].starts_with("> 4.2 ") && marked[0].contains(&eol("django", "4.2").to_string()), "{text}");
    let o = run_in(&dir, &["explain", "flask@3.0"], None);
    assert!(stdout(&o).contains("no release cycles or end-of-life dates for Flask"), "{}", stdout(&o));
}

/// The editor's `lint.endOfLifeWindow` reaches the server: 0 days silences the hint of an end
/// still ahead, a wide window shows it. The end is 30 days from the server's own clock (a
/// catalogue beside the file replaces Spring Boot's cycles), so the test holds on any day.
#[test]
fn the_end_of_life_window_setting_reaches_the_server() {
    let dir = scratch("lifecycle-window");
    let end = stackls::clock::today().plus_days(30);
    std::fs::write(
        dir.join("stack-catalogue.toml"),
        format!("[lifecycle.spring-boot]\nname = \"Spring Boot\"\ncycles = [{{ cycle = \"4.0\", eol = {end} }}]\n"),
    )
    .unwrap();
    let uri = format!("file://{}/stack.toml", dir.display());
    let text = "[stack]\nframework = \"spring-boot@4.0\"\n";
    let mut c = Client::vscode();
    let hint = |diags: &[Value]| diags.iter().any(|d| d["code"] == "end-of-life" && d["severity"] == 4);
    assert!(hint(&c.open(&uri, text)), "within the default 180 days");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "stackls": { "lint": { "endOfLifeWindow": 0 } } } }),
    );
    let diags = c.diagnostics(&uri, Some(1));
    assert!(!hint(&diags), "{diags:#?}");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "stackls": { "lint": { "endOfLifeWindow": 3650 } } } }),
    );
    let diags = c.diagnostics(&uri, Some(1));
    assert!(hint(&diags), "a ten-year window shows the end ahead: {diags:#?}");
    assert_eq!(c.shutdown(), Some(0));
}
