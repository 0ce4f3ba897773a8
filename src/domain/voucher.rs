//! 券 (monthly vouchers) in general — the mechanics every voucher scheme shares, with no I/O.
//!
//! A voucher scheme (医療扶助: 医療券・調剤券, `domain::medical_aid`; 介護扶助: 介護券, later)
//! says *what* is due for a month. This module says how any due voucher becomes an issued one:
//!
//! - [`VoucherMonth`]: the calendar month a voucher is for (診療年月・対象年月). Vouchers are
//!   issued per calendar month (医療券等の記載要領 一(二)).
//! - Coverage: the days in a month on which the aid is in force, from dated changes
//!   ([`in_force_periods`], [`clip_to_month`]). The **有効期間** of a voucher is the whole month
//!   or its part in force: a start on the 17th gives 17th–end of month; a 停止 or 廃止 effective
//!   on the 9th gives 1st–8th, because the effective date of a 停止・廃止 is the first day
//!   without aid (a death is abolished from the day after it). [`reconcile`] says what happens
//!   to a voucher already issued when coverage shrinks: kept, clipped (same 交付番号, new end
//!   date) or voided (no day left).
//! - **受給者番号** ([`recipient_category_after`]): 6 digits + check digit, issued per voucher
//!   month and never fixed per person or household (記載要領 一(四); 介護券 記載要領 一(二)).
//!   One number per person per month for all of that person's vouchers of the month of a scheme
//!   (介護券 記載要領 一(三)); the 介護券 share the 医療券 number of the month or take one of their
//!   own, as the office chooses ([`CareRecipientNumber`]: 一(四) allows sharing, requires
//!   nothing). The 6-digit 受給者区分 comes from one running counter of the office, so a person's
//!   number changes every month and no two numbers of a month are the same.
//! - **交付番号** ([`issue_number`]): scheme letter + YYYYMM + "-" + a 6-digit sequence of the
//!   scheme's month, e.g. `I202605-000123` (digits, A–Z and '-', as the exchange allows).
//! - Idempotence ([`dispose`]): a due voucher is identified by a **key** the scheme builds
//!   (person, provider, kind, first valid day …). A key that already has a voucher in the month
//!   — issued, or voided by a clerk — is never issued again by a run; a voided one comes back
//!   only by an explicit 再交付 or a one-off. So a re-run, or a run resumed after a kill, issues
//!   exactly what is still missing.
//! - The ledger (交付処理簿) events: [`LedgerEvent`].
//! - 本人支払額 on several vouchers of one household ([`allocate_share`]).
//!
//! Not here: what a scheme's voucher contains (`domain::medical_aid`), the tables
//! (`store::vouchers`), the run as a background job, permissions and audit
//! (`service::vouchers`).

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::household::ValidationError;

/// The month a voucher is for. Text form "YYYY-MM".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VoucherMonth {
    year: i32,
    month: u32,
}

impl VoucherMonth {
    pub fn new(year: i32, month: u32) -> Option<VoucherMonth> {
        ((1..=12).contains(&month) && (1900..=9998).contains(&year))
            .then_some(VoucherMonth { year, month })
    }

