//! The month run as the benchmarks time it, shared by the 医療券 and the 介護券 benches: propose
//! (`vouchers::plan`), issue exactly `want` of the proposal on its own connection (as the
//! background job does) and print all of the month's vouchers through the print queue.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Datelike;
use madoguchi::demo;
use madoguchi::domain::voucher::{Disposition, VoucherMonth};
use madoguchi::service::vouchers::{issue, plan, scheme};
use madoguchi::service::{system_clock, App};

pub struct MonthRun {
    pub month: String,
    pub due: usize,
    pub propose: Duration,
    pub issue: Duration,
    /// Exchange-outbox records the issue wrote in its transactions (the online-eligibility list).
    pub outbox: i64,
    pub pdf: Duration,
    pub pdf_bytes: i64,
}

impl MonthRun {
    pub fn total(&self) -> Duration {
        self.propose + self.issue + self.pdf
    }

    pub fn print(&self, what: &str, want: usize, target: &str) {
        println!("month {} with {} {what} due", self.month, self.due);
        println!(
            "propose (plan, {} due):  {:.3} s",
            self.due,
            self.propose.as_secs_f64()
        );
        println!(
            "issue {want} (+{} outbox records): {:.3} s",
            self.outbox,
            self.issue.as_secs_f64()
        );
        println!(
            "PDF of {want} (queue job):  {:.3} s  ({} bytes, {:.0} pages/s)",
            self.pdf.as_secs_f64(),
            self.pdf_bytes,
            want as f64 / self.pdf.as_secs_f64()
        );
        println!(
            "total:                     {:.3} s  (target {target}; opening the job's connection not counted)",
            self.total().as_secs_f64()
        );
    }
}

/// Time this month's run of `kind` on the database at `path`, issuing exactly `want` vouchers
/// (the rest of the month is left for another run).
pub fn month_run(path: &Path, kind: &str, want: usize) -> MonthRun {
    let clock = system_clock();
    let today = clock().date_naive();
    let month = VoucherMonth::new(today.year(), today.month()).unwrap();
    let s = scheme(kind).unwrap();
    let mut app = App::login(path, "med1", demo::DEMO_PASSWORD).unwrap();

    let t = Instant::now();
    let mut p = plan(app.store().conn(), s, month, &mut Default::default()).unwrap();
    let propose = t.elapsed();
    let due = p.to_issue().count();
    assert!(
        due >= want,
        "only {due} {kind} vouchers due; raise the households"
    );
    let mut n = 0;
    for r in p.rows.iter_mut() {
        if r.disposition == Disposition::Issue {
            n += 1;
            if n > want {
                r.disposition = Disposition::Excluded;
            }
        }
    }
    let mut store = App::login(path, "med1", demo::DEMO_PASSWORD)
        .unwrap()
        .store()
        .reopen()
        .unwrap();
    let now = clock().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let outbox_before = outbox_records(&store);
    let t = Instant::now();
    let result = issue(&mut store, "med1", &now, s, &p, &mut |_, _| Ok(())).unwrap();
    let issued = t.elapsed();
    assert_eq!(result.issued.len(), want);
    let outbox = outbox_records(&store) - outbox_before;
    let t = Instant::now();
    let job = app.print_vouchers(kind, &month.code(), None).unwrap();
    let pdf = t.elapsed();
    assert_eq!(job.pages as usize, want);
    MonthRun {
        month: month.code(),
        due,
        propose,
        issue: issued,
        outbox,
        pdf,
        pdf_bytes: job.bytes,
    }
}

fn outbox_records(store: &madoguchi::store::Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap()
}
