//! The real `stackls` binary from the command line.

use std::path::Path;

use crate::support::{run_in, scratch, stderr, stdout, ACME, BIN};

#[test]
fn check_prints_rustc_style_findings_and_exits_by_severity() {
    let dir = scratch("check-style");
    std::fs::write(dir.join("stack.toml"), "[project]\nscale = \"large\"\n\n[stack]\nframework = \"flask\"\n").unwrap();
    let o = run_in(&dir, &["check"], None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "warnings only: exit 0\n{out}");
    assert!(out.contains("warning[tradeoff]: Flask: scalability challenges"), "{out}");
    assert!(out.contains("--> stack.toml:5:13"), "{out}");
    assert!(out.contains("5 | framework = \"flask\""), "{out}");
    assert!(out.contains("^^^^^^^"), "{out}");
    assert!(out.contains("0 errors, 1 warning in 1 file"), "{out}");

    std::fs::write(dir.join("bad.stack.toml"), "[stack]\nlanguage = \"java\"\nframework = \"django\"\n").unwrap();
    let o = run_in(&dir, &["check", "stack.toml", "bad.stack.toml"], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("error[language-mismatch]: Django runs on Python, not Java"), "{out}");
    assert!(out.contains("--> bad.stack.toml:3:13"), "{out}");
    assert!(out.contains("1 error, 1 warning in 2 files"), "{out}");
}

#[test]
fn check_examples_shipped_with_the_repo() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run_in(root, &["check", "examples/clean.stack.toml"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("0 errors, 0 warnings"), "{}", stdout(&o));
    let o = run_in(root, &["check", "examples/storefront.stack.toml"], None);
    assert!(stdout(&o).contains("warning[tradeoff]"), "{}", stdout(&o));
}

#[test]
fn bad_input_is_a_clear_error_with_exit_2() {
    let dir = scratch("check-bad");
    let o = run_in(&dir, &["check", "missing.toml"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read missing.toml"), "{}", stderr(&o));
    let o = run_in(&dir, &["check"], None);
    assert_eq!(o.status.code(), Some(2), "default ./stack.toml is missing");

    std::fs::write(dir.join("junk.toml"), [0xff, 0xfe, 0x00, 0x81, b'\n']).unwrap();
    let o = run_in(&dir, &["check", "junk.toml"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));

    std::fs::write(dir.join("binary.toml"), "\u{0}\u{1}[[[\u{7f} = = {{").unwrap();
    let o = run_in(&dir, &["check", "binary.toml"], None);
    assert_eq!(o.status.code(), Some(1), "valid UTF-8 junk is a syntax error, not a crash");
    assert!(stdout(&o).contains("error[syntax]"));

    // Unreadable: a link to nowhere (permissions do not stop root, which CI may be).
    let _ = std::fs::remove_file(dir.join("gone.stack.toml"));
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("gone.stack.toml")).unwrap();
    let o = run_in(&dir, &["check", "gone.stack.toml", "binary.toml"], None);
    assert_eq!(o.status.code(), Some(2), "an unreadable file is an I/O error, and the others are still checked");
    assert!(stderr(&o).contains("cannot read gone.stack.toml"), "{}", stderr(&o));
    assert!(stdout(&o).contains("error[syntax]"), "binary.toml was still checked");

    let o = run_in(&dir, &["check", "--format", "yaml"], None);
    assert_eq!(o.status.code(), Some(2), "unknown flag: usage error");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = scratch("check-colour");
    std::fs::write(dir.join("stack.toml"), "[stack]\nframework = \"flsk\"\n").unwrap();
    let plain = run_in(&dir, &["check"], None);
    assert!(!stdout(&plain).contains('\u{1b}'), "piped output has no escape codes");
    let coloured = run_in(&dir, &["check", "--color", "always"], None);
    assert!(stdout(&coloured).contains("\u{1b}["), "--color always colours");
}

#[test]
fn help_and_version() {
    let dir = scratch("check-help");
    let o = run_in(&dir, &["--help"], None);
    assert_eq!(o.status.code(), Some(0));
    for cmd in ["lsp", "check", "explain"] {
        assert!(stdout(&o).contains(cmd), "{}", stdout(&o));
    }
    let o = run_in(&dir, &["-V"], None);
    assert_eq!(stdout(&o).trim(), format!("stackls {}", env!("CARGO_PKG_VERSION")));
    // `--version` names the lifecycle data, its date and commit, and ships its MIT notice.
    let o = run_in(&dir, &["--version"], None);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0));
    assert!(text.starts_with(&format!("stackls {}\n", env!("CARGO_PKG_VERSION"))), "{text}");
    // The date and commit are the data file's own (regenerating the data changes them).
    let data: toml::Table =
        toml::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/lifecycle.toml")).unwrap())
            .expect("the lifecycle data");
    let about = data["lifecycle-data"].as_table().expect("[lifecycle-data]");
    let (date, commit) = (about["date"].to_string(), about["commit"].as_str().expect("a commit"));
    assert!(text.contains("Lifecycle data: endoflife.date") && text.contains(&format!("as of {date}")), "{text}");
    assert!(text.contains(&format!("(commit {})", &commit[..7])), "{text}");
    let notice = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/third_party/endoflife/LICENSE"))
        .expect("the vendored licence");
    assert!(text.contains(notice.trim_end()), "the full MIT notice:\n{text}");
}

