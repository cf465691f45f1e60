//! Files around a stack file: the user catalogue `stack-catalogue.toml` beside it. The only
//! module besides the front ends that reads files; the analysis core never does IO.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Diagnostic, Rule, Severity, Span};
use crate::catalogue::{Catalogue, CatalogueError};

/// The user catalogue's file name, looked up beside the stack file.
pub const USER_CATALOGUE: &str = "stack-catalogue.toml";

/// A user catalogue and what is wrong with it.
#[derive(Debug, Clone)]
pub struct UserCatalogue {
    pub path: PathBuf,
    pub text: String,
    /// The built-in catalogue extended by this file (the built-in alone if it is unusable).
    pub catalogue: Arc<Catalogue>,
    /// Findings on the catalogue file itself.
    pub findings: Vec<Diagnostic>,
}

/// Loads `dir/stack-catalogue.toml`, if there is one.
pub fn user_catalogue(dir: &Path) -> Option<UserCatalogue> {
    let path = dir.join(USER_CATALOGUE);
    if !path.is_file() {
        return None;
    }
    let path = path.strip_prefix(".").map(Path::to_path_buf).unwrap_or(path);
    let name = path.display().to_string();
    let text = match std::fs::read(&path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) | Err(_) => {
            let finding = Diagnostic {
                span: Span::default(),
                rule: Rule::Syntax,
                severity: Severity::Error,
                message: format!("cannot read {name} as UTF-8 text; the built-in catalogue is used"),
                fixes: Vec::new(),
                tech: None,
            };
            return Some(UserCatalogue {
                path,
                text: String::new(),
                catalogue: Catalogue::builtin_arc(),
                findings: vec![finding],
            });
        }
    };
    let (catalogue, errors) = Catalogue::with_user_files(&[(&name, &text)]);
    let findings = catalogue_findings(&text, &errors);
    Some(UserCatalogue { path, text, catalogue: Arc::new(catalogue), findings })
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
            Diagnostic {
                span,
                rule,
                severity: Severity::Error,
                message: format!("user catalogue: {}", e.message),
                fixes: Vec::new(),
                tech: None,
            }
        })
        .collect();
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

/// What identifies a version of the user catalogue beside a stack file: its modification
/// time and size, or `None` when there is none.
pub fn catalogue_stamp(dir: &Path) -> Option<(Option<std::time::SystemTime>, u64)> {
    let meta = std::fs::metadata(dir.join(USER_CATALOGUE)).ok()?;
    meta.is_file().then(|| (meta.modified().ok(), meta.len()))
}

/// Today's date (UTC), for `until` dates in suppressions.
pub fn today() -> crate::analysis::Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    crate::analysis::Date::from_unix_days((secs / 86_400) as i64)
}
