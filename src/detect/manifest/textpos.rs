//! Lines and evidence for the JVM, .NET and container parsers: byte offset → 1-based line,
//! line → its trimmed text, and the `Dependency` constructor they share.

use super::{Dependency, Scope, What};

/// Byte offsets of line starts, for turning a parser's byte range into a line.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line holding byte `offset` (the last line for offsets past the end).
    pub(super) fn line_of(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(idx).unwrap_or(u32::MAX - 1).saturating_add(1)
    }

    /// The trimmed text of 1-based `line` (empty past the end).
    pub(super) fn text_of(&self, line: u32) -> String {
        line_text(self.text, &self.starts, line)
    }
}

fn line_text(text: &str, starts: &[usize], line: u32) -> String {
    let i = (line as usize).saturating_sub(1);
    let Some(&start) = starts.get(i) else {
        return String::new();
    };
    let end = starts.get(i + 1).copied().unwrap_or(text.len());
    text.get(start..end).unwrap_or("").trim().to_string()
}

/// A dependency with its evidence line taken from `lines`.
pub(super) fn dep(
    lines: &LineIndex<'_>,
    what: What,
    name: impl Into<String>,
    version: Option<String>,
    pinned: Option<String>,
    line: u32,
    scope: Scope,
) -> Dependency {
    Dependency { what, name: name.into(), version, pinned, line, text: lines.text_of(line), scope }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets_and_their_text() {
        let text = "a\r\n  b  \n\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 1);
        assert_eq!(idx.line_of(3), 2);
        assert_eq!(idx.line_of(9), 3);
        assert_eq!(idx.line_of(10), 4);
        assert_eq!(idx.line_of(1000), 4);
        assert_eq!(idx.text_of(1), "a");
        assert_eq!(idx.text_of(2), "b");
        assert_eq!(idx.text_of(3), "");
        assert_eq!(idx.text_of(4), "c");
        assert_eq!(idx.text_of(0), "a");
        assert_eq!(idx.text_of(5), "");
    }
}
