//! Secrets never leave: a `.env` file's values (a `DATABASE_URL` password, user and host, an
//! API key) appear in no output of `init`, `check` (every format), the server's diagnostics
//! and hover, or the HTML report, while the database its URL names is found and shown as
//! `DATABASE_URL=postgres://…`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{pos_of, run_in, scratch, stderr, stdout, Client};

/// Every value of the `.env` below that must never be printed, whole or in part.
const SECRETS: &[&str] = &[
    "admin",
    "S3cretP4ss",
    "db.internal",
    "5432",
    "sslmode",
    "sk_live_9f8e7d6c5b4a",
    "Pw0rdXyz",
    "R3disPw",
    "cache.internal",
    "mongoUser",
    "M0ngoPw",
    "cluster0",
];

const ENV: &str = "\
# the service's settings
DATABASE_URL=postgres://admin:S3cretP4ss@db.internal:5432/app?sslmode=require
API_KEY=sk_live_9f8e7d6c5b4a
DB_PASSWORD=Pw0rdXyz
REDIS_URL=\"redis://:R3disPw@cache.internal:6379/0\"
ANALYTICS_URL=mongodb+srv://mongoUser:M0ngoPw@cluster0.example.net/app
";

/// A service's own `configs/config.yaml` (Kratos' layout) with the same secrets.
const CONFIG_YAML: &str = "\
data:
  database:
    driver: sqlite3
    source: admin:S3cretP4ss@tcp(db.internal:5432)/app?sslmode=require
  redis:
    addr: cache.internal:6379
    password: R3disPw
  mongodb:
    uri: \"mongodb+srv://mongoUser:M0ngoPw@cluster0.example.net/app\"
";

/// A declaration that drifts from the `.env`: it says MySQL, the URL says PostgreSQL.
const STACK: &str = "[stack]\nlanguage = \"python\"\nframework = \"flask\"\ndatabase = \"mysql\"\n";

fn project(test: &str) -> PathBuf {
    let dir = scratch(&format!("secrets-{test}"));
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    std::fs::write(dir.join(".env"), ENV).expect(".env");
    std::fs::create_dir_all(dir.join("configs")).expect("configs");
    std::fs::write(dir.join("configs/config.yaml"), CONFIG_YAML).expect("config.yaml");
    std::fs::write(dir.join("requirements.txt"), "flask==3.0.0\n").expect("requirements.txt");
    std::fs::write(dir.join("stack.toml"), STACK).expect("stack.toml");
    dir
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} prints `{secret}`:\n{text}");
    }
}

#[test]
fn init_prints_the_scheme_and_no_value() {
    let dir = project("init");
    let o = run_in(&dir, &["init", "--stdout", "."], None);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.contains("\"postgresql\"") && out.contains("DATABASE_URL=postgres://…"), "{out}");
    assert!(out.contains("\"redis\"") && out.contains("\"mongodb\""), "{out}");
    // The config file was read (its driver is evidence) and shows no value either.
    assert!(out.contains("configs/config.yaml:3 (data.database.driver: sqlite3)"), "{out}");
    assert_no_secret("init --stdout", &out);
    assert_no_secret("init's stderr", &err);
}

#[test]
fn check_shows_evidence_and_no_value_in_every_format() {
    let dir = project("check");
    for format in ["human", "json", "sarif", "github"] {
        let o = run_in(&dir, &["check", "--today", "2026-11-30", "--format", format, "stack.toml"], None);
        let (out, err) = (stdout(&o), stderr(&o));
        assert!(out.contains("drift") && out.contains("postgresql"), "{format}: no drift printed:\n{out}");
        assert_no_secret(&format!("check --format {format}"), &out);
        assert_no_secret(&format!("check --format {format} (stderr)"), &err);
    }
}

#[test]
fn the_report_shows_no_value() {
    let dir = project("report");
    let o = run_in(&dir, &["report", "--today", "2026-11-30", "stack.toml"], None);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.contains("<html") && out.contains("postgresql"), "{}", &out[..out.len().min(400)]);
    assert_no_secret("report", &out);
    assert_no_secret("report's stderr", &err);
}

#[test]
fn the_server_shows_no_value_in_diagnostics_or_hover() {
    let dir = project("server");
    let file = dir.join("stack.toml");
    let uri = format!("file://{}", file.display());
    let mut c = Client::vscode();
    let diags = c.open(&uri, STACK);
    let shown = serde_json::to_string(&diags).expect("json");
    assert!(diags.iter().any(|d| d["code"] == "drift"), "{shown}");
    assert_no_secret("diagnostics", &shown);
    for needle in ["\"mysql\"", "database", "\"flask\""] {
        let (line, col) = pos_of(STACK, needle, true);
        let hover: Value = c.hover(&uri, line, col + 1);
        assert_no_secret(&format!("hover on {needle}"), &hover.to_string());
    }
    let (line, col) = pos_of(STACK, "\"mysql\"", true);
    let actions = c.request(
        "textDocument/codeAction",
        serde_json::json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 7 } },
            "context": { "diagnostics": diags }
        }),
    );
    assert_no_secret("code actions", &actions.to_string());
    assert!(Path::new(&dir).join(".env").exists());
}
