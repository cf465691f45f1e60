//! Completion of table headers, keys and values — also in incomplete documents
//! (`framework = ` with nothing after it, an unclosed string or array).

use super::query::{floor_char, line_at, locate, table_at, Target};
use std::borrow::Cow;

use super::rules::fit::{fit, tradeoffs};
use super::schema::{self, Place, TableKind, ValueType};
use super::service::Services;
use super::syntax::{Span, ValueKind};
use super::{Analysis, Edit, Rule};
use crate::catalogue::{Catalogue, Kind, TechId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Table,
    Key,
    Value,
    Technology,
    Rule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label.
    pub detail: String,
    /// Markdown shown when the item is selected.
    pub documentation: Option<String>,
    pub edit: Edit,
    /// Items sort by this, ascending (best fit first).
    pub sort_text: String,
    /// `edit.text` is an LSP snippet (`$1`, `${1:name}`); front ends without snippet support
    /// leave such items out.
    pub snippet: bool,
}

/// Where a value is being typed: its key path, the span to replace, and whether the
/// replacement sits inside quotes already.
struct ValueSite<'t> {
    path: Vec<&'t str>,
    replace: Span,
    quoted: bool,
    /// Values already in the array, to leave out.
    present: Vec<String>,
}

pub(super) fn complete(analysis: &Analysis, text: &str, catalogue: &Catalogue, offset: usize) -> Vec<CompletionItem> {
    let offset = floor_char(text, offset);
    let line = line_at(text, offset);
    let before = &text[line.start..offset];
    let trimmed = before.trim_start();

    match locate(&analysis.tree, text, offset) {
        Some(Target::Header { .. }) => return headers(analysis, text, line, offset),
        Some(Target::Key { path, key }) => {
            let table_path = &path[..path.len() - 1];
            return keys(analysis, table_path, key.span);
        }
        Some(Target::Value { path, value, item }) => {
            let v = item.unwrap_or(value);
            if matches!(v.kind, ValueKind::String(_)) {
                let raw = &text[v.span.start..v.span.end];
                let quoted = raw.starts_with(['"', '\'']);
                let replace = if quoted {
                    let open = raw.chars().next().unwrap_or('"');
                    let close = if raw.len() >= 2 && raw.ends_with(open) { v.span.end - 1 } else { v.span.end };
                    Span::new(v.span.start + 1, close.max(v.span.start + 1))
                } else {
                    v.span
                };
                if quoted && (offset <= v.span.start || offset > replace.end) {
                    return Vec::new();
                }
                // After `@`: the technology's release cycles.
                let typed = text.get(replace.start..offset.min(replace.end)).unwrap_or("");
                if let Some(at) = typed.rfind('@') {
                    let version = Span::new(replace.start + at + 1, replace.end);
                    return cycles(analysis, catalogue, &path, &typed[..at], version);
                }
                let present = array_values(value);
                return values(analysis, catalogue, ValueSite { path, replace, quoted, present });
            }
            return Vec::new();
        }
        Some(Target::Inside { path, value }) => {
            if matches!(value.kind, ValueKind::Array(_)) {
                let present = array_values(value);
                return values(
                    analysis,
                    catalogue,
                    ValueSite { path, replace: Span::new(offset, offset), quoted: false, present },
                );
            }
            // In an inline table, on no item: a key (an item with its `=` is `Pending`); keys
            // already in this inline table are not offered again.
            let written: Vec<&str> = match &value.kind {
                ValueKind::InlineTable(entries) => {
                    entries.iter().filter_map(|e| e.keys.first()).map(|k| k.text.as_str()).collect()
                }
                _ => Vec::new(),
            };
            let mut items = keys(analysis, &path, word_at(text, offset));
            items.retain(|i| !written.contains(&i.label.as_str()));
            return items;
        }
        Some(Target::Pending { path }) => {
            // `key = ` with nothing after it yet: its values.
            let site = ValueSite { path, replace: Span::new(offset, offset), quoted: false, present: Vec::new() };
            return values(analysis, catalogue, site);
        }
        None => {}
    }

    if trimmed.starts_with('[') {
        return headers(analysis, text, line, offset);
    }
    // A key (or a header) at the start of a line.
    let table: Vec<&str> =
        table_at(&analysis.tree, offset).map(|t| t.keys.iter().map(|k| k.text.as_str()).collect()).unwrap_or_default();
    let word = word_at(text, offset);
    let mut items = keys(analysis, &table, word);
    if before[..word.start - line.start].trim().is_empty() {
        items.extend(headers(analysis, text, line, offset).into_iter().map(|mut i| {
            // Outside brackets: insert the whole header.
            i.edit = Edit { span: word, text: format!("[{}]", i.edit.text) };
            i.label = format!("[{}]", i.label);
            i
        }));
    }
    items
}

