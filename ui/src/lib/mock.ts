// In-memory backend that speaks the docs/commands.md contract. Used by the Vitest tests and by
// the `?mock` demo mode in a plain browser (never inside Tauri). It imitates the core's checks
// loosely; the Rust core is the authority.

import type { Backend } from "./api";
import type {
  AidKind,
  AuditEntryView,
  HouseholdInput,
  HouseholdStatus,
  HouseholdView,
  MemberInput,
  MemberView,
  OfficeSettings,
  Permission,
  PermissionMatrix,
  PrinterInfo,
  PrintJobView,
  DecisionView,
  NoticeTemplateView,
  TemplateKey,
  PrintSendResult,
  PrintState,
  Role,
  SearchHit,
  SessionInfo,
  Sex,
  UserView,
} from "./types";
import { AID_KINDS, PRINT_STATE_LABELS, SEX_LABELS, STATUS_LABELS } from "./types";
import { certificatePdf, toBase64, type CertificateSnapshot } from "./mockpdf/certificate";
import { ageOn, parseDateText, toWareki } from "./wareki";
import { DecisionsMock } from "./mockDecisions";

class MockError {
  constructor(
    public code: string,
    public message: string,
  ) {}
}
const fail = (code: string, message: string): never => {
  throw new MockError(code, message);
};

interface MockUser {
  user_id: string;
  display_name: string;
  role: Role;
  password: string;
  disabled: boolean;
  must_change_password: boolean;
  failed_logins: number;
  locked_until: string | null;
}
export interface MockHousehold {
  id: number;
  case_number: string;
  postal_code: string | null;
  address: string;
  phone: string | null;
  caseworker_id: string | null;
  status: HouseholdStatus;
  updated_at: string;
  history: HouseholdView["status_history"];
}
interface MockPrintJob {
  view: PrintJobView;
  snapshot: CertificateSnapshot;
}
export interface MockPerson {
  id: number;
  household_id: number;
  name: string;
  kana: string;
  birth_date: string;
  sex: Sex;
  relationship: string;
  is_head: boolean;
  my_number: string | null;
  addressee_number: string | null;
  dv_protected: boolean;
  death_date: string | null;
  removed: boolean;
}

export const ROLE_LABELS: Record<Role, string> = {
  caseworker: "地区担当員",
  medical_clerk: "医療・介護担当",
  supervisor: "査察指導員",
  approver: "決裁者",
  admin: "システム管理者",
  readonly: "閲覧のみ",
};

export const PERMISSION_LABELS: Partial<Record<Permission, string>> = {
  view_household: "世帯の閲覧",
  edit_household: "世帯の登録・修正",
  change_status: "保護の状態変更",
  reveal_my_number: "個人番号の表示",
  manage_users: "ユーザー管理",
  edit_office: "事務所設定の変更",
  view_audit: "操作ログの閲覧",
  print_document: "帳票の作成・印刷",
  void_document: "帳票の取消",
  draft_decision: "決定の起案",
  review_decision: "決定の審査",
  approve_decision: "決定の決裁",
  manage_rates: "基準額表の管理",
};

const DECISION_PERMISSIONS: Permission[] = ["draft_decision", "review_decision", "approve_decision"];

export const GRANTS: Record<Role, Permission[]> = {
  caseworker: ["view_household", "edit_household", "print_document", "draft_decision"],
  medical_clerk: ["view_household", "print_document"],
  supervisor: ["view_household", "edit_household", "change_status", "reveal_my_number", "view_audit", "print_document", "void_document", "draft_decision", "review_decision"],
  approver: ["view_household", "change_status", "reveal_my_number", "print_document", "void_document", "approve_decision"],
  // as in the core, the administrator runs the system, not cases: no printing, no decisions
  admin: (Object.keys(PERMISSION_LABELS) as Permission[]).filter(
    (p) => p !== "print_document" && p !== "void_document" && !DECISION_PERMISSIONS.includes(p),
  ),
  readonly: ["view_household"],
};

/** The core's default notice wording (domain::notice::TemplateKey::default_text), in key order. */
const LEAD_APPLIED = "あなたから申請のあった保護について、次のとおり決定したので通知します。";
const NOTICE_TEMPLATE_DEFAULTS: Record<TemplateKey, { label: string; text: string }> = {
  appeal: {
    label: "教示文",
    text:
      "1　この決定に不服があるときは、この決定があったことを知った日の翌日から起算して3か月以内に、{governor}に対して審査請求をすることができます（なお、この決定があったことを知った日の翌日から起算して3か月以内であっても、この決定の日の翌日から起算して1年を経過すると、審査請求をすることができなくなります。）。\n" +
      "2　1の審査請求に対する裁決に不服があるときは、その裁決があったことを知った日の翌日から起算して1か月以内に、厚生労働大臣に対して再審査請求をすることができます。\n" +
      "3　この決定の取消しを求める訴えは、1の審査請求に対する{governor}の裁決を経た後でなければ、提起することができません（生活保護法第69条）。",
  },
  lead_start: { label: "前文（開始）", text: LEAD_APPLIED },
  lead_change: { label: "前文（変更）", text: "あなたの世帯に対する保護について、次のとおり変更することに決定したので通知します。" },
  lead_suspend: { label: "前文（停止）", text: "あなたの世帯に対する保護について、次のとおり停止することに決定したので通知します。" },
  lead_abolish: { label: "前文（廃止）", text: "あなたの世帯に対する保護について、次のとおり廃止することに決定したので通知します。" },
  lead_reject: { label: "前文（却下）", text: LEAD_APPLIED },
};

const ACTION_LABELS: Record<string, string> = {
  login: "ログイン",
  login_failed: "ログイン失敗",
  logout: "ログアウト",
  lock: "ロック",
  unlock: "ロック解除",
  change_password: "パスワード変更",
  open_household: "世帯の閲覧",
  create_household: "世帯の登録",
  update_household: "世帯の修正",
  change_household_status: "状態の変更",
  add_member: "世帯員の追加",
  update_member: "世帯員の修正",
  remove_member: "世帯員の削除",
  reveal_my_number: "個人番号の表示",
  add_user: "ユーザーの追加",
  reset_password: "パスワード再設定",
  set_user_disabled: "ユーザーの無効化・有効化",
  save_office: "事務所設定の変更",
  notice_template_save: "通知書の文面の変更",
  print_certificate: "証明書の作成",
  print_request: "帳票の作成",
  print_preview: "帳票のプレビュー",
  print_send: "帳票の印刷",
  print_reprint: "帳票の再発行",
  print_deliver: "帳票の交付",
  print_void: "帳票の取消",
  print_save: "帳票の保存",
  print_open: "帳票を開く",
  rates_import: "基準額表の取込",
  situation_save: "収入・加算の保存",
  calc_view: "保護費の計算",
  application_register: "申請の登録",
  application_extend: "決定期限の延長",
  decision_draft: "決定の起案",
  decision_redraft: "決定の再起案",
  decision_review: "決定の審査",
  decision_return: "決定の差戻し",
  decision_approve: "決定の決裁",
  bulk_preview: "一括認定の試算",
  bulk_apply: "一括認定",
};

