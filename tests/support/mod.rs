//! Helpers shared by the test targets (`it`, `fixtures`, `editors`), written once: fixture
//! listing, applying edits, the quick-fix check, an LSP client for the real binary and the
//! command-line runner. Each target uses only a part of them.
#![allow(dead_code, unused_imports)]

mod client;
mod files;
mod fixes;

pub use client::*;
pub use files::*;
pub use fixes::*;

use stackls::analysis::{Edit, Span};

/// Applies analysis edits (byte spans) to `text`, last first so earlier spans stay valid.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.text);
    }
    out
}

/// Whether `span` lies inside `text`, in order and on character boundaries: what every span
/// an analysis hands out must satisfy.
pub fn inside(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// A user catalogue entry the built-in catalogue lacks (the language Go), for tests of user
/// catalogues.
pub const ACME: &str =
    "[[technology]]\nid = \"acmelang\"\nname = \"AcmeLang\"\nkind = \"language\"\nsummary = \"A company's own language.\"\n";
