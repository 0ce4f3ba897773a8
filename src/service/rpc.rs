//! The one door the desktop shell opens: `call(method, params)` → JSON, or `{code, message}`,
//! and **the one list of methods** behind it.
//!
//! The list below ([`define_rpc!`]) is the contract: from it come the dispatcher, the
//! TypeScript request and response types and the method map in `ui/src/lib/bindings/`
//! (`RpcMethods.ts`), and the method table in `docs/commands.md`; `tests/bindings.rs` fails when
//! the committed files differ (`make bindings` rewrites them). It lives in the core, not in
//! `src-tauri/`, so every method the UI uses is exercised by tests with no window around it
//! (tests/rpc.rs). The state behind the door is [`Desk`] (`service::desk`).
//!
//! To add a method: write the use case on [`App`](super::App) (it checks the permission), add
//! its params struct to [`params`], add one line to the list with a doc comment saying who may
//! call it, run `make bindings`.

pub mod contract;
pub mod params;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use self::params::*;
use super::exchange::*;
use super::jobs::JobView;
use super::notices::NoticeTemplateView;
use super::views::*;
use super::{registry, ServiceError};
use crate::domain::household::ValidationError;
use crate::domain::office::OfficeSettings;
use crate::domain::stated_reason::ReasonOption;

pub use super::desk::Desk;

/// What the UI receives when a call fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RpcError {
    pub code: String,
    /// For the clerk, in Japanese. For a `VALIDATION` error it is about `field` and the form shows
    /// it under that field, so it does not repeat the field's internal name.
    pub message: String,
    /// The input the core refused (`my_number`, `received_on` …: the name in the request), when
    /// the error is about one.
    #[serde(default)]
    pub field: Option<String>,
}

impl RpcError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        RpcError {
            code: code.into(),
            message: message.into(),
            field: None,
        }
    }
}

impl From<ServiceError> for RpcError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Validation(v) => RpcError {
                code: v.code().into(),
                message: v.message,
                field: Some(v.field.into()),
            },
            e => RpcError::new(e.code(), e.to_string()),
        }
    }
}

impl From<ValidationError> for RpcError {
    fn from(e: ValidationError) -> Self {
        ServiceError::from(e).into()
    }
}

fn no_such_job() -> RpcError {
    RpcError::new(
        "NOT_FOUND",
        "その処理は見つかりません（終了後しばらくすると一覧から消えます）",
    )
}

fn decode<T: DeserializeOwned>(method: &str, params: &Value) -> Result<T, RpcError> {
    let v = if params.is_null() {
        json!({})
    } else {
        params.clone()
    };
    serde_json::from_value(v).map_err(|e| {
        RpcError::new(
            "RPC_BAD_PARAMS",
            format!("画面からの要求（{method}）が正しくありません: {e}"),
        )
    })
}

fn encode<T: Serialize>(v: T) -> Result<Value, RpcError> {
    serde_json::to_value(v).map_err(|e| RpcError::new("RPC_ENCODE", e.to_string()))
}

