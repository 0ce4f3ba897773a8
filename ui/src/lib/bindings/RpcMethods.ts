// Generated from the RPC list in src/service/rpc.rs (define_rpc!) by `make bindings`.
// Do not edit: `make test` fails when this file differs from the list.
import type { AccessReview } from "./AccessReview";
import type { AccessReviewParams } from "./AccessReviewParams";
import type { AddMemberParams } from "./AddMemberParams";
import type { AddUserParams } from "./AddUserParams";
import type { AppInfo } from "./AppInfo";
import type { ApplicationFormParams } from "./ApplicationFormParams";
import type { ApplicationIdReasonParams } from "./ApplicationIdReasonParams";
import type { ApplicationInput } from "./ApplicationInput";
import type { ApplicationView } from "./ApplicationView";
import type { AuditEntryView } from "./AuditEntryView";
import type { AuditSearchParams } from "./AuditSearchParams";
import type { BackgroundJobParams } from "./BackgroundJobParams";
import type { BackupFileView } from "./BackupFileView";
import type { BackupRestoreParams } from "./BackupRestoreParams";
import type { BackupVerifyParams } from "./BackupVerifyParams";
import type { BackupView } from "./BackupView";
import type { BatchIdParams } from "./BatchIdParams";
import type { BatchView } from "./BatchView";
import type { BulkApplyParams } from "./BulkApplyParams";
import type { BulkPreviewParams } from "./BulkPreviewParams";
import type { CalcHouseholdParams } from "./CalcHouseholdParams";
import type { CalcTrialParams } from "./CalcTrialParams";
import type { CalcView } from "./CalcView";
import type { CancelledView } from "./CancelledView";
import type { CareAlertView } from "./CareAlertView";
import type { CareCaseIdParams } from "./CareCaseIdParams";
import type { CareCaseParams } from "./CareCaseParams";
import type { CareCaseView } from "./CareCaseView";
import type { CareDecisionParams } from "./CareDecisionParams";
import type { CarePlanParams } from "./CarePlanParams";
import type { CareProviderSaveParams } from "./CareProviderSaveParams";
import type { CareProviderSearchParams } from "./CareProviderSearchParams";
import type { CareProviderView } from "./CareProviderView";
import type { CareProvidersImportParams } from "./CareProvidersImportParams";
import type { CareRedraftParams } from "./CareRedraftParams";
import type { CareSettingsParams } from "./CareSettingsParams";
import type { CareSettingsView } from "./CareSettingsView";
import type { CareStatusParams } from "./CareStatusParams";
import type { CareStatusView } from "./CareStatusView";
import type { CaseAccessView } from "./CaseAccessView";
import type { CaseIdParams } from "./CaseIdParams";
import type { CertificateOptionsView } from "./CertificateOptionsView";
import type { ChangePasswordParams } from "./ChangePasswordParams";
import type { ChangeStatusParams } from "./ChangeStatusParams";
import type { ChannelFilterParams } from "./ChannelFilterParams";
import type { ChannelParams } from "./ChannelParams";
import type { ChannelStatus } from "./ChannelStatus";
import type { CheckView } from "./CheckView";
import type { ChecksParams } from "./ChecksParams";
import type { CreateHouseholdParams } from "./CreateHouseholdParams";
import type { DecisionIdParams } from "./DecisionIdParams";
import type { DecisionStepParams } from "./DecisionStepParams";
import type { DecisionView } from "./DecisionView";
import type { DirParams } from "./DirParams";
import type { DraftDecisionParams } from "./DraftDecisionParams";
import type { ErasedView } from "./ErasedView";
import type { ExchangeExportParams } from "./ExchangeExportParams";
import type { HelpView } from "./HelpView";
import type { HomeView } from "./HomeView";
import type { HouseholdApplicationsView } from "./HouseholdApplicationsView";
import type { HouseholdCareView } from "./HouseholdCareView";
import type { HouseholdIdParams } from "./HouseholdIdParams";
import type { HouseholdMedicalView } from "./HouseholdMedicalView";
import type { HouseholdView } from "./HouseholdView";
import type { InquiryCatalog } from "./InquiryCatalog";
import type { InquiryInput } from "./InquiryInput";
import type { InquiryView } from "./InquiryView";
import type { InstitutionImportParams } from "./InstitutionImportParams";
import type { InstitutionImportReport } from "./InstitutionImportReport";
import type { InstitutionSaveParams } from "./InstitutionSaveParams";
import type { InstitutionSearchParams } from "./InstitutionSearchParams";
import type { InstitutionView } from "./InstitutionView";
import type { InvestigationView } from "./InvestigationView";
import type { JobIdParams } from "./JobIdParams";
import type { JobPdfParams } from "./JobPdfParams";
import type { JobView } from "./JobView";
import type { LedgerView } from "./LedgerView";
import type { LegalHoldCaseParams } from "./LegalHoldCaseParams";
import type { LegalHoldParams } from "./LegalHoldParams";
import type { LoginParams } from "./LoginParams";
import type { MedicalAlertsView } from "./MedicalAlertsView";
import type { MedicalCaseInput } from "./MedicalCaseInput";
import type { MedicalCaseView } from "./MedicalCaseView";
import type { MedicalDecisionInput } from "./MedicalDecisionInput";
import type { MedicalRedraftParams } from "./MedicalRedraftParams";
import type { MediumIdParams } from "./MediumIdParams";
import type { MediumView } from "./MediumView";
import type { MyNumberView } from "./MyNumberView";
import type { NoticeTemplateView } from "./NoticeTemplateView";
import type { OfficeSettings } from "./OfficeSettings";
import type { OneOffInput } from "./OneOffInput";
import type { OpenHouseholdParams } from "./OpenHouseholdParams";
import type { OperationsSettings } from "./OperationsSettings";
import type { OperationsSettingsParams } from "./OperationsSettingsParams";
import type { OpinionFormsParams } from "./OpinionFormsParams";
import type { OpinionReturnInput } from "./OpinionReturnInput";
import type { OpinionReviewInput } from "./OpinionReviewInput";
import type { OpinionSendParams } from "./OpinionSendParams";
import type { OpinionView } from "./OpinionView";
import type { OtherLawInput } from "./OtherLawInput";
import type { OutboxItemView } from "./OutboxItemView";
import type { ParsedDate } from "./ParsedDate";
import type { PasswordParams } from "./PasswordParams";
import type { PathParams } from "./PathParams";
import type { PermissionMatrix } from "./PermissionMatrix";
import type { PersonIdParams } from "./PersonIdParams";
import type { PrintCalculationSheetParams } from "./PrintCalculationSheetParams";
import type { PrintCertificateParams } from "./PrintCertificateParams";
import type { PrintDecisionNoticeParams } from "./PrintDecisionNoticeParams";
import type { PrintJobView } from "./PrintJobView";
import type { PrintJobsParams } from "./PrintJobsParams";
import type { PrintPdf } from "./PrintPdf";
import type { PrintSendResult } from "./PrintSendResult";
import type { PrintVouchersParams } from "./PrintVouchersParams";
import type { PrintersView } from "./PrintersView";
import type { ProviderImportReport } from "./ProviderImportReport";
import type { RateSetSummary } from "./RateSetSummary";
import type { RatesImportParams } from "./RatesImportParams";
import type { ReasonOption } from "./ReasonOption";
import type { ReasonView } from "./ReasonView";
import type { RedraftDecisionParams } from "./RedraftDecisionParams";
import type { RegisterEntryView } from "./RegisterEntryView";
import type { RegisterMediumParams } from "./RegisterMediumParams";
import type { RemoveMemberParams } from "./RemoveMemberParams";
import type { ReprintParams } from "./ReprintParams";
import type { ReproduceReport } from "./ReproduceReport";
import type { RequestAdded } from "./RequestAdded";
import type { RequestIdParams } from "./RequestIdParams";
import type { RequeueParams } from "./RequeueParams";
import type { ResetPasswordParams } from "./ResetPasswordParams";
import type { RestoreReport } from "./RestoreReport";
import type { RetentionRuleParams } from "./RetentionRuleParams";
import type { RetentionRunParams } from "./RetentionRunParams";
import type { RetentionRunResult } from "./RetentionRunResult";
import type { RetentionView } from "./RetentionView";
import type { RevealKeyGrantParams } from "./RevealKeyGrantParams";
import type { RevealMyNumberParams } from "./RevealMyNumberParams";
import type { RevealPurposeKind } from "./RevealPurposeKind";
import type { ReviewCheckParams } from "./ReviewCheckParams";
import type { RevisionView } from "./RevisionView";
import type { SaveOfficeParams } from "./SaveOfficeParams";
import type { SaveReasonParams } from "./SaveReasonParams";
import type { SaveSituationParams } from "./SaveSituationParams";
import type { SaveTemplateParams } from "./SaveTemplateParams";
import type { SavedFile } from "./SavedFile";
import type { ScreenParams } from "./ScreenParams";
import type { SearchHit } from "./SearchHit";
import type { SearchParams } from "./SearchParams";
import type { SendJobsParams } from "./SendJobsParams";
import type { SessionInfo } from "./SessionInfo";
import type { SetUserDisabledParams } from "./SetUserDisabledParams";
import type { SetupCreateParams } from "./SetupCreateParams";
import type { SetupRestoreParams } from "./SetupRestoreParams";
import type { SetupStatus } from "./SetupStatus";
import type { SetupValidateParams } from "./SetupValidateParams";
import type { ShareFixed } from "./ShareFixed";
import type { SituationView } from "./SituationView";
import type { TemplateKeyParams } from "./TemplateKeyParams";
import type { TextParams } from "./TextParams";
import type { UpdateHouseholdParams } from "./UpdateHouseholdParams";
import type { UpdateMemberParams } from "./UpdateMemberParams";
import type { UpdateUserParams } from "./UpdateUserParams";
import type { UserSummary } from "./UserSummary";
import type { UserView } from "./UserView";
import type { VerifyReport } from "./VerifyReport";
import type { VoidJobParams } from "./VoidJobParams";
import type { VoucherChangeView } from "./VoucherChangeView";
import type { VoucherExcludeParams } from "./VoucherExcludeParams";
import type { VoucherIdParams } from "./VoucherIdParams";
import type { VoucherIncludeParams } from "./VoucherIncludeParams";
import type { VoucherMonthParams } from "./VoucherMonthParams";
import type { VoucherReasonParams } from "./VoucherReasonParams";
import type { VoucherShareParams } from "./VoucherShareParams";
import type { VoucherView } from "./VoucherView";

