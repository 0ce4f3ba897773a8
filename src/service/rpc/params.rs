//! The parameter shapes of the RPC methods (what the UI sends), as serde structs with their
//! TypeScript twins (ts-rs). A field with `#[serde(default)]` may be left out by the UI, so its
//! TypeScript field is optional too.

use std::collections::BTreeMap;

use serde::Deserialize;
use ts_rs::TS;

use crate::domain::aid::AidKind;
use crate::domain::household::{HouseholdInput, HouseholdStatus, MemberInput};
use crate::domain::notice::TemplateKey;
use crate::domain::office::OfficeSettings;
use crate::domain::role::Role;
use crate::service::decisions::DecisionInput;
use crate::service::views::{AuditQuery, PrintJobFilter, ReasonView};

/// A method without parameters: whatever the UI sends is ignored (as it always was).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoParams;

impl<'de> Deserialize<'de> for NoParams {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d)?;
        Ok(NoParams)
    }
}

impl TS for NoParams {
    type WithoutGenerics = Self;
    fn name() -> String {
        "Record<never, never>".into()
    }
    fn inline() -> String {
        Self::name()
    }
    fn inline_flattened() -> String {
        Self::name()
    }
    fn decl() -> String {
        format!("type NoParams = {};", Self::name())
    }
    fn decl_concrete() -> String {
        Self::decl()
    }
}

