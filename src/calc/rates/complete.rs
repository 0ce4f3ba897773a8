//! What a set can decide, worked out once when it is loaded ([`coverage`]), so that a
//! calculation only looks it up.
//!
//! Two kinds of gap:
//! - **blocking**: something every household needs (the rules, 第1類, 逓減率, 第2類, the
//!   生活扶助本体に係る経過的加算, 冬季加算 and its months, 特例加算, 期末一時扶助). Without it the
//!   set cannot decide anything for the 級地 on that date ([`check_complete`] refuses).
//! - **conditional**: something only some households need (a 加算 kind, 教育扶助, 住宅扶助 caps,
//!   勤労控除, the prefecture → 冬季加算地区 table). The set still decides for the others; a
//!   household that needs it is refused by the calculation, naming the table — and saying the
//!   office must import it when the set lists it in `office_imports`.
//!
//! Tables are validated to be gap-free with an open top band, so probing ages 0–120 and sizes
//! 1–12 probes every band; the probe runs on every date where some row starts or ends.

use super::*;

const PROBE_MAX_SIZE: i64 = 12;
const PROBE_MAX_AGE: i64 = 120;

/// One thing a set lacks for a 級地 on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Table id (`daiichi`, `kasan` …) or `manifest.toml`.
    pub table: String,
    pub detail: String,
    /// True: no household can be decided. False: only households that need it.
    pub blocking: bool,
    /// The set says the office must import it (`office_imports`).
    pub office_import: bool,
}

