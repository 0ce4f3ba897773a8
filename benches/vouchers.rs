//! The monthly 医療券・調剤券 run at a town's scale: a month with 5,000 vouchers — propose
//! (`vouchers::plan`: standing decisions, coverage, the 本人支払額 from the calculation for every
//! household), issue (numbers, rows, ledger events, the online-eligibility record of each voucher
//! in the exchange outbox, audit — in chunks of 250, each one transaction) and the PDF of all of
//! them through the print queue (`App::print_vouchers`). Target: under 10 s together.
//!
//! Run: `cargo bench --bench vouchers` (release build; `BENCH_VOUCHERS` to change the count).
//! Figures go in docs/benchmarks.md.

use std::time::Instant;

use chrono::Datelike;
use madoguchi::demo;
use madoguchi::domain::voucher::{Disposition, VoucherMonth};
use madoguchi::service::vouchers::{issue, plan, scheme};
use madoguchi::service::{system_clock, App};

fn main() {
    let want: usize = std::env::var("BENCH_VOUCHERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let clock = system_clock();
    let t = Instant::now();
    // The demo's mix gives about 1.29 vouchers per household.
    demo::build_sized(&path, &clock, want * 100 / 125).unwrap();
    println!(
        "built the database in {:.1} s (not timed below)",
        t.elapsed().as_secs_f64()
    );

    let today = clock().date_naive();
    let month = VoucherMonth::new(today.year(), today.month()).unwrap();
    let s = scheme("medical").unwrap();
    let mut app = App::login(&path, "med1", demo::DEMO_PASSWORD).unwrap();

    let t = Instant::now();
    let mut p = plan(app.store().conn(), s, month, &mut Default::default()).unwrap();
    let propose = t.elapsed();
    let due = p.to_issue().count();
    assert!(due >= want, "only {due} vouchers due; raise the households");
    // Exactly `want` to issue: the rest of the month is left for another run.
    let mut n = 0;
    for r in p.rows.iter_mut() {
        if r.disposition == Disposition::Issue {
            n += 1;
            if n > want {
                r.disposition = Disposition::Excluded;
            }
        }
    }
    let mut store = app_store(&path);
    let records_before = voucher_records(&store);
    let t = Instant::now();
    let now = clock().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let result = issue(&mut store, "med1", &now, s, &p, &mut |_, _| Ok(())).unwrap();
    let issued = t.elapsed();
    assert_eq!(result.issued.len(), want);
    let records = voucher_records(&store) - records_before;
    assert_eq!(
        records, want as i64,
        "one outbox record per voucher, in the issue's transactions"
    );
    let t = Instant::now();
    let job = app.print_vouchers("medical", &month.code(), None).unwrap();
    let pdf = t.elapsed();
    let all = propose + issued + pdf;
    assert_eq!(job.pages as usize, want);
    println!("month {} with {due} vouchers due", month.code());
    println!(
        "propose (plan, {due} due):      {:.3} s",
        propose.as_secs_f64()
    );
    println!(
        "issue {want} (+{records} outbox records): {:.3} s",
        issued.as_secs_f64()
    );
    println!(
        "PDF of {want} (queue job):     {:.3} s  ({} bytes, {:.0} pages/s)",
        pdf.as_secs_f64(),
        job.bytes,
        want as f64 / pdf.as_secs_f64()
    );
    println!("total:                        {:.3} s  (target < 10 s; opening the job's connection not counted)", all.as_secs_f64());
}

/// The issue runs on its own connection, as the background job does.
fn app_store(path: &std::path::Path) -> madoguchi::store::Store {
    App::login(path, "med1", demo::DEMO_PASSWORD)
        .unwrap()
        .store()
        .reopen()
        .unwrap()
}

/// The online-eligibility records of issued vouchers waiting in the exchange outbox.
fn voucher_records(store: &madoguchi::store::Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM outbox WHERE kind = 'voucher_issued'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}