#[derive(Debug, Deserialize, TS)]
pub struct LoginParams {
    pub user_id: String,
    pub password: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct PasswordParams {
    pub password: String,
}

/// 個人番号鍵の付与: the holder types their own password at this desk.
#[derive(Debug, Deserialize, TS)]
pub struct RevealKeyGrantParams {
    pub holder_id: String,
    pub holder_password: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct ChangePasswordParams {
    pub old_password: String,
    pub new_password: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct TextParams {
    pub text: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct SearchParams {
    pub query: String,
    /// At most this many hits (50 when left out).
    #[ts(optional, type = "number")]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, TS)]
pub struct HouseholdIdParams {
    #[ts(type = "number")]
    pub household_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct OpenHouseholdParams {
    #[ts(type = "number")]
    pub household_id: i64,
    /// Why another caseworker's case is opened (see `case_access`).
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<crate::domain::case_access::CaseReason>,
}

#[derive(Debug, Deserialize, TS)]
pub struct CreateHouseholdParams {
    pub input: HouseholdInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct UpdateHouseholdParams {
    #[ts(type = "number")]
    pub household_id: i64,
    pub input: HouseholdInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct ChangeStatusParams {
    #[ts(type = "number")]
    pub household_id: i64,
    pub status: HouseholdStatus,
    pub effective_date: String,
    pub reason: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct AddMemberParams {
    #[ts(type = "number")]
    pub household_id: i64,
    pub input: MemberInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct UpdateMemberParams {
    #[ts(type = "number")]
    pub person_id: i64,
    pub input: MemberInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct RemoveMemberParams {
    #[ts(type = "number")]
    pub person_id: i64,
    pub reason: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct PersonIdParams {
    #[ts(type = "number")]
    pub person_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct AddUserParams {
    pub user_id: String,
    pub display_name: String,
    pub role: Role,
    pub temporary_password: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct ResetPasswordParams {
    pub user_id: String,
    pub temporary_password: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct UpdateUserParams {
    pub user_id: String,
    pub display_name: String,
    pub role: crate::domain::role::Role,
}

#[derive(Debug, Deserialize, TS)]
pub struct SetUserDisabledParams {
    pub user_id: String,
    pub disabled: bool,
    /// Required to re-enable: the old key slot was deleted.
    #[ts(optional)]
    pub temporary_password: Option<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct SetupValidateParams {
    pub input: crate::service::firstrun::CreateOfficeInput,
    pub upto: crate::service::firstrun::SetupStep,
}

#[derive(Debug, Deserialize, TS)]
pub struct SetupCreateParams {
    pub input: crate::service::firstrun::CreateOfficeInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct SetupRestoreParams {
    pub input: crate::service::firstrun::RestoreOfficeInput,
}

/// The UI's name for a screen (the manual's section key).
#[derive(Debug, Deserialize, TS)]
pub struct ScreenParams {
    pub screen: String,
}

/// A file the user named (the first-run setup's 「既存のデータベースを開く」).
#[derive(Debug, Deserialize, TS)]
pub struct PathParams {
    pub path: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct SaveOfficeParams {
    pub settings: OfficeSettings,
}

#[derive(Debug, Deserialize, TS)]
pub struct AuditSearchParams {
    pub filter: AuditQuery,
}

#[derive(Debug, Deserialize, TS)]
pub struct RatesImportParams {
    /// {file name: contents}
    #[ts(type = "Record<string, string>")]
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub allow_test_figures: bool,
    /// 「不足の表を追加」: the set the folder must complete (refused otherwise).
    #[serde(default)]
    #[ts(optional)]
    pub base: Option<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct SaveSituationParams {
    #[ts(type = "number")]
    pub household_id: i64,
    pub input: crate::domain::decision::SituationInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct CalcHouseholdParams {
    #[ts(type = "number")]
    pub household_id: i64,
    pub date: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct CalcTrialParams {
    pub input: crate::domain::trial::TrialInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct ApplicationIdReasonParams {
    #[ts(type = "number")]
    pub application_id: i64,
    pub reason: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct DraftDecisionParams {
    pub input: DecisionInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct RedraftDecisionParams {
    #[ts(type = "number")]
    pub decision_id: i64,
    pub input: DecisionInput,
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub comment: String,
}

/// 審査 / 決裁 / 差戻し of one decision; a 差戻し needs the comment.
#[derive(Debug, Deserialize, TS)]
pub struct DecisionStepParams {
    #[ts(type = "number")]
    pub decision_id: i64,
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub comment: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct DecisionIdParams {
    #[ts(type = "number")]
    pub decision_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct BulkPreviewParams {
    pub rate_version: String,
    pub date: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct BulkApplyParams {
    pub rate_version: String,
    pub date: String,
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub reason_text: String,
    #[serde(default)]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub reason_codes: Vec<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct TemplateKeyParams {
    pub key: TemplateKey,
}

#[derive(Debug, Deserialize, TS)]
pub struct SaveTemplateParams {
    pub key: TemplateKey,
    pub text: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct SaveReasonParams {
    pub reason: ReasonView,
}

#[derive(Debug, Deserialize, TS)]
pub struct PrintCertificateParams {
    #[ts(type = "number")]
    pub person_id: i64,
    pub aids: Vec<AidKind>,
    pub purpose: Option<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct ApplicationFormParams {
    #[ts(type = "number")]
    pub application_id: i64,
    pub form: crate::domain::application::ApplicationForm,
}

#[derive(Debug, Deserialize, TS)]
pub struct PrintDecisionNoticeParams {
    #[ts(type = "number")]
    pub decision_id: i64,
    /// 文書番号 as printed; 「第　　　　号」 is left blank without one.
    #[serde(default)]
    pub number: Option<String>,
    /// 通知日 (any form the date fields accept; today when null).
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub payment_method: Option<String>,
    /// Print the 「案」 check copy of an unapproved decision.
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Deserialize, TS)]
pub struct PrintCalculationSheetParams {
    #[ts(type = "number")]
    pub decision_id: i64,
    #[serde(default)]
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct PrintJobsParams {
    #[serde(default)]
    pub filter: PrintJobFilter,
}

#[derive(Debug, Deserialize, TS)]
pub struct JobIdParams {
    #[ts(type = "number")]
    pub job_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct JobPdfParams {
    #[ts(type = "number")]
    pub job_id: i64,
    /// The 再発行 version, without recording a reprint.
    #[serde(default)]
    pub reissue: bool,
}

#[derive(Debug, Deserialize, TS)]
pub struct SendJobsParams {
    #[ts(type = "number[]")]
    pub job_ids: Vec<i64>,
    pub printer: Option<String>,
    pub copies: u32,
}

#[derive(Debug, Deserialize, TS)]
pub struct ReprintParams {
    #[ts(type = "number")]
    pub job_id: i64,
    pub printer: Option<String>,
    pub copies: u32,
}

#[derive(Debug, Deserialize, TS)]
pub struct VoidJobParams {
    #[ts(type = "number")]
    pub job_id: i64,
    pub reason: String,
}

// --- exchange ------------------------------------------------------------------------------

#[derive(Debug, Deserialize, TS)]
pub struct ExchangeExportParams {
    pub channel: crate::exchange::Channel,
    pub medium_id: String,
    /// The folder on the medium.
    pub dir: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct ChannelParams {
    pub channel: crate::exchange::Channel,
}

#[derive(Debug, Deserialize, TS)]
pub struct ChannelFilterParams {
    #[serde(default)]
    #[ts(optional)]
    pub channel: Option<crate::exchange::Channel>,
}

#[derive(Debug, Deserialize, TS)]
pub struct DirParams {
    pub dir: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct RequeueParams {
    #[ts(type = "number")]
    pub outbox_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct BatchIdParams {
    #[ts(type = "number")]
    pub batch_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct RegisterMediumParams {
    pub medium_id: String,
    pub label: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct MediumIdParams {
    pub medium_id: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct ChecksParams {
    /// Only the lines nobody has confirmed yet.
    pub open_only: bool,
}

#[derive(Debug, Deserialize, TS)]
pub struct ReviewCheckParams {
    #[ts(type = "number")]
    pub check_id: i64,
    pub note: String,
}

/// A background job (`jobs`, `job_status`, `job_cancel`), not a print job.
#[derive(Debug, Deserialize, TS)]
pub struct BackgroundJobParams {
    #[ts(type = "number")]
    pub job_id: u64,
}

#[derive(Debug, Deserialize, TS)]
pub struct OperationsSettingsParams {
    pub settings: crate::service::backup::OperationsSettings,
}

#[derive(Debug, Deserialize, TS)]
pub struct RetentionRuleParams {
    pub rule: crate::store::retention::Rule,
}

/// `reason` set: hold the household; left out or null: lift the hold.
#[derive(Debug, Deserialize, TS)]
pub struct LegalHoldParams {
    #[ts(type = "number")]
    pub household_id: i64,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Hold the household filed under `case_number` (ケース番号), with a reason.
#[derive(Debug, Deserialize, TS)]
pub struct LegalHoldCaseParams {
    pub case_number: String,
    pub reason: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct RetentionRunParams {
    pub plan_digest: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct AccessReviewParams {
    /// `YYYY-MM`; this month when left out.
    #[serde(default)]
    pub month: Option<String>,
}

// --- care aid -------------------------------------------------------------------------------

#[derive(Debug, Deserialize, TS)]
pub struct CareProviderSearchParams {
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub plan_only: bool,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, TS)]
pub struct CareProviderSaveParams {
    pub input: crate::domain::care_aid::provider::ProviderInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct CareProvidersImportParams {
    pub csv_text: String,
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Deserialize, TS)]
pub struct CareSettingsParams {
    pub rule: crate::domain::care_aid::insurance::HNumberRule,
}

#[derive(Debug, Deserialize, TS)]
pub struct CareStatusParams {
    pub input: crate::service::care_aid::CareStatusInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct CareCaseParams {
    pub input: crate::service::care_aid::CareCaseInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct CarePlanParams {
    pub input: crate::service::care_aid::CarePlanInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct CareCaseIdParams {
    #[ts(type = "number")]
    pub case_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct CareDecisionParams {
    pub input: crate::service::decisions::CareDecisionInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct CareRedraftParams {
    #[ts(type = "number")]
    pub decision_id: i64,
    pub input: crate::service::decisions::CareDecisionInput,
    #[serde(default)]
    pub comment: String,
}

// --- medical aid and vouchers (issue 11) -------------------------------------------------------

#[derive(Debug, Deserialize, TS)]
pub struct InstitutionSearchParams {
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub kind: Option<crate::domain::medical_aid::institution::InstitutionKind>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, TS)]
pub struct InstitutionSaveParams {
    pub input: crate::domain::medical_aid::institution::InstitutionInput,
}

#[derive(Debug, Deserialize, TS)]
pub struct InstitutionImportParams {
    /// The CSV file's text (UTF-8).
    pub csv: String,
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Deserialize, TS)]
pub struct CaseIdParams {
    #[ts(type = "number")]
    pub case_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct OpinionSendParams {
    #[ts(type = "number")]
    pub case_id: i64,
    #[ts(type = "number")]
    pub institution_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct OpinionFormsParams {
    #[serde(default)]
    pub state: Option<crate::domain::medical_aid::case::OpinionState>,
}

#[derive(Debug, Deserialize, TS)]
pub struct MedicalRedraftParams {
    #[ts(type = "number")]
    pub decision_id: i64,
    pub input: crate::service::decisions::MedicalDecisionInput,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct VoucherMonthParams {
    /// "medical" (医療券・調剤券).
    pub kind: String,
    /// "YYYY-MM".
    pub month: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct VoucherExcludeParams {
    pub kind: String,
    pub month: String,
    pub key: String,
    pub reason: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct VoucherIncludeParams {
    pub kind: String,
    pub month: String,
    pub key: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct VoucherShareParams {
    pub kind: String,
    pub month: String,
    #[ts(type = "number")]
    pub household_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct VoucherIdParams {
    #[ts(type = "number")]
    pub voucher_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct VoucherReasonParams {
    #[ts(type = "number")]
    pub voucher_id: i64,
    pub reason: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct RequestIdParams {
    #[ts(type = "number")]
    pub request_id: i64,
}

#[derive(Debug, Deserialize, TS)]
pub struct PrintVouchersParams {
    pub kind: String,
    pub month: String,
    /// Only these vouchers (all issued ones of the month when absent).
    #[serde(default)]
    #[ts(type = "number[] | null")]
    pub voucher_ids: Option<Vec<i64>>,
}

#[derive(Debug, Deserialize, TS)]
pub struct RevealMyNumberParams {
    #[ts(type = "number")]
    pub person_id: i64,
    pub purpose: crate::domain::reveal_purpose::RevealPurpose,
}

#[derive(Debug, Deserialize, TS)]
pub struct BackupVerifyParams {
    pub file: String,
    /// This administrator's password as it was when the backup was made.
    pub password: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct BackupRestoreParams {
    pub file: String,
    /// The new database file (must not exist).
    pub to: String,
    pub password: String,
}
