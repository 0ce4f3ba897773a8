// Contract types with the Rust core. Everything the core serialises or accepts, and the method
// map itself, is generated from the RPC list in src/service/rpc.rs into ./bindings/
// (`make bindings`; `make test` fails when they differ) and only re-exported here, so the UI
// cannot drift from the core. What stays hand-written below are the UI's own display tables.

import type { HouseholdStatus } from "./bindings/HouseholdStatus";
import type { Sex } from "./bindings/Sex";
import type { AidKind } from "./bindings/AidKind";
import type { CareRecipientNumber } from "./bindings/CareRecipientNumber";
import type { PrintJobView } from "./bindings/PrintJobView";
import type { PrintState } from "./bindings/PrintState";

export type { AppInfo } from "./bindings/AppInfo";
export type { CertificateOptionsView } from "./bindings/CertificateOptionsView";
export type { ApplicationForm } from "./bindings/ApplicationForm";
export type { ApplyingItem } from "./bindings/ApplyingItem";
export type { AuditEntryView } from "./bindings/AuditEntryView";
export type { AuditQuery } from "./bindings/AuditQuery";
export type { HomeView } from "./bindings/HomeView";
export type { HouseholdHeader } from "./bindings/HouseholdHeader";
export type { HouseholdInput } from "./bindings/HouseholdInput";
export type { HouseholdStatus } from "./bindings/HouseholdStatus";
export type { HouseholdView } from "./bindings/HouseholdView";
export type { MemberInput } from "./bindings/MemberInput";
export type { MemberView } from "./bindings/MemberView";
export type { RevealPurposeKind } from "./bindings/RevealPurposeKind";
export type { CaseAccessView } from "./bindings/CaseAccessView";
export type { CaseReasonKind } from "./bindings/CaseReasonKind";
export type { ReasonOption } from "./bindings/ReasonOption";
export type { OfficeSettings } from "./bindings/OfficeSettings";
export type { ParsedDate } from "./bindings/ParsedDate";
export type { Permission } from "./bindings/Permission";
export type { PermissionLabel } from "./bindings/PermissionLabel";
export type { PermissionMatrix } from "./bindings/PermissionMatrix";
export type { RecentItem } from "./bindings/RecentItem";
export type { Role } from "./bindings/Role";
export type { RoleLabel } from "./bindings/RoleLabel";
export type { RpcError } from "./bindings/RpcError";
export type { SearchHit } from "./bindings/SearchHit";
export type { SessionInfo } from "./bindings/SessionInfo";
export type { Sex } from "./bindings/Sex";
export type { StatusCount } from "./bindings/StatusCount";
export type { StatusHistoryView } from "./bindings/StatusHistoryView";
export type { UserSummary } from "./bindings/UserSummary";
export type { UserView } from "./bindings/UserView";
export type { VerifyReport } from "./bindings/VerifyReport";
// Decisions: rate sets, situation, calculation, applications, decisions, 一括認定.
export * from "./types.decisions";

// Names the UI (and docs/commands.md) used before the bindings existed; same generated types.
export type { AuditQuery as AuditFilter } from "./bindings/AuditQuery";
export type { VerifyReport as AuditVerifyReport } from "./bindings/VerifyReport";
export type { RpcError as RpcErrorShape } from "./bindings/RpcError";
export type { StatusHistoryView as StatusHistoryEntry } from "./bindings/StatusHistoryView";

// Printing (issue 3): generated from src/service/views.rs like the rest.
export type { AidKind } from "./bindings/AidKind";
export type { PrintJobFilter } from "./bindings/PrintJobFilter";
export type { PrintJobView } from "./bindings/PrintJobView";
export type { PrintPdf } from "./bindings/PrintPdf";
export type { PrintSendResult } from "./bindings/PrintSendResult";
export type { PrintState } from "./bindings/PrintState";
export type { PrinterInfo } from "./bindings/PrinterInfo";
export type { PrintersView } from "./bindings/PrintersView";
export type { SavedFile } from "./bindings/SavedFile";
export type { NoticeTemplateView } from "./bindings/NoticeTemplateView";
export type { TemplateKey } from "./bindings/TemplateKey";
/** `certificate` / `cover_letter` / `decision_notice` / `calculation_sheet` (inline in the generated PrintJobView). */
export type PrintJobKind = PrintJobView["kind"];

