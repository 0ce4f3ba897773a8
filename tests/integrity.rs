//! Issue 7: integrity under attack and accident — the store's files, the key-slot side file and
//! the audit chain, attacked the way the probe did, through the real CLI binary where it matters.

mod common;

use std::path::Path;

use common::{bin, demo_db as demo, run, text};

/// A raw connection with the real key, as someone holding any account's password could open it.
fn raw(db: &Path, user: &str, pw: &str) -> madoguchi::store::Store {
    let kf = madoguchi::store::KeyFile::load(&madoguchi::store::side_file_path(db)).unwrap();
    let key = kf.unwrap_key(user, pw).unwrap().unwrap();
    madoguchi::store::Store::open(db, key, &kf, "2025-01-01T00:00:00+09:00").unwrap()
}

#[test]
fn entries_cut_off_the_end_are_caught_by_the_anchor_beside_the_db_and_on_the_printed_summary() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let ok = run(
        &db,
        &["--user", "demo", "search", "見本"],
        Some("madoguchi-demo"),
    );
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let summary = run(
        &db,
        &["--user", "sv1", "audit", "summary"],
        Some("madoguchi-demo"),
    );
    assert!(summary.status.success(), "{}", text(&summary.stderr));
    let paper = dir.path().join("summary.txt");
    std::fs::write(&paper, &summary.stdout).unwrap();
    assert!(text(&summary.stdout).contains("操作ログ日次要約"));

    let good = run(
        &db,
        &["--user", "demo", "audit", "verify"],
        Some("madoguchi-demo"),
    );
    assert!(good.status.success(), "{}", text(&good.stderr));
    assert!(
        text(&good.stdout).contains("控え"),
        "{}",
        text(&good.stdout)
    );

    // Cut the newest five entries off behind the triggers, as any slot holder could.
    {
        let s = raw(&db, "ro1", "madoguchi-demo");
        s.conn()
            .execute_batch(
                "DROP TRIGGER audit_log_no_delete;
                 DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 5 FROM audit_log);",
            )
            .unwrap();
    }
    let bad = run(
        &db,
        &["--user", "demo", "audit", "verify"],
        Some("madoguchi-demo"),
    );
    assert_eq!(
        bad.status.code(),
        Some(madoguchi::cli::EXIT_AUDIT_BROKEN),
        "{}",
        text(&bad.stdout)
    );
    assert!(
        text(&bad.stderr).contains("末尾が削除されています"),
        "{}",
        text(&bad.stderr)
    );

    // The local anchors file removed too: the printed summary's anchor still catches it all gone.
    std::fs::remove_file(madoguchi::audit::anchor::local_path(&db)).unwrap();
    {
        let s = raw(&db, "ro1", "madoguchi-demo");
        s.conn().execute_batch("DELETE FROM audit_log;").unwrap();
    }
    let bad = run(
        &db,
        &[
            "--user",
            "demo",
            "audit",
            "verify",
            "--anchor",
            paper.to_str().unwrap(),
        ],
        Some("madoguchi-demo"),
    );
    assert_eq!(
        bad.status.code(),
        Some(madoguchi::cli::EXIT_AUDIT_BROKEN),
        "{}",
        text(&bad.stdout)
    );
    // Without any anchor, verify says plainly that it cannot see a cut-off end.
    let blind = run(
        &db,
        &["--user", "demo", "audit", "verify"],
        Some("madoguchi-demo"),
    );
    assert!(
        text(&blind.stdout).contains("検出できません"),
        "{}",
        text(&blind.stdout)
    );
}

use madoguchi::store::{side_file_path, KeyFile};

const DEMO_PW: &str = madoguchi::demo::DEMO_PASSWORD;

fn keys(db: &Path) -> KeyFile {
    KeyFile::load(&side_file_path(db)).unwrap()
}

fn edit_keys(db: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let p = side_file_path(db);
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
}

