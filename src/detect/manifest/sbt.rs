//! `build.sbt`, read by hand over the shared lexer (Scala dialect).
//!
//! Read: module IDs `"group" %% "artifact" % "version" [% Test | % "test" | …]` wherever they
//! are (`libraryDependencies +=`, `++= Seq(…)` over many lines, `val deps = Seq(…)`,
//! `.settings(…)`), except under `dependencyOverrides`/`excludeDependencies` (management, not
//! use); `addCompilerPlugin(…)` (Build) and `addSbtPlugin(…)` (plugins);
//! `enablePlugins(PlayScala, …)`; `scalaVersion := "3.3.1"` (also `ThisBuild /`). A version
//! named by a `val` is pinned through that `val` when the file assigns it a string once.
//!
//! Not read: Play's and sbt's dependency values (`guice`, `ws`, `jdbc`: their group depends on
//! the Play version, so naming them would be a guess), `project/*.scala` and `project/*.sbt`,
//! dotted version paths (`Versions.akka`), `crossScalaVersions`.

use rustc_hash::FxHashMap;

use super::common::{exact_version, At, LineIndex, MAX_VALUE};
use super::jvmlex::{lex, next_significant, valid_part, Dialect, Tok, Token};
use super::{Dependency, Scope, What};

/// What a module ID in this place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Library,
    /// `dependencyOverrides`, `excludeDependencies`: not used.
    Skip,
    SbtPlugin,
    CompilerPlugin,
}

/// A bracket level: what its call says, what the current assignment in it says, and what it
/// inherited from the level around it.
struct Frame {
    special: Option<Kind>,
    assign: Option<Kind>,
    inherited: Kind,
}

impl Frame {
    fn effective(&self) -> Kind {
        self.special.or(self.assign).unwrap_or(self.inherited)
    }
}

pub(super) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let toks = lex(text, Dialect { nested_comments: true, single_quote_strings: false });
    let kinds = contexts(&toks);
    let vars = vars(&toks);
    let lines = LineIndex::new(text);
    // Positions of the tokens that are not newlines: a module ID may span lines.
    let sig: Vec<usize> = (0..toks.len()).filter(|&i| toks.get(i).is_some_and(|t| t.tok != Tok::Newline)).collect();
    let tok = |p: usize| sig.get(p).and_then(|&i| toks.get(i)).map(|t| t.tok);
    let token = |p: usize| sig.get(p).and_then(|&i| toks.get(i));
    let mut out = Vec::new();

    let mut p = 0;
    while p < sig.len() {
        match (tok(p), tok(p + 1)) {
            (Some(Tok::Str { raw: group, .. }), Some(Tok::Op("%" | "%%" | "%%%"))) => {
                let Some(end) = module_id(&tok, p, group, &vars, &kinds, &sig, &toks, &lines, &mut out) else {
                    p += 1;
                    continue;
                };
                p = end;
            }
            (Some(Tok::Ident("enablePlugins")), Some(Tok::Punct(b'('))) => {
                let mut q = p + 2;
                let mut last: Option<Token> = None;
                loop {
                    match tok(q) {
                        Some(Tok::Ident(_)) => last = token(q).copied(),
                        Some(Tok::Punct(b'.')) => {}
                        Some(Tok::Punct(b',' | b')')) | None => {
                            if let Some(t @ Token { tok: Tok::Ident(name), .. }) = last.take() {
                                out.push(lines.dep(What::Plugin, name, None, None, t.at(), Scope::Runtime));
                            }
                            if tok(q) != Some(Tok::Punct(b',')) {
                                break;
                            }
                        }
                        _ => break,
                    }
                    q += 1;
                }
                p = q;
            }
            (Some(Tok::Ident("scalaVersion")), _) => {
                // `scalaVersion := v`, `scalaVersion in ThisBuild := v`.
                let assign = [p + 1, p + 3]
                    .into_iter()
                    .find(|&q| tok(q) == Some(Tok::Op(":=")) && (q == p + 1 || tok(p + 1) == Some(Tok::Ident("in"))));
                if let Some(q) = assign {
                    let at = token(p).map_or(At::Line(1), Token::at);
                    let value = match (tok(q + 1), tok(q + 2)) {
                        (Some(Tok::Str { raw, .. }), _) => Some((raw.to_string(), exact_version(raw))),
                        (Some(Tok::Ident(v)), next) if next != Some(Tok::Punct(b'.')) => {
                            Some((v.to_string(), vars.get(v).copied().flatten().and_then(exact_version)))
                        }
                        _ => None,
                    };
                    if let Some((version, pinned)) = value {
                        out.push(lines.dep(What::Runtime, "scala", Some(version), pinned, at, Scope::Runtime));
                    }
                }
                p += 1;
            }
            _ => p += 1,
        }
    }
    out.sort_by_key(|d| d.line);
    Ok(out)
}

