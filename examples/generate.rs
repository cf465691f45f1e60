//! Prints a generated stack file: `cargo run --release --example generate -- 20000 > big.stack.toml`.

#[path = "../benches/generate.rs"]
mod generate;

fn main() {
    let services = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100);
    print!("{}", generate::stack_file(services));
}
