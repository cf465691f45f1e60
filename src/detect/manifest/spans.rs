//! TOML and JSON with spans, for the parsers of those formats: a TOML document with spans (and
//! its error as `line N: reason`), and the members of a JSON object with their offsets
//! (`serde_json` validates and decodes, but gives no spans).
//!
//! Everything here takes offsets that may be out of range or off a char boundary and
//! answers something sensible rather than panicking.

use super::common::LineIndex;

// ---------------------------------------------------------------------------------------
// TOML

pub(crate) use toml::de::{DeTable, DeValue};
pub(crate) type Spanned<T> = toml::Spanned<T>;

/// Parses a TOML document, with spans; a syntax error is `line N: reason`.
pub(crate) fn toml_document<'i>(text: &'i str, lines: &LineIndex<'_>) -> Result<DeTable<'i>, String> {
    match DeTable::parse(text) {
        Ok(doc) => Ok(doc.into_inner()),
        Err(e) => {
            let reason = e.message().lines().next().unwrap_or("invalid TOML");
            Err(match e.span() {
                Some(span) => format!("line {}: {reason}", lines.line_of(span.start)),
                None => reason.to_string(),
            })
        }
    }
}

/// The table under `key`, if it is one.
pub(crate) fn toml_table<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
    table.get(key).and_then(|v| v.get_ref().as_table())
}

/// The string under `key`, if it is one.
pub(crate) fn toml_str<'a>(table: &'a DeTable<'_>, key: &str) -> Option<&'a str> {
    table.get(key).and_then(|v| v.get_ref().as_str())
}

/// The evidence of a `key = value` entry: `key = value` when both sit on one line (an inline
/// table included), else the line of the key (a `[dependencies.serde]` header, a dotted
/// `tokio.version = "1"`, a value that runs over several lines).
pub(crate) fn toml_entry_evidence(
    lines: &LineIndex<'_>,
    key: &Spanned<toml::de::DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
) -> String {
    let (k, v) = (key.span(), value.span());
    if v.start >= k.end {
        lines.evidence(k.start, v.end)
    } else {
        lines.line_at(k.start).to_string()
    }
}

// ---------------------------------------------------------------------------------------
// JSON

/// One `"key": value` member of a JSON object, with offsets into the text.
#[derive(Debug, Clone)]
pub(crate) struct JsonMember {
    /// The key, decoded (escapes resolved).
    pub(crate) key: String,
    pub(crate) key_start: usize,
    pub(crate) value_start: usize,
    pub(crate) value_end: usize,
}

/// Validates `text` as JSON (`serde_json`) and answers the offset of its top-level object;
/// `Err` with serde_json's reason (which names line and column) when it is not JSON, or not
/// an object.
pub(crate) fn json_object_start(text: &str) -> Result<usize, String> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(e.to_string());
    }
    let start = text.len() - text.trim_start().len();
    match text.as_bytes().get(start) {
        Some(b'{') => Ok(start),
        _ => Err("the top level is not an object".to_string()),
    }
}

/// The members of the JSON object that opens at `open` (the offset of its `{`), in the
/// order written, duplicates kept. Only the object's own members: a key of a nested object
/// is never one of them. Meant for text `serde_json` has validated; on anything else it
/// stops early with what it has read.
pub(crate) fn json_members(text: &str, open: usize) -> Vec<JsonMember> {
    let bytes = text.as_bytes();
    let mut members = Vec::new();
    if bytes.get(open) != Some(&b'{') {
        return members;
    }
    let mut i = open + 1;
    loop {
        i = skip_ws(bytes, i);
        match bytes.get(i) {
            Some(b'"') => {}
            _ => return members, // `}` or anything unexpected
        }
        let key_start = i;
        let Some(key_end) = string_end(bytes, i) else { return members };
        let raw = text.get(key_start..key_end).unwrap_or("\"\"");
        let key = serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.trim_matches('"').to_string());
        i = skip_ws(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return members;
        }
        let value_start = skip_ws(bytes, i + 1);
        let Some(value_end) = value_end(bytes, value_start) else { return members };
        members.push(JsonMember { key, key_start, value_start, value_end });
        i = skip_ws(bytes, value_end);
        match bytes.get(i) {
            Some(b',') => i += 1,
            _ => return members,
        }
    }
}

