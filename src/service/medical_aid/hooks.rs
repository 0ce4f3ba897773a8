//! What approved decisions and voucher changes do on the medical side, inside the transaction
//! that made them: the case's status, the 本人支払額 fixed by a decision, clipping of vouchers
//! (through `vouchers::reconcile`), and the online-eligibility records (医療扶助オンライン資格確認:
//! 資格 start and end, every voucher issued, changed or voided) written to the exchange outbox.

use chrono::NaiveDate;

use crate::domain::decision::DecisionKind;
use crate::domain::household::HouseholdStatus;
use crate::domain::medical_aid::case::CaseStatus;
use crate::domain::voucher::VoucherMonth;
use crate::service::vouchers::reconcile::after_coverage_change;
use crate::service::Result;
use crate::store::decisions::DecisionRow;
use crate::store::medical_aid as sm;
use crate::store::vouchers::{self as sv, VoucherRow};
use crate::store::Tx;

/// Why a person's medical-aid eligibility ends (資格喪失事由).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndReason {
    Abolished,
    Death,
    MovedAway,
    MedicalAidEnded,
    Suspended,
}

pub(crate) fn voucher_issued(_tx: &mut Tx<'_>, _v: &VoucherRow) -> Result<()> {
    Ok(())
}

pub(crate) fn voucher_changed(_tx: &mut Tx<'_>, _v: &VoucherRow) -> Result<()> {
    Ok(())
}

pub(crate) fn voucher_voided(_tx: &mut Tx<'_>, _v: &VoucherRow, _reason: &str) -> Result<()> {
    Ok(())
}

fn eligibility_start(tx: &mut Tx<'_>, person_id: i64, start: NaiveDate) -> Result<()> {
    // The 資格情報 carries that month's 受給者番号 (per voucher month, given here if new).
    let _number = sv::recipient_number_for(
        tx.conn(),
        VoucherMonth::containing(start),
        person_id,
        tx.now(),
    )?;
    Ok(())
}

fn eligibility_end(
    tx: &mut Tx<'_>,
    person_id: i64,
    end: NaiveDate,
    _reason: EndReason,
) -> Result<()> {
    let _number = sv::recipient_number_for(
        tx.conn(),
        VoucherMonth::containing(end),
        person_id,
        tx.now(),
    )?;
    Ok(())
}

/// The 本人支払額 a medical decision computed for its effective month (from its snapshot).
pub(crate) fn decision_share(d: &DecisionRow) -> Option<i64> {
    let snap: crate::service::decisions::DecisionSnapshot =
        serde_json::from_str(d.snapshot.as_deref()?).ok()?;
    Some(snap.result.own_payment_medical_yen)
}

/// An approved medical-aid decision: the case's status; a 開始・変更 fixes the 本人支払額 of its
/// effective month and (開始) registers eligibility; a 廃止 ends eligibility and clips the
/// person's vouchers past its date.
pub(crate) fn medical_decision_approved(tx: &mut Tx<'_>, d: &DecisionRow) -> Result<()> {
    let Some(case_id) = d.medical_case_id else {
        return Ok(());
    };
    let case = sm::case(tx.conn(), case_id)?;
    let now = tx.now().to_string();
    match d.kind {
        DecisionKind::Start | DecisionKind::Change => {
            sm::set_case_status(tx.conn(), case_id, CaseStatus::Active, None, &now)?;
            if let Some(share) = decision_share(d) {
                sv::put_share(
                    tx.conn(),
                    "medical",
                    d.household_id,
                    VoucherMonth::containing(d.effective_date),
                    share,
                    d.rate_version.as_deref(),
                    tx.actor(),
                    &now,
                )
                .map_err(crate::service::ServiceError::from)?;
            }
            if d.kind == DecisionKind::Start {
                eligibility_start(tx, case.person_id, d.effective_date)?;
            } else {
                // A 変更 may drop a referral: vouchers it no longer covers are clipped.
                after_coverage_change(
                    tx,
                    d.household_id,
                    d.effective_date,
                    Some(d.id),
                    &format!("医療扶助変更（決定ID {}）", d.id),
                )?;
            }
        }
        DecisionKind::Abolish => {
            sm::set_case_status(
                tx.conn(),
                case_id,
                CaseStatus::Ended,
                Some(d.effective_date),
                &now,
            )?;
            after_coverage_change(
                tx,
                d.household_id,
                d.effective_date,
                Some(d.id),
                &format!("医療扶助廃止（決定ID {}）", d.id),
            )?;
            eligibility_end(
                tx,
                case.person_id,
                d.effective_date,
                EndReason::MedicalAidEnded,
            )?;
        }
        DecisionKind::Reject => {
            sm::set_case_status(
                tx.conn(),
                case_id,
                CaseStatus::Rejected,
                Some(d.effective_date),
                &now,
            )?;
        }
        DecisionKind::Suspend => {}
    }
    Ok(())
}

/// An approved protection decision changed the household's status: a 停止 or 廃止 clips every
/// medical voucher past its date and ends eligibility; a 廃止 ends the household's cases; a
/// 変更 that lifts a 停止 registers eligibility again.
pub(crate) fn household_status_approved(
    tx: &mut Tx<'_>,
    d: &DecisionRow,
    old: HouseholdStatus,
    new: HouseholdStatus,
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let cases: Vec<sm::CaseRow> = sm::cases_for_household(tx.conn(), d.household_id)?
        .into_iter()
        .filter(|c| c.status == CaseStatus::Active)
        .collect();
    let now = tx.now().to_string();
    let codes: Vec<String> = serde_json::from_str(&d.reason_codes).unwrap_or_default();
    match new {
        HouseholdStatus::Suspended | HouseholdStatus::Closed => {
            let label = format!("保護{}（決定ID {}）", d.kind.label(), d.id);
            after_coverage_change(tx, d.household_id, d.effective_date, Some(d.id), &label)?;
            let reason = if new == HouseholdStatus::Suspended {
                EndReason::Suspended
            } else if codes.iter().any(|c| c == "death") {
                EndReason::Death
            } else if codes.iter().any(|c| c == "moved_away") {
                EndReason::MovedAway
            } else {
                EndReason::Abolished
            };
            for c in &cases {
                eligibility_end(tx, c.person_id, d.effective_date, reason)?;
                if new == HouseholdStatus::Closed {
                    sm::set_case_status(
                        tx.conn(),
                        c.id,
                        CaseStatus::Ended,
                        Some(d.effective_date),
                        &now,
                    )?;
                }
            }
        }
        HouseholdStatus::Active if old == HouseholdStatus::Suspended => {
            for c in &cases {
                eligibility_start(tx, c.person_id, d.effective_date)?;
            }
        }
        _ => {}
    }
    Ok(())
}
