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
import Office from "./Office.svelte";
import Users from "./Users.svelte";
import Institutions from "./medical/Institutions.svelte";
import MedicalAidPanel from "./medical/MedicalAidPanel.svelte";
import Providers from "./care/Providers.svelte";
import CareAidPanel from "./care/CareAidPanel.svelte";
import Media from "./exchange/Media.svelte";

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

  it("事務所設定: a wrong 公費負担者番号 is shown under it, named in Japanese", async () => {
    core = await freshApp("admin");
    render(Office);
    await settle();
    await type("office-public_payer_number", "12345678");
    await fireEvent.submit(byId("office-public_payer_number").closest("form")!);
    await settle(10);
    expect(errorAt("office-public_payer_number")).toMatch(/^公費負担者番号/);
    expect(errorAt("office-office_name")).toBeNull();
    expect(formAlert()).toBeNull();
  });

  it("ユーザーの追加: a bad ユーザーID and a weak 仮パスワード are each shown under their field", async () => {
    core = await freshApp("admin");
    render(Users);
    await settle();
    await fireEvent.click([...document.querySelectorAll("button")].find((b) => b.textContent === "追加")!);
    await settle();
    await type("nu-id", "い");
    await type("nu-name", "伊藤 光");
    await type("nu-pw", "sora-Umi-2931");
    await fireEvent.submit(byId("nu-id").closest("form")!);
    await settle(10);
    expect(errorAt("nu-id")).toContain("ユーザーID");
    expect(formAlert()).toBeNull();
    await type("nu-id", "ito");
    await type("nu-pw", "abcd");
    await fireEvent.submit(byId("nu-id").closest("form")!);
    await settle(10);
    expect(errorAt("nu-pw")).toContain("パスワード");
    expect(errorAt("nu-id")).toBeNull();
  });

  it("指定医療機関: a wrong 医療機関コード is shown under it", async () => {
    core = await freshApp("med");
    render(Institutions);
    await settle();
    await fireEvent.click(byId("inst-new"));
    await settle();
    await type("if-code", "0110113718");
    await type("if-name", "誤り医院");
    await type("if-from", "R7.4.1");
    await fireEvent.submit(byId("if-code").closest("form")!);
    await settle(10);
    expect(errorAt("if-code")).toMatch(/^医療機関コード/);
    expect(formAlert()).toBeNull();
  });

  it("指定介護機関: a wrong 事業所番号 is shown under it", async () => {
    core = await freshApp("med");
    render(Providers);
    await settle();
    await fireEvent.click(byId("prov-new"));
    await settle();
    await type("pf-number", "12345");
    await type("pf-name", "誤り事業所");
    await fireEvent.submit(byId("pf-number").closest("form")!);
    await settle(10);
    expect(errorAt("pf-number")).toMatch(/^事業所番号/);
    expect(formAlert()).toBeNull();
  });

  it("医療扶助・介護扶助の申請: a future 申請日 is shown under 申請日", async () => {
    core = await freshApp("sato");
    const view = await open("2025-0004");
    const today = core.fixture.today;
    const med = render(MedicalAidPanel, { props: { household: view.household, members: view.members, today } });
    await settle();
    await fireEvent.click(byId("medical-register"));
    await settle();
    await type("mf-applied", "2099-01-01");
    await type("mf-illness", "歯痛");
    await fireEvent.submit(byId("mf-applied").closest("form")!);
    await settle(10);
    expect(errorAt("mf-applied")).toContain("申請日");
    expect(formAlert()).toBeNull();
    med.unmount();

    render(CareAidPanel, { props: { household: view.household, members: view.members, today } });
    await settle();
    await fireEvent.click(byId("care-register"));
    await settle();
    await type("cf-applied", "2099-01-01");
    await fireEvent.submit(byId("cf-applied").closest("form")!);
    await settle(10);
    expect(errorAt("cf-applied")).toContain("申請日");
    expect(formAlert()).toBeNull();
  });

  it("媒体の登録: a bad 媒体ID is shown under it, a missing 名前 under 名前", async () => {
    core = await freshApp("admin");
    render(Media);
    await settle();
    await type("medium-id", "USB 01!");
    await type("medium-label", "USBメモリ");
    await fireEvent.submit(byId("medium-id").closest("form")!);
    await settle(10);
    expect(errorAt("medium-id")).toMatch(/^媒体ID/);
    expect(formAlert()).toBeNull();
    await type("medium-id", "USB-09");
    await type("medium-label", "");
    await fireEvent.submit(byId("medium-id").closest("form")!);
    await settle(10);
    expect(errorAt("medium-label")).toContain("名前");
    expect(errorAt("medium-id")).toBeNull();
  });
});
