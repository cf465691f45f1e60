//! Django settings (`settings.py`, `settings_*.py`, `*_settings.py`), read as text: the
//! `'ENGINE'` of a `DATABASES` entry (`django.db.backends.postgresql`, also as the default
//! of `os.environ.get("DB_ENGINE", "…")`), and the scheme of the `default=` URL given to
//! `dj_database_url` or django-environ's `env.db(…)` (`postgres://…` → `postgres`), within
//! a few lines of the call. Nothing is imported or run.

use super::settings::{config_dep, plain_name, quoted, url_scheme, Shown};
use super::{Dependency, Scope};

/// How many lines after a `dj_database_url`/`env.db(` call its `default=` may be.
const CALL_LINES: usize = 6;

pub(super) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let mut deps = Vec::new();
    let mut call_left = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let l = raw.split('#').next().unwrap_or("");
        if let Some(at) = l.find("'ENGINE'").or_else(|| l.find("\"ENGINE\"")) {
            let after = l.get(at + 8..).unwrap_or("").trim_start();
            if let Some(rest) = after.strip_prefix(':') {
                if let Some(name) = strings(rest).into_iter().find(|s| s.contains('.')).and_then(plain_name) {
                    deps.push(config_dep("'ENGINE'", ": ", name, Shown::Name, line, Scope::Runtime));
                }
            }
        }
        if l.contains("dj_database_url.") || l.contains("env.db(") || l.contains("env.db_url(") {
            call_left = CALL_LINES;
        }
        if call_left > 0 {
            call_left -= 1;
            if let Some(at) = l.find("default=").or_else(|| l.find("default =")) {
                let rest = l.get(at..).and_then(|r| r.split_once('=')).map_or("", |(_, v)| v);
                if let Some(scheme) = quoted(rest).and_then(|(v, _)| url_scheme(v)) {
                    deps.push(config_dep("default", "=", &scheme, Shown::Url, line, Scope::Runtime));
                    call_left = 0;
                }
            }
        }
    }
    Ok(deps)
}

/// The quoted strings of `s`, in order.
fn strings(mut s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    while let Some(at) = s.find(['"', '\'']) {
        let Some((v, rest)) = s.get(at..).and_then(quoted) else { break };
        out.push(v);
        s = rest;
    }
    out
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "DATABASES = {",
    "'ENGINE': ",
    "'django.db.backends.postgresql'",
    "os.environ.get(\"DB_ENGINE\", \"django.db.backends.sqlite3\")",
    "dj_database_url.config(",
    "default=\"postgres://u:p@h/db\"",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn engines_and_database_url_defaults() {
        let text = r#"
DATABASES = {
    "default": {
        "ENGINE": os.environ.get("DB_ENGINE", "django.db.backends.postgresql"),  # pg
        "PASSWORD": "s3cret",
    },
    'legacy': {'ENGINE': 'django.db.backends.mysql'},
    # 'ENGINE': 'django.db.backends.oracle',
}
DATABASES["default"] = dj_database_url.config(
    conn_max_age=600,
    default="postgres://saleor:saleor@localhost:5432/saleor",
)
"#;
        assert_eq!(
            rows(&parse(text).unwrap()),
            [
                "4 Runtime Package django.db.backends.postgresql - - | 'ENGINE': django.db.backends.postgresql",
                "7 Runtime Package django.db.backends.mysql - - | 'ENGINE': django.db.backends.mysql",
                "12 Runtime Package postgres - - | default=postgres://…",
            ]
        );
    }
}
