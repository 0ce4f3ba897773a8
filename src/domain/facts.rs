//! The facts a caseworker establishes about a household's members and incomes that the
//! calculation prices: 障害, 母子, 妊産婦, 在宅患者, 放射線障害, 介護施設, 介護保険料, school, new
//! work, and the kinds of income. One vocabulary for the stored 認定状況 (`decision::MemberFacts`),
//! the calculation's input (`calc::MemberSituation`) and the screens.

use serde::{Deserialize, Serialize};

/// Bounds of a calculation's input (issue 7 point 6): each is far above anything a welfare case
/// shows, and together they keep every sum of the calculation far inside `i64`.
pub const MAX_MEMBERS: usize = 99;
/// Income items of one household.
pub const MAX_INCOMES: usize = 200;
/// Any one monthly amount given by the caller (rent, an income, a cost): 10億円.
pub const MAX_INPUT_YEN: i64 = 1_000_000_000;
/// Labels and area keys, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// Everything about one member, beside the birth date, that selects a 加算 or a deduction. No
/// amount from a rate table: those are looked up by the calculation on its date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PricingFacts {
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
    #[ts(type = "number")]
    pub care_premium_yen: i64,
    /// School attended, for 教育扶助 / 高等学校等就学費.
    #[serde(default)]
    pub school: Option<SchoolLevel>,
    /// Actual school costs recognised on top of the base amount (教材代, 給食費 …), yen/month.
    #[serde(default)]
    #[ts(type = "number")]
    pub school_costs_yen: i64,
    /// The member started work recently and 新規就労控除 applies.
    #[serde(default)]
    pub new_job: bool,
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

/// School levels of 教育扶助 (and 高等学校等就学費, which is 生業扶助).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum SchoolLevel {
    Shogakko,
    Chugakko,
    Koko,
}

impl SchoolLevel {
    pub const ALL: [SchoolLevel; 3] = [
        SchoolLevel::Shogakko,
        SchoolLevel::Chugakko,
        SchoolLevel::Koko,
    ];
    pub fn code(self) -> &'static str {
        match self {
            SchoolLevel::Shogakko => "shogakko",
            SchoolLevel::Chugakko => "chugakko",
            SchoolLevel::Koko => "koko",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SchoolLevel::Shogakko => "小学校",
            SchoolLevel::Chugakko => "中学校",
            SchoolLevel::Koko => "高等学校等",
        }
    }
    pub fn parse(s: &str) -> Option<SchoolLevel> {
        SchoolLevel::ALL.into_iter().find(|l| l.code() == s.trim())
    }
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

/// 冬季加算の地区 (Ⅰ区 … Ⅵ区), assigned by prefecture. Stored as 1 … 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct WinterRegion(u8);

impl WinterRegion {
    pub fn new(n: u8) -> Option<WinterRegion> {
        (1..=6).contains(&n).then_some(WinterRegion(n))
    }
    pub fn number(self) -> u8 {
        self.0
    }
    pub fn label(self) -> &'static str {
        ["Ⅰ区", "Ⅱ区", "Ⅲ区", "Ⅳ区", "Ⅴ区", "Ⅵ区"][(self.0 - 1) as usize]
    }
}

impl TryFrom<u8> for WinterRegion {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        WinterRegion::new(n).ok_or_else(|| format!("冬季加算の地区は 1〜6 です（{n}）"))
    }
}

impl From<WinterRegion> for u8 {
    fn from(r: WinterRegion) -> u8 {
        r.0
    }
}

/// 級地: the locality grade of a municipality (保護の基準 別表第9). Codes "1-1" … "3-2".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Grade {
    G1_1,
    G1_2,
    G2_1,
    G2_2,
    G3_1,
    G3_2,
}

impl Grade {
    pub const ALL: [Grade; 6] = [
        Grade::G1_1,
        Grade::G1_2,
        Grade::G2_1,
        Grade::G2_2,
        Grade::G3_1,
        Grade::G3_2,
    ];

    /// The code used in files and settings: "1-1" … "3-2".
    pub fn code(self) -> &'static str {
        match self {
            Grade::G1_1 => "1-1",
            Grade::G1_2 => "1-2",
            Grade::G2_1 => "2-1",
            Grade::G2_2 => "2-2",
            Grade::G3_1 => "3-1",
            Grade::G3_2 => "3-2",
        }
    }

    /// The Japanese name, e.g. "1級地-1".
    pub fn label(self) -> &'static str {
        match self {
            Grade::G1_1 => "1級地-1",
            Grade::G1_2 => "1級地-2",
            Grade::G2_1 => "2級地-1",
            Grade::G2_2 => "2級地-2",
            Grade::G3_1 => "3級地-1",
            Grade::G3_2 => "3級地-2",
        }
    }

    pub fn parse(code: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.code() == code.trim())
    }

    /// Position in [`Grade::ALL`] (0 … 5).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The main grade (1, 2 or 3); some tables (e.g. 住宅扶助 caps) are keyed only by it.
    pub fn major(self) -> u8 {
        match self {
            Grade::G1_1 | Grade::G1_2 => 1,
            Grade::G2_1 | Grade::G2_2 => 2,
            Grade::G3_1 | Grade::G3_2 => 3,
        }
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Grade {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Grade::parse(&s).ok_or_else(|| {
            format!("級地コード「{s}」は 1-1, 1-2, 2-1, 2-2, 3-1, 3-2 のいずれかです")
        })
    }
}

impl From<Grade> for String {
    fn from(g: Grade) -> String {
        g.code().to_string()
    }
}
