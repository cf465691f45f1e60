//! A tolerant TOML tree with byte spans, built from `toml_parser` events.
//!
//! Parsing never fails: after a syntax error every later key and value is still in the tree
//! (`scale = ` with nothing after it yields an entry with no value and does not hide the
//! tables below). Errors come from the grammar (`toml_parser`), from decoding each scalar, and
//! from [`validate`](super::validate), which applies the rules a grammar cannot see (keys and
//! tables defined twice). Together they accept exactly what the `toml` crate accepts; the
//! property tests keep it so.

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, ValidateWhitespace};
use toml_parser::{ErrorSink, Expected, Raw, Source};

use std::borrow::Cow;

use compact_str::CompactString;

use super::validate;

/// Nesting deeper than this (arrays and inline tables) is a syntax error and is not built,
/// so deep input cannot overflow the stack. The `toml` crate uses the same bound.
pub const MAX_DEPTH: usize = 80;

/// A byte range in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Like [`contains`](Self::contains), but also true at the end: a cursor just after
    /// a token still touches it.
    pub fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    fn from_parser(span: toml_parser::Span) -> Span {
        Span { start: span.start(), end: span.end() }
    }
}

/// One segment of a (possibly dotted) key, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Keys are short: stored inline, without an allocation, up to 24 bytes.
    pub text: CompactString,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    /// `[a.b]`
    Table,
    /// `[[a.b]]`
    ArrayOfTables,
}

/// The keys of a header: `[services.NAME]` is two, stored inline.
pub type HeaderKeys = smallvec::SmallVec<[Key; 2]>;

/// The keys of an entry: most are one, stored inline.
pub type EntryKeys = smallvec::SmallVec<[Key; 1]>;

/// A `[header]` and the key-values below it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: HeaderKind,
    pub keys: HeaderKeys,
    /// The header, brackets included.
    pub header: Span,
    /// From the header to the start of the next header (or the end of the document).
    pub span: Span,
    pub entries: Vec<Entry>,
}

/// `key.path = value`, in a table or an inline table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub keys: EntryKeys,
    /// The `=`, when present.
    pub eq: Option<Span>,
    /// `None` when the value is missing (`scale = ` at the end of a line).
    pub value: Option<Value>,
    /// From the first key to the end of the value (or of whatever is present).
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    String(CompactString),
    Integer,
    Float,
    Boolean(bool),
    DateTime,
    Array(Vec<Value>),
    InlineTable(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The TOML type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            ValueKind::String(_) => "a string",
            ValueKind::Integer => "an integer",
            ValueKind::Float => "a float",
            ValueKind::Boolean(_) => "a boolean",
            ValueKind::DateTime => "a date-time",
            ValueKind::Array(_) => "an array",
            ValueKind::InlineTable(_) => "an inline table",
        }
    }
}

/// A TOML error at a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// The parsed document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tree {
    /// Key-values before the first header.
    pub root: Vec<Entry>,
    pub tables: Vec<Table>,
    /// Every TOML error, in document order; empty exactly when the document is valid TOML.
    pub errors: Vec<SyntaxError>,
    /// Comments that mention `stackls:` (suppression directives), in document order.
    pub directives: Vec<Span>,
}

/// Parses `text` into a tree; never fails.
pub fn parse(text: &str) -> Tree {
    let mut tree = parse_grammar(text);
    let semantic = validate(&tree);
    tree.add_errors(semantic);
    tree
}

/// Parses `text` with the grammar's and the scalars' errors only: [`validate`] finds the
/// rest, and [`Tree::add_errors`] merges them in. Split so that the two can run at once.
pub fn parse_grammar(text: &str) -> Tree {
    parse_in_chunks(text, CHUNK_TOKENS)
}

/// The errors a grammar cannot see: keys and tables defined twice, closed tables extended.
pub fn validate(tree: &Tree) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    validate::check(tree, &mut errors);
    errors
}

/// Tokens lexed before the parser runs on them. The whole token list of a large document
/// is many times its size; a chunk this long stays in cache and is reused.
const CHUNK_TOKENS: usize = 4096;

