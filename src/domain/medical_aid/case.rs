//! 医療扶助のケース: the application, the 他法 check and the 医療要否意見書 cycle.
//!
//! A case is one person's medical-aid episode: applied for (date, institution, illness), checked
//! against the schemes that pay first (他法優先), supported by 医療要否意見書 (sent blank with the
//! header filled in → returned by the institution → reviewed by the office doctor, 嘱託医 → valid
//! for the period the doctor accepts), decided through the ordinary decision workflow, and ended.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::household::ValidationError;

/// Where a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// 申請中 (no approved decision yet)
    Applied,
    /// 医療扶助中 (an approved 開始 or 変更 is in force)
    Active,
    /// 終了 (廃止 approved, or assistance itself abolished)
    Ended,
    /// 却下
    Rejected,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 4] = [
        CaseStatus::Applied,
        CaseStatus::Active,
        CaseStatus::Ended,
        CaseStatus::Rejected,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Applied => "applied",
            CaseStatus::Active => "active",
            CaseStatus::Ended => "ended",
            CaseStatus::Rejected => "rejected",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Applied => "申請中",
            CaseStatus::Active => "医療扶助中",
            CaseStatus::Ended => "終了",
            CaseStatus::Rejected => "却下",
        }
    }
}

/// 他法 (schemes that pay before medical aid). The list is the common one; `other` with a note
/// covers what an office meets otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OtherScheme {
    /// 健康保険・国民健康保険 (社会保険)
    HealthInsurance,
    /// 後期高齢者医療
    ElderlyMedicalCare,
    /// 自立支援医療（更生医療・育成医療・精神通院医療）
    IndependenceSupport,
    /// 難病の医療費助成
    IntractableDisease,
    /// 小児慢性特定疾病
    ChildChronicDisease,
    /// 感染症法（結核 37条の2 等）
    InfectiousDisease,
    /// 介護保険
    CareInsurance,
    /// 労働者災害補償保険
    WorkersCompensation,
    /// 障害者医療費助成など（都道府県・市町村の制度）
    LocalSubsidy,
    /// その他
    Other,
}

impl OtherScheme {
    pub const ALL: [OtherScheme; 10] = [
        OtherScheme::HealthInsurance,
        OtherScheme::ElderlyMedicalCare,
        OtherScheme::IndependenceSupport,
        OtherScheme::IntractableDisease,
        OtherScheme::ChildChronicDisease,
        OtherScheme::InfectiousDisease,
        OtherScheme::CareInsurance,
        OtherScheme::WorkersCompensation,
        OtherScheme::LocalSubsidy,
        OtherScheme::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            OtherScheme::HealthInsurance => "health_insurance",
            OtherScheme::ElderlyMedicalCare => "elderly_medical_care",
            OtherScheme::IndependenceSupport => "independence_support",
            OtherScheme::IntractableDisease => "intractable_disease",
            OtherScheme::ChildChronicDisease => "child_chronic_disease",
            OtherScheme::InfectiousDisease => "infectious_disease",
            OtherScheme::CareInsurance => "care_insurance",
            OtherScheme::WorkersCompensation => "workers_compensation",
            OtherScheme::LocalSubsidy => "local_subsidy",
            OtherScheme::Other => "other",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            OtherScheme::HealthInsurance => "健康保険・国民健康保険",
            OtherScheme::ElderlyMedicalCare => "後期高齢者医療",
            OtherScheme::IndependenceSupport => "自立支援医療",
            OtherScheme::IntractableDisease => "難病医療費助成",
            OtherScheme::ChildChronicDisease => "小児慢性特定疾病",
            OtherScheme::InfectiousDisease => "感染症法（37条の2 等）",
            OtherScheme::CareInsurance => "介護保険",
            OtherScheme::WorkersCompensation => "労災保険",
            OtherScheme::LocalSubsidy => "障害者医療費助成など（地方の制度）",
            OtherScheme::Other => "その他",
        }
    }
}

/// The answer to a 他法 inquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OtherLawAnswer {
    /// 照会中
    Pending,
    /// 該当（他法が優先して負担する）
    Applies,
    /// 非該当
    NotApplicable,
}

impl OtherLawAnswer {
    pub fn code(self) -> &'static str {
        match self {
            OtherLawAnswer::Pending => "pending",
            OtherLawAnswer::Applies => "applies",
            OtherLawAnswer::NotApplicable => "not_applicable",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            OtherLawAnswer::Pending,
            OtherLawAnswer::Applies,
            OtherLawAnswer::NotApplicable,
        ]
        .into_iter()
        .find(|c| c.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            OtherLawAnswer::Pending => "照会中",
            OtherLawAnswer::Applies => "該当（他法優先）",
            OtherLawAnswer::NotApplicable => "非該当",
        }
    }
}

