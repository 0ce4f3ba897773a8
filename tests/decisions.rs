//! Rate sets, calculation, applications, the decision workflow and the bulk re-decision, through
//! the use cases on temporary encrypted databases. Amounts come from the test fixture
//! `tests/fixtures/rates/test-2025` (試験用・実在しない — invented figures); the arithmetic is
//! written beside each expectation.

mod common;

use chrono::NaiveDate;
use common::*;
use madoguchi::calc::situation::IncomeKind;
use madoguchi::domain::decision::{DecisionKind, DecisionState, IncomeInput, SituationInput};
use madoguchi::domain::household::HouseholdStatus;
use madoguchi::service::decisions::{ApplicationInput, DecisionInput};
use madoguchi::service::views::AuditQuery;
use madoguchi::service::App;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Office on 1級地-1 (a grade the fixture covers) and the fixture imported by the administrator.
fn office_with_rates(db: &TestDb) {
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = madoguchi::demo::demo_office();
    office.grade = "1-1".into();
    admin.save_office(&office).unwrap();
    admin.import_rates(&fixture_files(), true).unwrap();
}

/// A household with one member; returns (household id, person id).
fn household_with(cw: &mut App, case: &str, birth: &str) -> (i64, i64) {
    let h = cw.create_household(&household(case)).unwrap();
    let id = h.household.id;
    let v = cw
        .add_member(id, &member("窓口 試験", "マドグチ シケン", birth))
        .unwrap();
    (id, v.members[0].id)
}

fn situation(rent: i64, incomes: Vec<IncomeInput>) -> SituationInput {
    SituationInput {
        winter_region: Some(6),
        housing_area: Some("試験県".into()),
        rent_yen: rent,
        care_cost_yen: 0,
        medical_cost_yen: 0,
        members: vec![],
        incomes,
    }
}

fn wages(person: i64, gross: i64, expenses: i64) -> IncomeInput {
    IncomeInput {
        person_id: Some(person),
        kind: IncomeKind::Earned,
        label: "A社 給与".into(),
        gross_yen: gross,
        expenses_yen: expenses,
    }
}

fn decision(hid: i64, kind: DecisionKind, date: &str) -> DecisionInput {
    DecisionInput {
        household_id: hid,
        kind,
        effective_date: date.into(),
        reason_text: "".into(),
        reason_codes: vec![match kind {
            DecisionKind::Start => "need_recognised",
            DecisionKind::Change => "income_change",
            DecisionKind::Suspend => "temporary_income",
            DecisionKind::Abolish => "self_sufficient",
            DecisionKind::Reject => "income_sufficient",
        }
        .into()],
        calculate: false,
    }
}

/// Start assistance for a new household through the whole workflow (cw → sv → ap).
fn started(db: &TestDb, case: &str, birth: &str, rent: i64) -> (i64, i64, i64) {
    let mut cw = db.staff("cw");
    let (hid, pid) = household_with(&mut cw, case, birth);
    apply(&mut cw, hid, "2025-05-26");
    cw.save_situation(hid, &situation(rent, vec![])).unwrap();
    let dec = cw
        .draft_decision(&decision(hid, DecisionKind::Start, "2025-06-01"))
        .unwrap();
    db.staff("sv").review_decision(dec.id, "").unwrap();
    db.staff("ap").approve_decision(dec.id, "").unwrap();
    (hid, pid, dec.id)
}

