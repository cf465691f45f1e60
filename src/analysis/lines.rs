//! Line starts of a text, for turning byte offsets into line numbers (CLI output).

use super::syntax::Span;

/// Byte offsets where lines start. Line breaks are `\n`, `\r\n` and a lone `\r`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 0-based line holding `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// The lines `span` covers, as a span from the start of its first line to the end of its
    /// last line (line break excluded).
    pub fn lines_of(&self, text: &str, span: Span) -> (usize, Span) {
        let first = self.line(span.start);
        let last = self.line(span.end.max(span.start));
        let start = self.line_start(first);
        let mut end = self.starts.get(last + 1).copied().unwrap_or(text.len()).min(text.len());
        while end > start && matches!(text.as_bytes()[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        (first, Span::new(start, end.max(start)))
    }
}
