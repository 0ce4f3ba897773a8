//! The monthly 介護券 run on the generic voucher machinery: per person × provider × month, the
//! 受給者番号 (one for the person's month, the 医療券's or its own as the office chooses), clipping, idempotent re-run, void and 再交付, the 介護券交付処理簿 and the
//! printed forms (text of the PDF; no 12-digit number on paper).

mod common;

use std::collections::HashSet;

use common::medical::{started, world};
use common::*;
use madoguchi::domain::care_aid::case::{CareLine, CareTerms};
use madoguchi::domain::care_aid::insurance::{CareLevel, InsuredKind};
use madoguchi::domain::decision::DecisionKind;
use madoguchi::domain::voucher::CareRecipientNumber;
use madoguchi::service::care_aid::{CareCaseInput, CarePlanInput, CareStatusInput};
use madoguchi::service::decisions::{CareDecisionInput, DecisionInput};
use madoguchi::service::App;

const PROVIDERS: &str = "事業所番号,事業所名,サービス種類,指定年月日
1371123454,見本ケアプランセンター,43,2020-04-01
1371000017,見本ヘルパーステーション,11,2020-04-01
1371000025,見本デイサービス,15,2020-04-01
";

fn pid(app: &mut App, n: &str) -> i64 {
    app.care_providers_search(n, false, 5).unwrap()[0].id
}

/// A 保護中 household whose head (第1号) has care aid from `from` with two providers; a second
/// member outside the insurance gets none. Returns (household, head).
fn care_started(db: &TestDb, from: &str) -> (i64, i64) {
    let (hid, head, did) = drafted_start(db);
    db.staff("sv").review_decision(did, "").unwrap();
    db.staff("ap").approve_decision(did, "").unwrap();
    care_for(db, head, from);
    (hid, head)
}

/// Care aid from `from` with two providers for `head` (第1号), a member of a 保護中 household.
fn care_for(db: &TestDb, head: i64, from: &str) {
    db.staff("med")
        .care_providers_import(PROVIDERS, false)
        .unwrap();
    let mut cw = db.staff("cw");
    cw.care_status_save(&CareStatusInput {
        person_id: head,
        valid_from: "2025-04-01".into(),
        kind: InsuredKind::First,
        insured_number: "0000123456".into(),
        insurer_number: "112102".into(),
        previous_h_number: String::new(),
        previous_h_municipality: String::new(),
        co_pay_tenths: 1,
        premium_yen: 0,
        care_level: Some(CareLevel::Care3),
        certified_from: "2025-04-01".into(),
        certified_to: "2026-03-31".into(),
    })
    .unwrap();
    let case = cw
        .care_case_register(&CareCaseInput {
            person_id: head,
            applied_on: "2025-06-01".into(),
        })
        .unwrap();
    let office = pid(&mut cw, "1371123454");
    cw.care_plan_record(&CarePlanInput {
        case_id: case.id,
        plan_office_id: office,
        received_on: "2025-06-01".into(),
        note: String::new(),
    })
    .unwrap();
    let terms = CareTerms {
        lines: vec![
            CareLine {
                provider_id: pid(&mut cw, "1371000017"),
                service_kinds: vec!["11".into()],
            },
            CareLine {
                provider_id: pid(&mut cw, "1371000025"),
                service_kinds: vec!["15".into()],
            },
        ],
        plan_office_id: Some(office),
    };
    let d = cw
        .draft_care_decision(&CareDecisionInput {
            case_id: case.id,
            kind: DecisionKind::Start,
            effective_date: from.into(),
            reason_text: "介護サービスの利用が必要なため".into(),
            reason_codes: vec![],
            terms: Some(terms),
        })
        .unwrap();
    db.staff("sv").review_decision(d.id, "").unwrap();
    db.staff("ap").approve_decision(d.id, "").unwrap();
}

/// `care_started` from the 1st, and the June run: the two 介護券 of the whole month. Returns the
/// household and the run.
fn june_issued(db: &TestDb) -> (i64, madoguchi::service::vouchers::RunResult) {
    let (hid, _) = care_started(db, "2025-06-01");
    let june = db
        .staff("med")
        .vouchers_run("care", "2025-06", &mut |_, _| {})
        .unwrap();
    assert_eq!(june.issued.len(), 2);
    assert!(june.issued.iter().all(|v| v.valid_to == "2025-06-30"));
    (hid, june)
}

