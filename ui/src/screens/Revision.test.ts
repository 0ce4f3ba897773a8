import { cleanup, fireEvent, render } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../lib/app.svelte";
import { formatYen } from "../lib/decisions";
import type { BulkPreview, HomeView, JobView, SessionInfo } from "../lib/types";
import { DEMO_PASSWORD, freshApp, settle, type Core } from "../test/helpers";
import BulkDecision from "./BulkDecision.svelte";
import Home from "./Home.svelte";

let core: Core;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const $$ = <T extends HTMLElement = HTMLElement>(sel: string) => [...document.querySelectorAll(sel)] as T[];

/** The seed's office after a program update brought the national sets, `user` logged in. The
 * seed's reviewed 変更 of 山口 is approved first, so one 保護中 household has nothing pending. */
async function afterProgramUpdate(user: string) {
  core = await freshApp("admin");
  await core.call("rates_install_national");
  await core.call("login", { user_id: "kimura", password: DEMO_PASSWORD });
  await core.call("decision_approve", { decision_id: core.fixture.decisions.yamaguchi_change, comment: "" });
  app.session = await core.call<SessionInfo>("login", { user_id: user, password: DEMO_PASSWORD });
}

afterEach(() => {
  app.confirm?.resolve(false);
});

describe("基準改定 (a new national set)", () => {
  it("home offers 一括認定の試算 for the new set's date, which runs it on the bulk screen", async () => {
    await afterProgramUpdate("sato");
    render(Home);
    await settle();
    const revisions = (await core.call<HomeView>("home")).revisions;
    expect(revisions.map((r) => r.version).sort()).toEqual(["national-2025-10", "national-2026-10"]);
    const shown = $$("#home-revisions .revision");
    expect(shown.map((el) => el.querySelector(".message")?.textContent)).toEqual(revisions.map((r) => r.message));

    const r = revisions.find((x) => x.version === "national-2026-10")!;
    await fireEvent.click(byId(`revision-${r.version}`));
    expect(app.route).toEqual({ name: "bulk", version: "national-2026-10", date: "2026-10-01" });

    cleanup();
    render(BulkDecision, { props: { version: r.version, date: r.effective_from } });
    await vi.waitFor(() => expect(byId("bulk-table")).not.toBeNull(), { timeout: 15000, interval: 100 });
    expect(core.called("bulk_preview").map((c) => c.params)).toEqual([{ rate_version: "national-2026-10", date: "2026-10-01" }]);
    expect(byId<HTMLSelectElement>("bulk-version").value).toBe("national-2026-10");

    // The rows are the core's: every 保護中 household, with the new set's amount or its refusal.
    const jobs = await core.call<JobView[]>("jobs");
    const preview = jobs.find((j) => j.kind === "bulk_preview")!;
    const rows = (preview.result as BulkPreview).rows;
    const active = (await core.call<HomeView>("home")).counts.find((c) => c.status === "active")!.households;
    expect(rows.length).toBe(active);
    const table = $$("#bulk-table tbody tr").map((tr) => [...tr.children].map((td) => td.textContent?.trim()));
    expect(table.map((t) => [t[0], t[3]])).toEqual(rows.map((x) => [x.case_number, x.error ? "—" : formatYen(x.new_total)]));
    // 山口 needs a 障害者加算, which the national set leaves to the office: the row says so.
    const yamaguchi = rows.find((x) => x.case_number === "2023-0042")!;
    expect(yamaguchi.error).toContain("不足の表を追加");
    expect(table.find((t) => t[0] === "2023-0042")![5]).toBe(yamaguchi.error);
  });

  it("a user who cannot draft sees the revision but is not offered the bulk screen", async () => {
    await afterProgramUpdate("kato");
    render(Home);
    await settle();
    expect($$("#home-revisions .revision").length).toBe(2);
    expect($$("#home-revisions button").length).toBe(0);
  });
});