/// [`parse_grammar`], lexing and parsing a chunk of at least `min_chunk` tokens at a time
/// (0: at every boundary, `usize::MAX`: all at once), with the same result in every case;
/// the property tests compare the two extremes.
///
/// A chunk ends before a `[` that starts a line outside any array or inline table: there
/// the parser is between two expressions, in the state it starts a document in. Openers
/// and closers are tracked on a stack; the parser opens a container only on an opener and
/// closes it only on the closer of its kind, so an empty stack means it is at the top
/// level. After a closer of the wrong kind (input its recovery could read differently),
/// the rest of the document is one chunk.
pub fn parse_in_chunks(text: &str, min_chunk: usize) -> Tree {
    use toml_parser::lexer::TokenKind;

    let source = Source::new(text);
    let mut tokens = Vec::with_capacity(min_chunk.saturating_mul(2).min(text.len() / 2 + 16));
    let mut builder = Builder::new(text);
    let mut grammar: Vec<toml_parser::ParseError> = Vec::new();
    {
        // Comments and newlines are checked (control characters, lone CR) as the toml crate does.
        let mut receiver = ValidateWhitespace::new(&mut builder, source);
        let mut open: Vec<TokenKind> = Vec::new();
        let mut splittable = true;
        let mut line_start = false;
        for token in source.lex() {
            let kind = token.kind();
            if kind == TokenKind::LeftSquareBracket
                && line_start
                && splittable
                && open.is_empty()
                && tokens.len() >= min_chunk
            {
                toml_parser::parser::parse_document(&tokens, &mut receiver, &mut grammar);
                tokens.clear();
            }
            match kind {
                TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => open.push(kind),
                TokenKind::RightSquareBracket => {
                    splittable &= open.pop() == Some(TokenKind::LeftSquareBracket);
                }
                TokenKind::RightCurlyBracket => {
                    splittable &= open.pop() == Some(TokenKind::LeftCurlyBracket);
                }
                _ => {}
            }
            line_start = kind == TokenKind::Newline;
            tokens.push(token);
        }
        toml_parser::parser::parse_document(&tokens, &mut receiver, &mut grammar);
    }
    drop(tokens);
    let mut tree = builder.finish();
    let mut errors = std::mem::take(&mut tree.errors);
    // Our own message for the same token (a bare word, a missing value) is the clearer one.
    let own: rustc_hash::FxHashSet<Span> = errors.iter().map(|e| e.span).collect();
    for e in grammar {
        let span = clamp_to_chars(text, e.unexpected().map(Span::from_parser).unwrap_or_default());
        if !own.contains(&span) {
            errors.push(SyntaxError { span, message: message_of(&e) });
        }
    }
    tree.errors = errors;
    tree.add_errors(Vec::new());
    tree
}

/// A `toml_parser` error as one line: "unclosed array, expected `]`".
fn message_of(error: &toml_parser::ParseError) -> String {
    let mut message = error.description().to_string();
    if let Some(expected) = error.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, e) in expected.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            match e {
                Expected::Literal("\n") => message.push_str("newline"),
                Expected::Literal("`") => message.push_str("'`'"),
                Expected::Literal(s) if s.chars().all(|c| c.is_ascii_control()) => {
                    message.push_str(&format!("`{}`", s.escape_debug()))
                }
                Expected::Literal(s) => message.push_str(&format!("`{s}`")),
                Expected::Description(s) => message.push_str(s),
                _ => message.push_str("etc"),
            }
        }
    }
    message
}

