//! Views of the registry: search hits, households, members, the home screen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ApplicationView, RevisionView};

use crate::domain::household::{HouseholdStatus, Sex};
use crate::domain::stated_reason::ReasonOption;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SearchHit {
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub kana: String,
    pub birth_date: String,
    pub birth_date_wareki: String,
    pub sex: Sex,
    pub relationship: String,
    pub household_status: HouseholdStatus,
    pub household_status_label: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HouseholdHeader {
    #[ts(type = "number")]
    pub id: i64,
    pub case_number: String,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub caseworker_id: Option<String>,
    pub caseworker_name: Option<String>,
    pub status: HouseholdStatus,
    pub status_label: String,
    pub updated_at: String,
    /// The decision kinds that may be drafted for the household now
    /// (`DecisionKind::draftable_from`); empty while 相談中 or 廃止.
    pub decision_kinds: Vec<super::DecisionKindOption>,
    /// The kind the 起案 form proposes (`DecisionKind::proposed_for`).
    pub proposed_decision_kind: Option<crate::domain::decision::DecisionKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MemberView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub birth_date: String,
    pub birth_date_wareki: String,
    pub age: u32,
    pub sex: Sex,
    pub sex_label: String,
    pub relationship: String,
    pub is_head: bool,
    /// "****-****-9018"; `None` when no number is registered.
    pub my_number_masked: Option<String>,
    pub addressee_number: Option<String>,
    pub dv_protected: bool,
    pub death_date: Option<String>,
    pub death_date_wareki: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatusHistoryView {
    pub status: HouseholdStatus,
    pub status_label: String,
    pub effective_date: String,
    pub effective_date_wareki: String,
    pub reason: String,
    pub changed_by: String,
    pub changed_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HouseholdView {
    pub household: HouseholdHeader,
    pub members: Vec<MemberView>,
    pub status_history: Vec<StatusHistoryView>,
    /// 保存指定: kept past its retention period while set (`retention`).
    pub legal_hold: Option<crate::store::retention::Hold>,
    /// What the logged-in user may do with this household now (`domain::workflow::household_actions`).
    pub actions: Vec<crate::domain::workflow::HouseholdAction>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatusCount {
    pub status: HouseholdStatus,
    pub label: String,
    #[ts(type = "number")]
    pub households: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ApplyingItem {
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    pub head_name: String,
    pub since: String,
    pub since_wareki: String,
    /// Days since `since` (経過日数).
    #[ts(type = "number")]
    pub days: i64,
    /// Past the 14-day deadline of 法24条 counted from `since` (`domain::decision`).
    pub late: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecentItem {
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    pub head_name: String,
    pub opened_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HomeView {
    pub today: String,
    pub today_wareki: String,
    pub counts: Vec<StatusCount>,
    pub applying: Vec<ApplyingItem>,
    pub recent: Vec<RecentItem>,
    /// Pending applications past their deadline (14 days, or 30 when extended), oldest first.
    pub overdue: Vec<ApplicationView>,
    /// Pending applications due within `domain::decision::DUE_SOON_DAYS` days.
    pub due_soon: Vec<ApplicationView>,
    /// 基準改定 waiting for 一括認定 (see `App::rate_revisions`).
    pub revisions: Vec<RevisionView>,
    /// Warnings for this user: many households opened by one user today, a failed backup.
    pub alerts: Vec<crate::service::access::HomeAlert>,
}

/// Before a household is opened (`case_access`): whose case it is and whether this user must say
/// why they open it. Nothing of the household's members is in it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseAccessView {
    #[ts(type = "number")]
    pub household_id: i64,
    pub caseworker_id: Option<String>,
    /// The assigned caseworker's display name (担当).
    pub caseworker_name: Option<String>,
    /// Another caseworker's case, not yet opened with a reason in this session.
    pub reason_needed: bool,
    /// The reasons the dialog offers.
    pub reasons: Vec<ReasonOption<crate::domain::case_access::CaseReasonKind>>,
}

/// The one permitted, logged view of a My Number (`reveal_my_number`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MyNumberView {
    pub my_number: String,
}
