// The UI tests' office, built once through the REAL core (the dev bridge) by the Vitest global
// setup: users of every role, six households in every status, applications with deadlines,
// situations, decisions in every workflow state, print jobs in every queue state. Every row is
// written by the core's own use cases, so the screens are tested against what the core really
// returns. What the tests need to find again (ids by case number, name …) goes to fixture.json.

import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Backend } from "../lib/api";
import type { HouseholdStatus, HouseholdView, MemberInput, SituationInput } from "../lib/types";
import { nodeBackend, RATE_FIXTURE_DIR } from "./bridge";

export const PASSWORD = "midori-Demo-26";
export const NEWBIE_PASSWORD = "kari-pass-0001";

export interface Fixture {
  today: string;
  households: Record<string, number>;
  persons: Record<string, number>;
  /** The household of each person, by name. */
  personHouseholds: Record<string, number>;
  /** Today in 和暦, as the core writes it. */
  todayWareki: string;
  decisions: Record<string, number>;
  jobs: Record<string, number>;
  applications: Record<string, number>;
  /** 医療扶助: case and opinion ids (yamaguchi_case active with an approved 開始, yamamoto_case
   * applied with its opinion form out), institution ids by code. */
  medical: Record<string, number>;
  /** 介護扶助: provider ids by 事業所番号; yamaguchi_case in aid from the 1st of this month (第1号,
   * 要介護2, a helper station and a care-plan office), its approved 開始 yamaguchi_start. */
  care: Record<string, number>;
}

const USERS = [
  { user_id: "sato", display_name: "佐藤 健", role: "caseworker" },
  { user_id: "suzuki", display_name: "鈴木 由美", role: "supervisor" },
  { user_id: "kato", display_name: "加藤 誠", role: "readonly" },
  { user_id: "kimura", display_name: "木村 直子", role: "approver" },
  { user_id: "med", display_name: "医療 担当", role: "medical_clerk" },
] as const;

