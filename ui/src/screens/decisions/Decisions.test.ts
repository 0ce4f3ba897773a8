import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { app } from "../../lib/app.svelte";
import type { Core } from "../../test/helpers";
import type { DecisionInput, DecisionView, HouseholdHeader, SituationInput } from "../../lib/types";
import { formatYen } from "../../lib/decisions";
import { freshApp, settle } from "../../test/helpers";
import DecisionDetail from "../DecisionDetail.svelte";
import Home from "../Home.svelte";
import ApplicationPanel from "./ApplicationPanel.svelte";
import CalcPanel from "./CalcPanel.svelte";
import DecisionForm from "./DecisionForm.svelte";
import DecisionList from "./DecisionList.svelte";
import SituationPanel from "./SituationPanel.svelte";

let core: Core;
const hid = (caseNumber: string) => core.hid(caseNumber);
/** The household header as the core sends it (opened with a reason: some are another caseworker's case). */
const header = async (caseNumber: string) =>
  (await core.call<{ household: HouseholdHeader }>("open_household", { household_id: hid(caseNumber), reason: { kind: "counter", note: "" } }))
    .household;
const wareki = async (iso: string) => (await core.call<{ wareki: string }>("parse_date", { text: iso })).wareki;
const inDays = (n: number) => new Date(Date.parse(core.fixture.today + "T00:00:00Z") + n * 86_400_000).toISOString().slice(0, 10);
const calls = (m: string) => core.calls.filter((c) => c.method === m);
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
async function type(el: HTMLElement, value: string) {
  await fireEvent.input(el, { target: { value } });
}

afterEach(() => {
  app.confirm?.resolve(false);
});

