//! A small lexer for the build scripts read by hand (Gradle's Groovy and Kotlin DSLs, sbt's
//! Scala): identifiers, string literals, numbers, operator runs, brackets and newlines, with
//! comments dropped. Not a Groovy, Kotlin or Scala lexer: enough to find dependency
//! declarations and never be fooled by a `//`, `{` or `"` inside a string or comment. Linear,
//! total: an unterminated string ends at its line, an unterminated comment at the end.

use super::common::{At, MAX_VALUE};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    /// An identifier; for a Kotlin `` `java-library` `` the text between the backticks.
    Ident(&'a str),
    /// A string literal's raw content (escapes and `${…}` left as written); `interpolated`
    /// for double-quoted strings, where `$name` and `${…}` are substituted.
    Str {
        raw: &'a str,
        interpolated: bool,
    },
    /// A number, with any dots and suffix letters (`17`, `1.8`, `3L`).
    Num(&'a str),
    /// A run of operator characters: `=`, `:`, `%%`, `++=`, `:=`, `->`, …
    Op(&'a str),
    /// One of `( ) { } [ ] , ; .`
    Punct(u8),
    Newline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token<'a> {
    pub(super) tok: Tok<'a>,
    /// 1-based line where the token starts.
    pub(super) line: u32,
    /// Byte offset where the token starts.
    pub(super) offset: usize,
}

impl Token<'_> {
    /// Where the token is, for evidence.
    pub(super) fn at(&self) -> At {
        At::Byte(self.offset)
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Dialect {
    /// `/* /* */ */` nests (Kotlin, Scala), or closes at the first `*/` (Groovy).
    pub(super) nested_comments: bool,
    /// `'…'` is a string (Groovy, and Kotlin characters read alike), or only a character
    /// literal `'a'`/`'\n'` (Scala, where a lone `'` is a symbol quote).
    pub(super) single_quote_strings: bool,
}

fn is_op(b: u8) -> bool {
    matches!(
        b,
        b'%' | b'+'
            | b'-'
            | b'*'
            | b'/'
            | b'='
            | b':'
            | b'!'
            | b'<'
            | b'>'
            | b'&'
            | b'|'
            | b'^'
            | b'~'
            | b'?'
            | b'@'
            | b'#'
            | b'\\'
    )
}

pub(super) fn lex<'a>(text: &'a str, dialect: Dialect) -> Vec<Token<'a>> {
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    fn slice(text: &str, s: usize, e: usize) -> &str {
        text.get(s..e).unwrap_or("")
    }
    let mut out = Vec::new();
    let mut line: u32 = 1;
    let mut i = 0;
    while i < b.len() {
        let c = at(i);
        let start_line = line;
        let offset = i;
        let push = |out: &mut Vec<Token<'a>>, tok: Tok<'a>| out.push(Token { tok, line: start_line, offset });
        match c {
            b'\n' => {
                push(&mut out, Tok::Newline);
                line = line.saturating_add(1);
                i += 1;
            }
            b' ' | b'\t' | b'\r' | 0x0c => i += 1,
            b'/' if at(i + 1) == b'/' => {
                while i < b.len() && at(i) != b'\n' {
                    i += 1;
                }
            }
            b'/' if at(i + 1) == b'*' => {
                let mut depth = 1u32;
                i += 2;
                while i < b.len() && depth > 0 {
                    if at(i) == b'*' && at(i + 1) == b'/' {
                        depth -= 1;
                        i += 2;
                    } else if dialect.nested_comments && at(i) == b'/' && at(i + 1) == b'*' {
                        depth = depth.saturating_add(1);
                        i += 2;
                    } else {
                        if at(i) == b'\n' {
                            line = line.saturating_add(1);
                        }
                        i += 1;
                    }
                }
                if line != start_line {
                    push(&mut out, Tok::Newline);
                }
            }
            b'"' | b'\'' if c == b'"' || dialect.single_quote_strings => {
                let triple = at(i + 1) == c && at(i + 2) == c;
                let open = if triple { 3 } else { 1 };
                let s = i + open;
                let mut j = s;
                let mut brace = 0u32;
                let end;
                loop {
                    if j >= b.len() {
                        end = j;
                        i = j;
                        break;
                    }
                    let d = at(j);
                    if d == b'\n' {
                        if !triple {
                            end = j;
                            i = j;
                            break;
                        }
                        line = line.saturating_add(1);
                    }
                    if d == b'\\' && !triple {
                        // Skip the escaped character whole (a newline ends the string next turn).
                        let next = text.get(j + 1..).and_then(|r| r.chars().next());
                        j += 1 + next.filter(|c| *c != '\n').map_or(0, char::len_utf8);
                        continue;
                    }
                    if c == b'"' && d == b'$' && at(j + 1) == b'{' {
                        brace = brace.saturating_add(1);
                        j += 2;
                        continue;
                    }
                    if brace > 0 {
                        match d {
                            b'{' => brace = brace.saturating_add(1),
                            b'}' => brace -= 1,
                            _ => {}
                        }
                        j += 1;
                        continue;
                    }
                    if d == c && (!triple || (at(j + 1) == c && at(j + 2) == c)) {
                        end = j;
                        i = j + open;
                        break;
                    }
                    j += 1;
                }
                push(&mut out, Tok::Str { raw: slice(text, s, end.min(b.len())), interpolated: c == b'"' });
            }
            b'\'' => {
                // Scala: a character literal, or a symbol quote.
                let len = if at(i + 1) == b'\\' { 4 } else { 3 };
                if at(i + len - 1) == b'\'' && at(i + 1) != b'\n' {
                    push(&mut out, Tok::Str { raw: slice(text, i + 1, i + len - 1), interpolated: false });
                    i += len;
                } else {
                    push(&mut out, Tok::Op("'"));
                    i += 1;
                }
            }
            b'`' => {
                let s = i + 1;
                let mut j = s;
                while j < b.len() && at(j) != b'`' && at(j) != b'\n' {
                    j += 1;
                }
                push(&mut out, Tok::Ident(slice(text, s, j)));
                i = if at(j) == b'`' { j + 1 } else { j };
            }
            b'(' | b')' | b'{' | b'}' | b'[' | b']' | b',' | b';' | b'.' => {
                push(&mut out, Tok::Punct(c));
                i += 1;
            }
            _ if c.is_ascii_digit() => {
                let s = i;
                while i < b.len()
                    && (at(i).is_ascii_alphanumeric() || at(i) == b'_' || (at(i) == b'.' && at(i + 1).is_ascii_digit()))
                {
                    i += 1;
                }
                push(&mut out, Tok::Num(slice(text, s, i)));
            }
            _ if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                let s = i;
                i += 1;
                while i < b.len() && (at(i).is_ascii_alphanumeric() || at(i) == b'_' || at(i) == b'$') {
                    i += 1;
                }
                push(&mut out, Tok::Ident(slice(text, s, i)));
            }
            _ if is_op(c) => {
                let s = i;
                while i < b.len() && is_op(at(i)) && !(at(i) == b'/' && matches!(at(i + 1), b'/' | b'*')) {
                    i += 1;
                }
                push(&mut out, Tok::Op(slice(text, s, i)));
            }
            _ => {
                // Anything else (non-ASCII outside strings): skip the whole character.
                i += text.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
            }
        }
    }
    out
}

