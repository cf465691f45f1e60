//! The document outline: `[project]`, `[stack]`, each service (with what it runs) and
//! `[lint]`, with their keys.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::model::TechRef;
use super::service::Service;
use super::syntax::{Key, Span, Tree, ValueKind};
use crate::catalogue::Catalogue;

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
    /// One line beside the name: what a service (or `[stack]`) runs.
    pub detail: Option<String>,
    pub children: Vec<Symbol>,
}

/// The outline being built, with an index of its named nodes so that finding a table or a
/// service again is constant time (a document may have tens of thousands of services).
struct Outline<'t> {
    roots: Vec<Symbol>,
    /// (parent: `None` for a top-level table, else its index in `roots`; name) -> index.
    index: FxHashMap<(Option<usize>, &'t str), usize>,
}

impl<'t> Outline<'t> {
    /// The node `name` under `parent`, created or widened to cover `span`.
    fn child(&mut self, parent: Option<usize>, name: &'t str, kind: SymbolKind, key: Span, span: Span) -> usize {
        let list = match parent {
            None => &mut self.roots,
            Some(p) => &mut self.roots[p].children,
        };
        match self.index.entry((parent, name)) {
            Entry::Occupied(at) => {
                let s = &mut list[*at.get()];
                s.span = Span::new(s.span.start.min(span.start), s.span.end.max(span.end));
                *at.get()
            }
            Entry::Vacant(at) => {
                list.push(Symbol {
                    name: name.to_string(),
                    kind,
                    span,
                    selection: key,
                    detail: None,
                    children: Vec::new(),
                });
                *at.insert(list.len() - 1)
            }
        }
    }

    /// Adds the node for `path` (a top-level table, then a service under `services`). Keys
    /// with an empty name (`[services.]` while typing) make no symbol: LSP requires a name.
    fn node(&mut self, path: &[&'t Key], span: Span) -> Option<&mut Symbol> {
        let first = path.first().filter(|k| !k.text.is_empty())?;
        let top = self.child(None, &first.text, SymbolKind::Table, first.span, span);
        if first.text == "services" {
            if let Some(name) = path.get(1).filter(|k| !k.text.is_empty()) {
                let service = self.child(Some(top), &name.text, SymbolKind::Service, name.span, span);
                return Some(&mut self.roots[top].children[service]);
            }
        }
        Some(&mut self.roots[top])
    }

    fn add_entry(&mut self, prefix: &mut Vec<&'t Key>, entry: &'t super::syntax::Entry) {
        let base = prefix.len();
        prefix.extend(entry.keys.iter());
        match &entry.value {
            Some(v) if matches!(v.kind, ValueKind::InlineTable(_)) => {
                self.node(prefix, entry.span);
                if let ValueKind::InlineTable(inner) = &v.kind {
                    for e in inner {
                        self.add_entry(prefix, e);
                    }
                }
            }
            _ => {
                // The leaf belongs to the table node of its path's prefix.
                let split = if prefix.first().is_some_and(|k| k.text == "services") { 2 } else { 1 };
                if prefix.len() > split && prefix.iter().all(|k| !k.text.is_empty()) {
                    let leaf = &prefix[split..];
                    let name = leaf.iter().map(|k| k.text.as_str()).collect::<Vec<_>>().join(".");
                    let key = Span::new(leaf[0].span.start, leaf[leaf.len() - 1].span.end);
                    if let Some(parent) = self.node(&prefix[..split], entry.span) {
                        parent.children.push(Symbol {
                            name,
                            kind: SymbolKind::Key,
                            span: entry.span,
                            selection: key,
                            detail: None,
                            children: Vec::new(),
                        });
                    }
                }
            }
        }
        prefix.truncate(base);
    }
}

pub(super) fn symbols(tree: &Tree) -> Vec<Symbol> {
    let mut outline = Outline { roots: Vec::new(), index: FxHashMap::default() };
    let mut prefix: Vec<&Key> = Vec::new();
    for entry in &tree.root {
        outline.add_entry(&mut prefix, entry);
    }
    for table in &tree.tables {
        prefix.clear();
        prefix.extend(table.keys.iter());
        if let Some(n) = outline.node(&prefix, table.span) {
            // A header names the table: select the last key of the header.
            if let Some(last) = table.keys.iter().rev().find(|k| !k.text.is_empty()) {
                n.selection = last.span;
            }
        }
        for entry in &table.entries {
            outline.add_entry(&mut prefix, entry);
        }
    }
    outline.roots
}

/// One line about what a service runs, for the outline: "Flask · Python (implied) ·
/// MongoDB · Nginx"; values inherited from `[stack]` count as the service's.
pub fn service_detail(catalogue: &Catalogue, s: &Service) -> Option<String> {
    let name = |r: TechRef| catalogue.tech(r.tech).name.as_str();
    let mut parts: Vec<String> = Vec::new();
    parts.extend(s.framework.map(|f| name(f).to_string()));
    match (s.language, s.implied_language()) {
        (Some(l), _) => parts.push(name(l).to_string()),
        (None, Some(l)) => parts.push(format!("{} (implied)", catalogue.tech(l).name)),
        _ => {}
    }
    if !s.databases.is_empty() {
        parts.push(s.databases.iter().map(|d| name(*d)).collect::<Vec<_>>().join(", "));
    }
    parts.extend(s.server.map(|r| name(r).to_string()));
    (!parts.is_empty()).then(|| parts.join(" · "))
}
