//! The real binary over the real protocol: one test per capability and per judged example.

use serde_json::{json, Value};

use stackls::catalogue::{Catalogue, Claim, Kind, Technology};

use crate::support::{apply_lsp_edits, at, pos_of, scratch, Client, ACME};

const URI: &str = "file:///project/stack.toml";

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

fn by_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn flask_at_large_scale_is_one_tradeoff_on_the_value() {
    let text = "[project]\nscale = \"large\"\n\n[stack]\nframework = \"flask\"\n";
    let mut c = Client::vscode();
    let diags = c.open(URI, text);
    let tradeoffs = by_code(&diags, "tradeoff");
    assert_eq!(tradeoffs.len(), 1, "{diags:#?}");
    let d = tradeoffs[0];
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "stackls");
    let msg = d["message"].as_str().unwrap();
    assert!(msg.contains("Flask") && msg.to_lowercase().contains("scalab") && msg.contains("scale = large"), "{msg}");
    let (line, col) = pos_of(text, "\"flask\"", true);
    assert_eq!(
        d["range"],
        json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 7 } })
    );

    let small = "[project]\nscale = \"small\"\n\n[stack]\nframework = \"flask\"\n";
    let diags = c.open("file:///p/small.stack.toml", small);
    assert!(by_code(&diags, "tradeoff").is_empty(), "{diags:#?}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn node_with_cpu_intensive_work_is_a_tradeoff() {
    let mut c = Client::neovim();
    let diags = c.open(URI, "[project]\nrequirements = [\"cpu-intensive\"]\n\n[stack]\nlanguage = \"node.js\"\n");
    let t = by_code(&diags, "tradeoff");
    assert_eq!(t.len(), 1, "{diags:#?}");
    assert!(t[0]["message"].as_str().unwrap().starts_with("Node.js:"));
}

#[test]
fn django_on_java_is_a_language_mismatch() {
    let text = "[stack]\nlanguage = \"java\"\nframework = \"django\"\n";
    let mut c = Client::vscode();
    let diags = c.open(URI, text);
    let m = by_code(&diags, "language-mismatch");
    assert_eq!(m.len(), 1, "{diags:#?}");
    assert_eq!(m[0]["severity"], 1);
    let (line, col) = pos_of(text, "\"django\"", true);
    assert_eq!(m[0]["range"]["start"], json!({ "line": line, "character": col }));
    assert!(m[0]["message"].as_str().unwrap().contains("Django runs on Python, not Java"));
}

#[test]
fn a_typo_is_an_unknown_technology_with_a_quick_fix() {
    let text = "[stack]\nframework = \"flsk\"\n";
    let mut c = Client::vscode();
    let diags = c.open(URI, text);
    assert_eq!(codes(&diags), ["unknown-technology"]);
    assert!(diags[0]["message"].as_str().unwrap().contains("did you mean `flask`"));
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": diags[0]["range"], "context": { "diagnostics": diags } }),
    );
    let fix =
        actions.as_array().unwrap().iter().find(|a| a["title"] == "Replace with `flask`").expect("replace action");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let edit = &fix["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "\"flask\"");
    assert_eq!(edit["range"], diags[0]["range"]);
}

#[test]
fn a_language_as_framework_says_what_it_is() {
    let mut c = Client::vscode();
    let diags = c.open(URI, "[stack]\nframework = \"python\"\n");
    assert_eq!(codes(&diags), ["unknown-technology"]);
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(msg.contains("is a language"), "{msg}");
    assert!(msg.contains("flask") && msg.contains("django"), "offers Python frameworks: {msg}");
}

#[test]
fn hover_explains_every_catalogue_technology() {
    // Every technology of the built-in catalogue, each under the key that takes its kind.
    let catalogue = Catalogue::builtin();
    let ids: Vec<(&str, &str)> = catalogue.technologies.iter().map(|t| (t.kind.key(), t.id.as_str())).collect();
    let mut text = String::new();
    for (i, (key, id)) in ids.iter().enumerate() {
        text.push_str(&format!("[services.s{i}]\n{key} = \"{id}\"\n"));
    }
    let mut c = Client::vscode();
    c.open(URI, &text);
    for (i, (key, id)) in ids.iter().enumerate() {
        // Each service is a header line and a `key = "id"` line; the column is the first
        // character of the id, after `key = "`.
        let line = (i * 2 + 1) as u32;
        let hover = c.hover(URI, line, key.len() as u32 + 4);
        assert_eq!(hover["contents"]["kind"], "markdown", "{id}");
        let md = hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover for {id}: {hover}"));
        // An entry no source assesses says so instead of showing empty Pros and Cons.
        let tech = catalogue.by_id(id).expect("a catalogue id");
        let sections: &[&str] = if tech.pros.is_empty() && tech.cons.is_empty() {
            &["*No sourced assessment yet*", "**Key features**", "**Typical use cases**"]
        } else {
            &["**Pros**", "**Cons**", "**Key features**", "**Typical use cases**"]
        };
        for section in sections {
            assert!(md.contains(section), "{id} hover lacks {section}:\n{md}");
        }
        assert!(catalogue.sources.iter().any(|s| md.contains(&s.id)), "{id} hover cites no source");
    }
    let flask = ids.iter().position(|(_, id)| *id == "flask").unwrap() as u32;
    // Column 16: inside `"flask"` on `framework = "flask"`.
    let md = c.hover(URI, flask * 2 + 1, 16)["contents"]["value"].as_str().unwrap().to_string();
    assert!(md.starts_with("### Flask"), "{md}");
    assert!(md.contains("*(forgegrow-2024)*"));
}

