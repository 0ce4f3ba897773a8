//! Care aid (介護扶助) through the use cases on temporary encrypted databases: the provider
//! register and its CSV import, 介護保険 status with the H-number rule, the case and its plan, and
//! the care-aid decision through the ordinary 起案 → 審査 → 決裁 workflow. Amounts come from the
//! test fixture `tests/fixtures/rates/test-2025` (試験用・実在しない).

mod common;

use common::*;
use madoguchi::calc::situation::IncomeKind;
use madoguchi::domain::care_aid::case::{CareCaseAction, CareCaseStatus, CareLine, CareTerms};
use madoguchi::domain::care_aid::insurance::{CareLevel, HNumberRule, InsuredKind};
use madoguchi::domain::care_aid::provider::{ProviderImportAction, ProviderInput};
use madoguchi::domain::care_aid::provider_number::NumberCheck;
use madoguchi::domain::decision::{DecisionKind, DecisionState, IncomeInput};
use madoguchi::service::care_aid::{CareCaseInput, CarePlanInput, CareStatusInput};
use madoguchi::service::decisions::{CareDecisionInput, DecisionInput};
use madoguchi::service::views::AuditQuery;
use madoguchi::service::App;

const PROVIDERS: &str = "事業所番号,事業所名,カナ,サービス種類,所在地,指定年月日,指定終了日
1371123454,見本ケアプランセンター,ミホンケアプランセンター,43,見本町1-1,2020-04-01,
1371000017,見本ヘルパーステーション,ミホンヘルパー,11 15,見本町2-2,2020-04-01,
13A7100010,見本総合事業所,ミホンソウゴウ,A6,見本町3-3,2021-04-01,
1371000025,見本特養,ミホントクヨウ,51,見本町4-4,2019-04-01,
";

fn approve_protection_start(db: &TestDb) -> (i64, i64) {
    let (hid, head, did) = drafted_start(db);
    db.staff("sv").review_decision(did, "").unwrap();
    db.staff("ap").approve_decision(did, "").unwrap();
    (hid, head)
}

fn provider_id(app: &mut App, number: &str) -> i64 {
    app.care_providers_search(number, false, 10).unwrap()[0].id
}

fn status_first(person_id: i64, premium: i64) -> CareStatusInput {
    CareStatusInput {
        person_id,
        valid_from: "2025-04-01".into(),
        kind: InsuredKind::First,
        insured_number: "0000123456".into(),
        insurer_number: "131016".into(),
        previous_h_number: String::new(),
        previous_h_municipality: String::new(),
        co_pay_tenths: 1,
        premium_yen: premium,
        care_level: Some(CareLevel::Care2),
        certified_from: "2025-04-01".into(),
        certified_to: "2026-03-31".into(),
    }
}

fn not_insured(person_id: i64) -> CareStatusInput {
    CareStatusInput {
        kind: InsuredKind::NotInsured,
        insured_number: String::new(),
        insurer_number: String::new(),
        premium_yen: 0,
        ..status_first(person_id, 0)
    }
}

fn home_terms(app: &mut App) -> CareTerms {
    CareTerms {
        lines: vec![CareLine {
            provider_id: provider_id(app, "1371000017"),
            service_kinds: vec!["11".into(), "15".into()],
        }],
        plan_office_id: Some(provider_id(app, "1371123454")),
    }
}

fn start(case_id: i64, terms: CareTerms) -> CareDecisionInput {
    CareDecisionInput {
        case_id,
        kind: DecisionKind::Start,
        effective_date: "2025-06-01".into(),
        reason_text: "要介護認定を受け、居宅介護サービスの利用が必要なため介護扶助を開始します。"
            .into(),
        reason_codes: vec![],
        terms: Some(terms),
    }
}

