//! The monthly 医療券・調剤券 run at a town's scale: a month with 5,000 vouchers — propose
//! (`vouchers::plan`: standing decisions, coverage, the 本人支払額 from the calculation for every
//! household), issue (numbers, rows, ledger events, audit, in chunks of 250) and the PDF of all of
//! them through the print queue (`App::print_vouchers`). Target: under 10 s together.
//!
//! Run: `cargo bench --bench vouchers` (release build; `BENCH_VOUCHERS` to change the count).
//! Figures go in docs/benchmarks.md.

mod common;

use std::time::Instant;

use madoguchi::demo;
use madoguchi::service::system_clock;

fn main() {
    let want: usize = std::env::var("BENCH_VOUCHERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let t = Instant::now();
    // The demo's mix gives about 1.29 vouchers per household.
    demo::build_sized(&path, &system_clock(), want * 100 / 125).unwrap();
    println!(
        "built the database in {:.1} s (not timed below)",
        t.elapsed().as_secs_f64()
    );
    let run = common::month_run(&path, "medical", want);
    assert_eq!(
        run.outbox, want as i64,
        "one online-eligibility record per voucher, in the issue's transactions"
    );
    run.print("vouchers", want, "< 10 s");
}
