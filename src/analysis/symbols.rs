//! The document outline: `[project]`, `[stack]`, each service and `[lint]`, with their keys.

use super::syntax::{Key, Span, Tree, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// A top-level table.
    Table,
    /// A `[services.NAME]` table.
    Service,
    /// A key with a value.
    Key,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// Everything the symbol covers.
    pub span: Span,
    /// Its name.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

fn child<'s>(list: &'s mut Vec<Symbol>, name: &str, kind: SymbolKind, key: Span, span: Span) -> &'s mut Symbol {
    match list.iter().position(|s| s.name == name) {
        Some(i) => {
            let s = &mut list[i];
            s.span = Span::new(s.span.start.min(span.start), s.span.end.max(span.end));
            s
        }
        None => {
            list.push(Symbol { name: name.to_string(), kind, span, selection: key, children: Vec::new() });
            let last = list.len() - 1;
            &mut list[last]
        }
    }
}

/// Adds the node for `path` (a top-level table, then a service under `services`). Keys with
/// an empty name (`[services.]` while typing) make no symbol: LSP requires a name.
fn node<'s>(roots: &'s mut Vec<Symbol>, path: &[&Key], span: Span) -> Option<&'s mut Symbol> {
    let first = path.first().filter(|k| !k.text.is_empty())?;
    let top = child(roots, &first.text, SymbolKind::Table, first.span, span);
    if first.text == "services" {
        if let Some(name) = path.get(1).filter(|k| !k.text.is_empty()) {
            return Some(child(&mut top.children, &name.text, SymbolKind::Service, name.span, span));
        }
    }
    Some(top)
}

fn add_entry<'t>(roots: &mut Vec<Symbol>, prefix: &mut Vec<&'t Key>, entry: &'t super::syntax::Entry) {
    let base = prefix.len();
    prefix.extend(entry.keys.iter());
    match &entry.value {
        Some(v) if matches!(v.kind, ValueKind::InlineTable(_)) => {
            node(roots, prefix, entry.span);
            if let ValueKind::InlineTable(inner) = &v.kind {
                for e in inner {
                    add_entry(roots, prefix, e);
                }
            }
        }
        _ => {
            // The leaf belongs to the table node of its path's prefix.
            let split = if prefix.first().is_some_and(|k| k.text == "services") { 2 } else { 1 };
            if prefix.len() > split && prefix.iter().all(|k| !k.text.is_empty()) {
                if let Some(parent) = node(roots, &prefix[..split], entry.span) {
                    let leaf = &prefix[split..];
                    let name = leaf.iter().map(|k| k.text.as_str()).collect::<Vec<_>>().join(".");
                    let key = Span::new(leaf[0].span.start, leaf[leaf.len() - 1].span.end);
                    parent.children.push(Symbol {
                        name,
                        kind: SymbolKind::Key,
                        span: entry.span,
                        selection: key,
                        children: Vec::new(),
                    });
                }
            }
        }
    }
    prefix.truncate(base);
}

pub(super) fn symbols(tree: &Tree) -> Vec<Symbol> {
    let mut roots = Vec::new();
    let mut prefix: Vec<&Key> = Vec::new();
    for entry in &tree.root {
        add_entry(&mut roots, &mut prefix, entry);
    }
    for table in &tree.tables {
        prefix.clear();
        prefix.extend(table.keys.iter());
        if let Some(n) = node(&mut roots, &prefix, table.span) {
            // A header names the table: select the last key of the header.
            if let Some(last) = table.keys.iter().rev().find(|k| !k.text.is_empty()) {
                n.selection = last.span;
            }
        }
        for entry in &table.entries {
            add_entry(&mut roots, &mut prefix, entry);
        }
    }
    roots
}
