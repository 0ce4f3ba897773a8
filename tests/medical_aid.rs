//! 医療扶助 end to end through the use cases, on temporary encrypted databases: institutions and
//! their import, the case with 他法 and the 医療要否意見書 cycle, the medical decision through
//! the ordinary workflow, the monthly run (clipping, idempotence, 受給者番号 per month), void and
//! 再交付 in the ledger, and what an approved 廃止 does to vouchers already issued.

mod common;

use std::collections::HashSet;

use chrono::Duration;
use common::medical::*;
use common::*;
use madoguchi::domain::checkdigit::validate_recipient_number;
use madoguchi::domain::decision::DecisionKind;
use madoguchi::domain::household::MemberInput;
use madoguchi::domain::medical_aid::case::{OtherLawAnswer, OtherScheme};
use madoguchi::domain::medical_aid::voucher::{TermLine, TreatmentType};
use madoguchi::domain::voucher::{Disposition, LedgerEvent, VoucherAction, VoucherState};
use madoguchi::service::decisions::{DecisionInput, MedicalDecisionInput};
use madoguchi::service::medical_aid::cases::{MedicalCaseInput, OneOffInput, OtherLawInput};
use madoguchi::service::App;

/// The 廃止 of assistance (自立) on `date`, approved through the ordinary workflow; its id.
fn abolished(w: &World, date: &str) -> i64 {
    let d =
        w.db.staff("cw")
            .draft_decision(&DecisionInput {
                household_id: w.household,
                kind: DecisionKind::Abolish,
                effective_date: date.into(),
                reason_text: "就労収入により自立したため".into(),
                reason_codes: vec!["self_sufficient".into()],
                calculate: false,
            })
            .unwrap();
    approve(&w.db, d.id);
    d.id
}

/// `pdftotext -layout` of PDF bytes with white space removed.
fn pdf_words(pdf: &[u8]) -> String {
    squeeze(pdf_bytes_text(pdf).expect("pdftotext (poppler-utils) is installed by make test"))
}

/// The approved 開始 of medical aid is notified to the household: the notice says medical aid
/// starts, for whom, at which institutions, with the 教示 — not a 保護開始決定通知書 without
/// amounts (which the form refused).
#[test]
fn an_approved_medical_aid_start_prints_its_notice() {
    let w = world();
    let id = started(&w);
    let printed =
        w.db.staff("cw")
            .print_decision_notice(id, &Default::default())
            .unwrap();
    assert_eq!(printed.title, "保護変更決定通知書");
    assert!(!printed.draft);
    let text = pdf_words(&printed.pages_pdf);
    for want in [
        "保護変更決定通知書",
        "医療扶助を開始します",
        "令和7年6月17日",
        "医療扶助（現物給付）",
        "見本内科医院",
        "見本薬局",
        "審査請求",
    ] {
        assert!(
            text.contains(want),
            "{want} missing from the notice:\n{text}"
        );
    }
    assert!(!text.contains("保護開始決定通知書"), "{text}");
}

#[test]
fn application_to_vouchers_start_on_the_17th_and_a_rerun_issues_nothing_new() {
    let w = world();
    started(&w);
    let mut med = w.db.staff("med");
    let june = med
        .vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    assert_eq!(june.issued.len(), 2);
    for v in &june.issued {
        assert_eq!(
            (v.valid_from.as_str(), v.valid_to.as_str()),
            ("2025-06-17", "2025-06-30")
        );
        assert_eq!(v.person_id, w.person);
        assert_eq!(v.public_payer_number, "12270013");
        assert_eq!(
            validate_recipient_number(&v.recipient_number).as_deref(),
            Ok(v.recipient_number.as_str())
        );
    }
    let kinds: HashSet<&str> = june.issued.iter().map(|v| v.kind.as_str()).collect();
    assert_eq!(kinds, HashSet::from(["medical", "dispensing"]));
    assert_eq!(
        june.issued[0].recipient_number, june.issued[1].recipient_number,
        "one number per person and month"
    );
    assert_ne!(june.issued[0].issue_number, june.issued[1].issue_number);

    let again = med
        .vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    assert!(again.issued.is_empty());
    assert_eq!(again.already_issued, 2);
    assert_eq!(
        med.vouchers_for_month("medical", "2025-06").unwrap().len(),
        2
    );

    w.db.clock.advance(Duration::days(30));
    let july = med
        .vouchers_run("medical", "2025-07", &mut |_, _| {})
        .unwrap();
    assert_eq!(july.issued.len(), 2);
    assert!(july
        .issued
        .iter()
        .all(|v| v.valid_from == "2025-07-01" && v.valid_to == "2025-07-31"));
    assert_ne!(
        july.issued[0].recipient_number, june.issued[0].recipient_number,
        "the 受給者番号 is per voucher month, never fixed per person"
    );
}

