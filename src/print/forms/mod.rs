//! The forms: one module per document, each a typed value and a function that draws it.
//!
//! Shared here: [`OfficeBlock`] (who issues the document) and the way it is drawn.

pub mod calc_sheet;
pub mod care_voucher;
pub mod certificate;
pub mod check_list;
pub mod cover_letter;
pub mod decision_notice;
pub mod medical_voucher;
pub mod opinion_form;
pub mod voucher_ledger;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::layout::{Align, Canvas, Paper, Row, Style, Table, RULE_THICK, RULE_THIN};
use crate::domain::era::format_wareki;
use crate::domain::household::Sex;

/// The issuing office as printed on documents: 福祉事務所名, 所在地, 電話, 所長の職名・氏名.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeBlock {
    /// 福祉事務所名, e.g. "窓口町福祉事務所".
    pub office_name: String,
    /// 郵便番号 "123-4567" (may be empty).
    pub postal_code: String,
    /// 所在地.
    pub address: String,
    /// 電話 "0123-45-6789".
    pub phone: String,
    /// 所長の職名, e.g. "窓口町福祉事務所長".
    pub chief_title: String,
    /// 所長の氏名.
    pub chief_name: String,
}

impl OfficeBlock {
    /// "〒123-4567 住所" (the postal mark only when there is a code).
    pub fn address_line(&self) -> String {
        if self.postal_code.is_empty() {
            self.address.clone()
        } else {
            format!("〒{} {}", self.postal_code, self.address)
        }
    }
}

impl From<&crate::domain::office::OfficeSettings> for OfficeBlock {
    /// The office as configured in 事務所設定. The address is printed as configured (the
    /// prefecture is not prepended: settings hold the address as the office writes it).
    fn from(o: &crate::domain::office::OfficeSettings) -> Self {
        OfficeBlock {
            office_name: o.office_name.clone(),
            postal_code: o.postal_code.clone(),
            address: o.address.clone(),
            phone: o.phone.clone(),
            chief_title: o.chief_title.clone(),
            chief_name: o.chief_name.clone(),
        }
    }
}

/// Draw the issuer: 職名 and 氏名 with a seal frame at the end of the name, right end at
/// `right`, baseline `y`. Returns the x where the title starts.
pub(crate) fn draw_chief_with_seal(
    c: &mut Canvas,
    right: f32,
    y: f32,
    office: &OfficeBlock,
) -> f32 {
    let style = Style::mincho(14.0);
    let seal = 16.0;
    let text = format!("{}　{}", office.chief_title, office.chief_name);
    let name_right = right - seal - 2.0;
    let w = c.measure(&text, style);
    c.text_aligned(name_right - w, y, w, &text, style, Align::Left);
    c.seal_frame(right - seal / 2.0, y - 1.8, seal);
    name_right - w
}

/// The foot of a voucher: the entrustment (「上記のとおり医療の給付を委託します。」), the date of
/// issue, the office and its chief with the seal, ruled off; `foot` is the entrustment's baseline.
pub(crate) fn draw_entrustment_foot(
    c: &mut Canvas,
    foot: f32,
    entrustment: &str,
    issued_on: NaiveDate,
    office: &OfficeBlock,
) {
    let style = Style::mincho(9.5);
    c.text(VOUCHER_LEFT, foot, entrustment, style);
    c.text(VOUCHER_LEFT, foot + 6.0, &format_wareki(issued_on), style);
    c.text(VOUCHER_LEFT + 40.0, foot + 6.0, &office.office_name, style);
    draw_chief_with_seal(c, VOUCHER_LEFT + VOUCHER_WIDTH, foot + 5.0, office);
    c.line(
        VOUCHER_LEFT,
        foot + 9.0,
        VOUCHER_LEFT + VOUCHER_WIDTH,
        foot + 9.0,
        RULE_THIN,
    );
}

/// The printed area of a voucher's A4-half page: left edge and width (mm).
pub(crate) const VOUCHER_LEFT: f32 = 10.0;
pub(crate) const VOUCHER_WIDTH: f32 = 190.0;

/// A voucher (医療券・調剤券, 介護券) as a month's batch prints it: one A4-half page each.
pub(crate) trait VoucherPage {
    /// The 交付番号, and whether the voucher is a 再交付 (it replaces a lost or spoiled one).
    fn head(&self) -> (&str, bool);
    fn validate(&self) -> super::Result<()>;
    /// The page under its head: the title, the ruled body and the foot.
    fn draw_body(&self, c: &mut Canvas, office: &OfficeBlock, issued_on: NaiveDate);
}

