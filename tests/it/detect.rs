//! Detection end to end, through the real binary: `stackls init` on repositories written as
//! real projects write them (with the issue's traps), `drift` in `stackls check` and in the
//! server, and manifests that are bad input.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{json_findings, pos_of, run_in, scratch, stderr, stdout, Client};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/detect").join(name)
}

/// A copy of a fixture in a scratch folder of the test's own (a `.git` marks the
/// repository's root): tests run in parallel.
fn copy(name: &str, test: &str) -> PathBuf {
    let dir = scratch(&format!("detect-{test}-{name}"));
    copy_dir(&fixture(name), &dir);
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn init(dir: &Path) -> (String, String, Option<i32>) {
    let o = run_in(dir, &["init", "--stdout", "."], None);
    (stdout(&o), stderr(&o), o.status.code())
}

/// (code, severity, message) of `stackls check --format json` on `stack.toml`.
fn check(dir: &Path) -> Vec<(String, String, String)> {
    let o = run_in(dir, &["check", "--today", "2026-11-30", "--format", "json", "stack.toml"], None);
    let json: Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    json_findings(&json)
}

fn drift(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().filter(|(c, _, _)| c == "drift").map(|(_, _, m)| m.as_str()).collect()
}

#[test]
fn init_names_the_stack_and_none_of_the_traps() {
    // (fixture, what the file must say, what it must not)
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "django-shop",
            &[
                "[stack]",
                "language = \"python\"",
                "framework = \"django@5.2\"",
                "\"postgresql\"",
                "\"redis\"",
                "requirements.txt:2 (Django==5.2.3)",
            ],
            // mysqlclient is a development requirement; express a front end's dev dependency.
            &["mysql", "express", "node.js", "[services."],
        ),
        (
            "nest-api",
            &["framework = \"nestjs\"", "language = \"node.js\"", "database = \"postgresql\""],
            // Express comes with @nestjs/platform-express; sqlite3 is for tests; dist/ is
            // build output (koa, mongodb there are stale).
            &["express", "sqlite", "koa", "mongodb"],
        ),
        (
            "rails-app",
            &["framework = \"ruby-on-rails@7.1\"", "language = \"ruby@3.3\"", "\"postgresql\"", "\"redis\""],
            // `spring` is Rails' preloader; sqlite3 is in the development/test group.
            &["spring-boot", "sqlite"],
        ),
        (
            "gin-api",
            &["framework = \"gin\"", "language = \"go@1.22\"", "database = \"redis\""],
            // lib/pq is only an indirect requirement.
            &["postgresql"],
        ),
        (
            "spring-kotlin",
            &["language = \"kotlin\"", "framework = \"spring-boot@3.5\"", "database = \"postgresql\""],
            // h2 is test-scoped; the Kotlin sources make it Kotlin, not Java.
            &["h2", "\"java"],
        ),
        (
            "monorepo",
            &[
                "[services.api]",
                "path = \"services/api\"",
                "framework = \"fastapi\"",
                "[services.worker]",
                "path = \"services/worker\"",
                "language = \"go@1.23\"",
            ],
            // services/web is a front end (React without a back-end framework).
            &["[services.web]", "[stack]"],
        ),
        (
            "pinned-python",
            // The version file wins over the Dockerfile's `ARG` default and the minimum
            // requires-python; compose tags give the databases' cycles (SQL Server by its label).
            &["language = \"python@3.11\"", ".python-version:1 (3.11)", "\"postgresql@16\"", "\"sql-server@17.0\""],
            &["python@3.12", "python@3.9"],
        ),
        (
            "pinned-dotnet",
            // TargetFramework gives ASP.NET Core's cycle: not Swashbuckle's version, nor the
            // SDK of global.json, which builds older targets too.
            &["framework = \"asp.net-core@8\""],
            &["asp.net-core@6", "asp.net-core@9"],
        ),
        (
            "dotnet-solution",
            &[
                "[services.Shop-Web]",
                "path = \"src/Shop.Web\"",
                // The cycle from the Web project's TargetFramework.
                "framework = \"asp.net-core@9\"",
                // Through the library the Web project references, with the library's evidence.
                "database = \"postgresql\"",
                "src/Shop.Data/Shop.Data.csproj:6",
            ],
            // The library, the test project (and its MongoDB container), the solution and the
            // central package versions are not services.
            &["Shop.Data\"", "Tests", "mongodb", "path = \".\""],
        ),
        (
            "cargo-workspace",
            &[
                "[services.server]",
                "path = \"crates/server\"",
                // The workspace root's rust-toolchain.toml pins the member's Rust.
                "language = \"rust@1.85\"",
                "framework = \"actix-web\"",
                // Through the libraries: actix-web from the api crate, PostgreSQL from the
                // feature the workspace root gives the db crate's diesel.
                "crates/api/Cargo.toml:7 (actix-web = { workspace = true })",
                "database = \"postgresql\"",
                "Cargo.toml:8 (diesel = { version = \"2.2.6\", features = [\"postgres\", \"chrono\"] })",
            ],
            // Libraries (one with a tool binary others use), a proc-macro crate, a fuzz
            // target, an example with its own main.rs, the workspace root.
            &[
                "[services.api]",
                "[services.db]",
                "[services.utils]",
                "macros",
                "fuzz",
                "demo",
                "axum",
                "redis",
                "[stack]",
            ],
        ),
        (
            "go-service-folders",
            // One Go module, a service per folder with its own command and config.yaml.
            &[
                "[services.cart-service]",
                "path = \"app/cart/service\"",
                "language = \"go@1.22\"",
                "app/cart/service/configs/config.yaml:3 (data.mongodb.uri: mongodb://…)",
                "[services.order-service]",
                "app/order/service/configs/config.yaml:3 (data.database.driver: mysql)",
            ],
            // Not the module root, and no value from the configs.
            &["[stack]", "path = \".\"", "admin", "root:pw"],
        ),
        (
            "compose-builds",
            &[
                "[services.api]",
                "path = \"api\"",
                "framework = \"flask",
                "deploy/docker-compose.yml:10 (image: postgres:16.4)",
                "[services.worker]",
                "language = \"go@1.23\"",
                "database = [",
            ],
            // The front end the compose file also builds; the CI and test compose files'
            // databases; the folders of compose files alone.
            &["[services.web]", "react", "mysql", "mongodb", "[services.deploy]", "[services.ci]"],
        ),
    ];
    for (name, has, not) in cases {
        let dir = copy(name, "init_names_the_stack_and_none_of_the_traps");
        std::fs::remove_file(dir.join("stack.toml")).ok();
        let (text, log, code) = init(&dir);
        assert_eq!(code, Some(0), "{name}: {log}");
        for h in *has {
            assert!(text.contains(h), "{name}: no `{h}` in\n{text}\n{log}");
        }
        for n in *not {
            let values: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .map(|l| l.split('#').next().unwrap_or(""))
                .collect();
            assert!(!values.contains(n), "{name}: `{n}` in\n{text}");
        }
        // What it writes checks cleanly against the same code: no error, no drift.
        std::fs::write(dir.join("stack.toml"), &text).expect("write");
        let found = check(&dir);
        assert!(
            !found.iter().any(|(c, s, _)| s == "error" || c == "drift"),
            "{name}: the generated file is not clean:\n{found:#?}\n{text}"
        );
    }
}

