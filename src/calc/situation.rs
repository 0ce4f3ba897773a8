//! The input of a calculation: a plain, serialisable description of a household on a date.
//!
//! It holds facts the caseworker has established (birth dates, 障害 grade, rent, income items),
//! never amounts from a rate table, so a decision can snapshot it as JSON and reproduce the
//! calculation years later with the stored rate set. Nothing here is validated against the
//! database; [`HouseholdSituation::check`] only checks internal consistency.

use super::{CalcError, Grade, WinterRegion};
pub use crate::domain::facts::{
    DisabilityLevel, IncomeKind, Pregnancy, PricingFacts, RadiationStatus, MAX_INCOMES,
    MAX_INPUT_YEN, MAX_MEMBERS, MAX_TEXT_CHARS,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdSituation {
    /// Members of the household (世帯員) in the order they are shown; lines refer to them by index.
    pub members: Vec<MemberSituation>,
    pub grade: Grade,
    /// The prefecture the household lives in (the office's): its 冬季加算の地区 is read from the
    /// rate set's `toki_regions` table unless `winter_region` overrides it.
    #[serde(default)]
    pub prefecture: Option<String>,
    /// 冬季加算の地区 set for this household, overriding the prefecture's (e.g. a household in
    /// a mountain district the office treats differently).
    #[serde(default)]
    pub winter_region: Option<WinterRegion>,
    /// The area key of the 住宅扶助 cap table (prefecture or city as written in `jutaku.csv`).
    #[serde(default)]
    pub housing_area: Option<String>,
    /// Monthly rent actually paid (家賃・間代・地代), yen. 0 = no rent.
    #[serde(default)]
    pub rent_yen: i64,
    #[serde(default)]
    pub incomes: Vec<IncomeItem>,
    /// Expected monthly cost of 介護扶助 (in kind, actual cost), yen.
    #[serde(default)]
    pub care_cost_yen: i64,
    /// Expected monthly cost of 医療扶助 (in kind, actual cost), yen.
    #[serde(default)]
    pub medical_cost_yen: i64,
}

/// One member of the household and the facts that price them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSituation {
    pub birth_date: NaiveDate,
    /// Stored flat beside the birth date (`"lone_parent": true`), as decisions have always
    /// recorded it.
    #[serde(flatten)]
    pub facts: PricingFacts,
}

impl MemberSituation {
    /// A member with only a birth date; every flag off.
    pub fn born(birth_date: NaiveDate) -> MemberSituation {
        MemberSituation {
            birth_date,
            facts: PricingFacts::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeItem {
    /// The member who earns or receives it (required for 就労収入: 勤労控除 is per worker).
    pub member: Option<usize>,
    pub kind: IncomeKind,
    /// What the item is, as the caseworker writes it ("A社 給与", "老齢基礎年金").
    #[serde(default)]
    pub label: String,
    /// Monthly gross amount (月額), yen.
    pub gross_yen: i64,
    /// Necessary expenses deducted from this item (社会保険料, 所得税, 通勤費 …), yen.
    #[serde(default)]
    pub expenses_yen: i64,
}

fn earliest_birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1850, 1, 1).expect("valid date")
}
fn latest_birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(2200, 12, 31).expect("valid date")
}

impl HouseholdSituation {
    /// Internal consistency: 1 … [`MAX_MEMBERS`] members, members referenced exist, every yen
    /// amount in 0 … [`MAX_INPUT_YEN`], birth dates in 1850 … 2200, texts of a sane length.
    pub fn check(&self) -> Result<(), CalcError> {
        let bad = |m: String| Err(CalcError::Input { message: m });
        let yen_ok = |v: i64| (0..=MAX_INPUT_YEN).contains(&v);
        let limit = super::minimum::yen(MAX_INPUT_YEN);
        if self.members.is_empty() {
            return bad("世帯員がいません".into());
        }
        if self.members.len() > MAX_MEMBERS {
            return bad(format!(
                "世帯員は{MAX_MEMBERS}人までです（{}人）",
                self.members.len()
            ));
        }
        if self.incomes.len() > MAX_INCOMES {
            return bad(format!(
                "収入は{MAX_INCOMES}件までです（{}件）",
                self.incomes.len()
            ));
        }
        for (what, v) in [
            ("家賃", self.rent_yen),
            ("介護費", self.care_cost_yen),
            ("医療費", self.medical_cost_yen),
        ] {
            if v < 0 {
                return bad(format!("{what}に負の値があります"));
            }
            if !yen_ok(v) {
                return bad(format!("{what}が大きすぎます（{limit}円まで）"));
            }
        }
        if self
            .housing_area
            .as_ref()
            .is_some_and(|a| a.chars().count() > MAX_TEXT_CHARS || a.chars().any(char::is_control))
        {
            return bad("住宅扶助の地域名が長すぎるか、制御文字を含みます".into());
        }
        for (i, m) in self.members.iter().enumerate() {
            if m.facts.care_premium_yen < 0 || m.facts.school_costs_yen < 0 {
                return bad(format!("世帯員{}: 負の金額があります", i + 1));
            }
            if !yen_ok(m.facts.care_premium_yen) || !yen_ok(m.facts.school_costs_yen) {
                return bad(format!(
                    "世帯員{}: 金額が大きすぎます（{limit}円まで）",
                    i + 1
                ));
            }
            if m.birth_date < earliest_birth() || m.birth_date > latest_birth() {
                return bad(format!(
                    "世帯員{}: 生年月日 {} は扱えません",
                    i + 1,
                    m.birth_date
                ));
            }
        }
        for (i, it) in self.incomes.iter().enumerate() {
            if it.gross_yen < 0 || it.expenses_yen < 0 {
                return bad(format!("収入{}: 負の金額があります", i + 1));
            }
            if !yen_ok(it.gross_yen) || !yen_ok(it.expenses_yen) {
                return bad(format!(
                    "収入{}: 金額が大きすぎます（{limit}円まで）",
                    i + 1
                ));
            }
            if it.label.chars().count() > MAX_TEXT_CHARS || it.label.chars().any(char::is_control) {
                return bad(format!(
                    "収入{}: 名称が長すぎるか、制御文字を含みます",
                    i + 1
                ));
            }
            match it.member {
                Some(m) if m >= self.members.len() => {
                    return bad(format!("収入{}: 世帯員{}はいません", i + 1, m + 1))
                }
                None if it.kind == IncomeKind::Earned => {
                    return bad(format!("収入{}: 就労収入には世帯員の指定が必要です", i + 1))
                }
                _ => {}
            }
        }
        Ok(())
    }
}
