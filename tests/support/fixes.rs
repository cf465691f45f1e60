//! The quick-fix guarantee ("fixes never break the file"), checked one way for every corpus:
//! the fixtures and examples (`it::analysis`) and the mutated property corpus
//! (`it::properties`).

use std::sync::Arc;

use stackls::analysis::{analyze_with, Analysis, Config, Date, Diagnostic, Fix, Rule, Severity};
use stackls::catalogue::Catalogue;

/// Applies every quick fix offered for the first `limit` findings of `text`, one at a time,
/// and returns how many fixes were applied and what each broke. A fix must remove the
/// finding it was offered for, break no TOML (no more syntax errors than before) and bring
/// no new error-level finding (a "Switch to …" that the service's language or framework
/// cannot run would turn a warning into an error); see [`new_errors`] and the two stated
/// exceptions, [`renames_a_table`] and [`corrects_a_versioned_name`].
pub fn quick_fix_problems(text: &str, catalogue: &Arc<Catalogue>, limit: usize) -> (usize, Vec<String>) {
    // A fixed day, so that versions past their end of life are found and their upgrades
    // checked (the fixtures' day).
    let config = Config { today: Date::new(2026, 11, 30), ..Config::default() };
    let analyze = |text: &str| analyze_with(text, catalogue, &config);
    let before = analyze(text);
    let syntax_errors = |a: &Analysis| a.diagnostics.iter().filter(|d| d.rule == Rule::Syntax).count();
    let mut applied = 0;
    let mut problems = Vec::new();
    for d in before.diagnostics.iter().take(limit) {
        for fix in &before.fixes_for(d) {
            let fixed = super::apply_edits(text, &fix.edits);
            let after = analyze(&fixed);
            applied += 1;
            if after
                .diagnostics
                .iter()
                .any(|a| a.rule == d.rule && a.message == d.message && a.span.start == d.span.start)
            {
                problems.push(format!("fix {:?} left {:?} in\n{fixed}", fix.title, d.message));
            }
            if syntax_errors(&after) > syntax_errors(&before) {
                problems.push(format!("fix {:?} broke the TOML:\n{fixed}", fix.title));
            }
            let mut new = if renames_a_table(text, d, fix) { Vec::new() } else { new_errors(&before, &after) };
            if corrects_a_versioned_name(d, fix) {
                new.retain(|e| !e.starts_with("version-mismatch:") && !e.starts_with("unknown-version:"));
            }
            if !new.is_empty() {
                problems.push(format!("fix {:?} for {:?} brings new errors {new:?} in\n{fixed}", fix.title, d.message));
            }
        }
    }
    (applied, problems)
}

/// Findings of `after` that are errors by their rule's default level (a syntax error, an
/// invalid or unknown value, a language mismatch) and that `before` did not have: what a
/// quick fix must never introduce. Warnings that the file's own `[lint] deny` raises to
/// errors are its policy about findings that are true, not breakage a fix brought.
pub fn new_errors(before: &Analysis, after: &Analysis) -> Vec<String> {
    let old: Vec<(Rule, &str)> = before.diagnostics.iter().map(|d| (d.rule, d.message.as_str())).collect();
    after
        .diagnostics
        .iter()
        .filter(|d| d.rule.default_level() == Severity::Error)
        .filter(|d| !old.contains(&(d.rule, d.message.as_str())))
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect()
}

/// Whether `fix` renames a misspelt table (`[stak]`, `stak.framework = …`, `stak = { … }`):
/// that brings the table's contents under the format, and errors they had (hidden while the
/// table was unknown) are revealed, not introduced. [`new_errors`] does not apply to it.
pub fn renames_a_table(text: &str, d: &Diagnostic, fix: &Fix) -> bool {
    if !fix.title.starts_with("Rename to") {
        return false;
    }
    let line_start = text[..d.span.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let after = text.get(d.span.end..).unwrap_or("").trim_start();
    text[line_start..].trim_start().starts_with('[')
        || after.starts_with('.')
        || after.strip_prefix('=').is_some_and(|v| v.trim_start().starts_with('{'))
}

/// Whether `fix` corrects the misspelt name of a versioned value (`[php@7.4` → `php@7.4`):
/// the version the user wrote then comes under the lifecycle data, which can reveal that it
/// never went with the rest of the service (Laravel 12 with PHP 7.4). The error was the
/// file's all along, hidden by the typo; a version rule's new finding is not counted.
pub fn corrects_a_versioned_name(d: &Diagnostic, fix: &Fix) -> bool {
    d.rule == Rule::UnknownTechnology
        && fix.title.starts_with("Replace with `")
        && fix.edits.iter().any(|e| e.text.contains('@'))
}