/// The key-like word around `offset`.
fn word_at(text: &str, offset: usize) -> Span {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    let start = text[..offset].char_indices().rev().take_while(|(_, c)| is_word(*c)).last().map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, c)| offset + i + c.len_utf8());
    Span::new(start, end)
}

fn array_values(value: &super::syntax::Value) -> Vec<String> {
    match &value.kind {
        ValueKind::Array(items) => {
            items.iter().filter_map(|i| i.as_str()).map(|s| super::model::split_version(s).0.to_lowercase()).collect()
        }
        _ => Vec::new(),
    }
}

fn headers(analysis: &Analysis, text: &str, line: Span, offset: usize) -> Vec<CompletionItem> {
    // Replace what is between the brackets.
    let inner_start =
        text[line.start..offset].find(|c: char| c != '[' && !c.is_whitespace()).map_or(offset, |i| line.start + i);
    let inner_start = inner_start.min(offset);
    let line_text = &text[line.start..line.end];
    let close = line_text.find(']').map_or(line.end, |i| line.start + i).max(offset);
    let replace = Span::new(inner_start, close);
    let defined: Vec<String> = analysis
        .tree
        .tables
        .iter()
        .map(|t| t.keys.iter().map(|k| k.text.as_str()).collect::<Vec<_>>().join("."))
        .collect();
    let mut items = Vec::new();
    // On a fresh `[` line: a whole new service, its name and framework to fill in.
    if text[line.start..offset].trim() == "[" && text[offset..line.end].trim().trim_end_matches(']').is_empty() {
        items.push(CompletionItem {
            label: "services.NAME (new service)".into(),
            kind: CompletionKind::Table,
            detail: "a [services.NAME] table with its framework".into(),
            documentation: Some(TableKind::Service.doc().to_string()),
            edit: Edit {
                span: Span::new(line.start, line.end),
                text: "[services.${1:name}]\nframework = \"$2\"$0".into(),
            },
            sort_text: "a".into(),
            snippet: true,
        });
    }
    for (name, kind) in schema::TOP_LEVEL {
        let (label, insert) =
            if *kind == TableKind::Services { ("services.NAME", "services.") } else { (*name, *name) };
        if *kind != TableKind::Services && defined.iter().any(|d| d == name) {
            continue;
        }
        items.push(CompletionItem {
            label: label.to_string(),
            kind: CompletionKind::Table,
            detail: kind.header().to_string(),
            documentation: Some(kind.doc().to_string()),
            edit: Edit { span: replace, text: insert.to_string() },
            sort_text: format!("z{}", items.len()),
            snippet: false,
        });
    }
    items
}

fn keys(analysis: &Analysis, table_path: &[&str], replace: Span) -> Vec<CompletionItem> {
    let Some(table) = (if table_path.is_empty() { None } else { schema::keys_at(table_path) }) else {
        return Vec::new();
    };
    let present = present_keys(analysis, table_path);
    table
        .keys()
        .iter()
        .filter(|k| !present.iter().any(|p| p == k.name))
        .enumerate()
        .map(|(i, k)| CompletionItem {
            label: k.name.to_string(),
            kind: CompletionKind::Key,
            detail: table.header().to_string(),
            documentation: Some(k.doc.to_string()),
            edit: Edit { span: replace, text: k.name.to_string() },
            sort_text: format!("{i:02}"),
            snippet: false,
        })
        .collect()
}

/// Keys already set directly in the table at `path` (header tables and dotted keys).
fn present_keys(analysis: &Analysis, path: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (table, entry) in analysis.tree.all_entries() {
        let mut full: Vec<&str> = table.map(|t| t.keys.iter().map(|k| k.text.as_str()).collect()).unwrap_or_default();
        full.extend(entry.keys.iter().map(|k| k.text.as_str()));
        if full.len() == path.len() + 1 && full[..path.len()] == *path {
            out.push(full[path.len()].to_string());
        }
    }
    out
}

