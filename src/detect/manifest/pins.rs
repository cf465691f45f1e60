//! Runtime pins: the files that say which version of a language or platform a project runs
//! on, each read as a `What::Runtime` dependency named as the file's tool names the runtime
//! (`node`, `python`, `nodejs`, `golang`, `dotnet`; `data/detect.toml`'s `[[detect.runtime]]`
//! maps the names to technologies).
//!
//! - `.nvmrc`, `.node-version`, `.python-version`, `.ruby-version`: the first line that is
//!   not a comment names the version (`v18`, `20.11.1`, `3.12`, `ruby-3.2.2`). An alias
//!   (`lts/hydrogen`, `lts/*`, `node`, `system`, `pypy3.10`) names no version the lifecycle
//!   data knows and is skipped: nothing is guessed.
//! - `.tool-versions` (asdf, mise): one `tool version…` line per runtime, the first version
//!   the one used; Java's versions carry their distribution (`temurin-21.0.2+13.0.LTS`).
//! - `rust-toolchain.toml` and `rust-toolchain`: `[toolchain] channel`, or the legacy file's
//!   one line. A channel that is a version (`1.80`, `1.80.1`) pins it; `stable`, `beta` and
//!   `nightly-…` do not.
//! - `global.json`: `sdk.version`, the .NET SDK (`8.0.100`), the `dotnet` runtime.
//!
//! A dependency's `version` is the value as written, `pinned` its version without the
//! tool's decorations (`v18` → `18`); `None` where the value is not a version.

use super::common::{dep, is_plain_version, strip_bom, LineIndex, MAX_VALUE};
use super::spans::{json_member, json_object_start, json_string, toml_document, toml_str, toml_table};
use super::{Dependency, Scope, What};

/// A version file holding one runtime's version (`.nvmrc`, `.python-version`, …): its first
/// line that is neither blank nor a comment.
pub(super) fn version_file(text: &str, runtime: &str) -> Vec<Dependency> {
    let text = strip_bom(text);
    let Some((i, line)) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty() && !l.trim().starts_with('#'))
    else {
        return Vec::new();
    };
    // A comment may follow the version (`20 # LTS`); the version is one word.
    let value = line.split('#').next().unwrap_or("").trim();
    let Some(word) = value.split_whitespace().next() else { return Vec::new() };
    vec![runtime_dep(runtime, word, version_of(runtime, word), line_no(i), line)]
}

/// `.tool-versions`: `nodejs 20.11.1`, `python 3.12.1 3.11.7` (the first is used), comments
/// after `#`.
pub(super) fn tool_versions(text: &str) -> Vec<Dependency> {
    let mut deps = Vec::new();
    for (i, line) in strip_bom(text).lines().enumerate() {
        let code = line.split('#').next().unwrap_or("");
        let mut words = code.split_whitespace();
        let (Some(tool), Some(version)) = (words.next(), words.next()) else { continue };
        if tool.len() > MAX_VALUE || !tool.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')) {
            continue;
        }
        let tool = tool.to_ascii_lowercase();
        let pinned = if tool == "java" { java_distribution_version(version) } else { version_of(&tool, version) };
        deps.push(runtime_dep(&tool, version, pinned, line_no(i), line));
    }
    deps
}

/// `rust-toolchain.toml`, or the legacy `rust-toolchain` file (one line, or the same TOML).
pub(super) fn rust_toolchain(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let first = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty() && !l.trim().starts_with('#'));
    let Some((i, line)) = first else { return Ok(Vec::new()) };
    // The legacy form: one word, a channel.
    if !line.contains(['=', '[']) {
        let channel = line.trim();
        return Ok(vec![runtime_dep("rust", channel, channel_version(channel), line_no(i), line)]);
    }
    let lines = LineIndex::new(text);
    let doc = toml_document(text, &lines)?;
    let Some(toolchain) = toml_table(&doc, "toolchain") else { return Ok(Vec::new()) };
    let Some(channel) = toml_str(toolchain, "channel") else { return Ok(Vec::new()) };
    let line = toolchain.get_key_value("channel").map_or(1, |(k, _)| lines.line_of(k.span().start));
    let evidence = lines.text_of(line, None);
    Ok(vec![dep(What::Runtime, "rust", Some(channel), channel_version(channel), line, evidence, Scope::Runtime)])
}

