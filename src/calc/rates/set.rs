//! [`RateSet`]: every table of one version, validated, with an index built once when the set
//! is loaded, and what it can and cannot decide (`complete`) computed at the same time. The
//! `find_*` methods are the only way the calculation reads a table.

use super::complete::{self, Coverage};
use super::*;
use std::collections::HashMap;

/// Row numbers of one table grouped by the key a lookup has in hand. Groups are small (a few
/// to ~110 rows), so a lookup scans its group only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Index {
    daiichi: Vec<Vec<u32>>,     // [scheme × grade]
    teigen: Vec<Vec<u32>>,      // [scheme]
    daini: Vec<Vec<u32>>,       // [scheme × grade]
    keikateki: Vec<Vec<u32>>,   // [keika scheme × kind × grade]
    toki: Vec<Vec<u32>>,        // [region × grade]
    toki_months: Vec<Vec<u32>>, // [region]
    kasan: Vec<Vec<u32>>,       // [kind × grade]
    kimatsu: Vec<Vec<u32>>,     // [grade]
    kyoiku: Vec<Vec<u32>>,      // [level]
    toki_regions: HashMap<String, Vec<u32>>,
    jutaku: HashMap<String, Vec<u32>>,
}

const GRADES: usize = 6;
const SCHEMES: usize = 3;

fn grouped<T>(rows: &[T], n: usize, key: impl Fn(&T) -> usize) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); n];
    for (i, r) in rows.iter().enumerate() {
        out[key(r)].push(i as u32);
    }
    out
}

fn by_name<T>(rows: &[T], key: impl Fn(&T) -> &str) -> HashMap<String, Vec<u32>> {
    let mut out: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        out.entry(key(r).to_string()).or_default().push(i as u32);
    }
    out
}

fn scheme_index(s: Scheme) -> usize {
    match s {
        Scheme::R5 => 0,
        Scheme::H30_1 => 1,
        Scheme::H30_2 => 2,
    }
}

fn kasan_index(k: KasanKind) -> usize {
    KasanKind::ALL
        .iter()
        .position(|x| *x == k)
        .expect("every kind is in ALL")
}

fn level_index(l: SchoolLevel) -> usize {
    SchoolLevel::ALL
        .iter()
        .position(|x| *x == l)
        .expect("every level is in ALL")
}

fn region_index(r: WinterRegion) -> usize {
    usize::from(r.number() - 1)
}

impl Index {
    fn build(s: &RateData) -> Index {
        let g = |g: Grade| g.index();
        Index {
            daiichi: grouped(&s.daiichi, SCHEMES * GRADES, |r| {
                scheme_index(r.scheme) * GRADES + g(r.grade)
            }),
            teigen: grouped(&s.teigen, SCHEMES, |r| scheme_index(r.scheme)),
            daini: grouped(&s.daini, SCHEMES * GRADES, |r| {
                scheme_index(r.scheme) * GRADES + g(r.row.grade)
            }),
            keikateki: grouped(&s.keikateki, 2 * 2 * GRADES, |r| {
                (r.scheme.index() * 2 + r.kind.index()) * GRADES + g(r.grade)
            }),
            toki: grouped(&s.toki, 6 * GRADES, |r| {
                region_index(r.region) * GRADES + g(r.row.grade)
            }),
            toki_months: grouped(&s.toki_months, 6, |r| region_index(r.region)),
            kasan: grouped(&s.kasan, KasanKind::ALL.len() * GRADES, |r| {
                kasan_index(r.kind) * GRADES + g(r.grade)
            }),
            kimatsu: grouped(&s.kimatsu, GRADES, |r| g(r.grade)),
            kyoiku: grouped(&s.kyoiku, SchoolLevel::ALL.len(), |r| level_index(r.level)),
            toki_regions: by_name(&s.toki_regions, |r| r.prefecture.as_str()),
            jutaku: by_name(&s.jutaku, |r| r.area.as_str()),
        }
    }
}