/// Reads the module ID whose group is at significant position `p`; the position after it.
#[allow(clippy::too_many_arguments)]
fn module_id<'a>(
    tok: &dyn Fn(usize) -> Option<Tok<'a>>,
    p: usize,
    group: &str,
    vars: &FxHashMap<&str, Option<&str>>,
    kinds: &[Kind],
    sig: &[usize],
    toks: &[Token],
    lines: &LineIndex,
    out: &mut Vec<Dependency>,
) -> Option<usize> {
    let Some(Tok::Str { raw: artifact, .. }) = tok(p + 2) else { return None };
    if tok(p + 3) != Some(Tok::Op("%")) {
        return None;
    }
    // The version: a string, or a `val` (a dotted path is kept as written, not resolved).
    let mut q = p + 4;
    let (version, pinned) = match tok(q) {
        Some(Tok::Str { raw, .. }) => {
            q += 1;
            (raw.to_string(), exact_version(raw))
        }
        Some(Tok::Ident(first)) => {
            let mut path = first.to_string();
            q += 1;
            while let (Some(Tok::Punct(b'.')), Some(Tok::Ident(next))) = (tok(q), tok(q + 1)) {
                path.push('.');
                path.push_str(next);
                q += 2;
            }
            let pinned =
                if path.contains('.') { None } else { vars.get(first).copied().flatten().and_then(exact_version) };
            (path, pinned)
        }
        _ => return None,
    };
    let mut scope = Scope::Runtime;
    if tok(q) == Some(Tok::Op("%")) {
        match tok(q + 1) {
            Some(Tok::Str { raw, .. }) => {
                scope = config_scope_str(raw);
                q += 2;
            }
            Some(Tok::Ident(c)) => {
                scope = config_scope_ident(c);
                q += 2;
            }
            _ => {}
        }
    }
    if !valid_part(group) || !valid_part(artifact) {
        return Some(q);
    }
    let index = sig.get(p).copied().unwrap_or(0);
    let at = toks.get(index).map_or(At::Line(1), Token::at);
    let name = format!("{group}:{artifact}");
    match kinds.get(index).copied().unwrap_or(Kind::Library) {
        Kind::Library => out.push(lines.dep(What::Package, name, Some(version), pinned, at, scope)),
        Kind::CompilerPlugin => out.push(lines.dep(What::Package, name, Some(version), pinned, at, Scope::Build)),
        Kind::SbtPlugin => out.push(lines.dep(What::Plugin, name, Some(version), pinned, at, Scope::Runtime)),
        Kind::Skip => {}
    }
    Some(q)
}

