//! 保護決定調書: the calculation behind one decision, kept on the case file. Every line of the
//! stored calculation (kind of aid, item, member, rate table and line, amount, arithmetic), the
//! income recognition, the amounts by kind of aid and the totals, with the 決裁欄 (起案・審査・決裁:
//! names and dates) in boxes at the top right.
//!
//! A4 portrait; the line table continues over as many pages as it needs, with the column header
//! repeated and "n / N" page numbers on every page. The value is built from the decision's
//! snapshot by `service::notices::sheet_from_decision`. Household members are listed by name,
//! relationship, birth date and age: no My Number.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::decision_notice::AidLine;
use super::{draw_draft_mark, required, yen_text};
use crate::domain::decision::DecisionKind;
use crate::domain::era::{format_wareki, format_wareki_short};
use crate::print::layout::{Align, Canvas, Cell, Paper, Row, Style, Table};
use crate::print::Result;

/// A member of the household as the calculation counted them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetMember {
    pub name: String,
    /// 続柄 as registered (世帯主, 妻, 子 …).
    pub relationship: String,
    pub birth_date: NaiveDate,
    /// Age on the calculation date.
    pub age: u32,
}

/// One explained line of the calculation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetLine {
    /// 生活扶助, 住宅扶助, … or 収入認定.
    pub kind_of_aid: String,
    pub label: String,
    #[serde(default)]
    pub member: Option<String>,
    /// The rate table by its Japanese title from the set's manifest, e.g. "生活扶助基準（第1類）".
    #[serde(default)]
    pub table_ref: Option<String>,
    pub amount_yen: i64,
    /// Part of the total; working lines are printed in parentheses.
    pub counted: bool,
    #[serde(default)]
    pub note: String,
}

/// One box of the 決裁欄.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// 起案, 審査, 決裁.
    pub step: String,
    /// Who did it (display name); empty boxes are left blank.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// 保護決定調書.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalculationSheet {
    pub case_number: String,
    pub head_name: String,
    pub decision_id: i64,
    pub decision_kind: DecisionKind,
    pub effective_date: NaiveDate,
    /// The date the calculation priced (usually the effective date).
    pub calc_date: NaiveDate,
    /// 級地, e.g. "1級地-1".
    pub grade_label: String,
    pub rate_version: String,
    /// The rate set's title, e.g. "令和7年10月〜令和8年9月 生活保護基準（国の基準額表・居宅）".
    #[serde(default)]
    pub rate_title: String,
    /// The rate set holds invented test figures: 「試験用・実在しない金額」 on every page.
    #[serde(default)]
    pub test_figures: bool,
    /// The rate set's SHA-256, printed shortened in groups of 8.
    pub rate_sha256: String,
    pub members: Vec<SheetMember>,
    pub lines: Vec<SheetLine>,
    #[serde(default)]
    pub income_lines: Vec<SheetLine>,
    pub aids: Vec<AidLine>,
    pub minimum_total_yen: i64,
    pub income_recognised_yen: i64,
    pub income_applied_yen: i64,
    pub benefit_yen: i64,
    pub cash_benefit_yen: i64,
    pub own_payment_yen: i64,
    /// 起案・審査・決裁, in this order.
    pub stamps: Vec<Stamp>,
    pub office_name: String,
    /// 作成日; also the PDF's creation date.
    pub date: NaiveDate,
    /// Not yet approved: the 「案」 mark.
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub reissue: bool,
}

pub const TITLE: &str = "保護決定調書";

const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
const TOP: f32 = 22.0;
const BOTTOM: f32 = 282.0;
/// Columns of the line tables: 扶助の種類, 項目, 世帯員, 根拠, 金額, 計算.
const LINE_WIDTHS: [f32; 6] = [19.0, 40.0, 19.0, 38.0, 22.0, 42.0];
const PT_PER_MM: f32 = 72.0 / 25.4;

impl CalculationSheet {
    fn validate(&self) -> Result<()> {
        required(&self.case_number, "ケース番号")?;
        required(&self.rate_version, "基準額表の版")?;
        required(&self.office_name, "福祉事務所名")?;
        if self.lines.is_empty() {
            return Err(crate::print::PrintError::InvalidDocument(
                "計算の行がありません".into(),
            ));
        }
        Ok(())
    }

    /// "1a2b3c4d 5e6f7a8b…": enough to compare by eye, and never a run of 12 digits.
    pub fn sha_text(&self) -> String {
        let s: String = self.rate_sha256.chars().take(16).collect();
        if s.len() < 16 {
            return s;
        }
        format!("{} {}…", &s[..8], &s[8..])
    }
}

