//! A small reading of block YAML for configuration files: each `key: value` line with the
//! keys of the mappings that enclose it, by indentation (`spring:` / `  datasource:` /
//! `    url: x` is `spring.datasource.url = x`). No anchors are resolved, no flow mappings
//! read, list items and block scalars are skipped: what it cannot read, it leaves out. Never
//! panics; cost is linear in the text (the key path is as deep as the indentation).

/// One `key: value` entry: the enclosing keys and its own, its value as written (comment
/// removed, quotes kept), and its 1-based line.
pub(super) struct Entry<'a> {
    pub path: Vec<&'a str>,
    pub value: &'a str,
    pub line: u32,
}

/// Deeper than this, keys are not tracked (a hostile file nests without bound).
const MAX_DEPTH: usize = 64;

pub(super) fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    // The enclosing keys, with their indentation.
    let mut stack: Vec<(usize, &str)> = Vec::new();
    // Inside a block scalar or list item: lines indented more than this are skipped.
    let mut skip_deeper: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let content = raw.trim_start_matches('\u{feff}');
        let indent = content.len() - content.trim_start_matches(' ').len();
        let l = content.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if l.starts_with("---") || l.starts_with("...") {
            stack.clear();
            skip_deeper = None;
            continue;
        }
        if let Some(limit) = skip_deeper {
            if indent > limit {
                continue;
            }
            skip_deeper = None;
        }
        while stack.last().is_some_and(|(at, _)| *at >= indent) {
            stack.pop();
        }
        if l.starts_with('-') {
            skip_deeper = Some(indent);
            continue;
        }
        let Some((key, value)) = split_key(l) else { continue };
        let value = strip_comment(value);
        if value.is_empty() || value.starts_with('&') {
            if stack.len() < MAX_DEPTH {
                stack.push((indent, key));
            }
            continue;
        }
        if value.starts_with('|') || value.starts_with('>') {
            skip_deeper = Some(indent);
            continue;
        }
        let mut path: Vec<&str> = stack.iter().map(|(_, k)| *k).collect();
        path.push(key);
        out.push(Entry { path, value, line });
    }
    out
}

/// `key: value` → (`key`, `value`); the key may be quoted. `None` when the line is not one.
fn split_key(l: &str) -> Option<(&str, &str)> {
    let (key, rest) = if let Some(q) = l.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = l.get(1..)?;
        let end = body.find(q)?;
        (body.get(..end)?, body.get(end + 1..)?.strip_prefix(':')?)
    } else {
        let at = l.find(": ").or_else(|| l.strip_suffix(':').map(|k| k.len()))?;
        (l.get(..at)?, l.get(at + 1..)?)
    };
    let key = key.trim();
    (!key.is_empty() && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some((key, rest.trim()))
}

/// A value without its ` #` comment (a `#` inside quotes is kept).
fn strip_comment(v: &str) -> &str {
    if v.starts_with(['"', '\'']) {
        return v;
    }
    v.split(" #").next().unwrap_or("").trim()
}

/// A scalar without its quotes.
pub(super) fn unquote(v: &str) -> &str {
    let v = v.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q) {
            return inner.split(q).next().unwrap_or("");
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(text: &str) -> Vec<String> {
        entries(text).iter().map(|e| format!("{} {}={}", e.line, e.path.join("."), e.value)).collect()
    }

    #[test]
    fn nested_keys() {
        let text = "default: &default\n  adapter: postgresql # pg\n  pool: 5\n\ndevelopment:\n  <<: *default\n  database: x\nlist:\n  - a: 1\n    b: 2\n  c: |\n    d: 3\n  e: 'f # g'\n---\n\"q\": 1\n";
        assert_eq!(
            flat(text),
            [
                "2 default.adapter=postgresql",
                "3 default.pool=5",
                "6 development.<<=*default",
                "7 development.database=x",
                "13 list.e='f # g'",
                "15 q=1",
            ]
        );
        assert_eq!(unquote("'a'"), "a");
    }
}