#[test]
fn the_month_run_issues_one_voucher_per_provider_with_one_recipient_number() {
    let db = TestDb::new();
    let (_hid, head) = care_started(&db, "2025-06-17");
    let mut med = db.staff("med");
    let r = med.vouchers_run("care", "2025-06", &mut |_, _| {}).unwrap();
    assert_eq!(r.issued.len(), 2, "{:?}", r.issued);
    let v = &r.issued[0];
    assert_eq!(v.person_id, head);
    assert_eq!(v.kind, "care");
    assert_eq!(v.insured_number.as_deref(), Some("0000123456"));
    assert_eq!(v.insurer_number.as_deref(), Some("112102"));
    assert!(r.issued.iter().any(|v| v.provider_code == "1371000017"));
    assert!(v.issue_number.starts_with("K202506-"));
    // One 受給者番号 for all of the person's 介護券 of the month, with its check digit.
    assert_eq!(r.issued[0].recipient_number, r.issued[1].recipient_number);
    madoguchi::domain::checkdigit::validate_recipient_number(&v.recipient_number).unwrap();
    // 有効期間 clipped to the start.
    assert!(r
        .issued
        .iter()
        .all(|v| v.valid_from == "2025-06-17" && v.valid_to == "2025-06-30"));

    // Idempotent: the same month again issues nothing.
    let again = med.vouchers_run("care", "2025-06", &mut |_, _| {}).unwrap();
    assert!(again.issued.is_empty());
    assert_eq!(again.already_issued, 2);

    // The next month: the whole month, a new 受給者番号 (never fixed per person).
    let july = med.vouchers_run("care", "2025-07", &mut |_, _| {}).unwrap();
    assert_eq!(july.issued.len(), 2);
    assert!(july
        .issued
        .iter()
        .all(|v| v.valid_from == "2025-07-01" && v.valid_to == "2025-07-31"));
    assert_ne!(july.issued[0].recipient_number, v.recipient_number);

    // Void and 再交付 keep history: the ledger shows both, a run does not bring the void back.
    med.voucher_void(r.issued[0].voucher_id, "記載誤りのため")
        .unwrap();
    let re = med
        .voucher_reissue(r.issued[1].voucher_id, "紛失のため")
        .unwrap();
    assert_ne!(re.id, r.issued[1].voucher_id);
    let after = med.vouchers_run("care", "2025-06", &mut |_, _| {}).unwrap();
    assert!(after.issued.is_empty(), "a run never undoes a void");
    let ledger = med.voucher_ledger("care", "2025-06").unwrap();
    assert_eq!(ledger.title, "介護券交付処理簿");
    assert_eq!((ledger.issued, ledger.reissued, ledger.voided), (2, 1, 2));

    // The forms: vouchers sorted by provider, the ledger; the text holds the care fields and no
    // 12-digit number.
    let dir = tempfile::tempdir().unwrap();
    for (job, name) in [
        (
            med.print_vouchers("care", "2025-07", None).unwrap(),
            "vouchers.pdf",
        ),
        (
            med.print_voucher_ledger("care", "2025-06").unwrap(),
            "ledger.pdf",
        ),
    ] {
        let out = dir.path().join(name);
        med.print_job_save_to(job.id, &out).unwrap();
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.len() < 400_000, "font subset: {} bytes", bytes.len());
        if let Some(t) = pdf_file_text(&out) {
            let flat: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            let digits_runs: Vec<&str> = flat
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| s.len() == 12)
                .collect();
            assert!(
                digits_runs.is_empty(),
                "{name}: 12-digit run {digits_runs:?}"
            );
            if name == "vouchers.pdf" {
                for w in [
                    "介護券",
                    "被保険者番号",
                    "0000123456",
                    "保険者番号",
                    "112102",
                    "要介護3",
                    "見本ヘルパーステーション",
                    "1371000017",
                    "訪問介護",
                    "居宅介護支援事業者",
                    "見本ケアプランセンター",
                    "併用",
                ] {
                    assert!(flat.contains(w), "{w} not in {flat}");
                }
                let a = flat.find("1371000017").unwrap();
                let b = flat.find("1371000025").unwrap();
                assert!(a < b, "sorted by provider");
            } else {
                assert!(flat.contains("介護券交付処理簿"), "{flat}");
            }
        }
    }
}

