//! Human output: rustc-style, with the source line and a caret under the span.
//!
//! Every finding is rendered by annotate-snippets. A file's findings repeat: the same
//! message on the same source text at another line (`framework = "flask"` in a thousand
//! services). annotate-snippets treats a line number as a label, so two such findings on
//! one-line snippets whose line numbers have as many digits render alike but for those
//! digits; the second is rendered once more with every digit changed, the two renderings are
//! compared to find where the digits are, and every later one is that rendering with its own
//! number written in. A rendering that does not differ in exactly that way is never reused.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crate::analysis::lines::LineIndex;
use crate::analysis::{Diagnostic, Rule, Severity};
use crate::catalogue::Catalogue;

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

/// The findings of a file are written out in pieces of about this size.
const FLUSH_AT: usize = 64 * 1024;

/// Renderings kept for reuse, at most this many bytes of them per file: beyond, findings
/// not seen yet are rendered without being kept.
const MEMO_BYTES: usize = 4 << 20;

/// Writes the findings of one file.
pub fn render_human(
    out: &mut dyn Write,
    path: &str,
    text: &str,
    diagnostics: &[Diagnostic],
    color: bool,
    catalogue: &Catalogue,
) -> io::Result<()> {
    let notes: Vec<Option<String>> = diagnostics.iter().map(|d| source_note(d, catalogue)).collect();
    render_with(&mut Memo::default(), out, path, text, diagnostics, &notes, color)
}

/// The sources behind a finding, as its `= source:` line says them: `Scopic 2024,
/// https://…`, each source once, `; ` between them (a source the catalogue does not hold by
/// its id). `None` for a finding that rests on no source.
pub(crate) fn source_note(d: &Diagnostic, catalogue: &Catalogue) -> Option<String> {
    let ids = d.subject.as_ref().map(|s| &s.sources[..]).unwrap_or(&[]);
    let mut parts: Vec<String> = Vec::new();
    for id in ids {
        let part = match catalogue.source(id) {
            Some(s) => {
                let who = match s.year {
                    Some(y) => format!("{} {y}", s.publisher),
                    None => s.publisher.clone(),
                };
                match &s.url {
                    Some(url) => format!("{who}, {url}"),
                    None => who,
                }
            }
            None => id.to_string(),
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn render_with<'a>(
    memo: &mut Memo<'a>,
    out: &mut dyn Write,
    path: &str,
    text: &'a str,
    diagnostics: &'a [Diagnostic],
    notes: &'a [Option<String>],
    color: bool,
) -> io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let lines = LineIndex::new(text);
    let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
    for (i, d) in diagnostics.iter().enumerate() {
        let note = notes.get(i).and_then(|n| n.as_deref());
        let finding = Finding::new(text, &lines, d, note);
        memo.render(&renderer, path, &finding, &mut buf);
        buf.extend_from_slice(b"\n\n");
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// What the rendering of one finding depends on.
struct Finding<'a> {
    severity: Severity,
    rule: Rule,
    message: &'a str,
    /// The title of the preferred fix, shown as help.
    help: Option<&'a str>,
    /// The sources behind it, shown as `= source: …`.
    note: Option<&'a str>,
    /// The lines the finding covers (line breaks between them included, not after).
    source: &'a str,
    /// 1-based number of the first line of `source`.
    line: usize,
    /// The span, relative to `source`.
    start: usize,
    end: usize,
}

impl<'a> Finding<'a> {
    fn new(text: &'a str, lines: &LineIndex, d: &'a Diagnostic, note: Option<&'a str>) -> Finding<'a> {
        // Only the lines the finding covers are handed to the renderer, so rendering a
        // file costs what its findings cover, not the file's size per finding.
        let (first, window) = lines.lines_of(text, d.span);
        let source = &text[window.start..window.end];
        let start = d.span.start.clamp(window.start, window.end) - window.start;
        let end = d.span.end.clamp(window.start, window.end) - window.start;
        Finding {
            severity: d.severity,
            rule: d.rule,
            message: d.message.as_str(),
            help: d.fixes.iter().find(|f| f.preferred).map(|f| f.title.as_str()),
            note,
            source,
            line: first + 1,
            start,
            end,
        }
    }

    /// The finding rendered by annotate-snippets, its first line numbered `line`.
    fn render(&self, renderer: &Renderer, path: &str, line: usize) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
            Severity::Hint => Level::HELP.with_name("hint"),
        };
        let snippet = Snippet::source(self.source)
            .line_start(line)
            .path(path)
            .annotation(AnnotationKind::Primary.span(self.start..self.end));
        let mut group = level.primary_title(self.message).id(self.rule.code()).element(snippet);
        if let Some(note) = self.note {
            group = group.element(Level::NOTE.with_name("source").message(note));
        }
        let mut report = vec![group];
        if let Some(help) = self.help {
            report.push(Group::with_title(Level::HELP.secondary_title(help)));
        }
        renderer.render(&report)
    }

    /// Everything but the line number, and the number of its digits.
    fn key(&self) -> Option<Key<'a>> {
        // One line only: annotate-snippets splits its source at `\n` (`\r\n`); a lone `\r` is
        // a line break to the line index. A snippet of several lines may straddle a power of
        // ten, which changes the gutter's width within it.
        if memchr::memchr2(b'\n', b'\r', self.source.as_bytes()).is_some() {
            return None;
        }
        Some(Key {
            severity: self.severity,
            rule: self.rule,
            message: self.message,
            help: self.help,
            note: self.note,
            source: self.source,
            start: self.start,
            end: self.end,
            digits: decimal(self.line).len(),
        })
    }
}