#[test]
fn abolition_on_the_9th_clips_issued_vouchers_and_names_the_institutions() {
    let w = world();
    started(&w);
    w.db.clock.advance(Duration::days(30)); // 2025-07-02
    let mut med = w.db.staff("med");
    med.vouchers_run("medical", "2025-07", &mut |_, _| {})
        .unwrap();
    let abolition = abolished(&w, "2025-07-09");
    let july = med.vouchers_for_month("medical", "2025-07").unwrap();
    assert_eq!(july.len(), 2);
    for v in &july {
        assert_eq!(
            v.state,
            VoucherState::Issued,
            "clipped, not voided: the first days stay"
        );
        assert_eq!(
            (v.valid_from.as_str(), v.valid_to.as_str()),
            ("2025-07-01", "2025-07-08")
        );
        assert!(v.events.iter().any(|e| e.event == LedgerEvent::Changed));
    }
    let tell = med.decision_voucher_changes(abolition).unwrap();
    let names: HashSet<&str> = tell.iter().map(|c| c.provider_name.as_str()).collect();
    assert_eq!(names, HashSet::from(["見本内科医院", "見本薬局"]));
    assert!(
        tell.iter()
            .all(|c| c.provider_phone.is_some() && c.detail.contains("R7.7.8")),
        "{tell:?}"
    );
    // The case ended with the assistance; August has nothing due.
    let case = w.db.staff("cw").medical_case_get(w.case_id).unwrap();
    assert_eq!(case.status_label, "終了");
    let aug = med
        .vouchers_run("medical", "2025-08", &mut |_, _| {})
        .unwrap();
    assert!(aug.issued.is_empty());
    let ledger = med.voucher_ledger("medical", "2025-07").unwrap();
    assert_eq!((ledger.issued, ledger.changed), (2, 2));
}

#[test]
fn void_and_reissue_stay_in_the_ledger_and_a_rerun_does_not_undo_a_void() {
    let w = world();
    started(&w);
    let mut med = w.db.staff("med");
    med.vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    let vs = med.vouchers_for_month("medical", "2025-06").unwrap();
    let clinic = vs
        .iter()
        .find(|v| v.ticket_type == "medical")
        .unwrap()
        .clone();
    let pharmacy = vs
        .iter()
        .find(|v| v.ticket_type == "dispensing")
        .unwrap()
        .clone();
    assert_eq!(
        clinic.actions,
        vec![VoucherAction::Void, VoucherAction::Reissue]
    );

    assert!(
        med.voucher_void(pharmacy.id, "  ").is_err(),
        "a void needs a reason"
    );
    let voided = med.voucher_void(pharmacy.id, "薬局を変更するため").unwrap();
    assert_eq!(voided.state, VoucherState::Voided);
    assert!(med.voucher_void(pharmacy.id, "二重").is_err());

    let new = med.voucher_reissue(clinic.id, "紛失の申出").unwrap();
    assert_eq!(new.reissue_of, Some(clinic.id));
    assert_eq!(new.state_label, "再交付");
    assert_eq!(new.recipient_number, clinic.recipient_number);
    assert_ne!(new.issue_number, clinic.issue_number);
    let old = med.voucher_get(clinic.id).unwrap();
    assert_eq!(old.state, VoucherState::Voided);
    assert_eq!(old.replaced_by, Some(new.id));
    assert!(old.actions.is_empty());
    assert!(med.voucher_reissue(clinic.id, "もう一度").is_err());

    let rerun = med
        .vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    assert!(
        rerun.issued.is_empty(),
        "a voided voucher is not issued again by a run"
    );
    assert_eq!((rerun.already_issued, rerun.voided), (1, 1));

    let ledger = med.voucher_ledger("medical", "2025-06").unwrap();
    let events: Vec<&str> = ledger
        .lines
        .iter()
        .map(|l| l.event_label.as_str())
        .collect();
    assert_eq!(events, vec!["交付", "交付", "取消", "取消", "再交付"]);
    assert!(ledger
        .lines
        .iter()
        .any(|l| l.reason.as_deref() == Some("薬局を変更するため")));

    // Read-only staff see the month but are offered no action.
    let ro =
        w.db.staff("ro")
            .vouchers_for_month("medical", "2025-06")
            .unwrap();
    assert!(ro.iter().all(|v| v.actions.is_empty()));
    assert!(w.db.staff("ro").voucher_void(new.id, "x").is_err());
}