/// `explain` prints a technology (by id or alias, any case) or a rule as plain text, and
/// suggests the closest name for a typo.
#[test]
fn explain_reads_as_plain_text() {
    let dir = scratch("check-explain");
    let o = run_in(&dir, &["explain", "Node"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("Node.js\n") && stdout(&o).contains("\nCons\n"), "{}", stdout(&o));
    let o = run_in(&dir, &["explain", "rails"], None);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("Ruby on Rails\n"), "{text}");
    // Section titles as plain lines: no Markdown from the hover leaks into the terminal.
    assert!(text.contains("Pros\n") && !text.contains("**"), "{text}");
    // Sources with their addresses; a claim resting only on the Go FAQ of go1.3 (2014) is
    // marked as over five years old (today is later than 2019 wherever this runs).
    let o = run_in(&dir, &["explain", "go"], None);
    let text = stdout(&o);
    assert!(text.contains("(go-faq; over five years old)"), "{text}");
    assert!(text.contains("https://go.googlesource.com/go/+/go1.3rc1/doc/go_faq.html"), "{text}");
    let o = run_in(&dir, &["explain", "tradeoff"], None);
    assert!(stdout(&o).starts_with("tradeoff (default: warning)"));
    for (typo, meant) in [("flsk", "flask"), ("djano", "django")] {
        let o = run_in(&dir, &["explain", typo], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(&format!("did you mean `{meant}`")), "{}", stderr(&o));
    }
}

