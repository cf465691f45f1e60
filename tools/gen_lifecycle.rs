//! Generates `data/lifecycle.toml` from endoflife.date product files:
//!
//! ```text
//! cargo run --example gen-lifecycle -- third_party/endoflife > data/lifecycle.toml
//! ```
//!
//! DIR holds `README.md` (which names the upstream commit and its date), `LICENSE` (shipped
//! in the output as `notice`) and one `PRODUCT.md` per product. Only a product file's YAML
//! front matter is read; its Markdown body is prose. The output is deterministic: products
//! sorted by id, release cycles in file order, keys in a fixed order.
//!
//! A release's requirements (`supported<X>Versions`, `minJavaVersion`) are kept for the X
//! that name a technology of the built-in catalogue, by id or alias (`nodejs`), and written
//! under its id (`node.js`), which is what declared versions are matched by and what loading
//! checks. The rest are left out: they could never be judged (Spring Framework's Jakarta EE
//! versions, `jakartaee`, name no technology of the catalogue). Add the technology to
//! `data/technologies/` and re-run to keep them.
//!
//! `tests/it/lifecycle_data.rs` includes this file as a module and checks that the committed
//! `data/lifecycle.toml` is what [`generate`] makes of `third_party/endoflife`.

use std::collections::BTreeMap;
use std::path::Path;

use stackls::catalogue::Catalogue;
use yaml_rust2::yaml::Hash;
use yaml_rust2::{Yaml, YamlLoader};

const HEADER: &str = "\
# Release cycles and support dates, generated from the endoflife.date product files in
# third_party/endoflife by tools/gen_lifecycle.rs. Do not edit by hand; re-run:
#   cargo run --example gen-lifecycle -- third_party/endoflife > data/lifecycle.toml
# The data is endoflife.date's, under the MIT License (`notice` below).
";

const SITE: &str = "https://endoflife.date";

/// The TOML text of `data/lifecycle.toml` for the product files in `dir`, with requirements
/// on the technologies of `catalogue`, or a message naming the file (and where it can, the
/// release and field) that could not be used.
pub fn generate(dir: &Path, catalogue: &Catalogue) -> Result<String, String> {
    let readme = read_text(dir, "README.md")?;
    let (commit, date) = upstream_revision(&readme).ok_or_else(|| {
        "README.md: found no \"commit <40 hex digits> (<YYYY-MM-DD>)\" naming the copied revision".to_owned()
    })?;
    let license = read_text(dir, "LICENSE")?;

    let mut out = String::from(HEADER);
    out.push_str("\n[lifecycle-data]\n");
    out.push_str("source = \"endoflife-date\"\n");
    out.push_str(&format!("commit = {}\n", basic_string(commit)));
    out.push_str(&format!("date = {date}\n"));
    out.push_str(&format!("notice = \"\"\"\n{}\"\"\"\n", multiline_basic_string(&license)));

    for (id, file) in product_files(dir)? {
        let text = read_text(dir, &file)?;
        out.push('\n');
        out.push_str(&product(&id, &file, &text, catalogue)?);
    }
    Ok(out)
}

fn read_text(dir: &Path, file: &str) -> Result<String, String> {
    let bytes = std::fs::read(dir.join(file)).map_err(|e| format!("{file}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("{file}: not UTF-8 text ({e})"))
}

/// `(product id, file name)` of every `*.md` file in `dir` but `README.md`, sorted by id.
fn product_files(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut products = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            let lossy = name.to_string_lossy();
            if lossy.ends_with(".md") {
                return Err(format!("{lossy}: file name is not UTF-8"));
            }
            continue;
        };
        let Some(id) = name.strip_suffix(".md") else { continue };
        if name == "README.md" || id.is_empty() || !entry.path().is_file() {
            continue;
        }
        products.push((id.to_owned(), name.to_owned()));
    }
    // By id, not file name: `ruby` sorts before `ruby-on-rails`, though `ruby.md` does not.
    products.sort();
    Ok(products)
}

/// The commit and date in "… at commit\n<40 hex digits> (<YYYY-MM-DD>)".
fn upstream_revision(readme: &str) -> Option<(&str, &str)> {
    readme.match_indices("commit").find_map(|(at, word)| {
        let after = &readme[at + word.len()..];
        let rest = after.trim_start();
        if rest.len() == after.len() {
            return None; // "commits", "commitment": the word must end here
        }
        let hash = rest.get(..40).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
        let rest = rest[40..].trim_start().strip_prefix('(')?;
        let date = rest.get(..10).filter(|d| is_date(d))?;
        rest[10..].starts_with(')').then_some((hash, date))
    })
}

/// The front matter of a product file: the text between its first line, `---`, and the next
/// line that is `---`.
fn front_matter(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = first.len();
    let mut end = start;
    for line in lines {
        if line.trim_end() == "---" {
            return Some(&text[start..end]);
        }
        end += line.len();
    }
    None
}

