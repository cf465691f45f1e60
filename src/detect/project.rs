//! The repository's projects, as its team sees them: which folders are projects, what each is
//! (a service, a library, a test project, …), how they depend on each other, and what a
//! service runs once the libraries it uses and the compose files that build it are counted.
//! Pure: the files found by the walk (`scan.rs`) and the paths it saw in, a [`Graph`] out.
//!
//! **Projects.** A folder holding a manifest of a `project: true` format is a project. Files
//! of other formats (configuration, runtime pins, a `Procfile`), and container files in a
//! folder that holds no manifest of its own (`docker/Dockerfile`, `deploy/compose.yml`),
//! belong to the nearest project folder above them; where there is none, their folder stands
//! alone (and is a service only if something says so).
//!
//! **What a project is**, strongest first:
//! 1. a `test`, `bench`, `fuzz`, `example` or `docs` role its manifests give ([`What::Role`],
//!    or a package's role in `[[detect.role]]`);
//! 2. the last resort, by folder name (`[[detect.folder-role]]`: `tests/`, `*.Tests`,
//!    `benches/`, `fuzz/`, `examples/`, `docs/`);
//! 3. a front end (a `front-end` package role) without a server framework;
//! 4. a workspace root (members, and no package of its own) is none of the below: what
//!    deploys it (a Dockerfile, a compose `build:`) goes to its one service, if it has one;
//! 5. a service: a `service` role (a manifest's, a package's, a role file such as Cargo's
//!    `src/main.rs` from `[[detect.role-file]]`), an `entry` with a server framework or a
//!    host package, or deployed by a Dockerfile in its folder, a Procfile or a compose
//!    `build:` context naming it. A library with a binary in it that other (non-test)
//!    projects of the repository depend on, and that nothing deploys, is a library with a
//!    tool in it (`lemmy_utils`: `[lib]` and a `[[bin]]`);
//! 6. a `library` role; an `entry` alone is a tool;
//! 7. a project whose manifests say nothing of its role (ecosystems that do not tell) is a
//!    service when its manifests name a framework, or are a back-end language's, unless
//!    other projects depend on it.
//!
//! **The service's path** is the folder of its deployable project: a single application whose
//! project sits in a nested folder (`src/cartservice/src/cartservice.csproj` beside
//! `src/cartservice/tests/`) is that one folder, not one service per project.
//!
//! **What a service runs** ([`Graph::folder`]): its own files mapped as `detect::map` maps
//! them, plus the frameworks and databases of the libraries it depends on (transitively,
//! each once), with the library's evidence, plus the databases of the compose files that
//! build it. Compose files for CI and tests (`docker-compose.test.yml`, `*.ci.yml`, in `ci/`
//! or `test/` folders) are weak: they never add a database by themselves.

use rustc_hash::{FxHashMap, FxHashSet};

use super::manifest::{Dependency, Format, Scope, What};
use super::{map, Parsed};
use crate::analysis::facts::{Evidence, Folder, Found};
use crate::catalogue::{Catalogue, Kind as TechKind};

/// What a project is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Service,
    Test,
    Bench,
    Fuzz,
    Example,
    Docs,
    /// A desktop app's shell (Tauri, Electron).
    Desktop,
    Library,
    FrontEnd,
    /// Members and no package of its own (a virtual Cargo workspace, a solution).
    Workspace,
    /// An entry point without a server framework or host (a command-line tool).
    Tool,
    /// Nothing says it is anything (configuration alone, a manifest of no back-end language).
    Other,
}

