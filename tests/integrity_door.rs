//! Issue 7 points 8 and 12: what the UI's one door lets through, attacked the way the probe did.

mod common;

use chrono::Duration;
use common::*;
use madoguchi::service::rpc::Desk;
use serde_json::{json, Value};

fn desk(db: &TestDb) -> Desk {
    Desk::new(db.path.clone(), db.clock.clock())
}

fn call(d: &mut Desk, method: &str, params: Value) -> Value {
    d.call(method, &params)
        .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message))
}

fn actions(db: &TestDb, action: &str) -> Vec<madoguchi::service::views::AuditEntryView> {
    let mut sv = db.staff("sv");
    let q = madoguchi::service::views::AuditQuery {
        action: Some(action.into()),
        ..Default::default()
    };
    sv.search_audit(&q).unwrap()
}

/// Point 8: every refused action is in the log — who, what, on which target.
#[test]
fn refusals_are_audited_with_who_what_and_target() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0001")).unwrap();
    let hid = h.household.id;
    drop(cw);
    let mut d = desk(&db);
    call(
        &mut d,
        "login",
        json!({ "user_id": "ro", "password": STAFF_PW }),
    );
    let e = d
        .call(
            "update_household",
            &json!({ "household_id": hid, "input": household("R-0001") }),
        )
        .unwrap_err();
    assert_eq!(e.code, "PERMISSION_DENIED");
    let e = d.call("list_users", &json!({})).unwrap_err();
    assert_eq!(e.code, "PERMISSION_DENIED");
    call(&mut d, "logout", json!({}));
    let refused = actions(&db, "refused");
    assert_eq!(refused.len(), 2, "{refused:?}");
    let upd = refused
        .iter()
        .find(|e| e.detail["what"] == "update_household")
        .expect("update refusal");
    assert_eq!(upd.user_id, "ro");
    assert_eq!(upd.target_kind.as_deref(), Some("household"));
    assert_eq!(upd.target_id.as_deref(), Some(hid.to_string().as_str()));
    assert_eq!(upd.detail["permission"], "edit_household");
}

/// Point 12: failed or malformed `unlock` / `login` calls do not refresh the idle clock.
#[test]
fn failed_unlock_or_login_calls_do_not_keep_the_session_open() {
    let db = TestDb::new();
    let mut d = desk(&db);
    call(
        &mut d,
        "login",
        json!({ "user_id": "cw", "password": STAFF_PW }),
    );
    call(&mut d, "search", json!({ "query": "x" }));
    for _ in 0..6 {
        db.clock.advance(Duration::minutes(8));
        let _ = d.call("unlock", &json!({ "password": 5 }));
        let _ = d.call("unlock", &json!({}));
        let _ = d.call("login", &json!({ "user_id": 7 }));
    }
    let e = d.call("search", &json!({ "query": "x" })).unwrap_err();
    assert_eq!(e.code, "AUTH_SESSION_LOCKED");
}

