//! Code actions: the fixes of the findings in a range, narrowed to the diagnostics the client
//! names, and, for a technology the catalogue lacks, the edit that adds it to the user
//! catalogue beside the file.

use tower_lsp_server::ls_types::{CodeActionOrCommand, Diagnostic, Range, Uri};

use super::convert;
use super::documents::Document;
use super::session::Session;
use super::to_proto;

/// The code actions for `range` of `doc`, for the diagnostics the client asks about.
pub fn code_actions(
    doc: &Document,
    uri: &Uri,
    range: Range,
    asked: &[Diagnostic],
    session: &Session,
) -> Vec<CodeActionOrCommand> {
    let enc = session.client.encoding;
    let span = convert::span(&doc.rope, range, enc);
    let fixes = doc.analysis.fixes(span);
    // The client names the diagnostics it wants actions for; when they carry our data,
    // answer for exactly those findings (all findings in the range otherwise, or when
    // the data is from an older version and matches none).
    let wanted: Vec<(String, usize, usize)> = asked.iter().filter_map(to_proto::finding_of).collect();
    let is_wanted = |d: &crate::analysis::Diagnostic| {
        wanted.iter().any(|(rule, start, end)| rule == d.rule.code() && *start == d.span.start && *end == d.span.end)
    };
    let narrowed = !wanted.is_empty() && fixes.iter().any(|(d, _)| is_wanted(d));
    let mut actions: Vec<CodeActionOrCommand> = fixes
        .into_iter()
        .filter(|(d, _)| !narrowed || is_wanted(d))
        .map(|(d, fix)| to_proto::code_action(&doc.rope, uri, d, &fix, enc))
        .collect();
    // A technology the catalogue lacks: add it to the user catalogue beside the file.
    for (d, addition) in doc.analysis.additions(span).filter(|(d, _)| !narrowed || is_wanted(d)) {
        let Some(edit) = session.catalogues.addition_edit(uri, addition, session.client.create_files, enc) else {
            continue;
        };
        actions.insert(0, to_proto::addition_action(&doc.rope, d, addition, edit, enc));
    }
    actions
}