/// Point 2: logins beside `user add` and `user disable` in real concurrent processes never lose a
/// slot or a disable; parallel guessers get exactly five checks before the lockout.
#[test]
fn concurrent_processes_never_lose_a_slot_a_disable_or_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let spawn = |args: &[&str], pw: &str, temp: Option<&str>| {
        let mut c = bin();
        c.arg("--db")
            .arg(&db)
            .args(args)
            .env("MADOGUCHI_PASSWORD", pw);
        if let Some(t) = temp {
            c.env("MADOGUCHI_TEMP_PASSWORD", t);
        }
        c.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut children = vec![];
    for i in 0..6 {
        let id = format!("new{i}");
        children.push(spawn(
            &[
                "--user",
                "demo",
                "user",
                "add",
                &id,
                "--name",
                "新人",
                "--role",
                "caseworker",
            ],
            DEMO_PW,
            Some("kari-pass-0001"),
        ));
        children.push(spawn(&["--user", "cw1", "search", "見本"], DEMO_PW, None));
        children.push(spawn(&["--user", "ro1", "search", "見本"], DEMO_PW, None));
    }
    children.push(spawn(
        &["--user", "demo", "user", "disable", "cw2"],
        DEMO_PW,
        None,
    ));
    for i in 0..4 {
        children.push(spawn(
            &["--user", "med1", "search", &format!("x{i}")],
            DEMO_PW,
            None,
        ));
    }
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let kf = keys(&db);
    for i in 0..6 {
        assert!(
            kf.slot(&format!("new{i}")).is_some(),
            "new{i} lost its slot"
        );
    }
    assert!(kf.slot("cw2").is_none(), "the disable of cw2 was lost");
    assert!(kf.slot("cw1").is_some() && kf.slot("ro1").is_some());
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".tmp")));

    // Ten parallel guessers: five checks, then the lockout — not eight.
    let guessers: Vec<_> = (0..10)
        .map(|_| spawn(&["--user", "ap1", "search", "x"], "wrong-guess-123", None))
        .collect();
    let messages: Vec<String> = guessers
        .into_iter()
        .map(|c| text(&c.wait_with_output().unwrap().stderr))
        .collect();
    let checked = messages
        .iter()
        .filter(|m| m.contains("ユーザーIDまたはパスワードが違います"))
        .count();
    let kf = keys(&db);
    let failed = kf
        .pending_events
        .iter()
        .filter(|e| e.user_id == "ap1" && e.action == "login_failed")
        .count();
    assert_eq!(failed, 5, "{messages:?}");
    assert_eq!(checked, 4, "{messages:?}");
    assert!(kf.failures["ap1"].locked_until.is_some());
}

/// Point 3: the side file may only report failed logins and lockouts, as reports, for accounts
/// that exist; a slot the database did not record is refused even though it unwraps.
#[test]
fn forged_side_file_events_are_not_chained_and_a_restored_slot_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // The demo's history has approvals of its own; a forged one must not add to them.
    let approvals: i64 = raw(&db, "sv1", DEMO_PW)
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'decision_approve'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    edit_keys(&db, |v| {
        v["pending_events"] = serde_json::json!([
            { "at": "2026-04-01T09:00:00+09:00", "user_id": "ap1", "action": "decision_approve", "detail": { "decision": 1 } },
            { "at": "2026-04-01T09:00:00+09:00", "user_id": "ghost", "action": "login_failed", "detail": { "failures": 1 } },
            { "at": "2026-04-01T09:00:00+09:00", "user_id": "cw1", "action": "login_failed", "detail": { "failures": 99, "note": "x" } },
        ]);
    });
    let out = run(&db, &["--user", "sv1", "search", "見本"], Some(DEMO_PW));
    assert!(out.status.success(), "{}", text(&out.stderr));
    {
        let s = raw(&db, "sv1", DEMO_PW);
        let n = |sql: &str| -> i64 { s.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            n("SELECT count(*) FROM audit_log WHERE action = 'decision_approve'"),
            approvals
        );
        assert_eq!(
            n("SELECT count(*) FROM audit_log WHERE user_id = 'ghost'"),
            0
        );
        assert_eq!(n("SELECT count(*) FROM audit_log WHERE action = 'login_failed_reported' AND user_id = 'cw1'"), 1);
        let detail: String = s
            .conn()
            .query_row("SELECT detail FROM audit_log WHERE action = 'login_failed_reported' AND user_id = 'cw1'", [], |r| r.get(0))
            .unwrap();
        assert!(
            detail.contains("key_file")
                && !detail.contains("note")
                && detail.contains("\"failures\":5"),
            "{detail}"
        );
        let summary: String = s
            .conn()
            .query_row(
                "SELECT detail FROM audit_log WHERE target_kind = 'unknown_user'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            summary.contains("\"refused_forged_events\":1")
                && summary.contains("\"unknown_user_ids\":1"),
            "{summary}"
        );
    }
    assert!(keys(&db).pending_events.is_empty());

    // A departing clerk keeps a copy of the side file; after `user disable` they put their slot back.
    let old = keys(&db);
    assert!(run(
        &db,
        &["--user", "demo", "user", "disable", "cw2"],
        Some(DEMO_PW)
    )
    .status
    .success());
    let mut now = keys(&db);
    now.slots.push(old.slot("cw2").unwrap().clone());
    now.save(&side_file_path(&db)).unwrap();
    let out = run(&db, &["--user", "cw2", "search", "見本"], Some(DEMO_PW));
    assert!(!out.status.success());
    // A reset password: the old slot, restored, no longer opens the account.
    let out = run(
        &db,
        &[
            "--user",
            "demo",
            "user",
            "reset",
            "cw1",
            "--temp-password",
            "kari-pass-0002",
        ],
        Some(DEMO_PW),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut now = keys(&db);
    now.slots.retain(|s| s.user_id != "cw1");
    now.slots.push(old.slot("cw1").unwrap().clone());
    now.save(&side_file_path(&db)).unwrap();
    let out = run(&db, &["--user", "cw1", "search", "見本"], Some(DEMO_PW));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("登録された鍵ではありません"),
        "{}",
        text(&out.stderr)
    );
}

