//! One analysis of a stack file on disk, for both front ends (`stackls check` and `report`,
//! and the language server): the repository the file is in, the user catalogue beside it and
//! the manifests of the folders it names, read and cached here, then the pure analysis.
//!
//! This is a front-end layer: it reads files. The analysis core stays pure; it only calls
//! back ([`crate::analysis::Detect`]) once the file is lowered, so that the folders the file
//! names are read in the same analysis.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::facts::Facts;
use crate::analysis::{analyze_detecting, drift, syntax, Analysis, Config, Model};
use crate::detect::Scanner;
use crate::user_catalogue::{self, CatalogueFile};

/// A stack file to analyse.
#[derive(Debug, Clone, Copy)]
pub struct StackFile<'a> {
    pub text: &'a str,
    /// The folder the file is in: where its user catalogue and its repository are found.
    /// `None`: the text is not a file on disk (an untitled editor buffer); it is checked
    /// against the built-in catalogue and reads nothing.
    pub dir: Option<&'a Path>,
    /// What the manifests said at the previous analysis of the same file: used again while
    /// the file names the same folders, so an edit elsewhere in it reads no manifest.
    pub kept: Option<&'a Arc<Facts>>,
}

/// The analysis of a stack file, and the user catalogue files read for it.
pub struct FileAnalysis {
    pub analysis: Analysis,
    /// `Some` when the user catalogues beside the file were read for this analysis (the first
    /// time its folder is seen, or one of them changed): every file, each with its own
    /// findings, for the front end to show. `None` when the cached catalogue was used.
    pub catalogue_files: Option<Vec<CatalogueFile>>,
}

/// Analyses stack files on disk, keeping what can be reused from one analysis to the next:
/// the manifests read (by path, modification time and size) and each folder's user catalogue
/// (by its files' modification times and sizes).
#[derive(Default)]
pub struct FileAnalyser {
    scanner: Scanner,
    catalogues: user_catalogue::Cache,
    /// Leave the services' manifests unread (`stackls check --no-detect`): no `drift`.
    no_detect: bool,
}

impl FileAnalyser {
    /// An analyser that reads the services' manifests when `detect` is set.
    pub fn new(detect: bool) -> FileAnalyser {
        FileAnalyser { no_detect: !detect, ..FileAnalyser::default() }
    }

    /// Uses `extra` catalogue files (editor settings) before each folder's
    /// `stack-catalogue.toml`; every user catalogue is read again.
    pub fn set_extra_catalogues(&mut self, extra: Vec<PathBuf>) {
        self.catalogues.set_extra(extra);
    }

    /// Files changed on disk (a watcher said so): the user catalogues and these manifests are
    /// read again at the next analysis.
    pub fn forget<'p>(&mut self, changed: impl IntoIterator<Item = &'p Path>) {
        self.catalogues.forget();
        for path in changed {
            self.scanner.forget(path);
        }
    }

    /// Analyses `file` with `config` (whose `repo_depth` is set here, from the repository the
    /// file is in).
    pub fn analyse(&mut self, file: StackFile<'_>, config: &Config) -> FileAnalysis {
        // Parsed first: a front end may still be loading the built-in catalogue on a thread.
        let tree = syntax::parse_grammar(file.text);
        let Some(dir) = file.dir else {
            let catalogue = crate::catalogue::Catalogue::builtin_arc();
            let analysis = analyze_detecting(file.text, tree, &catalogue, config, None);
            return FileAnalysis { analysis, catalogue_files: None };
        };
        let (catalogue, catalogue_files) = self.catalogues.get(dir);
        // The repository the file belongs to: how far a service's `path` may climb with `..`,
        // and where detection may read.
        let (repo_root, repo_depth) = crate::detect::repository_root(dir);
        let config = Config { repo_depth, ..config.clone() };
        let scanner = &self.scanner;
        let detect = |model: &Model| -> Option<Arc<Facts>> {
            let wanted = drift::folders(model);
            if wanted.is_empty() {
                return None;
            }
            let same = file
                .kept
                .filter(|k| k.folders.len() == wanted.len() && wanted.iter().all(|w| k.folders.contains_key(w)));
            if let Some(kept) = same {
                return Some(kept.clone());
            }
            Some(Arc::new(crate::detect::facts(scanner, &catalogue, dir, &repo_root, &wanted)))
        };
        let detect: Option<crate::analysis::Detect<'_>> = if self.no_detect { None } else { Some(&detect) };
        let analysis = analyze_detecting(file.text, tree, &catalogue, &config, detect);
        FileAnalysis { analysis, catalogue_files }
    }
}