#[test]
fn hover_puts_project_warnings_first_and_explains_keys() {
    let text = "[project]\nscale = \"large\"\n\n[stack]\nframework = \"flask\"\n";
    let mut c = Client::vscode();
    c.open(URI, text);
    let (line, col) = pos_of(text, "flask\"", true);
    let md = c.hover(URI, line, col)["contents"]["value"].as_str().unwrap().to_string();
    let warn = md.find("In this project").expect("project section");
    assert!(warn < md.find("**Pros**").unwrap());
    let md = c.hover(URI, 1, 2)["contents"]["value"].as_str().unwrap().to_string();
    assert!(md.contains("scale") && md.contains("`enterprise`"), "{md}");
    let md = c.hover(URI, 1, 10)["contents"]["value"].as_str().unwrap().to_string();
    assert!(md.contains("**large**"), "{md}");
}

/// The frameworks on `language` that no con of the catalogue holds against at large scale
/// (a `when` on the scale alone): what fits a large project better than Flask.
fn fine_at_large_scale(language: &str) -> Vec<&'static Technology> {
    let at_large_scale = |c: &Claim| {
        c.disputed.is_none()
            && c.when.as_ref().is_some_and(|w| {
                w.scale.iter().any(|s| s == "large")
                    && w.team.is_empty()
                    && w.architecture.is_empty()
                    && w.requirements.is_empty()
                    && w.use_cases.is_empty()
            })
    };
    Catalogue::builtin()
        .of_kind(Kind::Framework)
        .map(|(_, t)| t)
        .filter(|t| t.languages.iter().any(|l| l == language) && !t.cons.iter().any(at_large_scale))
        .collect()
}

fn labels(items: &[Value]) -> Vec<String> {
    let mut v: Vec<(String, String)> = items
        .iter()
        .map(|i| (i["sortText"].as_str().unwrap_or("").to_string(), i["label"].as_str().unwrap().to_string()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, l)| l).collect()
}

#[test]
fn completion_after_framework_offers_frameworks_filtered_by_language() {
    let mut c = Client::vscode();
    let text = "[stack]\nframework = ";
    c.open(URI, text);
    // Right after `framework = ` (12 characters).
    let items = c.completion(URI, 1, 12);
    let mut got = labels(&items);
    got.sort();
    // No language declared: every framework of the catalogue.
    let mut frameworks: Vec<&str> = Catalogue::builtin().of_kind(Kind::Framework).map(|(_, t)| t.id.as_str()).collect();
    frameworks.sort();
    assert_eq!(got, frameworks);
    assert_eq!(items[0]["textEdit"]["newText"].as_str().unwrap().chars().next(), Some('"'));

    let text = "[project]\nscale = \"large\"\n[stack]\nlanguage = \"python\"\nframework = \"\"\n";
    c.open("file:///p/b.toml", text);
    // Between the quotes of `framework = ""`.
    let items = c.completion("file:///p/b.toml", 4, 13);
    let got = labels(&items);
    let mut sorted = got.clone();
    sorted.sort();
    // Python declared: the frameworks that run on Python.
    let mut python: Vec<&str> = Catalogue::builtin()
        .of_kind(Kind::Framework)
        .filter(|(_, t)| t.languages.iter().any(|l| l == "python"))
        .map(|(_, t)| t.id.as_str())
        .collect();
    python.sort();
    assert_eq!(sorted, python);
    let fine: Vec<&str> = fine_at_large_scale("python").iter().map(|t| t.id.as_str()).collect();
    assert!(
        fine.contains(&got[0].as_str()),
        "a framework without a large-scale tradeoff ({fine:?}) ranks first: {got:?}"
    );
    let flask = items.iter().find(|i| i["label"] == "flask").unwrap();
    assert!(flask["detail"].as_str().unwrap().contains("tradeoff"), "{flask}");
    assert_eq!(flask["textEdit"]["newText"], "flask", "inside quotes: no extra quotes");
}

#[test]
fn completion_offers_keys_headers_and_vocabulary() {
    let mut c = Client::vscode();
    c.open(URI, "[project]\nsc\n");
    let got = labels(&c.completion(URI, 1, 2));
    assert!(got.contains(&"scale".to_string()) && got.contains(&"use-cases".to_string()), "{got:?}");
    c.did_change(URI, 2, "[project]\nuse-cases = [\"e-commerce\", ]\n[");
    c.diagnostics(URI, Some(2));
    let got = labels(&c.completion(URI, 1, 27));
    assert!(got.contains(&"real-time".to_string()) && !got.contains(&"e-commerce".to_string()), "{got:?}");
    let got = labels(&c.completion(URI, 2, 1));
    assert!(
        got.contains(&"stack".to_string())
            && got.contains(&"services.NAME".to_string())
            && !got.contains(&"project".to_string()),
        "{got:?}"
    );
}