impl Kind {
    /// How `init` counts what it left out: `36 test projects`.
    pub fn counted(self, n: usize) -> String {
        let (one, many) = match self {
            Kind::Service => ("service", "services"),
            Kind::Test => ("test project", "test projects"),
            Kind::Bench => ("benchmark", "benchmarks"),
            Kind::Fuzz => ("fuzz target", "fuzz targets"),
            Kind::Example => ("example", "examples"),
            Kind::Docs => ("documentation project", "documentation projects"),
            Kind::Desktop => ("desktop app", "desktop apps"),
            Kind::Library => ("library", "libraries"),
            Kind::FrontEnd => ("front end", "front ends"),
            Kind::Workspace => ("workspace root", "workspace roots"),
            Kind::Tool => ("tool without a server framework", "tools without a server framework"),
            Kind::Other => ("folder naming no back end", "folders naming no back end"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    fn of_role(role: &str) -> Option<Kind> {
        Some(match role {
            "test" => Kind::Test,
            "bench" => Kind::Bench,
            "fuzz" => Kind::Fuzz,
            "example" => Kind::Example,
            "docs" => Kind::Docs,
            "desktop" => Kind::Desktop,
            _ => return None,
        })
    }
}

/// One project folder.
#[derive(Debug, Clone)]
pub struct Node {
    /// Relative to the folder read, `/`-separated; `.` for itself.
    pub folder: String,
    /// Its manifests and the files that belong to it, sorted by path.
    pub files: Vec<Parsed>,
    pub kind: Kind,
    /// The projects it depends on at run time (indexes into [`Graph::nodes`]).
    pub locals: Vec<usize>,
    /// Compose files elsewhere whose `build:` context names it.
    pub built_by: Vec<Parsed>,
    /// The workspace root whose members include it.
    pub workspace: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    /// Every path the walk saw (files and folders), relative to the folder read: role files
    /// and signals are looked up here.
    entries: FxHashSet<String>,
    /// Each node's folder (`""` for the folder read) → its index in `nodes`.
    index: FxHashMap<String, usize>,
}

/// `a/b/c.txt` → `a/b`; `c.txt` → ``.
fn dir_of(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(d, _)| d)
}

fn shown(dir: &str) -> String {
    if dir.is_empty() {
        ".".to_string()
    } else {
        dir.to_string()
    }
}

fn internal(folder: &str) -> &str {
    if folder == "." {
        ""
    } else {
        folder
    }
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// `dir` joined with `rel`, `.` and `..` resolved; `None` when it climbs above the folder read.
fn normalise(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Whether a path names a file rather than a folder (a project file a `.sln` or a
/// `<ProjectReference>` names).
fn names_a_file(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    last.ends_with("proj") || last.ends_with(".toml") || last.ends_with(".json") || last.ends_with(".xml")
}

/// Whether a compose file is for CI or tests: weak evidence that adds no database.
fn weak_compose(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let in_folder = lower.split('/').rev().skip(1).any(|d| matches!(d, "ci" | "test" | "tests" | "e2e" | ".github"));
    in_folder || name.contains("test") || name.contains(".ci.") || name.contains("-ci.") || name.contains("_ci.")
}

fn is_key(p: &Parsed, key: &str) -> bool {
    p.format.key() == key
}

/// Whether the file makes its folder a project: a language's manifest, not configuration nor
/// container files.
fn makes_a_project(p: &Parsed) -> bool {
    p.format.info().project && p.format.ecosystem() != "docker"
}

/// The dependencies of a file as read (none when it could not be read).
fn deps(p: &Parsed) -> &[Dependency] {
    match &*p.result {
        Ok(d) => d,
        Err(_) => &[],
    }
}

/// Whether `folder` matches a member pattern (`crates/*`, `packages/**`): `*` is one folder
/// name or part of one, `**` any number of folders.
fn member_matches(pattern: &str, folder: &str) -> bool {
    fn go(p: &[&str], f: &[&str]) -> bool {
        match (p.first(), f.first()) {
            (None, None) => true,
            (Some(&"**"), _) => go(&p[1..], f) || (!f.is_empty() && go(p, &f[1..])),
            (Some(seg), Some(name)) => segment(seg, name) && go(&p[1..], &f[1..]),
            _ => false,
        }
    }
    fn segment(glob: &str, name: &str) -> bool {
        match glob.split_once('*') {
            None => glob == name,
            Some((head, tail)) => {
                name.len() >= head.len() + tail.len()
                    && name.starts_with(head)
                    && (tail.contains('*') || name.ends_with(tail))
            }
        }
    }
    let p: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    let f: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    go(&p, &f)
}

/// The nearest folder of `dirs` above `dir` (`""` for the folder read).
fn above<'a>(dirs: &FxHashSet<String>, dir: &'a str) -> Option<&'a str> {
    let mut at = dir;
    while let Some((parent, _)) = at.rsplit_once('/') {
        if dirs.contains(parent) {
            return Some(parent);
        }
        at = parent;
    }
    (!dir.is_empty() && dirs.contains("")).then_some("")
}

/// A Go module whose commands sit in service folders of their own (`app/catalog/service/
/// cmd/server/main.go`, `app/order/service/cmd/server/main.go`) deploys each as a service:
/// each such folder becomes a project, a member of the module (whose `go.mod` gives its
/// language and toolchain). Commands under the module's own `cmd/` stay the module's. Only
/// a module with two service folders or more is split. Returns (service folder, module).
fn go_commands(
    by_dir: &mut std::collections::BTreeMap<String, Vec<Parsed>>,
    project_dirs: &mut FxHashSet<String>,
) -> Vec<(String, String)> {
    let mut found: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (dir, fs) in by_dir.iter() {
        let main = fs.iter().any(|f| is_key(f, "go-main") && deps(f).iter().any(|d| d.what == What::Role));
        if !main || project_dirs.contains(dir) {
            continue;
        }
        let Some(module) = above(project_dirs, dir) else { continue };
        if !by_dir.get(module).is_some_and(|fs| fs.iter().any(|f| is_key(f, "go-mod"))) {
            continue;
        }
        let rel = if module.is_empty() { dir.as_str() } else { dir.get(module.len() + 1..).unwrap_or("") };
        let parts: Vec<&str> = rel.split('/').collect();
        let Some(k) = parts.iter().position(|p| *p == "cmd").filter(|&k| k > 0) else { continue };
        let prefix = parts[..k].join("/");
        let service = if module.is_empty() { prefix } else { format!("{module}/{prefix}") };
        let services = found.entry(module.to_string()).or_default();
        if !services.contains(&service) {
            services.push(service);
        }
    }
    let mut out = Vec::new();
    for (module, services) in found.into_iter().filter(|(_, s)| s.len() >= 2) {
        for service in services {
            project_dirs.insert(service.clone());
            by_dir.entry(service.clone()).or_default();
            out.push((service, module.clone()));
        }
    }
    out
}

impl Graph {
    /// The projects of `files` (every file the walk found, paths relative to the folder read),
    /// decided with the detection data; `entries`: every path the walk saw.
    pub fn resolve(catalogue: &Catalogue, files: Vec<Parsed>, entries: FxHashSet<String>) -> Graph {
        let mut by_dir: std::collections::BTreeMap<String, Vec<Parsed>> = Default::default();
        for f in files {
            by_dir.entry(dir_of(&f.file).to_string()).or_default().push(f);
        }
        let mut project_dirs: FxHashSet<String> =
            by_dir.iter().filter(|(_, fs)| fs.iter().any(makes_a_project)).map(|(d, _)| d.clone()).collect();
        // A part folder (`requirements/`) below a project is that project's, not one of its own.
        let parts: Vec<String> = project_dirs
            .iter()
            .filter(|d| {
                let name = d.rsplit('/').next().unwrap_or(d).to_lowercase();
                catalogue.detect.part_folders.contains(&name) && above(&project_dirs, d).is_some()
            })
            .cloned()
            .collect();
        for p in &parts {
            project_dirs.remove(p);
        }
        let modules = go_commands(&mut by_dir, &mut project_dirs);
        // Folders a compose `build:` names stand alone even with container files only.
        let mut built: FxHashSet<String> = FxHashSet::default();
        for (dir, fs) in &by_dir {
            for f in fs.iter().filter(|f| is_key(f, "compose") && !weak_compose(&f.file)) {
                for d in deps(f).iter().filter(|d| d.what == What::Build) {
                    built.extend(normalise(dir, &d.name));
                }
            }
        }
        let owner = |dir: &str| above(&project_dirs, dir).map(str::to_string);
        let mut nodes: Vec<Node> = Vec::new();
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut attached: Vec<(String, Vec<Parsed>)> = Vec::new();
        for (dir, fs) in by_dir {
            let alone = project_dirs.contains(&dir) || built.contains(&dir);
            match owner(&dir).filter(|_| !alone) {
                Some(o) => attached.push((o, fs)),
                None => {
                    index.insert(dir.clone(), nodes.len());
                    let node = Node {
                        folder: shown(&dir),
                        files: fs,
                        kind: Kind::Other,
                        locals: vec![],
                        built_by: vec![],
                        workspace: None,
                    };
                    nodes.push(node);
                }
            }
        }
        for (o, fs) in attached {
            if let Some(&i) = index.get(&o) {
                nodes[i].files.extend(fs);
            }
        }
        for n in &mut nodes {
            n.files.sort_by(|a, b| a.file.cmp(&b.file));
        }
        for (command, module) in &modules {
            if let (Some(&c), Some(&m)) = (index.get(command), index.get(module)) {
                nodes[c].workspace = Some(m);
            }
        }
        let mut graph = Graph { nodes, entries, index: FxHashMap::default() };
        graph.link(&index);
        graph.decide(catalogue, &index);
        graph.index = index;
        graph
    }

    /// The node whose folder is `folder` (`.` for the folder read).
    pub fn node(&self, folder: &str) -> Option<usize> {
        self.index.get(internal(folder)).copied()
    }

    /// The project that runs for node `i`: `i` itself, or, for a workspace root whose members
    /// hold exactly one service (a solution folder around its one web project), that service.
    pub fn serving(&self, i: usize) -> usize {
        let Some(node) = self.nodes.get(i).filter(|n| n.kind == Kind::Workspace) else { return i };
        let root = internal(&node.folder);
        let below = |f: &str| root.is_empty() || f.starts_with(&format!("{root}/"));
        let mut services =
            self.nodes.iter().enumerate().filter(|(_, n)| n.kind == Kind::Service && below(internal(&n.folder)));
        match (services.next(), services.next()) {
            (Some((only, _)), None) => only,
            _ => i,
        }
    }

    /// The node holding `dir`: the project folder itself, or the nearest above it.
    fn holding(index: &FxHashMap<String, usize>, dir: &str) -> Option<usize> {
        let mut at = dir;
        loop {
            if let Some(&i) = index.get(at) {
                return Some(i);
            }
            match at.rsplit_once('/') {
                Some((parent, _)) => at = parent,
                None if !at.is_empty() => at = "",
                None => return None,
            }
        }
    }

    /// Local dependencies and compose build contexts.
    fn link(&mut self, index: &FxHashMap<String, usize>) {
        let mut identities: FxHashMap<(&'static str, String), usize> = FxHashMap::default();
        for (i, n) in self.nodes.iter().enumerate() {
            for f in &n.files {
                for d in deps(f).iter().filter(|d| d.what == What::Identity) {
                    identities.entry((f.format.ecosystem(), d.name.to_lowercase())).or_insert(i);
                }
            }
        }
        let mut locals: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        let mut built_by: Vec<Vec<Parsed>> = vec![Vec::new(); self.nodes.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            for f in &n.files {
                let dir = dir_of(&f.file);
                let weak = is_key(f, "compose") && weak_compose(&f.file);
                for d in deps(f) {
                    let target = match d.what {
                        What::Local if d.scope == Scope::Runtime => self.local(index, &identities, f, dir, &d.name),
                        What::Package if d.scope == Scope::Runtime => {
                            identities.get(&(f.format.ecosystem(), d.name.to_lowercase())).copied()
                        }
                        What::Build if !weak => {
                            if let Some(t) = normalise(dir, &d.name).and_then(|p| Graph::holding(index, &p)) {
                                if !built_by[t].iter().any(|b| b.file == f.file) {
                                    built_by[t].push(f.clone());
                                }
                            }
                            continue;
                        }
                        _ => continue,
                    };
                    if let Some(t) = target.filter(|&t| t != i && !locals[i].contains(&t)) {
                        locals[i].push(t);
                    }
                }
            }
        }
        for (n, (l, b)) in self.nodes.iter_mut().zip(locals.into_iter().zip(built_by)) {
            n.locals = l;
            n.built_by = b;
        }
    }

    /// The project a [`What::Local`] names: a path (to a folder or a project file), a Gradle
    /// project path (`:libs:core`, from the nearest folder above with a settings file), or
    /// another project's name.
    fn local(
        &self,
        index: &FxHashMap<String, usize>,
        identities: &FxHashMap<(&'static str, String), usize>,
        f: &Parsed,
        dir: &str,
        name: &str,
    ) -> Option<usize> {
        if let Some(gradle) = name.strip_prefix(':') {
            // The settings file's names, as the format table gives them (literal names).
            let settings = Format::by_key("gradle-settings").map_or(&[][..], |f| f.info().globs);
            let mut at = Some(dir);
            while let Some(d) = at {
                if settings.iter().any(|s| self.entries.contains(&join(d, s))) {
                    let path = gradle.split(':').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("/");
                    return normalise(d, &path).and_then(|p| index.get(&p).copied());
                }
                at = if d.is_empty() { None } else { Some(dir_of(d)) };
            }
            return None;
        }
        if name.contains('/') || name.starts_with('.') || names_a_file(name) {
            let path = normalise(dir, name)?;
            return index.get(&path).copied().or_else(|| index.get(dir_of(&path)).copied());
        }
        identities.get(&(f.format.ecosystem(), name.to_lowercase())).copied()
    }

    /// Decides each node's [`Kind`] (see the module docs).
    fn decide(&mut self, catalogue: &Catalogue, index: &FxHashMap<String, usize>) {
        let rules = &catalogue.detect;
        let n = self.nodes.len();
        let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut deploys: Vec<bool> = vec![false; n];
        // A binary with a library in it (`[lib]` beside `src/main.rs`).
        let mut with_library: Vec<bool> = vec![false; n];
        for (i, node) in self.nodes.iter().enumerate() {
            for f in &node.files {
                for d in deps(f).iter().filter(|d| d.what == What::Member) {
                    let Some(pattern) = normalise(dir_of(&f.file), &d.name) else { continue };
                    let target = if pattern.contains('*') {
                        index.iter().filter(|(k, _)| member_matches(&pattern, k)).map(|(_, &v)| v).collect::<Vec<_>>()
                    } else if names_a_file(&pattern) {
                        index.get(dir_of(&pattern)).copied().into_iter().collect()
                    } else {
                        index.get(&pattern).copied().into_iter().collect()
                    };
                    members_of[i].extend(target.into_iter().filter(|&t| t != i));
                }
            }
        }
        // Members known before their manifests are read (a Go module's commands).
        for (m, node) in self.nodes.iter().enumerate() {
            if let Some(w) = node.workspace.filter(|w| !members_of[*w].contains(&m)) {
                members_of[w].push(m);
            }
        }
        for (i, members) in members_of.iter().enumerate() {
            for &m in members {
                self.nodes[m].workspace.get_or_insert(i);
            }
        }
        let mut kinds = vec![Kind::Other; n];
        let mut weak = vec![false; n];
        for i in 0..n {
            let node = &self.nodes[i];
            let dir = internal(&node.folder).to_string();
            let mut roles: Vec<&str> = Vec::new();
            // Roles that packages say only of a project with nothing else to it.
            let mut weak_roles: Vec<&str> = Vec::new();
            for f in node.files.iter().filter(|f| !(is_key(f, "compose") && weak_compose(&f.file))) {
                for d in deps(f) {
                    match d.what {
                        What::Role => roles.push(d.name.as_str()),
                        // A package's role (`[[detect.role]]`): at run time, or also in
                        // development where the data says so (a front end's bundled framework);
                        // only a project's own manifest references packages (central versions,
                        // `Directory.Packages.props`, do not).
                        What::Package | What::Plugin | What::Sdk if makes_a_project(f) => {
                            let rule = rules.role(f.format.ecosystem(), &d.name);
                            if let Some(r) =
                                rule.filter(|r| d.scope == Scope::Runtime || (r.dev && d.scope == Scope::Dev))
                            {
                                if r.weak {
                                    weak_roles.push(r.role.name());
                                } else {
                                    roles.push(r.role.name());
                                }
                            }
                        }
                        _ => {}
                    }
                }
                for r in rules.role_files.iter().filter(|r| r.format == f.format.key()) {
                    if self.entries.contains(&join(dir_of(&f.file), &r.path)) {
                        roles.push(r.role.as_str());
                    }
                }
            }
            if !weak_roles.is_empty() && !roles.contains(&"service") && !has_framework(catalogue, &node.files) {
                roles.append(&mut weak_roles);
            }
            let own_dockerfile = node.files.iter().any(|f| is_key(f, "dockerfile") && dir_of(&f.file) == dir);
            let any_dockerfile = node.files.iter().any(|f| is_key(f, "dockerfile"));
            let has_members = !members_of[i].is_empty();
            with_library[i] = roles.contains(&"library");
            // Members, and nothing of its own that serves: scripts over the members (a root
            // `start` script) or an image that builds them do not make it a service.
            let workspace_root = has_members
                && (roles.is_empty() || (!roles.contains(&"service") && !has_framework(catalogue, &node.files)));
            deploys[i] = own_dockerfile
                || !node.built_by.is_empty()
                || (!workspace_root && any_dockerfile)
                || node.files.iter().any(|f| is_key(f, "procfile") && deps(f).iter().any(|d| d.what == What::Role));
            let named = Kind::of_role;
            kinds[i] = if let Some(k) = ["test", "bench", "fuzz", "example", "docs", "desktop"]
                .iter()
                .find(|r| roles.contains(r))
                .and_then(|r| named(r))
            {
                k
            } else if let Some(k) = folder_role(rules, &dir) {
                k
            } else if workspace_root {
                Kind::Workspace
            } else {
                let framework = || has_framework(catalogue, &node.files);
                let host = roles.contains(&"host");
                if roles.contains(&"front-end") && !framework() {
                    Kind::FrontEnd
                } else if roles.contains(&"service")
                    || deploys[i]
                    || (roles.contains(&"entry") && (host || framework()))
                {
                    Kind::Service
                } else if roles.contains(&"library") {
                    Kind::Library
                } else if roles.contains(&"entry") {
                    Kind::Tool
                } else if roles.is_empty() && names_a_back_end(catalogue, &node.files) {
                    // Named by its manifests alone: a service unless the repository shows
                    // services by their own signals (then a language-only package is not one).
                    weak[i] = !framework();
                    Kind::Service
                } else {
                    Kind::Other
                }
            };
        }
        // Packages that only name a language (a `setup.py`, an empty `Pipfile`) beside
        // projects that are services by their own signals are not services.
        if (0..n).any(|i| kinds[i] == Kind::Service && !weak[i]) {
            for i in (0..n).filter(|&i| weak[i]) {
                kinds[i] = Kind::Other;
            }
        }
        // A project other projects use at run time, that nothing deploys, is a library.
        let mut used = vec![false; n];
        for (i, node) in self.nodes.iter().enumerate() {
            let user_counts = matches!(kinds[i], Kind::Service | Kind::Library | Kind::Tool | Kind::Other);
            for &l in node.locals.iter().filter(|_| user_counts) {
                used[l] = true;
            }
        }
        for i in 0..n {
            if kinds[i] == Kind::Service && used[i] && with_library[i] && !deploys[i] {
                kinds[i] = Kind::Library;
            }
        }
        // What deploys a workspace root goes to its one service.
        for i in 0..n {
            if kinds[i] != Kind::Workspace {
                continue;
            }
            let below = |j: &usize| {
                let f = internal(&self.nodes[*j].folder);
                let root = internal(&self.nodes[i].folder);
                root.is_empty() || f.starts_with(&format!("{root}/"))
            };
            let services: Vec<usize> = (0..n).filter(|j| kinds[*j] == Kind::Service && below(j)).collect();
            if let [only] = services[..] {
                let mut extra = self.nodes[i].built_by.clone();
                extra.extend(
                    self.nodes[i].files.iter().filter(|f| is_key(f, "compose") && !weak_compose(&f.file)).cloned(),
                );
                for b in extra {
                    if !self.nodes[only].built_by.iter().any(|x| x.file == b.file) {
                        self.nodes[only].built_by.push(b);
                    }
                }
            }
        }
        for (node, kind) in self.nodes.iter_mut().zip(kinds) {
            node.kind = kind;
        }
    }

    /// What the service (or any project) at `i` runs: its files mapped, with the frameworks
    /// and databases of the libraries it depends on and the databases of the compose files
    /// that build it.
    pub fn folder(&self, catalogue: &Catalogue, i: usize) -> Folder {
        let Some(node) = self.nodes.get(i) else { return Folder::default() };
        let mut folder = self.map_files(catalogue, &node.files);
        let adds = |folder: &mut Folder, from: Vec<Found>, kinds: &[TechKind]| {
            for f in from.into_iter().filter(|f| !f.implied && kinds.contains(&catalogue.tech(f.tech).kind)) {
                if folder.get(f.tech).is_none() {
                    folder.found.push(f);
                }
            }
        };
        let both = [TechKind::Framework, TechKind::Database];
        // What a project's own reading moved to `connects` (a connector's drivers) is not taken
        // back from its workspace root's versions (.NET's central `Directory.Packages.props`).
        let not_connected = |from: Vec<Found>, connects: &[Found]| -> Vec<Found> {
            from.into_iter().filter(|f| !connects.iter().any(|c| c.tech == f.tech)).collect()
        };
        let given = not_connected(self.given_by_workspace(catalogue, i), &folder.connects);
        adds(&mut folder, given, &both);
        // The libraries it reaches, each once, nearest first.
        let mut seen: FxHashSet<usize> = FxHashSet::from_iter([i]);
        let mut todo: std::collections::VecDeque<usize> = node.locals.iter().copied().collect();
        while let Some(l) = todo.pop_front() {
            if !seen.insert(l) {
                continue;
            }
            let Some(lib) = self.nodes.get(l) else { continue };
            if lib.kind == Kind::Service {
                continue;
            }
            let read = self.map_files(catalogue, &lib.files);
            adds(&mut folder, read.found, &both);
            adds(&mut folder, not_connected(self.given_by_workspace(catalogue, l), &read.connects), &both);
            for c in read.connects {
                if folder.get(c.tech).is_none() && !folder.connects.iter().any(|x| x.tech == c.tech) {
                    folder.connects.push(c);
                }
            }
            todo.extend(lib.locals.iter().copied());
        }
        for compose in node.built_by.iter().filter(|c| !node.files.iter().any(|f| f.file == c.file)) {
            adds(&mut folder, map(catalogue, std::slice::from_ref(compose), &[]).found, &[TechKind::Database]);
        }
        // A workspace root's pin (`rust-toolchain.toml`, `.nvmrc` beside the root manifest)
        // pins the language of a member that pins none itself.
        if let Some(root) = node.workspace.and_then(|w| self.nodes.get(w)) {
            let at_root = self.map_files(catalogue, &root.files);
            for f in folder.found.iter_mut().filter(|f| f.pinned.is_none()) {
                let pin = at_root.get(f.tech).filter(|p| p.pinned.is_some());
                if let Some(p) = pin.filter(|_| catalogue.tech(f.tech).kind == TechKind::Language) {
                    f.pinned = p.pinned.clone();
                    f.pinned_in = Some(p.pinned_in.clone().unwrap_or_else(|| p.evidence.clone()));
                }
            }
        }
        folder
    }

    /// What a workspace member takes from its root: a dependency the member declares by name
    /// (`diesel = { workspace = true }`) with the features the root gives it
    /// (`diesel = { features = ["postgres"] }` in `[workspace.dependencies]`), with the root's
    /// evidence.
    fn given_by_workspace(&self, catalogue: &Catalogue, i: usize) -> Vec<Found> {
        let Some(root) = self.nodes.get(i).and_then(|n| n.workspace).and_then(|w| self.nodes.get(w)) else {
            return Vec::new();
        };
        let declared =
            |ecosystem: &str, name: &str| {
                self.nodes[i].files.iter().filter(|f| f.format.ecosystem() == ecosystem).any(|f| {
                    deps(f).iter().any(|d| d.what == What::Package && d.scope == Scope::Runtime && d.name == name)
                })
            };
        let mut out = Vec::new();
        for f in &root.files {
            for d in deps(f).iter().filter(|d| d.what == What::Package && d.scope == Scope::Runtime) {
                let base = d.name.split('/').next().unwrap_or(&d.name);
                let Some(mapping) = catalogue.detect.package(f.format.ecosystem(), &d.name) else { continue };
                if declared(f.format.ecosystem(), base) {
                    let evidence = Evidence { file: f.file.clone(), line: d.line, text: d.text.clone() };
                    out.push(Found { tech: mapping.tech, evidence, pinned: None, pinned_in: None, implied: false });
                }
            }
        }
        out
    }

    /// `detect::map` over files, the weak compose files left out, with the signals found
    /// beside them.
    fn map_files(&self, catalogue: &Catalogue, files: &[Parsed]) -> Folder {
        let files: Vec<Parsed> =
            files.iter().filter(|f| !(is_key(f, "compose") && weak_compose(&f.file))).cloned().collect();
        let mut dirs: Vec<&str> = files.iter().map(|f| dir_of(&f.file)).collect();
        dirs.dedup();
        let mut signals = Vec::new();
        for d in dirs {
            for s in &catalogue.detect.signals {
                let path = join(d, &s.path);
                if self.entries.contains(&path) {
                    signals.push((s.path.clone(), path));
                }
            }
        }
        let mut folder = map(catalogue, &files, &signals);
        folder.manifests = files.iter().map(|f| f.file.clone()).collect();
        folder
    }
}

/// The last resort: the role the folder's name says (`[[detect.folder-role]]`).
fn folder_role(rules: &crate::catalogue::DetectRules, dir: &str) -> Option<Kind> {
    let lower = dir.to_lowercase();
    let parts: Vec<&str> = lower.split('/').filter(|p| !p.is_empty()).collect();
    let last = parts.last().copied().unwrap_or("");
    rules
        .folder_roles
        .iter()
        .find(|r| {
            parts.iter().any(|p| r.names.iter().any(|n| n == p))
                || r.suffixes.iter().any(|s| last.ends_with(s.as_str()))
        })
        .and_then(|r| Kind::of_role(&r.role))
}

/// Whether the files name a server framework.
fn has_framework(catalogue: &Catalogue, files: &[Parsed]) -> bool {
    map(catalogue, files, &[]).found.iter().any(|f| !f.implied && catalogue.tech(f.tech).kind == TechKind::Framework)
}

/// What `init` took for a service before projects said what they are: a framework, or the
/// manifests of a back-end language.
fn names_a_back_end(catalogue: &Catalogue, files: &[Parsed]) -> bool {
    let folder = map(catalogue, files, &[]);
    let has = |kind: TechKind| folder.found.iter().any(|f| catalogue.tech(f.tech).kind == kind && !f.implied);
    let language = folder.found.iter().any(|f| catalogue.tech(f.tech).kind == TechKind::Language);
    has(TechKind::Framework) || (language && files.iter().any(|f| super::names_a_back_end(catalogue, f.format)))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// The graph of synthetic files (path, text); `more`: other paths the walk saw.
    fn graph(files: &[(&str, &str)], more: &[&str]) -> Graph {
        let mut entries: FxHashSet<String> = more.iter().map(|p| p.to_string()).collect();
        let mut parsed = Vec::new();
        for (path, text) in files {
            let name = path.rsplit('/').next().unwrap_or(path);
            let format = Format::of(name).unwrap_or_else(|| panic!("{name} is no manifest"));
            entries.insert(path.to_string());
            parsed.push(Parsed { file: path.to_string(), format, result: Arc::new(format.parse(name, text)) });
        }
        Graph::resolve(Catalogue::builtin(), parsed, entries)
    }

    fn kinds(g: &Graph) -> Vec<(&str, Kind)> {
        g.nodes.iter().map(|n| (n.folder.as_str(), n.kind)).collect()
    }

    /// (technology id, evidence) of what the project at `folder` runs.
    fn runs(g: &Graph, folder: &str) -> Vec<(String, String)> {
        let catalogue = Catalogue::builtin();
        let i = g.node(folder).unwrap_or_else(|| panic!("no project at {folder}"));
        g.folder(catalogue, i)
            .found
            .iter()
            .map(|f| (catalogue.tech(f.tech).id.clone(), f.evidence.to_string()))
            .collect()
    }

    const WEB: &str = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n<ItemGroup>\n<ProjectReference Include=\"..\\Data\\Data.csproj\" />\n</ItemGroup>\n</Project>\n";
    const DATA: &str = "<Project Sdk=\"Microsoft.NET.Sdk\">\n<ItemGroup>\n<PackageReference Include=\"Npgsql\" Version=\"9.0.2\" />\n</ItemGroup>\n</Project>\n";
    const TESTS: &str = "<Project Sdk=\"Microsoft.NET.Sdk\">\n<ItemGroup>\n<PackageReference Include=\"xunit\" Version=\"2.9.3\" />\n<ProjectReference Include=\"../../src/Web/Web.csproj\" />\n</ItemGroup>\n</Project>\n";

    #[test]
    fn a_solution_has_one_service_using_its_library() {
        let sln = "Project(\"{FAE04EC0}\") = \"Web\", \"src\\Web\\Web.csproj\", \"{1}\"\nEndProject\n\
                   Project(\"{2150E333}\") = \"src\", \"src\", \"{2}\"\nEndProject\n";
        let g = graph(
            &[
                ("App.sln", sln),
                (
                    "Directory.Packages.props",
                    "<Project><ItemGroup><PackageVersion Include=\"xunit\" Version=\"2.9.3\" /></ItemGroup></Project>",
                ),
                ("src/Web/Web.csproj", WEB),
                ("src/Data/Data.csproj", DATA),
                ("tests/Web.Tests/Web.Tests.csproj", TESTS),
            ],
            &[],
        );
        assert_eq!(
            kinds(&g),
            [
                (".", Kind::Workspace),
                ("src/Data", Kind::Library),
                ("src/Web", Kind::Service),
                ("tests/Web.Tests", Kind::Test)
            ]
        );
        let web = runs(&g, "src/Web");
        assert!(web.iter().any(|(t, _)| t == "asp.net-core"), "{web:?}");
        assert!(
            web.contains(&(
                "postgresql".to_string(),
                "src/Data/Data.csproj:3 (<PackageReference Include=\"Npgsql\" Version=\"9.0.2\" />)".to_string()
            )),
            "{web:?}"
        );
        // The library alone runs no framework, and its own folder reads as itself.
        assert!(!runs(&g, "src/Data").iter().any(|(t, _)| t == "asp.net-core"));
    }

    #[test]
    fn a_cargo_workspace_binary_reaches_its_libraries_and_the_root_features() {
        let root = "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.dependencies]\ndiesel = { version = \"2.2\", features = [\"postgres\"] }\n";
        let g = graph(
            &[
                ("Cargo.toml", root),
                (
                    "crates/server/Cargo.toml",
                    "[package]\nname = \"server\"\n[dependencies]\napi = { path = \"../api\" }\n",
                ),
                (
                    "crates/api/Cargo.toml",
                    "[package]\nname = \"api\"\n[dependencies]\nactix-web = \"4\"\ndb.workspace = true\n",
                ),
                (
                    "crates/db/Cargo.toml",
                    "[package]\nname = \"db\"\n[dependencies]\ndiesel.workspace = true\napi = { path = \"../api\" }\n",
                ),
                ("crates/tool/Cargo.toml", "[package]\nname = \"tool\"\n[lib]\n[[bin]]\nname = \"t\"\n"),
                (
                    "crates/uses-tool/Cargo.toml",
                    "[package]\nname = \"uses-tool\"\n[dependencies]\ntool = { path = \"../tool\" }\n",
                ),
                ("crates/macros/Cargo.toml", "[package]\nname = \"macros\"\n[lib]\nproc-macro = true\n"),
                (
                    "fuzz/Cargo.toml",
                    "[package]\nname = \"f\"\n[package.metadata]\ncargo-fuzz = true\n[[bin]]\nname = \"x\"\n",
                ),
                ("examples/demo/Cargo.toml", "[package]\nname = \"demo\"\n"),
            ],
            &["crates/server/src/main.rs", "crates/api/src/lib.rs", "examples/demo/src/main.rs"],
        );
        assert_eq!(
            kinds(&g),
            [
                (".", Kind::Workspace),
                ("crates/api", Kind::Library),
                ("crates/db", Kind::Library),
                ("crates/macros", Kind::Library),
                ("crates/server", Kind::Service),
                ("crates/tool", Kind::Library),
                ("crates/uses-tool", Kind::Library),
                ("examples/demo", Kind::Example),
                ("fuzz", Kind::Fuzz),
            ]
        );
        let server = runs(&g, "crates/server");
        assert_eq!(
            server,
            [
                ("rust".to_string(), "crates/server/Cargo.toml".to_string()),
                ("actix-web".to_string(), "crates/api/Cargo.toml:4 (actix-web = \"4\")".to_string()),
                (
                    "postgresql".to_string(),
                    "Cargo.toml:5 (diesel = { version = \"2.2\", features = [\"postgres\"] })".to_string()
                ),
            ]
        );
    }

    #[test]
    fn files_without_a_project_of_their_own_belong_to_the_one_above() {
        let g = graph(
            &[
                ("go.mod", "module x\n\ngo 1.23\n"),
                ("docker/Dockerfile", "FROM golang:1.23\n"),
                ("deploy/docker-compose.yml", "services:\n  app:\n    build: ..\n  db:\n    image: postgres:16\n"),
                ("Procfile", "web: ./app\n"),
            ],
            &[],
        );
        assert_eq!(kinds(&g), [(".", Kind::Service)]);
        let files: Vec<&str> = g.nodes[0].files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(files, ["Procfile", "deploy/docker-compose.yml", "docker/Dockerfile", "go.mod"]);
        assert!(runs(&g, ".").iter().any(|(t, _)| t == "postgresql"));
    }

    #[test]
    fn compose_builds_attach_databases_and_weak_compose_files_add_none() {
        let g = graph(
            &[
                (
                    "deploy/compose.yml",
                    "services:\n  api:\n    build: ../api\n  web:\n    build: ../web\n  db:\n    image: postgres:16\n",
                ),
                ("docker-compose.test.yml", "services:\n  api:\n    build: ./api\n  m:\n    image: mongo:7\n"),
                ("api/requirements.txt", "requests==2.32.0\n"),
                ("web/package.json", "{\"dependencies\": {\"react-dom\": \"19\"}}"),
            ],
            &[],
        );
        assert_eq!(
            kinds(&g),
            [(".", Kind::Other), ("api", Kind::Service), ("deploy", Kind::Other), ("web", Kind::FrontEnd)]
        );
        let api = runs(&g, "api");
        assert!(api.iter().any(|(t, e)| t == "postgresql" && e.starts_with("deploy/compose.yml:7")), "{api:?}");
        assert!(!api.iter().any(|(t, _)| t == "mongodb"), "{api:?}");
    }

    #[test]
    fn a_nested_single_app_is_one_service_at_its_project() {
        let sln = "Project(\"{FAE04EC0}\") = \"cart\", \"src\\cart.csproj\", \"{1}\"\nEndProject\n\
                   Project(\"{FAE04EC0}\") = \"cart.tests\", \"tests\\cart.tests.csproj\", \"{2}\"\nEndProject\n";
        let g = graph(
            &[
                ("src/cart/cart.sln", sln),
                ("src/cart/src/cart.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>"),
                ("src/cart/src/Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:9.0\n"),
                ("src/cart/tests/cart.tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>"),
            ],
            &[],
        );
        assert_eq!(
            kinds(&g),
            [("src/cart", Kind::Workspace), ("src/cart/src", Kind::Service), ("src/cart/tests", Kind::Test)]
        );
    }

    /// Halo's shape: a Gradle `java-library` module holds the framework and the drivers, a
    /// `java-platform` BOM and `buildSrc` build logic sit beside the application module.
    #[test]
    fn gradle_libraries_boms_and_build_logic_are_no_services() {
        let g = graph(
            &[
                ("settings.gradle", "include 'api', 'application', 'platform'\n"),
                ("build.gradle", "plugins {\n    id 'java'\n}\n"),
                (
                    "api/build.gradle",
                    "plugins {\n    id 'java-library'\n}\ndependencies {\n    api 'org.springframework.boot:spring-boot-starter-webflux'\n    runtimeOnly 'io.r2dbc:r2dbc-h2'\n}\n",
                ),
                (
                    "application/build.gradle",
                    "plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.5.0'\n}\ndependencies {\n    implementation project(':api')\n}\n",
                ),
                ("platform/build.gradle", "plugins {\n    id 'java-platform'\n}\n"),
                ("buildSrc/build.gradle", "plugins {\n    id 'groovy-gradle-plugin'\n}\n"),
            ],
            &[],
        );
        assert_eq!(
            kinds(&g),
            [
                (".", Kind::Workspace),
                ("api", Kind::Library),
                ("application", Kind::Service),
                ("buildSrc", Kind::Library),
                ("platform", Kind::Library)
            ]
        );
        let app: Vec<String> = runs(&g, "application").into_iter().map(|(t, _)| t).collect();
        assert!(app.contains(&"spring-boot".to_string()) && app.contains(&"h2".to_string()), "{app:?}");
    }

    /// AWX's shape: a Django project at the root with its requirements in `requirements/`,
    /// beside packages that only name Python (a client's `setup.py`, an empty `Pipfile`).
    #[test]
    fn part_folders_belong_above_and_language_only_packages_beside_a_service_are_none() {
        let g = graph(
            &[
                ("pyproject.toml", "[tool.black]\nline-length = 160\n"),
                ("manage.py", "from django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n"),
                ("requirements/requirements.txt", "django==4.2.16\npsycopg==3.1.18\n"),
                ("awxkit/setup.py", "from setuptools import setup\nsetup(name='awxkit', install_requires=['requests'])\n"),
                ("awx/api/urls/Pipfile", ""),
            ],
            &[],
        );
        assert_eq!(kinds(&g), [(".", Kind::Service), ("awx/api/urls", Kind::Other), ("awxkit", Kind::Other)]);
        let root: Vec<String> = runs(&g, ".").into_iter().map(|(t, _)| t).collect();
        assert!(root.contains(&"django".to_string()) && root.contains(&"postgresql".to_string()), "{root:?}");
        // Alone, a package that names only its language is still the repository's service.
        let alone = graph(&[("requirements.txt", "requests==2.32.3\n")], &[]);
        assert_eq!(kinds(&alone), [(".", Kind::Service)]);
    }

    /// Hoppscotch's shape: a workspace root whose `start` script and image build its members,
    /// a Tauri shell that embeds axum for itself, and the one server in a member.
    #[test]
    fn a_workspace_root_with_scripts_and_a_desktop_shell_are_no_services() {
        let g = graph(
            &[
                (
                    "package.json",
                    r#"{"name": "app", "scripts": {"start": "http-server web/dist"}, "workspaces": ["./packages/*"]}"#,
                ),
                (
                    "packages/backend/package.json",
                    r#"{"name": "backend", "main": "dist/main.js", "dependencies": {"@nestjs/core": "11.1.0"}}"#,
                ),
                (
                    "packages/agent/src-tauri/Cargo.toml",
                    "[package]\nname = \"agent\"\n[dependencies]\ntauri = \"2\"\naxum = \"0.8\"\n",
                ),
            ],
            &["packages/agent/src-tauri/src/main.rs"],
        );
        assert_eq!(
            kinds(&g),
            [(".", Kind::Workspace), ("packages/agent/src-tauri", Kind::Desktop), ("packages/backend", Kind::Service)]
        );
        // The root reads as its one service (a `[stack]` file there is drift-checked against it).
        assert_eq!(g.nodes[g.serving(0)].folder, "packages/backend");
    }

    /// go-kratos/beer-shop's shape: one Go module, each service a folder with its own
    /// `cmd/server/main.go`; a command under the module's own `cmd/` stays the module's.
    #[test]
    fn a_go_modules_service_folders_are_its_services() {
        let main = "package main\n\nfunc main() {}\n";
        let g = graph(
            &[
                ("go.mod", "module shop\n\ngo 1.22.4\n\nrequire github.com/go-sql-driver/mysql v1.8.1\n"),
                ("app/cart/service/cmd/server/main.go", main),
                ("app/order/service/cmd/server/main.go", main),
            ],
            &["app/cart/service/internal/data/data.go"],
        );
        assert_eq!(
            kinds(&g),
            [(".", Kind::Workspace), ("app/cart/service", Kind::Service), ("app/order/service", Kind::Service)]
        );
        let catalogue = Catalogue::builtin();
        let cart = g.folder(catalogue, g.node("app/cart/service").expect("cart"));
        let go = cart.found.iter().find(|f| catalogue.tech(f.tech).id == "go").expect("go");
        assert_eq!(go.pinned.as_deref(), Some("1.22.4"));
        // One command folder alone is the module's, as before; so is a command under the
        // module's own `cmd/`.
        let one = graph(&[("go.mod", "module x\n\ngo 1.22\n"), ("app/a/cmd/server/main.go", main)], &[]);
        assert_eq!(kinds(&one), [(".", Kind::Service)]);
        let root =
            graph(&[("go.mod", "module x\n\ngo 1.22\n"), ("cmd/api/main.go", main), ("cmd/worker/main.go", main)], &[]);
        assert_eq!(kinds(&root), [(".", Kind::Service)]);
    }

    #[test]
    fn member_patterns_and_paths() {
        assert!(member_matches("crates/*", "crates/api"));
        assert!(!member_matches("crates/*", "crates/api/x"));
        assert!(member_matches("packages/**", "packages/a/b"));
        assert!(member_matches("apps/svc-*", "apps/svc-a"));
        assert!(!member_matches("apps/svc-*", "apps/web"));
        assert_eq!(normalise("a/b", "../c/./d"), Some("a/c/d".to_string()));
        assert_eq!(normalise("a", "../.."), None);
        assert!(weak_compose("ci/docker-compose.yml") && weak_compose("docker-compose.test.yml"));
        assert!(!weak_compose("deploy/docker-compose.yml"));
    }

    #[test]
    fn the_data_names_known_roles_and_formats() {
        assert_eq!(crate::catalogue::ROLE_NAMES, crate::detect::manifest::ROLES);
        for r in &Catalogue::builtin().detect.role_files {
            assert!(Format::by_key(&r.format).is_some(), "{}", r.format);
        }
    }
}
