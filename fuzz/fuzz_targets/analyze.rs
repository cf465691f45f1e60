//! The analysis entry point on arbitrary input: no panic, every span inside the text, and
//! hover/completion at a derived offset answer without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stackls::analysis::analyze;
use stackls::catalogue::Catalogue;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let catalogue = &Catalogue::builtin_arc();
    let analysis = analyze(&text, catalogue);
    for d in &analysis.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        for fix in analysis.fixes_for(d) {
            for e in &fix.edits {
                assert!(
                    e.span.end <= text.len()
                        && text.is_char_boundary(e.span.start)
                        && text.is_char_boundary(e.span.end)
                );
            }
        }
    }
    let mut offset = data.len().wrapping_mul(31) % (text.len() + 1);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let _ = analysis.hover(offset);
    for item in analysis.completions(offset) {
        assert!(item.edit.span.end <= text.len());
    }
    let _ = analysis.symbols();
});
