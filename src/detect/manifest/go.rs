//! `go.mod`, and `main.go` (a `package main` is a service: see [`main_go`]).
//!
//! `go.mod`: `require` lines and blocks (a `// indirect` comment makes the requirement
//! Indirect), and the `go` runtime: the `toolchain` line where there is one (the Go it is built
//! with), else the `go` directive (since Go 1.21 only the least version). `module`, `replace`,
//! `exclude`, `retract`, `tool`, `godebug` are not dependencies and are skipped, blocks
//! included.
//!
//! Module versions are exact (minimal version selection picks the written one unless a
//! dependency needs newer): `v1.9.1` is pinned `1.9.1`, a pseudo-version
//! `v0.0.0-20231121…-abc` and `v2.0.0+incompatible` likewise without the `v`. The `go`
//! directive's plain version (`1.22`, `1.22.1`) is pinned as written: it is the version the
//! module is written for (and, since Go 1.21, the least toolchain that builds it).

use super::common::{dep, strip_bom};
use super::{Dependency, Scope, What};

/// `main.go`: a `Role` `service` when its package clause is `package main` (a command: the
/// module, or the `cmd/<name>` folder holding it, builds a program). The clause is the first
/// code of the file, after comments and build constraints.
pub(super) fn main_go(text: &str) -> Vec<Dependency> {
    let mut in_block = false;
    for (i, raw) in strip_bom(text).lines().enumerate() {
        let mut code = raw.trim();
        // Block comments, which may open and close on the line, before any code.
        loop {
            if in_block {
                match code.find("*/") {
                    Some(end) => {
                        code = code.get(end + 2..).unwrap_or("").trim_start();
                        in_block = false;
                    }
                    None => break,
                }
            } else if let Some(rest) = code.strip_prefix("/*") {
                code = rest;
                in_block = true;
            } else {
                break;
            }
        }
        if in_block || code.is_empty() || code.starts_with("//") {
            continue;
        }
        let clause = code.split("//").next().unwrap_or("").split("/*").next().unwrap_or("");
        let mut words = clause.split_whitespace();
        if words.next() == Some("package") && words.next() == Some("main") && words.next().is_none() {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            return vec![dep(What::Role, "service", None, None, line, raw.trim().to_string(), Scope::Runtime)];
        }
        return Vec::new();
    }
    Vec::new()
}

pub(super) fn go_mod(text: &str) -> Vec<Dependency> {
    let mut deps = Vec::new();
    // The directive of the `(` block being read, if any.
    let mut block: Option<String> = None;
    // Whether a `toolchain` line pinned Go: the `go` directive is then only the least version.
    let mut toolchain = false;
    for (i, raw) in strip_bom(text).lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (code, comment) = split_comment(raw);
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        if let Some(directive) = &block {
            if code == ")" {
                block = None;
            } else if directive == "require" {
                if let Some(d) = requirement(code, comment, line_no, raw) {
                    deps.push(d);
                }
            }
            continue;
        }
        let (directive, rest) = code.split_once(|c: char| c.is_whitespace()).unwrap_or((code, ""));
        let rest = rest.trim();
        // `require (` opens a block (a `(` right after the directive, with or without a space).
        let (directive, rest) = match directive.strip_suffix('(') {
            Some(d) if rest.is_empty() => (d, "("),
            _ => (directive, rest),
        };
        if rest == "(" {
            block = Some(directive.to_string());
            continue;
        }
        match directive {
            "require" => {
                if let Some(d) = requirement(rest, comment, line_no, raw) {
                    deps.push(d);
                }
            }
            "go" if !toolchain && !rest.is_empty() && rest.starts_with(|c: char| c.is_ascii_digit()) => {
                let version = rest.split_whitespace().next().unwrap_or(rest);
                deps.push(runtime(version, line_no, raw));
            }
            // `toolchain go1.22.1` pins the Go the module is built with; the `go` directive is
            // then only the least version, and gives way.
            "toolchain" => {
                let Some(version) = rest.split_whitespace().next().and_then(|v| v.strip_prefix("go")) else {
                    continue;
                };
                let d = runtime(version, line_no, raw);
                if d.pinned.is_some() {
                    deps.retain(|d| d.what != What::Runtime);
                    toolchain = true;
                    deps.push(d);
                }
            }
            _ => {}
        }
    }
    deps
}

/// The `go` runtime at `version` (`1.22`, `1.22.1`: pinned when it is plain digits and dots).
fn runtime(version: &str, line: u32, raw: &str) -> Dependency {
    let pinned = version.chars().all(|c| c.is_ascii_digit() || c == '.').then(|| version.to_string());
    dep(What::Runtime, "go", Some(version), pinned, line, raw.trim().to_string(), Scope::Runtime)
}

/// `github.com/gin-gonic/gin v1.9.1` (the module path possibly quoted).
fn requirement(spec: &str, comment: Option<&str>, line: u32, raw: &str) -> Option<Dependency> {
    let mut words = spec.split_whitespace();
    let path = words.next()?.trim_matches('"');
    let version = words.next()?;
    if path.is_empty() || !version.starts_with('v') || words.next().is_some() {
        return None;
    }
    let scope = if comment.is_some_and(is_indirect) { Scope::Indirect } else { Scope::Runtime };
    let pinned = version.strip_prefix('v').filter(|v| v.starts_with(|c: char| c.is_ascii_digit())).map(str::to_string);
    Some(dep(What::Package, path, Some(version), pinned, line, raw.trim().to_string(), scope))
}