/** method → params / result: the one contract between the UI and the core. */
export interface RpcMethods {
  /** none (before login) — version, database path, office name, whether this is the demo database. */
  app_info: { params: Record<never, never>; result: AppInfo };
  /** none — 初回設定: whether this PC still needs its office database, suggested folders, a blank office form. */
  setup_status: { params: Record<never, never>; result: SetupStatus };
  /** none, only while no database exists — checks the wizard's input up to a step (`SETUP_OFFICE` / `SETUP_ADMIN` / `SETUP_FOLDERS` name the step refused); returns the office settings as the core normalised them. */
  setup_validate: { params: SetupValidateParams; result: OfficeSettings };
  /** none, only while no database exists — creates the office database, its first administrator (logged in), office settings and backup folder; records it as this PC's database. */
  setup_create_office: { params: SetupCreateParams; result: SessionInfo };
  /** none, only while no database exists — 「バックアップから復元」: verifies the backup completely (file, the administrator's password valid when it was made, integrity, audit chain), restores it into the chosen data folder, records it and the backup folder (also the daily backup's) as this PC's, and logs the administrator in; a refused backup leaves nothing. */
  setup_restore: { params: SetupRestoreParams; result: SessionInfo };
  /** none, only while no database exists — records an existing database (with its key file) as this PC's; the login follows. */
  setup_open_existing: { params: PathParams; result: AppInfo };
  /** none — a new login replaces any session. */
  login: { params: LoginParams; result: SessionInfo };
  /** – ends the session. */
  logout: { params: Record<never, never>; result: null };
  /** logged in — locks the screen. */
  lock: { params: Record<never, never>; result: null };
  /** the locked user. */
  unlock: { params: PasswordParams; result: SessionInfo };
  /** logged in (also before the forced change). */
  change_password: { params: ChangePasswordParams; result: SessionInfo };
  /** logged in — the current session (the UI calls it after a window reload). */
  session: { params: Record<never, never>; result: SessionInfo };
  /** `reveal_my_number`, an account without the My Number key — a holder (another account that may reveal and holds it) types their own password at this desk; audited `reveal_key_grant` with both IDs; the holder's wrong passwords count toward the holder's lockout. */
  reveal_key_grant: { params: RevealKeyGrantParams; result: SessionInfo };
  /** none — the manual's section for a screen (F1), from docs/manual.md, as HTML. */
  help: { params: ScreenParams; result: HelpView };
  /** none — today in the office (日本標準時) as `{ iso, wareki }`: the screens' default dates come from here, never from the browser's clock (which may be in UTC, a day behind until 09:00). */
  today: { params: Record<never, never>; result: ParsedDate };
  /** none — 和暦 or 西暦 text → `{ iso, wareki }`. */
  parse_date: { params: TextParams; result: ParsedDate };
  /** `view_household` — 窓口検索 (case number, name, kana, birth date, phone); audited (query and count). */
  search: { params: SearchParams; result: Array<SearchHit> };
  /** `view_household` — before opening: whose case it is and whether a reason is needed (another caseworker's case, not yet opened with one in this session; never for the 査察指導員 or 決裁者); reads only the assignment, not audited. */
  case_access: { params: HouseholdIdParams; result: CaseAccessView };
  /** `view_household` (audited as a read, with the reason when given) — another caseworker's case without a reason is refused (`CASE_REASON_REQUIRED`) and nothing is logged; once opened with one it opens, and is edited, without asking again until logout or lock. */
  open_household: { params: OpenHouseholdParams; result: HouseholdView };
  /** logged in — counts by status, pending applications, overdue and due-soon deadlines, recent households. */
  home: { params: Record<never, never>; result: HomeView };
  /** `edit_household` — a blank case number takes the next one of the office's sequence; the household starts 相談中. */
  create_household: { params: CreateHouseholdParams; result: HouseholdView };
  /** `edit_household` — the case number a blank field would get (`null` before 事務所設定). */
  next_case_number: { params: Record<never, never>; result: string | null };
  /** `edit_household` (another caseworker's case only after an open with a reason in this session: `CASE_REASON_REQUIRED`). */
  update_household: { params: UpdateHouseholdParams; result: HouseholdView };
  /** `change_status` — 状態の訂正 with a reason (audited old → new); refused when it would overrule an approved decision (`DECISION_STATE`): status changes come from decisions. */
  change_household_status: { params: ChangeStatusParams; result: HouseholdView };
  /** `edit_household` (another caseworker's case only after an open with a reason in this session: `CASE_REASON_REQUIRED`). */
  add_member: { params: AddMemberParams; result: HouseholdView };
  /** `edit_household` (another caseworker's case only after an open with a reason in this session: `CASE_REASON_REQUIRED`). */
  update_member: { params: UpdateMemberParams; result: HouseholdView };
  /** `edit_household` (another caseworker's case only after an open with a reason in this session: `CASE_REASON_REQUIRED`) — the member leaves the household (kept in the history). */
  remove_member: { params: RemoveMemberParams; result: HouseholdView };
  /** logged in — the purposes a My Number may be shown for (the reveal dialog's list). */
  reveal_purposes: { params: Record<never, never>; result: Array<ReasonOption<RevealPurposeKind>> };
  /** `reveal_my_number` (audited with the purpose given) — the one permitted view of a My Number. */
  reveal_my_number: { params: RevealMyNumberParams; result: MyNumberView };
  /** logged in. */
  list_caseworkers: { params: Record<never, never>; result: Array<UserSummary> };
  /** `manage_users`. */
  list_users: { params: Record<never, never>; result: Array<UserView> };
  /** `manage_users`. */
  add_user: { params: AddUserParams; result: UserView };
  /** `manage_users`. */
  reset_password: { params: ResetPasswordParams; result: UserView };
  /** `manage_users` (audited old → new) — correct the name or change the role; not one's own role. */
  update_user: { params: UpdateUserParams; result: UserView };
  /** `manage_users` — re-enabling needs a new temporary password (the old key slot was deleted). */
  set_user_disabled: { params: SetUserDisabledParams; result: UserView };
  /** logged in. */
  permission_matrix: { params: Record<never, never>; result: PermissionMatrix };
  /** logged in. */
  get_office: { params: Record<never, never>; result: OfficeSettings };
  /** `edit_office`. */
  save_office: { params: SaveOfficeParams; result: OfficeSettings };
  /** `view_audit`. */
  search_audit: { params: AuditSearchParams; result: Array<AuditEntryView> };
  /** `view_audit` (audited) — 点検: logins, My Number reveals, exports, prints and households opened per user in a month, with each user's busiest day. */
  access_review: { params: AccessReviewParams; result: AccessReview };
  /** `edit_office` — the daily backup's folder and count, the home screen's alert threshold. */
  operations_settings: { params: Record<never, never>; result: OperationsSettings };
  /** `edit_office` (audited old → new). */
  operations_settings_save: { params: OperationsSettingsParams; result: OperationsSettings };
  /** `manage_users` (audited; the backup holds its own entry, the manifest its anchor) — バックアップ into the configured folder, one self-verifying file. */
  backup_now: { params: Record<never, never>; result: BackupView };
  /** `manage_users` — 復元 panel: the backups of the configured folder, newest first, each checked whole (`problem` when not). */
  backup_files: { params: Record<never, never>; result: Array<BackupFileView> };
  /** `manage_users` — everything a restore checks, on a private copy, with this administrator's password as it was when the backup was made. */
  backup_verify: { params: BackupVerifyParams; result: RestoreReport };
  /** `manage_users` (audited here and in the restored copy) — 復元 into a new location only; refused over anything that exists (`RESTORE_TARGET_EXISTS`) and over this database (`RESTORE_OVER_LIVE`). */
  backup_restore: { params: BackupRestoreParams; result: RestoreReport };
  /** `edit_office` (audited) — 保存期間: rules, legal holds, what a deletion run would delete today (`plan_digest`), past deletions. */
  retention_view: { params: Record<never, never>; result: RetentionView };
  /** `edit_office` (audited old → new) — years 1/3/5/10 or null (永久) and the event they count from. */
  retention_rule_save: { params: RetentionRuleParams; result: RetentionView };
  /** `edit_office` (audited) — hold a household (a reason) or lift the hold (no reason). */
  legal_hold: { params: LegalHoldParams; result: RetentionView };
  /** `edit_office` (audited) — the same from the household screen; returns the household. */
  household_legal_hold: { params: LegalHoldParams; result: HouseholdView };
  /** `edit_office` (audited) — hold the household filed under a ケース番号 (`RETENTION_NO_CASE` when there is none). */
  legal_hold_by_case: { params: LegalHoldCaseParams; result: RetentionView };
  /** `edit_office` (audited per record, one transaction) — deletes exactly the plan with this digest; refused (`RETENTION_PLAN_CHANGED`) if the plan changed. */
  retention_run: { params: RetentionRunParams; result: RetentionRunResult };
  /** `view_audit` — checks the hash chain of the whole log; `anchored_seq`, `anchor_at`: how far deletions at the end are ruled out. */
  verify_audit: { params: Record<never, never>; result: VerifyReport };
  /** `view_household`. */
  rates_list: { params: Record<never, never>; result: Array<RateSetSummary> };
  /** `manage_rates` (audited) — `files` is { name: contents }; invented figures only with `allow_test_figures`; with `base`, only a supplement of that set (「不足の表を追加」). */
  rates_import: { params: RatesImportParams; result: RateSetSummary };
  /** `view_household`. */
  situation_get: { params: HouseholdIdParams; result: SituationView };
  /** `edit_household` (audited old → new). */
  situation_save: { params: SaveSituationParams; result: SituationView };
  /** `view_household` (audited as a read) — the calculation with the rate set in force on the date. */
  calc_household: { params: CalcHouseholdParams; result: CalcView };
  /** `view_household` — 試算: a household described at the counter, priced as if registered; nothing about it is stored, the use is audited (docs/rate-tables.md §9). */
  calc_trial: { params: CalcTrialParams; result: CalcView };
  /** `view_household` — 基準改定: national sets a program update brought, with no 一括認定 drafted yet. */
  rates_revisions: { params: Record<never, never>; result: Array<RevisionView> };
  /** `manage_rates` (audited) — start using the national sets in a database created without them. */
  rates_install_national: { params: Record<never, never>; result: Array<RateSetSummary> };
  /** `edit_household` (audited) — params are the `ApplicationInput` itself. */
  application_register: { params: ApplicationInput; result: ApplicationView };
  /** `edit_household` (audited) — 30 days instead of 14; the reason is required. */
  application_extend: { params: ApplicationIdReasonParams; result: ApplicationView };
  /** `edit_household` (audited old → new) — correct the 保護申請書 of an application not yet decided. */
  application_form_save: { params: ApplicationFormParams; result: ApplicationView };
  /** `view_household`. */
  applications_for_household: { params: HouseholdIdParams; result: HouseholdApplicationsView };
  /** `view_household`. */
  decision_reasons: { params: Record<never, never>; result: Array<ReasonView> };
  /** `edit_office` (audited). */
  decision_reason_save: { params: SaveReasonParams; result: Array<ReasonView> };
  /** `draft_decision` (audited) — 起案. */
  decision_draft: { params: DraftDecisionParams; result: DecisionView };
  /** `draft_decision` (audited) — correct a returned or unreviewed decision. */
  decision_redraft: { params: RedraftDecisionParams; result: DecisionView };
  /** `review_decision`, not the drafter — 審査. */
  decision_review: { params: DecisionStepParams; result: DecisionView };
  /** `approve_decision`, neither drafter nor reviewer — 決裁; only this changes the household. */
  decision_approve: { params: DecisionStepParams; result: DecisionView };
  /** `review_decision` (起案中) or `approve_decision` (審査済), not the drafter — 差戻し with a comment. */
  decision_return: { params: DecisionStepParams; result: DecisionView };
  /** `view_household`. */
  decision_get: { params: DecisionIdParams; result: DecisionView };
  /** `view_household` (audited) — recompute from the snapshot and the stored rate files, compare. */
  decision_reproduce: { params: DecisionIdParams; result: ReproduceReport };
  /** `view_household` — newest effective date first. */
  decisions_for_household: { params: HouseholdIdParams; result: Array<DecisionView> };
  /** `view_household` — drafts to review, reviewed to approve, own returned. */
  decision_inbox: { params: Record<never, never>; result: Array<DecisionView> };
  /** `draft_decision` (audited) — 一括認定の試算 as a background job: recompute every 保護中 household with the named set; the job's `result` is `BulkPreview` (rows and totals). */
  bulk_preview: { params: BulkPreviewParams; result: JobView };
  /** `draft_decision` (audited, one transaction) — 一括認定 as a background job: one draft 変更 per changed amount; the job's `result` is `BulkApplyResult`; a cancel leaves nothing written. */
  bulk_apply: { params: BulkApplyParams; result: JobView };
  /** logged in — the user's own background jobs, newest first. */
  jobs: { params: Record<never, never>; result: Array<JobView> };
  /** logged in, own jobs — progress (`done` of `total`, `message`), then the `result` or the `error`. */
  job_status: { params: BackgroundJobParams; result: JobView };
  /** logged in, own jobs — stops the job at its next step; what it had begun to write rolls back (state `cancelled`). */
  job_cancel: { params: BackgroundJobParams; result: JobView };
  /** `print_document` — what a certificate may state today: the kinds of aid and period of the approved decisions in force, or why none can be issued. */
  certificate_options: { params: PersonIdParams; result: CertificateOptionsView };
  /** `print_document` — 保護受給証明書 as a queue job (state `generated`); only kinds of aid in force (`PRINT_AID_NOT_DECIDED` otherwise). */
  print_certificate: { params: PrintCertificateParams; result: PrintJobView };
  /** `print_document` — 決定通知書 as a queue job; refused (`DECISION_STATE`) for an unapproved decision unless `draft`. */
  print_decision_notice: { params: PrintDecisionNoticeParams; result: PrintJobView };
  /** `print_document` — 保護決定調書 as a queue job, any state (「案」 until approved). */
  print_calculation_sheet: { params: PrintCalculationSheetParams; result: PrintJobView };
  /** `print_document` — newest first. */
  print_jobs: { params: PrintJobsParams; result: Array<PrintJobView> };
  /** `print_document` (audited as a preview) — the PDF for the preview. */
  print_job_pdf: { params: JobPdfParams; result: PrintPdf };
  /** `print_document`. */
  printers: { params: Record<never, never>; result: PrintersView };
  /** `print_document` — one result per job; a failed job stays `generated` with `error` set. */
  print_jobs_send: { params: SendJobsParams; result: Array<PrintSendResult> };
  /** `print_document` — prints the 再発行 version. */
  print_job_reprint: { params: ReprintParams; result: PrintSendResult };
  /** `print_document` — 交付. */
  print_job_deliver: { params: JobIdParams; result: PrintJobView };
  /** `void_document` — 取消 with a reason. */
  print_job_void: { params: VoidJobParams; result: PrintJobView };
  /** `print_document` (audited as an export) — into the documents folder …/窓口/, never overwriting. */
  print_job_save: { params: JobIdParams; result: SavedFile };
  /** `print_document` — opens the PDF in the system viewer. */
  print_job_open: { params: JobIdParams; result: SavedFile };
  /** `view_household` — 指定医療機関 by code, name or kana (all when the query is empty). */
  institutions_search: { params: InstitutionSearchParams; result: Array<InstitutionView> };
  /** `edit_medical_aid` (audited old → new) — register or correct one institution by its code. */
  institution_save: { params: InstitutionSaveParams; result: InstitutionView };
  /** `edit_medical_aid` (audited) — CSV import; `dry_run` lists new / changed / unchanged / invalid lines and writes nothing; otherwise nothing is written while any line is invalid. */
  institutions_import: { params: InstitutionImportParams; result: InstitutionImportReport };
  /** `edit_medical_aid` (audited) — 医療扶助の申請 for a member. */
  medical_case_register: { params: MedicalCaseInput; result: MedicalCaseView };
  /** `view_household` (audited as a read) — the household's medical-aid cases with their actions, and whether an application may be registered. */
  medical_cases_for_household: { params: HouseholdIdParams; result: HouseholdMedicalView };
  /** `view_household` (audited as a read). */
  medical_case_get: { params: CaseIdParams; result: MedicalCaseView };
  /** `edit_medical_aid` (audited old → new) — a 他法 inquiry and its answer. */
  other_law_check_save: { params: OtherLawInput; result: MedicalCaseView };
  /** `edit_medical_aid` + `print_document` (audited) — the blank 医療要否意見書 with its header, as a print job; tracked as 送付済. */
  opinion_form_send: { params: OpinionSendParams; result: OpinionView };
  /** `edit_medical_aid` (audited) — 返送受理 with what the institution wrote. */
  opinion_form_return: { params: OpinionReturnInput; result: OpinionView };
  /** `edit_medical_aid` (audited) — the 嘱託医's result (要 with the valid period, 否, 要再照会). */
  opinion_form_review: { params: OpinionReviewInput; result: OpinionView };
  /** `view_household` (audited as a read) — the opinion-form list, newest first, optionally by state. */
  opinion_forms: { params: OpinionFormsParams; result: Array<OpinionView> };
  /** `view_household` (audited as a read) — home-screen warnings: opinions due in 30 days / expired, returns overdue, reviews waiting. */
  medical_alerts: { params: Record<never, never>; result: MedicalAlertsView };
  /** `draft_decision` (audited) — 起案 of a medical-aid decision; review and approval are `decision_review` / `decision_approve`. */
  medical_decision_draft: { params: MedicalDecisionInput; result: DecisionView };
  /** `draft_decision` (audited) — 再起案 of a returned medical-aid decision, by its drafter. */
  medical_decision_redraft: { params: MedicalRedraftParams; result: DecisionView };
  /** `issue_voucher` (audited) — add a one-off 医療券・調剤券 to a month (issued by the next run). */
  medical_voucher_request: { params: OneOffInput; result: RequestAdded };
  /** `issue_voucher` (audited) — the month's proposal for review as a background job; the job's `result` is `VoucherProposalView`. */
  voucher_propose: { params: VoucherMonthParams; result: JobView };
  /** `issue_voucher` (audited per chunk) — issue what is due as a background job with progress; the job's `result` is `RunResult`. Re-running issues only what is missing. */
  voucher_issue: { params: VoucherMonthParams; result: JobView };
  /** `issue_voucher` (audited) — leave a due voucher out of this month's run, with a reason. */
  voucher_exclude: { params: VoucherExcludeParams; result: null };
  /** `issue_voucher` (audited) — put an excluded voucher back. */
  voucher_include: { params: VoucherIncludeParams; result: null };
  /** `issue_voucher` (audited) — withdraw a one-off not yet issued. */
  voucher_request_cancel: { params: RequestIdParams; result: null };
  /** `draft_decision` (audited) — 本人支払額の確定 for the household's month, from the calculation; returns the yen. */
  voucher_share_fix: { params: VoucherShareParams; result: ShareFixed };
  /** `view_household` (audited as a read) — the month's vouchers by provider, each with its events and actions. */
  vouchers_for_month: { params: VoucherMonthParams; result: Array<VoucherView> };
  /** `view_household`. */
  voucher_get: { params: VoucherIdParams; result: VoucherView };
  /** `issue_voucher` (audited) — 取消 with a reason; kept in the ledger; an online-eligibility record says it is void. */
  voucher_void: { params: VoucherReasonParams; result: VoucherView };
  /** `issue_voucher` (audited) — 再交付: a new voucher marked 再交付 (an issued original is voided first); returns the new one. */
  voucher_reissue: { params: VoucherReasonParams; result: VoucherView };
  /** `view_household` (audited as a read) — 交付処理簿 of a month. */
  voucher_ledger: { params: VoucherMonthParams; result: LedgerView };
  /** `view_household` — the vouchers an approved 停止・廃止 (or the end of medical aid) clipped or voided, with the institutions to tell. */
  decision_voucher_changes: { params: DecisionIdParams; result: Array<VoucherChangeView> };
  /** `print_document` — the month's issued vouchers (or `voucher_ids`) as one print job, sorted by institution. */
  print_vouchers: { params: PrintVouchersParams; result: PrintJobView };
  /** `print_document` — the month's 交付処理簿 as a print job. */
  print_voucher_ledger: { params: VoucherMonthParams; result: PrintJobView };
  /** `view_household` — per channel: pending, sent, accepted, errors, oldest pending, last export/import (counts only). */
  exchange_status: { params: Record<never, never>; result: Array<ChannelStatus> };
  /** `exchange_files` (audited; 媒体管理簿) — one batch of the channel to `dir` on a registered medium, as a background job (result `ExportedView`); resumes an interrupted one; a cancel leaves no file and no change. */
  exchange_export: { params: ExchangeExportParams; result: JobView };
  /** `exchange_files` (audited) — drops an interrupted export (its files are removed from the folder if reachable). */
  exchange_cancel_export: { params: ChannelParams; result: CancelledView };
  /** `exchange_files` (audited; 媒体管理簿) — every result file in `dir`, in order, as a background job (result `ImportReport`); a refused file stops the run (`refused_code`, `refused_message`) and changes nothing. */
  exchange_import: { params: DirParams; result: JobView };
  /** `exchange_files` (audited as a read) — 連携エラー一覧: person, field at fault (日本語), where to correct it. */
  exchange_errors: { params: ChannelFilterParams; result: Array<OutboxItemView> };
  /** `exchange_files` (audited) — 再送: an エラー record back to 再送待ち with the registry's current data. */
  exchange_requeue: { params: RequeueParams; result: OutboxItemView };
  /** `view_household` — a household's exchange records, all channels. */
  exchange_for_household: { params: HouseholdIdParams; result: Array<OutboxItemView> };
  /** `exchange_files` — newest first; `can_erase` offers the erasure of a confirmed batch. */
  exchange_batches: { params: Record<never, never>; result: Array<BatchView> };
  /** `exchange_files` (audited; 媒体管理簿) — erase a confirmed batch's files from its medium. */
  exchange_erase_batch: { params: BatchIdParams; result: ErasedView };
  /** `exchange_files` or `manage_media` — the approved media. */
  exchange_media: { params: Record<never, never>; result: Array<MediumView> };
  /** `manage_media` (audited) — approve a medium. */
  exchange_register_medium: { params: RegisterMediumParams; result: MediumView };
  /** `manage_media` (audited) — retire a medium (no more exports to it). */
  exchange_retire_medium: { params: MediumIdParams; result: MediumView };
  /** `exchange_files`, `manage_media` or `view_audit` — 媒体管理簿, newest first. */
  exchange_media_register: { params: Record<never, never>; result: Array<RegisterEntryView> };
  /** `exchange_files` — 確認リスト (changed or blank My Numbers, masked; answers that do not match). */
  exchange_checks: { params: ChecksParams; result: Array<CheckView> };
  /** `exchange_files` (audited) — mark a 確認リスト line confirmed, with what was found. */
  exchange_review_check: { params: ReviewCheckParams; result: null };
  /** `exchange_files` (audited as a print) — the 確認リスト as a PDF. */
  exchange_check_list_pdf: { params: ChecksParams; result: PrintPdf };
  /** `exchange_files` (audited as a preview) — opens the 確認リスト PDF in the system viewer to print it (a private temporary file, removed when the session ends). */
  exchange_check_list_open: { params: ChecksParams; result: SavedFile };
  /** logged in — the inquiry form's agencies, their information and the procedures. */
  inquiry_catalog: { params: Record<never, never>; result: InquiryCatalog };
  /** `request_inquiry` (audited) — 情報照会 queued on the inquiry channel; params are the `InquiryInput` itself. */
  inquiry_request: { params: InquiryInput; result: InquiryView };
  /** `view_household` — a household's inquiries, newest first. */
  inquiries_for_household: { params: HouseholdIdParams; result: Array<InquiryView> };
  /** `view_household` (audited as a read) — 調査記録: inquiry answers with agency and date. */
  investigation_record: { params: HouseholdIdParams; result: Array<InvestigationView> };
  /** logged in — 6, in key order. */
  notice_templates_list: { params: Record<never, never>; result: Array<NoticeTemplateView> };
  /** logged in. */
  notice_template_get: { params: TemplateKeyParams; result: NoticeTemplateView };
  /** `edit_office` (audited old → new). */
  notice_template_save: { params: SaveTemplateParams; result: NoticeTemplateView };
  /** `view_household` — 事業所番号, name or カナ (all when empty); `plan_only` for 居宅介護支援事業者. */
  care_providers_search: { params: CareProviderSearchParams; result: Array<CareProviderView> };
  /** `issue_voucher` (audited old → new) — register or correct one provider by its 事業所番号; a letter 事業所区分 is kept with `number_warning`. */
  care_provider_save: { params: CareProviderSaveParams; result: CareProviderView };
  /** `issue_voucher` (audited) — CSV import; `dry_run` writes nothing; any line in error writes nothing. */
  care_providers_import: { params: CareProvidersImportParams; result: ProviderImportReport };
  /** `view_household` — the H-number rule (the default until the office sets one). */
  care_settings_get: { params: Record<never, never>; result: CareSettingsView };
  /** `edit_office` (audited old → new) — the office's H-number rule. */
  care_settings_save: { params: CareSettingsParams; result: CareSettingsView };
  /** `edit_household` (audited) — a 介護保険 status from a date; the H-number is kept, carried or given; the premium goes into the 認定状況. */
  care_status_save: { params: CareStatusParams; result: CareStatusView };
  /** `view_household` (audited as a read) — a person's status records, oldest first, with their warnings. */
  care_status_history: { params: PersonIdParams; result: Array<CareStatusView> };
  /** `edit_household` (audited) — 介護扶助の申請; one open case per person. */
  care_case_register: { params: CareCaseParams; result: CareCaseView };
  /** `edit_household` (audited) — a care plan received from a 居宅介護支援事業者. */
  care_plan_record: { params: CarePlanParams; result: CareCaseView };
  /** `view_household` (audited as a read) — the case with its status, plans, decisions, what a 開始 still needs and the actions offered. */
  care_case_get: { params: CareCaseIdParams; result: CareCaseView };
  /** `view_household` (audited as a read) — the cases and whether an application may be taken. */
  care_cases_for_household: { params: HouseholdIdParams; result: HouseholdCareView };
  /** `view_household` (audited as a read) — 認定 ending or ended, 65th birthdays, missing status or plan. */
  care_alerts: { params: Record<never, never>; result: Array<CareAlertView> };
  /** `draft_decision` (audited) — 介護扶助の開始・変更・廃止・却下 into the ordinary workflow (then `decision_review` / `decision_approve`). */
  care_decision_draft: { params: CareDecisionParams; result: DecisionView };
  /** `draft_decision`, the drafter of a returned care decision (audited). */
  care_decision_redraft: { params: CareRedraftParams; result: DecisionView };
}

