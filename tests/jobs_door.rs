//! Background jobs through the one door (`Desk::call`), as the desktop shell uses it: a bulk
//! re-decision over 10,000 households reports progress while the counter search keeps
//! answering; a cancel leaves nothing written; a call that panics leaves the desk usable.

mod common;

use std::sync::Arc;
use std::time::Duration;

use madoguchi::demo::town::{self, Town};
use madoguchi::service::rpc::Desk;
use madoguchi::service::{system_clock, App};
use serde_json::{json, Value};

const PW: &str = "sokutei-tanto-2025";

fn call(d: &Desk, method: &str, params: Value) -> Value {
    d.call(method, &params)
        .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message))
}

/// An office of `n` 保護中 households, each with a stored situation, the test rate set, and a
/// caseworker `cw`.
fn town(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("town.db");
    let spec = Town {
        households: n,
        today: chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        now: "2025-12-01T09:00:00+09:00",
        admin: ("admin", "kanri-sekinin-2025"),
        caseworker_password: PW,
        rate_files: &common::fixture_files(),
    };
    town::build(&path, &spec, &system_clock(), |i, _| {
        town::plain_situation(i)
    })
    .unwrap();
    (dir, path)
}

fn desk_as_cw(path: &std::path::Path) -> Arc<Desk> {
    let desk = Arc::new(Desk::new(path.to_path_buf(), system_clock()));
    call(&desk, "login", json!({ "user_id": "cw", "password": PW }));
    desk
}

fn drafts(path: &std::path::Path) -> i64 {
    let app = App::login(path, "admin", "kanri-sekinin-2025").unwrap();
    app.store()
        .conn()
        .query_row("SELECT count(*) FROM decisions", [], |r| r.get(0))
        .unwrap()
}