/// `% "test"`, `% "test->default"`, `% "compile->compile;test->test"`, `% "it,test"`.
fn config_scope_str(raw: &str) -> Scope {
    let configs: Vec<String> = raw
        .split([';', ','])
        .map(|c| c.split("->").next().unwrap_or("").trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    let has = |names: &[&str]| configs.iter().any(|c| names.contains(&c.as_str()));
    if configs.is_empty() || has(&["compile", "runtime", "default"]) {
        Scope::Runtime
    } else if has(&["test", "it"]) {
        Scope::Test
    } else if has(&["provided"]) {
        Scope::Build
    } else if has(&["optional"]) {
        Scope::Optional
    } else {
        Scope::Runtime
    }
}

/// `% Test`, `% IntegrationTest`, `% Provided`, `% Optional`, `% Compile`, `% Runtime`.
fn config_scope_ident(c: &str) -> Scope {
    match c {
        "Test" | "IntegrationTest" => Scope::Test,
        "Provided" => Scope::Build,
        "Optional" => Scope::Optional,
        _ => Scope::Runtime,
    }
}

/// For each token, what a module ID starting there is, from the calls and assignments around
/// it. One pass, with a stack of bracket levels (heap, not recursion).
fn contexts(toks: &[Token]) -> Vec<Kind> {
    let next_sig = next_significant(toks);
    let mut kinds = Vec::with_capacity(toks.len());
    let mut frames = vec![Frame { special: None, assign: None, inherited: Kind::Library }];
    let mut prev_sig: Option<Tok> = None;
    for (i, t) in toks.iter().enumerate() {
        let effective = frames.last().map_or(Kind::Library, Frame::effective);
        kinds.push(effective);
        match t.tok {
            Tok::Punct(b'(' | b'[' | b'{') => {
                let special = match (t.tok, prev_sig) {
                    (Tok::Punct(b'('), Some(Tok::Ident("addSbtPlugin"))) => Some(Kind::SbtPlugin),
                    (Tok::Punct(b'('), Some(Tok::Ident("addCompilerPlugin"))) => Some(Kind::CompilerPlugin),
                    _ => None,
                };
                frames.push(Frame { special, assign: None, inherited: effective });
            }
            // The outermost level stays, whatever stray closers come.
            Tok::Punct(b')' | b']' | b'}') if frames.len() > 1 => {
                frames.pop();
            }
            Tok::Op(":=" | "+=" | "++=" | "-=" | "--=" | "=") => {
                let kind = match prev_sig {
                    Some(Tok::Ident("dependencyOverrides" | "excludeDependencies")) => Kind::Skip,
                    _ if matches!(t.tok, Tok::Op("-=" | "--=")) => Kind::Skip,
                    _ => Kind::Library,
                };
                if let Some(f) = frames.last_mut() {
                    f.assign = Some(kind);
                }
            }
            Tok::Punct(b',' | b';') => {
                if let Some(f) = frames.last_mut() {
                    f.assign = None;
                }
            }
            Tok::Newline => {
                let goes_on = matches!(prev_sig, Some(Tok::Op(_) | Tok::Punct(b',' | b'(' | b'.')))
                    || matches!(next_sig.get(i + 1).copied().flatten(), Some(Tok::Op(_) | Tok::Punct(b'.')));
                if !goes_on {
                    if let Some(f) = frames.last_mut() {
                        f.assign = None;
                    }
                }
            }
            _ => {}
        }
        if t.tok != Tok::Newline {
            prev_sig = Some(t.tok);
        }
    }
    kinds
}

/// `val name = "value"` (also `lazy val`, `val name: String = …`), when the string is the
/// whole value; a name assigned different values maps to `None`.
fn vars<'a>(toks: &[Token<'a>]) -> FxHashMap<&'a str, Option<&'a str>> {
    let mut map: FxHashMap<&'a str, Option<&'a str>> = FxHashMap::default();
    let tok = |i: usize| toks.get(i).map(|t| t.tok);
    for i in 0..toks.len() {
        if tok(i) != Some(Tok::Ident("val")) {
            continue;
        }
        let Some(Tok::Ident(name)) = tok(i + 1) else { continue };
        let mut j = i + 2;
        if tok(j) == Some(Tok::Op(":")) {
            j += 2;
        }
        let (Some(Tok::Op("=")), Some(Tok::Str { raw, .. })) = (tok(j), tok(j + 1)) else { continue };
        if !matches!(tok(j + 2), None | Some(Tok::Newline | Tok::Punct(b';' | b')' | b'}'))) || raw.len() > MAX_VALUE {
            continue;
        }
        map.entry(name).and_modify(|v| *v = v.filter(|old| *old == raw)).or_insert(Some(raw));
    }
    map
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "libraryDependencies",
    " ++= ",
    " += ",
    " := ",
    "Seq(",
    ")",
    "\"g\"",
    " %% ",
    " % ",
    " %%% ",
    "\"a\"",
    "\"1.0\"",
    "Test",
    "\"test->default\"",
    ",",
    "\n",
    "enablePlugins(",
    "PlayScala",
    "scalaVersion := ",
    "ThisBuild / ",
    "val v = \"2.13.12\"",
    "v",
    "Versions.v",
    "addSbtPlugin(",
    "addCompilerPlugin(",
    "dependencyOverrides",
    "/*",
    "*/",
    "//",
    "\"\"\"",
    "'a'",
    "'",
    ".settings(",
    "{",
    "}",
    "lazy val ",
    "é",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::super::parse_file;
    use super::*;

    const PLAY: &str = r#"name := """play-app"""
organization := "com.example"
version := "1.0-SNAPSHOT"

ThisBuild / scalaVersion := "3.3.1"

val pekkoVersion = "1.0.2"

lazy val root = (project in file("."))
  .enablePlugins(PlayScala, sbtbuildinfo.BuildInfoPlugin)
  .disablePlugins(PlayLayoutPlugin)
  .settings(
    name := "play-app",
    libraryDependencies ++= Seq(
      guice,
      ws,
      "org.playframework" %% "play-slick" % "6.0.0",
      "org.postgresql" % "postgresql" % "42.7.1",
      "org.apache.pekko" %% "pekko-actor-typed" % pekkoVersion,
      "com.h2database" % "h2" % "2.2.224" % "test",
      "org.scalatestplus.play" %% "scalatestplus-play" % "7.0.0" % Test,
      "org.mockito" % "mockito-core" % "5.8.0" % "test->default",
      "javax.servlet" % "servlet-api" % "2.5" % Provided,
      "org.typelevel" %%% "cats-core" % "2.10.0" /* , "commented" % "out" % "1" */
    ),
    dependencyOverrides += "com.fasterxml.jackson.core" % "jackson-databind" % "2.14.3",
    excludeDependencies ++= Seq(ExclusionRule("org.slf4j", "slf4j-log4j12")),
    addCompilerPlugin("org.typelevel" % "kind-projector" % "0.13.2" cross CrossVersion.full)
  )

// Adds additional packages into Twirl
//TwirlKeys.templateImports += "com.example.controllers._"
libraryDependencies += "org.scalatestplus" %% "mockito-4-11" % Versions.mockito % Test
"#;

    #[test]
    fn play_build() {
        let deps = parse_file("build.sbt", PLAY).unwrap();
        assert_eq!(
            rows(&deps),
            [
                "5 Runtime Runtime scala 3.3.1 3.3.1 | ThisBuild / scalaVersion := \"3.3.1\"",
                "10 Runtime Plugin PlayScala - - | .enablePlugins(PlayScala, sbtbuildinfo.BuildInfoPlugin)",
                "10 Runtime Plugin BuildInfoPlugin - - | .enablePlugins(PlayScala, sbtbuildinfo.BuildInfoPlugin)",
                "17 Runtime Package org.playframework:play-slick 6.0.0 6.0.0 | \"org.playframework\" %% \"play-slick\" % \"6.0.0\",",
                "18 Runtime Package org.postgresql:postgresql 42.7.1 42.7.1 | \"org.postgresql\" % \"postgresql\" % \"42.7.1\",",
                "19 Runtime Package org.apache.pekko:pekko-actor-typed pekkoVersion 1.0.2 | \"org.apache.pekko\" %% \"pekko-actor-typed\" % pekkoVersion,",
                "20 Test Package com.h2database:h2 2.2.224 2.2.224 | \"com.h2database\" % \"h2\" % \"2.2.224\" % \"test\",",
                "21 Test Package org.scalatestplus.play:scalatestplus-play 7.0.0 7.0.0 | \"org.scalatestplus.play\" %% \"scalatestplus-play\" % \"7.0.0\" % Test,",
                "22 Test Package org.mockito:mockito-core 5.8.0 5.8.0 | \"org.mockito\" % \"mockito-core\" % \"5.8.0\" % \"test->default\",",
                "23 Build Package javax.servlet:servlet-api 2.5 2.5 | \"javax.servlet\" % \"servlet-api\" % \"2.5\" % Provided,",
                "24 Runtime Package org.typelevel:cats-core 2.10.0 2.10.0 | \"org.typelevel\" %%% \"cats-core\" % \"2.10.0\" /* , \"commented\" % \"out\" % \"1\" */",
                "28 Build Package org.typelevel:kind-projector 0.13.2 0.13.2 | addCompilerPlugin(\"org.typelevel\" % \"kind-projector\" % \"0.13.2\" cross CrossVersion.full)",
                "33 Test Package org.scalatestplus:mockito-4-11 Versions.mockito - | libraryDependencies += \"org.scalatestplus\" %% \"mockito-4-11\" % Versions.mockito % Test",
            ]
        );
        let play = deps.iter().find(|d| d.name.ends_with("play-slick")).unwrap();
        assert_eq!(play.text, r#""org.playframework" %% "play-slick" % "6.0.0","#);
        assert_eq!(deps[0].text, r#"ThisBuild / scalaVersion := "3.3.1""#);
        assert_eq!(deps[1].text, ".enablePlugins(PlayScala, sbtbuildinfo.BuildInfoPlugin)");
    }

    #[test]
    fn play_seed_single_lines() {
        let text = r#"lazy val root = (project in file(".")).enablePlugins(PlayScala)

scalaVersion := "2.13.12"

libraryDependencies += guice
libraryDependencies += "org.scalatestplus.play" %% "scalatestplus-play" % "7.0.0" % Test
libraryDependencies ++= Seq("a" % "b" % "1.0", "c" %% "d" % "2.0" % "provided")
dependencyOverrides ++= Seq(
  "x" % "overridden" % "1.0"
)
libraryDependencies += "e" % "f" % "3.0" % "compile->compile;test->test"
addSbtPlugin("com.github.sbt" % "sbt-native-packager" % "1.9.16")
"#;
        let deps = parse(text).unwrap();
        use Scope::*;
        use What::{Package, Plugin};
        let got: Vec<_> = deps.iter().map(|d| (d.what, d.name.as_str(), d.line, d.scope)).collect();
        assert_eq!(
            got,
            [
                (Plugin, "PlayScala", 1, Runtime),
                (What::Runtime, "scala", 3, Runtime),
                (Package, "org.scalatestplus.play:scalatestplus-play", 6, Test),
                (Package, "a:b", 7, Runtime),
                (Package, "c:d", 7, Build),
                (Package, "e:f", 11, Runtime),
                (Plugin, "com.github.sbt:sbt-native-packager", 12, Runtime),
            ]
        );
    }

    #[test]
    fn scala_version_forms_and_vars() {
        let v = |text: &str| {
            parse(text)
                .unwrap()
                .into_iter()
                .filter(|d| d.name == "scala")
                .map(|d| (d.version, d.pinned))
                .collect::<Vec<_>>()
        };
        let s = |x: &str| Some(x.to_string());
        assert_eq!(v("val scala3 = \"3.3.1\"\nscalaVersion := scala3"), [(s("scala3"), s("3.3.1"))]);
        assert_eq!(v("scalaVersion in ThisBuild := \"2.12.18\""), [(s("2.12.18"), s("2.12.18"))]);
        assert_eq!(v("val scala3: String = \"3.4.0\"\nscalaVersion := scala3"), [(s("scala3"), s("3.4.0"))]);
        assert_eq!(v("scalaVersion := Versions.scala"), []);
        assert_eq!(v("crossScalaVersions := Seq(\"2.13.12\", \"3.3.1\")"), []);
        assert_eq!(v("val x = CrossVersion.partialVersion(scalaVersion.value)"), []);
        assert_eq!(v("scalaVersion.value\nname := \"x\""), []);
        assert_eq!(v("val a = \"1\"\nval a = \"2\"\nscalaVersion := a"), [(s("a"), None)]);
    }

    #[test]
    fn config_scopes() {
        for (c, want) in [
            ("test", Scope::Test),
            ("Test", Scope::Test),
            ("it,test", Scope::Test),
            ("test->default", Scope::Test),
            ("compile->compile;test->test", Scope::Runtime),
            ("provided", Scope::Build),
            ("optional", Scope::Optional),
            ("runtime", Scope::Runtime),
            ("", Scope::Runtime),
            ("weird", Scope::Runtime),
        ] {
            assert_eq!(config_scope_str(c), want, "{c}");
        }
        assert_eq!(config_scope_ident("IntegrationTest"), Scope::Test);
        assert_eq!(config_scope_ident("Provided"), Scope::Build);
        assert_eq!(config_scope_ident("Compile"), Scope::Runtime);
    }

    #[test]
    fn junk_and_bombs() {
        for junk in [
            "",
            "\"a\" %",
            "\"a\" % \"b\"",
            "\"a\" % \"b\" %",
            "\"a b\" % \"c\" % \"1\"",
            "enablePlugins(",
            "enablePlugins(,,)",
            "scalaVersion :=",
            "val",
            "val x",
            "val x =",
            ")))}}}]]]",
            "/* unterminated",
            "\"\"\"unterminated",
            "'",
        ] {
            let _ = parse(junk).unwrap();
        }
        let start = std::time::Instant::now();
        for bomb in [
            "(".repeat(100_000),
            "Seq(".repeat(100_000),
            "addSbtPlugin(".repeat(100_000),
            "\"a\" % ".repeat(100_000),
            "\"a\" % \"b\" % ".repeat(100_000),
            format!("libraryDependencies ++= Seq(\n{})", "\"g\" %% \"a\" % \"1.0\" % Test,\n".repeat(50_000)),
            "enablePlugins(".repeat(100_000),
            format!("enablePlugins({})", "A,".repeat(100_000)),
            "\n".repeat(200_000),
            "/*".repeat(100_000),
        ] {
            let _ = parse(&bomb).unwrap();
        }
        let long = format!(
            "val v = \"{}\"\n{}",
            "1".repeat(1_000_000),
            "libraryDependencies += \"g\" % \"a\" % v\n".repeat(10_000)
        );
        let deps = parse(&long).unwrap();
        assert_eq!(deps.len(), 10_000);
        assert!(deps.iter().all(|d| d.pinned.is_none()));
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }
}
