//! The print queue's rules, with no I/O: the states of a job and which step each allows, the
//! 証明書番号 (issue number) format, and the period a 保護受給証明書 certifies.
//!
//! Storage is `store::print_jobs`; the use cases that walk a job through its states (and audit
//! each step) are `service::printing`. Rendering is `print`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::era::to_wareki;
use super::household::HouseholdStatus;

/// 要求 → 作成済 → 印刷済 → 交付済, or 取消 (with a reason) from any state but 交付済/取消.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PrintState {
    /// 要求: the row exists, the PDF is not made yet (only ever seen inside the creating
    /// transaction, or if a later version splits request and generation).
    Requested,
    /// 作成済: the PDF is made and stored; nothing is on paper yet.
    Generated,
    /// 印刷済: sent to a printer at least once.
    Printed,
    /// 交付済: handed over or posted. Final.
    Delivered,
    /// 取消: voided with a reason. Final.
    Voided,
}

/// A step the clerk asks for; [`PrintState::allows`] says whether the job's state permits it
/// (and `domain::workflow::print_steps` which of them a role may take).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PrintStep {
    /// Send the original to a printer.
    Send,
    /// Print the 再発行 version.
    Reprint,
    Deliver,
    Void,
    /// Write the PDF to a file (an export).
    Save,
}

impl PrintStep {
    pub const ALL: [PrintStep; 5] = [
        PrintStep::Send,
        PrintStep::Reprint,
        PrintStep::Deliver,
        PrintStep::Void,
        PrintStep::Save,
    ];
}

impl PrintState {
    pub const ALL: [PrintState; 5] = [
        PrintState::Requested,
        PrintState::Generated,
        PrintState::Printed,
        PrintState::Delivered,
        PrintState::Voided,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PrintState::Requested => "requested",
            PrintState::Generated => "generated",
            PrintState::Printed => "printed",
            PrintState::Delivered => "delivered",
            PrintState::Voided => "voided",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PrintState::Requested => "要求",
            PrintState::Generated => "作成済",
            PrintState::Printed => "印刷済",
            PrintState::Delivered => "交付済",
            PrintState::Voided => "取消",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// `Ok` if `step` is allowed in this state, else the Japanese reason it is not.
    pub fn allows(self, step: PrintStep) -> Result<(), &'static str> {
        use PrintState::*;
        use PrintStep::*;
        match (step, self) {
            (_, Requested) => Err("この帳票はまだ作成されていません"),
            (Send, Generated | Printed) => Ok(()),
            (Send, Delivered) => Err("交付済みの帳票は印刷できません。必要なら再発行してください"),
            (Send, Voided) => Err("取消済みの帳票は印刷できません"),
            (Reprint, Printed | Delivered) => Ok(()),
            (Reprint, Generated) => {
                Err("まだ印刷していない帳票は再発行できません。先に印刷してください")
            }
            (Reprint, Voided) => Err("取消済みの帳票は再発行できません"),
            (Deliver, Printed) => Ok(()),
            (Deliver, Generated) => Err("印刷していない帳票は交付済みにできません"),
            (Deliver, Delivered) => Err("この帳票は既に交付済みです"),
            (Deliver, Voided) => Err("取消済みの帳票は交付できません"),
            (Void, Generated | Printed) => Ok(()),
            (Void, Delivered) => Err("交付済みの帳票は取り消せません"),
            (Void, Voided) => Err("この帳票は既に取り消されています"),
            (Save, Generated | Printed | Delivered) => Ok(()),
            (Save, Voided) => Err("取消済みの帳票は保存できません"),
        }
    }
}

/// The fiscal year (年度, 4月1日〜3月31日) a date falls in, as the Western year it starts in.
pub fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// 証明書番号: `<era letter><era year of the fiscal year>-<sequence, 5 digits>`, e.g. "R7-00012".
///
/// The sequence counts per fiscal year (`fiscal_year(issued_on)`), from 1, across every document
/// kind that carries a number, and is never reused (voided numbers stay taken). The era is the
/// era in force on the issue date and the year is the fiscal year counted in that era, so the
/// fiscal year 2019 is "H31" for numbers issued in April 2019 and "R1" from 1 May 2019 (令和元年度),
/// with one sequence throughout. If the issue date's era began after the fiscal year did (an era
/// starting in January–March), the prefix is the fiscal year's first day's era, e.g. "S63".
pub fn issue_number(issued_on: NaiveDate, seq: i64) -> String {
    let fy = fiscal_year(issued_on);
    let prefix = match to_wareki(issued_on) {
        Some(w) => {
            let year = w.year as i32 - (issued_on.year() - fy);
            if year >= 1 {
                format!("{}{}", w.abbrev, year)
            } else {
                let april = NaiveDate::from_ymd_opt(fy, 4, 1).expect("1 April exists");
                match to_wareki(april) {
                    Some(a) => format!("{}{}", a.abbrev, a.year),
                    None => fy.to_string(),
                }
            }
        }
        None => fy.to_string(),
    };
    format!("{prefix}-{seq:05}")
}

