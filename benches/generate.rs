//! Realistic stack files of any size: a `[project]`, a `[stack]` of defaults and N services
//! mixing the catalogue's languages, frameworks, databases and servers, with the odd
//! service-level scale, requirement or use case. Deterministic for a given N.
//! Used by the benchmarks and by `cargo run --release --example generate -- N [findings|versions]`.
//!
//! `findings` keeps the services and changes only `[project]` (large scale, e-commerce and
//! real-time, security), so that about every service raises a finding: 20,000 services give
//! about 25,000, the file the human output is measured on. `versions` keeps the services and
//! writes a version on every value the lifecycle data tracks (supported, past their end of
//! life, and pairs outside what the data supports), so every version rule runs on each.

/// (language, frameworks that run on it)
const STACKS: &[(&str, &[&str])] = &[
    ("python", &["django", "flask", "fastapi"]),
    ("node.js", &["express", "nestjs", "koa"]),
    ("java", &["spring-boot"]),
    ("kotlin", &["spring-boot"]),
    ("ruby", &["ruby-on-rails"]),
    ("php", &["laravel", "cakephp"]),
    ("c#", &["asp.net-core"]),
    ("rust", &[]),
    ("scala", &[]),
];
const DATABASES: &[&str] = &["sql-server", "mongodb"];
const SERVERS: &[&str] = &["nginx", "apache", "iis"];
const REQUIREMENTS: &[&str] = &["security", "high-concurrency", "cpu-intensive", "rapid-development"];
const USE_CASES: &[&str] = &["rest-api", "real-time", "e-commerce", "web-apps"];

/// A small linear congruential generator: reproducible without a dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Which `[project]` a generated file declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each user of this file uses some of it
pub enum Project {
    /// Medium scale, web apps: the README's check figures (about one finding in four services).
    Mixed,
    /// Large scale, e-commerce and real-time, security: findings on nearly every service.
    Findings,
    /// `Mixed`, with versions on every value the lifecycle data tracks.
    Versions,
}

/// Versions to pick from per technology: supported ones, ended ones, one that names no
/// cycle; Python 3.8 beside Django 5.2 is a mismatch.
const VERSIONS: &[(&str, &[&str])] = &[
    ("python", &["3.12", "3.8", "3.14.2"]),
    ("node.js", &["24", "20", "22.11.0"]),
    ("java", &["21", "17", "11"]),
    ("kotlin", &["2.2", "1.9"]),
    ("ruby", &["3.4", "2.7"]),
    ("php", &["8.4", "7.4"]),
    ("rust", &["1.90", "1.75"]),
    ("scala", &["3.7", "2.13"]),
    ("django", &["5.2", "4.2", "6.0"]),
    ("spring-boot", &["4.0", "3.5", "2.7"]),
    ("ruby-on-rails", &["8.0", "7.1"]),
    ("laravel", &["12", "10"]),
    ("cakephp", &["5.2", "4.4"]),
    ("asp.net-core", &["10", "8"]),
    ("express", &["5", "4"]),
    ("sql-server", &["2022", "16.0"]),
    ("mongodb", &["8.0", "6.0", "9.9"]),
    ("nginx", &["1.30", "1.24"]),
    ("apache", &["2.4"]),
];

/// A stack file with `services` services.
#[allow(dead_code)] // each user of this file uses some of it
pub fn stack_file(services: usize) -> String {
    stack_file_with(services, Project::Mixed)
}

/// A stack file with `services` services under the given `[project]`; the services are the
/// same for either.
pub fn stack_file_with(services: usize, project: Project) -> String {
    let mut rng = Lcg(services as u64 + 7);
    let mut out = String::with_capacity(services * 90 + 400);
    let (scale, use_cases, requirements) = match project {
        Project::Mixed | Project::Versions => ("medium", "\"web-apps\"", ""),
        Project::Findings => ("large", "\"e-commerce\", \"real-time\"", "requirements = [\"security\"]\n"),
    };
    out.push_str(&format!(
        "# Generated: {services} services.\n[project]\nname = \"platform\"\ndescription = \"A generated platform\"\nscale = \"{scale}\"\nteam = \"intermediate\"\narchitecture = \"microservices\"\nuse-cases = [{use_cases}]\n{requirements}\n[stack]\ndatabase = \"sql-server\"\nserver = \"nginx\"\n"
    ));
    // The same draws for every variant: a version comes from a second generator.
    let mut versions = Lcg(services as u64 + 11);
    let mut v = |id: &str| -> String {
        match VERSIONS.iter().find(|(t, _)| *t == id).filter(|_| project == Project::Versions) {
            Some((_, list)) => format!("{id}@{}", list[versions.next(list.len())]),
            None => id.to_string(),
        }
    };
    for i in 0..services {
        let (language, frameworks) = STACKS[rng.next(STACKS.len())];
        out.push_str(&format!("\n[services.svc-{i}]\nlanguage = \"{}\"\n", v(language)));
        if !frameworks.is_empty() {
            out.push_str(&format!("framework = \"{}\"\n", v(frameworks[rng.next(frameworks.len())])));
        }
        match rng.next(8) {
            0 => out.push_str(&format!("database = [\"{}\", \"{}\"]\n", v(DATABASES[0]), v(DATABASES[1]))),
            1 => out.push_str(&format!("server = \"{}\"\n", v(SERVERS[rng.next(SERVERS.len())]))),
            2 => out.push_str(&format!("requirements = [\"{}\"]\n", REQUIREMENTS[rng.next(REQUIREMENTS.len())])),
            3 => out.push_str(&format!("use-cases = [\"{}\"]\n", USE_CASES[rng.next(USE_CASES.len())])),
            4 => out.push_str("scale = \"small\"\n"),
            _ => {}
        }
    }
    out
}
