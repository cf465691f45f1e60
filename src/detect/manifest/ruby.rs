//! `Gemfile` (read line by line, no evaluation), `*.gemspec` and `Gemfile.lock`.
//!
//! Gemfile: `gem "name", "req", …, option: value` (the leading string arguments are the
//! requirements, joined with `, `); the groups are those of the enclosing
//! `group :a, :b do … end` blocks and of the `group:`/`groups:` option. A gem in no group,
//! or in a group that runs in production (`default`, `production`, `staging`), is Runtime;
//! one only in `test` is Test; any other group set is Dev. `ruby "3.2.2"` is the `ruby`
//! runtime (`ruby file: ".ruby-version"` names no version here and is skipped). A call
//! continued over several lines (a trailing `,` or `\`) is read whole, reported on its first
//! line.
//!
//! Gemfile.lock: the gems under `DEPENDENCIES` are the direct ones (Runtime: the lock file
//! does not say their group), with the requirement written there as version and the resolved
//! version of their `specs:` entry as pinned; every other spec is Indirect. `RUBY VERSION`
//! is the `ruby` runtime. A platform gem's version (`1.16.0-x86_64-linux`) is pinned without
//! the platform.

use std::collections::HashMap;

use super::common::{dep, is_plain_version, strip_bom};
use super::{Dependency, Scope, What};

// ---------------------------------------------------------------------------------------
// Gemfile

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Str(String),
    /// `:name` or `:"name"`.
    Sym(String),
    /// `name:` (a keyword argument's key).
    Key(String),
    Ident(String),
    /// `%i[a b]`, `%w[a b]`: the words.
    Words(Vec<String>),
    /// `=>`
    Rocket,
    Punct(char),
}

/// The tokens of one (logical) line, up to a comment.
fn ruby_tokens(line: &str) -> Vec<Tok> {
    let chars: Vec<char> = line.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '#' => break,
            '"' | '\'' => {
                let (s, next) = quoted(&chars, i);
                i = next;
                // `"name": value` is a key too.
                if chars.get(i) == Some(&':') && chars.get(i + 1).is_none_or(|c| c.is_whitespace()) {
                    tokens.push(Tok::Key(s));
                    i += 1;
                } else {
                    tokens.push(Tok::Str(s));
                }
            }
            ':' if chars.get(i + 1).is_some_and(|&n| n == '"' || n == '\'') => {
                let (s, next) = quoted(&chars, i + 1);
                tokens.push(Tok::Sym(s));
                i = next;
            }
            ':' if chars.get(i + 1).is_some_and(|&n| n.is_alphabetic() || n == '_') => {
                let start = i + 1;
                i = start;
                while chars.get(i).is_some_and(|&n| n.is_alphanumeric() || n == '_' || n == '?' || n == '!') {
                    i += 1;
                }
                tokens.push(Tok::Sym(chars.get(start..i).unwrap_or(&[]).iter().collect()));
            }
            '%' if chars.get(i + 1).is_some_and(|&n| matches!(n, 'i' | 'w' | 'I' | 'W')) => {
                let open = chars.get(i + 2).copied().unwrap_or(' ');
                let close = match open {
                    '[' => ']',
                    '(' => ')',
                    '{' => '}',
                    '<' => '>',
                    other => other,
                };
                let start = i + 3;
                i = start;
                while chars.get(i).is_some_and(|&n| n != close) {
                    i += 1;
                }
                let body: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                tokens.push(Tok::Words(body.split_whitespace().map(str::to_string).collect()));
                i += 1;
            }
            '=' if chars.get(i + 1) == Some(&'>') => {
                tokens.push(Tok::Rocket);
                i += 2;
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while chars.get(i).is_some_and(|&n| n.is_alphanumeric() || n == '_' || n == '?' || n == '!') {
                    i += 1;
                }
                let word: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                if chars.get(i) == Some(&':') && chars.get(i + 1) != Some(&':') {
                    tokens.push(Tok::Key(word));
                    i += 1;
                } else {
                    tokens.push(Tok::Ident(word));
                }
            }
            c if c.is_whitespace() => i += 1,
            c => {
                tokens.push(Tok::Punct(c));
                i += 1;
            }
        }
    }
    tokens
}

