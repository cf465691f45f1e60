//! The performance baseline: read a file and lex + parse it with `toml_parser`, nothing
//! else. `benches/compare.sh` runs it beside `stackls check` and `taplo lint`.
//!
//! cargo run --release --example toml_baseline -- FILE

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: toml_baseline FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let source = toml_parser::Source::new(&text);
    let tokens = source.lex().into_vec();
    let mut events: Vec<toml_parser::parser::Event> = Vec::with_capacity(tokens.len());
    toml_parser::parser::parse_document(&tokens, &mut events, &mut ());
    println!("{} events", events.len());
}
