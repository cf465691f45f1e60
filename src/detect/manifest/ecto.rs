//! The Ecto adapter of a Phoenix or Elixir app: `adapter: Ecto.Adapters.Postgres` in
//! `config/*.exs` (`config.exs`, `prod.exs`, `runtime.exs`, `dev.exs`, `test.exs`) or in
//! `use Ecto.Repo, otp_app: :app, adapter: …` in a `repo.ex`. `dev.exs` is development
//! scope and `test.exs` test scope (`settings::scope_of_name`).

use super::settings::{config_dep, plain_name, scope_of_name, Shown};
use super::Dependency;

pub(super) fn parse(file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let scope = scope_of_name(file_name);
    let mut deps = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let l = raw.split('#').next().unwrap_or("");
        let Some(at) = l.find("adapter:") else { continue };
        let value = l.get(at + 8..).unwrap_or("").trim_start();
        let end = value.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_')).unwrap_or(value.len());
        let name = value.get(..end).unwrap_or("");
        if let Some(name) = plain_name(name).filter(|n| n.starts_with("Ecto.Adapters.")) {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            deps.push(config_dep("adapter", ": ", name, Shown::Name, line, scope));
        }
    }
    Ok(deps)
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] =
    &["use Ecto.Repo,", "otp_app: :app,", "adapter: ", "Ecto.Adapters.Postgres", "config :app, App.Repo,"];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn adapters() {
        let repo =
            "defmodule App.Repo do\n  use Ecto.Repo,\n    otp_app: :app,\n    adapter: Ecto.Adapters.Postgres\nend\n";
        assert_eq!(
            rows(&parse("repo.ex", repo).unwrap()),
            ["4 Runtime Package Ecto.Adapters.Postgres - - | adapter: Ecto.Adapters.Postgres"]
        );
        let test = "config :app, App.Repo, adapter: Ecto.Adapters.SQLite3, pool: Ecto.Adapters.SQL.Sandbox";
        assert_eq!(
            rows(&parse("test.exs", test).unwrap()),
            ["1 Test Package Ecto.Adapters.SQLite3 - - | adapter: Ecto.Adapters.SQLite3"]
        );
        assert_eq!(parse("config.exs", "# adapter: Ecto.Adapters.MyXQL\nadapter: Foo").unwrap(), []);
    }
}
