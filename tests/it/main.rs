//! One integration binary: the analysis fixtures, the CLI and the LSP server end to end.

mod analysis;
mod cli;
mod editors;
mod formats;
mod lsp;
mod properties;
mod support;
mod toml_test;
mod torture;
