//! `stackls init` on real open-source back ends: the ground truth is committed in
//! `tests/data/repos/<name>/EXPECTED.toml` (with `SOURCE.toml`: repository, commit, and each
//! manifest's git blob id), the manifests themselves are not (they are the projects' files,
//! not ours to commit). With copies laid out as `$STACKLS_REAL_REPOS/<name>/…` (each file
//! checked against its blob id), `cargo test --test it real_repos -- --ignored` checks that
//! init names each service's language, framework and databases and none of its traps, and
//! that a deliberately wrong declaration gets `drift` with the right replacement.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{run_in, stderr, stdout};

fn expected(name: &str) -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/repos").join(name).join("EXPECTED.toml");
    toml::from_str(&std::fs::read_to_string(&path).expect("EXPECTED.toml")).expect("EXPECTED.toml is TOML")
}

/// The values `init` wrote, without its comments: `language = "go@1.22"` → ("language", "go").
fn written(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines().map(|l| l.split(" # ").next().unwrap_or("").trim()) {
        if line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').map_or(("", line), |(k, v)| (k.trim(), v.trim()));
        for v in value.split(',') {
            let v = v.trim().trim_matches(|c| c == '[' || c == ']' || c == '"');
            if !v.is_empty() {
                out.push((key.to_string(), v.split('@').next().unwrap_or(v).to_string()));
            }
        }
    }
    out
}

#[test]
#[ignore = "needs copies of the real repositories' manifests in $STACKLS_REAL_REPOS"]
fn init_on_real_back_ends() {
    let root = PathBuf::from(std::env::var("STACKLS_REAL_REPOS").expect("STACKLS_REAL_REPOS: a folder of copies"));
    let mut failures = Vec::new();
    let mut checked = 0;
    let names = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/repos")).expect("repos");
    for entry in names.flatten().filter(|e| e.path().is_dir()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let expect = expected(&name);
        let services: Vec<(String, &toml::Table)> = match (expect.get("service"), expect.get("services")) {
            (Some(toml::Value::Table(t)), _) => vec![("service".into(), t)],
            (_, Some(toml::Value::Table(all))) => {
                all.iter().filter_map(|(k, v)| v.as_table().map(|t| (k.clone(), t))).collect()
            }
            _ => continue,
        };
        for (service, e) in services {
            let dir = root.join(&name).join(e.get("path").and_then(|p| p.as_str()).unwrap_or("."));
            let o = run_in(&dir, &["init", "--stdout", "."], None);
            let values = written(&stdout(&o));
            let has = |v: &str| values.iter().any(|(_, w)| w == v);
            let mut problems = Vec::new();
            for key in ["language", "framework"] {
                if let Some(v) = e.get(key).and_then(|v| v.as_str()) {
                    if !has(v) {
                        problems.push(format!("no {key} {v}"));
                    }
                }
            }
            for db in e.get("databases").and_then(|d| d.as_array()).into_iter().flatten().filter_map(|d| d.as_str()) {
                if !has(db) {
                    problems.push(format!("no database {db}"));
                }
            }
            for trap in e.get("not").and_then(|d| d.as_array()).into_iter().flatten().filter_map(|d| d.as_str()) {
                if has(trap) {
                    problems.push(format!("trap {trap}"));
                }
            }
            // A wrong framework beside the real one: drift names the replacement.
            if let Some(fw) = e.get("framework").and_then(|v| v.as_str()) {
                let wrong = if fw == "flask" { "django" } else { "flask" };
                let stack = dir.join("stackls-drift-check.stack.toml");
                std::fs::write(&stack, format!("[stack]\nframework = \"{wrong}\"\n")).expect("write");
                let o = run_in(&dir, &["check", "--format", "json", "stackls-drift-check.stack.toml"], None);
                let _ = std::fs::remove_file(&stack);
                let json: Value = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
                let found = json["files"][0]["diagnostics"].as_array().cloned().unwrap_or_default();
                let replaced = found.iter().any(|d| {
                    d["code"] == "drift"
                        && d["suggestions"].as_array().is_some_and(|s| {
                            s.iter().any(|s| {
                                s["title"].as_str().is_some_and(|t| t.starts_with(&format!("Replace with {fw} ")))
                            })
                        })
                });
                if !replaced {
                    problems.push(format!("no drift replacing {wrong} with {fw}"));
                }
            }
            checked += 1;
            if !problems.is_empty() {
                failures.push(format!("{name}/{service}: {}\n{}", problems.join("; "), stderr(&o)));
            }
        }
    }
    assert!(checked > 0, "no repository copies found in {}", root.display());
    assert!(failures.is_empty(), "{} of {checked} services:\n{}", failures.len(), failures.join("\n"));
}
