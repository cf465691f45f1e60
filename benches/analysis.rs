//! Benchmarks of the analysis on generated stack files of 100, 2,000 and 20,000 services,
//! beside the baseline the performance budget is measured against: a bare `toml_parser`
//! lex + parse of the same bytes. Run: `cargo bench --bench analysis`.

mod generate;

use divan::{black_box, Bencher};
use stackls::analysis::{analyze, syntax, Span};
use stackls::catalogue::Catalogue;

const SIZES: &[usize] = &[100, 2_000, 20_000];

fn main() {
    divan::main();
}

/// The baseline: lexing and parsing with `toml_parser`, events discarded.
#[divan::bench(args = SIZES)]
fn baseline_toml_parser(bencher: Bencher, services: usize) {
    let text = generate::stack_file(services);
    bencher.counter(divan::counter::BytesCount::of_str(&text)).bench(|| {
        let source = toml_parser::Source::new(black_box(&text));
        let tokens = source.lex().into_vec();
        let mut events: Vec<toml_parser::parser::Event> = Vec::with_capacity(tokens.len());
        toml_parser::parser::parse_document(&tokens, &mut events, &mut ());
        events.len()
    });
}

#[divan::bench(args = SIZES)]
fn parse(bencher: Bencher, services: usize) {
    let text = generate::stack_file(services);
    bencher.counter(divan::counter::BytesCount::of_str(&text)).bench(|| syntax::parse(black_box(&text)));
}

#[divan::bench(args = SIZES)]
fn analyze_full(bencher: Bencher, services: usize) {
    let text = generate::stack_file(services);
    let catalogue = &Catalogue::builtin_arc();
    bencher.counter(divan::counter::BytesCount::of_str(&text)).bench(|| analyze(black_box(&text), catalogue));
}

/// The offset of the last framework value: the far end of the document.
fn last_value(text: &str) -> usize {
    text.rfind("framework = \"").map_or(0, |i| i + "framework = \"".len() + 2)
}

#[divan::bench(args = SIZES)]
fn hover(bencher: Bencher, services: usize) {
    let text = generate::stack_file(services);
    let catalogue = &Catalogue::builtin_arc();
    let analysis = analyze(&text, catalogue);
    let at = last_value(&text);
    bencher.bench(|| analysis.hover(black_box(at)));
}

#[divan::bench(args = SIZES)]
fn completion(bencher: Bencher, services: usize) {
    let text = generate::stack_file(services);
    let catalogue = &Catalogue::builtin_arc();
    let analysis = analyze(&text, catalogue);
    let at = last_value(&text);
    bencher.bench(|| analysis.completions(black_box(at)));
}

#[divan::bench(args = SIZES)]
fn code_actions(bencher: Bencher, services: usize) {
    let text = generate::stack_file(services);
    let catalogue = &Catalogue::builtin_arc();
    let analysis = analyze(&text, catalogue);
    let span = analysis.diagnostics.last().map_or(Span::default(), |d| d.span);
    bencher.bench(|| analysis.fixes(black_box(span)).len());
}

/// The document outline (`textDocument/documentSymbol`): one node per service.
#[divan::bench(args = SIZES)]
fn symbols(bencher: Bencher, services: usize) {
    let text = generate::stack_file(services);
    let analysis = analyze(&text, &Catalogue::builtin_arc());
    bencher.bench(|| analysis.symbols().len());
}

/// Folding ranges and inlay hints, asked for on every change by most editors.
#[divan::bench(args = SIZES)]
fn folding_and_inlay_hints(bencher: Bencher, services: usize) {
    let text = generate::stack_file(services);
    let catalogue = &Catalogue::builtin_arc();
    let analysis = analyze(&text, catalogue);
    bencher.bench(|| analysis.folding().len() + analysis.inlay_hints().len());
}
