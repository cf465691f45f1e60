//! `stackls init [DIR]`: a first `stack.toml` written from the repository's manifests, every
//! value commented with its evidence, `[project]` left for the team to fill in. Nothing is
//! executed; an existing file is never replaced without `--force`.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::facts::{Folder, Found};
use crate::analysis::{analyze_with, Config, Severity};
use crate::catalogue::{Catalogue, Kind as TechKind};
use crate::detect::project::Kind;
use crate::detect::Scanner;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

pub struct InitOptions {
    pub dir: PathBuf,
    pub force: bool,
    pub stdout: bool,
}

/// A back-end service found in the repository.
struct Service {
    /// Relative to DIR (`.` for DIR itself).
    folder: String,
    found: Folder,
}

pub fn init(options: &InitOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let dir = &options.dir;
    if !dir.is_dir() {
        let _ = writeln!(err, "error: {} is not a folder", dir.display());
        return EXIT_USAGE;
    }
    let target = dir.join("stack.toml");
    if !options.stdout && !options.force && target.exists() {
        let _ = writeln!(
            err,
            "error: {} exists; stackls init never replaces it (--force to replace, --stdout to print)",
            target.display()
        );
        return EXIT_USAGE;
    }
    let catalogue = Catalogue::builtin_arc();
    let scanner = Scanner::new();
    let (services, left_out, notes) = services(&scanner, &catalogue, dir);
    let text = render(&catalogue, &services);
    // What was found, what was left out (counted, not listed), and files that could not be read.
    for s in &services {
        let what: Vec<String> = s.found.found.iter().map(|f| describe(&catalogue, f)).collect();
        let _ = writeln!(err, "found {}: {}", label(&s.folder), what.join(", "));
    }
    if !left_out.is_empty() {
        let _ = writeln!(err, "left out {}: not services", left_out.join(", "));
    }
    for n in &notes {
        let _ = writeln!(err, "  note: {n}");
    }
    if services.is_empty() {
        let _ = writeln!(err, "no back-end manifest found below {}: the file lists nothing to check", dir.display());
    }
    // The file written must check without errors: a defect here is a bug, said plainly.
    let analysis = analyze_with(&text, &catalogue, &Config::default());
    let errors: Vec<&str> =
        analysis.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.message.as_str()).collect();
    if !errors.is_empty() {
        let _ = writeln!(err, "error: the generated file has errors (a bug in stackls init): {}", errors.join("; "));
    }
    if options.stdout {
        if out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_err() {
            return EXIT_USAGE;
        }
    } else {
        match std::fs::write(&target, &text) {
            Ok(()) => {
                let _ = writeln!(err, "wrote {}", target.display());
            }
            Err(e) => {
                let _ = writeln!(err, "error: cannot write {}: {e}", target.display());
                return EXIT_USAGE;
            }
        }
    }
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

fn label(folder: &str) -> String {
    if folder == "." {
        "in the repository's folder".to_string()
    } else {
        format!("in {folder}")
    }
}

fn describe(catalogue: &Catalogue, f: &Found) -> String {
    format!("{} ({})", catalogue.tech(f.tech).id, f.evidence)
}

/// The services below `dir` (`detect::project` decides which projects are services), each
/// with what it runs; what was left out, counted by what it is (`36 test projects`); and the
/// notes of the walk (files that could not be read).
fn services(scanner: &Scanner, catalogue: &Catalogue, dir: &Path) -> (Vec<Service>, Vec<String>, Vec<String>) {
    let (graph, notes) = scanner.projects(catalogue, dir);
    let mut out: Vec<Service> = Vec::new();
    let mut left: std::collections::BTreeMap<Kind, usize> = Default::default();
    for (i, node) in graph.nodes.iter().enumerate() {
        let mut kind = node.kind;
        if kind == Kind::Service {
            let found = graph.folder(catalogue, i);
            // A service must say what it runs: container files alone name nothing to check.
            if found.found.iter().any(|f| catalogue.tech(f.tech).kind == TechKind::Language) {
                out.push(Service { folder: node.folder.clone(), found });
                continue;
            }
            kind = Kind::Other;
        }
        *left.entry(kind).or_default() += 1;
    }
    let left_out = left.into_iter().map(|(kind, n)| kind.counted(n)).collect();
    (out, left_out, notes)
}

/// `id@cycle` when the manifests pin a version of a cycle the lifecycle data knows.
fn value(catalogue: &Catalogue, f: &Found) -> String {
    let id = &catalogue.tech(f.tech).id;
    let cycle = f.pinned.as_deref().and_then(|v| Some(catalogue.product_of(f.tech)?.resolve(v).cycle()?.cycle.clone()));
    match cycle {
        Some(c) => format!("{id}@{c}"),
        None => id.clone(),
    }
}