#[test]
fn review_exclusions_and_one_offs() {
    let w = world();
    started(&w);
    let mut med = w.db.staff("med");
    let (_, _, dentist) = ids(&mut med);
    // A consultation at the dentist asked for on the 20th.
    let mut one = terms(w.clinic, w.pharmacy);
    one.lines = vec![TermLine {
        institution_id: dentist,
        treatment_type: TreatmentType::Dental,
        diseases: vec!["う蝕".into()],
        prescriber_id: None,
    }];
    let req = OneOffInput {
        case_id: w.case_id,
        month: "2025-06".into(),
        valid_from: "2025-06-20".into(),
        terms: one.clone(),
        reason: "歯痛のため受診の申出".into(),
    };
    med.medical_voucher_request(&req).unwrap();
    let plan = madoguchi::service::vouchers::plan(
        med.store().conn(),
        madoguchi::service::vouchers::scheme("medical").unwrap(),
        madoguchi::domain::voucher::VoucherMonth::parse("2025-06").unwrap(),
        &mut Default::default(),
    )
    .unwrap();
    assert_eq!(plan.rows.len(), 3);
    let pharmacy_key = plan
        .rows
        .iter()
        .find(|r| r.due.ticket_type == "dispensing")
        .unwrap()
        .due
        .key
        .clone();
    med.voucher_exclude("medical", "2025-06", &pharmacy_key, "今月は処方なし")
        .unwrap();
    let run = med
        .vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    assert_eq!(run.issued.len(), 2);
    assert_eq!(run.excluded, 1);
    let dental = run
        .issued
        .iter()
        .find(|v| v.institution_code == "0130113715")
        .unwrap();
    assert_eq!(
        (dental.valid_from.as_str(), dental.valid_to.as_str()),
        ("2025-06-20", "2025-06-30")
    );
    // Put back: the next run issues it.
    med.voucher_include("medical", "2025-06", &pharmacy_key)
        .unwrap();
    let run = med
        .vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    assert_eq!(run.issued.len(), 1);
    assert_eq!(run.issued[0].kind, "dispensing");
    // A one-off for what a decision already covers is refused.
    let mut dup = req.clone();
    dup.terms.lines[0] = terms(w.clinic, w.pharmacy).lines[0].clone();
    assert!(med.medical_voucher_request(&dup).is_err());
    // Before the household's assistance began: refused.
    let mut early = req;
    early.month = "2025-05".into();
    early.valid_from = "2025-05-20".into();
    assert!(med.medical_voucher_request(&early).is_err());
}

#[test]
fn a_share_from_the_calculation_must_be_fixed_before_the_month_is_issued() {
    let w = world();
    // Income above the non-medical minimum, expected medical cost 20,000: a share appears.
    let mut cw = w.db.staff("cw");
    let mut s = cw.get_situation(w.household).unwrap().input.unwrap();
    s.medical_cost_yen = 20_000;
    s.incomes = vec![madoguchi::domain::decision::IncomeInput {
        person_id: Some(w.person),
        kind: madoguchi::calc::IncomeKind::Pension,
        label: "年金".into(),
        gross_yen: 300_000,
        expenses_yen: 0,
    }];
    cw.save_situation(w.household, &s).unwrap();
    started(&w);
    let mut med = w.db.staff("med");
    let june = med
        .vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    assert_eq!(
        june.issued.len(),
        2,
        "June's share was fixed by the approved decision"
    );
    let shares: Vec<i64> = june.issued.iter().map(|v| v.share_yen).collect();
    assert!(
        shares.contains(&0) && shares.iter().any(|s| *s > 0),
        "the whole share on one voucher: {shares:?}"
    );
    assert_eq!(
        june.issued
            .iter()
            .find(|v| v.kind == "medical")
            .unwrap()
            .share_yen,
        shares.iter().sum::<i64>()
    );

    w.db.clock.advance(Duration::days(30));
    let july = med
        .vouchers_run("medical", "2025-07", &mut |_, _| {})
        .unwrap();
    assert!(july.issued.is_empty());
    assert_eq!(july.held, 2, "July's share is not fixed yet");
    assert!(
        med.voucher_share_fix("medical", w.household, "2025-07")
            .is_err(),
        "the clerk cannot fix it"
    );
    let yen = cw
        .voucher_share_fix("medical", w.household, "2025-07")
        .unwrap();
    assert!(yen > 0);
    let july = med
        .vouchers_run("medical", "2025-07", &mut |_, _| {})
        .unwrap();
    assert_eq!(july.issued.len(), 2);
    assert_eq!(july.issued.iter().map(|v| v.share_yen).sum::<i64>(), yen);
}

