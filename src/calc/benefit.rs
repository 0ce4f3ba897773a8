//! 保護費: minimum cost of living against recognised income.
//!
//! - 保護費 = max(0, 最低生活費 − 収入認定額) (DOMAIN.md §5).
//! - Income is set against the kinds of aid in [`INCOME_ORDER`](super::INCOME_ORDER): cash kinds first, so
//!   income above the non-medical minimum falls on 介護扶助 and 医療扶助 and becomes the
//!   本人支払額 printed on the 介護券 / 医療券.
//! - 日割 ([`prorate`], [`prorate_cash_benefit`]) for a start or end inside a month.
//!
//! [`calculate`] is the one entry point a decision uses: it refuses to run unless
//! `rates::check_complete` passes for the household's 級地 and the date, so no decision is ever
//! made from a partial table.
//!
//! Not here: which months a decision covers, payment dates, retroactive differences (the
//! decision workflow); rounding of 日割 is a rule of the rate set because its official form was
//! not verified.

use super::income::IncomeLine;
use super::minimum::{yen, CalcLine};
use super::rates::{check_complete, RateError, RateSet};
use super::situation::HouseholdSituation;
use super::{sum_yen, AidKind, CalcError, Grade, Rounding, INCOME_ORDER};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The outcome for one kind of aid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindOutcome {
    pub kind_of_aid: AidKind,
    /// 最低生活費 of this kind.
    pub minimum_yen: i64,
    /// 収入充当額: income set against this kind.
    pub income_applied_yen: i64,
    /// 扶助額 = minimum − income applied.
    pub aid_yen: i64,
}

/// Everything a 保護決定調書 needs, reproducible from (rate set, situation, date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalcResult {
    pub rate_version: String,
    pub date: NaiveDate,
    pub grade: Grade,
    pub lines: Vec<CalcLine>,
    pub income_lines: Vec<IncomeLine>,
    pub by_kind: Vec<KindOutcome>,
    /// 最低生活費 (all kinds).
    pub minimum_total_yen: i64,
    /// 最低生活費 without 介護扶助 and 医療扶助.
    pub non_medical_minimum_yen: i64,
    /// 収入認定額.
    pub income_recognised_yen: i64,
    /// 保護費 = max(0, 最低生活費 − 収入認定額), in cash and in kind.
    pub benefit_yen: i64,
    /// The part of 保護費 paid in cash (生活・教育・住宅・生業扶助).
    pub cash_benefit_yen: i64,
    /// 本人支払額 charged on the 介護券.
    pub own_payment_care_yen: i64,
    /// 本人支払額 charged on the 医療券.
    pub own_payment_medical_yen: i64,
    /// 要保護: income is below the minimum cost of living.
    pub needed: bool,
}

impl CalcResult {
    /// The same money: every total, every kind of aid, and the same counted amounts line by line
    /// (in any order). What a reproduction years later must match; the wording of labels and
    /// notes may have been improved since.
    pub fn same_amounts(&self, other: &CalcResult) -> bool {
        let counted = |r: &CalcResult| {
            let mut v: Vec<(AidKind, i64)> = r
                .lines
                .iter()
                .filter(|l| l.counted)
                .map(|l| (l.kind_of_aid, l.amount_yen))
                .collect();
            v.sort();
            v
        };
        let income = |r: &CalcResult| {
            let mut v: Vec<i64> = r.income_lines.iter().map(|l| l.amount_yen).collect();
            v.sort();
            v
        };
        self.rate_version == other.rate_version
            && self.date == other.date
            && self.grade == other.grade
            && self.by_kind == other.by_kind
            && self.minimum_total_yen == other.minimum_total_yen
            && self.non_medical_minimum_yen == other.non_medical_minimum_yen
            && self.income_recognised_yen == other.income_recognised_yen
            && self.benefit_yen == other.benefit_yen
            && self.cash_benefit_yen == other.cash_benefit_yen
            && self.own_payment_care_yen == other.own_payment_care_yen
            && self.own_payment_medical_yen == other.own_payment_medical_yen
            && self.needed == other.needed
            && counted(self) == counted(other)
            && income(self) == income(other)
    }

    /// 本人支払額 in total.
    pub fn own_payment_yen(&self) -> i64 {
        self.own_payment_care_yen
            .saturating_add(self.own_payment_medical_yen)
    }
}

/// Set `income` against `minimum` kind by kind in [`INCOME_ORDER`](super::INCOME_ORDER). Pure helper,
/// public so that the property tests and the decision workflow share it.
pub fn allocate_income(minimum: &[(AidKind, i64)], income: i64) -> Vec<KindOutcome> {
    let mut left = income.max(0);
    let mut out = Vec::new();
    for kind in INCOME_ORDER {
        let m: i64 = minimum
            .iter()
            .filter(|(k, _)| *k == kind)
            .fold(0i64, |acc, (_, a)| acc.saturating_add(*a));
        if m == 0 && !minimum.iter().any(|(k, _)| *k == kind) {
            continue;
        }
        let applied = left.min(m);
        left -= applied;
        out.push(KindOutcome {
            kind_of_aid: kind,
            minimum_yen: m,
            income_applied_yen: applied,
            aid_yen: m - applied,
        });
    }
    out
}