    /// "2026-05" (also "2026/5", "202605", full-width digits).
    pub fn parse(s: &str) -> Result<VoucherMonth, ValidationError> {
        let bad = || {
            ValidationError::new(
                "month",
                format!("年月「{}」が読めません（例: 2026-05）", s.trim()),
            )
        };
        let t: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '/' | '.' | '年' | '－' => '-',
                '月' => ' ',
                _ => c,
            })
            .collect();
        let t = t.trim();
        let (y, m) = match t.split_once('-') {
            Some((y, m)) => (y, m),
            None if t.len() == 6 => t.split_at(4),
            None => return Err(bad()),
        };
        let (y, m) = (
            y.parse::<i32>().map_err(|_| bad())?,
            m.parse::<u32>().map_err(|_| bad())?,
        );
        VoucherMonth::new(y, m).ok_or_else(bad)
    }

    pub fn containing(d: NaiveDate) -> VoucherMonth {
        VoucherMonth {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("validated month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("not the first day ever")
    }

    pub fn next(self) -> VoucherMonth {
        if self.month == 12 {
            VoucherMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            VoucherMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The whole month as a period.
    pub fn period(self) -> Period {
        Period {
            from: self.first_day(),
            to: self.last_day(),
        }
    }

    /// "2026-05".
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// "202605", as in a 交付番号.
    pub fn compact(self) -> String {
        format!("{:04}{:02}", self.year, self.month)
    }

    /// "令和8年5月".
    pub fn wareki(self) -> String {
        super::era::format_wareki_year_month(self.first_day())
    }
}

impl TryFrom<String> for VoucherMonth {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        VoucherMonth::parse(&s).map_err(|e| e.message)
    }
}

impl From<VoucherMonth> for String {
    fn from(m: VoucherMonth) -> String {
        m.code()
    }
}

impl std::fmt::Display for VoucherMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

/// A closed range of days, `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        (from <= to).then_some(Period { from, to })
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
    pub fn intersect(&self, o: &Period) -> Option<Period> {
        Period::new(self.from.max(o.from), self.to.min(o.to))
    }
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// A period that may still be open at its end (in force until further notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenPeriod {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl OpenPeriod {
    pub fn intersect(&self, p: &Period) -> Option<Period> {
        Period::new(self.from.max(p.from), self.to.map_or(p.to, |t| t.min(p.to)))
    }
}

/// The periods in which something is in force, from dated changes `(effective date, in force
/// from that day?)` **in the order they were recorded**. Each change holds from its effective
/// date on and replaces whatever earlier records said about those days — so a decision recorded
/// later with an earlier effective date (a retroactive 開始 after the 申請 entry) wins. A change
/// to "not in force" effective on day *d* ends the period on *d − 1* (the effective date of a
/// 停止・廃止 is the first day without aid).
pub fn in_force_periods(changes: &[(NaiveDate, bool)]) -> Vec<OpenPeriod> {
    let mut timeline: Vec<(NaiveDate, bool)> = vec![];
    for &(d, f) in changes {
        timeline.retain(|(t, _)| *t < d);
        timeline.push((d, f));
    }
    let mut out: Vec<OpenPeriod> = vec![];
    let mut open: Option<NaiveDate> = None;
    for (d, f) in timeline {
        match (open, f) {
            (None, true) => open = Some(d),
            (Some(start), false) => {
                if let Some(end) = d.pred_opt().filter(|e| *e >= start) {
                    out.push(OpenPeriod {
                        from: start,
                        to: Some(end),
                    });
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(OpenPeriod {
            from: start,
            to: None,
        });
    }
    out
}

/// The parts of `month` covered by `periods`, merged where they touch.
pub fn clip_to_month(month: VoucherMonth, periods: &[OpenPeriod]) -> Vec<Period> {
    let m = month.period();
    let mut parts: Vec<Period> = periods.iter().filter_map(|p| p.intersect(&m)).collect();
    parts.sort();
    merge(parts)
}

/// The days covered by both `a` and `b` (each a sorted, merged list).
pub fn intersect_all(a: &[Period], b: &[Period]) -> Vec<Period> {
    let mut out = vec![];
    for x in a {
        for y in b {
            if let Some(p) = x.intersect(y) {
                out.push(p);
            }
        }
    }
    out.sort();
    merge(out)
}

fn merge(parts: Vec<Period>) -> Vec<Period> {
    let mut out: Vec<Period> = vec![];
    for p in parts {
        match out.last_mut() {
            Some(last) if last.to.succ_opt().is_some_and(|n| n >= p.from) => {
                last.to = last.to.max(p.to)
            }
            _ => out.push(p),
        }
    }
    out
}

/// What becomes of an issued voucher valid `valid` when its month's coverage is now
/// `coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reconcile {
    /// Still wholly covered.
    Keep,
    /// Coverage now ends earlier: the voucher ends on this day (same 交付番号).
    Clip(NaiveDate),
    /// Its first day is no longer covered: the voucher is void.
    Void,
}

/// A voucher is only ever shortened at its end, never moved: an institution may already have
/// treated the person from its first day.
pub fn reconcile(valid: Period, coverage: &[Period]) -> Reconcile {
    match coverage.iter().find(|c| c.contains(valid.from)) {
        None => Reconcile::Void,
        Some(c) if c.to < valid.to => Reconcile::Clip(c.to),
        Some(_) => Reconcile::Keep,
    }
}

/// 交付番号: `{prefix}{YYYYMM}-{seq:06}` — e.g. `I202605-000123`.
pub fn issue_number(prefix: char, month: VoucherMonth, seq: i64) -> String {
    format!("{prefix}{}-{seq:06}", month.compact())
}

/// Which of a person's 受給者番号 of a month a voucher carries: the common one (医療券・調剤券,
/// and 介護券 when the office shares it) or the 介護券's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientSeries {
    Common,
    Care,
}

impl RecipientSeries {
    /// The `recipient_numbers.series` code.
    pub fn code(self) -> &'static str {
        match self {
            RecipientSeries::Common => "common",
            RecipientSeries::Care => "care",
        }
    }
}

/// 介護券の受給者番号 — the office's choice (事務所設定). 介護券記載要領 一(四): when medical aid
/// is given in the same month the 介護券 may carry the 医療扶助 number; nothing requires it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CareRecipientNumber {
    /// The person's number of the month, the same as on that month's 医療券 (the default).
    #[default]
    Shared,
    /// A number of the 介護券's own, different from the 医療券's.
    Separate,
}

