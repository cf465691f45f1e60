//! Sequences of LSP edits: arbitrary ranges (also out of range, in UTF-16 or UTF-8 columns)
//! applied to a rope the way the server applies `didChange`; the result stays valid UTF-8,
//! matches a reference built from clamped byte offsets, and analyses without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use stackls::analysis::analyze;
use stackls::catalogue::Catalogue;
use stackls::lsp::convert::{apply, span, Encoding};
use tower_lsp_server::ls_types::{Position, Range};

const SEED: &str = "[project]\nscale = \"large\"\n\n[stack]\nframework = \"flask\" # é😀\r\nlanguage = \"python\"\r";
const INSERTS: &[&str] = &["", "x", "\n", "\r\n", "é", "😀", "[stack]\n", "framework = \"flsk\"", "\"", "]", "{"];

fuzz_target!(|data: &[u8]| {
    let enc = if data.first().is_some_and(|b| b & 1 == 1) { Encoding::Utf8 } else { Encoding::Utf16 };
    let mut rope = Rope::from_str(SEED);
    let mut reference = SEED.to_string();
    for chunk in data.get(1..).unwrap_or(&[]).chunks(5) {
        if chunk.len() < 5 {
            break;
        }
        let range = Range::new(
            Position::new(u32::from(chunk[0] % 12), u32::from(chunk[1])),
            Position::new(u32::from(chunk[2] % 12), u32::from(chunk[3])),
        );
        let insert = INSERTS[usize::from(chunk[4]) % INSERTS.len()];
        // The reference: the same clamped span, applied to a plain String.
        let s = span(&rope, range, enc);
        reference.replace_range(s.start..s.end, insert);
        apply(&mut rope, range, insert, enc);
        assert_eq!(rope.to_string(), reference);
    }
    let text = rope.to_string();
    let _ = analyze(&text, &Catalogue::builtin_arc());
});
