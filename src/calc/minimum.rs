//! 最低生活費: the minimum cost of living of one household on one date, by kind of aid, with
//! every line explained (which table row, which member, which 加算).
//!
//! Structure (DOMAIN.md §5; research/jp_specs.md §4):
//! - 生活扶助本体 = round(Σ 第1類(age, 級地) × 逓減率(size)) + 第2類(size, 級地)
//!   \+ 特例加算 × members + 経過的加算 (per member, from its table), and, when the set asks
//!   for it, 従前額保障: the difference up to the pre-2023-10 formula
//!   `max(基準① × old_ratio, 基準②)` read at the reference date (令和5年9月).
//! - 冬季加算 in the region's months; 期末一時扶助 in December.
//! - 加算 per member; 障害者加算 and 母子加算 are not paid together to the same person: the
//!   higher one applies.
//! - 住宅扶助 = min(rent, cap); 教育扶助 = base + actual costs (高等学校等就学費 is 生業扶助);
//!   介護扶助 and 医療扶助 at the expected actual cost given by the caller.
//!
//! Not here: income (`income`), the benefit and 本人支払額 (`benefit`), one-off grants other than
//! 期末一時扶助 (一時扶助, 出産扶助, 葬祭扶助: decided case by case, outside the monthly minimum).

use super::rates::{
    age_reference_date, legal_age, KasanKind, RateError, RateSet, RowMeta, Scheme, SchoolLevel,
    TableId,
};
use super::situation::{DisabilityLevel, HouseholdSituation, Pregnancy, RadiationStatus};
use super::{AidKind, CalcError, Grade, Rounding, INCOME_ORDER};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which row of which table a line was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRef {
    /// Table id (`daiichi`, `kasan` …; see `rates::TableId`).
    pub table: String,
    /// Line in the CSV file (header = 1).
    pub line: usize,
    /// Source id in the set's manifest.
    pub source: String,
}