/// A batch of vouchers as one document, one page each in the order given (by institution, for
/// posting). Each page's head is the 再交付 mark of a replacing voucher (or the print queue's
/// 再発行 mark when the whole batch is printed again) and the 交付番号.
pub(crate) fn draw_voucher_batch<V: VoucherPage>(
    office: &OfficeBlock,
    issued_on: NaiveDate,
    batch_reissue: bool,
    vouchers: &[V],
) -> super::Result<Canvas> {
    if vouchers.is_empty() {
        return Err(super::PrintError::InvalidDocument(
            "印刷する券がありません".into(),
        ));
    }
    required(&office.office_name, "福祉事務所名")?;
    let mut c = Canvas::new(Paper::A4Half)?;
    for (i, v) in vouchers.iter().enumerate() {
        v.validate()?;
        if i > 0 {
            c.new_page();
        }
        let (issue_number, reissued) = v.head();
        if reissued {
            reissued_mark(&mut c, VOUCHER_LEFT, 6.0);
        } else if batch_reissue {
            c.reissue_mark(VOUCHER_LEFT, 6.0);
        }
        c.text_aligned(
            VOUCHER_LEFT,
            10.0,
            VOUCHER_WIDTH,
            &format!("交付番号　{issue_number}"),
            Style::mincho(9.0),
            Align::Right,
        );
        v.draw_body(&mut c, office, issued_on);
    }
    Ok(c)
}

/// A voucher's ruled body as drawn: where its columns and rows are, to mark choices in its cells.
pub(crate) struct VoucherTable(Table);

impl VoucherTable {
    /// The left edge of column `i`.
    pub(crate) fn col(&self, i: usize) -> f32 {
        self.0.x + self.0.widths[..i].iter().sum::<f32>()
    }
    /// The top of row `i`.
    pub(crate) fn row_top(&self, i: usize) -> f32 {
        self.0.y + self.0.rows[..i].iter().map(|r| r.height).sum::<f32>()
    }
    /// The baseline of one line of text in the middle of row `i`.
    pub(crate) fn base(&self, i: usize) -> f32 {
        self.row_top(i) + self.0.rows[i].height / 2.0 + 1.3
    }
    /// Circle 男 or 女 in the 性別 cell of the person's first row (`row`, see [`person_rows`]).
    pub(crate) fn mark_sex(&self, c: &mut Canvas, row: usize, sex: Sex) {
        let chosen = match sex {
            Sex::Male => Some(0),
            Sex::Female => Some(1),
            Sex::Unspecified => None,
        };
        c.choice(
            self.col(5) + 6.0,
            self.row_top(row) + 4.6,
            &["男", "女"],
            chosen,
            Style::mincho(8.5),
            6.0,
        );
    }
    /// The baseline of the entrustment under the table.
    pub(crate) fn foot(&self) -> f32 {
        self.0.y + self.0.height() + 5.5
    }
}

/// Draw a voucher's ruled body under its title, in six columns (label, value, label, value,
/// label, value). Its first two rows are the [`number_rows`]: their blank value cells get the
/// numbers in digit boxes and 単独 or 併用 (`combined`) is circled.
pub(crate) fn draw_voucher_table(
    c: &mut Canvas,
    rows: Vec<Row>,
    public_payer_number: &str,
    recipient_number: &str,
    combined: bool,
) -> VoucherTable {
    let t = VoucherTable(Table {
        x: VOUCHER_LEFT,
        y: 24.0,
        widths: vec![26.0, 47.0, 25.0, 30.0, 24.0, 38.0],
        rows,
    });
    c.table(&t.0);
    let digits = Style::gothic(12.0);
    for (row, n, len) in [(0, public_payer_number, 8), (1, recipient_number, 7)] {
        c.digit_boxes(
            t.col(1) + 2.0,
            t.row_top(row) + 1.5,
            len,
            (5.5, 7.0),
            n,
            digits,
        );
    }
    c.choice(
        t.col(3) + 4.0,
        t.base(1),
        &["単独", "併用"],
        Some(usize::from(combined)),
        Style::mincho(10.0),
        5.0,
    );
    t
}

/// The first rows of a voucher's body: 公費負担者番号 and 有効期間; 受給者番号 and 単独・併用, then
/// `tail` (the cells after 単独・併用's). The numbers' digit boxes and the 単独・併用 mark are
/// drawn by [`draw_voucher_table`].
pub(crate) fn number_rows(
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    tail: Vec<super::layout::Cell>,
) -> [Row; 2] {
    use medical_voucher::{blank, label, value};
    let valid = format!(
        "{}から\n{}まで",
        format_wareki(valid_from),
        format_wareki(valid_to)
    );
    let mut second = vec![label("受給者番号"), blank(), label("単独・併用")];
    second.extend(tail);
    [
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
            cells: second,
        },
    ]
}