/// The tables of a set as parsed, before the index is built (also what a set serialises to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateData {
    pub manifest: Manifest,
    /// The tables whose file was present (possibly with no rows).
    pub tables: BTreeSet<TableId>,
    pub daiichi: Vec<DaiichiRow>,
    pub teigen: Vec<TeigenRow>,
    pub daini: Vec<DainiRow>,
    pub keikateki: Vec<KeikaRow>,
    pub toki: Vec<TokiRow>,
    pub toki_months: Vec<TokiMonthsRow>,
    #[serde(default)]
    pub toki_regions: Vec<TokiRegionRow>,
    pub kasan: Vec<KasanRow>,
    pub kimatsu: Vec<SizedRow>,
    pub jutaku: Vec<JutakuRow>,
    pub kyoiku: Vec<KyoikuRow>,
    pub kinro_kiso: Vec<KisoRow>,
}

impl RateData {
    pub(super) fn empty(manifest: Manifest) -> RateData {
        RateData {
            manifest,
            tables: BTreeSet::new(),
            daiichi: vec![],
            teigen: vec![],
            daini: vec![],
            keikateki: vec![],
            toki: vec![],
            toki_months: vec![],
            toki_regions: vec![],
            kasan: vec![],
            kimatsu: vec![],
            jutaku: vec![],
            kyoiku: vec![],
            kinro_kiso: vec![],
        }
    }
}

/// Every table of one version, validated and indexed. Serialisable so that a decision can
/// snapshot it (the index and the completeness are rebuilt when it is read back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RateData", into = "RateData")]
pub struct RateSet {
    data: RateData,
    index: Index,
    coverage: Coverage,
}

impl From<RateData> for RateSet {
    fn from(data: RateData) -> RateSet {
        RateSet::build(data)
    }
}

impl From<RateSet> for RateData {
    fn from(set: RateSet) -> RateData {
        set.data
    }
}

impl std::ops::Deref for RateSet {
    type Target = RateData;
    fn deref(&self) -> &RateData {
        &self.data
    }
}

fn first<'a, T>(rows: &'a [T], group: &[u32], hit: impl Fn(&T) -> bool) -> Option<&'a T> {
    group.iter().map(|&i| &rows[i as usize]).find(|r| hit(r))
}

impl RateSet {
    /// Index the tables and work out, once, what the set can decide (see `complete`).
    pub(super) fn build(data: RateData) -> RateSet {
        let index = Index::build(&data);
        let mut set = RateSet {
            data,
            index,
            coverage: Coverage::default(),
        };
        set.coverage = complete::coverage(&set);
        set
    }

    pub(super) fn coverage(&self) -> &Coverage {
        &self.coverage
    }

    pub fn version(&self) -> &str {
        &self.data.manifest.version
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.data.manifest.sources.iter().find(|s| s.id == id)
    }

    /// True when any row comes from a test-fixture source: such a set must never decide a case.
    pub fn has_test_figures(&self) -> bool {
        self.data
            .manifest
            .sources
            .iter()
            .any(|s| s.verification == Verification::TestFixture)
    }

    pub fn covers_date(&self, d: NaiveDate) -> bool {
        Period {
            from: self.data.manifest.effective_from,
            to: self.data.manifest.effective_to,
        }
        .contains(d)
    }

    /// Whether the set says the office must import this table (or this 加算 kind).
    pub fn office_import(&self, table: TableId, kind: Option<KasanKind>) -> Option<&OfficeImport> {
        self.data.manifest.office_imports.iter().find(|o| {
            o.table == table && (o.kinds.is_empty() || kind.is_some_and(|k| o.kinds.contains(&k)))
        })
    }

    pub fn find_daiichi(
        &self,
        scheme: Scheme,
        grade: Grade,
        age: i64,
        date: NaiveDate,
    ) -> Option<&DaiichiRow> {
        let g = &self.index.daiichi[scheme_index(scheme) * GRADES + grade.index()];
        first(&self.data.daiichi, g, |r| {
            r.age.contains(age) && r.valid.contains(date)
        })
    }

    pub fn find_teigen(&self, scheme: Scheme, size: i64, date: NaiveDate) -> Option<&TeigenRow> {
        let g = &self.index.teigen[scheme_index(scheme)];
        first(&self.data.teigen, g, |r| {
            r.size.contains(size) && r.valid.contains(date)
        })
    }

    pub fn find_daini(
        &self,
        scheme: Scheme,
        grade: Grade,
        size: i64,
        date: NaiveDate,
    ) -> Option<&SizedRow> {
        let g = &self.index.daini[scheme_index(scheme) * GRADES + grade.index()];
        first(&self.data.daini, g, |r| {
            r.row.size.contains(size) && r.row.valid.contains(date)
        })
        .map(|r| &r.row)
    }

