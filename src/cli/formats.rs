//! Machine-readable output: JSON (stackls's own schema, documented in the README),
//! SARIF 2.1.0 and GitHub workflow commands.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;
use serde_sarif::sarif;

use super::render::{render_human, Summary};
use super::{Format, Report};
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

/// `{ line, column, offset }` in `--format json`.
#[derive(Serialize)]
struct JsonPoint {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPoint,
    end: JsonPoint,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: JsonRange,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonSuggestion<'a> {
    title: &'a str,
    preferred: bool,
    edits: Vec<JsonEdit<'a>>,
}

/// A source behind a finding: its id in `sources.toml`, its title and URL (absent for a
/// source the built-in catalogue does not hold).
#[derive(Serialize)]
struct JsonSource<'a> {
    id: &'a str,
    title: Option<&'a str>,
    url: Option<&'a str>,
}

/// One finding in `--format json`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    range: JsonRange,
    suggestions: Vec<JsonSuggestion<'a>>,
    /// The sources of the claims behind it (a `tradeoff`'s con), none for most rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<JsonSource<'a>>,
}

/// The sources behind `d`, each once.
fn sources<'a>(d: &'a Diagnostic, catalogue: &'a Catalogue) -> Vec<JsonSource<'a>> {
    let mut out: Vec<JsonSource<'a>> = Vec::new();
    for id in d.subject.iter().flat_map(|s| s.sources.iter()) {
        if out.iter().any(|s| s.id == id.as_str()) {
            continue;
        }
        let source = catalogue.source(id);
        out.push(JsonSource {
            id: id.as_str(),
            title: source.map(|s| s.title.as_str()),
            url: source.and_then(|s| s.url.as_deref()),
        });
    }
    out
}

fn range_json(text: &str, lines: &LineIndex, span: Span) -> JsonRange {
    let (s, e) = (point(text, lines, span.start), point(text, lines, span.end));
    JsonRange {
        start: JsonPoint { line: s.line, column: s.column, offset: s.offset },
        end: JsonPoint { line: e.line, column: e.column, offset: e.offset },
    }
}

fn json_diagnostic<'a>(text: &str, lines: &LineIndex, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let suggestions = d
        .fixes
        .iter()
        .map(|f| JsonSuggestion {
            title: &f.title,
            preferred: f.preferred,
            edits: f.edits.iter().map(|e| JsonEdit { range: range_json(text, lines, e.span), text: &e.text }).collect(),
        })
        .collect();
    JsonDiagnostic {
        code: d.rule.code(),
        severity: d.severity.as_str(),
        message: &d.message,
        range: range_json(text, lines, d.span),
        suggestions,
        sources: sources(d, Catalogue::builtin()),
    }
}

/// `serde_json`'s pretty printer (two spaces, `": "`), starting `level` levels deep, so a
/// document written piece by piece reads exactly like one printed whole. Each indent is one
/// write, where `PrettyFormatter` writes one per level.
struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    fn newline<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        let mut n = 2 * self.level;
        while n > 0 {
            let chunk = n.min(SPACES.len());
            w.write_all(&SPACES[..chunk])?;
            n -= chunk;
        }
        Ok(())
    }

    /// `[` or `{`: one level deeper.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// `]` or `}`, on a line of its own unless the container is empty.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.newline(w, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.newline(w, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The JSON of a file's findings is written out in pieces of about this size.
const FLUSH_AT: usize = 64 * 1024;

/// Appends `value` to `buf`, pretty-printed as if nested `level` levels deep.
fn write_nested(buf: &mut Vec<u8>, value: &impl Serialize, level: usize) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(buf, Indented { level, has_value: false });
    value.serialize(&mut serializer).map_err(io::Error::other)
}

/// Writes reports as they are produced, so a run over many or large files holds one file's
/// findings at a time. The JSON is the same document `serde_json` would print whole:
/// `{ version, files: [{ path, diagnostics }], summary }`.
pub struct Emitter {
    format: Format,
    color: bool,
    files: usize,
    sarif: Vec<sarif::Result>,
}

impl Emitter {
    pub fn new(format: Format, color: bool) -> Self {
        Emitter { format, color, files: 0, sarif: Vec::new() }
    }

    pub fn file(&mut self, out: &mut dyn Write, r: &Report) -> io::Result<()> {
        self.files += 1;
        match self.format {
            Format::Human => render_human(out, &r.path, &r.text, &r.diagnostics, self.color, Catalogue::builtin()),
            Format::Json => {
                let lines = LineIndex::new(&r.text);
                out.write_all(if self.files == 1 { b"{\n  \"version\": 1,\n  \"files\": [\n" } else { b",\n" })?;
                let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
                buf.extend_from_slice(b"    {\n      \"path\": ");
                serde_json::to_writer(&mut buf, &r.path).map_err(io::Error::other)?;
                buf.extend_from_slice(b",\n      \"diagnostics\": ");
                if r.diagnostics.is_empty() {
                    buf.extend_from_slice(b"[]");
                } else {
                    // As `PrettyFormatter` prints an array four levels deep.
                    buf.push(b'[');
                    for (i, d) in r.diagnostics.iter().enumerate() {
                        buf.extend_from_slice(if i == 0 { b"\n        " } else { b",\n        " });
                        write_nested(&mut buf, &json_diagnostic(&r.text, &lines, d), 4)?;
                        if buf.len() >= FLUSH_AT {
                            out.write_all(&buf)?;
                            buf.clear();
                        }
                    }
                    buf.extend_from_slice(b"\n      ]");
                }
                buf.extend_from_slice(b"\n    }");
                out.write_all(&buf)
            }
            Format::Sarif => {
                let lines = LineIndex::new(&r.text);
                let mut fingerprints = Fingerprints::new(&r.text);
                self.sarif.extend(r.diagnostics.iter().map(|d| {
                    let print = fingerprints.of(&r.path, d);
                    sarif_result(r, &lines, d, print)
                }));
                Ok(())
            }
            Format::Github => github(out, r),
        }
    }