/// Point 12: names and kana are bounded (a 1 MB kana made a search run for minutes), amounts in
/// the situation are bounded, office fields are bounded, passwords refuse hidden characters.
#[test]
fn bounded_names_amounts_office_fields_and_passwords() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("B-0001")).unwrap();
    let hid = h.household.id;
    let long_kana = "ア".repeat(1_000_000);
    let e = cw
        .add_member(hid, &member("見本 長い", &long_kana, "1980-01-01"))
        .unwrap_err();
    assert!(e.to_string().contains("60文字以内"), "{e}");
    let e = cw
        .add_member(hid, &member("見本\u{1b}[2J", "ミホン", "1980-01-01"))
        .unwrap_err();
    assert!(e.to_string().contains("制御文字"), "{e}");
    let head = cw
        .add_member(hid, &member("見本 花子", "ミホン ハナコ", "1980-01-01"))
        .unwrap();
    let pid = head.members[0].id;

    let mut s = madoguchi::domain::decision::SituationInput {
        winter_region: Some(6),
        housing_area: None,
        rent_yen: 1 << 62,
        care_cost_yen: 0,
        medical_cost_yen: 0,
        members: vec![],
        incomes: vec![],
    };
    assert!(cw.save_situation(hid, &s).is_err());
    s.rent_yen = 30_000;
    s.incomes = vec![
        madoguchi::domain::decision::IncomeInput {
            person_id: Some(pid),
            kind: madoguchi::calc::situation::IncomeKind::Pension,
            label: "年金".into(),
            gross_yen: 1 << 62,
            expenses_yen: 0,
        };
        2
    ];
    let e = cw.save_situation(hid, &s).unwrap_err();
    assert!(e.to_string().contains("大きすぎます"), "{e}");
    s.incomes.clear();
    s.care_cost_yen = i64::MAX;
    s.medical_cost_yen = i64::MAX;
    assert!(cw.save_situation(hid, &s).is_err());

    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = madoguchi::demo::demo_office();
    office.phone = "0".repeat(1 << 20);
    assert!(admin.save_office(&office).is_err());
    let mut office = madoguchi::demo::demo_office();
    office.office_name = "窓口".repeat(100);
    assert!(admin.save_office(&office).is_err());
    for pw in [
        "sakura-desk\u{0}-2025",
        "sakura-\u{202E}desk-2025",
        &"sakura-desk-2025".repeat(70_000),
    ] {
        assert!(admin
            .add_user(
                "newbie",
                "新人",
                madoguchi::domain::role::Role::Caseworker,
                pw
            )
            .is_err());
    }
}

/// Point 12: one call prints a job at most 99 times, even when it names the job again and again.
#[test]
fn repeated_job_ids_in_one_print_call_are_refused() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let e = cw.print_jobs_send(&[1; 150], None, 1).unwrap_err();
    assert!(e.to_string().contains("2回以上"), "{e}");
}

/// Point 12: 再起案 only after a return, only by the drafter, and `drafted_by` stays.
#[test]
fn redraft_only_after_a_return_and_never_takes_over_the_draft() {
    let db = TestDb::new();
    let (hid, _head, did) = drafted_start(&db);
    let mut cw = db.staff("cw");
    let input = madoguchi::service::decisions::DecisionInput {
        household_id: hid,
        kind: madoguchi::domain::decision::DecisionKind::Start,
        effective_date: "2025-06-01".into(),
        reason_text: "世帯の収入がないため、最低生活費の全額を支給します。".into(),
        reason_codes: vec!["need_recognised".into()],
        calculate: false,
    };
    let e = cw.redraft_decision(did, &input, "").unwrap_err();
    assert_eq!(e.code(), "DECISION_STATE", "{e}");
    let mut sv = db.staff("sv");
    sv.return_decision(did, "収入を確認してください").unwrap();
    // Another holder of the drafting permission may not take the returned draft over.
    let e = sv.redraft_decision(did, &input, "").unwrap_err();
    assert_eq!(e.code(), "DECISION_SAME_USER", "{e}");
    let v = cw.redraft_decision(did, &input, "確認しました").unwrap();
    assert_eq!(v.drafted_by, "cw");
}

/// Point 12: reads of personal data are audited.
#[test]
fn reads_of_personal_data_are_audited() {
    let db = TestDb::new();
    let (hid, _head, did) = drafted_start(&db);
    let mut d = desk(&db);
    call(
        &mut d,
        "login",
        json!({ "user_id": "sv", "password": STAFF_PW }),
    );
    for (m, p) in [
        ("situation_get", json!({ "household_id": hid })),
        ("decision_get", json!({ "decision_id": did })),
        ("decisions_for_household", json!({ "household_id": hid })),
        ("applications_for_household", json!({ "household_id": hid })),
        ("home", json!({})),
        ("print_jobs", json!({ "filter": {} })),
        ("decision_inbox", json!({})),
    ] {
        call(&mut d, m, p);
    }
    call(&mut d, "logout", json!({}));
    for a in [
        "situation_view",
        "decision_view",
        "decisions_list",
        "applications_list",
        "home_view",
        "print_jobs_list",
        "decision_inbox",
    ] {
        assert!(!actions(&db, a).is_empty(), "{a} not audited");
    }
}

