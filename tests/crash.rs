//! The crash harness (issue 14): each long-running job is killed with SIGKILL at random points,
//! the database reopened, and checked — it opens, its integrity check and audit chain pass, no
//! record is duplicated or lost, and the interrupted job reruns cleanly to the state an
//! uninterrupted run reaches.
//!
//! Every job is one entry of [`JOBS`]: how to prepare its database (from one shared template),
//! what the killed child process runs, and what must hold after a kill and after the rerun. The
//! child is this test binary itself (`crash_child`, ignored unless the harness starts it).
//! The monthly voucher runs work on a demo office (its standing medical- and care-aid cases); exchange
//! export and import are killed at every step in `tests/exchange_crash.rs`.
//!
//! `MADOGUCHI_CRASH_KILLS` kill points per job (default 11: 77 in all, within CI time),
//! `MADOGUCHI_CRASH_SEED` to replay a run (printed at the start).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use common::*;
use madoguchi::domain::decision::DecisionKind;
use madoguchi::domain::household::HouseholdStatus;
use madoguchi::service::decisions::DecisionInput;
use madoguchi::service::App;
use rand::{Rng, SeedableRng};

const HOUSEHOLDS: usize = 24;
const CLOSED: usize = 8;

struct Job {
    name: &'static str,
    /// Extra preparation on a fresh copy of the template (in this process).
    prepare: fn(&Path),
    /// What the child runs (and the rerun after a kill runs again).
    run: fn(&Path),
    /// What must hold after a kill (`finished` false) and after a clean run or rerun (true).
    check: fn(&Path, bool),
    /// The administrator of the job's office (who checks that it opens and its log verifies).
    admin: (&'static str, &'static str),
}

const TEMPLATE_ADMIN: (&str, &str) = (ADMIN, ADMIN_PW);
const DEMO_ADMIN: (&str, &str) = (madoguchi::demo::DEMO_ADMIN, madoguchi::demo::DEMO_PASSWORD);
/// The monthly voucher runs on the demo office, one job each ([`voucher_job`]): (job name, scheme,
/// exchange records per voucher). 医療券・調剤券 for its standing medical-aid cases, one
/// online-eligibility record each; 介護券 for its care-aid cases, none.
const VOUCHER_RUNS: [(&str, &str, i64); 2] = [
    ("voucher_run", "medical", 1),
    ("care_voucher_run", "care", 0),
];
/// Vouchers the uninterrupted run of each of [`VOUCHER_RUNS`] issues (set by the clean run).
static VOUCHERS_CLEAN: [AtomicI64; 2] = [AtomicI64::new(-1), AtomicI64::new(-1)];

