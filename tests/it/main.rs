//! One integration binary: properties of the analysis over the fixtures and generated
//! input, the CLI and the LSP server end to end. The per-fixture expectation tests are the
//! `fixtures` target (tests/fixtures.rs), the real editors the `editors` target.

#[path = "../support/mod.rs"]
mod support;

mod analysis;
mod cli;
mod config_files;
mod detect;
mod formats;
mod lifecycle;
mod lifecycle_data;
mod lsp;
mod properties;
mod real_repos;
mod report;
mod secrets;
mod toml_test;
mod torture;
