//! The input of a calculation: a plain, serialisable description of a household on a date.
//!
//! It holds facts the caseworker has established (birth dates, 障害 grade, rent, income items),
//! never amounts from a rate table, so a decision can snapshot it as JSON and reproduce the
//! calculation years later with the stored rate set. Nothing here is validated against the
//! database; [`HouseholdSituation::check`] only checks internal consistency.

use super::rates::SchoolLevel;
use super::{CalcError, Grade, WinterRegion};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdSituation {
    /// Members of the household (世帯員) in the order they are shown; lines refer to them by index.
    pub members: Vec<MemberSituation>,
    pub grade: Grade,
    /// 冬季加算の地区 (by prefecture). Always known: the season itself is looked up by region.
    pub winter_region: WinterRegion,
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
    /// Which 障害者加算 applies, if any (the caseworker decides the grade equivalence).
    #[serde(default)]
    pub disability: Option<DisabilityLevel>,
    /// This member is the parent of a 母子（父子）世帯 who receives 母子加算.
    #[serde(default)]
    pub lone_parent: bool,
    #[serde(default)]
    pub pregnancy: Option<Pregnancy>,
    /// 在宅患者加算 applies.
    #[serde(default)]
    pub home_patient: bool,
    #[serde(default)]
    pub radiation: Option<RadiationStatus>,
    /// 介護施設入所者加算 applies.
    #[serde(default)]
    pub care_facility: bool,
    /// 介護保険料加算: the monthly long-term-care insurance premium actually charged, yen.
    #[serde(default)]
    pub care_premium_yen: i64,
    /// School attended, for 教育扶助 / 高等学校等就学費.
    #[serde(default)]
    pub school: Option<SchoolLevel>,
    /// Actual school costs recognised on top of the base amount (教材代, 給食費 …), yen/month.
    #[serde(default)]
    pub school_costs_yen: i64,
    /// The member started work recently and 新規就労控除 applies.
    #[serde(default)]
    pub new_job: bool,
}

impl MemberSituation {
    /// A member with only a birth date; every flag off.
    pub fn born(birth_date: NaiveDate) -> MemberSituation {
        MemberSituation {
            birth_date,
            disability: None,
            lone_parent: false,
            pregnancy: None,
            home_patient: false,
            radiation: None,
            care_facility: false,
            care_premium_yen: 0,
            school: None,
            school_costs_yen: 0,
            new_job: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DisabilityLevel {
    /// 1・2級相当
    A,
    /// 3級相当
    B,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Pregnancy {
    /// 妊娠6か月未満
    Under6Months,
    /// 妊娠6か月以上
    Over6Months,
    /// 産後6か月以内
    Postpartum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RadiationStatus {
    /// 現に罹患している
    Current,
    /// 罹患していた
    Former,
}

/// One monthly income of the household.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum IncomeKind {
    /// 就労収入: 勤労控除 applies.
    Earned,
    /// 年金
    Pension,
    /// 手当 (児童手当, 児童扶養手当 …)
    Allowance,
    /// 仕送り
    Remittance,
    /// その他の収入
    Other,
    /// 収入として認定しないもの: recorded and shown, never counted.
    Excluded,
}

impl IncomeKind {
    pub fn label(self) -> &'static str {
        match self {
            IncomeKind::Earned => "就労収入",
            IncomeKind::Pension => "年金",
            IncomeKind::Allowance => "手当",
            IncomeKind::Remittance => "仕送り",
            IncomeKind::Other => "その他の収入",
            IncomeKind::Excluded => "収入認定除外",
        }
    }
}

impl HouseholdSituation {
    /// Internal consistency: at least one member, members referenced exist, no negative yen.
    pub fn check(&self) -> Result<(), CalcError> {
        let bad = |m: String| Err(CalcError::Input { message: m });
        if self.members.is_empty() {
            return bad("世帯員がいません".into());
        }
        if self.rent_yen < 0 || self.care_cost_yen < 0 || self.medical_cost_yen < 0 {
            return bad("家賃・介護費・医療費に負の値があります".into());
        }
        for (i, m) in self.members.iter().enumerate() {
            if m.care_premium_yen < 0 || m.school_costs_yen < 0 {
                return bad(format!("世帯員{}: 負の金額があります", i + 1));
            }
        }
        for (i, it) in self.incomes.iter().enumerate() {
            if it.gross_yen < 0 || it.expenses_yen < 0 {
                return bad(format!("収入{}: 負の金額があります", i + 1));
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
