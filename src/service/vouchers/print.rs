//! The month's vouchers and its 交付処理簿 through the print queue. Vouchers are printed in
//! provider order (then by person), so a clerk can put each provider's vouchers in one envelope.

use std::collections::HashMap;

use serde_json::json;

use super::ledger::ledger_view;
use super::{parse_month, scheme};
use crate::domain::role::Permission;
use crate::domain::voucher::VoucherState;
use crate::print::{Document, LedgerRow, VoucherLedger};
use crate::service::printing::{enqueue_in_tx, Rendered};
use crate::service::views::PrintJobView;
use crate::service::{App, Result, ServiceError};
use crate::store::vouchers as sv;

/// What every batch of vouchers prints of the office: its block and the 公費負担者番号.
pub(crate) fn print_office(
    conn: &rusqlite::Connection,
) -> Result<(crate::print::OfficeBlock, String)> {
    Ok((
        crate::service::medical_aid::cases::office_block(conn)?,
        super::public_payer(conn)?,
    ))
}

/// One issued voucher as it is printed, whatever its kind: the kind's details read back from the
/// row and the person from the registry, refused the same way when either cannot be read.
pub(crate) fn printed_parts<D: serde::de::DeserializeOwned>(
    conn: &rusqlite::Connection,
    v: &sv::VoucherRow,
) -> Result<(D, sv::PersonBrief)> {
    let d = serde_json::from_str(&v.details).map_err(|e| {
        ServiceError::refused(
            "VOUCHER_DETAILS",
            format!("券（{}）の内容を読めません: {e}", v.issue_number),
        )
    })?;
    let p = sv::person_brief(conn, v.person_id)?.ok_or_else(|| {
        ServiceError::refused(
            "VOUCHER_PERSON",
            format!("券（{}）の受給者が見つかりません", v.issue_number),
        )
    })?;
    Ok((d, p))
}

impl App {
    /// Every issued voucher of the month (or only `ids`) as one print-queue job, sorted by
    /// provider code, then by the person's kana. `PrintDocument`; audited as a print request.
    pub fn print_vouchers(
        &mut self,
        kind: &str,
        month: &str,
        ids: Option<&[i64]>,
    ) -> Result<PrintJobView> {
        self.require(Permission::PrintDocument)?;
        let scheme = scheme(kind)?;
        let month = parse_month(month)?;
        let conn = self.store.conn();
        let mut rows: Vec<sv::VoucherRow> = sv::for_month(conn, scheme.code(), month)?
            .into_iter()
            .filter(|v| {
                v.state == VoucherState::Issued && ids.is_none_or(|ids| ids.contains(&v.id))
            })
            .collect();
        if rows.is_empty() {
            return Err(ServiceError::refused(
                "VOUCHER_NONE",
                format!(
                    "{}分の交付済みの{}はありません",
                    month.wareki(),
                    scheme.title()
                ),
            ));
        }
        let mut kana: HashMap<i64, String> = HashMap::new();
        for v in &rows {
            if let std::collections::hash_map::Entry::Vacant(e) = kana.entry(v.person_id) {
                e.insert(
                    sv::person_brief(conn, v.person_id)?
                        .map(|p| p.kana)
                        .unwrap_or_default(),
                );
            }
        }
        rows.sort_by(|a, b| {
            (&a.provider_code, &kana[&a.person_id], a.id).cmp(&(
                &b.provider_code,
                &kana[&b.person_id],
                b.id,
            ))
        });
        let doc = scheme.document(conn, &rows, self.today())?;
        let rendered = Rendered::new(doc)?;
        let ids: Vec<i64> = rows.iter().map(|v| v.id).collect();
        let id = self.write(|tx| {
            enqueue_in_tx(
                tx,
                "voucher_batch",
                &rendered,
                None,
                None,
                json!({
                    "scheme": scheme.code(), "month": month.code(), "vouchers": ids,
                }),
            )
        })?;
        self.print_job_view(id)
    }

    /// The month's 交付処理簿 as a print-queue job. `PrintDocument`; audited.
    pub fn print_voucher_ledger(&mut self, kind: &str, month: &str) -> Result<PrintJobView> {
        self.require(Permission::PrintDocument)?;
        let scheme = scheme(kind)?;
        let month = parse_month(month)?;
        let conn = self.store.conn();
        let v = ledger_view(conn, scheme, month, self.user.role)?;
        let office = super::super::medical_aid::cases::office_block(conn)?;
        let doc = Document::VoucherLedger(VoucherLedger {
            title: v.title.clone(),
            month_label: v.month_label.clone(),
            printed_on: self.today(),
            office,
            totals: format!(
                "交付 {}件　再交付 {}件　期間変更 {}件　取消 {}件",
                v.issued, v.reissued, v.changed, v.voided
            ),
            rows: v
                .lines
                .iter()
                .map(|l| LedgerRow {
                    date: l.date_label.clone(),
                    event: l.event_label.clone(),
                    issue_number: l.issue_number.clone(),
                    recipient_number: l.recipient_number.clone(),
                    case_number: l.case_number.clone(),
                    name: l.person_name.clone(),
                    ticket: l.ticket_label.clone(),
                    summary: l.summary.clone(),
                    provider: l.provider_name.clone(),
                    valid: l.valid_label.clone(),
                    share_yen: l.share_yen,
                    note: l.detail.clone().or(l.reason.clone()).unwrap_or_default(),
                    clerk: l.by_name.clone(),
                })
                .collect(),
            reissue: false,
        });
        let rendered = Rendered::new(doc)?;
        let lines = v.lines.len();
        let id = self.write(|tx| {
            enqueue_in_tx(
                tx,
                "voucher_ledger",
                &rendered,
                None,
                None,
                json!({
                    "scheme": scheme.code(), "month": month.code(), "lines": lines,
                }),
            )
        })?;
        self.print_job_view(id)
    }
}
