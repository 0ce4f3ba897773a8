//! 介護券: one A4-half page per voucher, for one person, one 指定介護機関 and one month (介護券の
//! 記載要領: 受給者番号 seven digits, the same on all of the person's 介護券 of the month).
//!
//! The fields (DOMAIN §6; the layout itself is not verified against the national form):
//! 対象年月, 有効期間, 交付番号, 公費負担者番号, 受給者番号 (digit boxes), 被保険者番号 (or the
//! H-number of a person outside the insurance), 保険者番号, 氏名・フリガナ・性別・生年月日・居住地,
//! 要介護状態区分 and 認定有効期間, 居宅介護支援事業者 (事業所番号・名称), 指定介護機関 (事業所番号・
//! 名称), サービス種類, 本人支払額, 単独・併用, 地区担当員, 取扱担当者, 福祉事務所名. No My Number:
//! the value has no field for it and the canvas refuses anything shaped like one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::medical_voucher::reissued_mark;
use super::{draw_chief_with_seal, required, yen_text, OfficeBlock};
use crate::domain::era::{format_wareki, format_wareki_year_month};
use crate::domain::household::Sex;
use crate::print::layout::{Align, Canvas, Cell, Paper, Row, Style, Table, RULE_THIN};
use crate::print::{PrintError, Result};

pub const TITLE: &str = "介護券";

/// One 介護券.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareVoucher {
    /// 対象年月: the first day of the month.
    pub month: NaiveDate,
    pub issue_number: String,
    pub public_payer_number: String,
    pub recipient_number: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// 被保険者番号 (H… outside the insurance)
    pub insured_number: String,
    pub insurer_number: Option<String>,
    pub name: String,
    pub kana: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub address: String,
    /// 「要介護2」
    pub care_level: String,
    pub certified_from: Option<NaiveDate>,
    pub certified_to: Option<NaiveDate>,
    /// 居宅介護支援事業者: 「事業所番号　名称」 (empty for facility services)
    pub plan_office: String,
    pub provider_number: String,
    pub provider_name: String,
    /// 「11 訪問介護」 …
    pub services: Vec<String>,
    pub share_yen: i64,
    /// 単独 (生保単独) or 併用
    pub aid_only: bool,
    pub district_worker: String,
    pub handling_clerk: String,
    #[serde(default)]
    pub reissued: bool,
}

/// A month's 介護券 as one document (by provider, for posting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareVoucherBatch {
    pub issued_on: NaiveDate,
    pub office: OfficeBlock,
    pub vouchers: Vec<CareVoucher>,
    #[serde(default)]
    pub reissue: bool,
}

impl CareVoucher {
    fn validate(&self) -> Result<()> {
        required(&self.issue_number, "交付番号")?;
        required(&self.name, "氏名")?;
        required(&self.provider_name, "指定介護機関名")?;
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
        if self.insured_number.chars().count() != 10 {
            return Err(PrintError::InvalidDocument(
                "被保険者番号が10桁ではありません".into(),
            ));
        }
        if self.valid_to < self.valid_from {
            return Err(PrintError::InvalidDocument(
                "有効期間の終わりが始まりより前です".into(),
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

fn draw_one(
    c: &mut Canvas,
    v: &CareVoucher,
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
        Align::Right,
    );
    let title = Style::gothic(17.0).bold();
    let month = format!("（{}分）", format_wareki_year_month(v.month));
    let mstyle = Style::mincho(12.0);
    let total = c.measure(TITLE, title) + c.measure(&month, mstyle);
    let x = LEFT + (WIDTH - total) / 2.0;
    c.text(x, 20.0, TITLE, title);
    c.text(x + c.measure(TITLE, title), 20.0, &month, mstyle);

    let widths = vec![26.0, 47.0, 25.0, 30.0, 24.0, 38.0];
    let top = 24.0;
    let valid = format!(
        "{}から\n{}まで",
        format_wareki(v.valid_from),
        format_wareki(v.valid_to)
    );
    let certified = match (v.certified_from, v.certified_to) {
        (Some(f), Some(t)) => format!("{}〜{}", format_wareki(f), format_wareki(t)),
        _ => String::new(),
    };
    let services = v.services.join("　");
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
                label("保険者番号"),
                value(v.insurer_number.clone().unwrap_or_default(), 11.0),
            ],
        },
        Row {
            height: 8.0,
            cells: vec![
                label("被保険者番号"),
                value(v.insured_number.clone(), 11.0),
                label("要介護状態区分"),
                value(v.care_level.clone(), 10.0),
                label("認定有効期間"),
                fitted(c, &certified, 38.0, 8.0, 7.5),
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
            height: 8.0,
            cells: vec![
                label("居宅介護支援事業者"),
                fitted(c, &v.plan_office, 164.0, 8.0, 9.0).span(5),
            ],
        },
        Row {
            height: 9.0,
            cells: vec![
                label("指定介護機関"),
                fitted(
                    c,
                    &format!("{}　{}", v.provider_number, v.provider_name),
                    164.0,
                    9.0,
                    10.0,
                )
                .span(5),
            ],
        },
        Row {
            height: 8.5,
            cells: vec![
                label("サービス種類"),
                fitted(c, &services, 164.0, 8.5, 9.0).span(5),
            ],
        },
        Row {
            height: 7.5,
            cells: vec![
                label("本人支払額"),
                value(yen_text(v.share_yen), 10.5),
                label("地区担当員"),
                fitted(c, &v.district_worker, 30.0, 7.5, 9.0),
                label("取扱担当者"),
                fitted(c, &v.handling_clerk, 38.0, 7.5, 9.0),
            ],
        },
    ];
    let t = Table {
        x: LEFT,
        y: top,
        widths: widths.clone(),
        rows,
    };
    c.table(&t);
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
    c.choice(
        col(3) + 4.0,
        base(1),
        &["単独", "併用"],
        Some(usize::from(!v.aid_only)),
        choice,
        5.0,
    );
    let sex = match v.sex {
        Sex::Male => Some(0),
        Sex::Female => Some(1),
        Sex::Unspecified => None,
    };
    c.choice(
        col(5) + 6.0,
        row_top(3) + 4.6,
        &["男", "女"],
        sex,
        Style::mincho(8.5),
        6.0,
    );

    let foot = top + t.height() + 5.5;
    c.text(
        LEFT,
        foot,
        "上記のとおり介護扶助のための介護を委託します。",
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
pub fn draw(b: &CareVoucherBatch) -> Result<Canvas> {
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
