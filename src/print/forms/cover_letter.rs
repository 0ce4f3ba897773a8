//! 送付書: the cover letter sent with documents (宛先, date, sender, a short message wrapped
//! with kinsoku rules, and the list of enclosures with counts). Dates and numbers in the
//! heading use full-width digits, as letters of the office do.
//!
//! A long list of enclosures continues on further pages, with page numbers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{required, OfficeBlock};
use crate::domain::era::format_wareki_fullwidth;
use crate::print::layout::{fullwidth_digits, Align, Canvas, Cell, Paper, Row, Style, Table};
use crate::print::{PrintError, Result};

/// One kind of enclosure and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    /// 送付物, e.g. "保護受給証明書".
    pub name: String,
    /// 部数 (at least 1).
    pub count: u32,
}

/// 送付書.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverLetter {
    /// 文書番号 (optional), e.g. "窓福第45号".
    pub document_number: Option<String>,
    pub date: NaiveDate,
    /// 宛先 (person or organisation), printed with 様.
    pub addressee: String,
    pub office: OfficeBlock,
    /// The message, wrapped to the page; blank lines are kept.
    pub message: String,
    pub enclosures: Vec<Enclosure>,
    /// 担当者 (optional): printed under the sender as the contact person.
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub reissue: bool,
}

pub const TITLE: &str = "送付書";

const LEFT: f32 = 25.0;
const RIGHT: f32 = 185.0;
/// Lowest baseline / table bottom before a page break.
const BOTTOM: f32 = 270.0;
const ROW_H: f32 = 10.0;

impl CoverLetter {
    fn validate(&self) -> Result<()> {
        required(&self.addressee, "宛先")?;
        required(&self.office.office_name, "福祉事務所名")?;
        if self.enclosures.is_empty() {
            return Err(PrintError::InvalidDocument("送付物がありません".into()));
        }
        if let Some(e) = self.enclosures.iter().find(|e| e.count == 0) {
            return Err(PrintError::InvalidDocument(format!(
                "「{}」の部数が0です",
                e.name
            )));
        }
        Ok(())
    }
}

fn header_row() -> Row {
    Row {
        height: ROW_H,
        cells: vec![
            Cell::label("番号", 10.5).align(Align::Center),
            Cell::label("送付物", 10.5).align(Align::Center),
            Cell::label("部数", 10.5).align(Align::Center),
        ],
    }
}

/// Draw the cover letter (A4, one page unless the enclosures run over).
pub fn draw(letter: &CoverLetter) -> Result<Canvas> {
    letter.validate()?;
    let mut c = Canvas::new(Paper::A4)?;
    let body = Style::mincho(11.5);

    if letter.reissue {
        c.reissue_mark(LEFT, 14.0);
    }
    let mut y = 24.0;
    if let Some(no) = &letter.document_number {
        c.text_aligned(
            LEFT,
            y,
            RIGHT - LEFT,
            &fullwidth_digits(no),
            body,
            Align::Right,
        );
        y += 7.0;
    }
    c.text_aligned(
        LEFT,
        y,
        RIGHT - LEFT,
        &format_wareki_fullwidth(letter.date),
        body,
        Align::Right,
    );

    // Addressee, underlined.
    let to = Style::mincho(14.0);
    let addressee = format!("{}　様", letter.addressee);
    y += 18.0;
    let w = c.measure(&addressee, to).max(70.0);
    c.text(LEFT, y, &addressee, to);
    c.line(LEFT, y + 2.0, LEFT + w, y + 2.0, 0.6);

    // Sender, right-aligned block.
    let o = &letter.office;
    let sender = Style::mincho(10.5);
    y += 12.0;
    let block_x = 118.0;
    c.text(block_x, y, &o.office_name, Style::mincho(12.0));
    for line in [o.address_line(), format!("電話 {}", o.phone)] {
        y += 6.0;
        for l in c.wrap(&line, RIGHT - block_x, sender) {
            c.text(block_x, y, &l, sender);
            y += 5.0;
        }
        y -= 5.0;
    }
    if let Some(contact) = &letter.contact {
        y += 6.0;
        c.text(block_x, y, &format!("担当 {contact}"), sender);
    }

    // Title and message.
    y += 20.0;
    c.text_aligned(
        LEFT,
        y,
        RIGHT - LEFT,
        TITLE,
        Style::gothic(20.0).bold(),
        Align::Center,
    );
    y += 16.0;
    y = c.paragraph(
        LEFT + 4.0,
        y,
        RIGHT - LEFT - 8.0,
        &letter.message,
        body,
        7.0,
    );

    // 記 and the list of enclosures.
    y += 6.0;
    c.text_aligned(LEFT, y, RIGHT - LEFT, "記", body, Align::Center);
    y += 6.0;
    let widths = vec![18.0, RIGHT - LEFT - 18.0 - 26.0, 26.0];
    let mut rows = vec![header_row()];
    let mut top = y;
    for (i, e) in letter.enclosures.iter().enumerate() {
        if top + ROW_H * (rows.len() as f32 + 1.0) > BOTTOM {
            c.table(&Table {
                x: LEFT,
                y: top,
                widths: widths.clone(),
                rows: std::mem::take(&mut rows),
            });
            c.new_page();
            top = 25.0;
            rows.push(header_row());
        }
        rows.push(Row {
            height: ROW_H,
            cells: vec![
                Cell::new((i + 1).to_string(), body).align(Align::Center),
                Cell::new(e.name.clone(), body),
                Cell::new(format!("{}部", e.count), body).align(Align::Right),
            ],
        });
    }
    let table = Table {
        x: LEFT,
        y: top,
        widths,
        rows,
    };
    let end = table.y + table.height();
    c.table(&table);
    c.text_aligned(
        LEFT,
        (end + 9.0).min(BOTTOM + 8.0),
        RIGHT - LEFT,
        "以上",
        body,
        Align::Right,
    );

    if c.page_count() > 1 {
        c.page_numbers();
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::samples::cover_letter as sample;

    #[test]
    fn zero_count_is_refused() {
        let mut l = sample();
        l.enclosures[0].count = 0;
        assert_eq!(
            draw(&l).err().unwrap().to_string(),
            "帳票の内容に誤りがあります：「保護受給証明書」の部数が0です"
        );
    }

    #[test]
    fn long_list_runs_onto_a_second_page() {
        let mut l = sample();
        l.enclosures = (1..=30)
            .map(|i| Enclosure {
                name: format!("書類{i}"),
                count: 1,
            })
            .collect();
        assert_eq!(draw(&l).unwrap().page_count(), 2);
        assert_eq!(draw(&sample()).unwrap().page_count(), 1);
    }
}