impl Gap {
    pub fn to_error(&self) -> RateError {
        RateError::Incomplete {
            table: self.table.clone(),
            detail: self.detail.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Segment {
    from: NaiveDate,
    gaps: Vec<Gap>,
}

/// The gaps of a set per 級地, on each stretch of dates where no row starts or ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Coverage {
    by_grade: Vec<Vec<Segment>>,
}

impl Coverage {
    fn at(&self, grade: Grade, date: NaiveDate) -> &[Gap] {
        self.by_grade
            .get(grade.index())
            .and_then(|segs| segs.iter().rev().find(|s| s.from <= date))
            .map_or(&[], |s| s.gaps.as_slice())
    }
}

/// Every date inside the set's period on which some row starts or stops applying.
fn change_dates(set: &RateSet) -> Vec<NaiveDate> {
    let m = &set.manifest;
    let mut dates = vec![m.effective_from];
    let mut add = |p: &Period| {
        dates.push(p.from);
        if let Some(t) = p.to.and_then(|t| t.succ_opt()) {
            dates.push(t);
        }
    };
    set.daiichi
        .iter()
        .filter(|r| r.scheme == Scheme::R5)
        .for_each(|r| add(&r.valid));
    set.teigen
        .iter()
        .filter(|r| r.scheme == Scheme::R5)
        .for_each(|r| add(&r.valid));
    set.daini
        .iter()
        .filter(|r| r.scheme == Scheme::R5)
        .for_each(|r| add(&r.row.valid));
    set.keikateki
        .iter()
        .filter(|r| r.scheme == KeikaScheme::R5)
        .for_each(|r| add(&r.valid));
    set.toki.iter().for_each(|r| add(&r.row.valid));
    set.toki_months.iter().for_each(|r| add(&r.valid));
    set.toki_regions.iter().for_each(|r| add(&r.valid));
    set.kasan.iter().for_each(|r| add(&r.valid));
    set.kimatsu.iter().for_each(|r| add(&r.valid));
    set.jutaku.iter().for_each(|r| add(&r.valid));
    set.kyoiku.iter().for_each(|r| add(&r.valid));
    set.kinro_kiso.iter().for_each(|r| add(&r.valid));
    let period = Period {
        from: m.effective_from,
        to: m.effective_to,
    };
    dates.retain(|d| period.contains(*d));
    dates.sort();
    dates.dedup();
    dates
}

pub(super) fn coverage(set: &RateSet) -> Coverage {
    let dates = change_dates(set);
    Coverage {
        by_grade: Grade::ALL
            .into_iter()
            .map(|g| {
                dates
                    .iter()
                    .map(|&d| Segment {
                        from: d,
                        gaps: probe(set, g, d),
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Whether `set` can decide for `grade` on `date`: the date in its period and no blocking gap.
/// Returns the first blocking gap; [`gaps`] lists every gap. O(log n): the work was done when
/// the set was loaded.
pub fn check_complete(set: &RateSet, grade: Grade, date: NaiveDate) -> Result<(), RateError> {
    if let Some(e) = outside_period(set, date) {
        return Err(e);
    }
    match set.coverage().at(grade, date).iter().find(|g| g.blocking) {
        None => Ok(()),
        Some(g) => Err(g.to_error()),
    }
}

/// Every blocking reason why `set` cannot decide for `grade` on `date` (empty = it can).
pub fn missing_tables(set: &RateSet, grade: Grade, date: NaiveDate) -> Vec<RateError> {
    if let Some(e) = outside_period(set, date) {
        return vec![e];
    }
    set.coverage()
        .at(grade, date)
        .iter()
        .filter(|g| g.blocking)
        .map(Gap::to_error)
        .collect()
}

/// Every gap of `set` for `grade` on `date`, blocking first.
pub fn gaps(set: &RateSet, grade: Grade, date: NaiveDate) -> Vec<Gap> {
    if let Some(e) = outside_period(set, date) {
        return vec![Gap {
            table: MANIFEST_FILE.into(),
            detail: match e {
                RateError::Incomplete { detail, .. } => detail,
                other => other.to_string(),
            },
            blocking: true,
            office_import: false,
        }];
    }
    set.coverage().at(grade, date).to_vec()
}

fn outside_period(set: &RateSet, date: NaiveDate) -> Option<RateError> {
    (!set.covers_date(date)).then(|| RateError::Incomplete {
        table: MANIFEST_FILE.into(),
        detail: format!(
            "{date} は表の版「{}」の適用期間（{}〜{}）の外です",
            set.manifest.version,
            set.manifest.effective_from,
            set.manifest
                .effective_to
                .map(|d| d.to_string())
                .unwrap_or_default()
        ),
    })
}

/// The gaps on one date, blocking ones first.
fn probe(set: &RateSet, grade: Grade, date: NaiveDate) -> Vec<Gap> {
    let mut out: Vec<Gap> = Vec::new();
    let mut miss = |t: &str, detail: String, blocking: bool, office_import: bool| {
        out.push(Gap {
            table: t.to_string(),
            detail,
            blocking,
            office_import,
        })
    };
    let gl = grade.label();
    let r = &set.manifest.rules;
    let block =
        |m: &mut dyn FnMut(&str, String, bool, bool), t: &str, d: String| m(t, d, true, false);

    if r.teigen_rounding.is_none() {
        block(
            &mut miss,
            MANIFEST_FILE,
            "rules.teigen_rounding（第1類×逓減率の端数処理）がありません".into(),
        );
    }
    if r.prorate_rounding.is_none() {
        block(
            &mut miss,
            MANIFEST_FILE,
            "rules.prorate_rounding（日割の端数処理）がありません".into(),
        );
    }
    if r.age_basis.is_none() {
        block(
            &mut miss,
            MANIFEST_FILE,
            "rules.age_basis（年齢の基準日）がありません".into(),
        );
    }

    let mut schemes = vec![(Scheme::R5, date)];
    if r.juzen_hosho {
        match (r.juzen_reference_date, r.old_ratio) {
            (Some(d), Some(_)) => {
                schemes.push((Scheme::H30_1, d));
                schemes.push((Scheme::H30_2, d));
            }
            _ => block(
                &mut miss,
                MANIFEST_FILE,
                "juzen_hosho = true なのに juzen_reference_date または old_ratio がありません"
                    .into(),
            ),
        }
    }

    for t in [
        TableId::Daiichi,
        TableId::Teigen,
        TableId::Daini,
        TableId::Keikateki,
        TableId::Toki,
        TableId::TokiMonths,
        TableId::Kasan,
        TableId::Kimatsu,
    ] {
        if !set.tables.contains(&t) {
            block(
                &mut miss,
                t.id(),
                format!("{}（{}）がありません", t.file_name(), t.national_title()),
            );
        }
    }

    for (scheme, d) in schemes {
        let sc = scheme.code();
        if let Some(age) =
            (0..=PROBE_MAX_AGE).find(|&a| set.find_daiichi(scheme, grade, a, d).is_none())
        {
            block(
                &mut miss,
                "daiichi",
                format!("{sc} {gl} {age}歳 の {d} 時点の額がありません"),
            );
        }
        if let Some(n) = (1..=PROBE_MAX_SIZE).find(|&n| set.find_teigen(scheme, n, d).is_none()) {
            block(
                &mut miss,
                "teigen",
                format!("{sc} {n}人 の {d} 時点の率がありません"),
            );
        }
        if let Some(n) =
            (1..=PROBE_MAX_SIZE).find(|&n| set.find_daini(scheme, grade, n, d).is_none())
        {
            block(
                &mut miss,
                "daini",
                format!("{sc} {gl} {n}人 の {d} 時点の額がありません"),
            );
        }
    }

    // 経過的加算: the r5 本体 table always; a kind the set carries at all must be complete.
    let mut keika = vec![(KeikaScheme::R5, KeikaKind::Hontai, date, true)];
    if set.has_keika(KeikaScheme::R5, KeikaKind::Boshi, grade) {
        keika.push((KeikaScheme::R5, KeikaKind::Boshi, date, false));
    }
    if let (true, Some(d0)) = (r.juzen_hosho, r.juzen_reference_date) {
        for kind in [KeikaKind::Hontai, KeikaKind::Boshi] {
            if set.has_keika(KeikaScheme::H30, kind, grade) {
                keika.push((KeikaScheme::H30, kind, d0, false));
            }
        }
    }
    'k: for (scheme, kind, d, required) in keika {
        for n in 1..=PROBE_MAX_SIZE {
            for a in 0..=PROBE_MAX_AGE {
                if set.find_keika(scheme, kind, grade, n, a, d).is_none() {
                    let what = if required {
                        "（該当なしは 0 円の行で示します）"
                    } else {
                        "（この種類の行があるなら、全員分が必要です）"
                    };
                    let detail = format!(
                        "{} {} {gl} {n}人世帯 {a}歳 の額がありません{what}",
                        kind.label(),
                        scheme.code()
                    );
                    // Sizes are separate keys: a table that stops at some size still decides
                    // the smaller households (the 2025-10 national set has 1–5 persons only).
                    let covered_below = n > 1
                        && (1..n).all(|m| {
                            (0..=PROBE_MAX_AGE)
                                .all(|a| set.find_keika(scheme, kind, grade, m, a, d).is_some())
                        });
                    if covered_below && scheme == KeikaScheme::R5 && kind == KeikaKind::Hontai {
                        let office = set.office_import(TableId::Keikateki, None).is_some();
                        let hint = if office {
                            "。事務所で取り込んでください"
                        } else {
                            ""
                        };
                        miss(
                            "keikateki",
                            format!("{detail}（{n}人以上の世帯は計算できません{hint}）"),
                            false,
                            office,
                        );
                    } else {
                        block(&mut miss, "keikateki", detail);
                    }
                    continue 'k;
                }
            }
        }
    }
    'w: for region in (1..=6).filter_map(WinterRegion::new) {
        if set.find_toki_months(region, date).is_none() {
            block(
                &mut miss,
                "toki_months",
                format!("{} の支給月がありません", region.label()),
            );
            break 'w;
        }
        for n in 1..=PROBE_MAX_SIZE {
            if set.find_toki(region, grade, n, date).is_none() {
                block(
                    &mut miss,
                    "toki",
                    format!("{} {gl} {n}人 の額がありません", region.label()),
                );
                break 'w;
            }
        }
    }
    if set.find_kasan(KasanKind::Tokurei, grade, date).is_none() {
        block(
            &mut miss,
            "kasan",
            format!("特例加算（tokurei）{gl} の {date} 時点の額がありません"),
        );
    }
    if let Some(n) = (1..=PROBE_MAX_SIZE).find(|&n| set.find_kimatsu(grade, n, date).is_none()) {
        block(&mut miss, "kimatsu", format!("{gl} {n}人 の額がありません"));
    }

    // Conditional: only the households that need them are refused.
    let mut cond = |table: TableId, kind: Option<KasanKind>, what: String| {
        let office = set.office_import(table, kind);
        let detail = match office {
            Some(o) if !o.reason.is_empty() => format!(
                "{what}（国の表として同梱していません: {}。該当する世帯があれば事務所で取り込んでください）",
                o.reason
            ),
            Some(_) => format!("{what}（国の表として同梱していません。該当する世帯があれば事務所で取り込んでください）"),
            None => format!("{what}（該当する世帯は計算できません）"),
        };
        miss(table.id(), detail, false, office.is_some());
    };
    if r.minor_age.is_none() {
        cond(
            TableId::KinroKiso,
            None,
            "rules.minor_age（未成年者控除の年齢）がありません".into(),
        );
    }
    if set.find_kinro_kiso(0, date).is_none() {
        cond(
            TableId::KinroKiso,
            None,
            format!("{date} 時点の勤労控除 基礎控除額表がありません"),
        );
    }
    for k in KasanKind::ALL {
        // 児童養育加算に係る経過的加算 applies only where the set carries it (see minimum.rs).
        if !matches!(k, KasanKind::Tokurei | KasanKind::JidoKeika)
            && set.find_kasan(k, grade, date).is_none()
        {
            cond(
                TableId::Kasan,
                Some(k),
                format!("{}（{}）{gl} の額がありません", k.label(), k.code()),
            );
        }
    }
    for l in SchoolLevel::ALL {
        if set.find_kyoiku(l, date).is_none() {
            cond(
                TableId::Kyoiku,
                None,
                format!("教育扶助 {} の基準額がありません", l.label()),
            );
        }
    }
    if !set
        .jutaku
        .iter()
        .any(|r| r.grade == grade && r.valid.contains(date))
    {
        cond(
            TableId::Jutaku,
            None,
            format!("住宅扶助 {gl} の上限額が1件もありません"),
        );
    }
    if !set.toki_regions.iter().any(|r| r.valid.contains(date)) {
        cond(
            TableId::TokiRegions,
            None,
            "都道府県ごとの冬季加算の地区がありません（世帯ごとに地区を指定すれば計算できます）"
                .into(),
        );
    }
    out
}
