//! 介護扶助の決定 (開始・変更・廃止・却下 of one person's care-aid case) drafted into the same
//! workflow as every decision: the same table, the same 起案 → 審査 → 決裁 with separation of
//! duties and 差戻し (`workflow.rs`, `domain::workflow`), the same reasons and snapshot. What
//! differs:
//!
//! - the decision is linked to its case (`care_decisions`) with its terms (providers and their
//!   services, the care-plan office), the 介護保険 status it used and the share: the insurance's
//!   part and care aid's (1割 for the insured, 10割 for a person outside the insurance);
//! - a 開始・変更 computes the household (`calc`, the rate set in force on the effective date,
//!   with the 介護保険料加算 the status recorded) and keeps the 本人支払額 of care aid
//!   (`CalcResult::own_payment_care_yen`) with its snapshot; it pays no cash, so its amounts are
//!   empty;
//! - a 開始 needs the 介護保険 status and a 認定 valid on the effective date, and a care plan
//!   received (unless every service is a facility's);
//! - one open care decision per case; it neither blocks nor is blocked by a protection decision
//!   of the household;
//! - approval changes the case (開始 → 介護扶助中, 廃止 → 終了, 却下), never the household.

use super::workflow::Content;
use super::*;
use crate::domain::care_aid::case::{care_kind_allowed, care_kind_label, CareTerms, ProviderFacts};
use crate::domain::care_aid::insurance::share;
use crate::domain::care_aid::provider::designated_on;
use crate::domain::workflow::DecisionAction;
use crate::service::care_aid::cases::blockers_on;
use crate::store::care_aid::{self as sc, CareDecisionRow};
use crate::store::Tx;

/// A care-aid decision as the drafter submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CareDecisionInput {
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
    pub terms: Option<CareTerms>,
}

/// Is `decision_id` a care-aid decision?
pub(super) fn is_care(conn: &Connection, decision_id: i64) -> Result<bool> {
    Ok(sc::care_decision(conn, decision_id)?.is_some())
}

fn check_no_open_case_decision(conn: &Connection, case_id: i64, except: Option<i64>) -> Result<()> {
    for l in sc::care_decisions_for_case(conn, case_id)? {
        let d = sd::decision(conn, l.decision_id)?;
        if d.state.is_open() && Some(d.id) != except {
            return Err(ServiceError::DecisionState(format!(
                "この介護扶助のケースには処理中の決定（ID {}・{}・{}）があります。先にそれを決裁するか修正してください",
                d.id,
                care_kind_label(d.kind),
                d.state.label()
            )));
        }
    }
    Ok(())
}

/// The rules a care decision must meet now (at drafting and again at approval).
fn check_care(
    conn: &Connection,
    case_id: i64,
    kind: DecisionKind,
    date: NaiveDate,
    terms: Option<&CareTerms>,
) -> Result<()> {
    let case = sc::case(conn, case_id)?;
    let h = hh::require(conn, case.household_id)?;
    care_kind_allowed(kind, case.status, h.status).map_err(ServiceError::DecisionState)?;
    if kind == DecisionKind::Start {
        if date < case.applied_on {
            return Err(ValidationError::new("effective_date", "適用日が申請日より前です").into());
        }
        let missing = blockers_on(conn, &case, date, terms)?;
        if !missing.is_empty() {
            return Err(ServiceError::DecisionState(format!(
                "{}の介護扶助開始に必要なものがそろっていません: {}",
                format_wareki(date),
                missing.join("。")
            )));
        }
    }
    if let (DecisionKind::Change | DecisionKind::Abolish, Some(start)) = (kind, case.started_on) {
        if date < start {
            return Err(ValidationError::new(
                "effective_date",
                format!(
                    "適用日が介護扶助の開始日（{}）より前です",
                    format_wareki(start)
                ),
            )
            .into());
        }
    }
    Ok(())
}

fn provider_facts(conn: &Connection, id: i64, date: NaiveDate) -> Option<ProviderFacts> {
    let p = sc::provider(conn, id).ok()?;
    Some(ProviderFacts {
        designated_on_date: designated_on(p.valid_from, p.valid_to, date),
        plan_office: p.plan_office,
        service_kinds: p.service_kinds,
        name: p.name,
    })
}

