//! `stackls check` output formats (snapshots), SARIF validity, the JSON Schema, and the
//! command line's handling of directories, stdin and flags — all through the real binary.
//! (`explain` is tested in cli.rs.)

use std::path::{Path, PathBuf};

use serde_json::Value;
use stackls::analysis::Rule;
use stackls::catalogue::Catalogue;

use crate::support::{examples, run_in, scratch, stdout};

const SAMPLE: &str = r#"[project]
scale = "large"
use-cases = ["ai-ml"]

[stack]
framework = "flask"

[services.api]
language = "java"
framework = "django"
server = "ngnix"
"#;

fn sample_dir(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("stack.toml"), SAMPLE).unwrap();
    dir
}

#[test]
fn human_output() {
    let dir = sample_dir("fmt-human");
    let o = run_in(&dir, &["check", "stack.toml"], None);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn json_output() {
    let dir = sample_dir("fmt-json");
    let o = run_in(&dir, &["check", "--format", "json", "stack.toml"], None);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    // The language mismatch and the unknown server `ngnix`.
    assert_eq!(v["summary"]["errors"], 2);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let dir = sample_dir("fmt-sarif");
    let o = run_in(&dir, &["check", "--format", "sarif", "stack.toml"], None);
    assert_eq!(o.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let schema: Value = serde_json::from_str(include_str!("../data/schemas/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("SARIF schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    // One SARIF rule per stackls rule, each with its documentation.
    assert_eq!(rules.len(), Rule::ALL.len());
    assert!(rules
        .iter()
        .all(|r| r["helpUri"].as_str().is_some_and(|u| u.starts_with("https://")) && r["help"]["text"].is_string()));
    insta::assert_snapshot!(stdout(&o));
}

/// Code scanning tracks an alert by its `partialFingerprints`: every result has one, each is
/// distinct, and unrelated edits (lines added above, a new service below, a comment) keep
/// every fingerprint, while the finding moves to other lines.
#[test]
fn sarif_fingerprints_survive_unrelated_edits() {
    let dir = sample_dir("fmt-sarif-fingerprints");
    let results = |dir: &std::path::Path| -> Vec<(String, String, u64)> {
        let o = run_in(dir, &["check", "--format", "sarif", "stack.toml"], None);
        let log: Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                let region = &r["locations"][0]["physicalLocation"]["region"];
                assert!(region["startLine"].is_u64() && region["startColumn"].is_u64(), "a physical location: {r}");
                let print = r["partialFingerprints"]["stackls/v1"].as_str().expect("a fingerprint").to_string();
                (
                    r["message"]["text"].as_str().unwrap_or_default().to_string(),
                    print,
                    region["startLine"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let before = results(&dir);
    assert!(before.len() >= 3, "{before:?}");
    let mut prints: Vec<&str> = before.iter().map(|(_, p, _)| p.as_str()).collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), before.len(), "fingerprints are distinct: {before:?}");
    // Comments above, a comment on a table's header, a multi-line string with a line that
    // looks like a header (three more lines after line 3), a table below.
    let sample = SAMPLE
        .replace("[services.api]\n", "[services.api]  # owned by the platform team\n")
        .replace("use-cases = [\"ai-ml\"]\n", "use-cases = [\"ai-ml\"]\ndescription = \"\"\"\n[draft] notes\n\"\"\"\n");
    let edited =
        format!("# Our stack.\n\n# Reviewed in November.\n{sample}\n[services.unrelated]\nframework = \"fastapi\"\n");
    std::fs::write(dir.join("stack.toml"), edited).expect("write");
    let after = results(&dir);
    for (message, print, line) in &before {
        let moved =
            after.iter().find(|(m, _, _)| m == message).unwrap_or_else(|| panic!("{message} is gone: {after:?}"));
        assert_eq!(&moved.1, print, "{message}: same fingerprint");
        let shift = if *line > 3 { 6 } else { 3 };
        assert_eq!(moved.2, line + shift, "{message}: {shift} lines further down");
    }
}

#[test]
fn github_output() {
    let dir = sample_dir("fmt-github");
    let o = run_in(&dir, &["check", "--format", "github", "stack.toml"], None);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn directories_are_searched_honouring_gitignore() {
    let dir = scratch("fmt-dirs");
    std::fs::create_dir_all(dir.join("svc/a")).unwrap();
    std::fs::create_dir_all(dir.join("build")).unwrap();
    std::fs::write(dir.join("stack.toml"), "[stack]\nframework = \"flask\"\n").unwrap();
    std::fs::write(dir.join("svc/a/api.stack.toml"), "[stack]\nframework = \"flsk\"\n").unwrap();
    std::fs::write(dir.join("svc/a/Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    std::fs::write(dir.join("build/stack.toml"), "[stack]\nframework = \"nope\"\n").unwrap();
    std::fs::write(dir.join(".gitignore"), "build/\n").unwrap();
    let o = run_in(&dir, &["check", "."], None);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("api.stack.toml:2:13"), "{text}");
    assert!(!text.contains("build"), "ignored folder was checked: {text}");
    assert!(!text.contains("Cargo.toml"), "{text}");
    assert!(text.ends_with("1 error, 0 warnings in 2 files\n"), "{text}");

    let empty = scratch("fmt-empty");
    let o = run_in(&empty, &["check", "."], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no stack.toml"));
}

#[test]
fn stdin_with_a_file_name() {
    let dir = scratch("fmt-stdin");
    let o =
        run_in(&dir, &["check", "-", "--stdin-filename", "deploy/stack.toml"], Some("[stack]\nframework = \"flsk\"\n"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("--> deploy/stack.toml:2:13"), "{}", stdout(&o));
    let o = run_in(&dir, &["check", "-"], Some("[stack]\nframework = \"flask\"\n"));
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("0 errors, 0 warnings in 1 file"));
}

#[test]
fn flags_change_levels_exit_codes_and_output() {
    let dir = scratch("fmt-flags");
    std::fs::write(dir.join("stack.toml"), "[project]\nscale = \"large\"\n[stack]\nframework = \"flask\"\n").unwrap();
    assert_eq!(run_in(&dir, &["check"], None).status.code(), Some(0));
    assert_eq!(run_in(&dir, &["check", "--error-on-warnings"], None).status.code(), Some(1));
    assert_eq!(run_in(&dir, &["check", "-D", "tradeoff"], None).status.code(), Some(1));
    assert_eq!(
        run_in(&dir, &["check", "-D", "tradeoff", "--allow", "tradeoff"], None).status.code(),
        Some(0),
        "later flag wins"
    );
    let o = run_in(&dir, &["check", "-A", "tradeoff"], None);
    assert!(stdout(&o).starts_with("0 errors, 0 warnings in 1 file"), "{}", stdout(&o));
    let o = run_in(&dir, &["check", "--quiet"], None);
    assert!(stdout(&o).contains("warning[tradeoff]") && !stdout(&o).contains("in 1 file"), "{}", stdout(&o));
    let o = run_in(&dir, &["check", "-A", "trade-off"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown rule `trade-off`"));
    assert_eq!(run_in(&dir, &["check", "-A", "syntax"], None).status.code(), Some(2));
    // [lint] in the file is overridden by the flag.
    std::fs::write(
        dir.join("stack.toml"),
        "[project]\nscale = \"large\"\n[stack]\nframework = \"flask\"\n[lint]\ndeny = [\"tradeoff\"]\n",
    )
    .unwrap();
    assert_eq!(run_in(&dir, &["check"], None).status.code(), Some(1));
    assert_eq!(run_in(&dir, &["check", "-W", "tradeoff"], None).status.code(), Some(0));
}

#[test]
fn catalogue_lists_technologies() {
    let dir = scratch("fmt-cat");
    let o = run_in(&dir, &["catalogue"], None);
    let text = stdout(&o);
    assert!(text.contains("frameworks:") && text.contains("flask") && text.contains("web servers:"), "{text}");
    let o = run_in(&dir, &["list", "--format", "json"], None);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    // Every technology of the built-in catalogue, once each.
    let mut listed: Vec<&str> = v.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    listed.sort();
    let mut ids: Vec<&str> = Catalogue::builtin().technologies.iter().map(|t| t.id.as_str()).collect();
    ids.sort();
    assert_eq!(listed, ids);
    assert!(v.as_array().unwrap().iter().any(|t| t["id"] == "ruby-on-rails" && t["aliases"][0] == "rails"));
}

fn schema() -> Value {
    let o = run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["schema"], None);
    serde_json::from_slice(&o.stdout).expect("schema is JSON")
}

#[test]
fn the_json_schema_accepts_valid_files_and_rejects_invalid_ones() {
    let schema = schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles as draft 2020-12");
    for path in examples() {
        let doc: Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    // A version after `@` on a known name (id or alias, including `c#` and `asp.net`).
    for good in [
        "[stack]\nframework = \"django@4.2.11\"\ndatabase = [\"postgres@16\", \"redis\"]\n",
        "[stack]\nlanguage = \"c#@12\"\nframework = \"asp.net@8.0\"\n",
    ] {
        let doc: Value = toml::from_str(good).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "rejected: {good}: {errors:?}");
    }
    for bad in [
        "[project]\nscale = \"huge\"\n",
        "[stack]\nframwork = \"flask\"\n",
        "[services.api]\nframework = \"flsk\"\n",
        "[stack]\nframework = \"django@latest\"\n",
        "[stack]\nframework = \"djangox@4.2\"\n",
    ] {
        let doc: Value = toml::from_str(bad).unwrap();
        assert!(!validator.is_valid(&doc), "accepted: {bad}");
    }
    let scale = &schema["$defs"]["scale"]["anyOf"];
    assert!(scale.as_array().unwrap().iter().any(|v| v["const"] == "enterprise" && v["description"].is_string()));
}

#[test]
fn the_published_schema_file_is_current() {
    let published =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/stack.schema.json")).unwrap();
    let published: Value = serde_json::from_str(&published).unwrap();
    assert!(
        published == schema(),
        "schema/stack.schema.json is stale: run `cargo run -- schema > schema/stack.schema.json`"
    );
}