impl CareRecipientNumber {
    pub fn code(self) -> &'static str {
        match self {
            CareRecipientNumber::Shared => "shared",
            CareRecipientNumber::Separate => "separate",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [CareRecipientNumber::Shared, CareRecipientNumber::Separate]
            .into_iter()
            .find(|c| c.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            CareRecipientNumber::Shared => "同じ月の医療券と共通の番号",
            CareRecipientNumber::Separate => "介護券だけの番号",
        }
    }
    /// The series a 介護券 takes its number from (when the person has none of the month yet).
    pub fn series(self) -> RecipientSeries {
        match self {
            CareRecipientNumber::Shared => RecipientSeries::Common,
            CareRecipientNumber::Separate => RecipientSeries::Care,
        }
    }
}

/// The next 受給者区分 after `last` from the office's running counter, skipping those already
/// used in the month (`taken`). The counter wraps after 999,999 to 1. `None` when the month has
/// no free 区分 left (a million vouchers in one month).
pub fn recipient_category_after(last: u32, mut taken: impl FnMut(u32) -> bool) -> Option<u32> {
    let mut n = last;
    for _ in 0..999_999 {
        n = if n >= 999_999 { 1 } else { n + 1 };
        if !taken(n) {
            return Some(n);
        }
    }
    None
}

/// 券の状態.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VoucherState {
    /// 交付済
    Issued,
    /// 取消 (with a reason; kept in the ledger)
    Voided,
}

impl VoucherState {
    pub fn code(self) -> &'static str {
        match self {
            VoucherState::Issued => "issued",
            VoucherState::Voided => "voided",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [VoucherState::Issued, VoucherState::Voided]
            .into_iter()
            .find(|v| v.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            VoucherState::Issued => "交付",
            VoucherState::Voided => "取消",
        }
    }
}

/// One line of the 交付処理簿: what happened to a voucher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LedgerEvent {
    /// 交付
    Issued,
    /// 再交付 (a new voucher replacing a voided one; the original stays in the ledger)
    Reissued,
    /// 有効期間の変更 (clipped by a 停止・廃止 or the end of the aid)
    Changed,
    /// 取消
    Voided,
}

impl LedgerEvent {
    pub const ALL: [LedgerEvent; 4] = [
        LedgerEvent::Issued,
        LedgerEvent::Reissued,
        LedgerEvent::Changed,
        LedgerEvent::Voided,
    ];
    pub fn code(self) -> &'static str {
        match self {
            LedgerEvent::Issued => "issued",
            LedgerEvent::Reissued => "reissued",
            LedgerEvent::Changed => "changed",
            LedgerEvent::Voided => "voided",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            LedgerEvent::Issued => "交付",
            LedgerEvent::Reissued => "再交付",
            LedgerEvent::Changed => "期間変更",
            LedgerEvent::Voided => "取消",
        }
    }
}

/// What a clerk may do with an issued or voided voucher (the core's view lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VoucherAction {
    /// 取消 (with a reason)
    Void,
    /// 再交付: a new voucher marked 再交付; an issued original is voided with the same reason.
    Reissue,
}

