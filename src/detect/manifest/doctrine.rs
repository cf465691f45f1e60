//! Symfony's Doctrine configuration (`doctrine.yaml`): `doctrine.dbal.driver` (`pdo_mysql`,
//! `pdo_pgsql`, `pdo_sqlite`), per connection too (`doctrine.dbal.connections.NAME.driver`),
//! and the scheme of a literal `url:`. `url: '%env(resolve:DATABASE_URL)%'` names nothing
//! by itself: the `.env` file gives it. Settings under `when@test` are test scope,
//! `when@dev` development.

use super::settings::{config_dep, plain_name, url_scheme, Shown};
use super::yamlkeys::{entries, unquote};
use super::{Dependency, Scope};

pub(super) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let mut deps = Vec::new();
    for e in entries(text) {
        let mut path = e.path.as_slice();
        let scope = match path.first().copied() {
            Some("when@test") => Scope::Test,
            Some("when@dev") => Scope::Dev,
            _ => Scope::Runtime,
        };
        if path.first().is_some_and(|k| k.starts_with("when@")) {
            path = path.get(1..).unwrap_or_default();
        }
        if path.first() != Some(&"doctrine") || path.get(1) != Some(&"dbal") {
            continue;
        }
        let value = unquote(e.value);
        match path.last().copied() {
            Some(key @ "driver") => {
                if let Some(name) = plain_name(value) {
                    deps.push(config_dep(key, ": ", name, Shown::Name, e.line, scope));
                }
            }
            Some(key @ "url") => {
                if let Some(scheme) = url_scheme(value) {
                    deps.push(config_dep(key, ": ", &scheme, Shown::Url, e.line, scope));
                }
            }
            _ => {}
        }
    }
    Ok(deps)
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "doctrine:",
    "  dbal:",
    "    driver: pdo_mysql",
    "    url: '%env(resolve:DATABASE_URL)%'",
    "when@test:",
    "connections:",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn drivers_and_literal_urls() {
        let yaml = "\
doctrine:
    dbal:
        url: '%env(resolve:DATABASE_URL)%'
        driver: pdo_mysql
        connections:
            legacy:
                url: 'mysql://app:pw@legacy/app'
    orm:
        driver: not_dbal
when@test:
    doctrine:
        dbal:
            driver: pdo_sqlite
";
        assert_eq!(
            rows(&parse(yaml).unwrap()),
            [
                "4 Runtime Package pdo_mysql - - | driver: pdo_mysql",
                "7 Runtime Package mysql - - | url: mysql://…",
                "13 Test Package pdo_sqlite - - | driver: pdo_sqlite",
            ]
        );
    }
}