/// The string opening at `i` (a quote) and the index after it; escapes are kept verbatim
/// but do not end the string.
fn quoted(chars: &[char], i: usize) -> (String, usize) {
    let q = chars.get(i).copied().unwrap_or('"');
    let mut j = i + 1;
    let mut s = String::new();
    while let Some(&c) = chars.get(j) {
        if c == '\\' {
            if let Some(&n) = chars.get(j + 1) {
                s.push(n);
            }
            j += 2;
            continue;
        }
        if c == q {
            return (s, j + 1);
        }
        s.push(c);
        j += 1;
    }
    (s, j)
}

/// The line without its comment (a `#` outside quotes), right-trimmed.
fn strip_ruby_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match quote {
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return line.get(..i).unwrap_or("").trim_end(),
            None => {}
        }
    }
    line.trim_end()
}

/// A block the Gemfile opened: a `group … do` (its groups) or any other (`platforms … do`,
/// `source … do`, `if … `), which only needs its `end` matched.
enum Block {
    Group(Vec<String>),
    Other,
}

const OPENERS: [&str; 9] = ["if", "unless", "case", "begin", "while", "until", "def", "class", "module"];

pub(super) fn gemfile(text: &str) -> Vec<Dependency> {
    let mut deps = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    // The groups of the open `group` blocks, counted as `blocks` opens and closes them.
    let mut enclosing = Groups::default();
    let mut in_doc_comment = false;
    let physical: Vec<&str> = strip_bom(text).lines().collect();
    let mut i = 0;
    while let Some(&raw) = physical.get(i) {
        let first_line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        i += 1;
        if in_doc_comment {
            in_doc_comment = !raw.starts_with("=end");
            continue;
        }
        if raw.starts_with("=begin") {
            in_doc_comment = true;
            continue;
        }
        let first = strip_ruby_comment(raw).trim();
        if first.is_empty() {
            continue;
        }
        // A call continued on the next lines.
        let mut logical = first.to_string();
        while logical.ends_with(',') || logical.ends_with('\\') {
            let Some(&next) = physical.get(i) else { break };
            i += 1;
            if logical.ends_with('\\') {
                logical.pop();
            }
            logical.push(' ');
            logical.push_str(strip_ruby_comment(next).trim());
        }
        let evidence = first.trim_end_matches([',', '\\']).trim_end().to_string();
        let tokens = ruby_tokens(&logical);
        let head = match tokens.first() {
            Some(Tok::Ident(w)) => w.as_str(),
            _ => "",
        };
        match head {
            "gem" => {
                if let Some(d) = gem(&tokens, enclosing, first_line, evidence) {
                    deps.push(d);
                }
            }
            // A one-line block: `group :test do gem "x" end`, `group(:test) { gem "x" }`.
            "group" => {
                if let Some(at) = tokens.iter().position(|t| *t == Tok::Ident("gem".to_string())) {
                    let mut groups = enclosing;
                    group_names(&tokens).iter().for_each(|g| groups.add(g));
                    if let Some(d) = gem(tokens.get(at..).unwrap_or(&[]), groups, first_line, evidence.clone()) {
                        deps.push(d);
                    }
                }
            }
            "ruby" => {
                if let Some(d) = ruby_version(&tokens, first_line, evidence) {
                    deps.push(d);
                }
            }
            "end" => {
                if let Some(Block::Group(names)) = blocks.pop() {
                    names.iter().for_each(|g| enclosing.remove(g));
                }
                continue;
            }
            _ => {}
        }
        // Blocks opened (and closed) on this line.
        let last_ident = tokens.iter().rev().find_map(|t| match t {
            Tok::Ident(w) => Some(w.as_str()),
            _ => None,
        });
        let opens_do = tokens.iter().any(|t| *t == Tok::Ident("do".to_string())) && last_ident != Some("end");
        if opens_do {
            if head == "group" {
                let names = group_names(&tokens);
                names.iter().for_each(|g| enclosing.add(g));
                blocks.push(Block::Group(names));
            } else {
                blocks.push(Block::Other);
            }
        } else if OPENERS.contains(&head) && last_ident != Some("end") {
            blocks.push(Block::Other);
        }
    }
    deps
}