/// Point 5: made-up IDs never push a real account's failures out of the side file, and the
/// lockout message gives the date as well as the time.
#[test]
fn unknown_ids_never_evict_an_account_and_the_lockout_says_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    for _ in 0..5 {
        run(
            &db,
            &["--user", "ap1", "search", "x"],
            Some("wrong-guess-123"),
        );
    }
    // 1,001 made-up IDs' records, as a flood of guesses would leave them (written directly:
    // 1,001 real attempts would take half a minute of Argon2).
    edit_keys(&db, |v| {
        for i in 0..1001 {
            v["failures"][format!("nobody{i}")] = serde_json::json!({ "count": 1, "locked_until": null, "last": "2026-01-01T00:00:00+09:00" });
        }
    });
    let out = run(
        &db,
        &["--user", "nobody-else", "search", "x"],
        Some("wrong-guess-123"),
    );
    assert!(text(&out.stderr).contains("パスワードが違います"));
    let kf = keys(&db);
    assert!(kf.failures.len() <= madoguchi::store::keyslots::MAX_UNKNOWN_TRACKED + kf.slots.len());
    assert!(
        kf.failures["ap1"].locked_until.is_some(),
        "the account's lockout was evicted"
    );
    let out = run(&db, &["--user", "ap1", "search", "x"], Some(DEMO_PW));
    let msg = text(&out.stderr);
    assert!(
        msg.contains("までログインできません")
            && msg.contains('年')
            && msg.contains('月')
            && msg.contains('日'),
        "{msg}"
    );

    // A huge user ID before any login (the largest one argument can be): refused, nothing stored.
    let before = std::fs::metadata(side_file_path(&db)).unwrap().len();
    let huge = "u".repeat(120_000);
    let _ = run(
        &db,
        &["--user", &huge, "search", "x"],
        Some("wrong-guess-123"),
    );
    assert!(std::fs::metadata(side_file_path(&db)).unwrap().len() < before + 1024);
}

