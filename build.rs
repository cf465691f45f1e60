//! Embeds every `*.toml` file below `data/` into the binary, in a stable (sorted) order.
//! `lifecycle.toml` (generated, the largest by far) is embedded apart: it is parsed on first
//! use, so a run that meets no version does not pay for it.
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data = root.join("data");
    println!("cargo:rerun-if-changed=data");
    let mut files = Vec::new();
    collect(&data, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The built-in catalogue files, as (path under data/, contents).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    let lifecycle = data.join("lifecycle.toml");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        if *file == lifecycle {
            continue;
        }
        let rel = file.strip_prefix(&data).expect("file is below data/").to_string_lossy().replace('\\', "/");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", file.display().to_string()));
    }
    code.push_str("];\n");
    code.push_str(&format!(
        "/// The lifecycle data, parsed on first use.\npub static LIFECYCLE: (&str, &str) = (\"lifecycle.toml\", include_str!({:?}));\n",
        lifecycle.display().to_string()
    ));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue_files.rs");
    std::fs::write(out, code).expect("write catalogue_files.rs");
}