#[test]
fn import_refuses_bad_tables_with_file_and_line_and_test_figures_without_the_flag() {
    let db = TestDb::new();
    let mut admin = db.login(ADMIN, ADMIN_PW);

    // An overlapping row: the same key twice.
    let mut files = fixture_files();
    replace_file(&mut files, "daiichi.csv", |t| {
        format!("{}\n2025-04-01,,r5,1-1,30,40,43000,test\n", t.trim_end())
    });
    let e = admin.import_rates(&files, true).unwrap_err();
    assert_eq!(e.code(), "RATE_OVERLAP", "{e}");
    assert!(
        e.to_string().starts_with("daiichi.csv ") && e.to_string().contains("行目"),
        "{e}"
    );

    // A negative amount.
    let mut files = fixture_files();
    replace_file(&mut files, "daini.csv", |t| {
        t.replace(
            "2025-04-01,,r5,*,2,2,38000,0,test",
            "2025-04-01,,r5,*,2,2,-38000,0,test",
        )
    });
    let e = admin.import_rates(&files, true).unwrap_err();
    assert_eq!(e.code(), "RATE_NEGATIVE", "{e}");
    assert!(e.to_string().starts_with("daini.csv 4行目"), "{e}");

    // Invented figures need the explicit flag; nothing was stored by the refusals.
    let e = admin.import_rates(&fixture_files(), false).unwrap_err();
    assert_eq!(e.code(), "RATE_TEST_FIGURES");
    assert!(admin.list_rates().unwrap().is_empty());

    // A caseworker may not import.
    let e = db
        .staff("cw")
        .import_rates(&fixture_files(), true)
        .unwrap_err();
    assert_eq!(e.code(), "PERMISSION_DENIED");

    let s = admin.import_rates(&fixture_files(), true).unwrap();
    assert_eq!(s.version, "test-2025");
    assert!(s.test_figures);
    assert_eq!(s.sha256.len(), 64);
    // The office is on 2級地-1, which the fixture does not cover: the summary says so.
    assert!(
        s.missing.iter().any(|m| m.contains("daiichi")),
        "{:?}",
        s.missing
    );
    // A version is imported once.
    assert_eq!(
        admin
            .import_rates(&fixture_files(), true)
            .unwrap_err()
            .code(),
        "CONFLICT"
    );
    let log = admin
        .search_audit(&AuditQuery {
            action: Some("rates_import".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].detail["sha256"], s.sha256.as_str());
}

#[test]
fn calc_refuses_without_a_rate_set_or_a_complete_table() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let (hid, _) = household_with(&mut cw, "C-0001", "1995-05-20");
    cw.save_situation(hid, &situation(55_000, vec![])).unwrap();

    let e = cw.calc_household(hid, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "RATE_NONE_FOR_DATE", "{e}");

    // Fixture imported, but the office is on 2級地-1, which it does not cover.
    db.login(ADMIN, ADMIN_PW)
        .import_rates(&fixture_files(), true)
        .unwrap();
    let e = cw.calc_household(hid, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "RATE_INCOMPLETE");
    assert!(
        e.to_string().contains("test-2025") && e.to_string().contains("daiichi"),
        "{e}"
    );
    let e = cw
        .draft_decision(&decision(hid, DecisionKind::Start, "2025-10-15"))
        .unwrap_err();
    assert_eq!(e.code(), "RATE_INCOMPLETE");

    // The national sets (installed on request in this test database) supersede from 2025-10-01:
    // they decide with the national figures, and refuse only a household that needs a table
    // they leave to the office, naming it.
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = madoguchi::demo::demo_office();
    office.grade = "1-1".into();
    admin.save_office(&office).unwrap();
    assert_eq!(
        cw.calc_household(hid, d("2025-09-30"))
            .unwrap()
            .rate_set
            .version,
        "test-2025"
    );
    let installed = admin.install_national_rates().unwrap();
    assert_eq!(
        installed
            .iter()
            .map(|s| s.version.as_str())
            .collect::<Vec<_>>(),
        ["national-2025-10", "national-2026-10"]
    );
    assert!(installed
        .iter()
        .all(|s| s.missing.is_empty() && !s.to_import.is_empty()));
    // The national 住宅扶助 caps are by prefecture (the fixture's 試験県 is not one).
    let mut national = situation(55_000, vec![]);
    national.housing_area = Some("埼玉県".into());
    cw.save_situation(hid, &national).unwrap();
    let c = cw.calc_household(hid, d("2025-10-15")).unwrap();
    assert_eq!(c.rate_set.version, "national-2025-10");
    let mut disabled = national.clone();
    disabled.members = vec![madoguchi::domain::decision::MemberFacts {
        person_id: c.members[0].person_id,
        facts: madoguchi::domain::facts::PricingFacts {
            disability: Some(madoguchi::calc::situation::DisabilityLevel::B),
            ..Default::default()
        },
    }];
    cw.save_situation(hid, &disabled).unwrap();
    let e = cw.calc_household(hid, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "CALC_OFFICE_TABLE", "{e}");
    assert!(
        e.to_string().contains("障害者加算") && e.to_string().contains("national-2025-10"),
        "{e}"
    );
}

