//! Views of the print queue (service::printing).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::print_job::PrintState;
use crate::print::PrinterInfo;

/// One row of the print queue (証明書・帳票の発行簿).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintJobView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(
        type = "\"certificate\" | \"cover_letter\" | \"decision_notice\" | \"calculation_sheet\" | \"voucher_batch\" | \"voucher_ledger\" | \"opinion_form\""
    )]
    pub kind: String,
    /// The form's name, e.g. 保護受給証明書.
    pub title: String,
    /// 証明書番号, e.g. "R7-00012".
    pub issue_number: Option<String>,
    #[ts(type = "number | null")]
    pub household_id: Option<i64>,
    pub case_number: Option<String>,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    /// The name as printed on the document.
    pub person_name: Option<String>,
    pub state: PrintState,
    pub state_label: String,
    /// The steps the logged-in user may take on this job now (`domain::workflow::print_steps`).
    pub allowed_steps: Vec<crate::domain::print_job::PrintStep>,
    #[ts(type = "number")]
    pub pages: i64,
    #[ts(type = "number")]
    pub bytes: i64,
    #[ts(type = "number")]
    pub reprint_count: i64,
    #[ts(type = "number")]
    pub printed_count: i64,
    pub requested_by: String,
    pub requested_at: String,
    pub printed_at: Option<String>,
    pub delivered_at: Option<String>,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
    pub printer: Option<String>,
    /// Why the last send failed; cleared by a successful one.
    pub error: Option<String>,
}

/// The print queue screen's filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct PrintJobFilter {
    pub state: Option<PrintState>,
    #[ts(type = "number | null")]
    pub household_id: Option<i64>,
    pub limit: Option<u32>,
}

/// The PDF for the preview.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintPdf {
    pub pdf_base64: String,
    #[ts(type = "number")]
    pub pages: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintersView {
    pub printers: Vec<PrinterInfo>,
    pub default: Option<String>,
    /// Why nothing can be printed on this PC now (no printer set up, no print system), in
    /// Japanese: the print dialog shows this one message instead of a printer choice.
    pub problem: Option<String>,
}

/// The outcome of sending one job to a printer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintSendResult {
    #[ts(type = "number")]
    pub job_id: i64,
    pub ok: bool,
    pub job: PrintJobView,
    /// 「印刷しました（…）」 or why not, in Japanese.
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SavedFile {
    pub path: String,
}

/// What a 保護受給証明書 for a person may state today, from the approved decisions in force: the
/// dialog offers exactly these kinds (all ticked; the clerk may untick, never add one).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CertificateOptionsView {
    #[ts(type = "number")]
    pub person_id: i64,
    pub person_name: String,
    pub case_number: String,
    /// 発行日 (today), 和暦.
    pub date_wareki: String,
    /// 保護の期間 as it will print ("令和7年4月1日 〜 継続中"); empty when none can be issued.
    pub period_text: String,
    /// The kinds of aid in force, in the order of the law.
    pub aids: Vec<CertificateAid>,
    /// Why no certificate can be issued today (停止中, 廃止, no approved decision); then `aids`
    /// is empty.
    pub refusal: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CertificateAid {
    pub aid: crate::domain::aid::AidKind,
    pub label: String,
}