#[test]
fn an_incomplete_line_does_not_hide_the_tables_below() {
    let mut c = Client::vscode();
    let diags = c.open(URI, "[project]\nscale = \n\n[stack]\nframework = \"flsk\"\n");
    let got = codes(&diags);
    assert!(got.contains(&"syntax".to_string()) && got.contains(&"unknown-technology".to_string()), "{got:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 1);
}

#[test]
fn non_ascii_before_a_value_gives_exact_columns_in_both_encodings() {
    let text = "services.\"café-😀\" = { framework = \"flsk\" }\n";
    for (mut c, utf16) in [(Client::vscode(), true), (Client::neovim(), false)] {
        let diags = c.open(URI, text);
        assert_eq!(codes(&diags), ["unknown-technology"]);
        let (line, col) = pos_of(text, "\"flsk\"", utf16);
        assert_eq!(diags[0]["range"]["start"], json!({ "line": line, "character": col }), "utf16={utf16}");
        assert_eq!(diags[0]["range"]["end"], json!({ "line": line, "character": col + 6 }), "utf16={utf16}");
        // And the way back: hover at that column finds the value.
        let hover = c.request("textDocument/hover", at(URI, line, col + 1));
        assert!(hover.is_null(), "flsk is unknown: no technology hover");
    }
    let text = "services.\"café-😀\" = { framework = \"flask\" }\n";
    for (mut c, utf16) in [(Client::vscode(), true), (Client::neovim(), false)] {
        c.open(URI, text);
        let (line, col) = pos_of(text, "flask\"", utf16);
        let hover = c.hover(URI, line, col);
        assert!(hover["contents"]["value"].as_str().unwrap().starts_with("### Flask"));
        assert_eq!(hover["range"]["start"]["character"], json!(col - 1));
    }
}

#[test]
fn a_clean_stack_file_has_no_warnings_or_errors() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/clean.stack.toml")).unwrap();
    let mut c = Client::vscode();
    let diags = c.open(URI, &text);
    let serious: Vec<&Value> = diags.iter().filter(|d| d["severity"].as_i64().unwrap_or(9) <= 2).collect();
    assert!(serious.is_empty(), "{serious:#?}");
}

#[test]
fn document_symbols_list_tables_and_services() {
    let mut c = Client::vscode();
    c.open(URI, "[project]\nscale = \"small\"\n[stack]\nlanguage = \"python\"\n[services.api]\nframework = \"flask\"\n[services.web]\nframework = \"django\"\n");
    let symbols = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["project", "stack", "services"]);
    let services: Vec<&str> =
        symbols[2]["children"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(services, ["api", "web"]);
    // The name `api` in `[services.api]`, not the whole header.
    assert_eq!(symbols[2]["children"][0]["selectionRange"]["start"], json!({ "line": 4, "character": 10 }));
}

#[test]
fn a_burst_of_edits_ends_with_diagnostics_for_the_final_text() {
    let mut c = Client::vscode();
    c.open(URI, "[stack]\nframework = \"\"\n");
    // Type "flsk" and delete it, one character at a time: 1,099 edits in all.
    let word = "flsk";
    let mut version = 1;
    let mut len = 0;
    for round in 0..220 {
        for ch in word.chars() {
            version += 1;
            c.notify("textDocument/didChange", json!({
                "textDocument": { "uri": URI, "version": version },
                "contentChanges": [{ "range": { "start": { "line": 1, "character": 13 + len }, "end": { "line": 1, "character": 13 + len } }, "text": ch.to_string() }]
            }));
            len += 1;
        }
        if round < 219 {
            version += 1;
            c.notify("textDocument/didChange", json!({
                "textDocument": { "uri": URI, "version": version },
                "contentChanges": [{ "range": { "start": { "line": 1, "character": 13 }, "end": { "line": 1, "character": 13 + len } }, "text": "" }]
            }));
            len = 0;
        }
    }
    let diags = c.diagnostics(URI, Some(version));
    assert_eq!(codes(&diags), ["unknown-technology"], "final text has `flsk`");
    // Nothing published after the final version, and no version out of order.
    let versions: Vec<i64> = c
        .notifications
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "versions out of order: {versions:?}");
    assert!(versions.iter().all(|v| *v < version));
}

#[test]
fn requests_for_unknown_documents_get_an_error_and_the_server_keeps_serving() {
    let mut c = Client::vscode();
    let r = c.request_raw("textDocument/hover", at("file:///nowhere.toml", 0, 0));
    assert!(r.get("error").is_some(), "{r}");
    // Past the end: clamped, answered.
    c.open(URI, "[stack]\nframework = \"flask\"\n");
    let r = c.request_raw("textDocument/hover", at(URI, 99, 99));
    assert!(r.get("error").is_none(), "{r}");
    let r = c.request_raw("textDocument/completion", at(URI, 1, 999));
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn closing_clears_diagnostics_and_exit_without_shutdown_is_code_1() {
    let mut c = Client::vscode();
    c.open(URI, "[stack]\nframework = \"flsk\"\n");
    c.notify("textDocument/didClose", json!({ "textDocument": { "uri": URI } }));
    assert!(c.diagnostics(URI, None).is_empty());
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), Some(1));
}