#[test]
fn abolition_inside_the_month_clips_and_a_household_decision_does_not_issue() {
    let db = TestDb::new();
    let (hid, _) = care_started(&db, "2025-06-01");
    let mut med = db.staff("med");
    let mut cw = db.staff("cw");
    let abolish = cw
        .draft_decision(&DecisionInput {
            household_id: hid,
            kind: DecisionKind::Abolish,
            effective_date: "2025-07-09".into(),
            reason_text: "転出のため".into(),
            reason_codes: vec![],
            calculate: false,
        })
        .unwrap();
    db.staff("sv").review_decision(abolish.id, "").unwrap();
    db.staff("ap").approve_decision(abolish.id, "").unwrap();
    let july = med.vouchers_run("care", "2025-07", &mut |_, _| {}).unwrap();
    assert_eq!(july.issued.len(), 2);
    assert!(
        july.issued.iter().all(|v| v.valid_to == "2025-07-08"),
        "{:?}",
        july.issued
    );
    assert!(med
        .vouchers_run("care", "2025-08", &mut |_, _| {})
        .unwrap()
        .issued
        .is_empty());
}

#[test]
fn a_care_decision_is_notified_as_a_change_of_protection_with_the_care_facts() {
    let db = TestDb::new();
    let (hid, _head) = care_started(&db, "2025-06-01");
    let mut cw = db.staff("cw");
    let case = cw.care_cases_for_household(hid).unwrap().cases.remove(0);
    let start = case.decisions[0].decision_id;
    let printed = cw
        .print_decision_notice(start, &Default::default())
        .unwrap();
    assert_eq!(printed.title, "保護変更決定通知書");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("notice.pdf");
    std::fs::write(&out, &printed.pages_pdf).unwrap();
    if let Some(t) = pdf_file_text(&out) {
        let flat: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        for w in [
            "保護変更決定通知書",
            "介護扶助を開始します",
            "介護扶助（現物給付）",
            "第1号被保険者",
            "介護保険9割・介護扶助1割（併用）",
            "要介護3",
            "見本ヘルパーステーション（11訪問介護）",
            "見本デイサービス（15通所介護）",
            "見本ケアプランセンター",
            "介護サービスの利用が必要なため",
        ] {
            assert!(flat.contains(w), "notice lacks {w}:\n{t}");
        }
        // the household's cash amounts are not this decision's
        assert!(!flat.contains("生活扶助"), "{t}");
        let runs: Vec<&str> = flat
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| s.len() >= 12)
            .collect();
        assert!(runs.is_empty(), "no 12-digit number on paper: {runs:?}");
    }
}

#[test]
fn a_care_aid_end_inside_the_month_clips_the_issued_care_vouchers() {
    let db = TestDb::new();
    let (hid, _) = june_issued(&db);
    let mut med = db.staff("med");
    let mut cw = db.staff("cw");
    let case = cw.care_cases_for_household(hid).unwrap().cases.remove(0);
    let end = cw
        .draft_care_decision(&CareDecisionInput {
            case_id: case.id,
            kind: DecisionKind::Abolish,
            effective_date: "2025-06-16".into(),
            reason_text: "施設入所のため".into(),
            reason_codes: vec![],
            terms: None,
        })
        .unwrap();
    db.staff("sv").review_decision(end.id, "").unwrap();
    db.staff("ap").approve_decision(end.id, "").unwrap();
    let after = med.vouchers_for_month("care", "2025-06").unwrap();
    let issued: Vec<_> = after.iter().filter(|v| v.state_label != "取消").collect();
    assert_eq!(issued.len(), 2);
    for v in &issued {
        assert!(
            v.valid_label.contains("6.15") || v.valid_label.contains("6月15日"),
            "{}",
            v.valid_label
        );
    }
    let ledger = med.voucher_ledger("care", "2025-06").unwrap();
    assert_eq!(ledger.changed, 2, "two 期間変更 lines");
}

