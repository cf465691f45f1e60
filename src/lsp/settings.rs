//! The `stackls` settings section, as editors send it.
//!
//! ```json
//! { "lint": { "allow": ["use-case-fit"], "warn": [], "deny": ["tradeoff"], "endOfLifeWindow": 90 },
//!   "catalogues": ["catalogues/team.toml"] }
//! ```
//!
//! The shapes the real clients send:
//!
//! - **VS Code** (`editors/vscode`): `initializationOptions` is the section itself, built
//!   from `stackls.lint.*` and `stackls.catalogues`; the server then does not pull it. Each
//!   later change is pushed as `didChangeConfiguration` with `{ "stackls": section }`. Were
//!   it asked, its answer to `workspace/configuration` would be every `stackls.*` setting,
//!   with the extension's own `server` (`path`, `args`, `env`) and `trace`, ignored here.
//! - **Neovim** (`settings = { stackls = { … } }`): `workspace/configuration` is answered
//!   with the inner table (`null` when there is none); the `didChangeConfiguration` sent
//!   after start carries all `settings`, the section nested under `stackls`. An empty Lua
//!   table is encoded as `[]`, so `lint = {}` arrives as `"lint": []`. `init_options`
//!   arrives as written, as `initializationOptions`.
//!
//! Reading is lenient: unknown fields are ignored, and a value of the wrong type is a
//! problem for the log while everything else still applies. Reading never fails.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::analysis::{rule_for_level, Level, Rule};

/// The `stackls` section.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Rule levels below the file's `[lint]`.
    #[serde(deserialize_with = "table")]
    pub lint: Sent<Lint>,
    /// Extra catalogue files, applied in order before a `stack-catalogue.toml` beside the
    /// stack file.
    pub catalogues: Sent<Vec<Item>>,
}

/// `lint`: rule codes by level.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Lint {
    pub allow: Sent<Vec<Item>>,
    pub warn: Sent<Vec<Item>>,
    pub deny: Sent<Vec<Item>>,
    /// Days before an end of life to report it (`[lint] end-of-life-window` in a file wins).
    #[serde(rename = "endOfLifeWindow")]
    pub end_of_life_window: Sent<u32>,
}

/// One setting as sent: absent, of the expected type, or anything else (kept to report it).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Sent<T> {
    #[default]
    #[serde(skip)]
    Missing,
    Valid(T),
    Wrong(Value),
}

/// One entry of a list: the string expected, or anything else (kept to report it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Item {
    Text(String),
    Other(Value),
}

/// The settings as the server applies them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Rule levels in the order given (later ones win): the analysis' `Config.editor`.
    pub levels: Vec<(Rule, Level)>,
    /// Extra catalogue files, relative ones joined to the workspace root.
    pub catalogues: Vec<PathBuf>,
    /// `lint.endOfLifeWindow`: the analysis' `Config.end_of_life_window`.
    pub end_of_life_window: Option<u32>,
    /// What was wrong, one sentence each, for the log.
    pub problems: Vec<String>,
}

/// The section given directly (`initializationOptions`, an answer to
/// `workspace/configuration`). `None` unless it is an object: `null` (a client without
/// the section) or `[]` (an empty Lua table) leave the settings as they are.
pub fn section(value: &Value) -> Option<Settings> {
    if !value.is_object() {
        return None;
    }
    // Every field takes any JSON value, so this cannot fail; were it to, nothing applies.
    Some(Settings::deserialize(value).unwrap_or_default())
}

/// The section in `workspace/didChangeConfiguration`'s `settings`, nested under `stackls`
/// (VS Code's `synchronize`, Neovim). `None` when it carries none: the server then asks.
pub fn pushed(settings: &Value) -> Option<Settings> {
    section(settings.get("stackls")?)
}

