//! The TOML rules the grammar cannot see: a key is defined once, a table is defined once,
//! dotted keys and `[headers]` do not redefine each other's tables, inline tables and static
//! arrays are closed, and `[[array]]` only extends an array of tables.
//!
//! One pass over the tree with one hash map of (table, key) edges, so linear in the document.
//! It follows the `toml` crate's document builder rule for rule; the property tests check that
//! the two agree on validity.

use std::hash::{Hash, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use super::syntax::{HeaderKind, Key, SyntaxError, Tree, Value, ValueKind};
use super::Span;

type NodeId = u32;

#[derive(Clone, Copy)]
enum Kind<'t> {
    Table {
        implicit: bool,
        dotted: bool,
        inline: bool,
    },
    ArrayOfTables {
        last: NodeId,
    },
    /// A value (16 bytes a node, where its type name took 24).
    Value(&'t Value),
}

/// Appends the semantic errors of `tree` to `errors`.
pub fn check(tree: &Tree, errors: &mut Vec<SyntaxError>) {
    // Sized up front: growing a map of every key in a large document costs more than filling it.
    let keys = tree.root.len() + tree.tables.iter().map(|t| t.keys.len() + t.entries.len()).sum::<usize>();
    let mut v = Validator { kinds: Vec::with_capacity(keys + 1), edges: Edges(HashTable::with_capacity(keys)), errors };
    let root = v.table(false, false, false);
    for entry in &tree.root {
        v.key_value(root, &entry.keys, entry.value.as_ref(), false);
    }
    for table in &tree.tables {
        let Some((last, path)) = table.keys.split_last() else { continue };
        let current = match table.kind {
            HeaderKind::Table => v.std_table(root, path, last, &table.keys),
            HeaderKind::ArrayOfTables => v.array_table(root, path, last, &table.keys),
        };
        // A header in error still gets its keys checked against each other.
        let current = current.unwrap_or_else(|| v.table(false, false, false));
        for entry in &table.entries {
            v.key_value(current, &entry.keys, entry.value.as_ref(), false);
        }
    }
}

/// One edge: the node `key` leads to from `parent`.
struct Edge<'t> {
    parent: NodeId,
    child: NodeId,
    key: &'t Key,
}

/// The (table, key) -> node map: 16 bytes an edge, where a map keyed by `(NodeId, &str)`
/// takes 32; a large document has one edge per key.
struct Edges<'t>(HashTable<Edge<'t>>);

fn edge_hash(parent: NodeId, key: &str) -> u64 {
    let mut h = FxHasher::default();
    parent.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}

impl<'t> Edges<'t> {
    fn get(&self, parent: NodeId, key: &Key) -> Option<NodeId> {
        let text = key.text.as_str();
        self.0.find(edge_hash(parent, text), |e| e.parent == parent && e.key.text == text).map(|e| e.child)
    }

    /// Adds an edge the caller found missing.
    fn insert(&mut self, parent: NodeId, key: &'t Key, child: NodeId) {
        let hash = edge_hash(parent, &key.text);
        self.0.insert_unique(hash, Edge { parent, child, key }, |e| edge_hash(e.parent, &e.key.text));
    }
}

struct Validator<'t, 'e> {
    kinds: Vec<Kind<'t>>,
    edges: Edges<'t>,
    errors: &'e mut Vec<SyntaxError>,
}