/// Rows of a table drawn down the page and on as many further pages as they need, the header
/// row repeated on each, after a one-line continuation title. (A4 portrait; also used by the
/// 確認リスト.)
pub(crate) struct Flow<'a> {
    pub widths: Vec<f32>,
    pub header: Row,
    pub continued: &'a str,
}

impl Flow<'_> {
    pub fn draw(&self, c: &mut Canvas, y: &mut f32, rows: Vec<Row>) {
        let mut pending = vec![self.header.clone()];
        let mut top = *y;
        let mut bottom = top + self.header.height;
        for row in rows {
            if bottom + row.height > BOTTOM {
                if pending.len() > 1 {
                    c.table(&Table {
                        x: LEFT,
                        y: top,
                        widths: self.widths.clone(),
                        rows: std::mem::take(&mut pending),
                    });
                } else {
                    pending.clear();
                }
                c.new_page();
                c.text(LEFT, TOP - 6.0, self.continued, Style::gothic(9.0));
                top = TOP;
                pending.push(self.header.clone());
                bottom = top + self.header.height;
            }
            bottom += row.height;
            pending.push(row);
        }
        c.table(&Table {
            x: LEFT,
            y: top,
            widths: self.widths.clone(),
            rows: pending,
        });
        *y = bottom;
    }
}

fn size_mm(style: Style) -> f32 {
    style.size / PT_PER_MM
}

/// A row whose height fits the tallest wrapped cell.
pub(crate) fn fitted_row(c: &Canvas, widths: &[f32], cells: Vec<Cell>, min: f32) -> Row {
    let mut col = 0;
    let mut height = min;
    for cell in &cells {
        let w: f32 = widths.iter().skip(col).take(cell.span).sum();
        col += cell.span;
        let lines = c.wrap(&cell.text, w - 4.0, cell.style).len().max(1) as f32;
        let size = size_mm(cell.style);
        height = height.max(size * (1.5 * (lines - 1.0) + 1.0) + 3.0);
    }
    Row { height, cells }
}

pub(crate) fn head(t: &str) -> Cell {
    Cell::new(t, Style::gothic(8.5)).align(Align::Center)
}

fn line_rows(c: &Canvas, lines: &[SheetLine]) -> Vec<Row> {
    let s = Style::mincho(8.0);
    lines
        .iter()
        .map(|l| {
            let amount = if l.counted {
                yen_text(l.amount_yen)
            } else {
                format!("({})", yen_text(l.amount_yen))
            };
            fitted_row(
                c,
                &LINE_WIDTHS,
                vec![
                    Cell::new(l.kind_of_aid.clone(), s),
                    Cell::new(l.label.clone(), s),
                    Cell::new(l.member.clone().unwrap_or_default(), s),
                    Cell::new(l.table_ref.clone().unwrap_or_default(), Style::mincho(7.0)),
                    Cell::new(amount, s).align(Align::Right),
                    Cell::new(l.note.clone(), Style::mincho(7.0)),
                ],
                6.0,
            )
        })
        .collect()
}

fn line_header(first: &str) -> Row {
    Row {
        height: 6.5,
        cells: vec![
            head(first),
            head("項目"),
            head("世帯員"),
            head("根拠（基準額表）"),
            head("金額（月額）"),
            head("計算"),
        ],
    }
}

fn section(c: &mut Canvas, y: &mut f32, title: &str) {
    if *y + 16.0 > BOTTOM {
        c.new_page();
        *y = TOP;
    }
    *y += 6.0;
    c.text(LEFT, *y, title, Style::gothic(10.5));
    *y += 2.0;
}

