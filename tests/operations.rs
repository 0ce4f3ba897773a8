//! Operations (issue 14): backup and restore, single instance, retention, access review.

mod common;

use std::path::Path;

use common::*;
use madoguchi::domain::household::HouseholdStatus;
use madoguchi::service::backup::{self, OperationsSettings};
use madoguchi::service::rpc::Desk;
use madoguchi::store::retention::{CountsFrom, RecordType, Rule};
use serde_json::json;

fn closed_household(db: &TestDb, case: &str, closed_on: &str) -> i64 {
    let mut cw = db.staff("cw");
    let v = cw.create_household(&household(case)).unwrap();
    let id = v.household.id;
    cw.add_member(id, &member("保存 太郎", "ホゾン タロウ", "1950-01-01"))
        .unwrap();
    drop(cw);
    let mut sv = db.staff("sv");
    sv.change_household_status(id, HouseholdStatus::Active, "2015-04-01", "開始")
        .unwrap();
    sv.change_household_status(id, HouseholdStatus::Closed, closed_on, "廃止")
        .unwrap();
    id
}

fn count(db: &TestDb, sql: &str) -> i64 {
    db.login(ADMIN, ADMIN_PW)
        .store()
        .conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

// --- backup and restore ---------------------------------------------------------------------

#[test]
fn a_backup_verifies_restores_into_a_new_place_and_both_are_audited() {
    let db = TestDb::new();
    let hid = closed_household(&db, "B-1", "2024-01-10");
    let out = db.dir.path().join("b.mdgbak");
    let v = db.login(ADMIN, ADMIN_PW).backup_to(&out).unwrap();
    // The manifest carries the anchor of the chain inside the backup (its own entry included).
    let anchor = madoguchi::audit::Anchor::parse_line(&v.manifest.anchor).unwrap();
    assert!(anchor.seq > 0);
    let m = backup::verify_file(&out).unwrap();
    assert_eq!(m, v.manifest);
    // The backup file is not plaintext anywhere.
    let bytes = std::fs::read(&out).unwrap();
    assert!(!bytes.windows(6).any(|w| w == "保存".as_bytes()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A change after the backup is not in the restored copy.
    db.staff("cw").create_household(&household("B-2")).unwrap();

    let to = db.dir.path().join("restored/office.db");
    let r = backup::restore(&out, &to, ADMIN, ADMIN_PW, db.clock.clock()).unwrap();
    assert!(r.audit.ok);
    assert_eq!(r.audit.anchored_seq, Some(anchor.seq));
    let mut app =
        madoguchi::service::App::login_with_clock(&to, "cw", STAFF_PW, db.clock.clock()).unwrap();
    assert!(app.open_household(hid).is_ok());
    assert!(app.search("B-2", 10, false).unwrap().is_empty());
    drop(app);
    let mut admin =
        madoguchi::service::App::login_with_clock(&to, ADMIN, ADMIN_PW, db.clock.clock()).unwrap();
    let q = |a: &str| madoguchi::service::views::AuditQuery {
        action: Some(a.into()),
        ..Default::default()
    };
    assert_eq!(admin.search_audit(&q("backup")).unwrap().len(), 1);
    assert_eq!(admin.search_audit(&q("restore")).unwrap().len(), 1);
    assert!(admin.verify_audit().unwrap().ok);
}

#[test]
fn restore_never_writes_over_an_existing_database() {
    let db = TestDb::new();
    let out = db.dir.path().join("b.mdgbak");
    db.login(ADMIN, ADMIN_PW).backup_to(&out).unwrap();
    let before = std::fs::read(&db.path).unwrap();
    let e = backup::restore(&out, &db.path, ADMIN, ADMIN_PW, db.clock.clock()).unwrap_err();
    assert_eq!(e.code(), "RESTORE_TARGET_EXISTS");
    assert_eq!(before, std::fs::read(&db.path).unwrap());
    // Nor over a side file left alone.
    let to = db.dir.path().join("x.db");
    std::fs::write(db.dir.path().join("x.db.keys"), b"{}").unwrap();
    assert_eq!(
        backup::restore(&out, &to, ADMIN, ADMIN_PW, db.clock.clock())
            .unwrap_err()
            .code(),
        "RESTORE_TARGET_EXISTS"
    );
    assert!(!to.exists());
    // A second backup to the same name is refused too.
    assert_eq!(
        db.login(ADMIN, ADMIN_PW)
            .backup_to(&out)
            .unwrap_err()
            .code(),
        "STORE_DB_EXISTS"
    );
}

fn no_leftovers(dir: &Path) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
}

#[test]
fn a_cut_padded_or_edited_backup_is_refused_clearly_and_restores_nothing() {
    let db = TestDb::new();
    let out = db.dir.path().join("b.mdgbak");
    db.login(ADMIN, ADMIN_PW).backup_to(&out).unwrap();
    let good = std::fs::read(&out).unwrap();
    let bad = db.dir.path().join("bad.mdgbak");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            good[..good.len() / 2].to_vec(),
            "BACKUP_TRUNCATED",
        ),
        (
            "trailer cut",
            good[..good.len() - 3].to_vec(),
            "BACKUP_TRUNCATED",
        ),
        ("empty", vec![], "BACKUP_TRUNCATED"),
        (
            "padded",
            [good.clone(), b"x".to_vec()].concat(),
            "BACKUP_CORRUPT",
        ),
        (
            "not ours",
            b"SQLite format 3\0 and more".to_vec(),
            "BACKUP_NOT_A_BACKUP",
        ),
        (
            "flipped byte",
            {
                let mut b = good.clone();
                let i = b.len() / 2;
                b[i] ^= 0x40;
                b
            },
            "BACKUP_CORRUPT",
        ),
    ];
    for (what, bytes, code) in cases {
        std::fs::write(&bad, &bytes).unwrap();
        let e = backup::verify_file(&bad).unwrap_err();
        assert_eq!(e.code(), code, "{what}: {e}");
        assert!(e.to_string().contains("バックアップ"), "{what}: {e}");
        let restore_dir = db.dir.path().join(format!("r-{}", what.replace(' ', "-")));
        let to = restore_dir.join("office.db");
        assert_eq!(
            backup::restore(&bad, &to, ADMIN, ADMIN_PW, db.clock.clock())
                .unwrap_err()
                .code(),
            code
        );
        if restore_dir.exists() {
            no_leftovers(&restore_dir);
        }
    }
    // A wrong password opens nothing and leaves nothing.
    let to_dir = db.dir.path().join("r-pw");
    let e = backup::restore(
        &out,
        &to_dir.join("o.db"),
        ADMIN,
        "wrong-password-9",
        db.clock.clock(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "AUTH_BAD_CREDENTIALS");
    no_leftovers(&to_dir);
    // Only an administrator restores.
    let e =
        backup::restore(&out, &to_dir.join("o.db"), "cw", STAFF_PW, db.clock.clock()).unwrap_err();
    assert_eq!(e.code(), "PERMISSION_DENIED");
    no_leftovers(&to_dir);
}

#[test]
fn a_backup_whose_audit_log_was_cut_is_refused_at_restore() {
    // Someone with a password edits the database inside a backup: cut entries off the end. The
    // chain alone still verifies, but the manifest's anchor proves entries are missing.
    let db = TestDb::new();
    let out = db.dir.path().join("b.mdgbak");
    db.login(ADMIN, ADMIN_PW).backup_to(&out).unwrap();
    let checked = madoguchi::store::backup::inspect(&out).unwrap();
    let tmp = db.dir.path().join("edit.db");
    madoguchi::store::backup::extract(&out, &checked, &tmp).unwrap();
    {
        let app =
            madoguchi::service::App::login_with_clock(&tmp, ADMIN, ADMIN_PW, db.clock.clock())
                .unwrap();
        app.store()
            .conn()
            .execute_batch(
                "DROP TRIGGER IF EXISTS audit_log_no_delete; DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 3 FROM audit_log);",
            )
            .unwrap();
    }
    // Re-pack it with fresh checksums (the attacker can do that: SHA-256 is not a secret).
    let keys = std::fs::read(madoguchi::store::side_file_path(&tmp)).unwrap();
    let forged = db.dir.path().join("forged.mdgbak");
    madoguchi::store::backup::write(&forged, &tmp, &keys, checked.manifest.clone()).unwrap();
    assert!(
        backup::verify_file(&forged).is_ok(),
        "the file itself is whole"
    );
    let e = backup::restore(
        &forged,
        &db.dir.path().join("r/o.db"),
        ADMIN,
        ADMIN_PW,
        db.clock.clock(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "BACKUP_AUDIT_BROKEN", "{e}");
}

#[test]
fn the_daily_backup_runs_at_the_first_start_of_the_day_and_keeps_n() {
    let db = TestDb::new();
    let dir = db.dir.path().join("daily");
    std::fs::create_dir(&dir).unwrap();
    {
        let mut admin = db.login(ADMIN, ADMIN_PW);
        admin
            .save_operations_settings(&OperationsSettings {
                backup_dir: Some(dir.display().to_string()),
                backup_keep: 2,
                open_alert_threshold: 40,
                last_auto_backup: None,
                last_auto_error: None,
            })
            .unwrap();
    }
    let desk = Desk::new(db.path.clone(), db.clock.clock());
    let login = || {
        desk.call("login", &json!({"user_id": "cw", "password": STAFF_PW}))
            .unwrap();
    };
    login();
    assert_eq!(madoguchi::store::backup::list_dir(&dir).len(), 1);
    login(); // the same day: no second backup
    assert_eq!(madoguchi::store::backup::list_dir(&dir).len(), 1);
    for _ in 0..3 {
        db.clock.advance(chrono::Duration::days(1));
        login();
    }
    let files = madoguchi::store::backup::list_dir(&dir);
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        let m = backup::verify_file(f).unwrap();
        assert!(m.automatic);
    }
    // The newest one is today's.
    let today = db.clock.clock()().format("%Y%m%d").to_string();
    assert!(files[1].to_string_lossy().contains(&today));
}

/// 今すぐバックアップ, `madoguchi backup --out` and the daily backup into a folder that is not
/// there (the USB stick not plugged in, the share not mounted): a Japanese message naming the
/// folder, and nothing made — no folder on the PC's own disk under the empty mount point (a backup
/// there would be lost with the PC), no audit entry.
#[test]
fn a_backup_into_a_missing_folder_is_refused_with_a_message_and_makes_nothing() {
    let db = TestDb::new();
    let mount = db.dir.path().join("media-usb");
    std::fs::create_dir(&mount).unwrap();
    let folder = mount.join("madoguchi");
    let backups = || {
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'backup'",
        )
    };
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut s = admin.operations_settings().unwrap();
    s.backup_dir = Some(folder.display().to_string());
    admin.save_operations_settings(&s).unwrap();
    let e = admin.backup_now().unwrap_err();
    assert_eq!(e.code(), "BACKUP_DIR_MISSING", "{e}");
    let msg = e.to_string();
    assert!(msg.contains(&folder.display().to_string()), "{msg}");
    assert!(msg.contains("見つかりません"), "{msg}");
    assert!(!msg.contains("No such file"), "{msg}");
    assert!(!folder.exists(), "the folder was made on the PC's disk");
    drop(admin);
    assert_eq!(backups(), 0);

    // The first login of the day: the same reason on the home screen, still nothing made.
    db.clock.advance(chrono::Duration::days(1));
    let desk = Desk::new(db.path.clone(), db.clock.clock());
    desk.call("login", &json!({"user_id": ADMIN, "password": ADMIN_PW}))
        .unwrap();
    let home = desk.call("home", &json!({})).unwrap();
    let alert = home["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "backup_failed")
        .cloned()
        .unwrap_or_else(|| panic!("{home}"));
    assert!(alert.to_string().contains("見つかりません"), "{alert}");
    assert!(!folder.exists());
    drop(desk);

    // The CLI, with a file in a folder that is not there.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .arg("--db")
        .arg(&db.path)
        .args(["--user", ADMIN, "backup", "--out"])
        .arg(folder.join("b.mdgbak"))
        .env("MADOGUCHI_PASSWORD", ADMIN_PW)
        .env_remove("MADOGUCHI_DB")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("見つかりません"), "{err}");
    assert!(err.contains(&folder.display().to_string()), "{err}");
    assert!(!err.contains("No such file"), "{err}");
    assert!(!folder.exists());
    assert_eq!(backups(), 0);

    // Once the medium is there, the same button works.
    std::fs::create_dir(&folder).unwrap();
    assert!(db.login(ADMIN, ADMIN_PW).backup_now().is_ok());
}