#[test]
fn worked_example_single_adult_with_wages() {
    let db = TestDb::new();
    office_with_rates(&db);
    let mut cw = db.staff("cw");
    let (hid, pid) = household_with(&mut cw, "C-0002", "1995-05-20");
    let e = cw.calc_household(hid, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "VALIDATION", "no situation stored yet: {e}");
    cw.save_situation(hid, &situation(55_000, vec![wages(pid, 100_000, 8_000)]))
        .unwrap();

    let c = cw.calc_household(hid, d("2025-10-15")).unwrap();
    let r = &c.result;
    // Age 30, 1級地-1, 15 Oct 2025 (outside Ⅵ区's winter months):
    // 第1類 43,000 × 逓減率 1.00 + 第2類 28,000 + 特例加算 1,500 = 72,500 (old formula 70,970 is lower)
    // 住宅扶助 min(rent 55,000, cap 50,000) = 50,000 → 最低生活費 122,500
    // 就労収入 100,000 − 必要経費 8,000 − 基礎控除 26,000 = 66,000 認定
    // 保護費 = 122,500 − 66,000 = 56,500
    assert_eq!(r.minimum_total_yen, 122_500);
    assert_eq!(r.income_recognised_yen, 66_000);
    assert_eq!(r.benefit_yen, 56_500);
    assert_eq!(r.rate_version, "test-2025");
    assert_eq!(c.grade.code(), "1-1");

    // The display form explains every line with its member and table row.
    let v = cw.calc_household_view(hid, "R7.10.15").unwrap();
    assert_eq!(v.benefit_yen, 56_500);
    assert_eq!(v.date, "2025-10-15");
    let first = v
        .lines
        .iter()
        .find(|l| l.label.starts_with("第1類（"))
        .unwrap();
    assert_eq!(first.member_name.as_deref(), Some("窓口 試験"));
    assert_eq!(
        first.table_ref.as_deref(),
        Some("daiichi.csv 7行目（出典 test）")
    );
    assert!(v
        .income_lines
        .iter()
        .any(|l| l.label == "基礎控除（1人目）" && l.amount_yen == -26_000));
    assert!(v.test_figures);

    // The situation was audited old → new.
    let log = db
        .staff("sv")
        .search_audit(&AuditQuery {
            action: Some("situation_save".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].detail["old"], serde_json::Value::Null);
    assert_eq!(log[0].detail["new"]["rent_yen"], 55_000);
    // An income of someone who is not a member is refused.
    let e = cw
        .save_situation(hid, &situation(0, vec![wages(pid + 100, 1, 0)]))
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
}

#[test]
fn fourteen_day_deadline_and_thirty_day_extension_with_reason() {
    let db = TestDb::new(); // today: 2025-06-02
    let mut cw = db.staff("cw");
    let (a, _) = household_with(&mut cw, "A-0001", "1960-01-01");
    let (b, _) = household_with(&mut cw, "A-0002", "1961-01-01");
    let (c, _) = household_with(&mut cw, "A-0003", "1962-01-01");

    let soon = cw
        .register_application(&ApplicationInput {
            household_id: a,
            consulted_on: Some("2025-05-19".into()),
            received_on: "2025-05-20".into(),
            form: None,
        })
        .unwrap();
    assert_eq!(soon.deadline, "2025-06-03"); // 20 May + 14 days
    assert_eq!(soon.days_left, 1);
    let late = cw
        .register_application(&ApplicationInput {
            household_id: b,
            consulted_on: None,
            received_on: "R7.5.10".into(),
            form: None,
        })
        .unwrap();
    assert_eq!(late.deadline, "2025-05-24");
    assert_eq!(late.days_left, -9);
    cw.register_application(&ApplicationInput {
        household_id: c,
        consulted_on: None,
        received_on: "2025-06-01".into(),
        form: None,
    })
    .unwrap();

    let home = cw.home().unwrap();
    assert_eq!(
        home.overdue
            .iter()
            .map(|x| x.household_id)
            .collect::<Vec<_>>(),
        vec![b]
    );
    assert_eq!(
        home.due_soon
            .iter()
            .map(|x| x.household_id)
            .collect::<Vec<_>>(),
        vec![a]
    );
    assert!(!home.applying.is_empty(), "existing home fields are kept");

    // Extension needs a reason; with one, the deadline becomes 30 days.
    assert_eq!(
        cw.extend_application(late.id, "  ").unwrap_err().code(),
        "VALIDATION"
    );
    let ext = cw
        .extend_application(late.id, "扶養義務者への照会に日数を要するため")
        .unwrap();
    assert!(ext.extended);
    assert_eq!(ext.deadline, "2025-06-09"); // 10 May + 30 days
    assert_eq!(
        ext.extension_reason.as_deref(),
        Some("扶養義務者への照会に日数を要するため")
    );
    assert_eq!(
        cw.extend_application(late.id, "再延長").unwrap_err().code(),
        "DECISION_STATE"
    );
    let home = cw.home().unwrap();
    assert!(home.overdue.is_empty());

    // One pending application per household; none in the future; none for an active household.
    let e = cw
        .register_application(&ApplicationInput {
            household_id: a,
            consulted_on: None,
            received_on: "2025-06-01".into(),
            form: None,
        })
        .unwrap_err();
    assert_eq!(e.code(), "DECISION_STATE");
    let (f, _) = household_with(&mut cw, "A-0004", "1963-01-01");
    let e = cw
        .register_application(&ApplicationInput {
            household_id: f,
            consulted_on: None,
            received_on: "2025-06-03".into(),
            form: None,
        })
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
}

#[test]
fn full_workflow_changes_status_history_amounts_and_audit() {
    let db = TestDb::new();
    office_with_rates(&db);
    let mut cw = db.staff("cw");
    let (hid, _) = household_with(&mut cw, "W-0001", "1995-05-20");
    let app = cw
        .register_application(&ApplicationInput {
            household_id: hid,
            consulted_on: None,
            received_on: "2025-05-26".into(),
            form: None,
        })
        .unwrap();
    cw.save_situation(hid, &situation(55_000, vec![])).unwrap();

    // 最低生活費 on 1 June: 43,000 + 28,000 + 特例加算 1,000 (until 30 Sep) + 住宅 50,000 = 122,000
    let dec = cw
        .draft_decision(&decision(hid, DecisionKind::Start, "2025-06-01"))
        .unwrap();
    assert_eq!(dec.state, DecisionState::Draft);
    assert_eq!(dec.benefit_yen, 122_000);
    assert_eq!(dec.application_id, Some(app.id));
    assert_eq!(dec.reasons[0].label, "最低生活費に対して収入が不足するため");
    assert_eq!(
        dec.amounts
            .iter()
            .map(|a| (a.label.as_str(), a.aid_yen))
            .collect::<Vec<_>>(),
        vec![("生活扶助", 72_000), ("住宅扶助", 50_000)]
    );
    // Drafting changes nothing on the household.
    assert_eq!(
        cw.open_household(hid).unwrap().household.status,
        HouseholdStatus::Applying
    );
    // One open decision per household.
    assert_eq!(
        cw.draft_decision(&decision(hid, DecisionKind::Start, "2025-06-01"))
            .unwrap_err()
            .code(),
        "DECISION_STATE"
    );
    // Approval before review is refused.
    assert_eq!(
        db.staff("ap")
            .approve_decision(dec.id, "")
            .unwrap_err()
            .code(),
        "DECISION_STATE"
    );

    let mut sv = db.staff("sv");
    assert_eq!(
        sv.decision_inbox()
            .unwrap()
            .iter()
            .map(|x| x.id)
            .collect::<Vec<_>>(),
        vec![dec.id]
    );
    let dec = sv.review_decision(dec.id, "確認しました").unwrap();
    assert_eq!(dec.state, DecisionState::Reviewed);
    assert_eq!(dec.reviewed_by.as_deref(), Some("sv"));
    assert!(sv.decision_inbox().unwrap().is_empty());

    let mut ap = db.staff("ap");
    assert_eq!(ap.decision_inbox().unwrap().len(), 1);
    let dec = ap.approve_decision(dec.id, "").unwrap();
    assert_eq!(dec.state, DecisionState::Approved);
    assert_eq!(dec.approved_by.as_deref(), Some("ap"));

    let v = cw.open_household(hid).unwrap();
    assert_eq!(v.household.status, HouseholdStatus::Active);
    // (History is listed by effective date: the start, effective 1 June, sorts below the
    // registration row dated today.)
    let h0 = v
        .status_history
        .iter()
        .find(|s| s.status == HouseholdStatus::Active)
        .unwrap();
    assert_eq!(h0.effective_date, "2025-06-01");
    assert!(
        h0.reason.contains("開始") && h0.reason.contains(&dec.id.to_string()),
        "{}",
        h0.reason
    );
    assert_eq!(h0.changed_by, "ap");
    let amounts = madoguchi::store::decisions::amounts(cw.store().conn(), hid)
        .unwrap()
        .unwrap();
    assert_eq!(
        (amounts.decision_id, amounts.benefit_yen),
        (dec.id, 122_000)
    );
    let app = &cw.applications_for_household(hid).unwrap().applications[0];
    assert_eq!(
        (
            app.status.as_str(),
            app.decision_id,
            app.decided_on.as_deref()
        ),
        ("decided", Some(dec.id), Some("2025-06-02"))
    );

    let log = sv
        .search_audit(&AuditQuery {
            person: Some("W-0001".into()),
            ..Default::default()
        })
        .unwrap();
    let acts: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for a in ["decision_draft", "decision_review", "decision_approve"] {
        assert!(acts.contains(&a), "{a} missing from {acts:?}");
    }
    let appr = log.iter().find(|e| e.action == "decision_approve").unwrap();
    assert_eq!(appr.detail["status"]["old"], "applying");
    assert_eq!(appr.detail["status"]["new"], "active");
    assert_eq!(appr.detail["benefit_yen"]["new"], 122_000);

    // 停止 then 変更 (停止の解除) then 廃止: each approval moves the status, history grows.
    let s = cw
        .draft_decision(&decision(hid, DecisionKind::Suspend, "2025-07-01"))
        .unwrap();
    assert_eq!(s.benefit_yen, 0);
    sv.review_decision(s.id, "").unwrap();
    ap.approve_decision(s.id, "").unwrap();
    assert_eq!(
        cw.open_household(hid).unwrap().household.status,
        HouseholdStatus::Suspended
    );
    assert_eq!(
        cw.draft_decision(&decision(hid, DecisionKind::Suspend, "2025-08-01"))
            .unwrap_err()
            .code(),
        "DECISION_STATE"
    );
    let a = cw
        .draft_decision(&decision(hid, DecisionKind::Abolish, "2025-08-01"))
        .unwrap();
    sv.review_decision(a.id, "").unwrap();
    ap.approve_decision(a.id, "").unwrap();
    let v = cw.open_household(hid).unwrap();
    assert_eq!(v.household.status, HouseholdStatus::Closed);
    assert_eq!(v.status_history.len(), 5); // 相談中 (登録), 申請中 (申請), 保護中, 停止中, 廃止
    assert_eq!(
        madoguchi::store::decisions::amounts(cw.store().conn(), hid)
            .unwrap()
            .unwrap()
            .benefit_yen,
        0
    );
    // Earlier decisions are history, unchanged.
    let all = cw.decisions_for_household(hid).unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|x| x.state == DecisionState::Approved));
    assert_eq!(
        all.iter()
            .find(|x| x.kind == DecisionKind::Start)
            .unwrap()
            .benefit_yen,
        122_000
    );
}

