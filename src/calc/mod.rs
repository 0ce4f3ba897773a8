//! `calc`: pure arithmetic over dated rate tables (最低生活費, 収入認定, 保護費).
//!
//! What this room does:
//! - [`rates`]: the rate-table set ([`rates::RateSet`]) — its file format (documented in
//!   `docs/rate-tables.md`), parsing, validation (gaps, overlaps, negative amounts, each
//!   reported with file name and line number), lookups by date, and
//!   [`rates::check_complete`], which names the table that is missing before any decision.
//! - [`minimum`]: 最低生活費 by kind of aid for one household on one date, every line explained.
//! - [`income`]: 収入認定 from income items, with 勤労控除 and necessary expenses.
//! - [`benefit`]: 保護費 = max(0, 最低生活費 − 収入認定額), 本人支払額, 日割.
//!
//! What it deliberately does not do:
//! - No I/O except [`rates::load_dir`], which only reads files into memory and hands them to the
//!   pure [`rates::parse_files`]. No database, no clock: the decision date is always an argument,
//!   so the same inputs always give the same result.
//! - No hard-coded money. Every figure (and every rule whose official form we could not verify,
//!   such as a rounding mode) comes from the rate set, so a standard revision is a data update.
//! - No decisions about eligibility facts (is this person disabled, is this a lone-parent
//!   household): the caller states them in [`situation::HouseholdSituation`]; this room only
//!   prices them.

pub mod benefit;
pub mod error;
pub mod income;
pub mod input;
pub mod minimum;
pub mod rates;
pub mod situation;

pub use benefit::{calculate, prorate, prorate_cash_benefit, CalcResult, ProratedBenefit};
pub use error::CalcError;
pub use income::{recognise_income, IncomeRecognition};
pub use minimum::{minimum_cost, CalcLine, MinimumCost, TableRef};
pub use rates::{check_complete, load_dir, parse_files, RateError, RateSet};
pub use situation::{HouseholdSituation, IncomeItem, IncomeKind, MemberSituation};

use serde::{Deserialize, Serialize};

/// Checked money arithmetic: every sum of yen in `calc` goes through these, so an amount can
/// never wrap (inputs are bounded, see `situation::MAX_INPUT_YEN` and `rates::MAX_TABLE_YEN`).
pub(crate) fn add_yen(a: i64, b: i64, what: &str) -> Result<i64, CalcError> {
    a.checked_add(b).ok_or_else(|| CalcError::overflow(what))
}

pub(crate) fn mul_yen(a: i64, n: i64, what: &str) -> Result<i64, CalcError> {
    a.checked_mul(n).ok_or_else(|| CalcError::overflow(what))
}

pub(crate) fn sum_yen(items: impl IntoIterator<Item = i64>, what: &str) -> Result<i64, CalcError> {
    items
        .into_iter()
        .try_fold(0i64, |acc, v| add_yen(acc, v, what))
}

pub use crate::domain::facts::{Grade, WinterRegion};

pub use crate::domain::aid::AidKind;

/// The kinds of aid a calculation prices, in the order recognised income is set against them.
/// Cash kinds first, so that income left over becomes 本人支払額 on the 介護券 and then the 医療券.
/// **(unverified)** The exact official order among the cash kinds and between 介護 and 医療 was
/// not found in a public source; this order only decides which line shows the 充当額, never the
/// totals. (出産扶助 and 葬祭扶助 are granted case by case, never by the monthly calculation.)
pub const INCOME_ORDER: [AidKind; 6] = [
    AidKind::Living,
    AidKind::Education,
    AidKind::Housing,
    AidKind::Occupational,
    AidKind::LongTermCare,
    AidKind::Medical,
];

/// How a fractional yen amount is turned into whole yen. Which mode applies where is a rule in
/// the rate set's manifest (see `docs/rate-tables.md`), because we could not verify the official
/// rules from a primary source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 10円未満切り上げ
    Ceil10,
    /// 10円未満切り捨て
    Floor10,
    /// 10円未満四捨五入
    Half10,
    /// 1円未満切り上げ
    Ceil1,
    /// 1円未満切り捨て
    Floor1,
    /// 1円未満四捨五入
    Half1,
    /// 1円未満切り捨ての後、10円未満切り上げ: how MHLW rounds Σ第1類 × 逓減率
    /// (92,920 × 0.87 = 80,840.4 → 80,840 → 80,840).
    Floor1Ceil10,
}

impl Rounding {
    pub fn parse(s: &str) -> Option<Rounding> {
        Some(match s.trim() {
            "ceil10" => Rounding::Ceil10,
            "floor10" => Rounding::Floor10,
            "half10" => Rounding::Half10,
            "ceil1" => Rounding::Ceil1,
            "floor1" => Rounding::Floor1,
            "half1" => Rounding::Half1,
            "floor1_ceil10" => Rounding::Floor1Ceil10,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Rounding::Ceil10 => "10円未満切り上げ",
            Rounding::Floor10 => "10円未満切り捨て",
            Rounding::Half10 => "10円未満四捨五入",
            Rounding::Ceil1 => "1円未満切り上げ",
            Rounding::Floor1 => "1円未満切り捨て",
            Rounding::Half1 => "1円未満四捨五入",
            Rounding::Floor1Ceil10 => "1円未満切り捨て・10円未満切り上げ",
        }
    }

    /// Round the exact value `num / den` yen (both non-negative, `den > 0`) to whole yen.
    /// Integer arithmetic only, so results never depend on floating point.
    pub fn apply(self, num: i128, den: i128) -> i64 {
        assert!(
            den > 0 && num >= 0,
            "rounding is only defined for non-negative amounts"
        );
        let (unit, q) = match self {
            Rounding::Floor1Ceil10 => {
                let whole = num / den;
                (10, (whole + 9) / 10)
            }
            Rounding::Ceil10 => (10, (num + 10 * den - 1) / (10 * den)),
            Rounding::Floor10 => (10, num / (10 * den)),
            Rounding::Half10 => (10, (2 * num + 10 * den) / (20 * den)),
            Rounding::Ceil1 => (1, (num + den - 1) / den),
            Rounding::Floor1 => (1, num / den),
            Rounding::Half1 => (1, (2 * num + den) / (2 * den)),
        };
        (q * unit) as i64
    }
}

/// A rate with four decimal places (逓減率 0.8548, the old formula's 0.855), stored as an integer
/// number of ten-thousandths so that no floating point enters a benefit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rate4(pub u32);

impl Rate4 {
    pub const ONE: Rate4 = Rate4(10_000);

