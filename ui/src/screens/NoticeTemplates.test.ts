import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Core } from "../test/helpers";
import { freshApp, settle } from "../test/helpers";
import Office from "./Office.svelte";

let core: Core;
const calls = (m: string) => core.calls.filter((c) => c.method === m);
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

describe("事務所設定: 通知書の文面", () => {
  it("lists the six texts and saves an edited one with edit_office", async () => {
    core = await freshApp("admin");
    render(Office);
    await settle(10);
    const keys = [...document.querySelectorAll<HTMLElement>("#notice-templates .template")].map((e) => e.dataset.key);
    expect(keys).toEqual(["appeal", "lead_start", "lead_change", "lead_suspend", "lead_abolish", "lead_reject"]);
    const save = document.querySelector<HTMLButtonElement>('[data-save="lead_change"]')!;
    expect(save.disabled).toBe(true);
    await fireEvent.input(byId("template-lead_change"), { target: { value: "{prefecture}の基準により、次のとおり変更します。" } });
    expect(save.disabled).toBe(false);
    await fireEvent.click(save);
    await settle(10);
    expect(calls("notice_template_save").map((c) => c.params)).toEqual([
      { key: "lead_change", text: "{prefecture}の基準により、次のとおり変更します。" },
    ]);
    const row = document.querySelector<HTMLElement>('[data-key="lead_change"]')!;
    expect(row.textContent).toContain("事務所の文面");
    expect(document.querySelector<HTMLButtonElement>('[data-reset="lead_change"]')!.disabled).toBe(false);
  });

  it("shows the core's refusal of an unknown placeholder", async () => {
    core = await freshApp("admin");
    render(Office);
    await settle(10);
    await fireEvent.input(byId("template-appeal"), { target: { value: "{mayor}に対して審査請求できます。" } });
    await fireEvent.click(document.querySelector('[data-save="appeal"]')!);
    await settle(10);
    expect(document.querySelector('[data-key="appeal"] [role="alert"]')!.textContent).toContain("{mayor}");
  });

  it("is read-only without edit_office", async () => {
    core = await freshApp("sato");
    render(Office);
    await settle(10);
    expect(document.querySelectorAll("#notice-templates .template")).toHaveLength(6);
    expect(byId<HTMLTextAreaElement>("template-appeal").readOnly).toBe(true);
    expect(document.querySelector("[data-save]")).toBeNull();
  });
});
