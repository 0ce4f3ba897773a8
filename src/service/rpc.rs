//! The one door the desktop shell opens: `call(method, params)` → JSON, or `{code, message}`.
//!
//! It lives in the core, not in `src-tauri/`, so that every method the UI uses is exercised by
//! tests with no window around it (see tests/rpc.rs). The shell holds a [`Desk`] behind a mutex
//! and forwards the `rpc` command here; docs/commands.md is the contract.

use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::decisions::{ApplicationInput, DecisionInput};
use super::views::{AppInfo, AuditQuery, PrintJobFilter, PrintPdf, ReasonView, SavedFile};
use super::{registry, App, Clock, PrinterFactory, ServiceError};
use crate::domain::decision::SituationInput;
use crate::domain::household::{HouseholdInput, HouseholdStatus, MemberInput, ValidationError};
use crate::domain::office::OfficeSettings;
use crate::domain::role::Role;
use crate::print::AidKind;

/// What the UI receives when a call fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct RpcError {
    pub code: String,
    pub message: String,
}

impl From<ServiceError> for RpcError {
    fn from(e: ServiceError) -> Self {
        RpcError {
            code: e.code().into(),
            message: e.to_string(),
        }
    }
}

impl From<ValidationError> for RpcError {
    fn from(e: ValidationError) -> Self {
        ServiceError::from(e).into()
    }
}

fn bad_params(method: &str, e: serde_json::Error) -> RpcError {
    RpcError {
        code: "RPC_BAD_PARAMS".into(),
        message: format!("画面からの要求（{method}）が正しくありません: {e}"),
    }
}

/// The desk: the database this window works on, and the session if someone is logged in.
pub struct Desk {
    db: PathBuf,
    clock: Clock,
    app: Option<App>,
    /// The print path each session gets (CUPS unless replaced).
    printer: PrinterFactory,
    /// Where 「保存」 writes; `None` = the user's documents folder + 窓口.
    documents_dir: Option<PathBuf>,
    /// When the UI last asked for something: the core locks an idle session itself, so a UI
    /// whose timer was bypassed or frozen still cannot read past the idle limit.
    last_activity: Option<chrono::DateTime<chrono::FixedOffset>>,
}

