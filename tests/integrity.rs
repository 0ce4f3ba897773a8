//! Issue 7: integrity under attack and accident — the store's files, the key-slot side file and
//! the audit chain, attacked the way the probe did, through the real CLI binary where it matters.

use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_madoguchi"));
    c.env_remove("MADOGUCHI_DB")
        .env_remove("MADOGUCHI_PASSWORD")
        .env_remove("MADOGUCHI_USER");
    c
}

fn run(db: &Path, args: &[&str], password: Option<&str>) -> Output {
    let mut c = bin();
    c.arg("--db").arg(db).args(args);
    if let Some(p) = password {
        c.env("MADOGUCHI_PASSWORD", p);
    }
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A raw connection with the real key, as someone holding any account's password could open it.
fn raw(db: &Path, user: &str, pw: &str) -> madoguchi::store::Store {
    let kf = madoguchi::store::KeyFile::load(&madoguchi::store::side_file_path(db)).unwrap();
    let key = kf.unwrap_key(user, pw).unwrap().unwrap();
    madoguchi::store::Store::open(db, key, &kf, "2025-01-01T00:00:00+09:00").unwrap()
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let out = run(&db, &["demo"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
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
