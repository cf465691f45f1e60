//! Targeted suppressions, in one place: `allow` entries written as tables in `[lint]` and
//! `# stackls: allow(RULE, …) reason` comments (parsed as part of lowering), applying them
//! after levels, expiry (`until`), unused detection, and the "Allow here" / "Allow in this
//! file" fixes.

use super::model::{Lowerer, Model};
use super::schema::TableKind;
use super::syntax::{Entry, Span, Value, ValueKind};
use super::{Date, Diagnostic, Edit, Finding, Fix, Rule};
use crate::analysis::suggest::closest;
use crate::catalogue::{Catalogue, TechId};

/// A targeted suppression: an `allow` entry written as a table in `[lint]`, or a
/// `# stackls: allow(RULE) reason` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub rule: Rule,
    /// Where the rule is named (reported when it suppresses nothing).
    pub span: Span,
    /// What to delete to remove it: the array item, or the comment.
    pub entry: Span,
    /// Only findings about this technology.
    pub tech: Option<TechId>,
    pub reason: Option<String>,
    /// The last day it applies, and where that date is written.
    pub until: Option<(Date, Span)>,
    /// Only findings that start in this byte range (a comment's line, or the line below a
    /// comment on its own line); `None` for the whole file.
    pub lines: Option<Span>,
}