/// `*.gemspec`: `spec.add_dependency "pg", "~> 1.5"` and `add_runtime_dependency` are
/// Runtime, `add_development_dependency` Dev (the receiver's name does not matter:
/// `s.`, `spec.`, `gem.`). Requirements as for a Gemfile's `gem`; a name that is not a string
/// literal (a constant, an interpolation) is skipped. Nothing is evaluated.
pub(super) fn gemspec(text: &str) -> Vec<Dependency> {
    let mut deps = Vec::new();
    for (i, raw) in strip_bom(text).lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let l = strip_ruby_comment(raw).trim();
        let Some(dot) = l.find(".add_") else { continue };
        let call = l.get(dot + 1..).unwrap_or("");
        let tokens = ruby_tokens(call);
        let scope = match tokens.first() {
            Some(Tok::Ident(w)) if w == "add_dependency" || w == "add_runtime_dependency" => Scope::Runtime,
            Some(Tok::Ident(w)) if w == "add_development_dependency" => Scope::Dev,
            _ => continue,
        };
        if let Some(mut d) = gem(&tokens, Groups::default(), line, l.to_string()) {
            d.scope = scope;
            deps.push(d);
        }
    }
    deps
}

/// The groups of `group :development, :test do` (option keys like `optional: true` left out).
fn group_names(tokens: &[Tok]) -> Vec<String> {
    let mut names = Vec::new();
    let mut after_key = false;
    for t in tokens.iter().skip(1) {
        match t {
            Tok::Ident(w) if w == "do" => break,
            Tok::Punct('{') => break,
            Tok::Key(_) | Tok::Rocket => after_key = true,
            Tok::Punct(',') => after_key = false,
            Tok::Sym(s) | Tok::Str(s) if !after_key => names.push(s.clone()),
            Tok::Words(w) if !after_key => names.extend(w.iter().cloned()),
            _ => {}
        }
    }
    names
}

fn gem(tokens: &[Tok], mut groups: Groups, line: u32, evidence: String) -> Option<Dependency> {
    let mut rest = tokens.get(1..)?;
    if rest.first() == Some(&Tok::Punct('(')) {
        rest = rest.get(1..)?;
    }
    let Some(Tok::Str(name)) = rest.first() else { return None };
    if name.trim().is_empty() {
        return None;
    }
    // The requirements: the string arguments before the first option.
    let mut requirements = Vec::new();
    let mut k = 1;
    while rest.get(k) == Some(&Tok::Punct(',')) {
        match rest.get(k + 1) {
            Some(Tok::Str(r)) if rest.get(k + 2) != Some(&Tok::Rocket) => {
                requirements.push(r.trim().to_string());
                k += 2;
            }
            _ => break,
        }
    }
    // `group: :test`, `groups: [:development, :test]`, `:group => :test`.
    for (j, t) in rest.iter().enumerate() {
        let key = match t {
            Tok::Key(key) => key,
            Tok::Sym(key) if rest.get(j + 1) == Some(&Tok::Rocket) => key,
            _ => continue,
        };
        if key != "group" && key != "groups" {
            continue;
        }
        let value_at = if matches!(t, Tok::Sym(_)) { j + 2 } else { j + 1 };
        match rest.get(value_at) {
            Some(Tok::Sym(s) | Tok::Str(s)) => groups.add(s),
            Some(Tok::Words(w)) => w.iter().for_each(|g| groups.add(g)),
            Some(Tok::Punct('[')) => {
                for v in rest.get(value_at + 1..).unwrap_or(&[]) {
                    match v {
                        Tok::Sym(s) | Tok::Str(s) => groups.add(s),
                        Tok::Punct(',') => {}
                        _ => break,
                    }
                }
            }
            _ => {}
        }
    }
    let version = (!requirements.is_empty()).then(|| requirements.join(", "));
    let pinned = match requirements.as_slice() {
        [only] => exact(only),
        _ => None,
    };
    Some(dep(What::Package, name.trim(), version.as_deref(), pinned, line, evidence, groups.scope()))
}