/// Where a 医療要否意見書 is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OpinionState {
    /// 送付済 (the blank form with its header went to the institution)
    Sent,
    /// 返送受理 (filled in by the institution, waiting for the 嘱託医)
    Returned,
    /// 審査済 (the 嘱託医 has given a result)
    Reviewed,
}

impl OpinionState {
    pub fn code(self) -> &'static str {
        match self {
            OpinionState::Sent => "sent",
            OpinionState::Returned => "returned",
            OpinionState::Reviewed => "reviewed",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            OpinionState::Sent,
            OpinionState::Returned,
            OpinionState::Reviewed,
        ]
        .into_iter()
        .find(|c| c.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            OpinionState::Sent => "送付済（返送待ち）",
            OpinionState::Returned => "返送受理（嘱託医審査待ち）",
            OpinionState::Reviewed => "審査済",
        }
    }
}

/// The 嘱託医's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewResult {
    /// 要（医療の必要を認める）
    Needed,
    /// 否
    NotNeeded,
    /// 要再照会 (ask the institution again)
    Query,
}

impl ReviewResult {
    pub fn code(self) -> &'static str {
        match self {
            ReviewResult::Needed => "needed",
            ReviewResult::NotNeeded => "not_needed",
            ReviewResult::Query => "query",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            ReviewResult::Needed,
            ReviewResult::NotNeeded,
            ReviewResult::Query,
        ]
        .into_iter()
        .find(|c| c.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            ReviewResult::Needed => "要（医療の必要を認める）",
            ReviewResult::NotNeeded => "否",
            ReviewResult::Query => "要再照会",
        }
    }
}

/// A returned opinion form is due back within this many days of sending (shown as overdue).
pub const RETURN_DAYS: i64 = 14;
/// The home screen warns when an opinion's valid period ends within this many days.
pub const EXPIRY_WARNING_DAYS: i64 = 30;
/// The longest period a 嘱託医 may accept in one review (months).
pub const MAX_VALID_MONTHS: u32 = 12;

/// How an accepted opinion stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Expiry {
    Valid,
    /// Ends within [`EXPIRY_WARNING_DAYS`] (期限間近).
    DueSoon,
    /// Ended (期限切れ).
    Expired,
}

impl Expiry {
    pub fn label(self) -> &'static str {
        match self {
            Expiry::Valid => "有効",
            Expiry::DueSoon => "期限間近",
            Expiry::Expired => "期限切れ",
        }
    }
}

/// Valid until `valid_to`: expired from the next day, due soon from 30 days before.
pub fn expiry(valid_to: NaiveDate, today: NaiveDate) -> Expiry {
    if today > valid_to {
        Expiry::Expired
    } else if (valid_to - today).num_days() <= EXPIRY_WARNING_DAYS {
        Expiry::DueSoon
    } else {
        Expiry::Valid
    }
}

/// The valid period the 嘱託医 accepts: from `from` for `months` months (to the day before the
/// same day `months` later), 1–12 months.
pub fn opinion_valid_to(from: NaiveDate, months: u32) -> Result<NaiveDate, ValidationError> {
    if !(1..=MAX_VALID_MONTHS).contains(&months) {
        return Err(ValidationError::new(
            "valid_months",
            format!("有効期間は1〜{MAX_VALID_MONTHS}か月で入力してください"),
        ));
    }
    from.checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| ValidationError::new("valid_months", "有効期間が計算できません"))
}

/// What a clerk may do with an opinion form now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OpinionAction {
    /// 返送を受理 (enter what the institution wrote)
    Return,
    /// 嘱託医の審査結果を記録
    Review,
}

/// Sent: it can be received back; returned: the 嘱託医's result can be recorded (`EditMedicalAid`).
pub fn opinion_actions(state: OpinionState, can_edit: bool) -> Vec<OpinionAction> {
    match (state, can_edit) {
        (OpinionState::Sent, true) => vec![OpinionAction::Return],
        (OpinionState::Returned, true) => vec![OpinionAction::Review],
        _ => vec![],
    }
}

/// What may be done with a case now (the screen shows exactly these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    /// 他法の確認を記録
    RecordOtherLaw,
    /// 医療要否意見書を送付（印刷）
    SendOpinion,
    /// 開始の起案
    DraftStart,
    /// 却下の起案
    DraftReject,
    /// 変更の起案
    DraftChange,
    /// 廃止（医療扶助の終了）の起案
    DraftAbolish,
    /// 単発の券を追加
    AddOneOff,
}

