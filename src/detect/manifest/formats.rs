//! What a manifest format is ([`FormatInfo`], one row of [`FORMATS`]: its key, ecosystem,
//! file names and parser), and what is derived from the table: recognising a file
//! ([`Format::of`]), the files the editor is asked to watch ([`watched`]), the ecosystem a
//! dependency's name is looked up in and the parser dispatch. The language a format implies
//! and how strongly it votes for it are data (`[detect.languages]`, `[detect.votes]` in
//! `data/detect.toml`).

use std::fmt;
use std::hash::{Hash, Hasher};

use super::{Dependency, FORMATS};

/// A parser: the file's name (only some formats look at it: `requirements-dev.txt` is
/// development scope, `build.gradle.kts` is Kotlin) and its text in, the dependencies it
/// declares out, or a one-line reason it cannot be read as its format.
pub type Parser = fn(file_name: &str, text: &str) -> Result<Vec<Dependency>, String>;

/// One manifest format.
pub struct FormatInfo {
    /// Its name in `data/detect.toml` (`[detect.languages]`, `[detect.votes]`).
    pub key: &'static str,
    /// The ecosystem whose package names it uses, as `data/detect.toml` names it (`none` for
    /// a file that names no packages and no one language: `.tool-versions`).
    pub ecosystem: &'static str,
    /// The file names it is recognised by, as globs without a folder (`*` is any run of
    /// characters, ASCII case is ignored). The first format of the table with a matching
    /// glob wins. The editor is asked to watch these.
    pub globs: &'static [&'static str],
    pub parse: Parser,
    /// The format this one is the lock file of: beside a manifest of that format it pins
    /// versions the manifest only constrains and adds nothing (it forgets the groups: a
    /// development gem would look like a runtime one).
    pub locks: Option<&'static str>,
    /// Whether its images are services the app runs beside (compose), which count, rather
    /// than the images it is built from (a Dockerfile's `FROM`), which do not.
    pub images_run_beside: bool,
    /// Whether a file of this format makes its folder a project of its own (a language's
    /// manifest), or belongs to the project folder that holds it: configuration
    /// (`.env.example`, `config/database.yml`), runtime pins (`.nvmrc`) and entry-point
    /// files (`manage.py`) say something about the project above them, not a new one.
    pub project: bool,
    /// Pieces of its syntax, for the property tests to build texts that reach past a
    /// parser's first check (the shared pieces in `properties.rs` are always added).
    #[cfg(test)]
    pub fragments: &'static [&'static str],
}

/// A manifest format: a row of [`FORMATS`].
#[derive(Clone, Copy)]
pub struct Format(&'static FormatInfo);

impl Format {
    /// The format of a file by its name (not its path), if it is a manifest.
    pub fn of(file_name: &str) -> Option<Format> {
        FORMATS.iter().find(|f| f.globs.iter().any(|g| glob_matches(g, file_name))).map(Format)
    }

    /// The format named `key` in the data.
    pub fn by_key(key: &str) -> Option<Format> {
        FORMATS.iter().find(|f| f.key == key).map(Format)
    }

    /// Every format, in the table's order.
    pub fn all() -> impl Iterator<Item = Format> {
        FORMATS.iter().map(Format)
    }

    /// Its row of [`FORMATS`].
    pub fn info(self) -> &'static FormatInfo {
        self.0
    }

    /// Its name in `data/detect.toml`.
    pub fn key(self) -> &'static str {
        self.0.key
    }

    /// The ecosystem whose package names the format uses, as `data/detect.toml` names it.
    pub fn ecosystem(self) -> &'static str {
        self.0.ecosystem
    }

    /// Parses one manifest of this format.
    pub fn parse(self, file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
        (self.0.parse)(file_name, text)
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Self) -> bool {
        self.0.key == other.0.key
    }
}

impl Eq for Format {}

impl Hash for Format {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.key.hash(state);
    }
}

impl fmt::Debug for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.key)
    }
}

/// The file name globs of every format: what the language server asks the client to watch.
pub fn watched() -> impl Iterator<Item = &'static str> {
    FORMATS.iter().flat_map(|f| f.globs.iter().copied())
}