fn bulk_apply_audits(path: &std::path::Path) -> i64 {
    let app = App::login(path, "admin", "kanri-sekinin-2025").unwrap();
    app.store()
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'bulk_apply'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn bulk_re_decision_over_10000_households_shows_progress_while_search_answers() {
    let (_dir, path) = town(10_000);
    let desk = desk_as_cw(&path);
    let job = call(
        &desk,
        "bulk_apply",
        json!({ "rate_version": "test-2025", "date": "2025-12-15", "reason_codes": ["standard_revision"] }),
    );
    assert_eq!(job["kind"], "bulk_apply");
    let id = job["id"].clone();

    // The counter, meanwhile: search keeps answering from another thread (another screen).
    let searcher = {
        let (desk, id) = (desk.clone(), id.clone());
        std::thread::spawn(move || {
            let mut answered_while_running = 0;
            for _ in 0..2000 {
                let before = call(&desk, "job_status", json!({ "job_id": id }))["state"].clone();
                let hits = call(&desk, "search", json!({ "query": "見本", "limit": 5 }));
                assert!(
                    !hits.as_array().unwrap().is_empty(),
                    "the demo names contain 見本"
                );
                let after = call(&desk, "job_status", json!({ "job_id": id }))["state"].clone();
                if before == "running" && after == "running" {
                    answered_while_running += 1;
                }
                if after == "done" || after == "failed" {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            answered_while_running
        })
    };

    // The progress bar: done of total, never going back within a phase, until the result.
    let mut seen = vec![];
    let result = loop {
        let v = call(&desk, "job_status", json!({ "job_id": id }));
        match v["state"].as_str().unwrap() {
            "done" => break v["result"].clone(),
            "failed" | "cancelled" => panic!("the bulk job ended {}: {}", v["state"], v["error"]),
            _ => {}
        }
        let (done, total) = (v["done"].as_u64().unwrap(), v["total"].as_u64().unwrap());
        assert!(done <= total);
        seen.push((v["message"].as_str().unwrap().to_string(), done, total));
        std::thread::sleep(Duration::from_millis(25));
    };
    let answered = searcher.join().unwrap();
    assert!(
        answered >= 3,
        "search answered only {answered} times while the job ran"
    );

    let recompute: Vec<_> = seen
        .iter()
        .filter(|(m, _, t)| m == "再計算中" && *t == 10_000)
        .collect();
    assert!(
        recompute.len() >= 3,
        "the bar should move through the recomputation: {seen:?}"
    );
    assert!(
        recompute.windows(2).all(|w| w[0].1 <= w[1].1),
        "progress went backwards: {recompute:?}"
    );
    assert!(
        recompute.iter().any(|(_, d, _)| *d > 0 && *d < 10_000),
        "no intermediate progress: {recompute:?}"
    );

    let created = result["created"].as_array().unwrap().len() as i64;
    assert!(
        created > 9_000,
        "every household changes (none had amounts): {created}"
    );
    assert_eq!(
        created
            + result["unchanged"].as_i64().unwrap()
            + result["skipped"].as_array().unwrap().len() as i64,
        10_000
    );
    assert_eq!(drafts(&path), created);
    assert_eq!(bulk_apply_audits(&path), 1);
    let listed = call(&desk, "jobs", json!({}));
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[test]
fn a_cancelled_bulk_re_decision_writes_no_draft_and_no_audit_entry() {
    let (_dir, path) = town(1_500);
    let desk = desk_as_cw(&path);
    let job = call(
        &desk,
        "bulk_apply",
        json!({ "rate_version": "test-2025", "date": "2025-12-15", "reason_codes": ["standard_revision"] }),
    );
    let id = job["id"].clone();
    // Cancel once it has visibly started (or at once, if it is still queued).
    for _ in 0..500 {
        let v = call(&desk, "job_status", json!({ "job_id": id }));
        if v["done"].as_u64().unwrap() > 0 || v["state"] != "queued" {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    call(&desk, "job_cancel", json!({ "job_id": id }));
    let end = loop {
        let v = call(&desk, "job_status", json!({ "job_id": id }));
        if ["done", "failed", "cancelled"].contains(&v["state"].as_str().unwrap()) {
            break v;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(end["state"], "cancelled", "{end}");
    assert_eq!(end["error"]["code"], "JOB_CANCELLED");
    assert_eq!(drafts(&path), 0);
    assert_eq!(bulk_apply_audits(&path), 0);
    // The desk goes on.
    assert!(call(&desk, "search", json!({ "query": "見本" })).is_array());
}

#[test]
fn job_status_is_only_for_the_user_who_started_it() {
    let (_dir, path) = town(30);
    let desk = desk_as_cw(&path);
    let job = call(
        &desk,
        "bulk_preview",
        json!({ "rate_version": "test-2025", "date": "2025-12-15" }),
    );
    let other = Desk::new(path.clone(), system_clock());
    call(
        &other,
        "login",
        json!({ "user_id": "admin", "password": "kanri-sekinin-2025" }),
    );
    let e = other
        .call("job_status", &json!({ "job_id": job["id"] }))
        .unwrap_err();
    assert_eq!(e.code, "NOT_FOUND");
    // Bad input is refused at once, before any job starts.
    let e = desk
        .call(
            "bulk_apply",
            &json!({ "rate_version": "test-2025", "date": "2025-12-15" }),
        )
        .unwrap_err();
    assert_eq!(e.code, "VALIDATION", "{}", e.message);
    let e = desk
        .call(
            "bulk_preview",
            &json!({ "rate_version": "no-such", "date": "2025-12-15" }),
        )
        .unwrap_err();
    assert_eq!(e.code, "RATE_NONE_FOR_DATE");
    assert_eq!(call(&desk, "jobs", json!({})).as_array().unwrap().len(), 1);
}

#[test]
fn a_call_that_panics_leaves_the_desk_usable() {
    let (_dir, path) = town(300);
    let desk = desk_as_cw(&path);
    let e = desk
        .with_session(|_| -> Result<(), _> { panic!("a bug in some use case") })
        .unwrap_err();
    assert_eq!(e.code, "INTERNAL_PANIC");
    assert!(e.message.contains("もう一度"), "{}", e.message);
    // Same session, same lock, nothing poisoned: the next calls answer as before.
    assert!(desk.is_logged_in());
    assert!(!call(&desk, "search", json!({ "query": "見本" }))
        .as_array()
        .unwrap()
        .is_empty());
    // A panic on another thread (another window's call) does not poison it either.
    let d2 = desk.clone();
    let r = std::thread::spawn(move || d2.with_session(|_| -> Result<(), _> { panic!("again") }))
        .join()
        .unwrap();
    assert_eq!(r.unwrap_err().code, "INTERNAL_PANIC");
    assert_eq!(call(&desk, "session", json!({}))["user_id"], "cw");
}
