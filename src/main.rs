//! `madoguchi` command-line entry point; everything lives in `madoguchi::cli`.
fn main() {
    std::process::exit(madoguchi::cli::main());
}