#[test]
fn a_panic_in_a_handler_is_an_error_reply_and_the_server_keeps_serving() {
    let mut c = Client::start_with(json!({}), &[("STACKLS_TEST_PANIC_MARKER", "PANIC-HERE")]);
    c.open("file:///p/boom.toml", "# PANIC-HERE\n[stack]\nframework = \"flask\"\n");
    let r = c.request_raw("textDocument/hover", at("file:///p/boom.toml", 2, 14));
    assert_eq!(r["error"]["code"], -32603, "internal error: {r}");
    let logged = c.notification(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"].as_str().unwrap_or("").contains("internal error in hover")
    });
    assert!(logged.is_some(), "the panic is logged through window/logMessage");
    // The next requests are served as usual.
    c.open(URI, "[stack]\nframework = \"flask\"\n");
    assert!(c.hover(URI, 1, 14)["contents"]["value"].as_str().unwrap().starts_with("### Flask"));
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn editor_rule_levels_apply_below_the_files_lint_table() {
    let mut c = Client::spawn_with(&[]);
    let r = c.request(
        "initialize",
        json!({ "capabilities": {}, "initializationOptions": { "lint": { "deny": ["tradeoff"], "allow": ["use-case-fit", "no-such-rule"] } } }),
    );
    assert!(r.get("capabilities").is_some());
    c.notify("initialized", json!({}));
    let warned = c.notification(|m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().unwrap_or("").contains("no-such-rule")
    });
    assert!(warned.is_some(), "an unknown rule in the settings is reported");
    let text = "[project]\nscale = \"large\"\nuse-cases = [\"ai-ml\"]\n[stack]\nframework = \"flask\"\n";
    let diags = c.open(URI, text);
    assert_eq!(codes(&diags), ["tradeoff"], "use-case-fit allowed by the settings");
    assert_eq!(diags[0]["severity"], 1, "tradeoff denied by the settings");
    let with_lint = format!("{text}[lint]\nwarn = [\"tradeoff\"]\n");
    let diags = c.open("file:///p/l.stack.toml", &with_lint);
    assert_eq!(diags[0]["severity"], 2, "[lint] in the file wins over the settings");
}

#[test]
fn a_broken_user_catalogue_is_reported_on_its_file_and_the_builtin_one_keeps_working() {
    let dir = scratch("lsp-user-catalogue");
    std::fs::write(dir.join("stack-catalogue.toml"), "[[technology]\n").unwrap();
    let uri = format!("file://{}/stack.toml", dir.display());
    let catalogue_uri = format!("file://{}/stack-catalogue.toml", dir.display());
    let mut c = Client::vscode();
    let diags = c.open(&uri, "[stack]\nlanguage = \"acmelang\"\nframework = \"flsk\"\n");
    assert_eq!(codes(&diags), ["not-in-catalogue", "unknown-technology"], "built-in catalogue in use");
    let on_catalogue = c.diagnostics(&catalogue_uri, None);
    assert_eq!(codes(&on_catalogue), ["syntax"]);
    assert!(on_catalogue[0]["message"].as_str().unwrap().starts_with("user catalogue:"));

    // Repaired on disk: the next change picks it up and clears the catalogue's findings.
    std::fs::write(dir.join("stack-catalogue.toml"), ACME).unwrap();
    c.did_change(&uri, 2, "[stack]\nlanguage = \"acmelang\"\n");
    assert!(c.diagnostics(&uri, Some(2)).is_empty(), "acmelang is known now");
    assert!(c.diagnostics(&catalogue_uri, None).is_empty(), "the catalogue's findings are cleared");
    let hover = c.hover(&uri, 1, 13);
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("### AcmeLang"));
}

#[test]
fn allow_here_inserts_a_comment_that_silences_only_that_finding() {
    let text = "[project]\nscale = \"large\"\n\n[services.web]\nframework = \"flask\"\n\n[services.api]\nframework = \"flask\"\n";
    let mut c = Client::vscode();
    let diags = c.open(URI, text);
    assert_eq!(codes(&diags), ["tradeoff", "tradeoff"]);
    let first = diags[0].clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": first["range"], "context": { "diagnostics": [first] } }),
    );
    let titles: Vec<&str> = actions.as_array().unwrap().iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(titles.contains(&"Allow `tradeoff` in this file"), "{titles:?}");
    let here = actions.as_array().unwrap().iter().find(|a| a["title"] == "Allow `tradeoff` here").expect("allow here");
    let fixed = apply_lsp_edits(text, here["edit"]["changes"][URI].as_array().unwrap());
    assert!(fixed.contains("[services.web]\n# stackls: allow(tradeoff)\nframework = \"flask\""), "{fixed}");
    c.did_change(URI, 2, &fixed);
    let after = c.diagnostics(URI, Some(2));
    // The other service's finding stays; the suppressed one is gone, and nothing is unused.
    assert_eq!(codes(&after), ["tradeoff"]);
    assert_eq!(after[0]["range"]["start"]["line"], 8);
}

#[test]
fn an_expired_allow_reports_again_and_says_so() {
    let text = "[project]\nscale = \"large\"\n[stack]\nframework = \"flask\"\n[lint]\nallow = [{ rule = \"tradeoff\", tech = \"flask\", reason = \"until the rewrite\", until = 2001-01-01 }]\n";
    let mut c = Client::vscode();
    let diags = c.open(URI, text);
    assert_eq!(codes(&diags), ["tradeoff", "expired-allow"]);
    let msg = diags[1]["message"].as_str().unwrap();
    assert!(msg.contains("expired on 2001-01-01") && msg.contains("until the rewrite"), "{msg}");
    // The same entry with a date far ahead suppresses.
    let later = text.replace("2001-01-01", "2999-01-01");
    c.did_change(URI, 2, &later);
    assert_eq!(codes(&c.diagnostics(URI, Some(2))), Vec::<String>::new());
}

