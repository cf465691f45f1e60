//! The command line: `check`, `explain`, `schema`, `catalogue`. Reads files, calls the
//! analysis, prints. Rendering lives in `render.rs` (human) and `formats.rs` (JSON, SARIF,
//! GitHub).

mod formats;
mod init;
mod inputs;
mod render;
mod schema;

use std::io::Write;
use std::path::PathBuf;

use crate::analysis::{Analysis, Config, Diagnostic};
use crate::background;
use crate::catalogue::{Catalogue, Kind};
use crate::workspace::{FileAnalyser, FileAnalysis, StackFile};

pub use init::{init, InitOptions};
pub use inputs::read_stack_file;
pub use render::Summary;
pub use schema::json_schema;

/// Exit codes, as documented in the README.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Files, directories, or `-` for standard input; empty means `./stack.toml`.
    pub paths: Vec<PathBuf>,
    /// The name shown for standard input.
    pub stdin_filename: Option<String>,
    pub format: Format,
    pub color: bool,
    /// Exit 1 on warnings too.
    pub error_on_warnings: bool,
    /// Findings only: no summary line.
    pub quiet: bool,
    /// Rule levels from `-A/-W/-D`, over the files' `[lint]`.
    pub config: Config,
    /// Read each service's manifests (`drift`); off with `--no-detect`.
    pub detect: bool,
}

/// One analysed file: what the output formats need of it.
pub struct Report {
    /// As shown to the user (relative paths stay relative).
    pub path: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// `stackls check`: analyses the inputs and prints their findings. Returns the exit code.
///
/// Each file is written out as soon as it is analysed and then dropped, so memory holds one
/// file's analysis at a time however many files there are.
pub fn check(options: &CheckOptions, stdin: &mut dyn std::io::Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    // The built-in catalogue is loaded on a second thread while the first file is read and
    // parsed; `Catalogue::builtin` waits for it where it is first needed.
    let _ = std::thread::Builder::new().name("stackls-catalogue".into()).spawn(|| {
        Catalogue::builtin();
    });
    let config =
        Config { today: options.config.today.or_else(|| Some(crate::clock::today())), ..options.config.clone() };
    let (inputs, mut failed) = inputs::collect(&options.paths, options.stdin_filename.as_deref(), stdin, err);
    let mut analyser = Analyser::new(config, options.detect);
    let mut summary = Summary::default();
    let mut emitter = formats::Emitter::new(options.format, options.color);
    let mut written = Ok(());
    for input in inputs {
        let mut reports = Vec::new();
        let analysis = analyser.analyse(&input, &mut reports);
        // Only the findings are kept: the tree and model are dropped (off the main thread
        // when large).
        let Analysis { tree, model, diagnostics, .. } = analysis;
        background::drop_analysis((tree, model), input.text.len());
        reports.push(Report { path: input.name, text: input.text, diagnostics });
        for report in reports {
            summary.files += 1;
            summary.add(&report.diagnostics);
            if written.is_ok() {
                written = emitter.file(out, &report);
            }
        }
    }
    let written = written
        .and_then(|()| emitter.finish(out, &summary, options.quiet, Catalogue::builtin()))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        let _ = writeln!(err, "error: cannot write the report: {e}");
        failed = true;
    }
    if failed {
        EXIT_USAGE
    } else if summary.errors > 0 || (options.error_on_warnings && summary.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Analyses stack files as `check` does (and `report`, which shows the same findings), through
/// the one analysis of a file on disk (`crate::workspace`): the user catalogue beside each
/// file (its own problems become reports of their own, the first time its folder is seen)
/// and, unless turned off, the services' manifests.
struct Analyser {
    config: Config,
    files: FileAnalyser,
}

impl Analyser {
    fn new(config: Config, detect: bool) -> Analyser {
        Analyser { config, files: FileAnalyser::new(detect) }
    }

    /// The analysis of one input; problems of the user catalogue beside it are added to
    /// `reports`.
    fn analyse(&mut self, input: &inputs::Input, reports: &mut Vec<Report>) -> Analysis {
        let file = StackFile { text: &input.text, dir: Some(&input.dir), kept: None };
        let FileAnalysis { analysis, catalogue_files } = self.files.analyse(file, &self.config);
        for file in catalogue_files.into_iter().flatten().filter(|f| !f.findings.is_empty()) {
            reports.push(Report { path: file.path.display().to_string(), text: file.text, diagnostics: file.findings });
        }
        analysis
    }
}

/// `stackls report`'s options.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// A stack file, a folder holding `stack.toml` (or a single stack file), or `-` for
    /// standard input; default `./stack.toml`.
    pub path: Option<PathBuf>,
    /// Where to write the page; standard output when `None`.
    pub output: Option<PathBuf>,
    /// Rule levels from `-A/-W/-D` and the date, as for `check`.
    pub config: Config,
    pub detect: bool,
}

/// `stackls report`: the stack file's report as one HTML page, from the same analysis as
/// `check`. Returns the exit code: 0 once the page is written, whatever it finds.
pub fn report(options: &ReportOptions, stdin: &mut dyn std::io::Read, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let today = options.config.today.unwrap_or_else(crate::clock::today);
    let config = Config { today: Some(today), ..options.config.clone() };
    let path = match &options.path {
        None => PathBuf::from("stack.toml"),
        Some(p) if p.is_dir() => match inputs::stack_file_in(p) {
            Ok(found) => found,
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return EXIT_USAGE;
            }
        },
        Some(p) => p.clone(),
    };
    let (inputs, failed) = inputs::collect(std::slice::from_ref(&path), None, stdin, err);
    let Some(input) = inputs.into_iter().next().filter(|_| !failed) else {
        return EXIT_USAGE;
    };
    let mut reports = Vec::new();
    let analysis = Analyser::new(config, options.detect).analyse(&input, &mut reports);
    for r in &reports {
        let _ = writeln!(
            err,
            "warning: {} has {} problem(s), left out of the catalogue (`stackls check` shows them)",
            r.path,
            r.diagnostics.len()
        );
    }
    let version = env!("CARGO_PKG_VERSION");
    let meta = crate::report::Meta { file: &input.name, version, today };
    let page = crate::report::html(&crate::report::Report::new(&analysis, &meta));
    let written = match &options.output {
        None => out.write_all(page.as_bytes()).and_then(|()| out.flush()),
        Some(file) => std::fs::write(file, page.as_bytes()),
    };
    match written {
        Ok(()) => {
            if let Some(file) = &options.output {
                let _ = writeln!(err, "wrote {}", file.display());
            }
            EXIT_OK
        }
        Err(e) => {
            let target = options.output.as_ref().map_or("standard output".to_string(), |f| f.display().to_string());
            let _ = writeln!(err, "error: cannot write {target}: {e}");
            EXIT_USAGE
        }
    }
}

