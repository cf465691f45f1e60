//! What the configuration formats share (`.env`, Prisma, `database.yml`, Django settings,
//! Spring/Quarkus properties, Laravel's `database.php`, Doctrine, Ecto, .NET calls): the
//! dependency they declare, in the `config` ecosystem, named by the scheme, driver or adapter
//! as the file writes it (`postgres`, `pdo_mysql`, `jdbc:postgresql`,
//! `django.db.backends.postgresql`), which `data/detect.toml` maps to a database.
//!
//! Configuration holds secrets: a URL's user, password, host, port, path and query, and any
//! other value. So the evidence of a configuration dependency is never the line as written:
//! it is made here from the key and the name alone (`DATABASE_URL=postgres://…`,
//! `adapter: postgresql`), with no version. A value that is not a plain name (a URL whose
//! scheme cannot be read, a template, an interpolation) declares nothing.

use super::common::dep;
use super::{Dependency, Scope, What};

/// The longest name kept: a scheme, driver or adapter is short; a longer value is not one.
const MAX_NAME: usize = 64;

/// How a configuration value is shown in the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shown {
    /// The value is the name (`DB_CONNECTION=mysql`).
    Name,
    /// The value was a URL: its scheme and `://…` (`:…` for JDBC and R2DBC).
    Url,
    /// The key alone names the store (`spring.data.redis.host=…`): nothing of the value.
    Nothing,
}

/// A configuration dependency on `line`: `name`, with evidence `{key}{sep}` and the value
/// as [`Shown`] says.
pub(super) fn config_dep(key: &str, sep: &str, name: &str, shown: Shown, line: u32, scope: Scope) -> Dependency {
    let shown = match shown {
        Shown::Name => name.to_string(),
        Shown::Url if name.starts_with("jdbc:") || name.starts_with("r2dbc:") => format!("{name}:…"),
        Shown::Url => format!("{name}://…"),
        Shown::Nothing => "…".to_string(),
    };
    let key: String = key.trim().chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_NAME).collect();
    let key = key.trim_end();
    dep(What::Package, name, None, None, line, format!("{key}{sep}{shown}"), scope)
}

/// A plain name (`mysql`, `pdo_mysql`, `Ecto.Adapters.Postgres`,
/// `django.db.backends.postgresql`): ASCII letters, digits, `_ . + -`, starting with a
/// letter, at most [`MAX_NAME`] bytes. Anything else (`<%= … %>`, `${DB}`, `%env(…)%`,
/// a path, a sentence) is not a name.
pub(super) fn plain_name(value: &str) -> Option<&str> {
    let v = value.trim();
    let ok = v.len() <= MAX_NAME
        && v.starts_with(|c: char| c.is_ascii_alphabetic())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | '-'));
    ok.then_some(v)
}

/// The scheme of a URL value, as written: `postgres://u:p@h/db` → `postgres`,
/// `mongodb+srv://…` → `mongodb+srv`, `jdbc:postgresql://h/db` → `jdbc:postgresql`,
/// `jdbc:h2:mem:test` → `jdbc:h2`, `r2dbc:postgresql://…` → `r2dbc:postgresql`. `None` when
/// the value is not a URL (no `://` after a scheme, except for JDBC's and R2DBC's `NAME:`).
pub(super) fn url_scheme(value: &str) -> Option<String> {
    let v = value.trim();
    let (scheme, rest) = v.split_once(':')?;
    if scheme.eq_ignore_ascii_case("jdbc") || scheme.eq_ignore_ascii_case("r2dbc") {
        let (mut sub, mut rest) = rest.split_once(':')?;
        // R2DBC's wrapping drivers name the real one next: `r2dbc:pool:mysql://…`.
        while ["pool", "proxy"].iter().any(|w| sub.eq_ignore_ascii_case(w)) {
            (sub, rest) = rest.split_once(':')?;
        }
        return plain_name(sub).map(|s| format!("{}:{s}", scheme.to_ascii_lowercase()));
    }
    let scheme = plain_name(scheme)?;
    rest.starts_with("//").then(|| scheme.to_string())
}

