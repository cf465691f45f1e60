//! Reading a repository, without running anything: which manifests each service folder
//! holds (`scan`), what they declare (`manifest`), and which technologies that names
//! (`map`, by the data in `data/detect.toml`). The result is `analysis::facts::Facts`, which
//! the analysis compares with the declaration (`drift`) and `stackls init` writes out.

pub mod manifest;
pub mod project;
mod scan;
mod stores;

use std::path::Path;

use rustc_hash::FxHashSet;

use crate::analysis::facts::{Evidence, Facts, Folder, Found};
use crate::catalogue::{Catalogue, DetectRules, Kind, PinRank, TechId, Vote};
use manifest::{Dependency, Format, Scope, What};

pub use scan::{repository_root, Scanner};

/// One manifest as read: its path relative to the stack file's folder, its format, and its
/// dependencies or why they could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub file: String,
    pub format: Format,
    /// Shared with the scanner's cache: a manifest read once is not copied per analysis.
    pub result: std::sync::Arc<Result<Vec<Dependency>, String>>,
}

/// Whether a manifest of `format` says by itself that its folder holds a back end: its
/// format has a language in the data that votes more than a fallback (not a front end's
/// `package.json`, not container files).
pub fn names_a_back_end(catalogue: &Catalogue, format: Format) -> bool {
    let rules = &catalogue.detect;
    rules.languages.contains_key(format.key()) && rules.vote(format.key()) > Vote::Fallback
}

/// What one folder's manifests name. `signals` are the signal paths (`src/main/kotlin`) found
/// beside a manifest, as (signal path, the file or folder found relative to the stack file).
pub fn map(catalogue: &Catalogue, manifests: &[Parsed], signals: &[(String, String)]) -> Folder {
    let rules = &catalogue.detect;
    let mut folder = Folder { manifests: manifests.iter().map(|m| m.file.clone()).collect(), ..Folder::default() };
    let mut hidden: FxHashSet<TechId> = FxHashSet::default();
    // Language votes, as (language, evidence, strength): a manifest's format votes for its
    // language (`[detect.languages]`) strongly when the manifest names a framework or
    // database, else as `[detect.votes]` says; a package naming a language votes strongly.
    let mut votes: Vec<(TechId, Evidence, Vote)> = Vec::new();
    // (language, the language it replaces) from packages naming a language (kotlin-stdlib).
    let mut replacing: Vec<(TechId, TechId)> = Vec::new();
    // The runtime versions the files ask for or pin (requires-python, .nvmrc, FROM python:3.12).
    let mut runtimes: Vec<Runtime> = Vec::new();
    // `own_version`: the dependency is the technology itself (a framework's package, a
    // server's, a database's image), so its version is the technology's; a database driver's
    // version is the client library's, not the database's.
    let add = |folder: &mut Folder, tech: TechId, d: &Dependency, file: &str, own_version: bool, lock: bool| {
        let pinned = d.pinned.clone().filter(|_| own_version);
        let here = Evidence { file: file.to_string(), line: d.line, text: d.text.clone() };
        match folder.found.iter_mut().find(|f| f.tech == tech) {
            // A lock file pins what the manifest only constrains.
            Some(f) => {
                if f.pinned.is_none() && pinned.is_some() {
                    f.pinned = pinned;
                    f.pinned_in = Some(here);
                }
            }
            // A lock file beside its manifest pins; it adds nothing the manifest leaves out.
            None if lock => {}
            None => folder.found.push(Found { tech, evidence: here, pinned, pinned_in: None, implied: false }),
        }
    };
    for m in manifests {
        let deps = match &*m.result {
            Ok(deps) => deps,
            Err(why) => {
                folder.notes.push(format!("{}: {why}", m.file));
                continue;
            }
        };
        let format = m.format.info();
        let mut strong = false;
        let dir_of = |f: &str| f.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let lock = format.locks.is_some_and(|locked| {
            manifests.iter().any(|o| o.format.key() == locked && dir_of(&o.file) == dir_of(&m.file))
        });
        runtimes.extend(deps.iter().filter_map(|d| runtime(rules, m, d)));
        for d in deps.iter().filter(|d| d.scope == Scope::Runtime) {
            let mapping = match d.what {
                What::Package | What::Plugin | What::Sdk => rules.package(format.ecosystem, &d.name),
                // A database or server image counts where the app runs beside it (compose),
                // not as the image a service is built from (a Dockerfile's base).
                What::Image if format.images_run_beside => rules.image(&d.name),
                What::Image => None,
                // Runtimes are read above (`runtime`); what the project is and how it joins
                // others is read by `project`: neither is a technology here.
                What::Runtime | What::Role | What::Member | What::Local | What::Identity | What::Build => continue,
            };
            let Some(mapping) = mapping else { continue };
            let kind = catalogue.tech(mapping.tech).kind;
            strong |= matches!(kind, Kind::Framework | Kind::Database);
            hidden.extend(mapping.hides.iter().copied());
            if kind == Kind::Language {
                let evidence = Evidence { file: m.file.clone(), line: d.line, text: d.text.clone() };
                votes.push((mapping.tech, evidence, Vote::Strong));
                replacing.extend(mapping.replaces.map(|r| (mapping.tech, r)));
                continue;
            }
            let own_version = mapping.versioned && (kind != Kind::Database || d.what == What::Image);
            add(&mut folder, mapping.tech, d, &m.file, own_version, lock);
        }
        if let Some(&lang) = rules.languages.get(format.key) {
            let vote = if strong { Vote::Strong } else { rules.vote(format.key) };
            votes.push((lang, Evidence { file: m.file.clone(), line: 0, text: String::new() }, vote));
        }
    }
    folder.found.retain(|f| !hidden.contains(&f.tech));
    // The language: the strongest votes found; it is implied unless a manifest named a
    // framework or database (or a package named the language).
    let strongest = votes.iter().map(|v| v.2).max();
    let implied = strongest != Some(Vote::Strong);
    let mut languages: Vec<(TechId, Evidence, bool)> = Vec::new();
    for (lang, evidence, _) in votes.iter().filter(|v| Some(v.2) == strongest) {
        if !languages.iter().any(|l| l.0 == *lang) {
            languages.push((*lang, evidence.clone(), implied));
        }
    }
    // A language named by a signal or a package replaces the one it refines (Java).
    for (signal, found_at) in signals {
        if let Some(s) = rules.signals.iter().find(|s| s.path == *signal) {
            if let Some(replaced) = s.replaces {
                languages.retain(|l| l.0 != replaced);
            }
            if !languages.iter().any(|l| l.0 == s.tech) {
                languages.push((s.tech, Evidence { file: found_at.clone(), line: 0, text: String::new() }, implied));
            }
        }
    }
    for (by, replaced) in replacing {
        if languages.iter().any(|l| l.0 == by) {
            languages.retain(|l| l.0 != replaced);
        }
    }
    // Languages come first, in the order decided, with the version the files pin (else the
    // requirement's line as evidence).
    let mut ordered: Vec<Found> = Vec::new();
    for (lang, evidence, implied) in languages {
        let (evidence, pinned) = match best_runtime(&runtimes, lang) {
            Some(r) => (r.evidence.clone(), r.pinned.clone()),
            None => (evidence, None),
        };
        ordered.push(Found { tech: lang, evidence, pinned, pinned_in: None, implied });
    }
    // A platform framework found otherwise takes the version its runtime pins (ASP.NET Core
    // from TargetFramework), over a package's.
    for f in &mut folder.found {
        if let Some(r) = best_runtime(&runtimes, f.tech).filter(|r| r.pinned.is_some()) {
            f.pinned = r.pinned.clone();
            f.pinned_in = Some(r.evidence.clone());
        }
    }
    ordered.append(&mut folder.found);
    folder.found = ordered;
    stores::split(catalogue, manifests, &mut folder);
    folder
}