#[test]
fn folding_inlay_hints_and_better_fits_on_hover() {
    let text = "[project]\nscale = \"large\"\nuse-cases = [\n  \"web-apps\",\n]\n\n[services.web]\nframework = \"flask\"\n\n[services.api]\nlanguage = \"java\"\nframework = \"spring-boot\"\n";
    let mut c = Client::vscode();
    c.open(URI, text);
    // Folding: [project] (lines 0-4), its multi-line array (2-4), and each service table.
    let folds = c.request("textDocument/foldingRange", json!({ "textDocument": { "uri": URI } }));
    let mut lines: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["startLine"].as_u64().unwrap(), f["endLine"].as_u64().unwrap()))
        .collect();
    lines.sort();
    assert_eq!(lines, [(0, 4), (2, 4), (6, 7), (9, 11)]);
    // Inlay hint: Flask without a language implies Python; Spring Boot has its language.
    let hints = c.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 12, "character": 0 } } }),
    );
    let hints = hints.as_array().unwrap();
    assert_eq!(hints.len(), 1, "{hints:?}");
    // At the end of `framework = "flask"` (19 characters) in [services.web].
    assert_eq!(hints[0]["position"], json!({ "line": 7, "character": 19 }));
    assert_eq!(hints[0]["label"], "language: python");
    // A range that excludes it gets none.
    let none = c.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 9, "character": 0 }, "end": { "line": 12, "character": 0 } } }),
    );
    assert_eq!(none, json!([]));
    // Hover on Flask at large scale ends with what fits better.
    let hover = c.hover(URI, 7, 14); // inside `"flask"`
    let md = hover["contents"]["value"].as_str().unwrap();
    // The last line names every Python framework with no large-scale tradeoff (Django, in
    // the built-in catalogue), each with the reason.
    let fits = md.trim_end().lines().last().and_then(|l| l.strip_prefix("**Better fits for this project**: "));
    let mut fits: Vec<&str> = fits.unwrap_or_else(|| panic!("no better fits at the end:\n{md}")).split(", ").collect();
    fits.sort();
    let mut expected: Vec<String> = fine_at_large_scale("python")
        .iter()
        .map(|t| format!("{} (no known tradeoff of its own here)", t.name))
        .collect();
    expected.sort();
    assert_eq!(fits, expected, "{md}");
}

#[test]
fn settings_from_workspace_configuration_and_did_change_configuration() {
    let dir = scratch("lsp-settings");
    std::fs::write(dir.join("team.toml"), ACME).unwrap();
    let uri = format!("file://{}/stack.toml", dir.display());
    let text =
        "[project]\nscale = \"large\"\n[services.web]\nframework = \"flask\"\n[services.tool]\nlanguage = \"acmelang\"\n";
    let mut c = Client::start(json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": { "configuration": true, "didChangeWatchedFiles": { "dynamicRegistration": true } }
    }));
    // After `initialized` the server registers a watcher for catalogue files and pulls its
    // settings: the team catalogue (relative to nothing: an absolute path) and a level.
    let registration = c.answer("client/registerCapability", Value::Null);
    assert_eq!(registration["params"]["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
    // Every file the detection parses is watched, the .NET and Dockerfile variants included.
    let globs: Vec<&str> = registration["params"]["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .expect("watchers")
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    for glob in
        ["**/stack-catalogue.toml", "**/pom.xml", "**/*.csproj", "**/*.fsproj", "**/*.vbproj", "**/*.dockerfile"]
    {
        assert!(globs.contains(&glob), "{glob} not watched: {globs:?}");
    }
    let pulled = c.answer(
        "workspace/configuration",
        json!([{ "lint": { "deny": ["tradeoff"] }, "catalogues": [dir.join("team.toml").display().to_string()] }]),
    );
    assert_eq!(pulled["params"]["items"][0]["section"], "stackls");
    let diags = c.open(&uri, text);
    assert_eq!(codes(&diags), ["tradeoff"], "acmelang comes from the team catalogue: {diags:?}");
    assert_eq!(diags[0]["severity"], 1, "denied by the settings");

    // Pushed settings (VS Code's `synchronize`) apply at once and re-check open documents.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "stackls": { "lint": { "allow": ["tradeoff"] } } } }),
    );
    let diags = c.diagnostics(&uri, Some(1));
    let got = codes(&diags);
    assert_eq!(got, ["not-in-catalogue"], "tradeoff allowed now, and acmelang unknown without the catalogue");

    // A notification without the section makes the server pull again.
    c.notify("workspace/didChangeConfiguration", json!({ "settings": null }));
    c.answer("workspace/configuration", json!([{ "catalogues": "not-a-list" }]));
    let log = c
        .notification(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"].as_str().is_some_and(|s| s.contains("catalogues"))
        })
        .expect("a bad setting is logged");
    assert!(log["params"]["message"].as_str().unwrap().contains("array of paths"));
    assert_eq!(codes(&c.diagnostics(&uri, Some(1))), ["tradeoff", "not-in-catalogue"]);
}

