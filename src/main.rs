//! `stackls`: argument parsing only; the work is in the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Check {
        /// Files to check [default: ./stack.toml]
        paths: Vec<PathBuf>,
        /// When to colour the output.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Show a technology's catalogue entry or a rule's documentation.
    Explain {
        /// A technology id or alias (flask, node) or a rule code (tradeoff).
        name: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are successes; anything else is a usage error.
            return ExitCode::from(if e.use_stderr() { stackls::cli::EXIT_USAGE as u8 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Lsp { stdio: _ } => stackls::lsp::run(),
        Command::Check { paths, color } => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            stackls::cli::check(&paths, color, &mut std::io::stdout().lock(), &mut std::io::stderr().lock())
        }
        Command::Explain { name } => {
            stackls::cli::explain(&name, &mut std::io::stdout().lock(), &mut std::io::stderr().lock())
        }
    };
    ExitCode::from(code as u8)
}
