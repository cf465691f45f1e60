//! Findings on a value several services share, merged: the project rules check every service
//! in its own context, and the same finding on the same value (a `[stack]` value the
//! services inherit) is built once and names the services it holds in. Not a rule.

use crate::analysis::service::PerValue;
use crate::analysis::{Attributes, Finding, Fix, Rule, Span, Subject};
use crate::catalogue::TechId;

/// A finding's identity: where, which rule, what (technology id, and claim or use case), and
/// what it carries besides (a language's claim folded into a framework's, or the language a
/// use case was also judged on).
pub(super) type FindingKey<'a> = (Span, Rule, &'a str, &'a str, &'a str);

/// A finding being collected: its message, fixes and the services it was found in.
struct Found<'a> {
    span: Span,
    rule: Rule,
    tech: TechId,
    also: Option<TechId>,
    message: String,
    fixes: Vec<Fix>,
    /// The services named in the message: those that inherit the value.
    services: Vec<&'a str>,
    /// Every service it holds in, with the attributes it turns on there.
    subject: Subject,
}

/// A finding's first build: its message, fixes and the sources of its claims.
pub(super) type Built = (String, Vec<Fix>, Sources);

/// Source ids, stored inline.
pub(super) type Sources = smallvec::SmallVec<[compact_str::CompactString; 2]>;

/// The ids of a claim's sources.
pub(super) fn ids(sources: &[String]) -> Sources {
    sources.iter().map(|s| compact_str::CompactString::from(s.as_str())).collect()
}

/// Where one finding was found: the service (its name, `None` for `[stack]` alone), the
/// name to give in the message (when it inherits the value), and the attributes it turns on.
pub(super) struct In<'a, F: FnOnce() -> Attributes> {
    pub service: Option<&'a str>,
    pub label: Option<&'a str>,
    pub attributes: F,
}

/// No attributes: what a finding that turns on none (`language-mismatch`) passes to [`In`].
pub(super) fn none() -> Attributes {
    Attributes::new()
}

/// The findings of one rule, each once however many services share its value.
#[derive(Default)]
pub(super) struct Pending<'a> {
    found: PerValue<FindingKey<'a>, Found<'a>>,
}

/// Services named in one message; the rest are counted.
const NAMED_SERVICES: usize = 5;

impl<'a> Pending<'a> {
    /// Records a finding; the same finding from several services is merged. Its message and
    /// fixes are built only the first time.
    pub(super) fn add(
        &mut self,
        key: FindingKey<'a>,
        (tech, also): (TechId, Option<TechId>),
        at: In<'a, impl FnOnce() -> Attributes>,
        build: impl FnOnce() -> Built,
    ) {
        let found = self.found.entry(key, || {
            let (message, fixes, sources) = build();
            let subject = Subject { services: smallvec::SmallVec::new(), sources };
            Found { span: key.0, rule: key.1, tech, also, message, fixes, services: Vec::new(), subject }
        });
        // Services are checked one after the other: a repeat can only be the last one.
        if let Some(s) = at.label {
            if found.services.last() != Some(&s) {
                found.services.push(s);
            }
        }
        let name = at.service.map(compact_str::CompactString::from);
        match found.subject.services.last_mut() {
            Some((last, attributes)) if *last == name => {
                for a in (at.attributes)() {
                    if !attributes.contains(&a) {
                        attributes.push(a);
                    }
                }
            }
            _ => found.subject.services.push((name, (at.attributes)())),
        }
    }

    /// The findings, in the order first found, each message naming the services that
    /// inherit its value.
    pub(super) fn finish(self, out: &mut Vec<Finding>) {
        for Found { span, rule, tech, also, mut message, fixes, services, subject } in self.found.into_values() {
            match services.as_slice() {
                [] => {}
                [one] => message.push_str(&format!(" — in service `{one}`")),
                many => {
                    let named: Vec<String> = many.iter().take(NAMED_SERVICES).map(|s| format!("`{s}`")).collect();
                    message.push_str(&format!(" — in services {}", named.join(", ")));
                    if many.len() > NAMED_SERVICES {
                        message.push_str(&format!(" and {} more", many.len() - NAMED_SERVICES));
                    }
                }
            }
            let subject = Some(Box::new(subject));
            out.push(Finding {
                span,
                rule,
                message,
                fixes,
                tech: Some(tech),
                also,
                addition: None,
                advisory: false,
                subject,
            });
        }
    }
}
