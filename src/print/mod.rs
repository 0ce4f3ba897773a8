//! Documents → PDF, and PDF → printer.
//!
//! A document is a typed, serde-serialisable value ([`Document`]: one variant per form). [`render`]
//! lays it out on paper (`forms::*::draw` over the primitives of [`layout`]) and returns PDF bytes:
//! Japanese text in the bundled IPAex明朝 (body) and IPAexゴシック (headings), fonts subset to the
//! glyphs used, dates in the Japanese era ([`crate::domain::era`]). [`printer`] lists printers and sends the bytes to one.
//!
//! **Deterministic output.** The same `Document` value always gives byte-identical PDF bytes: the
//! creation date is the document's own date, the file identifier is a hash of the value, font
//! resource names and subset tags are fixed or derived from the glyphs. The print queue can store
//! the value (JSON) and regenerate exactly the PDF that was printed.
//!
//! **Reissue.** Every form has `reissue: bool`; when set, the 再発行 mark is drawn at the top-left.
//! [`Document::set_reissue`] sets it on any variant.
//!
//! **No My Number.** No form has a field for it, and the canvas refuses any text shaped like a
//! 12-digit number ([`PrintError::LooksLikeMyNumber`]) whatever field it came from.
//!
//! Deliberately not here: the print queue and its states, audit, preview images (the UI renders
//! the PDF itself), and any database access.

pub mod error;
pub mod fonts;
pub mod forms;
pub mod layout;
pub mod linebreak;
pub mod printer;
pub mod samples;

use serde::{Deserialize, Serialize};

pub use error::{PrintError, Result};
pub use forms::calc_sheet::{CalculationSheet, SheetLine, SheetMember, Stamp};
pub use forms::care_voucher::{CareVoucher, CareVoucherBatch};
pub use forms::certificate::{AidKind, Certificate, Recipient};
pub use forms::check_list::{CheckList, CheckListLine};
pub use forms::cover_letter::{CoverLetter, Enclosure};
pub use forms::decision_notice::{
    Addressee, AidLine, DecisionNotice, MonthPayment, NoticeApplication, NoticeMember, PartMonth,
};
pub use forms::medical_voucher::{MedicalVoucher, PrintedProvider, VoucherBatch};
pub use forms::opinion_form::OpinionForm;
pub use forms::voucher_ledger::{LedgerRow, VoucherLedger};
pub use forms::OfficeBlock;
pub use layout::Paper;
pub use printer::{
    clean_viewer_files, open_in_viewer, CupsPrinter, PrintOptions, Printer, PrinterInfo,
};

/// Every document the desk can print. Serialised as `{"kind": "certificate", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Document {
    /// 保護受給証明書.
    Certificate(Certificate),
    /// 送付書.
    CoverLetter(CoverLetter),
    /// 保護開始・変更・停止・廃止決定通知書, 保護申請却下通知書 (title by kind).
    DecisionNotice(Box<DecisionNotice>),
    /// 保護決定調書.
    CalculationSheet(CalculationSheet),
    /// 医療券・調剤券 of a month (one page each).
    MedicalVouchers(VoucherBatch),
    /// 介護券 of a month (one page each).
    CareVouchers(CareVoucherBatch),
    /// 医療要否意見書 (blank, header filled in).
    OpinionForm(OpinionForm),
    /// 医療券交付処理簿.
    VoucherLedger(VoucherLedger),
    /// 確認リスト (exchange).
    CheckList(CheckList),
}

