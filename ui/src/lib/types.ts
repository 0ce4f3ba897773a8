// Contract types with the Rust core. Everything the core serialises is generated from Rust by
// ts-rs into ./bindings/ (`cargo test -p madoguchi --lib` rewrites them) and only re-exported
// here, so the UI cannot drift from the core. What stays hand-written below has no Rust
// counterpart: the method → params/result map (the core's param structs are private serde
// shapes in src/service/rpc.rs) and the UI's own display tables.

import type { AppInfo } from "./bindings/AppInfo";
import type { AuditEntryView } from "./bindings/AuditEntryView";
import type { AuditQuery } from "./bindings/AuditQuery";
import type { HomeView } from "./bindings/HomeView";
import type { HouseholdInput } from "./bindings/HouseholdInput";
import type { HouseholdStatus } from "./bindings/HouseholdStatus";
import type { HouseholdView } from "./bindings/HouseholdView";
import type { MemberInput } from "./bindings/MemberInput";
import type { OfficeSettings } from "./bindings/OfficeSettings";
import type { ParsedDate } from "./bindings/ParsedDate";
import type { PermissionMatrix } from "./bindings/PermissionMatrix";
import type { Role } from "./bindings/Role";
import type { SearchHit } from "./bindings/SearchHit";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { Sex } from "./bindings/Sex";
import type { UserSummary } from "./bindings/UserSummary";
import type { UserView } from "./bindings/UserView";
import type { VerifyReport } from "./bindings/VerifyReport";
import type { AidKind } from "./bindings/AidKind";
import type { PrintJobFilter } from "./bindings/PrintJobFilter";
import type { PrintJobView } from "./bindings/PrintJobView";
import type { PrintPdf } from "./bindings/PrintPdf";
import type { PrintSendResult } from "./bindings/PrintSendResult";
import type { PrintState } from "./bindings/PrintState";
import type { PrintersView } from "./bindings/PrintersView";
import type { SavedFile } from "./bindings/SavedFile";
import type { NoticeTemplateView } from "./bindings/NoticeTemplateView";
import type { TemplateKey } from "./bindings/TemplateKey";
import type { DecisionMethods } from "./types.decisions";

export type { AppInfo } from "./bindings/AppInfo";
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

type NoParams = Record<never, never>;

/** method → params / result, as src/service/rpc.rs deserialises them (docs/commands.md lists them). */
export interface RpcMethods extends DecisionMethods {
  app_info: { params: NoParams; result: AppInfo };
  login: { params: { user_id: string; password: string }; result: SessionInfo };
  logout: { params: NoParams; result: null };
  lock: { params: NoParams; result: null };
  unlock: { params: { password: string }; result: SessionInfo };
  change_password: { params: { old_password: string; new_password: string }; result: SessionInfo };
  /** Not in docs/commands.md yet (present in src/service/rpc.rs): the current session, for a
   * window reload. Rejects AUTH_NOT_LOGGED_IN / AUTH_SESSION_LOCKED. */
  session: { params: NoParams; result: SessionInfo };
  parse_date: { params: { text: string }; result: ParsedDate };
  search: { params: { query: string; limit?: number }; result: SearchHit[] };
  open_household: { params: { household_id: number }; result: HouseholdView };
  home: { params: NoParams; result: HomeView };
  create_household: { params: { input: HouseholdInput }; result: HouseholdView };
  update_household: { params: { household_id: number; input: HouseholdInput }; result: HouseholdView };
  change_household_status: {
    params: { household_id: number; status: HouseholdStatus; effective_date: string; reason: string };
    result: HouseholdView;
  };
  add_member: { params: { household_id: number; input: MemberInput }; result: HouseholdView };
  update_member: { params: { person_id: number; input: MemberInput }; result: HouseholdView };
  remove_member: { params: { person_id: number; reason: string }; result: HouseholdView };
  reveal_my_number: { params: { person_id: number }; result: { my_number: string } };
  list_caseworkers: { params: NoParams; result: UserSummary[] };
  list_users: { params: NoParams; result: UserView[] };
  add_user: {
    params: { user_id: string; display_name: string; role: Role; temporary_password: string };
    result: UserView;
  };
  reset_password: { params: { user_id: string; temporary_password: string }; result: UserView };
  /** Enabling needs a new temporary password (the core re-creates the user's key slot). */
  set_user_disabled: {
    params: { user_id: string; disabled: boolean; temporary_password?: string };
    result: UserView;
  };
  permission_matrix: { params: NoParams; result: PermissionMatrix };
  get_office: { params: NoParams; result: OfficeSettings };
  save_office: { params: { settings: OfficeSettings }; result: OfficeSettings };
  /** 通知書の文面 (教示文・前文): any logged-in user reads, `edit_office` saves. */
  notice_templates_list: { params: NoParams; result: NoticeTemplateView[] };
  notice_template_get: { params: { key: TemplateKey }; result: NoticeTemplateView };
  notice_template_save: { params: { key: TemplateKey; text: string }; result: NoticeTemplateView };
  search_audit: { params: { filter: AuditQuery }; result: AuditEntryView[] };
  verify_audit: { params: NoParams; result: VerifyReport };
  // Printing (issue 3): print_document, except print_job_void (void_document)
  print_certificate: { params: { person_id: number; aids: AidKind[]; purpose: string | null }; result: PrintJobView };
  /** 決定通知書 as a queue job; refused for an unapproved decision unless `draft`. */
  print_decision_notice: {
    params: { decision_id: number; number: string | null; date: string | null; payment_method: string | null; draft: boolean };
    result: PrintJobView;
  };
  /** 保護決定調書 as a queue job, in any state (「案」 until approved). */
  print_calculation_sheet: { params: { decision_id: number; date: string | null }; result: PrintJobView };
  print_jobs: { params: { filter: PrintJobFilter }; result: PrintJobView[] };
  /** `reissue: true` returns the 再発行 version without recording a reprint (audited as a preview). */
  print_job_pdf: { params: { job_id: number; reissue: boolean }; result: PrintPdf };
  printers: { params: NoParams; result: PrintersView };
  print_jobs_send: { params: { job_ids: number[]; printer: string | null; copies: number }; result: PrintSendResult[] };
  print_job_reprint: { params: { job_id: number; printer: string | null; copies: number }; result: PrintSendResult };
  print_job_deliver: { params: { job_id: number }; result: PrintJobView };
  print_job_void: { params: { job_id: number; reason: string }; result: PrintJobView };
  print_job_save: { params: { job_id: number }; result: SavedFile };
  print_job_open: { params: { job_id: number }; result: SavedFile };
}

export type RpcMethod = keyof RpcMethods;
export type ParamsOf<M extends RpcMethod> = RpcMethods[M]["params"];
export type ResultOf<M extends RpcMethod> = RpcMethods[M]["result"];

export const STATUS_LABELS: Record<HouseholdStatus, string> = {
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
