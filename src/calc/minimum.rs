//! 最低生活費: the minimum cost of living of one household on one date, by kind of aid, with
//! every line explained (which table row, which member, which 加算).
//!
//! Structure (DOMAIN.md §5; research/rates-2026/README.md, MHLW 「生活扶助基準額の算出方法」):
//! - 生活扶助本体 = round(Σ 第1類(age, 級地) × 逓減率(size)) + 第2類(size, 級地)
//!   \+ 特例加算 × members + 生活扶助本体に係る経過的加算 (per member, by size, age, 級地);
//!   `round` is the set's `teigen_rounding` (MHLW: drop the fraction below 1 yen, then up to
//!   10 yen: `floor1_ceil10`). A household of a lone parent also gets the 母子世帯等に係る
//!   経過的加算 where the set carries that table.
//! - 従前額保障 only when the set asks for it (`juzen_hosho`): the difference up to the
//!   pre-2023-10 formula `max(基準① × old_ratio, 基準②)` + its own 経過的加算 (scheme `h30`),
//!   read at the reference date. The national sets do not ask: the 告示's 経過的加算 table *is*
//!   how it keeps the former level (docs/rate-tables.md §8).
//! - 冬季加算 in the region's months, the region from the household's prefecture (the set's
//!   `toki_regions`) unless the household names one; 期末一時扶助 in December.
//! - 加算 per member; 障害者加算 and 母子加算 are not paid together to the same person: the
//!   higher one applies.
//! - 住宅扶助 = min(rent, cap); 教育扶助 = base + actual costs (高等学校等就学費 is 生業扶助);
//!   介護扶助 and 医療扶助 at the expected actual cost given by the caller.
//!
//! Not here: income (`income`), the benefit and 本人支払額 (`benefit`), one-off grants other than
//! 期末一時扶助 (一時扶助, 出産扶助, 葬祭扶助: decided case by case, outside the monthly minimum).

use super::rates::{
    age_reference_date, legal_age, KasanKind, KasanRow, KeikaKind, KeikaScheme, RateError, RateSet,
    RowMeta, Scheme, SchoolLevel, TableId,
};
use super::situation::{DisabilityLevel, HouseholdSituation, Pregnancy, RadiationStatus};
use super::WinterRegion;
use super::{add_yen, mul_yen, sum_yen, AidKind, CalcError, Grade, Rounding, INCOME_ORDER};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which row of which table a line was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRef {
    /// Table id (`daiichi`, `kasan` …; see `rates::TableId`), or an office supplement's file
    /// without `.csv` (`office/kasan`).
    pub table: std::borrow::Cow<'static, str>,
    /// Line in the CSV file (header = 1).
    pub line: usize,
    /// Source id in the set's manifest.
    pub source: String,
}

impl TableRef {
    pub(crate) fn of(table: TableId, meta: &RowMeta) -> Option<TableRef> {
        // A row of an office supplement names its own file (`office/kasan`).
        let table = match &meta.file {
            Some(f) => std::borrow::Cow::Owned(f.trim_end_matches(".csv").to_string()),
            None => std::borrow::Cow::Borrowed(table.id()),
        };
        Some(TableRef {
            table,
            line: meta.line,
            source: meta.source.clone(),
        })
    }
}