describe("決定を起案", () => {
  it("sends the ISO date read from 和暦 and the chosen reasons", async () => {
    core = await freshApp("sato");
    let done = false;
    render(DecisionForm, { props: { household: await header("2025-0002"), onclose: () => undefined, ondone: () => (done = true) } });
    await settle();
    // 申請中 → 開始 is proposed, and only reasons that fit 開始 are offered
    expect(document.querySelector<HTMLInputElement>('input[name="decision-kind"]:checked')!.value).toBe("start");
    const offered = [...document.querySelectorAll("#decision-reasons label")].map((l) => l.textContent);
    expect(offered).toEqual(["最低生活費に対して収入が不足するため"]);

    await type(byId("decision-date"), "令和7年6月1日");
    await fireEvent.click(screen.getByLabelText("最低生活費に対して収入が不足するため"));
    await type(byId("decision-text"), "  就労収入のみでは最低生活費に満たない。 ");
    await fireEvent.submit(byId("decision-date").closest("form")!);
    await settle(10);

    const sent = calls("decision_draft")[0].params.input as DecisionInput;
    expect(sent).toEqual({
      household_id: hid("2025-0002"),
      kind: "start",
      effective_date: "2025-06-01",
      reason_text: "就労収入のみでは最低生活費に満たない。",
      reason_codes: ["need_recognised"],
      calculate: true,
    });
    expect(done).toBe(true);
  });

  it("requires a date and a reason before calling the core", async () => {
    core = await freshApp("sato");
    render(DecisionForm, { props: { household: await header("2025-0002"), onclose: () => undefined, ondone: () => undefined } });
    await settle();
    await fireEvent.submit(byId("decision-date").closest("form")!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("適用日");
    await type(byId("decision-date"), "R7.6.1");
    await fireEvent.submit(byId("decision-date").closest("form")!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("理由");
    expect(calls("decision_draft")).toHaveLength(0);
  });

  it("offers 計算を添付 for 却下 and sends it", async () => {
    core = await freshApp("sato");
    render(DecisionForm, { props: { household: await header("2025-0002"), onclose: () => undefined, ondone: () => undefined } });
    await settle();
    expect(byId("decision-calc")).toBeNull();
    await fireEvent.click(document.querySelector('input[name="decision-kind"][value="reject"]')!);
    await settle();
    await fireEvent.click(byId("decision-calc"));
    await type(byId("decision-date"), "2025-06-01");
    await fireEvent.click(screen.getByLabelText("収入が最低生活費を上回るため"));
    await fireEvent.submit(byId("decision-date").closest("form")!);
    await settle(10);
    const sent = calls("decision_draft")[0].params.input as DecisionInput;
    expect(sent.kind).toBe("reject");
    expect(sent.calculate).toBe(true);
    expect(sent.reason_codes).toEqual(["income_sufficient"]);
  });

  it("attaches a calculation exactly where the core's view says the kind requires one", async () => {
    core = await freshApp("sato");
    const h = await header("2025-0002");
    // 申請中: 開始 (always with its calculation) or 却下 (the caseworker chooses)
    expect(h.decision_kinds.map((k) => [k.kind, k.label, k.requires_calculation])).toEqual([
      ["start", "開始", true],
      ["reject", "却下", false],
    ]);
    render(DecisionForm, { props: { household: h, onclose: () => undefined, ondone: () => undefined } });
    await settle();
    const offered = [...document.querySelectorAll('input[name="decision-kind"]')].map((i) => i.closest("label")!.textContent);
    expect(offered).toEqual(h.decision_kinds.map((k) => k.label));
    for (const k of h.decision_kinds) {
      await fireEvent.click(document.querySelector(`input[name="decision-kind"][value="${k.kind}"]`)!);
      await settle();
      expect(byId("decision-calc") === null).toBe(k.requires_calculation);
    }
  });

  it("has no rule of its own about calculations: it follows the flag it is given", async () => {
    core = await freshApp("sato");
    const h = await header("2025-0002");
    const flipped = { ...h, decision_kinds: h.decision_kinds.map((k) => ({ ...k, requires_calculation: !k.requires_calculation })) };
    render(DecisionForm, { props: { household: flipped, onclose: () => undefined, ondone: () => undefined } });
    await settle();
    // 開始 now shows the choice, 却下 does not and sends calculate: true
    expect(byId("decision-calc")).not.toBeNull();
    await fireEvent.click(document.querySelector('input[name="decision-kind"][value="reject"]')!);
    await settle();
    expect(byId("decision-calc")).toBeNull();
    await type(byId("decision-date"), "2025-06-01");
    await fireEvent.click(screen.getByLabelText("収入が最低生活費を上回るため"));
    await fireEvent.submit(byId("decision-date").closest("form")!);
    await settle(10);
    expect((calls("decision_draft")[0].params.input as DecisionInput).calculate).toBe(true);
  });

  it("the list shows a 保護費 only where the core says the decision sets one", async () => {
    core = await freshApp("sato");
    const start = await core.call<DecisionView>("decision_get", { decision_id: core.fixture.decisions.yamamoto_start });
    const reject = await core.call<DecisionView>("decision_draft", {
      input: { household_id: hid("2025-0002"), kind: "reject", effective_date: "2025-06-01", reason_text: "収入が最低生活費を上回るため", reason_codes: [], calculate: true },
    });
    expect([start.benefit_decided, reject.benefit_decided]).toEqual([true, false]);
    const benefitCell = (id: number) => document.querySelector(`tr[data-decision-id="${id}"] td.yen`)!.textContent;
    const list = render(DecisionList, { props: { decisions: [start, reject], onopen: () => undefined } });
    expect(benefitCell(start.id)).toBe(formatYen(start.benefit_yen));
    expect(benefitCell(reject.id)).toBe("—");
    list.unmount();
    // the flag decides, not the kind
    render(DecisionList, { props: { decisions: [{ ...start, benefit_decided: false }], onopen: () => undefined } });
    expect(benefitCell(start.id)).toBe("—");
  });

  it("a 却下 with its calculation says, in the core's words, why it has no amounts", async () => {
    core = await freshApp("sato");
    const d = await core.call<DecisionView>("decision_draft", {
      input: { household_id: hid("2025-0002"), kind: "reject", effective_date: "2025-06-01", reason_text: "収入が最低生活費を上回るため", reason_codes: [], calculate: true },
    });
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    expect(d.amounts_note).toBe("却下の決定のため扶助額は0円です（計算は根拠として添付）。");
    expect(byId("decision-amounts-note").textContent).toBe(d.amounts_note);
  });
});

describe("決定の審査・決裁・差戻し", () => {
  // The seed has one decision in each state.
  const byState = (state: "draft" | "reviewed" | "returned" | "approved") => ({
    id: { draft: core.fixture.decisions.draft_start, reviewed: core.fixture.decisions.yamaguchi_change, returned: core.fixture.decisions.yamamoto_change, approved: core.fixture.decisions.yamamoto_start }[state],
  });
  const actionButtons = () => [...document.querySelectorAll<HTMLButtonElement>("#decision-actions [data-action]")].map((b) => b.dataset.action);

  it("差戻し requires a comment; with one, the decision goes back to its drafter", async () => {
    core = await freshApp("suzuki");
    const d = byState("draft");
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    expect(actionButtons()).toEqual(["review", "return"]);
    await fireEvent.click(document.querySelector('[data-action="return"]')!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("差戻しの理由");
    expect(calls("decision_return")).toHaveLength(0);

    await type(byId("decision-comment-box"), "手帳の写しを添付してください。");
    await fireEvent.click(document.querySelector('[data-action="return"]')!);
    await settle();
    expect(calls("decision_return")[0].params).toEqual({ decision_id: d.id, comment: "手帳の写しを添付してください。" });
    expect(byId("decision-state").textContent).toBe("差戻し");
    expect(byId("decision-comments").textContent).toContain("手帳の写しを添付してください。");
    expect(actionButtons()).toEqual([]); // suzuki did not draft it
  });

  it("shows the 日割 the core computed for a 開始 inside a month", async () => {
    core = await freshApp("sato");
    const draft = async (date: string) =>
      (await core.call<DecisionView>("decision_draft", {
        input: { household_id: hid("2025-0002"), kind: "start", effective_date: date, reason_text: "", reason_codes: ["need_recognised"], calculate: true },
      }));
    const mid = await draft("2025-06-15");
    expect(mid.prorated).not.toBeNull();
    render(DecisionDetail, { props: { id: mid.id } });
    await settle();
    const p = mid.prorated!;
    expect([p.days, p.days_in_month]).toEqual([16, 30]);
    expect(byId("decision-prorated").textContent).toContain(p.label);
    expect(byId("decision-prorated-cash").textContent).toBe(formatYen(p.prorated_cash_yen));
  });

  it("shows who did each step and who commented by name, and warns about test figures", async () => {
    core = await freshApp("suzuki");
    const d = byState("draft");
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    await type(byId("decision-comment-box"), "確認してください。");
    await fireEvent.click(document.querySelector('[data-action="return"]')!);
    await settle();
    const trail = document.querySelector("ol.trail")!.textContent!;
    expect(trail).toContain("佐藤 健");
    expect(trail).not.toContain("sato");
    expect(byId("decision-comments").textContent).toContain("鈴木 由美");
    expect((await core.call<{ test_figures: boolean }>("decision_get", { decision_id: d.id })).test_figures).toBe(true); // the seed uses the 試験用 set
    expect(byId("decision-test-figures").textContent).toContain("試験用の基準額表です（実在しない金額）");
  });

  it("the drafter is not offered 審査 on their own draft", async () => {
    core = await freshApp("sato");
    render(DecisionDetail, { props: { id: byState("draft").id } });
    await settle();
    // 再起案 only after a return (issue 7): nothing to do on one's own draft but wait.
    expect(actionButtons()).toEqual([]);
    expect(document.querySelector('[data-action="review"]')).toBeNull();
    expect(byId("own-draft").textContent).toContain("自分が起案した決定は審査・決裁できません");
  });

  it("the approver sees 決裁 only on reviewed decisions, and 決裁 asks first", async () => {
    core = await freshApp("kimura");
    const reviewed = byState("reviewed");
    render(DecisionDetail, { props: { id: reviewed.id } });
    await settle();
    expect(actionButtons()).toEqual(["approve", "return"]);
    await fireEvent.click(document.querySelector('[data-action="approve"]')!);
    await settle();
    expect(app.confirm?.message).toContain("決裁します");
    app.confirm!.resolve(true);
    app.confirm = null;
    await settle(10);
    expect(calls("decision_approve")).toHaveLength(1);
    expect(byId("decision-state").textContent).toBe("決裁");
  });

  it("an approver is offered nothing on a draft not yet reviewed", async () => {
    core = await freshApp("kimura");
    render(DecisionDetail, { props: { id: byState("draft").id } });
    await settle();
    expect(byId("decision-actions")).toBeNull();
  });

  it("the drafter corrects a returned decision (再起案)", async () => {
    core = await freshApp("sato");
    const d = byState("returned");
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    expect(actionButtons()).toEqual(["redraft"]);
    await fireEvent.click(document.querySelector('[data-action="redraft"]')!);
    await settle(10);
    // the kinds the core allows for the household now, not every kind there is
    const view = await core.call<DecisionView>("decision_get", { decision_id: d.id });
    const offered = [...document.querySelectorAll('input[name="decision-kind"]')].map((i) => (i as HTMLInputElement).value);
    expect(offered).toEqual(view.redraft_kinds.map((k) => k.kind));
    expect(offered).not.toContain("start");
    await type(byId("decision-comment"), "契約書の写しを添付しました。");
    await fireEvent.submit(byId("decision-date").closest("form")!);
    await settle(10);
    const call = calls("decision_redraft")[0];
    expect(call.params.decision_id).toBe(d.id);
    // the form keeps the returned decision's effective date
    expect((call.params.input as DecisionInput).effective_date).toBe(inDays(-1));
    expect(call.params.comment).toBe("契約書の写しを添付しました。");
    expect(byId("decision-state").textContent).toBe("起案");
  });
});

describe("収入・加算", () => {
  const rows = () => document.querySelectorAll("tr.income-row");

  it("adds and removes income rows", async () => {
    core = await freshApp("sato");
    render(SituationPanel, { props: { household: await header("2025-0002"), calcDate: "2025-06-02" } });
    await settle();
    expect(rows()).toHaveLength(2);
    expect(byId("saved-state").textContent).toContain("保存済み");
    await fireEvent.click(byId("income-add"));
    await settle();
    expect(rows()).toHaveLength(3);
    expect(byId("saved-state").textContent).toContain("未保存");
    await fireEvent.click(rows()[0].querySelector("button.remove")!);
    await settle();
    expect(rows()).toHaveLength(2);
    // the first row (パート) is gone, the new one stays
    expect([...rows()].map((r) => (r.querySelector("input.label-input") as HTMLInputElement).value)).toEqual(["児童扶養手当", ""]);
  });

  it("offers the 住宅扶助 区分 of the rate set in force as a select", async () => {
    core = await freshApp("sato");
    render(SituationPanel, { props: { household: await header("2025-0002"), calcDate: "2025-06-02" } });
    await settle();
    const area = byId<HTMLSelectElement>("sit-area");
    expect(area.tagName).toBe("SELECT");
    expect([...area.options].map((o) => o.value)).toEqual(["", "試験県"]); // the areas of jutaku.csv
  });

  it("accepts integer yen only, then saves and recalculates", async () => {
    core = await freshApp("sato");
    render(SituationPanel, { props: { household: await header("2025-0002"), calcDate: "2025-06-02" } });
    await settle();
    const key = (rows()[1] as HTMLElement).dataset.key;
    const gross = byId<HTMLInputElement>(`income-gross-${key}`);
    await fireEvent.focus(gross);
    await type(gross, "45500.5");
    await settle();
    expect(gross.getAttribute("aria-invalid")).toBe("true");
    expect(byId(`income-gross-${key}-err`).textContent).toContain("整数");
    await fireEvent.click(byId("situation-save"));
    await settle();
    expect(calls("situation_save")).toHaveLength(0);
    expect(screen.getAllByRole("alert").some((a) => a.textContent?.includes("円単位の整数"))).toBe(true);

    await type(gross, "４６，０００円");
    await fireEvent.blur(gross);
    await settle();
    expect(gross.value).toBe("46,000");
    expect(gross.getAttribute("aria-invalid")).toBeNull();
    await fireEvent.click(byId("situation-save"));
    await settle(10);
    const saved = calls("situation_save")[0].params.input as SituationInput;
    expect(saved.incomes[1]).toMatchObject({ kind: "allowance", gross_yen: 46000, expenses_yen: 0 });
    expect(calls("calc_household")[0].params).toEqual({ household_id: hid("2025-0002"), date: "2025-06-02" });
    expect(byId("situation-summary").textContent).toContain("保護費");
    expect(byId("saved-state").textContent).toContain("保存済み");
  });

  it("leaves the 冬季加算 地区 to the office's prefecture unless the caseworker sets one", async () => {
    core = await freshApp("sato");
    const h = await header("2025-0002");
    const stored = (await core.call<{ input: SituationInput }>("situation_get", { household_id: h.id })).input;
    await core.call("situation_save", { household_id: h.id, input: { ...stored, winter_region: null } });
    render(SituationPanel, { props: { household: h, calcDate: "2025-06-02" } });
    await settle();
    const winter = byId<HTMLSelectElement>("sit-winter");
    expect(winter.selectedOptions[0].textContent).toContain("事務所の都道府県");
    await type(byId("sit-rent"), "59000");
    await fireEvent.click(byId("situation-save"));
    await settle(10);
    expect((calls("situation_save")[0].params.input as SituationInput).winter_region).toBeNull();

    // Set by hand, the household keeps its own 地区.
    winter.value = [...winter.options].find((o) => o.textContent === "Ⅰ区")!.value;
    await fireEvent.change(winter);
    await fireEvent.click(byId("situation-save"));
    await settle(10);
    expect((calls("situation_save")[1].params.input as SituationInput).winter_region).toBe(1);
  });

  it("refuses 就労 income without a person", async () => {
    core = await freshApp("sato");
    render(SituationPanel, { props: { household: await header("2025-0002"), calcDate: "2025-06-02" } });
    await settle();
    const sel = rows()[0].querySelector("select") as HTMLSelectElement;
    sel.value = sel.options[0].value; // 世帯（個人に属さない）
    await fireEvent.change(sel);
    await settle();
    await fireEvent.click(byId("situation-save"));
    await settle();
    // The core refuses it (the rule lives there) and the screen shows its message.
    expect(calls("situation_save")).toHaveLength(1);
    expect(screen.getAllByRole("alert").some((a) => a.textContent?.includes("就労収入には世帯員の指定が必要です"))).toBe(true);
    expect(byId("saved-state").textContent).toContain("未保存");
  });
});

describe("計算", () => {
  it("warns prominently when the rate set holds test figures", async () => {
    core = await freshApp("sato");
    render(CalcPanel, { props: { householdId: hid("2025-0001"), date: "2025-06-02" } });
    await settle(10);
    expect(byId("test-figures-warning").textContent).toContain("試験用の基準額表です（実在しない金額）");
    expect(document.querySelectorAll("#calc-lines tbody tr").length).toBeGreaterThan(3);
    expect(byId("calc-totals").querySelector('[data-total="benefit"]')!.textContent).toMatch(/^[\d,]+$/);
  });

  it("calculates on the office's date from the core when no date is given", async () => {
    core = await freshApp("sato");
    render(CalcPanel, { props: { householdId: hid("2025-0001") } });
    await settle(10);
    const today = (await core.call<{ iso: string }>("today")).iso;
    expect(byId<HTMLInputElement>("calc-date").value).toBe(today);
    expect(calls("calc_household").map((c) => c.params)).toEqual([{ household_id: hid("2025-0001"), date: today }]);
  });

  it("shows the core's error when no rate set covers the date", async () => {
    core = await freshApp("sato");
    render(CalcPanel, { props: { householdId: hid("2025-0001"), date: "R6.4.1" } });
    await settle(10);
    expect(byId("calc-error").textContent).toContain("基準額表が取り込まれていません");
    expect(byId("calc-view")).toBeNull();
  });
});

describe("申請と期限", () => {
  it("shows the deadline with days left, and extending needs a reason", async () => {
    core = await freshApp("sato");
    render(ApplicationPanel, { props: { household: await header("2025-0002") } });
    await settle();
    expect(byId("application-deadline").textContent).toContain(await wareki(inDays(5)));
    expect(byId("application-deadline").textContent).toContain("あと5日");
    await fireEvent.click(byId("extend-open"));
    await settle();
    await fireEvent.submit(byId("extend-reason").closest("form")!);
    await settle();
    expect(calls("application_extend")).toHaveLength(0);
    await type(byId("extend-reason"), "扶養義務者の調査に日時を要するため");
    await fireEvent.submit(byId("extend-reason").closest("form")!);
    await settle(10);
    expect(calls("application_extend")[0].params.reason).toBe("扶養義務者の調査に日時を要するため");
    expect(byId("application-deadline").textContent).toContain(await wareki(inDays(21)));
    expect(byId("application-deadline").textContent).toContain("30日・延長済");
  });

  it("shows exactly the steps the core's view allows, for every role and state", async () => {
    type Tab = { applications: { status: string; actions: string[] }[]; may_register: boolean; register_refusal: string | null };
    for (const user of ["sato", "suzuki", "kimura", "kato"]) {
      for (const cn of ["2025-0002", "2023-0042", "2022-0015"]) {
        core = await freshApp(user);
        const view = await core.call<Tab>("applications_for_household", { household_id: hid(cn) });
        const { unmount } = render(ApplicationPanel, { props: { household: await header(cn) } });
        await settle();
        const pending = view.applications.find((a) => a.status === "pending");
        const where = `${user} ${cn}`;
        expect(!!byId("extend-open"), where).toBe(!!pending?.actions.includes("extend"));
        expect(!!byId("application-form-open"), where).toBe(!!pending?.actions.includes("edit_form"));
        expect(!!byId("app-received"), where).toBe(view.may_register);
        if (view.register_refusal) expect(byId("application-register-refusal").textContent, where).toBe(view.register_refusal);
        else expect(byId("application-register-refusal"), where).toBeNull();
        unmount();
      }
    }
  });

  it("says in the core's words why a household receiving assistance takes no application", async () => {
    core = await freshApp("sato");
    render(ApplicationPanel, { props: { household: await header("2023-0042") } });
    await settle();
    expect(byId("app-received")).toBeNull();
    expect(byId("application-register-refusal").textContent).toContain("保護の開始の申請は相談中・申請中・廃止の世帯にだけ登録できます");
  });

  it("offers no second extension once extended", async () => {
    core = await freshApp("sato");
    await core.call("application_extend", { application_id: core.fixture.applications["2025-0002"], reason: "扶養義務者の調査のため" });
    render(ApplicationPanel, { props: { household: await header("2025-0002") } });
    await settle();
    expect(byId("application-deadline").textContent).toContain("30日・延長済");
    expect(byId("extend-open")).toBeNull();
    expect(byId("application-form-open")).not.toBeNull();
  });

  it("lists 期限超過 and 期限間近 on the home screen", async () => {
    core = await freshApp("sato");
    render(Home);
    await settle(10);
    expect(byId("home-overdue").textContent).toContain("2025-0003");
    expect(byId("home-overdue").textContent).toContain("2日超過");
    expect(byId("home-due-soon").textContent).toContain("2025-0004");
    expect(byId("home-due-soon").textContent).toContain("あと2日");
    expect(byId("home-due-soon").textContent).not.toContain("2025-0002");
  });
});

describe("保護申請書", () => {
  it("registers the application with its form on a 相談中 household and shows it on the 申請 tab", async () => {
    core = await freshApp("sato");
    const v = await core.call<{ household: { id: number } }>("create_household", {
      input: { case_number: "2025-0900", postal_code: null, address: "東京都みどり町西9-9", phone: null, caseworker_id: "sato" },
    });
    const id = v.household.id;
    await core.call("add_member", {
      household_id: id,
      input: { name: "相談 花子", kana: "そうだん はなこ", birth_date: "1980-01-01", sex: "female", relationship: "世帯主", is_head: true, my_number: null, addressee_number: null, dv_protected: false, death_date: null },
    });
    const h = (await core.call<{ household: HouseholdHeader }>("open_household", { household_id: id })).household;
    expect(h.status).toBe("consulting");
    render(ApplicationPanel, { props: { household: h } });
    await settle();
    await type(byId("app-received"), core.fixture.today);
    await type(byId("app-new-applicant"), "相談 花子");
    await type(byId("app-new-relationship"), "本人");
    await type(byId("app-new-complaint"), "失業して家賃が払えない");
    for (const v of ["living", "housing"]) await fireEvent.click(document.querySelector<HTMLInputElement>(`input[name=app-new-aid][value=${v}]`)!);
    await fireEvent.click(byId("app-new-assets"));
    await fireEvent.click(byId("app-new-consent"));
    await fireEvent.click(byId("app-new-ob-add"));
    await settle();
    await type(byId("app-new-ob-name-0"), "相談 一郎");
    await type(byId("app-new-ob-rel-0"), "兄");
    await fireEvent.submit(byId("app-received").closest("form")!);
    await settle(10);
    const [call] = calls("application_register");
    expect(call.params.form).toEqual({
      applicant_name: "相談 花子",
      applicant_relationship: "本人",
      main_complaint: "失業して家賃が払えない",
      aids_requested: ["living", "housing"],
      asset_declaration: true,
      income_declaration: false,
      consent_form: true,
      support_obligors: [{ name: "相談 一郎", relationship: "兄", inquire: true, no_inquiry_reason: "" }],
    });
    const shown = byId("application-form-view").textContent!;
    expect(shown).toContain("相談 花子（本人）");
    expect(shown).toContain("生活扶助・住宅扶助");
    expect(shown).toContain("資産申告書 受理・収入申告書 未受理");
    expect(shown).toContain("相談 一郎（兄）— 扶養照会をする");
    // 申請中 only now, with the application
    expect((await core.call<{ household: HouseholdHeader }>("open_household", { household_id: id })).household.status).toBe("applying");
  });

  it("offers no 扶養照会 for a household under DV protection, and the core refuses one", async () => {
    core = await freshApp("sato");
    render(ApplicationPanel, { props: { household: await header("2025-0002") } });
    await settle();
    await fireEvent.click(byId("application-form-open"));
    await settle();
    expect(byId("app-edit-no-inquiry").textContent).toContain("扶養照会はできません");
    await fireEvent.click(byId("app-edit-ob-add"));
    await settle();
    expect(byId<HTMLInputElement>("app-edit-ob-inquire-0").disabled).toBe(true);
    expect(byId<HTMLInputElement>("app-edit-ob-inquire-0").checked).toBe(false);
    const refused = await core
      .call("application_form_save", {
        application_id: core.fixture.applications["2025-0002"],
        form: {
          applicant_name: "田中 美咲", applicant_relationship: "本人", main_complaint: "生活費が足りない", aids_requested: ["living"],
          asset_declaration: true, income_declaration: true, consent_form: true,
          support_obligors: [{ name: "田中 一", relationship: "父", inquire: true, no_inquiry_reason: "" }],
        },
      })
      .catch((e: Error) => e.message);
    expect(String(refused)).toContain("扶養照会はできません");
  });
});