#[derive(PartialEq, Eq, Hash)]
struct Key<'a> {
    severity: Severity,
    rule: Rule,
    message: &'a str,
    help: Option<&'a str>,
    note: Option<&'a str>,
    source: &'a str,
    start: usize,
    end: usize,
    digits: usize,
}

enum Entry {
    /// Seen once: its rendering and line number.
    Once { line: usize, text: String },
    /// A rendering and where its line number's digits are, in every place they are shown.
    Template { text: String, holes: SmallVec<[usize; 2]> },
    /// Renderings that differ otherwise than in the digits: always rendered.
    Direct,
}

/// Renderings of the findings of one file (one path, one renderer), by everything but their
/// line number.
#[derive(Default)]
struct Memo<'a> {
    entries: FxHashMap<Key<'a>, Entry>,
    bytes: usize,
}

impl<'a> Memo<'a> {
    /// Appends the rendering of `f` to `out`: exactly `f.render(renderer, path, f.line)`.
    fn render(&mut self, renderer: &Renderer, path: &str, f: &Finding<'a>, out: &mut Vec<u8>) {
        let Some(key) = f.key() else {
            out.extend_from_slice(f.render(renderer, path, f.line).as_bytes());
            return;
        };
        let full = self.bytes >= MEMO_BYTES;
        let entry = match self.entries.get_mut(&key) {
            Some(entry) => entry,
            None => {
                let text = f.render(renderer, path, f.line);
                out.extend_from_slice(text.as_bytes());
                if !full {
                    self.bytes += text.len();
                    self.entries.insert(key, Entry::Once { line: f.line, text });
                }
                return;
            }
        };
        if let Entry::Once { line, text } = entry {
            if *line == f.line {
                out.extend_from_slice(text.as_bytes());
                return;
            }
            let holes = differing(*line).and_then(|other| holes(text, &f.render(renderer, path, other), *line, other));
            *entry = match holes {
                Some(holes) => Entry::Template { text: std::mem::take(text), holes },
                None => Entry::Direct,
            };
        }
        match entry {
            Entry::Template { text, holes } => fill(out, text, holes, &decimal(f.line)),
            _ => out.extend_from_slice(f.render(renderer, path, f.line).as_bytes()),
        }
    }
}

/// `line` in decimal, on the stack.
fn decimal(mut line: usize) -> SmallVec<[u8; 20]> {
    let mut digits = SmallVec::new();
    loop {
        digits.push(b'0' + (line % 10) as u8);
        line /= 10;
        if line == 0 {
            break;
        }
    }
    digits.reverse();
    digits
}

/// A number of as many digits as `line`, each of them different (`None` past `usize`).
fn differing(line: usize) -> Option<usize> {
    decimal(line).iter().enumerate().try_fold(0usize, |n, (i, &d)| {
        let d = d - b'0';
        // The first digit stays non-zero.
        let changed = if i == 0 && d == 9 { 1 } else { (d + 1) % 10 };
        n.checked_mul(10)?.checked_add(changed as usize)
    })
}

/// Where `line`'s digits are in `a`, given `b`, the same finding rendered at `other` (as many
/// digits, each different): `a` and `b` must be alike but for runs of exactly those digits.
fn holes(a: &str, b: &str, line: usize, other: usize) -> Option<SmallVec<[usize; 2]>> {
    let (da, db) = (decimal(line), decimal(other));
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || da.len() != db.len() {
        return None;
    }
    let mut holes = SmallVec::new();
    let mut i = 0;
    while i < a.len() {
        if a[i] == b[i] {
            i += 1;
            continue;
        }
        let end = i + da.len();
        if a.get(i..end) != Some(&da[..]) || b.get(i..end) != Some(&db[..]) {
            return None;
        }
        // The run ends with the digits: nothing right after them differs.
        if end < a.len() && a[end] != b[end] {
            return None;
        }
        holes.push(i);
        i = end;
    }
    (!holes.is_empty()).then_some(holes)
}

