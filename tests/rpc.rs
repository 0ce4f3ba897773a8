//! The desktop shell's one door, exercised with no window: what the UI sends is what these
//! tests send (docs/commands.md).

mod common;

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

#[test]
fn login_search_open_and_logout_through_the_door() {
    let db = TestDb::new();
    let mut d = desk(&db);
    assert_eq!(
        d.call("search", &json!({ "query": "x" })).unwrap_err().code,
        "AUTH_NOT_LOGGED_IN"
    );
    let info = call(&mut d, "app_info", json!({}));
    assert_eq!(info["is_demo"], false);

    let bad = d
        .call(
            "login",
            &json!({ "user_id": "cw", "password": "nope-nope-nope" }),
        )
        .unwrap_err();
    assert_eq!(bad.code, "AUTH_BAD_CREDENTIALS");
    assert!(bad.message.contains("失敗 1 回"), "{}", bad.message);

    let s = call(
        &mut d,
        "login",
        json!({ "user_id": "cw", "password": STAFF_PW }),
    );
    assert_eq!(s["role"], "caseworker");
    assert_eq!(s["role_label"], "地区担当員");
    assert!(s["permissions"]
        .as_array()
        .unwrap()
        .contains(&json!("edit_household")));
    assert_eq!(s["idle_lock_minutes"], 10);

    let h = call(
        &mut d,
        "create_household",
        json!({ "input": {
        "case_number": "D-0001", "postal_code": null, "address": "見本県見本市1", "phone": null, "caseworker_id": null } }),
    );
    let hid = h["household"]["id"].as_i64().unwrap();
    call(
        &mut d,
        "add_member",
        json!({ "household_id": hid, "input": {
        "name": "窓口 試子", "kana": "マドグチ タメコ", "birth_date": "H2.3.4", "sex": "female",
        "relationship": "世帯主", "is_head": true, "my_number": "123456789018",
        "addressee_number": null, "dv_protected": false, "death_date": null } }),
    );
    let hits = call(&mut d, "search", json!({ "query": "まどぐち" }));
    assert_eq!(hits[0]["case_number"], "D-0001");
    assert_eq!(hits[0]["birth_date_wareki"], "平成2年3月4日");
    let v = call(&mut d, "open_household", json!({ "household_id": hid }));
    assert_eq!(v["members"][0]["my_number_masked"], "****-****-9018");
    let pid = v["members"][0]["id"].clone();
    assert_eq!(
        call(
            &mut d,
            "reveal_my_number",
            json!({ "person_id": pid, "purpose": { "kind": "identity", "note": "" } })
        )["my_number"],
        "123456789018"
    );

    // Validation errors come back coded, in Japanese, naming the field.
    let e = d.call("add_member", &json!({ "household_id": hid, "input": {
        "name": "", "kana": "カ", "birth_date": "R7.1.1", "sex": "male", "relationship": "子", "is_head": false,
        "my_number": null, "addressee_number": null, "dv_protected": false, "death_date": null } })).unwrap_err();
    assert_eq!(e.code, "VALIDATION");
    assert!(e.message.contains("氏名"));
    // … and say which input, so the form shows the message under it; the text itself is for
    // the clerk, without the internal name (「my_number: 個人番号: …」 at the bottom of the form).
    assert_eq!(e.field.as_deref(), Some("name"));
    let e = d.call("add_member", &json!({ "household_id": hid, "input": {
        "name": "見本 花子", "kana": "ミホン ハナコ", "birth_date": "R7.1.1", "sex": "female", "relationship": "子",
        "is_head": false, "my_number": "123456789012", "addressee_number": null, "dv_protected": false,
        "death_date": null } })).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.field.as_deref()),
        ("VALIDATION", Some("my_number"))
    );
    assert!(e.message.starts_with("個人番号"), "{}", e.message);
    assert!(!e.message.contains("my_number"), "{}", e.message);
    let e = d.call("no_such_thing", &json!({})).unwrap_err();
    assert_eq!(e.field, None);
    assert_eq!(
        d.call("no_such_thing", &json!({})).unwrap_err().code,
        "RPC_UNKNOWN_METHOD"
    );
    assert_eq!(
        d.call("open_household", &json!({ "household": 1 }))
            .unwrap_err()
            .code,
        "RPC_BAD_PARAMS"
    );

    call(&mut d, "lock", json!({}));
    assert_eq!(
        d.call("home", &json!({})).unwrap_err().code,
        "AUTH_SESSION_LOCKED"
    );
    call(&mut d, "unlock", json!({ "password": STAFF_PW }));
    call(&mut d, "home", json!({}));
    call(&mut d, "logout", json!({}));
    assert!(!d.is_logged_in());
}

