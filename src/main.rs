fn main() {
    std::process::exit(madoguchi_cli_placeholder());
}
fn madoguchi_cli_placeholder() -> i32 { 0 }