/// `stackls --version`: the version, then the lifecycle data it ships (source, date, commit)
/// with the data's licence notice.
pub fn long_version() -> String {
    let mut out = env!("CARGO_PKG_VERSION").to_string();
    if let Some(d) = Catalogue::builtin().lifecycle_data() {
        let title = Catalogue::builtin().source(&d.source).map_or(d.source.as_str(), |s| s.publisher.as_str());
        let date = d.date.map(|d| format!(", as of {d}")).unwrap_or_default();
        let commit = d.commit.as_deref().map(|c| format!(" (commit {})", &c[..c.len().min(7)])).unwrap_or_default();
        out.push_str(&format!("\nLifecycle data: endoflife.date ({title}){date}{commit}, MIT License:\n"));
        if let Some(notice) = &d.notice {
            out.push('\n');
            out.push_str(notice.trim_end());
        }
    }
    out
}

/// `stackls explain`: a technology's catalogue entry (with its release cycles as of
/// `today`; `django@4.2` marks that cycle) or a rule's documentation.
pub fn explain(name: &str, today: crate::analysis::Date, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let catalogue = Catalogue::builtin();
    let (tech_name, version) = crate::analysis::split_version(name);
    if let Some(tech) = catalogue.by_id(tech_name) {
        let doc = crate::analysis::techdoc::TechDoc::new(catalogue, tech, &[])
            .with_lifecycle(catalogue, tech, version, Some(today))
            .aged_on(catalogue, Some(today));
        let _ = write!(out, "{}", doc.plain());
        return EXIT_OK;
    }
    if let Some(rule) = crate::analysis::Rule::from_code(&name.trim().to_lowercase()).map(crate::analysis::Rule::info) {
        let (explanation, example) =
            catalogue.rule(rule.code).map_or(("", ""), |d| (d.explanation.as_str(), d.example.as_str()));
        let _ = writeln!(
            out,
            "{} (default: {})\n\n{}\n\n{}\n\nExample:\n\n{}",
            rule.code,
            rule.default.as_str(),
            rule.summary,
            explanation,
            example
        );
        return EXIT_OK;
    }
    let names: Vec<&str> =
        catalogue.names().map(|(n, _)| n).chain(catalogue.rules.iter().map(|r| r.code.as_str())).collect();
    let suggestions = crate::analysis::suggest(name, &names);
    let _ = match suggestions.first() {
        Some(s) => {
            let s = catalogue.by_id(s).map_or(*s, |t| t.id.as_str());
            writeln!(err, "error: `{name}` is neither a technology nor a rule; did you mean `{s}`?")
        }
        None => writeln!(err, "error: `{name}` is neither a technology nor a rule; `stackls catalogue` lists them"),
    };
    EXIT_USAGE
}

/// `stackls schema`: the JSON Schema of the stack-file format.
pub fn schema(out: &mut dyn Write) -> i32 {
    let schema = json_schema(Catalogue::builtin());
    match serde_json::to_string_pretty(&schema) {
        Ok(s) => {
            let _ = writeln!(out, "{s}");
            EXIT_OK
        }
        Err(_) => EXIT_USAGE,
    }
}

/// `stackls catalogue`: the known technologies by kind.
pub fn catalogue(json: bool, out: &mut dyn Write) -> i32 {
    let catalogue = Catalogue::builtin();
    if json {
        let list: Vec<serde_json::Value> = catalogue
            .technologies
            .iter()
            .map(|t| {
                serde_json::json!({
                    "id": t.id, "name": t.name, "kind": t.kind.as_str(), "aliases": t.aliases,
                    "languages": t.languages, "category": t.category, "summary": t.summary, "sources": t.sources,
                })
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&list).unwrap_or_default());
        return EXIT_OK;
    }
    for kind in Kind::ALL {
        let _ = writeln!(out, "{}s:", kind.noun());
        for (_, t) in catalogue.of_kind(kind) {
            let mut extra = Vec::new();
            if !t.languages.is_empty() {
                extra.push(format!("on {}", t.languages.join(", ")));
            }
            if let Some(c) = &t.category {
                extra.push(c.clone());
            }
            if !t.aliases.is_empty() {
                extra.push(format!("aliases: {}", t.aliases.join(", ")));
            }
            let extra = if extra.is_empty() { String::new() } else { format!(" ({})", extra.join("; ")) };
            let _ = writeln!(out, "  {:<14} {}{extra}", t.id, t.name);
        }
        let _ = writeln!(out);
    }
    EXIT_OK
}