/// A runtime version a file asks for or pins.
struct Runtime {
    tech: TechId,
    rank: PinRank,
    evidence: Evidence,
    /// `None` for a range (`>=3.9`) or an alias: it pins nothing.
    pinned: Option<String>,
}

/// The runtime a dependency gives a version of: a runtime requirement or pin of the data's
/// `[[detect.runtime]]` names (runtime scope: a test project's target is not what runs), or
/// a Dockerfile's image of a runtime (its last stage's, else a build stage's).
fn runtime(rules: &DetectRules, m: &Parsed, d: &Dependency) -> Option<Runtime> {
    let format = m.format;
    let (tech, rank) = match (d.what, d.scope) {
        (What::Runtime, Scope::Runtime) => (*rules.runtimes.get(&d.name.to_lowercase())?, rules.pin_rank(format.key())),
        (What::Image, Scope::Runtime) if !format.info().images_run_beside => {
            (rules.runtime_image(&d.name)?, PinRank::Image)
        }
        (What::Image, Scope::Build) if !format.info().images_run_beside => {
            (rules.runtime_image(&d.name)?, PinRank::Builder)
        }
        _ => return None,
    };
    let evidence = Evidence { file: m.file.clone(), line: d.line, text: d.text.clone() };
    Some(Runtime { tech, rank, evidence, pinned: d.pinned.clone() })
}

/// The runtime of `tech` that wins: a pinned one over a range, then the highest rank, then
/// the first read.
fn best_runtime(runtimes: &[Runtime], tech: TechId) -> Option<&Runtime> {
    let mut best: Option<&Runtime> = None;
    for r in runtimes.iter().filter(|r| r.tech == tech) {
        let key = |r: &Runtime| (r.pinned.is_some(), r.rank);
        if best.is_none_or(|b| key(r) > key(b)) {
            best = Some(r);
        }
    }
    best
}

/// The detections for the service folders a stack file names (`drift::folders`: its
/// services' `path`s, or its own folder for `[stack]` alone or a single service).
/// `stack_dir` is the stack file's folder; nothing outside `repo_root` is read.
pub fn facts(
    scanner: &Scanner,
    catalogue: &Catalogue,
    stack_dir: &Path,
    repo_root: &Path,
    folders: &[String],
) -> Facts {
    Facts { folders: scanner.scan_all(catalogue, stack_dir, repo_root, folders) }
}