/// Keeps a span inside the text and on character boundaries.
fn clamp_to_chars(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

enum Frame {
    Array {
        start: usize,
        items: Vec<Value>,
    },
    Inline {
        start: usize,
        entries: Vec<Entry>,
        outer: Pending,
    },
    /// An array or inline table refused for depth; its contents are skipped.
    Refused,
}

/// The key-value being read in the current table or inline table.
#[derive(Default)]
struct Pending {
    keys: Vec<Key>,
    eq: Option<Span>,
}

struct Builder<'t> {
    text: &'t str,
    root: Vec<Entry>,
    tables: Vec<Table>,
    header: Option<(HeaderKind, usize, Vec<Key>)>,
    /// The entries of the last table, while it is open.
    current: Vec<Entry>,
    frames: Vec<Frame>,
    pending: Pending,
    /// Scalars that did not decode (a bare word such as `flask`).
    bad_scalars: Vec<SyntaxError>,
    directives: Vec<Span>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Builder {
            text,
            root: Vec::new(),
            // Headers start lines: reserve for them rather than moving every table as it grows.
            tables: Vec::with_capacity(memchr::memmem::find_iter(text.as_bytes(), b"\n[").count() + 1),
            header: None,
            current: Vec::new(),
            frames: Vec::new(),
            pending: Pending::default(),
            bad_scalars: Vec::new(),
            directives: Vec::new(),
        }
    }

    fn raw(&self, span: toml_parser::Span, encoding: Option<Encoding>) -> Raw<'t> {
        let s = Span::from_parser(span);
        let slice = self.text.get(s.start..s.end).unwrap_or("");
        Raw::new_unchecked(slice, encoding, span)
    }

    fn entries(&mut self) -> &mut Vec<Entry> {
        if self.tables.is_empty() {
            &mut self.root
        } else {
            &mut self.current
        }
    }

    /// Moves the open table's entries into it, at their exact size.
    fn settle_entries(&mut self) {
        if let Some(last) = self.tables.last_mut() {
            last.entries = self.current.drain(..).collect();
        }
    }

    /// Finishes the pending key-value with `value`, in whichever container is open.
    fn deliver(&mut self, value: Option<Value>) {
        match self.frames.last_mut() {
            Some(Frame::Array { items, .. }) => {
                if let Some(v) = value {
                    items.push(v);
                }
            }
            Some(Frame::Refused) => {}
            Some(Frame::Inline { entries, .. }) => {
                if let Some(e) = take_entry(&mut self.pending, value) {
                    entries.push(e);
                }
            }
            None => {
                if let Some(e) = take_entry(&mut self.pending, value) {
                    self.entries().push(e);
                }
            }
        }
    }

    /// Closes the innermost open array or inline table at `end`, delivering it as a value.
    fn close_frame(&mut self, end: usize) {
        match self.frames.pop() {
            Some(Frame::Array { start, items }) => {
                self.deliver(Some(Value { kind: ValueKind::Array(items), span: Span::new(start, end) }));
            }
            Some(Frame::Inline { start, entries, outer }) => {
                // A key left without value inside the braces still counts as an entry.
                let mut entries = entries;
                if let Some(e) = take_entry(&mut self.pending, None) {
                    entries.push(e);
                }
                self.pending = outer;
                self.deliver(Some(Value { kind: ValueKind::InlineTable(entries), span: Span::new(start, end) }));
            }
            Some(Frame::Refused) | None => {}
        }
    }

    /// Closes everything still open (an unclosed array at a new header or at the end).
    fn close_all(&mut self, end: usize) {
        while !self.frames.is_empty() {
            self.close_frame(end);
        }
        self.deliver(None);
    }

    fn finish(mut self) -> Tree {
        let end = self.text.len();
        self.close_all(end);
        if let Some((kind, start, keys)) = self.header.take() {
            self.push_table(kind, keys, Span::new(start, end));
        }
        self.settle_entries();
        if let Some(last) = self.tables.last_mut() {
            last.span.end = end;
        }
        Tree { root: self.root, tables: self.tables, errors: self.bad_scalars, directives: self.directives }
    }

    fn push_table(&mut self, kind: HeaderKind, keys: Vec<Key>, header: Span) {
        self.settle_entries();
        if let Some(last) = self.tables.last_mut() {
            last.span.end = header.start;
        }
        let keys: HeaderKeys = keys.into_iter().collect();
        self.tables.push(Table { kind, keys, header, span: Span::new(header.start, header.end), entries: Vec::new() });
    }

    fn open_header(&mut self, kind: HeaderKind, span: toml_parser::Span) {
        let start = span.start();
        self.close_all(start);
        self.header = Some((kind, start, Vec::new()));
    }

    fn close_header(&mut self, span: toml_parser::Span) {
        if let Some((kind, start, keys)) = self.header.take() {
            self.push_table(kind, keys, Span::new(start, span.end()));
        }
    }

    fn open_frame(&mut self, frame: Frame, span: toml_parser::Span) -> bool {
        if self.frames.len() >= MAX_DEPTH {
            if !matches!(self.frames.last(), Some(Frame::Refused)) {
                let message = format!("nested more than {MAX_DEPTH} levels deep");
                self.bad_scalars.push(SyntaxError { span: Span::from_parser(span), message });
            }
            self.frames.push(Frame::Refused);
            return false;
        }
        self.frames.push(frame);
        true
    }
}

