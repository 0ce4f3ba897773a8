//! Rate tables (基準額表) as dated data: one [`RateSet`] is every table of one version.
//!
//! A set is a directory (or, for the database, the same files held in memory): a
//! `manifest.toml` naming the version, its effective period, its sources and the calculation rules
//! we could not verify (rounding, age basis …), plus one CSV file per table. The format is
//! documented for offices in `docs/rate-tables.md`; [`TableId`] is the list of tables.
//!
//! - [`parse_files`] turns file contents into a validated set (pure; the DB keeps the originals).
//! - [`load_dir`] reads a directory and calls [`parse_files`].
//! - [`check_complete`] says whether the set can decide for a 級地 on a date, and names the table
//!   that is missing otherwise. A partial set is legal (the shipped data is partial on purpose);
//!   deciding with it is not.
//! - The `find_*` methods are the only way the calculation reads a table: each answers one row
//!   for one key on one date, or `None`.
//!
//! Not here: storing sets (the `store` room keeps the original files and the parsed set as
//! JSON), choosing which set applies to a decision (the decision workflow), the arithmetic
//! (`calc::minimum`, `calc::income`).

mod error;
mod parse;
mod validate;

pub use error::RateError;

use super::{Grade, Rate4, Rounding, WinterRegion};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The manifest file every set must contain.
pub const MANIFEST_FILE: &str = "manifest.toml";

/// The tables a set may contain. File name = `<id>.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableId {
    Daiichi,
    Teigen,
    Daini,
    Keikateki,
    Toki,
    TokiMonths,
    Kasan,
    Kimatsu,
    Jutaku,
    Kyoiku,
    KinroKiso,
}

impl TableId {
    pub const ALL: [TableId; 11] = [
        TableId::Daiichi,
        TableId::Teigen,
        TableId::Daini,
        TableId::Keikateki,
        TableId::Toki,
        TableId::TokiMonths,
        TableId::Kasan,
        TableId::Kimatsu,
        TableId::Jutaku,
        TableId::Kyoiku,
        TableId::KinroKiso,
    ];

    pub fn id(self) -> &'static str {
        match self {
            TableId::Daiichi => "daiichi",
            TableId::Teigen => "teigen",
            TableId::Daini => "daini",
            TableId::Keikateki => "keikateki",
            TableId::Toki => "toki",
            TableId::TokiMonths => "toki_months",
            TableId::Kasan => "kasan",
            TableId::Kimatsu => "kimatsu",
            TableId::Jutaku => "jutaku",
            TableId::Kyoiku => "kyoiku",
            TableId::KinroKiso => "kinro_kiso",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.csv", self.id())
    }

    pub fn label(self) -> &'static str {
        match self {
            TableId::Daiichi => "生活扶助 第1類（年齢別）",
            TableId::Teigen => "逓減率（世帯人員別）",
            TableId::Daini => "生活扶助 第2類（世帯人員別）",
            TableId::Keikateki => "生活扶助本体に係る経過的加算",
            TableId::Toki => "冬季加算（地区別）",
            TableId::TokiMonths => "冬季加算の支給月",
            TableId::Kasan => "加算・控除の定額",
            TableId::Kimatsu => "期末一時扶助",
            TableId::Jutaku => "住宅扶助 上限額",
            TableId::Kyoiku => "教育扶助 基準額",
            TableId::KinroKiso => "勤労控除 基礎控除額表",
        }
    }

    /// The exact header line each file must have, in this order.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            TableId::Daiichi => &[
                "valid_from",
                "valid_to",
                "scheme",
                "grade",
                "age_from",
                "age_to",
                "amount",
                "source",
            ],
            TableId::Teigen => &[
                "valid_from",
                "valid_to",
                "scheme",
                "size_from",
                "size_to",
                "rate",
                "source",
            ],
            TableId::Daini => &[
                "valid_from",
                "valid_to",
                "scheme",
                "grade",
                "size_from",
                "size_to",
                "amount",
                "per_extra",
                "source",
            ],
            TableId::Keikateki => &[
                "valid_from",
                "valid_to",
                "grade",
                "size_from",
                "size_to",
                "age_from",
                "age_to",
                "amount",
                "source",
            ],
            TableId::Toki => &[
                "valid_from",
                "valid_to",
                "region",
                "grade",
                "size_from",
                "size_to",
                "amount",
                "per_extra",
                "source",
            ],
            TableId::TokiMonths => &[
                "valid_from",
                "valid_to",
                "region",
                "month_from",
                "month_to",
                "source",
            ],
            TableId::Kasan => &[
                "valid_from",
                "valid_to",
                "kind",
                "grade",
                "amount",
                "source",
            ],
            TableId::Kimatsu => &[
                "valid_from",
                "valid_to",
                "grade",
                "size_from",
                "size_to",
                "amount",
                "per_extra",
                "source",
            ],
            TableId::Jutaku => &[
                "valid_from",
                "valid_to",
                "area",
                "grade",
                "size_from",
                "size_to",
                "amount",
                "source",
            ],
            TableId::Kyoiku => &["valid_from", "valid_to", "level", "amount", "source"],
            TableId::KinroKiso => &[
                "valid_from",
                "valid_to",
                "income_from",
                "income_to",
                "first",
                "second",
                "source",
            ],
        }
    }

    pub fn from_file_name(name: &str) -> Option<TableId> {
        TableId::ALL.into_iter().find(|t| t.file_name() == name)
    }
}