/// `7.1.3` or `= 7.1.3` → `7.1.3`.
fn exact(requirement: &str) -> Option<String> {
    let r = requirement.trim();
    let r = r.strip_prefix('=').map_or(r, str::trim_start);
    is_plain_version(r).then(|| r.to_string())
}

/// The groups a gem is in, counted by what they say of its scope: constant space and time
/// whatever the nesting of blocks.
#[derive(Debug, Clone, Copy, Default)]
struct Groups {
    /// `default`, `production`, `prod`, `staging`: the gem runs in production.
    production: usize,
    test: usize,
    /// `development` and any other group.
    other: usize,
}

impl Groups {
    fn count(&mut self, group: &str) -> &mut usize {
        match group.to_ascii_lowercase().as_str() {
            "default" | "production" | "prod" | "staging" => &mut self.production,
            "test" => &mut self.test,
            _ => &mut self.other,
        }
    }

    fn add(&mut self, group: &str) {
        *self.count(group) += 1;
    }

    fn remove(&mut self, group: &str) {
        let n = self.count(group);
        *n = n.saturating_sub(1);
    }

    /// In no group, or in one that runs in production: Runtime; only in `test`: Test; else Dev.
    fn scope(&self) -> Scope {
        if self.production > 0 || self.test + self.other == 0 {
            Scope::Runtime
        } else if self.other == 0 {
            Scope::Test
        } else {
            Scope::Dev
        }
    }
}

/// `ruby "3.2.2"`, `ruby "~> 3.2.0"`, `ruby("3.3.0", engine: …)`; not `ruby file: …`.
fn ruby_version(tokens: &[Tok], line: u32, evidence: String) -> Option<Dependency> {
    let mut rest = tokens.get(1..)?;
    if rest.first() == Some(&Tok::Punct('(')) {
        rest = rest.get(1..)?;
    }
    let Some(Tok::Str(v)) = rest.first() else { return None };
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    Some(dep(What::Runtime, "ruby", Some(v), exact(v), line, evidence, Scope::Runtime))
}

// ---------------------------------------------------------------------------------------
// Gemfile.lock

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    /// `GEM`, `GIT`, `PATH`, `PLUGIN SOURCE`: sources with `specs:`.
    Source,
    Dependencies,
    RubyVersion,
    Other,
}