    /// 生活扶助本体に係る経過的加算 (r5) for a member.
    pub fn find_keikateki(
        &self,
        grade: Grade,
        size: i64,
        age: i64,
        date: NaiveDate,
    ) -> Option<&KeikaRow> {
        self.find_keika(KeikaScheme::R5, KeikaKind::Hontai, grade, size, age, date)
    }

    pub fn find_keika(
        &self,
        scheme: KeikaScheme,
        kind: KeikaKind,
        grade: Grade,
        size: i64,
        age: i64,
        date: NaiveDate,
    ) -> Option<&KeikaRow> {
        first(
            &self.data.keikateki,
            self.keika_group(scheme, kind, grade),
            |r| r.size.contains(size) && r.age.contains(age) && r.valid.contains(date),
        )
    }

    /// Whether the set has any row of this 経過的加算 for the 級地 (a kind with no row at all
    /// is not part of this set's standard).
    pub fn has_keika(&self, scheme: KeikaScheme, kind: KeikaKind, grade: Grade) -> bool {
        !self.keika_group(scheme, kind, grade).is_empty()
    }

    fn keika_group(&self, scheme: KeikaScheme, kind: KeikaKind, grade: Grade) -> &[u32] {
        &self.index.keikateki[(scheme.index() * 2 + kind.index()) * GRADES + grade.index()]
    }

    pub fn find_toki(
        &self,
        region: WinterRegion,
        grade: Grade,
        size: i64,
        date: NaiveDate,
    ) -> Option<&SizedRow> {
        let g = &self.index.toki[region_index(region) * GRADES + grade.index()];
        first(&self.data.toki, g, |r| {
            r.row.size.contains(size) && r.row.valid.contains(date)
        })
        .map(|r| &r.row)
    }

    pub fn find_toki_months(
        &self,
        region: WinterRegion,
        date: NaiveDate,
    ) -> Option<&TokiMonthsRow> {
        let g = &self.index.toki_months[region_index(region)];
        first(&self.data.toki_months, g, |r| r.valid.contains(date))
    }

    pub fn find_toki_region(&self, prefecture: &str, date: NaiveDate) -> Option<&TokiRegionRow> {
        let g = self.index.toki_regions.get(prefecture.trim())?;
        first(&self.data.toki_regions, g, |r| r.valid.contains(date))
    }

    pub fn find_kasan(&self, kind: KasanKind, grade: Grade, date: NaiveDate) -> Option<&KasanRow> {
        let g = &self.index.kasan[kasan_index(kind) * GRADES + grade.index()];
        first(&self.data.kasan, g, |r| r.valid.contains(date))
    }

    pub fn find_kimatsu(&self, grade: Grade, size: i64, date: NaiveDate) -> Option<&SizedRow> {
        let g = &self.index.kimatsu[grade.index()];
        first(&self.data.kimatsu, g, |r| {
            r.size.contains(size) && r.valid.contains(date)
        })
    }

    pub fn find_jutaku(
        &self,
        area: &str,
        grade: Grade,
        size: i64,
        date: NaiveDate,
    ) -> Option<&JutakuRow> {
        let g = self.index.jutaku.get(area)?;
        first(&self.data.jutaku, g, |r| {
            r.grade == grade && r.size.contains(size) && r.valid.contains(date)
        })
    }

    /// The 住宅扶助 areas (prefectures and cities) the set has caps for, in file order.
    pub fn housing_areas(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![];
        for r in &self.data.jutaku {
            if !out.contains(&r.area.as_str()) {
                out.push(&r.area);
            }
        }
        out
    }

    pub fn find_kyoiku(&self, level: SchoolLevel, date: NaiveDate) -> Option<&KyoikuRow> {
        let g = &self.index.kyoiku[level_index(level)];
        first(&self.data.kyoiku, g, |r| r.valid.contains(date))
    }

    pub fn find_kinro_kiso(&self, income: i64, date: NaiveDate) -> Option<&KisoRow> {
        self.data
            .kinro_kiso
            .iter()
            .find(|r| r.income.contains(income) && r.valid.contains(date))
    }
}
