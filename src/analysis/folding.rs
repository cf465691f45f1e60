//! Folding ranges: each table and every array or inline table written over several lines.

use super::syntax::{Entry, Span, Tree, Value, ValueKind};

/// Regions an editor can fold: each table (its header to its last entry) and every array or
/// inline table written over several lines.
pub fn folding(tree: &Tree, text: &str) -> Vec<Span> {
    let multiline = |span: Span| text.get(span.start..span.end).is_some_and(|s| s.contains('\n'));
    let mut out = Vec::new();
    fn values(list: &[Entry], out: &mut Vec<Span>, multiline: &dyn Fn(Span) -> bool) {
        for e in list {
            if let Some(v) = &e.value {
                value(v, out, multiline);
            }
        }
    }
    fn value(v: &Value, out: &mut Vec<Span>, multiline: &dyn Fn(Span) -> bool) {
        match &v.kind {
            ValueKind::Array(items) => {
                if multiline(v.span) {
                    out.push(v.span);
                }
                items.iter().for_each(|i| value(i, out, multiline));
            }
            ValueKind::InlineTable(entries) => {
                if multiline(v.span) {
                    out.push(v.span);
                }
                values(entries, out, multiline);
            }
            _ => {}
        }
    }
    values(&tree.root, &mut out, &multiline);
    for t in &tree.tables {
        let end = t.entries.last().map_or(t.header.end, |e| e.span.end);
        let span = Span::new(t.header.start, end);
        if multiline(span) {
            out.push(span);
        }
        values(&t.entries, &mut out, &multiline);
    }
    out
}