pub(super) fn gemfile_lock(text: &str) -> Vec<Dependency> {
    let mut section = Section::Other;
    // name → (version, line, evidence), first spec of a name only (a platform gem is listed
    // once per platform).
    let mut specs: Vec<(String, String, u32, String)> = Vec::new();
    let mut spec_index: HashMap<String, usize> = HashMap::new();
    let mut direct: Vec<(String, Option<String>, u32, String)> = Vec::new();
    let mut deps = Vec::new();
    for (i, raw) in strip_bom(text).lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let body = raw.trim();
        if body.is_empty() {
            continue;
        }
        if indent == 0 {
            section = match body {
                "GEM" | "GIT" | "PATH" | "PLUGIN SOURCE" => Section::Source,
                "DEPENDENCIES" => Section::Dependencies,
                "RUBY VERSION" => Section::RubyVersion,
                _ => Section::Other,
            };
            continue;
        }
        match section {
            // `    rails (7.1.3)`; the 6-space lines under it are its own requirements.
            Section::Source if indent == 4 => {
                let Some((name, version)) = name_and_parens(body) else { continue };
                let Some(version) = version else { continue };
                if !spec_index.contains_key(name) {
                    spec_index.insert(name.to_string(), specs.len());
                    specs.push((name.to_string(), version.to_string(), line_no, body.to_string()));
                }
            }
            // `  rails (~> 7.1.3)`, `  pg`, `  my_engine!` (from a git or path source).
            Section::Dependencies if indent == 2 => {
                let Some((name, requirement)) = name_and_parens(body) else { continue };
                let name = name.trim_end_matches('!');
                if !name.is_empty() {
                    direct.push((name.to_string(), requirement.map(str::to_string), line_no, body.to_string()));
                }
            }
            // `   ruby 3.2.2p53`
            Section::RubyVersion => {
                let mut words = body.split_whitespace();
                if let (Some("ruby"), Some(v)) = (words.next(), words.next()) {
                    let pinned = v.split_once('p').map_or(v, |(base, _)| base);
                    let pinned = is_plain_version(pinned).then(|| pinned.to_string());
                    deps.push(dep(What::Runtime, "ruby", Some(v), pinned, line_no, body.to_string(), Scope::Runtime));
                }
            }
            _ => {}
        }
    }
    let without_platform = |v: &str| v.split('-').next().unwrap_or(v).to_string();
    for (name, requirement, line, evidence) in &direct {
        let pinned = spec_index.get(name).and_then(|&k| specs.get(k)).map(|s| without_platform(&s.1));
        deps.push(dep(What::Package, name, requirement.as_deref(), pinned, *line, evidence.clone(), Scope::Runtime));
    }
    let direct_names: std::collections::HashSet<&str> = direct.iter().map(|d| d.0.as_str()).collect();
    for (name, version, line, evidence) in &specs {
        if !direct_names.contains(name.as_str()) {
            let pinned = Some(without_platform(version));
            deps.push(dep(What::Package, name, Some(version), pinned, *line, evidence.clone(), Scope::Indirect));
        }
    }
    deps.sort_by_key(|d| d.line);
    deps
}

