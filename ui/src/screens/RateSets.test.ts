import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { app } from "../lib/app.svelte";
import type { BulkPreview, JobView, RateSetSummary, SessionInfo, SituationInput } from "../lib/types";
import { DEMO_PASSWORD, freshApp, settle, type Core } from "../test/helpers";
import RateSets from "./RateSets.svelte";

let core: Core;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const $$ = <T extends HTMLElement = HTMLElement>(sel: string) => [...document.querySelectorAll(sel)] as T[];

/** The office's own 障害者加算 for 1級地, as docs/rate-tables.md §7 shows a supplement. */
const SUPPLEMENT: Record<string, string> = {
  "manifest.toml":
    'version = "office-2026-10"\ntitle = "みどり町 障害者加算（事務所の写し）"\nbase = "national-2026-10"\n\n' +
    '[[sources]]\nid = "office-copy"\ntitle = "みどり町福祉事務所 保護の手引き（令和8年度）"\nverification = "office"\n',
  "kasan.csv":
    "valid_from,valid_to,kind,grade,amount,source\n# 事務所で確認して入力\n" +
    "2026-10-01,,shogai_a,1,26810,office-copy\n2026-10-01,,shogai_b,1,17870,office-copy\n",
};

async function choose(files: Record<string, string>) {
  const list = Object.entries(files).map(([name, text]) => new File([text], name, { type: "text/plain" }));
  await fireEvent.change(byId("rates-folder"), { target: { files: list } });
  await settle();
}

const summaries = () => core.call<RateSetSummary[]>("rates_list");

describe("基準額表: 不足の表を追加", () => {
  it("lists each national set's sources, trust and the tables left to the office, as the core says", async () => {
    core = await freshApp("admin");
    await core.call("rates_install_national");
    render(RateSets);
    await settle();
    const sets = await summaries();
    const n = sets.find((s) => s.version === "national-2026-10")!;
    const row = byId("add-to-national-2026-10").closest("tr")!;
    expect([...row.querySelectorAll(".to-import li")].map((li) => li.textContent)).toEqual(n.to_import);
    expect(n.to_import.some((t) => t.startsWith("障害者加算"))).toBe(true);
    const sources = [...document.querySelectorAll('.sources-row[data-version="national-2026-10"] .sources tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent?.trim()));
    expect(sources.length).toBe(n.sources.length);
    expect(sources.map((s) => s[2])).toEqual(n.sources.map((s) => s.trust_label));
    // The invented test set has nothing to add; only sets the core offers it for get the button.
    expect($$('[id^="add-to-"]').map((b) => b.id).sort()).toEqual(
      sets.filter((s) => s.supplement_to).map((s) => `add-to-${s.version}`).sort(),
    );
  });

  it("adds the office's tables to the chosen national set; the new set decides the household that needed them", async () => {
    core = await freshApp("admin");
    await core.call("rates_install_national");
    render(RateSets);
    await settle();
    await fireEvent.click(byId("add-to-national-2026-10"));
    await settle();
    expect(byId("rates-import").querySelector("h2")!.textContent).toContain("national-2026-10");
    await choose(SUPPLEMENT);
    await fireEvent.submit(byId("rates-submit").closest("form")!);
    await settle(10);

    expect(core.called("rates_import").map((c) => c.params.base)).toEqual(["national-2026-10"]);
    expect(byId("rates-error")).toBeNull();
    const merged = (await summaries()).find((s) => s.version === "national-2026-10+office-2026-10")!;
    expect(merged.supplement).toContain("office-2026-10");
    // (放射線障害者加算 is another table, still to add.)
    expect(merged.to_import.some((t) => t.startsWith("障害者加算"))).toBe(false);
    expect(app.notice).toContain("national-2026-10+office-2026-10");
    const row = [...document.querySelectorAll("#rates-table tbody tr")].find((tr) => tr.textContent?.includes("national-2026-10+office-2026-10"));
    expect(row?.textContent).toContain("事務所の追加");

    // 山口 (障害者加算 3級相当) was refused by the national set alone; the 基準改定 now previews
    // with the completed set and prices the household.
    await core.call("login", { user_id: "kimura", password: DEMO_PASSWORD });
    await core.call("decision_approve", { decision_id: core.fixture.decisions.yamaguchi_change, comment: "" });
    app.session = await core.call<SessionInfo>("login", { user_id: "sato", password: DEMO_PASSWORD });
    // (The seed's 住宅扶助 区分 「試験県」 exists only in the invented set: the office's own is 東京都.)
    const hid = core.hid("2023-0042");
    const sit = (await core.call<{ input: SituationInput }>("situation_get", { household_id: hid })).input;
    await core.call("situation_save", { household_id: hid, input: { ...sit, housing_area: "東京都" } });
    const revisions = (await core.call<{ revisions: { version: string; effective_from: string }[] }>("home")).revisions;
    const r = revisions.find((x) => x.version.startsWith("national-2026-10"))!;
    expect(r.version).toBe("national-2026-10+office-2026-10");
    const job = await core.call<JobView>("bulk_preview", { rate_version: r.version, date: r.effective_from });
    await core.waitJobs();
    const done = (await core.call<JobView[]>("jobs")).find((j) => j.id === job.id)!;
    const yamaguchi = (done.result as BulkPreview).rows.find((x) => x.case_number === "2023-0042")!;
    expect(yamaguchi.error).toBeNull();
    expect(yamaguchi.new_total).toBeGreaterThan(0);
  });

  it("refuses a folder that does not complete the chosen set, and changes nothing", async () => {
    core = await freshApp("admin");
    await core.call("rates_install_national");
    const before = (await summaries()).map((s) => s.version);
    render(RateSets);
    await settle();
    await fireEvent.click(byId("add-to-national-2025-10"));
    await settle();
    await choose(SUPPLEMENT);
    await fireEvent.submit(byId("rates-submit").closest("form")!);
    await settle(10);
    expect(byId("rates-error").textContent).toContain("national-2025-10");
    expect((await summaries()).map((s) => s.version)).toEqual(before);
  });
});