/// A quoted string's contents, the quote being `'` or `"` at the start of `s` (after
/// blanks), and the rest of `s` after its closing quote. No escapes: a name has none.
pub(super) fn quoted(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = s.get(1..)?;
    let end = body.find(q)?;
    Some((body.get(..end)?, body.get(end + 1..)?))
}

/// The scope a configuration file's name says: `.env.test`, `application-test.yml`,
/// `test.exs` are tests; `.env.development`, `application-dev.properties`, `dev.exs` are
/// development; anything else is the running service's.
pub(super) fn scope_of_name(file_name: &str) -> Scope {
    let lower = file_name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['.', '-', '_']).filter(|w| !w.is_empty()).collect();
    if words.iter().any(|w| matches!(*w, "test" | "tests" | "testing" | "ci" | "e2e")) {
        Scope::Test
    } else if words.iter().any(|w| matches!(*w, "dev" | "development" | "local")) {
        Scope::Dev
    } else {
        Scope::Runtime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        for (value, want) in [
            ("postgres://admin:S3cret@db:5432/app", Some("postgres")),
            ("mongodb+srv://u:p@cluster/x", Some("mongodb+srv")),
            ("jdbc:postgresql://localhost/db", Some("jdbc:postgresql")),
            ("JDBC:h2:mem:test", Some("jdbc:h2")),
            ("r2dbc:pool:mysql://localhost:3306/halo", Some("r2dbc:mysql")),
            ("r2dbc:h2:file:///db/halo", Some("r2dbc:h2")),
            ("r2dbc:pool:", None),
            ("sqlite:///%kernel.project_dir%/data.db", Some("sqlite")),
            ("postgresql+psycopg2://x", Some("postgresql+psycopg2")),
            ("localhost:5432", None),
            ("${DATABASE_URL}", None),
            ("", None),
            ("jdbc:", None),
            ("a b://x", None),
            ("C:\\data", None),
        ] {
            assert_eq!(url_scheme(value).as_deref(), want, "{value}");
        }
    }

    #[test]
    fn names_and_scopes() {
        assert_eq!(plain_name(" pdo_mysql "), Some("pdo_mysql"));
        for v in ["<%= ENV['X'] %>", "%env(DB)%", "${DB}", "", "a b", "1abc", "é"] {
            assert_eq!(plain_name(v), None, "{v}");
        }
        assert_eq!(quoted(" 'mysql', x"), Some(("mysql", ", x")));
        assert_eq!(quoted("\"a"), None);
        for (name, scope) in [
            (".env.test", Scope::Test),
            (".env.test.local", Scope::Test),
            ("application-test.yml", Scope::Test),
            (".env.development", Scope::Dev),
            ("dev.exs", Scope::Dev),
            (".env.example", Scope::Runtime),
            ("application-prod.properties", Scope::Runtime),
            ("settings.py", Scope::Runtime),
            ("latest.env", Scope::Runtime),
        ] {
            assert_eq!(scope_of_name(name), scope, "{name}");
        }
    }

    #[test]
    fn evidence_holds_only_the_key_and_the_name() {
        let d = config_dep("DATABASE_URL", "=", "postgres", Shown::Url, 3, Scope::Runtime);
        assert_eq!(
            (d.name.as_str(), d.text.as_str(), d.version, d.pinned),
            ("postgres", "DATABASE_URL=postgres://…", None, None)
        );
        let d = config_dep("url", ": ", "jdbc:postgresql", Shown::Url, 1, Scope::Runtime);
        assert_eq!(d.text, "url: jdbc:postgresql:…");
        assert_eq!(
            config_dep("DB_CONNECTION", "=", "mysql", Shown::Name, 1, Scope::Runtime).text,
            "DB_CONNECTION=mysql"
        );
    }
}
