//! 医療券・調剤券 as a voucher scheme: which are due in a month, the printed forms, the
//! online-eligibility records.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::json;

use crate::domain::decision::DecisionKind;
use crate::domain::household::HouseholdStatus;
use crate::domain::medical_aid::case::{OpinionState, ReviewResult};
use crate::domain::medical_aid::voucher::{
    due_key, due_vouchers, share_order_key, InstitutionFacts, MedicalDue, MedicalTerms,
    MedicalVoucherDetails, ProviderRef, TermsSegment, TicketType,
};
use crate::domain::voucher::{clip_to_month, in_force_periods, Period, VoucherMonth};
use crate::service::vouchers::{Due, VoucherScheme};
use crate::service::{Result, ServiceError};
use crate::store::decisions::DecisionRow;
use crate::store::medical_aid as sm;
use crate::store::vouchers::{self as sv, VoucherRow};
use crate::store::Tx;

/// 医療券・調剤券.
pub struct MedicalScheme;

pub(crate) fn institution_facts(conn: &Connection) -> Result<HashMap<i64, InstitutionFacts>> {
    Ok(sm::all_institutions(conn)?
        .into_iter()
        .map(|r| {
            (
                r.id,
                InstitutionFacts {
                    id: r.id,
                    code: r.inst.code,
                    name: r.inst.name,
                    kind: r.inst.kind,
                    valid_from: r.inst.valid_from,
                    valid_to: r.inst.valid_to,
                },
            )
        })
        .collect())
}

pub(crate) fn terms_of(d: &DecisionRow) -> Result<Option<MedicalTerms>> {
    d.terms
        .as_deref()
        .map(|t| {
            serde_json::from_str(t).map_err(|e| {
                ServiceError::DecisionState(format!(
                    "決定（ID {}）の医療扶助の内容を読めません: {e}",
                    d.id
                ))
            })
        })
        .transpose()
}

/// The dated segments of a case's approved decisions (oldest first): each 開始・変更 is in
/// force from its effective date to the day before the next decision; a 廃止 ends it.
pub(crate) fn segments(decisions: &[&DecisionRow]) -> Result<Vec<TermsSegment>> {
    let mut out = vec![];
    for (i, d) in decisions.iter().enumerate() {
        if !matches!(d.kind, DecisionKind::Start | DecisionKind::Change) {
            continue;
        }
        let Some(terms) = terms_of(d)? else { continue };
        out.push(TermsSegment {
            decision_id: d.id,
            from: d.effective_date,
            to: decisions
                .get(i + 1)
                .and_then(|n| n.effective_date.pred_opt()),
            terms,
        });
    }
    Ok(out)
}

/// The days of `month` the household is in assistance (保護中), from its status history.
pub(crate) fn household_coverage(
    changes: &[(NaiveDate, String)],
    month: VoucherMonth,
) -> Vec<Period> {
    let flags: Vec<(NaiveDate, bool)> = changes
        .iter()
        .map(|(d, s)| (*d, s == HouseholdStatus::Active.code()))
        .collect();
    clip_to_month(month, &in_force_periods(&flags))
}

fn summary(d: &MedicalDue) -> String {
    let mut s = d.treatment_type.label().to_string();
    if let Some(first) = d.diseases.first() {
        s.push('・');
        s.push_str(first);
        if d.diseases.len() > 1 {
            s.push_str(&format!(" ほか{}", d.diseases.len() - 1));
        }
    }
    s
}

struct Ctx {
    institutions: HashMap<i64, InstitutionFacts>,
    workers: HashMap<String, String>,
}

impl Ctx {
    fn worker(&mut self, conn: &Connection, id: Option<&str>) -> String {
        let Some(id) = id else { return String::new() };
        if let Some(n) = self.workers.get(id) {
            return n.clone();
        }
        let n = crate::store::users::get(conn, id)
            .ok()
            .flatten()
            .map(|u| u.display_name)
            .unwrap_or_default();
        self.workers.insert(id.to_string(), n.clone());
        n
    }
}

