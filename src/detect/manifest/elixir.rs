//! `mix.exs`, read as tokens (no evaluation): the `{:name, "requirement", options}` tuples
//! of the `deps` function (`defp deps do … end`, `defp deps, do: […]`), or of an inline
//! `deps: […]` in `project` when there is no such function; `elixir: "~> 1.15"` is the
//! `elixir` runtime.
//!
//! Scope: `only: :test` → Test; `only: :dev` or `only: [:dev, :test]` → Dev (an `only` that
//! includes `:prod` or another environment leaves the dependency in production); otherwise
//! `runtime: false` → Build, and so does a computed `runtime:` (Phoenix's
//! `runtime: Mix.env() == :dev` for esbuild and tailwind: not started in production);
//! anything else is Runtime. A `git:`/`github:`/`path:` dependency has no version.
//! Pinned: a bare version (`"1.7.10"`, which Mix reads as exact) or `== 1.7.10`.

use super::common::{dep, is_plain_version, strip_bom, LineIndex};
use super::{Dependency, Scope, What};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind<'a> {
    /// `:phoenix`, `:"my-dep"`
    Atom(&'a str),
    /// `only:` (a keyword's key)
    Key(&'a str),
    /// The contents of `"…"` (or of a `"""` heredoc).
    Str(&'a str),
    Ident(&'a str),
    Punct(u8),
    /// Numbers, charlists, sigils, operators.
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind<'a>,
    start: usize,
    end: usize,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The offset after an identifier's characters from `i`, a trailing `?`/`!` included.
fn ident_end(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| is_ident_char(b) || b == b'@') {
        i += 1;
    }
    if bytes.get(i).is_some_and(|&b| b == b'?' || b == b'!') {
        i += 1;
    }
    i
}

/// The offset after the quoted text whose body starts at `i`, closed by `close` (or by three
/// of it for a heredoc); backslash escapes skipped. Also answers where the body ends.
fn quoted_end(bytes: &[u8], i: usize, close: u8, heredoc: bool) -> (usize, usize) {
    let mut j = i;
    loop {
        match bytes.get(j) {
            None => return (j, j),
            Some(b'\\') => j += 2,
            Some(&b) if b == close => {
                if !heredoc {
                    return (j, j + 1);
                }
                if bytes.get(j + 1) == Some(&close) && bytes.get(j + 2) == Some(&close) {
                    return (j, j + 3);
                }
                j += 1;
            }
            Some(_) => j += 1,
        }
    }
}

fn elixir_tokens(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    let slice = |a: usize, b: usize| text.get(a..b.min(text.len())).unwrap_or("");
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let kind = match b {
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                let heredoc = bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b);
                let body = if heredoc { i + 3 } else { i + 1 };
                let (body_end, end) = quoted_end(bytes, body, b, heredoc);
                i = end;
                let content = slice(body, body_end);
                // `"quoted key": value`
                if bytes.get(i) == Some(&b':') && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()) {
                    i += 1;
                    Kind::Key(content)
                } else if b == b'"' {
                    Kind::Str(content)
                } else {
                    Kind::Other // a charlist
                }
            }
            b'~' if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                    i += 1;
                }
                let open = bytes.get(i).copied().unwrap_or(b' ');
                let close = match open {
                    b'(' => Some(b')'),
                    b'[' => Some(b']'),
                    b'{' => Some(b'}'),
                    b'<' => Some(b'>'),
                    b'/' | b'|' | b'"' | b'\'' => Some(open),
                    _ => None,
                };
                if let Some(close) = close {
                    let heredoc = matches!(open, b'"' | b'\'')
                        && bytes.get(i + 1) == Some(&open)
                        && bytes.get(i + 2) == Some(&open);
                    let body = if heredoc { i + 3 } else { i + 1 };
                    i = quoted_end(bytes, body, close, heredoc).1;
                    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                        i += 1; // modifiers
                    }
                }
                Kind::Other
            }
            // A character literal `?a`, `?\n`.
            b'?' => {
                i += if bytes.get(i + 1) == Some(&b'\\') { 3 } else { 2 };
                Kind::Other
            }
            b':' if bytes.get(i + 1) == Some(&b'"') => {
                let (body_end, end) = quoted_end(bytes, i + 2, b'"', false);
                i = end;
                Kind::Atom(slice(start + 2, body_end))
            }
            b':' if bytes.get(i + 1).is_some_and(|&c| is_ident_start(c)) => {
                i = ident_end(bytes, i + 1);
                Kind::Atom(slice(start + 1, i))
            }
            _ if is_ident_start(b) => {
                i = ident_end(bytes, i);
                let word = slice(start, i);
                let key = bytes.get(i) == Some(&b':') && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
                if key {
                    i += 1;
                    Kind::Key(word)
                } else {
                    Kind::Ident(word)
                }
            }
            b'{' | b'}' | b'[' | b']' | b'(' | b')' | b',' => {
                i += 1;
                Kind::Punct(b)
            }
            _ if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {
                i += 1;
                Kind::Other
            }
        };
        tokens.push(Tok { kind, start, end: i.min(text.len()) });
    }
    tokens
}

