// Hand-written view of docs/commands.md (the RPC contract with the Rust core).
// If these are later generated from Rust into ./bindings/, re-export from there and delete
// this file's duplicates; nothing else in the UI declares contract types.

export type Role = "caseworker" | "medical_clerk" | "supervisor" | "approver" | "admin" | "readonly";
/** 申請中 保護中 停止中 廃止 */
export type HouseholdStatus = "applying" | "active" | "suspended" | "closed";
export type Sex = "male" | "female" | "unspecified";

/** Permission names used by the UI to decide what to show (the core enforces them too). */
export type Permission =
  | "view_household"
  | "edit_household"
  | "change_status"
  | "reveal_my_number"
  | "manage_users"
  | "edit_office"
  | "view_audit"
  | (string & {});

export interface AppInfo {
  version: string;
  db_path: string;
  office_name: string | null;
  is_demo: boolean;
}

export interface SessionInfo {
  user_id: string;
  display_name: string;
  role: Role;
  role_label: string;
  must_change_password: boolean;
  permissions: Permission[];
  idle_lock_minutes: number;
}

export interface ParsedDate {
  iso: string;
  wareki: string;
}

export interface SearchHit {
  household_id: number;
  case_number: string;
  person_id: number;
  name: string;
  kana: string;
  birth_date: string;
  birth_date_wareki: string;
  sex: Sex;
  relationship: string;
  household_status: HouseholdStatus;
  household_status_label: string;
  phone: string | null;
}

export interface HouseholdHeader {
  id: number;
  case_number: string;
  postal_code: string | null;
  address: string;
  phone: string | null;
  caseworker_id: string | null;
  caseworker_name: string | null;
  status: HouseholdStatus;
  status_label: string;
  updated_at: string;
}

export interface StatusHistoryEntry {
  status: HouseholdStatus;
  status_label: string;
  effective_date: string;
  effective_date_wareki: string;
  reason: string;
  changed_by: string;
  changed_at: string;
}

export interface HouseholdView {
  household: HouseholdHeader;
  members: MemberView[];
  status_history: StatusHistoryEntry[];
}

export interface MemberView {
  id: number;
  name: string;
  kana: string;
  birth_date: string;
  birth_date_wareki: string;
  age: number;
  sex: Sex;
  sex_label: string;
  relationship: string;
  is_head: boolean;
  /** "****-****-9018", null when none registered */
  my_number_masked: string | null;
  /** 団体内統合宛名番号 */
  addressee_number: string | null;
  /** DV 等支援措置: 非開示 */
  dv_protected: boolean;
  death_date: string | null;
  death_date_wareki: string | null;
}

export interface HouseholdInput {
  case_number: string;
  postal_code: string | null;
  address: string;
  phone: string | null;
  caseworker_id: string | null;
}

export interface MemberInput {
  name: string;
  kana: string;
  /** any form parse_date accepts */
  birth_date: string;
  sex: Sex;
  relationship: string;
  is_head: boolean;
  /** null = keep unchanged on update, "" = remove */
  my_number: string | null;
  addressee_number: string | null;
  dv_protected: boolean;
  death_date: string | null;
}

export interface HomeView {
  today: string;
  today_wareki: string;
  counts: { status: HouseholdStatus; label: string; households: number }[];
  applying: { household_id: number; case_number: string; head_name: string; since: string; since_wareki: string }[];
  recent: { household_id: number; case_number: string; head_name: string; opened_at: string }[];
}

export interface UserSummary {
  user_id: string;
  display_name: string;
  role: Role;
  role_label: string;
}

export interface UserView extends UserSummary {
  disabled: boolean;
  must_change_password: boolean;
  failed_logins: number;
  locked_until: string | null;
}

export interface PermissionMatrix {
  roles: { role: Role; label: string }[];
  permissions: { permission: string; label: string }[];
  grants: Record<Role, string[]>;
}

export interface OfficeSettings {
  office_name: string;
  public_payer_number: string;
  municipality_code: string;
  prefecture: string;
  /** 級地: "1-1" … "3-2" */
  grade: string;
  chief_title: string;
  chief_name: string;
  postal_code: string;
  address: string;
  phone: string;
  idle_lock_minutes: number;
}

export interface AuditFilter {
  user_id?: string;
  person?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  user_id: string;
  action: string;
  action_label: string;
  target_kind: string | null;
  target_id: string | null;
  target_label: string | null;
  detail: unknown;
}

export interface AuditVerifyReport {
  ok: boolean;
  entries: number;
  first_broken: number | null;
  message: string;
}

/** The error object every rejected `rpc` call carries. */
export interface RpcErrorShape {
  code: string;
  message: string;
}

type NoParams = Record<never, never>;

/** method → params / result, exactly as docs/commands.md lists them. */
export interface RpcMethods {
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
  search_audit: { params: { filter: AuditFilter }; result: AuditEntryView[] };
  verify_audit: { params: NoParams; result: AuditVerifyReport };
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