#[test]
fn provider_csv_import_dry_run_then_write_with_a_warning_for_a_letter_number() {
    let db = TestDb::new();
    let mut med = db.staff("med");
    let dry = med.care_providers_import(PROVIDERS, true).unwrap();
    assert!(!dry.applied);
    assert_eq!(
        (dry.new, dry.changed, dry.invalid, dry.warnings),
        (4, 0, 0, 1)
    );
    assert!(
        med.care_providers_search("", false, 50).unwrap().is_empty(),
        "a dry run writes nothing"
    );
    let letter = dry.lines.iter().find(|l| l.number == "13A7100010").unwrap();
    assert!(letter.warning.as_deref().unwrap().contains("検証番号"));

    let done = med.care_providers_import(PROVIDERS, false).unwrap();
    assert!(done.applied);
    let all = med.care_providers_search("", false, 50).unwrap();
    assert_eq!(all.len(), 4);
    let plans = med.care_providers_search("", true, 50).unwrap();
    assert_eq!(
        plans.iter().map(|p| p.number.as_str()).collect::<Vec<_>>(),
        vec!["1371123454"]
    );
    let found = med.care_providers_search("へるぱー", false, 50).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]
            .service_kinds
            .iter()
            .map(|k| k.label.as_str())
            .collect::<Vec<_>>(),
        vec!["訪問介護", "通所介護"]
    );
    let sogo = &med.care_providers_search("13A71", false, 50).unwrap()[0];
    assert_eq!(sogo.number_check, NumberCheck::Unverified);
    assert!(sogo.number_warning.is_some());

    // Again: nothing new; one line changed and one broken line → nothing written at all.
    let again = med.care_providers_import(PROVIDERS, true).unwrap();
    assert_eq!((again.new, again.unchanged), (0, 4));
    let broken =
        PROVIDERS.replace("見本町2-2", "新町5-5") + "1371000034,番号違い,,11,,2020-04-01,\n";
    let r = med.care_providers_import(&broken, false).unwrap();
    assert!(!r.applied);
    assert_eq!((r.changed, r.invalid), (1, 1));
    let bad = r
        .lines
        .iter()
        .find(|l| l.action == ProviderImportAction::Invalid)
        .unwrap();
    assert_eq!(bad.line, 6);
    assert!(bad.message.contains("検証番号"));
    assert_eq!(
        med.care_providers_search("へるぱー", false, 5).unwrap()[0].address,
        "見本町2-2"
    );

    // Import and save are audited; a read-only account may search but not import.
    let mut ro = db.staff("ro");
    assert_eq!(ro.care_providers_search("", false, 50).unwrap().len(), 4);
    assert!(ro.care_providers_import(PROVIDERS, true).is_err());
    assert!(ro
        .care_provider_save(&ProviderInput {
            number: "1371123454".into(),
            ..Default::default()
        })
        .is_err());
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let log = admin
        .search_audit(&AuditQuery {
            action: Some("care_provider_import".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
}

#[test]
fn h_numbers_follow_the_office_rule_and_are_kept() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw
        .create_household(&household("H-0001"))
        .unwrap()
        .household
        .id;
    let a = cw
        .add_member(h, &member("被保 一", "ヒホ イチ", "1970-01-01"))
        .unwrap()
        .members[0]
        .id;
    let v = cw
        .add_member(h, &member("被保 二", "ヒホ ニ", "1971-02-02"))
        .unwrap();
    let b = v.members.iter().find(|m| m.id != a).unwrap().id;

    let office = madoguchi::demo::demo_office().municipality_code;
    let prefix = format!("H{}", &office[..5]);
    let sa = cw.care_status_save(&not_insured(a)).unwrap();
    assert_eq!(sa.insured_number, format!("{prefix}0001"));
    assert_eq!(sa.share_label, "介護扶助10割（生保単独）");
    assert!(sa.insurer_number.is_none());
    // A later record keeps the number.
    let again = cw
        .care_status_save(&CareStatusInput {
            valid_from: "2025-05-01".into(),
            ..not_insured(a)
        })
        .unwrap();
    assert_eq!(again.insured_number, sa.insured_number);

    // The office sets its own rule: the next person gets a number by it.
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let s = admin
        .care_settings_save(&HNumberRule {
            prefix: "H99".into(),
            check_digit: true,
        })
        .unwrap();
    assert_eq!(s.next_example.as_deref(), Some("H990000018"));
    assert!(cw
        .care_settings_save(&HNumberRule {
            prefix: "H98".into(),
            check_digit: false
        })
        .is_err());
    let sb = cw.care_status_save(&not_insured(b)).unwrap();
    assert_eq!(sb.insured_number, "H990000018");

    // Arriving from another office of the same municipality: the number comes along.
    let c = cw
        .create_household(&household("H-0002"))
        .unwrap()
        .household
        .id;
    let pc = cw
        .add_member(c, &member("転入 三", "テンニュウ サン", "1969-03-03"))
        .unwrap()
        .members[0]
        .id;
    let carried = cw
        .care_status_save(&CareStatusInput {
            previous_h_number: "H131010777".into(),
            previous_h_municipality: office.clone(),
            ..not_insured(pc)
        })
        .unwrap();
    assert_eq!(carried.insured_number, "H131010777");
    // From another municipality: a new number of this office's rule.
    let d = cw
        .create_household(&household("H-0003"))
        .unwrap()
        .household
        .id;
    let pd = cw
        .add_member(d, &member("転入 四", "テンニュウ ヨン", "1968-04-04"))
        .unwrap()
        .members[0]
        .id;
    let fresh = cw
        .care_status_save(&CareStatusInput {
            previous_h_number: "H271000001".into(),
            previous_h_municipality: "271004".into(),
            ..not_insured(pd)
        })
        .unwrap();
    assert_eq!(fresh.insured_number, "H990000026");
    // The same carried number cannot be given to someone else.
    let e = cw
        .create_household(&household("H-0004"))
        .unwrap()
        .household
        .id;
    let pe = cw
        .add_member(e, &member("転入 五", "テンニュウ ゴ", "1967-05-05"))
        .unwrap()
        .members[0]
        .id;
    assert!(cw
        .care_status_save(&CareStatusInput {
            previous_h_number: "H131010777".into(),
            previous_h_municipality: office,
            ..not_insured(pe)
        })
        .is_err());
}

#[test]
fn status_rules_age_numbers_premium_and_certification() {
    let db = TestDb::new();
    let (hid, head) = approve_protection_start(&db); // head born 1960-04-01: 第1号 from 2025-03-31
    let mut cw = db.staff("cw");
    assert!(
        cw.care_status_save(&not_insured(head)).is_err(),
        "65+ is always 第1号"
    );
    assert!(cw
        .care_status_save(&CareStatusInput {
            insured_number: "H000000001".into(),
            ..status_first(head, 0)
        })
        .is_err());
    assert!(cw
        .care_status_save(&CareStatusInput {
            insurer_number: "12345".into(),
            ..status_first(head, 0)
        })
        .is_err());
    assert!(cw
        .care_status_save(&CareStatusInput {
            certified_to: String::new(),
            ..status_first(head, 0)
        })
        .is_err());
    assert!(cw
        .care_status_save(&CareStatusInput {
            certified_to: "2029-04-01".into(),
            ..status_first(head, 0)
        })
        .is_err());

    let s = cw.care_status_save(&status_first(head, 5_800)).unwrap();
    assert_eq!(s.share_label, "介護保険9割・介護扶助1割（併用）");
    assert_eq!(s.care_level_label.as_deref(), Some("要介護2"));
    // 介護保険料加算 goes into the household's 認定状況, and so into the calculation.
    let sit = cw.get_situation(hid).unwrap().input.unwrap();
    let stored = serde_json::to_value(&sit).unwrap();
    let me = stored["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["person_id"] == head)
        .unwrap();
    assert_eq!(me["care_premium_yen"], 5_800);
    let calc = cw.calc_household_view(hid, "2025-06-01").unwrap();
    let line = calc
        .lines
        .iter()
        .find(|l| l.label == "介護保険料加算")
        .unwrap();
    assert_eq!(line.amount_yen, 5_800);

    // The 認定 ends within 60 days: the status warns (the test clock stands at 2025-06-02).
    db.clock.advance(chrono::Duration::days(280)); // 2026-03-09
    let h = cw.care_status_history(head).unwrap();
    assert!(h
        .last()
        .unwrap()
        .warnings
        .iter()
        .any(|w| w.contains("有効期間") && w.contains("終わります")));
    cw.care_case_register(&CareCaseInput {
        person_id: head,
        applied_on: "2026-03-01".into(),
    })
    .unwrap();
    let alerts = cw.care_alerts().unwrap();
    assert!(alerts.iter().any(|a| a.message.contains("有効期間")));
    assert!(alerts.iter().any(|a| a.message.contains("ケアプラン")));
}

#[test]
fn care_decision_through_the_workflow_sets_the_case_not_the_household() {
    let db = TestDb::new();
    let (hid, head) = approve_protection_start(&db);
    let mut med = db.staff("med");
    med.care_providers_import(PROVIDERS, false).unwrap();
    let mut cw = db.staff("cw");
    // Pension above the non-care minimum: the excess falls on care aid as 本人支払額.
    let mut sit = cw.get_situation(hid).unwrap().input.unwrap();
    sit.care_cost_yen = 30_000;
    sit.incomes = vec![IncomeInput {
        person_id: Some(head),
        kind: IncomeKind::Pension,
        label: "老齢年金".into(),
        gross_yen: 150_000,
        expenses_yen: 0,
    }];
    cw.save_situation(hid, &sit).unwrap();
    cw.care_status_save(&status_first(head, 0)).unwrap();
    let case = cw
        .care_case_register(&CareCaseInput {
            person_id: head,
            applied_on: "2025-06-01".into(),
        })
        .unwrap();
    assert_eq!(case.status, CareCaseStatus::Applied);
    assert!(case.start_blockers.iter().any(|b| b.contains("ケアプラン")));

    let terms = home_terms(&mut cw);
    let e = cw
        .draft_care_decision(&start(case.id, terms.clone()))
        .unwrap_err();
    assert!(e.to_string().contains("ケアプラン"), "{e}");
    // A plan must come from a care-plan office.
    let helper = provider_id(&mut cw, "1371000017");
    assert!(cw
        .care_plan_record(&CarePlanInput {
            case_id: case.id,
            plan_office_id: helper,
            received_on: "2025-05-28".into(),
            note: String::new()
        })
        .is_err());
    let plan_office = provider_id(&mut cw, "1371123454");
    let case = cw
        .care_plan_record(&CarePlanInput {
            case_id: case.id,
            plan_office_id: plan_office,
            received_on: "2025-05-28".into(),
            note: "初回".into(),
        })
        .unwrap();
    assert!(case.start_blockers.is_empty());
    assert!(case.actions.contains(&CareCaseAction::DraftStart));
    // A service the provider does not give is refused.
    let wrong = CareTerms {
        lines: vec![CareLine {
            provider_id: helper,
            service_kinds: vec!["13".into()],
        }],
        ..terms.clone()
    };
    assert!(cw.draft_care_decision(&start(case.id, wrong)).is_err());

    let d = cw.draft_care_decision(&start(case.id, terms)).unwrap();
    assert_eq!(d.kind_label, "介護扶助開始");
    assert_eq!(d.title, "介護扶助開始の決定");
    assert_eq!(d.benefit_yen, 0, "aid in kind pays no cash");
    assert_eq!(
        d.amounts_note.as_deref(),
        Some("介護扶助は現物給付のため、金銭の扶助額はありません（計算は本人支払額の根拠として添付）。")
    );
    let own = cw.care_case_get(case.id).unwrap().decisions[0]
        .own_payment_yen
        .unwrap();
    let calc = cw.calc_household_view(hid, "2025-06-01").unwrap();
    assert_eq!(own, calc.own_payment_care_yen);
    // 本人支払額 = recognised income − (minimum − care cost), at most the care cost.
    let non_care_minimum = calc.minimum_total_yen - 30_000;
    assert_eq!(
        own,
        (calc.income_recognised_yen - non_care_minimum).clamp(0, 30_000)
    );
    assert!(
        own > 0,
        "the fixture's pension exceeds the non-care minimum"
    );

    // One open care decision per case; it does not hold the household's own decisions.
    let again = home_terms(&mut cw);
    assert!(cw.draft_care_decision(&start(case.id, again)).is_err());
    let change = cw
        .draft_decision(&DecisionInput {
            household_id: hid,
            kind: DecisionKind::Change,
            effective_date: "2025-07-01".into(),
            reason_text: "収入の変更".into(),
            reason_codes: vec![],
            calculate: true,
        })
        .unwrap();
    assert_eq!(change.kind_label, DecisionKind::Change.label());
    assert!(!change.amounts.is_empty() && change.amounts_note.is_none() && change.benefit_decided);

    // The ordinary workflow: the drafter may not review; review, then approval by a third.
    assert!(cw.review_decision(d.id, "").is_err());
    db.staff("sv")
        .review_decision(d.id, "確認しました")
        .unwrap();
    let approved = db.staff("ap").approve_decision(d.id, "").unwrap();
    assert_eq!(approved.state, DecisionState::Approved);
    let case = cw.care_case_get(case.id).unwrap();
    assert_eq!(case.status, CareCaseStatus::Active);
    assert!(case.started_on_wareki.is_some());
    assert_eq!(
        case.decisions[0].share_label.as_deref(),
        Some("介護保険9割・介護扶助1割（併用）")
    );
    assert!(case.actions.contains(&CareCaseAction::DraftEnd));
    let household = cw.open_household(hid).unwrap();
    assert_eq!(household.household.status_label, "保護中");
    // An approved care decision is notified (as a 保護変更決定通知書: tests/care_vouchers.rs).
    assert!(approved
        .actions
        .iter()
        .any(|a| matches!(a, madoguchi::domain::workflow::DecisionAction::PrintNotice)));

    // 廃止 ends the case.
    let t = home_terms(&mut cw);
    let end = cw
        .draft_care_decision(&CareDecisionInput {
            kind: DecisionKind::Abolish,
            effective_date: "2025-09-01".into(),
            reason_text: "施設入所のため".into(),
            terms: None,
            ..start(case.id, t)
        })
        .unwrap();
    db.staff("sv").review_decision(end.id, "").unwrap();
    db.staff("ap").approve_decision(end.id, "").unwrap();
    let case = cw.care_case_get(case.id).unwrap();
    assert_eq!(case.status, CareCaseStatus::Ended);
    assert!(case.actions.is_empty());
}

#[test]
fn not_insured_share_is_ten_tenths_and_a_facility_needs_no_plan() {
    let db = TestDb::new();
    let (hid, _head) = approve_protection_start(&db);
    let mut med = db.staff("med");
    med.care_providers_import(PROVIDERS, false).unwrap();
    let mut cw = db.staff("cw");
    let p = cw
        .add_member(hid, &member("窓口 二郎", "マドグチ ジロウ", "1970-05-05"))
        .unwrap();
    let pid = p.members.iter().find(|m| m.name == "窓口 二郎").unwrap().id;
    cw.care_status_save(&not_insured(pid)).unwrap();
    let case = cw
        .care_case_register(&CareCaseInput {
            person_id: pid,
            applied_on: "2025-06-01".into(),
        })
        .unwrap();
    let home = provider_id(&mut cw, "1371000025");
    let terms = CareTerms {
        lines: vec![CareLine {
            provider_id: home,
            service_kinds: vec!["51".into()],
        }],
        plan_office_id: None,
    };
    let d = cw.draft_care_decision(&start(case.id, terms)).unwrap();
    let line = &cw.care_case_get(case.id).unwrap().decisions[0];
    assert_eq!(line.decision_id, d.id);
    assert_eq!(
        line.share_label.as_deref(),
        Some("介護扶助10割（生保単独）")
    );
    // The same person cannot have a second open case.
    assert!(cw
        .care_case_register(&CareCaseInput {
            person_id: pid,
            applied_on: "2025-06-01".into()
        })
        .is_err());
}

#[test]
fn abolition_of_assistance_ends_care_aid() {
    let db = TestDb::new();
    let (hid, head) = approve_protection_start(&db);
    db.staff("med")
        .care_providers_import(PROVIDERS, false)
        .unwrap();
    let mut cw = db.staff("cw");
    cw.care_status_save(&status_first(head, 0)).unwrap();
    let case = cw
        .care_case_register(&CareCaseInput {
            person_id: head,
            applied_on: "2025-06-01".into(),
        })
        .unwrap();
    let office = provider_id(&mut cw, "1371123454");
    cw.care_plan_record(&CarePlanInput {
        case_id: case.id,
        plan_office_id: office,
        received_on: "2025-06-01".into(),
        note: String::new(),
    })
    .unwrap();
    let terms = home_terms(&mut cw);
    let d = cw.draft_care_decision(&start(case.id, terms)).unwrap();
    db.staff("sv").review_decision(d.id, "").unwrap();
    db.staff("ap").approve_decision(d.id, "").unwrap();

    let abolish = cw
        .draft_decision(&DecisionInput {
            household_id: hid,
            kind: DecisionKind::Abolish,
            effective_date: "2025-08-09".into(),
            reason_text: "転出のため".into(),
            reason_codes: vec![],
            calculate: false,
        })
        .unwrap();
    assert!(cw.care_cases_for_household(hid).unwrap().can_register);
    assert!(
        !db.staff("ro")
            .care_cases_for_household(hid)
            .unwrap()
            .can_register,
        "閲覧のみ takes no application"
    );
    db.staff("sv").review_decision(abolish.id, "").unwrap();
    db.staff("ap").approve_decision(abolish.id, "").unwrap();
    let case = cw.care_case_get(case.id).unwrap();
    assert_eq!(case.status, CareCaseStatus::Ended);
    // A 廃止 household takes no new care-aid application: the screen offers none, the core refuses.
    let after = cw.care_cases_for_household(hid).unwrap();
    assert!(!after.can_register);
    let refused = cw.care_case_register(&CareCaseInput {
        person_id: head,
        applied_on: "2025-06-02".into(),
    });
    assert!(
        format!("{:?}", refused.unwrap_err()).contains("保護中・申請中の世帯のみ"),
        "a 廃止 household's application is refused"
    );
    assert_eq!(after.cases.len(), 1, "nothing written by the refusal");
    assert_eq!(
        case.ended_on_wareki.as_deref(),
        Some(
            madoguchi::domain::era::format_wareki(
                chrono::NaiveDate::from_ymd_opt(2025, 8, 9).unwrap()
            )
            .as_str()
        )
    );
    let mut admin = db.login(ADMIN, ADMIN_PW);
    assert_eq!(
        admin
            .search_audit(&AuditQuery {
                action: Some("care_case_end".into()),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_demo_has_providers_and_insured_and_not_insured_recipients() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    // The demo's history is priced by the national sets shipped (from 2025-10-01): a day after.
    let t = TestClock::new();
    t.advance(chrono::Duration::days(600));
    let clock = t.clock();
    madoguchi::demo::create_demo(&path, &clock).unwrap();
    let mut cw =
        App::login_with_clock(&path, "cw1", madoguchi::demo::DEMO_PASSWORD, clock).unwrap();
    let providers = cw.care_providers_search("", false, 50).unwrap();
    assert_eq!(providers.len(), 7);
    assert_eq!(
        providers
            .iter()
            .filter(|p| p.number_warning.is_some())
            .count(),
        1
    );
    let mut kinds = std::collections::BTreeMap::new();
    let mut active = 0;
    for h in 1..=50 {
        for c in cw.care_cases_for_household(h).unwrap().cases {
            active += usize::from(c.status == CareCaseStatus::Active);
            let status = c.insurance.unwrap();
            *kinds.entry(status.kind_label.clone()).or_insert(0) += 1;
            if status.kind == InsuredKind::NotInsured {
                assert!(status.insured_number.starts_with('H'));
            }
        }
    }
    assert!(active >= 5, "{active}");
    assert!(
        kinds.contains_key("第1号被保険者") && kinds.contains_key("被保険者以外"),
        "{kinds:?}"
    );
    let alerts = cw.care_alerts().unwrap();
    assert!(alerts.iter().any(|a| a.message.contains("ケアプラン")));
    assert!(alerts.iter().any(|a| a.message.contains("有効期間")));
}

/// The 副本's 扶助の種類 of each record of `decision_id` (one per member).
fn fukuhon_aid_kinds(app: &App, decision_id: i64) -> Vec<Vec<String>> {
    outbox_of(
        app,
        madoguchi::exchange::event::Source::new("decision", decision_id),
    )
    .into_iter()
    .map(|(_, v)| {
        let kinds = v
            .pointer("/fukuhon/aid_kinds")
            .or_else(|| v.get("aid_kinds"))
            .unwrap_or_else(|| panic!("no aid_kinds in {v}"));
        serde_json::from_value(kinds.clone()).unwrap()
    })
    .collect()
}

#[test]
fn care_aid_starting_and_ending_changes_the_households_fukuhon() {
    let db = TestDb::new();
    let (_hid, head) = approve_protection_start(&db);
    db.staff("med")
        .care_providers_import(PROVIDERS, false)
        .unwrap();
    let mut cw = db.staff("cw");
    cw.care_status_save(&status_first(head, 0)).unwrap();
    let case = cw
        .care_case_register(&CareCaseInput {
            person_id: head,
            applied_on: "2025-06-01".into(),
        })
        .unwrap();
    let office = provider_id(&mut cw, "1371123454");
    cw.care_plan_record(&CarePlanInput {
        case_id: case.id,
        plan_office_id: office,
        received_on: "2025-06-01".into(),
        note: String::new(),
    })
    .unwrap();
    let terms = home_terms(&mut cw);
    let d = cw
        .draft_care_decision(&start(case.id, terms.clone()))
        .unwrap();
    db.staff("sv").review_decision(d.id, "").unwrap();
    assert!(
        fukuhon_aid_kinds(&cw, d.id).is_empty(),
        "nothing before the approval"
    );
    db.staff("ap").approve_decision(d.id, "").unwrap();
    let started = fukuhon_aid_kinds(&cw, d.id);
    assert!(!started.is_empty(), "one 副本 record per member");
    for kinds in &started {
        assert!(kinds.contains(&"care".to_string()), "{kinds:?}");
        assert!(kinds.contains(&"living".to_string()), "{kinds:?}");
    }

    // A 変更 keeps care aid in force: the 扶助の種類 do not change, nothing is recorded.
    let change = cw
        .draft_care_decision(&CareDecisionInput {
            kind: DecisionKind::Change,
            effective_date: "2025-07-01".into(),
            ..start(case.id, terms)
        })
        .unwrap();
    db.staff("sv").review_decision(change.id, "").unwrap();
    db.staff("ap").approve_decision(change.id, "").unwrap();
    assert!(fukuhon_aid_kinds(&cw, change.id).is_empty());

    // 廃止 of care aid: 介護扶助 leaves the 扶助の種類.
    let t = home_terms(&mut cw);
    let end = cw
        .draft_care_decision(&CareDecisionInput {
            kind: DecisionKind::Abolish,
            effective_date: "2025-09-01".into(),
            reason_text: "施設入所のため".into(),
            terms: None,
            ..start(case.id, t)
        })
        .unwrap();
    db.staff("sv").review_decision(end.id, "").unwrap();
    db.staff("ap").approve_decision(end.id, "").unwrap();
    let ended = fukuhon_aid_kinds(&cw, end.id);
    assert_eq!(ended.len(), started.len());
    for kinds in &ended {
        assert!(!kinds.contains(&"care".to_string()), "{kinds:?}");
        assert!(kinds.contains(&"living".to_string()), "{kinds:?}");
    }
}