/// Point 6 (key file): hostile parameters are a clear error, never an abort, a hang or an overflow.
#[test]
fn hostile_key_file_numbers_are_refused_without_a_panic_or_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let pristine = std::fs::read(side_file_path(&db)).unwrap();
    for (field, value) in [
        ("m_kib", serde_json::json!(1u64 << 31)),
        ("t", serde_json::json!(100000)),
        ("p", serde_json::json!(255)),
    ] {
        std::fs::write(side_file_path(&db), &pristine).unwrap();
        edit_keys(&db, |v| {
            for s in v["slots"].as_array_mut().unwrap() {
                s["kdf"][field] = value.clone();
            }
        });
        let out = run(&db, &["--user", "cw1", "search", "x"], Some(DEMO_PW));
        assert_eq!(out.status.code(), Some(1), "{field}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("鍵ファイルが壊れています"),
            "{field}: {}",
            text(&out.stderr)
        );
    }
    std::fs::write(side_file_path(&db), &pristine).unwrap();
    edit_keys(
        &db,
        |v| {
            v["failures"]["cw1"] =
                serde_json::json!({ "count": 4294967295u64, "locked_until": null })
        },
    );
    let out = run(
        &db,
        &["--user", "cw1", "search", "x"],
        Some("wrong-guess-123"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
}

fn sha(p: &Path) -> Option<Vec<u8>> {
    use sha2::Digest;
    std::fs::read(p)
        .ok()
        .map(|b| sha2::Sha256::digest(b).to_vec())
}

fn sibling(db: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

fn fingerprints(db: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", ".keys"]
        .iter()
        .map(|s| sha(&sibling(db, s)))
        .collect()
}

/// A WAL of a store kept open (so SQLite leaves it on disk), copied elsewhere.
fn capture_wal(db: &Path, to: &Path, work: impl FnOnce(&rusqlite::Connection)) {
    let s = raw(db, "demo", DEMO_PW);
    s.conn()
        .execute_batch("PRAGMA wal_autocheckpoint = 0;")
        .unwrap();
    work(s.conn());
    std::fs::copy(sibling(db, "-wal"), to).unwrap();
}

/// One batch of raw SQL in a session of its own (closed cleanly at the end).
fn sql(db: &Path, batch: &str) {
    raw(db, "demo", DEMO_PW)
        .conn()
        .execute_batch(batch)
        .unwrap();
}

/// A table `scratch` holding 't0' in the file, and a WAL (returned, kept aside) of a later
/// session that set it to 't1'.
fn scratch_and_an_old_wal(db: &Path, dir: &Path) -> std::path::PathBuf {
    sql(
        db,
        "CREATE TABLE scratch (x TEXT); INSERT INTO scratch VALUES ('t0');",
    );
    let old_wal = dir.join("old.wal");
    capture_wal(db, &old_wal, |c| {
        c.execute_batch("UPDATE scratch SET x = 't1';").unwrap();
    });
    old_wal
}

/// Opening beside the WAL now there is refused with a message containing `says`, and every
/// file is left byte-identical.
fn assert_wal_refused(db: &Path, says: &str) {
    let before = fingerprints(db);
    let out = run(db, &["--user", "demo", "search", "見本"], Some(DEMO_PW));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    assert_eq!(fingerprints(db), before, "a refused open changed a file");
}

/// Point 1: a WAL that does not belong to the file is refused before anything is written, and
/// every file is left byte-identical; the database opens again once the WAL is moved away.
#[test]
fn a_foreign_wal_is_refused_and_every_file_stays_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(&dir.path().join("a").tap_mkdir());
    let b = demo(&dir.path().join("b").tap_mkdir());
    capture_wal(&b, &sibling(&a, "-wal"), |c| {
        c.execute_batch(
            "CREATE TABLE scratch (x); INSERT INTO scratch VALUES (randomblob(20000));",
        )
        .unwrap();
    });
    assert_wal_refused(&a, "一時ファイル");
    std::fs::rename(sibling(&a, "-wal"), dir.path().join("moved-away.wal")).unwrap();
    let out = run(&a, &["--user", "demo", "audit", "verify"], Some(DEMO_PW));
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// Point 1: a backup restored next to an older WAL of the same database is refused too.
#[test]
fn a_stale_wal_of_the_same_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let old_wal = dir.path().join("old.wal");
    capture_wal(&a, &old_wal, |c| {
        c.execute_batch("CREATE TABLE scratch (x TEXT); INSERT INTO scratch VALUES ('t0');")
            .unwrap();
        // As every change through the program is, this one is audited: the WAL then holds the
        // log's last page as it was, which the later sessions' entries change. (Without it the
        // captured pages were, with some demo data, never touched again, so putting the WAL back
        // rolled nothing back and the test's premise did not hold.)
        madoguchi::audit::append(
            c,
            &madoguchi::audit::NewEntry {
                at: "2025-01-01T00:00:00+09:00",
                user_id: "demo",
                action: "office_update",
                target_kind: None,
                target_id: None,
                detail: serde_json::json!({ "capture": "t0" }),
            },
        )
        .unwrap();
    });
    // The office works on: every session adds entries and closes cleanly (no WAL left) — a
    // week of sessions, so the audit log grows onto the pages the old WAL also wrote.
    for q in ["見本", "試行", "架空"].repeat(8) {
        assert!(run(&a, &["--user", "cw1", "search", q], Some(DEMO_PW))
            .status
            .success());
    }
    assert!(
        !sibling(&a, "-wal").exists() || std::fs::metadata(sibling(&a, "-wal")).unwrap().len() == 0
    );
    std::fs::copy(&old_wal, sibling(&a, "-wal")).unwrap();
    assert_wal_refused(&a, "一時ファイル");
}

/// Point 1: a WAL from before the last clean close is refused even when it touches no audit
/// page — here it holds only an older version of one row, which replaying would roll back.
#[test]
fn a_wal_from_before_the_last_clean_close_is_refused_even_without_audit_pages() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let old_wal = scratch_and_an_old_wal(&a, dir.path());
    sql(&a, "UPDATE scratch SET x = 't2';");
    assert!(run(&a, &["--user", "cw1", "search", "見本"], Some(DEMO_PW))
        .status
        .success());
    std::fs::copy(&old_wal, sibling(&a, "-wal")).unwrap();
    assert_wal_refused(&a, "一時ファイル");
}

