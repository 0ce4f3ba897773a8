//! 医療扶助の決定 (開始・変更・廃止・却下 of one person's medical-aid case) drafted into the same
//! workflow as every decision: the same table, the same 起案 → 審査 → 決裁 with separation of
//! duties and 差戻し (`workflow.rs`), the same reasons and snapshot. What differs:
//!
//! - the decision names its case and carries its terms (`domain::medical_aid::voucher::MedicalTerms`:
//!   the institutions, 診療別, 傷病名, 単独・併用, 社会保険 …);
//! - a 開始・変更 computes the household (`calc`, rate set in force on the effective date) to
//!   record the 本人支払額 (`CalcResult::own_payment_medical_yen`) with its snapshot; it pays no
//!   cash, so its amounts are empty;
//! - a 開始 needs every 他法 inquiry answered and a 医療要否意見書 the 嘱託医 found 「要」, valid on
//!   the effective date;
//! - one open medical decision per case (a protection decision of the household does not block it,
//!   nor it one);
//! - approval changes the case, not the household (`service::medical_aid::hooks`).

use super::*;
use crate::domain::medical_aid::case::{CaseStatus, OpinionState, OtherLawAnswer, ReviewResult};
use crate::domain::medical_aid::voucher::{medical_kind_allowed, MedicalTerms};
use crate::store::medical_aid as sm;

/// A medical-aid decision as the drafter submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MedicalDecisionInput {
    #[ts(type = "number")]
    pub case_id: i64,
    /// 開始・変更・廃止・却下 (停止 is refused: assistance itself is suspended).
    pub kind: DecisionKind,
    pub effective_date: String,
    #[serde(default)]
    pub reason_text: String,
    #[serde(default)]
    pub reason_codes: Vec<String>,
    /// Required for 開始・変更; ignored otherwise.
    #[serde(default)]
    pub terms: Option<MedicalTerms>,
}

fn check_no_open_case_decision(conn: &Connection, case_id: i64, except: Option<i64>) -> Result<()> {
    super::workflow::refuse_open(
        conn,
        crate::store::decisions::decisions_for_case(conn, case_id)?,
        except,
        "この医療扶助のケース",
    )
}

/// The rules a medical decision must meet now (at drafting and again at approval).
pub(super) fn check_medical(
    conn: &Connection,
    case_id: i64,
    kind: DecisionKind,
    date: NaiveDate,
) -> Result<()> {
    let case = sm::case(conn, case_id)?;
    let h = hh::require(conn, case.household_id)?;
    medical_kind_allowed(kind, case.status, h.status).map_err(ServiceError::DecisionState)?;
    if kind == DecisionKind::Start {
        if sm::other_law_checks(conn, case_id)?
            .iter()
            .any(|o| o.answer == OtherLawAnswer::Pending)
        {
            return Err(ServiceError::DecisionState(
                "他法の照会に回答がないものがあります。回答を記録してから起案してください".into(),
            ));
        }
        let ok = sm::opinions_for_case(conn, case_id)?.iter().any(|o| {
            o.state == OpinionState::Reviewed
                && o.result == Some(ReviewResult::Needed)
                && o.valid_from.is_some_and(|f| f <= date)
                && o.valid_to.is_some_and(|t| date <= t)
        });
        if !ok {
            return Err(ServiceError::DecisionState(format!(
                "{}に有効な、嘱託医が「要」と判定した医療要否意見書がありません",
                format_wareki(date)
            )));
        }
    }
    if case.status == CaseStatus::Active && date < case.applied_on {
        return Err(ValidationError::new("effective_date", "適用日が申請日より前です").into());
    }
    Ok(())
}