function isoDaysAgo(today: string, n: number): string {
  const t = Date.parse(today + "T00:00:00Z") - n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

type M = Partial<MemberInput> & Pick<MemberInput, "name" | "kana" | "birth_date">;
const member = (m: M): MemberInput => ({
  sex: "unspecified",
  relationship: m.is_head ? "世帯主" : "",
  is_head: false,
  my_number: null,
  addressee_number: null,
  dv_protected: false,
  death_date: null,
  ...m,
});

export async function seed(url: string, token: string): Promise<Fixture> {
  const b: Backend = nodeBackend({ url, token });
  const call = async <T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    (await b.call(method, params)) as T;
  const as = async (user: string, password = PASSWORD) => call("login", { user_id: user, password });
  // The office's date, as the core has it (日本標準時), not the test machine's UTC date.
  const { iso: today, wareki: todayWareki } = await call<{ iso: string; wareki: string }>("today");
  const fx: Fixture = { today, todayWareki, households: {}, persons: {}, personHouseholds: {}, decisions: {}, jobs: {}, applications: {}, medical: {}, care: {} };
  // --- office, users, rate set (administrator)
  await as("admin");
  await call("save_office", {
    settings: {
      office_name: "みどり町福祉事務所",
      public_payer_number: "12270013",
      municipality_code: "112101",
      prefecture: "東京都",
      grade: "1-1",
      chief_title: "福祉事務所長",
      chief_name: "山田 一郎",
      postal_code: "100-0001",
      address: "東京都みどり町本町1-1",
      phone: "03-0000-0000",
      idle_lock_minutes: 10,
      municipality_name: "みどり町",
      municipality_head: "みどり町長",
      case_number_prefix: "",
      case_number_digits: 6,
      case_number_next: 1,
      care_recipient_number: "shared",
    },
  });
  for (const u of USERS) await call("add_user", { ...u, temporary_password: NEWBIE_PASSWORD });
  await call("add_user", { user_id: "newbie", display_name: "新人 太郎", role: "caseworker", temporary_password: NEWBIE_PASSWORD });
  // The fixture set, open-ended so the calculation works on any day (as the demo does).
  const files: Record<string, string> = {};
  for (const name of readdirSync(RATE_FIXTURE_DIR)) {
    let text = readFileSync(resolve(RATE_FIXTURE_DIR, name), "utf8");
    if (name === "manifest.toml") text = text.replace('effective_to = "2026-03-31"\n', "");
    files[name] = text;
  }
  await call("rates_import", { files, allow_test_figures: true });
  for (const u of USERS) {
    await as(u.user_id, NEWBIE_PASSWORD);
    await call("change_password", { old_password: NEWBIE_PASSWORD, new_password: PASSWORD });
  }

  // --- households (caseworker), statuses as carried over from the paper ledger (supervisor)
  await as("sato");
  const households: { case: string; h: Record<string, unknown>; members: M[]; status: HouseholdStatus; since: number }[] = [
    {
      case: "2025-0001",
      h: { postal_code: "100-0002", address: "東京都みどり町中央2-3-4 みどり荘101", phone: "03-1111-2222", caseworker_id: "sato" },
      members: [
        { name: "山本 和夫", kana: "ヤマモト カズオ", birth_date: "1958-06-12", sex: "male", is_head: true, my_number: "123456789018", addressee_number: "000123" },
        { name: "山本 幸子", kana: "ヤマモト サチコ", birth_date: "1961-11-03", sex: "female", relationship: "妻", addressee_number: "000124" },
      ],
      status: "applying",
      since: 0,
    },
    {
      case: "2025-0002",
      h: { postal_code: null, address: "東京都みどり町東1-8-15", phone: "090-2222-3333", caseworker_id: "sato" },
      members: [
        { name: "田中 美咲", kana: "タナカ ミサキ", birth_date: "1990-02-20", sex: "female", is_head: true, dv_protected: true },
        { name: "田中 蓮", kana: "タナカ レン", birth_date: "2016-08-05", sex: "male", relationship: "子" },
        { name: "田中 陽葵", kana: "タナカ ヒマリ", birth_date: "2019-05-01", sex: "female", relationship: "子" },
      ],
      status: "applying",
      since: 0,
    },
    {
      case: "2024-0107",
      h: { postal_code: null, address: "東京都みどり町西3-2-1", phone: null, caseworker_id: "suzuki" },
      members: [{ name: "山田 太郎", kana: "ヤマダ タロウ", birth_date: "1975-01-30", sex: "male", is_head: true }],
      status: "suspended",
      since: 300,
    },
    {
      case: "2023-0042",
      h: { postal_code: null, address: "東京都みどり町南5-10", phone: "03-4444-5555", caseworker_id: "sato" },
      members: [
        { name: "山口 トメ", kana: "ヤマグチ トメ", birth_date: "1936-03-03", sex: "female", is_head: true },
        { name: "山口 正", kana: "ヤマグチ タダシ", birth_date: "1933-12-01", sex: "male", relationship: "夫", death_date: "2024-12-20" },
      ],
      status: "active",
      since: 800,
    },
    {
      case: "2025-0003",
      h: { postal_code: null, address: "東京都みどり町北1-1-1", phone: null, caseworker_id: null },
      members: [{ name: "小林 健一", kana: "コバヤシ ケンイチ", birth_date: "1968-09-09", sex: "male", is_head: true }],
      status: "applying",
      since: 0,
    },
    {
      case: "2022-0015",
      h: { postal_code: null, address: "東京都みどり町中央8-1", phone: null, caseworker_id: "suzuki" },
      members: [{ name: "中村 さくら", kana: "ナカムラ サクラ", birth_date: "1985-04-10", sex: "female", is_head: true }],
      status: "closed",
      since: 600,
    },
    {
      case: "2025-0004",
      h: { postal_code: null, address: "東京都みどり町東4-2-9", phone: "080-5555-6666", caseworker_id: "sato" },
      members: [{ name: "森 花子", kana: "モリ ハナコ", birth_date: "1979-07-14", sex: "female", is_head: true }],
      status: "applying",
      since: 0,
    },
  ];
  let registrar = "sato";
  for (const x of households) {
    // Members of another caseworker's case are registered by its own caseworker (the supervisor
    // suzuki here), so no reason for opening it is logged in the seed.
    const own = x.h.caseworker_id === "suzuki" ? "suzuki" : "sato";
    if (own !== registrar) await as((registrar = own));
    let v = await call<HouseholdView>("create_household", { input: { case_number: x.case, ...x.h } });
    for (const m of x.members) v = await call<HouseholdView>("add_member", { household_id: v.household.id, input: member(m) });
    fx.households[x.case] = v.household.id;
    for (const m of v.members) {
      fx.persons[m.name] = m.id;
      fx.personHouseholds[m.name] = v.household.id;
    }
  }
  await as("suzuki");
  for (const x of households.filter((x) => x.status !== "applying")) {
    if (x.status === "suspended") {
      await call("change_household_status", { household_id: fx.households[x.case], status: "active", effective_date: isoDaysAgo(today, x.since + 200), reason: "紙台帳からの移行（保護開始決定）" });
    }
    if (x.status === "closed") {
      await call("change_household_status", { household_id: fx.households[x.case], status: "active", effective_date: isoDaysAgo(today, x.since + 700), reason: "紙台帳からの移行（保護開始決定）" });
    }
    await call("change_household_status", { household_id: fx.households[x.case], status: x.status, effective_date: isoDaysAgo(today, x.since), reason: x.status === "active" ? "紙台帳からの移行（保護開始決定）" : x.status === "suspended" ? "就労収入の増加による停止" : "転出による廃止" });
  }

  // --- situations and applications (caseworker)
  await as("sato");
  const p = fx.persons;
  const sit = (hid: number, input: Partial<SituationInput>) =>
    call("situation_save", {
      household_id: hid,
      input: { winter_region: 6, housing_area: "試験県", rent_yen: 0, care_cost_yen: 0, medical_cost_yen: 0, members: [], incomes: [], ...input },
    });
  const facts = (person_id: number, f: Record<string, unknown>) => ({
    person_id, disability: null, lone_parent: false, pregnancy: null, home_patient: false, radiation: null,
    care_facility: false, care_premium_yen: 0, school: null, school_costs_yen: 0, new_job: false, ...f,
  });
  await sit(fx.households["2025-0001"], {
    rent_yen: 52000,
    medical_cost_yen: 18000,
    members: [facts(p["山本 和夫"], { home_patient: true })] as never,
    incomes: [{ person_id: p["山本 和夫"], kind: "pension", label: "老齢基礎年金", gross_yen: 54000, expenses_yen: 0 }],
  });
  await sit(fx.households["2025-0002"], {
    rent_yen: 58000,
    members: [facts(p["田中 美咲"], { lone_parent: true }), facts(p["田中 蓮"], { school: "shogakko", school_costs_yen: 2400 })] as never,
    incomes: [
      { person_id: p["田中 美咲"], kind: "earned", label: "スーパーのパート", gross_yen: 86000, expenses_yen: 2000 },
      { person_id: null, kind: "allowance", label: "児童扶養手当", gross_yen: 45500, expenses_yen: 0 },
    ],
  });
  await sit(fx.households["2023-0042"], {
    rent_yen: 38000,
    care_cost_yen: 24000,
    members: [facts(p["山口 トメ"], { disability: "b", care_premium_yen: 6200 })] as never,
    incomes: [{ person_id: p["山口 トメ"], kind: "pension", label: "遺族年金", gross_yen: 61000, expenses_yen: 0 }],
  });
  await sit(fx.households["2025-0004"], { rent_yen: 41000 });
  await sit(fx.households["2024-0107"], {
    rent_yen: 45000,
    incomes: [{ person_id: p["山田 太郎"], kind: "earned", label: "倉庫作業（正社員）", gross_yen: 178000, expenses_yen: 4000 }],
  });
  const apply = async (c: string, received: number, consulted: number | null) => {
    const a = await call<{ id: number }>("application_register", {
      household_id: fx.households[c],
      received_on: isoDaysAgo(today, received),
      consulted_on: consulted === null ? null : isoDaysAgo(today, consulted),
    });
    fx.applications[c] = a.id;
  };
  await apply("2025-0001", 20, 22); // answered by the 開始 below
  await apply("2025-0002", 9, 11); // あと5日
  await apply("2025-0003", 16, null); // 超過
  await apply("2025-0004", 12, 12); // 期限間近

  // --- decisions: 山本 開始 (approved), 山本 変更 (returned), 森 開始 (draft), 山口 変更 (reviewed)
  const draft = async (c: string, kind: string, date: string, text: string, codes: string[]) =>
    (await call<{ id: number }>("decision_draft", {
      input: { household_id: fx.households[c], kind, effective_date: date, reason_text: text, reason_codes: codes, calculate: true },
    })).id;
  const start = await draft("2025-0001", "start", isoDaysAgo(today, 15), "", ["need_recognised"]);
  fx.decisions.yamamoto_start = start;
  await as("suzuki");
  await call("decision_review", { decision_id: start, comment: "" });
  await as("kimura");
  await call("decision_approve", { decision_id: start, comment: "" });
  await as("sato");
  const change = await draft("2025-0001", "change", isoDaysAgo(today, 1), "家賃の改定（52,000円）", ["rent_change"]);
  fx.decisions.yamamoto_change = change;
  await as("suzuki");
  await call("decision_return", { decision_id: change, comment: "新しい賃貸借契約書の写しを添付し、家賃の改定月を確認してください。" });
  await as("sato");
  fx.decisions.draft_start = await draft("2025-0004", "start", isoDaysAgo(today, 2), "収入がなく最低生活費に満たない。", ["need_recognised"]);
  const yc = await draft("2023-0042", "change", isoDaysAgo(today, 1), "介護保険料の改定", ["standard_revision"]);
  fx.decisions.yamaguchi_change = yc;
  await as("suzuki");
  await call("decision_review", { decision_id: yc, comment: "確認しました" });

  // --- print jobs: delivered, printed, voided, generated
  await as("sato");
  const cert = async (name: string, aids: string[], purpose: string | null) =>
    (await call<{ id: number }>("print_certificate", { person_id: p[name], aids, purpose })).id;
  const delivered = await cert("山本 幸子", ["living", "housing", "medical"], "年金の手続き");
  await call("print_jobs_send", { job_ids: [delivered], printer: "事務室プリンター", copies: 1 });
  await call("print_job_deliver", { job_id: delivered });
  // Certificates state only what an approved decision in force grants: 2025-0001's 開始
  // (生活・住宅・医療扶助); a household carried over from paper has none to state.
  const printed = await cert("山本 和夫", ["living", "medical"], null);
  await call("print_jobs_send", { job_ids: [printed], printer: "窓口カウンター", copies: 1 });
  await as("suzuki");
  const voided = await cert("山本 幸子", ["living"], "賃貸契約のため");
  await call("print_job_void", { job_id: voided, reason: "扶助の種類の選択誤り" });
  await as("sato");
  const generated = await cert("山本 和夫", ["living", "housing"], "介護保険の手続き");
  Object.assign(fx.jobs, { delivered, printed, voided, generated });

  // --- 医療扶助: three institutions; 山口 トメ in aid from the 1st of this month (opinion
  // accepted for 6 months from 160 days ago, so it ends within 30 days); 山本 和夫 applied, his
  // opinion form out for an answer.
  await as("med");
  await call("institutions_import", {
    dry_run: false,
    csv:
      "code,name,kana,kind,address,phone,valid_from\n" +
      "0110113719,みどり内科クリニック,ミドリナイカクリニック,医科,みどり町本町2-1,03-0000-1111,2000-04-01\n" +
      "0140113713,みどり薬局,ミドリヤッキョク,調剤,みどり町本町2-2,03-0000-2222,2000-04-01\n" +
      "0130113715,みどり歯科医院,ミドリシカイイン,歯科,みどり町本町2-3,03-0000-3333,2000-04-01\n",
  });
  const inst = await call<{ id: number; code: string }[]>("institutions_search", { query: "", kind: null, limit: 10 });
  for (const i of inst) fx.medical[i.code] = i.id;
  const clinic = fx.medical["0110113719"];
  const pharmacy = fx.medical["0140113713"];
  const monthStart = today.slice(0, 8) + "01";
  const opened = isoDaysAgo(today, 160) < monthStart ? isoDaysAgo(today, 160) : monthStart;
  const yc2 = await call<{ id: number }>("medical_case_register", {
    household_id: fx.households["2023-0042"], person_id: p["山口 トメ"], applied_on: opened, institution_id: clinic, illness: "高血圧症",
  });
  fx.medical.yamaguchi_case = yc2.id;
  await call("other_law_check_save", {
    case_id: yc2.id, scheme: "care_insurance", asked_on: opened, answer: "not_applicable", answered_on: opened, note: "",
  });
  const op = await call<{ id: number }>("opinion_form_send", { case_id: yc2.id, institution_id: clinic });
  await call("opinion_form_return", {
    opinion_id: op.id, returned_on: today,
    content: { diseases: ["高血圧症"], treatment: "入院外", needed: true, expected_months: 6, estimated_cost_yen: 12000, findings: "月2回の通院", doctor: "みどり 医師" },
  });
  await call("opinion_form_review", {
    opinion_id: op.id, reviewed_on: today, reviewer: "嘱託 医師", result: "needed", comment: "", valid_from: opened, valid_months: 6,
  });
  await as("sato");
  const md = await call<{ id: number }>("medical_decision_draft", {
    case_id: yc2.id, kind: "start", effective_date: monthStart, reason_text: "医療要否意見書により医療の必要を認めた", reason_codes: [],
    terms: {
      lines: [
        { institution_id: clinic, treatment_type: "outpatient", diseases: ["高血圧症"], prescriber_id: null },
        { institution_id: pharmacy, treatment_type: "dispensing", diseases: ["高血圧症"], prescriber_id: clinic },
      ],
      single_or_combined: "single", social_insurance: false, infectious_37_2: false, elderly_medical_care: false, prefectural_expense: false, remarks: [],
    },
  });
  fx.decisions.yamaguchi_medical = md.id;
  await as("suzuki");
  await call("decision_review", { decision_id: md.id, comment: "" });
  await as("kimura");
  await call("decision_approve", { decision_id: md.id, comment: "" });
  await as("med");
  const yk = await call<{ id: number }>("medical_case_register", {
    household_id: fx.households["2025-0001"], person_id: p["山本 和夫"], applied_on: today, institution_id: clinic, illness: "腰痛",
  });
  fx.medical.yamamoto_case = yk.id;
  fx.medical.yamamoto_opinion = (await call<{ id: number }>("opinion_form_send", { case_id: yk.id, institution_id: clinic })).id;

  // --- 介護扶助: two providers (a care-plan office, a helper station); 山口 トメ (第1号, 要介護2,
  // the premium her situation already has) in care aid from the 1st of this month.
  await call("care_providers_import", {
    dry_run: false,
    csv_text:
      "事業所番号,事業所名,カナ,サービス種類,所在地,指定年月日,指定終了日\n" +
      "1371123454,みどりケアプランセンター,ミドリケアプランセンター,43,みどり町本町3-1,2018-04-01,\n" +
      "1371000017,みどりヘルパーステーション,ミドリヘルパーステーション,11 15,みどり町本町3-2,2018-04-01,\n",
  });
  for (const pr of await call<{ id: number; number: string }[]>("care_providers_search", { query: "", plan_only: false, limit: 10 })) fx.care[pr.number] = pr.id;
  await as("sato");
  const certifiedTo = `${Number(today.slice(0, 4)) + 1}${today.slice(4, 8)}01`;
  await call("care_status_save", {
    input: {
      person_id: p["山口 トメ"], valid_from: opened, kind: "first", insured_number: "0000123456", insurer_number: "131016",
      previous_h_number: "", previous_h_municipality: "", co_pay_tenths: 1, premium_yen: 6200, care_level: "care2",
      certified_from: opened, certified_to: certifiedTo,
    },
  });
  const cc = await call<{ id: number }>("care_case_register", { input: { person_id: p["山口 トメ"], applied_on: monthStart } });
  fx.care.yamaguchi_case = cc.id;
  await call("care_plan_record", { input: { case_id: cc.id, plan_office_id: fx.care["1371123454"], received_on: monthStart, note: "" } });
  const cd = await call<{ id: number }>("care_decision_draft", {
    input: {
      case_id: cc.id, kind: "start", effective_date: monthStart, reason_text: "要介護認定を受け、訪問介護の利用が必要なため", reason_codes: [],
      terms: { lines: [{ provider_id: fx.care["1371000017"], service_kinds: ["11"] }], plan_office_id: fx.care["1371123454"] },
    },
  });
  fx.care.yamaguchi_start = cd.id;
  await as("suzuki");
  await call("decision_review", { decision_id: cd.id, comment: "" });
  await as("kimura");
  await call("decision_approve", { decision_id: cd.id, comment: "" });
  await call("logout");
  return fx;
}
