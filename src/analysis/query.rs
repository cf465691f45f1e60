//! "What is at this offset": the cursor query shared by hover and completion.
//!
//! Tables and entries are in document order, so finding the one under the cursor is a
//! binary search, not a scan of the document.

use super::syntax::{Entry, Key, Span, Table, Tree, Value, ValueKind};

#[derive(Debug, Clone)]
pub enum Target<'t> {
    /// Segment `index` of a table header.
    Header { table: &'t Table, index: usize },
    /// A key; `path` is the full path up to and including it.
    Key { path: Vec<&'t str>, key: &'t Key },
    /// A value, or the array item under the cursor; `path` is the key path of the entry.
    Value { path: Vec<&'t str>, value: &'t Value, item: Option<&'t Value> },
    /// Inside an array (or inline table) but on none of its items.
    Inside { path: Vec<&'t str>, value: &'t Value },
    /// After a key's `=` with no value yet (`framework = ` and the cursor on that line);
    /// `path` is the key path of the entry.
    Pending { path: Vec<&'t str> },
}

/// The table whose body holds `offset` (`None`: before the first header).
pub fn table_at(tree: &Tree, offset: usize) -> Option<&Table> {
    let i = tree.tables.partition_point(|t| t.header.start <= offset);
    i.checked_sub(1).map(|i| &tree.tables[i])
}

/// The entry (of a list in document order) whose span touches `offset`.
fn entry_at(entries: &[Entry], offset: usize) -> Option<&Entry> {
    let i = entries.partition_point(|e| e.span.start <= offset);
    let e = &entries[i.checked_sub(1)?];
    e.span.touches(offset).then_some(e)
}

/// The entry of `entries` whose `=` the cursor follows on the same line, with no value yet.
fn pending_at<'t>(entries: &'t [Entry], text: &str, offset: usize) -> Option<&'t Entry> {
    let i = entries.partition_point(|e| e.span.start <= offset);
    let e = &entries[i.checked_sub(1)?];
    let eq = e.eq?;
    let gap = text.get(eq.end..offset)?;
    (e.value.is_none() && !gap.contains(['\n', '\r'])).then_some(e)
}

pub fn locate<'t>(tree: &'t Tree, text: &str, offset: usize) -> Option<Target<'t>> {
    let table = table_at(tree, offset);
    let (mut path, entries): (Vec<&str>, &[Entry]) = match table {
        Some(t) => {
            if t.header.touches(offset) {
                let index = t.keys.iter().position(|k| k.span.touches(offset)).or(if t.keys.is_empty() {
                    None
                } else {
                    Some(t.keys.len() - 1)
                })?;
                return Some(Target::Header { table: t, index });
            }
            (t.keys.iter().map(|k| k.text.as_str()).collect(), &t.entries)
        }
        None => (Vec::new(), &tree.root),
    };
    let mut entries = entries;
    loop {
        if let Some(e) = pending_at(entries, text, offset) {
            path.extend(e.keys.iter().map(|k| k.text.as_str()));
            return Some(Target::Pending { path });
        }
        let entry = entry_at(entries, offset)?;
        for key in &entry.keys {
            path.push(&key.text);
            if key.span.touches(offset) {
                return Some(Target::Key { path, key });
            }
        }
        let value = entry.value.as_ref()?;
        if !value.span.touches(offset) {
            return None;
        }
        match &value.kind {
            ValueKind::InlineTable(inner) => {
                if entry_at(inner, offset).is_none() && pending_at(inner, text, offset).is_none() {
                    return Some(Target::Inside { path, value });
                }
                entries = inner;
            }
            ValueKind::Array(items) => {
                let strictly_inside = offset > value.span.start;
                let item = items.iter().find(|i| i.span.touches(offset));
                // Inside an inline table item (an `allow` entry): its keys continue the path.
                if let Some(Value { kind: ValueKind::InlineTable(inner), span }) = item {
                    if offset > span.start && offset < span.end {
                        if entry_at(inner, offset).is_none() {
                            return Some(Target::Inside { path, value: item? });
                        }
                        entries = inner;
                        continue;
                    }
                }
                return Some(match item {
                    Some(item) => Target::Value { path, value, item: Some(item) },
                    None if strictly_inside => Target::Inside { path, value },
                    None => Target::Value { path, value, item: None },
                });
            }
            _ => return Some(Target::Value { path, value, item: None }),
        }
    }
}

/// The span of the line holding `offset`, without its line break.
pub fn line_at(text: &str, offset: usize) -> Span {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);
    Span::new(start, end)
}

/// Rounds `offset` down to a character boundary inside `text`.
pub fn floor_char(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
