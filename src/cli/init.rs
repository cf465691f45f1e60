//! `stackls init [DIR]`: a first `stack.toml` written from the repository's manifests, every
//! value commented with its evidence, `[project]` left for the team to fill in. Nothing is
//! executed; an existing file is never replaced without `--force`.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::facts::{Folder, Found};
use crate::analysis::{analyze_with, Config, Severity};
use crate::catalogue::{Catalogue, Kind};
use crate::detect::{self, Scanner};

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
    let (repo_root, _) = detect::repository_root(dir);
    let scanner = Scanner::new();
    let (services, undecided) = services(&scanner, &catalogue, dir, &repo_root);
    let text = render(&catalogue, &services);
    // What was found, and what could not be decided, for the person running it.
    for s in &services {
        let what: Vec<String> = s.found.found.iter().map(|f| describe(&catalogue, f)).collect();
        let _ = writeln!(err, "found {}: {}", label(&s.folder), what.join(", "));
        for n in &s.found.notes {
            let _ = writeln!(err, "  note: {n}");
        }
    }
    for u in &undecided {
        if u.starts_with("  note:") {
            let _ = writeln!(err, "{u}");
        } else {
            let _ = writeln!(err, "left out {u}");
        }
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

/// The back-end services below `dir`: folders whose manifests name a framework, or whose
/// manifests are a back-end language's; front ends (npm without a back-end framework) and
/// folders of container files alone are left out, with why.
fn services(scanner: &Scanner, catalogue: &Catalogue, dir: &Path, repo_root: &Path) -> (Vec<Service>, Vec<String>) {
    let folders = detect::manifest_folders(dir);
    let mut undecided = Vec::new();
    let mut candidates: Vec<Service> = Vec::new();
    for folder in &folders {
        // Each folder alone: the folders below it are looked at on their own.
        let nested: Vec<PathBuf> =
            folders.iter().filter(|f| *f != folder && is_below(f, folder)).map(|f| dir.join(f)).collect();
        let found = scanner.scan(catalogue, dir, repo_root, folder, &nested);
        let has = |kind: Kind| found.found.iter().any(|f| catalogue.tech(f.tech).kind == kind && !f.implied);
        let languages: Vec<&Found> =
            found.found.iter().filter(|f| catalogue.tech(f.tech).kind == Kind::Language).collect();
        let back_end_manifest = found.manifests.iter().any(|m| {
            let name = m.rsplit('/').next().unwrap_or(m);
            detect::manifest::Format::of(name).is_some_and(|f| detect::names_a_back_end(catalogue, f))
        });
        if has(Kind::Framework) || (back_end_manifest && !languages.is_empty()) {
            candidates.push(Service { folder: folder.clone(), found });
        } else {
            if found.manifests.iter().any(|m| m.ends_with("package.json")) {
                undecided.push(format!(
                    "{}: its package.json names no back-end framework (a front end, or build tooling)",
                    folder
                ));
            } else if !found.manifests.is_empty() {
                undecided.push(format!("{}: {} names no language or framework", folder, found.manifests.join(", ")));
            }
            undecided.extend(found.notes.iter().map(|n| format!("  note: {n}")));
        }
    }
    (candidates, undecided)
}

fn is_below(folder: &str, parent: &str) -> bool {
    parent == "." || folder.starts_with(&format!("{parent}/"))
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
    let mut names: Vec<String> = Vec::new();
    for s in services {
        out.push('\n');
        if single {
            out.push_str("[stack]\n");
        } else {
            let base = s.folder.rsplit('/').next().filter(|n| *n != ".").unwrap_or("app");
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
        let of_kind = |kind: Kind| -> Vec<&Found> {
            s.found.found.iter().filter(|f| catalogue.tech(f.tech).kind == kind).collect()
        };
        let line = |out: &mut String, key: &str, f: &Found| {
            let _ =
                writeln!(out, "{key} = \"{}\"{}# {}", value(catalogue, f), pad(key, &value(catalogue, f)), f.evidence);
        };
        if let Some(l) = of_kind(Kind::Language).first() {
            line(&mut out, "language", l);
        }
        let frameworks = of_kind(Kind::Framework);
        if let Some(f) = frameworks.first() {
            line(&mut out, "framework", f);
        }
        for other in frameworks.iter().skip(1) {
            let _ = writeln!(out, "# also a framework: {}", describe(catalogue, other));
        }
        let databases = of_kind(Kind::Database);
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
        if let Some(server) = of_kind(Kind::WebServer).first() {
            line(&mut out, "server", server);
        }
        if !s.found.connects.is_empty() {
            let ids: Vec<&str> = s.found.connects.iter().map(|f| catalogue.tech(f.tech).id.as_str()).collect();
            let _ = writeln!(out, "# connects to: {}", ids.join(", "));
        }
    }
    out
}

fn pad(key: &str, value: &str) -> String {
    " ".repeat(32usize.saturating_sub(key.len() + value.len() + 5).max(1))
}
