//! Human output: rustc-style, with the source line and a caret under the span.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::analysis::lines::LineIndex;
use crate::analysis::{Diagnostic, Severity};

/// Counts for the closing line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub other: usize,
}

impl Summary {
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                _ => self.other += 1,
            }
        }
    }

    /// "2 errors, 1 warning in 3 files" (hints counted when there are any).
    pub fn line(&self) -> String {
        let plural = |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
        let mut parts = vec![plural(self.errors, "error"), plural(self.warnings, "warning")];
        if self.other > 0 {
            parts.push(plural(self.other, "hint"));
        }
        format!("{} in {}", parts.join(", "), plural(self.files, "file"))
    }
}

/// Writes the findings of one file.
pub fn render_human(
    out: &mut dyn Write,
    path: &str,
    text: &str,
    diagnostics: &[Diagnostic],
    color: bool,
) -> io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let lines = LineIndex::new(text);
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
            Severity::Hint => Level::HELP.with_name("hint"),
        };
        // Only the lines the finding covers are handed to the renderer, so rendering a
        // file costs what its findings cover, not the file's size per finding.
        let (first, window) = lines.lines_of(text, d.span);
        let source = &text[window.start..window.end];
        let start = d.span.start.clamp(window.start, window.end) - window.start;
        let end = d.span.end.clamp(window.start, window.end) - window.start;
        let snippet = Snippet::source(source)
            .line_start(first + 1)
            .path(path)
            .annotation(AnnotationKind::Primary.span(start..end));
        let mut report = vec![level.primary_title(d.message.as_str()).id(d.rule.code()).element(snippet)];
        if let Some(fix) = d.fixes.iter().find(|f| f.preferred) {
            report.push(Group::with_title(Level::HELP.secondary_title(fix.title.as_str())));
        }
        writeln!(out, "{}\n", renderer.render(&report))?;
    }
    Ok(())
}
