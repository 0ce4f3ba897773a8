//! 医療券・調剤券: one form serves both; the word that does not apply is struck through
//! (記載要領 一(一): 「医療券・調剤券」の調剤券の文字を抹消する). 公費負担者番号 and 受給者番号 are
//! printed one digit per box. Each voucher is one A4-half (A5 landscape) page; a batch of a
//! month's vouchers is one document, in the order given (by institution, for posting).
//!
//! The fields are those of DOMAIN §6 (and the online-eligibility list): 券別, 診療年月, 有効期間,
//! 交付番号, 公費負担者番号, 受給者番号, 氏名, 性別, 生年月日, 住所, 指定医療機関 (and for a 調剤券 the
//! 処方箋発行元), 傷病名 1–3, 診療別, 本人支払額, 社会保険, 単独・併用, 感染症法37条の2, 後期高齢者医療,
//! 都道府県費, 備考 1–3, 地区担当員名, 取扱担当者名, 福祉事務所名. No My Number: the value has no
//! field for it and the canvas refuses anything shaped like one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    check_voucher_numbers, draw_entrustment_foot, draw_voucher_batch, draw_voucher_table,
    number_rows, person_rows, required, yen_text, OfficeBlock, VoucherPage, VOUCHER_LEFT as LEFT,
    VOUCHER_WIDTH as WIDTH,
};
use crate::domain::era::format_wareki_year_month;
use crate::domain::household::Sex;
use crate::domain::medical_aid::voucher::{SingleOrCombined, TicketType, TreatmentType};
use crate::print::layout::{Canvas, Cell, Row, Style};
use crate::print::{PrintError, Result};

pub const TITLE: &str = "医療券・調剤券";

/// A provider as printed: 医療機関コード and 名称.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintedProvider {
    pub code: String,
    pub name: String,
}

/// One 医療券 or 調剤券.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicalVoucher {
    pub ticket: TicketType,
    /// 診療年月: any day of the month (the first).
    pub month: NaiveDate,
    pub issue_number: String,
    pub public_payer_number: String,
    pub recipient_number: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub name: String,
    pub kana: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub address: String,
    pub institution: PrintedProvider,
    /// 処方箋発行元 (調剤券 only).
    pub prescriber: Option<PrintedProvider>,
    pub diseases: Vec<String>,
    pub treatment: TreatmentType,
    pub share_yen: i64,
    pub single_or_combined: SingleOrCombined,
    pub social_insurance: bool,
    pub infectious_37_2: bool,
    pub elderly_medical_care: bool,
    pub prefectural_expense: bool,
    pub remarks: Vec<String>,
    pub district_worker: String,
    pub handling_clerk: String,
    /// 再交付 (a voucher replacing a lost or spoiled one).
    #[serde(default)]
    pub reissued: bool,
}

/// A month's vouchers as one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherBatch {
    pub issued_on: NaiveDate,
    pub office: OfficeBlock,
    pub vouchers: Vec<MedicalVoucher>,
    /// The print queue's 再発行 mark (a second print of the whole batch).
    #[serde(default)]
    pub reissue: bool,
}

// The cells of a voucher's ruled body (the 介護券 uses them too).
pub(super) fn label(t: &str) -> Cell {
    super::label_cell(t, 8.5)
}
pub(super) fn value(t: impl Into<String>, size: f32) -> Cell {
    Cell::new(t, Style::mincho(size))
}
pub(super) fn blank() -> Cell {
    Cell::new("", Style::mincho(9.0))
}
pub(super) fn fitted(c: &Canvas, t: &str, width: f32, height: f32, size: f32) -> Cell {
    super::fitted_cell(c, t, width, height, size)
}

fn yes_no(v: bool) -> Option<usize> {
    Some(if v { 0 } else { 1 })
}

impl VoucherPage for MedicalVoucher {
    fn head(&self) -> (&str, bool) {
        (&self.issue_number, self.reissued)
    }

    fn validate(&self) -> Result<()> {
        required(&self.issue_number, "交付番号")?;
        required(&self.name, "氏名")?;
        required(&self.institution.name, "指定医療機関名")?;
        check_voucher_numbers(
            &self.public_payer_number,
            &self.recipient_number,
            self.valid_from,
            self.valid_to,
        )?;
        if self.ticket == TicketType::Dispensing && self.prescriber.is_none() {
            return Err(PrintError::InvalidDocument(
                "調剤券に処方箋発行元の医療機関がありません".into(),
            ));
        }
        Ok(())
    }