impl Settings {
    /// The rule levels and catalogue paths these settings name, with what is wrong in them.
    /// Relative catalogue paths are joined to `root` (the first workspace folder) if any.
    pub fn apply(&self, root: Option<&Path>) -> Applied {
        let mut out = Applied::default();
        match &self.lint {
            Sent::Missing => {}
            Sent::Wrong(other) => {
                out.problems.push(format!("`lint` takes a table of allow, warn and deny lists, not {other}"))
            }
            Sent::Valid(lint) => {
                for (key, level, list) in [
                    ("allow", Level::Allow, &lint.allow),
                    ("warn", Level::Warn, &lint.warn),
                    ("deny", Level::Deny, &lint.deny),
                ] {
                    match list {
                        Sent::Missing => {}
                        Sent::Wrong(_) => out.problems.push(format!("lint.{key} must be an array of rule codes")),
                        Sent::Valid(items) => {
                            for item in items {
                                match item {
                                    Item::Text(code) => match rule_for_level(code) {
                                        Ok(rule) => out.levels.push((rule, level)),
                                        Err(e) => out.problems.push(format!("lint.{key}: {e}")),
                                    },
                                    Item::Other(v) => out.problems.push(format!("lint.{key}: {v} is not a rule code")),
                                }
                            }
                        }
                    }
                }
                let max = crate::analysis::schema::MAX_DAYS;
                match &lint.end_of_life_window {
                    Sent::Missing | Sent::Wrong(Value::Null) => {}
                    Sent::Valid(days) if *days <= max => out.end_of_life_window = Some(*days),
                    Sent::Valid(days) => {
                        out.problems.push(format!("lint.endOfLifeWindow: {days} is more than {max} days"))
                    }
                    Sent::Wrong(v) => {
                        out.problems.push(format!("lint.endOfLifeWindow takes a whole number of days, not {v}"))
                    }
                }
            }
        }
        match &self.catalogues {
            Sent::Missing | Sent::Wrong(Value::Null) => {}
            Sent::Wrong(other) => out.problems.push(format!("`catalogues` takes an array of paths, not {other}")),
            Sent::Valid(items) => {
                for item in items {
                    match item {
                        Item::Text(p) => {
                            let path = PathBuf::from(p);
                            out.catalogues.push(match root {
                                Some(root) if path.is_relative() => root.join(path),
                                _ => path,
                            });
                        }
                        Item::Other(v) => out.problems.push(format!("`catalogues` takes paths (strings), not {v}")),
                    }
                }
            }
        }
        out
    }
}