impl Document {
    /// The form's name (also the PDF title; never personal data).
    pub fn title(&self) -> &'static str {
        match self {
            Document::Certificate(_) => forms::certificate::TITLE,
            Document::CoverLetter(_) => forms::cover_letter::TITLE,
            Document::DecisionNotice(n) => n.title(),
            Document::CalculationSheet(_) => forms::calc_sheet::TITLE,
            Document::MedicalVouchers(_) => forms::medical_voucher::TITLE,
            Document::OpinionForm(_) => forms::opinion_form::TITLE,
            Document::CareVouchers(_) => forms::care_voucher::TITLE,
            // The ledger of each scheme (医療券・介護券交付処理簿).
            Document::VoucherLedger(l) if l.title == forms::voucher_ledger::CARE_TITLE => {
                forms::voucher_ledger::CARE_TITLE
            }
            Document::VoucherLedger(_) => "医療券交付処理簿",
            Document::CheckList(_) => forms::check_list::TITLE,
        }
    }

    /// The paper the form is laid out on.
    pub fn paper(&self) -> Paper {
        match self {
            Document::Certificate(_)
            | Document::CoverLetter(_)
            | Document::DecisionNotice(_)
            | Document::CalculationSheet(_)
            | Document::OpinionForm(_)
            | Document::CheckList(_) => Paper::A4,
            Document::MedicalVouchers(_) | Document::CareVouchers(_) => Paper::A4Half,
            Document::VoucherLedger(_) => Paper::A4Landscape,
        }
    }

    /// The date the document carries (issue date); written as the PDF's creation date.
    pub fn date(&self) -> chrono::NaiveDate {
        match self {
            Document::Certificate(c) => c.issued_on,
            Document::CoverLetter(l) => l.date,
            Document::DecisionNotice(n) => n.date,
            Document::CalculationSheet(s) => s.date,
            Document::MedicalVouchers(b) => b.issued_on,
            Document::CareVouchers(b) => b.issued_on,
            Document::OpinionForm(f) => f.requested_on,
            Document::VoucherLedger(l) => l.printed_on,
            Document::CheckList(l) => l.date,
        }
    }

    pub fn reissue(&self) -> bool {
        match self {
            Document::Certificate(c) => c.reissue,
            Document::CoverLetter(l) => l.reissue,
            Document::DecisionNotice(n) => n.reissue,
            Document::CalculationSheet(s) => s.reissue,
            Document::MedicalVouchers(b) => b.reissue,
            Document::CareVouchers(b) => b.reissue,
            Document::OpinionForm(f) => f.reissue,
            Document::VoucherLedger(l) => l.reissue,
            Document::CheckList(l) => l.reissue,
        }
    }

    /// Mark (or unmark) the document as a reissue (再発行).
    pub fn set_reissue(&mut self, reissue: bool) {
        match self {
            Document::Certificate(c) => c.reissue = reissue,
            Document::CoverLetter(l) => l.reissue = reissue,
            Document::DecisionNotice(n) => n.reissue = reissue,
            Document::CalculationSheet(s) => s.reissue = reissue,
            Document::MedicalVouchers(b) => b.reissue = reissue,
            Document::CareVouchers(b) => b.reissue = reissue,
            Document::OpinionForm(f) => f.reissue = reissue,
            Document::VoucherLedger(l) => l.reissue = reissue,
            Document::CheckList(l) => l.reissue = reissue,
        }
    }
}

/// Render a document to PDF bytes. Same value, same bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let canvas = match doc {
        Document::Certificate(c) => forms::certificate::draw(c)?,
        Document::CoverLetter(l) => forms::cover_letter::draw(l)?,
        Document::DecisionNotice(n) => forms::decision_notice::draw(n)?,
        Document::CalculationSheet(s) => forms::calc_sheet::draw(s)?,
        Document::MedicalVouchers(b) => forms::medical_voucher::draw(b)?,
        Document::CareVouchers(b) => forms::care_voucher::draw(b)?,
        Document::OpinionForm(f) => forms::opinion_form::draw(f)?,
        Document::VoucherLedger(l) => forms::voucher_ledger::draw(l)?,
        Document::CheckList(l) => forms::check_list::draw(l)?,
    };
    let meta = layout::DocMeta {
        title: doc.title().to_string(),
        date: doc.date(),
        id_seed: serde_json::to_vec(doc).map_err(|e| PrintError::Render(e.to_string()))?,
    };
    canvas.finish(&meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_round_trips_through_json_and_renders_identically() {
        let mut doc = Document::Certificate(samples::certificate());
        doc.set_reissue(true);
        let json = serde_json::to_string(&doc).unwrap();
        assert!(json.starts_with(r#"{"kind":"certificate""#), "{json}");
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
        assert_eq!(render(&back).unwrap(), render(&doc).unwrap());
    }

    #[test]
    fn reissue_changes_the_output() {
        let doc = Document::CoverLetter(samples::cover_letter());
        let mut again = doc.clone();
        again.set_reissue(true);
        assert!(again.reissue());
        assert_ne!(render(&doc).unwrap(), render(&again).unwrap());
    }
}
