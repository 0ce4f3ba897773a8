import { fireEvent, render } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { app } from "../../lib/app.svelte";
import type { Core } from "../../test/helpers";
import { freshApp, settle } from "../../test/helpers";
import DecisionDetail from "../DecisionDetail.svelte";

let core: Core;
const calls = (m: string) => core.calls.filter((c) => c.method === m);
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
// From the seed: 山本's approved 開始 and 森's drafted 開始, both with a calculation.
const approvedWithCalc = () => ({ id: core.fixture.decisions.yamamoto_start });
const unapprovedWithCalc = () => ({ id: core.fixture.decisions.draft_start });
/** The newest job in the queue, as the core lists it. */
const newestJob = async () => (await core.call<{ id: number; kind: string }[]>("print_jobs", { filter: { state: null, household_id: null, limit: 1 } }))[0];

afterEach(() => {
  app.confirm?.resolve(false);
});

describe("決定から通知書・調書を作成", () => {
  it("通知書を作成 sends the dialog's fields and opens the preview of the new job", async () => {
    core = await freshApp("sato");
    const d = approvedWithCalc();
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    await fireEvent.click(byId("decision-notice"));
    await settle();
    await fireEvent.input(byId("notice-number"), { target: { value: " 窓福第123号 " } });
    await fireEvent.input(byId("notice-date"), { target: { value: "2025-06-10" } });
    await fireEvent.input(byId("notice-payment"), { target: { value: "口座振込（毎月5日）" } });
    await fireEvent.submit(byId("notice-number").closest("form")!);
    await settle(10);
    expect(calls("print_decision_notice").map((c) => c.params)).toEqual([
      { decision_id: d.id, number: "窓福第123号", date: "2025-06-10", payment_method: "口座振込（毎月5日）", draft: false },
    ]);
    expect(app.route.name).toBe("preview");
    const job = await newestJob();
    expect(job.kind).toBe("decision_notice");
    expect(app.route).toMatchObject({ name: "preview", jobId: job.id });
  });

  it("通知書 with blank optional fields sends nulls and today's date", async () => {
    core = await freshApp("sato");
    const d = approvedWithCalc();
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    await fireEvent.click(byId("decision-notice"));
    await settle();
    const today = byId<HTMLInputElement>("notice-date").value;
    // The office's date from the core, not the browser's (UTC) date.
    expect(today).toBe((await core.call<{ iso: string }>("today")).iso);
    expect(calls("today")).toHaveLength(1);
    await fireEvent.submit(byId("notice-number").closest("form")!);
    await settle(10);
    expect(calls("print_decision_notice")[0].params).toEqual({
      decision_id: d.id, number: null, date: today, payment_method: null, draft: false,
    });
  });

  it("調書を作成 calls print_calculation_sheet and opens the preview", async () => {
    core = await freshApp("sato");
    const d = approvedWithCalc();
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    await fireEvent.click(byId("decision-sheet"));
    await settle(10);
    expect(calls("print_calculation_sheet").map((c) => c.params)).toEqual([{ decision_id: d.id, date: null }]);
    const job = await newestJob();
    expect(job.kind).toBe("calculation_sheet");
    expect(app.route).toMatchObject({ name: "preview", jobId: job.id });
  });

  it("an unapproved decision offers the 調書 but not the 通知書", async () => {
    core = await freshApp("sato");
    render(DecisionDetail, { props: { id: unapprovedWithCalc().id } });
    await settle();
    expect(byId("decision-sheet")).not.toBeNull();
    expect(byId("decision-notice")).toBeNull();
  });

  it("both are hidden without print_document", async () => {
    core = await freshApp("kato");
    render(DecisionDetail, { props: { id: approvedWithCalc().id } });
    await settle();
    expect(byId("decision-title")).not.toBeNull();
    expect(byId("decision-print")).toBeNull();
    expect(byId("decision-notice")).toBeNull();
    expect(byId("decision-sheet")).toBeNull();
  });
});
