//! The command line: `check` and `explain`. Reads files, calls the analysis, prints.

mod render;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::analyze;
use crate::catalogue::Catalogue;

pub use render::{render_human, Summary};

/// Exit codes, as documented in the README.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Reads a stack file as UTF-8 text, with a message fit for a user on failure.
pub fn read_stack_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!("{} is not UTF-8 text (invalid byte at offset {})", path.display(), e.utf8_error().valid_up_to())
    })
}

/// `stackls check`: analyses each file and prints its findings. Returns the exit code.
pub fn check(paths: &[PathBuf], color: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let default = [PathBuf::from("stack.toml")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let catalogue = Catalogue::builtin();
    let mut summary = Summary::default();
    let mut failed = false;
    for path in paths {
        let text = match read_stack_file(path) {
            Ok(text) => text,
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                failed = true;
                continue;
            }
        };
        let analysis = analyze(&text, catalogue);
        summary.files += 1;
        let rendered = render_human(&path.display().to_string(), &text, &analysis.diagnostics, color);
        let _ = out.write_all(rendered.as_bytes());
        summary.add(&analysis.diagnostics);
    }
    let _ = writeln!(out, "{}", summary.line());
    if failed {
        EXIT_USAGE
    } else if summary.errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `stackls explain`: a technology's catalogue entry or a rule's documentation.
pub fn explain(name: &str, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let catalogue = Catalogue::builtin();
    if let Some(tech) = catalogue.by_id(name) {
        let _ = writeln!(out, "{}", crate::analysis::technology_markdown(catalogue, tech, &[]));
        return EXIT_OK;
    }
    if let Some(rule) = catalogue.rule(&name.to_lowercase()) {
        let _ = writeln!(
            out,
            "{} (default: {})\n\n{}\n\n{}\n\nExample:\n\n{}",
            rule.code, rule.level, rule.summary, rule.explanation, rule.example
        );
        return EXIT_OK;
    }
    let names: Vec<&str> = catalogue
        .technologies
        .iter()
        .map(|t| t.id.as_str())
        .chain(catalogue.rules.iter().map(|r| r.code.as_str()))
        .collect();
    let suggestions = crate::analysis::suggest(name, &names);
    match suggestions.first() {
        Some(s) => {
            let _ = writeln!(err, "error: `{name}` is neither a technology nor a rule; did you mean `{s}`?");
        }
        None => {
            let _ = writeln!(err, "error: `{name}` is neither a technology nor a rule");
        }
    }
    EXIT_USAGE
}