#[test]
fn a_start_needs_the_opinion_and_other_law_answers() {
    let db = TestDb::new();
    let (household, person, start) = drafted_start(&db);
    approve(&db, start);
    let mut med = db.staff("med");
    med.institutions_import(CSV, false).unwrap();
    let (clinic, pharmacy, _) = ids(&mut med);
    let case = med
        .medical_case_register(&MedicalCaseInput {
            household_id: household,
            person_id: person,
            applied_on: "2025-06-02".into(),
            institution_id: None,
            illness: "腰痛".into(),
        })
        .unwrap();
    // A second open case for the same person is refused.
    assert!(med
        .medical_case_register(&MedicalCaseInput {
            household_id: household,
            person_id: person,
            applied_on: "2025-06-02".into(),
            institution_id: None,
            illness: "腰痛".into(),
        })
        .is_err());
    let input = MedicalDecisionInput {
        case_id: case.id,
        kind: DecisionKind::Start,
        effective_date: "2025-06-02".into(),
        reason_text: "医療の必要".into(),
        reason_codes: vec![],
        terms: Some(terms(clinic, pharmacy)),
    };
    let e = db.staff("cw").draft_medical_decision(&input).unwrap_err();
    assert!(e.to_string().contains("医療要否意見書"), "{e}");
    assert!(
        db.staff("med").draft_medical_decision(&input).is_err(),
        "the clerk does not draft decisions"
    );
    med.other_law_check_save(&OtherLawInput {
        case_id: case.id,
        scheme: OtherScheme::IndependenceSupport,
        asked_on: "2025-06-02".into(),
        answer: OtherLawAnswer::Pending,
        answered_on: None,
        note: String::new(),
    })
    .unwrap();
    let e = db.staff("cw").draft_medical_decision(&input).unwrap_err();
    assert!(e.to_string().contains("他法"), "{e}");
    // A 却下 needs neither.
    let mut reject = input.clone();
    reject.kind = DecisionKind::Reject;
    reject.terms = None;
    let r = db.staff("cw").draft_medical_decision(&reject).unwrap();
    assert!(
        db.staff("cw").draft_medical_decision(&reject).is_err(),
        "one open decision per case"
    );
    approve(&db, r.id);
    assert_eq!(
        db.staff("cw")
            .medical_case_get(case.id)
            .unwrap()
            .status_label,
        "却下"
    );
}

#[test]
fn institution_import_dry_run_lists_lines_and_changes_nothing() {
    let db = TestDb::new();
    let mut med = db.staff("med");
    let bad = format!("{CSV}0110113718,誤り医院,ゴ,医科,,見本町,,2000-04-01\n");
    let r = med.institutions_import(&bad, true).unwrap();
    assert_eq!((r.new, r.invalid, r.applied), (3, 1, false));
    let line = r.lines.iter().find(|l| l.line == 5).unwrap();
    assert!(line.message.contains("検査数字"), "{line:?}");
    let r = med.institutions_import(&bad, false).unwrap();
    assert!(!r.applied, "nothing is written while a line is invalid");
    assert!(med.institutions_search("", None, 10).unwrap().is_empty());
    med.institutions_import(CSV, false).unwrap();
    let changed = CSV.replace("0480-00-2222", "0480-00-9999");
    let r = med.institutions_import(&changed, true).unwrap();
    assert_eq!((r.new, r.changed, r.unchanged), (0, 1, 2));
    assert!(r.lines.iter().any(|l| l.message.contains("電話番号")));
    assert_eq!(
        med.institutions_search("ヤッキョク", None, 10)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        med.institutions_search("やっきょく", None, 10).unwrap()[0].code,
        "0140113713"
    );
    assert_eq!(
        med.institutions_search("011011", None, 10).unwrap().len(),
        1
    );
    assert!(db.staff("ro").institutions_import(CSV, true).is_err());
}