impl App {
    fn care_content(
        &mut self,
        input: &CareDecisionInput,
    ) -> Result<(Content, CareDecisionRow, i64)> {
        let date = parse_day("effective_date", "適用日", &input.effective_date)?;
        self.check_reasons(input.kind, &input.reason_text, &input.reason_codes)?;
        let conn = self.store.conn();
        let case = sc::case(conn, input.case_id)?;
        let mut link = CareDecisionRow {
            decision_id: 0,
            care_case_id: case.id,
            terms: None,
            insurance_id: None,
            insurance_tenths: None,
            aid_tenths: None,
            own_payment_yen: None,
        };
        let computed = if matches!(input.kind, DecisionKind::Start | DecisionKind::Change) {
            let terms = input.terms.as_ref().ok_or_else(|| {
                ValidationError::new(
                    "terms",
                    "介護機関・サービス種類・居宅介護支援事業者を入力してください",
                )
            })?;
            let terms = terms.validate(|id| provider_facts(conn, id, date))?;
            check_care(conn, case.id, input.kind, date, Some(&terms))?;
            let status = sc::insurance_on(conn, case.person_id, date)?.ok_or_else(|| {
                ServiceError::DecisionState(format!(
                    "{}の介護保険の資格が記録されていません",
                    format_wareki(date)
                ))
            })?;
            let s = share(status.kind, status.co_pay_tenths)?;
            let grade = office_grade(conn)?;
            let c = compute(
                conn,
                &mut self.rate_cache,
                case.household_id,
                date,
                None,
                grade,
            )?;
            link.terms = Some(serde_json::to_string(&terms).unwrap_or_default());
            link.insurance_id = Some(status.id);
            link.insurance_tenths = Some(s.insurance_tenths);
            link.aid_tenths = Some(s.aid_tenths);
            link.own_payment_yen = Some(c.result.own_payment_care_yen);
            Some(c)
        } else {
            check_care(conn, case.id, input.kind, date, None)?;
            None
        };
        let content = Content::new(
            input.kind,
            date,
            &input.reason_text,
            &input.reason_codes,
            computed.as_ref(),
        )?
        .in_kind();
        Ok((content, link, case.household_id))
    }

    /// 起案 of a care-aid decision (`DraftDecision`, audited). Review, return and approval are
    /// the ordinary `review_decision` / `return_decision` / `approve_decision`.
    pub fn draft_care_decision(&mut self, input: &CareDecisionInput) -> Result<DecisionView> {
        self.require(Permission::DraftDecision)?;
        let (content, mut link, hid) = self.care_content(input)?;
        let id = self.write(|tx| {
            check_no_open_case_decision(tx.conn(), link.care_case_id, None)?;
            let id = sd::insert_decision(tx.conn(), hid, &content.as_draft(None), None, tx.actor(), tx.now())?;
            link.decision_id = id;
            sc::put_care_decision(tx.conn(), &link)?;
            tx.audit(
                actions::DECISION_DRAFT,
                Some("household"),
                Some(&hid.to_string()),
                json!({ "decision_id": id, "care_case_id": link.care_case_id, "kind": input.kind.code(),
                        "effective_date": input.effective_date, "own_payment_yen": link.own_payment_yen,
                        "aid_tenths": link.aid_tenths, "rate_version": content.rate_version() }),
            )?;
            Ok(id)
        })?;
        self.decision(id)
    }

    /// 再起案 of a returned care-aid decision (by its drafter), recomputed from the current facts.
    pub fn redraft_care_decision(
        &mut self,
        decision_id: i64,
        input: &CareDecisionInput,
        comment: &str,
    ) -> Result<DecisionView> {
        self.require(Permission::DraftDecision)?;
        let conn = self.store.conn();
        let d = sd::decision(conn, decision_id)?;
        let old = sc::care_decision(conn, decision_id)?
            .ok_or_else(|| ServiceError::DecisionState("介護扶助の決定ではありません".into()))?;
        if old.care_case_id != input.case_id {
            return Err(ValidationError::new("case_id", "別のケースの決定は修正できません").into());
        }
        self.check_step(DecisionAction::Redraft, &d)?;
        let (content, mut link, hid) = self.care_content(input)?;
        let comment = comment.trim().to_string();
        self.write(|tx| {
            check_no_open_case_decision(tx.conn(), link.care_case_id, Some(decision_id))?;
            sd::redraft(tx.conn(), decision_id, &content.as_draft(None), tx.actor(), tx.now())?;
            link.decision_id = decision_id;
            sc::put_care_decision(tx.conn(), &link)?;
            if !comment.is_empty() {
                sd::add_comment(tx.conn(), decision_id, "draft", "redraft", tx.actor(), tx.now(), &comment)?;
            }
            tx.audit(
                actions::DECISION_REDRAFT,
                Some("household"),
                Some(&hid.to_string()),
                json!({ "decision_id": decision_id, "care_case_id": link.care_case_id, "kind": input.kind.code(),
                        "own_payment_yen": { "old": old.own_payment_yen, "new": link.own_payment_yen } }),
            )?;
            Ok(())
        })?;
        self.decision(decision_id)
    }
}