const JOBS: &[Job] = &[
    Job {
        name: "bulk_redecision",
        prepare: |db| {
            login(db, ADMIN, ADMIN_PW)
                .import_rates(&revised_files(), true)
                .unwrap();
        },
        run: |db| {
            let mut cw = login(db, "cw", STAFF_PW);
            cw.bulk_apply(
                "test-2025-10",
                "2025-10-01",
                "令和7年10月 基準改定",
                &["standard_revision".into()],
            )
            .unwrap();
        },
        check: |db, finished| {
            let app = login(db, ADMIN, ADMIN_PW);
            let c = app.store().conn();
            let drafts: i64 = q(
                c,
                "SELECT count(*) FROM decisions WHERE bulk_id IS NOT NULL",
            );
            let per_household: i64 = q(
                c,
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM decisions WHERE bulk_id IS NOT NULL GROUP BY household_id)",
            );
            assert!(per_household <= 1, "a household drafted twice");
            if finished {
                assert_eq!(drafts, HOUSEHOLDS as i64, "one draft per changed household");
            } else {
                assert!(
                    drafts == 0 || drafts == HOUSEHOLDS as i64,
                    "all or nothing: {drafts}"
                );
            }
        },
        admin: TEMPLATE_ADMIN,
    },
    Job {
        name: "rate_import",
        prepare: |_| {},
        run: |db| {
            let mut admin = login(db, ADMIN, ADMIN_PW);
            let have = admin.list_rates().unwrap();
            if !have.iter().any(|s| s.version == "test-2025-10") {
                admin.import_rates(&revised_files(), true).unwrap();
            }
        },
        check: |db, finished| {
            let app = login(db, ADMIN, ADMIN_PW);
            let sets: i64 = q(app.store().conn(), "SELECT count(*) FROM rate_sets");
            if finished {
                assert_eq!(sets, 2);
            } else {
                assert!(sets == 1 || sets == 2, "{sets}");
            }
        },
        admin: TEMPLATE_ADMIN,
    },
    Job {
        name: "rekey",
        prepare: |_| {},
        run: |db| {
            login(db, ADMIN, ADMIN_PW).rekey().unwrap();
        },
        check: |db, _| {
            // Old key or new: every account opens, holders still reveal My Numbers.
            for u in ["cw", "sv", "ap", "ro", "med"] {
                login(db, u, STAFF_PW);
            }
            let mut sv = login(db, "sv", STAFF_PW);
            let pid: i64 = q(sv.store().conn(), "SELECT min(person_id) FROM my_numbers");
            assert_eq!(
                sv.reveal_my_number(pid, &purpose()).unwrap(),
                "123456789018"
            );
        },
        admin: TEMPLATE_ADMIN,
    },
    Job {
        name: "backup",
        prepare: |_| {},
        run: |db| {
            let out = backup_path(db);
            if !out.exists() {
                login(db, ADMIN, ADMIN_PW).backup_to(&out).unwrap();
            }
        },
        check: |db, finished| {
            // Under its real name a backup is whole, or not there at all.
            let out = backup_path(db);
            if finished || out.exists() {
                madoguchi::service::backup::verify_file(&out).unwrap();
            }
        },
        admin: TEMPLATE_ADMIN,
    },
    Job {
        name: "retention_run",
        prepare: |_| {},
        run: |db| {
            let mut admin = login(db, ADMIN, ADMIN_PW);
            let v = admin.retention_view().unwrap();
            if !v.plan.is_empty() {
                admin.retention_run(&v.plan_digest).unwrap();
            }
        },
        check: |db, finished| {
            let app = login(db, ADMIN, ADMIN_PW);
            let c = app.store().conn();
            let closed: i64 = q(c, "SELECT count(*) FROM households WHERE status = 'closed'");
            let logged: i64 = q(c, "SELECT count(*) FROM retention_deletions");
            let orphans: i64 = q(
                c,
                "SELECT count(*) FROM persons WHERE household_id NOT IN (SELECT id FROM households)",
            );
            assert_eq!(orphans, 0);
            assert_eq!(
                closed + logged,
                CLOSED as i64,
                "each deleted once, recorded once"
            );
            if finished {
                assert_eq!(closed, 0);
            } else {
                assert!(
                    closed == 0 || closed == CLOSED as i64,
                    "all or nothing: {closed}"
                );
            }
        },
        admin: TEMPLATE_ADMIN,
    },
    voucher_job::<0>(),
    voucher_job::<1>(),
];

/// The job of the voucher run `VOUCHER_RUNS[N]`, on a copy of the demo office.
const fn voucher_job<const N: usize>() -> Job {
    Job {
        name: VOUCHER_RUNS[N].0,
        prepare: demo_prepare,
        run: vouchers_run::<N>,
        check: vouchers_check::<N>,
        admin: DEMO_ADMIN,
    }
}

fn demo_prepare(db: &Path) {
    for suffix in ["", ".keys", ".anchors"] {
        let _ = std::fs::remove_file(madoguchi::store::keyslots::with_suffix(db, suffix));
    }
    copy_db(demo_template(), db);
}

/// The month's voucher run `VOUCHER_RUNS[N]`, today, as `make run` + `vouchers run` would: the
/// demo's rate sets and cases are dated from the day it is made (the harness's fixed clock may
/// predate its sets).
fn vouchers_run<const N: usize>(db: &Path) {
    let (_, kind, _) = VOUCHER_RUNS[N];
    let mut med = App::login(db, "med1", madoguchi::demo::DEMO_PASSWORD).unwrap();
    let month = med.today().format("%Y-%m").to_string();
    med.vouchers_run(kind, &month, &mut |_, _| {}).unwrap();
}

/// After a kill of the voucher run `VOUCHER_RUNS[N]`: no voucher of its kind issued twice, no
/// 交付番号 reused, its exchange records neither lost nor doubled, and no more than the clean run
/// issued (`VOUCHERS_CLEAN[N]`, set by the clean run); after the rerun, exactly what the clean
/// run issued.
fn vouchers_check<const N: usize>(db: &Path, finished: bool) {
    let (_, kind, outbox_per_voucher) = VOUCHER_RUNS[N];
    let clean = &VOUCHERS_CLEAN[N];
    let app = login(db, DEMO_ADMIN.0, DEMO_ADMIN.1);
    let c = app.store().conn();
    let one = |sql: &str| -> i64 { c.query_row(sql, [kind], |r| r.get(0)).unwrap() };
    let issued = one("SELECT count(*) FROM vouchers WHERE state = 'issued' AND scheme = ?1");
    let twice = one(
        "SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM vouchers WHERE state = 'issued' AND scheme = ?1 GROUP BY month, due_key)",
    );
    assert!(twice <= 1, "{kind}: a voucher issued twice");
    assert_eq!(
        one("SELECT count(DISTINCT issue_number) FROM vouchers WHERE scheme = ?1"),
        one("SELECT count(*) FROM vouchers WHERE scheme = ?1"),
        "{kind}: an issue number reused"
    );
    assert_eq!(
        one("SELECT count(*) FROM outbox WHERE source IN (SELECT 'voucher:' || id FROM vouchers WHERE scheme = ?1)"),
        issued * outbox_per_voucher,
        "{kind}: the vouchers' exchange records"
    );
    assert_eq!(
        one("SELECT count(*) FROM (SELECT source FROM outbox WHERE source IN (SELECT 'voucher:' || id FROM vouchers WHERE scheme = ?1) GROUP BY source HAVING count(*) > 1)"),
        0,
        "{kind}: an exchange record twice"
    );
    let was = clean.load(Ordering::SeqCst);
    if was < 0 {
        assert!(
            finished && issued > 0,
            "{kind}: the clean run issued nothing"
        );
        clean.store(issued, Ordering::SeqCst);
    } else if finished {
        assert_eq!(
            issued, was,
            "{kind}: the rerun did not reach the clean run's vouchers"
        );
    } else {
        assert!(issued <= was, "{kind}: {issued} > {was}");
    }
}