/// `name (inside)` → (`name`, `inside`); `name` → (`name`, none).
fn name_and_parens(body: &str) -> Option<(&str, Option<&str>)> {
    match body.split_once('(') {
        Some((name, rest)) => {
            let inside = rest.rsplit_once(')').map_or(rest, |(inside, _)| inside).trim();
            let name = name.trim();
            (!name.is_empty() && !name.contains(char::is_whitespace))
                .then_some((name, (!inside.is_empty()).then_some(inside)))
        }
        None => (!body.contains(char::is_whitespace)).then_some((body, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    /// A Rails 7.1 app's Gemfile as `rails new` writes it, plus the other ways of naming
    /// groups, a non-group block, a production group, a call over several lines.
    const RAILS: &str = r#"source "https://rubygems.org"

ruby "3.2.2"

# Bundle edge Rails instead: gem "rails", github: "rails/rails", branch: "main"
gem "rails", "~> 7.1.3"

# The original asset pipeline for Rails [https://github.com/rails/sprockets-rails]
gem "sprockets-rails"

# Use postgresql as the database for Active Record
gem "pg", "~> 1.1"

# Use the Puma web server [https://github.com/puma/puma]
gem "puma", ">= 5.0" # web server

# Windows does not include zoneinfo files, so bundle the tzinfo-data gem
gem "tzinfo-data", platforms: %i[ windows jruby ]

# Reduces boot times through caching; required in config/boot.rb
gem "bootsnap", require: false

gem 'nokogiri', '>= 1.15', '< 2.0'
gem "sidekiq", "7.2.0"

group :development, :test do
  # See https://guides.rubyonrails.org/debugging_rails_applications.html#debugging-with-the-debug-gem
  gem "debug", platforms: %i[ mri windows ]
  gem "rspec-rails", "~> 6.1"
end

group :development do
  # Use console on exceptions pages [https://github.com/rails/web-console]
  gem "web-console"

  # Speed up commands on slow machines / big apps [https://github.com/rails/spring]
  gem "spring"
end

group :test do
  # Use system testing [https://guides.rubyonrails.org/testing.html#system-testing]
  gem "capybara"
  gem "selenium-webdriver"
end

gem "rubocop-rails", require: false, group: :development
gem "simplecov", group: [:test]
gem "factory_bot_rails", groups: %i[development test]
gem "lograge", :group => :production

platforms :jruby do
  gem "activerecord-jdbcpostgresql-adapter"
end

group :production do
  gem "newrelic_rpm"
end

gem "my_engine",
  path: "engines/my_engine",
  group: :test
gem "rack-mini-profiler" if ENV["PROFILE"]
"#;

    #[test]
    fn rails_gemfile() {
        assert_eq!(
            rows(&gemfile(RAILS)),
            [
                "3 Runtime Runtime ruby 3.2.2 3.2.2 | ruby \"3.2.2\"",
                "6 Runtime Package rails ~> 7.1.3 - | gem \"rails\", \"~> 7.1.3\"",
                "9 Runtime Package sprockets-rails - - | gem \"sprockets-rails\"",
                "12 Runtime Package pg ~> 1.1 - | gem \"pg\", \"~> 1.1\"",
                "15 Runtime Package puma >= 5.0 - | gem \"puma\", \">= 5.0\"",
                "18 Runtime Package tzinfo-data - - | gem \"tzinfo-data\", platforms: %i[ windows jruby ]",
                "21 Runtime Package bootsnap - - | gem \"bootsnap\", require: false",
                "23 Runtime Package nokogiri >= 1.15, < 2.0 - | gem 'nokogiri', '>= 1.15', '< 2.0'",
                "24 Runtime Package sidekiq 7.2.0 7.2.0 | gem \"sidekiq\", \"7.2.0\"",
                "28 Dev Package debug - - | gem \"debug\", platforms: %i[ mri windows ]",
                "29 Dev Package rspec-rails ~> 6.1 - | gem \"rspec-rails\", \"~> 6.1\"",
                "34 Dev Package web-console - - | gem \"web-console\"",
                "37 Dev Package spring - - | gem \"spring\"",
                "42 Test Package capybara - - | gem \"capybara\"",
                "43 Test Package selenium-webdriver - - | gem \"selenium-webdriver\"",
                "46 Dev Package rubocop-rails - - | gem \"rubocop-rails\", require: false, group: :development",
                "47 Test Package simplecov - - | gem \"simplecov\", group: [:test]",
                "48 Dev Package factory_bot_rails - - | gem \"factory_bot_rails\", groups: %i[development test]",
                "49 Runtime Package lograge - - | gem \"lograge\", :group => :production",
                "52 Runtime Package activerecord-jdbcpostgresql-adapter - - | gem \"activerecord-jdbcpostgresql-adapter\"",
                "56 Runtime Package newrelic_rpm - - | gem \"newrelic_rpm\"",
                "59 Test Package my_engine - - | gem \"my_engine\"",
                "62 Runtime Package rack-mini-profiler - - | gem \"rack-mini-profiler\" if ENV[\"PROFILE\"]",
            ]
        );
    }

    #[test]
    fn gemfile_odd_spellings() {
        let text = r#"ruby file: ".ruby-version"
ruby("~> 3.3.0")
gem("rake", "= 13.1.0")
=begin
gem "commented-out"
=end
if ENV["CI"]
  gem "ci-reporter"
end
group(:test) { gem "inline-block" }
group :test, optional: true do
  gem "optional-test"
end
gemspec
gem RAILS_GEM, RAILS_VERSION
gem "hash#in-name", "1.0"  # comment "quoted"
"#;
        assert_eq!(
            rows(&gemfile(text)),
            [
                "2 Runtime Runtime ruby ~> 3.3.0 - | ruby(\"~> 3.3.0\")",
                "3 Runtime Package rake = 13.1.0 13.1.0 | gem(\"rake\", \"= 13.1.0\")",
                "8 Runtime Package ci-reporter - - | gem \"ci-reporter\"",
                "10 Test Package inline-block - - | group(:test) { gem \"inline-block\" }",
                "12 Test Package optional-test - - | gem \"optional-test\"",
                "16 Runtime Package hash#in-name 1.0 1.0 | gem \"hash#in-name\", \"1.0\"",
            ]
        );
    }

    /// A lock file with a git source, platform-specific gems, direct gems with and without
    /// requirements.
    const LOCK: &str = "GIT
  remote: https://github.com/org/my_gem.git
  revision: 1234abcd
  specs:
    my_gem (0.1.0)
      rails (>= 7.0)

GEM
  remote: https://rubygems.org/
  specs:
    actioncable (7.1.3)
      actionpack (= 7.1.3)
      nio4r (~> 2.0)
    nio4r (2.7.0)
    nokogiri (1.16.0-arm64-darwin)
      racc (~> 1.4)
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    pg (1.5.4)
    puma (6.4.2)
      nio4r (~> 2.0)
    racc (1.7.3)
    rails (7.1.3)
      actioncable (= 7.1.3)

PLATFORMS
  arm64-darwin-22
  x86_64-linux

DEPENDENCIES
  my_gem!
  nokogiri
  pg (~> 1.1)
  puma (>= 5.0)
  rails (~> 7.1.3)
  not-in-specs (>= 1, < 3)

RUBY VERSION
   ruby 3.2.2p53

BUNDLED WITH
   2.5.3
";

    #[test]
    fn gemfile_lock_direct_and_indirect() {
        assert_eq!(
            rows(&gemfile_lock(LOCK)),
            [
                "11 Indirect Package actioncable 7.1.3 7.1.3 | actioncable (7.1.3)",
                "14 Indirect Package nio4r 2.7.0 2.7.0 | nio4r (2.7.0)",
                "22 Indirect Package racc 1.7.3 1.7.3 | racc (1.7.3)",
                "31 Runtime Package my_gem - 0.1.0 | my_gem!",
                "32 Runtime Package nokogiri - 1.16.0 | nokogiri",
                "33 Runtime Package pg ~> 1.1 1.5.4 | pg (~> 1.1)",
                "34 Runtime Package puma >= 5.0 6.4.2 | puma (>= 5.0)",
                "35 Runtime Package rails ~> 7.1.3 7.1.3 | rails (~> 7.1.3)",
                "36 Runtime Package not-in-specs >= 1, < 3 - | not-in-specs (>= 1, < 3)",
                "39 Runtime Runtime ruby 3.2.2p53 3.2.2 | ruby 3.2.2p53",
            ]
        );
        // CRLF line ends read the same.
        assert_eq!(gemfile_lock(&LOCK.replace('\n', "\r\n")), gemfile_lock(LOCK));
    }

    #[test]
    fn gemspec_dependencies() {
        let spec = "Gem::Specification.new do |spec|\n  spec.name = \"app\"\n  spec.add_dependency \"pg\", \"~> 1.5\"\n  s.add_runtime_dependency('redis', '>= 4', '< 6') # cache\n  spec.add_development_dependency \"rspec\", \"3.13.0\"\n  spec.add_dependency NAME\n  # spec.add_dependency \"mysql2\"\nend\n";
        assert_eq!(
            rows(&gemspec(spec)),
            [
                "3 Runtime Package pg ~> 1.5 - | spec.add_dependency \"pg\", \"~> 1.5\"",
                "4 Runtime Package redis >= 4, < 6 - | s.add_runtime_dependency('redis', '>= 4', '< 6')",
                "5 Dev Package rspec 3.13.0 3.13.0 | spec.add_development_dependency \"rspec\", \"3.13.0\"",
            ]
        );
    }
}
