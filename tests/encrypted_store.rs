//! The database file is unreadable without a key, opens only through a user's key slot, and a
//! file that is not ours is refused without being touched.

mod common;

use chrono::Duration;
use common::*;
use madoguchi::auth::AuthError;
use madoguchi::service::ServiceError;
use madoguchi::store::StoreError;
use sha2::{Digest, Sha256};

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

#[test]
fn no_inserted_name_kana_or_number_appears_in_any_file() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let mut m = member("暗号 確認子", "アンゴウ カクニンコ", "1975-03-04");
    m.my_number = Some("123456789018".into());
    let view = cw.create_household(&common::household("ZZ-9001")).unwrap();
    cw.add_member(view.household.id, &m).unwrap();

    // Before a checkpoint the new pages live in the WAL; look at every file in the folder.
    let secrets: Vec<Vec<u8>> = vec![
        "暗号 確認子".as_bytes().to_vec(),
        "暗号".as_bytes().to_vec(),
        "アンゴウ".as_bytes().to_vec(),
        "アンゴウカクニンコ".as_bytes().to_vec(),
        b"123456789018".to_vec(),
        b"ZZ-9001".to_vec(),
        utf16("暗号"),
        "見本県見本市".as_bytes().to_vec(),
    ];
    let check_all = |when: &str| {
        for f in db.files() {
            let bytes = std::fs::read(&f).unwrap();
            for s in &secrets {
                assert!(
                    !contains(&bytes, s),
                    "{when}: {} contains {:?}",
                    f.display(),
                    String::from_utf8_lossy(s)
                );
            }
        }
    };
    assert!(
        db.files()
            .iter()
            .any(|f| f.to_string_lossy().ends_with("-wal")),
        "expected a WAL to inspect"
    );
    check_all("before checkpoint");
    cw.store().checkpoint().unwrap();
    check_all("after checkpoint");
    drop(cw);
    check_all("after close");
}

#[test]
fn wrong_password_counts_failures_and_locks_after_five_for_fifteen_minutes() {
    let db = TestDb::new();
    for n in 1..=4u32 {
        match db.try_login("cw", "wrong-password-x") {
            Err(ServiceError::Auth(AuthError::BadCredentials { failures })) => {
                assert_eq!(failures, n)
            }
            other => panic!("expected BadCredentials, got {:?}", other.err()),
        }
    }
    let e = db.try_login("cw", "wrong-password-x").err().unwrap();
    assert!(
        matches!(e, ServiceError::Auth(AuthError::LockedOut { .. })),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("ログインできません"));
    // Even the right password is refused while locked.
    assert!(matches!(
        db.try_login("cw", STAFF_PW).err().unwrap(),
        ServiceError::Auth(AuthError::LockedOut { .. })
    ));
    db.clock.advance(Duration::minutes(14));
    assert!(db.try_login("cw", STAFF_PW).is_err());
    db.clock.advance(Duration::minutes(2));
    let mut cw = db.staff("cw");
    drop(cw.search("x", 1, false));

    // The failures, made while the database was closed, are in the audit log now — as what they
    // are: reports of the side file, written before anyone authenticated.
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let q = madoguchi::service::views::AuditQuery {
        user_id: Some("cw".into()),
        ..Default::default()
    };
    let log = admin.search_audit(&q).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "login_failed_reported")
            .count(),
        5
    );
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "locked_out_reported")
            .count(),
        1
    );
}

#[test]
fn unknown_user_gets_the_same_message_as_a_wrong_password() {
    let db = TestDb::new();
    let e = db.try_login("nobody", "whatever-123").err().unwrap();
    assert_eq!(e.code(), "AUTH_BAD_CREDENTIALS");
}

#[test]
fn disabled_user_has_no_slot_and_others_still_log_in() {
    let db = TestDb::new();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin.set_user_disabled("cw", true, None).unwrap();
    let kf = madoguchi::store::KeyFile::load(&madoguchi::store::side_file_path(&db.path)).unwrap();
    assert!(kf.slot("cw").is_none());
    assert_eq!(
        db.try_login("cw", STAFF_PW).err().unwrap().code(),
        "AUTH_BAD_CREDENTIALS"
    );
    db.staff("sv");
}