/// The household's 副本 records of `decision_id` (one per member): all still pending, with the
/// change and status they carry and whether 介護扶助 is among their 扶助の種類.
fn fukuhon_of(app: &App, decision_id: i64) -> Vec<(String, String, bool)> {
    outbox_of(
        app,
        madoguchi::exchange::event::Source::new("decision", decision_id),
    )
    .into_iter()
    .map(|(r, v)| {
        assert_eq!(r.channel, madoguchi::exchange::Channel::Fukuhon);
        assert_eq!(
            r.state,
            madoguchi::exchange::OutboxState::Pending,
            "pending for the queue"
        );
        let f = v.get("fukuhon").unwrap_or(&v);
        let kinds = f["aid_kinds"].as_array().unwrap();
        (
            f["change"].as_str().unwrap().to_string(),
            f["status"].as_str().unwrap().to_string(),
            kinds.iter().any(|k| k == "care"),
        )
    })
    .collect()
}

/// A 停止 (and a 廃止) of assistance inside a month whose 介護券 are issued: the 介護券 keep their
/// 交付番号 with the 有効期間 clipped to the day before (a 期間変更 line in the ledger naming the
/// decision), the 副本 records of the change wait in the exchange queue, and no 介護券 is due
/// while it lasts. A 停止 keeps the care case (a 変更 that lifts it brings the 介護券 back from
/// its date); a 廃止 ends it.
#[test]
fn a_suspension_or_abolition_inside_the_month_clips_the_issued_care_vouchers() {
    for kind in [DecisionKind::Suspend, DecisionKind::Abolish] {
        let db = TestDb::new();
        let (hid, june) = june_issued(&db);
        let mut med = db.staff("med");
        let mut cw = db.staff("cw");
        let decide = |kind: DecisionKind, date: &str| {
            let d = db
                .staff("cw")
                .draft_decision(&DecisionInput {
                    household_id: hid,
                    kind,
                    effective_date: date.into(),
                    reason_text: "収入が一時的に増えたため".into(),
                    reason_codes: vec![],
                    calculate: false,
                })
                .unwrap();
            db.staff("sv").review_decision(d.id, "").unwrap();
            db.staff("ap").approve_decision(d.id, "").unwrap();
            d.id
        };
        let ended = decide(kind, "2025-06-16");

        let after = med.vouchers_for_month("care", "2025-06").unwrap();
        assert_eq!(after.len(), 2, "{kind:?}: clipped, not reissued");
        for v in &after {
            assert_eq!(
                v.state,
                madoguchi::domain::voucher::VoucherState::Issued,
                "{kind:?}"
            );
            assert_eq!(v.valid_to, "2025-06-15", "{kind:?}");
            assert!(june.issued.iter().any(|i| i.issue_number == v.issue_number));
        }
        let ledger = med.voucher_ledger("care", "2025-06").unwrap();
        assert_eq!(ledger.changed, 2, "{kind:?}: two 期間変更 lines");
        let changes = med.decision_voucher_changes(ended).unwrap();
        assert_eq!(changes.len(), 2, "{kind:?}: the two providers to tell");

        // The change waits in the exchange queue: one 副本 record per member, 介護扶助 gone.
        let (change, status) = match kind {
            DecisionKind::Suspend => ("suspend", "suspended"),
            _ => ("abolish", "closed"),
        };
        let records = fukuhon_of(&cw, ended);
        assert!(!records.is_empty(), "{kind:?}: no 副本 record");
        for r in &records {
            assert_eq!(
                r,
                &(change.to_string(), status.to_string(), false),
                "{kind:?}"
            );
        }

        // No 介護券 while it lasts.
        let july = med.vouchers_run("care", "2025-07", &mut |_, _| {}).unwrap();
        assert!(july.issued.is_empty(), "{kind:?}: {:?}", july.issued);
        let case = cw.care_cases_for_household(hid).unwrap().cases.remove(0);
        if kind == DecisionKind::Suspend {
            assert_eq!(
                case.status_label, "介護扶助中",
                "a 停止 does not end the case"
            );
            // 停止の解除 (a 変更): the 介護券 are due again from its date.
            let lifted = decide(DecisionKind::Change, "2025-08-05");
            let records = fukuhon_of(&cw, lifted);
            assert!(
                records.iter().all(|r| r.1 == "active" && r.2),
                "{records:?}"
            );
            let august = med.vouchers_run("care", "2025-08", &mut |_, _| {}).unwrap();
            assert_eq!(august.issued.len(), 2);
            assert!(august
                .issued
                .iter()
                .all(|v| v.valid_from == "2025-08-05" && v.valid_to == "2025-08-31"));
        } else {
            assert_eq!(case.status_label, "終了", "a 廃止 ends care aid");
            assert!(med
                .vouchers_run("care", "2025-08", &mut |_, _| {})
                .unwrap()
                .issued
                .is_empty());
        }
    }
}

