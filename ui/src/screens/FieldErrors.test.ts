// Point 5 of issue 9: what the core refuses is shown under the field it is about, in Japanese,
// without the field's internal name — on the forms that post to the core.
import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Core } from "../test/helpers";
import type { HouseholdHeader, HouseholdView } from "../lib/types";
import { freshApp, settle } from "../test/helpers";
import ApplicationPanel from "./decisions/ApplicationPanel.svelte";
import HouseholdForm from "./HouseholdForm.svelte";
import MemberForm from "./MemberForm.svelte";

let core: Core;
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const type = (id: string, value: string) => fireEvent.input(byId(id), { target: { value } });
/** The error shown in the same field block as the input `id`. */
const errorAt = (id: string) => byId(id).closest(".field")!.querySelector('.field-error[role="alert"]')?.textContent ?? null;
/** The form's own alert at the bottom (not a field's). */
const formAlert = () => document.querySelector("form .alert.error")?.textContent ?? null;
const open = (caseNumber: string) => core.call<HouseholdView>("open_household", { household_id: core.hid(caseNumber) });

describe("入力の誤りは、その欄の下に", () => {
  it("an invalid 個人番号 is shown under 個人番号, in Japanese, without 「my_number」", async () => {
    core = await freshApp("sato");
    const view = await open("2025-0001");
    render(MemberForm, { props: { householdId: view.household.id, personId: null, view } });
    await type("m-name", "見本 花子");
    await type("m-kana", "ミホン ハナコ");
    await type("m-birth", "H2.4.1");
    await type("m-relationship", "子");
    await type("m-mynumber", "123456789012");
    await fireEvent.submit(byId("m-name").closest("form")!);
    await settle(10);
    expect(core.called("add_member")).toHaveLength(1);
    const shown = errorAt("m-mynumber");
    expect(shown).toMatch(/^個人番号/);
    expect(shown).not.toContain("my_number");
    expect(formAlert()).toBeNull();
    expect(errorAt("m-name")).toBeNull();
  });

  it("an impossible 生年月日 is shown under 生年月日", async () => {
    core = await freshApp("sato");
    const view = await open("2025-0001");
    render(MemberForm, { props: { householdId: view.household.id, personId: null, view } });
    await type("m-name", "見本 花子");
    await type("m-kana", "ミホン ハナコ");
    await type("m-birth", "R7.2.30");
    await fireEvent.submit(byId("m-name").closest("form")!);
    await settle(10);
    expect(errorAt("m-birth")).toBeTruthy();
    expect(formAlert()).toBeNull();
    expect(core.called("add_member")).toHaveLength(0);
  });

  it("a refused 郵便番号 is shown under 郵便番号", async () => {
    core = await freshApp("sato");
    render(HouseholdForm, { props: { id: null } });
    await settle();
    await type("hh-case-number", "2025-0777");
    await type("hh-postal", "12-34");
    await type("hh-address", "東京都みどり町1-1");
    await fireEvent.submit(byId("hh-address").closest("form")!);
    await settle(10);
    expect(core.called("create_household")).toHaveLength(1);
    expect(errorAt("hh-postal")).toContain("郵便番号");
    expect(errorAt("hh-postal")).not.toContain("postal_code");
    expect(formAlert()).toBeNull();
  });

  it("a future 申請日 is shown under 申請日", async () => {
    core = await freshApp("sato");
    const v = await core.call<{ household: HouseholdHeader }>("create_household", {
      input: { case_number: "2025-0901", postal_code: null, address: "東京都みどり町西9-9", phone: null, caseworker_id: "sato" },
    });
    render(ApplicationPanel, { props: { household: v.household } });
    await settle();
    await type("app-received", "2099-01-01");
    await fireEvent.submit(byId("app-received").closest("form")!);
    await settle(10);
    expect(errorAt("app-received")).toContain("申請日に未来の日付は使えません");
    expect(formAlert()).toBeNull();
  });
});
