//! The integrations, tested in the real tools: the editors (headless), pre-commit, and
//! `stackls report`'s pages in headless Chromium. Each script installs the tool it needs
//! when missing (into `target/` and `~/.cache`), so a fresh clone runs them too.
//!
//! `STACKLS_SKIP_EDITOR_TESTS=1` skips them for a quick local run: they are then reported
//! as `ignored` (not as passed), and `-- --include-ignored` runs them anyway. CI never sets
//! it. A libtest-mimic harness (`harness = false` in Cargo.toml), so that a skip is visible.

mod support;

use std::path::Path;
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};

use support::BIN;

const SKIP: &str = "STACKLS_SKIP_EDITOR_TESTS";

fn main() {
    let args = Arguments::from_args();
    let skip = std::env::var_os(SKIP).is_some();
    if skip {
        eprintln!("{SKIP} is set: the editor tests are ignored (`-- --include-ignored` runs them)");
    }
    // libtest-mimic captures no output: a passing script's log is shown only when asked.
    let show = args.nocapture || args.show_output;
    let trials = [
        ("neovim_plugin_in_real_neovim", "editors/neovim/test/run.sh"),
        ("vscode_extension_in_real_vscode", "editors/vscode/test/run.sh"),
        ("pre_commit_hooks_in_real_pre_commit", "tests/pre-commit/run.sh"),
        ("report_pages_in_real_chromium", "tests/report/run.sh"),
    ]
    .into_iter()
    .map(|(name, script)| Trial::test(name, move || run_editor_test(script, show)).with_ignored_flag(skip))
    .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// Runs `script` with the path of the `stackls` binary; it must exit successfully.
fn run_editor_test(script: &str, show: bool) -> Result<(), Failed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("bash").arg(root.join(script)).arg(BIN).current_dir(root).output().expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{script} failed ({}):\n{stdout}\n{stderr}", output.status).into());
    }
    if show {
        println!("{stdout}");
    }
    Ok(())
}
