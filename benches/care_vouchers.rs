//! The monthly 介護券 run at a town's scale: a month with 2,000 介護券 — propose (`vouchers::plan`
//! over the care scheme: approved care-aid decisions, coverage, the 本人支払額 from the
//! calculation), issue (受給者番号 shared with the month's 医療券, 交付番号, rows, ledger events,
//! audit, in chunks) and the PDF of all of them through the print queue. Target: under 5 s
//! together (issue 12).
//!
//! Run: `cargo bench --bench care_vouchers` (release build; `BENCH_CARE_VOUCHERS` to change the
//! count). Figures go in docs/benchmarks.md.

mod common;

use std::time::Instant;

use madoguchi::demo;
use madoguchi::service::system_clock;

fn main() {
    let want: usize = std::env::var("BENCH_CARE_VOUCHERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let clock = system_clock();
    let t = Instant::now();
    // Most demo care cases have two providers (1.75 介護券 a case); households are sized so
    // enough members are 40 or over.
    demo::build_sized(&path, &clock, want * 2).unwrap();
    let cases = demo::care::install_cases(&path, &clock, want * 2 / 3).unwrap();
    println!(
        "built the database ({cases} more care cases) in {:.1} s (not timed below)",
        t.elapsed().as_secs_f64()
    );
    common::month_run(&path, "care", want).print("介護券", want, "< 5 s");
}
