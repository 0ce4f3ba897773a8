//! Key strength and key management (issue 14): slots at the calibrated cost and raised at the
//! next login, a password change that rewraps only its own slot, the rekey (every slot and the
//! fingerprints rewritten, holders keep the My Number key, a failure halfway leaves the old key
//! working), the My Number key grant through the door.

mod common;

use common::*;
use madoguchi::store::kdf::{self, Cost};
use madoguchi::store::{side_file_path, KeyFile};

fn person_with_number(db: &TestDb) -> i64 {
    let mut cw = db.staff("cw");
    let view = cw.create_household(&household("K-1")).unwrap();
    let mut m = member("鍵 太郎", "カギ タロウ", "1970-01-01");
    m.my_number = Some("123456789018".into());
    let v = cw.add_member(view.household.id, &m).unwrap();
    v.members[0].id
}

fn slot_cost(db: &TestDb, user: &str) -> Cost {
    KeyFile::load(&side_file_path(&db.path))
        .unwrap()
        .slot(user)
        .unwrap()
        .cost()
}

#[test]
fn new_slots_get_the_recorded_cost_and_weaker_ones_are_raised_at_the_next_login() {
    let db = TestDb::new();
    let target = db.staff("cw").kdf_target().unwrap().unwrap();
    assert_eq!(
        slot_cost(&db, "cw"),
        target,
        "slots are made at the office's cost"
    );

    // The office recalibrates to something stronger: every older slot is now weaker.
    let stronger = Cost {
        m_kib: target.m_kib * 2,
        t: target.t + 1,
        p: 1,
    };
    db.staff("cw").store().set_kdf_target(&stronger).unwrap();
    let before = KeyFile::load(&side_file_path(&db.path)).unwrap();
    let cw = db.staff("cw");
    assert_eq!(slot_cost(&db, "cw"), stronger, "raised at this login");
    // Only that account's slot changed.
    let after = KeyFile::load(&side_file_path(&db.path)).unwrap();
    assert_eq!(before.slot("sv"), after.slot("sv"));
    assert_eq!(slot_cost(&db, "sv"), target);
    // The raise is audited, and the raised slot is the recorded one (the next login works).
    drop(cw);
    let entries = db
        .login(ADMIN, ADMIN_PW)
        .search_audit(&madoguchi::service::views::AuditQuery {
            action: Some("key_slot_upgrade".into()),
            user_id: Some("cw".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(entries.len(), 1);
    let _ = db.staff("cw");
    // A raised holder keeps the My Number key.
    let pid = person_with_number(&db);
    assert_eq!(
        db.staff("cw").reveal_my_number(pid, &purpose()).unwrap(),
        "123456789018"
    );
}

#[test]
fn the_office_cost_cannot_be_set_below_the_floor_outside_the_test_setting() {
    // The test setting is on in this process (debug build, MADOGUCHI_TEST_KDF=cheap), so the
    // floor check is what a release build applies; the floor itself is fixed.
    assert!(
        kdf::test_cheap(),
        "tests run with the explicit test setting"
    );
    assert!(!kdf::LEGACY.weaker_than(&kdf::TEST_CHEAP));
    assert!(kdf::LEGACY.weaker_than(&kdf::FLOOR));
}

#[test]
fn a_password_change_rewraps_only_that_slot_and_a_holder_keeps_the_my_number_key() {
    let db = TestDb::new();
    let pid = person_with_number(&db);
    let before = KeyFile::load(&side_file_path(&db.path)).unwrap();
    let mut sv = db.staff("sv");
    let info = sv.change_password(STAFF_PW, "atarashii-pass-42").unwrap();
    assert!(info.holds_reveal_key);
    drop(sv);
    let after = KeyFile::load(&side_file_path(&db.path)).unwrap();
    for s in &before.slots {
        if s.user_id != "sv" {
            assert_eq!(Some(s), after.slot(&s.user_id), "{} untouched", s.user_id);
        }
    }
    assert_ne!(before.slot("sv"), after.slot("sv"));
    assert!(db.try_login("sv", STAFF_PW).is_err());
    let mut sv = db.login("sv", "atarashii-pass-42");
    assert!(sv.session_info().unwrap().holds_reveal_key);
    assert_eq!(
        sv.reveal_my_number(pid, &purpose()).unwrap(),
        "123456789018"
    );
}

#[test]
fn rekey_rewraps_every_slot_and_fingerprint_and_holders_keep_the_my_number_key() {
    let db = TestDb::new();
    let pid = person_with_number(&db);
    let old_keys = KeyFile::load(&side_file_path(&db.path)).unwrap();
    let old_key = {
        let kf = old_keys.clone();
        kf.unwrap_key(ADMIN, ADMIN_PW).unwrap().unwrap()
    };
    let old_file = std::fs::read(&db.path).unwrap();

    let mut admin = db.login(ADMIN, ADMIN_PW);
    let report = admin.rekey().unwrap();
    assert_eq!(report.rewrapped.len(), 6, "{report:?}");
    assert!(report.dropped.is_empty());
    // The session goes on, on the new file.
    assert!(admin.verify_audit().unwrap().ok);
    admin.logout().unwrap();

    // The file is re-encrypted: different bytes, and the old key no longer opens it.
    let new_file = std::fs::read(&db.path).unwrap();
    assert_ne!(old_file[..16], new_file[..16]);
    assert!(madoguchi::store::Store::open(
        &db.path,
        old_key,
        &old_keys,
        "2025-06-02T09:00:00+09:00"
    )
    .is_err());
    // Every account opens with its unchanged password; holders still reveal.
    for u in ["cw", "med", "sv", "ap", "ro"] {
        let _ = db.staff(u);
    }
    assert_eq!(
        db.staff("sv").reveal_my_number(pid, &purpose()).unwrap(),
        "123456789018"
    );
    assert_eq!(
        db.staff("cw").reveal_my_number(pid, &purpose()).unwrap(),
        "123456789018"
    );
    // Each slot was rewrapped normally at its login (no sealed slot left for those who logged in).
    let kf = KeyFile::load(&side_file_path(&db.path)).unwrap();
    assert!(kf
        .slots
        .iter()
        .filter(|s| s.user_id != ADMIN)
        .all(|s| s.sealed_key.is_none()));
    assert!(kf.rekey.is_none());
    // The old side file (a copy someone kept) does not open the new database.
    let stolen = db.dir.path().join("stolen.db.keys");
    old_keys.save(&stolen).unwrap();
    let k = old_keys.unwrap_key("cw", STAFF_PW).unwrap().unwrap();
    assert!(
        madoguchi::store::Store::open(&db.path, k, &old_keys, "2025-06-02T09:00:00+09:00").is_err()
    );
    // The audit log records the rekey and verifies.
    let mut admin = db.login(ADMIN, ADMIN_PW);
    assert!(admin.verify_audit().unwrap().ok);
    let e = admin
        .search_audit(&madoguchi::service::views::AuditQuery {
            action: Some("rekey".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(e.len(), 1);
}

#[test]
fn rekey_is_refused_while_another_session_has_the_database_open() {
    let db = TestDb::new();
    let _cw = db.staff("cw");
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let e = admin.rekey().unwrap_err();
    assert!(e.to_string().contains("開いている"), "{e}");
    assert!(db.staff("ro").session_info().is_ok());
}

#[test]
fn rekey_is_for_the_administrator_only() {
    let db = TestDb::new();
    let e = db.staff("sv").rekey().unwrap_err();
    assert_eq!(e.code(), "PERMISSION_DENIED");
}

#[test]
fn a_rekey_that_fails_halfway_leaves_the_old_key_working() {
    // One test walks every step (the failure switch is process-wide).
    let db = TestDb::new();
    let pid = person_with_number(&db);
    for step in ["export", "before_pending", "before_swap"] {
        let before = std::fs::read(&db.path).unwrap();
        std::env::set_var("MADOGUCHI_TEST_REKEY_FAIL", step);
        let mut admin = db.login(ADMIN, ADMIN_PW);
        let e = admin.rekey().unwrap_err();
        std::env::remove_var("MADOGUCHI_TEST_REKEY_FAIL");
        assert!(e.to_string().contains(step), "{e}");
        // The session still works on the old file.
        assert!(admin.verify_audit().unwrap().ok);
        admin.logout().unwrap();
        assert!(!madoguchi::store::rekey::new_file_path(&db.path).exists());
        let kf = KeyFile::load(&side_file_path(&db.path)).unwrap();
        assert!(kf.rekey.is_none(), "{step}: pending slots dropped");
        assert_eq!(
            before[..16],
            std::fs::read(&db.path).unwrap()[..16],
            "{step}: the same file (salt) is in place"
        );
        assert_eq!(
            db.staff("cw").reveal_my_number(pid, &purpose()).unwrap(),
            "123456789018"
        );
    }
}

#[test]
fn the_my_number_key_is_granted_through_the_door_and_the_session_says_so() {
    use madoguchi::service::rpc::Desk;
    use serde_json::json;
    let db = TestDb::new();
    {
        let mut admin = db.login(ADMIN, ADMIN_PW);
        admin
            .add_user(
                "cw2",
                "新人 職員",
                madoguchi::domain::role::Role::Caseworker,
                "kari-pass-0001",
            )
            .unwrap();
    }
    {
        let mut u = db.login("cw2", "kari-pass-0001");
        u.change_password("kari-pass-0001", STAFF_PW).unwrap();
    }
    let desk = Desk::new(db.path.clone(), db.clock.clock());
    let s = desk
        .call("login", &json!({"user_id": "cw2", "password": STAFF_PW}))
        .unwrap();
    assert_eq!(s["holds_reveal_key"], false);
    assert_eq!(s["may_receive_reveal_key"], true);
    // A wrong holder password is refused and counts toward the holder's lockout.
    let e = desk
        .call(
            "reveal_key_grant",
            &json!({"holder_id": "sv", "holder_password": "wrong-password-1"}),
        )
        .unwrap_err();
    assert_eq!(e.code, "AUTH_BAD_CREDENTIALS", "{e:?}");
    assert_eq!(
        madoguchi::auth::failure_state(&db.path, "sv")
            .unwrap()
            .count,
        1
    );
    // Someone without the key cannot give it.
    let e = desk
        .call(
            "reveal_key_grant",
            &json!({"holder_id": "ap", "holder_password": STAFF_PW}),
        )
        .unwrap_err();
    assert_eq!(e.code, "REVEAL_KEY_HOLDER");
    let s = desk
        .call(
            "reveal_key_grant",
            &json!({"holder_id": "sv", "holder_password": STAFF_PW}),
        )
        .unwrap();
    assert_eq!(s["holds_reveal_key"], true);
    assert_eq!(s["may_receive_reveal_key"], false);
    let s = desk.call("session", &json!({})).unwrap();
    assert_eq!(s["holds_reveal_key"], true);
}