/** method → params / result: generated from the RPC list in src/service/rpc.rs (docs/commands.md). */
export type { RpcMethods, RpcMethod, ParamsOf, ResultOf } from "./bindings/RpcMethods";
export { RPC_METHODS } from "./bindings/RpcMethods";
export type { MyNumberView } from "./bindings/MyNumberView";
export type { JobView } from "./bindings/JobView";
export type { JobState } from "./bindings/JobState";
export type { MenuEntry } from "./bindings/MenuEntry";
export type { DecisionAction } from "./bindings/DecisionAction";
export type { HouseholdAction } from "./bindings/HouseholdAction";
export type { PrintStep } from "./bindings/PrintStep";
export type { Urgency } from "./bindings/Urgency";
// 医療扶助 and the monthly vouchers.
export type { CaseAction } from "./bindings/CaseAction";
export type { HouseholdMedicalView } from "./bindings/HouseholdMedicalView";
export type { InstitutionImportReport } from "./bindings/InstitutionImportReport";
export type { InstitutionInput } from "./bindings/InstitutionInput";
export type { InstitutionKind } from "./bindings/InstitutionKind";
export type { InstitutionView } from "./bindings/InstitutionView";
export type { LedgerView } from "./bindings/LedgerView";
export type { MedicalAlertsView } from "./bindings/MedicalAlertsView";
export type { MedicalCaseView } from "./bindings/MedicalCaseView";
export type { MedicalTerms } from "./bindings/MedicalTerms";
export type { OpinionAction } from "./bindings/OpinionAction";
export type { OpinionState } from "./bindings/OpinionState";
export type { OpinionView } from "./bindings/OpinionView";
export type { OtherLawAnswer } from "./bindings/OtherLawAnswer";
export type { OtherScheme } from "./bindings/OtherScheme";
export type { ProposalAction } from "./bindings/ProposalAction";
export type { ProposalRow } from "./bindings/ProposalRow";
export type { ReviewResult } from "./bindings/ReviewResult";
export type { RunResult } from "./bindings/RunResult";
export type { TreatmentType } from "./bindings/TreatmentType";
export type { VoucherAction } from "./bindings/VoucherAction";
export type { VoucherProposalView } from "./bindings/VoucherProposalView";
export type { VoucherView } from "./bindings/VoucherView";
export type { VoucherChangeView } from "./bindings/VoucherChangeView";
// 介護扶助.
export type { CareAlertView } from "./bindings/CareAlertView";
export type { CareCaseAction } from "./bindings/CareCaseAction";
export type { CareCaseView } from "./bindings/CareCaseView";
export type { CareLevel } from "./bindings/CareLevel";
export type { CareProviderView } from "./bindings/CareProviderView";
export type { CareSettingsView } from "./bindings/CareSettingsView";
export type { CareStatusInput } from "./bindings/CareStatusInput";
export type { CareTerms } from "./bindings/CareTerms";
export type { HNumberRule } from "./bindings/HNumberRule";
export type { HouseholdCareView } from "./bindings/HouseholdCareView";
export type { InsuredKind } from "./bindings/InsuredKind";
export type { ProviderImportReport } from "./bindings/ProviderImportReport";
export type { ProviderInput } from "./bindings/ProviderInput";
export type { AccessReview } from "./bindings/AccessReview";
export type { HomeAlert } from "./bindings/HomeAlert";
export type { OperationsSettings } from "./bindings/OperationsSettings";
export type { BackupView } from "./bindings/BackupView";
export type { BackupFileView } from "./bindings/BackupFileView";
export type { RestoreReport } from "./bindings/RestoreReport";
export type { RetentionView } from "./bindings/RetentionView";
export type { RetentionRunResult } from "./bindings/RetentionRunResult";
export type { Rule as RetentionRule } from "./bindings/Rule";

export const STATUS_LABELS: Record<HouseholdStatus, string> = {
  consulting: "相談中",
  applying: "申請中",
  active: "保護中",
  suspended: "停止中",
  closed: "廃止",
};

export const SEX_LABELS: Record<Sex, string> = {
  male: "男",
  female: "女",
  unspecified: "未設定",
};

/** 級地 values the core accepts, with their display labels. */
export const GRADES: { value: string; label: string }[] = [
  { value: "1-1", label: "1級地-1" },
  { value: "1-2", label: "1級地-2" },
  { value: "2-1", label: "2級地-1" },
  { value: "2-2", label: "2級地-2" },
  { value: "3-1", label: "3級地-1" },
  { value: "3-2", label: "3級地-2" },
];

/** 介護券の受給者番号: the month's 医療券 number, or one of the 介護券's own (事務所設定). */
export const CARE_RECIPIENT_NUMBERS: { value: CareRecipientNumber; label: string }[] = [
  { value: "shared", label: "同じ月の医療券と共通の番号" },
  { value: "separate", label: "介護券だけの番号" },
];

/** 扶助の種類 in the order of 法第11条 (the certificate joins them in this order with ・). */
export const AID_KINDS: { value: AidKind; label: string }[] = [
  { value: "living", label: "生活扶助" },
  { value: "education", label: "教育扶助" },
  { value: "housing", label: "住宅扶助" },
  { value: "medical", label: "医療扶助" },
  { value: "long_term_care", label: "介護扶助" },
  { value: "maternity", label: "出産扶助" },
  { value: "occupational", label: "生業扶助" },
  { value: "funeral", label: "葬祭扶助" },
];

export const PRINT_STATE_LABELS: Record<PrintState, string> = {
  requested: "要求",
  generated: "作成済",
  printed: "印刷済",
  delivered: "交付済",
  voided: "取消",
};

// Exchange with the intermediate servers (service::exchange).
export type { Agency } from "./bindings/Agency";
export type { BatchView } from "./bindings/BatchView";
export type { Channel } from "./bindings/Channel";
export type { ChannelStatus } from "./bindings/ChannelStatus";
export type { CheckView } from "./bindings/CheckView";
export type { ExportedView } from "./bindings/ExportedView";
export type { ImportReport } from "./bindings/ImportReport";
export type { Information } from "./bindings/Information";
export type { InquiryCatalog } from "./bindings/InquiryCatalog";
export type { InquiryView } from "./bindings/InquiryView";
export type { InvestigationView } from "./bindings/InvestigationView";
export type { MediumView } from "./bindings/MediumView";
export type { OutboxItemView } from "./bindings/OutboxItemView";
export type { Procedure } from "./bindings/Procedure";
export type { RegisterEntryView } from "./bindings/RegisterEntryView";
