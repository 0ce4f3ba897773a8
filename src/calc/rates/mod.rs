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

mod complete;
mod error;
mod files;
mod manifest;
mod parse;
mod rows;
mod set;
pub mod shipped;
mod validate;

pub use complete::{check_complete, gaps, missing_tables, Gap};
pub use error::RateError;
pub use files::{read_set_dir, MAX_FILES, MAX_FILE_BYTES};
pub use parse::OFFICE_DIR;
pub use rows::*;
pub use set::{RateData, RateSet};

use super::{Grade, Rate4, Rounding, WinterRegion};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The largest amount (yen) any table row may hold. No monthly figure of the standards comes
/// near it; the bound keeps every sum of the calculation far from overflow.
pub const MAX_TABLE_YEN: i64 = 1_000_000;
/// The largest age a band bound may name.
pub const MAX_AGE: i64 = 150;
/// The largest household size a band bound may name.
pub const MAX_SIZE: i64 = 100;
/// The largest monthly income a 基礎控除 band bound may name.
pub const MAX_INCOME_BAND_YEN: i64 = 100_000_000;

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
    TokiRegions,
    Kasan,
    Kimatsu,
    Jutaku,
    Kyoiku,
    KinroKiso,
}

impl TableId {
    pub const ALL: [TableId; 12] = [
        TableId::Daiichi,
        TableId::Teigen,
        TableId::Daini,
        TableId::Keikateki,
        TableId::Toki,
        TableId::TokiMonths,
        TableId::TokiRegions,
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
            TableId::TokiRegions => "toki_regions",
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

    /// The table's Japanese title as the newest shipped national set names it (its manifest's
    /// `[tables]`): what a set that names none is shown with. The file name if none does.
    pub fn national_title(self) -> String {
        shipped::national_table_titles()
            .get(&self)
            .cloned()
            .unwrap_or_else(|| self.file_name())
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
                "scheme",
                "kind",
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
            TableId::TokiRegions => &["valid_from", "valid_to", "prefecture", "region", "source"],
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

    /// An earlier header the format still reads (files stored before a column was added), with
    /// the defaults of the missing columns: `keikateki` before `scheme` and `kind` (= r5, hontai).
    pub fn legacy_header(self) -> Option<&'static [&'static str]> {
        match self {
            TableId::Keikateki => Some(&[
                "valid_from",
                "valid_to",
                "grade",
                "size_from",
                "size_to",
                "age_from",
                "age_to",
                "amount",
                "source",
            ]),
            _ => None,
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
    /// Read in a third-party copy of an official document (a transcription, a public project's
    /// data); `trust` says whether independent copies agree.
    Secondary,
    /// Entered by the office from its own copy of the tables (import screen).
    Office,
    /// Invented for tests. Never decide a real case with it.
    TestFixture,
}

/// How far the figures of a source can be trusted (research/rates-2026/README.md): `high` = the
/// 告示 text itself or an MHLW document; `medium` = two independent secondary copies agree;
/// `low` = one secondary copy. National sets ship only `high` and `medium` figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trust {
    High,
    Medium,
    Low,
}

impl Trust {
    pub fn label(self) -> &'static str {
        match self {
            Trust::High => "高（告示・厚生労働省の資料）",
            Trust::Medium => "中（独立した二つの写しが一致）",
            Trust::Low => "低（写し一つのみ）",
        }
    }
}

/// A table (or, for `kasan`, some of its kinds) that a set deliberately does not carry: the
/// office imports it (see `docs/rate-tables.md`). A calculation that needs it names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeImport {
    pub table: TableId,
    /// For `kasan`: which kinds; empty = the whole table.
    #[serde(default)]
    pub kinds: Vec<KasanKind>,
    /// Why the set does not carry it (e.g. two sources disagree).
    #[serde(default)]
    pub reason: String,
}