impl TableRef {
    fn of(table: TableId, meta: &RowMeta) -> Option<TableRef> {
        Some(TableRef {
            table: table.id().to_string(),
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

pub use crate::domain::money::yen;

fn rule_missing(rule: &str) -> CalcError {
    CalcError::Rates(RateError::Incomplete {
        table: "manifest.toml".into(),
        detail: format!("rules.{rule} がありません"),
    })
}

/// 児童: "18歳に達する日以後の最初の3月31日までの間にある者" (MHLW, 生活扶助基準の説明, 2003:
/// http://www.mhlw.go.jp/shingi/2003/09/s0930-7a1-2.html). A person reaches 18 on the day before
/// the 18th birthday (see `rates::legal_age`).
pub fn is_child(birth: NaiveDate, on: NaiveDate) -> bool {
    let y18 = birth.year() + 18;
    let anniv = NaiveDate::from_ymd_opt(y18, birth.month(), birth.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(y18, 3, 1).expect("1 March"));
    let reached = anniv.pred_opt().expect("representable");
    let march31 = NaiveDate::from_ymd_opt(reached.year(), 3, 31).expect("31 March");
    let end = if reached <= march31 {
        march31
    } else {
        NaiveDate::from_ymd_opt(reached.year() + 1, 3, 31).expect("31 March")
    };
    on >= birth && on <= end
}

/// Σ 第1類 × 逓減率 + 第2類 for one scheme. Returns (lines, amount). The 第1類 lines are
/// working lines; the product and 第2類 are `counted` as the caller says.
fn hontai(
    set: &RateSet,
    scheme: Scheme,
    grade: Grade,
    ages: &[i64],
    date: NaiveDate,
    rounding: Rounding,
    counted: bool,
) -> Result<(Vec<CalcLine>, i64), CalcError> {
    let n = ages.len() as i64;
    let tag = match scheme {
        Scheme::R5 => "",
        Scheme::H30_1 => "①",
        Scheme::H30_2 => "②",
    };
    let mut lines = Vec::new();
    let mut sum = 0i64;
    for (i, &age) in ages.iter().enumerate() {
        let row = set.find_daiichi(scheme, grade, age, date).ok_or_else(|| {
            CalcError::missing(
                "daiichi",
                format!("{} {} {age}歳 {date}", scheme.code(), grade.label()),
            )
        })?;
        sum += row.amount;
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label: format!("第1類{tag}（{age}歳、{}）", grade.label()),
            member: Some(i),
            table_ref: TableRef::of(TableId::Daiichi, &row.meta),
            amount_yen: row.amount,
            counted: false,
            note: format!("年齢区分 {}歳", row.age.display()),
        });
    }
    let t = set
        .find_teigen(scheme, n, date)
        .ok_or_else(|| CalcError::missing("teigen", format!("{} {n}人 {date}", scheme.code())))?;
    let product = t.rate.times(sum, rounding);
    let exact_tenths = sum as i128 * t.rate.0 as i128; // in 1/10000 yen
    lines.push(CalcLine {
        kind_of_aid: AidKind::Living,
        label: format!("第1類{tag}計 × 逓減率{tag}（{n}人）"),
        member: None,
        table_ref: TableRef::of(TableId::Teigen, &t.meta),
        amount_yen: product,
        counted,
        note: format!(
            "{} × {} = {} → {}（{}）",
            yen(sum),
            t.rate.display(),
            exact_decimal(exact_tenths),
            yen(product),
            rounding.label()
        ),
    });
    let d2 = set.find_daini(scheme, grade, n, date).ok_or_else(|| {
        CalcError::missing(
            "daini",
            format!("{} {} {n}人 {date}", scheme.code(), grade.label()),
        )
    })?;
    let a2 = d2.amount_for(n);
    lines.push(CalcLine {
        kind_of_aid: AidKind::Living,
        label: format!("第2類{tag}（{n}人、{}）", grade.label()),
        member: None,
        table_ref: TableRef::of(TableId::Daini, &d2.meta),
        amount_yen: a2,
        counted,
        note: sized_note(d2.amount, d2.per_extra, d2.size.from, n),
    });
    Ok((lines, product + a2))
}

/// An exact amount in 1/10000 yen, written as a decimal without trailing zeros.
fn exact_decimal(v: i128) -> String {
    let int = (v / 10_000) as i64;
    let frac = (v % 10_000) as u32;
    if frac == 0 {
        yen(int)
    } else {
        format!(
            "{}.{}",
            yen(int),
            format!("{frac:04}").trim_end_matches('0')
        )
    }
}

fn sized_note(base: i64, per_extra: i64, from: i64, n: i64) -> String {
    if n > from && per_extra > 0 {
        format!(
            "{}人 {} + {}人増 × {} = {}",
            from,
            yen(base),
            n - from,
            yen(per_extra),
            yen(base + per_extra * (n - from))
        )
    } else {
        String::new()
    }
}

/// 最低生活費 of `hh` on `date` from `set`. Stops with [`CalcError`] when a needed row or rule is
/// missing; never substitutes a figure.
pub fn minimum_cost(
    set: &RateSet,
    hh: &HouseholdSituation,
    date: NaiveDate,
) -> Result<MinimumCost, CalcError> {
    hh.check()?;
    let rules = &set.manifest.rules;
    let rounding = rules
        .teigen_rounding
        .ok_or_else(|| rule_missing("teigen_rounding"))?;
    let basis = rules.age_basis.ok_or_else(|| rule_missing("age_basis"))?;
    let grade = hh.grade;
    let gl = grade.label();
    let n = hh.members.len() as i64;
    let age_day = age_reference_date(basis, date);
    let ages: Vec<i64> = hh
        .members
        .iter()
        .map(|m| legal_age(m.birth_date, age_day))
        .collect();
    let kasan = |kind: KasanKind| {
        set.find_kasan(kind, grade, date)
            .ok_or_else(|| CalcError::missing("kasan", format!("{} {gl} {date}", kind.code())))
    };

    let mut lines = Vec::new();

    // 生活扶助本体 (令和5年10月 structure).
    let (body, mut new_amount) = hontai(set, Scheme::R5, grade, &ages, date, rounding, true)?;
    lines.extend(body);
    let tok = kasan(KasanKind::Tokurei)?;
    if tok.amount > 0 {
        let a = tok.amount * n;
        new_amount += a;
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label: format!("特例加算（{n}人）"),
            member: None,
            table_ref: TableRef::of(TableId::Kasan, &tok.meta),
            amount_yen: a,
            counted: true,
            note: format!("{} × {n}人", yen(tok.amount)),
        });
    }
    for (i, &age) in ages.iter().enumerate() {
        let k = set
            .find_keikateki(grade, n, age, date)
            .ok_or_else(|| CalcError::missing("keikateki", format!("{gl} {n}人 {age}歳 {date}")))?;
        if k.amount > 0 {
            new_amount += k.amount;
            lines.push(CalcLine {
                kind_of_aid: AidKind::Living,
                label: format!("生活扶助本体に係る経過的加算（{age}歳、{n}人世帯）"),
                member: Some(i),
                table_ref: TableRef::of(TableId::Keikateki, &k.meta),
                amount_yen: k.amount,
                counted: true,
                note: String::new(),
            });
        }
    }