/// One explained line of the minimum cost of living.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalcLine {
    pub kind_of_aid: AidKind,
    /// What the line is, in Japanese as printed on the 保護決定調書.
    pub label: String,
    /// Index into `HouseholdSituation::members` when the line belongs to one member.
    pub member: Option<usize>,
    pub table_ref: Option<TableRef>,
    pub amount_yen: i64,
    /// Whether the amount is part of the total. Working lines (a member's 第1類 before 逓減率,
    /// the old formula behind 従前額保障) are shown but not added.
    pub counted: bool,
    /// The arithmetic, e.g. "93,860 × 0.87 = 81,658.2 → 81,660（10円未満切り上げ）".
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindTotal {
    pub kind_of_aid: AidKind,
    pub amount_yen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinimumCost {
    pub lines: Vec<CalcLine>,
    /// Totals per kind of aid, in [`AidKind`] order; kinds with no line are omitted.
    pub by_kind: Vec<KindTotal>,
    pub total_yen: i64,
}

impl MinimumCost {
    pub fn kind_total(&self, kind: AidKind) -> i64 {
        self.by_kind
            .iter()
            .find(|k| k.kind_of_aid == kind)
            .map_or(0, |k| k.amount_yen)
    }
}

pub use crate::domain::money::{yen, Yen};

/// Append a non-negative integer (an age, a count) without the formatting machinery.
fn push_int(s: &mut String, n: i64) {
    let mut buf = [0u8; 20];
    let mut n = n.unsigned_abs();
    let mut len = 0;
    loop {
        buf[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    for &b in buf[..len].iter().rev() {
        s.push(char::from(b));
    }
}

fn rule_missing(rule: &str) -> CalcError {
    CalcError::Rates(RateError::Incomplete {
        table: "manifest.toml".into(),
        detail: format!("rules.{rule} がありません"),
    })
}

/// 児童: "18歳に達する日以後の最初の3月31日までの間にある者" (MHLW, 生活扶助基準の説明, 2003:
/// http://www.mhlw.go.jp/shingi/2003/09/s0930-7a1-2.html). A person reaches 18 on the day before
/// the 18th birthday (see `rates::legal_age`). Birth dates are bounded by
/// `HouseholdSituation::check`; one at the calendar's end is simply not a child.
pub fn is_child(birth: NaiveDate, on: NaiveDate) -> bool {
    let y18 = birth.year() + 18;
    let Some(anniv) = NaiveDate::from_ymd_opt(y18, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(y18, 3, 1))
    else {
        return false;
    };
    let Some(reached) = anniv.pred_opt() else {
        return false;
    };
    let march31 = NaiveDate::from_ymd_opt(reached.year(), 3, 31);
    let end = match march31 {
        Some(m) if reached <= m => Some(m),
        _ => NaiveDate::from_ymd_opt(reached.year() + 1, 3, 31),
    };
    on >= birth && end.is_some_and(|e| on <= e)
}

/// What one calculation reads tables with: the set, the household's 級地 and the date, and how
/// a missing row is reported.
struct Tables<'a> {
    set: &'a RateSet,
    grade: Grade,
    date: NaiveDate,
}

impl Tables<'_> {
    /// The error for a row the household needs and the set lacks: the office must import it
    /// when the set says so, otherwise the table has no row for the key.
    fn missing(
        &self,
        table: TableId,
        kind: Option<KasanKind>,
        what: &str,
        key: String,
    ) -> CalcError {
        match self.set.office_import(table, kind) {
            Some(o) => CalcError::OfficeTableMissing {
                what: what.to_string(),
                version: self.set.version().to_string(),
                reason: if o.reason.is_empty() {
                    "該当する行がありません".to_string()
                } else {
                    o.reason.clone()
                },
            },
            None => CalcError::missing(table.id(), key),
        }
    }

    fn kasan(&self, kind: KasanKind) -> Result<&KasanRow, CalcError> {
        self.set
            .find_kasan(kind, self.grade, self.date)
            .ok_or_else(|| {
                self.missing(
                    TableId::Kasan,
                    Some(kind),
                    kind.label(),
                    format!("{} {} {}", kind.code(), self.grade.label(), self.date),
                )
            })
    }
}

/// Σ 第1類 × 逓減率 + 第2類 for one scheme. Returns (lines, amount). The 第1類 lines are
/// working lines; the product and 第2類 are `counted` as the caller says.
#[allow(clippy::too_many_arguments)]
fn hontai(
    set: &RateSet,
    scheme: Scheme,
    grade: Grade,
    ages: &[i64],
    date: NaiveDate,
    rounding: Rounding,
    counted: bool,
    lines: &mut Vec<CalcLine>,
) -> Result<i64, CalcError> {
    let n = ages.len() as i64;
    let tag = match scheme {
        Scheme::R5 => "",
        Scheme::H30_1 => "①",
        Scheme::H30_2 => "②",
    };
    let gl = grade.label();
    let mut sum = 0i64;
    for (i, &age) in ages.iter().enumerate() {
        let row = set.find_daiichi(scheme, grade, age, date).ok_or_else(|| {
            CalcError::missing("daiichi", format!("{} {gl} {age}歳 {date}", scheme.code()))
        })?;
        sum = add_yen(sum, row.amount, "第1類")?;
        // Built by hand: these lines are most of a calculation's text (one per member and
        // scheme), and `format!` costs more than the arithmetic.
        let mut label = String::with_capacity(48);
        label.push_str("第1類");
        label.push_str(tag);
        label.push('（');
        push_int(&mut label, age);
        label.push_str("歳、");
        label.push_str(gl);
        label.push('）');
        let mut note = String::with_capacity(24);
        note.push_str("年齢区分 ");
        push_int(&mut note, row.age.from);
        match row.age.to {
            Some(t) if t == row.age.from => {}
            Some(t) => {
                note.push('〜');
                push_int(&mut note, t);
            }
            None => note.push('〜'),
        }
        note.push('歳');
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label,
            member: Some(i),
            table_ref: TableRef::of(TableId::Daiichi, &row.meta),
            amount_yen: row.amount,
            counted: false,
            note,
        });
    }
    let t = set
        .find_teigen(scheme, n, date)
        .ok_or_else(|| CalcError::missing("teigen", format!("{} {n}人 {date}", scheme.code())))?;
    let product = t.rate.times(sum, rounding);
    let exact = sum as i128 * t.rate.0 as i128; // in 1/10000 yen
    let steps = if rounding == Rounding::Floor1Ceil10 && exact % 10_000 != 0 {
        // Show the whole-yen step too: 80,840.4 → 80,840 → 80,840.
        format!(" → {}", Yen((exact / 10_000) as i64))
    } else {
        String::new()
    };
    lines.push(CalcLine {
        kind_of_aid: AidKind::Living,
        label: format!("第1類{tag}計 × 逓減率{tag}（{n}人）"),
        member: None,
        table_ref: TableRef::of(TableId::Teigen, &t.meta),
        amount_yen: product,
        counted,
        note: format!(
            "{} × {} = {}{steps} → {}（{}）",
            Yen(sum),
            t.rate.display(),
            Exact(exact),
            Yen(product),
            rounding.label()
        ),
    });
    let d2 = set.find_daini(scheme, grade, n, date).ok_or_else(|| {
        CalcError::missing("daini", format!("{} {gl} {n}人 {date}", scheme.code()))
    })?;
    let a2 = d2.amount_for(n);
    lines.push(CalcLine {
        kind_of_aid: AidKind::Living,
        label: format!("第2類{tag}（{n}人、{gl}）"),
        member: None,
        table_ref: TableRef::of(TableId::Daini, &d2.meta),
        amount_yen: a2,
        counted,
        note: sized_note(d2.amount, d2.per_extra, d2.size.from, n),
    });
    add_yen(product, a2, "第1類×逓減率＋第2類")
}

