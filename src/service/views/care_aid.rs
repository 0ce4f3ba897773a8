//! Views of care aid: providers and their import report, a person's 介護保険 status, care-aid
//! cases with what their screen offers, and the warnings list.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::care_aid::case::{CareCaseAction, CareCaseStatus, CareTerms};
use crate::domain::care_aid::insurance::{CareLevel, CertificationState, InsuredKind};
use crate::domain::care_aid::provider::ProviderImportAction;
use crate::domain::care_aid::provider_number::NumberCheck;
use crate::domain::decision::{DecisionKind, DecisionState};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceKindView {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareProviderView {
    #[ts(type = "number")]
    pub id: i64,
    /// 事業所番号
    pub number: String,
    pub number_check: NumberCheck,
    /// Shown next to the number when its check digit could not be verified.
    pub number_warning: Option<String>,
    pub name: String,
    pub kana: String,
    pub service_kinds: Vec<ServiceKindView>,
    /// 居宅介護支援事業者
    pub plan_office: bool,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub valid_from: String,
    pub valid_from_wareki: String,
    pub valid_to: Option<String>,
    pub valid_to_wareki: Option<String>,
    /// 指定 in force today
    pub designated: bool,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProviderImportLine {
    #[ts(type = "number")]
    pub line: i64,
    pub action: ProviderImportAction,
    pub action_label: String,
    pub number: String,
    pub name: String,
    /// Why the line is refused, or what changes.
    pub message: String,
    /// Accepted with a warning (a letter 事業所区分).
    pub warning: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProviderImportReport {
    pub dry_run: bool,
    /// Written (false on a dry run and whenever a line is in error).
    pub applied: bool,
    #[ts(type = "number")]
    pub new: i64,
    #[ts(type = "number")]
    pub changed: i64,
    #[ts(type = "number")]
    pub unchanged: i64,
    #[ts(type = "number")]
    pub invalid: i64,
    #[ts(type = "number")]
    pub warnings: i64,
    pub lines: Vec<ProviderImportLine>,
}

/// One 介護保険 status record of a person, display-ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareStatusView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub valid_from: String,
    pub valid_from_wareki: String,
    pub kind: InsuredKind,
    pub kind_label: String,
    /// 被保険者番号 (the H-number for a person outside the insurance)
    pub insured_number: String,
    pub insurer_number: Option<String>,
    #[ts(type = "number")]
    pub co_pay_tenths: i64,
    /// 「介護保険9割・介護扶助1割（併用）」 / 「介護扶助10割（生保単独）」
    pub share_label: String,
    /// 介護保険料加算 (monthly premium added to the minimum), yen
    #[ts(type = "number")]
    pub premium_yen: i64,
    pub care_level: Option<CareLevel>,
    pub care_level_label: Option<String>,
    pub certified_from: Option<String>,
    pub certified_from_wareki: Option<String>,
    pub certified_to: Option<String>,
    pub certified_to_wareki: Option<String>,
    pub certification: Option<CertificationState>,
    pub certification_label: Option<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarePlanView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub plan_office_id: i64,
    pub plan_office_name: String,
    pub received_on: String,
    pub received_on_wareki: String,
    pub note: String,
}

/// A care-aid decision in the case's list (the full decision is the ordinary DecisionView).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareDecisionLine {
    #[ts(type = "number")]
    pub decision_id: i64,
    pub kind: DecisionKind,
    pub kind_label: String,
    pub state: DecisionState,
    pub state_label: String,
    pub effective_date: String,
    pub effective_date_wareki: String,
    pub terms: Option<CareTerms>,
    pub share_label: Option<String>,
    /// 本人支払額 from the decision's calculation, yen
    #[ts(type = "number | null")]
    pub own_payment_yen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareCaseView {
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
    pub status: CareCaseStatus,
    pub status_label: String,
    pub started_on_wareki: Option<String>,
    pub ended_on_wareki: Option<String>,
    /// The 介護保険 status in force today, if any.
    pub insurance: Option<CareStatusView>,
    pub plans: Vec<CarePlanView>,
    pub decisions: Vec<CareDecisionLine>,
    /// What a 開始 still needs (empty when it may be drafted).
    pub start_blockers: Vec<String>,
    pub actions: Vec<CareCaseAction>,
}

/// The household screen's care aid: its cases, and whether a new application may be taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HouseholdCareView {
    pub cases: Vec<CareCaseView>,
    /// 介護扶助の申請を受け付ける (EditHousehold; the household is 保護中 or 申請中).
    pub can_register: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareAlertView {
    #[ts(type = "number")]
    pub case_id: i64,
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    pub person_name: String,
    pub message: String,
}