/// The period a 保護受給証明書 certifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssistancePeriod {
    pub start: NaiveDate,
    /// The 廃止 date; `None` while assistance continues.
    pub end: Option<NaiveDate>,
}

/// Why no certificate can be issued for a household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("保護を受けていないため証明書を発行できません")]
    NeverActive,
    #[error("保護が停止中のため証明書を発行できません（停止を解除してから発行してください）")]
    Suspended,
}

/// The most recent spell of assistance from a household's status history (any order):
/// a spell starts at a 保護中 entry that follows no open spell, continues through 停止中 and
/// further 保護中 entries (resumption after a suspension is not a new start), and ends at the
/// next 廃止. A household currently 停止中 gets no certificate.
pub fn assistance_period(
    history: &[(HouseholdStatus, NaiveDate)],
) -> Result<AssistancePeriod, PeriodError> {
    let mut entries = history.to_vec();
    // Stable: entries on the same day keep the order they were recorded in.
    entries.sort_by_key(|(_, d)| *d);
    let mut last: Option<AssistancePeriod> = None;
    let mut open = false;
    for (status, date) in &entries {
        match status {
            HouseholdStatus::Active if !open => {
                last = Some(AssistancePeriod {
                    start: *date,
                    end: None,
                });
                open = true;
            }
            HouseholdStatus::Closed if open => {
                if let Some(p) = last.as_mut() {
                    p.end = Some(*date);
                }
                open = false;
            }
            HouseholdStatus::Applying if open => {
                // An application while assistance is open is a data-entry slip; it ends nothing.
            }
            _ => {}
        }
    }
    if open && entries.last().map(|(s, _)| *s) == Some(HouseholdStatus::Suspended) {
        return Err(PeriodError::Suspended);
    }
    last.ok_or(PeriodError::NeverActive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use HouseholdStatus::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn issue_numbers_follow_the_fiscal_year_in_the_current_era() {
        assert_eq!(issue_number(d(2025, 4, 1), 12), "R7-00012");
        assert_eq!(issue_number(d(2026, 3, 31), 1), "R7-00001");
        assert_eq!(issue_number(d(2026, 4, 1), 1), "R8-00001");
        assert_eq!(issue_number(d(2019, 4, 30), 3), "H31-00003");
        assert_eq!(issue_number(d(2019, 5, 1), 4), "R1-00004");
        assert_eq!(issue_number(d(2020, 3, 31), 5), "R1-00005");
        // 平成 began on 8 January 1989, inside fiscal year 1988 (昭和63年度).
        assert_eq!(issue_number(d(1989, 2, 1), 1), "S63-00001");
        assert_eq!(fiscal_year(d(2025, 3, 31)), 2024);
    }

    #[test]
    fn states_allow_only_their_steps() {
        use PrintStep::*;
        assert!(PrintState::Generated.allows(Send).is_ok());
        assert!(PrintState::Printed.allows(Send).is_ok());
        assert!(PrintState::Delivered.allows(Send).is_err());
        assert!(PrintState::Voided.allows(Send).is_err());
        assert!(PrintState::Generated.allows(Reprint).is_err());
        assert!(PrintState::Delivered.allows(Reprint).is_ok());
        assert!(PrintState::Generated.allows(Deliver).is_err());
        assert!(PrintState::Printed.allows(Deliver).is_ok());
        assert!(PrintState::Delivered.allows(Void).is_err());
        assert!(PrintState::Voided.allows(Void).is_err());
        assert!(PrintState::Printed.allows(Void).is_ok());
        for s in PrintState::ALL {
            assert_eq!(PrintState::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn period_is_the_latest_spell() {
        assert_eq!(
            assistance_period(&[(Applying, d(2024, 1, 5))]),
            Err(PeriodError::NeverActive)
        );
        assert_eq!(assistance_period(&[]), Err(PeriodError::NeverActive));
        let h = [(Applying, d(2024, 1, 5)), (Active, d(2024, 2, 1))];
        assert_eq!(
            assistance_period(&h),
            Ok(AssistancePeriod {
                start: d(2024, 2, 1),
                end: None
            })
        );
        // Suspension then resumption keeps the original start.
        let h = [
            (Active, d(2024, 2, 1)),
            (Suspended, d(2024, 6, 1)),
            (Active, d(2024, 9, 1)),
        ];
        assert_eq!(assistance_period(&h).unwrap().start, d(2024, 2, 1));
        assert_eq!(assistance_period(&h[..2]), Err(PeriodError::Suspended));
        // Closed, then a new spell: the new one; closed again: its end.
        let h = [
            (Active, d(2020, 4, 1)),
            (Closed, d(2021, 3, 31)),
            (Applying, d(2024, 1, 5)),
            (Active, d(2024, 2, 1)),
        ];
        assert_eq!(
            assistance_period(&h),
            Ok(AssistancePeriod {
                start: d(2024, 2, 1),
                end: None
            })
        );
        let h = [(Closed, d(2021, 3, 31)), (Active, d(2020, 4, 1))];
        assert_eq!(
            assistance_period(&h),
            Ok(AssistancePeriod {
                start: d(2020, 4, 1),
                end: Some(d(2021, 3, 31))
            })
        );
    }
}