/// Point 1: after a crash (no clean close), a WAL of an earlier session put in place of the
/// crash's own is refused too: its epoch does not follow the file's.
#[test]
fn a_wal_of_an_earlier_session_beside_a_crashed_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let old_wal = scratch_and_an_old_wal(&a, dir.path());
    // The next session crashes: what is on disk at that moment is copied to another folder.
    let crashed = dir.path().join("crashed").tap_mkdir().join("demo.db");
    capture_wal(&a, &dir.path().join("crash.wal"), |c| {
        c.execute_batch("UPDATE scratch SET x = 't2';").unwrap();
        std::fs::copy(&a, &crashed).unwrap();
        std::fs::copy(sibling(&a, ".keys"), sibling(&crashed, ".keys")).unwrap();
    });
    std::fs::copy(&old_wal, sibling(&crashed, "-wal")).unwrap();
    assert_wal_refused(&crashed, "一時ファイル");
    // Its own WAL opens, with the crashed session's last change.
    std::fs::copy(dir.path().join("crash.wal"), sibling(&crashed, "-wal")).unwrap();
    let out = run(
        &crashed,
        &["--user", "demo", "search", "見本"],
        Some(DEMO_PW),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = raw(&crashed, "demo", DEMO_PW);
    let x: String = s
        .conn()
        .query_row("SELECT x FROM scratch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x, "t2");
}

/// Point 1: a backup restored to a new place refuses a WAL of the live database copied beside
/// it (the restored file starts a new history; no WAL written before the restore belongs to it).
#[test]
fn a_restored_backup_refuses_a_wal_of_the_live_database() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    sql(
        &a,
        "CREATE TABLE scratch (x TEXT); INSERT INTO scratch VALUES ('t0');",
    );
    let bak = dir.path().join("a.madoguchi-backup");
    let out = run(
        &a,
        &["--user", "demo", "backup", "--out", bak.to_str().unwrap()],
        Some(DEMO_PW),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let live_wal = dir.path().join("live.wal");
    capture_wal(&a, &live_wal, |c| {
        c.execute_batch("UPDATE scratch SET x = 'later';").unwrap();
    });
    let restored = dir.path().join("r").tap_mkdir().join("restored.db");
    let out = run(
        &a,
        &[
            "--user",
            "demo",
            "restore",
            bak.to_str().unwrap(),
            "--to",
            restored.to_str().unwrap(),
        ],
        Some(DEMO_PW),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::copy(&live_wal, sibling(&restored, "-wal")).unwrap();
    assert_wal_refused(&restored, "きちんと閉じられています");
}

/// Point 1: a file with a broken page is not opened for writing — no login entry goes into it.
#[test]
fn a_damaged_database_is_not_written_to_by_the_login() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let mut bytes = std::fs::read(&a).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages > 8);
    // Damage a page in the middle (not page 1: that is "not our file", already refused).
    let at = (pages / 2) * 4096 + 1000;
    for b in &mut bytes[at..at + 64] {
        *b ^= 0x5a;
    }
    std::fs::write(&a, &bytes).unwrap();
    let before = fingerprints(&a);
    let out = run(&a, &["--user", "demo", "search", "見本"], Some(DEMO_PW));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("バックアップから戻してください"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fingerprints(&a), before, "the damaged file was written to");
}

