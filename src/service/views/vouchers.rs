//! Views of the monthly vouchers (service::vouchers): the proposal at review, the month's
//! vouchers, the 交付処理簿, and the vouchers a decision changed. Generic over schemes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::voucher::{
    Disposition, LedgerEvent, ProposalAction, VoucherAction, VoucherState,
};

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ProposalCounts {
    #[ts(type = "number")]
    pub to_issue: i64,
    #[ts(type = "number")]
    pub already_issued: i64,
    #[ts(type = "number")]
    pub held: i64,
    #[ts(type = "number")]
    pub excluded: i64,
    #[ts(type = "number")]
    pub voided: i64,
}

/// One due voucher at review.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProposalRow {
    pub key: String,
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    #[ts(type = "number")]
    pub person_id: i64,
    pub person_name: String,
    pub ticket_type: String,
    /// 医療券 / 調剤券
    pub ticket_label: String,
    /// 「入院外・高血圧症」
    pub summary: String,
    pub provider_code: String,
    pub provider_name: String,
    pub valid_from: String,
    pub valid_to: String,
    /// 「R8.5.17〜R8.5.31」
    pub valid_label: String,
    /// Clipped: not the whole month.
    pub clipped: bool,
    #[ts(type = "number")]
    pub share_yen: i64,
    pub disposition: Disposition,
    pub disposition_label: String,
    pub one_off: bool,
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
    /// Why the clerk left it out (when excluded).
    pub excluded_reason: Option<String>,
    pub actions: Vec<ProposalAction>,
}

/// An earlier run of the month that did not finish.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InterruptedRun {
    #[ts(type = "number")]
    pub run_id: i64,
    pub started_by: String,
    pub started_at: String,
    #[ts(type = "number")]
    pub issued: i64,
}

/// The month's proposal (the result of the `voucher_propose` job).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VoucherProposalView {
    pub kind: String,
    pub title: String,
    pub month: String,
    /// 「令和8年5月分」
    pub month_label: String,
    pub rows: Vec<ProposalRow>,
    pub counts: ProposalCounts,
    pub interrupted: Option<InterruptedRun>,
    /// The user may start the issue (IssueVoucher) and something is to be issued.
    pub can_issue: bool,
}

/// One event of a voucher (a 交付処理簿 line).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VoucherEventView {
    pub event: LedgerEvent,
    pub event_label: String,
    pub at: String,
    pub by_user: String,
    pub by_name: String,
    pub reason: Option<String>,
    /// e.g. 「有効期間 R8.5.31 → R8.5.8」
    pub detail: Option<String>,
    #[ts(type = "number | null")]
    pub decision_id: Option<i64>,
}

/// One voucher.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VoucherView {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub month: String,
    pub issue_number: String,
    pub recipient_number: String,
    pub ticket_type: String,
    pub ticket_label: String,
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    #[ts(type = "number")]
    pub person_id: i64,
    pub person_name: String,
    pub provider_code: String,
    pub provider_name: String,
    pub summary: String,
    pub valid_from: String,
    pub valid_to: String,
    pub valid_label: String,
    #[ts(type = "number")]
    pub share_yen: i64,
    pub state: VoucherState,
    pub state_label: String,
    pub one_off: bool,
    /// 再交付: the voucher it replaces.
    #[ts(type = "number | null")]
    pub reissue_of: Option<i64>,
    /// The voucher that replaced this one.
    #[ts(type = "number | null")]
    pub replaced_by: Option<i64>,
    pub void_reason: Option<String>,
    pub issued_by_name: String,
    pub issued_at: String,
    pub events: Vec<VoucherEventView>,
    pub actions: Vec<VoucherAction>,
}

/// One line of the 交付処理簿.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LedgerLine {
    #[ts(type = "number")]
    pub voucher_id: i64,
    pub at: String,
    /// 「R8.5.15」
    pub date_label: String,
    pub event: LedgerEvent,
    pub event_label: String,
    pub issue_number: String,
    pub recipient_number: String,
    pub case_number: String,
    pub person_name: String,
    pub ticket_label: String,
    pub summary: String,
    pub provider_code: String,
    pub provider_name: String,
    pub valid_label: String,
    #[ts(type = "number")]
    pub share_yen: i64,
    pub reason: Option<String>,
    pub detail: Option<String>,
    pub by_name: String,
}

/// 医療券交付処理簿 of a month.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LedgerView {
    pub kind: String,
    /// 「医療券交付処理簿」
    pub title: String,
    pub month: String,
    pub month_label: String,
    pub lines: Vec<LedgerLine>,
    #[ts(type = "number")]
    pub issued: i64,
    #[ts(type = "number")]
    pub reissued: i64,
    #[ts(type = "number")]
    pub changed: i64,
    #[ts(type = "number")]
    pub voided: i64,
    /// The user may print it (PrintDocument).
    pub can_print: bool,
}

/// A voucher a decision changed: the provider the clerk must tell.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VoucherChangeView {
    #[ts(type = "number")]
    pub voucher_id: i64,
    pub issue_number: String,
    pub month: String,
    pub person_name: String,
    pub provider_code: String,
    pub provider_name: String,
    pub provider_phone: Option<String>,
    pub event: LedgerEvent,
    pub event_label: String,
    /// 「有効期間 R8.5.31 → R8.5.8」 or the void reason.
    pub detail: String,
}

/// A one-off request was added (`medical_voucher_request`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RequestAdded {
    #[ts(type = "number")]
    pub request_id: i64,
}

/// The 本人支払額 fixed for a household's month (`voucher_share_fix`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ShareFixed {
    #[ts(type = "number")]
    pub share_yen: i64,
}
