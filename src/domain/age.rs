//! Age (年齢): one rule for the whole desk — the legal age (年齢計算ニ関スル法律) on the day the
//! calculation takes ages ([`AgeBasis`], stated by each rate set) — used both to price a member
//! (`calc`) and for what a screen, a notice or a 調書 shows.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The day a rate set takes ages on (its `manifest.toml` `rules.age_basis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBasis {
    /// Age on the decision date.
    DecisionDate,
    /// Age on 1 April of the fiscal year (年度) containing the decision date.
    FiscalYearStart,
}

/// Age in full years on `on`, by the legal rule (年齢計算ニ関スル法律): a person reaches age n at
/// the end of the day before the n-th birthday, so someone born on 1 April is already n on
/// 31 March. This matters for 4月1日生まれ, who enter school a year earlier.
pub fn legal_age(birth: NaiveDate, on: NaiveDate) -> i64 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    // Anniversary this year; a 29 February birthday falls on 1 March in common years.
    let anniv = NaiveDate::from_ymd_opt(on.year(), birth.month(), birth.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(on.year(), 3, 1).expect("1 March exists"));
    let reached = anniv.pred_opt().expect("not the first day of the calendar");
    if on < reached {
        years -= 1;
    }
    years.max(0) as i64
}

/// The day on which ages are taken under `basis`.
pub fn age_reference_date(basis: AgeBasis, date: NaiveDate) -> NaiveDate {
    match basis {
        AgeBasis::DecisionDate => date,
        AgeBasis::FiscalYearStart => {
            let y = if date.month() >= 4 {
                date.year()
            } else {
                date.year() - 1
            };
            NaiveDate::from_ymd_opt(y, 4, 1).expect("1 April exists")
        }
    }
}

/// [`legal_age`] as the views show it (never negative).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    legal_age(birth, on) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_person_is_a_year_older_from_the_day_before_the_birthday() {
        assert_eq!(age_on(d("1980-04-01"), d("2025-03-30")), 44);
        assert_eq!(age_on(d("1980-04-01"), d("2025-03-31")), 45);
        // 29 February: the day before 1 March in a common year
        assert_eq!(age_on(d("2000-02-29"), d("2025-02-27")), 24);
        assert_eq!(age_on(d("2000-02-29"), d("2025-02-28")), 25);
        assert_eq!(age_on(d("2025-01-01"), d("2024-12-31")), 0);
    }
}
