//! Prisma schemas (`*.prisma`): the `provider` of each `datasource NAME { … }` block
//! (`postgresql`, `mysql`, `sqlite`, `sqlserver`, `mongodb`, `cockroachdb`); a `generator`
//! block's provider (`prisma-client-js`) is not a database. A provider read from the
//! environment (`env("DB_PROVIDER")`) names nothing.

use super::settings::{config_dep, plain_name, quoted, Shown};
use super::{Dependency, Scope};

pub(super) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let mut deps = Vec::new();
    // Whether the current line is inside a datasource block, and the block's depth.
    let mut in_datasource = false;
    let mut depth = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let l = raw.split("//").next().unwrap_or("").trim();
        if depth == 0 {
            in_datasource = l.split_whitespace().next() == Some("datasource");
        }
        if in_datasource && depth == 1 {
            if let Some(rest) = l.strip_prefix("provider") {
                let value = rest.trim_start().strip_prefix('=').and_then(quoted).and_then(|(v, _)| plain_name(v));
                if let Some(name) = value {
                    deps.push(config_dep("provider", " = ", name, Shown::Name, line, Scope::Runtime));
                }
            }
        }
        for c in l.chars() {
            match c {
                '{' => depth = depth.saturating_add(1),
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(deps)
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] =
    &["datasource db {", "generator client {", "provider = ", "\"postgresql\"", "}", "url = env(\"DATABASE_URL\")"];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn the_datasource_provider_only() {
        let schema = r#"generator client {
  provider = "prisma-client-js" // not a database
}

datasource db {
  provider     = "postgresql"
  url          = env("DATABASE_URL")
  relationMode = "prisma"
}

model User {
  id String @id @default(uuid())
  provider String @default("x")
}
"#;
        assert_eq!(rows(&parse(schema).unwrap()), ["6 Runtime Package postgresql - - | provider = postgresql"]);
        assert_eq!(parse("datasource db {\n provider = env(\"P\")\n}").unwrap(), []);
        assert_eq!(parse("datasource db { provider = \"sqlite\" }").unwrap(), [], "one-line blocks are not read");
    }
}