fn choose(db: &TestDb, choice: CareRecipientNumber) {
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = admin.get_office().unwrap();
    office.care_recipient_number = choice;
    assert_eq!(
        admin.save_office(&office).unwrap().care_recipient_number,
        choice
    );
}

/// The 受給者番号 of the person's vouchers of a scheme's June (every state).
fn june_numbers(app: &mut App, kind: &str, person: i64) -> HashSet<String> {
    app.vouchers_for_month(kind, "2025-06")
        .unwrap()
        .into_iter()
        .filter(|v| v.person_id == person)
        .map(|v| v.recipient_number)
        .collect()
}

/// One person with 医療券・調剤券 (from the 17th) and 介護券 (from the 1st) in June, the office's
/// choice set first, the two runs in the order given. Returns the numbers of the 医療券・調剤券 and
/// of the 介護券; each kind carries one number for the person's month.
fn numbers_with_both(choice: CareRecipientNumber, care_first: bool) -> (String, String) {
    let w = world();
    started(&w);
    care_for(&w.db, w.person, "2025-06-01");
    choose(&w.db, choice);
    let mut med = w.db.staff("med");
    let order = if care_first {
        ["care", "medical"]
    } else {
        ["medical", "care"]
    };
    for kind in order {
        let r = med.vouchers_run(kind, "2025-06", &mut |_, _| {}).unwrap();
        assert_eq!(r.issued.len(), 2, "{kind}: {:?}", r.issued);
    }
    let [medical, care] = ["medical", "care"].map(|kind| {
        let n = june_numbers(&mut med, kind, w.person);
        assert_eq!(n.len(), 1, "{kind}: one number for the month: {n:?}");
        let n = n.into_iter().next().unwrap();
        madoguchi::domain::checkdigit::validate_recipient_number(&n).unwrap();
        n
    });
    (medical, care)
}

#[test]
fn the_care_vouchers_share_the_months_medical_number_when_the_office_chooses_so() {
    // The default is to share (what offices had before the choice existed).
    let db = TestDb::new();
    drafted_start(&db);
    let mut admin = db.login(ADMIN, ADMIN_PW);
    assert_eq!(
        admin.get_office().unwrap().care_recipient_number,
        CareRecipientNumber::Shared
    );
    for care_first in [false, true] {
        let (medical, care) = numbers_with_both(CareRecipientNumber::Shared, care_first);
        assert_eq!(medical, care, "care first: {care_first}");
    }
}

#[test]
fn the_care_vouchers_take_a_number_of_their_own_when_the_office_chooses_so() {
    for care_first in [false, true] {
        let (medical, care) = numbers_with_both(CareRecipientNumber::Separate, care_first);
        assert_ne!(medical, care, "care first: {care_first}");
    }
}

/// The choice changed in the middle of a month: the person's later 介護券 of that month (a 再交付)
/// keep the number the month's first 介護券 carry (介護券記載要領 一(三)); the next month follows
/// the new choice. The change is in the audit log, old → new.
#[test]
fn a_changed_choice_keeps_the_number_of_the_months_care_vouchers() {
    let db = TestDb::new();
    let (_, head) = care_started(&db, "2025-06-01");
    let mut med = db.staff("med");
    let june = med.vouchers_run("care", "2025-06", &mut |_, _| {}).unwrap();
    let shared = june.issued[0].recipient_number.clone();
    choose(&db, CareRecipientNumber::Separate);
    let re = med
        .voucher_reissue(june.issued[0].voucher_id, "紛失のため")
        .unwrap();
    assert_eq!(re.recipient_number, shared);
    assert_eq!(june_numbers(&mut med, "care", head).len(), 1);
    let log = db
        .login(ADMIN, ADMIN_PW)
        .search_audit(&madoguchi::service::views::AuditQuery {
            action: Some("office_update".into()),
            ..Default::default()
        })
        .unwrap();
    let change = log
        .iter()
        .find(|e| e.detail.get("care_recipient_number").is_some())
        .expect("the change is audited");
    assert_eq!(change.detail["care_recipient_number"]["old"], "shared");
    assert_eq!(change.detail["care_recipient_number"]["new"], "separate");
}