#[test]
fn reject_closes_an_applying_household() {
    let db = TestDb::new();
    office_with_rates(&db);
    let mut cw = db.staff("cw");
    let (hid, pid) = household_with(&mut cw, "J-0001", "1995-05-20");
    apply(&mut cw, hid, "2025-05-26");
    cw.save_situation(hid, &situation(0, vec![wages(pid, 300_000, 0)]))
        .unwrap();
    let mut input = decision(hid, DecisionKind::Reject, "2025-06-01");
    input.calculate = true;
    let r = cw.draft_decision(&input).unwrap();
    assert_eq!(r.benefit_yen, 0);
    assert!(r.income_recognised_yen.unwrap() > r.minimum_total_yen.unwrap());
    // The screen says why there are no amounts: the calculation is evidence, no 保護費 is set.
    assert!(r.amounts.is_empty() && !r.benefit_decided);
    assert_eq!(
        r.amounts_note.as_deref(),
        Some("却下の決定のため扶助額は0円です（計算は根拠として添付）。")
    );
    db.staff("sv").review_decision(r.id, "").unwrap();
    db.staff("ap").approve_decision(r.id, "").unwrap();
    assert_eq!(
        cw.open_household(hid).unwrap().household.status,
        HouseholdStatus::Closed
    );
    assert!(madoguchi::store::decisions::amounts(cw.store().conn(), hid)
        .unwrap()
        .is_none());
    // Reproducible too: the calculation was kept.
    assert!(cw.reproduce_decision(r.id).unwrap().equal);
}

