//! Views of medical aid (service::medical_aid): institutions and their import, the
//! medical-aid case with its 他法 checks, opinion forms and decisions, the home-screen warnings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::decision::{DecisionKind, DecisionState};
use crate::domain::medical_aid::case::{
    CaseAction, CaseStatus, Expiry, OpinionAction, OpinionState, OtherLawAnswer, OtherScheme,
    ReviewResult,
};
use crate::domain::medical_aid::institution::{ImportAction, InstitutionKind};
use crate::domain::medical_aid::voucher::{MedicalTerms, SingleOrCombined};

/// 指定医療機関.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InstitutionView {
    #[ts(type = "number")]
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kana: String,
    pub kind: InstitutionKind,
    pub kind_label: String,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub valid_from: String,
    pub valid_from_wareki: String,
    pub valid_to: Option<String>,
    pub valid_to_wareki: Option<String>,
    /// Designated today.
    pub in_force: bool,
    /// The user may edit it (EditMedicalAid).
    pub can_edit: bool,
}

/// One line of an institution import (dry run or applied).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportLineView {
    #[ts(type = "number")]
    pub line: i64,
    pub action: ImportAction,
    pub action_label: String,
    pub code: String,
    pub name: String,
    /// The reason (エラー) or the changed fields (変更).
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InstitutionImportReport {
    pub dry_run: bool,
    /// Whether anything was written (never when a line is invalid).
    pub applied: bool,
    #[ts(type = "number")]
    pub new: i64,
    #[ts(type = "number")]
    pub changed: i64,
    #[ts(type = "number")]
    pub unchanged: i64,
    #[ts(type = "number")]
    pub invalid: i64,
    pub lines: Vec<ImportLineView>,
}

/// A 他法 check.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OtherLawView {
    pub scheme: OtherScheme,
    pub scheme_label: String,
    pub asked_on: String,
    pub answer: OtherLawAnswer,
    pub answer_label: String,
    pub answered_on: Option<String>,
    pub note: String,
}

/// What the institution wrote on the returned 医療要否意見書.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpinionContent {
    /// 傷病名.
    pub diseases: Vec<String>,
    /// 入院 / 入院外 … (the 診療別 proposed).
    pub treatment: String,
    /// 医療の要否: the doctor says treatment is needed.
    pub needed: bool,
    /// 今後の見込期間 (months).
    #[serde(default)]
    pub expected_months: Option<u32>,
    /// 概算医療費 (円/月).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub estimated_cost_yen: Option<i64>,
    /// 医師の所見・意見.
    #[serde(default)]
    pub findings: String,
    /// 記載医師名.
    #[serde(default)]
    pub doctor: String,
}

/// A 医療要否意見書.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OpinionView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    pub person_name: String,
    #[ts(type = "number")]
    pub institution_id: i64,
    pub institution_name: String,
    pub state: OpinionState,
    pub state_label: String,
    pub sent_on: String,
    pub sent_on_wareki: String,
    /// 返送期限 (sent + 14 days), and whether it has passed without a return.
    pub due_back: String,
    pub overdue: bool,
    #[ts(type = "number | null")]
    pub print_job_id: Option<i64>,
    pub returned_on: Option<String>,
    pub content: Option<OpinionContent>,
    pub reviewed_on: Option<String>,
    pub reviewer: Option<String>,
    pub result: Option<ReviewResult>,
    pub result_label: Option<String>,
    pub review_comment: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub valid_label: Option<String>,
    /// For an accepted opinion: 有効 / 期限間近 / 期限切れ.
    pub expiry: Option<Expiry>,
    pub expiry_label: Option<String>,
    pub actions: Vec<OpinionAction>,
}

/// A referral of a decision, with names.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TermLineView {
    #[ts(type = "number")]
    pub institution_id: i64,
    pub institution_code: String,
    pub institution_name: String,
    pub treatment_label: String,
    pub ticket_label: String,
    pub diseases: Vec<String>,
    pub prescriber_name: Option<String>,
}

/// The terms of a medical-aid decision, for display.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TermsView {
    pub terms: MedicalTerms,
    pub lines: Vec<TermLineView>,
    pub single_or_combined: SingleOrCombined,
    pub single_or_combined_label: String,
    pub social_insurance_label: String,
}

/// A decision of the case (the full view is `decision_get`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseDecisionView {
    #[ts(type = "number")]
    pub decision_id: i64,
    pub kind: DecisionKind,
    pub kind_label: String,
    pub state: DecisionState,
    pub state_label: String,
    pub effective_date: String,
    pub effective_date_wareki: String,
    /// 本人支払額 computed for the effective month.
    #[ts(type = "number | null")]
    pub share_yen: Option<i64>,
    pub terms: Option<TermsView>,
}

/// A medical-aid case.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MedicalCaseView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    #[ts(type = "number")]
    pub person_id: i64,
    pub person_name: String,
    pub applied_on: String,
    pub applied_on_wareki: String,
    #[ts(type = "number | null")]
    pub institution_id: Option<i64>,
    pub institution_name: Option<String>,
    pub illness: String,
    pub status: CaseStatus,
    pub status_label: String,
    pub ended_on: Option<String>,
    pub other_law: Vec<OtherLawView>,
    /// Some 他法 inquiry is still unanswered.
    pub other_law_pending: bool,
    /// Some scheme pays first (so the vouchers are 併用).
    pub other_law_applies: bool,
    pub opinions: Vec<OpinionView>,
    pub decisions: Vec<CaseDecisionView>,
    /// The terms in force today, or approved to start later (開始・変更).
    pub current_terms: Option<TermsView>,
    /// Why a 開始 cannot be drafted yet (empty = it can).
    pub start_blockers: Vec<String>,
    pub actions: Vec<CaseAction>,
}

/// The home screen's medical-aid warnings.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MedicalAlertsView {
    /// Accepted opinions ending within 30 days.
    pub due_soon: Vec<OpinionView>,
    /// Accepted opinions of active cases that have ended.
    pub expired: Vec<OpinionView>,
    /// Sent and not returned within 14 days.
    pub overdue_returns: Vec<OpinionView>,
    /// Returned, waiting for the 嘱託医.
    pub to_review: Vec<OpinionView>,
}

/// The household screen's medical aid: its cases, and whether a new application may be taken.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HouseholdMedicalView {
    pub cases: Vec<MedicalCaseView>,
    /// 医療扶助の申請を受け付ける (EditMedicalAid; the household is 保護中 or 申請中).
    pub can_register: bool,
}
