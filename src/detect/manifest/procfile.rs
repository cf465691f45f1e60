//! `Procfile` (Heroku, Dokku, foreman): `name: command` lines, one per process type. Each
//! process type is a [`What::Role`] `service` (named after the process: `web`, `worker`): a
//! Procfile says its folder is deployed and run. Comments and lines without a process name
//! say nothing.

use super::common::{dep, strip_bom};
use super::{Dependency, Scope, What};

pub(super) fn procfile(text: &str) -> Vec<Dependency> {
    let mut out = Vec::new();
    for (i, line) in strip_bom(text).lines().enumerate() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((name, command)) = line.split_once(':') else { continue };
        let name = name.trim();
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if valid && !command.trim().is_empty() {
            let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
            out.push(dep(What::Role, "service", Some(name), None, n, line.to_string(), Scope::Runtime));
        }
    }
    out
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &["web:", "worker: ", "bundle exec puma", "# x", ":", "release:"];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn process_types_are_service_roles() {
        let text = "# processes\nweb: bundle exec puma -C config/puma.rb\nworker:bundle exec sidekiq\n\
                    not a process\nempty:\n";
        assert_eq!(
            rows(&procfile(text)),
            [
                "2 Runtime Role service web - | web: bundle exec puma -C config/puma.rb",
                "3 Runtime Role service worker - | worker:bundle exec sidekiq",
            ]
        );
        assert_eq!(procfile(""), []);
    }
}