/// How much trust a source deserves. Recorded per source so that every figure carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    /// Read in the 告示 or an MHLW document.
    Primary,
    /// Read in an official page of a prefecture or municipality restating the national figure.
    OfficialSecondary,
    /// Entered by the office from its own copy of the tables (import screen).
    Office,
    /// Invented for tests. Never decide a real case with it.
    TestFixture,
}

/// Where the figures of a table come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub url: String,
    pub verification: Verification,
    /// The date someone checked the figures against the source.
    #[serde(default)]
    pub checked_on: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
}

/// Calculation rules that are not amounts but that we could not verify from a primary source, so
/// the set states them (see `docs/rate-tables.md` §rules). `None` = the set does not say, and
/// [`check_complete`] refuses to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Rules {
    /// Rounding of Σ第1類 × 逓減率 (and of the old formula's products).
    pub teigen_rounding: Option<Rounding>,
    /// Rounding of 日割 (pro-rata for a start or end inside a month).
    pub prorate_rounding: Option<Rounding>,
    /// On which day a member's age is taken for 第1類 and 経過的加算.
    pub age_basis: Option<AgeBasis>,
    /// 未成年者控除 applies to earners younger than this.
    pub minor_age: Option<u32>,
    /// Compute 従前額保障 by comparing with the pre-2023-10 formula.
    #[serde(default)]
    pub juzen_hosho: bool,
    /// The date at which the old (scheme h30) tables are read for 従前額保障, e.g. 2023-09-30.
    pub juzen_reference_date: Option<NaiveDate>,
    /// The factor of the old formula: max(基準① × factor, 基準②).
    pub old_ratio: Option<Rate4>,
}

// The age rule (年齢計算ニ関スル法律, the day ages are taken on) is the domain's: one rule for
// pricing and for what a notice or 調書 prints.
pub use crate::domain::age::{age_reference_date, legal_age, AgeBasis};

/// The contents of `manifest.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Version id, unique per set (e.g. "2025-10"). A decision stores it.
    pub version: String,
    pub title: String,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    #[serde(default)]
    pub rules: Rules,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub note: String,
}

/// An inclusive date range; `to: None` = until the set's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && self.to.is_none_or(|t| d <= t)
    }
}

/// An inclusive integer range (age, household size, income); `to: None` = and above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub from: i64,
    pub to: Option<i64>,
}

impl Span {
    pub fn contains(&self, x: i64) -> bool {
        self.from <= x && self.to.is_none_or(|t| x <= t)
    }
    pub fn display(&self) -> String {
        match self.to {
            Some(t) if t == self.from => format!("{}", self.from),
            Some(t) => format!("{}〜{}", self.from, t),
            None => format!("{}〜", self.from),
        }
    }
}

/// Where a row came from: the CSV line (header = line 1) and its source id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowMeta {
    pub line: usize,
    pub source: String,
}