/// The `// indirect` marker: the comment is `indirect`, or starts with `indirect;` (Go writes
/// `// indirect; some note`).
fn is_indirect(comment: &str) -> bool {
    let c = comment.trim();
    c == "indirect" || c.starts_with("indirect;")
}

/// The code and the `//` comment of a line; a `//` inside a quoted module path (interpreted
/// `"…"` or raw `` `…` ``) is not a comment.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(q) if b == b'\\' && q == b'"' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'`' => quote = Some(b),
            None if b == b'/' && bytes.get(i + 1) == Some(&b'/') => {
                return (line.get(..i).unwrap_or(""), line.get(i + 2..));
            }
            None => {}
        }
        i += 1;
    }
    (line, None)
}

#[cfg(test)]
mod tests {

    #[test]
    fn main_packages_are_services() {
        let text =
            "// Copyright\n//go:build linux\n\n/* a\n   b */ /* c */\npackage main // the command\n\nimport \"fmt\"\n";
        assert_eq!(
            super::super::common::rows(&main_go(text)),
            ["6 Runtime Role service - - | package main // the command"]
        );
        for text in [
            "package server\n",
            "package mainly\n",
            "import \"x\"\npackage main\n",
            "/* package main\n",
            "",
            "package main extra\n",
        ] {
            assert_eq!(main_go(text), [], "{text}");
        }
        assert_eq!(main_go("\u{feff}/**/package main\n").len(), 1);
    }
    use super::super::common::rows;
    use super::*;

    /// A Gin service as `go mod tidy` leaves it: direct and indirect require blocks, a
    /// pseudo-version, an incompatible major, replace/exclude/retract to skip.
    const GIN: &str = "module github.com/acme/orders

go 1.22

toolchain go1.22.1

require (
\tgithub.com/gin-gonic/gin v1.9.1
\tgithub.com/jackc/pgx/v5 v5.5.2
\tgithub.com/redis/go-redis/v9 v9.4.0 // cache
\tgo.uber.org/zap v1.26.0
)

require (
\tgithub.com/bytedance/sonic v1.10.2 // indirect
\tgithub.com/gabriel-vasile/mimetype v1.4.3 // indirect
\tgolang.org/x/crypto v0.18.0 // indirect; used by gin
\tgolang.org/x/net v0.0.0-20231121024316-5e0ed1d5d4f8 // indirect
\tgithub.com/old/thing v2.0.0+incompatible
)

require github.com/stretchr/testify v1.8.4

require \"example.com/quoted//path\" v0.1.0 // indirect

replace github.com/acme/shared => ../shared

replace (
\tgithub.com/foo/bar v1.0.0 => github.com/foo/bar v1.0.1
)

exclude github.com/bad/mod v1.2.3

retract [v1.0.0, v1.0.5]
";

    #[test]
    fn gin_go_mod() {
        assert_eq!(
            rows(&go_mod(GIN)),
            [
                "5 Runtime Runtime go 1.22.1 1.22.1 | toolchain go1.22.1",
                "8 Runtime Package github.com/gin-gonic/gin v1.9.1 1.9.1 | github.com/gin-gonic/gin v1.9.1",
                "9 Runtime Package github.com/jackc/pgx/v5 v5.5.2 5.5.2 | github.com/jackc/pgx/v5 v5.5.2",
                "10 Runtime Package github.com/redis/go-redis/v9 v9.4.0 9.4.0 | github.com/redis/go-redis/v9 v9.4.0 // cache",
                "11 Runtime Package go.uber.org/zap v1.26.0 1.26.0 | go.uber.org/zap v1.26.0",
                "15 Indirect Package github.com/bytedance/sonic v1.10.2 1.10.2 | github.com/bytedance/sonic v1.10.2 // indirect",
                "16 Indirect Package github.com/gabriel-vasile/mimetype v1.4.3 1.4.3 | github.com/gabriel-vasile/mimetype v1.4.3 // indirect",
                "17 Indirect Package golang.org/x/crypto v0.18.0 0.18.0 | golang.org/x/crypto v0.18.0 // indirect; used by gin",
                "18 Indirect Package golang.org/x/net v0.0.0-20231121024316-5e0ed1d5d4f8 0.0.0-20231121024316-5e0ed1d5d4f8 | golang.org/x/net v0.0.0-20231121024316-5e0ed1d5d4f8 // indirect",
                "19 Runtime Package github.com/old/thing v2.0.0+incompatible 2.0.0+incompatible | github.com/old/thing v2.0.0+incompatible",
                "22 Runtime Package github.com/stretchr/testify v1.8.4 1.8.4 | require github.com/stretchr/testify v1.8.4",
                "24 Indirect Package example.com/quoted//path v0.1.0 0.1.0 | require \"example.com/quoted//path\" v0.1.0 // indirect",
            ]
        );
    }

    #[test]
    fn odd_spellings() {
        let text = "go 1.21rc2\nrequire(\n  a.b/c v1.0.0 //indirect\n  bad\n  d.e/f latest\n)\nrequire x.y/z v1.0.0 // not indirect\n";
        assert_eq!(
            rows(&go_mod(text)),
            [
                "1 Runtime Runtime go 1.21rc2 - | go 1.21rc2",
                "3 Indirect Package a.b/c v1.0.0 1.0.0 | a.b/c v1.0.0 //indirect",
                "7 Runtime Package x.y/z v1.0.0 1.0.0 | require x.y/z v1.0.0 // not indirect",
            ]
        );
        assert_eq!(split_comment("a \"b//c\" // d"), ("a \"b//c\" ", Some(" d")));
        assert_eq!(split_comment("`raw//x` v1"), ("`raw//x` v1", None));
    }
}
