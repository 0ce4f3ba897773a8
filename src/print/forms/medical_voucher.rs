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

use super::{draw_chief_with_seal, required, yen_text, OfficeBlock};
use crate::domain::era::{format_wareki, format_wareki_year_month};
use crate::domain::household::Sex;
use crate::domain::medical_aid::voucher::{SingleOrCombined, TicketType, TreatmentType};
use crate::print::layout::{Canvas, Cell, Paper, Row, Style, Table, RULE_THIN};
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

impl MedicalVoucher {
    fn validate(&self) -> Result<()> {
        required(&self.issue_number, "交付番号")?;
        required(&self.name, "氏名")?;
        required(&self.institution.name, "指定医療機関名")?;
        for (n, len, what) in [
            (&self.public_payer_number, 8, "公費負担者番号"),
            (&self.recipient_number, 7, "受給者番号"),
        ] {
            if n.len() != len || !n.bytes().all(|b| b.is_ascii_digit()) {
                return Err(PrintError::InvalidDocument(format!(
                    "{what}が{len}桁の数字ではありません"
                )));
            }
        }
        if self.valid_to < self.valid_from {
            return Err(PrintError::InvalidDocument(
                "有効期間の終わりが始まりより前です".into(),
            ));
        }
        if self.ticket == TicketType::Dispensing && self.prescriber.is_none() {
            return Err(PrintError::InvalidDocument(
                "調剤券に処方箋発行元の医療機関がありません".into(),
            ));
        }
        Ok(())
    }
}

const LEFT: f32 = 10.0;
const WIDTH: f32 = 190.0;

fn label(t: &str) -> Cell {
    super::label_cell(t, 8.5)
}
fn value(t: impl Into<String>, size: f32) -> Cell {
    Cell::new(t, Style::mincho(size))
}

fn blank() -> Cell {
    Cell::new("", Style::mincho(9.0))
}

fn fitted(c: &Canvas, t: &str, width: f32, height: f32, size: f32) -> Cell {
    super::fitted_cell(c, t, width, height, size)
}

/// 「再交付」 in a double-ruled box: this voucher replaces a lost or spoiled one (its number is
/// new; the ledger keeps both).
pub(super) fn reissued_mark(c: &mut Canvas, x: f32, top: f32) {
    use crate::print::layout::{Align, RULE_THICK};
    let style = Style::gothic(13.0).bold();
    let (w, h) = (c.measure("再交付", style) + 8.0, 9.5);
    c.rect(x, top, w, h, RULE_THICK);
    c.rect(x + 1.0, top + 1.0, w - 2.0, h - 2.0, RULE_THIN);
    c.text_aligned(x, top + 6.7, w, "再交付", style, Align::Center);
}

fn yes_no(v: bool) -> Option<usize> {
    Some(if v { 0 } else { 1 })
}