trait TapMkdir {
    fn tap_mkdir(self) -> Self;
}
impl TapMkdir for std::path::PathBuf {
    fn tap_mkdir(self) -> Self {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

/// Point 1, the other side: the WAL a crash leaves behind is this file's own and opens, with the
/// last committed change in it.
#[test]
fn a_crash_leftover_wal_still_opens_with_its_changes() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let (db_copy, wal_copy) = (dir.path().join("crash.db"), dir.path().join("crash.wal"));
    capture_wal(&a, &wal_copy, |c| {
        c.execute_batch("CREATE TABLE scratch (x TEXT); INSERT INTO scratch VALUES ('committed before the crash');").unwrap();
        std::fs::copy(&a, &db_copy).unwrap();
    });
    std::fs::copy(&db_copy, &a).unwrap();
    std::fs::copy(&wal_copy, sibling(&a, "-wal")).unwrap();
    let out = run(&a, &["--user", "demo", "search", "見本"], Some(DEMO_PW));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = raw(&a, "demo", DEMO_PW);
    let x: String = s
        .conn()
        .query_row("SELECT x FROM scratch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x, "committed before the crash");
}

/// Point 1, a crash in the middle of a checkpoint: the file alone holds some pages the WAL
/// also holds, half-copied (here: every page the WAL rewrites is garbage in the file), so the
/// file alone cannot be read — the WAL completes it, and the database opens with its changes.
#[test]
fn a_crash_in_the_middle_of_a_checkpoint_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let (db_copy, wal_copy) = (dir.path().join("crash.db"), dir.path().join("crash.wal"));
    capture_wal(&a, &wal_copy, |c| {
        c.execute_batch("CREATE TABLE scratch (x TEXT); INSERT INTO scratch VALUES ('committed before the crash');").unwrap();
        std::fs::copy(&a, &db_copy).unwrap();
    });
    // The WAL's frames: a 32-byte header, then 24-byte frame headers each before a 4096-byte page.
    let wal = std::fs::read(&wal_copy).unwrap();
    let mut file = std::fs::read(&db_copy).unwrap();
    let mut pages = std::collections::BTreeSet::new();
    let mut at = 32;
    while at + 24 + 4096 <= wal.len() {
        let pgno = u32::from_be_bytes(wal[at..at + 4].try_into().unwrap()) as usize;
        if pgno > 1 && pgno * 4096 <= file.len() {
            pages.insert(pgno);
        }
        at += 24 + 4096;
    }
    assert!(!pages.is_empty());
    for p in &pages {
        for b in &mut file[(p - 1) * 4096..p * 4096] {
            *b = 0x5a;
        }
    }
    std::fs::write(&a, &file).unwrap();
    std::fs::copy(&wal_copy, sibling(&a, "-wal")).unwrap();
    let out = run(&a, &["--user", "demo", "search", "見本"], Some(DEMO_PW));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = raw(&a, "demo", DEMO_PW);
    let x: String = s
        .conn()
        .query_row("SELECT x FROM scratch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x, "committed before the crash");
    let ok: String = s
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

/// Point 9: a killed `demo` leaves either no database or a complete one — never users without
/// households or a slot without its user row.
#[test]
fn a_killed_demo_leaves_no_half_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    for delay_ms in [30u64, 90, 160, 250, 400] {
        let mut child = bin()
            .arg("--db")
            .arg(&db)
            .arg("demo")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if db.exists() {
            // Complete: every account logs in and the households are there.
            let out = run(
                &db,
                &["--user", "cw1", "search", "見本", "--json"],
                Some(DEMO_PW),
            );
            assert!(
                out.status.success(),
                "after a kill at {delay_ms} ms: {}",
                text(&out.stderr)
            );
            assert!(text(&out.stdout).contains("case_number"));
            return;
        }
        assert!(
            !side_file_path(&db).exists(),
            "a side file without its database after a kill at {delay_ms} ms"
        );
    }
    // Never finished within the delays: the next full run still succeeds over the leftovers.
    assert!(run(&db, &["demo"], None).status.success());
    assert!(
        run(&db, &["--user", "cw1", "search", "見本"], Some(DEMO_PW))
            .status
            .success()
    );
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("building")
        })
        .count();
    assert_eq!(leftovers, 0);
}

