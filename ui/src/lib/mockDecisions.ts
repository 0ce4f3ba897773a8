// The decisions half of the MockBackend (docs/commands.md "Decisions: …"): rate sets, situations,
// a plausible calculation with invented 試験用 figures, applications and deadlines, the decision
// workflow and 一括認定. Fictional data only; the Rust core is the authority on every rule and
// every figure.

import { deadlineOf, daysLeft, DUE_SOON_DAYS } from "./decisions";
import type { JobView } from "./bindings/JobView";
import type { MockHousehold, MockPerson } from "./mock";
import type {
  AidAmountView,
  ApplicationView,
  BulkApplyResult,
  BulkPreviewRow,
  CalcLineView,
  CalcView,
  CommentView,
  DecisionInput,
  DecisionKind,
  DecisionState,
  DecisionView,
  HouseholdStatus,
  IncomeInput,
  MemberFacts,
  Permission,
  RateSetSummary,
  ReasonView,
  SituationInput,
  SituationMember,
  SituationView,
} from "./types";
import { DECISION_KINDS, DECISION_STATE_LABELS, GRADES, STATUS_LABELS } from "./types";
import { ageOn, toWareki } from "./wareki";

/** What the decisions mock needs from the MockBackend it is part of. */
export interface DecisionsHost {
  today(): string;
  now(): string;
  guard(method: string, permission?: Permission): { user_id: string; display_name: string };
  log(action: string, target?: { kind: string; id: string; label: string }, detail?: unknown): void;
  household(id: number): MockHousehold;
  households(): MockHousehold[];
  members(hid: number): MockPerson[];
  headName(hid: number): string;
  /** A user's display name (the id when unknown), like `store::users::get`. */
  userName(userId: string): string;
  parseDate(text: unknown, field: string): string;
  grade(): string;
  permissionsOf(userId: string): string[];
  fail(code: string, message: string): never;
  addHousehold(
    h: Partial<MockHousehold> & { case_number: string; address: string },
    members: (Partial<MockPerson> & { name: string; kana: string; birth_date: string })[],
  ): number;
}

interface MockRateSet {
  summary: Omit<RateSetSummary, "office_grade" | "missing">;
  /** Tables it lacks (empty = complete). */
  missing: string[];
  files: Record<string, string>;
}
interface MockApplication {
  id: number;
  household_id: number;
  consulted_on: string | null;
  received_on: string;
  extended: boolean;
  extension_reason: string | null;
  status: "pending" | "decided" | "withdrawn";
  decided_on: string | null;
  decision_id: number | null;
}
interface MockDecision {
  id: number;
  household_id: number;
  kind: DecisionKind;
  effective_date: string;
  reason_text: string;
  reason_codes: string[];
  calc: CalcView | null;
  state: DecisionState;
  drafted_by: string;
  drafted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  bulk_id: string | null;
  application_id: number | null;
  comments: CommentView[];
}

const KIND_LABEL = Object.fromEntries(DECISION_KINDS.map((k) => [k.value, k.label])) as Record<DecisionKind, string>;
const AID_ORDER = ["living", "education", "housing", "occupational", "long_term_care", "medical"] as const;
const AID_LABEL: Record<string, string> = {
  living: "生活扶助",
  education: "教育扶助",
  housing: "住宅扶助",
  occupational: "生業扶助",
  long_term_care: "介護扶助",
  medical: "医療扶助",
};
const IN_KIND = new Set(["long_term_care", "medical"]);

const REASONS: ReasonView[] = [
  ["need_recognised", "最低生活費に対して収入が不足するため", ["start", "change"]],
  ["income_change", "収入の額が変わったため", ["change"]],
  ["member_change", "世帯員の構成が変わったため", ["change"]],
  ["standard_revision", "保護基準の改定による", ["change"]],
  ["kasan_change", "加算の要件が変わったため", ["change"]],
  ["rent_change", "家賃が変わったため", ["change"]],
  ["temporary_income", "一時的に収入が最低生活費を上回るため", ["suspend"]],
  ["self_sufficient", "収入が最低生活費を上回り自立したため", ["abolish"]],
  ["moved_away", "管外へ転出したため", ["abolish"]],
  ["death", "死亡したため", ["abolish"]],
  ["withdrawn", "本人から辞退の申出があったため", ["abolish"]],
  ["income_sufficient", "収入が最低生活費を上回るため", ["reject"]],
  ["assets_available", "活用できる資産があるため", ["reject"]],
].map(([code, label, kinds], i) => ({
  code: code as string,
  label: label as string,
  kinds: kinds as DecisionKind[],
  active: true,
  sort_order: (i + 1) * 10,
}));

/** Invented 住宅扶助 caps by area and household size (1, 2, 3–5, 6, 7+). */
const HOUSING_CAPS: Record<string, number[]> = {
  試験県: [40000, 48000, 52000, 56000, 62000],
  試験市: [46000, 55000, 60000, 65000, 72000],
};

