//! `stackls init` judged on real open-source repositories. The ground truth is committed in
//! `tests/data/repos/<fixture>/EXPECTED.toml` (with `SOURCE.toml`: repository, commit, and each
//! file's git blob id); the projects' files are not (see that folder's README, and its `copy.py`
//! to lay copies out from clones). With copies as `$STACKLS_REAL_REPOS/<fixture>/…`,
//! `cargo test --test it real_repos -- --ignored --nocapture` runs `init --stdout` at each
//! fixture's root and measures, over all fixtures, what issue 24 judges:
//! - service precision: of the folders written as `[stack]`/`[services.*]`, how many are
//!   expected services; and recall: of the expected services, how many are written;
//! - facts: per matched service, its language, its framework (or none) and each database in
//!   either set, and the traps (`not`) written;
//! - pins: of the `id@cycle` pins the repository holds, how many are written.
//!
//! It prints a table per fixture and the totals, then asserts the issue's thresholds. A fixture
//! whose files are absent is skipped. The scoring itself is tested without copies below.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{run_in, stderr, stdout};

const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.90;
const MIN_FACTS: f64 = 0.95;
const MAX_FACT_TRAPS: usize = 1;
const MIN_PINS: f64 = 0.80;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/repos")
}

fn read_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A folder as written or expected: relative, `/`-separated, without `./` or a trailing `/`.
fn normal(path: &str) -> String {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

fn strings(value: Option<&toml::Value>) -> Vec<String> {
    match value {
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// One expected service of EXPECTED.toml.
#[derive(Debug)]
struct Expected {
    name: String,
    /// `path`, then the `also` folders that name the same service.
    paths: Vec<String>,
    language: Option<String>,
    framework: Option<String>,
    databases: BTreeSet<String>,
    traps: Vec<String>,
    pins: Vec<String>,
}

#[derive(Debug, Default)]
struct Truth {
    services: Vec<Expected>,
    not_services: BTreeSet<String>,
}

fn truth(table: &toml::Table) -> Truth {
    let one = |name: &str, t: &toml::Table| {
        let mut paths = vec![normal(t.get("path").and_then(|p| p.as_str()).unwrap_or("."))];
        paths.extend(strings(t.get("also")).iter().map(|p| normal(p)));
        Expected {
            name: name.to_string(),
            paths,
            language: t.get("language").and_then(|v| v.as_str()).map(str::to_string),
            framework: t.get("framework").and_then(|v| v.as_str()).map(str::to_string),
            databases: strings(t.get("databases")).into_iter().collect(),
            traps: strings(t.get("not")),
            pins: strings(t.get("pins")),
        }
    };
    let mut services = Vec::new();
    if let Some(t) = table.get("service").and_then(|v| v.as_table()) {
        services.push(one("service", t));
    }
    for (name, t) in table.get("services").and_then(|v| v.as_table()).into_iter().flatten() {
        if let Some(t) = t.as_table() {
            services.push(one(name, t));
        }
    }
    let not_services = strings(table.get("not_services")).iter().map(|p| normal(p)).collect();
    Truth { services, not_services }
}

/// One service as `init` wrote it: its folder and its values as (id, version) pairs.
#[derive(Debug)]
struct Written {
    path: String,
    language: Option<(String, Option<String>)>,
    framework: Option<(String, Option<String>)>,
    databases: Vec<(String, Option<String>)>,
}

fn split_version(value: &str) -> (String, Option<String>) {
    match value.split_once('@') {
        Some((id, v)) => (id.trim().to_string(), Some(v.trim().to_string())),
        None => (value.trim().to_string(), None),
    }
}

fn written(text: &str) -> Result<Vec<Written>, String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| format!("init wrote no TOML: {e}"))?;
    let one = |t: &toml::Table| Written {
        path: normal(t.get("path").and_then(|p| p.as_str()).unwrap_or(".")),
        language: t.get("language").and_then(|v| v.as_str()).map(split_version),
        framework: t.get("framework").and_then(|v| v.as_str()).map(split_version),
        databases: strings(t.get("database")).iter().map(|d| split_version(d)).collect(),
    };
    let mut out: Vec<Written> = doc.get("stack").and_then(|v| v.as_table()).map(one).into_iter().collect();
    for t in doc.get("services").and_then(|v| v.as_table()).into_iter().flat_map(|s| s.values()) {
        if let Some(t) = t.as_table() {
            out.push(one(t));
        }
    }
    Ok(out)
}

impl Written {
    fn values(&self) -> impl Iterator<Item = &(String, Option<String>)> {
        self.language.iter().chain(self.framework.iter()).chain(self.databases.iter())
    }
}

/// A pin `id@cycle` is written when the service has `id` with that cycle or a version in it.
fn pinned(w: &Written, pin: &str) -> bool {
    let (id, cycle) = split_version(pin);
    let cycle = cycle.unwrap_or_default();
    w.values().any(|(i, v)| {
        *i == id
            && v.as_deref().is_some_and(|v| v == cycle || v.strip_prefix(&cycle).is_some_and(|r| r.starts_with('.')))
    })
}

/// What one fixture scored, and why.
#[derive(Debug, Default)]
struct Score {
    expected: usize,
    written: usize,
    real: usize,
    facts: usize,
    facts_right: usize,
    fact_traps: usize,
    service_traps: usize,
    pins: usize,
    pins_found: usize,
    notes: Vec<String>,
}

fn id(v: &Option<(String, Option<String>)>) -> Option<&str> {
    v.as_ref().map(|(i, _)| i.as_str())
}

fn score(truth: &Truth, written: &[Written]) -> Score {
    let mut s = Score { expected: truth.services.len(), written: written.len(), ..Score::default() };
    // Each expected service takes the section written at its own `path`, else the first at one
    // of its `also` folders; any other section there writes it twice.
    let matched: Vec<Option<&Written>> = truth
        .services
        .iter()
        .map(|e| {
            written.iter().find(|w| w.path == e.paths[0]).or_else(|| written.iter().find(|w| e.paths.contains(&w.path)))
        })
        .collect();
    for w in written {
        let taken = matched.iter().any(|m| m.is_some_and(|m| std::ptr::eq(m, w)));
        match truth.services.iter().position(|e| e.paths.contains(&w.path)) {
            _ if taken => s.real += 1,
            Some(i) => s.notes.push(format!(
                "{} written twice: {} and {}",
                truth.services[i].name,
                matched[i].map_or("", |m| m.path.as_str()),
                w.path
            )),
            None if truth.not_services.contains(&w.path) => {
                s.service_traps += 1;
                s.notes.push(format!("not a service, written: {}", w.path));
            }
            None => s.notes.push(format!("unexpected service written: {}", w.path)),
        }
    }
    for (e, w) in truth.services.iter().zip(&matched) {
        s.pins += e.pins.len();
        let Some(w) = w else {
            s.notes.push(format!("service missed: {} ({})", e.name, e.paths[0]));
            if !e.pins.is_empty() {
                s.notes.push(format!("  pins missed with it: {}", e.pins.join(", ")));
            }
            continue;
        };
        let mut wrong = Vec::new();
        if let Some(lang) = &e.language {
            s.facts += 1;
            if id(&w.language) == Some(lang.as_str()) {
                s.facts_right += 1;
            } else {
                wrong.push(format!("language {:?}, expected {lang}", id(&w.language)));
            }
        }
        s.facts += 1;
        if id(&w.framework) == e.framework.as_deref() {
            s.facts_right += 1;
        } else {
            wrong.push(format!("framework {:?}, expected {:?}", id(&w.framework), e.framework));
        }
        let dbs: BTreeSet<String> = w.databases.iter().map(|(i, _)| i.clone()).collect();
        let both = e.databases.intersection(&dbs).count();
        let either = e.databases.union(&dbs).count();
        s.facts += either.max(1);
        s.facts_right += if either == 0 { 1 } else { both };
        if both < either {
            wrong.push(format!("databases {dbs:?}, expected {:?}", e.databases));
        }
        for trap in &e.traps {
            if w.values().any(|(i, _)| i == trap) {
                s.fact_traps += 1;
                wrong.push(format!("trap {trap}"));
            }
        }
        let missed: Vec<&str> = e.pins.iter().filter(|p| !pinned(w, p)).map(String::as_str).collect();
        s.pins_found += e.pins.len() - missed.len();
        if !missed.is_empty() {
            let got: Vec<String> = w.values().filter_map(|(i, v)| v.as_ref().map(|v| format!("{i}@{v}"))).collect();
            wrong.push(format!("pins missed {missed:?} (written {got:?})"));
        }
        if !wrong.is_empty() {
            s.notes.push(format!("{} ({}): {}", e.name, w.path, wrong.join("; ")));
        }
    }
    s
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn row(name: &str, s: &Score) -> String {
    format!(
        "{name:<32} {:>4} {:>5} {:>4} {:>6.0}% {:>6.0}% {:>4}/{:<4} {:>6.0}% {:>5} {:>5} {:>3}/{:<3} {:>4.0}%",
        s.expected,
        s.written,
        s.real,
        100.0 * ratio(s.real, s.written),
        100.0 * ratio(s.real, s.expected),
        s.facts_right,
        s.facts,
        100.0 * ratio(s.facts_right, s.facts),
        s.fact_traps,
        s.service_traps,
        s.pins_found,
        s.pins,
        100.0 * ratio(s.pins_found, s.pins),
    )
}

/// Every file SOURCE.toml lists is present with its size (copy.py checks the blob ids).
fn present(fixture: &Path, copy: &Path) -> bool {
    let source = read_toml(&fixture.join("SOURCE.toml"));
    source.get("files").and_then(|f| f.as_array()).into_iter().flatten().all(|f| {
        let path = f.get("path").and_then(|p| p.as_str()).unwrap_or("");
        let bytes = f.get("bytes").and_then(|b| b.as_integer()).unwrap_or(-1);
        std::fs::metadata(copy.join(path)).is_ok_and(|m| i64::try_from(m.len()).is_ok_and(|l| l == bytes))
    })
}

fn copies() -> (PathBuf, Vec<String>) {
    let root = PathBuf::from(std::env::var("STACKLS_REAL_REPOS").expect("STACKLS_REAL_REPOS: a folder of copies"));
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/data/repos")
        .flatten()
        .filter(|e| e.path().join("EXPECTED.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let ok = present(&fixtures_dir().join(n), &root.join(n));
            if !ok {
                eprintln!("{n}: skipped, its files are not all in {}", root.join(n).display());
            }
            ok
        })
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no repository copies found in {}", root.display());
    (root, names)
}

#[test]
#[ignore = "needs copies of the real repositories' files in $STACKLS_REAL_REPOS (tests/data/repos/copy.py)"]
fn init_on_real_repositories() {
    let (root, names) = copies();
    let mut report = format!(
        "{:<32} {:>4} {:>5} {:>4} {:>7} {:>7} {:>9} {:>7} {:>5} {:>5} {:>7} {:>5}\n",
        "fixture", "exp", "wrote", "real", "prec", "recall", "facts", "right", "traps", "notsv", "pins", "found"
    );
    let mut total = Score::default();
    let mut details = String::new();
    for name in &names {
        let truth = truth(&read_toml(&fixtures_dir().join(name).join("EXPECTED.toml")));
        let o = run_in(&root.join(name), &["init", "--stdout", "."], None);
        let s = match written(&stdout(&o)) {
            Ok(w) => score(&truth, &w),
            Err(e) => Score { notes: vec![e, stderr(&o)], ..score(&truth, &[]) },
        };
        report.push_str(&row(name, &s));
        report.push('\n');
        for note in &s.notes {
            let _ = writeln!(details, "{name}: {note}");
        }
        total.expected += s.expected;
        total.written += s.written;
        total.real += s.real;
        total.facts += s.facts;
        total.facts_right += s.facts_right;
        total.fact_traps += s.fact_traps;
        total.service_traps += s.service_traps;
        total.pins += s.pins;
        total.pins_found += s.pins_found;
    }
    report.push_str(&row("TOTAL", &total));
    println!("{report}\n{details}");
    let precision = ratio(total.real, total.written);
    let recall = ratio(total.real, total.expected);
    let facts = ratio(total.facts_right, total.facts);
    let pins = ratio(total.pins_found, total.pins);
    let mut failed = Vec::new();
    if precision < MIN_PRECISION {
        failed.push(format!("service precision {:.0}% < {:.0}%", 100.0 * precision, 100.0 * MIN_PRECISION));
    }
    if recall < MIN_RECALL {
        failed.push(format!("service recall {:.0}% < {:.0}%", 100.0 * recall, 100.0 * MIN_RECALL));
    }
    if facts < MIN_FACTS {
        failed.push(format!("facts right {:.0}% < {:.0}%", 100.0 * facts, 100.0 * MIN_FACTS));
    }
    if total.fact_traps > MAX_FACT_TRAPS {
        failed.push(format!("{} traps written, at most {MAX_FACT_TRAPS}", total.fact_traps));
    }
    if pins < MIN_PINS {
        failed.push(format!("pins found {:.0}% < {:.0}%", 100.0 * pins, 100.0 * MIN_PINS));
    }
    assert!(failed.is_empty(), "{} (the table and the reasons are printed above)", failed.join("; "));
}

/// A deliberately wrong framework declared for each expected service, in a stack file at the
/// repository's root as `init` writes one (`[services.x] path = …`), gets `drift` naming the
/// real one as its replacement (a service reaching its framework through a library of the
/// repository included).
#[test]
#[ignore = "needs copies of the real repositories' files in $STACKLS_REAL_REPOS (tests/data/repos/copy.py)"]
fn drift_on_real_repositories() {
    let (root, names) = copies();
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in &names {
        let truth = truth(&read_toml(&fixtures_dir().join(name).join("EXPECTED.toml")));
        for e in &truth.services {
            let Some(fw) = &e.framework else { continue };
            let wrong = if fw == "flask" { "django" } else { "flask" };
            let at_root = format!("[services.checked]\npath = \"{}\"\nframework = \"{wrong}\"\n", e.paths[0]);
            let dir = root.join(name);
            let stack = dir.join("stackls-drift-check.stack.toml");
            std::fs::write(&stack, at_root).expect("write");
            let o = run_in(&dir, &["check", "--format", "json", "stackls-drift-check.stack.toml"], None);
            let _ = std::fs::remove_file(&stack);
            let json: Value = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
            let found = json["files"][0]["diagnostics"].as_array().cloned().unwrap_or_default();
            let replaced = found.iter().any(|d| {
                d["code"] == "drift"
                    && d["suggestions"].as_array().is_some_and(|s| {
                        s.iter()
                            .any(|s| s["title"].as_str().is_some_and(|t| t.starts_with(&format!("Replace with {fw} "))))
                    })
            });
            checked += 1;
            if !replaced {
                failures.push(format!("{name}/{}: no drift replacing {wrong} with {fw}\n{}", e.name, stderr(&o)));
            }
        }
    }
    assert!(checked > 0, "no service with a framework in the copies");
    assert!(failures.is_empty(), "{} of {checked} services:\n{}", failures.len(), failures.join("\n"));
}

/// The scoring, on a ground truth and an init output written here: a nested service named by
/// `also`, a test project taken for a service, a missed service, a trap, a wrong database and
/// a pin found by a version inside its cycle.
#[test]
fn real_repository_scoring() {
    let truth = truth(
        &toml::from_str(
            r#"
not_services = ["api/tests"]
[services.api]
path = "api"
also = ["api/src"]
language = "c#"
framework = "asp.net-core"
databases = ["postgresql"]
not = ["mysql"]
pins = ["asp.net-core@10", "postgresql@17"]
[services.worker]
path = "./worker/"
language = "python"
pins = ["python@3.13"]
"#,
        )
        .expect("TOML"),
    );
    let init = r#"
[project]
[services.src]
path = "api/src"
language = "c#"
framework = "asp.net-core@10.0.1"  # a version in cycle 10
database = ["postgresql@16", "mysql"]
[services.tests]
path = "api/tests"
language = "c#"
[services.api]
path = "api"
language = "c#"
"#;
    let s = score(&truth, &written(init).expect("TOML"));
    // api/src is api written a second time: the section at `path` is the one judged.
    assert_eq!((s.expected, s.written, s.real, s.service_traps), (2, 3, 1, 1), "{s:#?}");
    assert!(s.notes.iter().any(|n| n == "api written twice: api and api/src"), "{s:#?}");
    // language right; no framework written; databases none written.
    assert_eq!((s.facts_right, s.facts, s.fact_traps), (1, 3, 0), "{s:#?}");
    assert_eq!((s.pins_found, s.pins), (0, 3), "{s:#?}");
    let s = score(&truth, &written(init.split("[services.api]").next().unwrap_or("")).expect("TOML"));
    assert_eq!((s.expected, s.written, s.real, s.service_traps), (2, 2, 1, 1), "{s:#?}");
    // language and framework right; databases: postgresql right, mysql wrong (and a trap).
    assert_eq!((s.facts_right, s.facts, s.fact_traps), (3, 4, 1), "{s:#?}");
    assert_eq!((s.pins_found, s.pins), (1, 3), "{s:#?}");
    assert!(s.notes.iter().any(|n| n.starts_with("service missed: worker")), "{s:#?}");
    assert!(written("[stack]\nlanguage = \"go@1.26\"\n").is_ok_and(|w| w[0].path == "." && pinned(&w[0], "go@1.26")));
    assert!(written("[stack]\nlanguage = \"go@1.2\"\n").is_ok_and(|w| !pinned(&w[0], "go@1.26")));
}
