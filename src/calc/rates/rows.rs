//! The rows of each table, as parsed and validated. Rows whose `grade` column held a group
//! ("*", "1", "2", "3") appear once per 級地, with the same line.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaiichiRow {
    pub valid: Period,
    pub scheme: Scheme,
    pub grade: Grade,
    pub age: Span,
    pub amount: i64,
    pub meta: RowMeta,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeigenRow {
    pub valid: Period,
    pub scheme: Scheme,
    pub size: Span,
    pub rate: Rate4,
    pub meta: RowMeta,
}

/// A per-household amount by size: `amount` at `size.from`, plus `per_extra` for each member
/// above `size.from` (how the standards write "10人以上 1人を増すごとに加算する額").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizedRow {
    pub valid: Period,
    pub grade: Grade,
    pub size: Span,
    pub amount: i64,
    pub per_extra: i64,
    pub meta: RowMeta,
}

impl SizedRow {
    pub fn amount_for(&self, size: i64) -> i64 {
        // Bounded at import (amounts ≤ MAX_TABLE_YEN, sizes ≤ MAX_SIZE): cannot overflow.
        self.amount.saturating_add(
            self.per_extra
                .saturating_mul((size - self.size.from).max(0)),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DainiRow {
    pub scheme: Scheme,
    pub row: SizedRow,
}

/// Which structure a 経過的加算 row belongs to: `r5` is added to the amount in force; `h30`
/// (the 2018-10 … 2023-09 structure) is part of the former amount (従前の基準額) that
/// 従前額保障 compares with, when the set asks for that comparison.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum KeikaScheme {
    #[default]
    R5,
    H30,
}

impl KeikaScheme {
    pub fn parse(s: &str) -> Option<KeikaScheme> {
        match s.trim() {
            "r5" => Some(KeikaScheme::R5),
            "h30" => Some(KeikaScheme::H30),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            KeikaScheme::R5 => "r5",
            KeikaScheme::H30 => "h30",
        }
    }
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// Which 経過的加算 of the 告示 a row is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum KeikaKind {
    /// 生活扶助本体に係る経過的加算: every member, by household size, age and 級地.
    #[default]
    Hontai,
    /// 母子世帯等に係る経過的加算: every member of a household with a lone parent (母子加算
    /// の対象世帯), by household size, age and 級地.
    Boshi,
}

impl KeikaKind {
    pub fn parse(s: &str) -> Option<KeikaKind> {
        match s.trim() {
            "hontai" => Some(KeikaKind::Hontai),
            "boshi" => Some(KeikaKind::Boshi),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            KeikaKind::Hontai => "hontai",
            KeikaKind::Boshi => "boshi",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            KeikaKind::Hontai => "生活扶助本体に係る経過的加算",
            KeikaKind::Boshi => "母子世帯等に係る経過的加算",
        }
    }
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeikaRow {
    pub valid: Period,
    #[serde(default)]
    pub scheme: KeikaScheme,
    #[serde(default)]
    pub kind: KeikaKind,
    pub grade: Grade,
    pub size: Span,
    pub age: Span,
    pub amount: i64,
    pub meta: RowMeta,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokiRow {
    pub region: WinterRegion,
    pub row: SizedRow,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokiMonthsRow {
    pub valid: Period,
    pub region: WinterRegion,
    pub month_from: u32,
    pub month_to: u32,
    pub meta: RowMeta,
}

impl TokiMonthsRow {
    /// Whether `month` is in the season; a season may wrap the year end (10 → 4).
    pub fn covers(&self, month: u32) -> bool {
        if self.month_from <= self.month_to {
            (self.month_from..=self.month_to).contains(&month)
        } else {
            month >= self.month_from || month <= self.month_to
        }
    }
}

/// 冬季加算の地区 of a prefecture (告示 別表第1 第2章 冬季加算の地区区分).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokiRegionRow {
    pub valid: Period,
    pub prefecture: String,
    pub region: WinterRegion,
    pub meta: RowMeta,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KasanRow {
    pub valid: Period,
    pub kind: KasanKind,
    pub grade: Grade,
    pub amount: i64,
    pub meta: RowMeta,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JutakuRow {
    pub valid: Period,
    pub area: String,
    pub grade: Grade,
    pub size: Span,
    pub amount: i64,
    pub meta: RowMeta,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KyoikuRow {
    pub valid: Period,
    pub level: SchoolLevel,
    pub amount: i64,
    pub meta: RowMeta,
}

/// One band of the 基礎控除 table: earned income in `income` → deduction for the first
/// (highest-earning) worker and for each other worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KisoRow {
    pub valid: Period,
    pub income: Span,
    pub first: i64,
    pub second: i64,
    pub meta: RowMeta,
}