/// What is not a service is counted on one line, by what it is.
#[test]
fn init_counts_what_it_left_out() {
    for (name, line) in [
        ("dotnet-solution", "left out 1 test project, 1 library, 1 workspace root: not services"),
        ("cargo-workspace", "left out 1 fuzz target, 1 example, 4 libraries, 1 workspace root: not services"),
        ("compose-builds", "left out 1 front end, 3 folders naming no back end: not services"),
    ] {
        let dir = copy(name, "init_counts_what_it_left_out");
        let (_, log, code) = init(&dir);
        assert_eq!(code, Some(0), "{name}: {log}");
        assert!(log.lines().any(|l| l == line), "{name}: no `{line}` in\n{log}");
        assert_eq!(log.lines().filter(|l| l.starts_with("left out")).count(), 1, "{name}: {log}");
    }
}

/// What `.gitignore` leaves out is not the repository's code: never read.
#[test]
fn ignored_folders_are_not_read() {
    let dir = copy("monorepo", "ignored_folders_are_not_read");
    std::fs::write(dir.join(".gitignore"), "legacy/\n").expect("write");
    std::fs::create_dir_all(dir.join("legacy/old-api")).expect("mkdir");
    std::fs::write(dir.join("legacy/old-api/requirements.txt"), "flask==1.1.4\npymongo==3.12\n").expect("write");
    std::fs::remove_file(dir.join("stack.toml")).ok();
    let (text, log, code) = init(&dir);
    assert_eq!(code, Some(0), "{log}");
    assert!(!text.contains("flask") && !text.contains("mongodb") && !log.contains("legacy"), "{text}\n{log}");
    assert!(text.contains("[services.api]"), "{text}");
}

