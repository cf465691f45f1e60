//! The rules' documentation, generated and checked: `data/rules.toml` (what `stackls
//! explain`, hover of rule codes and SARIF read) is made from the module documentation of
//! each rule's file, and the README's rule table and the VS Code extension's README name
//! exactly the registry's rules.

use std::path::{Path, PathBuf};

use crate::analysis::Rule;

const REGENERATE: &str = "UPDATE_RULE_DOCS=1 cargo test --locked --lib rules::docs";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The file that declares `rule`.
fn file_of(rule: Rule) -> PathBuf {
    root().join("src/analysis/rules").join(format!("{}.rs", rule.code().replace('-', "_")))
}

/// A rule's documentation: the sections of its module doc.
struct Doc {
    /// `## What it does`, its paragraphs each on one line.
    what: String,
    /// The TOML of `## Example`.
    example: String,
}

/// The module doc of a rule's file, read as sections: `## What it does`, `## Why it
/// matters` and `## Example` (a `toml` code block) must all be there.
fn doc_of(rule: Rule) -> Result<Doc, String> {
    let path = file_of(rule);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.strip_prefix("//! ").unwrap_or(l.trim_start_matches("//!")))
        .collect();
    let section = |heading: &str| -> Result<Vec<&str>, String> {
        let start = lines
            .iter()
            .position(|l| *l == heading)
            .ok_or_else(|| format!("{}: the module doc has no `{heading}`", path.display()))?;
        Ok(lines[start + 1..].iter().take_while(|l| !l.starts_with("## ")).copied().collect())
    };
    let what = section("## What it does")?;
    let why = section("## Why it matters")?;
    if why.iter().all(|l| l.trim().is_empty()) {
        return Err(format!("{}: `## Why it matters` is empty", path.display()));
    }
    let example = section("## Example")?;
    let code: Vec<&str> =
        example.iter().skip_while(|l| **l != "```toml").skip(1).take_while(|l| **l != "```").copied().collect();
    if code.is_empty() {
        return Err(format!("{}: `## Example` needs a ```toml block", path.display()));
    }
    let paragraphs: Vec<String> =
        what.split(|l| l.trim().is_empty()).filter(|p| !p.is_empty()).map(|p| p.join(" ")).collect();
    if paragraphs.is_empty() {
        return Err(format!("{}: `## What it does` is empty", path.display()));
    }
    Ok(Doc { what: paragraphs.join("\n\n"), example: code.join("\n") })
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `data/rules.toml` as the rules' files document it.
fn generate() -> Result<String, String> {
    let mut out = String::from(
        "# The long documentation of the rules stackls checks, shown by hover, `stackls explain` and\n\
         # SARIF output. Generated from the module documentation of each rule's file in\n\
         # src/analysis/rules/ (`## What it does`, `## Example`): edit those, then run\n",
    );
    out.push_str(&format!("# `{REGENERATE}`.\n"));
    for rule in Rule::ALL {
        let doc = doc_of(rule)?;
        out.push_str(&format!(
            "\n[[rule]]\ncode = {}\nexplanation = {}\nexample = {}\n",
            quoted(rule.code()),
            quoted(&doc.what),
            quoted(&doc.example)
        ));
    }
    Ok(out)
}

fn first_difference(a: &str, b: &str) -> String {
    match a.lines().zip(b.lines()).position(|(x, y)| x != y) {
        Some(n) => format!("first difference at line {}", n + 1),
        None => format!("the files differ in length ({} and {} bytes)", a.len(), b.len()),
    }
}

#[test]
fn data_rules_toml_is_generated_from_the_rules_files() {
    let generated = generate().unwrap_or_else(|e| panic!("{e}"));
    let path = root().join("data/rules.toml");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if generated == committed {
        return;
    }
    if std::env::var_os("UPDATE_RULE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write data/rules.toml");
        return;
    }
    panic!(
        "data/rules.toml is not what the rules' docs in src/analysis/rules/ say ({}); regenerate it:\n  {REGENERATE}",
        first_difference(&generated, &committed)
    );
}

/// The rows of README's `## Rules` tables: each rule's code (its anchor) and default level.
fn readme_rows(readme: &str) -> Vec<(String, String)> {
    let start = readme.find("\n## Rules\n").expect("README.md has a `## Rules` section");
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    section
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("| <a id=\"rule-")?;
            let (code, rest) = rest.split_once('"')?;
            let level = rest.split('|').nth(1)?.trim();
            Some((code.to_string(), level.to_string()))
        })
        .collect()
}

/// README's rule table lists every rule once, with its default level, and nothing else.
#[test]
fn the_readme_rule_table_lists_the_registry() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let rows = readme_rows(&readme);
    let mut problems = Vec::new();
    for rule in Rule::ALL {
        let level = rule.default_level().as_str();
        match rows.iter().filter(|(c, _)| c == rule.code()).collect::<Vec<_>>().as_slice() {
            [] => problems.push(format!(
                "add a row `| <a id=\"rule-{0}\"></a>`{0}` | {level} | example | finding |`",
                rule.code()
            )),
            [(_, l)] if l == level => {}
            [(_, l)] => problems.push(format!("`{}`: the default level is {level}, not {l}", rule.code())),
            _ => problems.push(format!("`{}` has more than one row with its anchor", rule.code())),
        }
    }
    for (code, _) in &rows {
        if Rule::from_code(code).is_none() {
            problems.push(format!("remove the row of `{code}`: no such rule"));
        }
    }
    assert!(problems.is_empty(), "README.md `## Rules` disagrees with the registry:\n{}", problems.join("\n"));
}

/// The VS Code extension's README names the rules levels apply to, in registry order.
#[test]
fn the_vscode_readme_lists_the_levelled_rules() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode/README.md");
    let readme = std::fs::read_to_string(&path).expect("editors/vscode/README.md");
    let start = readme.find("The rule codes for `stackls.lint.*` are").expect("the sentence listing the rule codes");
    let sentence = &readme[start..];
    let sentence = &sentence[..sentence.find("cannot be silenced").unwrap_or(sentence.len())];
    let listed: Vec<&str> = sentence.split('`').skip(3).step_by(2).filter(|c| *c != "syntax").collect();
    let codes: Vec<&str> = Rule::levelled_rules().map(Rule::code).collect();
    let expected: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
    assert_eq!(
        listed,
        codes,
        "editors/vscode/README.md should list the rule codes as: {} (and say that `syntax` cannot be silenced)",
        expected.join(", ")
    );
}