/// `text` with `digits` written over each hole.
fn fill(out: &mut Vec<u8>, text: &str, holes: &[usize], digits: &[u8]) {
    let text = text.as_bytes();
    let mut at = 0;
    for &hole in holes {
        out.extend_from_slice(&text[at..hole]);
        out.extend_from_slice(digits);
        at = hole + digits.len();
    }
    out.extend_from_slice(&text[at..]);
}

#[cfg(test)]
#[path = "../../benches/generate.rs"]
mod generate;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use super::*;
    use crate::analysis::{analyze, Finding, Fix, Span};
    use crate::catalogue::Catalogue;

    /// The straightforward rendering the memo must match byte for byte: every finding
    /// through annotate-snippets, one after the other (as `render_human` was before it).
    fn reference(path: &str, text: &str, diagnostics: &[Diagnostic], color: bool) -> String {
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let lines = LineIndex::new(text);
        let mut out = String::new();
        for d in diagnostics {
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Info => Level::INFO,
                Severity::Hint => Level::HELP.with_name("hint"),
            };
            let (first, window) = lines.lines_of(text, d.span);
            let source = &text[window.start..window.end];
            let start = d.span.start.clamp(window.start, window.end) - window.start;
            let end = d.span.end.clamp(window.start, window.end) - window.start;
            let snippet = Snippet::source(source)
                .line_start(first + 1)
                .path(path)
                .annotation(AnnotationKind::Primary.span(start..end));
            let note = source_note(d, Catalogue::builtin());
            let mut group = level.primary_title(d.message.as_str()).id(d.rule.code()).element(snippet);
            if let Some(note) = &note {
                group = group.element(Level::NOTE.with_name("source").message(note.as_str()));
            }
            let mut report = vec![group];
            if let Some(fix) = d.fixes.iter().find(|f| f.preferred) {
                report.push(Group::with_title(Level::HELP.secondary_title(fix.title.as_str())));
            }
            out.push_str(&renderer.render(&report));
            out.push_str("\n\n");
        }
        out
    }

    /// `render_human`'s output, and how many renderings it reused as templates.
    fn optimised(path: &str, text: &str, diagnostics: &[Diagnostic], color: bool) -> (String, usize) {
        let mut memo = Memo::default();
        let mut out = Vec::new();
        let notes: Vec<Option<String>> = diagnostics.iter().map(|d| source_note(d, Catalogue::builtin())).collect();
        render_with(&mut memo, &mut out, path, text, diagnostics, &notes, color).expect("writing to a Vec");
        let templates = memo.entries.values().filter(|e| matches!(e, Entry::Template { .. })).count();
        (String::from_utf8(out).expect("UTF-8"), templates)
    }

    /// Both renderings, plain and coloured, are the same; returns the templates used.
    fn same(path: &str, text: &str, diagnostics: &[Diagnostic]) -> usize {
        let mut templates = 0;
        for color in [false, true] {
            let expected = reference(path, text, diagnostics, color);
            let (actual, used) = optimised(path, text, diagnostics, color);
            if actual != expected {
                let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
                let at = a.iter().zip(&e).position(|(a, e)| a != e).unwrap_or(a.len().min(e.len()));
                let around = |l: &[&str]| l[at.saturating_sub(6)..(at + 2).min(l.len())].join("\n");
                panic!(
                    "{path} (color {color}): output differs at line {}\n--- optimised:\n{}\n--- annotate-snippets:\n{}",
                    at + 1,
                    around(&a),
                    around(&e)
                );
            }
            templates += used;
        }
        templates
    }

    fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("fixture dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                toml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }

    #[test]
    fn fixtures_render_as_annotate_snippets_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        toml_files(&root.join("tests/data"), &mut files);
        toml_files(&root.join("examples"), &mut files);
        assert!(files.len() > 50, "fixtures found: {}", files.len());
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read");
            for text in [text.clone(), text.replace("$0", "")] {
                let analysis = analyze(&text, &Catalogue::builtin_arc());
                same(&file.display().to_string(), &text, &analysis.diagnostics);
            }
        }
    }

    #[test]
    fn generated_files_render_as_annotate_snippets_does() {
        use generate::{stack_file_with, Project};
        for (services, project) in [(300, Project::Mixed), (2_500, Project::Findings)] {
            let text = stack_file_with(services, project);
            let analysis = analyze(&text, &Catalogue::builtin_arc());
            let templates = same("gen/2500.stack.toml", &text, &analysis.diagnostics);
            if project == Project::Findings {
                assert!(analysis.diagnostics.len() > 2_500, "{} findings", analysis.diagnostics.len());
                assert!(templates > 10, "the memo was used {templates} times");
            }
        }
    }

    #[test]
    fn differing_changes_every_digit() {
        for line in (1..20_000).chain([usize::MAX / 10]) {
            let (a, b) = (decimal(line), decimal(differing(line).expect("fits")));
            assert_eq!(a.len(), b.len(), "{line}");
            assert!(a.iter().zip(&b).all(|(x, y)| x != y), "{line}");
        }
        assert_eq!(differing(usize::MAX), None);
        assert_eq!(differing(usize::MAX - 1), None);
    }

    #[test]
    fn holes_are_the_digits_and_nothing_else() {
        let a = "w[x]: 17 in 17\n  --> p17:17:3\n   |\n17 | k\n";
        let b = "w[x]: 17 in 17\n  --> p17:28:3\n   |\n28 | k\n";
        assert_eq!(holes(a, b, 17, 28).map(|h| h.to_vec()), Some(vec![25, 35]));
        // Anything else differing, or a length change, and the rendering is not reused.
        assert_eq!(holes(a, &b.replace(":3", ":4"), 17, 28), None);
        assert_eq!(holes(a, &b.replace("28 |", "28  |"), 17, 28), None);
        assert_eq!(holes(a, a, 17, 28), None);
        let mut out = Vec::new();
        fill(&mut out, a, &[25, 35], b"99");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), a.replace("17:3", "99:3").replace("17 |", "99 |"));
    }

    /// Source lines with what changes widths and columns: tabs, combining marks, wide and
    /// zero-width characters, other breaks than `\n`, long lines.
    fn source_line() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-z0-9 =\"\t.é日本🦀\u{301}\u{200b}\u{fe0f}\u{b}\u{c}\u{85}\u{2028}]{0,30}",
            1 => ("[a-z\t日🦀 ]{1,8}", 20usize..60).prop_map(|(s, n)| s.repeat(n)),
        ]
    }

    /// (line, first character, characters, extra lines, message, severity, help)
    type Spec = (usize, usize, usize, usize, usize, usize, bool);

    fn spec() -> impl Strategy<Value = Spec> {
        (
            0usize..400,
            0usize..80,
            0usize..12,
            prop_oneof![6 => Just(0usize), 1 => 1usize..3],
            0usize..4,
            0usize..4,
            any::<bool>(),
        )
    }

    /// The byte offset of character `chars` of line `line` (clamped to its end).
    fn offset(text: &str, starts: &[usize], line: usize, chars: usize) -> usize {
        let start = starts[line.min(starts.len() - 1)];
        let rest = &text[start..];
        let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        start + rest[..len].char_indices().nth(chars).map_or(len, |(i, _)| i)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

        /// Findings repeated on the same text at many line numbers (across powers of ten),
        /// on one line or several, render exactly as annotate-snippets renders them.
        #[test]
        fn synthetic_findings_render_as_annotate_snippets_does(
            pool in prop::collection::vec(source_line(), 1..4),
            picks in prop::collection::vec(0usize..4, 1..300),
            blank in prop_oneof![Just(0usize), 0usize..20, 85usize..100, 990usize..1000],
            ending in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
            specs in prop::collection::vec(spec(), 1..50),
        ) {
            let mut text = ending.repeat(blank);
            for p in &picks {
                text.push_str(&pool[p % pool.len()]);
                text.push_str(ending);
            }
            let lines = LineIndex::new(&text);
            let mut starts = Vec::new();
            let mut line = 0;
            while lines.line_start(line) <= text.len() {
                starts.push(lines.line_start(line));
                line += 1;
            }
            let messages = [
                "Flask: scalability challenges (scale = large)",
                "unknown framework `flsk` at line 17; did you mean `flask`?",
                "ünïcödé 日本語 🦀 message",
                "a long message that goes on and on, well past any terminal width, to see where annotate-snippets wraps or cuts it, if it does at all: lorem ipsum dolor sit amet",
            ];
            let severities = [Severity::Error, Severity::Warning, Severity::Info, Severity::Hint];
            let diagnostics: Vec<Diagnostic> = specs
                .iter()
                .map(|&(line, first, chars, extra, message, severity, help)| {
                    let line = line % starts.len();
                    let start = offset(&text, &starts, line, first);
                    let end = if extra == 0 {
                        offset(&text, &starts, line, first + chars)
                    } else {
                        offset(&text, &starts, line + extra, chars)
                    };
                    Finding::new(
                        Span::new(start, end.max(start)),
                        Rule::ALL[message * 2 % Rule::ALL.len()],
                        messages[message].to_string(),
                        vec![Fix { title: format!("Replace with `flask` ({message})"), edits: Vec::new(), preferred: help }],
                    )
                    .at(severities[severity])
                })
                .collect();
            same("dir 17/17.stack.toml", &text, &diagnostics);
        }
    }
}
