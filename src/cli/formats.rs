//! Machine-readable output: JSON (stackls's own schema, documented in the README),
//! SARIF 2.1.0 and GitHub workflow commands.

use serde_json::{json, Value};
use serde_sarif::sarif;

use super::render::Summary;
use super::Report;
use crate::analysis::lines::LineIndex;
use crate::analysis::{Diagnostic, Rule, Severity, Span};
use crate::catalogue::Catalogue;

/// A 1-based line and column (in Unicode characters) and the byte offset of a point.
struct Point {
    line: usize,
    column: usize,
    offset: usize,
}

fn point(text: &str, lines: &LineIndex, offset: usize) -> Point {
    let line = lines.line(offset);
    let start = lines.line_start(line).min(offset);
    let column = text.get(start..offset).map_or(0, |s| s.chars().count());
    Point { line: line + 1, column: column + 1, offset }
}

fn range_json(text: &str, lines: &LineIndex, span: Span) -> Value {
    let (s, e) = (point(text, lines, span.start), point(text, lines, span.end));
    json!({
        "start": { "line": s.line, "column": s.column, "offset": s.offset },
        "end": { "line": e.line, "column": e.column, "offset": e.offset },
    })
}

/// `--format json`: `{ version, files: [{ path, diagnostics }], summary }`.
pub fn json(reports: &[Report], summary: &Summary) -> String {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            let lines = LineIndex::new(&r.text);
            let diagnostics: Vec<Value> = r
                .analysis
                .diagnostics
                .iter()
                .map(|d| {
                    let suggestions: Vec<Value> = d
                        .fixes
                        .iter()
                        .map(|f| {
                            let edits: Vec<Value> = f
                                .edits
                                .iter()
                                .map(|e| json!({ "range": range_json(&r.text, &lines, e.span), "text": e.text }))
                                .collect();
                            json!({ "title": f.title, "preferred": f.preferred, "edits": edits })
                        })
                        .collect();
                    json!({
                        "code": d.rule.code(),
                        "severity": d.severity.as_str(),
                        "message": d.message,
                        "range": range_json(&r.text, &lines, d.span),
                        "suggestions": suggestions,
                    })
                })
                .collect();
            json!({ "path": r.path, "diagnostics": diagnostics })
        })
        .collect();
    let out = json!({
        "version": 1,
        "files": files,
        "summary": { "files": summary.files, "errors": summary.errors, "warnings": summary.warnings, "hints": summary.other },
    });
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

fn sarif_level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info | Severity::Hint => sarif::ResultLevel::Note,
    }
}

fn sarif_level_name(level: &str) -> &'static str {
    match level {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// Where each rule is documented.
pub fn help_uri(rule: &str) -> String {
    format!("{}#rule-{rule}", env!("CARGO_PKG_HOMEPAGE"))
}

fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.replace('%', "%25").replace(' ', "%20")
}

fn region(text: &str, lines: &LineIndex, span: Span) -> sarif::Region {
    let (s, e) = (point(text, lines, span.start), point(text, lines, span.end));
    sarif::Region::builder()
        .start_line(s.line as i64)
        .start_column(s.column as i64)
        .end_line(e.line as i64)
        .end_column(e.column as i64)
        .byte_offset(s.offset as i64)
        .byte_length((e.offset - s.offset) as i64)
        .build()
}

/// `--format sarif`: SARIF 2.1.0, one run, every rule described.
pub fn sarif(reports: &[Report], catalogue: &Catalogue) -> String {
    let rules: Vec<sarif::ReportingDescriptor> = Rule::ALL
        .iter()
        .map(|rule| {
            let doc = catalogue.rule(rule.code());
            let summary = doc.map_or("", |d| d.summary.as_str());
            let explanation = doc.map_or("", |d| d.explanation.as_str());
            let example = doc.map_or("", |d| d.example.as_str());
            let level = doc.map_or("warning", |d| d.level.as_str());
            sarif::ReportingDescriptor::builder()
                .id(rule.code())
                .name(rule.code())
                .short_description(sarif::MultiformatMessageString::builder().text(summary).build())
                .full_description(sarif::MultiformatMessageString::builder().text(explanation).build())
                .help(
                    sarif::MultiformatMessageString::builder()
                        .text(format!("{explanation}\n\nExample:\n{example}"))
                        .markdown(format!("{explanation}\n\nExample:\n\n```toml\n{example}\n```"))
                        .build(),
                )
                .help_uri(help_uri(rule.code()))
                .default_configuration(
                    sarif::ReportingConfiguration::builder().level(json!(sarif_level_name(level))).build(),
                )
                .build()
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let lines = LineIndex::new(&r.text);
        for d in &r.analysis.diagnostics {
            results.push(sarif_result(r, &lines, d));
        }
    }
    let driver = sarif::ToolComponent::builder()
        .name("stackls")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_HOMEPAGE"))
        .rules(rules)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .build();
    let log = sarif::Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn sarif_result(r: &Report, lines: &LineIndex, d: &Diagnostic) -> sarif::Result {
    let artifact = sarif::ArtifactLocation::builder().uri(uri(&r.path)).build();
    let location = sarif::Location::builder()
        .physical_location(
            sarif::PhysicalLocation::builder()
                .artifact_location(artifact.clone())
                .region(region(&r.text, lines, d.span))
                .build(),
        )
        .build();
    let fixes: Vec<sarif::Fix> = d
        .fixes
        .iter()
        .map(|f| {
            let replacements: Vec<sarif::Replacement> = f
                .edits
                .iter()
                .map(|e| {
                    sarif::Replacement::builder()
                        .deleted_region(region(&r.text, lines, e.span))
                        .inserted_content(sarif::ArtifactContent::builder().text(e.text.clone()).build())
                        .build()
                })
                .collect();
            sarif::Fix::builder()
                .description(sarif::Message::builder().text(f.title.clone()).build())
                .artifact_changes(vec![sarif::ArtifactChange::builder()
                    .artifact_location(artifact.clone())
                    .replacements(replacements)
                    .build()])
                .build()
        })
        .collect();
    let index = Rule::ALL.iter().position(|x| *x == d.rule).unwrap_or(0);
    let builder = sarif::Result::builder()
        .rule_id(d.rule.code())
        .rule_index(index as i64)
        .level(sarif_level(d.severity))
        .message(sarif::Message::builder().text(d.message.clone()).build())
        .locations(vec![location]);
    if fixes.is_empty() {
        builder.build()
    } else {
        builder.fixes(fixes).build()
    }
}

/// Escapes workflow-command data (`%`, CR, LF) and, for properties, `:` and `,`.
fn escape(s: &str, property: bool) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        s.replace(':', "%3A").replace(',', "%2C")
    } else {
        s
    }
}

/// `--format github`: one workflow annotation command per finding.
pub fn github(reports: &[Report]) -> String {
    let mut out = String::new();
    for r in reports {
        let lines = LineIndex::new(&r.text);
        for d in &r.analysis.diagnostics {
            let (s, e) = (point(&r.text, &lines, d.span.start), point(&r.text, &lines, d.span.end));
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            out.push_str(&format!(
                "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}\n",
                escape(&r.path, true),
                s.line,
                e.line,
                s.column,
                e.column,
                escape(&format!("stackls {}", d.rule.code()), true),
                escape(&d.message, false)
            ));
        }
    }
    out
}
