//! `pnpm-workspace.yaml`: the workspace's `packages` globs, each a `Member` (a `!` glob, which
//! excludes, is kept as written for the reader of members to apply). Nothing else of the
//! file (catalogs, settings) says how projects join.
//!
//! Read through yaml-rust2's event parser, as compose files are: aliases are never expanded
//! (an aliased glob is skipped), and only the top-level mapping's `packages` sequence of
//! scalars is read.

use yaml_rust2::parser::{Event, Parser};

use super::common::{strip_bom, At, LineIndex};
use super::{Dependency, Scope, What};

pub(super) fn workspace(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let lines = LineIndex::new(text);
    let last_line = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
    let mut parser = Parser::new_from_str(text);
    let mut out = Vec::new();
    // Open collections: (is a mapping, expecting its next key). The top-level mapping is at
    // depth 1, `packages`' sequence at depth 2.
    let mut stack: Vec<(bool, bool)> = Vec::new();
    // Whether the value being read is the top-level `packages`.
    let mut in_packages = false;
    let mut key_is_packages = false;
    loop {
        let (event, mark) =
            parser.next_token().map_err(|e| format!("not valid YAML: {} at line {}", e.info(), e.marker().line()))?;
        // YAML also breaks lines at a lone `\r`, which the evidence's lines do not: a line
        // past the text's last is its last.
        let line = u32::try_from(mark.line()).unwrap_or(u32::MAX).clamp(1, last_line);
        match event {
            Event::StreamEnd => break,
            Event::Scalar(value, ..) => {
                let depth = stack.len();
                match stack.last_mut() {
                    Some((true, expecting_key)) => {
                        if *expecting_key && depth == 1 {
                            key_is_packages = value == "packages";
                        }
                        *expecting_key = !*expecting_key;
                    }
                    Some((false, _)) if in_packages && depth == 2 && !value.trim().is_empty() => {
                        out.push(lines.dep(What::Member, value.trim(), None, None, At::Line(line), Scope::Runtime));
                    }
                    _ => {}
                }
            }
            Event::Alias(_) => {
                if let Some((true, expecting_key)) = stack.last_mut() {
                    *expecting_key = !*expecting_key;
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let top_value = stack.len() == 1 && stack.last() == Some(&(true, false));
                in_packages = !is_map && top_value && key_is_packages;
                if stack.len() == 1 && !top_value {
                    key_is_packages = false; // a complex key is not `packages`
                }
                stack.push((is_map, true));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                if stack.len() < 2 {
                    in_packages = false;
                }
                // The collection was a value (or a complex key): the parent mapping wants its next.
                if let Some((true, expecting_key)) = stack.last_mut() {
                    *expecting_key = !*expecting_key;
                }
            }
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "packages:",
    "  - 'apps/*'",
    "  - \"!**/test/**\"",
    "- x",
    "catalog:",
    "  react: ^18",
    "&a",
    "*a",
    "[a, b]",
    "? ",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn packages_are_members() {
        let text = "# the workspace\npackages:\n  - 'apps/*'\n  - \"packages/**\"\n  - '!**/test/**'\n  - ''\n\ncatalog:\n  packages: ^1\n  react: ^18.2.0\nonlyBuiltDependencies: [esbuild]\n";
        assert_eq!(
            rows(&workspace(text).unwrap()),
            [
                "3 Runtime Member apps/* - - | - 'apps/*'",
                "4 Runtime Member packages/** - - | - \"packages/**\"",
                "5 Runtime Member !**/test/** - - | - '!**/test/**'",
            ]
        );
        // The flow form; `packages` nested elsewhere, or not a sequence, says nothing.
        assert_eq!(
            rows(&workspace("packages: [a, 'b/*']\n").unwrap()),
            ["1 Runtime Member a - - | packages: [a, 'b/*']", "1 Runtime Member b/* - - | packages: [a, 'b/*']"]
        );
        assert_eq!(workspace("settings:\n  packages:\n    - a\npackages: a\n").unwrap(), []);
        assert_eq!(workspace("packages:\n  - [a]\n  - {b: c}\n").unwrap(), []);
        assert_eq!(workspace("").unwrap(), []);
        assert_eq!(workspace("- packages\n- a\n").unwrap(), []);
    }

    #[test]
    fn aliases_are_not_expanded_and_junk_is_an_error() {
        let text = "x: &g 'apps/*'\npackages:\n  - *g\n  - libs/*\n";
        assert_eq!(rows(&workspace(text).unwrap()), ["4 Runtime Member libs/* - - | - libs/*"]);
        assert!(workspace("packages: [\n").unwrap_err().starts_with("not valid YAML"));
        assert!(workspace("packages:\n- a\n b: [").is_err());
    }

    #[test]
    fn a_lone_carriage_return_keeps_lines_in_the_text() {
        // Found by the property tests: YAML breaks the line at `\r`, the text has one line.
        let deps = workspace("&acatalog:\tpackages:\r  - 'apps/*'").unwrap_or_default();
        assert!(!deps.is_empty() && deps.iter().all(|d| d.line == 1), "{deps:?}");
    }
}
