//! `stackls schema`: a JSON Schema (draft 2020-12) of the stack-file format, with
//! descriptions and allowed values drawn from the format definition and the catalogue, for
//! taplo, tombi and other schema-aware editors.

use serde_json::{json, Map, Value};

use crate::analysis::schema::{KeyDoc, TableKind, ValueType, MAX_DAYS};
use crate::analysis::Rule;
use crate::catalogue::{Catalogue, Kind};

/// The `$id` of the schema, and where it is published in the repository.
pub const SCHEMA_FILE: &str = "schema/stack.schema.json";

fn tech_def(catalogue: &Catalogue, kind: Kind) -> Value {
    // Ids and aliases, each with what it is. Values are matched case-insensitively by
    // stackls; a schema cannot say that, so lower-case spellings are listed.
    let mut any = Vec::new();
    for (_, t) in catalogue.of_kind(kind) {
        any.push(json!({ "const": t.id, "title": t.name, "description": t.summary }));
        for alias in &t.aliases {
            any.push(
                json!({ "const": alias, "title": t.name, "description": format!("Alias of `{}` ({}).", t.id, t.name) }),
            );
        }
    }
    // The same names with a version after `@` (`django@4.2`, `postgresql@16`).
    let mut names: Vec<String> = Vec::new();
    for (_, t) in catalogue.of_kind(kind) {
        names.extend(std::iter::once(&t.id).chain(&t.aliases).map(|n| escape_regex(n)));
    }
    any.push(json!({
        "pattern": format!("^({})@[0-9][0-9A-Za-z-]*(\\.[0-9A-Za-z-]+)*$", names.join("|")),
        "description": "A catalogue id or alias with a version after `@`: a release cycle or a full version.",
    }));
    json!({ "type": "string", "description": format!("A {} from the stackls catalogue.", kind.noun()), "anyOf": any })
}

/// `name` with the characters a regular expression treats specially escaped.
fn escape_regex(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn vocab(catalogue: &Catalogue, kind: crate::catalogue::VocabKind) -> Value {
    let any: Vec<Value> = catalogue
        .vocabulary
        .terms(kind)
        .iter()
        .map(|t| json!({ "const": t.id, "description": t.description }))
        .collect();
    json!({ "type": "string", "anyOf": any })
}

fn key_schema(key: &KeyDoc) -> Value {
    let mut v = match key.value {
        ValueType::Text => json!({ "type": "string" }),
        ValueType::Vocab(k) => json!({ "$ref": format!("#/$defs/{}", k.key()) }),
        ValueType::VocabList(k) => {
            json!({ "type": "array", "uniqueItems": true, "items": { "$ref": format!("#/$defs/{}", k.key()) } })
        }
        ValueType::Tech { kind, list: false } => json!({ "$ref": format!("#/$defs/{}", kind.as_str()) }),
        ValueType::Tech { kind, list: true } => json!({
            "anyOf": [
                { "$ref": format!("#/$defs/{}", kind.as_str()) },
                { "type": "array", "items": { "$ref": format!("#/$defs/{}", kind.as_str()) } },
            ]
        }),
        ValueType::Rules if key.name == "allow" => json!({
            "type": "array",
            "items": { "anyOf": [{ "$ref": "#/$defs/rule" }, { "$ref": "#/$defs/allowEntry" }] },
        }),
        ValueType::Rules => json!({ "type": "array", "uniqueItems": true, "items": { "$ref": "#/$defs/rule" } }),
        ValueType::Rule => json!({ "$ref": "#/$defs/rule" }),
        ValueType::AnyTech => json!({ "type": "string" }),
        ValueType::Date => json!({ "type": "string", "format": "date" }),
        ValueType::Path => json!({ "type": "string", "pattern": "^[^/\\\\]" }),
        ValueType::Days => json!({ "type": "integer", "minimum": 0, "maximum": MAX_DAYS }),
    };
    if let Some(obj) = v.as_object_mut() {
        obj.insert("description".into(), json!(key.doc));
    }
    v
}

fn table(kind: TableKind) -> Value {
    let mut props = Map::new();
    for k in kind.keys() {
        props.insert(k.name.to_string(), key_schema(k));
    }
    json!({ "type": "object", "description": kind.doc(), "additionalProperties": false, "properties": props })
}

/// The schema as a JSON value.
pub fn json_schema(catalogue: &Catalogue) -> Value {
    let mut defs = Map::new();
    for kind in Kind::ALL {
        defs.insert(kind.as_str().to_string(), tech_def(catalogue, kind));
    }
    for kind in crate::catalogue::VocabKind::ALL {
        defs.insert(kind.key().to_string(), vocab(catalogue, kind));
    }
    let rules: Vec<Value> =
        Rule::levelled_rules().map(|r| json!({ "const": r.code(), "description": r.info().summary })).collect();
    defs.insert("rule".into(), json!({ "type": "string", "anyOf": rules }));
    // An `allow` entry: the keys of the format's `TableKind::AllowEntry`; `rule` is required.
    let mut entry = table(TableKind::AllowEntry);
    if let Some(obj) = entry.as_object_mut() {
        obj.insert("required".into(), json!(["rule"]));
    }
    defs.insert("allowEntry".into(), entry);
    defs.insert("service".into(), table(TableKind::Service));
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{}/{SCHEMA_FILE}", env!("CARGO_PKG_HOMEPAGE")),
        "title": "stack.toml",
        "description": "A stack declaration file: what the project is and which backend technologies it uses (stackls format version 1).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "project": table(TableKind::Project),
            "stack": table(TableKind::Stack),
            "services": {
                "type": "object",
                "description": TableKind::Services.doc(),
                "additionalProperties": { "$ref": "#/$defs/service" },
            },
            "lint": table(TableKind::Lint),
        },
        "$defs": defs,
    })
}