#[allow(clippy::too_many_arguments)]
fn to_due(
    conn: &Connection,
    ctx: &mut Ctx,
    m: MedicalDue,
    household_id: i64,
    caseworker: Option<&str>,
    case_id: i64,
    hold: Option<String>,
    request_id: Option<i64>,
) -> Option<Due> {
    let inst = ctx.institutions.get(&m.institution_id)?.clone();
    let prescriber = m
        .prescriber_id
        .and_then(|p| ctx.institutions.get(&p))
        .map(|p| ProviderRef {
            id: p.id,
            code: p.code.clone(),
            name: p.name.clone(),
        });
    let details = MedicalVoucherDetails {
        case_id,
        treatment_type: m.treatment_type,
        prescriber,
        diseases: m.diseases.clone(),
        single_or_combined: m.single_or_combined,
        social_insurance: m.social_insurance,
        infectious_37_2: m.infectious_37_2,
        elderly_medical_care: m.elderly_medical_care,
        prefectural_expense: m.prefectural_expense,
        remarks: m.remarks.clone(),
        district_worker_name: ctx.worker(conn, caseworker),
        summary: String::new(),
    };
    let (rank, code, _, _) =
        share_order_key(m.treatment_type, &inst.code, m.person_id, m.valid.from);
    Some(Due {
        summary: summary(&m),
        key: m.key.clone(),
        household_id,
        person_id: m.person_id,
        ticket_type: m.ticket_type.code().into(),
        provider_id: Some(inst.id),
        provider_code: inst.code.clone(),
        provider_name: inst.name.clone(),
        valid: m.valid,
        hold,
        request_id,
        decision_id: m.decision_id,
        share_rank: (rank, format!("{code}:{}:{}", m.person_id, m.valid.from)),
        details: serde_json::to_value(details).unwrap_or(json!({})),
    })
}

/// Every 医療券・調剤券 due in `month`, for all households or one.
pub(crate) fn medical_dues(
    conn: &Connection,
    month: VoucherMonth,
    household: Option<i64>,
) -> Result<Vec<Due>> {
    let mut ctx = Ctx {
        institutions: institution_facts(conn)?,
        workers: HashMap::new(),
    };
    let decisions = crate::store::decisions::approved_medical_decisions(conn)?;
    let mut by_case: std::collections::BTreeMap<i64, Vec<&DecisionRow>> = Default::default();
    for d in &decisions {
        if household.is_some_and(|h| h != d.household_id) {
            continue;
        }
        if let Some(c) = d.medical_case_id {
            by_case.entry(c).or_default().push(d);
        }
    }
    let status = match household {
        Some(h) => HashMap::from([(h, sv::status_changes_of(conn, h)?)]),
        None => sv::status_changes(conn)?,
    };
    let mut households: HashMap<i64, Option<String>> = HashMap::new();
    let mut caseworker = |h: i64| -> Result<Option<String>> {
        if let Some(c) = households.get(&h) {
            return Ok(c.clone());
        }
        let c = crate::store::households::require(conn, h)?.caseworker_id;
        households.insert(h, c.clone());
        Ok(c)
    };
    let mut out = vec![];
    let mut keys = std::collections::HashSet::new();
    for (case_id, decs) in by_case {
        let case = sm::case(conn, case_id)?;
        let Some(person) = sv::person_brief(conn, case.person_id)? else {
            continue;
        };
        if person.household_id != case.household_id {
            continue; // the person moved to another household: a new case is needed there
        }
        let empty = vec![];
        let coverage = household_coverage(status.get(&case.household_id).unwrap_or(&empty), month);
        if coverage.is_empty() {
            continue;
        }
        let segs = segments(&decs)?;
        let hold = opinion_hold(conn, case_id, month)?;
        let cw = caseworker(case.household_id)?;
        for m in due_vouchers(month, case.person_id, &segs, &coverage, |id| {
            ctx.institutions.get(&id).cloned()
        }) {
            keys.insert(m.key.clone());
            if let Some(d) = to_due(
                conn,
                &mut ctx,
                m,
                case.household_id,
                cw.as_deref(),
                case_id,
                hold.clone(),
                None,
            ) {
                out.push(d);
            }
        }
    }
    for q in sv::requests_for_month(conn, MedicalScheme.code(), month)? {
        if household.is_some_and(|h| h != q.household_id) {
            continue;
        }
        let terms: MedicalTerms = match serde_json::from_str(&q.line) {
            Ok(t) => t,
            Err(_) => continue,
        };
        let empty = vec![];
        let coverage = household_coverage(status.get(&q.household_id).unwrap_or(&empty), month);
        let seg = TermsSegment {
            decision_id: 0,
            from: q.valid_from,
            to: q.valid_to,
            terms,
        };
        let cw = caseworker(q.household_id)?;
        for mut m in due_vouchers(month, q.person_id, &[seg], &coverage, |id| {
            ctx.institutions.get(&id).cloned()
        }) {
            if !keys.insert(m.key.clone()) {
                continue; // a standing voucher already covers it
            }
            m.decision_id = None;
            if let Some(d) = to_due(
                conn,
                &mut ctx,
                m,
                q.household_id,
                cw.as_deref(),
                q.case_id.unwrap_or(0),
                None,
                Some(q.id),
            ) {
                out.push(d);
            }
        }
    }
    Ok(out)
}