/// For each position, the next token that is not a newline (a backward pass, so runs of
/// blank lines cost nothing); one more entry for the end.
pub(super) fn next_significant<'a>(toks: &[Token<'a>]) -> Vec<Option<Tok<'a>>> {
    let mut next: Vec<Option<Tok<'a>>> = vec![None; toks.len() + 1];
    for i in (0..toks.len()).rev() {
        let here = toks.get(i).map(|t| t.tok);
        let value = match here {
            Some(Tok::Newline) | None => next.get(i + 1).copied().flatten(),
            t => t,
        };
        if let Some(slot) = next.get_mut(i) {
            *slot = value;
        }
    }
    next
}

/// A group, artifact or module name: letters, digits, `.`, `-`, `_`.
pub(super) fn valid_part(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `raw` with `$name` and `${name}` (also `${project.name}`, `${rootProject.ext.name}`,
/// `${extra["name"]}`, `${property("name")}`) substituted from `vars`; `None` when one is
/// not there, or the result is longer than [`MAX_VALUE`].
pub(super) fn interpolate(raw: &str, vars: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(p) = rest.find('$') {
        out.push_str(rest.get(..p)?);
        let after = rest.get(p + 1..)?;
        if let Some(inner) = after.strip_prefix('{') {
            let close = inner.find('}')?;
            let expr = inner.get(..close)?.trim();
            out.push_str(&vars(simple_name(expr)?)?);
            rest = inner.get(close + 1..)?;
            if out.len() > MAX_VALUE {
                return None;
            }
        } else {
            let len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            if len == 0 {
                return None;
            }
            out.push_str(&vars(after.get(..len)?)?);
            rest = after.get(len..)?;
            if out.len() > MAX_VALUE {
                return None;
            }
        }
    }
    out.push_str(rest);
    (out.len() <= MAX_VALUE).then_some(out)
}

/// The variable an interpolated expression reads, when it is a plain one.
fn simple_name(expr: &str) -> Option<&str> {
    let mut e = expr;
    for prefix in ["rootProject.", "project."] {
        e = e.strip_prefix(prefix).unwrap_or(e);
    }
    for prefix in ["ext.", "extra."] {
        e = e.strip_prefix(prefix).unwrap_or(e);
    }
    for (open, close) in [("extra[", "]"), ("property(", ")"), ("findProperty(", ")")] {
        if let Some(inner) = e.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            e = inner.trim().trim_matches(|c| c == '"' || c == '\'');
        }
    }
    let ok = !e.is_empty() && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    ok.then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROOVY: Dialect = Dialect { nested_comments: false, single_quote_strings: true };
    const SCALA: Dialect = Dialect { nested_comments: true, single_quote_strings: false };

    fn toks(text: &str, d: Dialect) -> Vec<Tok<'_>> {
        lex(text, d).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn strings_comments_and_operators() {
        use Tok::*;
        assert_eq!(
            toks("implementation 'a:b:1' // c { \"\n\"x${v.map { it }}y\" /* } */ %% ++= 1.8 `java-library`", GROOVY),
            [
                Ident("implementation"),
                Str { raw: "a:b:1", interpolated: false },
                Newline,
                Str { raw: "x${v.map { it }}y", interpolated: true },
                Op("%%"),
                Op("++="),
                Num("1.8"),
                Ident("java-library"),
            ]
        );
        // Unterminated strings end at their line; triple-quoted ones span lines.
        assert_eq!(toks("\"abc\nx", GROOVY), [Str { raw: "abc", interpolated: true }, Newline, Ident("x")]);
        let t = lex("'''a\nb''' c", GROOVY);
        assert_eq!(t[0].tok, Str { raw: "a\nb", interpolated: false });
        assert_eq!((t[1].tok, t[1].line), (Ident("c"), 2));
        // Escaped quotes.
        assert_eq!(toks(r#""a\"b" c"#, GROOVY)[0], Str { raw: r#"a\"b"#, interpolated: true });
        // Scala: nested comments, character literals, symbol quotes.
        assert_eq!(toks("/* a /* b */ c */ x 'a' '\\n' 'sym", SCALA).len(), 5);
        assert_eq!(toks("/* a /* b */ c */ x", GROOVY), [Ident("c"), Op("*/"), Ident("x")]);
        // A multi-line comment stands for a newline.
        assert_eq!(toks("a /*\n*/ b", SCALA), [Ident("a"), Newline, Ident("b")]);
        assert_eq!(lex("a /*\n*/ b", SCALA)[2].line, 2);
        // Division is an operator, not a comment.
        assert_eq!(toks("a / b", GROOVY), [Ident("a"), Op("/"), Ident("b")]);
    }

    #[test]
    fn never_stuck_on_junk() {
        for junk in
            ["", "\"", "'", "`", "/*", "/* /*", "\"${", "\"\"\"", "'''", "\\", "é ü 中", "'\\", "$", "1.", "a\r\n"]
        {
            let _ = lex(junk, GROOVY);
            let _ = lex(junk, SCALA);
        }
        let deep = "/*".repeat(100_000);
        assert!(lex(&deep, SCALA).is_empty());
        let braces = format!("\"{}", "${".repeat(100_000));
        assert_eq!(lex(&braces, GROOVY).len(), 1);
    }

    #[test]
    fn interpolation() {
        let vars = |n: &str| match n {
            "v" => Some("1.0".to_string()),
            "kotlin_version" => Some("1.9.22".to_string()),
            _ => None,
        };
        let s = |x: &str| Some(x.to_string());
        assert_eq!(interpolate("a:b:$v", &vars), s("a:b:1.0"));
        assert_eq!(interpolate("a:b:${v}", &vars), s("a:b:1.0"));
        assert_eq!(interpolate("a:b:${ rootProject.ext.kotlin_version }", &vars), s("a:b:1.9.22"));
        assert_eq!(interpolate("a:b:${extra[\"v\"]}", &vars), s("a:b:1.0"));
        assert_eq!(interpolate("a:b:${property(\"v\")}", &vars), s("a:b:1.0"));
        assert_eq!(interpolate("a:b:$w", &vars), None);
        assert_eq!(interpolate("a:b:${v", &vars), None);
        assert_eq!(interpolate("a:b:${libs.versions.x.get()}", &vars), None);
        assert_eq!(interpolate("$", &vars), None);
        assert_eq!(interpolate("plain", &vars), s("plain"));
        let long = |_: &str| Some("1".repeat(100));
        assert_eq!(interpolate("$a$a", &long).map(|v| v.len()), Some(200));
        assert_eq!(interpolate("$a$a$a", &long), None);
    }
}