#[test]
fn parse_date_answers_in_iso_and_wareki_or_explains() {
    let db = TestDb::new();
    let mut d = desk(&db);
    let r = call(&mut d, "parse_date", json!({ "text": "R7.4.1" }));
    assert_eq!(r, json!({ "iso": "2025-04-01", "wareki": "令和7年4月1日" }));
    let e = d
        .call("parse_date", &json!({ "text": "S64.1.8" }))
        .unwrap_err();
    assert_eq!(e.code, "VALIDATION");
    assert!(e.message.contains("平成"), "{}", e.message);
}

#[test]
fn admin_screens_through_the_door() {
    let db = TestDb::new();
    let mut d = desk(&db);
    call(
        &mut d,
        "login",
        json!({ "user_id": ADMIN, "password": ADMIN_PW }),
    );
    let users = call(&mut d, "list_users", json!({}));
    assert!(users
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["user_id"] == "cw"));
    let m = call(&mut d, "permission_matrix", json!({}));
    assert_eq!(m["roles"].as_array().unwrap().len(), 6);
    let mut office = call(&mut d, "get_office", json!({}));
    office["public_payer_number"] = json!("12270014");
    let e = d
        .call("save_office", &json!({ "settings": office }))
        .unwrap_err();
    assert!(e.message.contains("公費負担者番号"), "{}", e.message);
    let r = call(&mut d, "verify_audit", json!({}));
    assert_eq!(r["ok"], true);
    let log = call(
        &mut d,
        "search_audit",
        json!({ "filter": { "action": "login" } }),
    );
    assert!(!log.as_array().unwrap().is_empty());
    assert_eq!(log[0]["action_label"], "ログイン");
}

#[test]
fn the_core_locks_an_idle_session_even_if_the_ui_does_not() {
    let db = TestDb::new();
    let mut d = desk(&db);
    call(
        &mut d,
        "login",
        json!({ "user_id": "cw", "password": STAFF_PW }),
    );
    call(&mut d, "home", json!({}));
    db.clock.advance(chrono::Duration::minutes(9));
    call(&mut d, "home", json!({}));
    db.clock.advance(chrono::Duration::minutes(11));
    assert_eq!(
        d.call("home", &json!({})).unwrap_err().code,
        "AUTH_SESSION_LOCKED"
    );
    call(&mut d, "unlock", json!({ "password": STAFF_PW }));
    call(&mut d, "home", json!({}));
}

#[test]
fn every_search_from_the_ui_is_in_the_audit_log() {
    let db = TestDb::new();
    let mut d = desk(&db);
    call(
        &mut d,
        "login",
        json!({ "user_id": "cw", "password": STAFF_PW }),
    );
    call(&mut d, "search", json!({ "query": "みほん" }));
    call(&mut d, "search", json!({ "query": "K0" }));
    let mut sv = db.staff("sv");
    let log = sv
        .search_audit(&madoguchi::service::views::AuditQuery {
            user_id: Some("cw".into()),
            action: Some("search".into()),
            ..Default::default()
        })
        .unwrap();
    let queries: Vec<&str> = log
        .iter()
        .map(|e| e.detail["query"].as_str().unwrap())
        .collect();
    assert_eq!(queries, ["K0", "みほん"]);
}
