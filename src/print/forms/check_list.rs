//! 確認リスト: the lines of the exchange's confirmation list (a changed or blank My Number for the
//! same person, a server My Number check, an inquiry answer that does not match its request), for
//! the clerk to check against the documents and sign off. One row per line with a 確認欄 to fill
//! in by hand. Numbers appear masked only (****-****-1234), as the canvas would refuse anything
//! else.
//!
//! A4 portrait; the table continues over as many pages as it needs, header repeated.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calc_sheet::{fitted_row, head, Flow};
use super::required;
use crate::domain::era::format_wareki;
use crate::print::layout::{Align, Canvas, Cell, Paper, Row, Style};
use crate::print::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckListLine {
    pub no: i64,
    /// 個人番号の変更, 個人番号が空白, …
    pub kind: String,
    pub case_number: String,
    pub person_name: String,
    pub detail: String,
    /// When the line was raised ("2025-06-02").
    pub raised_on: String,
    /// Who confirmed it and the note, once confirmed (else blank, to be filled in by hand).
    #[serde(default)]
    pub reviewed: String,
}

/// 確認リスト.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckList {
    pub office_name: String,
    /// 作成日; also the PDF's creation date.
    pub date: NaiveDate,
    /// 未確認のみ / 全件.
    pub scope: String,
    pub lines: Vec<CheckListLine>,
    #[serde(default)]
    pub reissue: bool,
}

pub const TITLE: &str = "確認リスト（中間サーバー連携）";

const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
const WIDTHS: [f32; 6] = [10.0, 28.0, 22.0, 28.0, 62.0, 30.0];

/// Draw the list (page numbers on every page).
pub fn draw(l: &CheckList) -> Result<Canvas> {
    required(&l.office_name, "福祉事務所名")?;
    let mut c = Canvas::new(Paper::A4)?;
    if l.reissue {
        c.reissue_mark(LEFT, 10.0);
    }
    c.text_aligned(
        LEFT,
        24.0,
        RIGHT - LEFT,
        TITLE,
        Style::gothic(16.0).bold(),
        Align::Center,
    );
    let v = Style::mincho(9.0);
    c.text(
        LEFT,
        33.0,
        &format!(
            "{}　作成日 {}　{}　{} 件",
            l.office_name,
            format_wareki(l.date),
            l.scope,
            l.lines.len()
        ),
        v,
    );
    c.text(
        LEFT,
        38.5,
        "同じ人に以前と異なる個人番号を結び付けようとした場合・個人番号が空白の場合などの一覧です。本人確認書類と照合し、確認欄に記入してください。",
        Style::mincho(7.5),
    );
    let mut y = 42.0;
    let s = Style::mincho(8.0);
    let rows: Vec<Row> = if l.lines.is_empty() {
        vec![Row {
            height: 8.0,
            cells: vec![Cell::new("確認が必要な項目はありません", v)
                .span(6)
                .align(Align::Center)],
        }]
    } else {
        l.lines
            .iter()
            .map(|x| {
                fitted_row(
                    &c,
                    &WIDTHS,
                    vec![
                        Cell::new(x.no.to_string(), s).align(Align::Right),
                        Cell::new(x.kind.clone(), s),
                        Cell::new(x.case_number.clone(), s),
                        Cell::new(x.person_name.clone(), s),
                        Cell::new(
                            format!("{}（{}）", x.detail, x.raised_on),
                            Style::mincho(7.5),
                        ),
                        Cell::new(x.reviewed.clone(), Style::mincho(7.5)),
                    ],
                    9.0,
                )
            })
            .collect()
    };
    let continued = format!("{TITLE}（続き）　作成日 {}", format_wareki(l.date));
    Flow {
        widths: WIDTHS.to_vec(),
        header: Row {
            height: 6.5,
            cells: vec![
                head("No."),
                head("確認事項"),
                head("ケース番号"),
                head("氏名"),
                head("内容"),
                head("確認欄"),
            ],
        },
        continued: &continued,
    }
    .draw(&mut c, &mut y, rows);
    c.page_numbers();
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::{render, Document};

    fn list(n: usize) -> CheckList {
        CheckList {
            office_name: "見本市福祉事務所".into(),
            date: NaiveDate::from_ymd_opt(2025, 6, 2).unwrap(),
            scope: "未確認のみ".into(),
            lines: (0..n)
                .map(|i| CheckListLine {
                    no: i as i64 + 1,
                    kind: "個人番号の変更".into(),
                    case_number: format!("N-{i:04}"),
                    person_name: "見本 花子".into(),
                    detail: "前回登録した個人番号（****-****-9018）と異なる個人番号（****-****-1234）を登録します".into(),
                    raised_on: "2025-06-02".into(),
                    reviewed: String::new(),
                })
                .collect(),
            reissue: false,
        }
    }

    #[test]
    fn a_long_list_flows_over_pages_and_renders_deterministically() {
        let doc = Document::CheckList(list(60));
        let a = render(&doc).unwrap();
        assert_eq!(a, render(&doc).unwrap());
        let pages = lopdf::Document::load_mem(&a).unwrap().get_pages().len();
        assert!(pages >= 2, "{pages}");
    }

    #[test]
    fn an_unmasked_my_number_is_refused() {
        let mut l = list(1);
        l.lines[0].detail = "個人番号 123456789018".into();
        assert!(render(&Document::CheckList(l)).is_err());
    }
}
