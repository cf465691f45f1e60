//! A service's own stores versus the databases it only connects to.
//!
//! A database is **configured** in a folder when a runtime entry of its configuration
//! (a format that is not a project's manifest: `.env`, `database.yml`, a Prisma schema,
//! Django's ENGINE, Spring's datasource, Ecto's adapter, …) or an image of a compose file
//! beside it names it. Any other database was found from a client library (a driver) alone.
//!
//! The rule: let `C` be the configured **relational** databases (the catalogue's
//! `category`) and `U` the relational ones found from drivers alone. When `U ≥ 3`, or
//! `C ≥ 1` and `U > C`, the folder ships clients for more SQL databases than it is set up
//! to run on: it is a tool that connects to its users' databases (a monitor's probes, a
//! BI tool's data-source connectors), and every database found from drivers alone (Redis
//! and MongoDB clients among them) moves from `found` to `connects`. Otherwise every
//! database stays the service's own.
//!
//! - Uptime Kuma: drivers for SQL Server, MySQL, Oracle, PostgreSQL, SQLite (and MongoDB,
//!   Redis), none configured: `U = 5` → all connects.
//! - Redash: PostgreSQL and Redis in its compose file; pyodbc and oracledb drivers
//!   unconfigured: `C = 1`, `U = 2` → SQL Server and Oracle are connects.
//! - Kutt: SQLite (`DB_CLIENT`), PostgreSQL and MariaDB (compose) configured, MySQL from
//!   mysql2 alone: `U = 1` → all its own (it picks one at run time).
//! - An app with a PostgreSQL driver and a SQLite one for development, nothing configured:
//!   `U = 2`, `C = 0` → both its own; one driver is always its own.
//!
//! `drift` compares `found` only; `init` writes `connects` as a comment.

use crate::analysis::facts::Folder;
use crate::catalogue::{Catalogue, Kind, TechId};

use super::manifest::{Scope, What};
use super::Parsed;

/// Moves the databases `folder` only connects to from `found` to `connects` (module docs).
pub(super) fn split(catalogue: &Catalogue, manifests: &[Parsed], folder: &mut Folder) {
    let configured = configured(catalogue, manifests);
    let relational = |t: TechId| catalogue.tech(t).category.as_deref() == Some("relational");
    let databases: Vec<TechId> =
        folder.found.iter().map(|f| f.tech).filter(|&t| catalogue.tech(t).kind == Kind::Database).collect();
    let c = databases.iter().filter(|&&t| relational(t) && configured.contains(&t)).count();
    let u = databases.iter().filter(|&&t| relational(t) && !configured.contains(&t)).count();
    if !(u >= 3 || (c >= 1 && u > c)) {
        return;
    }
    let (connects, own): (Vec<_>, Vec<_>) = std::mem::take(&mut folder.found)
        .into_iter()
        .partition(|f| catalogue.tech(f.tech).kind == Kind::Database && !configured.contains(&f.tech));
    folder.found = own;
    folder.connects = connects;
}

/// The databases a folder's configuration or compose files name at run time.
fn configured(catalogue: &Catalogue, manifests: &[Parsed]) -> Vec<TechId> {
    let rules = &catalogue.detect;
    let mut out = Vec::new();
    for m in manifests {
        let format = m.format.info();
        let Ok(deps) = &*m.result else { continue };
        for d in deps.iter().filter(|d| d.scope == Scope::Runtime) {
            let mapping = match d.what {
                What::Image if format.images_run_beside => rules.image(&d.name),
                What::Package if !format.project => rules.package(format.ecosystem, &d.name),
                _ => None,
            };
            if let Some(m) = mapping {
                if !out.contains(&m.tech) {
                    out.push(m.tech);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::manifest::Format;
    use super::super::{map, Parsed};
    use super::*;

    fn parsed(file: &str, text: &str) -> Parsed {
        let name = file.rsplit('/').next().unwrap_or(file);
        let format = Format::of(name).expect("a manifest");
        Parsed { file: file.into(), format, result: Arc::new(format.parse(name, text)) }
    }

    fn ids(c: &Catalogue, found: &[crate::analysis::facts::Found]) -> Vec<String> {
        let mut v: Vec<String> =
            found.iter().filter(|f| c.tech(f.tech).kind == Kind::Database).map(|f| c.tech(f.tech).id.clone()).collect();
        v.sort();
        v
    }

    fn package_json(deps: &[&str]) -> String {
        let body: Vec<String> = deps.iter().map(|d| format!("\"{d}\": \"1.0.0\"")).collect();
        format!("{{\"dependencies\": {{\"express\": \"4.0.0\", {}}}}}", body.join(", "))
    }

    #[test]
    fn a_monitor_connects_to_many_databases_it_does_not_configure() {
        let c = Catalogue::builtin();
        let pkg = package_json(&["mongodb", "mssql", "mysql2", "oracledb", "pg", "redis", "@louislam/sqlite3"]);
        let folder = map(c, &[parsed("package.json", &pkg)], &[]);
        assert_eq!(ids(c, &folder.found), Vec::<String>::new());
        assert_eq!(
            ids(c, &folder.connects),
            ["mongodb", "mysql", "oracle-database", "postgresql", "redis", "sql-server", "sqlite"]
        );
    }

    #[test]
    fn connectors_beside_a_configured_store() {
        let c = Catalogue::builtin();
        let py =
            "[project]\nname = \"x\"\ndependencies = [\"flask\", \"psycopg2\", \"redis\", \"pyodbc\", \"oracledb\"]\n";
        let compose = "services:\n  postgres:\n    image: postgres:16\n  redis:\n    image: redis:7\n";
        let folder = map(c, &[parsed("compose.yaml", compose), parsed("pyproject.toml", py)], &[]);
        assert_eq!(ids(c, &folder.found), ["postgresql", "redis"]);
        assert_eq!(ids(c, &folder.connects), ["oracle-database", "sql-server"]);
    }

    #[test]
    fn a_store_chosen_at_run_time_is_own() {
        let c = Catalogue::builtin();
        let pkg = package_json(&["better-sqlite3", "pg", "mysql2", "ioredis", "knex"]);
        let env = "DB_CLIENT=better-sqlite3\nDB_PASSWORD=x\n";
        let compose = "services:\n  db:\n    image: postgres\n  m:\n    image: mariadb:10\n";
        let manifests =
            [parsed(".example.env", env), parsed("docker-compose.yml", compose), parsed("package.json", &pkg)];
        let folder = map(c, &manifests, &[]);
        assert_eq!(ids(c, &folder.found), ["mariadb", "mysql", "postgresql", "redis", "sqlite"]);
        assert!(folder.connects.is_empty());
    }

    #[test]
    fn ordinary_apps_keep_their_drivers() {
        let c = Catalogue::builtin();
        // Two SQL drivers and nothing configured: both its own.
        let folder = map(c, &[parsed("package.json", &package_json(&["pg", "sqlite3", "redis"]))], &[]);
        assert_eq!(ids(c, &folder.found), ["postgresql", "redis", "sqlite"]);
        // A configured store, and one other SQL driver: still its own.
        let env = "DATABASE_URL=postgres://u:p@h/db\n";
        let pkg = package_json(&["pg", "@clickhouse/client", "redis"]);
        let folder = map(c, &[parsed(".env.example", env), parsed("package.json", &pkg)], &[]);
        assert_eq!(ids(c, &folder.found), ["clickhouse", "postgresql", "redis"]);
        assert!(folder.connects.is_empty());
    }
}
