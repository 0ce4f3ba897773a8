//! 収入認定: how much of a household's monthly income counts against the minimum cost of living.
//!
//! - 就労収入, per worker: gross − necessary expenses − 勤労控除, never below 0. 勤労控除 =
//!   基礎控除 (from the stepped table by the worker's gross earned income; the highest earner uses
//!   the "first" column, everyone else the "second") + 新規就労控除 (flag on the member) +
//!   未成年者控除 (worker younger than `rules.minor_age` on the date).
//! - 年金, 手当, 仕送り, その他: gross − necessary expenses, in full.
//! - 除外 items are shown with 0.
//!
//! Deliberately not here: averaging irregular income over months, 臨時収入 thresholds, deciding
//! which receipts are excluded (the caseworker classifies each item; this room prices the
//! classification). **(unverified)** whether 基礎控除 is banded on gross or on gross less
//! expenses: we band on gross, as the OpenFisca approximation does (research/jp_specs.md §4.2).

use super::minimum::{TableRef, Yen};
use super::rates::{legal_age, KasanKind, RateError, RateSet, TableId};
use super::situation::{HouseholdSituation, IncomeKind};
use super::{add_yen, CalcError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One line of the income recognition. Amounts are signed: incomes positive, deductions
/// negative, so the lines add up to the recognised amount (after the per-worker floor, which has
/// its own line when it applies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeLine {
    /// Index into `HouseholdSituation::incomes`, when the line is one item.
    pub item: Option<usize>,
    pub member: Option<usize>,
    pub label: String,
    pub table_ref: Option<TableRef>,
    pub amount_yen: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeRecognition {
    pub lines: Vec<IncomeLine>,
    /// 収入認定額 (monthly).
    pub recognised_yen: i64,
}

/// 収入認定額 of `hh` on `date`.
pub fn recognise_income(
    set: &RateSet,
    hh: &HouseholdSituation,
    date: NaiveDate,
) -> Result<IncomeRecognition, CalcError> {
    hh.check()?;
    recognise_checked(set, hh, date)
}

/// [`recognise_income`] for a household already checked.
pub(crate) fn recognise_checked(
    set: &RateSet,
    hh: &HouseholdSituation,
    date: NaiveDate,
) -> Result<IncomeRecognition, CalcError> {
    let mut lines = Vec::new();
    let mut recognised = 0i64;

    // Earned income, grouped by worker.
    let mut workers: Vec<(usize, i64, i64)> = Vec::new(); // (member, gross, expenses)
    for it in hh.incomes.iter().filter(|it| it.kind == IncomeKind::Earned) {
        let m = it.member.expect("checked: earned income names a member");
        match workers.iter_mut().find(|w| w.0 == m) {
            Some(w) => {
                w.1 = add_yen(w.1, it.gross_yen, "就労収入")?;
                w.2 = add_yen(w.2, it.expenses_yen, "必要経費")?;
            }
            None => workers.push((m, it.gross_yen, it.expenses_yen)),
        }
    }
    // The highest earner is the "first" worker of the 基礎控除 table; ties go to the member
    // listed first, so the order of input items never changes the result.
    workers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kasan = |kind: KasanKind| {
        set.find_kasan(kind, hh.grade, date).ok_or_else(|| {
            CalcError::missing(
                "kasan",
                format!("{} {} {date}", kind.code(), hh.grade.label()),
            )
        })
    };
    for (rank, &(m, gross, expenses)) in workers.iter().enumerate() {
        let mut push = |label: String, table_ref: Option<TableRef>, amount: i64, note: String| {
            lines.push(IncomeLine {
                item: None,
                member: Some(m),
                label,
                table_ref,
                amount_yen: amount,
                note,
            });
        };
        push("就労収入".into(), None, gross, String::new());
        let mut left = gross;
        // Each deduction takes at most what is left, so a worker's income never goes below 0.
        let mut deduct = |label: String,
                          table_ref: Option<TableRef>,
                          full: i64,
                          note: String,
                          left: &mut i64| {
            let d = full.min(*left);
            *left -= d;
            let note = if d < full {
                format!(
                    "{note}{}控除額 {} のうち収入の残り {} まで",
                    if note.is_empty() { "" } else { "; " },
                    Yen(full),
                    Yen(d)
                )
            } else {
                note
            };
            if full > 0 {
                push(label, table_ref, -d, note);
            }
        };
        deduct(
            "必要経費".into(),
            None,
            expenses,
            "社会保険料・税・通勤費等の実費".into(),
            &mut left,
        );
        let row = set.find_kinro_kiso(gross, date).ok_or_else(|| {
            CalcError::missing("kinro_kiso", format!("収入 {} {date}", Yen(gross)))
        })?;
        let (col, amount) = if rank == 0 {
            ("1人目", row.first)
        } else {
            ("2人目以降", row.second)
        };
        deduct(
            format!("基礎控除（{col}）"),
            Some(TableRef {
                table: TableId::KinroKiso.id().into(),
                line: row.meta.line,
                source: row.meta.source.clone(),
            }),
            amount,
            format!("収入 {} は {}円の区分", Yen(gross), row.income),
            &mut left,
        );
        if hh.members[m].facts.new_job {
            let k = kasan(KasanKind::ShinkiShuro)?;
            deduct(
                k.kind.label().into(),
                Some(TableRef {
                    table: TableId::Kasan.id().into(),
                    line: k.meta.line,
                    source: k.meta.source.clone(),
                }),
                k.amount,
                String::new(),
                &mut left,
            );
        }
        let minor_age = set.manifest.rules.minor_age.ok_or_else(|| {
            CalcError::Rates(RateError::Incomplete {
                table: "manifest.toml".into(),
                detail: "rules.minor_age がありません".into(),
            })
        })?;
        let age = legal_age(hh.members[m].birth_date, date);
        if age < minor_age as i64 {
            let k = kasan(KasanKind::Miseinen)?;
            deduct(
                k.kind.label().into(),
                Some(TableRef {
                    table: TableId::Kasan.id().into(),
                    line: k.meta.line,
                    source: k.meta.source.clone(),
                }),
                k.amount,
                format!("{age}歳（{minor_age}歳未満）"),
                &mut left,
            );
        }
        recognised = add_yen(recognised, left, "収入認定額")?;
    }

    // Other income, item by item.
    for (idx, it) in hh
        .incomes
        .iter()
        .enumerate()
        .filter(|(_, it)| it.kind != IncomeKind::Earned)
    {
        let label = if it.label.is_empty() {
            it.kind.label().to_string()
        } else {
            format!("{}（{}）", it.kind.label(), it.label)
        };
        if it.kind == IncomeKind::Excluded {
            lines.push(IncomeLine {
                item: Some(idx),
                member: it.member,
                label,
                table_ref: None,
                amount_yen: 0,
                note: format!("収入として認定しない（{}）", Yen(it.gross_yen)),
            });
            continue;
        }
        lines.push(IncomeLine {
            item: Some(idx),
            member: it.member,
            label,
            table_ref: None,
            amount_yen: it.gross_yen,
            note: String::new(),
        });
        let e = it.expenses_yen.min(it.gross_yen);
        if e > 0 {
            lines.push(IncomeLine {
                item: Some(idx),
                member: it.member,
                label: "必要経費".into(),
                table_ref: None,
                amount_yen: -e,
                note: String::new(),
            });
        }
        recognised = add_yen(recognised, it.gross_yen - e, "収入認定額")?;
    }
    Ok(IncomeRecognition {
        lines,
        recognised_yen: recognised,
    })
}