/// The facts [`case_actions`] decides from.
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts {
    pub status: CaseStatus,
    pub household_active: bool,
    /// A medical decision of the case is in the workflow (not approved).
    pub open_decision: bool,
    /// A 開始 has nothing missing (see [`start_blockers`]).
    pub start_ready: bool,
}

/// The user's permissions that matter here.
#[derive(Debug, Clone, Copy)]
pub struct CasePowers {
    pub edit: bool,
    pub print: bool,
    pub draft: bool,
    pub issue: bool,
}

pub fn case_actions(f: CaseFacts, p: CasePowers) -> Vec<CaseAction> {
    use CaseAction::*;
    let open = matches!(f.status, CaseStatus::Applied | CaseStatus::Active);
    let mut v = vec![];
    if open && p.edit {
        v.push(RecordOtherLaw);
    }
    if open && p.edit && p.print {
        v.push(SendOpinion);
    }
    if p.draft && !f.open_decision {
        match f.status {
            CaseStatus::Applied => {
                if f.household_active && f.start_ready {
                    v.push(DraftStart);
                }
                v.push(DraftReject);
            }
            CaseStatus::Active => {
                if f.household_active {
                    v.push(DraftChange);
                }
                v.push(DraftAbolish);
            }
            _ => {}
        }
    }
    if open && p.issue && f.household_active {
        v.push(AddOneOff);
    }
    v
}

/// What is missing before a 開始 can be drafted: every 他法 inquiry answered, and a 医療要否意見書
/// the 嘱託医 found 「要」.
pub fn start_blockers(other_law_pending: bool, has_needed_opinion: bool) -> Vec<String> {
    let mut v = vec![];
    if other_law_pending {
        v.push("他法の照会に回答がないものがあります".to_string());
    }
    if !has_needed_opinion {
        v.push("嘱託医が「要」と判定した医療要否意見書がありません".to_string());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn expiry_warns_thirty_days_ahead() {
        let to = d(2026, 6, 30);
        assert_eq!(expiry(to, d(2026, 5, 30)), Expiry::Valid);
        assert_eq!(expiry(to, d(2026, 5, 31)), Expiry::DueSoon);
        assert_eq!(expiry(to, d(2026, 6, 30)), Expiry::DueSoon);
        assert_eq!(expiry(to, d(2026, 7, 1)), Expiry::Expired);
    }

    #[test]
    fn case_actions_follow_status_and_powers() {
        use CaseAction::*;
        let all = CasePowers {
            edit: true,
            print: true,
            draft: true,
            issue: true,
        };
        let applied = CaseFacts {
            status: CaseStatus::Applied,
            household_active: true,
            open_decision: false,
            start_ready: true,
        };
        assert_eq!(
            case_actions(applied, all),
            vec![
                RecordOtherLaw,
                SendOpinion,
                DraftStart,
                DraftReject,
                AddOneOff
            ]
        );
        let not_ready = CaseFacts {
            start_ready: false,
            ..applied
        };
        assert!(!case_actions(not_ready, all).contains(&DraftStart));
        let open = CaseFacts {
            open_decision: true,
            ..applied
        };
        assert!(!case_actions(open, all)
            .iter()
            .any(|a| matches!(a, DraftStart | DraftReject)));
        let active = CaseFacts {
            status: CaseStatus::Active,
            ..applied
        };
        assert!(
            case_actions(active, all).contains(&DraftChange)
                && case_actions(active, all).contains(&DraftAbolish)
        );
        let ended = CaseFacts {
            status: CaseStatus::Ended,
            ..applied
        };
        assert!(case_actions(ended, all).is_empty());
        let clerk = CasePowers {
            edit: true,
            print: true,
            draft: false,
            issue: true,
        };
        assert_eq!(
            case_actions(applied, clerk),
            vec![RecordOtherLaw, SendOpinion, AddOneOff]
        );
        assert_eq!(start_blockers(true, false).len(), 2);
        assert!(start_blockers(false, true).is_empty());
        assert_eq!(
            opinion_actions(OpinionState::Sent, true),
            vec![OpinionAction::Return]
        );
        assert!(opinion_actions(OpinionState::Reviewed, true).is_empty());
        assert!(opinion_actions(OpinionState::Returned, false).is_empty());
    }

    #[test]
    fn valid_period_in_months() {
        assert_eq!(opinion_valid_to(d(2026, 5, 1), 6).unwrap(), d(2026, 10, 31));
        assert_eq!(opinion_valid_to(d(2026, 5, 17), 1).unwrap(), d(2026, 6, 16));
        assert_eq!(opinion_valid_to(d(2024, 1, 31), 1).unwrap(), d(2024, 2, 28));
        assert!(opinion_valid_to(d(2026, 5, 1), 0).is_err());
        assert!(opinion_valid_to(d(2026, 5, 1), 13).is_err());
    }
}