#[test]
fn proposal_view_offers_only_allowed_actions() {
    let w = world();
    started(&w);
    let runner = madoguchi::service::jobs::JobRunner::new();
    let mut med = w.db.staff("med");
    let job = med
        .voucher_propose_job(&runner, "medical", "2025-06")
        .unwrap();
    let done = wait(&runner, "med", job.id);
    let view: madoguchi::service::views::VoucherProposalView =
        serde_json::from_value(done.result.unwrap()).unwrap();
    assert_eq!(view.counts.to_issue, 2);
    assert!(view.can_issue);
    assert!(view
        .rows
        .iter()
        .all(|r| r.disposition == Disposition::Issue && r.clipped));
    let job = med
        .voucher_issue_job(&runner, "medical", "2025-06")
        .unwrap();
    let done = wait(&runner, "med", job.id);
    assert_eq!((done.done, done.total), (2, 2));
    let job = med
        .voucher_propose_job(&runner, "medical", "2025-06")
        .unwrap();
    let view: madoguchi::service::views::VoucherProposalView =
        serde_json::from_value(wait(&runner, "med", job.id).result.unwrap()).unwrap();
    assert!(!view.can_issue);
    assert!(view
        .rows
        .iter()
        .all(|r| r.disposition == Disposition::AlreadyIssued && r.actions.is_empty()));
    // Staff without IssueVoucher cannot start the run.
    assert!(w
        .db
        .staff("cw")
        .voucher_propose_job(&runner, "medical", "2025-06")
        .is_err());
}

