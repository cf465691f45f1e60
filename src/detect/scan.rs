//! The one place detection reads files: a walk of a service folder for manifests (honouring
//! `.gitignore`, never into build output or dependencies, never through a symlink, never
//! outside the repository), each manifest read once per modification time and size.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rustc_hash::{FxHashMap, FxHashSet};

use super::manifest::{self, Format};
use super::project::Graph;
use super::{map, Parsed};
use crate::analysis::facts::{Folder, Problem};
use crate::catalogue::Catalogue;

/// Folders never walked: dependencies and build output, committed or not.
const SKIPPED: &[&str] = &[
    "node_modules",
    "dist",
    "build",
    "target",
    "vendor",
    "out",
    "bin",
    "obj",
    "venv",
    "env",
    "__pycache__",
    "site-packages",
    "bower_components",
    "coverage",
    "tmp",
    "log",
    "logs",
];

/// Manifests are small; a larger file is skipped with a note, never read whole.
pub const MAX_MANIFEST: u64 = 1 << 20;

/// How deep below a service folder manifests are looked for.
const MAX_DEPTH: usize = 4;

/// At most this many files are looked at per folder: a huge tree costs a bounded walk.
const MAX_ENTRIES: usize = 20_000;

/// How deep below the folder read the repository's projects are looked for
/// (`crates/db_views/post/Cargo.toml`, `src/cartservice/src/cartservice.csproj`).
const PROJECT_DEPTH: usize = 6;

/// At most this many entries are looked at when the repository's projects are found.
const MAX_PROJECT_ENTRIES: usize = 100_000;

/// A walk as detection makes it: `.gitignore` honoured (not `.ignore` files nor the user's
/// global excludes, which are about their tools, not what the repository holds), hidden
/// folders and symlinks not followed (hidden files are walked: `.nvmrc`, `.env.example`),
/// build output and dependency folders skipped unless `keep` (paths relative to `dir`)
/// names them.
fn walker(dir: &Path, max_depth: usize, keep: rustc_hash::FxHashSet<String>) -> ignore::Walk {
    let base = dir.to_path_buf();
    ignore::WalkBuilder::new(dir)
        .require_git(false)
        .ignore(false)
        .git_global(false)
        .git_exclude(false)
        .hidden(false)
        .follow_links(false)
        .max_depth(Some(max_depth))
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            if !is_dir || e.depth() == 0 {
                return true;
            }
            // Hidden files are looked at (`.nvmrc`, `.env.example` are manifests by name);
            // hidden folders (`.git`, `.venv`, `.idea`) are not walked.
            let skipped = e.file_name().to_str().is_some_and(|n| SKIPPED.contains(&n) || n.starts_with('.'));
            !skipped || e.path().strip_prefix(&base).is_ok_and(|r| keep.contains(&slashed(r)))
        })
        .build()
}

/// The repository a stack file belongs to: the nearest folder above it (itself included)
/// with a `.git`, else the stack file's folder. Returns (root, how many folders the stack
/// file's folder is below it).
pub fn repository_root(stack_dir: &Path) -> (PathBuf, usize) {
    let start = stack_dir.canonicalize().unwrap_or_else(|_| stack_dir.to_path_buf());
    let mut depth = 0;
    let mut at = start.as_path();
    loop {
        if at.join(".git").exists() {
            return (at.to_path_buf(), depth);
        }
        match at.parent() {
            Some(parent) => {
                at = parent;
                depth += 1;
            }
            None => return (start, 0),
        }
    }
}

/// A manifest's reading, keyed by path, with the modification time and size it was read at.
type Reading = (Option<SystemTime>, u64, Arc<Result<Vec<manifest::Dependency>, String>>);