#[derive(Deserialize)]
struct Login {
    user_id: String,
    password: String,
}
#[derive(Deserialize)]
struct Password {
    password: String,
}
#[derive(Deserialize)]
struct ChangePassword {
    old_password: String,
    new_password: String,
}
#[derive(Deserialize)]
struct Text {
    text: String,
}
#[derive(Deserialize)]
struct Search {
    query: String,
    limit: Option<usize>,
}
#[derive(Deserialize)]
struct HouseholdId {
    household_id: i64,
}
#[derive(Deserialize)]
struct UpdateHousehold {
    household_id: i64,
    input: HouseholdInput,
}
#[derive(Deserialize)]
struct CreateHousehold {
    input: HouseholdInput,
}
#[derive(Deserialize)]
struct ChangeStatus {
    household_id: i64,
    status: HouseholdStatus,
    effective_date: String,
    reason: String,
}
#[derive(Deserialize)]
struct AddMember {
    household_id: i64,
    input: MemberInput,
}
#[derive(Deserialize)]
struct UpdateMember {
    person_id: i64,
    input: MemberInput,
}
#[derive(Deserialize)]
struct RemoveMember {
    person_id: i64,
    reason: String,
}
#[derive(Deserialize)]
struct PersonId {
    person_id: i64,
}
#[derive(Deserialize)]
struct AddUser {
    user_id: String,
    display_name: String,
    role: Role,
    temporary_password: String,
}
#[derive(Deserialize)]
struct ResetPassword {
    user_id: String,
    temporary_password: String,
}
#[derive(Deserialize)]
struct SetDisabled {
    user_id: String,
    disabled: bool,
    temporary_password: Option<String>,
}
#[derive(Deserialize)]
struct SaveOffice {
    settings: OfficeSettings,
}
#[derive(Deserialize)]
struct AuditSearch {
    filter: AuditQuery,
}
#[derive(Deserialize)]
struct RatesImport {
    /// {file name: contents}
    files: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    allow_test_figures: bool,
}
#[derive(Deserialize)]
struct SaveSituation {
    household_id: i64,
    input: SituationInput,
}
#[derive(Deserialize)]
struct CalcHousehold {
    household_id: i64,
    date: String,
}
#[derive(Deserialize)]
struct ExtendApplication {
    application_id: i64,
    reason: String,
}
#[derive(Deserialize)]
struct DraftDecision {
    input: DecisionInput,
}
#[derive(Deserialize)]
struct RedraftDecision {
    decision_id: i64,
    input: DecisionInput,
    #[serde(default)]
    comment: String,
}
#[derive(Deserialize)]
struct DecisionStep {
    decision_id: i64,
    #[serde(default)]
    comment: String,
}
#[derive(Deserialize)]
struct DecisionId {
    decision_id: i64,
}
#[derive(Deserialize)]
struct BulkPreview {
    rate_version: String,
    date: String,
}
#[derive(Deserialize)]
struct BulkApply {
    rate_version: String,
    date: String,
    #[serde(default)]
    reason_text: String,
    #[serde(default)]
    reason_codes: Vec<String>,
}
#[derive(Deserialize)]
struct TemplateKeyParam {
    key: crate::domain::notice::TemplateKey,
}
#[derive(Deserialize)]
struct SaveTemplate {
    key: crate::domain::notice::TemplateKey,
    text: String,
}
#[derive(Deserialize)]
struct SaveReason {
    reason: ReasonView,
}
#[derive(Deserialize)]
struct PrintCertificate {
    person_id: i64,
    aids: Vec<AidKind>,
    purpose: Option<String>,
}
#[derive(Deserialize)]
struct PrintDecisionNotice {
    decision_id: i64,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    payment_method: Option<String>,
    #[serde(default)]
    draft: bool,
}
#[derive(Deserialize)]
struct PrintCalculationSheet {
    decision_id: i64,
    #[serde(default)]
    date: Option<String>,
}
#[derive(Deserialize)]
struct PrintJobsQuery {
    #[serde(default)]
    filter: PrintJobFilter,
}
#[derive(Deserialize)]
struct JobId {
    job_id: i64,
}
#[derive(Deserialize)]
struct JobPdf {
    job_id: i64,
    #[serde(default)]
    reissue: bool,
}
#[derive(Deserialize)]
struct SendJobs {
    job_ids: Vec<i64>,
    printer: Option<String>,
    copies: u32,
}
#[derive(Deserialize)]
struct Reprint {
    job_id: i64,
    printer: Option<String>,
    copies: u32,
}
#[derive(Deserialize)]
struct VoidJob {
    job_id: i64,
    reason: String,
}

fn p<T: DeserializeOwned>(method: &str, params: &Value) -> Result<T, RpcError> {
    let v = if params.is_null() {
        json!({})
    } else {
        params.clone()
    };
    serde_json::from_value(v).map_err(|e| bad_params(method, e))
}

fn ok<T: Serialize>(v: T) -> Result<Value, RpcError> {
    serde_json::to_value(v).map_err(|e| RpcError {
        code: "RPC_ENCODE".into(),
        message: e.to_string(),
    })
}

impl Desk {
    pub fn new(db: PathBuf, clock: Clock) -> Desk {
        Desk {
            db,
            clock,
            app: None,
            last_activity: None,
            printer: super::system_printer(),
            documents_dir: None,
        }
    }

    /// Give every later session this print path (tests: fake CUPS tools).
    pub fn set_printer_factory(&mut self, printer: PrinterFactory) {
        self.printer = printer;
        if let Some(app) = self.app.as_mut() {
            app.set_printer((self.printer)());
        }
    }

    /// Save PDFs into `dir` instead of the user's documents folder + 窓口.
    pub fn set_documents_dir(&mut self, dir: Option<PathBuf>) {
        self.documents_dir = dir.clone();
        if let Some(app) = self.app.as_mut() {
            app.set_documents_dir(dir);
        }
    }

