//! Synthetic medical aid: fictional designated institutions of 見本市 (valid check digits, the
//! 0480-00 phone range) and standing medical-aid cases, so a monthly run on the demo database
//! (or a benchmark database) has something to issue. The cases are written as their approved
//! state directly (with the demo's staff as drafter, reviewer and approver), not through the
//! workflow: this is seed data, like `demo::load`.

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use crate::domain::checkdigit::mod10_check_digit;
use crate::domain::decision::{DecisionKind, DecisionState};
use crate::domain::medical_aid::case::{CaseStatus, OtherLawAnswer, OtherScheme, ReviewResult};
use crate::domain::medical_aid::institution::{InstitutionKind, ValidInstitution};
use crate::domain::medical_aid::voucher::{
    MedicalTerms, SingleOrCombined, TermLine, TreatmentType,
};
use crate::store::decisions::{self as sd, DraftContent};
use crate::store::medical_aid as sm;
use crate::store::{StoreError, Tx};

/// (name, kana, kind, district) of the demo's institutions.
const INSTITUTIONS: &[(&str, &str, InstitutionKind)] = &[
    (
        "見本市立見本病院",
        "ミホンシリツミホンビョウイン",
        InstitutionKind::Medical,
    ),
    (
        "見本内科クリニック",
        "ミホンナイカクリニック",
        InstitutionKind::Medical,
    ),
    (
        "試行整形外科医院",
        "シコウセイケイゲカイイン",
        InstitutionKind::Medical,
    ),
    (
        "架空こどもクリニック",
        "カクウコドモクリニック",
        InstitutionKind::Medical,
    ),
    ("例示歯科医院", "レイジシカイイン", InstitutionKind::Dental),
    (
        "模擬デンタルクリニック",
        "モギデンタルクリニック",
        InstitutionKind::Dental,
    ),
    (
        "見本薬局 駅前店",
        "ミホンヤッキョク エキマエテン",
        InstitutionKind::Pharmacy,
    ),
    (
        "試行調剤薬局",
        "シコウチョウザイヤッキョク",
        InstitutionKind::Pharmacy,
    ),
    (
        "見本訪問看護ステーション",
        "ミホンホウモンカンゴステーション",
        InstitutionKind::VisitingNursing,
    ),
];

/// A 10-digit 医療機関コード of 見本市: prefecture 11, the kind's 点数表 digit, district 01, a
/// serial, and the modulus-10 check.
pub fn institution_code(kind: InstitutionKind, serial: u32) -> String {
    let body = format!("11{}01{:04}", kind.score_table_digit(), serial % 10_000);
    let check = mod10_check_digit(&body).expect("digits");
    format!("{body}{check}")
}

/// The demo institutions (ids in the order of [`INSTITUTIONS`]).
pub fn load_institutions(tx: &mut Tx<'_>) -> Result<Vec<i64>, StoreError> {
    let now = tx.now().to_string();
    let now = now.as_str();
    {
        let mut ids = vec![];
        for (i, (name, kana, kind)) in INSTITUTIONS.iter().enumerate() {
            let v = ValidInstitution {
                code: institution_code(*kind, 100 + i as u32),
                name: (*name).into(),
                kana: (*kana).into(),
                kind: *kind,
                postal_code: Some("347-0000".into()),
                address: format!("見本県見本市見本町{}-{}", i + 2, i + 1),
                phone: Some(format!("0480-00-{:04}", 1001 + i)),
                valid_from: NaiveDate::from_ymd_opt(2000, 4, 1).expect("date"),
                valid_to: None,
            };
            ids.push(sm::upsert_institution(tx.conn(), &v, now)?);
        }
        tx.audit(
            crate::audit::actions::INSTITUTION_IMPORT,
            Some("institution"),
            None,
            json!({ "synthetic_institutions": ids.len() }),
        )?;
        Ok(ids)
    }
}

/// Who the seed data names as drafter, reviewer and approver.
pub struct Staff<'a> {
    pub drafter: &'a str,
    pub reviewer: &'a str,
    pub approver: &'a str,
}

fn terms(i: usize, inst: &[i64]) -> MedicalTerms {
    let line = |id: i64, t: TreatmentType, disease: &str, prescriber: Option<i64>| TermLine {
        institution_id: id,
        treatment_type: t,
        diseases: vec![disease.into()],
        prescriber_id: prescriber,
    };
    let lines = match i % 5 {
        0 => vec![
            line(inst[1], TreatmentType::Outpatient, "高血圧症", None),
            line(
                inst[6],
                TreatmentType::Dispensing,
                "高血圧症",
                Some(inst[1]),
            ),
        ],
        1 => vec![line(inst[4], TreatmentType::Dental, "う蝕", None)],
        2 => vec![
            line(inst[2], TreatmentType::Outpatient, "腰部脊柱管狭窄症", None),
            line(
                inst[7],
                TreatmentType::Dispensing,
                "腰部脊柱管狭窄症",
                Some(inst[2]),
            ),
        ],
        3 => vec![line(inst[0], TreatmentType::Inpatient, "肺炎", None)],
        _ => vec![
            line(inst[3], TreatmentType::Outpatient, "気管支喘息", None),
            line(inst[8], TreatmentType::VisitingNursing, "気管支喘息", None),
        ],
    };
    MedicalTerms {
        lines,
        single_or_combined: SingleOrCombined::Single,
        social_insurance: false,
        infectious_37_2: false,
        elderly_medical_care: false,
        prefectural_expense: false,
        remarks: vec![],
    }
}

