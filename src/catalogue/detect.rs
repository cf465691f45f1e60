//! Detection data (`data/detect.toml`): which manifest packages, images, runtime
//! requirements and files name which technology. Plain data; the walk and the mapping are
//! in `crate::detect`.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::TechId;

/// One mapping: names of one ecosystem → a technology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub tech: TechId,
    /// Technologies this one brings in itself, not reported beside it.
    pub hides: Vec<TechId>,
}

/// A file or folder whose presence changes the language (`src/main/kotlin` → Kotlin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// Relative to a folder holding a manifest.
    pub path: String,
    pub tech: TechId,
    /// The language it replaces, if any (`java`).
    pub replaces: Option<TechId>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectRules {
    /// Manifest format key (`requirements`, `pom-xml`) → language.
    pub languages: FxHashMap<String, TechId>,
    /// (ecosystem, normalised name) → mapping.
    pub packages: FxHashMap<(String, String), Mapping>,
    /// (ecosystem, normalised prefix, mapping): names that start with the prefix.
    pub prefixes: Vec<(String, String, Mapping)>,
    /// Normalised image repository → mapping.
    pub images: FxHashMap<String, Mapping>,
    /// Runtime requirement name (`python`, `node`) → language.
    pub runtimes: FxHashMap<String, TechId>,
    pub signals: Vec<Signal>,
}

/// A package name as compared: lower case; for PyPI, `-`, `_` and `.` alike (PEP 503).
pub fn normalise(ecosystem: &str, name: &str) -> String {
    let lower = name.trim().to_lowercase();
    if ecosystem == "pypi" {
        lower.replace(['_', '.'], "-")
    } else {
        lower
    }
}

impl DetectRules {
    pub fn package(&self, ecosystem: &str, name: &str) -> Option<&Mapping> {
        let name = normalise(ecosystem, name);
        self.packages.get(&(ecosystem.to_string(), name.clone())).or_else(|| {
            self.prefixes.iter().find(|(e, p, _)| e == ecosystem && name.starts_with(p.as_str())).map(|(_, _, m)| m)
        })
    }

    pub fn image(&self, repository: &str) -> Option<&Mapping> {
        self.images.get(&repository.trim().to_lowercase())
    }
}
