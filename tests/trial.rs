//! 試算: a household priced without registering it (`App::calc_trial`, `madoguchi calc --input
//! FILE.json`) gives the same amounts, lines and explanations as the same household registered,
//! stores nothing about it, and audits the use. On a database with the national sets; the
//! expected figures are those of `src/calc/tests/national.rs` (Tokyo, 1級地-1, January 2027).

mod common;

use common::*;
use madoguchi::domain::trial::TrialInput;
use madoguchi::service::views::{AuditQuery, CalcView};
use serde_json::{json, Value};

/// The example of docs/rate-tables.md §9 (the document shows this file verbatim).
const TOKYO: &str = include_str!("../docs/examples/calc-input.json");

#[test]
fn the_documented_example_is_this_file() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rate-tables.md"),
    )
    .unwrap();
    assert!(
        doc.contains(TOKYO.trim()),
        "docs/rate-tables.md §9 shows docs/examples/calc-input.json"
    );
}

fn tokyo_office() -> TestDb {
    let db = TestDb::with_national_rates();
    office_in(&db, "東京都", "1-1");
    db
}

/// The same household, registered: (household id, the registered calculation's view).
fn registered(db: &TestDb) -> (i64, CalcView) {
    let mut cw = db.staff("cw");
    let hid = tokyo_family(&mut cw);
    (hid, cw.calc_household_view(hid, "2027-01-15").unwrap())
}

/// Everything but who the household is: the amounts, the lines with their tables, the totals.
fn money(v: &Value) -> Value {
    let strip = |lines: &Value| -> Value {
        lines
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let mut l = l.clone();
                l.as_object_mut().unwrap().remove("member_name");
                l
            })
            .collect()
    };
    json!({
        "date": v["date"], "grade": v["grade"], "rate_version": v["rate_version"], "rate_sha256": v["rate_sha256"],
        "lines": strip(&v["lines"]), "income_lines": strip(&v["income_lines"]), "by_kind": v["by_kind"],
        "minimum_total_yen": v["minimum_total_yen"], "income_recognised_yen": v["income_recognised_yen"],
        "benefit_yen": v["benefit_yen"], "cash_benefit_yen": v["cash_benefit_yen"], "needed": v["needed"],
    })
}

#[test]
fn a_trial_equals_the_registered_household_and_stores_nothing() {
    let db = tokyo_office();
    let (_, reg) = registered(&db);
    let input: TrialInput = serde_json::from_str(TOKYO).unwrap();
    let mut cw = db.staff("cw");
    let households_before: i64 = cw
        .store()
        .conn()
        .query_row("SELECT COUNT(*) FROM households", [], |r| r.get(0))
        .unwrap();
    let t = cw.calc_trial(&input).unwrap();
    assert_eq!(t.benefit_yen, 171_890);
    assert_eq!(
        money(&serde_json::to_value(&t).unwrap()),
        money(&serde_json::to_value(&reg).unwrap())
    );
    assert_eq!((t.household_id, t.case_number.as_str()), (0, "試算"));
    assert_eq!(
        t.members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["世帯員1（世帯主）", "世帯員2（妻）", "世帯員3（子）"]
    );
    let after: i64 = cw
        .store()
        .conn()
        .query_row("SELECT COUNT(*) FROM households", [], |r| r.get(0))
        .unwrap();
    assert_eq!(households_before, after);
    // The use is audited, with no person's data in it.
    let log = db
        .login(ADMIN, ADMIN_PW)
        .search_audit(&AuditQuery {
            action: Some("calc_trial".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].target_kind.as_deref(), log[0].target_id.as_deref()),
        (None, None)
    );
    let detail = log[0].detail.to_string();
    assert!(
        detail.contains("\"members\":3") && !detail.contains("1991"),
        "{detail}"
    );
    // The office's 級地 and prefecture are the defaults.
    let mut bare: Value = serde_json::from_str(TOKYO).unwrap();
    bare.as_object_mut().unwrap().remove("grade");
    bare.as_object_mut().unwrap().remove("prefecture");
    let bare: TrialInput = serde_json::from_value(bare).unwrap();
    assert_eq!(cw.calc_trial(&bare).unwrap().benefit_yen, 171_890);
}

#[test]
fn a_trial_refuses_what_it_cannot_know() {
    let db = tokyo_office();
    let mut cw = db.staff("cw");
    let mut v: Value = serde_json::from_str(TOKYO).unwrap();
    v.as_object_mut().unwrap().remove("grade");
    v["municipality"] = json!("011002"); // 札幌市: not this office's
    let e = cw
        .calc_trial(&serde_json::from_value(v.clone()).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("grade で級地"), "{e}");
    v["municipality"] = json!("112101"); // the office's own code (demo office)
    assert_eq!(
        cw.calc_trial(&serde_json::from_value(v).unwrap())
            .unwrap()
            .grade,
        "1-1"
    );
    let mut v: Value = serde_json::from_str(TOKYO).unwrap();
    v["incomes"][0]["member"] = json!(4);
    let e = cw
        .calc_trial(&serde_json::from_value(v).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("世帯員4はいません"), "{e}");
    // A read-only account may look (試算 needs the household-viewing permission only).
    assert!(db
        .staff("ro")
        .calc_trial(&serde_json::from_str(TOKYO).unwrap())
        .is_ok());
}

