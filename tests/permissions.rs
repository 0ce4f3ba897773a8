//! The permission matrix is enforced in the core, not only by hiding buttons: one test per role
//! calls the use cases directly and checks which are refused.

mod common;

use common::*;
use madoguchi::domain::household::HouseholdStatus;
use madoguchi::domain::role::Role;
use madoguchi::service::App;

struct Probe {
    household: i64,
    person: i64,
}

/// A household with one member who has a My Number, created by the caseworker.
fn setup() -> (TestDb, Probe) {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("P-0001")).unwrap();
    let mut m = member("権限 確認", "ケンゲン カクニン", "1960-01-01");
    m.my_number = Some("123456789018".into());
    let v = cw.add_member(h.household.id, &m).unwrap();
    let probe = Probe {
        household: h.household.id,
        person: v.members[0].id,
    };
    (db, probe)
}

/// Which of the guarded use cases `app` may run: (name, allowed?).
fn attempts(app: &mut App, p: &Probe) -> Vec<(&'static str, bool)> {
    let denied = |r: Result<(), madoguchi::service::ServiceError>| match r {
        Ok(()) => true,
        Err(e) if e.code() == "PERMISSION_DENIED" => false,
        Err(e) => panic!("unexpected error: {e}"),
    };
    vec![
        (
            "search",
            denied(app.search("ケンゲン", 5, false).map(|_| ())),
        ),
        (
            "open_household",
            // Another caseworker's case (the probe's is cw's) opens with a reason.
            denied(
                app.open_household_with_reason(p.household, Some(&case_reason()))
                    .map(|_| ()),
            ),
        ),
        (
            "update_household",
            denied(
                app.update_household(p.household, &household("P-0001"))
                    .map(|_| ()),
            ),
        ),
        (
            "change_status",
            denied(
                app.change_household_status(
                    p.household,
                    HouseholdStatus::Active,
                    "R7.6.1",
                    "保護開始",
                )
                .map(|_| ()),
            ),
        ),
        (
            "reveal_my_number",
            denied(app.reveal_my_number(p.person, &purpose()).map(|_| ())),
        ),
        ("list_users", denied(app.list_users().map(|_| ()))),
        (
            "save_office",
            denied(app.save_office(&madoguchi::demo::demo_office()).map(|_| ())),
        ),
        (
            "search_audit",
            denied(app.search_audit(&Default::default()).map(|_| ())),
        ),
    ]
}

fn allowed(db: &TestDb, p: &Probe, user: &str) -> Vec<&'static str> {
    let mut app = if user == ADMIN {
        db.login(ADMIN, ADMIN_PW)
    } else {
        db.staff(user)
    };
    attempts(&mut app, p)
        .into_iter()
        .filter(|(_, ok)| *ok)
        .map(|(n, _)| n)
        .collect()
}

#[test]
fn caseworker() {
    let (db, p) = setup();
    assert_eq!(
        allowed(&db, &p, "cw"),
        [
            "search",
            "open_household",
            "update_household",
            "reveal_my_number"
        ]
    );
}

#[test]
fn medical_clerk() {
    let (db, p) = setup();
    assert_eq!(allowed(&db, &p, "med"), ["search", "open_household"]);
}

#[test]
fn supervisor() {
    let (db, p) = setup();
    assert_eq!(
        allowed(&db, &p, "sv"),
        [
            "search",
            "open_household",
            "update_household",
            "change_status",
            "reveal_my_number",
            "search_audit"
        ]
    );
}

#[test]
fn approver() {
    let (db, p) = setup();
    assert_eq!(
        allowed(&db, &p, "ap"),
        ["search", "open_household", "change_status"]
    );
}

#[test]
fn administrator() {
    let (db, p) = setup();
    assert_eq!(
        allowed(&db, &p, ADMIN),
        [
            "search",
            "open_household",
            "list_users",
            "save_office",
            "search_audit"
        ]
    );
}

#[test]
fn readonly() {
    let (db, p) = setup();
    assert_eq!(allowed(&db, &p, "ro"), ["search", "open_household"]);
}

#[test]
fn matrix_shown_to_the_admin_is_the_enforced_one() {
    let (db, _) = setup();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let m = admin.permission_matrix().unwrap();
    for r in Role::ALL {
        let shown = &m.grants[r.code()];
        let enforced: Vec<String> = r
            .permissions()
            .iter()
            .map(|p| p.code().to_string())
            .collect();
        assert_eq!(shown, &enforced);
    }
}

#[test]
fn forced_password_change_blocks_everything_else() {
    let db = TestDb::new();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin
        .add_user("newcw", "新人 担当", Role::Caseworker, "kari-pass-0002")
        .unwrap();
    let mut u = db.login("newcw", "kari-pass-0002");
    assert!(u.session_info().unwrap().must_change_password);
    assert_eq!(
        u.search("x", 5, false).err().unwrap().code(),
        "AUTH_MUST_CHANGE_PASSWORD"
    );
    // Rules apply to the new password.
    assert_eq!(
        u.change_password("kari-pass-0002", "1234567890")
            .err()
            .unwrap()
            .code(),
        "AUTH_PASSWORD_RULE"
    );
    assert_eq!(
        u.change_password("kari-pass-0002", "newcw-pass-1")
            .err()
            .unwrap()
            .code(),
        "AUTH_PASSWORD_RULE"
    );
    assert_eq!(
        u.change_password("kari-pass-0002", "short")
            .err()
            .unwrap()
            .code(),
        "AUTH_PASSWORD_RULE"
    );
    assert_eq!(
        u.change_password("wrong-old-pass", "sakura-2025-desk")
            .err()
            .unwrap()
            .code(),
        "AUTH_WRONG_CURRENT_PASSWORD"
    );
    u.change_password("kari-pass-0002", "sakura-2025-desk")
        .unwrap();
    assert!(u.search("x", 5, false).is_ok());
    // The old temporary password no longer opens the database.
    assert!(db.try_login("newcw", "kari-pass-0002").is_err());
    db.login("newcw", "sakura-2025-desk");
}

