//! `composer.json`: `require` (Runtime) and `require-dev` (Dev). `php` in `require` is the
//! `php` runtime; PHP extensions (`ext-pdo_pgsql`) are kept as packages, since a database
//! extension says which database the code talks to; the other platform names without a
//! `vendor/` (`lib-*`, `composer-plugin-api`, `php-64bit`, …) are skipped.
//!
//! Composer reads a bare version as exact (`10.48.4`, `v10.48.4`, `1.0`): that is pinned;
//! `^`, `~`, wildcards, ranges, `dev-*` branches are not.

use super::common::{dep, is_plain_version, strip_bom, LineIndex};
use super::spans::{json_member, json_members, json_object_start, json_string};
use super::{Dependency, Scope, What};

pub(super) fn composer_json(text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let open = json_object_start(text)?;
    let lines = LineIndex::new(text);
    let mut deps = Vec::new();
    for (section, scope) in [("require", Scope::Runtime), ("require-dev", Scope::Dev)] {
        let Some(object) = json_member(text, open, section) else { continue };
        for entry in json_members(text, object.value_start) {
            let Some(spec) = json_string(text, &entry) else { continue };
            let what = if entry.key.eq_ignore_ascii_case("php") && scope == Scope::Runtime {
                What::Runtime
            } else if entry.key.contains('/') || entry.key.to_ascii_lowercase().starts_with("ext-") {
                What::Package
            } else {
                continue;
            };
            let line = lines.line_of(entry.key_start);
            let evidence = lines.evidence(entry.key_start, entry.value_end);
            deps.push(dep(what, &entry.key, Some(&spec), pinned(&spec), line, evidence, scope));
        }
    }
    deps.sort_by_key(|d| d.line);
    Ok(deps)
}

fn pinned(spec: &str) -> Option<String> {
    let spec = spec.trim();
    let exact = spec.strip_prefix("==").or_else(|| spec.strip_prefix('=')).unwrap_or(spec).trim_start();
    let exact = exact.strip_prefix(['v', 'V']).unwrap_or(exact);
    is_plain_version(exact).then(|| exact.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    /// Laravel's skeleton, with platform requirements to skip and a nested
    /// `config.platform.php` that is not the `require` one.
    const LARAVEL: &str = r#"{
    "name": "laravel/laravel",
    "type": "project",
    "description": "The skeleton application for the Laravel framework.",
    "keywords": ["laravel", "framework"],
    "license": "MIT",
    "require": {
        "php": "^8.1",
        "ext-json": "*",
        "ext-pdo_pgsql": "*",
        "guzzlehttp/guzzle": "^7.2",
        "laravel/framework": "^10.10",
        "laravel/sanctum": "^3.3",
        "laravel/tinker": "^2.8",
        "predis/predis": "v2.2.2",
        "lib-curl": "*",
        "composer-runtime-api": "^2.2"
    },
    "require-dev": {
        "fakerphp/faker": "^1.9.1",
        "laravel/pint": "1.13.7",
        "mockery/mockery": "^1.4.4",
        "phpunit/phpunit": "^10.1",
        "php": ">=8.1"
    },
    "autoload": {
        "psr-4": {
            "App\\": "app/",
            "Database\\Factories\\": "database/factories/"
        }
    },
    "config": {
        "optimize-autoloader": true,
        "platform": {"php": "8.2.0"}
    },
    "minimum-stability": "stable",
    "prefer-stable": true
}
"#;

    #[test]
    fn laravel_composer_json() {
        assert_eq!(
            rows(&composer_json(LARAVEL).unwrap()),
            [
                "8 Runtime Runtime php ^8.1 - | \"php\": \"^8.1\"",
                "9 Runtime Package ext-json * - | \"ext-json\": \"*\"",
                "10 Runtime Package ext-pdo_pgsql * - | \"ext-pdo_pgsql\": \"*\"",
                "11 Runtime Package guzzlehttp/guzzle ^7.2 - | \"guzzlehttp/guzzle\": \"^7.2\"",
                "12 Runtime Package laravel/framework ^10.10 - | \"laravel/framework\": \"^10.10\"",
                "13 Runtime Package laravel/sanctum ^3.3 - | \"laravel/sanctum\": \"^3.3\"",
                "14 Runtime Package laravel/tinker ^2.8 - | \"laravel/tinker\": \"^2.8\"",
                "15 Runtime Package predis/predis v2.2.2 2.2.2 | \"predis/predis\": \"v2.2.2\"",
                "20 Dev Package fakerphp/faker ^1.9.1 - | \"fakerphp/faker\": \"^1.9.1\"",
                "21 Dev Package laravel/pint 1.13.7 1.13.7 | \"laravel/pint\": \"1.13.7\"",
                "22 Dev Package mockery/mockery ^1.4.4 - | \"mockery/mockery\": \"^1.4.4\"",
                "23 Dev Package phpunit/phpunit ^10.1 - | \"phpunit/phpunit\": \"^10.1\"",
            ]
        );
    }

    #[test]
    fn composer_versions() {
        for (spec, exact) in [
            ("8.2.0", Some("8.2.0")),
            ("v1.0", Some("1.0")),
            ("==1.0.2", Some("1.0.2")),
            ("2.0.0-RC1", Some("2.0.0-RC1")),
            ("^8.1", None),
            ("~1.2", None),
            ("1.0.*", None),
            ("1.x-dev", None),
            ("dev-main", None),
            (">=1.0 <2.0", None),
            ("^1.0 || ^2.0", None),
            ("*", None),
        ] {
            assert_eq!(pinned(spec).as_deref(), exact, "{spec}");
        }
    }

    #[test]
    fn malformed() {
        let err = composer_json("{\n\"require\": {\"php\" \"^8\"}\n}").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert_eq!(composer_json("{\"require\": \"php\"}").unwrap(), []);
    }
}
