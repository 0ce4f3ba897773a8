//! The decision methods through the UI's one door (docs/commands.md) and the CLI's `rates` and
//! `calc` commands, as scripts and the UI use them.

mod common;

use common::run_as as cli;
use common::*;
use madoguchi::service::rpc::Desk;
use serde_json::{json, Value};

fn fixture_map() -> serde_json::Map<String, Value> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rates/test-2025");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                json!(std::fs::read_to_string(e.path()).unwrap()),
            )
        })
        .collect()
}

fn call(d: &mut Desk, method: &str, params: Value) -> Value {
    d.call(method, &params)
        .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message))
}

/// Start a background job through the door and wait for its result.
fn run_job(d: &mut Desk, method: &str, params: Value) -> Value {
    let job = call(d, method, params);
    let id = job["id"].clone();
    for _ in 0..3000 {
        let v = call(d, "job_status", json!({ "job_id": id }));
        match v["state"].as_str().unwrap() {
            "done" => return v["result"].clone(),
            "failed" | "cancelled" => panic!("{method}: {}", v["error"]),
            _ => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    }
    panic!("{method}: the job did not finish");
}

fn login(d: &mut Desk, user: &str) {
    let pw = if user == ADMIN { ADMIN_PW } else { STAFF_PW };
    call(d, "login", json!({ "user_id": user, "password": pw }));
}

fn office_1_1(db: &TestDb) {
    let mut office = madoguchi::demo::demo_office();
    office.grade = "1-1".into();
    db.login(ADMIN, ADMIN_PW).save_office(&office).unwrap();
}

#[test]
fn rates_calc_and_the_whole_workflow_through_rpc() {
    let db = TestDb::new();
    office_1_1(&db);
    let mut d = Desk::new(db.path.clone(), db.clock.clock());
    login(&mut d, ADMIN);
    let e = d
        .call("rates_import", &json!({ "files": fixture_map() }))
        .unwrap_err();
    assert_eq!(e.code, "RATE_TEST_FIGURES");
    let s = call(
        &mut d,
        "rates_import",
        json!({ "files": fixture_map(), "allow_test_figures": true }),
    );
    assert_eq!(s["version"], "test-2025");
    assert_eq!(s["missing"], json!([]));
    assert_eq!(
        call(&mut d, "rates_list", json!({}))
            .as_array()
            .unwrap()
            .len(),
        1
    );

    login(&mut d, "cw");
    let h = call(
        &mut d,
        "create_household",
        json!({ "input": {
        "case_number": "RPC-1", "postal_code": null, "address": "見本県見本市1", "phone": null, "caseworker_id": "cw" } }),
    );
    let hid = h["household"]["id"].as_i64().unwrap();
    let v = call(
        &mut d,
        "add_member",
        json!({ "household_id": hid, "input": {
        "name": "窓口 試子", "kana": "マドグチ タメコ", "birth_date": "1995-05-20", "sex": "female",
        "relationship": "世帯主", "is_head": true, "my_number": null,
        "addressee_number": null, "dv_protected": false, "death_date": null } }),
    );
    let pid = v["members"][0]["id"].as_i64().unwrap();
    let s = call(
        &mut d,
        "situation_save",
        json!({ "household_id": hid, "input": {
        "winter_region": 6, "housing_area": "試験県", "rent_yen": 55000,
        "incomes": [{ "person_id": pid, "kind": "earned", "label": "A社", "gross_yen": 100000, "expenses_yen": 8000 }] } }),
    );
    assert_eq!(s["members"][0]["person_id"], pid);
    assert_eq!(
        call(&mut d, "situation_get", json!({ "household_id": hid }))["input"]["rent_yen"],
        55000
    );
    let c = call(
        &mut d,
        "calc_household",
        json!({ "household_id": hid, "date": "2025-10-15" }),
    );
    assert_eq!(
        (
            c["minimum_total_yen"].as_i64(),
            c["income_recognised_yen"].as_i64(),
            c["benefit_yen"].as_i64()
        ),
        (Some(122_500), Some(66_000), Some(56_500))
    );

    let a = call(
        &mut d,
        "application_register",
        json!({ "household_id": hid, "received_on": "R7.5.30" }),
    );
    assert_eq!(a["deadline"], "2025-06-13");
    let a = call(
        &mut d,
        "application_extend",
        json!({ "application_id": a["id"], "reason": "資産調査に日数を要するため" }),
    );
    assert_eq!(a["deadline"], "2025-06-29");
    assert_eq!(
        call(
            &mut d,
            "applications_for_household",
            json!({ "household_id": hid })
        )["applications"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(call(&mut d, "decision_reasons", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "need_recognised"));

    let dec = call(
        &mut d,
        "decision_draft",
        json!({ "input": {
        "household_id": hid, "kind": "start", "effective_date": "2025-06-01",
        "reason_text": "申請に基づき保護を開始する", "reason_codes": ["need_recognised"] } }),
    );
    let did = dec["id"].as_i64().unwrap();
    assert_eq!(dec["state"], "draft");
    assert_eq!(dec["kind_label"], "開始");
    assert_eq!(
        d.call("decision_approve", &json!({ "decision_id": did }))
            .unwrap_err()
            .code,
        "PERMISSION_DENIED"
    );

    login(&mut d, "sv");
    assert_eq!(call(&mut d, "decision_inbox", json!({}))[0]["id"], did);
    let r = call(
        &mut d,
        "decision_return",
        json!({ "decision_id": did, "comment": "適用日の根拠を" }),
    );
    assert_eq!(r["state"], "returned");
    login(&mut d, "cw");
    assert_eq!(
        call(&mut d, "decision_inbox", json!({}))[0]["comments"][0]["comment"],
        "適用日の根拠を"
    );
    call(
        &mut d,
        "decision_redraft",
        json!({ "decision_id": did, "comment": "申請日に合わせました", "input": {
        "household_id": hid, "kind": "start", "effective_date": "2025-05-30", "reason_codes": ["need_recognised"] } }),
    );
    login(&mut d, "sv");
    assert_eq!(
        call(&mut d, "decision_review", json!({ "decision_id": did }))["state"],
        "reviewed"
    );
    login(&mut d, "ap");
    let dec = call(
        &mut d,
        "decision_approve",
        json!({ "decision_id": did, "comment": "決裁" }),
    );
    assert_eq!(dec["state"], "approved");
    assert_eq!(dec["effective_date"], "2025-05-30");
    assert_eq!(
        call(&mut d, "open_household", json!({ "household_id": hid }))["household"]["status"],
        "active"
    );
    assert_eq!(
        call(
            &mut d,
            "decisions_for_household",
            json!({ "household_id": hid })
        )
        .as_array()
        .unwrap()
        .len(),
        1
    );
    assert_eq!(
        call(&mut d, "decision_get", json!({ "decision_id": did }))["comments"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        call(&mut d, "decision_reproduce", json!({ "decision_id": did }))["equal"],
        true
    );

    login(&mut d, "cw");
    let preview = run_job(
        &mut d,
        "bulk_preview",
        json!({ "rate_version": "test-2025", "date": "2025-10-01" }),
    );
    let rows = &preview["rows"];
    assert_eq!(rows[0]["household_id"], hid);
    assert_eq!(rows[0]["change"], 500);
    assert_eq!(preview["totals"]["change"], 500); // 特例加算 1,000 → 1,500 from October
    let res = run_job(
        &mut d,
        "bulk_apply",
        json!({ "rate_version": "test-2025", "date": "2025-10-01", "reason_codes": ["standard_revision"] }),
    );
    assert_eq!(res["created"].as_array().unwrap().len(), 1);
    let home = call(&mut d, "home", json!({}));
    assert!(
        home["overdue"].as_array().unwrap().is_empty()
            && home["due_soon"].as_array().unwrap().is_empty()
    );
}

#[test]
fn cli_rates_import_list_and_calc() {
    let db = TestDb::new();
    office_1_1(&db);
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rates/test-2025");
    let dir = dir.to_str().unwrap();

    let out = cli(&db, ADMIN, ADMIN_PW, &["rates", "import", dir]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("エラー: ") && text(&out.stderr).contains("試験用"),
        "{}",
        text(&out.stderr)
    );
    let out = cli(
        &db,
        "cw",
        STAFF_PW,
        &["rates", "import", dir, "--allow-test-figures"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("権限"), "{}", text(&out.stderr));
    let out = cli(
        &db,
        ADMIN,
        ADMIN_PW,
        &["rates", "import", dir, "--allow-test-figures"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("test-2025") && text(&out.stdout).contains("そろっています"),
        "{}",
        text(&out.stdout)
    );
    let out = cli(&db, "cw", STAFF_PW, &["rates", "list", "--json"]);
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["version"], "test-2025");

    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("CLI-1")).unwrap();
    let hid = h.household.id;
    cw.add_member(hid, &member("窓口 試験", "マドグチ シケン", "1995-05-20"))
        .unwrap();
    drop(cw);
    let out = cli(
        &db,
        "cw",
        STAFF_PW,
        &["calc", "--household", "CLI-1", "--date", "2025-10-15"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("認定状況"),
        "{}",
        text(&out.stderr)
    );
    let mut cw = db.staff("cw");
    cw.save_situation(hid, &test_situation(55_000, vec![]))
        .unwrap();
    drop(cw);

    let out = cli(
        &db,
        "cw",
        STAFF_PW,
        &[
            "calc",
            "--household",
            &hid.to_string(),
            "--date",
            "2025-10-15",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["benefit_yen"], 122_500);
    assert!(v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["table_ref"] == "daiichi.csv 7行目（出典 test）"
            && l["table_title"] == "生活扶助基準（第1類）"));
    let out = cli(
        &db,
        "cw",
        STAFF_PW,
        &["calc", "--household", "CLI-1", "--date", "R7.10.15"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    for needle in [
        "第1類",
        "生活扶助基準（第1類） daiichi.csv 7行目",
        "窓口 試験",
        "住宅扶助",
        "保護費",
        "122,500",
    ] {
        assert!(t.contains(needle), "{needle} missing:\n{t}");
    }
}