/// VS Code's extension sends the section once, as `initializationOptions`, and pushes each
/// change: the server does not ask for it again at `initialized`, though the client can
/// answer `workspace/configuration`.
#[test]
fn settings_given_at_initialize_are_not_pulled_again_and_pushed_changes_apply() {
    let mut c = Client::spawn_with(&[]);
    let options =
        json!({ "lint": { "allow": [], "warn": [], "deny": ["tradeoff"], "endOfLifeWindow": 180 }, "catalogues": [] });
    let r = c.request(
        "initialize",
        json!({ "capabilities": { "workspace": { "configuration": true } }, "initializationOptions": options }),
    );
    assert!(r.get("capabilities").is_some());
    c.notify("initialized", json!({}));
    let text = "[project]\nscale = \"large\"\n[stack]\nframework = \"flask\"\n";
    let diags = c.open(URI, text);
    assert_eq!(codes(&diags), ["tradeoff"]);
    assert_eq!(diags[0]["severity"], 1, "denied by initializationOptions");
    // Everything the server sent before answering this request has arrived by now.
    assert_eq!(c.request_raw("stackls/probe", Value::Null)["error"]["code"], -32601);
    let asked: Vec<&Value> = c.notifications.iter().filter(|m| m["method"] == "workspace/configuration").collect();
    assert!(asked.is_empty(), "the settings were pulled again: {asked:?}");

    // The extension pushes a change of stackls.lint.allow: the warning goes, no restart.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "stackls": { "lint": { "allow": ["tradeoff"], "warn": [], "deny": [] }, "catalogues": [] } } }),
    );
    assert!(c.diagnostics(URI, Some(1)).is_empty(), "tradeoff allowed by the pushed settings");
}

#[test]
fn a_watched_catalogue_change_is_applied_without_an_edit() {
    let dir = scratch("lsp-watched");
    let uri = format!("file://{}/stack.toml", dir.display());
    let mut c = Client::vscode();
    assert_eq!(codes(&c.open(&uri, "[stack]\nlanguage = \"acmelang\"\n")), ["not-in-catalogue"]);
    std::fs::write(dir.join("stack-catalogue.toml"), ACME).unwrap();
    let catalogue_uri = format!("file://{}/stack-catalogue.toml", dir.display());
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": catalogue_uri, "type": 1 }] }));
    assert!(c.diagnostics(&uri, Some(1)).is_empty(), "re-checked with acmelang known");
}

/// A broken catalogue repaired on disk, with only the watcher's notification after it: the
/// finding shown on the catalogue file is cleared (dropping the caches keeps what was shown).
#[test]
fn a_catalogue_repaired_on_disk_clears_its_finding_without_an_edit() {
    let dir = scratch("lsp-watched-repair");
    std::fs::write(dir.join("stack-catalogue.toml"), "[[technology]\n").unwrap();
    let uri = format!("file://{}/stack.toml", dir.display());
    let catalogue_uri = format!("file://{}/stack-catalogue.toml", dir.display());
    let mut c = Client::vscode();
    assert_eq!(codes(&c.open(&uri, "[stack]\nlanguage = \"acmelang\"\n")), ["not-in-catalogue"]);
    assert_eq!(codes(&c.diagnostics(&catalogue_uri, None)), ["syntax"]);
    std::fs::write(dir.join("stack-catalogue.toml"), ACME).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": catalogue_uri, "type": 2 }] }));
    assert!(c.diagnostics(&uri, Some(1)).is_empty(), "re-checked with acmelang known");
    assert!(c.diagnostics(&catalogue_uri, None).is_empty(), "the repaired catalogue's finding is cleared");
}

#[test]
fn go_to_definition_opens_a_user_catalogue_entry() {
    let dir = scratch("lsp-definition");
    std::fs::write(dir.join("stack-catalogue.toml"), format!("# Our own\n\n{ACME}")).unwrap();
    let uri = format!("file://{}/stack.toml", dir.display());
    let mut c = Client::vscode();
    assert!(c.open(&uri, "[stack]\nlanguage = \"acmelang\"\nframework = \"flask\"\n").len() == 1, "only the mismatch");
    let links = c.request("textDocument/definition", at(&uri, 1, 13));
    let link = &links[0];
    assert_eq!(link["targetUri"], format!("file://{}/stack-catalogue.toml", dir.display()));
    // The target is the entry's `id = "acmelang"` value (line 3, below the comment, a blank line
    // and `[[technology]]`); the origin is the value `"acmelang"` in the stack file.
    assert_eq!(
        link["targetSelectionRange"],
        json!({ "start": { "line": 3, "character": 5 }, "end": { "line": 3, "character": 15 } })
    );
    assert_eq!(link["originSelectionRange"]["start"], json!({ "line": 1, "character": 11 }));
    // A built-in technology has no file to open; a key has no definition.
    assert_eq!(c.request("textDocument/definition", at(&uri, 2, 14)), Value::Null);
    assert_eq!(c.request("textDocument/definition", at(&uri, 1, 2)), Value::Null);
}

