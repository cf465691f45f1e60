//! A service's own YAML settings file, `config.yaml` or `config.yml` (Go services keep one,
//! Kratos services in `configs/`). Keys are joined with `.`; read, never a value beyond a
//! name or a URL scheme:
//!
//! - a store's driver: `data.database.driver: mysql` (a key `driver`, `dialect`, `adapter`
//!   or `engine` under a `database`, `db` or `datasource` key);
//! - the scheme of a store's URL: `data.mongodb.uri: mongodb://…`, `database.url:
//!   postgres://…` (a key `url`, `uri` or `dsn` under a store key);
//! - a Redis or MongoDB block with an address (`data.redis.addr`): the block's name, once
//!   per file.
//!
//! The file name gives the scope as for other configuration (`config.test.yaml` is never
//! matched: only `config.yaml`/`config.yml` are this format).

use super::settings::{config_dep, plain_name, scope_of_name, url_scheme, Shown};
use super::yamlkeys::{entries, unquote};
use super::Dependency;

/// Keys under which a driver or a URL names the store.
const STORES: &[&str] = &["database", "db", "datasource", "mongodb", "mongo", "redis", "cache", "storage"];
/// Blocks whose address alone names the store.
const NAMED: &[&str] = &["redis", "mongodb"];

pub(super) fn yaml(file_name: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let scope = scope_of_name(file_name);
    let mut deps = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    for e in entries(text) {
        let parts: Vec<String> = e.path.iter().map(|k| unquote(k).to_ascii_lowercase()).collect();
        let Some((last, above)) = parts.split_last() else { continue };
        let key = e.path.iter().map(|k| unquote(k)).collect::<Vec<_>>().join(".");
        let value = unquote(e.value);
        let under = |names: &[&str]| above.iter().any(|p| names.contains(&p.as_str()));
        if matches!(last.as_str(), "driver" | "dialect" | "adapter" | "engine")
            && under(&["database", "db", "datasource"])
        {
            if let Some(name) = plain_name(value) {
                deps.push(config_dep(&key, ": ", name, Shown::Name, e.line, scope));
            }
        } else if matches!(last.as_str(), "url" | "uri" | "dsn") && under(STORES) {
            if let Some(scheme) = url_scheme(value) {
                deps.push(config_dep(&key, ": ", &scheme, Shown::Url, e.line, scope));
            }
        } else if matches!(last.as_str(), "addr" | "address" | "addrs" | "host" | "hosts") {
            if let Some(block) = above.last().and_then(|b| NAMED.iter().find(|n| **n == b.as_str())) {
                if !named.contains(block) {
                    named.push(block);
                    let path = e.path.iter().take(above.len()).map(|k| unquote(k)).collect::<Vec<_>>().join(".");
                    deps.push(config_dep(&path, ".", block, Shown::Nothing, e.line, scope));
                }
            }
        }
    }
    Ok(deps)
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "data:\n",
    "  database:\n",
    "    driver: mysql\n",
    "    source: root:pw@tcp(127.0.0.1:3306)/test\n",
    "  redis:\n",
    "    addr: 127.0.0.1:6379\n",
    "  mongodb:\n",
    "    uri: \"mongodb://localhost:27017/\"\n",
    "db:\n  url: postgres://u:p@h/d\n",
    "- ",
    "# ",
    ": ",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    /// go-kratos/beer-shop's `app/catalog/service/configs/config.yaml` and the cart's.
    #[test]
    fn kratos_service_configs() {
        let catalog = "server:\n  http:\n    addr: 0.0.0.0:0\ndata:\n  database:\n    driver: mysql\n    source: root:dangerous@tcp(127.0.0.1:3306)/test?parseTime=true\n  redis:\n    addr: 127.0.0.1:6379\n    read_timeout: 0.2s\n";
        assert_eq!(
            rows(&yaml("config.yaml", catalog).unwrap()),
            ["6 Runtime Package mysql - - | data.database.driver: mysql", "9 Runtime Package redis - - | data.redis.…"]
        );
        let cart =
            "data:\n  mongodb:\n    uri: \"mongodb://admin:S3cret@localhost:27017/\"\n    database: \"cart-db\"\n";
        let deps = yaml("config.yml", cart).unwrap();
        assert_eq!(rows(&deps), ["3 Runtime Package mongodb - - | data.mongodb.uri: mongodb://…"]);
        assert!(!format!("{deps:?}").contains("S3cret"));
        // A server's address names nothing; neither does a value that is no name.
        assert!(yaml("config.yaml", "server:\n  addr: 0.0.0.0:80\ndb:\n  driver: ${DRIVER}\n").unwrap().is_empty());
    }
}