#[test]
fn a_failed_daily_backup_does_not_stop_the_login_and_warns_the_administrator() {
    let db = TestDb::new();
    let blocker = db.dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    db.login(ADMIN, ADMIN_PW)
        .save_operations_settings(&OperationsSettings {
            backup_dir: Some(blocker.join("sub").display().to_string()),
            backup_keep: 3,
            open_alert_threshold: 40,
            last_auto_backup: None,
            last_auto_error: None,
        })
        .unwrap();
    let desk = Desk::new(db.path.clone(), db.clock.clock());
    desk.call("login", &json!({"user_id": ADMIN, "password": ADMIN_PW}))
        .unwrap();
    let home = desk.call("home", &json!({})).unwrap();
    let alerts = home["alerts"].as_array().unwrap();
    assert!(
        alerts.iter().any(|a| a["kind"] == "backup_failed"),
        "{alerts:?}"
    );
}

// --- single instance ------------------------------------------------------------------------

#[test]
fn a_second_app_on_the_same_database_is_refused_with_a_message() {
    let db = TestDb::new();
    let first = Desk::for_app(db.path.clone(), db.clock.clock());
    first
        .call("login", &json!({"user_id": "cw", "password": STAFF_PW}))
        .unwrap();
    let second = Desk::for_app(db.path.clone(), db.clock.clock());
    let e = second
        .call("login", &json!({"user_id": "sv", "password": STAFF_PW}))
        .unwrap_err();
    assert_eq!(e.code, "STORE_IN_USE");
    assert!(e.message.contains("1つしか起動できません"), "{}", e.message);
    drop(second);
    drop(first);
    // Once the first app is gone, a new one starts.
    let third = Desk::for_app(db.path.clone(), db.clock.clock());
    assert!(third
        .call("login", &json!({"user_id": "sv", "password": STAFF_PW}))
        .is_ok());
}

