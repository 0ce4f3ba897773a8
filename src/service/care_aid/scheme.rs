//! 介護券 as a voucher scheme of the generic machinery (`service::vouchers`): which 介護券 are
//! due in a month (from the approved care-aid decisions of each case and the days the household
//! is 保護中), what each carries, the printed form. The 受給者番号 is one per person and month for
//! all of the person's 介護券 (介護券記載要領 一(三)): that month's 医療券 number, or one of the
//! 介護券's own, as the office chooses (事務所設定, 一(四)).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::care_aid::case::CareTerms;
use crate::domain::care_aid::provider::service_kind_label;
use crate::domain::care_aid::voucher::{
    due_vouchers, hold_reason, CareSegment, CareVoucherDetails,
};
use crate::domain::decision::{DecisionKind, DecisionState};
use crate::domain::household::HouseholdStatus;
use crate::domain::voucher::{clip_to_month, in_force_periods, RecipientSeries, VoucherMonth};
use crate::print::{CareVoucher, CareVoucherBatch, Document};
use crate::service::vouchers::{print_office, printed_parts, Due, Names, VoucherScheme};
use crate::service::{Result, ServiceError};
use crate::store::care_aid::{self as sc, ProviderRow};
use crate::store::decisions as sd;
use crate::store::vouchers::{self as sv, VoucherRow};
use crate::store::Tx;

/// 介護券.
pub struct CareScheme;

/// The approved decisions of a case as dated segments of terms (oldest first): a 開始・変更 is in
/// force from its date to the day before the next decision; a 廃止 ends it.
fn segments(conn: &Connection, case_id: i64) -> Result<Vec<CareSegment>> {
    let mut decisions = Vec::new();
    for l in sc::care_decisions_for_case(conn, case_id)? {
        let d = sd::decision(conn, l.decision_id)?;
        if d.state == DecisionState::Approved {
            decisions.push((d, l));
        }
    }
    decisions.sort_by_key(|(d, _)| (d.effective_date, d.id));
    let mut out = Vec::new();
    for (i, (d, l)) in decisions.iter().enumerate() {
        if !matches!(d.kind, DecisionKind::Start | DecisionKind::Change) {
            continue;
        }
        let Some(text) = &l.terms else { continue };
        let terms: CareTerms = serde_json::from_str(text).map_err(|e| {
            ServiceError::DecisionState(format!(
                "決定（ID {}）の介護扶助の内容を読めません: {e}",
                d.id
            ))
        })?;
        out.push(CareSegment {
            decision_id: d.id,
            from: d.effective_date,
            to: decisions
                .get(i + 1)
                .and_then(|(n, _)| n.effective_date.pred_opt()),
            terms,
        });
    }
    Ok(out)
}

/// 「11 訪問介護」 for each service kind code.
pub(super) fn services_text(kinds: &[String]) -> Vec<String> {
    kinds
        .iter()
        .map(|k| format!("{k} {}", service_kind_label(k).unwrap_or("")))
        .collect()
}

