//! 医療要否意見書: sent blank to a designated institution with the header filled in by the office
//! (the person, the institution, the dates), filled in by the doctor, returned, and reviewed by
//! the office doctor (嘱託医) in the box at the foot.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{required, OfficeBlock};
use crate::domain::era::format_wareki;
use crate::domain::household::Sex;
use crate::print::layout::{Align, Canvas, Cell, Paper, Row, Style, Table, RULE_THIN};
use crate::print::Result;

pub const TITLE: &str = "医療要否意見書";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionForm {
    /// 依頼日 (the document's date).
    pub requested_on: NaiveDate,
    /// 返送期限.
    pub return_by: NaiveDate,
    /// 整理番号 (the office's reference for the returned form).
    pub reference: String,
    pub case_number: String,
    pub name: String,
    pub kana: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub age: u32,
    pub address: String,
    pub institution_code: String,
    pub institution_name: String,
    /// The illness as applied for (the doctor writes the diagnosis).
    pub illness: String,
    pub office: OfficeBlock,
    #[serde(default)]
    pub reissue: bool,
}

/// Draw the form on one A4 page.
pub fn draw(f: &OpinionForm) -> Result<Canvas> {
    required(&f.name, "氏名")?;
    required(&f.institution_name, "指定医療機関名")?;
    required(&f.office.office_name, "福祉事務所名")?;
    let mut c = Canvas::new(Paper::A4)?;
    let (left, right) = (18.0, 192.0);
    let w = right - left;
    if f.reissue {
        c.reissue_mark(left, 10.0);
    }
    let small = Style::mincho(9.5);
    c.text_aligned(
        left,
        14.0,
        w,
        &format!("整理番号　{}", f.reference),
        small,
        Align::Right,
    );
    c.text_aligned(
        60.0,
        28.0,
        90.0,
        TITLE,
        Style::gothic(20.0).bold(),
        Align::Distribute,
    );
    c.text(
        left,
        40.0,
        &format!("{}長　様", f.office.office_name),
        Style::mincho(11.0),
    );
    c.paragraph(
        left,
        47.0,
        w,
        "下記の者について、医療扶助の要否を判定するため、診療の上、この意見書に記入し、返送期限までに送付してください。",
        Style::mincho(10.0),
        5.5,
    );

    // Header filled in by the office.
    let label = |t: &str| super::label_cell(t, 9.5);
    let value = |t: String| Cell::new(t, Style::mincho(10.5));
    let sex = match f.sex {
        Sex::Male => "男",
        Sex::Female => "女",
        Sex::Unspecified => "",
    };
    let header = Table {
        x: left,
        y: 58.0,
        widths: vec![30.0, 70.0, 24.0, w - 124.0],
        rows: vec![
            Row {
                height: 7.0,
                cells: vec![
                    label("フリガナ"),
                    value(f.kana.clone()),
                    label("ケース番号"),
                    value(f.case_number.clone()),
                ],
            },
            Row {
                height: 11.0,
                cells: vec![
                    label("氏名"),
                    Cell::new(f.name.clone(), Style::mincho(14.0)),
                    label("性別"),
                    value(sex.into()),
                ],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("生年月日"),
                    value(format!("{}（{}歳）", format_wareki(f.birth_date), f.age)),
                    label("依頼日"),
                    value(format_wareki(f.requested_on)),
                ],
            },
            Row {
                height: 9.0,
                cells: vec![label("居住地"), value(f.address.clone()).span(3)],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("指定医療機関"),
                    value(format!("{}　{}", f.institution_code, f.institution_name)).span(3),
                ],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("申請の傷病"),
                    value(f.illness.clone()),
                    label("返送期限"),
                    value(format_wareki(f.return_by)),
                ],
            },
        ],
    };
    c.table(&header);

    // The doctor's part (blank).
    let y0 = header.y + header.height() + 6.0;
    c.text(
        left,
        y0,
        "【指定医療機関記入欄】",
        Style::gothic(10.5).bold(),
    );
    let blank = || Cell::new("", Style::mincho(10.0));
    let doctor = Table {
        x: left,
        y: y0 + 3.0,
        widths: vec![34.0, w - 34.0],
        rows: vec![
            Row {
                height: 16.0,
                cells: vec![label("傷病名又は部位"), blank()],
            },
            Row {
                height: 24.0,
                cells: vec![label("主要症状及び今後の診療見込"), blank()],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("診療見込期間"),
                    Cell::new(
                        "入院　　　か月　・　入院外　　　か月（うち訪問看護　　　か月）",
                        Style::mincho(10.0),
                    ),
                ],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("概算医療費（月額）"),
                    Cell::new(
                        "入院　　　　　　円　・　入院外　　　　　　円",
                        Style::mincho(10.0),
                    ),
                ],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("医療の要否"),
                    Cell::new("要　・　否", Style::mincho(10.5)),
                ],
            },
        ],
    };
    c.table(&doctor);
    let y1 = doctor.y + doctor.height() + 6.0;
    c.text(left, y1, "上記のとおり意見します。", Style::mincho(10.0));
    c.text(
        left + 6.0,
        y1 + 7.0,
        "令和　　年　　月　　日",
        Style::mincho(10.0),
    );
    for (i, t) in ["所在地", "名称", "医師氏名"].iter().enumerate() {
        let y = y1 + 7.0 + 7.0 * i as f32;
        c.text(left + 70.0, y, t, Style::mincho(10.0));
        c.dotted_line(left + 92.0, y + 1.0, right - 10.0, y + 1.0, RULE_THIN);
    }
    c.seal_frame(right - 5.0, y1 + 20.0, 9.0);

    // The office's part.
    let y2 = y1 + 32.0;
    c.text(left, y2, "【福祉事務所記入欄】", Style::gothic(10.5).bold());
    let office = Table {
        x: left,
        y: y2 + 3.0,
        widths: vec![34.0, 60.0, 26.0, w - 120.0],
        rows: vec![
            Row {
                height: 9.0,
                cells: vec![label("受理日"), blank(), label("嘱託医"), blank()],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("判定"),
                    Cell::new("要　・　否　・　要再照会", Style::mincho(10.0)),
                    label("審査日"),
                    blank(),
                ],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("有効期間"),
                    Cell::new("　　年　　月　　日から　　か月", Style::mincho(10.0)).span(3),
                ],
            },
            Row {
                height: 14.0,
                cells: vec![label("嘱託医の意見"), blank().span(3)],
            },
        ],
    };
    c.table(&office);
    let y3 = office.y + office.height() + 7.0;
    c.text(
        left,
        y3,
        &format!("{}　{}", f.office.office_name, f.office.address_line()),
        Style::mincho(9.0),
    );
    c.text(
        left,
        y3 + 5.0,
        &format!("電話 {}", f.office.phone),
        Style::mincho(9.0),
    );
    Ok(c)
}