#[test]
fn nobody_checks_their_own_draft_and_a_caseworker_cannot_approve() {
    let db = TestDb::new();
    office_with_rates(&db);
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin
        .add_user(
            "sv2",
            "査察 二郎",
            madoguchi::domain::role::Role::Supervisor,
            "kari-pass-0001",
        )
        .unwrap();
    db.login("sv2", "kari-pass-0001")
        .change_password("kari-pass-0001", STAFF_PW)
        .unwrap();

    let mut sv = db.staff("sv");
    let (hid, _) = household_with(&mut sv, "S-0001", "1995-05-20");
    apply(&mut db.staff("cw"), hid, "2025-05-26");
    sv.save_situation(hid, &situation(0, vec![])).unwrap();
    let dec = sv
        .draft_decision(&decision(hid, DecisionKind::Start, "2025-06-01"))
        .unwrap();
    let e = sv.review_decision(dec.id, "").unwrap_err();
    assert_eq!(e.code(), "DECISION_SAME_USER");
    assert!(e.to_string().contains("自分が起案"));
    assert_eq!(
        sv.return_decision(dec.id, "自分で戻す").unwrap_err().code(),
        "DECISION_SAME_USER"
    );
    assert!(
        sv.decision_inbox().unwrap().is_empty(),
        "one's own draft is not in one's review inbox"
    );

    let mut cw = db.staff("cw");
    assert_eq!(
        cw.review_decision(dec.id, "").unwrap_err().code(),
        "PERMISSION_DENIED"
    );
    db.staff("sv2").review_decision(dec.id, "").unwrap();
    let e = cw.approve_decision(dec.id, "").unwrap_err();
    assert_eq!(e.code(), "PERMISSION_DENIED");
    assert!(e.to_string().contains("決裁"));
    assert_eq!(
        db.staff("sv2")
            .approve_decision(dec.id, "")
            .unwrap_err()
            .code(),
        "PERMISSION_DENIED"
    );
    assert_eq!(
        db.staff("ro")
            .draft_decision(&decision(hid, DecisionKind::Start, "2025-06-01"))
            .unwrap_err()
            .code(),
        "PERMISSION_DENIED"
    );
    // Still only reviewed: nothing on the household moved.
    assert_eq!(
        cw.open_household(hid).unwrap().household.status,
        HouseholdStatus::Applying
    );
    db.staff("ap").approve_decision(dec.id, "").unwrap();
    assert_eq!(
        cw.open_household(hid).unwrap().household.status,
        HouseholdStatus::Active
    );
}

