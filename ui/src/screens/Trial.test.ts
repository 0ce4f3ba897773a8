import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { app } from "../lib/app.svelte";
import type { AuditEntryView, CalcView, HomeView, SessionInfo, TrialInput } from "../lib/types";
import { DEMO_PASSWORD, freshApp, settle, type Core } from "../test/helpers";
import { noFacts } from "./decisions/FactCells.svelte";
import Trial from "./Trial.svelte";

let core: Core;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector(sel) as T;
const $$ = <T extends HTMLElement = HTMLElement>(sel: string) => [...document.querySelectorAll(sel)] as T[];
async function type(el: HTMLElement, value: string) {
  await fireEvent.input(el, { target: { value } });
}
async function pick(el: HTMLElement, value: string) {
  await fireEvent.change(el, { target: { value } });
}

/** The office of the seed with the national sets a new database gets, and `user` logged in. */
async function withNationalSets(user: string) {
  core = await freshApp("admin");
  await core.call("rates_install_national");
  app.session = await core.call<SessionInfo>("login", { user_id: user, password: DEMO_PASSWORD });
}

/** docs/examples/calc-input.json, the Tokyo household of the tests. */
const TOKYO: TrialInput = {
  date: "2027-01-15",
  grade: "1-1",
  municipality: null,
  prefecture: "東京都",
  winter_region: null,
  housing_area: null,
  rent: 75000,
  care_cost_yen: 0,
  medical_cost_yen: 0,
  members: [
    { birth_date: "1991-04-10", relationship: "世帯主" },
    { birth_date: "1991-04-10", relationship: "妻" },
    { birth_date: "2022-04-10", relationship: "子" },
  ].map((m) => ({ ...m, ...noFacts() })),
  incomes: [{ member: 1, kind: "earned", label: "給与", gross_yen: 100000, expenses_yen: 8000 }],
};

async function typeTokyo() {
  await type(byId("trial-date"), "令和9年1月15日");
  await pick(byId("trial-grade"), "1-1");
  await type(byId("trial-prefecture"), "東京都");
  await type(byId("trial-rent"), "75,000");
  await fireEvent.click(byId("trial-member-add"));
  await fireEvent.click(byId("trial-member-add"));
  await settle();
  const births = $$<HTMLInputElement>('#trial-members input[aria-label$="生年月日"]');
  const rels = $$<HTMLInputElement>('#trial-members input[aria-label$="続柄"]');
  await type(births[0], "H3.4.10");
  await type(births[1], "1991-04-10");
  await type(rels[1], "妻");
  await type(births[2], "令和4年4月10日");
  await type(rels[2], "子");
  await fireEvent.click(byId("trial-income-add"));
  await settle();
  await type($('[aria-label="収入1 内容"]'), "給与");
  await type($('[aria-label="収入1 月額"]'), "100000");
  await type($('[aria-label="収入1 必要経費"]'), "8000");
}

describe("試算", () => {
  it("prices a household typed at the counter exactly as the core does, and registers no one", async () => {
    await withNationalSets("sato");
    const before = await core.call<HomeView>("home");
    render(Trial);
    await settle();
    await typeTokyo();
    await fireEvent.submit(byId("trial-form"));
    await settle(10);

    // What the screen sent is the household as typed: dates as written (the core reads 和暦).
    const sent = core.called("calc_trial")[0].params.input as TrialInput;
    expect(sent.members.map((m) => [m.birth_date, m.relationship])).toEqual([
      ["H3.4.10", "世帯主"],
      ["1991-04-10", "妻"],
      ["令和4年4月10日", "子"],
    ]);
    expect({ ...sent, date: TOKYO.date, members: TOKYO.members }).toEqual(TOKYO);

    // The amounts on screen are the core's for the same household (docs/rate-tables.md §9:
    // 保護費 171,890 yen with national-2026-10), every line with its table row.
    const expected = await core.call<CalcView>("calc_trial", { input: TOKYO });
    expect(expected.rate_version).toBe("national-2026-10");
    expect(expected.benefit_yen).toBe(171890);
    expect($('#trial-result [data-total="benefit"]').textContent).toBe("171,890");
    expect($('#trial-result [data-total="minimum"]').textContent).toBe(expected.minimum_total_yen.toLocaleString("ja-JP"));
    const shown = $$("#calc-lines tbody tr").map((tr) => [...tr.children].map((td) => td.textContent?.trim()));
    expect(shown.length).toBe(expected.lines.length);
    // Each line names its table by the title the core gives (the rate set's data), the file and
    // line only as a small reference beside it.
    expect(expected.lines.find((l) => l.label.startsWith("第1類"))?.table_title).toBe("生活扶助基準（第1類）");
    const cited = $$("#calc-lines tbody tr").map((tr) => tr.querySelector("[data-table-title]")?.textContent?.trim() ?? "");
    expect(cited).toEqual(expected.lines.map((l) => l.table_title ?? ""));
    const refs = $$("#calc-lines tbody tr").map((tr) => tr.querySelector("[data-table-ref]")?.textContent?.trim() ?? "");
    expect(refs).toEqual(expected.lines.map((l) => l.table_ref ?? ""));
    expect(shown.every((r) => !r[3]?.startsWith("daiichi") && !r[3]?.startsWith("teigen"))).toBe(true);
    expect(byId("trial-result").textContent).toContain("national-2026-10");

    // Nothing is registered; only the use is in the audit log.
    const after = await core.call<HomeView>("home");
    expect(after.counts).toEqual(before.counts);
    app.session = await core.call<SessionInfo>("login", { user_id: "admin", password: DEMO_PASSWORD });
    const log = await core.call<AuditEntryView[]>("search_audit", {
      filter: { user_id: "sato", person: null, action: "calc_trial", from: null, to: null, limit: 10 },
    });
    expect(log.length).toBe(2);
    expect(log.every((e) => e.target_id === null)).toBe(true);
    expect(JSON.stringify(log[0].detail)).not.toContain("1991");
  });

  it("marks a result that no longer matches the input, and shows the core's refusal by field", async () => {
    await withNationalSets("sato");
    render(Trial);
    await settle();
    await typeTokyo();
    await fireEvent.submit(byId("trial-form"));
    await settle(10);
    expect(byId("trial-stale")).toBeNull();
    await type(byId("trial-rent"), "80000");
    await settle();
    expect(byId("trial-stale")).not.toBeNull();

    const births = $$<HTMLInputElement>('#trial-members input[aria-label$="生年月日"]');
    await type(births[1], "平成99年13月1日");
    await fireEvent.submit(byId("trial-form"));
    await settle(10);
    expect(byId("trial-error").textContent).toContain("世帯員2の生年月日");
    expect(byId("trial-result")).toBeNull();
  });

  it("a member removed takes their incomes' owner with them", async () => {
    await withNationalSets("sato");
    render(Trial);
    await settle();
    await typeTokyo();
    await pick($('[aria-label="収入1 人"]'), "3");
    await fireEvent.click($('[aria-label="世帯員2を削除"]'));
    await settle();
    await fireEvent.submit(byId("trial-form"));
    await settle(10);
    const sent = core.called("calc_trial")[0].params.input as TrialInput;
    expect(sent.members.map((m) => m.relationship)).toEqual(["世帯主", "子"]);
    expect(sent.incomes[0].member).toBe(2);
  });
});
