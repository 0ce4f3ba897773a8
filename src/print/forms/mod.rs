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

use serde::{Deserialize, Serialize};

use super::layout::{Align, Canvas, Style, RULE_THICK, RULE_THIN};

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