/// The demo office, made once: its standing medical-aid cases give the voucher run its work.
fn demo_template() -> &'static Path {
    static DEMO: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &DEMO
        .get_or_init(|| {
            let d = tempfile::tempdir().unwrap();
            let db = d.path().join("demo.db");
            madoguchi::demo::create_demo(&db, &madoguchi::service::system_clock()).unwrap();
            (d, db)
        })
        .1
}

fn q(c: &rusqlite::Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn backup_path(db: &Path) -> PathBuf {
    db.with_file_name("crash.mdgbak")
}

fn clock() -> madoguchi::service::Clock {
    TestClock::new().clock()
}

fn login(db: &Path, user: &str, pw: &str) -> App {
    App::login_with_clock(db, user, pw, clock()).unwrap()
}

/// One office: rates, households 保護中 with approved decisions (aged 30: the revision changes
/// them), households closed in 2018 (due for deletion), a My Number.
fn template() -> TestDb {
    let db = TestDb::new();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = madoguchi::demo::demo_office();
    office.grade = "1-1".into();
    admin.save_office(&office).unwrap();
    admin.import_rates(&fixture_files(), true).unwrap();
    drop(admin);
    let mut cw = db.staff("cw");
    let mut sv = db.staff("sv");
    let mut ap = db.staff("ap");
    for i in 0..HOUSEHOLDS + CLOSED {
        let h = cw
            .create_household(&household(&format!("C-{i:04}")))
            .unwrap();
        let hid = h.household.id;
        let mut m = member("窓口 試験", "マドグチ シケン", "1995-05-20");
        if i == 0 {
            m.my_number = Some("123456789018".into());
        }
        cw.add_member(hid, &m).unwrap();
        if i >= HOUSEHOLDS {
            sv.change_household_status(hid, HouseholdStatus::Active, "2012-04-01", "移行")
                .unwrap();
            sv.change_household_status(hid, HouseholdStatus::Closed, "2018-05-01", "廃止")
                .unwrap();
            continue;
        }
        apply(&mut cw, hid, "2025-05-20");
        cw.save_situation(hid, &test_situation(30_000, vec![]))
            .unwrap();
        let d = cw
            .draft_decision(&DecisionInput {
                household_id: hid,
                kind: DecisionKind::Start,
                effective_date: "2025-06-01".into(),
                reason_text: "".into(),
                reason_codes: vec!["need_recognised".into()],
                calculate: false,
            })
            .unwrap();
        sv.review_decision(d.id, "").unwrap();
        ap.approve_decision(d.id, "").unwrap();
    }
    drop((cw, sv, ap));
    // Years of routine: what was sent about the closed cases has been accepted long ago.
    exchange_all_accepted(&db, madoguchi::exchange::Channel::Fukuhon);
    db
}

fn copy_db(from: &Path, to: &Path) {
    for suffix in ["", ".keys", ".anchors"] {
        let f = madoguchi::store::keyslots::with_suffix(from, suffix);
        if f.exists() {
            std::fs::copy(&f, madoguchi::store::keyslots::with_suffix(to, suffix)).unwrap();
        }
    }
}

fn spawn_child(job: &str, db: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("MADOGUCHI_CRASH_JOB", job)
        .env("MADOGUCHI_CRASH_DB", db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// What must hold of any database after any crash: it opens, passes the integrity check, and its
/// audit chain verifies (against the anchors kept beside it).
fn always(db: &Path, job: &str, at: &str) {
    let (user, pw) = JOBS
        .iter()
        .find(|j| j.name == job)
        .map_or(TEMPLATE_ADMIN, |j| j.admin);
    let mut admin = App::login_with_clock(db, user, pw, clock())
        .unwrap_or_else(|e| panic!("{job} killed at {at}: the database does not open: {e}"));
    let ok: String = admin
        .store()
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "{job} killed at {at}");
    let v = admin.verify_audit().unwrap();
    assert!(v.ok, "{job} killed at {at}: {}", v.message);
    assert!(
        !madoguchi::store::rekey::new_file_path(db).exists()
            || madoguchi::store::KeyFile::load(&madoguchi::store::side_file_path(db))
                .unwrap()
                .rekey
                .is_some(),
        "{job} killed at {at}: a half-made rekey file without its pending slots"
    );
}

#[test]
fn killed_jobs_leave_a_database_that_opens_verifies_and_reruns_cleanly() {
    let kills: usize = std::env::var("MADOGUCHI_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11);
    let seed: u64 = std::env::var("MADOGUCHI_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("crash harness: seed {seed}, {kills} kill points per job");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let tpl = template();
    let work = tempfile::tempdir().unwrap();
    let mut total = 0;
    for job in JOBS {
        // A clean run first: how long the job takes, and the state it must reach.
        let dir = work.path().join(format!("{}-clean", job.name));
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("office.db");
        copy_db(&tpl.path, &db);
        (job.prepare)(&db);
        let start = Instant::now();
        let status = spawn_child(job.name, &db).wait().unwrap();
        let took = start.elapsed();
        assert!(status.success(), "{}: the clean run failed", job.name);
        always(&db, job.name, "end");
        (job.check)(&db, true);

        for k in 0..kills {
            let dir = work.path().join(format!("{}-{k}", job.name));
            std::fs::create_dir(&dir).unwrap();
            let db = dir.join("office.db");
            copy_db(&tpl.path, &db);
            (job.prepare)(&db);
            // Anywhere from process start to a little past the clean run's end.
            let at = took.mul_f64(rng.gen_range(0.02..1.1));
            let mut child = spawn_child(job.name, &db);
            std::thread::sleep(at);
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            let at = format!(
                "{} ms (clean run {} ms, seed {seed})",
                at.as_millis(),
                took.as_millis()
            );
            always(&db, job.name, &at);
            (job.check)(&db, false);
            // The rerun finishes the work exactly once.
            (job.run)(&db);
            always(&db, job.name, &at);
            (job.check)(&db, true);
            total += 1;
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    assert!(total >= 50 || kills < 10, "{total} kill points");
    eprintln!(
        "crash harness: {total} kill points over {} jobs",
        JOBS.len()
    );
}

/// The rekey killed at each of its steps exactly (not only at random moments): before and after
/// the side file learns the pending slots, and after the one rename, before the slots are
/// promoted. Each time every account opens — with the old key before the rename, the new after.
#[test]
fn a_rekey_killed_at_each_step_leaves_a_key_that_works() {
    let tpl = template();
    let work = tempfile::tempdir().unwrap();
    for (step, swapped) in [
        ("export", false),
        ("before_pending", false),
        ("before_swap", false),
        ("after_swap", true),
    ] {
        let dir = work.path().join(step);
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("office.db");
        copy_db(&tpl.path, &db);
        let salt = madoguchi::store::keyslots::file_salt(&db).unwrap();
        let status = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--ignored", "--test-threads=1"])
            .env("MADOGUCHI_CRASH_JOB", "rekey")
            .env("MADOGUCHI_CRASH_DB", &db)
            .env("MADOGUCHI_TEST_REKEY_ABORT", step)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(!status.success(), "{step}: the child was to die there");
        let kf = madoguchi::store::KeyFile::load(&madoguchi::store::side_file_path(&db)).unwrap();
        assert_eq!(
            kf.rekey.is_some(),
            step != "export" && step != "before_pending"
        );
        assert_eq!(
            madoguchi::store::keyslots::file_salt(&db).unwrap() != salt,
            swapped,
            "{step}"
        );
        always(&db, "rekey", step);
        (JOBS.iter().find(|j| j.name == "rekey").unwrap().check)(&db, false);
        let kf = madoguchi::store::KeyFile::load(&madoguchi::store::side_file_path(&db)).unwrap();
        assert!(kf.rekey.is_none(), "{step}: settled at the next login");
        // And a new rekey then runs through.
        login(&db, ADMIN, ADMIN_PW).rekey().unwrap();
        always(&db, "rekey", step);
    }
}

/// The killed process: runs one job and exits (does nothing unless the harness started it).
#[test]
#[ignore]
fn crash_child() {
    let (Ok(job), Ok(db)) = (
        std::env::var("MADOGUCHI_CRASH_JOB"),
        std::env::var("MADOGUCHI_CRASH_DB"),
    ) else {
        return;
    };
    let j = JOBS.iter().find(|j| j.name == job).expect("known job");
    (j.run)(Path::new(&db));
}