/// An exact amount in 1/10000 yen, written as a decimal without trailing zeros.
struct Exact(i128);

impl std::fmt::Display for Exact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let int = (self.0 / 10_000) as i64;
        let mut frac = (self.0 % 10_000) as u32;
        write!(f, "{}", Yen(int))?;
        if frac == 0 {
            return Ok(());
        }
        let mut digits = 4;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        write!(f, ".{frac:0digits$}")
    }
}

fn sized_note(base: i64, per_extra: i64, from: i64, n: i64) -> String {
    if n > from && per_extra > 0 {
        format!(
            "{}人 {} + {}人増 × {} = {}",
            from,
            Yen(base),
            n - from,
            Yen(per_extra),
            Yen(base.saturating_add(per_extra.saturating_mul(n - from)))
        )
    } else {
        String::new()
    }
}

/// Σ 経過的加算 of one kind and scheme over the members, each a line (counted or not).
#[allow(clippy::too_many_arguments)]
fn keika_lines(
    set: &RateSet,
    scheme: KeikaScheme,
    kind: KeikaKind,
    grade: Grade,
    ages: &[i64],
    date: NaiveDate,
    counted: bool,
    lines: &mut Vec<CalcLine>,
) -> Result<i64, CalcError> {
    let n = ages.len() as i64;
    let gl = grade.label();
    let mut total = 0i64;
    for (i, &age) in ages.iter().enumerate() {
        let k = set
            .find_keika(scheme, kind, grade, n, age, date)
            .ok_or_else(|| {
                Tables { set, grade, date }.missing(
                    TableId::Keikateki,
                    None,
                    &format!("{n}人世帯の{}", kind.label()),
                    format!(
                        "{} {} {gl} {n}人 {age}歳 {date}",
                        kind.label(),
                        scheme.code()
                    ),
                )
            })?;
        if k.amount > 0 {
            total = add_yen(total, k.amount, kind.label())?;
            let old = if scheme == KeikaScheme::H30 {
                "（従前）"
            } else {
                ""
            };
            lines.push(CalcLine {
                kind_of_aid: AidKind::Living,
                label: format!("{}{old}（{age}歳、{n}人世帯）", kind.label()),
                member: Some(i),
                table_ref: TableRef::of(TableId::Keikateki, &k.meta),
                amount_yen: k.amount,
                counted,
                note: String::new(),
            });
        }
    }
    Ok(total)
}

