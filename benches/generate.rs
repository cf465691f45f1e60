//! Realistic stack files of any size: a `[project]`, a `[stack]` of defaults and N services
//! mixing the catalogue's languages, frameworks, databases and servers, with the odd
//! service-level scale, requirement or use case. Deterministic for a given N.
//! Used by the benchmarks and by `cargo run --release --example generate -- N`.

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

/// A stack file with `services` services.
pub fn stack_file(services: usize) -> String {
    let mut rng = Lcg(services as u64 + 7);
    let mut out = String::with_capacity(services * 90 + 400);
    out.push_str(&format!(
        "# Generated: {services} services.\n[project]\nname = \"platform\"\ndescription = \"A generated platform\"\nscale = \"medium\"\nteam = \"intermediate\"\narchitecture = \"microservices\"\nuse-cases = [\"web-apps\"]\n\n[stack]\ndatabase = \"sql-server\"\nserver = \"nginx\"\n"
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
