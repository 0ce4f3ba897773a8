//! Issue 7 point 7: temporary and output files holding personal data. Its own test binary,
//! because it sets TMPDIR and PATH for the whole process.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use common::*;
use madoguchi::service::App;

const DEMO_PW: &str = madoguchi::demo::DEMO_PASSWORD;

/// A person of a household that is 保護中 in the demo.
fn active_person(app: &mut App) -> i64 {
    let hits = app.search("見本", 50, false).unwrap();
    hits.iter()
        .find(|h| h.household_status_label == "保護中")
        .expect("an active household")
        .person_id
}

#[test]
fn viewer_and_out_files_are_private_exclusive_and_never_follow_a_planted_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    std::env::set_var("TMPDIR", &tmp);
    // No viewer on PATH: the PDF must not stay behind (the issue found one with name and address).
    std::env::set_var("PATH", dir.path().join("no-such-bin"));

    let mut cw = App::login(&db, "cw1", DEMO_PW).unwrap();
    let person = active_person(&mut cw);
    let job = cw
        .print_certificate(person, &[madoguchi::print::AidKind::Living], None)
        .unwrap();
    assert!(cw.print_job_open(job.id).is_err());
    let uid = unsafe { libc::geteuid() };
    let root = tmp.join(format!("madoguchi-{uid}"));
    let print_dir = root.join("print");
    assert_eq!(std::fs::metadata(&root).unwrap().mode() & 0o777, 0o700);
    assert_eq!(
        std::fs::read_dir(&print_dir).unwrap().count(),
        0,
        "a PDF was left behind"
    );

    // A crashed session's file (its process is gone) is removed at the next login; a file of a
    // live process is kept.
    let stale = print_dir.join("R7-00001-999999-abcdefghijklmnop.pdf");
    std::fs::write(&stale, b"%PDF").unwrap();
    let live = print_dir.join(format!(
        "R7-00002-{}-abcdefghijklmnop.pdf",
        std::process::id()
    ));
    std::fs::write(&live, b"%PDF").unwrap();
    drop(cw);
    let mut cw = App::login(&db, "cw1", DEMO_PW).unwrap();
    assert!(!stale.exists() && live.exists());
    std::fs::remove_file(&live).unwrap();

    // A folder planted by another user is refused, not written into.
    std::fs::remove_dir_all(&root).unwrap();
    std::fs::create_dir(&root).unwrap();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::os::unix::fs::chown(&root, Some(4242), Some(4242)).unwrap();
    assert!(cw.print_job_open(job.id).is_err());
    assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);
    std::fs::remove_dir_all(&root).unwrap();
    // The print folder replaced by a symlink to somewhere readable: refused too.
    std::fs::create_dir(&root).unwrap();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o700)).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &print_dir).unwrap();
    assert!(cw.print_job_open(job.id).is_err());
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    drop(cw);

    // `print … --out` onto a planted symlink: the link is replaced, its target untouched, 0600.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"keep me").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = dir.path().join("cert.pdf");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    let o = command_as(
        &db,
        "cw1",
        DEMO_PW,
        &[
            "print",
            "certificate",
            "--person",
            &person.to_string(),
            "--aid",
            "living",
            "--out",
        ],
    )
    .arg(&out)
    .output()
    .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    let meta = std::fs::symlink_metadata(&out).unwrap();
    assert!(meta.file_type().is_file());
    assert_eq!(meta.mode() & 0o777, 0o600);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
}