#[test]
fn the_cli_refuses_to_write_while_the_app_holds_the_database_or_waits_with_a_message() {
    let db = TestDb::new();
    let cli = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
            .arg("--db")
            .arg(&db.path)
            .args(args)
            .env("MADOGUCHI_PASSWORD", ADMIN_PW)
            .env("MADOGUCHI_TEMP_PASSWORD", "kari-pass-0001")
            .env_remove("MADOGUCHI_DB")
            .output()
            .unwrap()
    };
    let app = Desk::for_app(db.path.clone(), db.clock.clock());
    let out = cli(&[
        "--user",
        ADMIN,
        "user",
        "add",
        "new1",
        "--name",
        "新人",
        "--role",
        "caseworker",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("使用中"), "{err}");
    // Reading beside the app is fine.
    let out = cli(&["--user", ADMIN, "audit", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // With --wait it says it waits, and goes on once the app has closed.
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(app);
    });
    let out = cli(&[
        "--user",
        ADMIN,
        "--wait",
        "30",
        "user",
        "add",
        "new1",
        "--name",
        "新人",
        "--role",
        "caseworker",
    ]);
    t.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("待っています"));
}

// --- retention ------------------------------------------------------------------------------

#[test]
fn retention_lists_what_is_due_deletes_it_in_one_run_and_records_it_without_personal_data() {
    let db = TestDb::new();
    let old = closed_household(&db, "R-OLD", "2018-05-01");
    let recent = closed_household(&db, "R-NEW", "2023-01-10");
    let held = closed_household(&db, "R-HELD", "2018-05-01");
    let appealed = closed_household(&db, "R-APPEAL", "2018-05-01");
    // A deceased member of a household still 保護中: kept like the living.
    let alive = {
        let mut cw = db.staff("cw");
        let v = cw.create_household(&household("R-ALIVE")).unwrap();
        let mut m = member("故人 一郎", "コジン イチロウ", "1930-01-01");
        m.death_date = Some("2016-01-01".into());
        cw.add_member(v.household.id, &m).unwrap();
        cw.add_member(
            v.household.id,
            &member("故人 花子", "コジン ハナコ", "1935-01-01"),
        )
        .unwrap();
        db.staff("sv")
            .change_household_status(
                v.household.id,
                HouseholdStatus::Active,
                "2015-04-01",
                "開始",
            )
            .unwrap();
        v.household.id
    };
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin.legal_hold(held, Some("監査のため")).unwrap();
    admin.record_appeal(appealed, "2018-06-01", None).unwrap();
    // The 副本 of the abolitions have not reached the servers yet: nothing may go.
    let v = admin.retention_view().unwrap();
    assert!(v.plan.is_empty(), "{:?}", v.plan);
    drop(admin);
    exchange_all_accepted(&db, madoguchi::exchange::Channel::Fukuhon);
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let v = admin.retention_view().unwrap();
    let ids: Vec<i64> = v.plan.iter().map(|i| i.record_id).collect();
    assert_eq!(ids, vec![old], "{:?}", v.plan);
    assert_eq!(v.plan[0].record_type, RecordType::CaseRecord);
    assert_eq!(v.plan[0].event_date, "2018-05-01");

    // A plan that changed since it was shown is refused.
    let e = admin.retention_run("0000000000000000").unwrap_err();
    assert_eq!(e.code(), "RETENTION_PLAN_CHANGED");
    let r = admin.retention_run(&v.plan_digest).unwrap();
    assert_eq!(r.deleted.len(), 1);
    assert!(r.rows > 2, "household, member, history…");
    drop(admin);
    for (sql, n) in [
        (format!("SELECT count(*) FROM households WHERE id = {old}"), 0),
        (format!("SELECT count(*) FROM persons WHERE household_id = {old}"), 0),
        (format!("SELECT count(*) FROM household_status_history WHERE household_id = {old}"), 0),
        (format!("SELECT count(*) FROM households WHERE id IN ({recent}, {held}, {appealed}, {alive})"), 4),
        (format!("SELECT count(*) FROM persons WHERE household_id = {alive}"), 2),
        ("SELECT count(*) FROM retention_deletions".into(), 1),
        // What was sent about the household goes with it; what was sent about the others stays.
        (format!("SELECT count(*) FROM outbox WHERE household_id = {old}"), 0),
        ("SELECT count(*) FROM outbox_revisions WHERE outbox_id NOT IN (SELECT id FROM outbox)".into(), 0),
        (format!("SELECT count(*) FROM outbox WHERE household_id = {recent}"), 2),
        ("SELECT count(*) FROM retention_run_active".into(), 0),
    ] {
        assert_eq!(count(&db, &sql), n, "{sql}");
    }
    // Outside a retention run the exchange's records still cannot be deleted.
    let admin = db.login(ADMIN, ADMIN_PW);
    let e = admin
        .store()
        .conn()
        .execute("DELETE FROM outbox WHERE household_id = ?1", [recent])
        .unwrap_err();
    assert!(e.to_string().contains("never deleted"), "{e}");
    drop(admin);
    // The record names the type, identifier, dates and rule — not the person.
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let v = admin.retention_view().unwrap();
    let d = &v.deletions[0];
    assert_eq!(d.record_type, RecordType::CaseRecord);
    assert!(d.record_id.contains("R-OLD"));
    let text = serde_json::to_string(&v.deletions).unwrap();
    assert!(!text.contains("保存 太郎") && !text.contains("ホゾン"));
    assert!(v.plan.is_empty());
    assert!(admin
        .search("ホゾン", 50, false)
        .unwrap()
        .iter()
        .all(|h| h.household_id != old));
    assert!(admin.verify_audit().unwrap().ok);

    // The administrator edits a rule: 3 years makes the 2023 household due in 2026.
    admin
        .retention_rule_save(&Rule {
            record_type: RecordType::CaseRecord,
            years: Some(1),
            counts_from: CountsFrom::FiscalYearEnd,
        })
        .unwrap();
    let v = admin.retention_view().unwrap();
    assert_eq!(
        v.plan.iter().map(|i| i.record_id).collect::<Vec<_>>(),
        vec![recent]
    );
    assert_eq!(v.plan[0].event_date, "2023-03-31");
    // 永久 keeps everything.
    let v = admin
        .retention_rule_save(&Rule {
            record_type: RecordType::CaseRecord,
            years: None,
            counts_from: CountsFrom::Abolition,
        })
        .unwrap();
    assert!(v.plan.is_empty());
    // Only the classes the office may choose.
    assert!(admin
        .retention_rule_save(&Rule {
            record_type: RecordType::CaseRecord,
            years: Some(2),
            counts_from: CountsFrom::Abolition,
        })
        .is_err());
    // Lifting the hold (and a final appeal long ago) makes them due under a 5-year rule again.
    admin
        .retention_rule_save(&Rule {
            record_type: RecordType::CaseRecord,
            years: Some(5),
            counts_from: CountsFrom::Abolition,
        })
        .unwrap();
    admin.legal_hold(held, None).unwrap();
    admin
        .record_appeal(appealed, "2018-06-01", Some("2019-01-15"))
        .unwrap();
    let v = admin.retention_view().unwrap();
    let mut ids: Vec<i64> = v.plan.iter().map(|i| i.record_id).collect();
    ids.sort();
    assert_eq!(ids, vec![held, appealed]);
}

