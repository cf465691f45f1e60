//! User catalogues: the `stack-catalogue.toml` beside a stack file and the files editor
//! settings name, loaded, stamped for change and cached by folder ([`Cache`], for
//! `crate::workspace`), and read for go-to-definition (cached in `lsp/catalogues.rs`). The
//! analysis core never does IO.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Diagnostic, Finding, Rule, Severity, Span};
use crate::catalogue::{Catalogue, CatalogueError};

/// The user catalogue's file name, looked up beside the stack file.
pub const USER_CATALOGUE: &str = "stack-catalogue.toml";

/// One user catalogue file and what is wrong with it.
#[derive(Debug, Clone)]
pub struct CatalogueFile {
    pub path: PathBuf,
    pub text: String,
    /// Findings on the file itself.
    pub findings: Vec<Diagnostic>,
}

/// The catalogue a stack file is checked against, when user files extend the built-in one.
#[derive(Debug, Clone)]
pub struct UserCatalogue {
    /// The built-in catalogue extended by the usable files (the built-in alone if none is).
    pub catalogue: Arc<Catalogue>,
    /// Every file, in the order applied (later ones override earlier ones).
    pub files: Vec<CatalogueFile>,
}

/// The files that extend the catalogue for a stack file in `dir`: `extra` (from editor
/// settings) in order, then `dir/stack-catalogue.toml`.
fn catalogue_paths(dir: &Path, extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = extra.to_vec();
    let beside = dir.join(USER_CATALOGUE);
    if beside.is_file() {
        paths.push(beside.strip_prefix(".").map(Path::to_path_buf).unwrap_or(beside));
    }
    paths
}

/// Loads the user catalogues for a stack file in `dir`; `None` when there are none.
pub fn user_catalogue(dir: &Path, extra: &[PathBuf]) -> Option<UserCatalogue> {
    let paths = catalogue_paths(dir, extra);
    if paths.is_empty() {
        return None;
    }
    let mut files: Vec<CatalogueFile> = Vec::new();
    let mut usable: Vec<(String, usize)> = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => {
                usable.push((name, files.len()));
                files.push(CatalogueFile { path, text, findings: Vec::new() });
            }
            Ok(Err(_)) | Err(_) => {
                let message = format!("cannot read {name} as UTF-8 text; it is left out of the catalogue");
                let finding = Finding::new(Span::default(), Rule::Syntax, message, Vec::new()).at(Severity::Error);
                files.push(CatalogueFile { path, text: String::new(), findings: vec![finding] });
            }
        }
    }
    let inputs: Vec<(&str, &str)> = usable.iter().map(|(name, i)| (name.as_str(), files[*i].text.as_str())).collect();
    let (catalogue, errors) = Catalogue::with_user_files(&inputs);
    for (name, i) in &usable {
        let mine: Vec<CatalogueError> = errors.iter().filter(|e| &e.file == name).cloned().collect();
        files[*i].findings = catalogue_findings(&files[*i].text, &mine);
    }
    Some(UserCatalogue { catalogue: Arc::new(catalogue), files })
}

/// The user catalogue of each folder, as last read: read again when one of its files changes
/// (modification time or size, checked at each use).
#[derive(Default)]
pub struct Cache {
    /// Extra catalogue files (editor settings), applied before each folder's own.
    extra: Vec<PathBuf>,
    folders: HashMap<PathBuf, (CatalogueStamp, Arc<Catalogue>)>,
}

impl Cache {
    /// Uses `extra` before each folder's `stack-catalogue.toml`; everything is read again.
    pub fn set_extra(&mut self, extra: Vec<PathBuf>) {
        self.extra = extra;
        self.forget();
    }

    /// Drops everything cached: the next use reads the files again.
    pub fn forget(&mut self) {
        self.folders.clear();
    }

    /// The catalogue for a stack file in `dir`: the built-in one, extended by the extra
    /// files and the `stack-catalogue.toml` in `dir`. When the files were read for this call
    /// (first use of the folder, or a file changed), they come back too, each with its own
    /// findings (an empty list: the folder has none now); `None` when nothing changed.
    pub fn get(&mut self, dir: &Path) -> (Arc<Catalogue>, Option<Vec<CatalogueFile>>) {
        // Stamped before reading: a change while reading is seen at the next use.
        let stamp = catalogue_stamp(dir, &self.extra);
        if let Some((cached, catalogue)) = self.folders.get(dir) {
            if *cached == stamp {
                return (catalogue.clone(), None);
            }
        }
        let (catalogue, files) = match user_catalogue(dir, &self.extra) {
            Some(loaded) => (loaded.catalogue, loaded.files),
            None => (Catalogue::builtin_arc(), Vec::new()),
        };
        self.folders.insert(dir.to_path_buf(), (stamp, catalogue.clone()));
        (catalogue, Some(files))
    }
}

/// Catalogue problems as findings on the catalogue file: TOML errors are `syntax`, content
/// errors `invalid-value`.
pub fn catalogue_findings(text: &str, errors: &[CatalogueError]) -> Vec<Diagnostic> {
    let first_line = Span::new(0, text.find(['\n', '\r']).unwrap_or(text.len()));
    let mut out: Vec<Diagnostic> = errors
        .iter()
        .map(|e| {
            let span = match &e.span {
                Some(r)
                    if r.start <= r.end
                        && r.end <= text.len()
                        && text.is_char_boundary(r.start)
                        && text.is_char_boundary(r.end) =>
                {
                    Span::new(r.start, r.end)
                }
                _ => first_line,
            };
            let rule = if e.syntax { Rule::Syntax } else { Rule::InvalidValue };
            Finding::new(span, rule, format!("user catalogue: {}", e.message), Vec::new()).at(Severity::Error)
        })
        .collect();
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

/// What identifies a version of one file: its modification time and size.
pub type FileStamp = (Option<std::time::SystemTime>, u64);

pub fn file_stamp(path: &Path) -> FileStamp {
    let meta = std::fs::metadata(path).ok();
    (meta.as_ref().and_then(|m| m.modified().ok()), meta.map_or(0, |m| m.len()))
}

/// What identifies a version of the user catalogues for a stack file in `dir`: each file's
/// path, modification time and size.
type CatalogueStamp = Vec<(PathBuf, Option<std::time::SystemTime>, u64)>;

fn catalogue_stamp(dir: &Path, extra: &[PathBuf]) -> CatalogueStamp {
    catalogue_paths(dir, extra)
        .into_iter()
        .map(|p| {
            let (modified, len) = file_stamp(&p);
            (p, modified, len)
        })
        .collect()
}

/// Where a technology is defined (its `defined_in`), when that is a user catalogue file: the
/// file and the byte range of the entry's `id` in it. `None` for built-in entries.
pub fn definition_site((file, span): &(String, std::ops::Range<usize>)) -> Option<(PathBuf, std::ops::Range<usize>)> {
    if Catalogue::builtin_files().iter().any(|(name, _)| name == file) {
        return None;
    }
    Some((PathBuf::from(file), span.clone()))
}

/// A catalogue file's text, to show a definition in it; `None` when it cannot be read as
/// UTF-8 text.
pub fn read_text(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}