/// Where the figures of a table come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub url: String,
    pub verification: Verification,
    #[serde(default)]
    pub trust: Option<Trust>,
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
    /// `[tables]`: each table's Japanese title, as the 調書 and the calculation screen name it.
    #[serde(default)]
    pub table_titles: BTreeMap<TableId, String>,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    #[serde(default)]
    pub rules: Rules,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub note: String,
    /// For an office supplement: the version of the national set it completes.
    #[serde(default)]
    pub base: Option<String>,
    /// Tables (or 加算 kinds) this set does not carry and the office must import.
    #[serde(default)]
    pub office_imports: Vec<OfficeImport>,
    /// When the office added tables to a national set: what it added (its own version).
    #[serde(default)]
    pub supplement: Option<Supplement>,
}

impl Manifest {
    /// The Japanese title of a table a calculation line cites (`daiichi`, or `office/kasan` for
    /// a row the office added): this set's `[tables]`, else the national set's. Never the file.
    pub fn table_title(&self, table: &str) -> String {
        let (id, office) = match table.strip_prefix(OFFICE_DIR) {
            Some(id) => (id, true),
            None => (table, false),
        };
        let Some(t) = TableId::ALL.into_iter().find(|t| t.id() == id) else {
            return table.to_string();
        };
        let title = self
            .table_titles
            .get(&t)
            .cloned()
            .unwrap_or_else(|| t.national_title());
        if office {
            format!("{title}（福祉事務所の追加分）")
        } else {
            title
        }
    }
}

/// An office supplement merged into a national set (`office/manifest.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplement {
    pub version: String,
    pub title: String,
    #[serde(default)]
    pub note: String,
}

/// The `base` of a set's manifest (an office supplement names the national set it completes),
/// or `None` for a set of its own. Errors are the manifest's.
pub fn supplement_base(files: &[(&str, &str)]) -> Result<Option<String>, RateError> {
    let text = files
        .iter()
        .find(|(n, _)| *n == MANIFEST_FILE)
        .map(|(_, t)| *t)
        .ok_or_else(|| RateError::MissingFile {
            file: MANIFEST_FILE.into(),
        })?;
    files::check_text(MANIFEST_FILE, text)?;
    Ok(manifest::base_of(text))
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
        self.to_string()
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to {
            Some(t) if t == self.from => write!(f, "{}", self.from),
            Some(t) => write!(f, "{}〜{}", self.from, t),
            None => write!(f, "{}〜", self.from),
        }
    }
}

/// Where a row came from: the CSV line (header = line 1), its source id, and — for a row of an
/// office supplement — the file it is in (`office/kasan.csv`), when that is not the table's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowMeta {
    pub line: usize,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl RowMeta {
    /// The file the row is in.
    pub fn file_name(&self, table: TableId) -> String {
        self.file.clone().unwrap_or_else(|| table.file_name())
    }
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
    /// 児童を養育する場合に係る経過的加算 (per child under 3), where the set carries it
    JidoKeika,
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
    pub const ALL: [KasanKind; 17] = [
        KasanKind::Tokurei,
        KasanKind::ShogaiA,
        KasanKind::ShogaiB,
        KasanKind::Boshi1,
        KasanKind::Boshi2,
        KasanKind::BoshiAdd,
        KasanKind::JidoYoiku,
        KasanKind::JidoKeika,
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
            KasanKind::JidoKeika => "jido_keika",
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
            KasanKind::JidoKeika => "児童を養育する場合に係る経過的加算",
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

/// Parse a set from file contents: `(file name, contents)` pairs, names without directories.
/// Pure: the database can keep the original files and re-parse them at any time.
pub fn parse_files(files: &[(&str, &str)]) -> Result<RateSet, RateError> {
    parse::parse_files(files)
}

/// Read every file of a set directory ([`read_set_dir`]) and parse it with [`parse_files`].
pub fn load_dir(path: impl AsRef<Path>) -> Result<RateSet, RateError> {
    let files = read_set_dir(path.as_ref())?;
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    parse_files(&refs)
}

#[cfg(test)]
pub(crate) mod tests;
