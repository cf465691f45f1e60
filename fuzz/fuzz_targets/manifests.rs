//! Every manifest and configuration parser of the detection table on arbitrary input: no
//! panic, and what a parser answers points into the text (a line that exists, evidence on
//! one trimmed line that the text holds, a name).
//!
//! The input is `name NUL text`. The name picks the format as detection does (`Format::of`),
//! and is passed to the parser (`requirements-dev.txt` is development scope,
//! `build.gradle.kts` Kotlin); the seeds are the repository's test files in this shape. A
//! name no format recognises, or an input without a NUL, picks a format among
//! `Format::all()` by the input's first byte instead, under a name from the format's first
//! glob: every row of the table is reached, a new one without any change here.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stackls::detect::manifest::Format;

fuzz_target!(|data: &[u8]| {
    let (name, body) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (String::from_utf8_lossy(&data[..nul]).into_owned(), &data[nul + 1..]),
        None => (String::new(), data),
    };
    let (format, name) = match Format::of(&name) {
        Some(format) => (format, name),
        None => {
            let count = Format::all().count();
            let pick = usize::from(data.first().copied().unwrap_or(0)) % count;
            let Some(format) = Format::all().nth(pick) else { return };
            let glob = format.info().globs.first().copied().unwrap_or_default();
            (format, glob.replace('*', "x"))
        }
    };
    let text = String::from_utf8_lossy(body);
    let Ok(deps) = format.parse(&name, &text) else { return };
    let lines = text.matches('\n').count() + 1;
    for d in &deps {
        let key = format.key();
        assert!((1..=lines).contains(&(d.line as usize)), "{key}: line {} of {lines}", d.line);
        assert!(!d.text.contains('\n'), "{key}: evidence on more than one line: {:?}", d.text);
        assert_eq!(d.text.trim(), d.text, "{key}: evidence not trimmed");
        assert!(!d.name.is_empty(), "{key}: empty name");
        // Cheap only on small texts: one search per dependency. Configuration evidence is
        // made from the key and the name, never the line (a value may be a secret): each of
        // its words is in the text, and it carries no version.
        if text.len() <= 4096 {
            if format.ecosystem() == "config" {
                assert!(d.version.is_none() && d.pinned.is_none(), "{key}: a version from configuration");
                for word in d.text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                    assert!(text.contains(word), "{key}: {word:?} of {:?} is not in the text", d.text);
                }
            } else {
                assert!(text.contains(&d.text), "{key}: {:?} is not in the text", d.text);
            }
        }
    }
});
