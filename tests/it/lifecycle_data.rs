//! `data/lifecycle.toml` is what tools/gen_lifecycle.rs makes of the vendored endoflife.date
//! files in third_party/endoflife, and the generator's handling of the forms those files
//! use (labels, LTS dates, booleans for dates, Java version numbering) and of broken input.

use std::path::{Path, PathBuf};

#[allow(dead_code)] // its `main`
#[path = "../../tools/gen_lifecycle.rs"]
mod gen_lifecycle;

use stackls::catalogue::Catalogue;

/// The generator over the built-in catalogue's technologies, as `cargo run --example
/// gen-lifecycle` runs it.
fn generate(dir: &Path) -> Result<String, String> {
    gen_lifecycle::generate(dir, Catalogue::builtin())
}

const REGENERATE: &str = "cargo run --example gen-lifecycle -- third_party/endoflife > data/lifecycle.toml";

#[test]
fn committed_lifecycle_data_is_generated_from_the_vendored_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = generate(&root.join("third_party/endoflife")).unwrap_or_else(|e| panic!("generator: {e}"));
    let committed = std::fs::read_to_string(root.join("data/lifecycle.toml")).unwrap_or_default();
    if generated != committed {
        let line = generated.lines().zip(committed.lines()).position(|(a, b)| a != b).map_or_else(
            || {
                format!(
                    "the files differ in length ({} generated, {} committed bytes)",
                    generated.len(),
                    committed.len()
                )
            },
            |n| format!("first difference at line {}", n + 1),
        );
        panic!("data/lifecycle.toml is not what the generator makes of third_party/endoflife ({line}); re-run:\n  {REGENERATE}");
    }

    // The file is TOML and ships the licence verbatim.
    let value: toml::Table = toml::from_str(&committed).expect("data/lifecycle.toml parses");
    let license = std::fs::read_to_string(root.join("third_party/endoflife/LICENSE")).expect("LICENSE");
    assert_eq!(value["lifecycle-data"]["notice"].as_str(), Some(license.as_str()));
    let products = value["lifecycle"].as_table().expect("[lifecycle] table");
    assert!(products.contains_key("django") && products.contains_key("ruby-on-rails"));
}

/// A folder laid out like third_party/endoflife, removed when dropped.
struct Source(PathBuf);

const README: &str =
    "# Lifecycle data\n\nCopied as they stood at commit\n0123456789abcdef0123456789abcdef01234567 (2026-01-02).\n";