/// For every token that opens something, the index of the token that closes it: brackets
/// their bracket, `do` and `fn` their `end` (the number of tokens when never closed). One
/// pass with two stacks, so every lookup after is constant time.
fn pairs(tokens: &[Tok<'_>]) -> Vec<usize> {
    let mut closes = vec![tokens.len(); tokens.len()];
    let (mut brackets, mut blocks) = (Vec::new(), Vec::new());
    for (i, t) in tokens.iter().enumerate() {
        let opened = match t.kind {
            Kind::Punct(b'{' | b'[' | b'(') => {
                brackets.push(i);
                None
            }
            Kind::Ident("do" | "fn") => {
                blocks.push(i);
                None
            }
            Kind::Punct(b'}' | b']' | b')') => brackets.pop(),
            Kind::Ident("end") => blocks.pop(),
            _ => None,
        };
        if let Some(c) = opened.and_then(|o| closes.get_mut(o)) {
            *c = i;
        }
    }
    closes
}

/// Where the dependency tuples are, as token ranges: the bodies of `def(p) deps`, else an
/// inline `deps: [...]`.
fn deps_ranges(tokens: &[Tok<'_>], closes: &[usize]) -> Vec<(usize, usize)> {
    let close = |i: usize| closes.get(i).copied().unwrap_or(tokens.len());
    let mut ranges = Vec::new();
    for (i, pair) in tokens.windows(2).enumerate() {
        let [def, name] = pair else { continue };
        if !matches!(def.kind, Kind::Ident("def" | "defp")) || name.kind != Kind::Ident("deps") {
            continue;
        }
        let mut j = i + 2;
        if tokens.get(j).is_some_and(|t| t.kind == Kind::Punct(b'(')) {
            j = close(j).saturating_add(1);
        }
        if tokens.get(j).is_some_and(|t| t.kind == Kind::Punct(b',')) {
            j += 1; // `defp deps, do: [...]`
        }
        match tokens.get(j).map(|t| t.kind) {
            Some(Kind::Ident("do")) => ranges.push((j + 1, close(j))),
            Some(Kind::Key("do")) if tokens.get(j + 1).is_some_and(|t| t.kind == Kind::Punct(b'[')) => {
                ranges.push((j + 1, close(j + 1)));
            }
            _ => {}
        }
    }
    if ranges.is_empty() {
        for (i, pair) in tokens.windows(2).enumerate() {
            if pair.first().is_some_and(|t| t.kind == Kind::Key("deps"))
                && pair.get(1).is_some_and(|t| t.kind == Kind::Punct(b'['))
            {
                ranges.push((i + 1, close(i + 1)));
            }
        }
    }
    ranges
}

pub(super) fn mix_exs(text: &str) -> Vec<Dependency> {
    let text = strip_bom(text);
    let lines = LineIndex::new(text);
    let tokens = elixir_tokens(text);
    let mut deps = Vec::new();

    let elixir = tokens.windows(2).find_map(|pair| match pair {
        [Tok { kind: Kind::Key("elixir"), start, .. }, Tok { kind: Kind::Str(v), end, .. }] => Some((*start, *end, *v)),
        _ => None,
    });
    if let Some((start, end, v)) = elixir {
        let v = v.trim();
        deps.push(dep(
            What::Runtime,
            "elixir",
            Some(v),
            exact(v),
            lines.line_of(start),
            lines.evidence(start, end),
            Scope::Runtime,
        ));
    }

    let closes = pairs(&tokens);
    // Ranges come in order of their start; one inside another is read once.
    let mut k = 0;
    for (from, to) in deps_ranges(&tokens, &closes) {
        k = k.max(from);
        while k < to {
            let is_tuple = tokens.get(k).is_some_and(|t| t.kind == Kind::Punct(b'{'))
                && tokens.get(k + 1).is_some_and(|t| matches!(t.kind, Kind::Atom(_)));
            if !is_tuple {
                k += 1;
                continue;
            }
            let close = closes.get(k).copied().unwrap_or(tokens.len()).min(tokens.len().saturating_sub(1));
            if let Some(d) = tuple(&tokens, k, close, &lines) {
                deps.push(d);
            }
            k = close + 1;
        }
    }
    deps.sort_by_key(|d| d.line);
    deps
}

/// The dependency of the tuple `{:name, …}` from token `open` to `close`.
fn tuple(tokens: &[Tok<'_>], open: usize, close: usize, lines: &LineIndex<'_>) -> Option<Dependency> {
    let Kind::Atom(name) = tokens.get(open + 1)?.kind else { return None };
    if name.is_empty() {
        return None;
    }
    let fields = tokens.get(open + 2..close).unwrap_or(&[]);
    // `, "~> 1.7"` right after the name, ending the field.
    let version = match fields {
        [Tok { kind: Kind::Punct(b','), .. }, Tok { kind: Kind::Str(v), .. }, rest @ ..]
            if rest.first().is_none_or(|t| t.kind == Kind::Punct(b',')) =>
        {
            Some(v.trim())
        }
        _ => None,
    };
    let (mut only, mut runtime_false, mut depth) = (None::<Vec<&str>>, false, 0usize);
    for (j, t) in fields.iter().enumerate() {
        match t.kind {
            Kind::Punct(b'{' | b'[' | b'(') => depth += 1,
            Kind::Punct(b'}' | b']' | b')') => depth = depth.saturating_sub(1),
            Kind::Key("only") if depth == 0 => {
                only = Some(match fields.get(j + 1).map(|t| t.kind) {
                    Some(Kind::Atom(env)) => vec![env],
                    Some(Kind::Punct(b'[')) => fields
                        .get(j + 2..)
                        .unwrap_or(&[])
                        .iter()
                        .take_while(|t| t.kind != Kind::Punct(b']'))
                        .filter_map(|t| match t.kind {
                            Kind::Atom(env) => Some(env),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                });
            }
            Kind::Key("runtime") if depth == 0 => {
                runtime_false = fields.get(j + 1).is_none_or(|t| t.kind != Kind::Ident("true"));
            }
            _ => {}
        }
    }
    let only_scope = only.filter(|envs| !envs.is_empty()).and_then(|envs| {
        if envs.iter().all(|e| *e == "test") {
            Some(Scope::Test)
        } else if envs.iter().all(|e| matches!(*e, "dev" | "test")) {
            Some(Scope::Dev)
        } else {
            None
        }
    });
    let scope = only_scope.unwrap_or(if runtime_false { Scope::Build } else { Scope::Runtime });
    let (start, end) = (tokens.get(open)?.start, tokens.get(close)?.end);
    let version = version.filter(|v| !v.is_empty());
    Some(dep(
        What::Package,
        name,
        version,
        version.and_then(exact),
        lines.line_of(start),
        lines.evidence(start, end),
        scope,
    ))
}

/// `1.7.10` or `== 1.7.10` → `1.7.10`.
fn exact(requirement: &str) -> Option<String> {
    let r = requirement.trim();
    let r = r.strip_prefix("==").map_or(r, str::trim_start);
    is_plain_version(r).then(|| r.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    /// A Phoenix 1.7 app's mix.exs as `mix phx.new` writes it, with a few more
    /// dependencies for the other options.
    const PHOENIX: &str = r#"defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop,
      version: "0.1.0",
      elixir: "~> 1.15",
      elixirc_paths: elixirc_paths(Mix.env()),
      start_permanent: Mix.env() == :prod,
      aliases: aliases(),
      deps: deps()
    ]
  end

  def application do
    [
      mod: {Shop.Application, []},
      extra_applications: [:logger, :runtime_tools]
    ]
  end

  defp elixirc_paths(:test), do: ["lib", "test/support"]
  defp elixirc_paths(_), do: ["lib"]

  # Specifies your project dependencies.
  #
  # Type `mix help deps` for examples and options.
  defp deps do
    [
      {:phoenix, "~> 1.7.10"},
      {:phoenix_ecto, "~> 4.4"},
      {:ecto_sql, "~> 3.10"},
      {:postgrex, ">= 0.0.0"},
      {:phoenix_live_reload, "~> 1.2", only: :dev},
      {:phoenix_live_view, "~> 0.20.1"},
      {:floki, ">= 0.30.0", only: :test},
      {:esbuild, "~> 0.8", runtime: Mix.env() == :dev},
      {:tailwind, "~> 0.2.0", runtime: Mix.env() == :dev},
      {:heroicons,
       github: "tailwindlabs/heroicons",
       tag: "v2.1.1",
       sparse: "optimized",
       app: false,
       compile: false,
       depth: 1},
      {:jason, "1.4.1"},
      {:bandit, "== 1.2.0", runtime: true},
      # {:commented_out, "~> 1.0"},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
      {:dialyxir, "~> 1.4", only: :dev, runtime: false},
      {:ex_doc, "~> 0.31", runtime: false},
      {:local_dep, path: "../local_dep"},
      {:prod_tool, "~> 1.0", only: [:dev, :prod]},
      {:"quoted-name", "~> 0.1", system_env: [{"X", "1"}], only: :test}
    ]
  end

  defp aliases do
    [
      setup: ["deps.get", "ecto.setup", "assets.setup", "assets.build"],
      "ecto.setup": ["ecto.create", "ecto.migrate", "run priv/repo/seeds.exs"],
      "assets.deploy": ["tailwind default --minify", "esbuild default --minify", "phx.digest"]
    ]
  end
end
"#;

    #[test]
    fn phoenix_mix_exs() {
        assert_eq!(
            rows(&mix_exs(PHOENIX)),
            [
                "8 Runtime Runtime elixir ~> 1.15 - | elixir: \"~> 1.15\"",
                "31 Runtime Package phoenix ~> 1.7.10 - | {:phoenix, \"~> 1.7.10\"}",
                "32 Runtime Package phoenix_ecto ~> 4.4 - | {:phoenix_ecto, \"~> 4.4\"}",
                "33 Runtime Package ecto_sql ~> 3.10 - | {:ecto_sql, \"~> 3.10\"}",
                "34 Runtime Package postgrex >= 0.0.0 - | {:postgrex, \">= 0.0.0\"}",
                "35 Dev Package phoenix_live_reload ~> 1.2 - | {:phoenix_live_reload, \"~> 1.2\", only: :dev}",
                "36 Runtime Package phoenix_live_view ~> 0.20.1 - | {:phoenix_live_view, \"~> 0.20.1\"}",
                "37 Test Package floki >= 0.30.0 - | {:floki, \">= 0.30.0\", only: :test}",
                "38 Build Package esbuild ~> 0.8 - | {:esbuild, \"~> 0.8\", runtime: Mix.env() == :dev}",
                "39 Build Package tailwind ~> 0.2.0 - | {:tailwind, \"~> 0.2.0\", runtime: Mix.env() == :dev}",
                "40 Runtime Package heroicons - - | {:heroicons,",
                "47 Runtime Package jason 1.4.1 1.4.1 | {:jason, \"1.4.1\"}",
                "48 Runtime Package bandit == 1.2.0 1.2.0 | {:bandit, \"== 1.2.0\", runtime: true}",
                "50 Dev Package credo ~> 1.7 - | {:credo, \"~> 1.7\", only: [:dev, :test], runtime: false}",
                "51 Dev Package dialyxir ~> 1.4 - | {:dialyxir, \"~> 1.4\", only: :dev, runtime: false}",
                "52 Build Package ex_doc ~> 0.31 - | {:ex_doc, \"~> 0.31\", runtime: false}",
                "53 Runtime Package local_dep - - | {:local_dep, path: \"../local_dep\"}",
                "54 Runtime Package prod_tool ~> 1.0 - | {:prod_tool, \"~> 1.0\", only: [:dev, :prod]}",
                "55 Test Package quoted-name ~> 0.1 - | {:\"quoted-name\", \"~> 0.1\", system_env: [{\"X\", \"1\"}], only: :test}",
            ]
        );
    }

    #[test]
    fn other_shapes() {
        // `do:` one-liner, an inline `deps:` used only without a deps function, strings and
        // sigils holding lookalikes.
        let text = r#"defmodule A.MixProject do
  @moduledoc """
  {:not_a_dep, "1.0"} end end
  """
  def project, do: [app: :a, elixir: ">= 1.14.0", deps: [{:ignored_inline, "1.0"}]]
  defp deps, do: [{:plug, "~> 1.15"}, {:x, ~s(a}b), only: :test}]
end
"#;
        assert_eq!(
            rows(&mix_exs(text)),
            [
                "5 Runtime Runtime elixir >= 1.14.0 - | elixir: \">= 1.14.0\"",
                "6 Runtime Package plug ~> 1.15 - | {:plug, \"~> 1.15\"}",
                "6 Test Package x - - | {:x, ~s(a}b), only: :test}",
            ]
        );
        let inline = "def project do\n  [app: :b, deps: [\n    {:ecto, \"~> 3.11\"}\n  ]]\nend\n";
        assert_eq!(rows(&mix_exs(inline)), ["3 Runtime Package ecto ~> 3.11 - | {:ecto, \"~> 3.11\"}"]);
        // Umbrella root: no dependencies, nothing to say.
        assert_eq!(mix_exs("def project, do: [apps_path: \"apps\", deps: []]"), []);
    }
}