#[test]
fn return_with_comment_keeps_the_comment_and_goes_back_to_the_drafter() {
    let db = TestDb::new();
    office_with_rates(&db);
    let mut cw = db.staff("cw");
    let (hid, pid) = household_with(&mut cw, "R-0001", "1995-05-20");
    apply(&mut cw, hid, "2025-05-26");
    cw.save_situation(hid, &situation(55_000, vec![])).unwrap();
    let dec = cw
        .draft_decision(&decision(hid, DecisionKind::Start, "2025-06-01"))
        .unwrap();

    let mut sv = db.staff("sv");
    assert_eq!(
        sv.return_decision(dec.id, " ").unwrap_err().code(),
        "VALIDATION"
    );
    let r = sv
        .return_decision(dec.id, "就労収入の確認をしてください")
        .unwrap();
    assert_eq!(r.state, DecisionState::Returned);
    assert_eq!(r.comments.len(), 1);
    assert_eq!(
        (r.comments[0].action.as_str(), r.comments[0].stage.as_str()),
        ("return", "review")
    );
    assert_eq!(r.comments[0].comment, "就労収入の確認をしてください");
    assert_eq!(r.comments[0].user_id, "sv");
    // A returned decision cannot be reviewed until it is corrected; it waits in the drafter's inbox.
    assert_eq!(
        sv.review_decision(dec.id, "").unwrap_err().code(),
        "DECISION_STATE"
    );
    assert_eq!(
        cw.decision_inbox()
            .unwrap()
            .iter()
            .map(|x| x.id)
            .collect::<Vec<_>>(),
        vec![dec.id]
    );

    // The drafter corrects the situation and redrafts: recomputed, back to 起案.
    cw.save_situation(hid, &situation(55_000, vec![wages(pid, 100_000, 8_000)]))
        .unwrap();
    let again = cw
        .redraft_decision(
            dec.id,
            &decision(hid, DecisionKind::Start, "2025-06-01"),
            "収入を追加しました",
        )
        .unwrap();
    assert_eq!(again.state, DecisionState::Draft);
    assert_eq!(again.benefit_yen, 122_000 - 66_000);
    sv.review_decision(dec.id, "").unwrap();

    // Returned again at approval: both comments are kept, in order.
    let mut ap = db.staff("ap");
    assert_eq!(
        ap.return_decision(dec.id, "").unwrap_err().code(),
        "VALIDATION"
    );
    let r = ap
        .return_decision(dec.id, "適用日を確認してください")
        .unwrap();
    assert_eq!(r.state, DecisionState::Returned);
    assert_eq!(r.reviewed_by, None, "a return clears the review");
    let cs: Vec<(&str, &str, &str)> = r
        .comments
        .iter()
        .map(|c| (c.action.as_str(), c.stage.as_str(), c.comment.as_str()))
        .collect();
    assert_eq!(
        cs,
        vec![
            ("return", "review", "就労収入の確認をしてください"),
            ("redraft", "draft", "収入を追加しました"),
            ("return", "approval", "適用日を確認してください"),
        ]
    );
    let log = sv
        .search_audit(&AuditQuery {
            action: Some("decision_return".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        cw.open_household(hid).unwrap().household.status,
        HouseholdStatus::Applying
    );
}

#[test]
fn reproduce_decision_equals_the_stored_result_and_detects_changed_tables() {
    let db = TestDb::new();
    office_with_rates(&db);
    let (hid, pid, dec_id) = started(&db, "P-0001", "1995-05-20", 55_000);
    let mut cw = db.staff("cw");
    // Later edits to the household do not change what the decision used.
    cw.save_situation(hid, &situation(0, vec![wages(pid, 50_000, 0)]))
        .unwrap();
    let r = cw.reproduce_decision(dec_id).unwrap();
    assert!(r.equal && r.sha256_ok && r.inputs_ok, "{r:?}");
    assert_eq!(r.rate_version, "test-2025");
    assert!(r.message.contains("122,000"), "{}", r.message);

    // The stored snapshot names the set and its hash.
    let row = madoguchi::store::decisions::decision(cw.store().conn(), dec_id).unwrap();
    let snap: madoguchi::service::decisions::DecisionSnapshot =
        serde_json::from_str(row.snapshot.as_deref().unwrap()).unwrap();
    assert_eq!(snap.rate_set.version, "test-2025");
    assert_eq!(Some(snap.rate_set.sha256.clone()), row.rate_sha256);
    assert_eq!(snap.result.benefit_yen, 122_000);
    assert_eq!(snap.office_grade.code(), "1-1");
    assert_eq!(snap.members[0].person_id, pid);

    // Someone edits the stored tables behind the program: reproduction says so.
    cw.store()
        .conn()
        .execute(
            "UPDATE rate_sets SET files_json = replace(files_json, '43000', '99999')",
            [],
        )
        .unwrap();
    let r = cw.reproduce_decision(dec_id).unwrap();
    assert!(!r.sha256_ok && !r.equal, "{r:?}");
}

#[test]
fn bulk_preview_shows_differences_and_apply_drafts_one_change_per_changed_household() {
    let db = TestDb::new();
    office_with_rates(&db);
    // A: aged 30 → affected by the 第1類 18–64 revision. B: aged 80 → unchanged.
    let (a, _, _) = started(&db, "B-0001", "1995-05-20", 55_000);
    let (b, _, _) = started(&db, "B-0002", "1945-03-03", 0);
    // C: active without a stored situation (cannot be recomputed).
    let mut cw = db.staff("cw");
    let (c, _) = household_with(&mut cw, "B-0003", "1970-01-01");
    db.staff("sv")
        .change_household_status(c, HouseholdStatus::Active, "2025-06-01", "移行データ")
        .unwrap();
    // D: closed, never listed.
    let (dd, _) = household_with(&mut cw, "B-0004", "1970-01-01");
    db.staff("sv")
        .change_household_status(dd, HouseholdStatus::Closed, "2025-06-01", "移行データ")
        .unwrap();

    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin.import_rates(&revised_files(), true).unwrap();
    assert_eq!(
        cw.bulk_preview("no-such", "2025-10-01").unwrap_err().code(),
        "RATE_NONE_FOR_DATE"
    );
    assert_eq!(
        cw.bulk_preview("test-2025-10", "2025-09-30")
            .unwrap_err()
            .code(),
        "VALIDATION"
    );

    let preview = cw.bulk_preview("test-2025-10", "R7.10.1").unwrap();
    let rows = &preview.rows;
    assert_eq!(
        rows.iter().map(|r| r.household_id).collect::<Vec<_>>(),
        vec![a, b, c]
    );
    // The footer's figures come from the core: C (no situation) is counted, not summed.
    let t = preview.totals;
    assert_eq!(
        (t.households, t.changed, t.unchanged, t.skipped),
        (3, 1, 1, 1)
    );
    assert_eq!(
        (t.old_total, t.new_total, t.change),
        (122_000 + 65_000, 123_500 + 65_000, 1_500)
    );
    // A: June 72,000 + 50,000 = 122,000 → October 44,000 + 28,000 + 1,500 + 50,000 = 123,500
    assert_eq!(
        (rows[0].old_total, rows[0].new_total, rows[0].change),
        (122_000, 123_500, 1_500)
    );
    // B: 従前額保障 keeps 生活扶助 at 65,000 in June and in October.
    assert_eq!(
        (rows[1].old_total, rows[1].new_total, rows[1].change),
        (65_000, 65_000, 0)
    );
    assert!(
        rows[2].error.as_deref().unwrap().contains("認定状況"),
        "{:?}",
        rows[2].error
    );
    // The preview changed nothing.
    assert!(cw
        .decisions_for_household(a)
        .unwrap()
        .iter()
        .all(|x| x.state == DecisionState::Approved));

    let before = cw
        .store()
        .conn()
        .query_row("SELECT count(*) FROM decisions", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let res = cw
        .bulk_apply(
            "test-2025-10",
            "2025-10-01",
            "令和7年10月 基準改定",
            &["standard_revision".into()],
        )
        .unwrap();
    assert_eq!(res.created.len(), 1);
    assert_eq!(res.unchanged, 1);
    assert_eq!(
        res.skipped
            .iter()
            .map(|r| r.household_id)
            .collect::<Vec<_>>(),
        vec![c]
    );
    let after = cw
        .store()
        .conn()
        .query_row("SELECT count(*) FROM decisions", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert_eq!(after - before, 1);
    let dec = cw.get_decision(res.created[0]).unwrap();
    assert_eq!(
        (dec.household_id, dec.kind, dec.state, dec.benefit_yen),
        (a, DecisionKind::Change, DecisionState::Draft, 123_500)
    );
    assert_eq!(dec.bulk_id.as_deref(), Some(res.bulk_id.as_str()));
    assert_eq!(dec.rate_version.as_deref(), Some("test-2025-10"));
    let log = db
        .staff("sv")
        .search_audit(&AuditQuery {
            action: Some("bulk_apply".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].detail["created"], 1);

    // Applying again drafts nothing new for A: its change is already in the workflow.
    let again = cw
        .bulk_apply("test-2025-10", "2025-10-01", "再実行", &[])
        .unwrap();
    assert!(again.created.is_empty());
    assert!(again
        .skipped
        .iter()
        .any(|r| r.household_id == a && r.error.as_deref() == Some("処理中の決定があります")));

    // Approved, the new amount becomes current; the bulk decision reproduces with the new set.
    db.staff("sv").review_decision(dec.id, "").unwrap();
    db.staff("ap").approve_decision(dec.id, "").unwrap();
    let cur = madoguchi::store::decisions::amounts(cw.store().conn(), a)
        .unwrap()
        .unwrap();
    assert_eq!((cur.decision_id, cur.benefit_yen), (dec.id, 123_500));
    assert!(cw.reproduce_decision(dec.id).unwrap().equal);

    // A retroactive change (effective before the current one) is kept as history but does not
    // replace the newer current amount; the older decisions are untouched.
    let pid = cw.open_household(a).unwrap().members[0].id;
    cw.save_situation(a, &situation(55_000, vec![wages(pid, 20_000, 0)]))
        .unwrap();
    let retro = cw
        .draft_decision(&decision(a, DecisionKind::Change, "2025-08-01"))
        .unwrap();
    db.staff("sv").review_decision(retro.id, "").unwrap();
    db.staff("ap").approve_decision(retro.id, "").unwrap();
    let cur = madoguchi::store::decisions::amounts(cw.store().conn(), a)
        .unwrap()
        .unwrap();
    assert_eq!(cur.decision_id, dec.id);
    let hist = cw.decisions_for_household(a).unwrap();
    assert_eq!(
        hist.iter()
            .map(|x| x.effective_date.as_str())
            .collect::<Vec<_>>(),
        vec!["2025-10-01", "2025-08-01", "2025-06-01"]
    );
    assert_eq!(hist[2].benefit_yen, 122_000);
}