#[test]
fn init_never_replaces_a_file_unless_forced() {
    let dir = copy("gin-api", "init_never_replaces_a_file_unless_forced");
    let before = std::fs::read_to_string(dir.join("stack.toml")).expect("stack.toml");
    let o = run_in(&dir, &["init"], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("exists") && stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.join("stack.toml")).expect("stack.toml"), before);
    let o = run_in(&dir, &["init", "--force"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(dir.join("stack.toml")).expect("stack.toml");
    assert!(after.contains("framework = \"gin\"") && after != before, "{after}");
    assert!(stderr(&o).contains("wrote"), "{}", stderr(&o));
}

#[test]
fn drift_reports_what_the_manifests_contradict() {
    let found = check(&copy("django-shop", "drift_reports_what_the_manifests_contradict"));
    let d = drift(&found);
    assert!(d.contains(&"requirements.txt declares django, not flask"), "{found:#?}");
    assert!(d.iter().any(|m| m.starts_with("the code uses redis (requirements.txt:5 (redis==5.0.8))")), "{found:#?}");
    assert!(!d.iter().any(|m| m.contains("mysql") || m.contains("express") || m.contains("node.js")), "{found:#?}");

    let found = check(&copy("nest-api", "drift_reports_what_the_manifests_contradict"));
    assert_eq!(drift(&found), ["package.json declares nestjs, not express"], "{found:#?}");

    let found = check(&copy("rails-app", "drift_reports_what_the_manifests_contradict"));
    let d = drift(&found);
    assert_eq!(d.len(), 1, "{found:#?}");
    assert!(d[0].contains("pins ruby-on-rails 7.1.3.4, not 7.0"), "{found:#?}");

    // Nothing to say where the declaration is right (lib/pq is indirect).
    assert_eq!(drift(&check(&copy("gin-api", "drift_reports_what_the_manifests_contradict"))), Vec::<&str>::new());

    let found = check(&copy("spring-kotlin", "drift_reports_what_the_manifests_contradict"));
    let d = drift(&found);
    assert_eq!(d.len(), 1, "{found:#?}");
    assert!(
        d[0].starts_with("the code is kotlin (pom.xml:") && d[0].ends_with("kotlin-stdlib</artifactId>)), not java"),
        "{found:#?}"
    );

    // --no-detect reads nothing.
    let dir = copy("django-shop", "drift_reports_what_the_manifests_contradict");
    let o = run_in(&dir, &["check", "--no-detect", "--format", "json", "stack.toml"], None);
    assert!(!stdout(&o).contains("\"drift\""), "{}", stdout(&o));
}

#[test]
fn drift_fixes_replace_or_declare() {
    let dir = copy("django-shop", "drift_fixes_replace_or_declare");
    let o = run_in(&dir, &["check", "--format", "json", "stack.toml"], None);
    let json: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let diags = json["files"][0]["diagnostics"].as_array().expect("diagnostics").clone();
    let titles: Vec<String> = diags
        .iter()
        .filter(|d| d["code"] == "drift")
        .flat_map(|d| d["suggestions"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s["title"].as_str().map(str::to_string))
        .collect();
    assert!(titles.iter().any(|t| t.starts_with("Replace with django (requirements.txt:2")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Declare redis (requirements.txt:5")), "{titles:?}");

    // Each fix, applied, removes its finding and brings no error; all of them leave no drift.
    let text = std::fs::read_to_string(dir.join("stack.toml")).expect("stack.toml");
    let mut all = text.clone();
    let mut fixes: Vec<(usize, usize, String)> = Vec::new();
    for d in diags.iter().filter(|d| d["code"] == "drift") {
        let Some(first) = d["suggestions"].as_array().and_then(|s| s.first()) else { continue };
        for e in first["edits"].as_array().expect("edits") {
            let at = |k: &str| e["range"][k]["offset"].as_u64().expect("offset") as usize;
            let (start, end, new) = (at("start"), at("end"), e["text"].as_str().expect("text").to_string());
            let mut one = text.clone();
            one.replace_range(start..end, &new);
            std::fs::write(dir.join("stack.toml"), &one).expect("write");
            let after = check(&dir);
            assert!(
                !after.iter().any(|(c, _, m)| c == "drift" && *m == d["message"]),
                "{:?} stays:\n{one}",
                d["message"]
            );
            assert!(!after.iter().any(|(_, s, _)| s == "error"), "{after:#?}\n{one}");
            fixes.push((start, end, new));
        }
    }
    fixes.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (start, end, new) in fixes {
        all.replace_range(start..end, &new);
    }
    std::fs::write(dir.join("stack.toml"), &all).expect("write");
    let after = check(&dir);
    assert!(!after.iter().any(|(c, _, _)| c == "drift"), "{after:#?}\n{all}");
}

#[test]
fn paths_stay_inside_the_repository() {
    let dir = scratch("detect-paths");
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    std::fs::create_dir_all(dir.join("api")).expect("api");
    std::fs::write(dir.join("api/requirements.txt"), "flask==3.0.3\n").expect("write");
    let outside = scratch("detect-paths-outside");
    std::fs::write(outside.join("requirements.txt"), "django==5.2\n").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join("linked")).expect("symlink");
    let text = "[services.a]\npath = \"/etc\"\n\n[services.b]\npath = \"../x\"\n\n[services.c]\npath = \"linked\"\nframework = \"flask\"\n\n[services.d]\npath = \"nowhere\"\n\n[services.e]\npath = \"api\"\nframework = \"flask\"\n";
    std::fs::write(dir.join("stack.toml"), text).expect("write");
    let found = check(&dir);
    let has = |code: &str, needle: &str| found.iter().any(|(c, _, m)| c == code && m.contains(needle));
    assert!(has("invalid-value", "`path = \"/etc\"` is absolute"), "{found:#?}");
    assert!(has("invalid-value", "`path = \"../x\"` leaves the repository"), "{found:#?}");
    #[cfg(unix)]
    assert!(has("invalid-value", "leaves the repository (through a symlink)"), "{found:#?}");
    assert!(has("drift", "`nowhere` does not exist"), "{found:#?}");
    // The folder outside was never read: nothing about Django anywhere.
    assert!(!found.iter().any(|(_, _, m)| m.contains("django")), "{found:#?}");
    // The one real folder agrees with its declaration.
    assert!(!found.iter().any(|(c, _, m)| c == "drift" && m.contains("flask")), "{found:#?}");
}

#[test]
fn bad_manifests_are_notes_never_hangs_or_crashes() {
    let dir = scratch("detect-bad");
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    for sub in ["json", "fifo", "big", "loop", "binary", "deep", "ok"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
    }
    std::fs::write(dir.join("json/package.json"), "{ \"dependencies\": { \"express\": ").expect("write");
    std::fs::write(dir.join("big/requirements.txt"), "django==5.2\n".repeat(200_000)).expect("write");
    std::fs::write(dir.join("binary/pom.xml"), [0u8, 159, 146, 150, 0xff, 0xfe, 0, 1]).expect("write");
    std::fs::write(dir.join("deep/package.json"), format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)))
        .expect("write");
    std::fs::write(dir.join("ok/go.mod"), "module x\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n")
        .expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("loop"), dir.join("loop/again")).expect("symlink loop");
        let fifo = dir.join("fifo/package.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    }
    let services: String = ["json", "fifo", "big", "loop", "binary", "deep", "ok"]
        .iter()
        .map(|s| format!("[services.{s}]\npath = \"{s}\"\nframework = \"gin\"\n\n"))
        .collect();
    std::fs::write(dir.join("stack.toml"), services).expect("write");
    let started = std::time::Instant::now();
    let o = run_in(&dir, &["check", "--format", "json", "stack.toml"], None);
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "no hang");
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let json: Value = serde_json::from_str(&stdout(&o)).expect("JSON output");
    assert!(json["files"][0]["diagnostics"].is_array());
    // init says what it skipped, and still writes the one good service.
    let o = run_in(&dir, &["init", "--stdout", "."], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let log = stderr(&o);
    assert!(stdout(&o).contains("framework = \"gin\""), "{}", stdout(&o));
    assert!(log.contains("big/requirements.txt") && log.contains("not read"), "{log}");
    assert!(log.contains("json/package.json"), "{log}");
}

/// The server: drift on open, "Found in" on hover, go to definition to the manifest line, and
/// a manifest read again only when it changes.
#[test]
fn the_server_follows_the_manifests() {
    let dir = copy("django-shop", "the_server_follows_the_manifests");
    let file = dir.join("stack.toml");
    let uri = format!("file://{}", file.display());
    let text = std::fs::read_to_string(&file).expect("stack.toml");
    let mut c = Client::vscode();
    let diags = c.open(&uri, &text);
    let drift: Vec<&Value> = diags.iter().filter(|d| d["code"] == "drift").collect();
    assert!(drift.iter().any(|d| d["message"] == "requirements.txt declares django, not flask"), "{diags:#?}");
    // Hover on the database value: where PostgreSQL was found.
    let (line, col) = pos_of(&text, "\"postgresql\"", true);
    let md = c.hover(&uri, line, col + 2)["contents"]["value"].as_str().unwrap_or_default().to_string();
    assert!(md.contains("**Found in** requirements.txt:4 (psycopg2-binary==2.9.9"), "{md}");
    // Go to definition opens requirements.txt at that line.
    let def = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": col + 2 } }),
    );
    let link = &def[0];
    assert!(link["targetUri"].as_str().is_some_and(|u| u.ends_with("/requirements.txt")), "{def}");
    assert_eq!(link["targetRange"]["start"]["line"], 3, "{def}");

    // The manifest changes on disk with its size and modification time kept: an edit of the
    // stack file reuses what was read, so the old reading stands.
    let manifest = dir.join("requirements.txt");
    let old = std::fs::read_to_string(&manifest).expect("requirements.txt");
    let mtime = std::fs::metadata(&manifest).and_then(|m| m.modified()).expect("mtime");
    let swapped = old.replace("Django==5.2.3", "Flask==5.2.33");
    assert_eq!(swapped.len(), old.len());
    std::fs::write(&manifest, &swapped).expect("write");
    std::fs::File::options().write(true).open(&manifest).and_then(|f| f.set_modified(mtime)).expect("set mtime");
    let edited = text.replace("scale = \"medium\"", "scale = \"large\"");
    c.did_change(&uri, 2, &edited);
    let diags = c.diagnostics(&uri, Some(2));
    assert!(diags.iter().any(|d| d["message"] == "requirements.txt declares django, not flask"), "{diags:#?}");
    // The watcher reports the change: read again, and Flask agrees with the declaration.
    std::fs::File::options()
        .write(true)
        .open(&manifest)
        .and_then(|f| f.set_modified(mtime + std::time::Duration::from_secs(5)))
        .expect("touch");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": format!("file://{}", manifest.display()), "type": 2 }] }),
    );
    let diags = c.diagnostics(&uri, None);
    assert!(
        !diags.iter().any(|d| d["code"] == "drift" && d["message"].as_str().unwrap_or("").contains("flask")),
        "{diags:#?}"
    );
    assert_eq!(c.shutdown(), Some(0));
}

