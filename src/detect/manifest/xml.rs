//! XML access shared by the Maven and MSBuild parsers: roxmltree with its defaults (a DTD is an
//! error, so no entity expansion; the tree is built without recursion, so deep nesting costs
//! memory, not stack), elements matched by local name whatever their namespace.

use roxmltree::{Document, Node};

/// Parses `text`, or a one-line reason with the position roxmltree reports.
pub(super) fn parse(text: &str) -> Result<Document<'_>, String> {
    Document::parse(text).map_err(|e| match e {
        roxmltree::Error::DtdDetected => "a DOCTYPE declaration is not read (no entity expansion)".to_string(),
        e => format!("not well-formed XML: {e}"),
    })
}

/// Child elements of `node` named `local` (any namespace).
pub(super) fn children<'a, 'i>(node: Node<'a, 'i>, local: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == local)
}

/// The first child element of `node` named `local`.
pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, local: &'static str) -> Option<Node<'a, 'i>> {
    children(node, local).next()
}

/// The text of `node`'s direct text children, trimmed (comments between them dropped);
/// `None` when empty.
pub(super) fn text(node: Node<'_, '_>) -> Option<String> {
    let mut s = String::new();
    for c in node.children().filter(|c| c.is_text()) {
        s.push_str(c.text().unwrap_or(""));
    }
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The text of the first child element named `local`.
pub(super) fn child_text(node: Node<'_, '_>, local: &'static str) -> Option<String> {
    child(node, local).and_then(text)
}

/// An attribute by local name, case-insensitively (MSBuild attribute names are not
/// case-sensitive), trimmed; `None` when absent or empty.
pub(super) fn attr_ci<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name().eq_ignore_ascii_case(name)).map(|a| a.value().trim()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_xml_is_an_error_with_a_position() {
        let err = parse("<project>\n  <dependencies>\n</project>").unwrap_err();
        assert!(err.starts_with("not well-formed XML"), "{err}");
        assert!(err.contains("3:"), "{err}");
    }

    #[test]
    fn a_dtd_is_refused() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<project>&lol3;</project>"#;
        assert!(parse(bomb).unwrap_err().contains("DOCTYPE"));
    }

    #[test]
    fn text_joins_text_children_around_comments() {
        let doc = parse("<a><v> 1.<!-- x -->0 </v><e/><w>  </w></a>").unwrap();
        let a = doc.root_element();
        assert_eq!(child_text(a, "v").as_deref(), Some("1.0"));
        assert_eq!(child_text(a, "e"), None);
        assert_eq!(child_text(a, "w"), None);
        assert_eq!(child_text(a, "missing"), None);
    }
}