/** 個人番号 check digit (DOMAIN.md §4). */
export function myNumberValid(n: string): boolean {
  if (!/^\d{12}$/.test(n)) return false;
  const body = n.slice(0, 11);
  let sum = 0;
  for (let i = 1; i <= 11; i++) {
    const p = Number(body[11 - i]);
    const q = i <= 6 ? i + 1 : i - 5;
    sum += p * q;
  }
  const r = sum % 11;
  const check = r <= 1 ? 0 : 11 - r;
  return check === Number(n[11]);
}

function passwordProblem(userId: string, pw: string): string | null {
  if (pw.length < 10) return "パスワードは10文字以上にしてください。";
  if (userId && pw.toLowerCase().includes(userId.toLowerCase()))
    return "パスワードにユーザーIDを含めることはできません。";
  if (/(.)\1\1\1/.test(pw)) return "同じ文字の繰り返し（aaaa など）は使えません。";
  const codes = [...pw].map((c) => c.charCodeAt(0));
  for (let i = 0; i + 3 < codes.length; i++) {
    const d = codes[i + 1] - codes[i];
    if ((d === 1 || d === -1) && codes[i + 2] - codes[i + 1] === d && codes[i + 3] - codes[i + 2] === d)
      return "連続した並び（1234、abcd など）は使えません。";
  }
  return null;
}

export interface MockOptions {
  /** Simulated latency in ms (0 = answer on the next microtask). */
  latencyMs?: number | ((method: string) => number);
  /** Fixed "today" (ISO) for reproducible tests. */
  today?: string;
  /** Start empty (no demo households/users other than those given). */
  empty?: boolean;
}

export interface DemoSeed {
  users?: Partial<MockUser>[];
}

export class MockBackend implements Backend {
  users = new Map<string, MockUser>();
  households: MockHousehold[] = [];
  persons: MockPerson[] = [];
  audit: AuditEntryView[] = [];
  recent = new Map<string, { household_id: number; opened_at: string }[]>();
  office: OfficeSettings = {
    office_name: "みどり町福祉事務所",
    public_payer_number: "12131015",
    municipality_code: "131016",
    prefecture: "東京都",
    grade: "3-1",
    chief_title: "福祉事務所長",
    chief_name: "山田 一郎",
    postal_code: "100-0001",
    address: "東京都みどり町本町1-1",
    phone: "03-0000-0000",
    idle_lock_minutes: 10,
  };
  session: { user_id: string; locked: boolean } | null = null;
  isDemo = true;
  printJobs: MockPrintJob[] = [];
  /** The office's own notice wording (a key without an entry uses the default). */
  noticeTemplates = new Map<TemplateKey, { text: string; at: string; by: string }>();
  printerList: PrinterInfo[] = [
    { name: "事務室プリンター", is_default: true, enabled: true, status: "待機中" },
    { name: "窓口カウンター", is_default: false, enabled: true, status: "待機中" },
    { name: "2階複合機", is_default: false, enabled: false, status: "停止中" },
  ];
  /** Tests: job id → the message its next print fails with (the job stays 作成済). */
  printFailures = new Map<number, string>();
  private nextJobId = 1;
  private nextIssue = 1;
  /** Every call made, for tests. */
  calls: { method: string; params: Record<string, unknown> }[] = [];
  private nextId = 100;
  private opts: MockOptions;
  /** Decisions: rate sets, situations, calculation, applications, workflow, 一括認定. */
  decisions = new DecisionsMock({
    today: () => this.today(),
    now: () => this.nowStamp(),
    guard: (m, p) => this.guard(m, p),
    log: (a, t, d) => this.log(a, t, d),
    household: (id) => this.household(id),
    households: () => this.households,
    members: (hid) => this.members(hid),
    headName: (hid) => this.headName(hid),
    userName: (id) => this.users.get(id)?.display_name || id,
    parseDate: (text, field) => this.date(text, field, true)!,
    grade: () => this.office.grade,
    permissionsOf: (id) => GRANTS[this.users.get(id)?.role ?? "readonly"],
    fail,
    addHousehold: (h, m) => this.addHousehold(h, m),
  });

  constructor(opts: MockOptions = {}) {
    this.opts = opts;
    if (!opts.empty) this.seed();
  }

  today(): string {
    return this.opts.today ?? new Date().toISOString().slice(0, 10);
  }
  private nowStamp(): string {
    const d = new Date();
    return `${this.today()}T${d.toTimeString().slice(0, 8)}`;
  }

  addUser(u: Partial<MockUser> & { user_id: string; password: string }): void {
    this.users.set(u.user_id, {
      display_name: u.user_id,
      role: "caseworker",
      disabled: false,
      must_change_password: false,
      failed_logins: 0,
      locked_until: null,
      ...u,
    });
  }

  addHousehold(
    h: Partial<MockHousehold> & { case_number: string; address: string },
    members: (Partial<MockPerson> & { name: string; kana: string; birth_date: string })[],
  ): number {
    const id = this.nextId++;
    this.households.push({
      id,
      postal_code: null,
      phone: null,
      caseworker_id: null,
      status: "active",
      updated_at: this.nowStamp(),
      history: [],
      ...h,
    });
    for (const m of members) {
      this.persons.push({
        id: this.nextId++,
        household_id: id,
        sex: "unspecified",
        relationship: "世帯主",
        is_head: false,
        my_number: null,
        addressee_number: null,
        dv_protected: false,
        death_date: null,
        removed: false,
        ...m,
      });
    }
    return id;
  }