export type RpcMethod = keyof RpcMethods;
export type ParamsOf<M extends RpcMethod> = RpcMethods[M]["params"];
export type ResultOf<M extends RpcMethod> = RpcMethods[M]["result"];

/** Every method name, in the order of the list. */
export const RPC_METHODS: readonly RpcMethod[] = [
  "app_info",
  "setup_status",
  "setup_validate",
  "setup_create_office",
  "setup_restore",
  "setup_open_existing",
  "login",
  "logout",
  "lock",
  "unlock",
  "change_password",
  "session",
  "reveal_key_grant",
  "help",
  "today",
  "parse_date",
  "search",
  "case_access",
  "open_household",
  "home",
  "create_household",
  "next_case_number",
  "update_household",
  "change_household_status",
  "add_member",
  "update_member",
  "remove_member",
  "reveal_purposes",
  "reveal_my_number",
  "list_caseworkers",
  "list_users",
  "add_user",
  "reset_password",
  "update_user",
  "set_user_disabled",
  "permission_matrix",
  "get_office",
  "save_office",
  "search_audit",
  "access_review",
  "operations_settings",
  "operations_settings_save",
  "backup_now",
  "backup_files",
  "backup_verify",
  "backup_restore",
  "retention_view",
  "retention_rule_save",
  "legal_hold",
  "household_legal_hold",
  "legal_hold_by_case",
  "retention_run",
  "verify_audit",
  "rates_list",
  "rates_import",
  "situation_get",
  "situation_save",
  "calc_household",
  "calc_trial",
  "rates_revisions",
  "rates_install_national",
  "application_register",
  "application_extend",
  "application_form_save",
  "applications_for_household",
  "decision_reasons",
  "decision_reason_save",
  "decision_draft",
  "decision_redraft",
  "decision_review",
  "decision_approve",
  "decision_return",
  "decision_get",
  "decision_reproduce",
  "decisions_for_household",
  "decision_inbox",
  "bulk_preview",
  "bulk_apply",
  "jobs",
  "job_status",
  "job_cancel",
  "certificate_options",
  "print_certificate",
  "print_decision_notice",
  "print_calculation_sheet",
  "print_jobs",
  "print_job_pdf",
  "printers",
  "print_jobs_send",
  "print_job_reprint",
  "print_job_deliver",
  "print_job_void",
  "print_job_save",
  "print_job_open",
  "institutions_search",
  "institution_save",
  "institutions_import",
  "medical_case_register",
  "medical_cases_for_household",
  "medical_case_get",
  "other_law_check_save",
  "opinion_form_send",
  "opinion_form_return",
  "opinion_form_review",
  "opinion_forms",
  "medical_alerts",
  "medical_decision_draft",
  "medical_decision_redraft",
  "medical_voucher_request",
  "voucher_propose",
  "voucher_issue",
  "voucher_exclude",
  "voucher_include",
  "voucher_request_cancel",
  "voucher_share_fix",
  "vouchers_for_month",
  "voucher_get",
  "voucher_void",
  "voucher_reissue",
  "voucher_ledger",
  "decision_voucher_changes",
  "print_vouchers",
  "print_voucher_ledger",
  "exchange_status",
  "exchange_export",
  "exchange_cancel_export",
  "exchange_import",
  "exchange_errors",
  "exchange_requeue",
  "exchange_for_household",
  "exchange_batches",
  "exchange_erase_batch",
  "exchange_media",
  "exchange_register_medium",
  "exchange_retire_medium",
  "exchange_media_register",
  "exchange_checks",
  "exchange_review_check",
  "exchange_check_list_pdf",
  "exchange_check_list_open",
  "inquiry_catalog",
  "inquiry_request",
  "inquiries_for_household",
  "investigation_record",
  "notice_templates_list",
  "notice_template_get",
  "notice_template_save",
  "care_providers_search",
  "care_provider_save",
  "care_providers_import",
  "care_settings_get",
  "care_settings_save",
  "care_status_save",
  "care_status_history",
  "care_case_register",
  "care_plan_record",
  "care_case_get",
  "care_cases_for_household",
  "care_alerts",
  "care_decision_draft",
  "care_decision_redraft",
];
