//! Killing the process during export or import leaves the queue consistent and the job
//! resumable: at every step of an export (the `MADOGUCHI_CRASH_AT` points abort the real CLI
//! process as a power cut would), inside the import transaction, and under SIGKILL at arbitrary
//! moments of export and import. Temporary files are gone at the next start; the resumed export
//! writes the same batch; a killed import changed all or nothing and is run again.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::*;
use madoguchi::exchange::layout::is_temp_name;
use madoguchi::exchange::Channel;

fn cli(db: &Path, crash_at: Option<&str>, args: &[&str]) -> Command {
    let mut c = command_as(db, "med", STAFF_PW, args);
    if let Some(p) = crash_at {
        c.env("MADOGUCHI_CRASH_AT", p);
    }
    c
}

fn export(db: &Path, usb: &Path, crash_at: Option<&str>) -> Output {
    cli(
        db,
        crash_at,
        &[
            "exchange",
            "export",
            "--channel",
            "inquiry",
            "--medium",
            MEDIUM,
            "--to",
            usb.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn setup(n: usize) -> (TestDb, PathBuf) {
    let db = TestDb::new();
    queued_inquiries(&db, n);
    let usb = db.dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    (db, usb)
}

/// The queue is in one of its consistent states: nothing sent, or the whole batch sent.
fn consistent(db: &TestDb, n: i64) -> (i64, i64, bool) {
    let mut med = db.staff("med");
    let s = med
        .exchange_status()
        .unwrap()
        .into_iter()
        .find(|s| s.channel == Channel::Inquiry)
        .unwrap();
    assert!(
        (s.pending, s.sent) == (n, 0) || (s.pending, s.sent) == (0, n),
        "mixed state: {s:?}"
    );
    (s.pending, s.sent, s.interrupted_export)
}

#[test]
fn an_export_killed_at_any_step_is_consistent_and_resumes_to_the_same_batch() {
    for point in [
        "export.prepared",
        "export.data_partial",
        "export.data_written",
        "export.manifest_partial",
        "export.manifest_written",
        "export.finishing",
    ] {
        let (db, usb) = setup(5);
        let out = export(&db.path, &usb, Some(point));
        assert!(
            !out.status.success(),
            "{point}: the process should have died"
        );
        // A partial file may be on the medium right now …
        let had_partial = names(&usb).iter().any(|n| is_temp_name(n));
        assert_eq!(
            had_partial,
            point.ends_with("_partial"),
            "{point}: {:?}",
            names(&usb)
        );
        // … and is gone at the next start (login); nothing was sent.
        let (pending, sent, interrupted) = consistent(&db, 5);
        assert_eq!((pending, sent, interrupted), (5, 0, true), "{point}");
        assert!(
            names(&usb).iter().all(|n| !is_temp_name(n)),
            "{point}: {:?}",
            names(&usb)
        );

        let out = export(&db.path, &usb, None);
        assert!(
            out.status.success(),
            "{point}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("バッチ 1") && text.contains("中断していた出力を完了"),
            "{point}: {text}"
        );
        assert_eq!(consistent(&db, 5), (0, 5, false), "{point}");
        assert_eq!(
            names(&usb),
            vec![
                "MDG_INQUIRY_12270013_000001.dat",
                "MDG_INQUIRY_12270013_000001.manifest.json"
            ],
            "{point}"
        );
        // The manifest describes exactly the data file on the medium.
        let m: madoguchi::exchange::export::Manifest = serde_json::from_slice(
            &std::fs::read(usb.join("MDG_INQUIRY_12270013_000001.manifest.json")).unwrap(),
        )
        .unwrap();
        let data = std::fs::read(usb.join(&m.files[0].name)).unwrap();
        assert_eq!(
            (m.files[0].sha256.as_str(), m.record_count),
            (madoguchi::exchange::sha256_hex(&data).as_str(), 5),
            "{point}"
        );
        assert!(madoguchi::exchange::layout::default_layout()
            .read_batch(&data)
            .is_ok());
        // One export line in the register, and the audit chain intact.
        let mut med = db.staff("med");
        assert_eq!(med.exchange_media_register(10).unwrap().len(), 1, "{point}");
        assert!(db.staff("sv").verify_audit().unwrap().ok);
    }
}

#[test]
fn an_import_killed_inside_its_transaction_changes_nothing_and_can_be_run_again() {
    let (db, usb) = setup(4);
    assert!(export(&db.path, &usb, None).status.success());
    let res = db.dir.path().join("res");
    std::fs::create_dir_all(&res).unwrap();
    let (name, bytes) = results_for(&usb.join("MDG_INQUIRY_12270013_000001.dat"), &[1]);
    std::fs::write(res.join(name), bytes).unwrap();
    let before = exchange_snapshot(db.staff("med").store().conn());
    let out = cli(
        &db.path,
        Some("import.applying"),
        &["exchange", "import", res.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert!(!out.status.success());
    assert_eq!(exchange_snapshot(db.staff("med").store().conn()), before);
    let out = cli(
        &db.path,
        None,
        &["exchange", "import", res.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut med = db.staff("med");
    let s = med
        .exchange_status()
        .unwrap()
        .into_iter()
        .find(|s| s.channel == Channel::Inquiry)
        .unwrap();
    assert_eq!((s.accepted, s.errors, s.sent), (3, 1, 0));
}

/// SIGKILL at arbitrary moments of real exports of a larger batch. `MADOGUCHI_KILL_ROUNDS`
/// raises the number of rounds outside CI.
#[test]
fn exports_killed_at_random_moments_stay_consistent_and_finish() {
    let n = 3000;
    let (db, usb) = setup(n);
    let rounds: u64 = std::env::var("MADOGUCHI_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let mut finished = false;
    for round in 0..rounds {
        let mut child = cli(
            &db.path,
            None,
            &[
                "exchange",
                "export",
                "--channel",
                "inquiry",
                "--medium",
                MEDIUM,
                "--to",
                usb.to_str().unwrap(),
            ],
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
        // Spread the kills over login, preparation, writing and the final transaction.
        let delay = 40 + (round * 7919) % 400;
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let (_, sent, _) = consistent(&db, n as i64);
        assert!(
            names(&usb).iter().all(|f| !is_temp_name(f)),
            "round {round}: {:?}",
            names(&usb)
        );
        if status.success() || sent == n as i64 {
            finished = true;
            break;
        }
    }
    if !finished {
        let out = export(&db.path, &usb, None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(consistent(&db, n as i64).1, n as i64);
    let data = std::fs::read(usb.join("MDG_INQUIRY_12270013_000001.dat")).unwrap();
    assert_eq!(
        madoguchi::exchange::layout::default_layout()
            .read_batch(&data)
            .unwrap()
            .lines
            .len(),
        n
    );
}

/// SIGKILL at arbitrary moments of a real import of a large result file: the queue is either as
/// before or fully imported, never half; the import, run again, finishes; once more, it changes
/// nothing. `MADOGUCHI_KILL_ROUNDS` raises the number of rounds outside CI.
#[test]
fn imports_killed_at_random_moments_change_all_or_nothing_and_finish() {
    let n = 3000;
    let (db, usb) = setup(n);
    assert!(export(&db.path, &usb, None).status.success());
    let res = db.dir.path().join("res");
    std::fs::create_dir_all(&res).unwrap();
    let reject: Vec<i64> = (1..=n as i64).filter(|i| i % 10 == 0).collect();
    let (name, bytes) = results_for(&usb.join("MDG_INQUIRY_12270013_000001.dat"), &reject);
    std::fs::write(res.join(&name), bytes).unwrap();
    let before = exchange_snapshot(db.staff("med").store().conn());
    let import = || {
        cli(
            &db.path,
            None,
            &["exchange", "import", res.to_str().unwrap()],
        )
    };
    let done = |db: &TestDb| {
        let mut med = db.staff("med");
        let s = med
            .exchange_status()
            .unwrap()
            .into_iter()
            .find(|s| s.channel == Channel::Inquiry)
            .unwrap();
        (s.sent, s.accepted, s.errors)
    };
    // How long a whole import takes here and now, on a copy of the database: the kills are
    // spread over that span (login, reading and checking the file, the transaction).
    let span = {
        let copy = tempfile::tempdir().unwrap();
        for e in std::fs::read_dir(db.dir.path()).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                std::fs::copy(e.path(), copy.path().join(e.file_name())).unwrap();
            }
        }
        let start = std::time::Instant::now();
        let out = cli(
            &copy.path().join(db.path.file_name().unwrap()),
            None,
            &["exchange", "import", res.to_str().unwrap()],
        )
        .output()
        .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        start.elapsed()
    };
    let rounds: u32 = std::env::var("MADOGUCHI_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let mut finished = false;
    for round in 0..rounds {
        let mut child = import()
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let delay = span * (round + 1) / (rounds + 1);
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let state = done(&db);
        if state == (n as i64, 0, 0) {
            assert_eq!(
                exchange_snapshot(db.staff("med").store().conn()),
                before,
                "round {round}: a killed import left a trace"
            );
        } else {
            assert_eq!(state, (0, 2700, 300), "round {round}: half imported");
            finished = true;
        }
        if status.success() || finished {
            finished = true;
            break;
        }
    }
    if !finished {
        let out = import().output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(done(&db), (0, 2700, 300));
    // Imported once: the same file again changes nothing.
    let after = exchange_snapshot(db.staff("med").store().conn());
    let out = import().output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("取込済み"));
    assert_eq!(exchange_snapshot(db.staff("med").store().conn()), after);
    assert!(db.staff("sv").verify_audit().unwrap().ok);
}
