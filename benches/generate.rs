//! Realistic stack files of any size: a `[project]`, a `[stack]` of defaults and N services
//! mixing the catalogue's languages, frameworks, databases and servers, with the odd
//! service-level scale, requirement or use case. Deterministic for a given N.
//! Used by the benchmarks and by `cargo run --release --example generate -- N [findings]`.
//!
//! `findings` keeps the services and changes only `[project]` (large scale, e-commerce and
//! real-time, security), so that about every service raises a finding: 20,000 services give
//! about 25,000, the file the human output is measured on.

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
}

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
        Project::Mixed => ("medium", "\"web-apps\"", ""),
        Project::Findings => ("large", "\"e-commerce\", \"real-time\"", "requirements = [\"security\"]\n"),
    };
    out.push_str(&format!(
        "# Generated: {services} services.\n[project]\nname = \"platform\"\ndescription = \"A generated platform\"\nscale = \"{scale}\"\nteam = \"intermediate\"\narchitecture = \"microservices\"\nuse-cases = [{use_cases}]\n{requirements}\n[stack]\ndatabase = \"sql-server\"\nserver = \"nginx\"\n"
    ));
    for i in 0..services {
        let (language, frameworks) = STACKS[rng.next(STACKS.len())];
        out.push_str(&format!("\n[services.svc-{i}]\nlanguage = \"{language}\"\n"));
        if !frameworks.is_empty() {
            out.push_str(&format!("framework = \"{}\"\n", frameworks[rng.next(frameworks.len())]));
        }
        match rng.next(8) {
            0 => out.push_str(&format!("database = [\"{}\", \"{}\"]\n", DATABASES[0], DATABASES[1])),
            1 => out.push_str(&format!("server = \"{}\"\n", SERVERS[rng.next(SERVERS.len())])),
            2 => out.push_str(&format!("requirements = [\"{}\"]\n", REQUIREMENTS[rng.next(REQUIREMENTS.len())])),
            3 => out.push_str(&format!("use-cases = [\"{}\"]\n", USE_CASES[rng.next(USE_CASES.len())])),
            4 => out.push_str("scale = \"small\"\n"),
            _ => {}
        }
    }
    out
}