#[test]
fn adding_a_user_does_not_reencrypt_the_database() {
    let db = TestDb::new();
    let admin = db.login(ADMIN, ADMIN_PW);
    admin.store().checkpoint().unwrap();
    drop(admin);
    let before = Sha256::digest(std::fs::read(&db.path).unwrap());
    let kf = madoguchi::store::KeyFile::load(&madoguchi::store::side_file_path(&db.path)).unwrap();
    let mut kf2 = kf.clone();
    // Adding a slot only touches the side file.
    let key = kf.unwrap_key(ADMIN, ADMIN_PW).unwrap().unwrap();
    kf2.set_slot("extra", "extra-password-1", &key).unwrap();
    kf2.save(&madoguchi::store::side_file_path(&db.path))
        .unwrap();
    assert_eq!(Sha256::digest(std::fs::read(&db.path).unwrap()), before);
}

#[test]
fn tampered_side_file_is_a_clear_error() {
    let db = TestDb::new();
    let side = madoguchi::store::side_file_path(&db.path);
    let text = std::fs::read_to_string(&side).unwrap();
    std::fs::write(&side, &text[..text.len() / 2]).unwrap();
    let e = db.try_login("cw", STAFF_PW).err().unwrap();
    assert_eq!(e.code(), "STORE_KEY_FILE_DAMAGED", "{e}");
    std::fs::remove_file(&side).unwrap();
    assert_eq!(
        db.try_login("cw", STAFF_PW).err().unwrap().code(),
        "STORE_NO_KEY_FILE"
    );
}

fn digest_all(db: &TestDb) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = db
        .files()
        .into_iter()
        .map(|f| {
            (
                f.display().to_string(),
                Sha256::digest(std::fs::read(&f).unwrap()).to_vec(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn truncated_file_is_refused_and_left_unchanged() {
    let db = TestDb::new();
    db.login(ADMIN, ADMIN_PW).store().checkpoint().unwrap();
    let bytes = std::fs::read(&db.path).unwrap();
    // Cut at a page boundary (the sneaky case) and mid-page.
    for cut in [bytes.len() - 4096, bytes.len() - 100] {
        std::fs::write(&db.path, &bytes[..cut]).unwrap();
        let before = digest_all(&db);
        let e = db.try_login(ADMIN, ADMIN_PW).err().unwrap();
        assert_eq!(e.code(), "STORE_DAMAGED", "cut {cut}: {e}");
        assert_eq!(digest_all(&db), before);
    }
}

#[test]
fn plaintext_sqlite_and_foreign_files_are_refused_and_left_unchanged() {
    let db = TestDb::new();
    // A plaintext SQLite database in place of ours.
    std::fs::remove_file(&db.path).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.path.display()));
    }
    {
        let c = rusqlite::Connection::open(&db.path).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('名前');")
            .unwrap();
    }
    let before = digest_all(&db);
    let e = db.try_login(ADMIN, ADMIN_PW).err().unwrap();
    assert_eq!(e.code(), "STORE_NOT_ENCRYPTED", "{e}");
    assert_eq!(digest_all(&db), before);

    // Random bytes of a plausible size: opens nothing, writes nothing.
    let noise: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&db.path, &noise).unwrap();
    let before = digest_all(&db);
    let e = db.try_login(ADMIN, ADMIN_PW).err().unwrap();
    assert_eq!(e.code(), "STORE_NOT_OUR_DATABASE", "{e}");
    assert_eq!(digest_all(&db), before);
}

#[test]
fn another_offices_database_does_not_pair_with_our_side_file() {
    let a = TestDb::new();
    let b = TestDb::new();
    a.login(ADMIN, ADMIN_PW).store().checkpoint().unwrap();
    b.login(ADMIN, ADMIN_PW).store().checkpoint().unwrap();
    std::fs::copy(&b.path, &a.path).unwrap();
    let e = a.try_login(ADMIN, ADMIN_PW).err().unwrap();
    assert_eq!(e.code(), "STORE_NOT_OUR_DATABASE", "{e}");
}

#[test]
fn database_from_a_newer_program_is_refused() {
    let db = TestDb::new();
    {
        let admin = db.login(ADMIN, ADMIN_PW);
        admin
            .store()
            .conn()
            .pragma_update(None, "user_version", 999)
            .unwrap();
    }
    let e = db.try_login(ADMIN, ADMIN_PW).err().unwrap();
    assert!(
        matches!(
            e,
            ServiceError::Auth(AuthError::Store(StoreError::DatabaseTooNew {
                database: 999,
                ..
            }))
        ),
        "{e:?}"
    );
}

#[test]
fn create_refuses_to_overwrite() {
    let db = TestDb::new();
    let e = madoguchi::service::setup::create_office_database(
        &db.path,
        "x1",
        "X",
        "another-pass-99",
        &db.clock.clock(),
    )
    .err()
    .unwrap();
    assert_eq!(e.code(), "STORE_DB_EXISTS");
}
