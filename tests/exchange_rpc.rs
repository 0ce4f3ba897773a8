//! The exchange methods through the desktop shell's door, as the screens call them: an inquiry
//! requested by a caseworker, exported by the medical clerk, its result imported, the answer in
//! the household's 調査記録; the status the home screen shows; what a role may not do.

mod common;

use common::*;
use madoguchi::service::rpc::Desk;
use serde_json::{json, Value};

fn call(d: &Desk, method: &str, params: Value) -> Value {
    d.call(method, &params)
        .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message))
}

fn login(db: &TestDb, user: &str, pw: &str) -> Desk {
    let d = Desk::new(db.path.clone(), db.clock.clock());
    call(&d, "login", json!({ "user_id": user, "password": pw }));
    d
}

/// Start a background job through the door and wait for it; returns the final job view.
fn job(d: &Desk, method: &str, params: Value) -> Value {
    let id = call(d, method, params)["id"].clone();
    for _ in 0..1000 {
        let v = call(d, "job_status", json!({ "job_id": id }));
        if ["done", "failed", "cancelled"].contains(&v["state"].as_str().unwrap()) {
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{method}: the job did not finish");
}

fn done(v: Value) -> Value {
    assert_eq!(v["state"], "done", "{v}");
    v["result"].clone()
}

#[test]
fn inquiry_export_import_and_investigation_record_through_the_door() {
    let db = TestDb::new();
    let admin = login(&db, ADMIN, ADMIN_PW);
    call(
        &admin,
        "exchange_register_medium",
        json!({ "medium_id": "USB-01", "label": "USBメモリ1号" }),
    );

    let cw = login(&db, "cw", STAFF_PW);
    let h = call(
        &cw,
        "create_household",
        json!({ "input": {
        "case_number": "Q-0001", "postal_code": null, "address": "見本県見本市1", "phone": null, "caseworker_id": null } }),
    );
    let hid = h["household"]["id"].as_i64().unwrap();
    let v = call(
        &cw,
        "add_member",
        json!({ "household_id": hid, "input": {
        "name": "照会 花子", "kana": "ショウカイ ハナコ", "birth_date": "1950-02-02", "sex": "female", "relationship": "世帯主",
        "is_head": true, "my_number": null, "addressee_number": "4001", "dv_protected": false, "death_date": null } }),
    );
    let pid = v["members"][0]["id"].as_i64().unwrap();
    let catalog = call(&cw, "inquiry_catalog", json!({}));
    let pension = catalog["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agency"] == "pension_insurer")
        .unwrap();
    assert_eq!(pension["information"][0]["label"], "年金給付関係情報");
    let q = call(
        &cw,
        "inquiry_request",
        json!({ "person_id": pid, "agency": "pension_insurer", "information": "pension",
        "procedure": "start", "reason": "年金受給の確認" }),
    );
    assert_eq!(q["state"], "pending");
    // The caseworker sees the queue on the home screen but may not carry media.
    let st = call(&cw, "exchange_status", json!({}));
    let inquiry = st
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["channel"] == "inquiry")
        .unwrap();
    assert_eq!(
        (inquiry["pending"].as_i64(), inquiry["label"].as_str()),
        (Some(1), Some("情報照会"))
    );
    let usb = db.dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let denied = cw
        .call(
            "exchange_export",
            &json!({ "channel": "inquiry", "medium_id": "USB-01", "dir": usb }),
        )
        .unwrap_err();
    assert_eq!(denied.code, "PERMISSION_DENIED");

    let med = login(&db, "med", STAFF_PW);
    // Export and import run as background jobs; the screen polls job_status for the bar.
    let e = done(job(
        &med,
        "exchange_export",
        json!({ "channel": "inquiry", "medium_id": "USB-01", "dir": usb }),
    ));
    assert_eq!(
        (e["seq"].as_i64(), e["records"].as_i64()),
        (Some(1), Some(1))
    );
    let bad = job(
        &med,
        "exchange_export",
        json!({ "channel": "inquiry", "medium_id": "USB-01", "dir": usb }),
    );
    assert_eq!(
        (bad["state"].as_str(), bad["error"]["code"].as_str()),
        (Some("failed"), Some("EXCHANGE_NOTHING_TO_SEND"))
    );

    let res = db.dir.path().join("res");
    std::fs::create_dir_all(&res).unwrap();
    let (name, bytes) = results_for(&usb.join(e["files"][0].as_str().unwrap()), &[]);
    std::fs::write(res.join(name), bytes).unwrap();
    let r = done(job(&med, "exchange_import", json!({ "dir": res })));
    assert_eq!(
        (
            r["imported"][0]["answers"].as_i64(),
            r["refused_code"].is_null()
        ),
        (Some(1), true)
    );
    let again = done(job(&med, "exchange_import", json!({ "dir": res })));
    assert_eq!(again["refused_code"], "EXCHANGE_ALREADY_IMPORTED");

    let rec = call(&cw, "investigation_record", json!({ "household_id": hid }));
    assert_eq!(rec[0]["agency_label"], "年金保険者");
    assert_eq!(rec[0]["outcome_label"], "該当なし");
    let batches = call(&med, "exchange_batches", json!({}));
    assert_eq!(batches[0]["can_erase"], true);
    let erased = call(
        &med,
        "exchange_erase_batch",
        json!({ "batch_id": batches[0]["id"] }),
    );
    assert_eq!(erased["removed"].as_array().unwrap().len(), 3);
    let reg = call(&med, "exchange_media_register", json!({}));
    assert_eq!(
        reg.as_array()
            .unwrap()
            .iter()
            .map(|r| r["action_label"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["消去", "結果取込", "出力"]
    );
    let pdf = call(
        &med,
        "exchange_check_list_pdf",
        json!({ "open_only": false }),
    );
    assert!(pdf["pages"].as_i64().unwrap() >= 1);
}

#[test]
fn a_cancelled_export_job_leaves_no_file_and_no_change() {
    let db = TestDb::new();
    queued_inquiries(&db, 20_000);
    let usb = db.dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let med = login(&db, "med", STAFF_PW);
    let id = call(
        &med,
        "exchange_export",
        json!({ "channel": "inquiry", "medium_id": MEDIUM, "dir": usb }),
    )["id"]
        .clone();
    // Cancel as soon as it reports progress (or at once, if it has not started yet).
    for _ in 0..2000 {
        let v = call(&med, "job_status", json!({ "job_id": id }));
        if v["state"] != "queued" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    call(&med, "job_cancel", json!({ "job_id": id }));
    let v = loop {
        let v = call(&med, "job_status", json!({ "job_id": id }));
        if ["done", "failed", "cancelled"].contains(&v["state"].as_str().unwrap()) {
            break v;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let st = call(&med, "exchange_status", json!({}));
    let inquiry = st
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["channel"] == "inquiry")
        .unwrap()
        .clone();
    if v["state"] == "cancelled" {
        assert_eq!(
            std::fs::read_dir(&usb).unwrap().count(),
            0,
            "no file left on the medium"
        );
        assert_eq!(
            (
                inquiry["pending"].as_i64(),
                inquiry["interrupted_export"].as_bool()
            ),
            (Some(20_000), Some(false))
        );
    } else {
        // Finished before the cancel arrived: then it is complete, never half.
        assert_eq!(v["state"], "done", "{v}");
        assert_eq!(inquiry["sent"].as_i64(), Some(20_000));
    }
}