/// 生活扶助 scheme: `r5` is the structure in force from 2023-10-01; `h30_1` / `h30_2` are
/// 基準① / 基準② of the 2018-10 … 2023-09 structure, kept for 従前額保障.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    R5,
    H30_1,
    H30_2,
}

impl Scheme {
    pub fn parse(s: &str) -> Option<Scheme> {
        match s.trim() {
            "r5" => Some(Scheme::R5),
            "h30_1" => Some(Scheme::H30_1),
            "h30_2" => Some(Scheme::H30_2),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Scheme::R5 => "r5",
            Scheme::H30_1 => "h30_1",
            Scheme::H30_2 => "h30_2",
        }
    }
}

/// Fixed amounts in `kasan.csv`: 加算 and the fixed 勤労控除.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KasanKind {
    /// 特例加算 (per member per month)
    Tokurei,
    /// 障害者加算 (身体障害者手帳1・2級 / 障害年金1級 相当)
    ShogaiA,
    /// 障害者加算 (身体障害者手帳3級 / 障害年金2級 相当)
    ShogaiB,
    /// 母子加算, one child
    Boshi1,
    /// 母子加算, two children
    Boshi2,
    /// 母子加算, each child from the third
    BoshiAdd,
    /// 児童養育加算 (per child)
    JidoYoiku,
    /// 妊産婦加算: pregnant, under 6 months
    NinpuUnder6,
    /// 妊産婦加算: pregnant, 6 months or more
    NinpuOver6,
    /// 妊産婦加算: up to 6 months after birth
    Sanpu,
    /// 在宅患者加算
    Zaitaku,
    /// 放射線障害者加算 (現に罹患)
    HoshasenA,
    /// 放射線障害者加算 (罹患していた)
    HoshasenB,
    /// 介護施設入所者加算
    KaigoShisetsu,
    /// 新規就労控除
    ShinkiShuro,
    /// 未成年者控除
    Miseinen,
}

impl KasanKind {
    pub const ALL: [KasanKind; 16] = [
        KasanKind::Tokurei,
        KasanKind::ShogaiA,
        KasanKind::ShogaiB,
        KasanKind::Boshi1,
        KasanKind::Boshi2,
        KasanKind::BoshiAdd,
        KasanKind::JidoYoiku,
        KasanKind::NinpuUnder6,
        KasanKind::NinpuOver6,
        KasanKind::Sanpu,
        KasanKind::Zaitaku,
        KasanKind::HoshasenA,
        KasanKind::HoshasenB,
        KasanKind::KaigoShisetsu,
        KasanKind::ShinkiShuro,
        KasanKind::Miseinen,
    ];

    pub fn code(self) -> &'static str {
        match self {
            KasanKind::Tokurei => "tokurei",
            KasanKind::ShogaiA => "shogai_a",
            KasanKind::ShogaiB => "shogai_b",
            KasanKind::Boshi1 => "boshi_1",
            KasanKind::Boshi2 => "boshi_2",
            KasanKind::BoshiAdd => "boshi_add",
            KasanKind::JidoYoiku => "jido_yoiku",
            KasanKind::NinpuUnder6 => "ninpu_under6",
            KasanKind::NinpuOver6 => "ninpu_over6",
            KasanKind::Sanpu => "sanpu",
            KasanKind::Zaitaku => "zaitaku",
            KasanKind::HoshasenA => "hoshasen_a",
            KasanKind::HoshasenB => "hoshasen_b",
            KasanKind::KaigoShisetsu => "kaigo_shisetsu",
            KasanKind::ShinkiShuro => "shinki_shuro",
            KasanKind::Miseinen => "miseinen",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KasanKind::Tokurei => "特例加算",
            KasanKind::ShogaiA => "障害者加算（1・2級相当）",
            KasanKind::ShogaiB => "障害者加算（3級相当）",
            KasanKind::Boshi1 => "母子加算（児童1人）",
            KasanKind::Boshi2 => "母子加算（児童2人）",
            KasanKind::BoshiAdd => "母子加算（3人目以降1人につき）",
            KasanKind::JidoYoiku => "児童養育加算",
            KasanKind::NinpuUnder6 => "妊産婦加算（妊娠6か月未満）",
            KasanKind::NinpuOver6 => "妊産婦加算（妊娠6か月以上）",
            KasanKind::Sanpu => "妊産婦加算（産後6か月以内）",
            KasanKind::Zaitaku => "在宅患者加算",
            KasanKind::HoshasenA => "放射線障害者加算（現に罹患）",
            KasanKind::HoshasenB => "放射線障害者加算（罹患していた）",
            KasanKind::KaigoShisetsu => "介護施設入所者加算",
            KasanKind::ShinkiShuro => "新規就労控除",
            KasanKind::Miseinen => "未成年者控除",
        }
    }

    pub fn parse(s: &str) -> Option<KasanKind> {
        KasanKind::ALL.into_iter().find(|k| k.code() == s.trim())
    }
}