    /// Parse "1", "0.87", "0.8548". More than four decimals, negatives and values above 1 are
    /// rejected: every rate in the standards is a reduction.
    pub fn parse(s: &str) -> Option<Rate4> {
        let s = s.trim();
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 4
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let int: u32 = int.parse().ok()?;
        let mut f = frac.to_string();
        while f.len() < 4 {
            f.push('0');
        }
        let v = int.checked_mul(10_000)? + f.parse::<u32>().ok()?;
        (v <= 10_000).then_some(Rate4(v))
    }

    /// Render as a decimal with the trailing zeros removed ("0.87", "1").
    pub fn display(self) -> String {
        let int = self.0 / 10_000;
        let frac = self.0 % 10_000;
        if frac == 0 {
            return int.to_string();
        }
        let f = format!("{frac:04}");
        format!("{int}.{}", f.trim_end_matches('0'))
    }

    /// `amount × rate`, rounded.
    pub fn times(self, amount: i64, rounding: Rounding) -> i64 {
        rounding.apply(amount as i128 * self.0 as i128, 10_000)
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn grade_codes_round_trip() {
        for g in Grade::ALL {
            assert_eq!(Grade::parse(g.code()), Some(g));
        }
        assert_eq!(Grade::G2_1.label(), "2級地-1");
        assert_eq!(Grade::parse("4-1"), None);
        let json = serde_json::to_string(&Grade::G3_2).unwrap();
        assert_eq!(json, "\"3-2\"");
        assert_eq!(serde_json::from_str::<Grade>(&json).unwrap(), Grade::G3_2);
    }

    #[test]
    fn rounding_modes() {
        // 81,659.1 yen
        assert_eq!(Rounding::Ceil10.apply(816_591, 10), 81_660);
        assert_eq!(Rounding::Floor10.apply(816_591, 10), 81_650);
        assert_eq!(Rounding::Half10.apply(816_591, 10), 81_660);
        assert_eq!(Rounding::Half10.apply(816_541, 10), 81_650);
        assert_eq!(Rounding::Half10.apply(816_550, 10), 81_660);
        assert_eq!(Rounding::Ceil1.apply(816_591, 10), 81_660);
        assert_eq!(Rounding::Floor1.apply(816_591, 10), 81_659);
        assert_eq!(Rounding::Half1.apply(816_595, 10), 81_660);
        // Exact values are never moved.
        assert_eq!(Rounding::Ceil10.apply(81_660, 1), 81_660);
    }

    /// MHLW first drops the fraction below 1 yen, then rounds up to 10 yen:
    /// 92,920 × 0.87 = 80,840.4 → 80,840 → 80,840 (rounding the exact product up gives 80,850).
    #[test]
    fn two_step_rounding_floor1_then_ceil10() {
        let r = Rounding::parse("floor1_ceil10").expect("the two-step mode exists");
        assert_eq!(r.apply(92_920 * 8_700, 10_000), 80_840);
        assert_eq!(Rounding::Ceil10.apply(92_920 * 8_700, 10_000), 80_850);
        // 80,841.7 → 80,841 → 80,850
        assert_eq!(r.apply(808_417, 10), 80_850);
        assert_eq!(r.apply(80_840, 1), 80_840);
        assert_eq!(Rate4(8_700).times(92_920, r), 80_840);
    }

    #[test]
    fn rate4_parse_and_times() {
        assert_eq!(Rate4::parse("1"), Some(Rate4::ONE));
        assert_eq!(Rate4::parse("0.87"), Some(Rate4(8_700)));
        assert_eq!(Rate4::parse("0.8548"), Some(Rate4(8_548)));
        assert_eq!(Rate4::parse("0.85481"), None);
        assert_eq!(Rate4::parse("-0.5"), None);
        assert_eq!(Rate4::parse("1.01"), None);
        assert_eq!(Rate4::parse(".5"), None);
        assert_eq!(Rate4(8_548).display(), "0.8548");
        assert_eq!(Rate4(8_700).display(), "0.87");
        // 93,860 × 0.87 = 81,658.2 → 81,660 (10円未満切り上げ)
        assert_eq!(Rate4(8_700).times(93_860, Rounding::Ceil10), 81_660);
    }

    #[test]
    fn winter_region_bounds() {
        assert!(WinterRegion::new(0).is_none());
        assert!(WinterRegion::new(7).is_none());
        assert_eq!(WinterRegion::new(1).unwrap().label(), "Ⅰ区");
    }
}

/// Worked examples (amounts computed by hand in comments) and property tests, all against the
/// test fixture `tests/fixtures/rates/test-2025` (試験用・実在しない).
#[cfg(test)]
mod tests;
