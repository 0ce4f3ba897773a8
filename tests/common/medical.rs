//! 医療扶助 for the integration tests: the three institutions, a household in assistance whose
//! head has a medical-aid case ready to start ([`world`]), and its 開始 on the 17th ([`started`]).

use madoguchi::domain::decision::DecisionKind;
use madoguchi::domain::medical_aid::case::{CaseAction, OtherLawAnswer, OtherScheme, ReviewResult};
use madoguchi::domain::medical_aid::voucher::{
    MedicalTerms, SingleOrCombined, TermLine, TreatmentType,
};
use madoguchi::service::decisions::MedicalDecisionInput;
use madoguchi::service::medical_aid::cases::{
    MedicalCaseInput, OpinionReturnInput, OpinionReviewInput, OtherLawInput,
};
use madoguchi::service::views::OpinionContent;
use madoguchi::service::App;

use super::{drafted_start, TestDb};

pub const CSV: &str = "code,name,kana,kind,postal_code,address,phone,valid_from\n\
0110113719,見本内科医院,ミホンナイカイイン,医科,347-0001,見本市見本町2-1,0480-00-1111,2000-04-01\n\
0140113713,見本薬局,ミホンヤッキョク,調剤,347-0001,見本市見本町2-2,0480-00-2222,2000-04-01\n\
0130113715,見本歯科,ミホンシカ,歯科,347-0001,見本市見本町2-3,0480-00-3333,2000-04-01\n";

pub struct World {
    pub db: TestDb,
    pub household: i64,
    pub person: i64,
    pub clinic: i64,
    pub pharmacy: i64,
    pub case_id: i64,
}

pub fn ids(app: &mut App) -> (i64, i64, i64) {
    let all = app.institutions_search("", None, 100).unwrap();
    let id = |code: &str| all.iter().find(|i| i.code == code).unwrap().id;
    (id("0110113719"), id("0140113713"), id("0130113715"))
}

pub fn terms(clinic: i64, pharmacy: i64) -> MedicalTerms {
    MedicalTerms {
        lines: vec![
            TermLine {
                institution_id: clinic,
                treatment_type: TreatmentType::Outpatient,
                diseases: vec!["高血圧症".into(), "糖尿病".into()],
                prescriber_id: None,
            },
            TermLine {
                institution_id: pharmacy,
                treatment_type: TreatmentType::Dispensing,
                diseases: vec!["高血圧症".into()],
                prescriber_id: Some(clinic),
            },
        ],
        single_or_combined: SingleOrCombined::Single,
        social_insurance: false,
        infectious_37_2: false,
        elderly_medical_care: false,
        prefectural_expense: false,
        remarks: vec!["見本の備考".into()],
    }
}

/// A household in assistance from 2025-06-01 (today 2025-06-02), the three institutions, and a
/// medical-aid case for its head with 他法 answered and an opinion the 嘱託医 accepted for six
/// months from 2025-06-01.
pub fn world() -> World {
    let db = TestDb::new();
    let (household, person, start) = drafted_start(&db);
    db.staff("sv").review_decision(start, "").unwrap();
    db.staff("ap").approve_decision(start, "").unwrap();
    let mut med = db.staff("med");
    let r = med.institutions_import(CSV, false).unwrap();
    assert!(r.applied && r.new == 3, "{r:?}");
    let (clinic, pharmacy, _) = ids(&mut med);
    let case = med
        .medical_case_register(&MedicalCaseInput {
            household_id: household,
            person_id: person,
            applied_on: "2025-06-02".into(),
            institution_id: Some(clinic),
            illness: "高血圧症".into(),
        })
        .unwrap();
    assert!(case.actions.contains(&CaseAction::SendOpinion));
    assert!(!case.start_blockers.is_empty());
    med.other_law_check_save(&OtherLawInput {
        case_id: case.id,
        scheme: OtherScheme::HealthInsurance,
        asked_on: "2025-06-02".into(),
        answer: OtherLawAnswer::NotApplicable,
        answered_on: Some("2025-06-02".into()),
        note: "国保の資格なし".into(),
    })
    .unwrap();
    let o = med.opinion_form_send(case.id, clinic).unwrap();
    assert!(o.print_job_id.is_some());
    med.opinion_form_return(&OpinionReturnInput {
        opinion_id: o.id,
        returned_on: "2025-06-02".into(),
        content: OpinionContent {
            diseases: vec!["高血圧症".into()],
            treatment: "入院外".into(),
            needed: true,
            expected_months: Some(6),
            estimated_cost_yen: Some(12_000),
            findings: "月2回の通院が必要".into(),
            doctor: "見本 医師".into(),
        },
    })
    .unwrap();
    let o = med
        .opinion_form_review(&OpinionReviewInput {
            opinion_id: o.id,
            reviewed_on: "2025-06-02".into(),
            reviewer: "嘱託 医師".into(),
            result: ReviewResult::Needed,
            comment: "要".into(),
            valid_from: Some("2025-06-01".into()),
            valid_months: Some(6),
        })
        .unwrap();
    assert_eq!(o.valid_to.as_deref(), Some("2025-11-30"));
    World {
        db,
        household,
        person,
        clinic,
        pharmacy,
        case_id: case.id,
    }
}

pub fn approve(db: &TestDb, id: i64) {
    db.staff("sv").review_decision(id, "").unwrap();
    db.staff("ap").approve_decision(id, "").unwrap();
}

/// 開始 on the 17th through the ordinary workflow; the decision's id.
pub fn started(w: &World) -> i64 {
    let mut cw = w.db.staff("cw");
    let case = cw.medical_case_get(w.case_id).unwrap();
    assert!(case.start_blockers.is_empty(), "{:?}", case.start_blockers);
    assert!(case.actions.contains(&CaseAction::DraftStart));
    let d = cw
        .draft_medical_decision(&MedicalDecisionInput {
            case_id: w.case_id,
            kind: DecisionKind::Start,
            effective_date: "2025-06-17".into(),
            reason_text: "医療要否意見書により医療の必要が認められたため".into(),
            reason_codes: vec![],
            terms: Some(terms(w.clinic, w.pharmacy)),
        })
        .unwrap();
    assert_eq!(d.subject_label, "医療扶助");
    assert_eq!(d.medical_case_id, Some(w.case_id));
    assert_eq!(d.benefit_yen, 0, "a medical decision pays no cash");
    assert!(
        d.rate_version.is_some(),
        "the calculation is kept with its rate set"
    );
    // Separation of duties is the workflow's: the drafter cannot review it.
    assert!(w.db.staff("cw").review_decision(d.id, "").is_err());
    approve(&w.db, d.id);
    let case = w.db.staff("cw").medical_case_get(w.case_id).unwrap();
    assert_eq!(case.status_label, "医療扶助中");
    assert_eq!(case.current_terms.as_ref().unwrap().lines.len(), 2);
    d.id
}