fn take_entry(pending: &mut Pending, value: Option<Value>) -> Option<Entry> {
    // Copied out at their exact size; the pending buffer keeps its capacity for the next key.
    let keys: EntryKeys = pending.keys.drain(..).collect();
    let eq = pending.eq.take();
    let first = keys.first()?;
    let end = value
        .as_ref()
        .map(|v| v.span.end)
        .or(eq.map(|e| e.end))
        .unwrap_or_else(|| keys.last().map_or(first.span.end, |k| k.span.end));
    let span = Span::new(first.span.start, end);
    Some(Entry { keys, eq, value, span })
}

/// A key that needs no decoding: bare (`svc-1`), or a basic string of printable ASCII
/// without escapes. Anything else goes through `toml_parser`'s decoder, which also reports
/// what is wrong with it.
fn plain_key(raw: &str, encoding: Option<Encoding>) -> Option<&str> {
    match encoding {
        None => {
            (!raw.is_empty() && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')).then_some(raw)
        }
        Some(Encoding::BasicString) => plain_string(raw),
        _ => None,
    }
}

/// Whether a float the decoder accepted (underscores removed, sign kept) is a TOML float:
/// `inf` and `nan`, signed or not, are values of their own; every other form must stay
/// finite as an `f64`, so `1e400` (which overflows to infinity) is out of range, as the
/// `toml` crate reports it. Only the lowercase spellings are TOML: `f64::from_str` also takes
/// `NaN`, `Inf` and `infinity`, which therefore never pass here.
fn float_in_range(decoded: &str) -> bool {
    let unsigned = decoded.strip_prefix(['+', '-']).unwrap_or(decoded);
    matches!(unsigned, "inf" | "nan") || decoded.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The contents of `"…"` when they are printable ASCII without escapes: nothing to decode.
fn plain_string(raw: &str) -> Option<&str> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    inner.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\').then_some(inner)
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.open_header(HeaderKind::Table, span);
    }

    fn std_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.close_header(span);
    }

    fn array_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.open_header(HeaderKind::ArrayOfTables, span);
    }

    fn array_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.close_header(span);
    }

    fn inline_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) -> bool {
        let outer = std::mem::take(&mut self.pending);
        let accepted = self
            .open_frame(Frame::Inline { start: span.start(), entries: Vec::new(), outer: Pending::default() }, span);
        match self.frames.last_mut() {
            Some(Frame::Inline { outer: slot, .. }) if accepted => *slot = outer,
            _ => self.pending = outer,
        }
        accepted
    }

    fn inline_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.close_frame(span.end());
    }

    fn array_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) -> bool {
        self.open_frame(Frame::Array { start: span.start(), items: Vec::new() }, span)
    }

    fn array_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.close_frame(span.end());
    }

    fn simple_key(&mut self, span: toml_parser::Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if matches!(self.frames.last(), Some(Frame::Refused)) {
            return;
        }
        let whole = Span::from_parser(span);
        let raw = self.text.get(whole.start..whole.end).unwrap_or("");
        let text = match plain_key(raw, encoding) {
            Some(plain) => CompactString::from(plain),
            None => {
                let mut decoded: Cow<'_, str> = Cow::Borrowed("");
                self.raw(span, encoding).decode_key(&mut decoded, error);
                CompactString::from(decoded.as_ref())
            }
        };
        let key = Key { text, span: whole };
        match &mut self.header {
            Some((_, _, keys)) => keys.push(key),
            None => {
                // A key after a complete key-value on the same line: start afresh.
                if self.pending.eq.is_some() {
                    self.deliver(None);
                }
                self.pending.keys.push(key);
            }
        }
    }

    fn key_val_sep(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.pending.eq = Some(Span::from_parser(span));
    }

    fn scalar(&mut self, span: toml_parser::Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
        if span.is_empty() {
            // The parser's recovery for `key = ` with nothing after it: no value.
            let message = "missing value, expected a string, number, boolean, date, array or inline table".into();
            self.bad_scalars.push(SyntaxError { span: Span::from_parser(span), message });
            self.deliver(None);
            return;
        }
        let whole = Span::from_parser(span);
        if encoding == Some(Encoding::BasicString) {
            if let Some(plain) = self.text.get(whole.start..whole.end).and_then(plain_string) {
                self.deliver(Some(Value { kind: ValueKind::String(plain.into()), span: whole }));
                return;
            }
        }
        let mut decoded: Cow<'_, str> = Cow::Borrowed("");
        let mut failed: Vec<toml_parser::ParseError> = Vec::new();
        let kind = self.raw(span, encoding).decode_scalar(&mut decoded, &mut failed);
        if !failed.is_empty() && encoding.is_none() {
            // A bare word: keep it as the string it was meant to be, so hover and completion
            // still work, and report it.
            let raw = self.text.get(whole.start..whole.end).unwrap_or("");
            self.bad_scalars
                .push(SyntaxError { span: whole, message: format!("string values must be quoted: \"{raw}\"") });
            self.deliver(Some(Value { kind: ValueKind::String(raw.into()), span: whole }));
            return;
        }
        for e in failed {
            error.report_error(e);
        }
        let kind = match kind {
            ScalarKind::String => ValueKind::String(CompactString::from(decoded.as_ref())),
            ScalarKind::Boolean(b) => ValueKind::Boolean(b),
            ScalarKind::DateTime => {
                if let Err(e) = decoded.parse::<toml_datetime::Datetime>() {
                    self.bad_scalars.push(SyntaxError { span: whole, message: format!("invalid date-time: {e}") });
                }
                ValueKind::DateTime
            }
            ScalarKind::Float => {
                if !float_in_range(&decoded) {
                    self.bad_scalars.push(SyntaxError { span: whole, message: "float out of range".into() });
                }
                ValueKind::Float
            }
            ScalarKind::Integer(radix) => {
                if i64::from_str_radix(&decoded, radix.value()).is_err() {
                    let message = "integer out of range: TOML integers are 64-bit signed".into();
                    self.bad_scalars.push(SyntaxError { span: whole, message });
                }
                ValueKind::Integer
            }
        };
        self.deliver(Some(Value { kind, span: whole }));
    }

    fn value_sep(&mut self, _span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        if matches!(self.frames.last(), Some(Frame::Inline { .. })) && !self.pending.keys.is_empty() {
            self.deliver(None);
        }
    }

    fn comment(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        let span = Span::from_parser(span);
        if self.text.get(span.start..span.end).is_some_and(|c| c.contains("stackls:")) {
            self.directives.push(span);
        }
    }

    fn newline(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        // An unclosed header ends with its line: the next line's key is not part of it.
        if let Some((kind, start, keys)) = self.header.take() {
            self.push_table(kind, keys, Span::new(start, span.start()));
        }
        if self.frames.is_empty() && !self.pending.keys.is_empty() {
            self.deliver(None);
        }
    }
}

impl Tree {
    /// Adds errors, keeping them in document order and without repeats.
    pub fn add_errors(&mut self, errors: Vec<SyntaxError>) {
        self.errors.extend(errors);
        self.errors.sort_by_key(|e| (e.span.start, e.span.end));
        self.errors.dedup();
    }

    /// Every entry of the document with its table, in document order (root first).
    pub fn all_entries(&self) -> impl Iterator<Item = (Option<&Table>, &Entry)> {
        self.root
            .iter()
            .map(|e| (None, e))
            .chain(self.tables.iter().flat_map(|t| t.entries.iter().map(move |e| (Some(t), e))))
    }
}