/// Applies the targeted suppressions (`[lint]` allow tables and `# stackls: allow(…)`
/// comments): they remove matching findings whatever their level. Returns what they have to
/// say for themselves: `expired-allow` for one past its `until` date (which no longer
/// suppresses), `unused-allow` for one that suppressed nothing.
pub(super) fn apply(
    text: &str,
    model: &Model,
    catalogue: &Catalogue,
    today: Option<Date>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Finding> {
    let all = &model.lint.suppressions;
    let expired = |s: &Suppression| matches!((s.until, today), (Some((until, _)), Some(today)) if today > until);
    let mut used = vec![false; all.len()];
    // File-wide ones are few; line-scoped ones are found by binary search on their start.
    let wide: Vec<usize> = (0..all.len()).filter(|&i| all[i].lines.is_none() && !expired(&all[i])).collect();
    let mut scoped: Vec<(Span, usize)> =
        (0..all.len()).filter_map(|i| all[i].lines.filter(|_| !expired(&all[i])).map(|l| (l, i))).collect();
    scoped.sort_by_key(|(l, _)| l.start);
    diagnostics.retain(|d| {
        let matches =
            |i: usize| all[i].rule == d.rule && all[i].tech.is_none_or(|t| d.tech == Some(t) || d.also == Some(t));
        if let Some(&i) = wide.iter().find(|&&i| matches(i)) {
            used[i] = true;
            return false;
        }
        let upto = scoped.partition_point(|(l, _)| l.start <= d.span.start);
        // Covered ranges span a line or two: look back only while they can still reach.
        for &(lines, i) in scoped[..upto].iter().rev().take(8) {
            if lines.contains(d.span.start) && matches(i) {
                used[i] = true;
                return false;
            }
        }
        true
    });
    let mut out = Vec::new();
    for (i, s) in all.iter().enumerate() {
        let about = s.tech.map(|t| format!(" for {}", catalogue.tech(t).name)).unwrap_or_default();
        let removal =
            Fix { title: "Remove this suppression".into(), edits: vec![remove_entry(text, s.entry)], preferred: false };
        if expired(s) {
            out.push(super::rules::expired_allow::finding(s, &about, removal));
        } else if !used[i] {
            out.push(super::rules::unused_allow::finding(s, &about, removal));
        }
    }
    out
}

/// An edit deleting an array item (with one neighbouring comma) or a comment (with its line,
/// when it stands alone there).
fn remove_entry(text: &str, entry: Span) -> Edit {
    let bytes = text.as_bytes();
    if text.get(entry.start..entry.end).is_some_and(|e| e.ends_with('\n')) {
        return Edit { span: entry, text: String::new() };
    }
    if bytes.get(entry.start) == Some(&b'#') {
        // A trailing comment: remove it and the spaces before it.
        let start = text[..entry.start].trim_end_matches([' ', '\t']).len();
        return Edit { span: Span::new(start, entry.end), text: String::new() };
    }
    // An array item: take the comma after it (and the space), else the comma before it.
    let after = &text[entry.end..];
    let rest = after.trim_start_matches([' ', '\t', '\r', '\n']);
    if let Some(r) = rest.strip_prefix(',') {
        let gap = r.len() - r.trim_start_matches([' ', '\t']).len();
        let end = text.len() - r.len() + gap;
        return Edit { span: Span::new(entry.start, end), text: String::new() };
    }
    let before = text[..entry.start].trim_end_matches([' ', '\t', '\r', '\n']);
    let start = before.strip_suffix(',').map_or(entry.start, str::len);
    Edit { span: Span::new(start, entry.end), text: String::new() }
}

/// "Allow `RULE` in this file": adds the rule to `[lint] allow`, creating what is missing.
pub fn allow_fix(text: &str, model: &Model, rule: Rule) -> Option<Fix> {
    // Syntax errors cannot be silenced; a rule with an explicit level would stay reported.
    if !rule.levelled() || model.lint.level(rule).is_some() {
        return None;
    }
    let code = rule.code();
    let lint = &model.lint;
    let edit = if let Some(array) = lint.allow_array {
        // Only a closed `[ … ]` can take one more item.
        let closed =
            text.get(array.start..array.start + 1) == Some("[") && text.get(array.end - 1..array.end) == Some("]");
        if !closed {
            return None;
        }
        // Insert before the closing bracket.
        let inner = text.get(array.start + 1..array.end.saturating_sub(1)).unwrap_or("");
        let sep = if inner.trim().trim_end_matches(',').is_empty() {
            ""
        } else if inner.trim_end().ends_with(',') {
            " "
        } else {
            ", "
        };
        let at = array.start + 1 + inner.trim_end().len();
        super::Edit { span: Span::new(at, at), text: format!("{sep}\"{code}\"") }
    } else if lint.allow_written {
        // `allow` is there but is no array: adding a second `allow` would not be TOML.
        return None;
    } else if let Some(header) = lint.header {
        super::Edit { span: Span::new(header.end, header.end), text: format!("\nallow = [\"{code}\"]") }
    } else {
        let end = text.len();
        let lead = if text.is_empty() || text.ends_with("\n\n") {
            ""
        } else if text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        super::Edit { span: Span::new(end, end), text: format!("{lead}[lint]\nallow = [\"{code}\"]\n") }
    };
    Some(Fix { title: format!("Allow `{code}` in this file"), edits: vec![edit], preferred: false })
}

/// "Allow `RULE` here": a `# stackls: allow(RULE)` comment on its own line above the finding,
/// indented like that line.
pub fn allow_here_fix(text: &str, d: &Diagnostic) -> Option<Fix> {
    if !d.rule.info().allowed_on_a_line() {
        return None;
    }
    let start = d.span.start.min(text.len());
    // A byte-order mark stays first: the comment goes after it.
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let line_start = text.get(..start)?.rfind('\n').map_or(bom, |i| i + 1).max(bom.min(start));
    let line = &text[line_start..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let edit = super::Edit {
        span: Span::new(line_start, line_start),
        text: format!("{indent}# stackls: allow({}){eol}", d.rule.code()),
    };
    Some(Fix { title: format!("Allow `{}` here", d.rule.code()), edits: vec![edit], preferred: false })
}

impl Lowerer<'_> {
    /// `{ rule = "tradeoff", tech = "flask", reason = "…", until = 2027-06-30 }` in `allow`.
    pub(super) fn allow_table(&mut self, item: &Value, fields: &[Entry]) {
        let (mut rule, mut tech, mut reason, mut until) = (None, None, None, None);
        let mut rule_span = item.span;
        for field in fields {
            let (Some(name), Some(value)) = (field.keys.first(), field.value.as_ref()) else { continue };
            if field.keys.len() > 1 {
                self.push(name.span, Rule::UnknownKey, "an `allow` entry takes plain keys".into(), Vec::new());
                continue;
            }
            let string = |lowerer: &mut Self| match value.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    let message = format!("`{}` takes a string, not {}", name.text, value.type_name());
                    lowerer.push(value.span, Rule::InvalidValue, message, Vec::new());
                    None
                }
            };
            match name.text.as_str() {
                "rule" => {
                    rule_span = value.span;
                    rule = string(self).and_then(|code| self.rule_code(&code, value.span, false));
                }
                "tech" => {
                    tech = string(self).and_then(|t| match self.catalogue.lookup(&t) {
                        Some(id) => Some(id),
                        None => {
                            let suggestions = closest(&t, self.catalogue.names().map(|(n, _)| n), 3);
                            let message = match suggestions.first() {
                                Some(s) => format!("unknown technology `{t}`; did you mean `{s}`?"),
                                None => format!("unknown technology `{t}`"),
                            };
                            let fixes = self.replacements(value.span, &suggestions);
                            self.push(value.span, Rule::UnknownTechnology, message, fixes);
                            None
                        }
                    });
                }
                "reason" => reason = string(self),
                "until" => match date_of(self.text, value) {
                    Some(date) => until = Some((date, value.span)),
                    None => self.push(
                        value.span,
                        Rule::InvalidValue,
                        format!("`until` takes a date such as 2027-06-30, not {}", value.type_name()),
                        Vec::new(),
                    ),
                },
                other => {
                    let names: Vec<&str> = TableKind::AllowEntry.keys().iter().map(|k| k.name).collect();
                    let suggestions = closest(other, names.iter().copied(), 1);
                    let message = match suggestions.first() {
                        Some(s) => format!("unknown key `{other}` in an `allow` entry; did you mean `{s}`?"),
                        None => format!("unknown key `{other}` in an `allow` entry; it takes {}", names.join(", ")),
                    };
                    // A rename must not repeat a key of the entry, and the value must be what
                    // the new key takes.
                    let present = |k: &str| fields.iter().any(|f| f.keys.first().is_some_and(|n| n.text == k));
                    let fits = |k: &str| match k {
                        "rule" => value.as_str().and_then(Rule::from_code).is_some_and(|r| r != Rule::Syntax),
                        "tech" => value.as_str().and_then(|t| self.catalogue.lookup(t)).is_some(),
                        "reason" => value.as_str().is_some(),
                        _ => date_of(self.text, value).is_some(),
                    };
                    let fixes = suggestions
                        .iter()
                        .filter(|s| !present(s) && fits(s))
                        .map(|s| Fix {
                            title: format!("Rename to `{s}`"),
                            edits: vec![Edit { span: name.span, text: (*s).to_string() }],
                            preferred: true,
                        })
                        .collect();
                    self.push(name.span, Rule::UnknownKey, message, fixes);
                }
            }
        }
        match rule {
            Some(rule) => self.model.lint.suppressions.push(Suppression {
                rule,
                span: rule_span,
                entry: item.span,
                tech,
                reason,
                until,
                lines: None,
            }),
            None if !fields.iter().any(|f| f.keys.first().is_some_and(|k| k.text == "rule")) => {
                self.push(item.span, Rule::InvalidValue, "an `allow` entry needs a `rule`".into(), Vec::new());
            }
            None => {}
        }
    }

    /// `# stackls: allow(tradeoff, use-case-fit) reason`.
    pub(super) fn directive(&mut self, comment: Span) {
        let text = self.text;
        let Some(body) = text.get(comment.start..comment.end) else { return };
        let Some(at) = body.find("stackls:") else { return };
        let rest_start = comment.start + at + "stackls:".len();
        let rest = &text[rest_start..comment.end];
        let trimmed = rest.trim_start();
        let offset = rest_start + (rest.len() - trimmed.len());
        let (Some(inner), Some(close)) = (trimmed.strip_prefix("allow("), trimmed.find(')')) else {
            let span = Span::new(offset, comment.end);
            let message = "unknown stackls directive; write `# stackls: allow(RULE, …) reason`".to_string();
            self.push(span, Rule::InvalidValue, message, Vec::new());
            return;
        };
        let codes = &inner[..close - "allow(".len()];
        let reason = trimmed[close + 1..].trim();
        let reason = (!reason.is_empty()).then(|| reason.to_string());
        // The comment's own line; a comment alone on its line covers the line below.
        let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..comment.start]).map_or(0, |i| i + 1);
        let alone = text[line_start..comment.start].trim().is_empty();
        let line_end =
            |from: usize| memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i + 1);
        let end = if alone { line_end(line_end(comment.end).min(text.len())) } else { line_end(comment.end) };
        let lines = Span::new(line_start, end);
        let mut from = offset + "allow(".len();
        for code in codes.split(',') {
            let start = from + (code.len() - code.trim_start().len());
            let span = Span::new(start, start + code.trim().len());
            from += code.len() + 1;
            if code.trim().is_empty() {
                continue;
            }
            if let Some(rule) = self.rule_code(code.trim(), span, true) {
                let entry = if alone { Span::new(line_start, line_end(comment.end)) } else { comment };
                self.model.lint.suppressions.push(Suppression {
                    rule,
                    span,
                    entry,
                    tech: None,
                    reason: reason.clone(),
                    until: None,
                    lines: Some(lines),
                });
            }
        }
    }
}

/// The date of a TOML date value (`2027-06-30`, or the date part of a date-time).
pub(super) fn date_of(text: &str, value: &Value) -> Option<Date> {
    if value.kind != ValueKind::DateTime {
        return None;
    }
    let raw = text.get(value.span.start..value.span.end)?;
    let date = raw.parse::<toml_datetime::Datetime>().ok()?.date?;
    Some(Date { year: date.year, month: date.month, day: date.day })
}
