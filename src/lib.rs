//! stackls: a language server and linter for `stack.toml` files.
//!
//! Layers, innermost first: [`catalogue`] (plain data), [`analysis`] (text + catalogue in,
//! plain data with byte spans out; no IO, no LSP types), then the two front ends, [`lsp`]
//! and [`cli`], which analyse a stack file on disk the same way ([`workspace`]).

pub mod analysis;
pub mod background;
pub mod catalogue;
pub mod cli;
pub mod clock;
pub mod detect;
pub mod lsp;
pub mod report;
pub mod user_catalogue;
pub mod workspace;