    /// Ends the report; SARIF documents the rules from `catalogue`.
    pub fn finish(self, out: &mut dyn Write, summary: &Summary, quiet: bool, catalogue: &Catalogue) -> io::Result<()> {
        match self.format {
            Format::Human if quiet => Ok(()),
            Format::Human => writeln!(out, "{}", summary.line()),
            Format::Json => {
                out.write_all(if self.files == 0 { b"{\n  \"version\": 1,\n  \"files\": []" } else { b"\n  ]" })?;
                out.write_all(b",\n  \"summary\": ")?;
                let summary = json!({ "files": summary.files, "errors": summary.errors, "warnings": summary.warnings, "hints": summary.other });
                let mut buf = Vec::new();
                write_nested(&mut buf, &summary, 1)?;
                out.write_all(&buf)?;
                out.write_all(b"\n}\n")
            }
            Format::Sarif => writeln!(out, "{}", sarif(self.sarif, catalogue)),
            Format::Github => Ok(()),
        }
    }
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
fn sarif(results: Vec<sarif::Result>, catalogue: &Catalogue) -> String {
    let rules: Vec<sarif::ReportingDescriptor> = Rule::ALL
        .iter()
        .map(|rule| {
            let doc = catalogue.rule(rule.code());
            let summary = rule.info().summary;
            let explanation = doc.map_or("", |d| d.explanation.as_str());
            let example = doc.map_or("", |d| d.example.as_str());
            let level = rule.default_level().as_str();
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
                .help_uri(rule.docs_url())
                .default_configuration(
                    sarif::ReportingConfiguration::builder().level(json!(sarif_level_name(level))).build(),
                )
                .build()
        })
        .collect();
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

/// Stable identities for code scanning (`partialFingerprints`): a finding keeps its
/// fingerprint when unrelated lines are added, moved or removed around it, so GitHub tracks it
/// as the same alert. Made of the file, the rule, the message, the text the finding covers and
/// the table it is in (its keys as parsed: comments and spacing play no part), with a count
/// for identical ones; line numbers play no part.
struct Fingerprints<'t> {
    text: &'t str,
    /// The tables, to find the one a finding is in.
    tree: crate::analysis::syntax::Tree,
    seen: rustc_hash::FxHashMap<u64, u32>,
}

impl<'t> Fingerprints<'t> {
    fn new(text: &'t str) -> Fingerprints<'t> {
        Fingerprints { text, tree: crate::analysis::syntax::parse_grammar(text), seen: Default::default() }
    }

    fn of(&mut self, path: &str, d: &Diagnostic) -> String {
        let table = crate::analysis::query::table_at(&self.tree, d.span.start);
        let header =
            table.map(|t| t.keys.iter().map(|k| k.text.as_str()).collect::<Vec<_>>().join(".")).unwrap_or_default();
        let covered = self.text.get(d.span.start..d.span.end).unwrap_or("");
        let mut hash = Fnv::default();
        for part in [path, d.rule.code(), &d.message, covered, &header] {
            hash.write(part.as_bytes());
            hash.write(&[0]);
        }
        let key = hash.0;
        let n = self.seen.entry(key).or_insert(0);
        *n += 1;
        format!("{key:016x}:{n}")
    }
}

/// FNV-1a, 64 bits: a fingerprint must be the same in every build and on every platform,
/// which the standard library's hasher does not promise.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn sarif_result(r: &Report, lines: &LineIndex, d: &Diagnostic, fingerprint: String) -> sarif::Result {
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
        .locations(vec![location])
        .partial_fingerprints(std::collections::BTreeMap::from([("stackls/v1".to_string(), fingerprint)]));
    let mut result = if fixes.is_empty() { builder.build() } else { builder.fixes(fixes).build() };
    // The sources behind the finding, for a reader to check the claim (the rule's own
    // documentation is its `helpUri`).
    let sources = sources(d, Catalogue::builtin());
    if !sources.is_empty() {
        let value = serde_json::to_value(&sources).unwrap_or(serde_json::Value::Null);
        let bag = sarif::PropertyBag::builder()
            .additional_properties(std::collections::BTreeMap::from([("sources".to_string(), value)]))
            .build();
        result.properties = Some(bag);
    }
    result
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
fn github(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let lines = LineIndex::new(&r.text);
    for d in &r.diagnostics {
        let (s, e) = (point(&r.text, &lines, d.span.start), point(&r.text, &lines, d.span.end));
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
            escape(&r.path, true),
            s.line,
            e.line,
            s.column,
            e.column,
            escape(&format!("stackls {}", d.rule.code()), true),
            escape(&d.message, false)
        )?;
    }
    Ok(())
}