    pub fn is_logged_in(&self) -> bool {
        self.app.is_some()
    }

    fn app(&mut self) -> Result<&mut App, RpcError> {
        self.app
            .as_mut()
            .ok_or_else(|| ServiceError::NotLoggedIn.into())
    }

    /// Lock the session if it has been idle longer than the office allows.
    fn enforce_idle_lock(&mut self, method: &str) -> Result<(), RpcError> {
        let now = (self.clock)();
        let exempt = matches!(
            method,
            "app_info" | "login" | "logout" | "unlock" | "parse_date"
        );
        if let (Some(app), Some(last), false) = (self.app.as_mut(), self.last_activity, exempt) {
            let limit = app
                .session_info()
                .map(|s| s.idle_lock_minutes)
                .unwrap_or(10) as i64;
            if !app.is_locked() && now - last > chrono::Duration::minutes(limit) {
                app.lock()?;
            }
        }
        if !matches!(method, "app_info" | "parse_date") {
            self.last_activity = Some(now);
        }
        Ok(())
    }

    pub fn call(&mut self, method: &str, params: &Value) -> Result<Value, RpcError> {
        self.enforce_idle_lock(method)?;
        match method {
            "app_info" => {
                let office_name = self
                    .app
                    .as_ref()
                    .and_then(|a| crate::store::office::get(a.store().conn()).ok().flatten())
                    .map(|o| o.office_name);
                let is_demo =
                    crate::store::keyslots::KeyFile::load(&crate::store::side_file_path(&self.db))
                        .map(|kf| kf.slot(crate::demo::DEMO_ADMIN).is_some())
                        .unwrap_or(false);
                ok(AppInfo {
                    version: crate::VERSION.into(),
                    db_path: self.db.display().to_string(),
                    office_name,
                    is_demo,
                })
            }
            "login" => {
                let a: Login = p(method, params)?;
                if let Some(old) = self.app.take() {
                    let _ = old.logout();
                }
                let mut app =
                    App::login_with_clock(&self.db, &a.user_id, &a.password, self.clock.clone())?;
                app.set_printer((self.printer)());
                app.set_documents_dir(self.documents_dir.clone());
                let info = app.session_info()?;
                self.app = Some(app);
                ok(info)
            }
            "logout" => {
                if let Some(app) = self.app.take() {
                    app.logout()?;
                }
                ok(Value::Null)
            }
            "lock" => {
                self.app()?.lock()?;
                ok(Value::Null)
            }
            "unlock" => {
                let a: Password = p(method, params)?;
                ok(self.app()?.unlock(&a.password)?)
            }
            "change_password" => {
                let a: ChangePassword = p(method, params)?;
                ok(self
                    .app()?
                    .change_password(&a.old_password, &a.new_password)?)
            }
            "session" => {
                let app = self.app()?;
                app.deny_if_locked()?;
                ok(app.session_info()?)
            }
            "parse_date" => {
                let a: Text = p(method, params)?;
                ok(registry::parse_date(&a.text)?)
            }
            "search" => {
                let a: Search = p(method, params)?;
                ok(self.app()?.search(&a.query, a.limit.unwrap_or(50), true)?)
            }
            "open_household" => {
                let a: HouseholdId = p(method, params)?;
                ok(self.app()?.open_household(a.household_id)?)
            }
            "home" => ok(self.app()?.home()?),
            "create_household" => {
                let a: CreateHousehold = p(method, params)?;
                ok(self.app()?.create_household(&a.input)?)
            }
            "update_household" => {
                let a: UpdateHousehold = p(method, params)?;
                ok(self.app()?.update_household(a.household_id, &a.input)?)
            }
            "change_household_status" => {
                let a: ChangeStatus = p(method, params)?;
                ok(self.app()?.change_household_status(
                    a.household_id,
                    a.status,
                    &a.effective_date,
                    &a.reason,
                )?)
            }
            "add_member" => {
                let a: AddMember = p(method, params)?;
                ok(self.app()?.add_member(a.household_id, &a.input)?)
            }
            "update_member" => {
                let a: UpdateMember = p(method, params)?;
                ok(self.app()?.update_member(a.person_id, &a.input)?)
            }
            "remove_member" => {
                let a: RemoveMember = p(method, params)?;
                ok(self.app()?.remove_member(a.person_id, &a.reason)?)
            }
            "reveal_my_number" => {
                let a: PersonId = p(method, params)?;
                ok(json!({ "my_number": self.app()?.reveal_my_number(a.person_id)? }))
            }
            "list_caseworkers" => ok(self.app()?.list_caseworkers()?),
            "list_users" => ok(self.app()?.list_users()?),
            "add_user" => {
                let a: AddUser = p(method, params)?;
                ok(self.app()?.add_user(
                    &a.user_id,
                    &a.display_name,
                    a.role,
                    &a.temporary_password,
                )?)
            }
            "reset_password" => {
                let a: ResetPassword = p(method, params)?;
                ok(self
                    .app()?
                    .reset_password(&a.user_id, &a.temporary_password)?)
            }
            "set_user_disabled" => {
                let a: SetDisabled = p(method, params)?;
                ok(self.app()?.set_user_disabled(
                    &a.user_id,
                    a.disabled,
                    a.temporary_password.as_deref(),
                )?)
            }
            "permission_matrix" => ok(self.app()?.permission_matrix()?),
            "get_office" => ok(self.app()?.get_office()?),
            "save_office" => {
                let a: SaveOffice = p(method, params)?;
                ok(self.app()?.save_office(&a.settings)?)
            }
            "search_audit" => {
                let a: AuditSearch = p(method, params)?;
                ok(self.app()?.search_audit(&a.filter)?)
            }
            "verify_audit" => ok(self.app()?.verify_audit()?),
            "rates_list" => ok(self.app()?.list_rates()?),
            "rates_import" => {
                let a: RatesImport = p(method, params)?;
                let files: Vec<(String, String)> = a.files.into_iter().collect();
                ok(self.app()?.import_rates(&files, a.allow_test_figures)?)
            }
            "situation_get" => {
                let a: HouseholdId = p(method, params)?;
                ok(self.app()?.get_situation(a.household_id)?)
            }
            "situation_save" => {
                let a: SaveSituation = p(method, params)?;
                ok(self.app()?.save_situation(a.household_id, &a.input)?)
            }
            "calc_household" => {
                let a: CalcHousehold = p(method, params)?;
                ok(self.app()?.calc_household_view(a.household_id, &a.date)?)
            }
            "application_register" => {
                let a: ApplicationInput = p(method, params)?;
                ok(self.app()?.register_application(&a)?)
            }
            "application_extend" => {
                let a: ExtendApplication = p(method, params)?;
                ok(self
                    .app()?
                    .extend_application(a.application_id, &a.reason)?)
            }
            "applications_for_household" => {
                let a: HouseholdId = p(method, params)?;
                ok(self.app()?.applications_for_household(a.household_id)?)
            }
            "decision_reasons" => ok(self.app()?.list_reasons()?),
            "decision_reason_save" => {
                let a: SaveReason = p(method, params)?;
                ok(self.app()?.save_reason(&a.reason)?)
            }
            "decision_draft" => {
                let a: DraftDecision = p(method, params)?;
                ok(self.app()?.draft_decision(&a.input)?)
            }
            "decision_redraft" => {
                let a: RedraftDecision = p(method, params)?;
                ok(self
                    .app()?
                    .redraft_decision(a.decision_id, &a.input, &a.comment)?)
            }
            "decision_review" => {
                let a: DecisionStep = p(method, params)?;
                ok(self.app()?.review_decision(a.decision_id, &a.comment)?)
            }
            "decision_approve" => {
                let a: DecisionStep = p(method, params)?;
                ok(self.app()?.approve_decision(a.decision_id, &a.comment)?)
            }
            "decision_return" => {
                let a: DecisionStep = p(method, params)?;
                ok(self.app()?.return_decision(a.decision_id, &a.comment)?)
            }
            "decision_get" => {
                let a: DecisionId = p(method, params)?;
                ok(self.app()?.get_decision(a.decision_id)?)
            }
            "decision_reproduce" => {
                let a: DecisionId = p(method, params)?;
                ok(self.app()?.reproduce_decision(a.decision_id)?)
            }
            "decisions_for_household" => {
                let a: HouseholdId = p(method, params)?;
                ok(self.app()?.decisions_for_household(a.household_id)?)
            }
            "decision_inbox" => ok(self.app()?.decision_inbox()?),
            "bulk_preview" => {
                let a: BulkPreview = p(method, params)?;
                ok(self.app()?.bulk_preview(&a.rate_version, &a.date)?)
            }
            "bulk_apply" => {
                let a: BulkApply = p(method, params)?;
                ok(self.app()?.bulk_apply(
                    &a.rate_version,
                    &a.date,
                    &a.reason_text,
                    &a.reason_codes,
                )?)
            }
            "print_certificate" => {
                let a: PrintCertificate = p(method, params)?;
                ok(self
                    .app()?
                    .print_certificate(a.person_id, &a.aids, a.purpose.as_deref())?)
            }
            "print_decision_notice" => {
                let a: PrintDecisionNotice = p(method, params)?;
                let opts = super::notices::NoticeOptions {
                    number: a.number,
                    date: a.date,
                    payment_method: a.payment_method,
                    allow_draft: a.draft,
                };
                ok(self
                    .app()?
                    .print_decision_notice_job(a.decision_id, &opts)?)
            }
            "print_calculation_sheet" => {
                let a: PrintCalculationSheet = p(method, params)?;
                ok(self
                    .app()?
                    .print_calculation_sheet_job(a.decision_id, a.date.as_deref())?)
            }
            "print_jobs" => {
                let a: PrintJobsQuery = p(method, params)?;
                ok(self.app()?.print_jobs(&a.filter)?)
            }
            "print_job_pdf" => {
                use base64::Engine as _;
                let a: JobPdf = p(method, params)?;
                let (pdf, pages) = self.app()?.print_job_pdf(a.job_id, a.reissue)?;
                ok(PrintPdf {
                    pdf_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
                    pages,
                })
            }
            "printers" => ok(self.app()?.printers()?),
            "print_jobs_send" => {
                let a: SendJobs = p(method, params)?;
                ok(self
                    .app()?
                    .print_jobs_send(&a.job_ids, a.printer.as_deref(), a.copies)?)
            }
            "print_job_reprint" => {
                let a: Reprint = p(method, params)?;
                ok(self
                    .app()?
                    .print_job_reprint(a.job_id, a.printer.as_deref(), a.copies)?)
            }
            "print_job_deliver" => {
                let a: JobId = p(method, params)?;
                ok(self.app()?.print_job_deliver(a.job_id)?)
            }
            "print_job_void" => {
                let a: VoidJob = p(method, params)?;
                ok(self.app()?.print_job_void(a.job_id, &a.reason)?)
            }
            "print_job_save" => {
                let a: JobId = p(method, params)?;
                ok(SavedFile {
                    path: self.app()?.print_job_save(a.job_id)?.display().to_string(),
                })
            }
            "print_job_open" => {
                let a: JobId = p(method, params)?;
                ok(SavedFile {
                    path: self.app()?.print_job_open(a.job_id)?.display().to_string(),
                })
            }
            "notice_templates_list" => ok(self.app()?.list_notice_templates()?),
            "notice_template_get" => {
                let a: TemplateKeyParam = p(method, params)?;
                ok(self.app()?.get_notice_template(a.key)?)
            }
            "notice_template_save" => {
                let a: SaveTemplate = p(method, params)?;
                ok(self.app()?.save_notice_template(a.key, &a.text)?)
            }
            other => Err(RpcError {
                code: "RPC_UNKNOWN_METHOD".into(),
                message: format!("不明な要求です: {other}"),
            }),
        }
    }
}
