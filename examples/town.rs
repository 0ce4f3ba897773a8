//! An office of N 保護中 households (default 10,000), each with a stored situation, the test rate
//! set (open-ended copy) and a caseworker `cw`: for trying the background jobs (一括認定 with its
//! progress bar while the counter search keeps answering) at a town's scale.
//!
//! `cargo run --example town -- PATH [N]` — the administrator is `admin`, both passwords are
//! `madoguchi-demo` (cw: change at first login is done). Synthetic, fictitious data only.

use std::path::PathBuf;

use madoguchi::demo::town::{self, Town};
use madoguchi::service::system_clock;

const PW: &str = "madoguchi-demo";

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().expect("usage: town PATH [N]"));
    let n: usize = args.next().map(|s| s.parse().expect("N")).unwrap_or(10_000);
    let clock = system_clock();
    let now = clock().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    // The test set ends on 2026-03-31; an open-ended copy prices any date.
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rates/test-2025");
    let files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let text = if name == "manifest.toml" {
                text.replace("effective_to = \"2026-03-31\"\n", "")
            } else {
                text
            };
            (name, text)
        })
        .collect();
    let spec = Town {
        households: n,
        today: clock().date_naive(),
        now: &now,
        admin: ("admin", PW),
        caseworker_password: PW,
        rate_files: &files,
    };
    town::build(&path, &spec, &clock, |i, _| town::plain_situation(i)).unwrap();
    println!("{} households in {}", n, path.display());
}