impl Source {
    fn new(name: &str, products: &[(&str, &str)]) -> Source {
        let dir = std::env::temp_dir().join(format!("stackls-gen-lifecycle-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary folder");
        let source = Source(dir);
        source.write("README.md", README);
        source.write("LICENSE", "MIT, \"quoted\" \\ \"\"\"three\"\"\"\n");
        for (file, text) in products {
            source.write(file, text);
        }
        source
    }

    fn write(&self, file: &str, contents: impl AsRef<[u8]>) {
        std::fs::write(self.0.join(file), contents).expect("write a source file");
    }

    fn generate(&self) -> Result<String, String> {
        generate(&self.0)
    }

    /// The `[lifecycle.ID]` table of the generated file.
    fn table(&self, id: &str) -> String {
        let out = self.generate().unwrap_or_else(|e| panic!("generator: {e}"));
        toml::from_str::<toml::Table>(&out).unwrap_or_else(|e| panic!("output is not TOML: {e}\n{out}"));
        let start = out.find(&format!("[lifecycle.{id}]\n")).unwrap_or_else(|| panic!("no {id} in\n{out}"));
        let table = &out[start..];
        table[..table.find("\n\n").map_or(table.len(), |end| end + 1)].to_owned()
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A product file: front matter with `releases` (YAML list items, or none), then prose.
fn product(title: &str, releases: &str) -> String {
    let releases = if releases.is_empty() { " []\n" } else { releases };
    format!(
        "---\ntitle: {title}\npermalink: /{}\n\nreleases:\n{releases}---\n\n> Prose, not data: releases: [\n",
        title.to_lowercase()
    )
}

#[test]
fn header_names_the_revision_and_ships_the_notice() {
    let source = Source::new("header", &[("a.md", &product("A", ""))]);
    let out = source.generate().expect("generates");
    assert!(out.starts_with("# Release cycles and support dates, generated from the endoflife.date product files in\n"));
    let value: toml::Table = toml::from_str(&out).expect("TOML");
    let data = &value["lifecycle-data"];
    assert_eq!(data["source"].as_str(), Some("endoflife-date"));
    assert_eq!(data["commit"].as_str(), Some("0123456789abcdef0123456789abcdef01234567"));
    assert_eq!(data["date"].as_datetime().map(ToString::to_string).as_deref(), Some("2026-01-02"));
    assert_eq!(data["notice"].as_str(), Some("MIT, \"quoted\" \\ \"\"\"three\"\"\"\n"));
    assert!(
        out.ends_with("\n[lifecycle.a]\nname = \"A\"\nurl = \"https://endoflife.date/a\"\ncycles = [\n]\n"),
        "{out}"
    );
}

#[test]
fn products_sorted_by_id_readme_skipped() {
    let source = Source::new(
        "order",
        &[
            ("ruby-on-rails.md", &product("Rails", "")),
            ("ruby.md", &product("Ruby", "")),
            ("notes.txt", "not a product"),
        ],
    );
    let out = source.generate().expect("generates");
    let tables: Vec<&str> = out.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(tables, ["[lifecycle-data]", "[lifecycle.ruby]", "[lifecycle.ruby-on-rails]"]);
}

#[test]
fn labels_are_filled_in_or_left_out() {
    let releases = r#"  - releaseCycle: "16.0"
    codename: Dallas
    releaseLabel: "2022 '__CODENAME__'"
  - releaseCycle: "3.0"
    releaseLabel: "Core __RELEASE_CYCLE__"
  - releaseCycle: "2025"
    releaseLabel: "2025"
  - releaseCycle: "8.0"
    releaseLabel: "__RELEASE_CYCLE__{%if r.codename %} ({{r.codename}}){%endif%}"
  - releaseCycle: "9.0"
    releaseLabel: "9 '__CODENAME__'"
"#;
    let source = Source::new("labels", &[("db.md", &product("DB", releases))]);
    assert_eq!(
        source.table("db"),
        r#"[lifecycle.db]
name = "DB"
url = "https://endoflife.date/db"
cycles = [
  { cycle = "16.0", label = "2022 'Dallas'" },
  { cycle = "3.0", label = "Core 3.0" },
  { cycle = "2025" },
  { cycle = "8.0" },
  { cycle = "9.0" },
]
"#
    );
}

#[test]
fn lts_support_and_eol_take_dates_or_booleans() {
    let releases = r#"  - releaseCycle: "24"
    lts: 2025-10-28 # the date it became LTS
    releaseDate: 2025-05-06
    eoas: 2026-10-20
    eol: 2028-04-30
    latest: "24.19.0"
  - releaseCycle: "6"
    lts: true
    releaseDate: 2019-09-03
    eoas: true
    eol: true
  - releaseCycle: "7"
    lts: false
    releaseDate: "2026-02-25"
    eoas: false
    eol: false # not announced
"#;
    let source = Source::new("dates", &[("node.md", &product("Node", releases))]);
    assert_eq!(
        source.table("node"),
        r#"[lifecycle.node]
name = "Node"
url = "https://endoflife.date/node"
cycles = [
  { cycle = "24", lts = 2025-10-28, released = 2025-05-06, support = 2026-10-20, eol = 2028-04-30, latest = "24.19.0" },
  { cycle = "6", lts = true, released = 2019-09-03, support = true, eol = true },
  { cycle = "7", released = 2026-02-25, support = false, eol = false },
]
"#
    );
}

/// Requirements keep their text, under the catalogue's id (an alias, `nodejs`, is written as
/// `node.js`); Java 1.N is N; one on what the catalogue lacks (Jakarta EE) is left out.
#[test]
fn requirements_keep_their_text_and_java_1_n_is_n() {
    let releases = r#"  - releaseCycle: 3.10
    supportedPythonVersions: "3.10 - 3.14 (added in 5.2.8)"
    supportedPhpVersions: 8.2 - 8.5
    latest: 3.10
  - releaseCycle: "9.4"
    minJvmVersion: "1.8"
  - releaseCycle: "11"
    minJavaVersion: "17"
  - releaseCycle: "6.2"
    supportedJavaVersions: "17 - 25"
    minJavaVersion: "8"
    supportedJakartaEEVersions: "11 - 12"
  - releaseCycle: "7.0"
    supportedNodeJsVersions: "20 - 24"
"#;
    let source = Source::new("requires", &[("fw.md", &product("FW", releases))]);
    assert_eq!(
        source.table("fw"),
        r#"[lifecycle.fw]
name = "FW"
url = "https://endoflife.date/fw"
cycles = [
  { cycle = "3.10", latest = "3.10", requires = { php = "8.2 - 8.5", python = "3.10 - 3.14 (added in 5.2.8)" } },
  { cycle = "9.4", requires = { java = ">= 8" } },
  { cycle = "11", requires = { java = ">= 17" } },
  { cycle = "6.2", requires = { java = "17 - 25" } },
  { cycle = "7.0", requires = { "node.js" = "20 - 24" } },
]
"#
    );
}

#[test]
fn url_defaults_to_the_product_id() {
    let source = Source::new("url", &[("my-db.md", "---\ntitle: My \"DB\"\nreleases: []\n---\n")]);
    assert_eq!(
        source.table("my-db"),
        "[lifecycle.my-db]\nname = \"My \\\"DB\\\"\"\nurl = \"https://endoflife.date/my-db\"\ncycles = [\n]\n"
    );
}

fn error_of(source: &Source) -> String {
    source.generate().expect_err("the generator refuses the input")
}

#[test]
fn readme_without_the_revision_is_an_error() {
    let source = Source::new("no-revision", &[("a.md", &product("A", ""))]);
    source.write("README.md", "# Lifecycle data\n\nCopied at commit 0123456789abcdef0123456789abcdef01234567.\n");
    let e = error_of(&source);
    assert!(e.starts_with("README.md:"), "{e}");
}

#[test]
fn malformed_yaml_is_an_error_naming_the_file() {
    let source = Source::new("bad-yaml", &[("bad.md", "---\ntitle: Bad\nreleases:\n  - releaseCycle: \"1\n---\n")]);
    let e = error_of(&source);
    assert!(e.starts_with("bad.md:") && e.contains("YAML"), "{e}");
}

#[test]
fn a_release_without_its_cycle_or_with_a_bad_date_is_an_error() {
    let source = Source::new("no-cycle", &[("a.md", &product("A", "  - releaseDate: 2020-01-01\n"))]);
    let e = error_of(&source);
    assert!(e.starts_with("a.md: release 1: no `releaseCycle`"), "{e}");

    for date in ["2020-02-30", "2020-1-01", "soon", "2020"] {
        let releases = format!("  - releaseCycle: \"1\"\n    eol: {date}\n");
        let source = Source::new("bad-date", &[("a.md", &product("A", &releases))]);
        let e = error_of(&source);
        assert!(e.starts_with("a.md: release 1 (releaseCycle \"1\"): `eol`"), "{date}: {e}");
    }
}

#[test]
fn binary_junk_is_an_error_not_a_panic() {
    let junk: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let source = Source::new("junk", &[("ok.md", &product("OK", ""))]);
    source.write("junk.md", &junk);
    assert!(error_of(&source).starts_with("junk.md:"));

    // Valid UTF-8, but control characters and stray YAML syntax inside the front matter.
    let text: String = junk.iter().map(|&b| char::from(b & 0x7f)).filter(|&c| c != '\n').collect();
    source.write("junk.md", format!("---\n{text}\n---\n"));
    assert!(error_of(&source).starts_with("junk.md:"));

    source.write("junk.md", "---\nreleases: [\n");
    assert!(error_of(&source).starts_with("junk.md:"));
}
