//! 和暦: Japanese era dates, written on every form the desk prints and typed at the counter.
//!
//! The era table is data (`data/eras.csv`, embedded at build time), so a new era is a one-line
//! data change plus a rebuild, not a code change. Formatting turns a `NaiveDate` into 令和7年4月1日
//! and its variants; [`parse_date`] reads the ways clerks type dates (R7.4.1, 令和7年4月1日,
//! 2025-04-01, …) and refuses, with a message saying why, dates that do not exist or are written in
//! the wrong era.
//!
//! What this module deliberately does not do: it does not guess a missing era ("7.4.1" is refused,
//! not read as 令和), it does not read two-digit Western years, and it does not model dates before
//! 明治 or the lunisolar calendar used until 1872; before the first era it falls back to 西暦.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// A date as written in 和暦. `year` is 1 for 元年.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wareki {
    pub era: String,
    pub abbrev: char,
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

/// The one error of this module: why a typed date was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("日付が入力されていません")]
    Empty,
    #[error("日付として読み取れません。例: R7.4.1、令和7年4月1日、2025-04-01")]
    Unreadable,
    #[error(
        "「{found}」という元号はありません（使えるのは {} です）",
        era_letters()
    )]
    UnknownEra { found: String },
    #[error("{era}0年という年はありません。{era}は元年（1年）から始まります")]
    EraYearZero { era: String },
    #[error("{written}という日はありません")]
    NonexistentDate { written: String },
    #[error("{written}は{actual}です。元号を確認してください")]
    OutsideEra { written: String, actual: String },
}

impl DateError {
    /// A stable code for the UI and the audit log; the Japanese text may be reworded, this may not.
    pub fn code(&self) -> &'static str {
        match self {
            DateError::Empty => "DATE_EMPTY",
            DateError::Unreadable => "DATE_UNREADABLE",
            DateError::UnknownEra { .. } => "DATE_UNKNOWN_ERA",
            DateError::EraYearZero { .. } => "DATE_ERA_YEAR_ZERO",
            DateError::NonexistentDate { .. } => "DATE_NONEXISTENT",
            DateError::OutsideEra { .. } => "DATE_OUTSIDE_ERA",
        }
    }
}

/// One row of `data/eras.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Era {
    name: String,
    abbrev: char,
    start: NaiveDate,
}

/// The era table, oldest first, parsed once.
fn eras() -> &'static [Era] {
    static ERAS: OnceLock<Vec<Era>> = OnceLock::new();
    ERAS.get_or_init(|| {
        // The file is compiled in, so a bad row is a build defect; the tests parse it too.
        parse_era_table(include_str!("../../data/eras.csv"))
            .unwrap_or_else(|e| panic!("data/eras.csv: {e}"))
    })
}

fn parse_era_table(csv: &str) -> Result<Vec<Era>, String> {
    let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
    if lines.next().map(str::trim) != Some("name,abbrev,start") {
        return Err("the header must be `name,abbrev,start`".into());
    }
    let mut table: Vec<Era> = Vec::new();
    for line in lines {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [name, abbrev, start] = fields[..] else {
            return Err(format!("three fields expected: {line}"));
        };
        let mut abbrev_chars = abbrev.chars();
        let abbrev = match (abbrev_chars.next(), abbrev_chars.next()) {
            (Some(c), None) if c.is_ascii_uppercase() => c,
            _ => {
                return Err(format!(
                    "the abbreviation must be one capital letter: {line}"
                ))
            }
        };
        if name.is_empty() || name.chars().any(|c| c.is_ascii()) {
            return Err(format!("the name must be non-empty and not ASCII: {line}"));
        }
        let start = NaiveDate::parse_from_str(start, "%Y-%m-%d")
            .map_err(|_| format!("the start must be YYYY-MM-DD: {line}"))?;
        if let Some(prev) = table.last() {
            if prev.start >= start {
                return Err(format!("eras must be in order of start: {line}"));
            }
        }
        if table.iter().any(|e| e.name == name || e.abbrev == abbrev) {
            return Err(format!("duplicate era: {line}"));
        }
        table.push(Era {
            name: name.to_string(),
            abbrev,
            start,
        });
    }
    if table.is_empty() {
        return Err("no eras".into());
    }
    Ok(table)
}

