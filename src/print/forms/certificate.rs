//! 保護受給証明書: a one-page A4 certificate that a person receives public assistance, with the
//! period and the kinds of aid. Issued on request (for a landlord, a school, a utility, …).
//!
//! The value has no field for the My Number, by design: printed documents never carry it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{draw_chief_with_seal, required, OfficeBlock};
use crate::domain::era::format_wareki;
use crate::print::layout::{Align, Canvas, Cell, Paper, Row, Style, Table};
use crate::print::{PrintError, Result};

pub use crate::domain::aid::AidKind;

/// The person the certificate is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    /// 氏名, e.g. "窓口　花子".
    pub name: String,
    /// フリガナ (katakana).
    pub kana: String,
    pub birth_date: NaiveDate,
    /// 住所.
    pub address: String,
}

/// 保護受給証明書.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// 証明書番号, printed as given, e.g. "窓福第123号".
    pub issue_number: String,
    /// 発行日; also the PDF's creation date.
    pub issued_on: NaiveDate,
    pub recipient: Recipient,
    /// 保護開始日.
    pub period_start: NaiveDate,
    /// 保護廃止日; `None` while assistance continues (継続中).
    pub period_end: Option<NaiveDate>,
    /// 扶助の種類; printed in the order of the law whatever the order here.
    pub aids: Vec<AidKind>,
    /// 用途 (what the certificate is for, as the clerk typed it); the row reads 「—」 when empty.
    #[serde(default)]
    pub purpose: Option<String>,
    pub office: OfficeBlock,
    /// Draw the 再発行 mark (a second copy of an issued certificate).
    #[serde(default)]
    pub reissue: bool,
}

pub const TITLE: &str = "保護受給証明書";
pub const CERTIFYING_SENTENCE: &str =
    "上記の者は、生活保護法による保護を受けていることを証明します。";

impl Certificate {
    fn validate(&self) -> Result<()> {
        required(&self.issue_number, "証明書番号")?;
        required(&self.recipient.name, "氏名")?;
        required(&self.recipient.address, "住所")?;
        required(&self.office.office_name, "福祉事務所名")?;
        required(&self.office.chief_name, "所長の氏名")?;
        if self.aids.is_empty() {
            return Err(PrintError::InvalidDocument(
                "扶助の種類が選ばれていません".into(),
            ));
        }
        if let Some(end) = self.period_end {
            if end < self.period_start {
                return Err(PrintError::InvalidDocument(
                    "保護の廃止日が開始日より前です".into(),
                ));
            }
        }
        Ok(())
    }

    /// "令和6年4月1日 〜 継続中" or "令和5年4月1日 〜 令和7年3月31日（廃止）".
    pub fn period_text(&self) -> String {
        let start = format_wareki(self.period_start);
        match self.period_end {
            None => format!("{start} 〜 継続中"),
            Some(end) => format!("{start} 〜 {}（廃止）", format_wareki(end)),
        }
    }

    /// "生活扶助・住宅扶助・医療扶助", in the order of the law, without duplicates.
    pub fn aids_text(&self) -> String {
        let mut aids = self.aids.clone();
        aids.sort();
        aids.dedup();
        aids.iter()
            .map(|a| a.label())
            .collect::<Vec<_>>()
            .join("・")
    }
}

/// Draw the certificate on one A4 page.
pub fn draw(cert: &Certificate) -> Result<Canvas> {
    cert.validate()?;
    let mut c = Canvas::new(Paper::A4)?;
    let (left, right) = (25.0, 185.0);

    if cert.reissue {
        c.reissue_mark(left, 14.0);
    }
    // Issue number, top right.
    c.text_aligned(
        left,
        24.0,
        right - left,
        &cert.issue_number,
        Style::mincho(11.0),
        Align::Right,
    );

    // Title, centred and spread.
    c.text_aligned(
        60.0,
        50.0,
        90.0,
        TITLE,
        Style::gothic(22.0).bold(),
        Align::Distribute,
    );

    let r = &cert.recipient;
    let label = |t: &str| Cell::label(t, 11.0);
    let value = |t: String, size: f32| Cell::new(t, Style::mincho(size));
    let table = Table {
        x: left,
        y: 68.0,
        widths: vec![38.0, right - left - 38.0],
        rows: vec![
            Row {
                height: 9.0,
                cells: vec![label("フリガナ"), value(r.kana.clone(), 9.0)],
            },
            Row {
                height: 15.0,
                cells: vec![label("氏名"), value(r.name.clone(), 15.0)],
            },
            Row {
                height: 12.0,
                cells: vec![label("生年月日"), value(format_wareki(r.birth_date), 12.0)],
            },
            Row {
                height: 18.0,
                cells: vec![label("住所"), value(r.address.clone(), 12.0)],
            },
            Row {
                height: 14.0,
                cells: vec![label("保護の期間"), value(cert.period_text(), 12.0)],
            },
            Row {
                height: 18.0,
                cells: vec![label("扶助の種類"), value(cert.aids_text(), 12.0)],
            },
            Row {
                height: 14.0,
                cells: vec![
                    label("用途"),
                    value(
                        cert.purpose
                            .as_deref()
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                            .unwrap_or("—")
                            .to_string(),
                        12.0,
                    ),
                ],
            },
        ],
    };
    c.table(&table);
    let mut y = table.y + table.height() + 18.0;

    // The certifying sentence, then the date.
    let body = Style::mincho(12.5);
    y = c.paragraph(
        left + 5.0,
        y,
        right - left - 10.0,
        CERTIFYING_SENTENCE,
        body,
        8.0,
    );
    y += 12.0;
    c.text(left + 10.0, y, &format_wareki(cert.issued_on), body);

    // Issuer, right-aligned, with the seal frame at the chief's name.
    y += 22.0;
    let o = &cert.office;
    c.text_aligned(
        left,
        y,
        right - left - 18.0,
        &o.office_name,
        Style::mincho(12.5),
        Align::Right,
    );
    y += 13.0;
    draw_chief_with_seal(&mut c, right, y, o);

    // Office address and phone at the foot, for enquiries.
    let small = Style::mincho(9.5);
    c.line(left, 262.0, right, 262.0, 0.4);
    c.text(
        left,
        268.0,
        &format!("{}　{}", o.office_name, o.address_line()),
        small,
    );
    c.text(left, 274.0, &format!("電話 {}", o.phone), small);
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::samples::certificate as sample;

    #[test]
    fn aids_print_in_the_order_of_the_law() {
        assert_eq!(sample().aids_text(), "生活扶助・住宅扶助・医療扶助");
    }

    #[test]
    fn period_reads_continuing_or_ended() {
        let mut c = sample();
        assert_eq!(c.period_text(), "令和元年5月1日 〜 継続中");
        c.period_end = Some(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
        assert_eq!(c.period_text(), "令和元年5月1日 〜 令和7年3月31日（廃止）");
    }

    #[test]
    fn end_before_start_is_refused() {
        let mut c = sample();
        c.period_end = Some(NaiveDate::from_ymd_opt(2019, 4, 30).unwrap());
        assert_eq!(draw(&c).err().unwrap().code(), "PRINT_INVALID_DOCUMENT");
    }

    #[test]
    fn no_aid_is_refused() {
        let mut c = sample();
        c.aids.clear();
        assert!(draw(&c).is_err());
    }
}
