//! Spring Boot and Quarkus configuration: `application*.properties` and
//! `application*.yml`/`.yaml` (YAML keys joined with `.`, as Spring does). Read:
//!
//! - a datasource kind: `quarkus.datasource.db-kind=postgresql` (named datasources too);
//! - the scheme of a datasource, R2DBC, MongoDB or Redis URL: `spring.datasource.url`
//!   (`jdbc:postgresql`), `quarkus.datasource.reactive.url`, `spring.data.mongodb.uri`,
//!   `quarkus.mongodb.connection-string`, `spring.data.redis.url`, with Spring's
//!   `${NAME:default}` default read;
//! - the prefix of Redis and MongoDB settings (`spring.data.redis.host`, `spring.redis.*`,
//!   `quarkus.redis.*`, `spring.data.mongodb.*`): the prefix is the name, once per file.
//!
//! Quarkus profiles (`%test.`, `%dev.`) and the file name (`application-test.yml`) give the
//! scope.

use super::settings::{config_dep, plain_name, scope_of_name, url_scheme, Shown};
use super::yamlkeys::{entries, unquote};
use super::{Dependency, Scope};

/// Settings prefixes whose presence names a store, in lower case.
const PREFIXES: &[&str] =
    &["spring.data.redis", "spring.redis", "quarkus.redis", "spring.data.mongodb", "quarkus.mongodb"];

pub(super) fn properties(file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let mut reader = Reader::new(file_name, "=");
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim_start_matches('\u{feff}').trim();
        if l.starts_with('#') || l.starts_with('!') {
            continue;
        }
        // As Java reads it: the key ends at the first blank, `=` or `:`.
        let Some(at) = l.find(|c: char| c == '=' || c == ':' || c.is_whitespace()) else { continue };
        let (key, rest) = (l.get(..at).unwrap_or(""), l.get(at..).unwrap_or("").trim_start());
        let value = rest.strip_prefix(['=', ':']).unwrap_or(rest);
        reader.entry(key, value.trim(), u32::try_from(i + 1).unwrap_or(u32::MAX));
    }
    Ok(reader.deps)
}

pub(super) fn yaml(file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let mut reader = Reader::new(file_name, ": ");
    for e in entries(text) {
        let key = e.path.iter().map(|k| unquote(k)).collect::<Vec<_>>().join(".");
        reader.entry(&key, unquote(e.value), e.line);
    }
    Ok(reader.deps)
}

struct Reader {
    scope: Scope,
    sep: &'static str,
    prefixes_seen: Vec<&'static str>,
    deps: Vec<Dependency>,
}

impl Reader {
    fn new(file_name: &str, sep: &'static str) -> Reader {
        Reader { scope: scope_of_name(file_name), sep, prefixes_seen: Vec::new(), deps: Vec::new() }
    }

    fn entry(&mut self, key: &str, value: &str, line: u32) {
        let (profile, bare) = match key.strip_prefix('%').and_then(|k| k.split_once('.')) {
            Some((profile, rest)) => (Some(profile.to_ascii_lowercase()), rest.trim()),
            None => (None, key),
        };
        let scope = match profile.as_deref() {
            Some("test") => Scope::Test,
            Some("dev") => Scope::Dev,
            _ => self.scope,
        };
        let lower = bare.to_ascii_lowercase();
        let last = lower.rsplit('.').next().unwrap_or("");
        let value = spring_default(value);
        if lower.contains("datasource") && last == "db-kind" {
            if let Some(name) = plain_name(value) {
                self.deps.push(config_dep(bare, self.sep, name, Shown::Name, line, scope));
            }
            return;
        }
        let store = ["datasource", "r2dbc", "mongodb", "redis"].iter().any(|s| lower.split('.').any(|part| part == *s));
        if store && matches!(last, "url" | "uri" | "jdbc-url" | "connection-string" | "hosts") {
            let first = value.split(',').next().unwrap_or("");
            if let Some(scheme) = url_scheme(first) {
                self.deps.push(config_dep(bare, self.sep, &scheme, Shown::Url, line, scope));
                return;
            }
        }
        if let Some(prefix) = PREFIXES.iter().find(|p| lower.starts_with(&format!("{p}."))) {
            if !self.prefixes_seen.contains(prefix) {
                self.prefixes_seen.push(prefix);
                self.deps.push(config_dep(bare, self.sep, prefix, Shown::Nothing, line, scope));
            }
        }
    }
}

/// Spring's `${NAME:default}` → `default`; any other value as it is.
fn spring_default(value: &str) -> &str {
    match value.strip_prefix("${").and_then(|v| v.strip_suffix('}')).and_then(|v| v.split_once(':')) {
        Some((_, default)) => default,
        None => value,
    }
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "spring.datasource.url=",
    "jdbc:postgresql://h/db",
    "quarkus.datasource.db-kind=",
    "%test.",
    "spring:",
    "  datasource:",
    "    url: ",
    "${DB:jdbc:mysql://x}",
    "spring.data.redis.host=",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn properties_files() {
        let text = "\
# comment
spring.datasource.url=${JDBC_URL:jdbc:postgresql://db.internal:5432/app?user=admin&password=pw}
spring.datasource.username=admin
quarkus.datasource.db-kind=mariadb
%test.quarkus.datasource.db-kind=h2
quarkus.datasource.\"users\".reactive.url=postgresql://u:p@h/db
spring.data.redis.host=cache.internal
spring.data.redis.port=6379
spring.data.mongodb.uri=mongodb+srv://u:p@cluster/x
server.url=https://example.com
";
        assert_eq!(
            rows(&properties("application.properties", text).unwrap()),
            [
                "2 Runtime Package jdbc:postgresql - - | spring.datasource.url=jdbc:postgresql:…",
                "4 Runtime Package mariadb - - | quarkus.datasource.db-kind=mariadb",
                "5 Test Package h2 - - | quarkus.datasource.db-kind=h2",
                "6 Runtime Package postgresql - - | quarkus.datasource.\"users\".reactive.url=postgresql://…",
                "7 Runtime Package spring.data.redis - - | spring.data.redis.host=…",
                "9 Runtime Package mongodb+srv - - | spring.data.mongodb.uri=mongodb+srv://…",
            ]
        );
        let dev = properties("application-dev.properties", "spring.datasource.url=jdbc:h2:mem:x").unwrap();
        assert_eq!(rows(&dev), ["1 Dev Package jdbc:h2 - - | spring.datasource.url=jdbc:h2:…"]);
    }

    #[test]
    fn yaml_files() {
        let text = "\
spring:
  datasource:
    url: jdbc:mysql://localhost/petclinic
  data:
    redis:
      host: localhost
quarkus:
  datasource:
    db-kind: postgresql
";
        assert_eq!(
            rows(&yaml("application.yml", text).unwrap()),
            [
                "3 Runtime Package jdbc:mysql - - | spring.datasource.url: jdbc:mysql:…",
                "6 Runtime Package spring.data.redis - - | spring.data.redis.host: …",
                "9 Runtime Package postgresql - - | quarkus.datasource.db-kind: postgresql",
            ]
        );
    }
}