function fakeSha(seed: string): string {
  let h = 2166136261;
  let out = "";
  for (let round = 0; round < 8; round++) {
    for (const c of seed + round) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

function emptyFacts(person_id: number): MemberFacts {
  return {
    person_id,
    disability: null,
    lone_parent: false,
    pregnancy: null,
    home_patient: false,
    radiation: null,
    care_facility: false,
    care_premium_yen: 0,
    school: null,
    school_costs_yen: 0,
    new_job: false,
  };
}

export class DecisionsMock {
  rateSets: MockRateSet[] = [];
  situations = new Map<number, { input: SituationInput; updated_at: string }>();
  applications: MockApplication[] = [];
  decisions: MockDecision[] = [];
  /** household id → the current approved amounts (household_amounts). */
  amounts = new Map<number, { benefit_yen: number; effective_date: string; decision_id: number }>();
  reasons: ReasonView[] = structuredClone(REASONS);
  private nextId = 1;
  /** Background jobs: the mock finishes them at once (no progress to show). */
  private jobs = new Map<number, JobView>();

  private doneJob(kind: string, result: unknown): JobView {
    const id = this.jobs.size + 1;
    const at = this.host.now();
    const j: JobView = {
      id, kind, label: kind, state: "done", state_label: "完了", done: 1, total: 1, message: "",
      result, error: null, started_by: "", started_at: at, finished_at: at,
    };
    this.jobs.set(id, j);
    return j;
  }

  constructor(private host: DecisionsHost) {}

  // ------------------------------------------------------------------------------- seed

  seed(): void {
    const h = this.host;
    this.addRateSet("test-2025", "試験用基準額表（令和7年4月・実在しない金額）", "2025-04-01", "2025-09-30", true, []);
    this.addRateSet(
      "r7-2025-10-partial",
      "令和7年10月以降 生活扶助 特例加算（部分のみ・他の表は事務所で取込み）",
      "2025-10-01",
      null,
      false,
      ["daiichi.csv（第1類）がありません", "teigen.csv（逓減率）がありません", "daini.csv（第2類）がありません", "jutaku.csv（住宅扶助）がありません"],
    );
    this.addRateSet("test-2026-04", "試験用基準額表（令和8年4月・実在しない金額）", "2026-04-01", null, true, []);

    const byCase = (c: string) => h.households().find((x) => x.case_number === c);
    const person = (name: string) => h.households().flatMap((x) => h.members(x.id)).find((p) => p.name === name);
    const yamamoto = byCase("2025-0001");
    const tanaka = byCase("2025-0002");
    const yamada = byCase("2024-0107");
    const yamaguchi = byCase("2023-0042");
    const kobayashi = byCase("2025-0003");
    if (!yamamoto || !tanaka || !yamada || !yamaguchi || !kobayashi) return;

    // a household whose application is due in two days (期限間近)
    const mori = h.addHousehold(
      {
        case_number: "2025-0004",
        address: "東京都みどり町東4-2-9",
        phone: "080-5555-6666",
        caseworker_id: "sato",
        status: "applying",
        history: [
          {
            status: "applying" as HouseholdStatus,
            status_label: STATUS_LABELS.applying,
            effective_date: this.daysAgo(12),
            effective_date_wareki: toWareki(this.daysAgo(12)),
            reason: "窓口で申請を受理",
            changed_by: "佐藤 健",
            changed_at: `${this.daysAgo(12)}T11:00:00`,
          },
        ],
      },
      [{ name: "森 花子", kana: "モリ ハナコ", birth_date: "1979-07-14", sex: "female", is_head: true }],
    );

    const sit = (hid: number, input: Partial<SituationInput>) =>
      this.situations.set(hid, {
        input: { winter_region: 6, housing_area: "試験県", rent_yen: 0, care_cost_yen: 0, medical_cost_yen: 0, members: [], incomes: [], ...input },
        updated_at: `${this.daysAgo(20)}T15:20:00`,
      });
    const kazuo = person("山本 和夫")!.id;
    sit(yamamoto.id, {
      rent_yen: 52000,
      medical_cost_yen: 18000,
      members: [{ ...emptyFacts(kazuo), home_patient: true }],
      incomes: [{ person_id: kazuo, kind: "pension", label: "老齢基礎年金", gross_yen: 54000, expenses_yen: 0 }],
    });
    const misaki = person("田中 美咲")!.id;
    const ren = person("田中 蓮")!.id;
    sit(tanaka.id, {
      rent_yen: 58000,
      members: [
        { ...emptyFacts(misaki), lone_parent: true },
        { ...emptyFacts(ren), school: "shogakko", school_costs_yen: 2400 },
      ],
      incomes: [
        { person_id: misaki, kind: "earned", label: "スーパーのパート", gross_yen: 86000, expenses_yen: 2000 },
        { person_id: null, kind: "allowance", label: "児童扶養手当", gross_yen: 45500, expenses_yen: 0 },
      ],
    });
    const tome = person("山口 トメ")!.id;
    sit(yamaguchi.id, {
      rent_yen: 38000,
      care_cost_yen: 24000,
      members: [{ ...emptyFacts(tome), disability: "b", care_premium_yen: 6200 }],
      incomes: [{ person_id: tome, kind: "pension", label: "遺族年金", gross_yen: 61000, expenses_yen: 0 }],
    });
    sit(yamada.id, {
      rent_yen: 45000,
      incomes: [{ person_id: person("山田 太郎")!.id, kind: "earned", label: "倉庫作業（正社員）", gross_yen: 178000, expenses_yen: 4000 }],
    });

    // applications: 田中 (あと5日), 小林 (超過), 森 (期限間近)
    const app = (hid: number, received: string, consulted: string | null) =>
      this.applications.push({
        id: this.nextId++,
        household_id: hid,
        consulted_on: consulted,
        received_on: received,
        extended: false,
        extension_reason: null,
        status: "pending",
        decided_on: null,
        decision_id: null,
      });
    app(tanaka.id, this.daysAgo(9), this.daysAgo(11));
    app(kobayashi.id, this.daysAgo(16), null);
    app(mori, this.daysAgo(12), this.daysAgo(12));
    // 山本: the application answered by its 開始 decision
    this.applications.push({
      id: this.nextId++,
      household_id: yamamoto.id,
      consulted_on: "2025-03-14",
      received_on: "2025-03-18",
      extended: false,
      extension_reason: null,
      status: "decided",
      decided_on: "2025-03-28",
      decision_id: null,
    });

    // decisions
    const start = this.newDecision(yamamoto.id, "start", "2025-04-01", "", ["need_recognised"], "sato", "2025-03-25T10:12:00");
    Object.assign(start, { state: "approved", reviewed_by: "suzuki", reviewed_at: "2025-03-26T09:30:00", approved_by: "kimura", approved_at: "2025-03-28T14:05:00" });
    start.application_id = this.applications[this.applications.length - 1].id;
    this.applications[this.applications.length - 1].decision_id = start.id;
    this.amounts.set(yamamoto.id, { benefit_yen: start.calc?.benefit_yen ?? 0, effective_date: start.effective_date, decision_id: start.id });

    const ch = this.newDecision(yamamoto.id, "change", "2025-06-01", "家賃の改定（52,000円）", ["rent_change"], "sato", `${this.daysAgo(3)}T16:40:00`);
    ch.state = "returned";
    ch.comments.push(this.comment("review", "return", "suzuki", `${this.daysAgo(2)}T10:05:00`, "新しい賃貸借契約書の写しを添付し、家賃の改定月を確認してください。"));

    this.newDecision(yamaguchi.id, "change", this.firstOfNextMonth(), "障害者手帳の等級変更（3級）", ["kasan_change"], "sato", `${this.daysAgo(1)}T13:15:00`);

    const ystart = this.newDecision(yamada.id, "start", "2024-06-01", "", ["need_recognised"], "suzuki", "2024-05-27T11:00:00");
    Object.assign(ystart, { state: "approved", reviewed_by: "sato", approved_by: "kimura", reviewed_at: "2024-05-28T09:00:00", approved_at: "2024-05-29T15:00:00" });
    this.amounts.set(yamada.id, { benefit_yen: 0, effective_date: "2025-02-01", decision_id: ystart.id });
    const abolish = this.newDecision(yamada.id, "abolish", this.firstOfNextMonth(), "就労収入が最低生活費を6か月以上上回っているため。", ["self_sufficient"], "sato", `${this.daysAgo(4)}T10:00:00`);
    Object.assign(abolish, { state: "reviewed", reviewed_by: "suzuki", reviewed_at: `${this.daysAgo(2)}T15:30:00` });
    abolish.comments.push(this.comment("review", "review", "suzuki", `${this.daysAgo(2)}T15:30:00`, "給与明細6か月分を確認しました。"));

    const ygs = this.newDecision(yamaguchi.id, "start", "2023-09-01", "", ["need_recognised"], "sato", "2023-08-25T10:00:00", "2025-04-01");
    Object.assign(ygs, { state: "approved", reviewed_by: "suzuki", approved_by: "kimura", reviewed_at: "2023-08-28T10:00:00", approved_at: "2023-08-30T10:00:00" });
    this.amounts.set(yamaguchi.id, { benefit_yen: ygs.calc?.benefit_yen ?? 0, effective_date: "2023-09-01", decision_id: ygs.id });
  }

  private addRateSet(version: string, title: string, from: string, to: string | null, test: boolean, missing: string[]) {
    const files: Record<string, string> = {
      "manifest.toml": `version = "${version}"\ntitle = "${title}"\neffective_from = "${from}"\n`,
    };
    this.rateSets.push({
      summary: {
        id: this.rateSets.length + 1,
        version,
        title,
        effective_from: from,
        effective_to: to,
        test_figures: test,
        sha256: fakeSha(version),
        imported_at: `${from < "2025-06-01" ? "2025-03-10" : from}T09:00:00`,
        imported_by: "admin",
        housing_areas: missing.some((m) => m.startsWith("jutaku.csv")) ? [] : Object.keys(HOUSING_CAPS),
      },
      missing,
      files,
    });
  }

  private daysAgo(n: number): string {
    const d = new Date(this.host.today() + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  }
  private firstOfNextMonth(): string {
    const d = new Date(this.host.today() + "T00:00:00Z");
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + 1);
    return d.toISOString().slice(0, 10);
  }

  private comment(stage: string, action: string, user_id: string, at: string, comment: string): CommentView {
    const labels: Record<string, string> = { return: "差戻し", review: "審査", approve: "決裁", redraft: "再起案" };
    return { stage, action, action_label: labels[action] ?? "コメント", user_id, user_name: this.host.userName(user_id), at, comment };
  }

  private newDecision(
    hid: number,
    kind: DecisionKind,
    date: string,
    text: string,
    codes: string[],
    by: string,
    at: string,
    calcDate?: string,
  ): MockDecision {
    let calc: CalcView | null = null;
    try {
      calc = this.compute(hid, calcDate ?? date);
    } catch {
      calc = null;
    }
    const d: MockDecision = {
      id: this.nextId++,
      household_id: hid,
      kind,
      effective_date: date,
      reason_text: text,
      reason_codes: codes,
      calc,
      state: "draft",
      drafted_by: by,
      drafted_at: at,
      reviewed_by: null,
      reviewed_at: null,
      approved_by: null,
      approved_at: null,
      bulk_id: null,
      application_id: null,
      comments: [],
    };
    this.decisions.push(d);
    return d;
  }

  // ------------------------------------------------------------------------------- views

  private rateSummary(r: MockRateSet): RateSetSummary {
    return { ...r.summary, office_grade: this.host.grade(), missing: [...r.missing] };
  }

  private pickRateSet(date: string): MockRateSet {
    const inForce = this.rateSets
      .filter((r) => r.summary.effective_from <= date && (!r.summary.effective_to || date <= r.summary.effective_to))
      .sort((a, b) => b.summary.effective_from.localeCompare(a.summary.effective_from));
    return inForce[0] ?? this.host.fail("RATE_NONE_FOR_DATE", `${toWareki(date)}に適用できる基準額表が取り込まれていません`);
  }

  private situationMembers(hid: number, on: string): SituationMember[] {
    return this.host
      .members(hid)
      .filter((p) => !p.death_date || p.death_date > on)
      .map((p) => ({ person_id: p.id, name: p.name, birth_date: p.birth_date, birth_date_wareki: toWareki(p.birth_date), age: ageOn(p.birth_date, on) }));
  }

  private applicationView(a: MockApplication): ApplicationView {
    const deadline = deadlineOf(a.received_on, a.extended);
    const h = this.host.household(a.household_id);
    return {
      id: a.id,
      household_id: a.household_id,
      case_number: h.case_number,
      head_name: this.host.headName(a.household_id),
      consulted_on: a.consulted_on,
      consulted_on_wareki: a.consulted_on ? toWareki(a.consulted_on) : null,
      received_on: a.received_on,
      received_on_wareki: toWareki(a.received_on),
      deadline,
      deadline_wareki: toWareki(deadline),
      days_left: daysLeft(deadline, this.host.today()),
      extended: a.extended,
      extension_reason: a.extension_reason,
      status: a.status,
      status_label: { pending: "決定待ち", decided: "決定済み", withdrawn: "取下げ" }[a.status],
      decided_on: a.decided_on,
      decision_id: a.decision_id,
    };
  }

  private decisionView(d: MockDecision): DecisionView {
    const c = d.calc;
    const pays = d.kind === "start" || d.kind === "change";
    const amounts: AidAmountView[] = pays && c ? c.by_kind : [];
    return {
      id: d.id,
      household_id: d.household_id,
      case_number: this.host.household(d.household_id).case_number,
      head_name: this.host.headName(d.household_id),
      kind: d.kind,
      kind_label: KIND_LABEL[d.kind],
      medical_case_id: null,
      subject_label: "保護",
      effective_date: d.effective_date,
      effective_date_wareki: toWareki(d.effective_date),
      reason_text: d.reason_text,
      reasons: d.reason_codes.map(
        (code) => this.reasons.find((r) => r.code === code) ?? { code, label: code, kinds: [], active: false, sort_order: 0 },
      ),
      amounts,
      minimum_total_yen: c?.minimum_total_yen ?? null,
      income_recognised_yen: c?.income_recognised_yen ?? null,
      benefit_yen: pays ? (c?.benefit_yen ?? 0) : 0,
      cash_benefit_yen: pays ? (c?.cash_benefit_yen ?? 0) : 0,
      rate_version: c?.rate_version ?? null,
      rate_sha256: c?.rate_sha256 ?? null,
      test_figures: c?.test_figures ?? false,
      state: d.state,
      state_label: DECISION_STATE_LABELS[d.state],
      drafted_by: d.drafted_by,
      drafted_by_name: this.host.userName(d.drafted_by),
      drafted_at: d.drafted_at,
      reviewed_by: d.reviewed_by,
      reviewed_by_name: d.reviewed_by === null ? null : this.host.userName(d.reviewed_by),
      reviewed_at: d.reviewed_at,
      approved_by: d.approved_by,
      approved_by_name: d.approved_by === null ? null : this.host.userName(d.approved_by),
      approved_at: d.approved_at,
      bulk_id: d.bulk_id,
      application_id: d.application_id,
      comments: d.comments.map((x) => ({ ...x, user_name: this.host.userName(x.user_id) })),
    };
  }

  /** For the home screen: pending applications past their deadline / due within 3 days. */
  deadlines(): { overdue: ApplicationView[]; due_soon: ApplicationView[] } {
    const views = this.applications.filter((a) => a.status === "pending").map((a) => this.applicationView(a));
    return {
      overdue: views.filter((v) => v.days_left < 0).sort((a, b) => a.deadline.localeCompare(b.deadline)),
      due_soon: views.filter((v) => v.days_left >= 0 && v.days_left <= DUE_SOON_DAYS).sort((a, b) => a.days_left - b.days_left),
    };
  }

  // ------------------------------------------------------------------------------- the calculation

  /** A plausible calculation with invented figures (shape as `CalcView`; not the core's rules). */
  compute(hid: number, date: string, forceSet?: MockRateSet): CalcView {
    const h = this.host;
    const set = forceSet ?? this.pickRateSet(date);
    const grade = h.grade();
    const gradeLabel = GRADES.find((g) => g.value === grade)?.label ?? grade;
    if (set.missing.length)
      h.fail("RATE_INCOMPLETE", `基準額表「${set.summary.version}」では${gradeLabel}の${toWareki(date)}の決定ができません（基準額表が不足）: ${set.missing.join("、")}`);
    const stored = this.situations.get(hid);
    if (!stored) h.fail("CALC_INPUT", "この世帯の収入・加算の情報がまだ保存されていません（「収入・加算」で保存してください）");
    const input = stored!.input;
    const members = this.situationMembers(hid, date);
    if (members.length === 0) h.fail("CALC_INPUT", "計算日に世帯員がいません");
    for (const it of input.incomes)
      if (it.person_id !== null && !members.some((m) => m.person_id === it.person_id))
        h.fail("CALC_INPUT", "計算日に世帯員でない人の収入があります");
    const test = set.summary.test_figures;
    const src = test ? "出典 test" : "出典 office";
    const later = date >= "2025-10-01";
    const gradeAdj = grade.startsWith("1") ? 1.08 : grade.startsWith("2") ? 1.03 : 1;
    const lines: CalcLineView[] = [];
    const line = (kind: string, label: string, member: string | null, ref: string | null, amount: number, note: string, counted = true) =>
      lines.push({ kind_of_aid: kind, kind_of_aid_label: AID_LABEL[kind], label, member_name: member, table_ref: ref ? `${ref}（${src}）` : null, amount_yen: amount, counted, note });
    const yen = (n: number) => n.toLocaleString("ja-JP");

    // 第1類 × 逓減率 + 第2類
    const band = (age: number): [number, number] =>
      age < 6 ? [44000, 2] : age < 12 ? [47000, 3] : age < 18 ? [50000, 4] : age < 65 ? [46000, 5] : age < 75 ? [43000, 6] : [39000, 7];
    let sum1 = 0;
    for (const m of members) {
      const [base, row] = band(m.age);
      const v = Math.round((base * gradeAdj) / 10) * 10;
      sum1 += v;
      line("living", `第1類（${m.age}歳、${gradeLabel}）`, m.name, `daiichi.csv ${row}行目`, v, "内訳（逓減率を掛ける前）", false);
    }
    const n = members.length;
    const teigen = [1, 0.87, 0.75, 0.66, 0.59, 0.58][Math.min(n, 6) - 1];
    const body1 = Math.round(sum1 * teigen);
    line("living", `第1類計 × 逓減率（${n}人）`, null, `teigen.csv ${Math.min(n, 6) + 1}行目`, body1, `${yen(sum1)} × ${teigen.toFixed(2)} = ${yen(body1)}（1円未満四捨五入）`);
    const daini = Math.round(((28000 + 6000 * Math.min(n - 1, 4)) * gradeAdj) / 10) * 10;
    line("living", `第2類（${n}人、${gradeLabel}）`, null, `daini.csv ${Math.min(n, 5) + 1}行目`, daini, "");
    const tokurei = (later ? 1500 : 1000) * n;
    line("living", `特例加算（${n}人）`, null, `kasan.csv 2行目`, tokurei, `${later ? "1,500" : "1,000"}円 × ${n}人`);
    const month = Number(date.slice(5, 7));
    const winterMonths = input.winter_region <= 2 ? [10, 11, 12, 1, 2, 3, 4] : [11, 12, 1, 2, 3];
    if (winterMonths.includes(month)) {
      const v = [0, 12000, 9500, 7800, 6300, 4800, 3200][input.winter_region] + 900 * (n - 1);
      line("living", `冬季加算（${"ⅠⅡⅢⅣⅤⅥ"[input.winter_region - 1]}区、${n}人、${gradeLabel}）`, null, `toki.csv ${input.winter_region * 3}行目`, v, `${winterMonths[0]}月〜${winterMonths[winterMonths.length - 1]}月`);
    }
    // 加算
    const children = members.filter((m) => m.age < 18);
    for (const m of members) {
      const f = input.members.find((x) => x.person_id === m.person_id);
      if (!f) continue;
      const dis = f.disability === "a" ? 26000 : f.disability === "b" ? 17000 : 0;
      const boshi = f.lone_parent && children.length ? 18000 + 1500 * (children.length - 1) : 0;
      if (dis && dis >= boshi) line("living", `障害者加算（${f.disability === "a" ? "1・2級相当" : "3級相当"}）`, m.name, `kasan.csv ${f.disability === "a" ? 5 : 6}行目`, dis, boshi ? "母子加算より高いため障害者加算を計上" : "");
      else if (boshi) line("living", `母子加算（児童${children.length}人）`, m.name, "kasan.csv 8行目", boshi, dis ? "障害者加算より高いため母子加算を計上" : "");
      if (f.pregnancy) {
        const v = { under6_months: 9000, over6_months: 13600, postpartum: 8400 }[f.pregnancy];
        line("living", "妊産婦加算", m.name, "kasan.csv 10行目", v, "");
      }
      if (f.home_patient) line("living", "在宅患者加算", m.name, "kasan.csv 12行目", 13000, "");
      if (f.radiation) line("living", "放射線障害者加算", m.name, "kasan.csv 13行目", f.radiation === "current" ? 43000 : 21500, "");
      if (f.care_facility) line("living", "介護施設入所者加算", m.name, "kasan.csv 14行目", 9000, "");
      if (f.care_premium_yen) line("living", "介護保険料加算", m.name, null, f.care_premium_yen, "実費");
      if (f.school) {
        const [what, base, kind] =
          f.school === "shogakko" ? ["教育扶助 基準額（小学校）", 2600, "education"] : f.school === "chugakko" ? ["教育扶助 基準額（中学校）", 5100, "education"] : ["高等学校等就学費 基準額", 5300, "occupational"];
        line(kind as string, what as string, m.name, `kyoiku.csv ${f.school === "shogakko" ? 2 : f.school === "chugakko" ? 3 : 4}行目`, base as number, "");
        if (f.school_costs_yen) line(kind as string, `${kind === "education" ? "教育扶助" : "高等学校等就学費"} 実費`, m.name, null, f.school_costs_yen, "教材費・給食費等の実費");
      }
    }
    for (const c of children) line("living", "児童養育加算", c.name, "kasan.csv 9行目", 10190, "18歳到達後の最初の3月31日まで");
    // 住宅扶助
    if (input.rent_yen > 0) {
      const caps = input.housing_area ? HOUSING_CAPS[input.housing_area] : undefined;
      if (!input.housing_area) h.fail("CALC_INPUT", "家賃がありますが、住宅扶助の区分（地域）が未設定です");
      if (!caps) h.fail("CALC_MISSING_RATE", `jutaku.csv に地域「${input.housing_area}」・${gradeLabel}の行がありません`);
      const cap = caps![n <= 1 ? 0 : n === 2 ? 1 : n <= 5 ? 2 : n === 6 ? 3 : 4];
      const v = Math.min(input.rent_yen, cap);
      line("housing", `住宅扶助（${input.housing_area}、${n}人）`, null, `jutaku.csv ${n <= 1 ? 2 : n === 2 ? 3 : 4}行目`, v, `家賃 ${yen(input.rent_yen)}円、上限 ${yen(cap)}円 → ${yen(v)}円`);
    }
    if (input.care_cost_yen) line("long_term_care", "介護扶助（見込額）", null, null, input.care_cost_yen, "現物給付（介護券）");
    if (input.medical_cost_yen) line("medical", "医療扶助（見込額）", null, null, input.medical_cost_yen, "現物給付（医療券）");

    // 収入認定
    const income_lines: CalcLineView[] = [];
    const iline = (label: string, member: string | null, ref: string | null, amount: number, note: string, counted = true) =>
      income_lines.push({ kind_of_aid: "income", kind_of_aid_label: "収入認定", label, member_name: member, table_ref: ref ? `${ref}（${src}）` : null, amount_yen: amount, counted, note });
    let recognised = 0;
    for (const it of input.incomes as IncomeInput[]) {
      const who = it.person_id === null ? null : (members.find((m) => m.person_id === it.person_id)?.name ?? null);
      const name = it.label || { earned: "就労収入", pension: "年金", allowance: "手当", remittance: "仕送り", other: "その他の収入", excluded: "収入認定除外" }[it.kind];
      if (it.kind === "excluded") {
        iline(`${name}（収入認定除外）`, who, null, 0, `${yen(it.gross_yen)}円は認定しない`, false);
        continue;
      }
      let v = Math.max(0, it.gross_yen - it.expenses_yen);
      let note = it.expenses_yen ? `${yen(it.gross_yen)} − 必要経費 ${yen(it.expenses_yen)}` : "";
      if (it.kind === "earned") {
        const kiso = Math.min(v, it.gross_yen <= 15000 ? it.gross_yen : 15000 + Math.floor((it.gross_yen - 15000) * 0.1 / 400) * 400);
        const f = input.members.find((x) => x.person_id === it.person_id);
        const shinki = f?.new_job ? Math.min(11700, v - kiso) : 0;
        note = `${yen(it.gross_yen)} − 必要経費 ${yen(it.expenses_yen)} − 基礎控除 ${yen(kiso)}${shinki ? ` − 新規就労控除 ${yen(shinki)}` : ""}`;
        iline(`${name}（基礎控除）`, who, `kinro_kiso.csv ${Math.min(40, Math.floor(it.gross_yen / 4000) + 2)}行目`, kiso, "内訳", false);
        v = Math.max(0, v - kiso - shinki);
      }
      iline(name, who, null, v, note);
      recognised += v;
    }

    // amounts by kind: income applied to living first, then the others in order, in-kind last
    const minimumBy = new Map<string, number>();
    for (const l of lines) if (l.counted) minimumBy.set(l.kind_of_aid, (minimumBy.get(l.kind_of_aid) ?? 0) + l.amount_yen);
    let rest = recognised;
    const by_kind: AidAmountView[] = [];
    for (const k of AID_ORDER) {
      const min = minimumBy.get(k);
      if (min === undefined) continue;
      const applied = Math.min(min, rest);
      rest -= applied;
      by_kind.push({ kind_of_aid: k, label: AID_LABEL[k], minimum_yen: min, income_applied_yen: applied, aid_yen: min - applied });
    }
    const minimum = [...minimumBy.values()].reduce((a, b) => a + b, 0);
    const benefit = Math.max(0, minimum - recognised);
    const cash = by_kind.filter((b) => !IN_KIND.has(b.kind_of_aid)).reduce((a, b) => a + b.aid_yen, 0);
    const ownCare = by_kind.find((b) => b.kind_of_aid === "long_term_care")?.income_applied_yen ?? 0;
    const ownMed = by_kind.find((b) => b.kind_of_aid === "medical")?.income_applied_yen ?? 0;
    return {
      household_id: hid,
      case_number: h.household(hid).case_number,
      date,
      date_wareki: toWareki(date),
      grade,
      grade_label: gradeLabel,
      rate_version: set.summary.version,
      rate_sha256: set.summary.sha256,
      test_figures: test,
      members,
      lines,
      income_lines,
      by_kind,
      minimum_total_yen: minimum,
      income_recognised_yen: recognised,
      benefit_yen: benefit,
      cash_benefit_yen: cash,
      own_payment_care_yen: ownCare,
      own_payment_medical_yen: ownMed,
      needed: benefit > 0,
    };
  }

  // ------------------------------------------------------------------------------- dispatch

  private decision(id: unknown): MockDecision {
    return this.decisions.find((d) => d.id === Number(id)) ?? this.host.fail("NOT_FOUND", "該当する決定がありません。");
  }

  private target(hid: number) {
    return { kind: "household", id: String(hid), label: this.host.household(hid).case_number };
  }

  private checkReasons(kind: DecisionKind, text: string, codes: string[]) {
    if (!text.trim() && codes.length === 0) this.host.fail("VALIDATION", "決定の理由は必須です（理由を選ぶか、文章で入力してください）");
    for (const c of codes) {
      const r = this.reasons.find((x) => x.code === c) ?? this.host.fail("VALIDATION", `理由コード「${c}」はありません`);
      if (!r.active) this.host.fail("VALIDATION", `理由「${r.label}」は使用停止中です`);
      if (r.kinds.length && !r.kinds.includes(kind)) this.host.fail("VALIDATION", `理由「${r.label}」は${KIND_LABEL[kind]}の決定には使えません`);
    }
  }

  private checkAllowed(kind: DecisionKind, status: HouseholdStatus) {
    const ok: Record<DecisionKind, HouseholdStatus[]> = {
      start: ["applying"],
      reject: ["applying"],
      change: ["active", "suspended"],
      suspend: ["active"],
      abolish: ["active", "suspended"],
    };
    const need: Record<DecisionKind, string> = { start: "申請中", reject: "申請中", change: "保護中または停止中", suspend: "保護中", abolish: "保護中または停止中" };
    if (!ok[kind].includes(status))
      this.host.fail("DECISION_STATE", `${KIND_LABEL[kind]}の決定は${need[kind]}の世帯にだけできます（この世帯は${STATUS_LABELS[status]}）`);
  }

  private checkNoOpen(hid: number, except: number | null) {
    const open = this.decisions.find((d) => d.household_id === hid && d.state !== "approved" && d.id !== except);
    if (open)
      this.host.fail("DECISION_STATE", `この世帯には処理中の決定（ID ${open.id}・${KIND_LABEL[open.kind]}・${DECISION_STATE_LABELS[open.state]}）があります。先にそれを決裁するか修正してください`);
  }

  private content(input: DecisionInput): { date: string; calc: CalcView | null } {
    if (!input || !DECISION_KINDS.some((k) => k.value === input.kind)) this.host.fail("VALIDATION", "決定の種類を選んでください。");
    const date = this.host.parseDate(input.effective_date, "適用日");
    this.checkReasons(input.kind, input.reason_text ?? "", input.reason_codes ?? []);
    const needs = input.kind === "start" || input.kind === "change" || input.calculate;
    return { date, calc: needs ? this.compute(input.household_id, date) : null };
  }

  private bulkRows(version: string, date: string): { rows: (BulkPreviewRow & { head_name: string })[]; calcs: Map<number, CalcView> } {
    const h = this.host;
    const set = this.rateSets.find((r) => r.summary.version === version) ?? h.fail("RATE_NONE_FOR_DATE", `基準額表「${version}」は取り込まれていません`);
    if (!(set.summary.effective_from <= date && (!set.summary.effective_to || date <= set.summary.effective_to)))
      h.fail("VALIDATION", `${toWareki(date)} は基準額表「${version}」の適用期間の外です`);
    if (set.missing.length) h.fail("RATE_INCOMPLETE", `基準額表「${version}」では決定ができません（基準額表が不足）: ${set.missing.join("、")}`);
    const rows: (BulkPreviewRow & { head_name: string })[] = [];
    const calcs = new Map<number, CalcView>();
    for (const hh of h.households().filter((x) => x.status === "active")) {
      const old = this.amounts.get(hh.id)?.benefit_yen ?? 0;
      const r = { household_id: hh.id, case_number: hh.case_number, head_name: h.headName(hh.id), old_total: old, new_total: old, change: 0, error: null as string | null };
      if (this.decisions.some((d) => d.household_id === hh.id && d.state !== "approved")) r.error = "処理中の決定があります";
      else {
        try {
          const c = this.compute(hh.id, date, set);
          calcs.set(hh.id, c);
          r.new_total = c.benefit_yen;
          r.change = r.new_total - old;
        } catch (e) {
          r.error = (e as { message?: string }).message ?? String(e);
        }
      }
      rows.push(r);
    }
    return { rows, calcs };
  }

  /** Returns `undefined` when the method is not a decisions method. */
  dispatch(method: string, p: Record<string, any>): unknown {
    const h = this.host;
    switch (method) {
      case "rates_list":
        h.guard(method, "view_household");
        return [...this.rateSets].sort((a, b) => b.summary.effective_from.localeCompare(a.summary.effective_from)).map((r) => this.rateSummary(r));
      case "rates_import": {
        const u = h.guard(method, "manage_rates");
        const files = (p.files ?? {}) as Record<string, string>;
        const names = Object.keys(files).sort();
        if (names.length === 0) h.fail("VALIDATION", "取り込むファイルがありません。");
        const manifest = files["manifest.toml"] ?? h.fail("RATE_FIELD", "manifest.toml がありません（基準額表のフォルダを選んでください）");
        const field = (k: string) => new RegExp(`^${k}\\s*=\\s*"([^"]*)"`, "m").exec(manifest)?.[1];
        const version = field("version") ?? h.fail("RATE_FIELD", "manifest.toml 1行目: version がありません");
        const from = field("effective_from") ?? h.fail("RATE_FIELD", "manifest.toml: effective_from がありません");
        for (const name of names.filter((x) => x.endsWith(".csv"))) {
          const rows = files[name].split(/\r?\n/);
          const header = rows[0].split(",");
          for (let i = 1; i < rows.length; i++) {
            const row = rows[i];
            if (!row.trim() || row.startsWith("#")) continue;
            const cols = row.split(",");
            if (cols.length !== header.length)
              h.fail("RATE_FIELD", `${name} ${i + 1}行目: 列の数が見出しと違います（${cols.length}列／見出し${header.length}列）`);
            const ai = header.indexOf("amount");
            if (ai >= 0 && !/^\d+$/.test(cols[ai]))
              h.fail(cols[ai].startsWith("-") ? "RATE_NEGATIVE" : "RATE_FIELD", `${name} ${i + 1}行目 ${ai + 1}列目（amount）: 「${cols[ai]}」は金額として読めません`);
          }
        }
        const test = /verification\s*=\s*"test-fixture"/.test(manifest);
        if (test && !p.allow_test_figures)
          h.fail("RATE_TEST_FIGURES", `基準額表「${version}」には試験用（実在しない）の数字が含まれています。実際の決定には使えないため取り込みません`);
        if (this.rateSets.some((r) => r.summary.version === version)) h.fail("CONFLICT", `基準額表「${version}」は既に取り込まれています`);
        if (this.rateSets.some((r) => r.summary.effective_from === from)) h.fail("CONFLICT", `${toWareki(from)}から始まる基準額表が既にあります`);
        const present = new Set(names);
        const missing = ["daiichi.csv", "teigen.csv", "daini.csv", "jutaku.csv"].filter((f) => !present.has(f)).map((f) => `${f} がありません`);
        // the distinct 区分 of jutaku.csv's "area" column, in table order
        const housingAreas: string[] = [];
        if (files["jutaku.csv"]) {
          const [head, ...body] = files["jutaku.csv"].split(/\r?\n/);
          const ai = head.split(",").indexOf("area");
          for (const row of body) {
            if (ai < 0 || !row.trim() || row.startsWith("#")) continue;
            const a = row.split(",")[ai]?.trim();
            if (a && !housingAreas.includes(a)) housingAreas.push(a);
          }
        }
        this.rateSets.push({
          summary: {
            id: this.rateSets.length + 1,
            version,
            title: field("title") ?? version,
            effective_from: from,
            effective_to: field("effective_to") ?? null,
            test_figures: test,
            sha256: fakeSha(JSON.stringify(files)),
            imported_at: h.now(),
            imported_by: u.user_id,
            housing_areas: housingAreas,
          },
          missing,
          files: { ...files },
        });
        h.log("rates_import", { kind: "rate_set", id: version, label: version }, { files: names });
        return this.rateSummary(this.rateSets[this.rateSets.length - 1]);
      }
      case "situation_get": {
        h.guard(method, "view_household");
        const hid = Number(p.household_id);
        h.household(hid);
        const s = this.situations.get(hid);
        return { household_id: hid, input: s?.input ?? null, members: this.situationMembers(hid, h.today()), updated_at: s?.updated_at ?? null } satisfies SituationView;
      }
      case "situation_save": {
        h.guard(method, "edit_household");
        const hid = Number(p.household_id);
        h.household(hid);
        const input = structuredClone(p.input) as SituationInput;
        const ids = h.members(hid).map((m) => m.id);
        if (!Number.isInteger(input.winter_region) || input.winter_region < 1 || input.winter_region > 6)
          h.fail("VALIDATION", "冬季加算の地区は1〜6（Ⅰ区〜Ⅵ区）で指定してください");
        const money = [input.rent_yen, input.care_cost_yen, input.medical_cost_yen, ...input.members.flatMap((m) => [m.care_premium_yen, m.school_costs_yen]), ...input.incomes.flatMap((i) => [i.gross_yen, i.expenses_yen])];
        if (money.some((v) => !Number.isInteger(v))) h.fail("VALIDATION", "金額は円単位の整数で入力してください");
        if (money.some((v) => v < 0)) h.fail("VALIDATION", "負の金額は使えません");
        if (input.housing_area !== null && !input.housing_area.trim()) h.fail("VALIDATION", "住宅扶助の地域が空です（なしの場合は指定しないでください）");
        input.members.forEach((m, i) => {
          if (!ids.includes(m.person_id)) h.fail("VALIDATION", `世帯員${i + 1}: この世帯の世帯員ではありません（ID ${m.person_id}）`);
        });
        input.incomes.forEach((it, i) => {
          it.label = it.label.trim();
          if (it.person_id !== null && !ids.includes(it.person_id)) h.fail("VALIDATION", `収入${i + 1}: この世帯の世帯員ではありません（ID ${it.person_id}）`);
          if (it.person_id === null && it.kind === "earned") h.fail("VALIDATION", `収入${i + 1}: 就労収入には世帯員の指定が必要です`);
        });
        if (input.housing_area) input.housing_area = input.housing_area.trim();
        this.situations.set(hid, { input, updated_at: h.now() });
        h.log("situation_save", this.target(hid));
        return this.dispatch("situation_get", { household_id: hid });
      }
      case "calc_household": {
        h.guard(method, "view_household");
        const hid = Number(p.household_id);
        h.household(hid);
        const date = h.parseDate(p.date, "計算日");
        const c = this.compute(hid, date);
        h.log("calc_view", this.target(hid), { date, benefit_yen: c.benefit_yen });
        return c;
      }
      case "application_register": {
        h.guard(method, "edit_household");
        const hid = Number(p.household_id);
        const hh = h.household(hid);
        const received = h.parseDate(p.received_on, "申請日");
        const consulted = p.consulted_on && String(p.consulted_on).trim() ? h.parseDate(p.consulted_on, "相談日") : null;
        if (received > h.today()) h.fail("VALIDATION", "申請日に未来の日付は使えません");
        if (consulted && consulted > received) h.fail("VALIDATION", "相談日は申請日以前の日付にしてください");
        const pending = this.applications.find((a) => a.household_id === hid && a.status === "pending");
        if (pending) h.fail("DECISION_STATE", `この世帯には決定待ちの申請（${toWareki(pending.received_on)}受理）があります`);
        if (hh.status === "active" || hh.status === "suspended")
          h.fail("DECISION_STATE", `この世帯は${STATUS_LABELS[hh.status]}です。保護の開始の申請は申請中または廃止の世帯にだけ登録できます`);
        if (hh.status === "closed") {
          hh.status = "applying";
          hh.history.push({ status: "applying", status_label: STATUS_LABELS.applying, effective_date: received, effective_date_wareki: toWareki(received), reason: "保護申請の受付", changed_by: h.guard(method).display_name, changed_at: h.now() });
        }
        const a: MockApplication = { id: this.nextId++, household_id: hid, consulted_on: consulted, received_on: received, extended: false, extension_reason: null, status: "pending", decided_on: null, decision_id: null };
        this.applications.push(a);
        h.log("application_register", this.target(hid), { received_on: received });
        return this.applicationView(a);
      }
      case "application_extend": {
        h.guard(method, "edit_household");
        const reason = String(p.reason ?? "").trim();
        if (!reason) h.fail("VALIDATION", "延長の理由は必須です（決定通知書に記載します）");
        const a = this.applications.find((x) => x.id === Number(p.application_id)) ?? h.fail("NOT_FOUND", "該当する申請がありません。");
        if (a.status !== "pending") h.fail("DECISION_STATE", "この申請は既に決定済みです");
        if (a.extended) h.fail("DECISION_STATE", "この申請は既に30日に延長されています");
        a.extended = true;
        a.extension_reason = reason;
        h.log("application_extend", this.target(a.household_id), { reason });
        return this.applicationView(a);
      }
      case "applications_for_household": {
        h.guard(method, "view_household");
        const hid = Number(p.household_id);
        return this.applications
          .filter((a) => a.household_id === hid)
          .sort((a, b) => b.received_on.localeCompare(a.received_on))
          .map((a) => this.applicationView(a));
      }
      case "decision_reasons":
        h.guard(method, "view_household");
        return [...this.reasons].sort((a, b) => a.sort_order - b.sort_order);
      case "decision_reason_save": {
        h.guard(method, "edit_office");
        const r = p.reason as ReasonView;
        const i = this.reasons.findIndex((x) => x.code === r.code);
        if (i >= 0) this.reasons[i] = { ...r };
        else this.reasons.push({ ...r });
        return this.dispatch("decision_reasons", {});
      }
      case "decision_draft": {
        const u = h.guard(method, "draft_decision");
        const input = p.input as DecisionInput;
        const hid = Number(input?.household_id);
        const hh = h.household(hid);
        const { date, calc } = this.content(input);
        this.checkAllowed(input.kind, hh.status);
        this.checkNoOpen(hid, null);
        const d = this.newDecision(hid, input.kind, date, (input.reason_text ?? "").trim(), [...(input.reason_codes ?? [])], u.user_id, h.now());
        d.calc = calc;
        if (input.kind === "start" || input.kind === "reject")
          d.application_id = this.applications.find((a) => a.household_id === hid && a.status === "pending")?.id ?? null;
        h.log("decision_draft", this.target(hid), { decision_id: d.id, kind: d.kind });
        return this.decisionView(d);
      }
      case "decision_redraft": {
        const u = h.guard(method, "draft_decision");
        const d = this.decision(p.decision_id);
        const input = p.input as DecisionInput;
        if (Number(input?.household_id) !== d.household_id) h.fail("VALIDATION", "別の世帯の決定は修正できません");
        if (d.state !== "returned" && d.state !== "draft") h.fail("DECISION_STATE", `${DECISION_STATE_LABELS[d.state]}の決定は修正できません`);
        const { date, calc } = this.content(input);
        this.checkAllowed(input.kind, h.household(d.household_id).status);
        Object.assign(d, {
          kind: input.kind,
          effective_date: date,
          reason_text: (input.reason_text ?? "").trim(),
          reason_codes: [...(input.reason_codes ?? [])],
          calc,
          state: "draft",
          drafted_by: u.user_id,
          drafted_at: h.now(),
          reviewed_by: null,
          reviewed_at: null,
        });
        const comment = String(p.comment ?? "").trim();
        if (comment) d.comments.push(this.comment("draft", "redraft", u.user_id, h.now(), comment));
        h.log("decision_redraft", this.target(d.household_id), { decision_id: d.id });
        return this.decisionView(d);
      }
      case "decision_review": {
        const u = h.guard(method, "review_decision");
        const d = this.decision(p.decision_id);
        if (d.state !== "draft") h.fail("DECISION_STATE", `審査できるのは起案中の決定だけです（この決定は${DECISION_STATE_LABELS[d.state]}）`);
        if (d.drafted_by === u.user_id) h.fail("DECISION_SAME_USER", "自分が起案した決定は審査できません");
        Object.assign(d, { state: "reviewed", reviewed_by: u.user_id, reviewed_at: h.now() });
        const comment = String(p.comment ?? "").trim();
        if (comment) d.comments.push(this.comment("review", "review", u.user_id, h.now(), comment));
        h.log("decision_review", this.target(d.household_id), { decision_id: d.id });
        return this.decisionView(d);
      }
      case "decision_return": {
        const d = this.decision(p.decision_id);
        const perm: Permission = d.state === "draft" ? "review_decision" : "approve_decision";
        if (d.state !== "draft" && d.state !== "reviewed") h.fail("DECISION_STATE", `${DECISION_STATE_LABELS[d.state]}の決定は差し戻せません`);
        const u = h.guard(method, perm);
        const comment = String(p.comment ?? "").trim();
        if (!comment) h.fail("VALIDATION", "差戻しの理由（コメント）は必須です");
        if (d.drafted_by === u.user_id) h.fail("DECISION_SAME_USER", "自分が起案した決定は差し戻せません（修正してください）");
        d.comments.push(this.comment(d.state === "draft" ? "review" : "approval", "return", u.user_id, h.now(), comment));
        d.state = "returned";
        h.log("decision_return", this.target(d.household_id), { decision_id: d.id, comment });
        return this.decisionView(d);
      }
      case "decision_approve": {
        const u = h.guard(method, "approve_decision");
        const d = this.decision(p.decision_id);
        if (d.state !== "reviewed") h.fail("DECISION_STATE", `決裁できるのは審査済みの決定だけです（この決定は${DECISION_STATE_LABELS[d.state]}）`);
        if (d.drafted_by === u.user_id || d.reviewed_by === u.user_id) h.fail("DECISION_SAME_USER", "自分が起案または審査した決定は決裁できません");
        const hh = h.household(d.household_id);
        this.checkAllowed(d.kind, hh.status);
        Object.assign(d, { state: "approved", approved_by: u.user_id, approved_at: h.now() });
        const comment = String(p.comment ?? "").trim();
        if (comment) d.comments.push(this.comment("approval", "approve", u.user_id, h.now(), comment));
        const after: Record<DecisionKind, HouseholdStatus> = { start: "active", change: "active", suspend: "suspended", abolish: "closed", reject: "closed" };
        const status = after[d.kind];
        if (status !== hh.status) {
          hh.status = status;
          hh.history.push({
            status,
            status_label: STATUS_LABELS[status],
            effective_date: d.effective_date,
            effective_date_wareki: toWareki(d.effective_date),
            reason: `保護${KIND_LABEL[d.kind]}決定（決定ID ${d.id}）${d.reason_text ? `: ${d.reason_text}` : ""}`,
            changed_by: u.display_name,
            changed_at: h.now(),
          });
        }
        const old = this.amounts.get(d.household_id);
        if (d.kind !== "reject" && (!old || d.effective_date >= old.effective_date)) {
          const pays = d.kind === "start" || d.kind === "change";
          this.amounts.set(d.household_id, { benefit_yen: pays ? (d.calc?.benefit_yen ?? 0) : 0, effective_date: d.effective_date, decision_id: d.id });
        }
        if ((d.kind === "start" || d.kind === "reject") && d.application_id) {
          const a = this.applications.find((x) => x.id === d.application_id);
          if (a) Object.assign(a, { status: "decided", decided_on: h.today(), decision_id: d.id });
        }
        h.log("decision_approve", this.target(d.household_id), { decision_id: d.id });
        return this.decisionView(d);
      }
      case "decision_get":
        h.guard(method, "view_household");
        return this.decisionView(this.decision(p.decision_id));
      case "decision_reproduce": {
        h.guard(method, "view_household");
        const d = this.decision(p.decision_id);
        if (!d.calc) h.fail("DECISION_STATE", "この決定には計算がありません（停止・廃止・却下で計算なし）");
        const yen = d.calc!.benefit_yen.toLocaleString("ja-JP");
        return { decision_id: d.id, rate_version: d.calc!.rate_version, sha256_ok: true, inputs_ok: true, equal: true, message: `決定時と同じ結果です（保護費 ${yen} 円）` };
      }
      case "decisions_for_household": {
        h.guard(method, "view_household");
        const hid = Number(p.household_id);
        h.household(hid);
        return this.decisions
          .filter((d) => d.household_id === hid)
          .sort((a, b) => b.effective_date.localeCompare(a.effective_date) || b.id - a.id)
          .map((d) => this.decisionView(d));
      }
      case "decision_inbox": {
        const u = h.guard(method, "view_household");
        const perms = h.permissionsOf(u.user_id);
        const out: MockDecision[] = [];
        if (perms.includes("review_decision")) out.push(...this.decisions.filter((d) => d.state === "draft" && d.drafted_by !== u.user_id));
        if (perms.includes("approve_decision"))
          out.push(...this.decisions.filter((d) => d.state === "reviewed" && d.drafted_by !== u.user_id && d.reviewed_by !== u.user_id));
        if (perms.includes("draft_decision")) out.push(...this.decisions.filter((d) => d.state === "returned" && d.drafted_by === u.user_id));
        return out.map((d) => this.decisionView(d));
      }
      case "bulk_preview": {
        h.guard(method, "draft_decision");
        const date = h.parseDate(p.date, "適用日");
        const { rows } = this.bulkRows(String(p.rate_version ?? ""), date);
        h.log("bulk_preview", undefined, { rate_version: p.rate_version, date, households: rows.length });
        return this.doneJob("bulk_preview", rows);
      }
      case "bulk_apply": {
        const u = h.guard(method, "draft_decision");
        const date = h.parseDate(p.date, "適用日");
        const text = String(p.reason_text ?? "");
        const codes = (Array.isArray(p.reason_codes) ? p.reason_codes : []) as string[];
        this.checkReasons("change", text, codes);
        const version = String(p.rate_version ?? "");
        const { rows, calcs } = this.bulkRows(version, date);
        const bulk_id = `bulk-${version}-${h.now().replace(/[-T:]/g, "").slice(0, 14)}`;
        const result: BulkApplyResult = { bulk_id, rate_version: version, created: [], unchanged: 0, skipped: [] };
        for (const r of rows) {
          if (r.error) result.skipped.push(r);
          else if (r.change === 0) result.unchanged++;
          else {
            const d = this.newDecision(r.household_id, "change", date, text.trim(), codes, u.user_id, h.now());
            d.calc = calcs.get(r.household_id)!;
            d.bulk_id = bulk_id;
            result.created.push(d.id);
          }
        }
        h.log("bulk_apply", undefined, { bulk_id, created: result.created.length });
        return this.doneJob("bulk_apply", result);
      }
      case "job_status":
      case "job_cancel": {
        const j = this.jobs.get(Number(p.job_id));
        if (!j) throw { code: "NOT_FOUND", message: "その処理は見つかりません" };
        return j;
      }
      default:
        return undefined;
    }
  }
}