fn wait(
    runner: &madoguchi::service::jobs::JobRunner,
    user: &str,
    id: u64,
) -> madoguchi::service::jobs::JobView {
    for _ in 0..2000 {
        let v = runner.status(user, id).unwrap();
        if v.state.is_finished() {
            assert!(v.error.is_none(), "{:?}", v.error);
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("job did not finish");
}

/// Point 6: every start and end of eligibility and every voucher issued, changed or voided waits
/// in issue 13's outbox (the one queue, written in the same transaction); a person under DV
/// protection is marked non-disclosed there.
#[test]
fn online_eligibility_records_wait_in_the_exchange_outbox() {
    use madoguchi::exchange::record::{Record, TicketType};
    use madoguchi::exchange::{Channel, OutboxState};
    let w = world();
    let mut cw = w.db.staff("cw");
    let dv = MemberInput {
        dv_protected: true,
        ..member("窓口 通知", "マドグチ ツウチ", "1960-04-01")
    };
    cw.update_member(w.person, &dv).unwrap();
    let medical = |app: &mut App| -> Vec<(i64, String)> {
        let mut v: Vec<(i64, String)> = app
            .exchange_for_household(w.household)
            .unwrap()
            .into_iter()
            .filter(|r| r.channel == Channel::Medical)
            .inspect(|r| assert_eq!(r.state, OutboxState::Pending))
            .map(|r| (r.id, r.kind))
            .collect();
        v.sort();
        v
    };
    assert!(medical(&mut cw).is_empty());

    started(&w);
    let kinds = |v: &[(i64, String)]| v.iter().map(|(_, k)| k.clone()).collect::<Vec<_>>();
    assert_eq!(kinds(&medical(&mut cw)), ["eligibility_start"]);

    let mut med = w.db.staff("med");
    let june = med
        .vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    let after_run = medical(&mut cw);
    assert_eq!(
        kinds(&after_run),
        ["eligibility_start", "voucher_issued", "voucher_issued"]
    );
    for (id, kind) in &after_run {
        let rec = madoguchi::exchange::outbox::current(cw.store().conn(), *id).unwrap();
        match (kind.as_str(), rec) {
            ("eligibility_start", Record::EligibilityStart(e)) => {
                assert!(e.person.non_disclosure && e.person.address.is_none());
                assert_eq!(e.recipient_number, june.issued[0].recipient_number);
                assert_eq!(e.qualification_date.to_string(), "2025-06-17");
            }
            ("voucher_issued", Record::VoucherIssued(r)) => {
                assert!(r.non_disclosure, "DV: non-disclosed");
                assert_eq!(r.public_payer_number, "12270013");
                let v = &r.voucher;
                let issued = june
                    .issued
                    .iter()
                    .find(|i| i.issue_number == v.issue_number)
                    .unwrap();
                assert_eq!(v.recipient_number, issued.recipient_number);
                assert_eq!(v.treatment_month, "2025-06");
                assert_eq!(v.valid_from.to_string(), "2025-06-17");
                assert!(!v.district_worker_name.is_empty() && !v.handling_clerk_name.is_empty());
                match v.ticket_type {
                    TicketType::Dispensing => {
                        assert_eq!(v.institution.code, "0140113713");
                        assert_eq!(v.prescriber.as_ref().unwrap().code, "0110113719");
                        assert_eq!(v.diseases, ["高血圧症"]);
                    }
                    TicketType::Medical => {
                        assert_eq!(v.institution.code, "0110113719");
                        assert!(v.prescriber.is_none());
                        assert_eq!(v.diseases, ["高血圧症", "糖尿病"]);
                    }
                }
            }
            (k, r) => panic!("{k}: {r:?}"),
        }
    }

    // A re-run adds nothing; a void adds its record.
    med.vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    assert_eq!(medical(&mut cw).len(), 3);
    let pharmacy = june.issued.iter().find(|v| v.kind == "dispensing").unwrap();
    med.voucher_void(pharmacy.voucher_id, "薬局を変更するため")
        .unwrap();
    let after_void = medical(&mut cw);
    let (void_id, _) = after_void.last().unwrap();
    match madoguchi::exchange::outbox::current(cw.store().conn(), *void_id).unwrap() {
        Record::VoucherVoided(x) => {
            assert_eq!(x.issue_number, pharmacy.issue_number);
            assert_eq!(x.reason, "薬局を変更するため");
        }
        r => panic!("{r:?}"),
    }

    // The 廃止 of assistance on the 9th of July: the July voucher is clipped (changed) and
    // eligibility ends, in the approval's transaction.
    w.db.clock.advance(Duration::days(30));
    med.vouchers_run("medical", "2025-07", &mut |_, _| {})
        .unwrap();
    abolished(&w, "2025-07-09");
    let all = kinds(&medical(&mut cw));
    assert_eq!(
        all[4..],
        [
            "voucher_issued",
            "voucher_issued",
            "voucher_changed",
            "voucher_changed",
            "eligibility_end"
        ]
    );
}

/// 再送 of a voucher's record sends the voucher as it now stands: the servers rejected the issue
/// of the June clinic voucher, the voucher was then clipped by an approved 廃止, and the record
/// requeued carries the clipped 有効期間 (a new revision), not the period it was first sent with.
#[test]
fn requeued_voucher_record_carries_the_corrected_voucher() {
    use madoguchi::exchange::layout::Outcome;
    use madoguchi::exchange::record::{Record, TicketType};
    use madoguchi::exchange::{Channel, OutboxState};
    let w = world();
    started(&w);
    let mut med = w.db.staff("med");
    let june = med
        .vouchers_run("medical", "2025-06", &mut |_, _| {})
        .unwrap();
    let clinic = june.issued.iter().find(|v| v.kind == "medical").unwrap();
    let before = med.voucher_get(clinic.voucher_id).unwrap();

    // Exported; the servers reject every voucher line.
    w.db.login(ADMIN, ADMIN_PW)
        .exchange_register_medium(MEDIUM, "試験用USBメモリ")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut sv = w.db.staff("sv");
    let e = sv
        .exchange_export(Channel::Medical, MEDIUM, dir.path(), &mut |_| true)
        .unwrap();
    let data = dir.path().join(&e.files[0]);
    let lines = madoguchi::exchange::layout::default_layout()
        .read_batch(&std::fs::read(&data).unwrap())
        .unwrap()
        .lines;
    let issue_line = |id: i64| lines.iter().find(|l| l.event_id == id).map(|l| l.no);
    let records = sv.exchange_for_household(w.household).unwrap();
    let clinic_record = records
        .iter()
        .find(|r| {
            r.kind == "voucher_issued"
                && matches!(
                    madoguchi::exchange::outbox::current(sv.store().conn(), r.id).unwrap(),
                    Record::VoucherIssued(x) if x.voucher.ticket_type == TicketType::Medical
                )
        })
        .unwrap()
        .id;
    let rejected = issue_line(clinic_record).unwrap();
    let (name, bytes) = results_with(&data, |no| {
        if no == rejected {
            Outcome::Error {
                code: "E3001".into(),
                field: None,
                message: "有効期間が資格期間と合いません".into(),
            }
        } else {
            Outcome::Accepted {
                receipt_number: None,
                my_number_check: None,
            }
        }
    });
    std::fs::write(dir.path().join(name), bytes).unwrap();
    sv.exchange_import(dir.path()).unwrap();
    let state = |app: &mut App| {
        app.exchange_for_household(w.household)
            .unwrap()
            .into_iter()
            .find(|r| r.id == clinic_record)
            .unwrap()
    };
    assert_eq!(state(&mut sv).state, OutboxState::Error);

    // The correction: assistance ends on the 25th, the voucher is clipped to the 24th.
    abolished(&w, "2025-06-25");
    let after = med.voucher_get(clinic.voucher_id).unwrap();
    assert_ne!(
        after.valid_to, before.valid_to,
        "the 廃止 clipped the voucher"
    );

    let requeued = sv
        .exchange_requeue(clinic_record, Some("廃止後の有効期間で再送"))
        .unwrap();
    assert_eq!(requeued.state, OutboxState::Requeued);
    assert_eq!(
        requeued.revision, 2,
        "the corrected voucher is a new revision"
    );
    match madoguchi::exchange::outbox::current(sv.store().conn(), clinic_record).unwrap() {
        Record::VoucherIssued(x) => {
            assert_eq!(x.voucher.issue_number, clinic.issue_number);
            assert_eq!(x.voucher.valid_from.to_string(), after.valid_from);
            assert_eq!(x.voucher.valid_to.to_string(), after.valid_to);
        }
        r => panic!("{r:?}"),
    }
    // Requeued once, it is waiting: a second requeue is refused and changes nothing.
    assert!(sv.exchange_requeue(clinic_record, None).is_err());
    assert_eq!(state(&mut sv).revision, 2);
}

#[test]
fn an_institutions_postal_code_is_read_by_the_core_and_a_bad_one_changes_nothing() {
    let db = TestDb::new();
    let mut med = db.staff("med");
    med.institutions_import(CSV, false).unwrap();
    let before = med.institutions_search("0140113713", None, 1).unwrap()[0].clone();
    let input = |postal: &str| madoguchi::domain::medical_aid::institution::InstitutionInput {
        code: before.code.clone(),
        name: before.name.clone(),
        kana: before.kana.clone(),
        kind: before.kind,
        postal_code: Some(postal.into()),
        address: before.address.clone(),
        phone: before.phone.clone(),
        valid_from: before.valid_from.clone(),
        valid_to: None,
    };
    match med.institution_save(&input("34700")).unwrap_err() {
        madoguchi::service::ServiceError::Validation(v) => {
            assert_eq!(v.field, "postal_code");
            assert!(v.message.contains("郵便番号は7桁"), "{}", v.message);
        }
        other => panic!("{other:?}"),
    }
    let unchanged = med.institutions_search("0140113713", None, 1).unwrap()[0].clone();
    assert_eq!(unchanged.postal_code.as_deref(), Some("347-0001"));
    let saved = med.institution_save(&input("〒３４７－０００２")).unwrap();
    assert_eq!(saved.postal_code.as_deref(), Some("347-0002"));
    // the import reads the column with the same rule
    let csv = CSV.replace("調剤,347-0001", "調剤,3470002");
    let r = med.institutions_import(&csv, true).unwrap();
    assert_eq!((r.changed, r.unchanged), (0, 3), "{r:?}");
    let bad = CSV.replace("調剤,347-0001", "調剤,347-00");
    let r = med.institutions_import(&bad, true).unwrap();
    assert!(
        r.lines.iter().any(|l| l.message.contains("郵便番号は7桁")),
        "{r:?}"
    );
}
