//! The server's side of user catalogues: the findings published on catalogue files, the
//! catalogue files go-to-definition opens, and the edit that adds a technology.
//!
//! Which catalogue a document is checked against is `crate::workspace`'s (cached there by
//! folder); a definition's file is cached here by modification time and size, read again
//! when it changes (checked at each request). A watched file's change drops it.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CreateFile, CreateFileOptions, Diagnostic, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range as LspRange, ResourceOp, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use super::convert::{self, Encoding};
use super::to_proto;
use crate::analysis::Span;
use crate::user_catalogue::{self, CatalogueFile, FileStamp};

/// Diagnostics to publish on catalogue files (an empty list clears what was shown).
pub type CatalogueFindings = Vec<(Uri, Vec<Diagnostic>)>;

/// What the server shows of user catalogue files: the findings published on them, and their
/// texts for go-to-definition.
#[derive(Default)]
pub struct Catalogues {
    files: HashMap<PathBuf, CachedFile>,
    /// By folder, the catalogue files findings were published for: kept when the caches
    /// are dropped, so that findings fixed on disk are cleared on the next re-check.
    published: HashMap<PathBuf, Vec<Uri>>,
}

/// A catalogue file's text as last read for go-to-definition.
struct CachedFile {
    stamp: FileStamp,
    rope: Rope,
}

/// Where go-to-definition leads: a place in a catalogue file, as a byte span of its text.
pub struct Definition {
    pub uri: Uri,
    pub rope: Rope,
    pub span: Span,
}

impl Catalogues {
    /// Drops the definitions' files cached: the next request reads them again.
    pub fn forget(&mut self) {
        self.files.clear();
    }

    /// The diagnostics to publish for the user catalogue files of folder `dir`, just read
    /// (`crate::workspace`): each file's findings, and an empty list for a file that had
    /// findings and has none now (or is no longer used), which clears what was shown.
    pub fn publish(&mut self, dir: &Path, files: &[CatalogueFile], enc: Encoding) -> CatalogueFindings {
        let previously = self.published.get(dir).cloned().unwrap_or_default();
        let mut publish: CatalogueFindings = Vec::new();
        for file in files {
            let Some(file_uri) = Uri::from_file_path(&file.path) else { continue };
            let rope = Rope::from_str(&file.text);
            let findings = to_proto::diagnostic_list(&rope, &file.findings, enc);
            if !findings.is_empty() || previously.contains(&file_uri) {
                publish.push((file_uri, findings));
            }
        }
        // Files that had findings and are gone from the list now: clear them.
        for gone in previously {
            if !publish.iter().any(|(u, _)| *u == gone) {
                publish.push((gone, Vec::new()));
            }
        }
        let published = publish.iter().filter(|(_, f)| !f.is_empty()).map(|(u, _)| u.clone()).collect();
        self.published.insert(dir.to_path_buf(), published);
        publish
    }

    /// "Add `X` to stack-catalogue.toml": the edit that appends `addition` to the user
    /// catalogue beside the document, creating the file when it is missing (only for a
    /// client that can create files) and touching nothing else in it.
    pub fn addition_edit(
        &self,
        doc: &Uri,
        addition: &crate::analysis::Addition,
        create_files: bool,
        enc: Encoding,
    ) -> Option<WorkspaceEdit> {
        let dir = doc.to_file_path()?.parent()?.to_path_buf();
        let path = dir.join(user_catalogue::USER_CATALOGUE);
        let uri = Uri::from_file_path(&path)?;
        let entry = addition.toml();
        if path.exists() {
            let text = user_catalogue::read_text(&path)?;
            let rope = Rope::from_str(&text);
            let end = convert::position(&rope, text.len(), enc);
            let lead = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
            let edit = TextEdit { range: LspRange::new(end, end), new_text: format!("{lead}{entry}") };
            return Some(WorkspaceEdit { changes: Some(HashMap::from([(uri, vec![edit])])), ..Default::default() });
        }
        if !create_files {
            return None;
        }
        let start = Position::new(0, 0);
        let create = DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
            uri: uri.clone(),
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
            annotation_id: None,
        }));
        let write = DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![OneOf::Left(TextEdit {
                range: LspRange::new(start, start),
                new_text: entry.trim_start_matches('\n').to_string(),
            })],
        });
        Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![create, write])),
            ..Default::default()
        })
    }

    /// Where a technology defined at `defined_in` (its catalogue's `defined_in`) is, when
    /// that is a user catalogue file that can be read; `None` for built-in entries.
    pub fn definition(&mut self, defined_in: &(String, Range<usize>)) -> Option<Definition> {
        let (path, range) = user_catalogue::definition_site(defined_in)?;
        let uri = Uri::from_file_path(&path)?;
        // Stamped before reading: a change while reading is seen at the next request.
        let stamp = user_catalogue::file_stamp(&path);
        let rope = match self.files.get(&path) {
            Some(cached) if cached.stamp == stamp => cached.rope.clone(),
            _ => {
                let rope = Rope::from_str(&user_catalogue::read_text(&path)?);
                self.files.insert(path, CachedFile { stamp, rope: rope.clone() });
                rope
            }
        };
        let len = rope.len_bytes();
        let span = Span::new(range.start.min(len), range.end.min(len));
        Some(Definition { uri, rope, span })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_definition_is_read_once_until_its_file_changes() {
        let dir = std::env::temp_dir().join(format!("stackls-catalogues-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("team.toml");
        std::fs::write(&path, "[[technology]]\nid = \"go\"\n").unwrap();
        let defined_in = (path.display().to_string(), 20..24);
        let mut catalogues = Catalogues::default();

        let first = catalogues.definition(&defined_in).expect("a user file");
        assert_eq!(first.uri, Uri::from_file_path(&path).unwrap());
        assert_eq!((first.span.start, first.span.end), (20, 24));
        assert_eq!(catalogues.files.len(), 1);

        // Same stamp: served from the cache (a text the file does not have shows it).
        catalogues.files.get_mut(&path).unwrap().rope = Rope::from_str("cached");
        assert_eq!(catalogues.definition(&defined_in).unwrap().rope.to_string(), "cached");

        // Another size: read again, and the span clamped to the new text.
        std::fs::write(&path, "[[technology]]\n").unwrap();
        let again = catalogues.definition(&defined_in).unwrap();
        assert_eq!(again.rope.to_string(), "[[technology]]\n");
        assert_eq!((again.span.start, again.span.end), (15, 15));

        // Gone: no definition.
        std::fs::remove_file(&path).unwrap();
        assert!(catalogues.definition(&defined_in).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_builtin_entry_has_no_file_to_open() {
        let (name, _) = crate::catalogue::Catalogue::builtin_files()[0];
        assert!(Catalogues::default().definition(&(name.to_string(), 0..1)).is_none());
    }
}