crate::define_rpc! {
    // --- session -------------------------------------------------------------------------------
    /// none (before login) — version, database path, office name, whether this is the demo database.
    app_info(NoParams) -> AppInfo => |d, _a| d.app_info();
    /// none — 初回設定: whether this PC still needs its office database, suggested folders, a blank office form.
    setup_status(NoParams) -> crate::service::firstrun::SetupStatus => |d, _a| d.setup_status();
    /// none, only while no database exists — checks the wizard's input up to a step (`SETUP_OFFICE` / `SETUP_ADMIN` / `SETUP_FOLDERS` name the step refused); returns the office settings as the core normalised them.
    setup_validate(SetupValidateParams) -> OfficeSettings => |d, a| d.setup_validate(&a.input, a.upto);
    /// none, only while no database exists — creates the office database, its first administrator (logged in), office settings and backup folder; records it as this PC's database.
    setup_create_office(SetupCreateParams) -> SessionInfo => |d, a| d.setup_create_office(&a.input);
    /// none, only while no database exists — 「バックアップから復元」: verifies the backup completely (file, the administrator's password valid when it was made, integrity, audit chain), restores it into the chosen data folder, records it and the backup folder (also the daily backup's) as this PC's, and logs the administrator in; a refused backup leaves nothing.
    setup_restore(SetupRestoreParams) -> SessionInfo => |d, a| d.setup_restore(&a.input);
    /// none, only while no database exists — records an existing database (with its key file) as this PC's; the login follows.
    setup_open_existing(PathParams) -> AppInfo => |d, a| d.setup_open_existing(&a.path);
    /// none — a new login replaces any session.
    login(LoginParams) -> SessionInfo => |d, a| d.login(&a.user_id, &a.password);
    /// – ends the session.
    logout(NoParams) -> () => |d, _a| d.logout();
    /// logged in — locks the screen.
    lock(NoParams) -> () => |d, _a| d.app()?.lock();
    /// the locked user.
    unlock(PasswordParams) -> SessionInfo => |d, a| d.app()?.unlock(&a.password);
    /// logged in (also before the forced change).
    change_password(ChangePasswordParams) -> SessionInfo => |d, a| d.app()?.change_password(&a.old_password, &a.new_password);
    /// logged in — the current session (the UI calls it after a window reload).
    session(NoParams) -> SessionInfo => |d, _a| {
        let app = d.app()?;
        app.deny_if_locked()?;
        app.session_info()
    };
    /// `reveal_my_number`, an account without the My Number key — a holder (another account that may reveal and holds it) types their own password at this desk; audited `reveal_key_grant` with both IDs; the holder's wrong passwords count toward the holder's lockout.
    reveal_key_grant(RevealKeyGrantParams) -> SessionInfo => |d, a| {
        let app = d.app()?;
        app.grant_reveal_key_from(&a.holder_id, &a.holder_password)?;
        app.session_info()
    };
    /// none — the manual's section for a screen (F1), from docs/manual.md, as HTML.
    help(ScreenParams) -> crate::help::HelpView => |_d, a| Ok::<_, RpcError>(crate::help::for_screen(&a.screen));
    /// none — today in the office (日本標準時) as `{ iso, wareki }`: the screens' default dates come from here, never from the browser's clock (which may be in UTC, a day behind until 09:00).
    today(NoParams) -> ParsedDate => |d, _a| Ok::<_, RpcError>(d.today());
    /// none — 和暦 or 西暦 text → `{ iso, wareki }`.
    parse_date(TextParams) -> ParsedDate => |_d, a| registry::parse_date(&a.text);

    // --- registry ------------------------------------------------------------------------------
    /// `view_household` — 窓口検索 (case number, name, kana, birth date, phone); audited (query and count).
    search(SearchParams) -> Vec<SearchHit> => |d, a| d.app()?.search(&a.query, a.limit.unwrap_or(50), true);
    /// `view_household` — before opening: whose case it is and whether a reason is needed (another caseworker's case, not yet opened with one in this session; never for the 査察指導員 or 決裁者); reads only the assignment, not audited.
    case_access(HouseholdIdParams) -> CaseAccessView => |d, a| d.app()?.case_access(a.household_id);
    /// `view_household` (audited as a read, with the reason when given) — another caseworker's case without a reason is refused (`CASE_REASON_REQUIRED`) and nothing is logged; once opened with one it opens, and is edited, without asking again until logout or lock.
    open_household(OpenHouseholdParams) -> HouseholdView => |d, a| d.app()?.open_household_with_reason(a.household_id, a.reason.as_ref());
    /// logged in — counts by status, pending applications, overdue and due-soon deadlines, recent households.
    home(NoParams) -> HomeView => |d, _a| d.app()?.home();
    /// `edit_household` — a blank case number takes the next one of the office's sequence; the household starts 相談中.
    create_household(CreateHouseholdParams) -> HouseholdView => |d, a| d.app()?.create_household(&a.input);
    /// `edit_household` — the case number a blank field would get (`null` before 事務所設定).
    next_case_number(NoParams) -> Option<String> => |d, _a| d.app()?.next_case_number();
    /// `edit_household` (another caseworker's case only after an open with a reason in this session: `CASE_REASON_REQUIRED`).
    update_household(UpdateHouseholdParams) -> HouseholdView => |d, a| d.app()?.update_household(a.household_id, &a.input);
    /// `change_status` — 状態の訂正 with a reason (audited old → new); refused when it would overrule an approved decision (`DECISION_STATE`): status changes come from decisions.
    change_household_status(ChangeStatusParams) -> HouseholdView => |d, a| {
        d.app()?.change_household_status(a.household_id, a.status, &a.effective_date, &a.reason)
    };
    /// `edit_household` (another caseworker's case only after an open with a reason in this session: `CASE_REASON_REQUIRED`).
    add_member(AddMemberParams) -> HouseholdView => |d, a| d.app()?.add_member(a.household_id, &a.input);
    /// `edit_household` (another caseworker's case only after an open with a reason in this session: `CASE_REASON_REQUIRED`).
    update_member(UpdateMemberParams) -> HouseholdView => |d, a| d.app()?.update_member(a.person_id, &a.input);
    /// `edit_household` (another caseworker's case only after an open with a reason in this session: `CASE_REASON_REQUIRED`) — the member leaves the household (kept in the history).
    remove_member(RemoveMemberParams) -> HouseholdView => |d, a| d.app()?.remove_member(a.person_id, &a.reason);
    /// logged in — the purposes a My Number may be shown for (the reveal dialog's list).
    reveal_purposes(NoParams) -> Vec<ReasonOption<crate::domain::reveal_purpose::RevealPurposeKind>> => |d, _a| d.app()?.reveal_purposes();
    /// `reveal_my_number` (audited with the purpose given) — the one permitted view of a My Number.
    reveal_my_number(RevealMyNumberParams) -> MyNumberView => |d, a| {
        d.app()?.reveal_my_number(a.person_id, &a.purpose).map(|my_number| MyNumberView { my_number })
    };

    // --- administration ------------------------------------------------------------------------
    /// logged in.
    list_caseworkers(NoParams) -> Vec<UserSummary> => |d, _a| d.app()?.list_caseworkers();
    /// `manage_users`.
    list_users(NoParams) -> Vec<UserView> => |d, _a| d.app()?.list_users();
    /// `manage_users`.
    add_user(AddUserParams) -> UserView => |d, a| {
        d.app()?.add_user(&a.user_id, &a.display_name, a.role, &a.temporary_password)
    };
    /// `manage_users`.
    reset_password(ResetPasswordParams) -> UserView => |d, a| d.app()?.reset_password(&a.user_id, &a.temporary_password);
    /// `manage_users` (audited old → new) — correct the name or change the role; not one's own role.
    update_user(UpdateUserParams) -> UserView => |d, a| {
        d.app()?.update_user(&a.user_id, &a.display_name, a.role)
    };
    /// `manage_users` — re-enabling needs a new temporary password (the old key slot was deleted).
    set_user_disabled(SetUserDisabledParams) -> UserView => |d, a| {
        d.app()?.set_user_disabled(&a.user_id, a.disabled, a.temporary_password.as_deref())
    };
    /// logged in.
    permission_matrix(NoParams) -> PermissionMatrix => |d, _a| d.app()?.permission_matrix();
    /// logged in.
    get_office(NoParams) -> OfficeSettings => |d, _a| d.app()?.get_office();
    /// `edit_office`.
    save_office(SaveOfficeParams) -> OfficeSettings => |d, a| d.app()?.save_office(&a.settings);
    /// `view_audit`.
    search_audit(AuditSearchParams) -> Vec<AuditEntryView> => |d, a| d.app()?.search_audit(&a.filter);
    /// `view_audit` (audited) — 点検: logins, My Number reveals, exports, prints and households opened per user in a month, with each user's busiest day.
    access_review(AccessReviewParams) -> crate::service::access::AccessReview => |d, a| d.app()?.access_review(a.month.as_deref());
    /// `edit_office` — the daily backup's folder and count, the home screen's alert threshold.
    operations_settings(NoParams) -> crate::service::backup::OperationsSettings => |d, _a| d.app()?.operations_settings();
    /// `edit_office` (audited old → new).
    operations_settings_save(OperationsSettingsParams) -> crate::service::backup::OperationsSettings => |d, a| d.app()?.save_operations_settings(&a.settings);
    /// `manage_users` (audited; the backup holds its own entry, the manifest its anchor) — バックアップ into the configured folder, one self-verifying file.
    backup_now(NoParams) -> crate::service::backup::BackupView => |d, _a| d.app()?.backup_now();
    /// `manage_users` — 復元 panel: the backups of the configured folder, newest first, each checked whole (`problem` when not).
    backup_files(NoParams) -> Vec<crate::service::backup::BackupFileView> => |d, _a| d.app()?.backup_files();
    /// `manage_users` — everything a restore checks, on a private copy, with this administrator's password as it was when the backup was made.
    backup_verify(BackupVerifyParams) -> crate::service::backup::RestoreReport => |d, a| d.app()?.backup_verify(&a.file, &a.password);
    /// `manage_users` (audited here and in the restored copy) — 復元 into a new location only; refused over anything that exists (`RESTORE_TARGET_EXISTS`) and over this database (`RESTORE_OVER_LIVE`).
    backup_restore(BackupRestoreParams) -> crate::service::backup::RestoreReport => |d, a| d.app()?.restore_backup(&a.file, &a.to, &a.password);
    /// `edit_office` (audited) — 保存期間: rules, legal holds, what a deletion run would delete today (`plan_digest`), past deletions.
    retention_view(NoParams) -> crate::service::retention::RetentionView => |d, _a| d.app()?.retention_view();
    /// `edit_office` (audited old → new) — years 1/3/5/10 or null (永久) and the event they count from.
    retention_rule_save(RetentionRuleParams) -> crate::service::retention::RetentionView => |d, a| d.app()?.retention_rule_save(&a.rule);
    /// `edit_office` (audited) — hold a household (a reason) or lift the hold (no reason).
    legal_hold(LegalHoldParams) -> crate::service::retention::RetentionView => |d, a| d.app()?.legal_hold(a.household_id, a.reason.as_deref());
    /// `edit_office` (audited) — the same from the household screen; returns the household.
    household_legal_hold(LegalHoldParams) -> HouseholdView => |d, a| d.app()?.household_legal_hold(a.household_id, a.reason.as_deref());
    /// `edit_office` (audited) — hold the household filed under a ケース番号 (`RETENTION_NO_CASE` when there is none).
    legal_hold_by_case(LegalHoldCaseParams) -> crate::service::retention::RetentionView => |d, a| d.app()?.legal_hold_by_case(&a.case_number, &a.reason);
    /// `edit_office` (audited per record, one transaction) — deletes exactly the plan with this digest; refused (`RETENTION_PLAN_CHANGED`) if the plan changed.
    retention_run(RetentionRunParams) -> crate::service::retention::RetentionRunResult => |d, a| d.app()?.retention_run(&a.plan_digest);
    /// `view_audit` — checks the hash chain of the whole log; `anchored_seq`, `anchor_at`: how far deletions at the end are ruled out.
    verify_audit(NoParams) -> crate::audit::VerifyReport => |d, _a| d.app()?.verify_audit();

    // --- rate sets, situation, calculation -----------------------------------------------------
    /// `view_household`.
    rates_list(NoParams) -> Vec<RateSetSummary> => |d, _a| d.app()?.list_rates();
    /// `manage_rates` (audited) — `files` is { name: contents }; invented figures only with `allow_test_figures`; with `base`, only a supplement of that set (「不足の表を追加」).
    rates_import(RatesImportParams) -> RateSetSummary => |d, a| {
        let files: Vec<(String, String)> = a.files.into_iter().collect();
        d.app()?.import_rates_for(&files, a.allow_test_figures, a.base.as_deref())
    };
    /// `view_household`.
    situation_get(HouseholdIdParams) -> SituationView => |d, a| d.app()?.get_situation(a.household_id);
    /// `edit_household` (audited old → new).
    situation_save(SaveSituationParams) -> SituationView => |d, a| d.app()?.save_situation(a.household_id, &a.input);
    /// `view_household` (audited as a read) — the calculation with the rate set in force on the date.
    calc_household(CalcHouseholdParams) -> CalcView => |d, a| d.app()?.calc_household_view(a.household_id, &a.date);
    /// `view_household` — 試算: a household described at the counter, priced as if registered; nothing about it is stored, the use is audited (docs/rate-tables.md §9).
    calc_trial(CalcTrialParams) -> CalcView => |d, a| d.app()?.calc_trial(&a.input);
    /// `view_household` — 基準改定: national sets a program update brought, with no 一括認定 drafted yet.
    rates_revisions(NoParams) -> Vec<RevisionView> => |d, _a| d.app()?.rate_revisions();
    /// `manage_rates` (audited) — start using the national sets in a database created without them.
    rates_install_national(NoParams) -> Vec<RateSetSummary> => |d, _a| d.app()?.install_national_rates();

    // --- applications --------------------------------------------------------------------------
    /// `edit_household` (audited) — params are the `ApplicationInput` itself.
    application_register(crate::service::decisions::ApplicationInput) -> ApplicationView => |d, a| {
        d.app()?.register_application(&a)
    };
    /// `edit_household` (audited) — 30 days instead of 14; the reason is required.
    application_extend(ApplicationIdReasonParams) -> ApplicationView => |d, a| {
        d.app()?.extend_application(a.application_id, &a.reason)
    };
    /// `edit_household` (audited old → new) — correct the 保護申請書 of an application not yet decided.
    application_form_save(ApplicationFormParams) -> ApplicationView => |d, a| {
        d.app()?.save_application_form(a.application_id, &a.form)
    };
    /// `view_household`.
    applications_for_household(HouseholdIdParams) -> HouseholdApplicationsView => |d, a| {
        d.app()?.applications_for_household(a.household_id)
    };

    // --- decisions -----------------------------------------------------------------------------
    /// `view_household`.
    decision_reasons(NoParams) -> Vec<ReasonView> => |d, _a| d.app()?.list_reasons();
    /// `edit_office` (audited).
    decision_reason_save(SaveReasonParams) -> Vec<ReasonView> => |d, a| d.app()?.save_reason(&a.reason);
    /// `draft_decision` (audited) — 起案.
    decision_draft(DraftDecisionParams) -> DecisionView => |d, a| d.app()?.draft_decision(&a.input);
    /// `draft_decision` (audited) — correct a returned or unreviewed decision.
    decision_redraft(RedraftDecisionParams) -> DecisionView => |d, a| {
        d.app()?.redraft_decision(a.decision_id, &a.input, &a.comment)
    };
    /// `review_decision`, not the drafter — 審査.
    decision_review(DecisionStepParams) -> DecisionView => |d, a| d.app()?.review_decision(a.decision_id, &a.comment);
    /// `approve_decision`, neither drafter nor reviewer — 決裁; only this changes the household.
    decision_approve(DecisionStepParams) -> DecisionView => |d, a| d.app()?.approve_decision(a.decision_id, &a.comment);
    /// `review_decision` (起案中) or `approve_decision` (審査済), not the drafter — 差戻し with a comment.
    decision_return(DecisionStepParams) -> DecisionView => |d, a| d.app()?.return_decision(a.decision_id, &a.comment);
    /// `view_household`.
    decision_get(DecisionIdParams) -> DecisionView => |d, a| d.app()?.get_decision(a.decision_id);
    /// `view_household` (audited) — recompute from the snapshot and the stored rate files, compare.
    decision_reproduce(DecisionIdParams) -> ReproduceReport => |d, a| d.app()?.reproduce_decision(a.decision_id);
    /// `view_household` — newest effective date first.
    decisions_for_household(HouseholdIdParams) -> Vec<DecisionView> => |d, a| {
        d.app()?.decisions_for_household(a.household_id)
    };
    /// `view_household` — drafts to review, reviewed to approve, own returned.
    decision_inbox(NoParams) -> Vec<DecisionView> => |d, _a| d.app()?.decision_inbox();
    /// `draft_decision` (audited) — 一括認定の試算 as a background job: recompute every 保護中 household with the named set; the job's `result` is `BulkPreview` (rows and totals).
    bulk_preview(BulkPreviewParams) -> JobView => |d, a| {
        let jobs = d.jobs.clone();
        d.app()?.bulk_preview_job(&jobs, &a.rate_version, &a.date)
    };
    /// `draft_decision` (audited, one transaction) — 一括認定 as a background job: one draft 変更 per changed amount; the job's `result` is `BulkApplyResult`; a cancel leaves nothing written.
    bulk_apply(BulkApplyParams) -> JobView => |d, a| {
        let jobs = d.jobs.clone();
        d.app()?.bulk_apply_job(&jobs, &a.rate_version, &a.date, &a.reason_text, &a.reason_codes)
    };

    // --- background jobs -----------------------------------------------------------------------
    /// logged in — the user's own background jobs, newest first.
    jobs(NoParams) -> Vec<JobView> => |d, _a| {
        let owner = d.job_owner()?;
        Ok::<_, RpcError>(d.jobs.list(&owner))
    };
    /// logged in, own jobs — progress (`done` of `total`, `message`), then the `result` or the `error`.
    job_status(BackgroundJobParams) -> JobView => |d, a| {
        let owner = d.job_owner()?;
        d.jobs.status(&owner, a.job_id).ok_or_else(no_such_job)
    };
    /// logged in, own jobs — stops the job at its next step; what it had begun to write rolls back (state `cancelled`).
    job_cancel(BackgroundJobParams) -> JobView => |d, a| {
        let owner = d.job_owner()?;
        d.jobs.cancel(&owner, a.job_id).ok_or_else(no_such_job)
    };

    // --- printing ------------------------------------------------------------------------------
    /// `print_document` — what a certificate may state today: the kinds of aid and period of the approved decisions in force, or why none can be issued.
    certificate_options(PersonIdParams) -> CertificateOptionsView => |d, a| d.app()?.certificate_options(a.person_id);
    /// `print_document` — 保護受給証明書 as a queue job (state `generated`); only kinds of aid in force (`PRINT_AID_NOT_DECIDED` otherwise).
    print_certificate(PrintCertificateParams) -> PrintJobView => |d, a| {
        d.app()?.print_certificate(a.person_id, &a.aids, a.purpose.as_deref())
    };
    /// `print_document` — 決定通知書 as a queue job; refused (`DECISION_STATE`) for an unapproved decision unless `draft`.
    print_decision_notice(PrintDecisionNoticeParams) -> PrintJobView => |d, a| {
        let opts = super::notices::NoticeOptions {
            number: a.number,
            date: a.date,
            payment_method: a.payment_method,
            allow_draft: a.draft,
        };
        d.app()?.print_decision_notice_job(a.decision_id, &opts)
    };
    /// `print_document` — 保護決定調書 as a queue job, any state (「案」 until approved).
    print_calculation_sheet(PrintCalculationSheetParams) -> PrintJobView => |d, a| {
        d.app()?.print_calculation_sheet_job(a.decision_id, a.date.as_deref())
    };
    /// `print_document` — newest first.
    print_jobs(PrintJobsParams) -> Vec<PrintJobView> => |d, a| d.app()?.print_jobs(&a.filter);
    /// `print_document` (audited as a preview) — the PDF for the preview.
    print_job_pdf(JobPdfParams) -> PrintPdf => |d, a| {
        use base64::Engine as _;
        d.app()?.print_job_pdf(a.job_id, a.reissue).map(|(pdf, pages)| PrintPdf {
            pdf_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
            pages,
        })
    };
    /// `print_document`.
    printers(NoParams) -> PrintersView => |d, _a| d.app()?.printers();
    /// `print_document` — one result per job; a failed job stays `generated` with `error` set.
    print_jobs_send(SendJobsParams) -> Vec<PrintSendResult> => |d, a| {
        d.app()?.print_jobs_send(&a.job_ids, a.printer.as_deref(), a.copies)
    };
    /// `print_document` — prints the 再発行 version.
    print_job_reprint(ReprintParams) -> PrintSendResult => |d, a| {
        d.app()?.print_job_reprint(a.job_id, a.printer.as_deref(), a.copies)
    };
    /// `print_document` — 交付.
    print_job_deliver(JobIdParams) -> PrintJobView => |d, a| d.app()?.print_job_deliver(a.job_id);
    /// `void_document` — 取消 with a reason.
    print_job_void(VoidJobParams) -> PrintJobView => |d, a| d.app()?.print_job_void(a.job_id, &a.reason);
    /// `print_document` (audited as an export) — into the documents folder …/窓口/, never overwriting.
    print_job_save(JobIdParams) -> SavedFile => |d, a| {
        d.app()?.print_job_save(a.job_id).map(|p| SavedFile { path: p.display().to_string() })
    };
    /// `print_document` — opens the PDF in the system viewer.
    print_job_open(JobIdParams) -> SavedFile => |d, a| {
        d.app()?.print_job_open(a.job_id).map(|p| SavedFile { path: p.display().to_string() })
    };

    // --- medical aid (医療扶助) -----------------------------------------------------------------
    /// `view_household` — 指定医療機関 by code, name or kana (all when the query is empty).
    institutions_search(InstitutionSearchParams) -> Vec<InstitutionView> => |d, a| {
        d.app()?.institutions_search(&a.query, a.kind, a.limit.unwrap_or(100))
    };
    /// `edit_medical_aid` (audited old → new) — register or correct one institution by its code.
    institution_save(InstitutionSaveParams) -> InstitutionView => |d, a| d.app()?.institution_save(&a.input);
    /// `edit_medical_aid` (audited) — CSV import; `dry_run` lists new / changed / unchanged / invalid lines and writes nothing; otherwise nothing is written while any line is invalid.
    institutions_import(InstitutionImportParams) -> InstitutionImportReport => |d, a| d.app()?.institutions_import(&a.csv, a.dry_run);
    /// `edit_medical_aid` (audited) — 医療扶助の申請 for a member.
    medical_case_register(crate::service::medical_aid::cases::MedicalCaseInput) -> MedicalCaseView => |d, a| {
        d.app()?.medical_case_register(&a)
    };
    /// `view_household` (audited as a read) — the household's medical-aid cases with their actions, and whether an application may be registered.
    medical_cases_for_household(HouseholdIdParams) -> HouseholdMedicalView => |d, a| {
        d.app()?.medical_cases_for_household(a.household_id)
    };
    /// `view_household` (audited as a read).
    medical_case_get(CaseIdParams) -> MedicalCaseView => |d, a| d.app()?.medical_case_get(a.case_id);
    /// `edit_medical_aid` (audited old → new) — a 他法 inquiry and its answer.
    other_law_check_save(crate::service::medical_aid::cases::OtherLawInput) -> MedicalCaseView => |d, a| {
        d.app()?.other_law_check_save(&a)
    };
    /// `edit_medical_aid` + `print_document` (audited) — the blank 医療要否意見書 with its header, as a print job; tracked as 送付済.
    opinion_form_send(OpinionSendParams) -> OpinionView => |d, a| d.app()?.opinion_form_send(a.case_id, a.institution_id);
    /// `edit_medical_aid` (audited) — 返送受理 with what the institution wrote.
    opinion_form_return(crate::service::medical_aid::cases::OpinionReturnInput) -> OpinionView => |d, a| {
        d.app()?.opinion_form_return(&a)
    };
    /// `edit_medical_aid` (audited) — the 嘱託医's result (要 with the valid period, 否, 要再照会).
    opinion_form_review(crate::service::medical_aid::cases::OpinionReviewInput) -> OpinionView => |d, a| {
        d.app()?.opinion_form_review(&a)
    };
    /// `view_household` (audited as a read) — the opinion-form list, newest first, optionally by state.
    opinion_forms(OpinionFormsParams) -> Vec<OpinionView> => |d, a| d.app()?.opinion_forms(a.state);
    /// `view_household` (audited as a read) — home-screen warnings: opinions due in 30 days / expired, returns overdue, reviews waiting.
    medical_alerts(NoParams) -> MedicalAlertsView => |d, _a| d.app()?.medical_alerts();
    /// `draft_decision` (audited) — 起案 of a medical-aid decision; review and approval are `decision_review` / `decision_approve`.
    medical_decision_draft(crate::service::decisions::MedicalDecisionInput) -> DecisionView => |d, a| {
        d.app()?.draft_medical_decision(&a)
    };
    /// `draft_decision` (audited) — 再起案 of a returned medical-aid decision, by its drafter.
    medical_decision_redraft(MedicalRedraftParams) -> DecisionView => |d, a| {
        d.app()?.redraft_medical_decision(a.decision_id, &a.input, &a.comment)
    };
    /// `issue_voucher` (audited) — add a one-off 医療券・調剤券 to a month (issued by the next run).
    medical_voucher_request(crate::service::medical_aid::cases::OneOffInput) -> RequestAdded => |d, a| {
        d.app()?.medical_voucher_request(&a).map(|request_id| RequestAdded { request_id })
    };

    // --- monthly vouchers (月次の券) -----------------------------------------------------------
    /// `issue_voucher` (audited) — the month's proposal for review as a background job; the job's `result` is `VoucherProposalView`.
    voucher_propose(VoucherMonthParams) -> JobView => |d, a| {
        let jobs = d.jobs.clone();
        d.app()?.voucher_propose_job(&jobs, &a.kind, &a.month)
    };
    /// `issue_voucher` (audited per chunk) — issue what is due as a background job with progress; the job's `result` is `RunResult`. Re-running issues only what is missing.
    voucher_issue(VoucherMonthParams) -> JobView => |d, a| {
        let jobs = d.jobs.clone();
        d.app()?.voucher_issue_job(&jobs, &a.kind, &a.month)
    };
    /// `issue_voucher` (audited) — leave a due voucher out of this month's run, with a reason.
    voucher_exclude(VoucherExcludeParams) -> () => |d, a| d.app()?.voucher_exclude(&a.kind, &a.month, &a.key, &a.reason);
    /// `issue_voucher` (audited) — put an excluded voucher back.
    voucher_include(VoucherIncludeParams) -> () => |d, a| d.app()?.voucher_include(&a.kind, &a.month, &a.key);
    /// `issue_voucher` (audited) — withdraw a one-off not yet issued.
    voucher_request_cancel(RequestIdParams) -> () => |d, a| d.app()?.voucher_request_cancel(a.request_id);
    /// `draft_decision` (audited) — 本人支払額の確定 for the household's month, from the calculation; returns the yen.
    voucher_share_fix(VoucherShareParams) -> ShareFixed => |d, a| {
        d.app()?.voucher_share_fix(&a.kind, a.household_id, &a.month).map(|share_yen| ShareFixed { share_yen })
    };
    /// `view_household` (audited as a read) — the month's vouchers by provider, each with its events and actions.
    vouchers_for_month(VoucherMonthParams) -> Vec<VoucherView> => |d, a| d.app()?.vouchers_for_month(&a.kind, &a.month);
    /// `view_household`.
    voucher_get(VoucherIdParams) -> VoucherView => |d, a| d.app()?.voucher_get(a.voucher_id);
    /// `issue_voucher` (audited) — 取消 with a reason; kept in the ledger; an online-eligibility record says it is void.
    voucher_void(VoucherReasonParams) -> VoucherView => |d, a| d.app()?.voucher_void(a.voucher_id, &a.reason);
    /// `issue_voucher` (audited) — 再交付: a new voucher marked 再交付 (an issued original is voided first); returns the new one.
    voucher_reissue(VoucherReasonParams) -> VoucherView => |d, a| d.app()?.voucher_reissue(a.voucher_id, &a.reason);
    /// `view_household` (audited as a read) — 交付処理簿 of a month.
    voucher_ledger(VoucherMonthParams) -> LedgerView => |d, a| d.app()?.voucher_ledger(&a.kind, &a.month);
    /// `view_household` — the vouchers an approved 停止・廃止 (or the end of medical aid) clipped or voided, with the institutions to tell.
    decision_voucher_changes(DecisionIdParams) -> Vec<VoucherChangeView> => |d, a| d.app()?.decision_voucher_changes(a.decision_id);
    /// `print_document` — the month's issued vouchers (or `voucher_ids`) as one print job, sorted by institution.
    print_vouchers(PrintVouchersParams) -> PrintJobView => |d, a| {
        d.app()?.print_vouchers(&a.kind, &a.month, a.voucher_ids.as_deref())
    };
    /// `print_document` — the month's 交付処理簿 as a print job.
    print_voucher_ledger(VoucherMonthParams) -> PrintJobView => |d, a| d.app()?.print_voucher_ledger(&a.kind, &a.month);
    // --- exchange with the intermediate servers -------------------------------------------------
    /// `view_household` — per channel: pending, sent, accepted, errors, oldest pending, last export/import (counts only).
    exchange_status(NoParams) -> Vec<crate::exchange::status::ChannelStatus> => |d, _a| d.app()?.exchange_status();
    /// `exchange_files` (audited; 媒体管理簿) — one batch of the channel to `dir` on a registered medium, as a background job (result `ExportedView`); resumes an interrupted one; a cancel leaves no file and no change.
    exchange_export(ExchangeExportParams) -> JobView => |d, a| {
        let jobs = d.jobs.clone();
        d.app()?.exchange_export_job(&jobs, a.channel, &a.medium_id, &a.dir)
    };
    /// `exchange_files` (audited) — drops an interrupted export (its files are removed from the folder if reachable).
    exchange_cancel_export(ChannelParams) -> CancelledView => |d, a| {
        d.app()?.exchange_cancel_export(a.channel).map(|seq| CancelledView { channel: a.channel, seq })
    };
    /// `exchange_files` (audited; 媒体管理簿) — every result file in `dir`, in order, as a background job (result `ImportReport`); a refused file stops the run (`refused_code`, `refused_message`) and changes nothing.
    exchange_import(DirParams) -> JobView => |d, a| {
        let jobs = d.jobs.clone();
        d.app()?.exchange_import_job(&jobs, &a.dir)
    };
    /// `exchange_files` (audited as a read) — 連携エラー一覧: person, field at fault (日本語), where to correct it.
    exchange_errors(ChannelFilterParams) -> Vec<OutboxItemView> => |d, a| d.app()?.exchange_errors(a.channel);
    /// `exchange_files` (audited) — 再送: an エラー record back to 再送待ち with the registry's current data.
    exchange_requeue(RequeueParams) -> OutboxItemView => |d, a| d.app()?.exchange_requeue(a.outbox_id, a.note.as_deref());
    /// `view_household` — a household's exchange records, all channels.
    exchange_for_household(HouseholdIdParams) -> Vec<OutboxItemView> => |d, a| d.app()?.exchange_for_household(a.household_id);
    /// `exchange_files` — newest first; `can_erase` offers the erasure of a confirmed batch.
    exchange_batches(NoParams) -> Vec<BatchView> => |d, _a| d.app()?.exchange_batches(200);
    /// `exchange_files` (audited; 媒体管理簿) — erase a confirmed batch's files from its medium.
    exchange_erase_batch(BatchIdParams) -> ErasedView => |d, a| d.app()?.exchange_erase_batch(a.batch_id).map(ErasedView::from);
    /// `exchange_files` or `manage_media` — the approved media.
    exchange_media(NoParams) -> Vec<MediumView> => |d, _a| d.app()?.exchange_media();
    /// `manage_media` (audited) — approve a medium.
    exchange_register_medium(RegisterMediumParams) -> MediumView => |d, a| d.app()?.exchange_register_medium(&a.medium_id, &a.label);
    /// `manage_media` (audited) — retire a medium (no more exports to it).
    exchange_retire_medium(MediumIdParams) -> MediumView => |d, a| d.app()?.exchange_retire_medium(&a.medium_id);
    /// `exchange_files`, `manage_media` or `view_audit` — 媒体管理簿, newest first.
    exchange_media_register(NoParams) -> Vec<RegisterEntryView> => |d, _a| d.app()?.exchange_media_register(1000);
    /// `exchange_files` — 確認リスト (changed or blank My Numbers, masked; answers that do not match).
    exchange_checks(ChecksParams) -> Vec<CheckView> => |d, a| d.app()?.exchange_checks(a.open_only);
    /// `exchange_files` (audited) — mark a 確認リスト line confirmed, with what was found.
    exchange_review_check(ReviewCheckParams) -> () => |d, a| d.app()?.exchange_review_check(a.check_id, &a.note);
    /// `exchange_files` (audited as a print) — the 確認リスト as a PDF.
    exchange_check_list_pdf(ChecksParams) -> PrintPdf => |d, a| {
        use base64::Engine as _;
        d.app()?.exchange_check_list_pdf(a.open_only).map(|pdf| PrintPdf {
            pages: lopdf::Document::load_mem(&pdf).map(|p| p.get_pages().len() as i64).unwrap_or(0),
            pdf_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
        })
    };
    /// `exchange_files` (audited as a preview) — opens the 確認リスト PDF in the system viewer to print it (a private temporary file, removed when the session ends).
    exchange_check_list_open(ChecksParams) -> SavedFile => |d, a| {
        d.app()?.exchange_check_list_open(a.open_only).map(|p| SavedFile { path: p.display().to_string() })
    };
    /// logged in — the inquiry form's agencies, their information and the procedures.
    inquiry_catalog(NoParams) -> InquiryCatalog => |d, _a| d.app()?.inquiry_catalog();
    /// `request_inquiry` (audited) — 情報照会 queued on the inquiry channel; params are the `InquiryInput` itself.
    inquiry_request(InquiryInput) -> InquiryView => |d, a| d.app()?.request_inquiry(&a);
    /// `view_household` — a household's inquiries, newest first.
    inquiries_for_household(HouseholdIdParams) -> Vec<InquiryView> => |d, a| d.app()?.inquiries_for_household(a.household_id);
    /// `view_household` (audited as a read) — 調査記録: inquiry answers with agency and date.
    investigation_record(HouseholdIdParams) -> Vec<InvestigationView> => |d, a| d.app()?.investigation_record(a.household_id);

    // --- notice wording ------------------------------------------------------------------------
    /// logged in — 6, in key order.
    notice_templates_list(NoParams) -> Vec<NoticeTemplateView> => |d, _a| d.app()?.list_notice_templates();
    /// logged in.
    notice_template_get(TemplateKeyParams) -> NoticeTemplateView => |d, a| d.app()?.get_notice_template(a.key);
    /// `edit_office` (audited old → new).
    notice_template_save(SaveTemplateParams) -> NoticeTemplateView => |d, a| {
        d.app()?.save_notice_template(a.key, &a.text)
    };

    // --- care aid (介護扶助) --------------------------------------------------------------------
    /// `view_household` — 事業所番号, name or カナ (all when empty); `plan_only` for 居宅介護支援事業者.
    care_providers_search(CareProviderSearchParams) -> Vec<CareProviderView> => |d, a| {
        d.app()?.care_providers_search(&a.query, a.plan_only, a.limit.unwrap_or(200))
    };
    /// `issue_voucher` (audited old → new) — register or correct one provider by its 事業所番号; a letter 事業所区分 is kept with `number_warning`.
    care_provider_save(CareProviderSaveParams) -> CareProviderView => |d, a| d.app()?.care_provider_save(&a.input);
    /// `issue_voucher` (audited) — CSV import; `dry_run` writes nothing; any line in error writes nothing.
    care_providers_import(CareProvidersImportParams) -> ProviderImportReport => |d, a| {
        d.app()?.care_providers_import(&a.csv_text, a.dry_run)
    };
    /// `view_household` — the H-number rule (the default until the office sets one).
    care_settings_get(NoParams) -> crate::service::care_aid::CareSettingsView => |d, _a| d.app()?.care_settings_get();
    /// `edit_office` (audited old → new) — the office's H-number rule.
    care_settings_save(CareSettingsParams) -> crate::service::care_aid::CareSettingsView => |d, a| d.app()?.care_settings_save(&a.rule);
    /// `edit_household` (audited) — a 介護保険 status from a date; the H-number is kept, carried or given; the premium goes into the 認定状況.
    care_status_save(CareStatusParams) -> CareStatusView => |d, a| d.app()?.care_status_save(&a.input);
    /// `view_household` (audited as a read) — a person's status records, oldest first, with their warnings.
    care_status_history(PersonIdParams) -> Vec<CareStatusView> => |d, a| d.app()?.care_status_history(a.person_id);
    /// `edit_household` (audited) — 介護扶助の申請; one open case per person.
    care_case_register(CareCaseParams) -> CareCaseView => |d, a| d.app()?.care_case_register(&a.input);
    /// `edit_household` (audited) — a care plan received from a 居宅介護支援事業者.
    care_plan_record(CarePlanParams) -> CareCaseView => |d, a| d.app()?.care_plan_record(&a.input);
    /// `view_household` (audited as a read) — the case with its status, plans, decisions, what a 開始 still needs and the actions offered.
    care_case_get(CareCaseIdParams) -> CareCaseView => |d, a| d.app()?.care_case_get(a.case_id);
    /// `view_household` (audited as a read) — the cases and whether an application may be taken.
    care_cases_for_household(HouseholdIdParams) -> crate::service::views::HouseholdCareView => |d, a| d.app()?.care_cases_for_household(a.household_id);
    /// `view_household` (audited as a read) — 認定 ending or ended, 65th birthdays, missing status or plan.
    care_alerts(NoParams) -> Vec<CareAlertView> => |d, _a| d.app()?.care_alerts();
    /// `draft_decision` (audited) — 介護扶助の開始・変更・廃止・却下 into the ordinary workflow (then `decision_review` / `decision_approve`).
    care_decision_draft(CareDecisionParams) -> DecisionView => |d, a| d.app()?.draft_care_decision(&a.input);
    /// `draft_decision`, the drafter of a returned care decision (audited).
    care_decision_redraft(CareRedraftParams) -> DecisionView => |d, a| {
        d.app()?.redraft_care_decision(a.decision_id, &a.input, &a.comment)
    };
}