fn values(analysis: &Analysis, catalogue: &Catalogue, site: ValueSite) -> Vec<CompletionItem> {
    let Place::Key(table, key) = schema::resolve(&site.path) else { return Vec::new() };
    let quote = |id: &str| if site.quoted { id.to_string() } else { format!("\"{id}\"") };
    let edit = |id: &str| Edit { span: site.replace, text: quote(id) };
    match key.value {
        ValueType::Vocab(kind) | ValueType::VocabList(kind) => catalogue
            .vocabulary
            .terms(kind)
            .iter()
            .filter(|t| !site.present.contains(&t.id))
            .enumerate()
            .map(|(i, t)| CompletionItem {
                label: t.id.clone(),
                kind: CompletionKind::Value,
                detail: t.description.clone(),
                documentation: None,
                edit: edit(&t.id),
                sort_text: format!("{i:03}"),
                snippet: false,
            })
            .collect(),
        ValueType::Rules | ValueType::Rule => Rule::levelled_rules()
            .filter(|r| !site.present.iter().any(|p| p == r.code()))
            .enumerate()
            .map(|(i, r)| CompletionItem {
                label: r.code().to_string(),
                kind: CompletionKind::Rule,
                detail: r.info().summary.to_string(),
                documentation: None,
                edit: edit(r.code()),
                sort_text: format!("{i:03}"),
                snippet: false,
            })
            .collect(),
        ValueType::Tech { kind, .. } => technologies(analysis, catalogue, table, &site, kind, &edit),
        // `tech` in an `allow` entry: any technology, by id.
        ValueType::AnyTech => catalogue
            .technologies
            .iter()
            .enumerate()
            .map(|(i, t)| CompletionItem {
                label: t.id.clone(),
                kind: CompletionKind::Technology,
                detail: t.kind.noun().to_string(),
                documentation: Some(format!("**{}**\n\n{}", t.name, t.summary)),
                edit: edit(&t.id),
                sort_text: format!("{i:03}"),
                snippet: false,
            })
            .collect(),
        ValueType::Text | ValueType::Date | ValueType::Days | ValueType::Path => Vec::new(),
    }
}

/// The release cycles of `name` (a technology value before `@`), newest first, each with
/// its status on the analysis's date, replacing what is written after `@`.
fn cycles(analysis: &Analysis, catalogue: &Catalogue, path: &[&str], name: &str, version: Span) -> Vec<CompletionItem> {
    let Place::Key(_, key) = schema::resolve(path) else { return Vec::new() };
    if !matches!(key.value, ValueType::Tech { .. }) {
        return Vec::new();
    }
    let Some(tech) = catalogue.lookup(name) else { return Vec::new() };
    let Some(product) = catalogue.product_of(tech) else { return Vec::new() };
    let today = analysis.today;
    product
        .newest_first()
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let detail = match today {
                Some(t) => c.status(t),
                None => c.released.map_or_else(String::new, |r| format!("released {r}")),
            };
            let mut doc = format!("**{} {}**", catalogue.tech(tech).name, c.cycle);
            if let Some(label) = &c.label {
                doc.push_str(&format!(" ({label})"));
            }
            if let Some(latest) = &c.latest {
                doc.push_str(&format!("\n\nLatest release: {latest}"));
            }
            CompletionItem {
                label: c.cycle.clone(),
                kind: CompletionKind::Value,
                detail,
                documentation: Some(doc),
                edit: Edit { span: version, text: c.cycle.clone() },
                sort_text: format!("{i:04}"),
                snippet: false,
            }
        })
        .collect()
}

fn technologies(
    analysis: &Analysis,
    catalogue: &Catalogue,
    table: TableKind,
    site: &ValueSite,
    kind: Kind,
    edit: &dyn Fn(&str) -> Edit,
) -> Vec<CompletionItem> {
    let services = Services::new(&analysis.model, catalogue);
    let service = if matches!(table, TableKind::Service | TableKind::Stack) { services.at(&site.path) } else { None };
    let ctx = service.as_ref().map_or(Cow::Borrowed(&services.project), |s| services.context(s));
    // The declared language (the service's, or `[stack]`'s) filters frameworks.
    let language: Option<TechId> = service.as_ref().and_then(|s| s.language).map(|l| l.tech);
    let mut candidates: Vec<(TechId, &crate::catalogue::Technology)> = catalogue
        .of_kind(kind)
        .filter(|(id, _)| kind != Kind::Framework || language.is_none_or(|l| catalogue.runs_on(*id, l)))
        .filter(|(_, t)| !site.present.contains(&t.id))
        .collect();
    candidates.sort_by_key(|(_, t)| (fit(t, &ctx), t.id.clone()));
    candidates
        .into_iter()
        .enumerate()
        .map(|(rank, (_, t))| {
            let mut detail = match kind {
                Kind::Framework => {
                    let langs: Vec<&str> = t
                        .languages
                        .iter()
                        .map(|l| catalogue.by_id(l).map_or(l.as_str(), |x| x.name.as_str()))
                        .collect();
                    format!("{} framework", langs.join("/"))
                }
                Kind::Database => match &t.category {
                    Some(c) => format!("{c} database"),
                    None => "database".into(),
                },
                other => other.noun().to_string(),
            };
            let found = tradeoffs(t, &ctx);
            if let Some((claim, why)) = found.first() {
                detail.push_str(&format!(" — ⚠ tradeoff: {} ({})", claim.text, why.join("; ")));
            }
            CompletionItem {
                label: t.id.clone(),
                kind: CompletionKind::Technology,
                detail,
                documentation: Some(format!("**{}**\n\n{}", t.name, t.summary)),
                edit: edit(&t.id),
                sort_text: format!("{:02}{rank:03}", found.len()),
                snippet: false,
            }
        })
        .collect()
}
