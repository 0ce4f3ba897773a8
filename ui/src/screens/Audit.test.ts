// Point 9 of issue 9: the audit log as an administrator reads it — who by name, the target by
// name or case number, what changed as old → new rows, filterable by the words of the 操作.
import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { app } from "../lib/app.svelte";
import type { HouseholdView, SessionInfo } from "../lib/types";
import { DEMO_PASSWORD, freshApp, settle } from "../test/helpers";
import Audit from "./Audit.svelte";

const byId = (id: string) => document.getElementById(id)!;

describe("操作ログ", () => {
  it("shows names, the household by case number and a change as 項目・変更前・変更後, without JSON or IDs", async () => {
    // A caseworker corrects an address (audited old → new) …
    const core = await freshApp("sato");
    const hid = core.hid("2023-0042");
    const h = (await core.call<HouseholdView>("open_household", { household_id: hid })).household;
    await core.call("update_household", {
      household_id: hid,
      input: { case_number: h.case_number, postal_code: h.postal_code, address: "東京都みどり町新町1-2-3", phone: h.phone, caseworker_id: h.caseworker_id },
    });
    // … and the administrator reads it, finding it by the words of its 操作.
    app.session = await core.call<SessionInfo>("login", { user_id: "admin", password: DEMO_PASSWORD });
    render(Audit);
    await settle(10);
    await fireEvent.input(byId("audit-action"), { target: { value: "世帯の修正" } });
    await fireEvent.submit(byId("audit-action").closest("form")!);
    await settle(10);
    const rows = [...document.querySelectorAll("#audit-table tbody tr.entry")];
    expect(rows).toHaveLength(1);
    const entry = rows[0];
    expect(entry.querySelector(".who")!.textContent).toContain("佐藤 健");
    expect(entry.querySelector(".target")!.textContent).toContain("2023-0042");
    const change = [...entry.querySelectorAll(".changes tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim()));
    expect(change).toEqual([["住所", h.address, "東京都みどり町新町1-2-3"]]);
    expect(entry.textContent).not.toMatch(/[{}"]/);
    expect(entry.textContent).not.toContain("address");
  });
});
