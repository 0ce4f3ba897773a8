//! What approved decisions and voucher changes do on the medical side, inside the transaction
//! that made them: the case's status, the 本人支払額 fixed by a decision, clipping of vouchers
//! (through `vouchers::reconcile`), and the online-eligibility records (医療扶助オンライン資格確認:
//! 資格 start and end, every voucher issued, changed or voided) written to the exchange outbox
//! (`exchange::outbox::record`, issue 13) — the one queue; a record that does not validate rolls
//! the change back with it. The DV non-disclosure mark is added by the outbox from the registry.

use chrono::NaiveDate;

use crate::domain::decision::DecisionKind;
use crate::domain::household::HouseholdStatus;
use crate::domain::medical_aid::case::CaseStatus;
use crate::domain::medical_aid::voucher::{
    MedicalVoucherDetails, SingleOrCombined, TicketType, TreatmentType,
};
use crate::domain::voucher::VoucherMonth;
use crate::exchange::event::{Event, MedicalEvent, Source};
use crate::exchange::outbox;
use crate::exchange::record::{self as xr, Record};
use crate::service::vouchers::reconcile::after_coverage_change;
use crate::service::vouchers::VOUCHER_SOURCE;
use crate::service::{Result, ServiceError};
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

impl EndReason {
    fn loss_reason(self) -> xr::LossReason {
        match self {
            EndReason::Abolished => xr::LossReason::Abolished,
            EndReason::Death => xr::LossReason::Death,
            EndReason::MovedAway => xr::LossReason::MovedAway,
            EndReason::MedicalAidEnded => xr::LossReason::MedicalAidEnded,
            // 停止: the list has no code of its own.
            EndReason::Suspended => xr::LossReason::Other,
        }
    }
}

fn applicable(b: bool) -> xr::Applicable {
    if b {
        xr::Applicable::Yes
    } else {
        xr::Applicable::No
    }
}

/// The voucher as the online-eligibility list carries it (items 187–201).
fn exchange_voucher(tx: &Tx<'_>, v: &VoucherRow) -> Result<xr::Voucher> {
    let d: MedicalVoucherDetails =
        serde_json::from_str(&v.details).map_err(|e| ServiceError::Refused {
            code: "VOUCHER_STATE",
            message: format!("券（ID {}）の内容を読めません: {e}", v.id),
        })?;
    let handling = crate::store::users::get(tx.conn(), &v.issued_by)
        .ok()
        .flatten()
        .map(|u| u.display_name)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| v.issued_by.clone());
    Ok(xr::Voucher {
        recipient_number: v.recipient_number.clone(),
        ticket_type: match TicketType::from_code(&v.ticket_type) {
            Some(TicketType::Dispensing) => xr::TicketType::Dispensing,
            _ => xr::TicketType::Medical,
        },
        issue_number: v.issue_number.clone(),
        treatment_month: v.month.code(),
        valid_from: v.valid.from,
        valid_to: v.valid.to,
        institution: xr::Institution {
            code: v.provider_code.clone(),
            name: v.provider_name.clone(),
        },
        prescriber: d.prescriber.map(|p| xr::Institution {
            code: p.code,
            name: p.name,
        }),
        diseases: d.diseases,
        treatment_type: match d.treatment_type {
            TreatmentType::Inpatient => xr::TreatmentType::Inpatient,
            TreatmentType::Outpatient => xr::TreatmentType::Outpatient,
            TreatmentType::Dental => xr::TreatmentType::Dental,
            TreatmentType::Dispensing => xr::TreatmentType::Dispensing,
            TreatmentType::VisitingNursing => xr::TreatmentType::HomeNursing,
        },
        self_pay_yen: v.share_yen,
        district_worker_name: d.district_worker_name,
        handling_clerk_name: handling,
        single_or_combined: match d.single_or_combined {
            SingleOrCombined::Single => xr::SingleOrCombined::Single,
            SingleOrCombined::Combined => xr::SingleOrCombined::Combined,
        },
        social_insurance: if d.social_insurance {
            xr::SocialInsurance::Yes
        } else {
            xr::SocialInsurance::No
        },
        infectious_disease_37_2: applicable(d.infectious_37_2),
        elderly_medical_care: applicable(d.elderly_medical_care),
        prefectural_expense: applicable(d.prefectural_expense),
        remarks: d.remarks,
    })
}

