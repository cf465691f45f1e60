//! Embeds the built-in data, `data/`, loaded and checked: the catalogue (every `*.toml` file
//! but `lifecycle.toml`) and the lifecycle data are loaded as one, with the library's own
//! loader (its files are compiled in below), and written in their embedded form
//! (`src/catalogue/embed.rs`): the lifecycle data apart, decoded on first use. A problem in
//! the data does not stop the build: it is printed as a warning, embedded, reported on stderr
//! when the catalogue is first used, and fails the catalogue test. The TOML files are
//! embedded too, in a stable (sorted) order, as the source a test compares with.
// The library's catalogue module but its built-in data (`src/catalogue/mod.rs`): the types,
// the loader and the embedded form, compiled in here as they are there, so `super::` in them
// names this file's root. Much of it is unused here.
#![allow(dead_code, unused_imports)]
#[path = "src/catalogue/date.rs"]
mod date;
#[path = "src/catalogue/detect.rs"]
mod detect;
#[path = "src/catalogue/embed.rs"]
mod embed;
#[path = "src/catalogue/lifecycle.rs"]
mod lifecycle;
#[path = "src/catalogue/load.rs"]
mod load;
#[path = "src/catalogue/types.rs"]
mod types;

pub use date::Date;
pub use detect::{DetectRules, Mapping, Signal};
pub use lifecycle::{Bound, Cycle, LifecycleData, Lts, Product, Requirement, Resolution, VersionRange};
pub use load::CatalogueError;
pub use types::{
    Catalogue, Claim, Condition, Kind, RuleDoc, Source, TechId, Technology, Term, UseCaseRef, VocabKind, Vocabulary,
};

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
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let data = root.join("data");
    println!("cargo:rerun-if-changed=data");
    let mut paths = Vec::new();
    collect(&data, &mut paths);
    paths.sort();
    let lifecycle_path = data.join("lifecycle.toml");
    let mut files: Vec<(String, String)> = Vec::new();
    let mut lifecycle = None;
    let mut code = String::from(
        "/// The built-in catalogue files, as (path under data/, contents).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&data).expect("file is below data/").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if *path == lifecycle_path {
            lifecycle = Some((rel, text));
            continue;
        }
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", path.display().to_string()));
        files.push((rel, text));
    }
    code.push_str("];\n");
    code.push_str(&format!(
        "/// The lifecycle data's TOML.\npub static LIFECYCLE: (&str, &str) = (\"lifecycle.toml\", include_str!({:?}));\n",
        lifecycle_path.display().to_string()
    ));

    let (lifecycle_file, lifecycle_text) = lifecycle.expect("data/lifecycle.toml exists");
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let built = embed::Built::from_toml(&files, (&lifecycle_file, &lifecycle_text));
    for error in &built.errors {
        println!("cargo:warning=data/{error}");
    }
    for (name, bytes, what) in [
        ("catalogue.bin", postcard::to_allocvec(&built), "CATALOGUE"),
        ("lifecycle.bin", postcard::to_allocvec(&built.lifecycle), "LIFECYCLE_DATA"),
    ] {
        let bytes = bytes.unwrap_or_else(|e| panic!("encoding {name}: {e}"));
        let path = out.join(name);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        code.push_str(&format!(
            "/// The built-in data loaded and checked (`embed.rs`).\npub static {what}: &[u8] = include_bytes!({:?});\n",
            path.display().to_string()
        ));
    }
    std::fs::write(out.join("catalogue_files.rs"), code).expect("write catalogue_files.rs");
}
