//! Rails `config/database.yml` (and `database.yml.sample`/`.example`): every `adapter:`
//! value (`postgresql`, `mysql2`, `trilogy`, `sqlite3`) and the scheme of a literal `url:`.
//! The top-level key is the environment: `development` is development scope, `test` test
//! scope, any other (`production`, a `default: &default` template) the running service's.
//! An ERB value (`<%= ENV["DB_ADAPTER"] %>`) names nothing, except the default of
//! `ENV.fetch("X") { "postgresql" }` or `ENV.fetch("X", "postgresql")`.

use super::settings::{config_dep, plain_name, quoted, url_scheme, Shown};
use super::yamlkeys::{entries, unquote};
use super::{Dependency, Scope};

pub(super) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let mut deps = Vec::new();
    for e in entries(text) {
        let Some(&key) = e.path.last() else { continue };
        let scope = match e.path.first().map(|k| k.to_ascii_lowercase()).as_deref() {
            Some("development") => Scope::Dev,
            Some("test") => Scope::Test,
            _ => Scope::Runtime,
        };
        let value = unquote(e.value);
        let value = erb_default(value).unwrap_or(value);
        match key {
            "adapter" => {
                if let Some(name) = plain_name(value) {
                    deps.push(config_dep(key, ": ", name, Shown::Name, e.line, scope));
                }
            }
            "url" => {
                if let Some(scheme) = url_scheme(value) {
                    deps.push(config_dep(key, ": ", &scheme, Shown::Url, e.line, scope));
                }
            }
            _ => {}
        }
    }
    Ok(deps)
}

/// The default an ERB `ENV.fetch` gives: `<%= ENV.fetch("DB") { "postgresql" } %>` or
/// `<%= ENV.fetch('DB', 'mysql2') %>` → the quoted default; `None` for other ERB or plain text.
fn erb_default(value: &str) -> Option<&str> {
    let inner = value.strip_prefix("<%=")?.strip_suffix("%>")?.trim();
    let args = inner.strip_prefix("ENV.fetch")?.trim_start().strip_prefix('(')?;
    let (_, rest) = quoted(args)?;
    let rest = rest.trim_start();
    if let Some(after) = rest.strip_prefix(',') {
        return quoted(after).map(|(v, _)| v);
    }
    let block = rest.strip_prefix(')')?.trim_start().strip_prefix('{')?;
    quoted(block).map(|(v, _)| v)
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "default: &default",
    "  adapter: ",
    "postgresql",
    "development:",
    "test:",
    "  <<: *default",
    "<%= ENV.fetch(\"DB\") { \"mysql2\" } %>",
    "url: postgres://u:p@h/db",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn adapters_by_environment() {
        let yml = "\
default: &default
  adapter: <%= ENV.fetch(\"DB_ADAPTER\") { \"postgresql\" } %>
  pool: 5
development:
  <<: *default
  adapter: sqlite3
test:
  adapter: <%= ENV.fetch('TEST_ADAPTER', 'trilogy') %>
production:
  primary:
    url: postgres://deploy:secret@db.example:5432/app
  other:
    adapter: <%= ENV['ADAPTER'] %>
";
        assert_eq!(
            rows(&parse(yml).unwrap()),
            [
                "2 Runtime Package postgresql - - | adapter: postgresql",
                "6 Dev Package sqlite3 - - | adapter: sqlite3",
                "8 Test Package trilogy - - | adapter: trilogy",
                "11 Runtime Package postgres - - | url: postgres://…",
            ]
        );
    }
}
