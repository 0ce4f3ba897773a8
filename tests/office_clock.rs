//! The office's day is Japan's day: from 00:00 to 09:00 JST the UTC date is still yesterday, and
//! every date the desk sees, records and prints (applications, decisions, notices, vouchers, the
//! daily backup) must be the office's date, whatever time zone the machine or the clock says.

mod common;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use common::*;
use madoguchi::service::rpc::Desk;
use madoguchi::service::{App, Clock};
use serde_json::json;

fn utc_clock(y: i32, m: u32, d: u32, h: u32, min: u32) -> Clock {
    let t = Utc
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .fixed_offset();
    std::sync::Arc::new(move || t)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn today_is_the_office_date_even_when_the_instant_is_given_in_utc() {
    let db = TestDb::new();
    let at = |clock: Clock| {
        App::login_with_clock(&db.path, ADMIN, ADMIN_PW, clock)
            .unwrap()
            .today()
    };
    // 2026-12-01T23:30Z is 08:30 on 2 December in Japan.
    assert_eq!(at(utc_clock(2026, 12, 1, 23, 30)), ymd(2026, 12, 2));
    // 2026-12-01T14:59Z is 23:59 on 1 December in Japan; a minute later it is the 2nd.
    assert_eq!(at(utc_clock(2026, 12, 1, 14, 59)), ymd(2026, 12, 1));
    assert_eq!(at(utc_clock(2026, 12, 1, 15, 0)), ymd(2026, 12, 2));
}

#[test]
fn the_system_clock_tells_office_time_whatever_the_machine_zone() {
    // CI and many desks' machines run in UTC; the clock must not follow the machine.
    let now: DateTime<FixedOffset> = madoguchi::service::system_clock()();
    assert_eq!(now.offset().local_minus_utc(), 9 * 3600, "{now}");
    let utc = Utc::now();
    assert!((now.with_timezone(&Utc) - utc).num_seconds().abs() < 5);
    assert_eq!(
        madoguchi::clock::office_date(now),
        (utc + chrono::Duration::hours(9)).date_naive()
    );
}

#[test]
fn at_0830_jst_an_application_of_that_day_is_taken_and_logged_on_that_day() {
    let db = TestDb::new();
    let morning = || utc_clock(2026, 12, 1, 23, 30);
    let mut cw = App::login_with_clock(&db.path, "cw", STAFF_PW, morning()).unwrap();
    let h = cw.create_household(&household("C-9001")).unwrap();
    // With the UTC date this was refused as 「申請日に未来の日付は使えません」.
    apply(&mut cw, h.household.id, "2026-12-02");
    // The audit log's day is the office's day: the morning's work is in 2 December's summary.
    let mut admin = App::login_with_clock(&db.path, ADMIN, ADMIN_PW, morning()).unwrap();
    let today = admin.audit_daily_summary(ymd(2026, 12, 2)).unwrap();
    assert!(
        today.entries >= 4,
        "2 logins, household, application: {}",
        today.entries
    );
    assert_eq!(
        admin.audit_daily_summary(ymd(2026, 12, 1)).unwrap().entries,
        0
    );
}

#[test]
fn the_ui_takes_today_from_the_core() {
    let db = TestDb::new();
    let d = Desk::new(db.path.clone(), utc_clock(2026, 12, 1, 23, 30));
    // Before login too: the wizard and the login screen show the date.
    let t = d.call("today", &json!({})).unwrap();
    assert_eq!(t["iso"], "2026-12-02");
    assert_eq!(t["wareki"], "令和8年12月2日");
}

#[test]
fn a_demo_made_on_any_day_shows_every_status() {
    // The generator's draws shift with the date; on 2 December 2026 (office date) they gave no
    // 廃止 household, and the demo's 廃止 list was empty.
    use madoguchi::domain::household::HouseholdStatus::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let clock = utc_clock(2026, 12, 1, 18, 0);
    madoguchi::demo::create_demo(&db, &clock).unwrap();
    let mut ap = App::login_with_clock(&db, "ap1", "madoguchi-demo", clock).unwrap();
    let statuses: Vec<_> = (1..=50)
        .map(|id| ap.open_household(id).unwrap().household.status)
        .collect();
    for s in [Active, Applying, Suspended, Closed] {
        assert!(statuses.contains(&s), "{s:?} missing: {statuses:?}");
    }
}

#[test]
fn the_daily_backup_runs_at_the_first_start_of_the_office_day_not_the_utc_day() {
    let db = TestDb::new();
    let dir = db.dir.path().join("daily");
    std::fs::create_dir(&dir).unwrap();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut s = admin.operations_settings().unwrap();
    s.backup_dir = Some(dir.display().to_string());
    admin.save_operations_settings(&s).unwrap();
    drop(admin);
    let start = |clock: Clock| {
        App::login_with_clock(&db.path, ADMIN, ADMIN_PW, clock)
            .unwrap()
            .daily_backup_if_due()
            .unwrap()
    };
    // 1 December, 10:00 and 14:00 JST: one backup for the day.
    assert!(start(utc_clock(2026, 12, 1, 1, 0)).is_some());
    assert!(start(utc_clock(2026, 12, 1, 5, 0)).is_none());
    // 2 December, 08:00 JST, is a new office day though the UTC date is still the 1st.
    let b = start(utc_clock(2026, 12, 1, 23, 0)).expect("the 2nd's backup");
    assert!(b.path.contains("20261202-080000"), "{}", b.path);
}

/// The demo's history is priced by the national rate sets the program ships; on a day before the
/// first of them there is nothing to price it with, and the demo would come out without decisions
/// (and its voucher run fail). Such a clock is refused with the dates — and nothing is left behind.
#[test]
fn a_demo_on_a_day_before_the_national_rate_sets_is_refused_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    // 30 September 2025 in the office (still the 30th in UTC too): the day before national-2025-10.
    let e = madoguchi::demo::create_demo(&db, &utc_clock(2025, 9, 30, 10, 0)).unwrap_err();
    assert_eq!(e.code(), "DEMO_BEFORE_NATIONAL_RATES", "{e}");
    let msg = e.to_string();
    assert!(msg.contains("2025-09-30"), "{msg}");
    assert!(msg.contains("2025-10-01"), "{msg}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    let e = madoguchi::demo::build_sized(&db, &utc_clock(2025, 6, 2, 0, 0), 10).unwrap_err();
    assert_eq!(e.code(), "DEMO_BEFORE_NATIONAL_RATES", "{e}");
    assert!(!db.exists());
    // 1 October 2025 00:30 JST is the sets' first day in the office, though 30 September in UTC.
    madoguchi::demo::build_sized(&db, &utc_clock(2025, 9, 30, 15, 30), 3).unwrap();
}
