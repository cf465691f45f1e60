//! The stack files the tests read: fixtures under `tests/data/<feature>/` and `examples/`.

use std::path::{Path, PathBuf};

/// The `*.toml` files directly in `dir`, sorted by name.
fn toml_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The fixtures of `feature` (`tests/data/<feature>/*.toml`), sorted; fails when there are none.
pub fn fixtures(feature: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(feature);
    let files = toml_files_in(&dir);
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// The stack files shipped in `examples/`, sorted.
pub fn examples() -> Vec<PathBuf> {
    toml_files_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))
}

/// A fixture's text with the cursor marker `$0` taken out, and where it was.
pub struct Fixture {
    pub text: String,
    pub cursor: Option<usize>,
}

pub fn read_fixture(path: &Path) -> Fixture {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Fixture { cursor: raw.find("$0"), text: raw.replacen("$0", "", 1) }
}

/// `path`'s name relative to the repository (`tests/data/hover/tech.toml`), for messages.
pub fn display(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).display().to_string()
}

/// (code, severity, message) of each finding of the first file of `stackls check --format json`.
pub fn json_findings(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("severity"), s("message"))
        })
        .collect()
}