/// One `[lifecycle.ID]` table.
fn product(id: &str, file: &str, text: &str, catalogue: &Catalogue) -> Result<String, String> {
    let yaml = front_matter(text).ok_or_else(|| format!("{file}: no front matter between `---` lines"))?;
    let docs = YamlLoader::load_from_str(yaml).map_err(|e| {
        // Line 1 of the front matter is line 2 of the file.
        let mark = e.marker();
        format!("{file}:{}:{}: malformed YAML: {}", mark.line() + 1, mark.col() + 1, e.info())
    })?;
    let Some(Yaml::Hash(fields)) = docs.first() else {
        return Err(format!("{file}: the front matter is not a mapping"));
    };

    let name = field(fields, "title")
        .and_then(scalar_text)
        .ok_or_else(|| format!("{file}: no `title` (text) in the front matter"))?;
    let url = match field(fields, "permalink") {
        None => format!("{SITE}/{id}"),
        Some(link) => {
            let link = scalar_text(link).ok_or_else(|| format!("{file}: `permalink` is not text"))?;
            if link.starts_with('/') {
                format!("{SITE}{link}")
            } else {
                format!("{SITE}/{link}")
            }
        }
    };
    let releases = match field(fields, "releases") {
        Some(Yaml::Array(releases)) => releases,
        Some(_) => return Err(format!("{file}: `releases` is not a list")),
        None => return Err(format!("{file}: no `releases` in the front matter")),
    };

    let mut out = format!("[lifecycle.{}]\n", key(id));
    out.push_str(&format!("name = {}\n", basic_string(&name)));
    out.push_str(&format!("url = {}\n", basic_string(&url)));
    out.push_str("cycles = [\n");
    for (n, release) in releases.iter().enumerate() {
        let Yaml::Hash(release) = release else {
            return Err(format!("{file}: release {} is not a mapping", n + 1));
        };
        out.push_str("  ");
        out.push_str(&cycle(release, catalogue).map_err(|e| format!("{file}: release {}{e}", n + 1))?);
        out.push_str(",\n");
    }
    out.push_str("]\n");
    Ok(out)
}

/// One release as an inline table: `{ cycle = "5.2", lts = true, released = 2025-04-02, … }`.
/// An error reads on from "release N": `: no …` or ` (releaseCycle "5.2"): …`.
fn cycle(release: &Hash, catalogue: &Catalogue) -> Result<String, String> {
    let cycle = match field(release, "releaseCycle") {
        None => return Err(": no `releaseCycle`".into()),
        Some(value) => scalar_text(value).ok_or(": `releaseCycle` is not text")?,
    };
    let in_cycle = |e: String| format!(" (releaseCycle {cycle:?}): {e}");
    let mut entries = vec![("cycle", basic_string(&cycle))];

    if let Some(label) = field(release, "releaseLabel") {
        let label = scalar_text(label).ok_or_else(|| in_cycle("`releaseLabel` is not text".into()))?;
        let mut label = label.replace("__RELEASE_CYCLE__", &cycle);
        if let Some(codename) = field(release, "codename").and_then(scalar_text) {
            label = label.replace("__CODENAME__", &codename);
        }
        // A template we cannot fill (Liquid, another placeholder) is no label.
        if !label.contains('{') && !label.contains("__") && label != cycle {
            entries.push(("label", basic_string(&label)));
        }
    }
    match field(release, "lts") {
        None | Some(Yaml::Boolean(false)) => {}
        Some(Yaml::Boolean(true)) => entries.push(("lts", "true".into())),
        Some(value) => entries.push(("lts", date(value, "lts").map_err(in_cycle)?)),
    }
    if let Some(value) = field(release, "releaseDate") {
        entries.push(("released", date(value, "releaseDate").map_err(in_cycle)?));
    }
    if let Some(value) = field(release, "eoas") {
        entries.push(("support", date_or_bool(value, "eoas").map_err(in_cycle)?));
    }
    if let Some(value) = field(release, "eol") {
        entries.push(("eol", date_or_bool(value, "eol").map_err(in_cycle)?));
    }
    if let Some(value) = field(release, "latest") {
        let latest = scalar_text(value).ok_or_else(|| in_cycle("`latest` is not text".into()))?;
        entries.push(("latest", basic_string(&latest)));
    }
    let requires = requires(release, catalogue).map_err(in_cycle)?;
    if !requires.is_empty() {
        let pairs: Vec<String> = requires.iter().map(|(k, v)| format!("{} = {}", key(k), basic_string(v))).collect();
        entries.push(("requires", format!("{{ {} }}", pairs.join(", "))));
    }

    let pairs: Vec<String> = entries.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    Ok(format!("{{ {} }}", pairs.join(", ")))
}