/// Reads manifests, cached by path, modification time and size: a server re-checking a
/// stack file on every keystroke re-reads no unchanged manifest.
#[derive(Default)]
pub struct Scanner {
    cache: Mutex<FxHashMap<PathBuf, Reading>>,
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner::default()
    }

    /// Forgets the cached reading of a file (a watcher said it changed).
    pub fn forget(&self, path: &Path) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(path);
        }
    }

    /// The detections of `folder` (relative to `stack_dir`, normalised). `nested`: folders of
    /// other services inside it, not walked.
    pub fn scan(
        &self,
        catalogue: &Catalogue,
        stack_dir: &Path,
        repo_root: &Path,
        folder: &str,
        nested: &[PathBuf],
    ) -> Folder {
        let dir = stack_dir.join(folder);
        let root = repo_root.canonicalize().unwrap_or_else(|_| repo_root.to_path_buf());
        let real = match dir.canonicalize() {
            Ok(real) => real,
            Err(_) => return problem(Problem::Missing("does not exist".into())),
        };
        if !real.starts_with(&root) {
            return problem(Problem::Outside("leaves the repository (through a symlink): it is not read".into()));
        }
        if !real.is_dir() {
            return problem(Problem::Missing("is not a folder".into()));
        }
        let nested: Vec<PathBuf> = nested.iter().filter_map(|n| n.canonicalize().ok()).collect();
        let mut files: Vec<(PathBuf, String, Format)> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let relative = |p: &Path| -> String {
            let rel = p.strip_prefix(stack_dir).unwrap_or(p);
            let parts: Vec<String> = rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    Component::ParentDir => Some("..".into()),
                    _ => None,
                })
                .collect();
            parts.join("/")
        };
        let mut seen = 0usize;
        for entry in walker(&dir, MAX_DEPTH, Default::default()) {
            seen += 1;
            if seen > MAX_ENTRIES {
                notes.push(format!("{}: more than {MAX_ENTRIES} files; the rest is not looked at", relative(&dir)));
                break;
            }
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    // An unreadable folder, a broken .gitignore: noted, the walk goes on.
                    notes.push(format!("{}: {}", relative(&dir), one_line(&e.to_string())));
                    continue;
                }
            };
            let path = entry.path();
            if !nested.is_empty() && path.canonicalize().is_ok_and(|p| nested.iter().any(|n| p.starts_with(n))) {
                continue;
            }
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
            let Some(format) = Format::of(name) else { continue };
            let file = relative(path);
            // Only regular files: a symlink, a FIFO or a device named like a manifest is not read.
            let Some(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                continue;
            }
            if !kind.is_file() {
                notes.push(format!("{file}: not a regular file (a symlink, a FIFO, a device): not read"));
                continue;
            }
            files.push((path.to_path_buf(), file, format));
        }
        // Signals are looked at without following a symlink.
        let signal = |dir: &str, name: &str| {
            let p = stack_dir.join(dir).join(name);
            p.symlink_metadata().is_ok().then(|| relative(&p))
        };
        self.assemble(catalogue, files, notes, signal)
    }

    /// A folder's detections: its manifests (each with the path shown to the user, relative
    /// to the stack file), read through the cache; the notes of its walk; `signal(dir, name)`,
    /// the shown path of a signal file `name` in a manifest's folder `dir`, if it is there.
    fn assemble(
        &self,
        catalogue: &Catalogue,
        files: Vec<(PathBuf, String, Format)>,
        mut notes: Vec<String>,
        signal: impl Fn(&str, &str) -> Option<String>,
    ) -> Folder {
        let mut manifests: Vec<Parsed> = Vec::new();
        let mut dirs: Vec<String> = Vec::new();
        for (path, rel, format) in files {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let result = self.read(&path, format, name);
            if let Err(why) = &*result {
                notes.push(format!("{rel}: {why}"));
            }
            let dir = rel.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string());
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
            manifests.push(Parsed { file: rel, format, result });
        }
        manifests.sort_by(|a, b| a.file.cmp(&b.file));
        let mut signals: Vec<(String, String)> = Vec::new();
        for d in &dirs {
            for s in &catalogue.detect.signals {
                if let Some(shown) = signal(d, &s.path) {
                    signals.push((s.path.clone(), shown));
                }
            }
        }
        let mut folder = map(catalogue, &manifests, &signals);
        // `map` notes unreadable manifests itself; walk notes come first.
        for n in notes {
            if !folder.notes.contains(&n) {
                folder.notes.push(n);
            }
        }
        folder
    }

    /// The repository's projects below `dir` (see `detect::project`), from one walk: every
    /// manifest and every path seen, each manifest read through the cache. Also the walk's
    /// notes (files not read, and why), each starting with the file's path.
    pub fn projects(&self, catalogue: &Catalogue, dir: &Path) -> (Graph, Vec<String>) {
        let mut files: Vec<Parsed> = Vec::new();
        let mut entries: FxHashSet<String> = FxHashSet::default();
        let mut notes: Vec<String> = Vec::new();
        for (n, entry) in walker(dir, PROJECT_DEPTH, Default::default()).enumerate() {
            if n > MAX_PROJECT_ENTRIES {
                notes.push(format!("more than {MAX_PROJECT_ENTRIES} files: the rest is not looked at"));
                break;
            }
            let Ok(entry) = entry else { continue };
            let rel = slashed(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            let Some(kind) = entry.file_type() else { continue };
            entries.insert(rel.clone());
            if kind.is_dir() {
                continue;
            }
            let Some(name) = entry.path().file_name().and_then(|n| n.to_str()) else { continue };
            let Some(format) = Format::of(name) else { continue };
            if !kind.is_file() {
                notes.push(format!("{rel}: not a regular file (a symlink, a FIFO, a device): not read"));
                continue;
            }
            let result = self.read(entry.path(), format, name);
            if let Err(why) = &*result {
                notes.push(format!("{rel}: {why}"));
            }
            files.push(Parsed { file: rel, format, result });
        }
        (Graph::resolve(catalogue, files, entries), notes)
    }

    /// The detections of every folder a stack file names, in one walk of the stack file's
    /// folder where they lie below it (each manifest goes to the deepest service folder that
    /// holds it); a folder the walk does not reach (outside, behind a symlink, missing, or
    /// itself named like build output) is scanned on its own.
    pub fn scan_all(
        &self,
        catalogue: &Catalogue,
        stack_dir: &Path,
        repo_root: &Path,
        folders: &[String],
    ) -> FxHashMap<String, Folder> {
        let mut out: FxHashMap<String, Folder> = FxHashMap::default();
        let below: Vec<&String> = folders.iter().filter(|f| *f == "." || !f.starts_with("..")).collect();
        // A folder that is one of the repository's projects reads as `init` read it: its files,
        // the libraries it uses, the compose files that build it.
        if !below.is_empty() {
            let (graph, walk_notes) = self.projects(catalogue, stack_dir);
            for folder in &below {
                let Some(i) = graph.node(folder) else { continue };
                let mut found = graph.folder(catalogue, graph.serving(i));
                let prefix = if *folder == "." { String::new() } else { format!("{folder}/") };
                for n in walk_notes.iter().filter(|n| n.starts_with(&prefix)) {
                    if !found.notes.contains(n) {
                        found.notes.push(n.clone());
                    }
                }
                out.insert((*folder).clone(), found);
            }
        }
        // The walk below is for the folders that are none of the repository's projects.
        let walk = below.iter().any(|f| !out.contains_key(f.as_str()));
        let depth = |f: &str| if f == "." { 0 } else { f.split('/').count() };
        let max_depth = below.iter().map(|f| depth(f)).max().unwrap_or(0) + MAX_DEPTH;
        // Every folder on the way to a service folder is walked, even one named like build
        // output: the user named it.
        let mut keep: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        for f in &below {
            let mut at = String::new();
            for part in f.split('/').filter(|p| *p != ".") {
                if !at.is_empty() {
                    at.push('/');
                }
                at.push_str(part);
                keep.insert(at.clone());
            }
        }
        let mut visited: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        let mut files: FxHashMap<String, Vec<(PathBuf, String, Format)>> = FxHashMap::default();
        let mut notes: FxHashMap<String, Vec<String>> = FxHashMap::default();
        let mut entries: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        let limit = MAX_ENTRIES.max(50 * folders.len());
        let by_name: rustc_hash::FxHashSet<&str> = below.iter().map(|f| f.as_str()).collect();
        // The deepest service folder holding `rel` (its parents, nearest first), within reach
        // of a walk from it.
        let owner = |rel: &str| -> Option<String> {
            let mut at = rel;
            let mut up = 0;
            while let Some((parent, _)) = at.rsplit_once('/') {
                up += 1;
                if by_name.contains(parent) {
                    return (up <= MAX_DEPTH).then(|| parent.to_string());
                }
                at = parent;
            }
            (by_name.contains(".") && up < MAX_DEPTH).then(|| ".".to_string())
        };
        if walk {
            let walker = walker(stack_dir, max_depth, keep);
            for (n, entry) in walker.enumerate() {
                if n > limit {
                    notes
                        .entry(".".into())
                        .or_default()
                        .push(format!("more than {limit} files below the stack file: the rest is not looked at"));
                    break;
                }
                let Ok(entry) = entry else { continue };
                let rel = slashed(entry.path().strip_prefix(stack_dir).unwrap_or(entry.path()));
                let Some(kind) = entry.file_type() else { continue };
                entries.insert(rel.clone());
                if kind.is_dir() {
                    visited.insert(if rel.is_empty() { ".".into() } else { rel });
                    continue;
                }
                let Some(name) = entry.path().file_name().and_then(|n| n.to_str()) else { continue };
                let Some(format) = Format::of(name) else { continue };
                let Some(folder) = owner(&rel) else { continue };
                if !kind.is_file() {
                    notes
                        .entry(folder)
                        .or_default()
                        .push(format!("{rel}: not a regular file (a symlink, a FIFO, a device): not read"));
                    continue;
                }
                files.entry(folder).or_default().push((entry.path().to_path_buf(), rel, format));
            }
        }
        for folder in folders {
            if out.contains_key(folder) {
                continue;
            }
            if !visited.contains(folder.as_str()) {
                // Not reached by the walk: looked at on its own (which says why, if it must).
                let nested: Vec<PathBuf> = folders
                    .iter()
                    .filter(|o| *o != folder && (folder == "." || o.starts_with(&format!("{folder}/"))))
                    .map(|o| stack_dir.join(o))
                    .collect();
                out.insert(folder.clone(), self.scan(catalogue, stack_dir, repo_root, folder, &nested));
                continue;
            }
            let folder_files = files.remove(folder.as_str()).unwrap_or_default();
            let folder_notes = notes.remove(folder.as_str()).unwrap_or_default();
            // The walk saw every entry: a signal is one of them.
            let signal = |dir: &str, name: &str| {
                let rel = if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") };
                entries.contains(&rel).then_some(rel)
            };
            out.insert(folder.clone(), self.assemble(catalogue, folder_files, folder_notes, signal));
        }
        out
    }

    /// One manifest's dependencies, from the cache when its modification time and size are
    /// unchanged.
    fn read(&self, path: &Path, format: Format, name: &str) -> Arc<Result<Vec<manifest::Dependency>, String>> {
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) => return Arc::new(Err(format!("cannot read: {}", one_line(&e.to_string())))),
        };
        if !meta.file_type().is_file() {
            return Arc::new(Err("not a regular file: not read".into()));
        }
        let (mtime, size) = (meta.modified().ok(), meta.len());
        if let Ok(cache) = self.cache.lock() {
            if let Some((t, s, parsed)) = cache.get(path) {
                if *t == mtime && *s == size && mtime.is_some() {
                    return Arc::clone(parsed);
                }
            }
        }
        let parsed = Arc::new(read_manifest(path, size).and_then(|text| manifest::parse(format, name, &text)));
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(path.to_path_buf(), (mtime, size, Arc::clone(&parsed)));
        }
        parsed
    }
}

fn read_manifest(path: &Path, size: u64) -> Result<String, String> {
    if size > MAX_MANIFEST {
        return Err(format!("{size} bytes, larger than a manifest ({MAX_MANIFEST} bytes at most): not read"));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {}", one_line(&e.to_string())))?;
    let mut bytes = Vec::new();
    // The size may have grown since it was looked at: never read more than the limit.
    file.take(MAX_MANIFEST + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {}", one_line(&e.to_string())))?;
    if bytes.len() as u64 > MAX_MANIFEST {
        return Err(format!("larger than a manifest ({MAX_MANIFEST} bytes at most): not read"));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text: not read".to_string())
}

/// A relative path with `/` separators.
fn slashed(p: &Path) -> String {
    let parts: Vec<String> = p
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

fn problem(p: Problem) -> Folder {
    Folder { problem: Some(p), ..Folder::default() }
}

fn one_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_string()
}
