//! The one place where LSP positions and byte offsets meet.
//!
//! Inside, everything is a byte offset into the document's text. Positions arrive and leave
//! as (line, column) with columns counted in the negotiated encoding: UTF-8 bytes or UTF-16
//! code units. Out-of-range positions are clamped (a column past the end of its line is the
//! end of the line; a line past the end is the end of the document), never an error.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::analysis::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, UTF-16 (the protocol's default) otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The char index where line `line`'s content ends (before its line break).
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    // Strip "\n", "\r\n" or "\r".
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    start + len
}

/// A position to a byte offset, clamped into the document.
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start_char = rope.line_to_char(line);
    let end_char = line_content_end(rope, line);
    let col = pos.character as usize;
    let char_idx = match enc {
        Encoding::Utf8 => {
            let start_byte = rope.char_to_byte(start_char);
            let end_byte = rope.char_to_byte(end_char);
            // Round a column inside a character down to its start.
            rope.byte_to_char((start_byte + col).min(end_byte))
        }
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(end_char);
            rope.utf16_cu_to_char((start_cu + col).min(end_cu))
        }
    };
    rope.char_to_byte(char_idx.min(end_char))
}

/// A byte offset to a position; offsets past the end or inside a character are rounded down.
pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let line_char = rope.line_to_char(line);
    let col = match enc {
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_char),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_char),
    };
    Position::new(line as u32, col as u32)
}

pub fn range(rope: &Rope, span: Span, enc: Encoding) -> Range {
    Range::new(position(rope, span.start, enc), position(rope, span.end, enc))
}

/// A range to a span; a reversed range is put in order.
pub fn span(rope: &Rope, range: Range, enc: Encoding) -> Span {
    let a = offset(rope, range.start, enc);
    let b = offset(rope, range.end, enc);
    Span::new(a.min(b), a.max(b))
}

/// Applies an edit given as a range to the rope, in place.
pub fn apply(rope: &mut Rope, range: Range, text: &str, enc: Encoding) {
    let span = span(rope, range, enc);
    let start = rope.byte_to_char(span.start);
    let end = rope.byte_to_char(span.end);
    rope.remove(start..end);
    rope.insert(start, text);
}

/// The start of a 1-based line of a file that is not open (a manifest line cited as
/// evidence): the one place such a line becomes a position. Line 0 (a file as a whole) is
/// its first line.
pub fn line_start(line: u32) -> Range {
    let at = Position::new(line.saturating_sub(1), 0);
    Range::new(at, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The round trip of positions in both encodings (CRLF, lone CR, BOM, astral characters)
    // is a property test: tests/it/properties.rs, `positions_roundtrip_in_utf8_and_utf16`.

    #[test]
    fn columns_count_in_the_negotiated_unit() {
        let rope = Rope::from_str("é😀 = 1\n");
        let eq = "é😀 ".len();
        assert_eq!(position(&rope, eq, Encoding::Utf8), Position::new(0, 7));
        assert_eq!(position(&rope, eq, Encoding::Utf16), Position::new(0, 4));
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let rope = Rope::from_str("ab\ncd\n");
        assert_eq!(offset(&rope, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(offset(&rope, Position::new(9, 0), Encoding::Utf16), 6);
        // Inside a surrogate pair or a multi-byte char: rounded down.
        let rope = Rope::from_str("😀x");
        assert_eq!(offset(&rope, Position::new(0, 1), Encoding::Utf16), 0);
        assert_eq!(offset(&rope, Position::new(0, 2), Encoding::Utf8), 0);
    }
}
