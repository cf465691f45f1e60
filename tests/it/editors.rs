//! The editor integrations, tested in the real editors (headless). Each script installs
//! the editor it needs when missing (into `target/`), so a fresh clone runs them too.
//! `STACKLS_SKIP_EDITOR_TESTS=1` skips them for a quick local run; CI never sets it.

use std::path::Path;
use std::process::Command;

use crate::support::BIN;

fn run_editor_test(script: &str) {
    if std::env::var_os("STACKLS_SKIP_EDITOR_TESTS").is_some() {
        eprintln!("skipped {script}: STACKLS_SKIP_EDITOR_TESTS is set");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("bash").arg(root.join(script)).arg(BIN).current_dir(root).output().expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script} failed ({}):\n{stdout}\n{stderr}", output.status);
    println!("{stdout}");
}

#[test]
fn neovim_plugin_in_real_neovim() {
    run_editor_test("editors/neovim/test/run.sh");
}

#[test]
fn vscode_extension_in_real_vscode() {
    run_editor_test("editors/vscode/test/run.sh");
}
