//! `stackls`: argument parsing only; the work is in the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use stackls::analysis::{rule_for_level, Config, Date, Level};
use stackls::cli::{CheckOptions, Format, EXIT_USAGE};

/// Language server and linter for stack.toml files: explains each backend technology and
/// flags choices whose known drawbacks collide with the project.
#[derive(Parser)]
#[command(name = "stackls", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server over stdio (LSP 3.17).
    Lsp {
        /// Accepted for clients that pass it (VS Code); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Check stack files and print findings; exits 1 if any is an error.
    Check(CheckArgs),
    /// Write the stack's report, one self-contained HTML page: services, fit matrix,
    /// lifecycle timeline, findings and sources.
    Report(ReportArgs),
    /// Show a technology's catalogue entry or a rule's documentation.
    Explain {
        /// A technology id or alias (flask, node; django@4.2 marks a release cycle) or a rule
        /// code (tradeoff).
        name: String,
    },
    /// Write a first stack.toml from the repository's manifests (nothing is executed).
    Init {
        /// The repository (or service) folder [default: .]
        dir: Option<PathBuf>,
        /// Replace an existing stack.toml.
        #[arg(long)]
        force: bool,
        /// Print the file instead of writing it.
        #[arg(long)]
        stdout: bool,
    },
    /// Print a JSON Schema (draft 2020-12) of the stack-file format.
    Schema,
    /// Print a shell completion script: `stackls completions bash > ~/.local/share/bash-completion/completions/stackls`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `stackls man > stackls.1 && man ./stackls.1`.
    Man,
    /// List the technologies of the built-in catalogue.
    #[command(alias = "list")]
    Catalogue {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files, directories (searched for stack.toml and *.stack.toml, honouring .gitignore),
    /// or - for standard input [default: ./stack.toml]
    paths: Vec<PathBuf>,
    /// The file name to show for standard input.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    error_on_warnings: bool,
    /// Print findings only, without the summary line.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    analysis: AnalysisArgs,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// A stack file, a folder with a stack.toml, or - for standard input [default: ./stack.toml]
    path: Option<PathBuf>,
    /// Write the page to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    analysis: AnalysisArgs,
}

/// What `check` and `report` share: rule levels over `[lint]`, detection and the date.
#[derive(clap::Args)]
struct AnalysisArgs {
    /// Silence a rule (overrides [lint]).
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    allow: Vec<String>,
    /// Report a rule as a warning (overrides [lint]).
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    warn: Vec<String>,
    /// Report a rule as an error (overrides [lint]).
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    deny: Vec<String>,
    /// Do not read the services' manifests (no `drift`).
    #[arg(long)]
    no_detect: bool,
    /// The date to judge `until` dates and ends of life by (the report's today line)
    /// [default: today, UTC].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
}

impl AnalysisArgs {
    /// The analysis config these flags give; `matches` are the subcommand's, where the
    /// order of `-A/-W/-D` is read (the later flag wins).
    fn config(&self, matches: &clap::ArgMatches) -> Result<Config, String> {
        let mut config = levels(matches)?;
        config.today = self.today;
        Ok(config)
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD, e.g. 2026-11-30"))
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// `-A/-W/-D` in command-line order (a later flag wins), or the first unknown rule.
fn levels(matches: &clap::ArgMatches) -> Result<Config, String> {
    let mut flagged: Vec<(usize, &str, Level)> = Vec::new();
    for (id, level) in [("allow", Level::Allow), ("warn", Level::Warn), ("deny", Level::Deny)] {
        let values = matches.get_many::<String>(id).into_iter().flatten();
        let indices = matches.indices_of(id).into_iter().flatten();
        flagged.extend(indices.zip(values).map(|(i, v)| (i, v.as_str(), level)));
    }
    flagged.sort_by_key(|(i, _, _)| *i);
    let mut config = Config::default();
    for (_, code, level) in flagged {
        let rule = rule_for_level(code).map_err(|e| e.to_string())?;
        config.command_line.push((rule, level));
    }
    Ok(config)
}

/// The analysis allocates many small values per document version; mimalloc serves them
/// markedly faster than the system allocator, most of all beside the server's threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A one-shot command commits arena memory as it is used, so its peak is what it holds
/// rather than what it once reserved. Freed memory is kept for mimalloc's default 10 ms
/// before it goes back to the system: given back at once, the next allocations fault
/// (and zero) the same pages in again, which cost `check` a sixth of its time on a large
/// file for 2 MB less peak. (The server keeps all of mimalloc's defaults: it reuses what
/// it frees on the next edit.) Option number from mimalloc's `mi_option_e`; the crate's
/// constants predate it.
fn lean_allocator() {
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    // SAFETY: setting an option is a plain store inside mimalloc, valid at any time.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
    }
}

fn main() -> ExitCode {
    let mut command = Cli::command();
    // `--version` names the lifecycle data and carries its licence notice; only then is the
    // data read for it.
    if std::env::args_os().skip(1).any(|a| a == "--version") {
        command = command.long_version(&*Box::leak(stackls::cli::long_version().into_boxed_str()));
    }
    let parsed = command.try_get_matches().and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            // --help and --version are successes; anything else is a usage error.
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE as u8 } else { 0 });
        }
    };
    // The server owns stdout for the protocol; the other commands lock it for printing.
    let out = || std::io::stdout().lock();
    let err = || std::io::stderr().lock();
    if !matches!(cli.command, Command::Lsp { .. }) {
        lean_allocator();
    }
    let code = match cli.command {
        Command::Lsp { stdio: _ } => stackls::lsp::run(),
        Command::Check(args) => match args.analysis.config(matches.subcommand_matches("check").unwrap_or(&matches)) {
            Err(message) => {
                eprintln!("error: {message}");
                EXIT_USAGE
            }
            Ok(config) => {
                let color = match args.color {
                    Color::Always => true,
                    Color::Never => false,
                    Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                };
                let format = match args.format {
                    OutputFormat::Human => Format::Human,
                    OutputFormat::Json => Format::Json,
                    OutputFormat::Sarif => Format::Sarif,
                    OutputFormat::Github => Format::Github,
                };
                let options = CheckOptions {
                    paths: args.paths,
                    stdin_filename: args.stdin_filename,
                    format,
                    color,
                    error_on_warnings: args.error_on_warnings,
                    quiet: args.quiet,
                    config,
                    detect: !args.analysis.no_detect,
                };
                // Buffered: stdout is line-buffered, and a report can run to many thousand lines.
                let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out());
                stackls::cli::check(&options, &mut std::io::stdin().lock(), &mut buffered, &mut err())
            }
        },
        Command::Report(args) => match args.analysis.config(matches.subcommand_matches("report").unwrap_or(&matches)) {
            Err(message) => {
                eprintln!("error: {message}");
                EXIT_USAGE
            }
            Ok(config) => {
                let options = stackls::cli::ReportOptions {
                    path: args.path,
                    output: args.output,
                    config,
                    detect: !args.analysis.no_detect,
                };
                stackls::cli::report(&options, &mut std::io::stdin().lock(), &mut out(), &mut err())
            }
        },
        Command::Explain { name } => stackls::cli::explain(&name, stackls::clock::today(), &mut out(), &mut err()),
        Command::Schema => stackls::cli::schema(&mut out()),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "stackls", &mut out());
            0
        }
        Command::Man => match clap_mangen::Man::new(Cli::command()).render(&mut out()) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: cannot write the manual page: {e}");
                stackls::cli::EXIT_USAGE
            }
        },
        Command::Init { dir, force, stdout } => {
            let options = stackls::cli::InitOptions { dir: dir.unwrap_or_else(|| PathBuf::from(".")), force, stdout };
            stackls::cli::init(&options, &mut out(), &mut err())
        }
        Command::Catalogue { format } => stackls::cli::catalogue(matches!(format, ListFormat::Json), &mut out()),
    };
    ExitCode::from(code as u8)
}