fn care_dues(conn: &Connection, month: VoucherMonth, household: Option<i64>) -> Result<Vec<Due>> {
    let providers: HashMap<i64, ProviderRow> = sc::search_providers(conn, "", false, u32::MAX)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut workers = Names::default();
    let mut out = Vec::new();
    for case in sc::all_cases(conn)? {
        if household.is_some_and(|h| h != case.household_id) {
            continue;
        }
        let segs = segments(conn, case.id)?;
        if segs.is_empty() {
            continue;
        }
        let Some(person) = sv::person_brief(conn, case.person_id)? else {
            continue;
        };
        if person.household_id != case.household_id {
            continue; // moved to another household: a new case is needed there
        }
        let flags: Vec<(NaiveDate, bool)> = sv::status_changes_of(conn, case.household_id)?
            .into_iter()
            .map(|(d, s)| (d, s == HouseholdStatus::Active.code()))
            .collect();
        let coverage = clip_to_month(month, &in_force_periods(&flags));
        if coverage.is_empty() {
            continue;
        }
        let worker = person
            .caseworker_id
            .as_deref()
            .map(|w| workers.get(conn, w))
            .unwrap_or_default();
        for m in due_vouchers(month, case.person_id, &segs, &coverage, |id| {
            providers.get(&id).map(|p| p.number.clone())
        }) {
            let p = &providers[&m.provider_id];
            let status = sc::insurance_on(conn, case.person_id, m.valid.from)?;
            let certified = status
                .as_ref()
                .and_then(|s| Some((s.certified_from?, s.certified_to?)));
            let hold = hold_reason(status.is_some(), certified, m.valid.from);
            let seg = segs.iter().find(|s| s.decision_id == m.decision_id);
            let plan = seg
                .and_then(|s| s.terms.plan_office_id)
                .and_then(|id| providers.get(&id));
            let link = sc::care_decision(conn, m.decision_id)?;
            let details = CareVoucherDetails {
                case_id: case.id,
                insured_kind: status.as_ref().map_or(
                    crate::domain::care_aid::insurance::InsuredKind::NotInsured,
                    |s| s.kind,
                ),
                insured_number: status
                    .as_ref()
                    .map(|s| s.insured_number.clone())
                    .unwrap_or_default(),
                insurer_number: status.as_ref().and_then(|s| s.insurer_number.clone()),
                care_level: status.as_ref().and_then(|s| s.care_level),
                certified_from: status.as_ref().and_then(|s| s.certified_from),
                certified_to: status.as_ref().and_then(|s| s.certified_to),
                service_kinds: m.service_kinds.clone(),
                plan_office_number: plan.map(|p| p.number.clone()),
                plan_office_name: plan.map(|p| p.name.clone()),
                insurance_tenths: link.as_ref().and_then(|l| l.insurance_tenths).unwrap_or(0),
                aid_tenths: link.as_ref().and_then(|l| l.aid_tenths).unwrap_or(10),
                aid_only: link.as_ref().and_then(|l| l.insurance_tenths) == Some(0),
                district_worker_name: worker.clone(),
            };
            out.push(Due {
                summary: services_text(&m.service_kinds).join("・"),
                key: m.key,
                household_id: case.household_id,
                person_id: case.person_id,
                ticket_type: "care".into(),
                provider_id: Some(p.id),
                provider_code: p.number.clone(),
                provider_name: p.name.clone(),
                valid: m.valid,
                hold,
                request_id: None,
                decision_id: Some(m.decision_id),
                share_rank: (
                    0,
                    format!("{}:{}:{}", p.number, case.person_id, m.valid.from),
                ),
                details: serde_json::to_value(details).unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// The printed 介護券 for voucher rows (in the order given).
fn care_document(conn: &Connection, rows: &[VoucherRow], issued_on: NaiveDate) -> Result<Document> {
    let (office, payer) = print_office(conn)?;
    let mut names = Names::default();
    let mut vouchers = Vec::with_capacity(rows.len());
    for v in rows {
        let (d, p): (CareVoucherDetails, _) = printed_parts(conn, v)?;
        vouchers.push(CareVoucher {
            month: v.month.first_day(),
            issue_number: v.issue_number.clone(),
            public_payer_number: payer.clone(),
            recipient_number: v.recipient_number.clone(),
            valid_from: v.valid.from,
            valid_to: v.valid.to,
            insured_number: d.insured_number,
            insurer_number: d.insurer_number,
            name: p.name,
            kana: crate::domain::normalize::to_katakana(&p.kana),
            sex: p.sex,
            birth_date: p.birth_date,
            address: p.address,
            care_level: d
                .care_level
                .map(|l| l.label().to_string())
                .unwrap_or_default(),
            certified_from: d.certified_from,
            certified_to: d.certified_to,
            plan_office: match (d.plan_office_number, d.plan_office_name) {
                (Some(n), Some(name)) => format!("{n}　{name}"),
                _ => String::new(),
            },
            provider_number: v.provider_code.clone(),
            provider_name: v.provider_name.clone(),
            services: services_text(&d.service_kinds),
            share_yen: v.share_yen,
            aid_only: d.aid_only,
            district_worker: d.district_worker_name,
            handling_clerk: names.get(conn, &v.issued_by),
            reissued: v.reissue_of.is_some(),
        });
    }
    Ok(Document::CareVouchers(CareVoucherBatch {
        issued_on,
        office,
        vouchers,
        reissue: false,
    }))
}

impl VoucherScheme for CareScheme {
    fn code(&self) -> &'static str {
        "care"
    }
    fn title(&self) -> &'static str {
        "介護券"
    }
    fn ledger_title(&self) -> &'static str {
        crate::print::forms::voucher_ledger::CARE_TITLE
    }
    fn issue_prefix(&self) -> char {
        'K'
    }
    fn ticket_label(&self, _ticket_type: &str) -> &'static str {
        "介護券"
    }
    fn dues(&self, conn: &Connection, month: VoucherMonth) -> Result<Vec<Due>> {
        care_dues(conn, month, None)
    }
    fn dues_of_household(
        &self,
        conn: &Connection,
        month: VoucherMonth,
        household_id: i64,
    ) -> Result<Vec<Due>> {
        care_dues(conn, month, Some(household_id))
    }
    fn recipient_series(&self, conn: &Connection) -> Result<RecipientSeries> {
        Ok(crate::store::office::get(conn)?
            .map(|o| o.care_recipient_number)
            .unwrap_or_default()
            .series())
    }
    fn share_of(&self, result: &crate::calc::CalcResult) -> i64 {
        result.own_payment_care_yen
    }
    // 介護券 are not part of the 医療扶助 online eligibility: nothing goes to the exchange here.
    fn on_issued(&self, _tx: &mut Tx<'_>, _v: &VoucherRow) -> Result<()> {
        Ok(())
    }
    fn on_changed(&self, _tx: &mut Tx<'_>, _v: &VoucherRow) -> Result<()> {
        Ok(())
    }
    fn on_voided(&self, _tx: &mut Tx<'_>, _v: &VoucherRow, _reason: &str) -> Result<()> {
        Ok(())
    }
    fn provider_phone(
        &self,
        conn: &Connection,
        provider_id: Option<i64>,
    ) -> Result<Option<String>> {
        Ok(match provider_id {
            Some(id) => sc::provider(conn, id)?.phone,
            None => None,
        })
    }
    fn document(
        &self,
        conn: &Connection,
        rows: &[VoucherRow],
        issued_on: NaiveDate,
    ) -> Result<Document> {
        care_document(conn, rows, issued_on)
    }
}