/// Point 4: with a read-only or medical-clerk password and the real files, no My Number can be
/// recovered; a holder reveals it (audited); a new or reset account gets the key only from a
/// holder, at the desk, with the holder's password.
#[test]
fn my_numbers_are_sealed_from_every_role_that_may_not_reveal_them() {
    use madoguchi::store::{side_file_path, KeyFile, Store};
    let db = TestDb::new();
    let number = madoguchi::demo::synthetic_my_number(7);
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("M-0001")).unwrap();
    let mut m = member("番号 太郎", "バンゴウ タロウ", "1980-01-01");
    m.my_number = Some(number.clone());
    let v = cw.add_member(h.household.id, &m).unwrap();
    let pid = v.members[0].id;
    assert_eq!(cw.reveal_my_number(pid, &purpose()).unwrap(), number);
    drop(cw);

    for user in ["ro", "med", "ap", ADMIN] {
        let pw = if user == ADMIN { ADMIN_PW } else { STAFF_PW };
        let kf = KeyFile::load(&side_file_path(&db.path)).unwrap();
        assert!(
            kf.slot(user).unwrap().reveal.is_none(),
            "{user} holds the My Number key"
        );
        let key = kf.unwrap_key(user, pw).unwrap().unwrap();
        let store = Store::open(&db.path, key, &kf, "2025-06-02T09:00:00+09:00").unwrap();
        let c = store.conn();
        let tables: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for t in tables {
            let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = st.column_count();
            let mut rows = st.query([]).unwrap();
            while let Some(r) = rows.next().unwrap() {
                for i in 0..n {
                    let bytes: Vec<u8> = match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => {
                            b.to_vec()
                        }
                        other => format!("{other:?}").into_bytes(),
                    };
                    assert!(
                        !bytes.windows(12).any(|w| w == number.as_bytes()),
                        "{user} can read the My Number in table {t}"
                    );
                }
            }
        }
    }

    // A new caseworker has no key of their own, and cannot take it from a non-holder.
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin
        .add_user(
            "cw9",
            "新人 九郎",
            madoguchi::domain::role::Role::Caseworker,
            "kari-pass-0009",
        )
        .unwrap();
    let mut cw9 = db.login("cw9", "kari-pass-0009");
    cw9.change_password("kari-pass-0009", STAFF_PW).unwrap();
    assert_eq!(
        cw9.reveal_my_number(pid, &purpose()).unwrap_err().code(),
        "REVEAL_KEY_MISSING"
    );
    assert_eq!(
        cw9.grant_reveal_key_from("med", STAFF_PW)
            .unwrap_err()
            .code(),
        "REVEAL_KEY_HOLDER"
    );
    assert!(cw9.grant_reveal_key_from("sv", "wrong-password-1").is_err());
    cw9.grant_reveal_key_from("sv", STAFF_PW).unwrap();
    assert_eq!(cw9.reveal_my_number(pid, &purpose()).unwrap(), number);
    drop(cw9);
    let grants = actions(&db, "reveal_key_grant");
    assert!(
        grants
            .iter()
            .any(|g| g.target_id.as_deref() == Some("cw9") && g.detail["granted_by"] == "sv"),
        "{grants:?}"
    );
    // Kept across the holder's own password change; gone after an administrator's reset.
    let mut cw9 = db.staff("cw9");
    cw9.change_password(STAFF_PW, "madoguchi-staff-8").unwrap();
    assert_eq!(cw9.reveal_my_number(pid, &purpose()).unwrap(), number);
    drop(cw9);
    admin.reset_password("cw9", "kari-pass-0010").unwrap();
    let mut cw9 = db.login("cw9", "kari-pass-0010");
    cw9.change_password("kari-pass-0010", "madoguchi-staff-9")
        .unwrap();
    assert_eq!(
        cw9.reveal_my_number(pid, &purpose()).unwrap_err().code(),
        "REVEAL_KEY_MISSING"
    );
}
