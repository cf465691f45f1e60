//! Prints a generated stack file: `cargo run --release --example generate -- 20000 > big.stack.toml`.
//! A second argument `findings` declares a project that nearly every service collides with
//! (about 25,000 findings on 20,000 services); `versions` writes versions on the values the
//! lifecycle data tracks; without either the output is the README's files.

#[path = "../benches/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let services = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let project = match args.next().as_deref() {
        None => generate::Project::Mixed,
        Some("findings") => generate::Project::Findings,
        Some("versions") => generate::Project::Versions,
        Some(other) => {
            eprintln!("unknown variant `{other}`: `findings` or `versions`");
            std::process::exit(2);
        }
    };
    print!("{}", generate::stack_file_with(services, project));
}