/// A nested table: an object; absent, `null` or `[]` (an empty Lua table) when there is
/// none; anything else is wrong.
fn table<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Sent<T>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(match value {
        Value::Null => Sent::Missing,
        Value::Array(ref items) if items.is_empty() => Sent::Missing,
        Value::Object(_) => T::deserialize(&value).map_or(Sent::Wrong(value.clone()), Sent::Valid),
        other => Sent::Wrong(other),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn apply(value: Value) -> Applied {
        section(&value).expect("an object is a section").apply(Some(Path::new("/ws")))
    }

    fn unknown(key: &str, code: &str) -> String {
        format!("lint.{key}: {}", rule_for_level(code).unwrap_err())
    }

    #[test]
    fn vscode_initialization_options() {
        // What extension.ts sends, with the package.json defaults and one of each.
        let applied = apply(json!({
            "lint": { "allow": ["use-case-fit"], "warn": [], "deny": ["tradeoff"], "endOfLifeWindow": 180 },
            "catalogues": ["catalogues/team.toml", "/opt/company/stack-catalogue.toml"]
        }));
        assert_eq!(
            applied,
            Applied {
                levels: vec![(Rule::UseCaseFit, Level::Allow), (Rule::Tradeoff, Level::Deny)],
                catalogues: vec![
                    PathBuf::from("/ws/catalogues/team.toml"),
                    PathBuf::from("/opt/company/stack-catalogue.toml")
                ],
                problems: vec![],
                end_of_life_window: Some(180),
            }
        );
    }

    #[test]
    fn vscode_configuration_answer_carries_the_extensions_own_settings() {
        // `getConfiguration().get("stackls")`: every `stackls.*` setting, nested by dots.
        let applied = apply(json!({
            "server": { "path": "", "args": ["lsp", "--stdio"], "env": {} },
            "catalogues": [],
            "lint": { "allow": [], "warn": ["tradeoff"], "deny": [] },
            "trace": { "server": "off" }
        }));
        assert_eq!(applied, Applied { levels: vec![(Rule::Tradeoff, Level::Warn)], ..Applied::default() });
    }

    #[test]
    fn neovim_settings_pushed_nested_and_pulled_direct() {
        // settings = { stackls = { lint = { deny = { "tradeoff" } }, catalogues = { "team.toml" } } }
        let inner = json!({ "catalogues": ["team.toml"], "lint": { "deny": ["tradeoff"] } });
        let expected = Applied {
            levels: vec![(Rule::Tradeoff, Level::Deny)],
            catalogues: vec![PathBuf::from("/ws/team.toml")],
            problems: vec![],
            end_of_life_window: None,
        };
        let nested = pushed(&json!({ "stackls": inner.clone() })).expect("nested under stackls");
        assert_eq!(nested.apply(Some(Path::new("/ws"))), expected);
        assert_eq!(apply(inner), expected, "the configuration answer is the inner table");
        // The section given directly is not a pushed one: the server asks instead.
        assert_eq!(pushed(&json!({ "lint": { "deny": ["tradeoff"] } })), None);
    }

    #[test]
    fn neovim_empty_lua_tables_are_arrays() {
        // lint = {}, catalogues = {}, allow = {}: vim.json encodes an empty table as `[]`.
        assert_eq!(apply(json!({ "lint": [], "catalogues": [] })), Applied::default());
        assert_eq!(apply(json!({ "lint": { "allow": [], "deny": ["tradeoff"] } })).problems, Vec::<String>::new());
        // stackls = {}: not a section, so earlier settings (init_options) stay.
        assert_eq!(section(&json!([])), None);
        assert_eq!(pushed(&json!({ "stackls": [] })), None);
    }

    #[test]
    fn empty_null_and_missing_sections() {
        for nothing in [json!(null), json!([]), json!("stackls"), json!(3)] {
            assert_eq!(section(&nothing), None, "{nothing} is no section");
        }
        for nothing in [json!(null), json!({}), json!({ "other": {} }), json!({ "stackls": null })] {
            assert_eq!(pushed(&nothing), None, "{nothing} pushes nothing");
        }
        for empty in [json!({}), json!({ "lint": null, "catalogues": null }), json!({ "lint": {} })] {
            assert_eq!(apply(empty.clone()), Applied::default(), "{empty} sets nothing");
        }
        assert_eq!(section(&json!({})), Some(Settings::default()));
    }

    #[test]
    fn the_end_of_life_window() {
        assert_eq!(apply(json!({ "lint": { "endOfLifeWindow": 90 } })).end_of_life_window, Some(90));
        assert_eq!(apply(json!({ "lint": { "endOfLifeWindow": null } })), Applied::default());
        for (wrong, problem) in [
            (json!(4000), "lint.endOfLifeWindow: 4000 is more than 3650 days"),
            (json!(-1), "lint.endOfLifeWindow takes a whole number of days, not -1"),
            (json!("90"), "lint.endOfLifeWindow takes a whole number of days, not \"90\""),
            (json!(1.5), "lint.endOfLifeWindow takes a whole number of days, not 1.5"),
        ] {
            let applied = apply(json!({ "lint": { "endOfLifeWindow": wrong } }));
            assert_eq!((applied.end_of_life_window, applied.problems), (None, vec![problem.to_string()]));
        }
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let applied = apply(json!({ "lint": { "deny": ["tradeoff"], "forbid": ["x"] }, "colour": true }));
        assert_eq!(applied, Applied { levels: vec![(Rule::Tradeoff, Level::Deny)], ..Applied::default() });
    }

    #[test]
    fn wrong_types_are_problems_and_the_rest_applies() {
        let applied = apply(json!({
            "lint": { "allow": "tradeoff", "warn": [1, null, "tradeoff", {"rule": "x"}], "deny": null },
            "catalogues": ["a.toml", 7, "/b.toml"]
        }));
        assert_eq!(applied.levels, [(Rule::Tradeoff, Level::Warn)]);
        assert_eq!(applied.catalogues, [PathBuf::from("/ws/a.toml"), PathBuf::from("/b.toml")]);
        assert_eq!(
            applied.problems,
            [
                "lint.allow must be an array of rule codes",
                "lint.warn: 1 is not a rule code",
                "lint.warn: null is not a rule code",
                "lint.warn: {\"rule\":\"x\"} is not a rule code",
                "lint.deny must be an array of rule codes",
                "`catalogues` takes paths (strings), not 7",
            ]
        );
        assert_eq!(
            apply(json!({ "catalogues": "team.toml" })).problems,
            ["`catalogues` takes an array of paths, not \"team.toml\""]
        );
        assert_eq!(
            apply(json!({ "lint": "deny" })).problems,
            ["`lint` takes a table of allow, warn and deny lists, not \"deny\""]
        );
    }

    #[test]
    fn unknown_and_fixed_rules_are_worded_by_the_core() {
        let applied =
            apply(json!({ "lint": { "allow": ["use-case-fit", "no-such-rule", "tradeof"], "deny": ["syntax"] } }));
        assert_eq!(applied.levels, [(Rule::UseCaseFit, Level::Allow)]);
        assert_eq!(
            applied.problems,
            [unknown("allow", "no-such-rule"), unknown("allow", "tradeof"), unknown("deny", "syntax")]
        );
        assert!(applied.problems[0].starts_with("lint.allow: unknown rule `no-such-rule`"), "{:?}", applied.problems);
        assert!(applied.problems[1].contains("did you mean `tradeoff`?"), "{:?}", applied.problems);
    }

    #[test]
    fn relative_catalogues_without_a_workspace_stay_relative() {
        let settings = section(&json!({ "catalogues": ["team.toml"] })).unwrap();
        assert_eq!(settings.apply(None).catalogues, [PathBuf::from("team.toml")]);
    }

    /// The hand parser this module replaced (`editor_config` and the `catalogues` loop of
    /// `apply_settings`), kept verbatim to compare with.
    fn old_parser(settings: &Value, root: Option<&Path>) -> (Vec<(Rule, Level)>, Vec<PathBuf>, Vec<String>) {
        let mut editor = Vec::new();
        let mut problems = Vec::new();
        if let Some(lint) = settings.get("lint") {
            for (key, level) in [("allow", Level::Allow), ("warn", Level::Warn), ("deny", Level::Deny)] {
                let Some(list) = lint.get(key) else { continue };
                let Some(items) = list.as_array() else {
                    problems.push(format!("lint.{key} must be an array of rule codes"));
                    continue;
                };
                for item in items {
                    match item.as_str().map(rule_for_level) {
                        Some(Ok(rule)) => editor.push((rule, level)),
                        Some(Err(e)) => problems.push(format!("lint.{key}: {e}")),
                        None => problems.push(format!("lint.{key}: {item} is not a rule code")),
                    }
                }
            }
        }
        let mut paths = Vec::new();
        match settings.get("catalogues") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    match item.as_str() {
                        Some(p) => {
                            let path = PathBuf::from(p);
                            let path = match (root, path.is_relative()) {
                                (Some(root), true) => root.join(path),
                                _ => path,
                            };
                            paths.push(path);
                        }
                        None => problems.push(format!("`catalogues` takes paths (strings), not {item}")),
                    }
                }
            }
            Some(other) => problems.push(format!("`catalogues` takes an array of paths, not {other}")),
        }
        (editor, paths, problems)
    }

    #[test]
    fn the_same_as_the_old_hand_parser() {
        let inputs = [
            json!({}),
            json!({ "lint": { "allow": ["use-case-fit"], "warn": [], "deny": ["tradeoff"] }, "catalogues": ["a.toml", "/b.toml"] }),
            json!({ "server": { "path": "" }, "trace": { "server": "off" }, "lint": { "allow": [], "warn": [], "deny": [] }, "catalogues": [] }),
            json!({ "lint": { "allow": ["use-case-fit", "no-such-rule"], "deny": ["tradeoff"] } }),
            json!({ "lint": { "allow": ["syntax", "tradeof", "TRADEOFF", ""] } }),
            json!({ "lint": { "allow": "tradeoff", "warn": null, "deny": {} } }),
            json!({ "lint": { "warn": [1, 2.5, -3, true, null, [], {"a": [1]}, "unknown-key"] } }),
            json!({ "lint": {}, "catalogues": null }),
            json!({ "lint": null }),
            json!({ "lint": [] }),
            json!({ "catalogues": "not-a-list" }),
            json!({ "catalogues": {"a": "b"} }),
            json!({ "catalogues": ["x", 1, null, "", "/abs", "../up.toml"] }),
            json!({ "lint": { "deny": ["tradeoff", "tradeoff"], "allow": ["tradeoff"] }, "extra": 1 }),
        ];
        for input in inputs {
            for root in [None, Some(Path::new("/ws"))] {
                let new = section(&input).unwrap().apply(root);
                let (levels, catalogues, problems) = old_parser(&input, root);
                assert_eq!((&new.levels, &new.catalogues, &new.problems), (&levels, &catalogues, &problems), "{input}");
            }
        }
        // The one difference: a `lint` that is neither a table nor empty was ignored without
        // a word; it is reported now (and still applies nothing).
        for input in [json!({ "lint": "deny" }), json!({ "lint": ["tradeoff"] }), json!({ "lint": 1 })] {
            let new = section(&input).unwrap().apply(None);
            let (levels, catalogues, problems) = old_parser(&input, None);
            assert_eq!((&new.levels, &new.catalogues), (&levels, &catalogues), "{input}");
            assert!(problems.is_empty() && new.problems.len() == 1, "{input}: {:?}", new.problems);
        }
    }
}