/// Whether `name` matches `glob`, where `*` is any run of characters and ASCII case is
/// ignored. Linear in practice: on a mismatch it retries only from the last `*`.
fn glob_matches(glob: &str, name: &str) -> bool {
    let (glob, name) = (glob.as_bytes(), name.as_bytes());
    let (mut g, mut n) = (0, 0);
    // The last `*` seen, and where in `name` its run currently ends.
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match glob.get(g) {
            Some(b'*') => {
                star = Some((g, n));
                g += 1;
            }
            Some(c) if c.eq_ignore_ascii_case(&name[n]) => {
                g += 1;
                n += 1;
            }
            _ => match star {
                Some((s, end)) => {
                    g = s + 1;
                    n = end + 1;
                    star = Some((s, end + 1));
                }
                None => return false,
            },
        }
    }
    glob.get(g..).is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names a glob matches: `*` as nothing, and as a few characters.
    fn samples(glob: &str) -> [String; 2] {
        [glob.replace('*', ""), glob.replace('*', "-x.1")]
    }

    #[test]
    fn every_glob_round_trips_to_its_format_and_is_watched() {
        let watched: Vec<&str> = watched().collect();
        for format in Format::all() {
            assert!(!format.info().globs.is_empty(), "{format:?} has no file names");
            for glob in format.info().globs {
                assert!(watched.contains(glob), "{glob} is not watched");
                for name in samples(glob).into_iter().chain([glob.to_ascii_uppercase().replace('*', "A")]) {
                    assert_eq!(Format::of(&name), Some(format), "{name} (from {glob})");
                }
            }
        }
        assert_eq!(watched.len(), FORMATS.iter().map(|f| f.globs.len()).sum::<usize>());
    }

    #[test]
    fn keys_are_unique_and_found() {
        for format in Format::all() {
            assert_eq!(Format::by_key(format.key()), Some(format));
            assert_eq!(FORMATS.iter().filter(|f| f.key == format.key()).count(), 1, "{format:?}");
            if let Some(locked) = format.info().locks {
                assert!(Format::by_key(locked).is_some(), "{format:?} locks unknown {locked}");
            }
        }
    }

    #[test]
    fn names_that_are_not_manifests_or_match_two_globs() {
        for name in ["README.md", "requirements.in", "Dockerfile-dev", "docker-compose.json", "compose.yml.bak", ""] {
            assert_eq!(Format::of(name), None, "{name}");
        }
        // Where two formats' globs match, the earlier row wins.
        for (name, key) in [
            ("Dockerfile.csproj", "csproj"),
            ("Dockerfile.requirements.txt", "requirements"),
            ("dev-requirements.txt", "requirements"),
            ("app.Dockerfile", "dockerfile"),
            ("GEMFILE.LOCK", "gemfile-lock"),
            ("docker-compose.prod.yaml", "compose"),
        ] {
            assert_eq!(Format::of(name).map(Format::key), Some(key), "{name}");
        }
    }

    #[test]
    fn globs() {
        for (glob, name, want) in [
            ("*", "", true),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "abcbc", true),
            ("a*b*c", "acb", false),
            ("*.txt", "a.txt.bak", false),
            ("*requirements*.txt", "xrequirementsx.txt", true),
            ("Dockerfile", "dockerfile", true),
            ("Dockerfile", "Dockerfiles", false),
            ("é*", "éa", true),
            ("É*", "éa", false),
        ] {
            assert_eq!(glob_matches(glob, name), want, "{glob} {name}");
        }
    }

    #[test]
    fn every_ecosystem_but_images_is_one_the_data_may_name() {
        for format in Format::all() {
            let e = format.ecosystem();
            // `none`: a format that names no packages (`.tool-versions` pins several runtimes).
            assert!(e == "docker" || e == "none" || crate::catalogue::ECOSYSTEMS.contains(&e), "{format:?}: {e}");
        }
        for e in crate::catalogue::ECOSYSTEMS {
            assert!(Format::all().any(|f| f.ecosystem() == *e), "no format reads {e}");
        }
    }

    #[test]
    fn the_data_names_only_formats_of_the_table() {
        let rules = &crate::catalogue::Catalogue::builtin().detect;
        for key in rules.languages.keys().chain(rules.votes.keys()).chain(rules.pins.keys()) {
            assert!(Format::by_key(key).is_some(), "data/detect.toml names format `{key}`, which is not in FORMATS");
        }
    }
}