/// One standing medical-aid case (approved 開始, accepted opinion, 他法 answered) for the head of
/// each household in `households` (which must be 保護中), started on the first of the month
/// before `today` (or the household's start, if later). Every seventh case's opinion ends
/// within 30 days of `today`, so the home screen has warnings. Returns the number of cases.
pub fn load_cases(
    tx: &mut Tx<'_>,
    staff: &Staff<'_>,
    today: NaiveDate,
    households: &[i64],
    institutions: &[i64],
) -> Result<usize, StoreError> {
    let now = tx.now().to_string();
    let now = now.as_str();
    let month_start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("date");
    let last_month = month_start
        .pred_opt()
        .expect("date")
        .with_day(1)
        .expect("date");
    {
        let conn = tx.conn();
        for (i, h) in households.iter().enumerate() {
            let head: i64 = conn.query_row(
                "SELECT id FROM persons WHERE household_id = ?1 AND removed_at IS NULL ORDER BY is_head DESC, id LIMIT 1",
                [h],
                |r| r.get(0),
            )?;
            let active_from: NaiveDate = conn
                .query_row(
                    "SELECT max(effective_date) FROM household_status_history WHERE household_id = ?1 AND status = 'active'",
                    [h],
                    |r| r.get::<_, Option<String>>(0),
                )?
                .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
                .unwrap_or(last_month);
            let start = last_month.max(active_from);
            let t = terms(i, institutions);
            let case = sm::insert_case(
                conn,
                &sm::NewCase {
                    household_id: *h,
                    person_id: head,
                    applied_on: start,
                    institution_id: Some(t.lines[0].institution_id),
                    illness: &t.lines[0].diseases[0],
                },
                staff.drafter,
                now,
            )?;
            sm::put_other_law_check(
                conn,
                case,
                OtherScheme::HealthInsurance,
                start,
                OtherLawAnswer::NotApplicable,
                Some(start),
                "見本",
                staff.drafter,
                now,
            )?;
            let opinion = sm::insert_opinion(
                conn,
                case,
                t.lines[0].institution_id,
                start,
                staff.drafter,
                now,
            )?;
            sm::mark_opinion_returned(
                conn,
                opinion,
                start,
                &json!({ "diseases": t.lines[0].diseases, "treatment": t.lines[0].treatment_type.label(), "needed": true,
                         "expected_months": 6, "findings": "見本の所見", "doctor": "見本 医師" })
                .to_string(),
                now,
            )?;
            let valid_to = if i % 7 == 3 {
                today + chrono::Duration::days(20)
            } else {
                start
                    .checked_add_months(chrono::Months::new(6))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(start)
            };
            sm::mark_opinion_reviewed(
                conn,
                opinion,
                start,
                "嘱託 医師（見本）",
                ReviewResult::Needed,
                "要",
                Some((start, valid_to)),
                now,
            )?;
            let terms_json = serde_json::to_string(&t).unwrap_or_default();
            let id = sd::insert_decision(
                conn,
                *h,
                &DraftContent {
                    kind: DecisionKind::Start,
                    effective_date: start,
                    reason_text: "医療要否意見書により医療の必要が認められたため（見本）",
                    reason_codes: "[]",
                    amounts: "[]",
                    minimum_total_yen: None,
                    income_recognised_yen: None,
                    benefit_yen: 0,
                    cash_benefit_yen: 0,
                    rate_set_id: None,
                    rate_version: None,
                    rate_sha256: None,
                    snapshot: None,
                    application_id: None,
                    medical_case_id: Some(case),
                    terms: Some(&terms_json),
                },
                None,
                staff.drafter,
                now,
            )?;
            sd::transition(
                conn,
                id,
                DecisionState::Draft,
                DecisionState::Reviewed,
                staff.reviewer,
                now,
            )?;
            sd::transition(
                conn,
                id,
                DecisionState::Reviewed,
                DecisionState::Approved,
                staff.approver,
                now,
            )?;
            sm::set_case_status(conn, case, CaseStatus::Active, None, now)?;
        }
        tx.audit(
            crate::audit::actions::MEDICAL_CASE_REGISTER,
            None,
            None,
            json!({ "synthetic_medical_cases": households.len() }),
        )?;
        Ok(households.len())
    }
}

/// A case just applied for, with its opinion form out for an answer (for the demo's screens).
pub fn load_applied_case(
    tx: &mut Tx<'_>,
    staff: &Staff<'_>,
    today: NaiveDate,
    household: i64,
    institution: i64,
) -> Result<i64, StoreError> {
    let now = tx.now().to_string();
    let conn = tx.conn();
    let head: i64 = conn.query_row(
        "SELECT id FROM persons WHERE household_id = ?1 AND removed_at IS NULL ORDER BY is_head DESC, id LIMIT 1",
        [household],
        |r| r.get(0),
    )?;
    let case = sm::insert_case(
        conn,
        &sm::NewCase {
            household_id: household,
            person_id: head,
            applied_on: today,
            institution_id: Some(institution),
            illness: "膝の痛み",
        },
        staff.drafter,
        &now,
    )?;
    sm::insert_opinion(conn, case, institution, today, staff.drafter, &now)?;
    Ok(case)
}