impl<'t> Validator<'t, '_> {
    fn node(&mut self, kind: Kind<'t>) -> NodeId {
        self.kinds.push(kind);
        (self.kinds.len() - 1) as NodeId
    }

    fn table(&mut self, implicit: bool, dotted: bool, inline: bool) -> NodeId {
        self.node(Kind::Table { implicit, dotted, inline })
    }

    fn error(&mut self, span: Span, message: String) {
        self.errors.push(SyntaxError { span, message });
    }

    /// `[path.last]`
    fn std_table(&mut self, root: NodeId, path: &'t [Key], last: &'t Key, all: &[Key]) -> Option<NodeId> {
        let parent = self.descend(root, path, false)?;
        match self.edges.get(parent, last) {
            None => {
                let node = self.table(false, false, false);
                self.edges.insert(parent, last, node);
                Some(node)
            }
            Some(node) => match &mut self.kinds[node as usize] {
                Kind::Table { implicit: implicit @ true, dotted: false, inline: false } => {
                    *implicit = false;
                    Some(node)
                }
                Kind::Table { inline: false, .. } => {
                    self.error(last.span, format!("table `{}` is defined twice", dotted_name(all)));
                    None
                }
                _ => {
                    self.error(
                        last.span,
                        format!("duplicate key: `{}` is already defined as a value", dotted_name(all)),
                    );
                    None
                }
            },
        }
    }

    /// `[[path.last]]`
    fn array_table(&mut self, root: NodeId, path: &'t [Key], last: &'t Key, all: &[Key]) -> Option<NodeId> {
        let parent = self.descend(root, path, false)?;
        let element = self.table(false, false, false);
        match self.edges.get(parent, last) {
            None => {
                let array = self.node(Kind::ArrayOfTables { last: element });
                self.edges.insert(parent, last, array);
                Some(element)
            }
            Some(node) => match &mut self.kinds[node as usize] {
                Kind::ArrayOfTables { last } => {
                    *last = element;
                    Some(element)
                }
                _ => {
                    let name = dotted_name(all);
                    self.error(
                        last.span,
                        format!("duplicate key: `{name}` is already defined, not as an array of tables"),
                    );
                    None
                }
            },
        }
    }

    /// Walks (creating) the tables of `path` below `table`. `dotted` for `a.b = …` key paths.
    fn descend(&mut self, mut table: NodeId, path: &'t [Key], dotted: bool) -> Option<NodeId> {
        for key in path {
            table = match self.edges.get(table, key) {
                None => {
                    let node = self.table(true, dotted, false);
                    self.edges.insert(table, key, node);
                    node
                }
                Some(node) => match &mut self.kinds[node as usize] {
                    Kind::ArrayOfTables { last } => *last,
                    Kind::Table { inline: true, .. } => {
                        self.error(key.span, "cannot extend an inline table: it is closed once written".into());
                        return None;
                    }
                    Kind::Table { implicit, dotted: was_dotted, .. } => {
                        if dotted && *implicit {
                            *was_dotted = true;
                        }
                        if dotted && !*implicit {
                            self.error(key.span, format!("duplicate key: `{}` is already a table", key.text));
                            return None;
                        }
                        node
                    }
                    Kind::Value(value) => {
                        let type_name = value.type_name();
                        let message = format!("cannot extend `{}`: it is {type_name}, not a table", key.text);
                        self.error(key.span, message);
                        return None;
                    }
                },
            };
        }
        Some(table)
    }

    /// The same walk inside an inline table: only tables made by its own dotted keys extend.
    fn descend_inline(&mut self, mut table: NodeId, path: &'t [Key]) -> Option<NodeId> {
        for key in path {
            table = match self.edges.get(table, key) {
                None => {
                    let node = self.table(true, true, true);
                    self.edges.insert(table, key, node);
                    node
                }
                Some(node) => match self.kinds[node as usize] {
                    Kind::Table { implicit: true, .. } => node,
                    Kind::Table { .. } | Kind::ArrayOfTables { .. } => {
                        self.error(key.span, format!("duplicate key: `{}` is already a table", key.text));
                        return None;
                    }
                    Kind::Value(value) => {
                        let type_name = value.type_name();
                        let message = format!("cannot extend `{}`: it is {type_name}, not a table", key.text);
                        self.error(key.span, message);
                        return None;
                    }
                },
            };
        }
        Some(table)
    }

    /// `a.b.c = value` in `table`.
    fn key_value(&mut self, table: NodeId, keys: &'t [Key], value: Option<&'t Value>, inline: bool) {
        // A key without a value is already a grammar error.
        let (Some(value), Some((last, path))) = (value, keys.split_last()) else { return };
        let parent =
            if inline { self.descend_inline(table, path) } else { self.descend(table, path, !path.is_empty()) };
        let Some(parent) = parent else { return };
        if !inline && !path.is_empty() {
            if let Kind::Table { implicit: false, .. } = self.kinds[parent as usize] {
                self.error(last.span, format!("duplicate key: `{}` is already a table", dotted_name(path)));
                return;
            }
        }
        if self.edges.get(parent, last).is_some() {
            self.error(last.span, format!("duplicate key `{}`", last.text));
            return;
        }
        let node = self.value(value);
        self.edges.insert(parent, last, node);
    }

    /// A node for a value, its inline tables checked inside.
    fn value(&mut self, value: &'t Value) -> NodeId {
        match &value.kind {
            ValueKind::InlineTable(entries) => {
                let node = self.table(false, false, true);
                for entry in entries {
                    self.key_value(node, &entry.keys, entry.value.as_ref(), true);
                }
                node
            }
            ValueKind::Array(items) => {
                for item in items {
                    self.value(item);
                }
                self.node(Kind::Value(value))
            }
            _ => self.node(Kind::Value(value)),
        }
    }
}

fn dotted_name(keys: &[Key]) -> String {
    let mut out = String::new();
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&key.text);
    }
    out
}
