//! What the repository says, as plain data the front ends hand to the analysis: for each
//! service folder, the manifests read and the technologies they name, with evidence. The
//! core reads no file; `crate::detect` builds these.

use rustc_hash::FxHashMap;

use crate::catalogue::TechId;

/// The detections of a repository, by service folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// By folder relative to the stack file, normalised as `path` is (`services/api`, `.`).
    pub folders: FxHashMap<String, Folder>,
}

/// One folder's manifests and what they name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folder {
    /// The manifests read, relative to the stack file's folder, `/`-separated.
    pub manifests: Vec<String>,
    /// Each technology once, with its first (best) evidence.
    pub found: Vec<Found>,
    /// Databases the service only connects to (client libraries that nothing configures, in
    /// a tool that ships many: `crate::detect` explains the rule); not compared by `drift`.
    pub connects: Vec<Found>,
    /// Files skipped or unreadable, with why: shown by `init` and on hover, never fatal.
    pub notes: Vec<String>,
    /// Why the folder could not be read at all (missing, not a folder, a symlink leaving
    /// the repository).
    pub problem: Option<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Missing or not a folder: nothing to compare.
    Missing(String),
    /// It resolves outside the repository (through a symlink): never read.
    Outside(String),
}

/// A technology the manifests name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub tech: TechId,
    pub evidence: Evidence,
    /// The version the manifests pin, if exact (`2.3.2`): the technology's own version (a
    /// framework's package, a runtime, a database's image tag), never a client library's.
    pub pinned: Option<String>,
    /// Where it is pinned, when elsewhere than the evidence (a lock file).
    pub pinned_in: Option<Evidence>,
    /// Whether it was decided from the manifests' language alone (no package names it):
    /// weaker evidence, which contradicts nothing.
    pub implied: bool,
}

/// Where a detection comes from: `services/api/requirements.txt:3 (Flask==2.3.2)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Relative to the stack file's folder, `/`-separated.
    pub file: String,
    /// 1-based; 0 for a file or folder as a whole (a signal such as `src/main/kotlin`).
    pub line: u32,
    pub text: String,
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else if self.text.is_empty() {
            write!(f, "{}:{}", self.file, self.line)
        } else {
            write!(f, "{}:{} ({})", self.file, self.line, self.text)
        }
    }
}

impl Folder {
    pub fn get(&self, tech: TechId) -> Option<&Found> {
        self.found.iter().find(|f| f.tech == tech)
    }
}
