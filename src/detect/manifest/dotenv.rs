//! `.env` files (`.env`, `.env.example`, `.env.sample`, `.env.dist`, `.env.*`,
//! `.example.env`): `KEY=value` lines (`export` and quotes allowed, `#` comments skipped),
//! never expanded. Two kinds of key declare a database:
//!
//! - a URL key (`DATABASE_URL`, `*_DATABASE_URL`, `DB_URL`, `REDIS_URL`, `MONGODB_URI`, any
//!   key ending in `_URL`, `_URI` or `_DSN`): the URL's scheme (`postgres`), when the value is
//!   a URL; the data maps the schemes it knows (`https` maps to nothing);
//! - a driver key (`DB_CONNECTION`, `DB_DRIVER`, `DB_CLIENT`, `DB_TYPE`, `DB_DIALECT`,
//!   `DATABASE_ENGINE`, …): the value, when it is a plain name (`mysql`, `better-sqlite3`).
//!
//! The evidence is the key and the name (`settings.rs`): the rest of a value (a password, a
//! user, a host) never leaves this parser. `.env.test*` is test scope, `.env.dev*` and
//! `.env.local*` development (`settings::scope_of_name`).

use super::settings::{config_dep, plain_name, scope_of_name, url_scheme, Shown};
use super::Dependency;

/// Keys whose value names a database driver, in upper case.
const DRIVER_KEYS: &[&str] = &[
    "DB_CONNECTION",
    "DB_DRIVER",
    "DB_CLIENT",
    "DB_TYPE",
    "DB_ENGINE",
    "DB_DIALECT",
    "DB_ADAPTER",
    "DATABASE_ENGINE",
    "DATABASE_DRIVER",
    "DATABASE_CLIENT",
    "DATABASE_TYPE",
    "DATABASE_DIALECT",
    "DATABASE_ADAPTER",
    "TYPEORM_CONNECTION",
];

pub(super) fn parse(file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let scope = scope_of_name(file_name);
    let mut deps = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let l = raw.trim_start_matches('\u{feff}').trim();
        let l = l.strip_prefix("export ").map_or(l, str::trim_start);
        if l.starts_with('#') {
            continue;
        }
        let Some((key, value)) = l.split_once('=') else { continue };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let value = unquoted(value);
        let upper = key.to_ascii_uppercase();
        if DRIVER_KEYS.contains(&upper.as_str()) {
            if let Some(name) = plain_name(value) {
                deps.push(config_dep(key, "=", name, Shown::Name, line, scope));
            }
        } else if is_url_key(&upper) {
            if let Some(scheme) = url_scheme(value) {
                deps.push(config_dep(key, "=", &scheme, Shown::Url, line, scope));
            }
        }
    }
    Ok(deps)
}

fn is_url_key(upper: &str) -> bool {
    ["URL", "URI", "DSN"].iter().any(|end| upper == *end || upper.ends_with(&format!("_{end}")))
}

/// A value without its quotes, or up to an inline ` #` comment when it is not quoted.
fn unquoted(value: &str) -> &str {
    let v = value.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q) {
            return inner.split(q).next().unwrap_or("");
        }
    }
    v.split(" #").next().unwrap_or("").trim()
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "DATABASE_URL=",
    "postgres://",
    "u:p@h:5432/db",
    "DB_CONNECTION=",
    "mysql",
    "export ",
    "REDIS_URL=\"redis://",
    "jdbc:h2:mem:x",
    " # c",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    const EXAMPLE: &str = "\
# Database
export DATABASE_URL=\"postgres://admin:S3cretP4ss@db.internal:5432/app?sslmode=require\"
# DATABASE_URL=mysql://root:root@127.0.0.1/app
DB_CONNECTION=mysql # the default
DB_PASSWORD=hunter2
DB_HOST=db.internal
REDIS_URL='redis://:pw@cache:6379/0'
ANALYTICS_DATABASE_URL=clickhouse://x@y
SITE_URL=https://example.com
DB_CLIENT=${CLIENT}
SENTRY_DSN=https://key@sentry.io/1
";

    #[test]
    fn keys_and_schemes_only() {
        assert_eq!(
            rows(&parse(".env.example", EXAMPLE).unwrap()),
            [
                "2 Runtime Package postgres - - | DATABASE_URL=postgres://…",
                "4 Runtime Package mysql - - | DB_CONNECTION=mysql",
                "7 Runtime Package redis - - | REDIS_URL=redis://…",
                "8 Runtime Package clickhouse - - | ANALYTICS_DATABASE_URL=clickhouse://…",
                "9 Runtime Package https - - | SITE_URL=https://…",
                "11 Runtime Package https - - | SENTRY_DSN=https://…",
            ]
        );
        let all = format!("{:?}", parse(".env", EXAMPLE).unwrap());
        for secret in
            ["admin", "S3cretP4ss", "db.internal", "5432", "sslmode", "hunter2", ":pw@", "cache", "example.com"]
        {
            assert!(!all.contains(secret), "{secret} leaked: {all}");
        }
    }

    #[test]
    fn scopes_by_file_name() {
        let deps = parse(".env.test", "DATABASE_URL=sqlite:///x.db\n").unwrap();
        assert_eq!(rows(&deps), ["1 Test Package sqlite - - | DATABASE_URL=sqlite://…"]);
        assert_eq!(parse(".env.development", "DB_CLIENT=pg").unwrap()[0].scope, super::super::Scope::Dev);
    }
}