#[test]
fn cli_calc_input_has_the_shape_of_calc_household() {
    let db = tokyo_office();
    let (hid, _) = registered(&db);
    let file = db.dir.path().join("household.json");
    std::fs::write(&file, TOKYO).unwrap();
    let out = run_as(
        &db,
        "cw",
        STAFF_PW,
        &["calc", "--input", file.to_str().unwrap(), "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trial: Value = serde_json::from_slice(&out.stdout).unwrap();
    let out = run_as(
        &db,
        "cw",
        STAFF_PW,
        &[
            "calc",
            "--household",
            &hid.to_string(),
            "--date",
            "2027-01-15",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reg: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Same keys (the same output shape) …
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&trial), keys(&reg));
    // … and the same money, line by line.
    assert_eq!(money(&trial), money(&reg));
    assert_eq!(trial["benefit_yen"], 171_890);
    // Text output works too and names the tables.
    let out = run_as(
        &db,
        "cw",
        STAFF_PW,
        &["calc", "--input", file.to_str().unwrap()],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("試算（登録していない世帯")
            && text.contains("teigen.csv")
            && text.contains("171,890"),
        "{text}"
    );
}

#[test]
fn cli_calc_input_errors_are_japanese_with_the_line() {
    let db = tokyo_office();
    let file = db.dir.path().join("bad.json");
    for (content, expect) in [
        ("{\n  \"date\": \"2027-01-15\",\n  \"members\": [ { \"birth_date\": \"1991-04-10\" } ],\n  \"colour\": 1\n}", "4行目: 「colour」という項目は使えません"),
        ("{\n  \"date\": \"2027-01-15\"\n}", "必須の項目「members」がありません"),
        ("{\n  \"date\": \"2027-01-15\",\n  \"members\": [ { \"birth_date\": 19910410 } ]\n}", "3行目: 項目の値の形が違います"),
        ("{\n  \"date\": \"2027-01-15\",,\n}", "2行目: JSON として読めません"),
        // A member's 加算 facts are read with the member: a wrong one is told at the member's end.
        ("{\n  \"date\": \"2027-01-15\",\n  \"members\": [ {\n    \"birth_date\": \"1991-04-10\",\n    \"disability\": \"c\"\n  } ]\n}", "6行目: 項目の値の形が違います"),
        ("{\n  \"date\": \"2027-01-15\",\n  \"members\": [ {\n    \"birth_date\": \"1991-04-10\",\n    \"colour\": 1\n  } ]\n}", "6行目: 「colour」という項目は使えません"),
    ] {
        std::fs::write(&file, content).unwrap();
        let out = run_as(&db, "cw", STAFF_PW, &["calc", "--input", file.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains(expect), "{content}\n→ {err}");
        for english in ["unknown field", "missing field", "expected", "invalid type"] {
            assert!(!err.contains(english), "{err}");
        }
    }
    std::fs::write(&file, b"{\"date\": \"\x8e\x8e\"}").unwrap();
    let out = run_as(
        &db,
        "cw",
        STAFF_PW,
        &["calc", "--input", file.to_str().unwrap()],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("UTF-8 で保存し直して"));
}

/// Done-when, second household: 3級地-2 in Hokkaido in January (冬季加算 Ⅰ区 from the office's
/// prefecture), `calc --input` with no 級地 or prefecture in the file (the office's) gives the
/// registered household's amounts — 最低生活費 106,630, 保護費 56,630 (tests/national_rates.rs).
#[test]
fn cli_calc_input_equals_the_registered_hokkaido_household() {
    let db = TestDb::with_national_rates();
    office_in(&db, "北海道", "3-2");
    let mut cw = db.staff("cw");
    let hid = hokkaido_pensioner(&mut cw);
    drop(cw);
    let file = db.dir.path().join("hokkaido.json");
    std::fs::write(
        &file,
        r#"{
  "date": "令和9年1月15日",
  "rent": 30000,
  "members": [{ "birth_date": "S35.4.10", "relationship": "世帯主" }],
  "incomes": [{ "member": 1, "kind": "pension", "label": "老齢基礎年金", "gross_yen": 50000 }]
}"#,
    )
    .unwrap();
    let run = |args: &[&str]| -> Value {
        let out = run_as(&db, "cw", STAFF_PW, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let trial = run(&["calc", "--input", file.to_str().unwrap(), "--json"]);
    let reg = run(&[
        "calc",
        "--household",
        &hid.to_string(),
        "--date",
        "2027-01-15",
        "--json",
    ]);
    assert_eq!(money(&trial), money(&reg));
    assert_eq!(
        (
            &trial["grade"],
            &trial["minimum_total_yen"],
            &trial["benefit_yen"]
        ),
        (&json!("3-2"), &json!(106_630), &json!(56_630))
    );
    let winter = trial["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"].as_str().unwrap_or("").starts_with("冬季加算"))
        .unwrap();
    assert_eq!(winter["amount_yen"], 12_780, "{winter}");
}