impl App {
    fn medical_content(
        &mut self,
        input: &MedicalDecisionInput,
    ) -> Result<(Content, Option<String>, i64)> {
        let date = parse_day("effective_date", "適用日", &input.effective_date)?;
        self.check_reasons(input.kind, &input.reason_text, &input.reason_codes)?;
        let conn = self.store.conn();
        let case = sm::case(conn, input.case_id)?;
        check_medical(conn, case.id, input.kind, date)?;
        let (computed, terms) = if matches!(input.kind, DecisionKind::Start | DecisionKind::Change)
        {
            let terms = input.terms.as_ref().ok_or_else(|| {
                ValidationError::new("terms", "医療機関・診療別・傷病名を入力してください")
            })?;
            let facts = crate::service::medical_aid::institution_facts_of(conn)?;
            let applies = sm::other_law_checks(conn, case.id)?
                .iter()
                .any(|o| o.answer == OtherLawAnswer::Applies);
            let terms = terms.validate(|id| facts.get(&id).cloned(), applies)?;
            for l in &terms.lines {
                let i = &facts[&l.institution_id];
                if !i.designation().contains(date) {
                    return Err(ValidationError::new(
                        "terms",
                        format!(
                            "{}は{}に指定医療機関ではありません",
                            i.name,
                            format_wareki(date)
                        ),
                    )
                    .into());
                }
            }
            let c = household_calculation(conn, &mut self.rate_cache, case.household_id, date)?;
            (
                Some(c),
                Some(serde_json::to_string(&terms).unwrap_or_default()),
            )
        } else {
            (None, None)
        };
        let mut content = Content::new(
            input.kind,
            date,
            &input.reason_text,
            &input.reason_codes,
            computed.as_ref(),
        )?;
        // In kind: the decision pays no cash; the calculation is kept for the 本人支払額.
        content.amounts = "[]".into();
        content.benefit_yen = 0;
        content.cash_benefit_yen = 0;
        Ok((content, terms, case.household_id))
    }

    /// 起案 of a medical-aid decision (`DraftDecision`, audited). Review and approval are the
    /// ordinary `review_decision` / `approve_decision`.
    pub fn draft_medical_decision(&mut self, input: &MedicalDecisionInput) -> Result<DecisionView> {
        self.require(Permission::DraftDecision)?;
        let (content, terms, hid) = self.medical_content(input)?;
        let case_id = input.case_id;
        let id = self.write(|tx| {
            check_no_open_case_decision(tx.conn(), case_id, None)?;
            let mut draft = content.as_draft(None);
            draft.medical_case_id = Some(case_id);
            draft.terms = terms.as_deref();
            let id = sd::insert_decision(tx.conn(), hid, &draft, None, tx.actor(), tx.now())?;
            tx.audit(
                actions::DECISION_DRAFT,
                Some("household"),
                Some(&hid.to_string()),
                json!({ "decision_id": id, "medical_case_id": case_id, "kind": input.kind.code(),
                        "effective_date": content.effective_date.to_string(), "terms": terms,
                        "rate_version": content.rate.as_ref().map(|r| r.1.clone()) }),
            )?;
            Ok(id)
        })?;
        self.decision(id)
    }

    /// Correct a returned (or not yet reviewed) medical-aid decision (`DraftDecision`, audited).
    pub fn redraft_medical_decision(
        &mut self,
        decision_id: i64,
        input: &MedicalDecisionInput,
        comment: &str,
    ) -> Result<DecisionView> {
        self.require(Permission::DraftDecision)?;
        let d = sd::decision(self.store.conn(), decision_id)?;
        if d.medical_case_id != Some(input.case_id) {
            return Err(ValidationError::new("case_id", "別のケースの決定は修正できません").into());
        }
        self.check_step(crate::domain::workflow::DecisionAction::Redraft, &d)?;
        let (content, terms, _) = self.medical_content(input)?;
        let comment = comment.trim().to_string();
        self.write(|tx| {
            check_no_open_case_decision(tx.conn(), input.case_id, Some(decision_id))?;
            let mut draft = content.as_draft(None);
            draft.medical_case_id = Some(input.case_id);
            draft.terms = terms.as_deref();
            sd::redraft(tx.conn(), decision_id, &draft, tx.actor(), tx.now())?;
            if !comment.is_empty() {
                sd::add_comment(tx.conn(), decision_id, "draft", "redraft", tx.actor(), tx.now(), &comment)?;
            }
            tx.audit(
                actions::DECISION_REDRAFT,
                Some("household"),
                Some(&d.household_id.to_string()),
                json!({ "decision_id": decision_id, "medical_case_id": input.case_id, "kind": input.kind.code(),
                        "terms": { "old": d.terms, "new": terms } }),
            )?;
            Ok(())
        })?;
        self.decision(decision_id)
    }
}