/// The household's 冬季加算の地区 and how it was found.
fn winter_region(t: &Tables, hh: &HouseholdSituation) -> Result<(WinterRegion, String), CalcError> {
    if let Some(r) = hh.winter_region {
        return Ok((r, "地区は世帯ごとに指定".into()));
    }
    let pref = hh.prefecture.as_deref().map(str::trim).filter(|p| !p.is_empty()).ok_or_else(|| {
        CalcError::Input {
            message: "冬季加算の地区が決まりません。都道府県（事務所設定）か、世帯の冬季加算の地区を指定してください".into(),
        }
    })?;
    let row = t.set.find_toki_region(pref, t.date).ok_or_else(|| {
        t.missing(
            TableId::TokiRegions,
            None,
            "冬季加算の地区（都道府県別）",
            format!("{pref} {}", t.date),
        )
    })?;
    Ok((row.region, format!("{pref} は{}", row.region.label())))
}

/// 最低生活費 of `hh` on `date` from `set`. Stops with [`CalcError`] when a needed row or rule is
/// missing; never substitutes a figure.
pub fn minimum_cost(
    set: &RateSet,
    hh: &HouseholdSituation,
    date: NaiveDate,
) -> Result<MinimumCost, CalcError> {
    hh.check()?;
    minimum_checked(set, hh, date)
}