/// What a release needs, by catalogue id: `supported<X>Versions` → X's id = the text as
/// written; `minJavaVersion` or `minJvmVersion` → `java = ">= N"` unless
/// `supportedJavaVersions` gives Java. An X the catalogue lacks is left out.
fn requires(release: &Hash, catalogue: &Catalogue) -> Result<BTreeMap<String, String>, String> {
    let id = |name: &str| catalogue.by_id(name).map(|t| t.id.clone());
    let mut requires = BTreeMap::new();
    for (name, value) in release {
        let Some(name) = name.as_str() else { continue };
        let Some(what) = name.strip_prefix("supported").and_then(|n| n.strip_suffix("Versions")) else {
            continue;
        };
        if what.is_empty() || value.is_null() {
            continue;
        }
        let text = scalar_text(value).ok_or_else(|| format!("`{name}` is not text"))?;
        let text = text.trim();
        if let Some(tech) = id(what).filter(|_| !text.is_empty()) {
            requires.entry(tech).or_insert_with(|| text.to_owned());
        }
    }
    let java = id("java");
    if let Some(java) = java.filter(|java| !requires.contains_key(java)) {
        for name in ["minJavaVersion", "minJvmVersion"] {
            let Some(value) = field(release, name) else { continue };
            let text = scalar_text(value).ok_or_else(|| format!("`{name}` is not text"))?;
            let text = text.trim();
            if !text.is_empty() {
                requires.insert(java, format!(">= {}", java_version(text)));
                break;
            }
        }
    }
    Ok(requires)
}

/// `1.8` → `8`: Java 1.N is N in the JDK's own numbering (used since 9).
fn java_version(text: &str) -> &str {
    match text.strip_prefix("1.") {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => text,
    }
}

/// A field's value, `None` when absent or null.
fn field<'a>(map: &'a Hash, name: &str) -> Option<&'a Yaml> {
    map.get(&Yaml::String(name.to_owned())).filter(|v| !v.is_null())
}

/// A scalar's text. The YAML parser keeps the text of strings and floats (`3.10` stays
/// `3.10`); an unquoted integer is written in decimal.
fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn date(value: &Yaml, name: &str) -> Result<String, String> {
    match value {
        Yaml::String(s) if is_date(s) => Ok(s.clone()),
        Yaml::String(s) => Err(format!("`{name}`: {s:?} is not a date (YYYY-MM-DD)")),
        other => Err(format!("`{name}`: {} is not a date (YYYY-MM-DD)", describe(other))),
    }
}

fn date_or_bool(value: &Yaml, name: &str) -> Result<String, String> {
    match value {
        Yaml::Boolean(b) => Ok(b.to_string()),
        Yaml::String(s) if is_date(s) => Ok(s.clone()),
        Yaml::String(s) => Err(format!("`{name}`: {s:?} is neither a date (YYYY-MM-DD) nor a boolean")),
        other => Err(format!("`{name}`: {} is neither a date (YYYY-MM-DD) nor a boolean", describe(other))),
    }
}

fn describe(value: &Yaml) -> String {
    match value {
        Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Array(_) => "a list".into(),
        Yaml::Hash(_) => "a mapping".into(),
        _ => "the value".into(),
    }
}

/// `YYYY-MM-DD`, a day that exists (TOML rejects 2026-02-30).
fn is_date(s: &str) -> bool {
    stackls::catalogue::Date::parse(s).is_some()
}

/// A key, bare where TOML allows it.
fn key(k: &str) -> String {
    if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        k.to_owned()
    } else {
        basic_string(k)
    }
}

/// A TOML basic string: `"…"` with `\` and `"` escaped, and control characters.
fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => escape_control(c, &mut out),
        }
    }
    out.push('"');
    out
}

/// The body of a TOML multi-line basic string (between `"""` and `"""`): newlines and tabs
/// as they are, a quote escaped where it would make a run of three or end the text.
fn multiline_basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quotes = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quotes == 2 || chars.peek().is_none() => {
                out.push_str("\\\"");
                quotes = 0;
                continue;
            }
            '"' => {
                out.push('"');
                quotes += 1;
                continue;
            }
            '\\' => out.push_str("\\\\"),
            '\n' | '\t' => out.push(c),
            _ => escape_control(c, &mut out),
        }
        quotes = 0;
    }
    out
}

fn escape_control(c: char, out: &mut String) {
    match c {
        '\u{8}' => out.push_str("\\b"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\u{c}' => out.push_str("\\f"),
        '\r' => out.push_str("\\r"),
        c if c.is_ascii_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
        c => out.push(c),
    }
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: cargo run --example gen-lifecycle -- DIR > data/lifecycle.toml");
        std::process::exit(2);
    };
    match generate(Path::new(&dir), Catalogue::builtin()) {
        Ok(text) => {
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
                eprintln!("gen-lifecycle: writing the output: {e}");
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("gen-lifecycle: {e}");
            std::process::exit(1);
        }
    }
}