    // 従前額保障: keep the 令和5年9月 amount when it was higher.
    if rules.juzen_hosho {
        let d0 = rules
            .juzen_reference_date
            .ok_or_else(|| rule_missing("juzen_reference_date"))?;
        let ratio = rules.old_ratio.ok_or_else(|| rule_missing("old_ratio"))?;
        let (l1, k1) = hontai(set, Scheme::H30_1, grade, &ages, d0, rounding, false)?;
        let (l2, k2) = hontai(set, Scheme::H30_2, grade, &ages, d0, rounding, false)?;
        let k1r = ratio.times(k1, rounding);
        let old = k1r.max(k2);
        lines.extend(l1);
        lines.extend(l2);
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label: format!("従前の基準額（{d0} 時点の算式）"),
            member: None,
            table_ref: None,
            amount_yen: old,
            counted: false,
            note: format!(
                "max(基準① {} × {} = {}, 基準② {}) = {}",
                yen(k1),
                ratio.display(),
                yen(k1r),
                yen(k2),
                yen(old)
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
                    yen(old),
                    yen(new_amount),
                    yen(old - new_amount)
                ),
            });
        }
    }

    // 冬季加算.
    let region = hh.winter_region;
    let months = set
        .find_toki_months(region, date)
        .ok_or_else(|| CalcError::missing("toki_months", format!("{} {date}", region.label())))?;
    if months.covers(date.month()) {
        let w = set.find_toki(region, grade, n, date).ok_or_else(|| {
            CalcError::missing("toki", format!("{} {gl} {n}人 {date}", region.label()))
        })?;
        lines.push(CalcLine {
            kind_of_aid: AidKind::Living,
            label: format!("冬季加算（{}、{n}人、{gl}）", region.label()),
            member: None,
            table_ref: TableRef::of(TableId::Toki, &w.meta),
            amount_yen: w.amount_for(n),
            counted: true,
            note: format!(
                "支給月 {}月〜{}月; {}",
                months.month_from,
                months.month_to,
                sized_note(w.amount, w.per_extra, w.size.from, n)
            )
            .trim_end_matches("; ")
            .to_string(),
        });
    }

    // 加算, member by member.
    let children: Vec<usize> = (0..hh.members.len())
        .filter(|&i| is_child(hh.members[i].birth_date, date))
        .collect();
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
            Some(DisabilityLevel::A) => Some(kasan(KasanKind::ShogaiA)?),
            Some(DisabilityLevel::B) => Some(kasan(KasanKind::ShogaiB)?),
            None => None,
        };
        // 母子加算: by the number of children of the household other than the parent.
        let mut boshi: Option<(i64, Option<TableRef>, String, KasanKind)> = None;
        if m.facts.lone_parent {
            let c = children.iter().filter(|&&j| j != i).count() as i64;
            if c >= 1 {
                let b1 = kasan(KasanKind::Boshi1)?;
                let (amount, kind, tref, note) = if c == 1 {
                    (
                        b1.amount,
                        KasanKind::Boshi1,
                        TableRef::of(TableId::Kasan, &b1.meta),
                        "児童1人".to_string(),
                    )
                } else {
                    let b2 = kasan(KasanKind::Boshi2)?;
                    let add = kasan(KasanKind::BoshiAdd)?;
                    let extra = (c - 2) * add.amount;
                    let note = if c > 2 {
                        format!(
                            "児童{c}人: {} + {} × {} = {}",
                            yen(b2.amount),
                            c - 2,
                            yen(add.amount),
                            yen(b2.amount + extra)
                        )
                    } else {
                        "児童2人".into()
                    };
                    (
                        b2.amount + extra,
                        KasanKind::Boshi2,
                        TableRef::of(TableId::Kasan, &b2.meta),
                        note,
                    )
                };
                boshi = Some((amount, tref, note, kind));
            }
        }
        match (disability, boshi) {
            (Some(d), Some((b, bref, bnote, bkind))) => {
                // Not paid together: the higher one applies (DOMAIN.md §5).
                if d.amount >= b {
                    push(
                        d.kind.label(),
                        d.amount,
                        TableRef::of(TableId::Kasan, &d.meta),
                        format!("母子加算 {} と併給しないため高い方", yen(b)),
                    );
                } else {
                    push(
                        bkind.label(),
                        b,
                        bref,
                        format!(
                            "{bnote}; 障害者加算 {} と併給しないため高い方",
                            yen(d.amount)
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
            (None, Some((b, bref, bnote, bkind))) => push(bkind.label(), b, bref, bnote),
            (None, None) => {}
        }
        if children.contains(&i) {
            let j = kasan(KasanKind::JidoYoiku)?;
            if j.amount > 0 {
                push(
                    KasanKind::JidoYoiku.label(),
                    j.amount,
                    TableRef::of(TableId::Kasan, &j.meta),
                    "18歳到達後最初の3月31日まで".into(),
                );
            }
        }
        if let Some(p) = m.facts.pregnancy {
            let k = kasan(match p {
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
            let k = kasan(KasanKind::Zaitaku)?;
            push(
                k.kind.label(),
                k.amount,
                TableRef::of(TableId::Kasan, &k.meta),
                String::new(),
            );
        }
        if let Some(r) = m.facts.radiation {
            let k = kasan(match r {
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
            let k = kasan(KasanKind::KaigoShisetsu)?;
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
        let cap = set
            .find_jutaku(area, grade, n, date)
            .ok_or_else(|| CalcError::missing("jutaku", format!("{area} {gl} {n}人 {date}")))?;
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
                yen(hh.rent_yen),
                yen(cap.amount)
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
            let k = set
                .find_kyoiku(level, date)
                .ok_or_else(|| CalcError::missing("kyoiku", format!("{} {date}", level.code())))?;
            let what = if kind == AidKind::Occupational {
                "高等学校等就学費"
            } else {
                "教育扶助"
            };
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

    let mut by_kind: Vec<KindTotal> = Vec::new();
    for kind in INCOME_ORDER {
        let total: i64 = lines
            .iter()
            .filter(|l| l.counted && l.kind_of_aid == kind)
            .map(|l| l.amount_yen)
            .sum();
        if lines.iter().any(|l| l.counted && l.kind_of_aid == kind) {
            by_kind.push(KindTotal {
                kind_of_aid: kind,
                amount_yen: total,
            });
        }
    }
    let total_yen = by_kind.iter().map(|k| k.amount_yen).sum();
    Ok(MinimumCost {
        lines,
        by_kind,
        total_yen,
    })
}