/// Issued: void or reissue. Voided and not yet replaced: reissue. Replaced: nothing.
pub fn voucher_actions(state: VoucherState, replaced: bool, can_issue: bool) -> Vec<VoucherAction> {
    if !can_issue {
        return vec![];
    }
    match (state, replaced) {
        (VoucherState::Issued, _) => vec![VoucherAction::Void, VoucherAction::Reissue],
        (VoucherState::Voided, false) => vec![VoucherAction::Reissue],
        (VoucherState::Voided, true) => vec![],
    }
}

/// What a clerk may do with a row of the month's proposal at review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ProposalAction {
    /// 今月は発行しない
    Exclude,
    /// 発行に戻す
    Include,
    /// 本人支払額を確定 (the calculation's figure for the month)
    FixShare,
    /// 単発の追加を取り消す
    CancelRequest,
}

/// The actions on a proposal row: `share_unfixed` when it is held only for the 本人支払額;
/// `can_issue` = IssueVoucher, `can_fix` = DraftDecision.
pub fn proposal_actions(
    d: &Disposition,
    one_off: bool,
    share_unfixed: bool,
    can_issue: bool,
    can_fix: bool,
) -> Vec<ProposalAction> {
    let mut v = vec![];
    match d {
        Disposition::Issue | Disposition::Held(_) if can_issue => v.push(ProposalAction::Exclude),
        Disposition::Excluded if can_issue => v.push(ProposalAction::Include),
        _ => {}
    }
    if share_unfixed && can_fix && matches!(d, Disposition::Held(_)) {
        v.push(ProposalAction::FixShare);
    }
    if one_off && can_issue && !matches!(d, Disposition::AlreadyIssued | Disposition::Voided) {
        v.push(ProposalAction::CancelRequest);
    }
    v
}

/// What a run does with one due voucher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum Disposition {
    /// To be issued by this run.
    Issue,
    /// Already issued this month (a re-run or a resumed run skips it).
    AlreadyIssued,
    /// A clerk voided this month's voucher for it: only a 再交付 or a one-off brings it back.
    Voided,
    /// The clerk left it out of this month's run (at review).
    Excluded,
    /// Not issuable yet; the reason says what is missing (e.g. 本人支払額が未確定).
    Held(String),
}

impl Disposition {
    pub fn label(&self) -> String {
        match self {
            Disposition::Issue => "発行予定".into(),
            Disposition::AlreadyIssued => "発行済み".into(),
            Disposition::Voided => "取消済み".into(),
            Disposition::Excluded => "今月は発行しない".into(),
            Disposition::Held(r) => format!("保留: {r}"),
        }
    }
}

/// Decide what happens to a due voucher with `key` this month, given the keys that already have
/// a voucher (and its state) and the keys the clerk excluded. A hold only matters for what
/// would otherwise be issued.
pub fn dispose(
    key: &str,
    hold: Option<&str>,
    existing: &HashMap<String, VoucherState>,
    excluded: &HashSet<String>,
) -> Disposition {
    match existing.get(key) {
        Some(VoucherState::Issued) => Disposition::AlreadyIssued,
        Some(VoucherState::Voided) => Disposition::Voided,
        None if excluded.contains(key) => Disposition::Excluded,
        None => match hold {
            Some(r) => Disposition::Held(r.to_string()),
            None => Disposition::Issue,
        },
    }
}