#[test]
fn a_user_catalogue_extends_the_builtin_one_and_its_errors_are_findings() {
    let dir = scratch("check-user-catalogue");
    std::fs::write(
        dir.join("stack.toml"),
        "[project]\nscale = \"large\"\n[stack]\nlanguage = \"acmelang\"\nserver = \"nginx\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("stack-catalogue.toml"), ACME).unwrap();
    let o = run_in(&dir, &["check"], None);
    assert_eq!(o.status.code(), Some(0), "acmelang comes from the user catalogue: {}", stdout(&o));
    let o = run_in(&dir, &["explain", "acmelang"], None);
    assert_eq!(o.status.code(), Some(2), "explain shows the built-in catalogue only");

    // An entry that refers to nothing: reported at its id, the rest still works.
    std::fs::write(dir.join("stack-catalogue.toml"), format!("{ACME}languages = [\"klingon\"]\n")).unwrap();
    let o = run_in(&dir, &["check"], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(
            "error[invalid-value]: user catalogue: technology `acmelang`: languages: `klingon` is not a language id"
        ),
        "{out}"
    );
    assert!(out.contains("--> stack-catalogue.toml:2:6"), "{out}");

    // Not TOML at all: a syntax finding on the catalogue file; the built-in catalogue is used.
    std::fs::write(dir.join("stack-catalogue.toml"), "[[technology]\nid = \"acmelang\"\n").unwrap();
    let o = run_in(&dir, &["check"], None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.contains("error[syntax]: user catalogue:") && out.contains("--> stack-catalogue.toml:1:"), "{out}");
    assert!(out.contains("`acmelang` is not in the catalogue"), "the built-in catalogue still checks the file: {out}");
}

#[test]
fn check_honours_suppressions_and_reports_expired_and_unused_ones() {
    let dir = scratch("cli-suppressions");
    std::fs::write(
        dir.join("stack.toml"),
        "[project]\nscale = \"large\"\n\n[services.web]\nframework = \"flask\"\n\n[services.api]\n# stackls: allow(tradeoff) tiny\nframework = \"fastapi\"\n\n[lint]\nallow = [\n  { rule = \"tradeoff\", tech = \"flask\", reason = \"rewrite\", until = 2001-01-01 },\n]\n",
    )
    .unwrap();
    let o = run_in(&dir, &["check", "--format", "json", "stack.toml"], None);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let codes: Vec<&str> =
        report["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    // FastAPI at large scale is suppressed on its line; Flask's entry has expired, so Flask's
    // finding is back and the entry says why; nothing else.
    assert_eq!(codes, ["tradeoff", "expired-allow"], "{report:#}");
    assert_eq!(o.status.code(), Some(0), "warnings only");
    // -D makes warnings errors, but a targeted suppression still holds.
    let o = run_in(&dir, &["check", "-D", "tradeoff", "stack.toml"], None);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.contains("error[tradeoff]: Flask") && !out.contains("FastAPI"), "{out}");
}

/// Shell completions (clap_complete) work in a real bash, and the manual page is roff that
/// names every command.
#[test]
fn shell_completions_and_the_manual_page() {
    let dir = scratch("completions");
    let o = run_in(&dir, &["completions", "bash"], None);
    assert_eq!(o.status.code(), Some(0));
    let script = dir.join("stackls.bash");
    std::fs::write(&script, stdout(&o)).expect("write the script");
    // What bash calls when the user presses TAB after `stackls ch`.
    let probe = format!(
        "source {}; COMP_WORDS=(stackls ch); COMP_CWORD=1; COMP_LINE='stackls ch'; COMP_POINT=10; _stackls stackls ch stackls; echo \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let bash = std::process::Command::new("bash").arg("-c").arg(&probe).output().expect("bash");
    let offered = String::from_utf8_lossy(&bash.stdout);
    assert!(
        offered.split_whitespace().any(|w| w == "check"),
        "bash offers: {offered:?} {}",
        String::from_utf8_lossy(&bash.stderr)
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let o = run_in(&dir, &["completions", shell], None);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let text = stdout(&o);
        assert!(text.contains("check") && text.contains("init") && text.contains("today"), "{shell}:\n{text}");
    }
    let o = run_in(&dir, &["completions", "tcsh"], None);
    assert_eq!(o.status.code(), Some(2), "an unknown shell is a usage error");
    let o = run_in(&dir, &["man"], None);
    assert_eq!(o.status.code(), Some(0));
    let man = stdout(&o);
    assert!(man.contains(".TH stackls 1"), "{man}");
    for command in ["check", "init", "explain", "schema", "completions", "lsp"] {
        assert!(man.contains(command), "the manual names `{command}`");
    }
}

/// The GitHub Action's check steps, as `action.yml` writes them, run in bash on a scratch
/// repository with the stackls under test on PATH: annotations and a failing step on an
/// error, and a SARIF file for code scanning. (Installing is `cargo install --path` of the
/// action's own checkout, which the crate packaging step of CI builds already.)
#[test]
fn the_github_action_runs_as_written() {
    use yaml_rust2::YamlLoader;
    let action = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).expect("action.yml");
    let docs = YamlLoader::load_from_str(&action).expect("action.yml is YAML");
    let steps = docs[0]["runs"]["steps"].as_vec().expect("steps");
    let run_of = |name: &str| -> String {
        let step = steps.iter().find(|s| s["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("step {name}"));
        step["run"].as_str().expect("run").to_string()
    };
    assert!(run_of("Install stackls").contains("cargo install --locked"), "installs from the lock file");
    let dir = scratch("github-action");
    std::fs::write(dir.join("stack.toml"), "[stack]\nlanguage = \"java\"\nframework = \"django\"\n").expect("write");
    let bin_dir = Path::new(BIN).parent().expect("bin dir").to_path_buf();
    let expand = |run: &str| {
        run.replace("${{ inputs.args }}", "")
            .replace("${{ inputs.paths }}", ".")
            .replace("$RUNNER_TEMP", &dir.display().to_string())
    };
    let bash = |script: String| {
        std::process::Command::new("bash")
            .arg("-c")
            .arg(script)
            .current_dir(&dir)
            .env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()))
            .output()
            .expect("bash")
    };
    let check = bash(expand(&run_of("Check stack files")));
    assert_eq!(check.status.code(), Some(1), "the step fails on an error");
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(out.contains("::error file=stack.toml") && out.contains("Django runs on Python"), "{out}");
    let sarif = bash(expand(&run_of("Write SARIF")));
    assert_eq!(sarif.status.code(), Some(0), "the SARIF step never fails the job itself");
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("stackls.sarif")).expect("stackls.sarif"))
            .expect("SARIF is JSON");
    assert!(log["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()), "{log}");
}