fn draw_one(
    c: &mut Canvas,
    v: &MedicalVoucher,
    office: &OfficeBlock,
    issued_on: NaiveDate,
    batch_reissue: bool,
) {
    if v.reissued {
        reissued_mark(c, LEFT, 6.0);
    } else if batch_reissue {
        c.reissue_mark(LEFT, 6.0);
    }
    let small = Style::mincho(9.0);
    c.text_aligned(
        LEFT,
        10.0,
        WIDTH,
        &format!("交付番号　{}", v.issue_number),
        small,
        crate::print::layout::Align::Right,
    );

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
    let widths = vec![26.0, 47.0, 25.0, 30.0, 24.0, 38.0];
    let top = 24.0;
    let valid = format!(
        "{}から\n{}まで",
        format_wareki(v.valid_from),
        format_wareki(v.valid_to)
    );
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
    let rows = vec![
        Row {
            height: 9.0,
            cells: vec![
                label("公費負担者番号"),
                blank(),
                label("有効期間"),
                value(valid, 9.0).span(3),
            ],
        },
        Row {
            height: 9.0,
            cells: vec![
                label("受給者番号"),
                blank(),
                label("単独・併用"),
                blank(),
                label("社会保険"),
                blank(),
            ],
        },
        Row {
            height: 6.0,
            cells: vec![
                label("フリガナ"),
                fitted(c, &v.kana, 102.0, 6.0, 7.5).span(3),
                label("性別"),
                blank(),
            ],
        },
        Row {
            height: 10.0,
            cells: vec![
                label("氏名"),
                fitted(c, &v.name, 102.0, 10.0, 14.0).span(3),
                label("生年月日"),
                value(format_wareki(v.birth_date), 9.0),
            ],
        },
        Row {
            height: 8.5,
            cells: vec![
                label("居住地"),
                fitted(c, &v.address, 164.0, 8.5, 8.5).span(5),
            ],
        },
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
    ];
    let t = Table {
        x: LEFT,
        y: top,
        widths: widths.clone(),
        rows,
    };
    c.table(&t);

    // Digit boxes and choices drawn into the blank cells.
    let col = |i: usize| LEFT + widths[..i].iter().sum::<f32>();
    let row_top = |i: usize| top + t.rows[..i].iter().map(|r| r.height).sum::<f32>();
    let digits = Style::gothic(12.0);
    c.digit_boxes(
        col(1) + 2.0,
        row_top(0) + 1.5,
        8,
        (5.5, 7.0),
        &v.public_payer_number,
        digits,
    );
    c.digit_boxes(
        col(1) + 2.0,
        row_top(1) + 1.5,
        7,
        (5.5, 7.0),
        &v.recipient_number,
        digits,
    );
    let choice = Style::mincho(10.0);
    let base = |i: usize| row_top(i) + t.rows[i].height / 2.0 + 1.3;
    let combined = match v.single_or_combined {
        SingleOrCombined::Single => 0,
        SingleOrCombined::Combined => 1,
    };
    c.choice(
        col(3) + 4.0,
        base(1),
        &["単独", "併用"],
        Some(combined),
        choice,
        5.0,
    );
    c.choice(
        col(5) + 6.0,
        base(1),
        &["有", "無"],
        yes_no(v.social_insurance),
        choice,
        7.0,
    );
    let treatments: Vec<&str> = TreatmentType::ALL.iter().map(|t| t.label()).collect();
    let chosen = TreatmentType::ALL.iter().position(|t| *t == v.treatment);
    c.choice(col(1) + 4.0, base(8), &treatments, chosen, choice, 8.0);
    let sex_choice = match v.sex {
        Sex::Male => Some(0),
        Sex::Female => Some(1),
        Sex::Unspecified => None,
    };
    c.choice(
        col(5) + 6.0,
        row_top(2) + 4.6,
        &["男", "女"],
        sex_choice,
        Style::mincho(8.5),
        6.0,
    );
    c.choice(
        col(3) + 3.0,
        base(9),
        &["該当", "非該当"],
        yes_no(v.infectious_37_2),
        choice,
        4.0,
    );
    c.choice(
        col(5) + 4.0,
        base(9),
        &["該当", "非該当"],
        yes_no(v.elderly_medical_care),
        choice,
        5.0,
    );
    c.choice(
        col(1) + 4.0,
        base(10),
        &["該当", "非該当"],
        yes_no(v.prefectural_expense),
        choice,
        5.0,
    );

    // Foot: the entrustment, the date, the office and its chief with the seal.
    let foot = top + t.height() + 5.5;
    c.text(
        LEFT,
        foot,
        "上記のとおり医療の給付を委託します。",
        Style::mincho(9.5),
    );
    c.text(
        LEFT,
        foot + 6.0,
        &format_wareki(issued_on),
        Style::mincho(9.5),
    );
    c.text(
        LEFT + 40.0,
        foot + 6.0,
        &office.office_name,
        Style::mincho(9.5),
    );
    draw_chief_with_seal(c, LEFT + WIDTH, foot + 5.0, office);
    c.line(LEFT, foot + 9.0, LEFT + WIDTH, foot + 9.0, RULE_THIN);
}

/// Draw the batch: one page per voucher.
pub fn draw(b: &VoucherBatch) -> Result<Canvas> {
    if b.vouchers.is_empty() {
        return Err(PrintError::InvalidDocument("印刷する券がありません".into()));
    }
    required(&b.office.office_name, "福祉事務所名")?;
    let mut c = Canvas::new(Paper::A4Half)?;
    for (i, v) in b.vouchers.iter().enumerate() {
        v.validate()?;
        if i > 0 {
            c.new_page();
        }
        draw_one(&mut c, v, &b.office, b.issued_on, b.reissue);
    }
    Ok(c)
}