fn record(tx: &mut Tx<'_>, person_id: i64, source: Source, event: MedicalEvent) -> Result<()> {
    outbox::record(tx, person_id, source, &Event::Medical(event))?;
    Ok(())
}

fn voucher_source(v: &VoucherRow) -> Source {
    Source::new(VOUCHER_SOURCE, v.id)
}

fn voided_event(v: &VoucherRow, reason: &str) -> MedicalEvent {
    MedicalEvent::VoucherVoided {
        recipient_number: v.recipient_number.clone(),
        issue_number: v.issue_number.clone(),
        treatment_month: v.month.code(),
        reason: reason.trim().to_string(),
    }
}

pub(crate) fn voucher_issued(tx: &mut Tx<'_>, v: &VoucherRow) -> Result<()> {
    let x = exchange_voucher(tx, v)?;
    record(
        tx,
        v.person_id,
        voucher_source(v),
        MedicalEvent::VoucherIssued(x),
    )
}

pub(crate) fn voucher_changed(tx: &mut Tx<'_>, v: &VoucherRow) -> Result<()> {
    let x = exchange_voucher(tx, v)?;
    record(
        tx,
        v.person_id,
        voucher_source(v),
        MedicalEvent::VoucherChanged(x),
    )
}

pub(crate) fn voucher_voided(tx: &mut Tx<'_>, v: &VoucherRow, reason: &str) -> Result<()> {
    record(tx, v.person_id, voucher_source(v), voided_event(v, reason))
}

/// 再送: the record `stored` (one `v` caused) rebuilt from the voucher as it now stands, so what
/// was corrected since (a clipped 有効期間, a void's reason) is what is sent again.
pub(crate) fn voucher_corrected(
    tx: &Tx<'_>,
    v: &VoucherRow,
    stored: &Record,
) -> Result<Option<Event>> {
    let event = match stored {
        Record::VoucherIssued(_) => MedicalEvent::VoucherIssued(exchange_voucher(tx, v)?),
        Record::VoucherChanged(_) => MedicalEvent::VoucherChanged(exchange_voucher(tx, v)?),
        Record::VoucherVoided(x) => voided_event(v, v.void_reason.as_deref().unwrap_or(&x.reason)),
        _ => return Ok(None),
    };
    Ok(Some(Event::Medical(event)))
}

fn eligibility_start(tx: &mut Tx<'_>, case: &sm::CaseRow, start: NaiveDate) -> Result<()> {
    // The 資格情報 carries that month's 受給者番号 (per voucher month, given here if new).
    let recipient_number = sv::recipient_number_for(
        tx.conn(),
        VoucherMonth::containing(start),
        case.person_id,
        tx.now(),
    )?;
    let event = MedicalEvent::EligibilityStart {
        recipient_number,
        start_date: start,
    };
    record(
        tx,
        case.person_id,
        Source::new("medical_case", case.id),
        event,
    )
}

fn eligibility_end(
    tx: &mut Tx<'_>,
    case: &sm::CaseRow,
    end: NaiveDate,
    reason: EndReason,
) -> Result<()> {
    let recipient_number = sv::recipient_number_for(
        tx.conn(),
        VoucherMonth::containing(end),
        case.person_id,
        tx.now(),
    )?;
    let event = MedicalEvent::EligibilityEnd {
        recipient_number,
        end_date: end,
        reason: reason.loss_reason(),
    };
    record(
        tx,
        case.person_id,
        Source::new("medical_case", case.id),
        event,
    )
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
                eligibility_start(tx, &case, d.effective_date)?;
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
            eligibility_end(tx, &case, d.effective_date, EndReason::MedicalAidEnded)?;
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
                eligibility_end(tx, c, d.effective_date, reason)?;
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
                eligibility_start(tx, c, d.effective_date)?;
            }
        }
        _ => {}
    }
    Ok(())
}
