//! Cross-row checks of a parsed set: rows inside the set's period, no two rows answering the
//! same question (overlap), and no hole in an age / size / income band or in the dates of one key
//! (gap). Each table is reduced to [`Keyed`] rows so one routine checks them all.

use super::*;

/// A row reduced to what the checks need.
struct Keyed {
    /// The file the row is in (the table's own, or `office/<table>.csv`).
    file: String,
    line: usize,
    /// Rows of one group must never overlap (same period and every range overlapping).
    group: String,
    /// Within a group, rows of one sub-group must tile the last range without holes.
    sub: String,
    period: Period,
    ranges: Vec<Span>,
    /// Where the last range must start (0 for ages and income, 1 for household sizes); `None` =
    /// the table has no band to tile.
    gap_min: Option<i64>,
    /// Rows of the old scheme are read at the 従前額保障 reference date, outside the set period.
    check_period: bool,
}

fn overlaps_period(a: &Period, b: &Period) -> bool {
    a.to.is_none_or(|t| b.from <= t) && b.to.is_none_or(|t| a.from <= t)
}

fn overlaps_span(a: &Span, b: &Span) -> bool {
    a.to.is_none_or(|t| b.from <= t) && b.to.is_none_or(|t| a.from <= t)
}

fn keyed(set: &RateData, table: TableId) -> Vec<Keyed> {
    let k = |meta: &RowMeta,
             group: String,
             sub: String,
             period,
             ranges: Vec<Span>,
             gap_min,
             check_period| {
        Keyed {
            file: meta.file_name(table),
            line: meta.line,
            group,
            sub,
            period,
            ranges,
            gap_min,
            check_period,
        }
    };
    match table {
        TableId::Daiichi => set
            .daiichi
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    format!("{} {}", r.scheme.code(), r.grade.label()),
                    String::new(),
                    r.valid,
                    vec![r.age],
                    Some(0),
                    r.scheme == Scheme::R5,
                )
            })
            .collect(),
        TableId::Teigen => set
            .teigen
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    r.scheme.code().to_string(),
                    String::new(),
                    r.valid,
                    vec![r.size],
                    Some(1),
                    r.scheme == Scheme::R5,
                )
            })
            .collect(),
        TableId::Daini => set
            .daini
            .iter()
            .map(|r| {
                k(
                    &r.row.meta,
                    format!("{} {}", r.scheme.code(), r.row.grade.label()),
                    String::new(),
                    r.row.valid,
                    vec![r.row.size],
                    Some(1),
                    r.scheme == Scheme::R5,
                )
            })
            .collect(),
        TableId::Keikateki => set
            .keikateki
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    format!("{} {} {}", r.kind.label(), r.scheme.code(), r.grade.label()),
                    format!("{}人", r.size.display()),
                    r.valid,
                    vec![r.size, r.age],
                    Some(0),
                    // Rows of the old structure are read at the 従前額保障 reference date.
                    r.scheme == KeikaScheme::R5,
                )
            })
            .collect(),
        TableId::TokiRegions => set
            .toki_regions
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    r.prefecture.clone(),
                    String::new(),
                    r.valid,
                    vec![],
                    None,
                    true,
                )
            })
            .collect(),
        TableId::Toki => set
            .toki
            .iter()
            .map(|r| {
                k(
                    &r.row.meta,
                    format!("{} {}", r.region.label(), r.row.grade.label()),
                    String::new(),
                    r.row.valid,
                    vec![r.row.size],
                    Some(1),
                    true,
                )
            })
            .collect(),
        TableId::TokiMonths => set
            .toki_months
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    r.region.label().to_string(),
                    String::new(),
                    r.valid,
                    vec![],
                    None,
                    true,
                )
            })
            .collect(),
        TableId::Kasan => set
            .kasan
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    format!("{} {}", r.kind.code(), r.grade.label()),
                    String::new(),
                    r.valid,
                    vec![],
                    None,
                    true,
                )
            })
            .collect(),
        TableId::Kimatsu => set
            .kimatsu
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    r.grade.label().to_string(),
                    String::new(),
                    r.valid,
                    vec![r.size],
                    Some(1),
                    true,
                )
            })
            .collect(),
        TableId::Jutaku => set
            .jutaku
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    format!("{} {}", r.area, r.grade.label()),
                    String::new(),
                    r.valid,
                    vec![r.size],
                    Some(1),
                    true,
                )
            })
            .collect(),
        TableId::Kyoiku => set
            .kyoiku
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    r.level.code().to_string(),
                    String::new(),
                    r.valid,
                    vec![],
                    None,
                    true,
                )
            })
            .collect(),
        TableId::KinroKiso => set
            .kinro_kiso
            .iter()
            .map(|r| {
                k(
                    &r.meta,
                    "基礎控除".to_string(),
                    String::new(),
                    r.valid,
                    vec![r.income],
                    Some(0),
                    true,
                )
            })
            .collect(),
    }
}

