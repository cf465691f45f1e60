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

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of its own below the system's temporary folder, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("stackls-workspace-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }

        fn write(&self, name: &str, text: &str) {
            let path = self.0.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const FLASK: &str = "[stack]\nlanguage = \"python\"\nframework = \"flask\"\n";
    const ACME: &str =
        "[[technology]]\nid = \"acmelang\"\nname = \"AcmeLang\"\nkind = \"language\"\nsummary = \"Ours.\"\n";

    fn codes(analysis: &Analysis) -> Vec<&str> {
        analysis.diagnostics.iter().map(|d| d.rule.code()).collect()
    }

    #[test]
    fn a_folders_user_catalogue_is_read_once_until_it_changes() {
        let dir = Scratch::new("catalogue");
        dir.write(user_catalogue::USER_CATALOGUE, "[[technology]\n");
        let mut files = FileAnalyser::new(false);
        let text = "[stack]\nlanguage = \"acmelang\"\n";
        let file = StackFile { text, dir: Some(&dir.0), kept: None };
        let config = Config::default();

        // Read the first time, with the broken file's own findings; the built-in catalogue
        // still checks the stack file.
        let first = files.analyse(file, &config);
        let read = first.catalogue_files.expect("read the first time the folder is seen");
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].findings.iter().map(|d| d.rule.code()).collect::<Vec<_>>(), ["syntax"]);
        assert_eq!(codes(&first.analysis), ["not-in-catalogue"]);

        // Unchanged: served from the cache, nothing to show again.
        assert!(files.analyse(file, &config).catalogue_files.is_none());

        // Repaired on disk (another size): read again, without findings, and in use.
        dir.write(user_catalogue::USER_CATALOGUE, ACME);
        let repaired = files.analyse(file, &config);
        let read = repaired.catalogue_files.expect("read again after a change");
        assert!(read[0].findings.is_empty());
        assert!(codes(&repaired.analysis).is_empty(), "acmelang is known now");

        // A watcher's change drops the cache.
        files.forget([]);
        assert!(files.analyse(file, &config).catalogue_files.is_some());
    }

    #[test]
    fn manifests_are_read_again_only_when_the_file_names_other_folders() {
        let dir = Scratch::new("facts");
        dir.write("requirements.txt", "flask==3.0.0\n");
        dir.write("api/requirements.txt", "django==5.0\n");
        let mut files = FileAnalyser::new(true);
        let config = Config::default();
        let analyse = |files: &mut FileAnalyser, text: &str, kept: Option<&Arc<Facts>>| {
            files.analyse(StackFile { text, dir: Some(&dir.0), kept }, &config).analysis.facts
        };

        let first = analyse(&mut files, FLASK, None).expect("the stack file's folder is read");
        assert_eq!(first.folders.keys().collect::<Vec<_>>(), ["."]);

        // An edit that names the same folders reuses what was read.
        let edited = format!("{FLASK}database = \"postgresql\"\n");
        let kept = analyse(&mut files, &edited, Some(&first)).unwrap();
        assert!(Arc::ptr_eq(&first, &kept));

        // Other folders: read again.
        let services = "[services.web]\npath = \".\"\nlanguage = \"python\"\n\n[services.api]\npath = \"api\"\nlanguage = \"python\"\n";
        let again = analyse(&mut files, services, Some(&first)).unwrap();
        let mut folders: Vec<&String> = again.folders.keys().collect();
        folders.sort();
        assert_eq!(folders, [".", "api"]);

        // No folder named (two services without `path`): nothing is read.
        let pathless = "[services.web]\nlanguage = \"python\"\n\n[services.api]\nlanguage = \"python\"\n";
        assert!(analyse(&mut files, pathless, Some(&first)).is_none());
    }

    #[test]
    fn without_detection_or_a_folder_nothing_is_read() {
        let dir = Scratch::new("nothing");
        dir.write("requirements.txt", "django==5.0\n");
        dir.write(user_catalogue::USER_CATALOGUE, ACME);
        let config = Config::default();

        let undetected =
            FileAnalyser::new(false).analyse(StackFile { text: FLASK, dir: Some(&dir.0), kept: None }, &config);
        assert!(undetected.analysis.facts.is_none());
        assert!(!codes(&undetected.analysis).contains(&"drift"));

        // Not a file on disk: the built-in catalogue, no catalogue files, no manifests.
        let untitled = FileAnalyser::new(true).analyse(StackFile { text: FLASK, dir: None, kept: None }, &config);
        assert!(untitled.catalogue_files.is_none());
        assert!(untitled.analysis.facts.is_none());
        assert!(untitled.analysis.catalogue.by_id("acmelang").is_none());

        // The same file on disk is checked against its manifests (they say Django).
        let detected =
            FileAnalyser::new(true).analyse(StackFile { text: FLASK, dir: Some(&dir.0), kept: None }, &config);
        assert!(codes(&detected.analysis).contains(&"drift"), "{:?}", codes(&detected.analysis));
        assert!(detected.analysis.catalogue.by_id("acmelang").is_some());
    }
}