/// `global.json`: the .NET SDK version (`"sdk": { "version": "8.0.100" }`).
pub(super) fn global_json(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let lines = LineIndex::new(text);
    let open = json_object_start(text)?;
    let Some(sdk) = json_member(text, open, "sdk") else { return Ok(Vec::new()) };
    let Some(version) = json_member(text, sdk.value_start, "version") else { return Ok(Vec::new()) };
    let Some(value) = json_string(text, &version) else { return Ok(Vec::new()) };
    let pinned = is_plain_version(&value).then(|| value.clone());
    let line = lines.line_of(version.key_start);
    let evidence = lines.evidence(version.key_start, version.value_end);
    Ok(vec![dep(What::Runtime, "dotnet", Some(&value), pinned, line, evidence, Scope::Runtime)])
}

fn runtime_dep(runtime: &str, written: &str, pinned: Option<String>, line: u32, text: &str) -> Dependency {
    dep(What::Runtime, runtime, Some(written), pinned, line, text.trim().to_string(), Scope::Runtime)
}

fn line_no(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

/// The version a version manager's value names: `v18` (nvm) → `18`, `ruby-3.2.2` (rvm) →
/// `3.2.2`, `3.12.1` as is; aliases and other implementations (`lts/*`, `pypy3.10`,
/// `jruby-9.4`) are none.
fn version_of(runtime: &str, value: &str) -> Option<String> {
    let v = value.trim();
    let v = v.strip_prefix(['v', 'V']).filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(v);
    let v = v.strip_prefix(runtime).and_then(|rest| rest.strip_prefix('-')).unwrap_or(v);
    is_plain_version(v).then(|| v.to_string())
}

/// asdf's Java versions name their distribution first: `temurin-21.0.2+13.0.LTS`,
/// `openjdk-21`, `corretto-21.0.1.12.1` → the Java version after it.
fn java_distribution_version(value: &str) -> Option<String> {
    let at = value.find(|c: char| c.is_ascii_digit())?;
    let (distribution, version) = value.split_at(at);
    let plain = distribution.is_empty() || distribution.ends_with('-');
    let numeric: String = version.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let numeric = numeric.trim_end_matches('.');
    (plain && !numeric.is_empty()).then(|| numeric.to_string())
}

/// A Rust channel that is a release (`1.80`, `1.80.1`); `stable`, `beta`, `nightly-2024-05-01`
/// and a release with a host (`1.80-x86_64-unknown-linux-gnu`) pin no version but the first.
fn channel_version(channel: &str) -> Option<String> {
    let release = channel.trim().split('-').next().unwrap_or("");
    let numeric =
        !release.is_empty() && release.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric.then(|| release.to_string())
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "v18",
    "lts/hydrogen",
    "3.12.1",
    "ruby-3.2.2",
    "nodejs 20.11.1",
    "java temurin-21.0.2+13.0.LTS",
    "[toolchain]",
    "channel = \"1.80\"",
    "stable",
    "nightly-2024-05-01",
    "{\"sdk\": {\"version\": \"8.0.100\"}}",
    "\"sdk\"",
    "\"version\": ",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::super::parse_file;
    use super::*;

    fn pinned(file: &str, text: &str) -> Vec<(String, Option<String>)> {
        parse_file(file, text).unwrap().into_iter().map(|d| (d.name, d.pinned)).collect()
    }

    fn one(name: &str, v: &str) -> Vec<(String, Option<String>)> {
        vec![(name.to_string(), Some(v.to_string()))]
    }

    #[test]
    fn node_version_files() {
        assert_eq!(rows(&parse_file(".nvmrc", "v18\n").unwrap()), ["1 Runtime Runtime node v18 18 | v18"]);
        assert_eq!(pinned(".node-version", "# pinned\n\n20.11.1 # LTS\n"), one("node", "20.11.1"));
        assert_eq!(pinned(".nvmrc", "  22\r\n"), one("node", "22"));
        // Aliases name no version the data knows: nothing is guessed.
        for alias in ["lts/hydrogen", "lts/*", "node", "stable", "20.x", "iojs-v3"] {
            assert_eq!(pinned(".nvmrc", alias), [("node".to_string(), None)], "{alias}");
        }
        assert_eq!(pinned(".nvmrc", ""), []);
        assert_eq!(pinned(".nvmrc", "# only a comment\n"), []);
    }

    #[test]
    fn python_and_ruby_version_files() {
        assert_eq!(
            rows(&parse_file(".python-version", "3.12\n").unwrap()),
            ["1 Runtime Runtime python 3.12 3.12 | 3.12"]
        );
        // pyenv lists several versions, the first used.
        assert_eq!(pinned(".python-version", "3.11.9\n3.10.14\n"), one("python", "3.11.9"));
        assert_eq!(pinned(".python-version", "pypy3.10-7.3.12\n"), [("python".to_string(), None)]);
        assert_eq!(pinned(".python-version", "system"), [("python".to_string(), None)]);
        assert_eq!(pinned(".ruby-version", "ruby-3.2.2\n"), one("ruby", "3.2.2"));
        assert_eq!(pinned(".ruby-version", "3.3.0\n"), one("ruby", "3.3.0"));
        assert_eq!(pinned(".ruby-version", "jruby-9.4.5.0\n"), [("ruby".to_string(), None)]);
    }

    #[test]
    fn tool_versions_lines() {
        let text = "# runtimes\nnodejs 20.11.1\npython 3.12.1 3.11.7\ngolang 1.22.0 # go\n\
                    java temurin-21.0.2+13.0.LTS\nrust stable\nelixir 1.16.1-otp-26\nerlang 26.2.1\nterraform\n";
        assert_eq!(
            rows(&tool_versions(text)),
            [
                "2 Runtime Runtime nodejs 20.11.1 20.11.1 | nodejs 20.11.1",
                "3 Runtime Runtime python 3.12.1 3.12.1 | python 3.12.1 3.11.7",
                "4 Runtime Runtime golang 1.22.0 1.22.0 | golang 1.22.0 # go",
                "5 Runtime Runtime java temurin-21.0.2+13.0.LTS 21.0.2 | java temurin-21.0.2+13.0.LTS",
                "6 Runtime Runtime rust stable - | rust stable",
                "7 Runtime Runtime elixir 1.16.1-otp-26 1.16.1-otp-26 | elixir 1.16.1-otp-26",
                "8 Runtime Runtime erlang 26.2.1 26.2.1 | erlang 26.2.1",
            ]
        );
        assert_eq!(java_distribution_version("openjdk-21"), Some("21".into()));
        assert_eq!(java_distribution_version("21.0.1"), Some("21.0.1".into()));
        assert_eq!(java_distribution_version("graalvm-community-21.0.2"), Some("21.0.2".into()));
        assert_eq!(java_distribution_version("latest"), None);
    }

    #[test]
    fn rust_toolchains() {
        let toml = "# the toolchain\n[toolchain]\nchannel = \"1.80\"\ncomponents = [\"clippy\"]\n";
        assert_eq!(
            rows(&parse_file("rust-toolchain.toml", toml).unwrap()),
            ["3 Runtime Runtime rust 1.80 1.80 | channel = \"1.80\""]
        );
        assert_eq!(pinned("rust-toolchain", "1.79.0\n"), one("rust", "1.79.0"));
        assert_eq!(pinned("rust-toolchain", toml), one("rust", "1.80"));
        for channel in ["stable", "nightly", "nightly-2024-05-01", "beta"] {
            let text = format!("[toolchain]\nchannel = \"{channel}\"\n");
            assert_eq!(pinned("rust-toolchain.toml", &text), [("rust".to_string(), None)], "{channel}");
            assert_eq!(pinned("rust-toolchain", channel), [("rust".to_string(), None)], "{channel}");
        }
        assert_eq!(pinned("rust-toolchain.toml", "[toolchain]\nprofile = \"minimal\"\n"), []);
        assert!(parse_file("rust-toolchain.toml", "[toolchain\nchannel = ").is_err());
    }

    #[test]
    fn global_json_sdk() {
        let text = "{\n  \"sdk\": {\n    \"version\": \"8.0.100\",\n    \"rollForward\": \"latestFeature\"\n  }\n}\n";
        assert_eq!(
            rows(&parse_file("global.json", text).unwrap()),
            ["3 Runtime Runtime dotnet 8.0.100 8.0.100 | \"version\": \"8.0.100\""]
        );
        assert_eq!(pinned("global.json", "{\"msbuild-sdks\": {\"version\": \"1.0\"}}"), []);
        assert_eq!(pinned("global.json", "{\"sdk\": {\"version\": \"$(V)\"}}"), [("dotnet".to_string(), None)]);
        assert!(parse_file("global.json", "[1]").is_err());
    }
}
