//! Another caseworker's case: opening or editing a household assigned to someone else asks for a
//! reason (the 査察指導員 and 決裁者 excepted), the reason goes to the audit log with the open,
//! and the session remembers it until logout or lock.

mod common;

use common::*;
use madoguchi::domain::case_access::{CaseReason, CaseReasonKind};
use madoguchi::domain::role::Role;
use madoguchi::service::views::AuditQuery;
use madoguchi::service::App;

const REASON_CODE: &str = "CASE_REASON_REQUIRED";

/// An office with a second caseworker, `cw2`, and one household assigned to `cw`.
fn office() -> (TestDb, i64) {
    let db = TestDb::new();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin
        .add_user("cw2", "試行 二郎", Role::Caseworker, "kari-pass-0001")
        .unwrap();
    db.login("cw2", "kari-pass-0001")
        .change_password("kari-pass-0001", STAFF_PW)
        .unwrap();
    let mut cw = db.staff("cw");
    let id = cw
        .create_household(&household("A-0001"))
        .unwrap()
        .household
        .id;
    cw.add_member(id, &member("見本 花子", "ミホン ハナコ", "1950-04-01"))
        .unwrap();
    (db, id)
}

fn reason(kind: CaseReasonKind, note: &str) -> CaseReason {
    CaseReason {
        kind,
        note: note.into(),
    }
}

fn audit_rows(app: &App) -> i64 {
    app.store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn recent_of(app: &App, id: i64) -> i64 {
    app.store()
        .conn()
        .query_row(
            "SELECT count(*) FROM recent_opens WHERE household_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_core_says_whose_case_it_is_before_opening_and_reads_nothing_to_audit() {
    let (db, id) = office();
    let mut cw2 = db.staff("cw2");
    let before = audit_rows(&cw2);
    let a = cw2.case_access(id).unwrap();
    assert!(a.reason_needed);
    assert_eq!(a.caseworker_name.as_deref(), Some("地区担当員 職員"));
    assert!(a.reasons.iter().any(|r| r.kind == CaseReasonKind::Other));
    assert_eq!(
        audit_rows(&cw2),
        before,
        "asking is not a read of the record"
    );
    assert!(!db.staff("cw").case_access(id).unwrap().reason_needed);
}

#[test]
fn opening_another_caseworkers_household_without_a_reason_is_refused_and_changes_nothing() {
    let (db, id) = office();
    let mut cw2 = db.staff("cw2");
    let before = audit_rows(&cw2);
    let e = cw2.open_household(id).unwrap_err();
    assert_eq!(e.code(), REASON_CODE);
    assert!(e.to_string().contains("地区担当員 職員"), "{e}");
    let blank = reason(CaseReasonKind::Other, "   ");
    let e = cw2
        .open_household_with_reason(id, Some(&blank))
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert_eq!(audit_rows(&cw2), before, "nothing audited");
    assert_eq!(recent_of(&cw2, id), 0, "not on the recent list");
}

#[test]
fn the_reason_goes_to_the_audit_log_with_the_open_and_reads_in_japanese() {
    let (db, id) = office();
    let mut cw2 = db.staff("cw2");
    let v = cw2
        .open_household_with_reason(id, Some(&reason(CaseReasonKind::Absence, "休暇中")))
        .unwrap();
    assert_eq!(v.household.case_number, "A-0001");
    let log = db
        .staff("sv")
        .search_audit(&AuditQuery {
            action: Some("household_open".into()),
            user_id: Some("cw2".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].detail["open_reason"],
        "担当者不在時の代理対応（休暇中）"
    );
    let fact = log[0]
        .facts
        .iter()
        .find(|f| f.item == "閲覧の理由")
        .expect("the reason is shown readably");
    assert_eq!(fact.value, "担当者不在時の代理対応（休暇中）");
}

#[test]
fn own_case_supervisor_approver_and_unassigned_households_need_no_reason() {
    let (db, id) = office();
    db.staff("cw").open_household(id).unwrap();
    db.staff("sv").open_household(id).unwrap();
    db.staff("ap").open_household(id).unwrap();
    let mut unassigned = household("A-0002");
    unassigned.caseworker_id = None;
    let free = db
        .staff("cw")
        .create_household(&unassigned)
        .unwrap()
        .household
        .id;
    let mut cw2 = db.staff("cw2");
    assert!(!cw2.case_access(free).unwrap().reason_needed);
    cw2.open_household(free).unwrap();
    // Everyone else who may view households is asked: the medical clerk, read-only staff, the
    // administrator.
    for (user, pw) in [("med", STAFF_PW), ("ro", STAFF_PW), (ADMIN, ADMIN_PW)] {
        let e = db.login(user, pw).open_household(id).unwrap_err();
        assert_eq!(e.code(), REASON_CODE, "{user}");
    }
}

#[test]
fn the_session_remembers_a_reason_until_lock_or_logout() {
    let (db, id) = office();
    let mut cw2 = db.staff("cw2");
    cw2.open_household_with_reason(id, Some(&reason(CaseReasonKind::Counter, "")))
        .unwrap();
    assert!(!cw2.case_access(id).unwrap().reason_needed);
    cw2.open_household(id).unwrap(); // a tab, a refresh, the recent list
    cw2.lock().unwrap();
    cw2.unlock(STAFF_PW).unwrap();
    assert!(
        cw2.case_access(id).unwrap().reason_needed,
        "the lock forgets"
    );
    assert_eq!(cw2.open_household(id).unwrap_err().code(), REASON_CODE);
    cw2.open_household_with_reason(id, Some(&reason(CaseReasonKind::Counter, "")))
        .unwrap();
    cw2.logout().unwrap();
    let mut again = db.staff("cw2");
    assert!(
        again.case_access(id).unwrap().reason_needed,
        "a new login asks again"
    );
}

#[test]
fn editing_another_caseworkers_household_needs_an_open_with_a_reason_in_this_session() {
    let (db, id) = office();
    let mut cw2 = db.staff("cw2");
    let mut edit = household("A-0001");
    edit.address = "見本県見本市試行台2-2-2".into();
    assert_eq!(
        cw2.update_household(id, &edit).unwrap_err().code(),
        REASON_CODE
    );
    let m = member("見本 次郎", "ミホン ジロウ", "1980-01-01");
    assert_eq!(cw2.add_member(id, &m).unwrap_err().code(), REASON_CODE);
    let person = db.staff("cw").open_household(id).unwrap().members[0].id;
    let before_cw2 = audit_rows(&cw2);
    assert_eq!(
        cw2.update_member(person, &m).unwrap_err().code(),
        REASON_CODE
    );
    assert_eq!(
        cw2.remove_member(person, "転出").unwrap_err().code(),
        REASON_CODE
    );
    assert_eq!(audit_rows(&cw2), before_cw2);
    let v = db.staff("cw").open_household(id).unwrap();
    assert_eq!(v.household.address, "見本県見本市見本町1-2-3", "unchanged");
    assert_eq!(v.members.len(), 1);

    cw2.open_household_with_reason(id, Some(&reason(CaseReasonKind::Handover, "")))
        .unwrap();
    let v = cw2.update_household(id, &edit).unwrap();
    assert_eq!(v.household.address, "見本県見本市試行台2-2-2");
    cw2.add_member(id, &m).unwrap();
    // The supervisor edits any case without being asked.
    edit.phone = None;
    db.staff("sv").update_household(id, &edit).unwrap();
}
