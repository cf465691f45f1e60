//! The document store: the open documents, each with its text, version and current analysis.
//!
//! A change is applied whole or not at all, and a change older than the stored version is
//! ignored: with one message handled at a time, edits can never be reordered.

use std::collections::HashMap;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::convert::{self, Encoding};
use crate::analysis::facts::Facts;
use crate::analysis::{analyze, Analysis};
use crate::catalogue::Catalogue;

/// One open document: its text (as a rope and as a string), version and analysis.
pub struct Document {
    pub rope: Rope,
    pub text: String,
    pub version: i32,
    /// The analysis of this version, with the text and the catalogue (built-in, extended
    /// by a `stack-catalogue.toml` beside the file) it was built from.
    pub analysis: Arc<Analysis>,
    /// Which analysis this is (unique in the session): the `resultId` of pulled diagnostics.
    pub generation: u64,
    /// What the repository's manifests say for the folders this document names, kept across
    /// edits: typing in the stack file re-reads no manifest (`None`: not read, or to be read
    /// again).
    pub facts: Option<Arc<Facts>>,
}

/// The open documents by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
    /// The last analysis generation handed out.
    generation: u64,
}

impl Documents {
    /// Opens (or reopens) a document; it is not analysed yet.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let empty = analyze("", &Catalogue::builtin_arc());
        let doc = Document {
            rope: Rope::from_str(&text),
            text,
            version,
            analysis: Arc::new(empty),
            generation: 0,
            facts: None,
        };
        self.open.insert(uri, doc);
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    /// Every open document's URI.
    pub fn uris(&self) -> Vec<Uri> {
        self.open.keys().cloned().collect()
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    /// Applies the changes that make `version` of a document. Returns why nothing was
    /// applied: the document is not open, or `version` is not newer than the stored one.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) -> Result<(), String> {
        let Some(doc) = self.open.get_mut(uri) else {
            return Err(format!("didChange for a document that is not open: {}", uri.as_str()));
        };
        if version <= doc.version {
            return Err(format!("ignored a stale change (version {version}, have {})", doc.version));
        }
        let mut rope = doc.rope.clone();
        for change in changes {
            match change.range {
                Some(range) => convert::apply(&mut rope, range, &change.text, enc),
                None => rope = Rope::from_str(&change.text),
            }
        }
        // The document is replaced whole, so a panic above leaves the old version intact.
        doc.text = rope.to_string();
        doc.rope = rope;
        doc.version = version;
        Ok(())
    }

    /// Stores the analysis of a document's current text under a new generation; the previous
    /// one is freed (in the background when large).
    pub fn analysed(&mut self, uri: &Uri, analysis: Analysis) -> Option<&Document> {
        let doc = self.open.get_mut(uri)?;
        doc.facts = analysis.facts.clone();
        let previous = std::mem::replace(&mut doc.analysis, Arc::new(analysis));
        crate::background::drop_analysis(previous, doc.text.len());
        self.generation += 1;
        doc.generation = self.generation;
        Some(doc)
    }

    /// The repository's manifests changed: every document's are read again at its next
    /// analysis.
    pub fn forget_facts(&mut self) {
        for doc in self.open.values_mut() {
            doc.facts = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn edit(line: u32, from: u32, to: u32, text: &str) -> TextDocumentContentChangeEvent {
        let range = Range::new(Position::new(line, from), Position::new(line, to));
        TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: text.into() }
    }

    #[test]
    fn changes_apply_in_order_and_an_older_version_is_ignored() {
        let uri: Uri = "file:///stack.toml".parse().unwrap();
        let mut documents = Documents::default();
        assert!(documents.change(&uri, 2, vec![], Encoding::Utf16).unwrap_err().contains("not open"));

        documents.open(uri.clone(), "language = \"go\"\n".into(), 1);
        documents.change(&uri, 2, vec![edit(0, 12, 14, "rust"), edit(0, 0, 0, "# ")], Encoding::Utf16).unwrap();
        let doc = documents.get(&uri).unwrap();
        assert_eq!((doc.text.as_str(), doc.version), ("# language = \"rust\"\n", 2));
        assert_eq!(doc.rope.to_string(), doc.text);

        // A change older than the stored version, or of the same version, changes nothing.
        for stale in [1, 2] {
            let why = documents.change(&uri, stale, vec![edit(0, 0, 2, "")], Encoding::Utf16).unwrap_err();
            assert!(why.contains("stale"), "{why}");
        }
        assert_eq!(documents.get(&uri).unwrap().text, "# language = \"rust\"\n");

        // A whole-text change replaces it.
        let whole = TextDocumentContentChangeEvent { range: None, range_length: None, text: "x = 1\n".into() };
        documents.change(&uri, 5, vec![whole], Encoding::Utf16).unwrap();
        assert_eq!(documents.get(&uri).unwrap().text, "x = 1\n");
        assert!(documents.close(&uri).is_some() && documents.get(&uri).is_none());
    }

    #[test]
    fn each_analysis_gets_a_new_generation_and_keeps_its_facts() {
        let (a, b): (Uri, Uri) = ("file:///a/stack.toml".parse().unwrap(), "file:///b/stack.toml".parse().unwrap());
        let mut documents = Documents::default();
        documents.open(a.clone(), String::new(), 1);
        documents.open(b.clone(), String::new(), 1);
        let catalogue = Catalogue::builtin_arc();
        let facts = Arc::new(Facts::default());
        let analysis = Analysis { facts: Some(facts.clone()), ..analyze("", &catalogue) };
        assert_eq!(documents.analysed(&a, analysis).unwrap().generation, 1);
        assert_eq!(documents.analysed(&b, analyze("", &catalogue)).unwrap().generation, 2);
        assert!(documents.get(&a).unwrap().facts.as_ref().is_some_and(|f| Arc::ptr_eq(f, &facts)));
        documents.forget_facts();
        assert!(documents.get(&a).unwrap().facts.is_none());
        assert!(documents.analysed(&"file:///c".parse().unwrap(), analyze("", &catalogue)).is_none());
    }
}