pub(super) fn validate(set: &RateData) -> Result<(), RateError> {
    let m = &set.manifest;
    let set_period = Period {
        from: m.effective_from,
        to: m.effective_to,
    };
    for table in TableId::ALL {
        let rows = keyed(set, table);

        for r in rows.iter().filter(|r| r.check_period) {
            let before = r.period.from < set_period.from;
            let after = match (set_period.to, r.period.to) {
                (Some(st), Some(rt)) => rt > st || r.period.from > st,
                (Some(st), None) => r.period.from > st,
                (None, _) => false,
            };
            if before || after {
                return Err(RateError::OutsidePeriod {
                    file: r.file.clone(),
                    line: r.line,
                    set_from: m.effective_from.to_string(),
                    set_to: m.effective_to.map(|d| d.to_string()).unwrap_or_default(),
                });
            }
        }

        // Overlap: quadratic within a group, and groups are small (a few dozen rows).
        for (i, b) in rows.iter().enumerate() {
            for a in &rows[..i] {
                if a.group == b.group
                    && overlaps_period(&a.period, &b.period)
                    && a.ranges
                        .iter()
                        .zip(&b.ranges)
                        .all(|(x, y)| overlaps_span(x, y))
                {
                    return Err(RateError::Overlap {
                        file: b.file.clone(),
                        line: b.line,
                        other_file: a.file.clone(),
                        other_line: a.line,
                        key: a.group.clone(),
                    });
                }
            }
        }

        // Gaps, per sub-group.
        let mut subs: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.group.as_str(), r.sub.as_str()))
            .collect();
        subs.sort();
        subs.dedup();
        for (group, sub) in subs {
            let members: Vec<&Keyed> = rows
                .iter()
                .filter(|r| r.group == group && r.sub == sub)
                .collect();
            let key = if sub.is_empty() {
                group.to_string()
            } else {
                format!("{group} {sub}")
            };
            check_date_gaps(&key, &members)?;
            if let Some(min) = members[0].gap_min {
                check_band_gaps(&key, &members, min)?;
            }
        }
    }
    Ok(())
}

/// The periods of one key must follow each other without a missing day.
fn check_date_gaps(key: &str, rows: &[&Keyed]) -> Result<(), RateError> {
    let mut sorted: Vec<&&Keyed> = rows.iter().collect();
    sorted.sort_by_key(|r| (r.period.from, r.line));
    let mut end: Option<NaiveDate> = sorted[0].period.to;
    for r in &sorted[1..] {
        match end {
            None => return Ok(()), // open-ended: everything after is covered
            Some(e) => {
                if r.period.from > e.succ_opt().unwrap_or(e) {
                    return Err(RateError::Gap {
                        file: r.file.clone(),
                        line: r.line,
                        key: key.to_string(),
                        detail: format!(
                            "{} から {} の前日まで、適用される行がありません",
                            e.succ_opt().unwrap_or(e),
                            r.period.from
                        ),
                    });
                }
                end = r.period.to.map(|t| t.max(e));
            }
        }
    }
    Ok(())
}

/// On every date where the key's rows change, the bands in force must start at `min`, follow
/// each other without a hole, and end with an open band ("and above").
fn check_band_gaps(key: &str, rows: &[&Keyed], min: i64) -> Result<(), RateError> {
    let mut starts: Vec<NaiveDate> = rows.iter().map(|r| r.period.from).collect();
    starts.sort();
    starts.dedup();
    for d in starts {
        let mut active: Vec<(Span, &Keyed)> = rows
            .iter()
            .filter(|r| r.period.contains(d))
            .map(|r| (*r.ranges.last().expect("banded rows have a range"), *r))
            .collect();
        active.sort_by_key(|(s, r)| (s.from, r.line));
        let mut expect = min;
        for (s, r) in &active {
            if s.from > expect {
                return Err(RateError::Gap {
                    file: r.file.clone(),
                    line: r.line,
                    key: key.to_string(),
                    detail: format!("{d} 時点で {expect}〜{} の区分がありません", s.from - 1),
                });
            }
            match s.to {
                None => {
                    expect = i64::MAX;
                    break;
                }
                Some(t) => expect = expect.max(t.saturating_add(1)),
            }
        }
        if expect != i64::MAX {
            let last = active.last().map(|(_, r)| *r).unwrap_or(rows[0]);
            return Err(RateError::Gap {
                file: last.file.clone(),
                line: last.line,
                key: key.to_string(),
                detail: format!(
                    "{d} 時点で {expect} 以上の区分がありません（最後の区分の上限は空欄にします）"
                ),
            });
        }
    }
    Ok(())
}