fn render(catalogue: &Catalogue, services: &[Service]) -> String {
    let mut out = String::from(
        "# Written by `stackls init` from the repository's manifests: each value says where it\n\
         # was found. Check them, then describe the project below; `stackls check` compares\n\
         # this file with the manifests from now on (rule `drift`).\n\n\
         [project]\n\
         # name = \"\"\n\
         # description = \"\"\n\
         # scale = \"medium\"            # prototype | small | medium | large | enterprise\n\
         # team = \"intermediate\"       # beginner | intermediate | expert\n\
         # architecture = \"monolith\"   # monolith | microservices | serverless\n\
         # use-cases = []              # stackls explain use-cases, or completion in an editor\n\
         # requirements = []\n",
    );
    let single = services.len() == 1 && services[0].folder == ".";
    // Counted once: naming each service must not scan every other one.
    let mut last_names: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for s in services {
        if let Some(last) = folder_names(&s.folder).next() {
            *last_names.entry(last).or_default() += 1;
        }
    }
    let mut names: Vec<String> = Vec::new();
    for s in services {
        out.push('\n');
        if single {
            out.push_str("[stack]\n");
        } else {
            let base = service_name(&s.folder, &last_names);
            let mut name: String =
                base.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
            if name.is_empty() {
                name = "app".into();
            }
            let mut unique = name.clone();
            let mut n = 2;
            while names.contains(&unique) {
                unique = format!("{name}-{n}");
                n += 1;
            }
            names.push(unique.clone());
            let _ = writeln!(out, "[services.{unique}]");
            let _ = writeln!(out, "path = \"{}\"", s.folder);
        }
        let of_kind = |kind: TechKind| -> Vec<&Found> {
            s.found.found.iter().filter(|f| catalogue.tech(f.tech).kind == kind).collect()
        };
        let line = |out: &mut String, key: &str, f: &Found| {
            let _ =
                writeln!(out, "{key} = \"{}\"{}# {}", value(catalogue, f), pad(key, &value(catalogue, f)), f.evidence);
        };
        if let Some(l) = of_kind(TechKind::Language).first() {
            line(&mut out, "language", l);
        }
        let frameworks = of_kind(TechKind::Framework);
        if let Some(f) = frameworks.first() {
            line(&mut out, "framework", f);
        }
        for other in frameworks.iter().skip(1) {
            let _ = writeln!(out, "# also a framework: {}", describe(catalogue, other));
        }
        let databases = of_kind(TechKind::Database);
        match databases.len() {
            0 => {}
            1 => line(&mut out, "database", databases[0]),
            _ => {
                out.push_str("database = [\n");
                for d in &databases {
                    let v = format!("\"{}\",", value(catalogue, d));
                    let _ =
                        writeln!(out, "  {v}{}# {}", " ".repeat(24usize.saturating_sub(v.len()).max(1)), d.evidence);
                }
                out.push_str("]\n");
            }
        }
        if let Some(server) = of_kind(TechKind::WebServer).first() {
            line(&mut out, "server", server);
        }
        if !s.found.connects.is_empty() {
            let ids: Vec<&str> = s.found.connects.iter().map(|f| catalogue.tech(f.tech).id.as_str()).collect();
            let _ = writeln!(out, "# connects to: {}", ids.join(", "));
        }
    }
    out
}

/// A service's name: its folder's, or its parent's where the folder is a generic `src`
/// (`src/cartservice/src` is `cartservice`); `app` for the folder itself.
/// A folder's meaningful names, nearest first (`src` and `source` skipped).
fn folder_names(folder: &str) -> impl Iterator<Item = &str> {
    folder
        .rsplit('/')
        .filter(|n| !n.is_empty() && *n != "." && !n.eq_ignore_ascii_case("src") && !n.eq_ignore_ascii_case("source"))
}

/// A service's name: its folder's last meaningful name, with the folder above it where other
/// services share that name (`cart-service`, `order-service`); `counts`: how many services
/// have each last name.
fn service_name(folder: &str, counts: &rustc_hash::FxHashMap<&str, usize>) -> String {
    let mut names = folder_names(folder);
    let Some(last) = names.next() else { return "app".to_string() };
    let shared = counts.get(last).is_some_and(|&n| n > 1);
    match names.next().filter(|_| shared) {
        Some(parent) => format!("{parent}-{last}"),
        None => last.to_string(),
    }
}

fn pad(key: &str, value: &str) -> String {
    " ".repeat(32usize.saturating_sub(key.len() + value.len() + 5).max(1))
}