/// 決裁 of a care-aid decision, inside `approve_decision`'s transaction after the workflow rule
/// passed: the rules again on the facts of now, then the case (not the household).
pub(super) fn approve_in_tx(
    tx: &mut Tx<'_>,
    d: &sd::DecisionRow,
    link: &CareDecisionRow,
    comment: &str,
) -> Result<()> {
    let terms: Option<CareTerms> = link
        .terms
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok());
    check_care(
        tx.conn(),
        link.care_case_id,
        d.kind,
        d.effective_date,
        terms.as_ref(),
    )?;
    let case = sc::case(tx.conn(), link.care_case_id)?;
    sd::transition(
        tx.conn(),
        d.id,
        DecisionState::Reviewed,
        DecisionState::Approved,
        tx.actor(),
        tx.now(),
    )?;
    if !comment.is_empty() {
        sd::add_comment(
            tx.conn(),
            d.id,
            "approval",
            "approve",
            tx.actor(),
            tx.now(),
            comment,
        )?;
    }
    use crate::domain::care_aid::case::CareCaseStatus as C;
    let (status, started, ended) = match d.kind {
        DecisionKind::Start => (C::Active, Some(d.effective_date), None),
        DecisionKind::Change => (C::Active, None, None),
        DecisionKind::Abolish => (C::Ended, None, Some(d.effective_date)),
        DecisionKind::Reject => (C::Rejected, None, Some(d.effective_date)),
        DecisionKind::Suspend => {
            return Err(ServiceError::DecisionState(
                "介護扶助だけを停止する決定はありません".into(),
            ))
        }
    };
    let care_before = sc::cases_for_household(tx.conn(), d.household_id)?
        .iter()
        .any(|c| c.status == C::Active);
    sc::set_case_status(tx.conn(), case.id, status, started, ended, tx.now())?;
    crate::exchange::fukuhon::on_care_aid_changed(
        tx,
        d.id,
        d.household_id,
        d.effective_date,
        care_before,
    )?;
    if d.kind == DecisionKind::Abolish {
        // The 介護券 already issued past the end are clipped (or voided), as at a 廃止 of
        // assistance; the ledger lines name this decision.
        let why = format!("介護扶助廃止（決定ID {}）", d.id);
        crate::service::vouchers::reconcile::after_coverage_change(
            tx,
            d.household_id,
            d.effective_date,
            Some(d.id),
            &why,
        )?;
    }
    tx.touch_household(d.household_id);
    tx.audit(
        actions::DECISION_APPROVE,
        Some("household"),
        Some(&d.household_id.to_string()),
        json!({ "decision_id": d.id, "care_case_id": case.id, "kind": d.kind.code(),
                "effective_date": d.effective_date.to_string(),
                "care_case_status": { "old": case.status.code(), "new": status.code() },
                "own_payment_yen": link.own_payment_yen, "comment": comment }),
    )?;
    Ok(())
}

/// After an approved protection decision of the household: a 廃止 ends every open care-aid case
/// of the household from its effective date (the first day without aid), a 却下 of the
/// application rejects the cases still applied for. A 停止 leaves the cases as they are: the
/// months' 介護券 cover only the days assistance is in force.
pub(super) fn after_household_decision(tx: &mut Tx<'_>, d: &sd::DecisionRow) -> Result<()> {
    use crate::domain::care_aid::case::CareCaseStatus as C;
    let to = match d.kind {
        DecisionKind::Abolish => C::Ended,
        DecisionKind::Reject => C::Rejected,
        _ => return Ok(()),
    };
    for case in sc::cases_for_household(tx.conn(), d.household_id)? {
        if !case.status.is_open() {
            continue;
        }
        let status = if case.status == C::Active {
            C::Ended
        } else {
            to
        };
        sc::set_case_status(
            tx.conn(),
            case.id,
            status,
            None,
            Some(d.effective_date),
            tx.now(),
        )?;
        tx.audit(
            actions::CARE_CASE_END,
            Some("household"),
            Some(&d.household_id.to_string()),
            json!({ "care_case_id": case.id, "decision_id": d.id, "by": d.kind.code(),
                    "status": { "old": case.status.code(), "new": status.code() },
                    "ended_on": d.effective_date.to_string() }),
        )?;
    }
    Ok(())
}