/// The person's rows of a voucher's body: フリガナ and 性別 (circled by
/// [`VoucherTable::mark_sex`]), 氏名 and 生年月日, 居住地.
pub(crate) fn person_rows(
    c: &Canvas,
    kana: &str,
    name: &str,
    birth_date: NaiveDate,
    address: &str,
) -> [Row; 3] {
    use medical_voucher::{blank, fitted, label, value};
    [
        Row {
            height: 6.0,
            cells: vec![
                label("フリガナ"),
                fitted(c, kana, 102.0, 6.0, 7.5).span(3),
                label("性別"),
                blank(),
            ],
        },
        Row {
            height: 10.0,
            cells: vec![
                label("氏名"),
                fitted(c, name, 102.0, 10.0, 14.0).span(3),
                label("生年月日"),
                value(format_wareki(birth_date), 9.0),
            ],
        },
        Row {
            height: 8.5,
            cells: vec![label("居住地"), fitted(c, address, 164.0, 8.5, 8.5).span(5)],
        },
    ]
}

/// A voucher's 公費負担者番号 (8 digits) and 受給者番号 (7 digits, 6 + check digit), and its
/// 有効期間 in order.
pub(crate) fn check_voucher_numbers(
    public_payer_number: &str,
    recipient_number: &str,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
) -> super::Result<()> {
    for (n, len, what) in [
        (public_payer_number, 8, "公費負担者番号"),
        (recipient_number, 7, "受給者番号"),
    ] {
        if n.len() != len || !n.bytes().all(|b| b.is_ascii_digit()) {
            return Err(super::PrintError::InvalidDocument(format!(
                "{what}が{len}桁の数字ではありません"
            )));
        }
    }
    if valid_to < valid_from {
        return Err(super::PrintError::InvalidDocument(
            "有効期間の終わりが始まりより前です".into(),
        ));
    }
    Ok(())
}

/// 「再交付」 in a double-ruled box: this voucher replaces a lost or spoiled one (its number is
/// new; the ledger keeps both).
fn reissued_mark(c: &mut Canvas, x: f32, top: f32) {
    let style = Style::gothic(13.0).bold();
    let (w, h) = (c.measure("再交付", style) + 8.0, 9.5);
    c.rect(x, top, w, h, RULE_THICK);
    c.rect(x + 1.0, top + 1.0, w - 2.0, h - 2.0, RULE_THIN);
    c.text_aligned(x, top + 6.7, w, "再交付", style, Align::Center);
}

/// The 「案」 mark of a document printed before its decision is approved (決裁前): a double-ruled
/// box with 案 and 「決裁前・送付不可」, its top-left corner at (x, top). Drawn instead of the
/// 再発行 mark.
pub(crate) fn draw_draft_mark(c: &mut Canvas, x: f32, top: f32) {
    let big = Style::gothic(20.0).bold();
    let small = Style::gothic(7.5);
    let (w, h) = (30.0, 11.0);
    c.rect(x, top, w, h, RULE_THICK);
    c.rect(x + 1.0, top + 1.0, w - 2.0, h - 2.0, RULE_THIN);
    c.text(x + 3.0, top + 8.6, "案", big);
    c.text(x + 11.5, top + 5.0, "決裁前", small);
    c.text(x + 11.5, top + 8.6, "送付不可", small);
}

/// A shaded label cell. Up to five characters it is spread across the cell (均等割り); a longer
/// one (公費負担者番号, 感染症法37条の2, 主要症状及び今後の診療見込 …) is set a little smaller and
/// centred, wrapping inside its box rather than running out of it.
pub(crate) fn label_cell(t: &str, size: f32) -> super::layout::Cell {
    use super::layout::{Align, Cell};
    match t.chars().count() {
        0..=5 => Cell::label(t, size),
        6..=7 => Cell::label(t, size * 0.82).align(Align::Center),
        _ => Cell::label(t, size * 0.76).align(Align::Center),
    }
}

/// A value that must fit its box whatever its length (names, addresses, remarks typed by
/// people): the size steps down to 6 pt; what still does not fit is cut with 「…」.
pub(crate) fn fitted_cell(
    c: &super::layout::Canvas,
    t: &str,
    width: f32,
    height: f32,
    size: f32,
) -> super::layout::Cell {
    use super::layout::{Cell, Style};
    let inner = width - 4.0;
    let fits = |t: &str, s: f32| {
        let lines = c.wrap(t, inner, Style::mincho(s)).len().max(1) as f32;
        let mm = s / (72.0 / 25.4);
        mm * 1.5 * (lines - 1.0) + mm <= height - 0.6
    };
    let mut s = size;
    while s > 6.0 && !fits(t, s) {
        s -= 0.5;
    }
    let mut text = t.to_string();
    while !fits(&text, s) && text.chars().count() > 1 {
        let n = text.chars().count();
        text = text.chars().take(n.saturating_sub(2)).collect::<String>() + "…";
    }
    Cell::new(text, Style::mincho(s))
}

pub(crate) use crate::domain::money::yen_text;

/// Check that a required text field is filled in.
pub(crate) fn required(value: &str, label: &str) -> super::Result<()> {
    if value.trim().is_empty() {
        Err(super::PrintError::InvalidDocument(format!(
            "{label}が入力されていません"
        )))
    } else {
        Ok(())
    }
}