#[test]
fn a_retention_run_that_fails_deletes_nothing() {
    let db = TestDb::new();
    let old = closed_household(&db, "R-OLD", "2018-05-01");
    exchange_all_accepted(&db, madoguchi::exchange::Channel::Fukuhon);
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let v = admin.retention_view().unwrap();
    assert_eq!(v.plan.len(), 1);
    // A table referring to households that the deletion cannot clear (a RESTRICT reference
    // deleted rows cannot satisfy) makes the one transaction fail: nothing is deleted.
    admin
        .store()
        .conn()
        .execute_batch(&format!(
            "CREATE TABLE blocker (household_id INTEGER REFERENCES households(id));
             INSERT INTO blocker VALUES ({old});
             CREATE TRIGGER blocker_stays BEFORE DELETE ON blocker BEGIN SELECT RAISE(ABORT, 'no'); END;"
        ))
        .unwrap();
    assert!(admin.retention_run(&v.plan_digest).is_err());
    drop(admin);
    assert_eq!(
        count(
            &db,
            &format!("SELECT count(*) FROM persons WHERE household_id = {old}")
        ),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM retention_deletions"), 0);
}

// --- access review --------------------------------------------------------------------------

#[test]
fn the_access_review_counts_per_user_and_the_home_screen_warns_of_many_opens() {
    let db = TestDb::new();
    let mut ids = vec![];
    {
        let mut cw = db.staff("cw");
        for i in 0..4 {
            ids.push(
                cw.create_household(&household(&format!("A-{i}")))
                    .unwrap()
                    .household
                    .id,
            );
        }
    }
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin
        .save_operations_settings(&OperationsSettings {
            backup_dir: None,
            backup_keep: 14,
            open_alert_threshold: 3,
            last_auto_backup: None,
            last_auto_error: None,
        })
        .unwrap();
    assert!(admin.home().unwrap().alerts.is_empty());
    {
        let mut cw = db.staff("cw");
        for id in &ids {
            cw.open_household(*id).unwrap();
        }
    }
    let alerts = admin.home().unwrap().alerts;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].user_id.as_deref(), Some("cw"));
    assert_eq!(alerts[0].count, 4);
    // Only those who review the log see it.
    assert!(db.staff("cw").home().unwrap().alerts.is_empty());
    let sv_alerts = db.staff("sv").home().unwrap().alerts;
    assert_eq!(sv_alerts.len(), 1);

    let r = admin.access_review(Some("2025-06")).unwrap();
    let cw = r.rows.iter().find(|r| r.user_id == "cw").unwrap();
    assert_eq!(cw.households_opened, 4);
    assert_eq!(cw.max_opens_in_a_day, 4);
    assert!(cw.over_threshold, "4 in a day > 3");
    assert!(cw.logins >= 3);
    let sv = r.rows.iter().find(|r| r.user_id == "sv").unwrap();
    assert!(sv.logins >= 1);
    assert!(!sv.over_threshold);
    assert!(admin.access_review(Some("2025-13")).is_err());
    assert_eq!(
        db.staff("cw").access_review(None).unwrap_err().code(),
        "PERMISSION_DENIED"
    );
}

