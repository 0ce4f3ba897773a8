import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fireEvent, render } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { app } from "../../lib/app.svelte";
import type { Core } from "../../test/helpers";
import { DEMO_PASSWORD, freshApp, giveCaseReason, settle } from "../../test/helpers";
import Household from "../Household.svelte";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const SIM = process.env.MADOGUCHI_SIM ?? resolve(repoRoot, "target/debug/madoguchi-sim");
const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel);

let core: Core;
let dirs: string[] = [];

describe("情報照会・調査記録（世帯画面）", () => {
  beforeEach(() => {
    dirs = [];
  });
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("a caseworker asks an agency; the agency's choices come from the core; the request waits in the queue", async () => {
    core = await freshApp("sato");
    render(Household, { id: core.hid("2025-0001") });
    await settle();
    expect($("#no-inquiries")).not.toBeNull();
    await fireEvent.click($("#inquiry-open")!);
    await settle();
    const person = $<HTMLSelectElement>("#inquiry-person")!;
    await fireEvent.change(person, { target: { value: String(core.pid("山本 幸子")) } });
    await fireEvent.change($("#inquiry-agency")!, { target: { value: "pension_insurer" } });
    await settle();
    const info = [...$<HTMLSelectElement>("#inquiry-information")!.options].map((o) => o.textContent);
    expect(info).toEqual(["年金給付関係情報"]);
    await fireEvent.input($("#inquiry-reason")!, { target: { value: "年金の受給状況を確認するため" } });
    await fireEvent.submit($("#inquiry-form")!);
    await settle();
    const row = $("#inquiry-list tbody tr")!;
    expect(row.textContent).toContain("山本 幸子");
    expect(row.textContent).toContain("年金保険者・年金給付関係情報");
    expect(row.querySelector(".state")!.textContent).toContain("未送信");
    const st = await core.call<{ channel: string; pending: number }[]>("exchange_status");
    expect(st.find((s) => s.channel === "inquiry")!.pending).toBe(1);
  });

  it("a reason with a My Number in it is refused by the core, with its message", async () => {
    core = await freshApp("sato");
    render(Household, { id: core.hid("2025-0001") });
    await settle();
    await fireEvent.click($("#inquiry-open")!);
    await settle();
    await fireEvent.input($("#inquiry-reason")!, { target: { value: "番号 1234 5678 9018 の確認" } });
    await fireEvent.submit($("#inquiry-form")!);
    await settle();
    expect($("#inquiry-error")!.textContent).toContain("個人番号");
    expect($("#no-inquiries")).not.toBeNull();
  });

  it("the answer, once imported, is in the household's 調査記録 with agency and date; a read-only user cannot ask", async () => {
    core = await freshApp("kato");
    await core.call("login", { user_id: "sato", password: DEMO_PASSWORD });
    await core.call("inquiry_request", {
      person_id: core.pid("山本 和夫"), agency: "pension_insurer", information: "pension", procedure: "start", reason: "年金受給の確認",
    });
    await core.call("login", { user_id: "admin", password: DEMO_PASSWORD });
    await core.call("exchange_register_medium", { medium_id: "USB-01", label: "USBメモリ1号" });
    await core.call("login", { user_id: "med", password: DEMO_PASSWORD });
    const usb2 = mkdtempSync(join(tmpdir(), "madoguchi-ui-usb-"));
    const out2 = mkdtempSync(join(tmpdir(), "madoguchi-ui-out-"));
    dirs.push(usb2, out2);
    await core.call("exchange_export", { channel: "inquiry", medium_id: "USB-01", dir: usb2 });
    await core.waitJobs();
    execFileSync(SIM, ["--in", usb2, "--out", out2, "--date", core.fixture.today], { stdio: "pipe" });
    await core.call("exchange_import", { dir: out2 });
    await core.waitJobs();
    app.session = await core.call("login", { user_id: "kato", password: DEMO_PASSWORD });

    render(Household, { id: core.hid("2025-0001") });
    await settle();
    await giveCaseReason(); // sato's case
    expect($("#inquiry-open")).toBeNull();
    const entry = $("#investigation-record li")!;
    expect(entry.textContent).toContain("年金保険者・年金給付関係情報");
    expect(entry.textContent).toContain(core.fixture.todayWareki);
    expect(entry.textContent).toContain("年金の種類");
    expect($("#inquiry-list .state")!.textContent).toContain("回答あり");
  });
});
