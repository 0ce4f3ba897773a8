import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../App.svelte";
import { navigate } from "../lib/app.svelte";
import type { OperationsSettings } from "../lib/types";
import { freshApp, settle } from "../test/helpers";

const row = (id: string) => [...document.querySelectorAll("#access-review-table tbody tr")].find((tr) => tr.textContent?.includes(id));

describe("アクセス点検", () => {
  it("reports per user for the month and flags who passed the threshold; home warns the reviewer", async () => {
    const core = await freshApp("admin");
    // The office's threshold: more than 2 households a day.
    const s = await core.call<OperationsSettings>("operations_settings");
    await core.call("operations_settings_save", { settings: { ...s, open_alert_threshold: 2 } });
    // suzuki opens three households today.
    await core.call("login", { user_id: "suzuki", password: "midori-Demo-26" });
    for (const c of ["2025-0001", "2022-0015", "2024-0107"]) await core.call("open_household", { household_id: core.hid(c) });
    await core.call("login", { user_id: "admin", password: "midori-Demo-26" });

    render(App);
    await settle();
    expect(document.getElementById("home-alerts")!.textContent).toContain("suzuki");
    navigate({ name: "audit" });
    await settle();
    const suzuki = row("suzuki")!;
    expect(suzuki).toBeTruthy();
    expect(suzuki.textContent).toContain("要確認");
    expect(suzuki.classList.contains("flagged")).toBe(true);
    const admin = row("admin")!;
    expect(admin.textContent).not.toContain("要確認");
    expect(core.called("access_review")).toHaveLength(1);
  });

  it("a malformed month shows the core's message", async () => {
    const core = await freshApp("suzuki");
    render(App);
    await settle();
    navigate({ name: "audit" });
    await settle();
    const month = document.getElementById("review-month") as HTMLInputElement;
    await fireEvent.input(month, { target: { value: "2025-13" } });
    await fireEvent.submit(month.closest("form")!);
    await settle();
    expect(core.called("access_review").at(-1)!.params.month).toBe("2025-13");
    expect(document.querySelector("#access-review .alert.error")!.textContent).not.toBe("");
  });
});