#[test]
fn a_hold_is_set_by_case_number_with_a_reason_and_the_rule_form_offers_the_core_choices() {
    let db = TestDb::new();
    let id = closed_household(&db, "R-CASE", "2018-05-01");
    let mut admin = db.login(ADMIN, ADMIN_PW);
    assert_eq!(
        admin
            .legal_hold_by_case("NO-SUCH", "監査")
            .unwrap_err()
            .code(),
        "RETENTION_NO_CASE"
    );
    // Without a reason nothing is held (and an existing hold is not lifted by it).
    assert_eq!(
        admin.legal_hold_by_case("R-CASE", "  ").unwrap_err().code(),
        "RETENTION_BAD_REASON"
    );
    let v = admin.legal_hold_by_case(" R-CASE ", "訴訟のため").unwrap();
    assert_eq!(v.holds.len(), 1);
    assert_eq!(v.holds[0].household_id, id);
    assert!(admin.legal_hold_by_case("R-CASE", "").is_err());
    assert_eq!(admin.retention_view().unwrap().holds.len(), 1);
    let labels: Vec<&str> = v.year_choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["永久", "10年", "5年", "3年", "1年"]);
    assert_eq!(v.counts_from_choices.len(), 3);
    // Every offered choice is one the core accepts.
    for y in &v.year_choices {
        admin
            .retention_rule_save(&Rule {
                record_type: RecordType::Document,
                years: y.years,
                counts_from: CountsFrom::FiscalYearEnd,
            })
            .unwrap();
    }
}