#[test]
fn completion_snippets_label_details_and_lazy_documentation() {
    let text = "[project]\nscale = \"large\"\n\n[\n";
    // A client that expands snippets and resolves documentation lazily.
    let mut c = Client::start(json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": { "completion": { "completionItem": {
            "snippetSupport": true,
            "labelDetailsSupport": true,
            "resolveSupport": { "properties": ["documentation"] }
        } } }
    }));
    c.open(URI, text);
    let items = c.completion(URI, 3, 1);
    let snippet = items.iter().find(|i| i["label"] == "services.NAME (new service)").expect("the service snippet");
    assert_eq!(snippet["insertTextFormat"], 2);
    assert_eq!(snippet["textEdit"]["newText"], "[services.${1:name}]\nframework = \"$2\"$0");
    let stack = items.iter().find(|i| i["label"] == "stack").expect("[stack]");
    assert_eq!(stack["labelDetails"]["description"], "[stack]");
    assert!(stack.get("documentation").is_none(), "documentation comes on resolve");
    let resolved = c.request("completionItem/resolve", stack.clone());
    assert!(resolved["documentation"]["value"].as_str().is_some_and(|d| !d.is_empty()), "{resolved}");

    // After an edit the old item is stale: it comes back unchanged rather than wrong.
    c.did_change(URI, 2, "[stack]\n");
    c.diagnostics(URI, Some(2));
    let stale = c.request("completionItem/resolve", stack.clone());
    assert!(stale.get("documentation").is_none());

    // A client without snippet support gets no snippet item, and documentation at once.
    let mut plain = Client::vscode();
    plain.open(URI, text);
    let items = plain.completion(URI, 3, 1);
    assert!(items.iter().all(|i| i["insertTextFormat"] != 2), "{items:?}");
    assert!(items.iter().find(|i| i["label"] == "stack").unwrap()["documentation"]["value"].is_string());
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut c = Client::start(json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostics": { "refreshSupport": true }, "configuration": true }
    }));
    c.answer("workspace/configuration", json!([null]));
    // A reply to an unknown request: the server has handled everything before it.
    let synced = c.request_raw("stackls/probe", Value::Null);
    assert_eq!(synced["error"]["code"], -32601);
    c.did_open(URI, "[stack]\nframework = \"flsk\"\n");
    let pull = |c: &mut Client, previous: Option<&str>| {
        c.request("textDocument/diagnostic", json!({ "textDocument": { "uri": URI }, "previousResultId": previous }))
    };
    let first = pull(&mut c, None);
    assert_eq!(first["kind"], "full");
    assert_eq!(codes(first["items"].as_array().unwrap()), ["unknown-technology"]);
    // The code links to the rule's documentation.
    let href = first["items"][0]["codeDescription"]["href"].as_str().unwrap_or("");
    assert!(href.starts_with("https://") && href.ends_with("#rule-unknown-technology"), "{href}");
    let id = first["resultId"].as_str().unwrap().to_string();
    assert_eq!(pull(&mut c, Some(&id))["kind"], "unchanged", "nothing changed since");
    c.did_change(URI, 2, "[stack]\nframework = \"flask\"\n");
    let second = pull(&mut c, Some(&id));
    assert_eq!(second["kind"], "full");
    assert_eq!(second["items"], json!([]));
    // Nothing was pushed for the document.
    assert!(!c
        .notifications
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI));
    // Settings that change findings ask the client to pull again.
    c.notify("workspace/didChangeConfiguration", json!({ "settings": { "stackls": { "lint": {} } } }));
    c.answer("workspace/diagnostic/refresh", Value::Null);
}

#[test]
fn code_actions_answer_for_the_diagnostics_the_client_names() {
    let text = "[project]\nscale = \"large\"\n[stack]\nlanguage = \"java\"\nframework = \"flask\"\n";
    let mut c = Client::vscode();
    let diags = c.open(URI, text);
    assert_eq!(codes(&diags), ["language-mismatch", "tradeoff"], "both on the framework value");
    assert_eq!(diags[0]["range"], diags[1]["range"]);
    assert_eq!(diags[1]["data"]["rule"], "tradeoff");
    let titles = |c: &mut Client, context: Vec<Value>| -> Vec<String> {
        let actions = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": diags[0]["range"], "context": { "diagnostics": context } }),
        );
        actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_string()).collect()
    };
    let tradeoff_only = titles(&mut c, vec![diags[1].clone()]);
    assert!(tradeoff_only.contains(&"Allow `tradeoff` here".to_string()), "{tradeoff_only:?}");
    assert!(!tradeoff_only.iter().any(|t| t.starts_with("Set language")), "{tradeoff_only:?}");
    // Without diagnostics in the context (a lightbulb on a range), every finding there.
    let all = titles(&mut c, Vec::new());
    assert!(all.iter().any(|t| t.starts_with("Set language")) && all.contains(&"Allow `tradeoff` here".to_string()));
}

#[test]
fn an_unused_suppression_is_reported_and_its_fix_removes_it() {
    let text = "[stack]\nframework = \"fastapi\"\n# stackls: allow(tradeoff) nothing to silence at this scale\nserver = \"nginx\"\n";
    let mut c = Client::vscode();
    let diags = c.open(URI, text);
    assert_eq!(codes(&diags), ["unused-allow"]);
    // On `tradeoff` inside `allow(…)` of the comment.
    assert_eq!(diags[0]["range"]["start"], json!({ "line": 2, "character": 17 }));
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": diags[0]["range"], "context": { "diagnostics": [diags[0]] } }),
    );
    let remove =
        actions.as_array().unwrap().iter().find(|a| a["title"] == "Remove this suppression").expect("remove action");
    let fixed = apply_lsp_edits(text, remove["edit"]["changes"][URI].as_array().unwrap());
    assert_eq!(fixed, "[stack]\nframework = \"fastapi\"\nserver = \"nginx\"\n");
    c.did_change(URI, 2, &fixed);
    assert_eq!(codes(&c.diagnostics(URI, Some(2))), Vec::<String>::new());
}