/// A standing voucher waits when the case's accepted opinion ended before the month.
fn opinion_hold(conn: &Connection, case_id: i64, month: VoucherMonth) -> Result<Option<String>> {
    let accepted = sm::opinions_for_case(conn, case_id)?
        .into_iter()
        .filter(|o| o.state == OpinionState::Reviewed && o.result == Some(ReviewResult::Needed))
        .filter_map(|o| o.valid_to)
        .max();
    Ok(match accepted {
        Some(to) if to < month.first_day() => Some(format!(
            "医療要否意見書の有効期間（{}まで）が切れています",
            crate::domain::era::format_wareki_short(to)
        )),
        _ => None,
    })
}

/// The key a one-off would get, to refuse one that a standing voucher already covers.
pub(crate) fn one_off_key(
    person_id: i64,
    code: &str,
    t: crate::domain::medical_aid::voucher::TreatmentType,
    from: NaiveDate,
) -> String {
    due_key(person_id, code, t, from)
}

impl VoucherScheme for MedicalScheme {
    fn code(&self) -> &'static str {
        "medical"
    }
    fn title(&self) -> &'static str {
        "医療券・調剤券"
    }
    fn ledger_title(&self) -> &'static str {
        "医療券交付処理簿"
    }
    fn issue_prefix(&self) -> char {
        'I'
    }
    fn ticket_label(&self, ticket_type: &str) -> &'static str {
        TicketType::from_code(ticket_type).map_or("券", |t| t.label())
    }
    fn dues(&self, conn: &Connection, month: VoucherMonth) -> Result<Vec<Due>> {
        medical_dues(conn, month, None)
    }
    fn dues_of_household(
        &self,
        conn: &Connection,
        month: VoucherMonth,
        household_id: i64,
    ) -> Result<Vec<Due>> {
        medical_dues(conn, month, Some(household_id))
    }
    fn share_of(&self, result: &crate::calc::CalcResult) -> i64 {
        result.own_payment_medical_yen
    }
    fn on_issued(&self, tx: &mut Tx<'_>, v: &VoucherRow) -> Result<()> {
        super::hooks::voucher_issued(tx, v)
    }
    fn on_changed(&self, tx: &mut Tx<'_>, v: &VoucherRow) -> Result<()> {
        super::hooks::voucher_changed(tx, v)
    }
    fn on_voided(&self, tx: &mut Tx<'_>, v: &VoucherRow, reason: &str) -> Result<()> {
        super::hooks::voucher_voided(tx, v, reason)
    }
    fn corrected_event(
        &self,
        tx: &Tx<'_>,
        v: &VoucherRow,
        stored: &crate::exchange::record::Record,
    ) -> Result<Option<crate::exchange::event::Event>> {
        super::hooks::voucher_corrected(tx, v, stored)
    }
    fn provider_phone(
        &self,
        conn: &Connection,
        provider_id: Option<i64>,
    ) -> Result<Option<String>> {
        Ok(match provider_id {
            Some(id) => sm::institution(conn, id)?.and_then(|r| r.inst.phone),
            None => None,
        })
    }
    fn document(
        &self,
        conn: &Connection,
        rows: &[VoucherRow],
        issued_on: NaiveDate,
    ) -> Result<crate::print::Document> {
        super::cases::voucher_document(conn, rows, issued_on)
    }
}