  private seed(): void {
    const pw = "midori-Demo-26";
    this.addUser({ user_id: "admin", display_name: "管理 花子", role: "admin", password: pw });
    this.addUser({ user_id: "sato", display_name: "佐藤 健", role: "caseworker", password: pw });
    this.addUser({ user_id: "suzuki", display_name: "鈴木 由美", role: "supervisor", password: pw });
    this.addUser({ user_id: "kato", display_name: "加藤 誠", role: "readonly", password: pw });
    this.addUser({ user_id: "kimura", display_name: "木村 直子", role: "approver", password: pw });
    this.addUser({
      user_id: "newbie",
      display_name: "新人 太郎",
      role: "caseworker",
      password: "kari-pass-01",
      must_change_password: true,
    });
    const hist = (status: HouseholdStatus, date: string, reason: string) => ({
      status,
      status_label: STATUS_LABELS[status],
      effective_date: date,
      effective_date_wareki: toWareki(date),
      reason,
      changed_by: "佐藤 健",
      changed_at: `${date}T10:00:00`,
    });
    this.addHousehold(
      {
        case_number: "2025-0001",
        postal_code: "100-0002",
        address: "東京都みどり町中央2-3-4 みどり荘101",
        phone: "03-1111-2222",
        caseworker_id: "sato",
        status: "active",
        history: [hist("applying", "2025-03-18", "窓口で申請を受理"), hist("active", "2025-04-01", "保護開始決定")],
      },
      [
        { name: "山本 和夫", kana: "ヤマモト カズオ", birth_date: "1958-06-12", sex: "male", is_head: true, my_number: "123456789018", addressee_number: "000123" },
        { name: "山本 幸子", kana: "ヤマモト サチコ", birth_date: "1961-11-03", sex: "female", relationship: "妻", addressee_number: "000124" },
      ],
    );
    this.addHousehold(
      {
        case_number: "2025-0002",
        address: "東京都みどり町東1-8-15",
        phone: "090-2222-3333",
        caseworker_id: "sato",
        status: "applying",
        history: [hist("applying", this.daysAgo(9), "窓口で申請を受理")],
      },
      [
        { name: "田中 美咲", kana: "タナカ ミサキ", birth_date: "1990-02-20", sex: "female", is_head: true, dv_protected: true },
        { name: "田中 蓮", kana: "タナカ レン", birth_date: "2016-08-05", sex: "male", relationship: "子" },
        { name: "田中 陽葵", kana: "タナカ ヒマリ", birth_date: "2019-05-01", sex: "female", relationship: "子" },
      ],
    );
    this.addHousehold(
      {
        case_number: "2024-0107",
        address: "東京都みどり町西3-2-1",
        caseworker_id: "suzuki",
        status: "suspended",
        history: [hist("active", "2024-06-01", "保護開始決定"), hist("suspended", "2025-02-01", "就労収入の増加による停止")],
      },
      [{ name: "山田 太郎", kana: "ヤマダ タロウ", birth_date: "1975-01-30", sex: "male", is_head: true }],
    );
    this.addHousehold(
      {
        case_number: "2023-0042",
        address: "東京都みどり町南5-10",
        phone: "03-4444-5555",
        caseworker_id: "sato",
        status: "active",
        history: [hist("active", "2023-09-01", "保護開始決定")],
      },
      [
        { name: "山口 トメ", kana: "ヤマグチ トメ", birth_date: "1936-03-03", sex: "female", is_head: true },
        { name: "山口 正", kana: "ヤマグチ タダシ", birth_date: "1933-12-01", sex: "male", relationship: "夫", death_date: "2024-12-20" },
      ],
    );
    this.addHousehold(
      {
        case_number: "2025-0003",
        address: "東京都みどり町北1-1-1",
        caseworker_id: null,
        status: "applying",
        history: [hist("applying", this.daysAgo(16), "電話相談の後、来所して申請")],
      },
      [{ name: "小林 健一", kana: "コバヤシ ケンイチ", birth_date: "1968-09-09", sex: "male", is_head: true }],
    );
    this.addHousehold(
      {
        case_number: "2022-0015",
        address: "東京都みどり町中央8-1",
        caseworker_id: "suzuki",
        status: "closed",
        history: [hist("active", "2022-04-01", "保護開始決定"), hist("closed", "2024-03-31", "転出による廃止")],
      },
      [{ name: "中村 さくら", kana: "ナカムラ サクラ", birth_date: "1985-04-10", sex: "female", is_head: true }],
    );
    this.seedPrintJobs();
    this.decisions.seed();
  }

  private seedPrintJobs(): void {
    const person = (name: string) => this.persons.find((p) => p.name === name)!;
    const at = (days: number, time: string) => `${this.daysAgo(days)}T${time}`;
    const a = this.createCertificate(person("山本 幸子"), ["living", "housing", "medical"], "年金の手続き", "佐藤 健", at(6, "10:12:40"));
    Object.assign(a.view, { state: "delivered", state_label: "交付済", printed_count: 1, printed_at: at(6, "10:14:02"), delivered_at: at(6, "10:20:11"), printer: "事務室プリンター" });
    const b = this.createCertificate(person("山口 トメ"), ["living", "long_term_care", "medical"], null, "佐藤 健", at(3, "14:31:05"));
    Object.assign(b.view, { state: "printed", state_label: "印刷済", printed_count: 1, printed_at: at(3, "14:32:10"), printer: "窓口カウンター" });
    const c = this.createCertificate(person("小林 健一"), ["living"], "賃貸契約のため", "鈴木 由美", at(2, "09:05:00"));
    Object.assign(c.view, { state: "voided", state_label: "取消", voided_at: at(2, "09:07:30"), void_reason: "扶助の種類の選択誤り" });
    this.createCertificate(person("山本 和夫"), ["living", "housing"], "介護保険の手続き", "佐藤 健", at(0, "09:41:22"));
  }

  private createCertificate(person: MockPerson, aids: AidKind[], purpose: string | null, by: string, at: string): MockPrintJob {
    const h = this.household(person.household_id);
    const start = h.history.find((x) => x.status === "active")?.effective_date;
    const closed = h.status === "closed" ? [...h.history].reverse().find((x) => x.status === "closed")?.effective_date : undefined;
    const period = start ? `${toWareki(start)} 〜 ${closed ? `${toWareki(closed)}（廃止）` : "継続中"}` : "—";
    const issue = `${at.slice(0, 4)}-${String(this.nextIssue++).padStart(4, "0")}`;
    const snapshot: CertificateSnapshot = {
      issue_number: `第 ${issue} 号`,
      issue_date_wareki: toWareki(at.slice(0, 10)),
      name: person.name,
      kana: person.kana,
      birth_date_wareki: toWareki(person.birth_date),
      address: h.address,
      period,
      aids: AID_KINDS.filter((k) => aids.includes(k.value)).map((k) => k.label),
      purpose,
      office_name: this.office.office_name,
      chief: `${this.office.chief_title}　${this.office.chief_name}`,
      office_address: `〒${this.office.postal_code} ${this.office.address}`,
      office_phone: this.office.phone,
    };
    const bytes = certificatePdf(snapshot, false).length;
    const job: MockPrintJob = {
      snapshot,
      view: {
        id: this.nextJobId++,
        kind: "certificate",
        title: "保護受給証明書",
        issue_number: issue,
        household_id: h.id,
        case_number: h.case_number,
        person_id: person.id,
        person_name: person.name,
        state: "generated",
        state_label: PRINT_STATE_LABELS.generated,
        pages: 1,
        bytes,
        reprint_count: 0,
        printed_count: 0,
        requested_by: by,
        requested_at: at,
        printed_at: null,
        delivered_at: null,
        voided_at: null,
        void_reason: null,
        printer: null,
        error: null,
      },
    };
    this.printJobs.push(job);
    return job;
  }