/// [`minimum_cost`] for a household already checked.
pub(crate) fn minimum_checked(
    set: &RateSet,
    hh: &HouseholdSituation,
    date: NaiveDate,
) -> Result<MinimumCost, CalcError> {
    let rules = &set.manifest.rules;
    let rounding = rules
        .teigen_rounding
        .ok_or_else(|| rule_missing("teigen_rounding"))?;
    let basis = rules.age_basis.ok_or_else(|| rule_missing("age_basis"))?;
    let grade = hh.grade;
    let gl = grade.label();
    let t = Tables { set, grade, date };
    let n = hh.members.len() as i64;
    let age_day = age_reference_date(basis, date);
    let ages: Vec<i64> = hh
        .members
        .iter()
        .map(|m| legal_age(m.birth_date, age_day))
        .collect();
    let children: Vec<usize> = (0..hh.members.len())
        .filter(|&i| is_child(hh.members[i].birth_date, date))
        .collect();
    // 母子世帯等: a lone parent with at least one child of the household.
    let lone_parent_household = hh
        .members
        .iter()
        .enumerate()
        .any(|(i, m)| m.facts.lone_parent && children.iter().any(|&c| c != i));

    let mut lines = Vec::with_capacity(4 * hh.members.len() + 8);

    // 生活扶助本体 (令和5年10月 structure).
    let mut new_amount = hontai(
        set,
        Scheme::R5,
        grade,
        &ages,
        date,
        rounding,
        true,
        &mut lines,
    )?;
    let tok = t.kasan(KasanKind::Tokurei)?;
    if tok.amount > 0 {
        let a = mul_yen(tok.amount, n, "特例加算")?;
        new_amount = add_yen(new_amount, a, "生活扶助本体")?;
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label: format!("特例加算（{n}人）"),
            member: None,
            table_ref: TableRef::of(TableId::Kasan, &tok.meta),
            amount_yen: a,
            counted: true,
            note: format!("{} × {n}人", Yen(tok.amount)),
        });
    }
    let k = keika_lines(
        set,
        KeikaScheme::R5,
        KeikaKind::Hontai,
        grade,
        &ages,
        date,
        true,
        &mut lines,
    )?;
    new_amount = add_yen(new_amount, k, "生活扶助本体")?;
    if lone_parent_household && set.has_keika(KeikaScheme::R5, KeikaKind::Boshi, grade) {
        let k = keika_lines(
            set,
            KeikaScheme::R5,
            KeikaKind::Boshi,
            grade,
            &ages,
            date,
            true,
            &mut lines,
        )?;
        new_amount = add_yen(new_amount, k, "生活扶助本体")?;
    }

    // 従前額保障: keep the former amount when it was higher (only if the set asks for it).
    if rules.juzen_hosho {
        let d0 = rules
            .juzen_reference_date
            .ok_or_else(|| rule_missing("juzen_reference_date"))?;
        let ratio = rules.old_ratio.ok_or_else(|| rule_missing("old_ratio"))?;
        let k1 = hontai(
            set,
            Scheme::H30_1,
            grade,
            &ages,
            d0,
            rounding,
            false,
            &mut lines,
        )?;
        let k2 = hontai(
            set,
            Scheme::H30_2,
            grade,
            &ages,
            d0,
            rounding,
            false,
            &mut lines,
        )?;
        let k1r = ratio.times(k1, rounding);
        let mut old_keika = 0;
        if set.has_keika(KeikaScheme::H30, KeikaKind::Hontai, grade) {
            old_keika = keika_lines(
                set,
                KeikaScheme::H30,
                KeikaKind::Hontai,
                grade,
                &ages,
                d0,
                false,
                &mut lines,
            )?;
        }
        if lone_parent_household && set.has_keika(KeikaScheme::H30, KeikaKind::Boshi, grade) {
            let b = keika_lines(
                set,
                KeikaScheme::H30,
                KeikaKind::Boshi,
                grade,
                &ages,
                d0,
                false,
                &mut lines,
            )?;
            old_keika = add_yen(old_keika, b, "従前の経過的加算")?;
        }
        let old = add_yen(k1r.max(k2), old_keika, "従前の基準額")?;
        let keika_note = if old_keika > 0 {
            format!(" + 経過的加算 {}", Yen(old_keika))
        } else {
            String::new()
        };
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label: format!("従前の基準額（{d0} 時点の算式）"),
            member: None,
            table_ref: None,
            amount_yen: old,
            counted: false,
            note: format!(
                "max(基準① {} × {} = {}, 基準② {}){keika_note} = {}",
                Yen(k1),
                ratio.display(),
                Yen(k1r),
                Yen(k2),
                Yen(old)
            ),
        });
        if old > new_amount {
            lines.push(CalcLine {
                kind_of_aid: AidKind::Living,
                label: "従前額保障（従前の基準額との差額）".into(),
                member: None,
                table_ref: None,
                amount_yen: old - new_amount,
                counted: true,
                note: format!(
                    "{} − {} = {}",
                    Yen(old),
                    Yen(new_amount),
                    Yen(old - new_amount)
                ),
            });
        }
    }

    // 冬季加算.
    let (region, how) = winter_region(&t, hh)?;
    let months = set
        .find_toki_months(region, date)
        .ok_or_else(|| CalcError::missing("toki_months", format!("{} {date}", region.label())))?;
    if months.covers(date.month()) {
        let w = set.find_toki(region, grade, n, date).ok_or_else(|| {
            CalcError::missing("toki", format!("{} {gl} {n}人 {date}", region.label()))
        })?;
        let extra = sized_note(w.amount, w.per_extra, w.size.from, n);
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label: format!("冬季加算（{}、{n}人、{gl}）", region.label()),
            member: None,
            table_ref: TableRef::of(TableId::Toki, &w.meta),
            amount_yen: w.amount_for(n),
            counted: true,
            note: if extra.is_empty() {
                format!(
                    "{how}; 支給月 {}月〜{}月",
                    months.month_from, months.month_to
                )
            } else {
                format!(
                    "{how}; 支給月 {}月〜{}月; {extra}",
                    months.month_from, months.month_to
                )
            },
        });
    }

    // 加算, member by member.
    for (i, m) in hh.members.iter().enumerate() {
        let mut push = |label: &str, amount: i64, tref: Option<TableRef>, note: String| {
            lines.push(CalcLine {
                kind_of_aid: AidKind::Living,
                label: label.to_string(),
                member: Some(i),
                table_ref: tref,
                amount_yen: amount,
                counted: true,
                note,
            });
        };
        let disability = match m.facts.disability {
            Some(DisabilityLevel::A) => Some(t.kasan(KasanKind::ShogaiA)?),
            Some(DisabilityLevel::B) => Some(t.kasan(KasanKind::ShogaiB)?),
            None => None,
        };
        // 母子加算: by the number of children of the household other than the parent.
        let mut boshi: Option<(i64, Option<TableRef>, String, String)> = None;
        if m.facts.lone_parent {
            let c = children.iter().filter(|&&j| j != i).count() as i64;
            if c >= 1 {
                let b1 = t.kasan(KasanKind::Boshi1)?;
                let (amount, tref, note) = if c == 1 {
                    (
                        b1.amount,
                        TableRef::of(TableId::Kasan, &b1.meta),
                        "児童1人".to_string(),
                    )
                } else {
                    let b2 = t.kasan(KasanKind::Boshi2)?;
                    let add = t.kasan(KasanKind::BoshiAdd)?;
                    let extra = mul_yen(c - 2, add.amount, "母子加算")?;
                    let total = add_yen(b2.amount, extra, "母子加算")?;
                    let note = if c > 2 {
                        format!(
                            "児童{c}人: {} + {} × {} = {}",
                            Yen(b2.amount),
                            c - 2,
                            Yen(add.amount),
                            Yen(total)
                        )
                    } else {
                        "児童2人".into()
                    };
                    (total, TableRef::of(TableId::Kasan, &b2.meta), note)
                };
                boshi = Some((amount, tref, note, format!("母子加算（児童{c}人）")));
            }
        }
        match (disability, boshi) {
            (Some(d), Some((b, bref, bnote, blabel))) => {
                // Not paid together: the higher one applies (DOMAIN.md §5).
                if d.amount >= b {
                    push(
                        d.kind.label(),
                        d.amount,
                        TableRef::of(TableId::Kasan, &d.meta),
                        format!("母子加算 {} と併給しないため高い方", Yen(b)),
                    );
                } else {
                    push(
                        &blabel,
                        b,
                        bref,
                        format!(
                            "{bnote}; 障害者加算 {} と併給しないため高い方",
                            Yen(d.amount)
                        ),
                    );
                }
            }
            (Some(d), None) => push(
                d.kind.label(),
                d.amount,
                TableRef::of(TableId::Kasan, &d.meta),
                String::new(),
            ),
            (None, Some((b, bref, bnote, blabel))) => push(&blabel, b, bref, bnote),
            (None, None) => {}
        }
        if children.contains(&i) {
            let j = t.kasan(KasanKind::JidoYoiku)?;
            if j.amount > 0 {
                push(
                    KasanKind::JidoYoiku.label(),
                    j.amount,
                    TableRef::of(TableId::Kasan, &j.meta),
                    "18歳到達後最初の3月31日まで".into(),
                );
            }
            // 児童を養育する場合に係る経過的加算: only where the set carries it; per child
            // under 3 (**unverified** beyond OpenFisca-Japan's reading of the 2018 告示).
            if ages[i] < 3 {
                if let Some(k) = set.find_kasan(KasanKind::JidoKeika, grade, date) {
                    if k.amount > 0 {
                        push(
                            KasanKind::JidoKeika.label(),
                            k.amount,
                            TableRef::of(TableId::Kasan, &k.meta),
                            "3歳未満の児童".into(),
                        );
                    }
                }
            }
        }
        if let Some(p) = m.facts.pregnancy {
            let k = t.kasan(match p {
                Pregnancy::Under6Months => KasanKind::NinpuUnder6,
                Pregnancy::Over6Months => KasanKind::NinpuOver6,
                Pregnancy::Postpartum => KasanKind::Sanpu,
            })?;
            push(
                k.kind.label(),
                k.amount,
                TableRef::of(TableId::Kasan, &k.meta),
                String::new(),
            );
        }
        if m.facts.home_patient {
            let k = t.kasan(KasanKind::Zaitaku)?;
            push(
                k.kind.label(),
                k.amount,
                TableRef::of(TableId::Kasan, &k.meta),
                String::new(),
            );
        }
        if let Some(r) = m.facts.radiation {
            let k = t.kasan(match r {
                RadiationStatus::Current => KasanKind::HoshasenA,
                RadiationStatus::Former => KasanKind::HoshasenB,
            })?;
            push(
                k.kind.label(),
                k.amount,
                TableRef::of(TableId::Kasan, &k.meta),
                String::new(),
            );
        }
        if m.facts.care_facility {
            let k = t.kasan(KasanKind::KaigoShisetsu)?;
            push(
                k.kind.label(),
                k.amount,
                TableRef::of(TableId::Kasan, &k.meta),
                String::new(),
            );
        }
        if m.facts.care_premium_yen > 0 {
            push(
                "介護保険料加算",
                m.facts.care_premium_yen,
                None,
                "実費（賦課額）".into(),
            );
        }
    }

    // 期末一時扶助: December only.
    if date.month() == 12 {
        let k = set
            .find_kimatsu(grade, n, date)
            .ok_or_else(|| CalcError::missing("kimatsu", format!("{gl} {n}人 {date}")))?;
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label: format!("期末一時扶助（{n}人、{gl}）"),
            member: None,
            table_ref: TableRef::of(TableId::Kimatsu, &k.meta),
            amount_yen: k.amount_for(n),
            counted: true,
            note: sized_note(k.amount, k.per_extra, k.size.from, n),
        });
    }

    // 住宅扶助: actual rent up to the cap.
    if hh.rent_yen > 0 {
        let area = hh.housing_area.as_deref().ok_or_else(|| CalcError::Input {
            message: "家賃があるのに住宅扶助の地域（housing_area）がありません".into(),
        })?;
        let cap = set.find_jutaku(area, grade, n, date).ok_or_else(|| {
            t.missing(
                TableId::Jutaku,
                None,
                "住宅扶助の上限額",
                format!("{area} {gl} {n}人 {date}"),
            )
        })?;
        let amount = hh.rent_yen.min(cap.amount);
        lines.push(CalcLine {
            kind_of_aid: AidKind::Housing,
            label: format!("住宅扶助（{area}、{n}人）"),
            member: None,
            table_ref: TableRef::of(TableId::Jutaku, &cap.meta),
            amount_yen: amount,
            counted: true,
            note: format!(
                "家賃 {} と上限額 {} の低い方",
                Yen(hh.rent_yen),
                Yen(cap.amount)
            ),
        });
    }

    // 教育扶助 / 高等学校等就学費.
    for (i, m) in hh.members.iter().enumerate() {
        if let Some(level) = m.facts.school {
            let kind = if level == SchoolLevel::Koko {
                AidKind::Occupational
            } else {
                AidKind::Education
            };
            let what = if kind == AidKind::Occupational {
                "高等学校等就学費"
            } else {
                "教育扶助"
            };
            let k = set.find_kyoiku(level, date).ok_or_else(|| {
                t.missing(
                    TableId::Kyoiku,
                    None,
                    &format!("{what}の基準額（{}）", level.label()),
                    format!("{} {date}", level.code()),
                )
            })?;
            lines.push(CalcLine {
                kind_of_aid: kind,
                label: format!("{what} 基準額（{}）", level.label()),
                member: Some(i),
                table_ref: TableRef::of(TableId::Kyoiku, &k.meta),
                amount_yen: k.amount,
                counted: true,
                note: String::new(),
            });
            if m.facts.school_costs_yen > 0 {
                lines.push(CalcLine {
                    kind_of_aid: kind,
                    label: format!("{what} 実費（{}）", level.label()),
                    member: Some(i),
                    table_ref: None,
                    amount_yen: m.facts.school_costs_yen,
                    counted: true,
                    note: "実費".into(),
                });
            }
        }
    }

    // In-kind aid at expected actual cost.
    for (kind, amount) in [
        (AidKind::LongTermCare, hh.care_cost_yen),
        (AidKind::Medical, hh.medical_cost_yen),
    ] {
        if amount > 0 {
            lines.push(CalcLine {
                kind_of_aid: kind,
                label: format!("{}（見込額）", kind.label()),
                member: None,
                table_ref: None,
                amount_yen: amount,
                counted: true,
                note: "現物給付・実費".into(),
            });
        }
    }

    // Totals per kind, in one pass.
    let mut totals = [0i64; AidKind::ALL.len()];
    let mut present = [false; AidKind::ALL.len()];
    for l in lines.iter().filter(|l| l.counted) {
        let k = l.kind_of_aid as usize;
        totals[k] = add_yen(totals[k], l.amount_yen, l.kind_of_aid.label())?;
        present[k] = true;
    }
    let by_kind: Vec<KindTotal> = INCOME_ORDER
        .into_iter()
        .filter(|k| present[*k as usize])
        .map(|k| KindTotal {
            kind_of_aid: k,
            amount_yen: totals[k as usize],
        })
        .collect();
    let total_yen = sum_yen(by_kind.iter().map(|k| k.amount_yen), "最低生活費")?;
    Ok(MinimumCost {
        lines,
        by_kind,
        total_yen,
    })
}
