//! Decision notices and 保護決定調書 through the print queue (RPC `print_decision_notice`,
//! `print_calculation_sheet`): the job is made from the same document the CLI prints, its
//! preview regenerates byte for byte, it is listed in the queue, and the draft rule holds
//! (an unapproved notice needs `draft`, the 調書 prints in any state). Rates: the test fixture
//! (`tests/fixtures/rates/test-2025`, 試験用・実在しない figures).

mod common;

use base64::Engine as _;
use common::*;
use madoguchi::service::rpc::Desk;
use serde_json::{json, Value};

fn desk(db: &TestDb) -> Desk {
    let d = Desk::new(db.path.clone(), db.clock.clock());
    d.call("login", &json!({ "user_id": "cw", "password": STAFF_PW }))
        .unwrap();
    d
}

fn call(d: &mut Desk, method: &str, params: Value) -> Value {
    d.call(method, &params)
        .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message))
}

fn preview(d: &mut Desk, id: &Value) -> Vec<u8> {
    let pdf = call(
        d,
        "print_job_pdf",
        json!({ "job_id": id, "reissue": false }),
    );
    base64::engine::general_purpose::STANDARD
        .decode(pdf["pdf_base64"].as_str().unwrap())
        .unwrap()
}

#[test]
fn notice_and_calculation_sheet_become_queue_jobs_through_the_door() {
    let db = TestDb::new();
    let (hid, head, id) = drafted_start(&db);
    let mut d = desk(&db);

    // Before approval: the notice is refused without `draft` and nothing is queued.
    let e = d
        .call("print_decision_notice", &json!({ "decision_id": id, "number": null, "date": null, "payment_method": null, "draft": false }))
        .unwrap_err();
    assert_eq!(e.code, "DECISION_STATE");
    assert!(
        e.message.contains("まだ決裁されていません"),
        "{}",
        e.message
    );
    assert_eq!(
        call(&mut d, "print_jobs", json!({ "filter": {} })),
        json!([])
    );
    // The 調書 is made in any state; a draft notice only when asked for.
    let draft_sheet = call(
        &mut d,
        "print_calculation_sheet",
        json!({ "decision_id": id, "date": null }),
    );
    assert_eq!(draft_sheet["kind"], "calculation_sheet");
    let draft_notice = call(
        &mut d,
        "print_decision_notice",
        json!({ "decision_id": id, "number": null, "date": null, "payment_method": null, "draft": true }),
    );
    assert_eq!(draft_notice["kind"], "decision_notice");

    db.staff("sv").review_decision(id, "").unwrap();
    db.staff("ap").approve_decision(id, "").unwrap();

    let notice = call(
        &mut d,
        "print_decision_notice",
        json!({ "decision_id": id, "number": "窓福第123号", "date": "2025-06-02", "payment_method": "口座振込", "draft": false }),
    );
    assert_eq!(notice["kind"], "decision_notice");
    assert_eq!(notice["title"], "保護開始決定通知書");
    assert_eq!(notice["state"], "generated");
    assert_eq!(notice["issue_number"], Value::Null);
    assert_eq!(notice["household_id"], hid);
    assert_eq!(notice["person_id"], head);
    assert_eq!(notice["person_name"], "窓口 通知");
    let sheet = call(
        &mut d,
        "print_calculation_sheet",
        json!({ "decision_id": id, "date": "2025-06-02" }),
    );
    assert_eq!(sheet["kind"], "calculation_sheet");
    assert_eq!(sheet["title"], "保護決定調書");
    assert_eq!(sheet["issue_number"], Value::Null);
    assert_eq!(sheet["person_id"], head);

    // The preview regenerates the stored original byte for byte, and matches the CLI's document.
    for job in [&notice, &sheet, &draft_notice, &draft_sheet] {
        let a = preview(&mut d, &job["id"]);
        let b = preview(&mut d, &job["id"]);
        assert!(a.starts_with(b"%PDF-"));
        assert_eq!(a, b);
        assert_eq!(job["bytes"], a.len());
    }
    let mut cw = db.staff("cw");
    let cli_notice = cw
        .print_decision_notice(
            id,
            &madoguchi::service::notices::NoticeOptions {
                number: Some("窓福第123号".into()),
                date: Some("2025-06-02".into()),
                payment_method: Some("口座振込".into()),
                allow_draft: false,
            },
        )
        .unwrap();
    assert_eq!(preview(&mut d, &notice["id"]), cli_notice.pages_pdf);
    assert_eq!(
        preview(&mut d, &sheet["id"]),
        cw.print_calculation_sheet(id, Some("2025-06-02"))
            .unwrap()
            .pages_pdf
    );

    // All four are in the queue, newest first, for the household.
    let list = call(
        &mut d,
        "print_jobs",
        json!({ "filter": { "household_id": hid } }),
    );
    let kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "calculation_sheet",
            "decision_notice",
            "decision_notice",
            "calculation_sheet"
        ]
    );

    // Each creation is audited as a print request naming the decision.
    let log = db
        .staff("sv")
        .search_audit(&madoguchi::service::views::AuditQuery {
            action: Some("print_request".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 4);
}

#[test]
fn bad_params_and_missing_permission_are_refused() {
    let db = TestDb::new();
    let (_, _, id) = drafted_start(&db);
    let d = desk(&db);
    let e = d
        .call("print_calculation_sheet", &json!({ "decision": id }))
        .unwrap_err();
    assert_eq!(e.code, "RPC_BAD_PARAMS");
    let ro = Desk::new(db.path.clone(), db.clock.clock());
    ro.call("login", &json!({ "user_id": ADMIN, "password": ADMIN_PW }))
        .unwrap();
    let e = ro
        .call(
            "print_calculation_sheet",
            &json!({ "decision_id": id, "date": null }),
        )
        .unwrap_err();
    assert_eq!(e.code, "PERMISSION_DENIED");
}
