//! The print queue's rules, with no I/O: the states of a job and which step each allows, the
//! 証明書番号 (issue number) format, and the period a 保護受給証明書 certifies.
//!
//! Storage is `store::print_jobs`; the use cases that walk a job through its states (and audit
//! each step) are `service::printing`. Rendering is `print`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::aid::AidKind;
use super::decision::DecisionKind;
use super::era::to_wareki;

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
            (Send, Generated) => Ok(()),
            // A second original would be indistinguishable from the first: paper again after the
            // first printing is a 再発行, marked and counted.
            (Send, Printed) => Err("印刷済みの帳票をもう一度印刷するときは、再発行してください"),
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

/// An approved decision as the certificate rule reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedDecision {
    pub kind: DecisionKind,
    pub effective_date: NaiveDate,
    /// Order of approval among decisions with the same effective date (the decision id).
    pub order: i64,
    /// The kinds of aid the decision grants (an amount above 0); empty for 停止・廃止・却下.
    pub aids: Vec<AidKind>,
}

/// What a 保護受給証明書 may state on its date: the start of the spell of assistance in force
/// and the kinds of aid the decision in force grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AidInForce {
    /// 保護開始日: the 開始 decision of the spell (a 停止 lifted by a 変更 is not a new start).
    pub start: NaiveDate,
    /// In the order of the law.
    pub aids: Vec<AidKind>,
}

/// Why no certificate can be issued for a household on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "この世帯には、この日に効力のある決裁済みの保護の決定がないため、証明書を発行できません"
    )]
    NeverActive,
    #[error("保護が停止中のため証明書を発行できません（停止を解除してから発行してください）")]
    Suspended,
    #[error("保護は{}に廃止されているため、証明書を発行できません", super::era::format_wareki(*.0))]
    Abolished(NaiveDate),
}

/// The assistance in force on `on` from a household's approved decisions (any order): the
/// decisions with an effective date up to `on` are read in effective-date order (approval order
/// within a day); a 開始 opens a spell, 変更 replaces the kinds of aid (and lifts a 停止), 停止
/// suspends, 廃止 closes the spell. A retroactive decision therefore counts from its own date.
pub fn aid_in_force(
    decisions: &[ApprovedDecision],
    on: NaiveDate,
) -> Result<AidInForce, PeriodError> {
    let mut ds: Vec<&ApprovedDecision> = decisions
        .iter()
        .filter(|d| d.effective_date <= on)
        .collect();
    ds.sort_by_key(|d| (d.effective_date, d.order));
    let mut start: Option<NaiveDate> = None;
    let mut aids: Vec<AidKind> = vec![];
    let mut suspended = false;
    let mut abolished: Option<NaiveDate> = None;
    for d in ds {
        match d.kind {
            DecisionKind::Start if start.is_none() => {
                start = Some(d.effective_date);
                aids = d.aids.clone();
                suspended = false;
                abolished = None;
            }
            DecisionKind::Start | DecisionKind::Change if start.is_some() => {
                aids = d.aids.clone();
                suspended = false;
            }
            DecisionKind::Suspend if start.is_some() => suspended = true,
            DecisionKind::Abolish if start.is_some() => {
                start = None;
                aids.clear();
                abolished = Some(d.effective_date);
            }
            _ => {}
        }
    }
    let Some(start) = start else {
        return Err(abolished.map_or(PeriodError::NeverActive, PeriodError::Abolished));
    };
    if suspended {
        return Err(PeriodError::Suspended);
    }
    aids.sort();
    aids.dedup();
    if aids.is_empty() {
        return Err(PeriodError::NeverActive);
    }
    Ok(AidInForce { start, aids })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(PrintState::Printed.allows(Send).is_err());
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

    fn dec(kind: DecisionKind, date: NaiveDate, order: i64, aids: &[AidKind]) -> ApprovedDecision {
        ApprovedDecision {
            kind,
            effective_date: date,
            order,
            aids: aids.to_vec(),
        }
    }

    #[test]
    fn in_force_follows_the_decisions_up_to_the_date() {
        use AidKind::*;
        use DecisionKind::*;
        assert_eq!(
            aid_in_force(&[], d(2025, 1, 1)),
            Err(PeriodError::NeverActive)
        );
        let ds = vec![
            dec(Start, d(2024, 2, 1), 1, &[Living, Housing]),
            dec(Change, d(2024, 8, 1), 2, &[Living, Housing, Medical]),
            dec(Suspend, d(2025, 1, 10), 3, &[]),
            dec(Change, d(2025, 3, 1), 4, &[Housing, Living]),
            dec(Abolish, d(2025, 9, 30), 5, &[]),
        ];
        // Before the start: nothing decided yet.
        assert_eq!(
            aid_in_force(&ds, d(2024, 1, 31)),
            Err(PeriodError::NeverActive)
        );
        let at = |y, m, dd| aid_in_force(&ds, d(y, m, dd));
        assert_eq!(
            at(2024, 5, 1).unwrap(),
            AidInForce {
                start: d(2024, 2, 1),
                aids: vec![Living, Housing]
            }
        );
        // 医療扶助 only from the 変更 that granted it.
        assert_eq!(at(2024, 8, 1).unwrap().aids, vec![Living, Housing, Medical]);
        assert_eq!(at(2025, 2, 1), Err(PeriodError::Suspended));
        // The 変更 that lifts the 停止 keeps the original start and its own kinds.
        assert_eq!(
            at(2025, 3, 1).unwrap(),
            AidInForce {
                start: d(2024, 2, 1),
                aids: vec![Living, Housing]
            }
        );
        assert_eq!(at(2025, 10, 1), Err(PeriodError::Abolished(d(2025, 9, 30))));
        assert!(PeriodError::Abolished(d(2025, 9, 30))
            .to_string()
            .contains("令和7年9月30日"));
        // A new spell after the 廃止 starts again.
        let mut again = ds.clone();
        again.push(dec(Start, d(2026, 1, 1), 6, &[Living]));
        assert_eq!(
            aid_in_force(&again, d(2026, 2, 1)).unwrap(),
            AidInForce {
                start: d(2026, 1, 1),
                aids: vec![Living]
            }
        );
        // Order of the input does not matter; a retroactive 変更 counts from its own date.
        let mut shuffled = ds.clone();
        shuffled.reverse();
        assert_eq!(
            aid_in_force(&shuffled, d(2024, 9, 1)).unwrap().aids,
            vec![Living, Housing, Medical]
        );
    }

    #[test]
    fn a_decision_that_grants_nothing_certifies_nothing() {
        let ds = vec![dec(DecisionKind::Start, d(2024, 2, 1), 1, &[])];
        assert_eq!(
            aid_in_force(&ds, d(2024, 3, 1)),
            Err(PeriodError::NeverActive)
        );
        let ds = vec![dec(DecisionKind::Reject, d(2024, 2, 1), 1, &[])];
        assert_eq!(
            aid_in_force(&ds, d(2024, 3, 1)),
            Err(PeriodError::NeverActive)
        );
    }
}