/// Point 9: a killed `print certificate --out` never leaves a committed job whose file was not
/// written.
#[test]
fn a_killed_certificate_print_never_commits_a_number_without_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let listing = text(&run(&db, &["--user", "cw1", "search", "見本"], Some(DEMO_PW)).stdout);
    let case = listing
        .lines()
        .find(|l| l.ends_with("保護中"))
        .and_then(|l| l.split('\t').next())
        .expect("an active household")
        .to_string();
    let hits = run(
        &db,
        &["--user", "cw1", "search", "見本", "--json"],
        Some(DEMO_PW),
    );
    let v: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    let person = v
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["case_number"] == case.as_str())
        .unwrap()["person_id"]
        .to_string();
    let jobs = |db: &Path| -> Vec<(String, String)> {
        let s = raw(db, "cw1", DEMO_PW);
        let mut st = s.conn().prepare("SELECT j.issue_number, a.detail FROM print_jobs j JOIN audit_log a ON a.action = 'export' AND a.target_id = CAST(j.id AS TEXT) WHERE j.kind = 'certificate' ORDER BY j.id").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    // The demo's history already has certificates in the queue (issued through the service).
    let certificates = |db: &Path| -> i64 {
        raw(db, "cw1", DEMO_PW)
            .conn()
            .query_row(
                "SELECT count(*) FROM print_jobs WHERE kind = 'certificate'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = certificates(&db);
    let exported_before = jobs(&db).len() as i64;
    for (i, delay_ms) in [40u64, 80, 120, 160, 220, 300, 450].into_iter().enumerate() {
        let out = dir.path().join(format!("cert-{i}.pdf"));
        let mut c = bin();
        c.arg("--db").arg(&db).env("MADOGUCHI_PASSWORD", DEMO_PW);
        c.args([
            "--user",
            "cw1",
            "print",
            "certificate",
            "--person",
            &person,
            "--aid",
            "living",
            "--out",
        ])
        .arg(&out);
        let mut child = c
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    let committed: Vec<(String, String)> = jobs(&db)
        .into_iter()
        .skip(exported_before as usize)
        .collect();
    // Jobs without an export entry would be certificates printed some other way; there are none.
    let all = certificates(&db) - before;
    assert_eq!(
        all as usize,
        committed.len(),
        "a job was committed without its export"
    );
    let s = raw(&db, "cw1", DEMO_PW);
    // Every committed job carries its document (the PDF is in the same transaction as the
    // number), and every file on disk belongs to a committed number. Only a kill in the moment
    // between the commit and the link can leave a job whose --out file is missing; its PDF is
    // still in the job (`print_job_save_to` writes it again).
    let committed_paths: Vec<String> = committed
        .iter()
        .map(|(_, d)| {
            serde_json::from_str::<serde_json::Value>(d).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let pdfs: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM print_jobs WHERE kind = 'certificate' AND length(pdf) > 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pdfs - before, all);
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "pdf") {
            assert!(
                committed_paths.contains(&p.display().to_string()),
                "{} has no committed number",
                p.display()
            );
        }
    }
    let missing = committed_paths
        .iter()
        .filter(|p| !Path::new(p).exists())
        .count();
    assert!(missing <= 1, "{missing} committed jobs without their file");
    // No staged temporary file is left either way.
    let stray: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") && n.starts_with("cert-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// Point 6 and 10: `… | head` ends quietly (no panic on the closed pipe), and nothing the CLI
/// prints carries a raw escape sequence from its input.
#[test]
fn a_closed_pipe_is_quiet_and_escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args(["--user", "cw1", "search", "見本", "--json"])
        .env("MADOGUCHI_PASSWORD", DEMO_PW)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader went away, as `head` does
    let out = child.wait_with_output().unwrap();
    assert_ne!(
        out.status.code(),
        Some(101),
        "panicked: {}",
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );

    let out = run(
        &db,
        &["--user", "\u{1b}]0;owned\u{7}\u{1b}[2J", "search", "x"],
        Some("whatever-123"),
    );
    assert!(
        !out.stderr.contains(&0x1b) && !out.stdout.contains(&0x1b),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &db,
        &["--user", "cw1", "search", "\u{1b}[31m見本\u{9b}"],
        Some(DEMO_PW),
    );
    assert!(!out.stderr.contains(&0x1b) && !out.stdout.contains(&0x1b));
}