/// A technology the catalogue lacks is a warning whose fix adds it to the user catalogue
/// beside the file: creating the file for a client that can create files, appending to an
/// existing one without touching its content; once the entry is there, the finding is gone.
#[test]
fn not_in_catalogue_adds_the_technology_to_the_user_catalogue() {
    let dir = scratch("lsp-not-in-catalogue");
    let uri = format!("file://{}/stack.toml", dir.display());
    let catalogue = dir.join("stack-catalogue.toml");
    let text = "[stack]\nlanguage = \"python\"\nframework = \"tornado\"\n";
    let caps =
        json!({ "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] } } });
    let mut c = Client::start(caps);
    let diags = c.open(&uri, text);
    assert_eq!(codes(&diags), ["not-in-catalogue"]);
    assert_eq!(diags[0]["severity"], 2, "a warning: the catalogue's gap, not the user's mistake");
    let add = |c: &mut Client, d: &Value| -> Option<Value> {
        let actions = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        actions.as_array().unwrap().iter().find(|a| a["title"] == "Add `tornado` to stack-catalogue.toml").cloned()
    };

    // No file yet: the edit creates it, then writes the entry (with the declared language).
    let action = add(&mut c, &diags[0]).expect("an Add action");
    let changes = action["edit"]["documentChanges"].as_array().expect("document changes");
    assert_eq!(changes[0]["kind"], "create");
    assert!(changes[0]["uri"].as_str().unwrap().ends_with("/stack-catalogue.toml"));
    let written = changes[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(written.contains("id = \"tornado\"") && written.contains("languages = [\"python\"]"), "{written}");
    std::fs::write(&catalogue, written).unwrap();
    c.did_change(&uri, 2, text);
    assert!(c.diagnostics(&uri, Some(2)).is_empty(), "tornado is in the user catalogue now");
    let hover = c.hover(&uri, 2, 14);
    assert!(hover["contents"]["value"].as_str().unwrap().contains("No sourced assessment yet"), "{hover}");

    // An existing file is appended to, its content kept.
    let team = "# The team's catalogue.\n[sources.team]\ntitle = \"Team notes\"\npublisher = \"us\"\n";
    std::fs::write(&catalogue, team).unwrap();
    let text3 = "[stack]\ndatabase = \"couchbase\"\n";
    c.did_change(&uri, 3, text3);
    let diags = c.diagnostics(&uri, Some(3));
    assert_eq!(codes(&diags), ["not-in-catalogue"]);
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": diags[0]["range"], "context": { "diagnostics": [diags[0]] } }),
    );
    let action = actions.as_array().unwrap().iter().find(|a| a["title"] == "Add `couchbase` to stack-catalogue.toml");
    let edit = &action.expect("an Add action")["edit"]["changes"];
    let (target, edits) = edit.as_object().unwrap().iter().next().unwrap();
    assert!(target.ends_with("/stack-catalogue.toml"));
    let appended = apply_lsp_edits(team, edits.as_array().unwrap());
    assert!(appended.starts_with(team) && appended.contains("id = \"couchbase\""), "{appended}");
    std::fs::write(&catalogue, &appended).unwrap();
    c.did_change(&uri, 4, text3);
    assert!(c.diagnostics(&uri, Some(4)).is_empty(), "couchbase is in the user catalogue now");
}

/// A client that cannot create files is offered no Add action while the file is missing.
#[test]
fn not_in_catalogue_offers_no_file_creation_to_a_client_that_cannot() {
    let dir = scratch("lsp-not-in-catalogue-plain");
    let uri = format!("file://{}/stack.toml", dir.display());
    let mut c = Client::start(json!({}));
    let diags = c.open(&uri, "[stack]\ndatabase = \"couchbase\"\n");
    assert_eq!(codes(&diags), ["not-in-catalogue"]);
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": diags[0]["range"], "context": { "diagnostics": [diags[0]] } }),
    );
    let titles: Vec<&str> = actions.as_array().unwrap().iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(!titles.iter().any(|t| t.starts_with("Add `couchbase`")), "{titles:?}");
    assert!(titles.contains(&"Allow `not-in-catalogue` here"), "{titles:?}");
}

/// `stackls/report` (the VS Code command "Show stack report"): the page of the open
/// document as it stands, unsaved edits included; a document that is not open is an error
/// reply, and the server goes on.
#[test]
fn the_report_request_renders_the_current_text() {
    let mut c = Client::vscode();
    let text = "[project]\nname = \"shop\"\nscale = \"large\"\n[services.web]\nframework = \"flask\"\n";
    c.open(URI, text);
    let page = c.request("stackls/report", json!({ "textDocument": { "uri": URI } }));
    let html = page["html"].as_str().expect("an html string");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"data-service="web""#));
    assert!(html.contains("Flask: scalability challenges"));
    // An edit that is not saved shows at once.
    c.did_change(URI, 2, &text.replace("flask", "django"));
    c.diagnostics(URI, Some(2));
    let page = c.request("stackls/report", json!({ "textDocument": { "uri": URI } }));
    let html = page["html"].as_str().unwrap();
    assert!(html.contains("Django") && !html.contains("Flask: scalability"), "the edited text is reported");
    let missing = c.request_raw("stackls/report", json!({ "textDocument": { "uri": "file:///nope/stack.toml" } }));
    assert_eq!(missing["error"]["code"], -32602, "{missing}");
    let bad = c.request_raw("stackls/report", json!({ "uri": 3 }));
    assert!(bad.get("error").is_some(), "{bad}");
    assert!(c.hover(URI, 4, 14)["contents"]["value"].as_str().unwrap().starts_with("### Django"));
    assert_eq!(c.shutdown(), Some(0));
}