  /** A 決定通知書 or 保護決定調書 job. The demo PDF reuses the certificate drawing (the mock has
   *  no notice layout); the real documents come from the core. */
  private createDecisionJob(
    kind: "decision_notice" | "calculation_sheet",
    d: DecisionView,
    number: string | null,
    date: string,
    by: string,
    at: string,
  ): MockPrintJob {
    const h = this.household(d.household_id);
    const head = this.members(h.id).find((m) => m.is_head) ?? null;
    const draft = d.state !== "approved";
    const base = kind === "calculation_sheet" ? "保護決定調書" : d.kind === "reject" ? "保護申請却下通知書" : `保護${d.kind_label}決定通知書`;
    const title = draft ? `${base}（案）` : base;
    const snapshot: CertificateSnapshot = {
      issue_number: number ?? "第　　　　号",
      issue_date_wareki: toWareki(date),
      name: d.head_name,
      kana: head?.kana ?? "",
      birth_date_wareki: head ? toWareki(head.birth_date) : "",
      address: h.address,
      period: `${d.effective_date_wareki}から`,
      aids: d.amounts.map((a) => a.label),
      purpose: title,
      office_name: this.office.office_name,
      chief: `${this.office.chief_title}　${this.office.chief_name}`,
      office_address: `〒${this.office.postal_code} ${this.office.address}`,
      office_phone: this.office.phone,
    };
    const job: MockPrintJob = {
      snapshot,
      view: {
        id: this.nextJobId++,
        kind,
        title: base,
        issue_number: null,
        household_id: h.id,
        case_number: h.case_number,
        person_id: head?.id ?? null,
        person_name: d.head_name,
        state: "generated",
        state_label: PRINT_STATE_LABELS.generated,
        pages: 1,
        bytes: certificatePdf(snapshot, false).length,
        reprint_count: 0,
        printed_count: 0,
        requested_by: by,
        requested_at: at,
        printed_at: null,
        delivered_at: null,
        voided_at: null,
        void_reason: null,
        printer: null,
        error: null,
      },
    };
    this.printJobs.push(job);
    return job;
  }

  private templateView(key: TemplateKey): NoticeTemplateView {
    const def = NOTICE_TEMPLATE_DEFAULTS[key];
    const own = this.noticeTemplates.get(key);
    const text = own?.text ?? def.text;
    const pref = this.office.prefecture.trim();
    return {
      key,
      label: def.label,
      text,
      default_text: def.text,
      is_default: !own,
      updated_at: own?.at ?? null,
      updated_by: own?.by ?? null,
      preview: pref ? text.replaceAll("{governor}", `${pref}知事`).replaceAll("{prefecture}", pref) : null,
    };
  }

  private printJob(id: number): MockPrintJob {
    return this.printJobs.find((j) => j.view.id === id) ?? fail("NOT_FOUND", "該当する帳票がありません。");
  }

  private jobTarget(j: MockPrintJob) {
    return { kind: "print_job", id: String(j.view.id), label: `${j.view.title} ${j.view.issue_number ?? ""}`.trim() };
  }

  private setJobState(j: MockPrintJob, state: PrintState): void {
    j.view.state = state;
    j.view.state_label = PRINT_STATE_LABELS[state];
  }

  /** Resolve the printer (null = default) and copies as the core does, or fail. */
  private resolvePrinter(name: unknown, copies: unknown): PrinterInfo {
    const n = Number(copies);
    if (!Number.isInteger(n) || n < 1 || n > 99) fail("VALIDATION", "部数は1〜99で指定してください。");
    if (name === null || name === undefined || name === "") {
      return this.printerList.find((x) => x.is_default) ?? fail("PRINT_NO_DEFAULT_PRINTER", "既定のプリンターが設定されていません。");
    }
    return this.printerList.find((x) => x.name === name) ?? fail("PRINT_PRINTER_NOT_FOUND", `プリンター「${String(name)}」が見つかりません`);
  }

  /** One job to one printer: the per-job outcome (a failure keeps the job 作成済 with `error`). */
  private sendOne(j: MockPrintJob, printer: PrinterInfo, copies: number, reissue: boolean): PrintSendResult {
    const failure = !printer.enabled
      ? `プリンター「${printer.name}」は停止しています。用紙やプリンターの状態を確認してください。`
      : this.printFailures.get(j.view.id);
    if (failure) {
      this.printFailures.delete(j.view.id);
      j.view.error = failure;
      this.log("print_send", this.jobTarget(j), { printer: printer.name, copies, ok: false });
      return { job_id: j.view.id, ok: false, job: { ...j.view }, message: failure };
    }
    j.view.error = null;
    j.view.printer = printer.name;
    j.view.printed_count += copies;
    j.view.printed_at = this.nowStamp();
    if (reissue) j.view.reprint_count++;
    if (j.view.state === "generated" || j.view.state === "requested") this.setJobState(j, "printed");
    this.log(reissue ? "print_reprint" : "print_send", this.jobTarget(j), { printer: printer.name, copies, ok: true });
    const what = reissue ? "再発行版を" : "";
    return { job_id: j.view.id, ok: true, job: { ...j.view }, message: `${what}「${printer.name}」に${copies}部送りました。` };
  }

