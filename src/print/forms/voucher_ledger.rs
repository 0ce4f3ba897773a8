//! 医療券交付処理簿 (and, for care aid later, 介護券交付処理簿): every voucher issued, 再交付,
//! changed or voided in a month, one line per event, on A4 landscape pages with the column
//! heads repeated and page numbers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{required, yen_text, OfficeBlock};
use crate::domain::era::format_wareki;
use crate::print::layout::{Align, Canvas, Cell, Paper, Row, Style, Table};
use crate::print::Result;

/// The title of care aid's ledger (施行細則準則 様式第11号の2).
pub const CARE_TITLE: &str = "介護券交付処理簿";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// 処理日 「R8.5.15」.
    pub date: String,
    /// 交付 / 再交付 / 期間変更 / 取消.
    pub event: String,
    pub issue_number: String,
    pub recipient_number: String,
    pub case_number: String,
    pub name: String,
    /// 医療券 / 調剤券.
    pub ticket: String,
    /// 「入院外・高血圧症」.
    pub summary: String,
    pub provider: String,
    /// 「R8.5.1〜R8.5.31」.
    pub valid: String,
    pub share_yen: i64,
    /// The reason or the change (取消の理由, 期間変更の内容).
    pub note: String,
    pub clerk: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherLedger {
    /// 「医療券交付処理簿」.
    pub title: String,
    /// 「令和8年5月分」.
    pub month_label: String,
    pub printed_on: NaiveDate,
    pub office: OfficeBlock,
    pub rows: Vec<LedgerRow>,
    /// Totals line: 交付 n件 再交付 n件 …
    pub totals: String,
    #[serde(default)]
    pub reissue: bool,
}

const LEFT: f32 = 10.0;
const WIDTHS: [f32; 13] = [
    14.0, 15.0, 25.0, 16.0, 16.0, 23.0, 13.0, 28.0, 32.0, 26.0, 15.0, 38.0, 16.0,
];
const HEADS: [&str; 13] = [
    "処理日",
    "区分",
    "交付番号",
    "受給者番号",
    "ケース番号",
    "氏名",
    "券別",
    "診療別・傷病名",
    "指定医療機関",
    "有効期間",
    "本人支払額",
    "理由・内容",
    "取扱者",
];
const ROW_H: f32 = 10.0;
const ROWS_PER_PAGE: usize = 16;

fn head_row() -> Row {
    Row {
        height: 8.0,
        cells: HEADS
            .iter()
            .map(|h| Cell::label(*h, 6.5).align(Align::Center))
            .collect(),
    }
}

fn line(c: &Canvas, r: &LedgerRow) -> Row {
    let texts = [
        &r.date,
        &r.event,
        &r.issue_number,
        &r.recipient_number,
        &r.case_number,
        &r.name,
        &r.ticket,
        &r.summary,
        &r.provider,
        &r.valid,
    ];
    let mut cells: Vec<Cell> = texts
        .iter()
        .zip(WIDTHS)
        .map(|(t, w)| super::fitted_cell(c, t, w, ROW_H, 7.0))
        .collect();
    cells.push(Cell::new(yen_text(r.share_yen), Style::mincho(7.0)).align(Align::Right));
    cells.push(super::fitted_cell(c, &r.note, WIDTHS[11], ROW_H, 6.5));
    cells.push(super::fitted_cell(c, &r.clerk, WIDTHS[12], ROW_H, 7.0));
    Row {
        height: ROW_H,
        cells,
    }
}

pub fn draw(l: &VoucherLedger) -> Result<Canvas> {
    required(&l.title, "表題")?;
    let mut c = Canvas::new(Paper::A4Landscape)?;
    let width: f32 = WIDTHS.iter().sum();
    let pages: Vec<&[LedgerRow]> = if l.rows.is_empty() {
        vec![&[]]
    } else {
        l.rows.chunks(ROWS_PER_PAGE).collect()
    };
    let n = pages.len();
    for (i, rows) in pages.into_iter().enumerate() {
        if i > 0 {
            c.new_page();
        }
        if l.reissue {
            c.reissue_mark(LEFT, 6.0);
        }
        c.text_aligned(
            LEFT,
            16.0,
            width,
            &format!("{}（{}）", l.title, l.month_label),
            Style::gothic(15.0).bold(),
            Align::Center,
        );
        c.text_aligned(
            LEFT,
            22.0,
            width,
            &format!(
                "{}　　作成日 {}",
                l.office.office_name,
                format_wareki(l.printed_on)
            ),
            Style::mincho(9.0),
            Align::Right,
        );
        let mut table_rows = vec![head_row()];
        table_rows.extend(rows.iter().map(|r| line(&c, r)));
        if rows.is_empty() {
            table_rows.push(Row {
                height: ROW_H,
                cells: vec![
                    Cell::new("この月の交付・取消はありません", Style::mincho(9.0)).span(13),
                ],
            });
        }
        let t = Table {
            x: LEFT,
            y: 26.0,
            widths: WIDTHS.to_vec(),
            rows: table_rows,
        };
        c.table(&t);
        if i + 1 == n {
            c.text(LEFT, t.y + t.height() + 6.0, &l.totals, Style::mincho(9.5));
        }
    }
    c.page_numbers();
    Ok(c)
}