/// 本人支払額 of a household for a month, spread over its vouchers of that month in the order
/// given (the scheme orders them: the main institution first). The whole amount is charged on
/// the first voucher, as the share is collected once by the institution the person visits
/// most; the others carry 0. An office that splits a share differently voids and re-issues.
pub fn allocate_share(share_yen: i64, vouchers: usize) -> Vec<i64> {
    (0..vouchers)
        .map(|i| if i == 0 { share_yen.max(0) } else { 0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn month(s: &str) -> VoucherMonth {
        VoucherMonth::parse(s).unwrap()
    }

    #[test]
    fn months_parse_and_know_their_days() {
        assert_eq!(month("2026-05").code(), "2026-05");
        assert_eq!(month("2026/5"), month("2026-05"));
        assert_eq!(month("202605"), month("2026-05"));
        assert_eq!(month("２０２６－０５"), month("2026-05"));
        assert!(VoucherMonth::parse("2026-13").is_err());
        assert!(VoucherMonth::parse("May").is_err());
        assert_eq!(month("2024-02").last_day(), d(2024, 2, 29), "leap year");
        assert_eq!(month("2025-02").last_day(), d(2025, 2, 28));
        assert_eq!(month("2026-12").last_day(), d(2026, 12, 31));
        assert_eq!(month("2026-12").next(), month("2027-01"));
        assert_eq!(month("2026-05").wareki(), "令和8年5月");
        let json = serde_json::to_string(&month("2026-05")).unwrap();
        assert_eq!(json, "\"2026-05\"");
    }

    #[test]
    fn start_on_the_17th_covers_the_rest_of_the_month() {
        let p = in_force_periods(&[(d(2026, 5, 17), true)]);
        assert_eq!(
            clip_to_month(month("2026-05"), &p),
            vec![Period::new(d(2026, 5, 17), d(2026, 5, 31)).unwrap()]
        );
        assert_eq!(
            clip_to_month(month("2026-06"), &p),
            vec![month("2026-06").period()]
        );
        assert!(clip_to_month(month("2026-04"), &p).is_empty());
    }

    #[test]
    fn abolition_on_the_9th_ends_coverage_on_the_8th() {
        let p = in_force_periods(&[(d(2025, 4, 1), true), (d(2026, 5, 9), false)]);
        assert_eq!(
            clip_to_month(month("2026-05"), &p),
            vec![Period::new(d(2026, 5, 1), d(2026, 5, 8)).unwrap()]
        );
        assert!(clip_to_month(month("2026-06"), &p).is_empty());
        // Abolished on the 1st: nothing of that month.
        let p = in_force_periods(&[(d(2025, 4, 1), true), (d(2026, 5, 1), false)]);
        assert!(clip_to_month(month("2026-05"), &p).is_empty());
        assert_eq!(
            clip_to_month(month("2026-04"), &p),
            vec![month("2026-04").period()]
        );
    }

    #[test]
    fn leap_february_is_clipped_to_the_29th() {
        let p = in_force_periods(&[(d(2024, 2, 10), true)]);
        assert_eq!(
            clip_to_month(month("2024-02"), &p),
            vec![Period::new(d(2024, 2, 10), d(2024, 2, 29)).unwrap()]
        );
        let p = in_force_periods(&[(d(2023, 4, 1), true), (d(2024, 3, 1), false)]);
        assert_eq!(
            clip_to_month(month("2024-02"), &p),
            vec![month("2024-02").period()]
        );
        let p = in_force_periods(&[(d(2023, 4, 1), true), (d(2024, 2, 29), false)]);
        assert_eq!(
            clip_to_month(month("2024-02"), &p),
            vec![Period::new(d(2024, 2, 1), d(2024, 2, 28)).unwrap()]
        );
    }

    #[test]
    fn suspension_and_its_lifting_inside_a_month_give_two_parts() {
        let p = in_force_periods(&[
            (d(2025, 1, 1), true),
            (d(2026, 5, 10), false),
            (d(2026, 5, 20), true),
        ]);
        assert_eq!(
            clip_to_month(month("2026-05"), &p),
            vec![
                Period::new(d(2026, 5, 1), d(2026, 5, 9)).unwrap(),
                Period::new(d(2026, 5, 20), d(2026, 5, 31)).unwrap()
            ]
        );
    }

    #[test]
    fn a_later_record_with_an_earlier_date_wins() {
        // 申請中 recorded on 6/2, then the 開始 decided retroactively from 6/1.
        let p = in_force_periods(&[(d(2025, 6, 2), false), (d(2025, 6, 1), true)]);
        assert_eq!(
            p,
            vec![OpenPeriod {
                from: d(2025, 6, 1),
                to: None
            }]
        );
        // An abolition recorded later but effective before a lifting of a suspension.
        let p = in_force_periods(&[
            (d(2025, 1, 1), true),
            (d(2025, 5, 10), false),
            (d(2025, 5, 20), true),
            (d(2025, 5, 15), false),
        ]);
        assert_eq!(
            p,
            vec![OpenPeriod {
                from: d(2025, 1, 1),
                to: Some(d(2025, 5, 9))
            }]
        );
    }

    #[test]
    fn same_day_changes_take_the_last() {
        // Started and abolished the same day (a correction): nothing in force.
        let p = in_force_periods(&[(d(2026, 5, 3), true), (d(2026, 5, 3), false)]);
        assert!(p.is_empty());
        // A repeated "in force" does not restart the period.
        let p = in_force_periods(&[(d(2026, 1, 1), true), (d(2026, 3, 1), true)]);
        assert_eq!(
            p,
            vec![OpenPeriod {
                from: d(2026, 1, 1),
                to: None
            }]
        );
    }

    #[test]
    fn issued_vouchers_are_kept_clipped_or_voided() {
        let whole = month("2026-05").period();
        assert_eq!(reconcile(whole, &[whole]), Reconcile::Keep);
        let to_8 = Period::new(d(2026, 5, 1), d(2026, 5, 8)).unwrap();
        assert_eq!(reconcile(whole, &[to_8]), Reconcile::Clip(d(2026, 5, 8)));
        assert_eq!(reconcile(whole, &[]), Reconcile::Void);
        let from_17 = Period::new(d(2026, 5, 17), d(2026, 5, 31)).unwrap();
        assert_eq!(reconcile(from_17, &[to_8]), Reconcile::Void);
    }

    #[test]
    fn issue_numbers_and_recipient_categories() {
        assert_eq!(issue_number('I', month("2026-05"), 123), "I202605-000123");
        assert_eq!(recipient_category_after(0, |_| false), Some(1));
        assert_eq!(
            recipient_category_after(999_999, |_| false),
            Some(1),
            "wraps"
        );
        assert_eq!(recipient_category_after(5, |n| n == 6 || n == 7), Some(8));
        assert_eq!(recipient_category_after(5, |_| true), None);
    }

    #[test]
    fn a_key_is_issued_once_and_a_void_is_not_undone_by_a_run() {
        let mut existing = HashMap::new();
        existing.insert("a".to_string(), VoucherState::Issued);
        existing.insert("b".to_string(), VoucherState::Voided);
        let excluded: HashSet<String> = ["c".to_string()].into();
        assert_eq!(
            dispose("a", None, &existing, &excluded),
            Disposition::AlreadyIssued
        );
        assert_eq!(
            dispose("a", Some("x"), &existing, &excluded),
            Disposition::AlreadyIssued
        );
        assert_eq!(
            dispose("b", None, &existing, &excluded),
            Disposition::Voided
        );
        assert_eq!(
            dispose("c", None, &existing, &excluded),
            Disposition::Excluded
        );
        assert_eq!(dispose("d", None, &existing, &excluded), Disposition::Issue);
        assert_eq!(
            dispose("d", Some("本人支払額が未確定"), &existing, &excluded),
            Disposition::Held("本人支払額が未確定".into())
        );
    }

    #[test]
    fn actions_follow_the_state() {
        use VoucherAction::*;
        assert_eq!(
            voucher_actions(VoucherState::Issued, false, true),
            vec![Void, Reissue]
        );
        assert_eq!(
            voucher_actions(VoucherState::Voided, false, true),
            vec![Reissue]
        );
        assert!(voucher_actions(VoucherState::Voided, true, true).is_empty());
        assert!(voucher_actions(VoucherState::Issued, false, false).is_empty());
        let held = Disposition::Held("x".into());
        assert_eq!(
            proposal_actions(&held, false, true, true, true),
            vec![ProposalAction::Exclude, ProposalAction::FixShare]
        );
        assert_eq!(
            proposal_actions(&held, false, true, true, false),
            vec![ProposalAction::Exclude]
        );
        assert_eq!(
            proposal_actions(&Disposition::Excluded, true, false, true, false),
            vec![ProposalAction::Include, ProposalAction::CancelRequest]
        );
        assert!(proposal_actions(&Disposition::AlreadyIssued, true, false, true, true).is_empty());
    }

    #[test]
    fn the_share_goes_on_the_first_voucher() {
        assert_eq!(allocate_share(4_000, 3), vec![4_000, 0, 0]);
        assert_eq!(allocate_share(0, 2), vec![0, 0]);
        assert!(allocate_share(100, 0).is_empty());
    }
}