  private daysAgo(n: number): string {
    const d = new Date(this.today() + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  }

  // ---------------------------------------------------------------- plumbing

  async call(method: string, params: Record<string, unknown>): Promise<unknown> {
    this.calls.push({ method, params });
    const lat = typeof this.opts.latencyMs === "function" ? this.opts.latencyMs(method) : (this.opts.latencyMs ?? 0);
    if (lat > 0) await new Promise((r) => setTimeout(r, lat));
    try {
      const out = this.dispatch(method, params ?? {});
      return structuredClone(out);
    } catch (e) {
      if (e instanceof MockError) throw { code: e.code, message: e.message };
      throw e;
    }
  }

  private me(): MockUser {
    if (!this.session) return fail("AUTH_NOT_LOGGED_IN", "ログインしていません。");
    return this.users.get(this.session.user_id)!;
  }

  private guard(method: string, permission?: Permission): MockUser {
    const u = this.me();
    if (this.session!.locked && method !== "unlock" && method !== "logout" && method !== "lock")
      fail("AUTH_SESSION_LOCKED", "ロック中です。");
    if (u.must_change_password && !["change_password", "logout", "lock", "unlock"].includes(method))
      fail("AUTH_MUST_CHANGE_PASSWORD", "パスワードを変更してください。");
    if (permission && !GRANTS[u.role].includes(permission))
      fail("PERMISSION_DENIED", "この操作の権限がありません。");
    return u;
  }

  private log(action: string, target?: { kind: string; id: string; label: string }, detail: unknown = null, user?: string) {
    this.audit.push({
      seq: this.audit.length + 1,
      at: this.nowStamp(),
      user_id: user ?? this.session?.user_id ?? "",
      action,
      action_label: ACTION_LABELS[action] ?? action,
      target_kind: target?.kind ?? null,
      target_id: target?.id ?? null,
      target_label: target?.label ?? null,
      detail,
    });
  }

  sessionInfo(u: MockUser): SessionInfo {
    return {
      user_id: u.user_id,
      display_name: u.display_name,
      role: u.role,
      role_label: ROLE_LABELS[u.role],
      must_change_password: u.must_change_password,
      permissions: [...GRANTS[u.role]],
      idle_lock_minutes: this.office.idle_lock_minutes,
    };
  }

  private userView(u: MockUser): UserView {
    return {
      user_id: u.user_id,
      display_name: u.display_name,
      role: u.role,
      role_label: ROLE_LABELS[u.role],
      disabled: u.disabled,
      must_change_password: u.must_change_password,
      failed_logins: u.failed_logins,
      locked_until: u.locked_until,
    };
  }

  private household(id: number): MockHousehold {
    return this.households.find((h) => h.id === id) ?? fail("NOT_FOUND", "該当する世帯がありません。");
  }

  private members(hid: number): MockPerson[] {
    return this.persons
      .filter((p) => p.household_id === hid && !p.removed)
      .sort((a, b) => Number(b.is_head) - Number(a.is_head) || a.birth_date.localeCompare(b.birth_date));
  }

  private memberView(p: MockPerson): MemberView {
    return {
      id: p.id,
      name: p.name,
      kana: p.kana,
      birth_date: p.birth_date,
      birth_date_wareki: toWareki(p.birth_date),
      age: ageOn(p.birth_date, p.death_date ?? this.today()),
      sex: p.sex,
      sex_label: SEX_LABELS[p.sex],
      relationship: p.relationship,
      is_head: p.is_head,
      my_number_masked: p.my_number ? `****-****-${p.my_number.slice(8)}` : null,
      addressee_number: p.addressee_number,
      dv_protected: p.dv_protected,
      death_date: p.death_date,
      death_date_wareki: p.death_date ? toWareki(p.death_date) : null,
    };
  }

  view(hid: number): HouseholdView {
    const h = this.household(hid);
    const cw = h.caseworker_id ? this.users.get(h.caseworker_id) : undefined;
    return {
      household: {
        id: h.id,
        case_number: h.case_number,
        postal_code: h.postal_code,
        address: h.address,
        phone: h.phone,
        caseworker_id: h.caseworker_id,
        caseworker_name: cw?.display_name ?? null,
        status: h.status,
        status_label: STATUS_LABELS[h.status],
        updated_at: h.updated_at,
      },
      members: this.members(hid).map((p) => this.memberView(p)),
      status_history: [...h.history].reverse(),
    };
  }

  private headName(hid: number): string {
    const ms = this.members(hid);
    return (ms.find((m) => m.is_head) ?? ms[0])?.name ?? "";
  }

  private date(text: unknown, field: string, required: boolean): string | null {
    const s = String(text ?? "").trim();
    if (!s) return required ? fail("VALIDATION", `${field}を入力してください。`) : null;
    return parseDateText(s) ?? fail("VALIDATION", `${field}の日付が読めません。「R7.4.1」や「2025-04-01」の形で入力してください。`);
  }

  private checkHouseholdInput(input: HouseholdInput, selfId: number | null) {
    if (!input?.case_number?.trim()) fail("VALIDATION", "ケース番号を入力してください。");
    if (!input.address?.trim()) fail("VALIDATION", "住所を入力してください。");
    if (this.households.some((h) => h.case_number === input.case_number.trim() && h.id !== selfId))
      fail("VALIDATION", "このケース番号は既に使われています。");
    if (input.caseworker_id && !this.users.has(input.caseworker_id)) fail("VALIDATION", "担当のユーザーが見つかりません。");
  }

  private applyMember(p: MockPerson, input: MemberInput, isNew: boolean) {
    if (!input.name?.trim()) fail("VALIDATION", "氏名を入力してください。");
    if (!input.kana?.trim()) fail("VALIDATION", "カナを入力してください。");
    const birth = this.date(input.birth_date, "生年月日", true)!;
    const death = this.date(input.death_date, "死亡日", false);
    if (input.my_number !== null && input.my_number !== "") {
      const n = input.my_number.replace(/[-\s]/g, "");
      if (!myNumberValid(n)) fail("VALIDATION", "個人番号が正しくありません（12桁・検査数字）。");
      p.my_number = n;
    } else if (input.my_number === "" && !isNew) {
      p.my_number = null;
    }
    p.name = input.name.trim();
    p.kana = input.kana.trim();
    p.birth_date = birth;
    p.sex = input.sex;
    p.relationship = input.relationship.trim();
    p.is_head = input.is_head;
    p.addressee_number = input.addressee_number?.trim() || null;
    p.dv_protected = input.dv_protected;
    p.death_date = death;
    if (p.is_head) for (const o of this.persons) if (o.household_id === p.household_id && o !== p) o.is_head = false;
  }

  // ---------------------------------------------------------------- methods

  private dispatch(method: string, p: Record<string, any>): unknown {
    switch (method) {
      case "app_info":
        return { version: "0.1.0-demo", db_path: ":memory:", office_name: this.office.office_name, is_demo: this.isDemo };
      case "login": {
        const u = this.users.get(String(p.user_id ?? ""));
        if (u?.locked_until) fail("AUTH_LOCKED_OUT", "続けて5回失敗したため、15分間ログインできません。");
        if (!u || u.password !== p.password) {
          if (u) {
            u.failed_logins++;
            this.log("login_failed", undefined, { failed: u.failed_logins }, u.user_id);
            if (u.failed_logins >= 5) {
              u.locked_until = this.nowStamp();
              fail("AUTH_LOCKED_OUT", "続けて5回失敗したため、15分間ログインできません。");
            }
            fail("AUTH_BAD_CREDENTIALS", `ログインできません（失敗 ${u.failed_logins}回）`);
          }
          fail("AUTH_BAD_CREDENTIALS", "ログインできません（失敗 1回）");
        }
        if (u!.disabled) fail("AUTH_DISABLED", "このユーザーは無効です。");
        u!.failed_logins = 0;
        this.session = { user_id: u!.user_id, locked: false };
        this.log("login");
        return this.sessionInfo(u!);
      }
      case "logout":
        if (this.session) this.log("logout");
        this.session = null;
        return null;
      case "lock":
        this.me();
        this.session!.locked = true;
        this.log("lock");
        return null;
      case "unlock": {
        const u = this.me();
        if (u.password !== p.password) fail("AUTH_BAD_CREDENTIALS", "パスワードが違います。");
        this.session!.locked = false;
        this.log("unlock");
        return this.sessionInfo(u);
      }
      case "change_password": {
        const u = this.guard(method);
        if (u.password !== p.old_password) fail("AUTH_WRONG_CURRENT_PASSWORD", "現在のパスワードが違います。");
        const problem = passwordProblem(u.user_id, String(p.new_password ?? ""));
        if (problem) fail("AUTH_PASSWORD_RULE", problem);
        if (p.new_password === p.old_password) fail("AUTH_SAME_PASSWORD", "今までと同じパスワードは使えません。");
        u.password = p.new_password;
        u.must_change_password = false;
        this.log("change_password");
        return this.sessionInfo(u);
      }
      case "session": {
        const u = this.guard(method);
        return this.sessionInfo(u);
      }
      case "parse_date": {
        const iso = parseDateText(String(p.text ?? ""));
        if (!iso) fail("VALIDATION", "日付が読めません。「R7.4.1」「令和7年4月1日」「2025-04-01」の形で入力してください。");
        return { iso, wareki: toWareki(iso!) };
      }
      case "search": {
        this.guard(method, "view_household");
        const q = String(p.query ?? "").replace(/\s+/g, "").toLowerCase();
        if (!q) return [];
        const hits: SearchHit[] = [];
        for (const person of this.persons) {
          if (person.removed) continue;
          const h = this.household(person.household_id);
          const hay = [person.name, person.kana, h.case_number].map((s) => s.replace(/\s+/g, "").toLowerCase());
          if (!hay.some((s) => s.includes(q))) continue;
          hits.push({
            household_id: h.id,
            case_number: h.case_number,
            person_id: person.id,
            name: person.name,
            kana: person.kana,
            birth_date: person.birth_date,
            birth_date_wareki: toWareki(person.birth_date),
            sex: person.sex,
            relationship: person.relationship,
            household_status: h.status,
            household_status_label: STATUS_LABELS[h.status],
            phone: h.phone,
          });
        }
        return hits.slice(0, Number(p.limit ?? 50));
      }
      case "open_household": {
        const u = this.guard(method, "view_household");
        const v = this.view(Number(p.household_id));
        this.log("open_household", { kind: "household", id: String(v.household.id), label: v.household.case_number });
        const list = (this.recent.get(u.user_id) ?? []).filter((r) => r.household_id !== v.household.id);
        list.unshift({ household_id: v.household.id, opened_at: this.nowStamp() });
        this.recent.set(u.user_id, list.slice(0, 8));
        return v;
      }
      case "home": {
        const u = this.guard(method);
        const today = this.today();
        return {
          today,
          today_wareki: toWareki(today),
          counts: (Object.keys(STATUS_LABELS) as HouseholdStatus[]).map((s) => ({
            status: s,
            label: STATUS_LABELS[s],
            households: this.households.filter((h) => h.status === s).length,
          })),
          applying: this.households
            .filter((h) => h.status === "applying")
            .map((h) => {
              const since = [...h.history].reverse().find((x) => x.status === "applying")?.effective_date ?? today;
              return { household_id: h.id, case_number: h.case_number, head_name: this.headName(h.id), since, since_wareki: toWareki(since) };
            })
            .sort((a, b) => a.since.localeCompare(b.since)),
          recent: (this.recent.get(u.user_id) ?? []).map((r) => ({
            household_id: r.household_id,
            case_number: this.household(r.household_id).case_number,
            head_name: this.headName(r.household_id),
            opened_at: r.opened_at,
          })),
          ...this.decisions.deadlines(),
        };
      }
      case "create_household": {
        this.guard(method, "edit_household");
        const input = p.input as HouseholdInput;
        this.checkHouseholdInput(input, null);
        const id = this.addHousehold(
          {
            case_number: input.case_number.trim(),
            postal_code: input.postal_code,
            address: input.address.trim(),
            phone: input.phone,
            caseworker_id: input.caseworker_id,
            status: "applying",
            history: [],
          },
          [],
        );
        this.log("create_household", { kind: "household", id: String(id), label: input.case_number });
        return this.view(id);
      }
      case "update_household": {
        this.guard(method, "edit_household");
        const h = this.household(Number(p.household_id));
        const input = p.input as HouseholdInput;
        this.checkHouseholdInput(input, h.id);
        Object.assign(h, {
          case_number: input.case_number.trim(),
          postal_code: input.postal_code,
          address: input.address.trim(),
          phone: input.phone,
          caseworker_id: input.caseworker_id,
          updated_at: this.nowStamp(),
        });
        this.log("update_household", { kind: "household", id: String(h.id), label: h.case_number });
        return this.view(h.id);
      }
      case "change_household_status": {
        const u = this.guard(method, "change_status");
        const h = this.household(Number(p.household_id));
        if (!(p.status in STATUS_LABELS)) fail("VALIDATION", "状態を選んでください。");
        const date = this.date(p.effective_date, "適用日", true)!;
        if (!String(p.reason ?? "").trim()) fail("VALIDATION", "理由を入力してください。");
        h.status = p.status;
        h.history.push({
          status: p.status,
          status_label: STATUS_LABELS[p.status as HouseholdStatus],
          effective_date: date,
          effective_date_wareki: toWareki(date),
          reason: String(p.reason).trim(),
          changed_by: u.display_name,
          changed_at: this.nowStamp(),
        });
        this.log("change_household_status", { kind: "household", id: String(h.id), label: h.case_number }, { status: p.status });
        return this.view(h.id);
      }
      case "add_member": {
        this.guard(method, "edit_household");
        const h = this.household(Number(p.household_id));
        const person: MockPerson = {
          id: this.nextId++,
          household_id: h.id,
          name: "",
          kana: "",
          birth_date: "",
          sex: "unspecified",
          relationship: "",
          is_head: false,
          my_number: null,
          addressee_number: null,
          dv_protected: false,
          death_date: null,
          removed: false,
        };
        this.applyMember(person, p.input as MemberInput, true);
        this.persons.push(person);
        this.log("add_member", { kind: "person", id: String(person.id), label: person.name });
        return this.view(h.id);
      }
      case "update_member": {
        this.guard(method, "edit_household");
        const person = this.persons.find((x) => x.id === Number(p.person_id) && !x.removed) ?? fail("NOT_FOUND", "該当する世帯員がありません。");
        const copy = { ...person };
        this.applyMember(copy, p.input as MemberInput, false);
        Object.assign(person, copy);
        this.log("update_member", { kind: "person", id: String(person.id), label: person.name });
        return this.view(person.household_id);
      }
      case "remove_member": {
        this.guard(method, "edit_household");
        const person = this.persons.find((x) => x.id === Number(p.person_id) && !x.removed) ?? fail("NOT_FOUND", "該当する世帯員がありません。");
        if (!String(p.reason ?? "").trim()) fail("VALIDATION", "理由を入力してください。");
        person.removed = true;
        this.log("remove_member", { kind: "person", id: String(person.id), label: person.name }, { reason: p.reason });
        return this.view(person.household_id);
      }
      case "reveal_my_number": {
        this.guard(method, "reveal_my_number");
        const person = this.persons.find((x) => x.id === Number(p.person_id)) ?? fail("NOT_FOUND", "該当する世帯員がありません。");
        if (!person.my_number) fail("NOT_FOUND", "個人番号が登録されていません。");
        this.log("reveal_my_number", { kind: "person", id: String(person.id), label: person.name });
        return { my_number: person.my_number };
      }
      case "list_caseworkers":
        this.guard(method);
        return [...this.users.values()]
          .filter((u) => !u.disabled && ["caseworker", "supervisor"].includes(u.role))
          .map((u) => ({ user_id: u.user_id, display_name: u.display_name, role: u.role, role_label: ROLE_LABELS[u.role] }));
      case "list_users":
        this.guard(method, "manage_users");
        return [...this.users.values()].map((u) => this.userView(u));
      case "add_user": {
        this.guard(method, "manage_users");
        const id = String(p.user_id ?? "").trim();
        if (!/^[a-z0-9_.-]{2,32}$/i.test(id)) fail("VALIDATION", "ユーザーIDは半角英数字2〜32文字で入力してください。");
        if (this.users.has(id)) fail("VALIDATION", "このユーザーIDは既に使われています。");
        if (!String(p.display_name ?? "").trim()) fail("VALIDATION", "氏名を入力してください。");
        if (!(p.role in ROLE_LABELS)) fail("VALIDATION", "役割を選んでください。");
        const problem = passwordProblem(id, String(p.temporary_password ?? ""));
        if (problem) fail("VALIDATION", "仮パスワード: " + problem);
        this.addUser({ user_id: id, display_name: String(p.display_name).trim(), role: p.role, password: p.temporary_password, must_change_password: true });
        this.log("add_user", { kind: "user", id, label: p.display_name });
        return this.userView(this.users.get(id)!);
      }
      case "reset_password": {
        this.guard(method, "manage_users");
        const u = this.users.get(String(p.user_id)) ?? fail("NOT_FOUND", "該当するユーザーがありません。");
        const problem = passwordProblem(u.user_id, String(p.temporary_password ?? ""));
        if (problem) fail("VALIDATION", "仮パスワード: " + problem);
        u.password = p.temporary_password;
        u.must_change_password = true;
        u.failed_logins = 0;
        u.locked_until = null;
        this.log("reset_password", { kind: "user", id: u.user_id, label: u.display_name });
        return this.userView(u);
      }
      case "set_user_disabled": {
        const me = this.guard(method, "manage_users");
        const u = this.users.get(String(p.user_id)) ?? fail("NOT_FOUND", "該当するユーザーがありません。");
        if (u.user_id === me.user_id && p.disabled) fail("VALIDATION", "自分自身のアカウントは無効にできません");
        if (!p.disabled) {
          if (!p.temporary_password) fail("VALIDATION", "有効にするには仮パスワードが必要です");
          const problem = passwordProblem(u.user_id, String(p.temporary_password));
          if (problem) fail("AUTH_PASSWORD_RULE", "仮パスワード: " + problem);
          u.password = p.temporary_password;
          u.must_change_password = true;
        }
        u.disabled = Boolean(p.disabled);
        this.log("set_user_disabled", { kind: "user", id: u.user_id, label: u.display_name }, { disabled: u.disabled });
        return this.userView(u);
      }
      case "permission_matrix": {
        this.guard(method);
        const m: PermissionMatrix = {
          roles: (Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ role: r, label: ROLE_LABELS[r] })),
          permissions: Object.entries(PERMISSION_LABELS).map(([permission, label]) => ({ permission, label })),
          grants: GRANTS,
        };
        return m;
      }
      case "get_office":
        this.guard(method);
        return this.office;
      case "save_office": {
        this.guard(method, "edit_office");
        const s = p.settings as OfficeSettings;
        if (!s.office_name?.trim()) fail("VALIDATION", "福祉事務所名を入力してください。");
        if (!/^\d{8}$/.test(s.public_payer_number)) fail("VALIDATION", "公費負担者番号は8桁の数字です。");
        if (!/^\d{6}$/.test(s.municipality_code)) fail("VALIDATION", "市区町村コードは6桁の数字です。");
        if (!Number.isInteger(s.idle_lock_minutes) || s.idle_lock_minutes < 1 || s.idle_lock_minutes > 60)
          fail("VALIDATION", "自動ロックは1〜60分で指定してください。");
        this.office = { ...s };
        this.log("save_office");
        return this.office;
      }
      case "notice_templates_list":
        this.guard(method);
        return (Object.keys(NOTICE_TEMPLATE_DEFAULTS) as TemplateKey[]).map((k) => this.templateView(k));
      case "notice_template_get": {
        this.guard(method);
        const key = p.key as TemplateKey;
        if (!(key in NOTICE_TEMPLATE_DEFAULTS)) fail("RPC_BAD_PARAMS", `画面からの要求（${method}）が正しくありません`);
        return this.templateView(key);
      }
      case "notice_template_save": {
        this.guard(method, "edit_office");
        const key = p.key as TemplateKey;
        if (!(key in NOTICE_TEMPLATE_DEFAULTS)) fail("RPC_BAD_PARAMS", `画面からの要求（${method}）が正しくありません`);
        const text = String(p.text ?? "").replace(/\r\n?/g, "\n").trim();
        if (!text) fail("VALIDATION", "文面が空です");
        if ([...text].length > 1200) fail("VALIDATION", "文面は1200文字以内にしてください");
        const bad = (text.match(/\{[^}]*\}/g) ?? []).find((x) => x !== "{prefecture}" && x !== "{governor}");
        if (bad) fail("VALIDATION", `差込項目「${bad}」は使えません（使えるのは {prefecture}・{governor} です）`);
        if (text === NOTICE_TEMPLATE_DEFAULTS[key].text) this.noticeTemplates.delete(key);
        else this.noticeTemplates.set(key, { text, at: this.nowStamp(), by: this.session?.user_id ?? "" });
        this.log("notice_template_save", { kind: "office", id: key, label: NOTICE_TEMPLATE_DEFAULTS[key].label });
        return this.templateView(key);
      }
      case "search_audit": {
        this.guard(method, "view_audit");
        const f = (p.filter ?? {}) as Record<string, string | undefined>;
        const from = f.from ? this.date(f.from, "期間（開始）", false) : null;
        const to = f.to ? this.date(f.to, "期間（終了）", false) : null;
        return this.audit
          .filter((e) => !f.user_id || e.user_id === f.user_id)
          .filter((e) => !f.action || e.action.includes(f.action) || e.action_label.includes(f.action))
          .filter((e) => !f.person || (e.target_label ?? "").includes(f.person))
          .filter((e) => !from || e.at.slice(0, 10) >= from)
          .filter((e) => !to || e.at.slice(0, 10) <= to)
          .reverse()
          .slice(0, Number(f.limit ?? 500));
      }
      case "verify_audit":
        this.guard(method, "view_audit");
        return { ok: true, entries: this.audit.length, first_broken: null, anchored_seq: null, anchor_at: null, message: `${this.audit.length}件を検査しました。改ざんは見つかりません。` };
      case "print_certificate": {
        const u = this.guard(method, "print_document");
        const person = this.persons.find((x) => x.id === Number(p.person_id) && !x.removed) ?? fail("NOT_FOUND", "該当する世帯員がありません。");
        const aids = (Array.isArray(p.aids) ? p.aids : []) as AidKind[];
        if (aids.length === 0) fail("VALIDATION", "扶助の種類を1つ以上選んでください。");
        if (aids.some((a) => !AID_KINDS.some((k) => k.value === a))) fail("VALIDATION", "扶助の種類が正しくありません。");
        const purpose = typeof p.purpose === "string" && p.purpose.trim() ? p.purpose.trim() : null;
        const job = this.createCertificate(person, aids, purpose, u.display_name, this.nowStamp());
        this.log("print_certificate", this.jobTarget(job), { person_id: person.id, aids });
        return job.view;
      }
      case "print_decision_notice":
      case "print_calculation_sheet": {
        const u = this.guard(method, "print_document");
        const d = this.decisions.dispatch("decision_get", { decision_id: p.decision_id }) as DecisionView;
        const notice = method === "print_decision_notice";
        if (notice && d.state !== "approved" && !p.draft)
          fail("DECISION_STATE", `この決定はまだ決裁されていません（${d.state_label}）。通知書は決裁後に作成してください`);
        if (!notice && d.minimum_total_yen === null)
          fail("DECISION_STATE", "この決定には計算がないため、保護決定調書は作れません（停止・廃止・却下で計算なし）");
        const date = p.date ? this.date(p.date, "通知日", true)! : this.today();
        const number = notice && typeof p.number === "string" && p.number.trim() ? p.number.trim() : null;
        const job = this.createDecisionJob(notice ? "decision_notice" : "calculation_sheet", d, number, date, u.display_name, this.nowStamp());
        this.log("print_request", this.jobTarget(job), { decision_id: d.id, kind: job.view.kind });
        return job.view;
      }
      case "print_jobs": {
        this.guard(method, "print_document");
        const f = (p.filter ?? {}) as { state?: PrintState | null; household_id?: number | null; limit?: number | null };
        return this.printJobs
          .map((j) => j.view)
          .filter((v) => !f.state || v.state === f.state)
          .filter((v) => f.household_id == null || v.household_id === f.household_id)
          .sort((a, b) => b.requested_at.localeCompare(a.requested_at) || b.id - a.id)
          .slice(0, f.limit ?? 500);
      }
      case "print_job_pdf": {
        this.guard(method, "print_document");
        const j = this.printJob(Number(p.job_id));
        this.log("print_preview", this.jobTarget(j), { reissue: Boolean(p.reissue) });
        return { pdf_base64: toBase64(certificatePdf(j.snapshot, Boolean(p.reissue))), pages: 1 };
      }
      case "printers":
        this.guard(method, "print_document");
        return { printers: this.printerList, default: this.printerList.find((x) => x.is_default)?.name ?? null };
      case "print_jobs_send": {
        this.guard(method, "print_document");
        const ids = (Array.isArray(p.job_ids) ? p.job_ids : []).map(Number);
        if (ids.length === 0) fail("VALIDATION", "印刷する帳票を選んでください。");
        const printer = this.resolvePrinter(p.printer, p.copies);
        return ids.map((id) => {
          const j = this.printJobs.find((x) => x.view.id === id);
          if (!j) return fail("NOT_FOUND", "該当する帳票がありません。");
          if (j.view.state !== "generated" && j.view.state !== "requested") {
            const msg = `${j.view.state_label}の帳票は印刷できません。${j.view.state === "voided" ? "" : "再発行してください。"}`;
            return { job_id: id, ok: false, job: { ...j.view }, message: msg };
          }
          return this.sendOne(j, printer, Number(p.copies), false);
        });
      }
      case "print_job_reprint": {
        this.guard(method, "print_document");
        const j = this.printJob(Number(p.job_id));
        if (j.view.state === "voided") fail("VALIDATION", "取消済みの帳票は再発行できません。");
        if (j.view.state === "generated" || j.view.state === "requested") fail("VALIDATION", "まだ印刷していない帳票です。再発行ではなく印刷してください。");
        const printer = this.resolvePrinter(p.printer, p.copies);
        return this.sendOne(j, printer, Number(p.copies), true);
      }
      case "print_job_deliver": {
        this.guard(method, "print_document");
        const j = this.printJob(Number(p.job_id));
        if (j.view.state !== "printed") fail("VALIDATION", "印刷済みの帳票だけを交付済にできます。");
        this.setJobState(j, "delivered");
        j.view.delivered_at = this.nowStamp();
        this.log("print_deliver", this.jobTarget(j));
        return j.view;
      }
      case "print_job_void": {
        this.guard(method, "void_document");
        const j = this.printJob(Number(p.job_id));
        if (!String(p.reason ?? "").trim()) fail("VALIDATION", "取消の理由を入力してください。");
        if (j.view.state === "delivered" || j.view.state === "voided") fail("VALIDATION", `${j.view.state_label}の帳票は取り消せません。`);
        this.setJobState(j, "voided");
        j.view.voided_at = this.nowStamp();
        j.view.void_reason = String(p.reason).trim();
        this.log("print_void", this.jobTarget(j), { reason: j.view.void_reason });
        return j.view;
      }
      case "print_job_save": {
        this.guard(method, "print_document");
        const j = this.printJob(Number(p.job_id));
        this.log("print_save", this.jobTarget(j));
        return { path: `/home/demo/ドキュメント/窓口/${j.view.title}_${j.view.issue_number ?? j.view.id}.pdf` };
      }
      case "print_job_open": {
        this.guard(method, "print_document");
        const j = this.printJob(Number(p.job_id));
        this.log("print_open", this.jobTarget(j));
        return { path: `/tmp/madoguchi-print/${j.view.title}_${j.view.issue_number ?? j.view.id}.pdf` };
      }
      default: {
        const out = this.decisions.dispatch(method, p);
        return out === undefined ? fail("NOT_FOUND", `不明な操作です: ${method}`) : out;
      }
    }
  }
}

/** The demo backend used with `?mock` in a plain browser. */
export function createDemoBackend(): MockBackend {
  return new MockBackend({ latencyMs: (m) => (m === "search" ? 60 + Math.random() * 120 : 30) });
}