#[test]
fn admin_reset_gives_a_temporary_password_and_clears_the_lockout() {
    let db = TestDb::new();
    for _ in 0..5 {
        let _ = db.try_login("cw", "wrong-password-x");
    }
    assert_eq!(
        db.try_login("cw", STAFF_PW).err().unwrap().code(),
        "AUTH_LOCKED_OUT"
    );
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let v = admin.reset_password("cw", "kari-pass-0003").unwrap();
    assert!(v.must_change_password && v.locked_until.is_none());
    let u = db.login("cw", "kari-pass-0003");
    assert!(u.session_info().unwrap().must_change_password);
}

#[test]
fn disabling_takes_effect_on_an_open_session() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin.set_user_disabled("cw", true, None).unwrap();
    assert_eq!(
        cw.search("x", 5, false).err().unwrap().code(),
        "AUTH_DISABLED"
    );
    // The last administrator cannot be disabled, nor can one disable oneself: the account list
    // says so (no 無効化 on one's own row, 有効化 on a disabled one) and the same rule refuses.
    use madoguchi::domain::workflow::UserAction as U;
    let e = admin.set_user_disabled(ADMIN, true, None).unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert!(e.to_string().contains("自分自身"), "{e}");
    let list = admin.list_users().unwrap();
    let row = |id: &str| {
        list.iter()
            .find(|u| u.user_id == id)
            .unwrap()
            .actions
            .clone()
    };
    assert_eq!(row(ADMIN), vec![U::Rename, U::ResetPassword]);
    assert_eq!(row("cw"), vec![U::Rename, U::ChangeRole, U::Enable]);
    assert_eq!(
        row("sv"),
        vec![U::Rename, U::ChangeRole, U::ResetPassword, U::Disable]
    );
}

#[test]
fn locked_screen_refuses_reads_until_the_same_password() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    cw.lock().unwrap();
    assert_eq!(
        cw.search("x", 5, false).err().unwrap().code(),
        "AUTH_SESSION_LOCKED"
    );
    assert_eq!(
        cw.unlock("not-the-password").err().unwrap().code(),
        "AUTH_BAD_CREDENTIALS"
    );
    cw.unlock(STAFF_PW).unwrap();
    assert!(cw.search("x", 5, false).is_ok());
}

#[test]
fn the_administrator_changes_a_name_and_a_role_audited_old_to_new() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let v = admin
        .update_user("cw", "  地区 担当（改姓）", Role::Readonly)
        .unwrap();
    assert_eq!(
        (v.display_name.as_str(), v.role),
        ("地区 担当（改姓）", Role::Readonly)
    );
    // The open session has the new role at once: no more editing, no more My Numbers.
    assert_eq!(
        cw.create_household(&household("R-0001"))
            .err()
            .unwrap()
            .code(),
        "PERMISSION_DENIED"
    );
    // … and the My Number key left the account's slot with the role that needed it.
    use madoguchi::store::keyslots::{side_file_path, KeyFile};
    let kf = KeyFile::load(&side_file_path(&db.path)).unwrap();
    assert!(kf.slot("cw").unwrap().reveal.is_none());
    assert!(kf.slot("sv").unwrap().reveal.is_some());
    let e = admin
        .search_audit(&madoguchi::service::views::AuditQuery {
            action: Some("user_update".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        e[0].detail,
        serde_json::json!({
            "display_name": { "old": "地区担当員 職員", "new": "地区 担当（改姓）" },
            "role": { "old": "caseworker", "new": "readonly" },
        })
    );
    // The audit screen reads it: who by name, the account by name, a row per change.
    assert_eq!(e[0].user_name.as_deref(), Some("管理 太郎"));
    assert_eq!(
        e[0].target_label.as_deref(),
        Some("地区 担当（改姓）（cw）")
    );
    let rows: Vec<_> = e[0]
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.old.as_str(), c.new.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("氏名", "地区担当員 職員", "地区 担当（改姓）"),
            ("役割", "地区担当員", "閲覧のみ")
        ]
    );
    // … found by the words of its label, as the screen's 操作 filter is typed.
    let by_label = admin
        .search_audit(&madoguchi::service::views::AuditQuery {
            action: Some("役割の変更".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_label.len(), 1);
    assert_eq!(by_label[0].seq, e[0].seq);
    // Refused: a blank name, the last administrator's own role, nothing to change.
    assert_eq!(
        admin
            .update_user("cw", " ", Role::Readonly)
            .err()
            .unwrap()
            .code(),
        "VALIDATION"
    );
    assert_eq!(
        admin
            .update_user(ADMIN, "管理 花子", Role::Caseworker)
            .err()
            .unwrap()
            .code(),
        "VALIDATION"
    );
    // Only the administrator.
    assert_eq!(
        db.staff("sv")
            .update_user("ap", "x", Role::Supervisor)
            .err()
            .unwrap()
            .code(),
        "PERMISSION_DENIED"
    );
}
