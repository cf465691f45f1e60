//! Laravel's `config/database.php`: the default connection, `'default' =>
//! env('DB_CONNECTION', 'mysql')` or `'default' => 'pgsql'` (the first such line; the
//! connections listed below it are every driver Laravel supports, not the app's). Read as
//! text, never run.

use super::settings::{config_dep, plain_name, quoted, Shown};
use super::{Dependency, Scope};

pub(super) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        let Some(rest) = l.strip_prefix("'default'").or_else(|| l.strip_prefix("\"default\"")) else { continue };
        let Some(value) = rest.trim_start().strip_prefix("=>").map(str::trim_start) else { continue };
        let name = if let Some(args) = value.strip_prefix("env(") {
            // env('DB_CONNECTION', 'mysql'): the second argument.
            quoted(args).and_then(|(_, rest)| rest.trim_start().strip_prefix(',')).and_then(quoted).map(|(v, _)| v)
        } else {
            quoted(value).map(|(v, _)| v)
        };
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        return Ok(name
            .and_then(plain_name)
            .map(|n| config_dep("'default'", " => ", n, Shown::Name, line, Scope::Runtime))
            .into_iter()
            .collect());
    }
    Ok(Vec::new())
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] =
    &["<?php", "return [", "'default' => ", "env('DB_CONNECTION', 'mysql')", "'pgsql'", "],"];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn the_default_connection() {
        let php = "<?php\n$redis = ['default' => []];\nreturn [\n    'default' => env('DB_CONNECTION', 'mysql'),\n    'connections' => [\n        'pgsql' => ['driver' => 'pgsql'],\n    ],\n];\n";
        assert_eq!(rows(&parse(php).unwrap()), ["4 Runtime Package mysql - - | 'default' => mysql"]);
        assert_eq!(
            rows(&parse("'default' => 'sqlite',").unwrap()),
            ["1 Runtime Package sqlite - - | 'default' => sqlite"]
        );
        assert_eq!(parse("'default' => env('DB_CONNECTION'),").unwrap(), []);
    }
}