/// Draw the sheet (page numbers on every page).
pub fn draw(s: &CalculationSheet) -> Result<Canvas> {
    s.validate()?;
    let mut c = Canvas::new(Paper::A4)?;
    let width = RIGHT - LEFT;
    let v = Style::mincho(9.5);

    if s.draft {
        draw_draft_mark(&mut c, LEFT, 10.0);
    } else if s.reissue {
        c.reissue_mark(LEFT, 10.0);
    }

    // 決裁欄, top right.
    let box_w = 21.0;
    let stamps = Table {
        x: RIGHT - box_w * s.stamps.len() as f32,
        y: 8.0,
        widths: vec![box_w; s.stamps.len()],
        rows: vec![
            Row {
                height: 5.5,
                cells: s
                    .stamps
                    .iter()
                    .map(|st| Cell::label(st.step.clone(), 8.5).align(Align::Center))
                    .collect(),
            },
            Row {
                height: 13.0,
                cells: s
                    .stamps
                    .iter()
                    .map(|st| {
                        Cell::new(st.name.clone().unwrap_or_default(), Style::mincho(8.5))
                            .align(Align::Center)
                    })
                    .collect(),
            },
            Row {
                height: 5.5,
                cells: s
                    .stamps
                    .iter()
                    .map(|st| {
                        Cell::new(
                            st.date.map(format_wareki_short).unwrap_or_default(),
                            Style::mincho(7.5),
                        )
                        .align(Align::Center)
                    })
                    .collect(),
            },
        ],
    };
    c.table(&stamps);

    // Title, left of the 決裁欄.
    let title = if s.draft {
        format!("{TITLE}（案）")
    } else {
        TITLE.to_string()
    };
    c.text_aligned(
        LEFT,
        30.0,
        stamps.x - LEFT - 4.0,
        &title,
        Style::gothic(18.0).bold(),
        Align::Center,
    );

    // Facts of the decision.
    let label = |t: &str| Cell::label(t, 9.0);
    let val = |t: String| Cell::new(t, v);
    let facts = Table {
        x: LEFT,
        y: 36.0,
        widths: vec![24.0, 66.0, 24.0, width - 114.0],
        rows: vec![
            Row {
                height: 7.5,
                cells: vec![
                    label("ケース番号"),
                    val(s.case_number.clone()),
                    label("世帯主"),
                    val(s.head_name.clone()),
                ],
            },
            Row {
                height: 7.5,
                cells: vec![
                    label("決定の種類"),
                    val(format!(
                        "{}（決定番号 {}）",
                        s.decision_kind.label(),
                        s.decision_id
                    )),
                    label("適用年月日"),
                    val(format_wareki(s.effective_date)),
                ],
            },
            Row {
                height: 7.5,
                cells: vec![
                    label("計算日"),
                    val(format_wareki(s.calc_date)),
                    label("級地"),
                    val(s.grade_label.clone()),
                ],
            },
            Row {
                height: 7.5,
                cells: vec![
                    label("基準額表"),
                    val(if s.rate_title.trim().is_empty() {
                        s.rate_version.clone()
                    } else {
                        s.rate_title.trim().to_string()
                    })
                    .span(3),
                ],
            },
            Row {
                height: 7.5,
                cells: vec![
                    label("版"),
                    val(format!("{}（SHA-256 {}）", s.rate_version, s.sha_text())).span(3),
                ],
            },
        ],
    };
    c.table(&facts);
    let mut y = facts.y + facts.height();

    // Members.
    section(&mut c, &mut y, "【世帯員】");
    let mw = vec![60.0, 30.0, 60.0, width - 150.0];
    let member_rows = s
        .members
        .iter()
        .map(|m| Row {
            height: 6.5,
            cells: vec![
                Cell::new(m.name.clone(), v),
                Cell::new(m.relationship.clone(), v).align(Align::Center),
                Cell::new(format_wareki(m.birth_date), v),
                Cell::new(format!("{}歳", m.age), v).align(Align::Right),
            ],
        })
        .collect();
    let continued = format!(
        "{TITLE}（続き）　ケース番号 {}　決定番号 {}",
        s.case_number, s.decision_id
    );
    Flow {
        widths: mw,
        header: Row {
            height: 6.0,
            cells: vec![
                head("氏名"),
                head("続柄"),
                head("生年月日"),
                head("年齢（計算日）"),
            ],
        },
        continued: &continued,
    }
    .draw(&mut c, &mut y, member_rows);

    // Every line of the minimum cost of living.
    section(&mut c, &mut y, "【最低生活費の算定】");
    let rows = line_rows(&c, &s.lines);
    Flow {
        widths: LINE_WIDTHS.to_vec(),
        header: line_header("扶助の種類"),
        continued: &continued,
    }
    .draw(&mut c, &mut y, rows);
    c.text(
        LEFT,
        y + 4.5,
        "（　）内の金額は計算の過程を示すもので、合計には含めません。",
        Style::mincho(7.5),
    );
    y += 5.0;

    // Income recognition.
    section(&mut c, &mut y, "【収入認定】");
    if s.income_lines.is_empty() {
        y += 5.0;
        c.text(LEFT + 2.0, y, "認定する収入はありません。", v);
    } else {
        let rows = line_rows(&c, &s.income_lines);
        Flow {
            widths: LINE_WIDTHS.to_vec(),
            header: line_header("区分"),
            continued: &continued,
        }
        .draw(&mut c, &mut y, rows);
    }

    // Amounts by kind of aid and the totals.
    section(&mut c, &mut y, "【扶助別の額と合計】");
    let aw = vec![45.0, 45.0, 45.0, width - 135.0];
    let n = Style::mincho(9.5);
    let amt = |x: i64| Cell::new(yen_text(x), n).align(Align::Right);
    let mut rows: Vec<Row> = s
        .aids
        .iter()
        .map(|a| Row {
            height: 6.5,
            cells: vec![
                Cell::new(
                    if a.in_kind {
                        format!("{}（現物給付）", a.label)
                    } else {
                        a.label.clone()
                    },
                    n,
                ),
                amt(a.minimum_yen),
                amt(a.income_applied_yen),
                amt(a.aid_yen),
            ],
        })
        .collect();
    rows.push(Row {
        height: 7.0,
        cells: vec![
            Cell::new("合計", Style::gothic(9.5)).align(Align::Center),
            amt(s.minimum_total_yen),
            amt(s.income_applied_yen),
            Cell::new(yen_text(s.benefit_yen), n.bold()).align(Align::Right),
        ],
    });
    Flow {
        widths: aw,
        header: Row {
            height: 6.0,
            cells: vec![
                head("扶助の種類"),
                head("最低生活費"),
                head("収入充当額"),
                head("扶助額"),
            ],
        },
        continued: &continued,
    }
    .draw(&mut c, &mut y, rows);

    let tw = vec![30.0, 60.0, 30.0, width - 120.0];
    let totals = vec![
        Row {
            height: 7.0,
            cells: vec![
                label("最低生活費"),
                amt(s.minimum_total_yen),
                label("収入認定額"),
                amt(s.income_recognised_yen),
            ],
        },
        Row {
            height: 7.0,
            cells: vec![
                label("収入充当額"),
                amt(s.income_applied_yen),
                label("本人支払額"),
                amt(s.own_payment_yen),
            ],
        },
        Row {
            height: 7.5,
            cells: vec![
                label("保護費"),
                Cell::new(
                    format!(
                        "{}（うち金銭給付 {}）",
                        yen_text(s.benefit_yen),
                        yen_text(s.cash_benefit_yen)
                    ),
                    n.bold(),
                )
                .span(3),
            ],
        },
    ];
    let th: f32 = totals.iter().map(|r| r.height).sum();
    y += 3.0;
    if y + th > BOTTOM {
        c.new_page();
        c.text(LEFT, TOP - 6.0, &continued, Style::gothic(9.0));
        y = TOP;
    }
    c.table(&Table {
        x: LEFT,
        y,
        widths: tw,
        rows: totals,
    });
    y += th;

    // Who made it, when.
    if y + 10.0 > BOTTOM {
        c.new_page();
        y = TOP;
    }
    c.text_aligned(
        LEFT,
        y + 8.0,
        width,
        &format!("作成日 {}　{}", format_wareki(s.date), s.office_name),
        Style::mincho(9.0),
        Align::Right,
    );

    if s.test_figures {
        c.test_figures_mark_every_page(LEFT + 34.0, 3.5);
    }
    c.page_numbers();
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::samples;

    #[test]
    fn sample_is_one_page_and_many_lines_run_on() {
        assert_eq!(draw(&samples::calculation_sheet()).unwrap().page_count(), 1);
        let mut s = samples::calculation_sheet();
        let line = s.lines[0].clone();
        s.lines = (0..60).map(|_| line.clone()).collect();
        assert!(draw(&s).unwrap().page_count() >= 2);
    }

    /// An item as the calculation names it and a table's title each fit their cell on one line:
    /// 「3級地-2」 or 「生活扶助基準（経過的加算）」 never broken across lines.
    #[test]
    fn items_and_table_titles_fit_their_cells() {
        let c = Canvas::new(Paper::A4).unwrap();
        for item in [
            "第1類（41歳、3級地-2）",
            "第1類計 × 逓減率（1人）",
            "第2類（1人、3級地-2）",
            "住宅扶助（埼玉県、1人）",
        ] {
            let lines = c.wrap(item, LINE_WIDTHS[1] - 4.0, Style::mincho(8.0));
            assert_eq!(lines.len(), 1, "{item}: {lines:?}");
        }
        let national = crate::calc::rates::shipped::NATIONAL.last().unwrap();
        let set = crate::calc::rates::parse_files(&national.file_refs()).unwrap();
        for title in set.manifest.table_titles.values() {
            let lines = c.wrap(title, LINE_WIDTHS[3] - 4.0, Style::mincho(7.0));
            assert_eq!(lines.len(), 1, "{title}: {lines:?}");
        }
    }

    #[test]
    fn sha_is_shortened_in_groups_of_eight() {
        let mut s = samples::calculation_sheet();
        s.rate_sha256 = "1234567890123456789012345678901234567890123456789012345678901234".into();
        assert_eq!(s.sha_text(), "12345678 90123456…");
        assert!(!crate::print::layout::contains_my_number_shape(
            &s.sha_text()
        ));
    }
}