/// "M（明治）、T（大正）、…" for the unknown-era message, from the table so it never goes stale.
fn era_letters() -> String {
    eras()
        .iter()
        .map(|e| format!("{}（{}）", e.abbrev, e.name))
        .collect::<Vec<_>>()
        .join("、")
}

fn era_of(d: NaiveDate) -> Option<&'static Era> {
    eras().iter().rev().find(|e| e.start <= d)
}

/// The 和暦 of `d`; `None` before the first era (明治).
pub fn to_wareki(d: NaiveDate) -> Option<Wareki> {
    let era = era_of(d)?;
    Some(Wareki {
        era: era.name.clone(),
        abbrev: era.abbrev,
        year: (d.year() - era.start.year() + 1) as u32,
        month: d.month(),
        day: d.day(),
    })
}

fn year_text(year: u32) -> String {
    if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    }
}

/// "令和7年4月1日"; the first year is "元年". Before 明治, "1868年1月1日" (西暦).
pub fn format_wareki(d: NaiveDate) -> String {
    match to_wareki(d) {
        Some(w) => format!("{}{}年{}月{}日", w.era, year_text(w.year), w.month, w.day),
        None => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// "R7.4.1" (the first year is "1", as in "R1.5.1"). Before 明治, "1868.1.1".
pub fn format_wareki_short(d: NaiveDate) -> String {
    match to_wareki(d) {
        Some(w) => format!("{}{}.{}.{}", w.abbrev, w.year, w.month, w.day),
        None => format!("{}.{}.{}", d.year(), d.month(), d.day()),
    }
}

/// "令和7年4月", for the month a payment or voucher is for.
pub fn format_wareki_year_month(d: NaiveDate) -> String {
    match to_wareki(d) {
        Some(w) => format!("{}{}年{}月", w.era, year_text(w.year), w.month),
        None => format!("{}年{}月", d.year(), d.month()),
    }
}

/// `text` with every ISO date in it ("2023-09-30", not part of a longer number) written as
/// 和暦 ("令和5年9月30日"): for text made elsewhere (a calculation's notes) that goes on paper,
/// where dates are 和暦 everywhere.
pub fn wareki_in_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let digit = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit());
    while i < chars.len() {
        let rest = &chars[i..];
        let shape = rest.len() >= 10
            && rest[..4].iter().all(char::is_ascii_digit)
            && rest[4] == '-'
            && rest[5..7].iter().all(char::is_ascii_digit)
            && rest[7] == '-'
            && rest[8..10].iter().all(char::is_ascii_digit)
            && !digit(rest.get(10))
            && (i == 0 || !digit(chars.get(i - 1)));
        if shape {
            let iso: String = rest[..10].iter().collect();
            if let Ok(d) = NaiveDate::parse_from_str(&iso, "%Y-%m-%d") {
                out.push_str(&format_wareki(d));
                i += 10;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// "令和７年４月１日": as [`format_wareki`] with full-width digits, for forms that use them.
pub fn format_wareki_fullwidth(d: NaiveDate) -> String {
    format_wareki(d)
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Reads a date as a clerk types it: "R7.4.1", "r7/4/1", "R07.04.01", "令和7年4月1日",
/// "令和元年5月1日", "令和７年４月１日", "令和7.4.1", "2025-04-01", "2025/4/1", "2025.4.1",
/// "20250401", "2025年4月1日" (full-width forms and spaces are accepted through NFKC).
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let s: String = input.nfkc().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    match split_era(&s)? {
        Some((era, rest)) => parse_era_date(era, rest),
        None => parse_western_date(&s),
    }
}

/// Splits a leading era name or letter off `s`; `Ok(None)` when there is none.
fn split_era(s: &str) -> Result<Option<(&'static Era, &str)>, DateError> {
    if let Some(era) = eras().iter().find(|e| s.starts_with(e.name.as_str())) {
        return Ok(Some((era, &s[era.name.len()..])));
    }
    let mut chars = s.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return Ok(None);
    };
    // Only a letter followed by a year counts as an era letter; other text is just unreadable.
    if !first.is_ascii_alphabetic() || !(second.is_ascii_digit() || second == '元') {
        return Ok(None);
    }
    let upper = first.to_ascii_uppercase();
    match eras().iter().find(|e| e.abbrev == upper) {
        Some(era) => Ok(Some((era, &s[1..]))),
        None => Err(DateError::UnknownEra {
            found: upper.to_string(),
        }),
    }
}

/// Year, month and day fields of "7.4.1", "7/4/1", "7-4-1" or "7年4月1日" (日 optional);
/// a field is a run of ASCII digits or a lone 元.
fn split_fields(s: &str) -> Option<[&str; 3]> {
    let mut fields = Vec::with_capacity(3);
    let mut seps = Vec::with_capacity(3);
    let mut rest = s;
    while !rest.is_empty() {
        let field_len = if rest.starts_with('元') {
            '元'.len_utf8()
        } else {
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())
        };
        if field_len == 0 {
            return None;
        }
        fields.push(&rest[..field_len]);
        rest = &rest[field_len..];
        if let Some(sep) = rest.chars().next() {
            if sep.is_ascii_digit() || sep == '元' {
                return None;
            }
            seps.push(sep);
            rest = &rest[sep.len_utf8()..];
        }
    }
    let separators_ok = match seps[..] {
        ['年', '月'] | ['年', '月', '日'] => true,
        [a, b] => a == b && matches!(a, '.' | '/' | '-'),
        _ => false,
    };
    match fields[..] {
        [y, m, d] if separators_ok => Some([y, m, d]),
        _ => None,
    }
}

fn number(field: &str, max_len: usize) -> Option<u32> {
    if field.is_empty() || field.len() > max_len || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

fn parse_era_date(era: &'static Era, rest: &str) -> Result<NaiveDate, DateError> {
    let [y, m, d] = split_fields(rest).ok_or(DateError::Unreadable)?;
    let year = if y == "元" {
        1
    } else {
        number(y, 3).ok_or(DateError::Unreadable)?
    };
    let month = number(m, 2).ok_or(DateError::Unreadable)?;
    let day = number(d, 2).ok_or(DateError::Unreadable)?;
    if year == 0 {
        return Err(DateError::EraYearZero {
            era: era.name.clone(),
        });
    }
    let written = format!("{}{}年{}月{}日", era.name, year_text(year), month, day);
    let western_year = era.start.year() + year as i32 - 1;
    let date =
        NaiveDate::from_ymd_opt(western_year, month, day).ok_or(DateError::NonexistentDate {
            written: written.clone(),
        })?;
    match era_of(date) {
        Some(actual) if actual.name == era.name => Ok(date),
        Some(_) => Err(DateError::OutsideEra {
            written,
            actual: format_wareki(date),
        }),
        None => Err(DateError::OutsideEra {
            written,
            actual: format!("{}より前の{}", eras()[0].name, format_wareki(date)),
        }),
    }
}

fn parse_western_date(s: &str) -> Result<NaiveDate, DateError> {
    let (y, m, d) = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        (&s[..4], &s[4..6], &s[6..])
    } else {
        let [y, m, d] = split_fields(s).ok_or(DateError::Unreadable)?;
        // Two-digit years are ambiguous (25 = 2025? 令和25?), so only four digits are read.
        if y.len() != 4 {
            return Err(DateError::Unreadable);
        }
        (y, m, d)
    };
    let year = number(y, 4).ok_or(DateError::Unreadable)?;
    let month = number(m, 2).ok_or(DateError::Unreadable)?;
    let day = number(d, 2).ok_or(DateError::Unreadable)?;
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(DateError::NonexistentDate {
        written: format!("{year}年{month}月{day}日"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_in_text_become_wareki() {
        assert_eq!(
            wareki_in_text("従前額保障（基準日 2023-09-30、比率 0.855）"),
            "従前額保障（基準日 令和5年9月30日、比率 0.855）"
        );
        assert_eq!(
            wareki_in_text("2019-04-30〜2019-05-01"),
            "平成31年4月30日〜令和元年5月1日"
        );
        // Not dates: longer numbers, impossible days.
        assert_eq!(wareki_in_text("12023-09-301"), "12023-09-301");
        assert_eq!(wareki_in_text("2023-02-30"), "2023-02-30");
        assert_eq!(wareki_in_text("計 12,345円"), "計 12,345円");
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_embedded_table_parses_in_order() {
        let names: Vec<_> = eras().iter().map(|e| (e.name.as_str(), e.abbrev)).collect();
        assert_eq!(
            names,
            [
                ("明治", 'M'),
                ("大正", 'T'),
                ("昭和", 'S'),
                ("平成", 'H'),
                ("令和", 'R')
            ]
        );
        assert_eq!(eras()[4].start, ymd(2019, 5, 1));
    }

    #[test]
    fn a_malformed_table_is_refused() {
        let header = "name,abbrev,start\n";
        assert!(parse_era_table("").is_err());
        assert!(parse_era_table(header).is_err());
        assert!(parse_era_table("name,start\n令和,2019-05-01\n").is_err());
        assert!(parse_era_table(&format!("{header}令和,R\n")).is_err());
        assert!(parse_era_table(&format!("{header}令和,RR,2019-05-01\n")).is_err());
        assert!(parse_era_table(&format!("{header}令和,r,2019-05-01\n")).is_err());
        assert!(parse_era_table(&format!("{header}令和,R,2019/05/01\n")).is_err());
        assert!(
            parse_era_table(&format!("{header}令和,R,2019-05-01\n平成,H,1989-01-08\n")).is_err()
        );
        assert!(
            parse_era_table(&format!("{header}令和,R,2019-05-01\n令和,X,2020-01-01\n")).is_err()
        );
        // A new era is one more row.
        let next = parse_era_table(&format!("{header}令和,R,2019-05-01\n新元,A,2100-01-01\n"));
        assert_eq!(next.map(|t| t.len()), Ok(2));
    }

    #[test]
    fn to_wareki_at_the_showa_heisei_boundary() {
        assert_eq!(
            to_wareki(ymd(1989, 1, 7)),
            Some(Wareki {
                era: "昭和".into(),
                abbrev: 'S',
                year: 64,
                month: 1,
                day: 7
            })
        );
        assert_eq!(
            to_wareki(ymd(1989, 1, 8)),
            Some(Wareki {
                era: "平成".into(),
                abbrev: 'H',
                year: 1,
                month: 1,
                day: 8
            })
        );
    }

    #[test]
    fn before_meiji_there_is_no_wareki() {
        assert_eq!(to_wareki(ymd(1868, 10, 22)), None);
        assert_eq!(
            to_wareki(ymd(1868, 10, 23)).map(|w| (w.abbrev, w.year)),
            Some(('M', 1))
        );
        assert_eq!(format_wareki(ymd(1868, 1, 1)), "1868年1月1日");
        assert_eq!(format_wareki_short(ymd(1868, 1, 1)), "1868.1.1");
    }

    #[test]
    fn formats() {
        let d = ymd(2025, 4, 1);
        assert_eq!(format_wareki(d), "令和7年4月1日");
        assert_eq!(format_wareki_short(d), "R7.4.1");
        assert_eq!(format_wareki_year_month(d), "令和7年4月");
        assert_eq!(format_wareki_fullwidth(d), "令和７年４月１日");
        assert_eq!(
            format_wareki_fullwidth(ymd(2025, 12, 31)),
            "令和７年１２月３１日"
        );
        assert_eq!(format_wareki(ymd(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(format_wareki(ymd(1926, 12, 24)), "大正15年12月24日");
        assert_eq!(format_wareki(ymd(1912, 7, 30)), "大正元年7月30日");
        assert_eq!(format_wareki(ymd(1912, 7, 29)), "明治45年7月29日");
    }

    #[test]
    fn format_both_sides_of_the_boundaries() {
        assert_eq!(format_wareki(ymd(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(format_wareki(ymd(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(format_wareki(ymd(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(format_wareki(ymd(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(format_wareki_short(ymd(1989, 1, 7)), "S64.1.7");
        assert_eq!(format_wareki_short(ymd(1989, 1, 8)), "H1.1.8");
        assert_eq!(format_wareki_short(ymd(2019, 4, 30)), "H31.4.30");
        assert_eq!(format_wareki_short(ymd(2019, 5, 1)), "R1.5.1");
        assert_eq!(format_wareki_year_month(ymd(2019, 4, 30)), "平成31年4月");
        assert_eq!(format_wareki_year_month(ymd(2019, 5, 1)), "令和元年5月");
        assert_eq!(format_wareki_fullwidth(ymd(2019, 5, 1)), "令和元年５月１日");
    }

    #[test]
    fn parse_both_sides_of_the_boundaries() {
        assert_eq!(parse_date("S64.1.7"), Ok(ymd(1989, 1, 7)));
        assert_eq!(parse_date("昭和64年1月7日"), Ok(ymd(1989, 1, 7)));
        assert_eq!(parse_date("H1.1.8"), Ok(ymd(1989, 1, 8)));
        assert_eq!(parse_date("平成元年1月8日"), Ok(ymd(1989, 1, 8)));
        assert_eq!(parse_date("H31.4.30"), Ok(ymd(2019, 4, 30)));
        assert_eq!(parse_date("平成31年4月30日"), Ok(ymd(2019, 4, 30)));
        assert_eq!(parse_date("R1.5.1"), Ok(ymd(2019, 5, 1)));
        assert_eq!(parse_date("令和元年5月1日"), Ok(ymd(2019, 5, 1)));
    }

    #[test]
    fn a_date_written_in_the_wrong_era_is_refused_with_the_right_era() {
        let err = parse_date("S64.1.8").unwrap_err();
        assert_eq!(
            err,
            DateError::OutsideEra {
                written: "昭和64年1月8日".into(),
                actual: "平成元年1月8日".into()
            }
        );
        assert!(err
            .to_string()
            .starts_with("昭和64年1月8日は平成元年1月8日です"));
        assert_eq!(
            parse_date("H31.5.1"),
            Err(DateError::OutsideEra {
                written: "平成31年5月1日".into(),
                actual: "令和元年5月1日".into()
            })
        );
        assert_eq!(
            parse_date("平成元年1月7日"),
            Err(DateError::OutsideEra {
                written: "平成元年1月7日".into(),
                actual: "昭和64年1月7日".into()
            })
        );
        assert_eq!(
            parse_date("R1.4.30"),
            Err(DateError::OutsideEra {
                written: "令和元年4月30日".into(),
                actual: "平成31年4月30日".into()
            })
        );
        // 昭和100年 would be 2025, long after 昭和 ended.
        assert_eq!(
            parse_date("S100.4.1").map_err(|e| e.code()),
            Err("DATE_OUTSIDE_ERA")
        );
        // Before the first era there is no era to name.
        let err = parse_date("M1.1.1").unwrap_err();
        assert_eq!(err.code(), "DATE_OUTSIDE_ERA");
        assert!(err.to_string().contains("明治より前の1868年1月1日"));
    }

    #[test]
    fn accepted_spellings() {
        let apr1 = ymd(2025, 4, 1);
        for typed in [
            "R7.4.1",
            "r7/4/1",
            "R07.04.01",
            "R7-4-1",
            "R7年4月1日",
            "令和7年4月1日",
            "令和7年4月1",
            "令和７年４月１日",
            "令和 7年 4月 1日",
            "令和7.4.1",
            "Ｒ７．４．１",
            " R7.4.1 ",
            "2025-04-01",
            "2025/4/1",
            "2025.4.1",
            "20250401",
            "2025年4月1日",
            "２０２５年４月１日",
        ] {
            assert_eq!(parse_date(typed), Ok(apr1), "{typed}");
        }
        assert_eq!(parse_date("令和元年5月1日"), Ok(ymd(2019, 5, 1)));
        assert_eq!(parse_date("R元.5.1"), Ok(ymd(2019, 5, 1)));
        assert_eq!(parse_date("M45.7.29"), Ok(ymd(1912, 7, 29)));
        assert_eq!(parse_date("明治45年7月29日"), Ok(ymd(1912, 7, 29)));
        assert_eq!(parse_date("T1.7.30"), Ok(ymd(1912, 7, 30)));
        assert_eq!(parse_date("大正15年12月24日"), Ok(ymd(1926, 12, 24)));
        // The squared era sign ㍻ becomes 平成 under NFKC.
        assert_eq!(parse_date("㍻31年4月30日"), Ok(ymd(2019, 4, 30)));
    }

    #[test]
    fn refusals() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date(" 　"), Err(DateError::Empty));
        assert_eq!(
            parse_date("R7.2.30"),
            Err(DateError::NonexistentDate {
                written: "令和7年2月30日".into()
            })
        );
        assert_eq!(
            parse_date("2025-02-29"),
            Err(DateError::NonexistentDate {
                written: "2025年2月29日".into()
            })
        );
        assert_eq!(parse_date("2024-02-29"), Ok(ymd(2024, 2, 29)));
        assert_eq!(
            parse_date("R7.13.1").map_err(|e| e.code()),
            Err("DATE_NONEXISTENT")
        );
        assert_eq!(
            parse_date("R0.4.1"),
            Err(DateError::EraYearZero {
                era: "令和".into()
            })
        );
        assert_eq!(
            parse_date("令和0年4月1日"),
            Err(DateError::EraYearZero {
                era: "令和".into()
            })
        );
        assert_eq!(
            parse_date("X7.4.1"),
            Err(DateError::UnknownEra { found: "X".into() })
        );
        assert_eq!(
            parse_date("k7.4.1"),
            Err(DateError::UnknownEra { found: "K".into() })
        );
        for garbage in [
            "7.4.1",
            "25/4/1",
            "R7.4",
            "R7",
            "R",
            "R7.4.1.",
            "R7.4/1",
            "R7..4.1",
            "R7年4.1",
            "R7月4年1日",
            "2025年4月1日日",
            "2025041",
            "202504011",
            "R0007.4.1",
            "R7.004.1",
            "元.4.1",
            "2025.元.1",
            "R元1.4.1",
            "きのう",
            "abc",
        ] {
            assert_eq!(parse_date(garbage), Err(DateError::Unreadable), "{garbage}");
        }
    }

    #[test]
    fn messages_and_codes() {
        assert_eq!(
            DateError::Unreadable.to_string(),
            "日付として読み取れません。例: R7.4.1、令和7年4月1日、2025-04-01"
        );
        assert_eq!(
            DateError::UnknownEra { found: "X".into() }.to_string(),
            "「X」という元号はありません（使えるのは M（明治）、T（大正）、S（昭和）、H（平成）、R（令和） です）"
        );
        assert_eq!(
            DateError::NonexistentDate {
                written: "令和7年2月30日".into()
            }
            .to_string(),
            "令和7年2月30日という日はありません"
        );
        let all = [
            DateError::Empty,
            DateError::Unreadable,
            DateError::UnknownEra {
                found: String::new(),
            },
            DateError::EraYearZero { era: String::new() },
            DateError::NonexistentDate {
                written: String::new(),
            },
            DateError::OutsideEra {
                written: String::new(),
                actual: String::new(),
            },
        ];
        let mut codes: Vec<_> = all.iter().map(DateError::code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn every_day_from_1900_to_2040_round_trips() {
        let mut d = ymd(1900, 1, 1);
        let end = ymd(2040, 12, 31);
        let mut days = 0;
        while d <= end {
            assert_eq!(parse_date(&format_wareki(d)), Ok(d), "{}", format_wareki(d));
            assert_eq!(
                parse_date(&format_wareki_short(d)),
                Ok(d),
                "{}",
                format_wareki_short(d)
            );
            assert_eq!(
                parse_date(&format_wareki_fullwidth(d)),
                Ok(d),
                "{}",
                format_wareki_fullwidth(d)
            );
            d = d.succ_opt().unwrap();
            days += 1;
        }
        assert_eq!(days, 51_500);
    }

    #[test]
    fn western_fallback_before_meiji_round_trips() {
        let d = ymd(1868, 10, 22);
        assert_eq!(parse_date(&format_wareki(d)), Ok(d));
        assert_eq!(parse_date(&format_wareki_short(d)), Ok(d));
    }
}