/// The full calculation for `hh` on `date`. Refuses (with the missing table) when `set` is not
/// complete for the household's 級地 on that date.
pub fn calculate(
    set: &RateSet,
    hh: &HouseholdSituation,
    date: NaiveDate,
) -> Result<CalcResult, CalcError> {
    check_complete(set, hh.grade, date)?;
    hh.check()?;
    let min = super::minimum::minimum_checked(set, hh, date)?;
    let inc = super::income::recognise_checked(set, hh, date)?;
    let pairs: Vec<(AidKind, i64)> = min
        .by_kind
        .iter()
        .map(|k| (k.kind_of_aid, k.amount_yen))
        .collect();
    let by_kind = allocate_income(&pairs, inc.recognised_yen);
    let pick = |kind: AidKind| {
        by_kind
            .iter()
            .find(|k| k.kind_of_aid == kind)
            .map_or(0, |k| k.income_applied_yen)
    };
    let non_medical = sum_yen(
        by_kind
            .iter()
            .filter(|k| !k.kind_of_aid.in_kind())
            .map(|k| k.minimum_yen),
        "最低生活費",
    )?;
    let cash = sum_yen(
        by_kind
            .iter()
            .filter(|k| !k.kind_of_aid.in_kind())
            .map(|k| k.aid_yen),
        "保護費",
    )?;
    let benefit = sum_yen(by_kind.iter().map(|k| k.aid_yen), "保護費")?;
    debug_assert_eq!(benefit, (min.total_yen - inc.recognised_yen).max(0));
    Ok(CalcResult {
        rate_version: set.manifest.version.clone(),
        date,
        grade: hh.grade,
        lines: min.lines,
        income_lines: inc.lines,
        minimum_total_yen: min.total_yen,
        non_medical_minimum_yen: non_medical,
        income_recognised_yen: inc.recognised_yen,
        benefit_yen: benefit,
        cash_benefit_yen: cash,
        own_payment_care_yen: pick(AidKind::LongTermCare),
        own_payment_medical_yen: pick(AidKind::Medical),
        needed: inc.recognised_yen < min.total_yen,
        by_kind,
    })
}

fn days_in_month(year: i32, month: u32) -> Option<i64> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((next - first).num_days())
}

/// 日割: `amount_yen × (days of [from, to] inside the month) / (days in the month)`, rounded.
/// A period covering the whole month returns `amount_yen` unchanged.
pub fn prorate(
    amount_yen: i64,
    year: i32,
    month: u32,
    from: NaiveDate,
    to: NaiveDate,
    rounding: Rounding,
) -> Result<i64, CalcError> {
    let bad = |m: &str| CalcError::Input {
        message: m.to_string(),
    };
    if amount_yen < 0 {
        return Err(bad("日割する額が負です"));
    }
    if from > to {
        return Err(bad("日割の開始日が終了日より後です"));
    }
    let dim = days_in_month(year, month).ok_or_else(|| bad("年月が不正です"))?;
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("checked");
    let last = first + chrono::Duration::days(dim - 1);
    let s = from.max(first);
    let e = to.min(last);
    let days = if s > e { 0 } else { (e - s).num_days() + 1 };
    Ok(rounding.apply(amount_yen as i128 * days as i128, dim as i128))
}

/// The cash benefit of one month, pro rata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProratedBenefit {
    pub year: i32,
    pub month: u32,
    pub days: i64,
    pub days_in_month: i64,
    pub full_month_cash_yen: i64,
    pub prorated_cash_yen: i64,
    pub note: String,
}

/// 日割 of the month of `result.date` for protection running from `from` to `to` (a start or an
/// end inside the month). **(unverified)** We prorate the monthly cash benefit as a whole with
/// the set's `prorate_rounding`; whether an office prorates per kind of aid (e.g. rent paid for
/// the whole month) is practice we could not confirm, so the decision screen shows this line
/// for review.
pub fn prorate_cash_benefit(
    set: &RateSet,
    result: &CalcResult,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ProratedBenefit, CalcError> {
    let rounding = set.manifest.rules.prorate_rounding.ok_or_else(|| {
        CalcError::Rates(RateError::Incomplete {
            table: "manifest.toml".into(),
            detail: "rules.prorate_rounding がありません".into(),
        })
    })?;
    let (y, m) = (result.date.year(), result.date.month());
    let dim = days_in_month(y, m).expect("valid date");
    let amount = prorate(result.cash_benefit_yen, y, m, from, to, rounding)?;
    let first = NaiveDate::from_ymd_opt(y, m, 1).expect("valid");
    let last = first + chrono::Duration::days(dim - 1);
    let (s, e) = (from.max(first), to.min(last));
    let days = if s > e { 0 } else { (e - s).num_days() + 1 };
    Ok(ProratedBenefit {
        year: y,
        month: m,
        days,
        days_in_month: dim,
        full_month_cash_yen: result.cash_benefit_yen,
        prorated_cash_yen: amount,
        note: format!(
            "{} × {days}日 / {dim}日 → {}（{}）",
            yen(result.cash_benefit_yen),
            yen(amount),
            rounding.label()
        ),
    })
}
