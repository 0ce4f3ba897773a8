// TEMP until domain::era is merged: a minimal 和暦 formatter with a hard-coded era table.
// Delete this file and use `crate::domain::era` once it exists on main.

use chrono::{Datelike, NaiveDate};

const ERAS: [(&str, i32, u32, u32); 5] =
    [("令和", 2019, 5, 1), ("平成", 1989, 1, 8), ("昭和", 1926, 12, 25), ("大正", 1912, 7, 30), ("明治", 1868, 1, 25)];

/// "令和7年4月1日"; the first year is "元年".
pub fn format_wareki(d: NaiveDate) -> String {
    for (name, y, m, day) in ERAS {
        if d >= NaiveDate::from_ymd_opt(y, m, day).expect("era table") {
            let year = d.year() - y + 1;
            let year = if year == 1 { "元".to_string() } else { year.to_string() };
            return format!("{name}{year}年{}月{}日", d.month(), d.day());
        }
    }
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