    fn draw_body(&self, c: &mut Canvas, office: &OfficeBlock, issued_on: NaiveDate) {
        let v = self;
        // Title: 医療券・調剤券, the other word struck through, then the month.
        let title = Style::gothic(17.0).bold();
        let (a, dot, b) = ("医療券", "・", "調剤券");
        let month = format!("（{}分）", format_wareki_year_month(v.month));
        let mstyle = Style::mincho(12.0);
        let total = c.measure(a, title)
            + c.measure(dot, title)
            + c.measure(b, title)
            + c.measure(&month, mstyle);
        let mut x = LEFT + (WIDTH - total) / 2.0;
        let y = 20.0;
        c.text(x, y, a, title);
        if v.ticket == TicketType::Dispensing {
            c.strike_through(x, y, a, title);
        }
        x += c.measure(a, title);
        c.text(x, y, dot, title);
        x += c.measure(dot, title);
        c.text(x, y, b, title);
        if v.ticket == TicketType::Medical {
            c.strike_through(x, y, b, title);
        }
        x += c.measure(b, title);
        c.text(x, y, &month, mstyle);

        // The ruled body. Columns: label, value, label, value, label, value.
        let prescriber = v
            .prescriber
            .as_ref()
            .map(|p| format!("{}　{}", p.code, p.name))
            .unwrap_or_default();
        let diseases = (0..3)
            .map(|i| {
                format!(
                    "({}) {}",
                    i + 1,
                    v.diseases.get(i).map(String::as_str).unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("　");
        let remarks = v.remarks.join("／");
        let mut rows = Vec::from(number_rows(
            v.valid_from,
            v.valid_to,
            vec![blank(), label("社会保険"), blank()],
        ));
        let person = rows.len();
        rows.extend(person_rows(c, &v.kana, &v.name, v.birth_date, &v.address));
        rows.extend([
            Row {
                height: 9.0,
                cells: vec![
                    label("指定医療機関"),
                    fitted(
                        c,
                        &format!("{}　{}", v.institution.code, v.institution.name),
                        164.0,
                        9.0,
                        10.0,
                    )
                    .span(5),
                ],
            },
            Row {
                height: 7.5,
                cells: vec![
                    label("処方箋発行元"),
                    fitted(c, &prescriber, 164.0, 7.5, 9.0).span(5),
                ],
            },
            Row {
                height: 8.5,
                cells: vec![
                    label("傷病名"),
                    fitted(c, &diseases, 164.0, 8.5, 9.0).span(5),
                ],
            },
            Row {
                height: 7.5,
                cells: vec![label("診療別"), blank().span(5)],
            },
            Row {
                height: 7.5,
                cells: vec![
                    label("本人支払額"),
                    value(yen_text(v.share_yen), 10.5),
                    label("感染症法37条の2"),
                    blank(),
                    label("後期高齢者医療"),
                    blank(),
                ],
            },
            Row {
                height: 7.5,
                cells: vec![
                    label("都道府県費"),
                    blank(),
                    label("地区担当員"),
                    fitted(c, &v.district_worker, 30.0, 7.5, 9.0),
                    label("取扱担当者"),
                    fitted(c, &v.handling_clerk, 38.0, 7.5, 9.0),
                ],
            },
            Row {
                height: 8.0,
                cells: vec![label("備考"), fitted(c, &remarks, 164.0, 8.0, 8.0).span(5)],
            },
        ]);
        let combined = v.single_or_combined == SingleOrCombined::Combined;
        let t = draw_voucher_table(
            c,
            rows,
            &v.public_payer_number,
            &v.recipient_number,
            combined,
        );
        let choice = Style::mincho(10.0);
        c.choice(
            t.col(5) + 6.0,
            t.base(1),
            &["有", "無"],
            yes_no(v.social_insurance),
            choice,
            7.0,
        );
        let treatments: Vec<&str> = TreatmentType::ALL.iter().map(|t| t.label()).collect();
        let chosen = TreatmentType::ALL.iter().position(|t| *t == v.treatment);
        c.choice(t.col(1) + 4.0, t.base(8), &treatments, chosen, choice, 8.0);
        t.mark_sex(c, person, v.sex);
        c.choice(
            t.col(3) + 3.0,
            t.base(9),
            &["該当", "非該当"],
            yes_no(v.infectious_37_2),
            choice,
            4.0,
        );
        c.choice(
            t.col(5) + 4.0,
            t.base(9),
            &["該当", "非該当"],
            yes_no(v.elderly_medical_care),
            choice,
            5.0,
        );
        c.choice(
            t.col(1) + 4.0,
            t.base(10),
            &["該当", "非該当"],
            yes_no(v.prefectural_expense),
            choice,
            5.0,
        );

        draw_entrustment_foot(
            c,
            t.foot(),
            "上記のとおり医療の給付を委託します。",
            issued_on,
            office,
        );
    }
}

/// Draw the batch: one page per voucher.
pub fn draw(b: &VoucherBatch) -> Result<Canvas> {
    draw_voucher_batch(&b.office, b.issued_on, b.reissue, &b.vouchers)
}
