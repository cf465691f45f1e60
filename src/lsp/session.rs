//! The session: what the server knows between messages (the client, the settings, the open
//! documents, what was read from disk) and what it does with it, kept out of the handlers:
//! applying settings, analysing a document, forgetting what changed on disk, where
//! go-to-definition leads.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{Diagnostic, FileEvent, GotoDefinitionResponse, LocationLink, Position, Range, Uri};

use super::capabilities::ClientSupport;
use super::catalogues::{CatalogueFindings, Catalogues};
use super::convert;
use super::documents::{Document, Documents};
use super::settings::Settings;
use super::to_proto;
use crate::analysis::Config;
use crate::workspace::{FileAnalyser, FileAnalysis, StackFile};

#[derive(Default)]
pub struct Session {
    /// What the client supports (from `initialize`).
    pub client: ClientSupport,
    /// Rule levels from the editor's settings (`initializationOptions`, then
    /// `workspace/configuration` or `didChangeConfiguration`).
    pub config: Config,
    /// The workspace root, for relative catalogue paths and the names shown in reports.
    pub root: Option<PathBuf>,
    /// `initializationOptions` carried the `stackls` section (VS Code's extension): the
    /// settings are not pulled again at `initialized`, only on a later change.
    pub settings_given: bool,
    pub documents: Documents,
    /// Findings published on user catalogue files, and the files go-to-definition opens.
    pub catalogues: Catalogues,
    /// Stack files on disk analysed as `stackls check` does: user catalogues (the settings'
    /// files, then `stack-catalogue.toml` beside each file) and manifests, cached.
    files: FileAnalyser,
}

/// What an analysis of a document has to publish.
pub struct Published {
    /// The document's diagnostics and the version they are for; `None` for a client that
    /// pulls them.
    pub diagnostics: Option<(Vec<Diagnostic>, i32)>,
    /// Diagnostics on user catalogue files read for this analysis.
    pub catalogues: CatalogueFindings,
}

impl Session {
    /// Applies the `stackls` settings section: rule levels and extra catalogue files (every
    /// catalogue is read again). Returns what was wrong with it, for the log.
    pub fn apply_settings(&mut self, settings: &Settings) -> Vec<String> {
        let applied = settings.apply(self.root.as_deref());
        self.config.editor = applied.levels;
        self.config.end_of_life_window = applied.end_of_life_window;
        self.files.set_extra_catalogues(applied.catalogues);
        self.catalogues.forget();
        applied.problems
    }

    /// Analyses the current text of `uri` (`None` when it is not open) and stores the result.
    pub fn analyse(&mut self, uri: &Uri) -> Option<Published> {
        let enc = self.client.encoding;
        let doc = self.documents.get(uri)?;
        let dir = uri.to_file_path().and_then(|p| p.parent().map(Path::to_path_buf));
        // Read the clock per analysis: a session can outlive an `until` date.
        let config = Config { today: Some(crate::clock::today()), ..self.config.clone() };
        let file = StackFile { text: &doc.text, dir: dir.as_deref(), kept: doc.facts.as_ref() };
        let FileAnalysis { analysis, catalogue_files } = self.files.analyse(file, &config);
        let catalogues = match (&dir, catalogue_files) {
            (Some(dir), Some(files)) => self.catalogues.publish(dir, &files, enc),
            _ => Vec::new(),
        };
        let doc = self.documents.analysed(uri, analysis)?;
        // A client that pulls asks for them; the others are sent them.
        let diagnostics = (!self.client.pull_diagnostics)
            .then(|| (to_proto::diagnostics(&doc.rope, &doc.analysis, enc), doc.version));
        Some(Published { diagnostics, catalogues })
    }

    /// Files changed on disk: user catalogues and the changed manifests are read again, and
    /// every document's detection is redone at its next analysis.
    pub fn files_changed(&mut self, changes: &[FileEvent]) {
        self.catalogues.forget();
        let paths: Vec<PathBuf> = changes.iter().filter_map(|c| c.uri.to_file_path()).map(|p| p.into_owned()).collect();
        self.files.forget(paths.iter().map(PathBuf::as_path));
        self.documents.forget_facts();
    }

    /// A document's file as the user knows it: relative to the workspace, else its name (its
    /// URI when it is not a file).
    pub fn display_name(&self, uri: &Uri) -> String {
        let path = uri.to_file_path();
        match (&path, &self.root) {
            (Some(p), Some(r)) if p.starts_with(r) => p.strip_prefix(r).map(|p| p.display().to_string()).ok(),
            (Some(p), _) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
            _ => None,
        }
        .unwrap_or_else(|| uri.as_str().to_string())
    }

    /// Where go-to-definition at `position` in `uri` leads (`None` when it is not open): the
    /// user catalogue entry of the technology there, else the manifest line it was detected
    /// on. Built-in entries have no file to open.
    pub fn definition(&mut self, uri: &Uri, position: Position) -> Option<Option<GotoDefinitionResponse>> {
        let doc = self.documents.get(uri)?;
        Some(definition(doc, uri, position, &mut self.catalogues, self.client.encoding))
    }
}

fn definition(
    doc: &Document,
    uri: &Uri,
    position: Position,
    catalogues: &mut Catalogues,
    enc: convert::Encoding,
) -> Option<GotoDefinitionResponse> {
    let offset = convert::offset(&doc.rope, position, enc);
    let (id, span) = doc.analysis.technology_at(offset)?;
    let origin = convert::range(&doc.rope, span, enc);
    let link = |target_uri: Uri, range: Range| {
        GotoDefinitionResponse::Link(vec![LocationLink {
            origin_selection_range: Some(origin),
            target_uri,
            target_range: range,
            target_selection_range: range,
        }])
    };
    if let Some(target) = catalogues.definition(&doc.analysis.catalogue.tech(id).defined_in) {
        return Some(link(target.uri, convert::range(&target.rope, target.span, enc)));
    }
    // Else the manifest line the technology was found on, if the repository was read.
    let evidence = doc.analysis.evidence_at(offset)?;
    let dir = uri.to_file_path()?.parent()?.to_path_buf();
    let target = Uri::from_file_path(dir.join(&evidence.file))?;
    Some(link(target, convert::line_start(evidence.line)))
}