/// A version the repository pins is judged by `end-of-life` where the stack file declares
/// none, with the pin as evidence; a declared cycle the pin contradicts is `drift`.
#[test]
fn pinned_versions_are_judged_by_check() {
    let dir = scratch("detect-pinned-versions-are-judged");
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    std::fs::write(dir.join(".nvmrc"), "v18\n").expect("write");
    std::fs::write(dir.join("package.json"), r#"{ "dependencies": { "express": "^4.21.2" } }"#).expect("write");
    std::fs::write(dir.join("stack.toml"), "[stack]\nlanguage = \"node.js\"\nframework = \"express\"\n")
        .expect("write");
    let found = check(&dir);
    let eol: Vec<&str> = found.iter().filter(|(c, _, _)| c == "end-of-life").map(|(_, _, m)| m.as_str()).collect();
    assert!(
        eol.iter().any(|m| m.starts_with("the repository runs Node.js 18 (.nvmrc:1), end of life since 2025-04-30")),
        "{found:?}"
    );
    std::fs::write(dir.join("stack.toml"), "[stack]\nlanguage = \"node.js@22\"\nframework = \"express\"\n")
        .expect("write");
    let found = check(&dir);
    assert!(drift(&found).iter().any(|m| m.contains(".nvmrc:1") && m.contains("18")), "{found:?}");
}

/// A tool that ships clients for many SQL databases nothing configures connects to them:
/// `init` writes them as a comment, not as its databases.
#[test]
fn init_writes_what_a_tool_only_connects_to_as_a_comment() {
    let dir = scratch("detect-connects-to");
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    let deps = r#"{ "name": "probe", "dependencies": { "express": "^4.21.2", "pg": "^8.13.0",
        "mysql2": "^3.11.0", "mssql": "^11.0.1", "oracledb": "^6.6.0" } }"#;
    std::fs::write(dir.join("package.json"), deps).expect("write");
    let (out, log, code) = init(&dir);
    assert_eq!(code, Some(0), "{log}");
    let connects = out.lines().find(|l| l.starts_with("# connects to: ")).unwrap_or_else(|| panic!("{out}"));
    for db in ["postgresql", "mysql", "sql-server", "oracle-database"] {
        assert!(connects.contains(db), "{db} not in {connects}");
    }
    assert!(!out.lines().any(|l| l.starts_with("database")), "{out}");
}