/// Item 1 from the screen: the backups of the folder are listed checked, a verify opens the copy
/// with the administrator's password, and a restore goes only to a new place — never over this
/// database — audited here and in the copy.
#[test]
fn the_screen_lists_verifies_and_restores_a_backup_into_a_new_place_only() {
    let db = TestDb::new();
    let folder = db.dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut s = admin.operations_settings().unwrap();
    s.backup_dir = Some(folder.display().to_string());
    admin.save_operations_settings(&s).unwrap();
    let made = admin.backup_now().unwrap();
    std::fs::write(folder.join("madoguchi-19990101-000000.mdgbak"), b"cut").unwrap();
    let files = admin.backup_files().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].path, made.path, "newest first");
    assert!(files[0].manifest.is_some() && files[0].problem.is_none());
    assert!(files[1].manifest.is_none() && files[1].problem.is_some());

    assert!(admin.backup_verify(&made.path, ADMIN_PW).unwrap().audit.ok);
    assert!(admin.backup_verify(&made.path, "wrong-password-1").is_err());

    let live = db.path.display().to_string();
    let before = std::fs::read(&db.path).unwrap();
    let e = admin
        .restore_backup(&made.path, &live, ADMIN_PW)
        .unwrap_err();
    assert_eq!(e.code(), "RESTORE_OVER_LIVE", "{e}");
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
    let e = admin
        .restore_backup(&made.path, "restored.db", ADMIN_PW)
        .unwrap_err();
    assert_eq!(e.code(), "RESTORE_BAD_TARGET", "{e}");

    let to = db.dir.path().join("restored/office.db");
    let r = admin
        .restore_backup(&made.path, &to.display().to_string(), ADMIN_PW)
        .unwrap();
    assert_eq!(r.restored_to, to.display().to_string());
    assert!(to.exists());
    let e = admin
        .restore_backup(&made.path, &to.display().to_string(), ADMIN_PW)
        .unwrap_err();
    assert_eq!(e.code(), "RESTORE_TARGET_EXISTS");
    let q = madoguchi::service::views::AuditQuery {
        action: Some("restore".into()),
        ..Default::default()
    };
    let here = admin.search_audit(&q).unwrap();
    assert_eq!(here.len(), 1, "{here:?}");
    assert_eq!(here[0].detail["restored_to"], to.display().to_string());
    // A caseworker may do none of it.
    let mut cw = db.staff("cw");
    assert_eq!(cw.backup_files().unwrap_err().code(), "PERMISSION_DENIED");
}