/// The member `key` of the object at `open`; the last one if the key is repeated (as
/// `serde_json` and npm read it).
pub(crate) fn json_member(text: &str, open: usize, key: &str) -> Option<JsonMember> {
    json_members(text, open).into_iter().rev().find(|m| m.key == key)
}

/// The decoded string value of a member, if it is a string.
pub(crate) fn json_string(text: &str, member: &JsonMember) -> Option<String> {
    let raw = text.get(member.value_start..member.value_end)?;
    if raw.starts_with('"') {
        serde_json::from_str::<String>(raw).ok()
    } else {
        None
    }
}

/// The elements of the JSON array that opens at `open` (the offset of its `[`), as
/// (start, end) offsets, in the order written. Meant for text `serde_json` has validated; on
/// anything else it stops early with what it has read.
pub(crate) fn json_elements(text: &str, open: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut elements = Vec::new();
    if bytes.get(open) != Some(&b'[') {
        return elements;
    }
    let mut i = skip_ws(bytes, open + 1);
    while let Some(end) = bytes.get(i).filter(|&&b| b != b']').and_then(|_| value_end(bytes, i)) {
        elements.push((i, end));
        i = skip_ws(bytes, end);
        match bytes.get(i) {
            Some(b',') => i = skip_ws(bytes, i + 1),
            _ => break,
        }
    }
    elements
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The offset just past the string that opens at `i` (a `"`).
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match bytes.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// The offset just past the value that starts at `i`.
fn value_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'"' => string_end(bytes, i),
        b'{' | b'[' => {
            // Depth counting, strings skipped: no recursion, whatever the nesting.
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match bytes.get(j)? {
                    b'"' => {
                        j = string_end(bytes, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while bytes.get(j).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_errors_name_the_line() {
        let text = "[a]\nb = 1\nb = 2\n";
        let err = toml_document(text, &LineIndex::new(text)).unwrap_err();
        assert_eq!(err, "line 3: duplicate key");
        let text = "x = [1,\n";
        assert!(toml_document(text, &LineIndex::new(text)).unwrap_err().starts_with("line 1: unclosed array"));
    }

    #[test]
    fn json_members_are_the_object_own() {
        let text = r#"{ "a": {"b": 1, "c": [1, {"b": "}"}]}, "b" : "x\"y", "d\u0041": null , "e":-1.5e3}"#;
        let open = json_object_start(text).unwrap();
        let members = json_members(text, open);
        let keys: Vec<_> = members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "dA", "e"]);
        let b = &members[1];
        assert_eq!(&text[b.key_start..b.value_end], r#""b" : "x\"y""#);
        assert_eq!(json_string(text, b).as_deref(), Some("x\"y"));
        assert_eq!(&text[members[3].value_start..members[3].value_end], "-1.5e3");
        let inner = json_members(text, members[0].value_start);
        assert_eq!(inner.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(), ["b", "c"]);
    }

    #[test]
    fn json_elements_are_the_array_own() {
        let text = r#"{"a": [ "x", {"b": ["y"]}, 1 ,"z\"]"], "e": [], "f": ["#;
        let members = json_members(text, 0);
        let elements: Vec<&str> =
            json_elements(text, members[0].value_start).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(elements, [r#""x""#, r#"{"b": ["y"]}"#, "1", r#""z\"]""#]);
        assert!(json_elements(text, members[1].value_start).is_empty());
        assert!(json_elements(text, members[0].key_start).is_empty());
        assert!(json_elements("[\"a\", ", 0).len() == 1);
        assert!(json_elements("[", 5).is_empty());
    }

    #[test]
    fn json_not_an_object_or_not_json() {
        assert_eq!(json_object_start("[1]").unwrap_err(), "the top level is not an object");
        assert!(json_object_start("{\n  \"a\": 1,\n}").unwrap_err().contains("line 3"));
        assert!(json_members("{\"a\": ", 0).is_empty());
        assert!(json_members("junk", 0).is_empty());
        assert!(json_members("{", 7).is_empty());
    }
}
