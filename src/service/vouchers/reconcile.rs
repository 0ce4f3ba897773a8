//! When coverage shrinks — an approved 停止・廃止 of assistance, or the end of a scheme's aid —
//! every voucher already issued past the change is checked against what is due now: kept,
//! clipped at its end (same 交付番号, ledger event 期間変更, the scheme's change record) or
//! voided when none of its days is left. The ledger events carry the decision, so
//! `decision_voucher_changes` lists the providers to tell.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{scheme, Due};
use crate::domain::era::format_wareki_short;
use crate::domain::voucher::{reconcile, LedgerEvent, Period, Reconcile, VoucherMonth};
use crate::service::Result;
use crate::store::vouchers as sv;
use crate::store::Tx;

fn coverage_for(dues: &[Due], v: &sv::VoucherRow) -> Vec<Period> {
    let mut p: Vec<Period> = dues
        .iter()
        .filter(|d| {
            d.person_id == v.person_id
                && d.provider_code == v.provider_code
                && d.ticket_type == v.ticket_type
        })
        .map(|d| d.valid)
        .collect();
    p.sort();
    crate::domain::voucher::intersect_all(&p, &[v.month.period()])
}

/// Check the household's issued vouchers from the month of `from` on; returns how many changed.
pub(crate) fn after_coverage_change(
    tx: &mut Tx<'_>,
    household_id: i64,
    from: NaiveDate,
    decision_id: Option<i64>,
    why: &str,
) -> Result<usize> {
    let vouchers =
        sv::issued_for_household_from(tx.conn(), household_id, VoucherMonth::containing(from))?;
    let mut dues: HashMap<(String, VoucherMonth), Vec<Due>> = HashMap::new();
    let mut changed = 0;
    for v in vouchers {
        let s = scheme(&v.scheme)?;
        let key = (v.scheme.clone(), v.month);
        if !dues.contains_key(&key) {
            let d = s.dues_of_household(tx.conn(), v.month, household_id)?;
            dues.insert(key.clone(), d);
        }
        let cov = coverage_for(&dues[&key], &v);
        let (actor, now) = (tx.actor().to_string(), tx.now().to_string());
        match reconcile(v.valid, &cov) {
            Reconcile::Keep => {}
            Reconcile::Clip(to) => {
                sv::set_valid_to(tx.conn(), v.id, to)?;
                let detail = format!(
                    "有効期間 {} → {}（{why}）",
                    format_wareki_short(v.valid.to),
                    format_wareki_short(to)
                );
                sv::add_event(
                    tx.conn(),
                    v.id,
                    LedgerEvent::Changed,
                    &actor,
                    &now,
                    Some(why),
                    Some(&detail),
                    decision_id,
                )?;
                let row = sv::get(tx.conn(), v.id)?;
                s.on_changed(tx, &row)?;
                tx.audit(
                    crate::audit::actions::VOUCHER_CHANGE,
                    Some("person"),
                    Some(&v.person_id.to_string()),
                    serde_json::json!({ "voucher_id": v.id, "issue_number": v.issue_number, "decision_id": decision_id,
                                        "valid_to": { "old": v.valid.to.to_string(), "new": to.to_string() } }),
                )?;
                changed += 1;
            }
            Reconcile::Void => {
                let reason = format!("有効期間がなくなったため（{why}）");
                sv::set_voided(tx.conn(), v.id, &reason, &actor, &now)?;
                sv::add_event(
                    tx.conn(),
                    v.id,
                    LedgerEvent::Voided,
                    &actor,
                    &now,
                    Some(&reason),
                    None,
                    decision_id,
                )?;
                let row = sv::get(tx.conn(), v.id)?;
                s.on_voided(tx, &row, &reason)?;
                tx.audit(
                    crate::audit::actions::VOUCHER_VOID,
                    Some("person"),
                    Some(&v.person_id.to_string()),
                    serde_json::json!({ "voucher_id": v.id, "issue_number": v.issue_number, "decision_id": decision_id,
                                        "reason": reason, "state": { "old": "issued", "new": "voided" } }),
                )?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}