pub use crate::domain::facts::SchoolLevel;

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
        self.amount + self.per_extra * (size - self.size.from).max(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DainiRow {
    pub scheme: Scheme,
    pub row: SizedRow,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeikaRow {
    pub valid: Period,
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

/// Every table of one version, validated. Serialisable so that a decision can snapshot it.
/// Rows whose `grade` column held a group ("*", "1", "2", "3") appear once per 級地, with the
/// same line number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateSet {
    pub manifest: Manifest,
    /// The tables whose file was present (possibly with no rows).
    pub tables: BTreeSet<TableId>,
    pub daiichi: Vec<DaiichiRow>,
    pub teigen: Vec<TeigenRow>,
    pub daini: Vec<DainiRow>,
    pub keikateki: Vec<KeikaRow>,
    pub toki: Vec<TokiRow>,
    pub toki_months: Vec<TokiMonthsRow>,
    pub kasan: Vec<KasanRow>,
    pub kimatsu: Vec<SizedRow>,
    pub jutaku: Vec<JutakuRow>,
    pub kyoiku: Vec<KyoikuRow>,
    pub kinro_kiso: Vec<KisoRow>,
}

impl RateSet {
    pub fn version(&self) -> &str {
        &self.manifest.version
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.manifest.sources.iter().find(|s| s.id == id)
    }

    /// True when any row comes from a test-fixture source: such a set must never decide a case.
    pub fn has_test_figures(&self) -> bool {
        self.manifest
            .sources
            .iter()
            .any(|s| s.verification == Verification::TestFixture)
    }

    pub fn covers_date(&self, d: NaiveDate) -> bool {
        Period {
            from: self.manifest.effective_from,
            to: self.manifest.effective_to,
        }
        .contains(d)
    }

    pub fn find_daiichi(
        &self,
        scheme: Scheme,
        grade: Grade,
        age: i64,
        date: NaiveDate,
    ) -> Option<&DaiichiRow> {
        self.daiichi.iter().find(|r| {
            r.scheme == scheme && r.grade == grade && r.age.contains(age) && r.valid.contains(date)
        })
    }

    pub fn find_teigen(&self, scheme: Scheme, size: i64, date: NaiveDate) -> Option<&TeigenRow> {
        self.teigen
            .iter()
            .find(|r| r.scheme == scheme && r.size.contains(size) && r.valid.contains(date))
    }

    pub fn find_daini(
        &self,
        scheme: Scheme,
        grade: Grade,
        size: i64,
        date: NaiveDate,
    ) -> Option<&SizedRow> {
        self.daini
            .iter()
            .find(|r| {
                r.scheme == scheme
                    && r.row.grade == grade
                    && r.row.size.contains(size)
                    && r.row.valid.contains(date)
            })
            .map(|r| &r.row)
    }

    pub fn find_keikateki(
        &self,
        grade: Grade,
        size: i64,
        age: i64,
        date: NaiveDate,
    ) -> Option<&KeikaRow> {
        self.keikateki.iter().find(|r| {
            r.grade == grade
                && r.size.contains(size)
                && r.age.contains(age)
                && r.valid.contains(date)
        })
    }

    pub fn find_toki(
        &self,
        region: WinterRegion,
        grade: Grade,
        size: i64,
        date: NaiveDate,
    ) -> Option<&SizedRow> {
        self.toki
            .iter()
            .find(|r| {
                r.region == region
                    && r.row.grade == grade
                    && r.row.size.contains(size)
                    && r.row.valid.contains(date)
            })
            .map(|r| &r.row)
    }

    pub fn find_toki_months(
        &self,
        region: WinterRegion,
        date: NaiveDate,
    ) -> Option<&TokiMonthsRow> {
        self.toki_months
            .iter()
            .find(|r| r.region == region && r.valid.contains(date))
    }

    pub fn find_kasan(&self, kind: KasanKind, grade: Grade, date: NaiveDate) -> Option<&KasanRow> {
        self.kasan
            .iter()
            .find(|r| r.kind == kind && r.grade == grade && r.valid.contains(date))
    }

    pub fn find_kimatsu(&self, grade: Grade, size: i64, date: NaiveDate) -> Option<&SizedRow> {
        self.kimatsu
            .iter()
            .find(|r| r.grade == grade && r.size.contains(size) && r.valid.contains(date))
    }

    pub fn find_jutaku(
        &self,
        area: &str,
        grade: Grade,
        size: i64,
        date: NaiveDate,
    ) -> Option<&JutakuRow> {
        self.jutaku.iter().find(|r| {
            r.area == area && r.grade == grade && r.size.contains(size) && r.valid.contains(date)
        })
    }

    pub fn find_kyoiku(&self, level: SchoolLevel, date: NaiveDate) -> Option<&KyoikuRow> {
        self.kyoiku
            .iter()
            .find(|r| r.level == level && r.valid.contains(date))
    }

    pub fn find_kinro_kiso(&self, income: i64, date: NaiveDate) -> Option<&KisoRow> {
        self.kinro_kiso
            .iter()
            .find(|r| r.income.contains(income) && r.valid.contains(date))
    }
}

/// Parse a set from file contents: `(file name, contents)` pairs, names without directories.
/// Pure: the database can keep the original files and re-parse them at any time.
pub fn parse_files(files: &[(&str, &str)]) -> Result<RateSet, RateError> {
    parse::parse_files(files)
}

/// Read every file of a set directory and parse it with [`parse_files`]. Hidden files and
/// `README*` are ignored so a directory can carry its own notes.
pub fn load_dir(path: impl AsRef<Path>) -> Result<RateSet, RateError> {
    let path = path.as_ref();
    let io = |e: std::io::Error, p: &Path| RateError::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| io(e, path))? {
        let entry = entry.map_err(|e| io(e, path))?;
        let p = entry.path();
        if !p.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name.starts_with("README") {
            continue;
        }
        let text = std::fs::read_to_string(&p).map_err(|e| io(e, &p))?;
        files.push((name, text));
    }
    // Sorted so that the first error reported does not depend on directory order.
    files.sort();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    parse_files(&refs)
}

/// Household sizes and ages probed by [`check_complete`]. Tables are validated to be
/// gap-free with an open top band, so probing up to these bounds probes every band.
const PROBE_MAX_SIZE: i64 = 12;
const PROBE_MAX_AGE: i64 = 120;

/// Whether `set` can decide for `grade` on `date`: every table present, every rule stated, and a
/// row for every age, household size, region and 加算 that a household could need. Returns the
/// first missing table; [`missing_tables`] lists them all.
pub fn check_complete(set: &RateSet, grade: Grade, date: NaiveDate) -> Result<(), RateError> {
    match missing_tables(set, grade, date).into_iter().next() {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

/// Every reason why `set` cannot decide for `grade` on `date` (empty = complete).
pub fn missing_tables(set: &RateSet, grade: Grade, date: NaiveDate) -> Vec<RateError> {
    let mut out = Vec::new();
    let mut miss = |t: &str, detail: String| {
        out.push(RateError::Incomplete {
            table: t.to_string(),
            detail,
        })
    };
    let gl = grade.label();

    if !set.covers_date(date) {
        miss(
            "manifest.toml",
            format!(
                "{date} は表の版「{}」の適用期間（{}〜）の外です",
                set.manifest.version, set.manifest.effective_from
            ),
        );
        return out;
    }
    let r = &set.manifest.rules;
    if r.teigen_rounding.is_none() {
        miss(
            "manifest.toml",
            "rules.teigen_rounding（第1類×逓減率の端数処理）がありません".into(),
        );
    }
    if r.prorate_rounding.is_none() {
        miss(
            "manifest.toml",
            "rules.prorate_rounding（日割の端数処理）がありません".into(),
        );
    }
    if r.age_basis.is_none() {
        miss(
            "manifest.toml",
            "rules.age_basis（年齢の基準日）がありません".into(),
        );
    }
    if r.minor_age.is_none() {
        miss(
            "manifest.toml",
            "rules.minor_age（未成年者控除の年齢）がありません".into(),
        );
    }

    let mut schemes = vec![(Scheme::R5, date)];
    if r.juzen_hosho {
        match (r.juzen_reference_date, r.old_ratio) {
            (Some(d), Some(_)) => {
                schemes.push((Scheme::H30_1, d));
                schemes.push((Scheme::H30_2, d));
            }
            _ => miss(
                "manifest.toml",
                "juzen_hosho = true なのに juzen_reference_date または old_ratio がありません"
                    .into(),
            ),
        }
    }

    for t in TableId::ALL {
        if !set.tables.contains(&t) {
            miss(
                t.id(),
                format!("{}（{}）がありません", t.file_name(), t.label()),
            );
        }
    }

    for (scheme, d) in schemes {
        let sc = scheme.code();
        if let Some(age) =
            (0..=PROBE_MAX_AGE).find(|&a| set.find_daiichi(scheme, grade, a, d).is_none())
        {
            miss(
                "daiichi",
                format!("{sc} {gl} {age}歳 の {d} 時点の額がありません"),
            );
        }
        if let Some(n) = (1..=PROBE_MAX_SIZE).find(|&n| set.find_teigen(scheme, n, d).is_none()) {
            miss("teigen", format!("{sc} {n}人 の {d} 時点の率がありません"));
        }
        if let Some(n) =
            (1..=PROBE_MAX_SIZE).find(|&n| set.find_daini(scheme, grade, n, d).is_none())
        {
            miss(
                "daini",
                format!("{sc} {gl} {n}人 の {d} 時点の額がありません"),
            );
        }
    }
    'k: for n in 1..=PROBE_MAX_SIZE {
        for a in 0..=PROBE_MAX_AGE {
            if set.find_keikateki(grade, n, a, date).is_none() {
                miss(
                    "keikateki",
                    format!(
                        "{gl} {n}人世帯 {a}歳 の額がありません（該当なしは 0 円の行で示します）"
                    ),
                );
                break 'k;
            }
        }
    }
    'w: for region in (1..=6).filter_map(WinterRegion::new) {
        if set.find_toki_months(region, date).is_none() {
            miss(
                "toki_months",
                format!("{} の支給月がありません", region.label()),
            );
            break 'w;
        }
        for n in 1..=PROBE_MAX_SIZE {
            if set.find_toki(region, grade, n, date).is_none() {
                miss(
                    "toki",
                    format!("{} {gl} {n}人 の額がありません", region.label()),
                );
                break 'w;
            }
        }
    }
    for k in KasanKind::ALL {
        if set.find_kasan(k, grade, date).is_none() {
            miss(
                "kasan",
                format!("{}（{}）{gl} の額がありません", k.label(), k.code()),
            );
            break;
        }
    }
    if let Some(n) = (1..=PROBE_MAX_SIZE).find(|&n| set.find_kimatsu(grade, n, date).is_none()) {
        miss("kimatsu", format!("{gl} {n}人 の額がありません"));
    }
    if !set
        .jutaku
        .iter()
        .any(|r| r.grade == grade && r.valid.contains(date))
    {
        miss("jutaku", format!("{gl} の上限額が1件もありません"));
    }
    for l in SchoolLevel::ALL {
        if set.find_kyoiku(l, date).is_none() {
            miss("kyoiku", format!("{} の基準額がありません", l.label()));
            break;
        }
    }
    if set.find_kinro_kiso(0, date).is_none() {
        miss(
            "kinro_kiso",
            format!("{date} 時点の基礎控除額表がありません"),
        );
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
