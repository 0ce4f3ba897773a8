// The 介護扶助 screens against the real core (the seeded office: 山口 トメ, 第1号・要介護2, in care
// aid from the 1st of this month with みどりヘルパーステーション and a care-plan office).
import { fireEvent, render, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { app } from "../../lib/app.svelte";
import type { DecisionView } from "../../lib/types";
import { DEMO_PASSWORD, freshApp, giveCaseReason, settle } from "../../test/helpers";
import DecisionDetail from "../DecisionDetail.svelte";
import Home from "../Home.svelte";
import Household from "../Household.svelte";
import Office from "../Office.svelte";
import Ledger from "../medical/Ledger.svelte";
import { monthOf } from "../medical/month";
import VoucherRun from "../medical/VoucherRun.svelte";
import Care from "./Care.svelte";
import Providers from "./Providers.svelte";

const LONG = { timeout: 20_000 };
/** This month in the office, as the core's today says (the seed's dates are relative to it). */
const month = (core: { fixture: { today: string } }) => monthOf(core.fixture.today);
const byId = (id: string) => document.getElementById(id);
const click = async (el: Element | null) => {
  expect(el).not.toBeNull();
  await fireEvent.click(el!);
  await settle();
};
const texts = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)].map((e) => e.textContent!.trim());

describe("介護扶助の画面", () => {
  it("shows the clerk the run first; a caseworker gets no 月次発行", async () => {
    const core = await freshApp("med");
    const first = render(Care);
    await settle();
    expect(texts('[role="tab"]')).toEqual(["月次発行", "交付処理簿", "指定介護機関", "確認事項"]);
    expect(byId("voucher-run")).not.toBeNull();
    first.unmount();
    app.session = await core.call("login", { user_id: "sato", password: DEMO_PASSWORD });
    render(Care);
    await settle();
    expect(byId("care-tab-run")).toBeNull();
    expect(byId("voucher-ledger")).not.toBeNull();
  });

  it("the administrator sets the H-number rule in 事務所設定; the core refuses a prefix without H", async () => {
    const core = await freshApp("admin");
    render(Office);
    await waitFor(() => expect(byId("hr-next")?.textContent).toMatch(/H[0-9]{9}/));
    await fireEvent.input(byId("hr-prefix")!, { target: { value: "X1" } });
    await click(document.querySelector('#care-h-rule button[type="submit"]'));
    expect(document.querySelector("#care-h-rule [role=alert]")!.textContent).toContain("H");
    await fireEvent.input(byId("hr-prefix")!, { target: { value: "H9" } });
    await click(document.querySelector('#care-h-rule button[type="submit"]'));
    await waitFor(() => expect(byId("hr-next")?.textContent).toMatch(/H9[0-9]{8}/));
    expect(core.called("care_settings_save")).toHaveLength(2);
  });

  it("the administrator chooses in 事務所設定 whether the 介護券 carry the month's 医療券 number; the core keeps it", async () => {
    const core = await freshApp("admin");
    render(Office);
    await waitFor(() => expect(byId("office-care_recipient_number")).not.toBeNull());
    const select = byId("office-care_recipient_number") as HTMLSelectElement;
    expect(select.value).toBe("shared");
    expect([...select.options].map((o) => o.textContent)).toEqual(["同じ月の医療券と共通の番号", "介護券だけの番号"]);
    await fireEvent.change(select, { target: { value: "separate" } });
    await click(document.querySelector('#office-screen form button[type="submit"]'));
    await waitFor(() => expect(core.called("save_office")).toHaveLength(1));
    expect((await core.call<{ care_recipient_number: string }>("get_office")).care_recipient_number).toBe("separate");
  });
});

describe("介護券の月次発行", () => {
  it("確認 lists the 介護券 the core proposes, 発行 runs as a job with progress, a re-run has nothing left", async () => {
    const core = await freshApp("med");
    render(VoucherRun, { props: { kind: "care", initialMonth: month(core) } });
    await settle();
    expect(document.querySelector('label[for="run-month"]')!.textContent).toBe("サービス提供年月");
    await click(byId("run-propose"));
    await waitFor(() => expect(byId("proposal")).not.toBeNull(), LONG);
    expect(texts("#proposal thead th")).toContain("指定介護機関");
    const rows = [...document.querySelectorAll<HTMLElement>("tr.proposal")];
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain("山口 トメ");
    expect(rows[0].textContent).toContain("介護券");
    expect(rows[0].textContent).toContain("みどりヘルパーステーション");
    expect(core.called("voucher_propose")[0].params).toMatchObject({ kind: "care", month: month(core) });
    await click(byId("run-issue"));
    await waitFor(() => expect(byId("run-result")?.textContent).toContain("1件を発行しました"), LONG);
    expect(core.called("voucher_issue")[0].params).toMatchObject({ kind: "care", month: month(core) });
    expect(core.called("job_status").length).toBeGreaterThan(0);
    expect(byId("run-print")!.textContent).toBe("介護券を印刷");
    await waitFor(() => expect(document.querySelectorAll("tr.proposal.already_issued")).toHaveLength(1), LONG);
    expect(byId("run-issue")).toBeNull();
    await click(byId("run-print"));
    expect(core.called("print_vouchers")[0].params).toMatchObject({ kind: "care", month: month(core) });
    expect(app.route.name).toBe("preview");
  });
});

describe("介護券交付処理簿", () => {
  it("lists the issue with the shared 受給者番号, a void keeps it, and 印刷 queues the care ledger", async () => {
    const core = await freshApp("med");
    await core.call("voucher_issue", { kind: "care", month: month(core) });
    await core.waitJobs();
    render(Ledger, { props: { kind: "care", initialMonth: month(core) } });
    await settle();
    await waitFor(() => expect(byId("ledger-counts")?.textContent).toContain("交付 1件"));
    expect(document.querySelector("#voucher-ledger h2")!.textContent).toContain("介護券交付処理簿");
    expect(texts("tr.ledger-line td:nth-child(7)")).toEqual(["みどりヘルパーステーション"]);
    expect(texts("tr.ledger-line td:nth-child(4)")[0]).toMatch(/^[0-9]{7}$/);
    expect(byId("vouchers-print")!.textContent).toBe("券を印刷（介護機関順）");
    await click([...document.querySelectorAll<HTMLElement>(".switch button")].find((b) => b.textContent === "券の一覧")!);
    await click(document.querySelector("tr.voucher button.void"));
    const dialog = byId("voucher-void-dialog")!;
    await fireEvent.input(within(dialog).getByLabelText(/理由/), { target: { value: "サービス利用の中止" } });
    await click(within(dialog).getByText("取り消す"));
    await click([...document.querySelectorAll<HTMLElement>(".switch button")].find((b) => b.textContent === "交付処理簿")!);
    expect(texts("tr.ledger-line td:nth-child(2)")).toEqual(["交付", "取消"]);
    await click(byId("ledger-print"));
    expect(core.called("print_voucher_ledger")[0].params).toMatchObject({ kind: "care", month: month(core) });
    expect(app.route.name).toBe("preview");
  });
});

describe("指定介護機関", () => {
  it("a dry run shows refused and warned lines; only a file without errors is imported, with its warning", async () => {
    const core = await freshApp("med");
    render(Providers);
    await settle();
    expect(texts("tr.provider").length).toBe(2);
    await fireEvent.input(byId("prov-query")!, { target: { value: "けあぷらん" } });
    await settle();
    expect([...document.querySelectorAll("tr.provider")].map((r) => r.getAttribute("data-number"))).toEqual(["1371123454"]);
    const file = (text: string) => new File([text], "jigyosho.csv", { type: "text/csv" });
    const input = byId("prov-file") as HTMLInputElement;
    const head = "事業所番号,事業所名,カナ,サービス種類,所在地,指定年月日,指定終了日\n";
    const bad = head + "1371000018,誤り事業所,アヤマリ,11,みどり町1,2020-04-01,\n13A7100010,みどり総合事業所,ミドリソウゴウ,A6,みどり町2,2021-04-01,\n";
    await fireEvent.change(input, { target: { files: [file(bad)] } });
    await waitFor(() => expect(byId("import-report")).not.toBeNull());
    expect(byId("import-counts")!.textContent).toContain("エラー 1件");
    expect(document.querySelector("tr.import-line.invalid")!.textContent).toContain("検証番号");
    expect(document.querySelector("tr.import-line.warned")!.textContent).toContain("英字");
    expect(byId("import-apply")).toBeNull();
    const good = head + "13A7100010,みどり総合事業所,ミドリソウゴウ,A6,みどり町2,2021-04-01,\n";
    await fireEvent.change(input, { target: { files: [file(good)] } });
    await waitFor(() => expect(byId("import-counts")?.textContent).toContain("新規 1件・変更 0件・変更なし 0件・エラー 0件"));
    await click(byId("import-apply"));
    await fireEvent.input(byId("prov-query")!, { target: { value: "" } });
    await waitFor(() => expect(document.querySelector('tr.provider[data-number="13A7100010"]')).not.toBeNull());
    expect(document.querySelector('tr.provider[data-number="13A7100010"]')!.textContent).toContain("英字");
    expect(core.called("care_providers_import").map((c) => c.params.dry_run)).toEqual([true, true, false]);
  });

  it("registers a provider in the form with its service kinds; 居宅介護支援事業者のみ filters the list", async () => {
    const core = await freshApp("med");
    render(Providers);
    await settle();
    await click(byId("prov-new"));
    await fireEvent.input(byId("pf-number")!, { target: { value: "1371000090" } });
    await fireEvent.input(byId("pf-name")!, { target: { value: "みどり訪問介護" } });
    await fireEvent.input(byId("pf-kinds")!, { target: { value: "11 13" } });
    await fireEvent.input(byId("pf-from")!, { target: { value: "2020-04-01" } });
    await click(document.querySelector('#prov-form button[type="submit"]'));
    await waitFor(() => expect(document.querySelector('#care-providers [role="status"]')?.textContent).toContain("みどり訪問介護（1371000090）を保存しました。"));
    expect((core.called("care_provider_save")[0].params as { input: { service_kinds: string[] } }).input.service_kinds).toEqual(["11", "13"]);
    await waitFor(() => expect(document.querySelector('tr.provider[data-number="1371000090"]')?.textContent).toContain("訪問介護"));
    await fireEvent.click(byId("prov-plan-only")!);
    await settle();
    expect([...document.querySelectorAll("tr.provider")].map((r) => r.getAttribute("data-number"))).toEqual(["1371123454"]);
  });
});

describe("世帯画面の介護扶助", () => {
  it("shows the case's 介護保険 status, 認定, plan and decision, with the actions the core offers", async () => {
    const core = await freshApp("sato");
    render(Household, { props: { id: core.hid("2023-0042") } });
    await settle();
    const card = () => document.querySelector<HTMLElement>(`article.case[data-care-case-id="${core.fixture.care.yamaguchi_case}"]`)!;
    await waitFor(() => expect(card()).not.toBeNull());
    expect(card().querySelector(".insured-kind")!.textContent).toContain("第1号被保険者");
    expect(card().querySelector(".insured-number")!.textContent).toContain("0000123456");
    expect(card().querySelector(".certification")!.textContent).toContain("要介護2");
    expect(card().querySelector(".plan")!.textContent).toContain("みどりケアプランセンター");
    expect(card().querySelector(".decision")!.textContent).toContain("介護扶助開始");
    expect([...card().querySelectorAll(".case-actions button")].map((b) => b.textContent)).toEqual([
      "資格・認定を記録",
      "ケアプランの受理を記録",
      "変更を起案",
      "廃止を起案",
    ]);
    await click([...card().querySelectorAll<HTMLElement>(".case-actions button")].find((b) => b.textContent === "変更を起案")!);
    expect(document.querySelector("#care-form h3")!.textContent).toContain("介護扶助の変更");
    // the terms start from the approved 開始: the helper station with 訪問介護
    const line = document.querySelector<HTMLElement>("#care-form .terms .line")!;
    expect((line.querySelector("select") as HTMLSelectElement).selectedOptions[0].textContent).toBe("みどりヘルパーステーション");
    await click(within(line).getByLabelText(/15/));
    await fireEvent.input(byId("cf-reason")!, { target: { value: "通所介護の追加" } });
    await click(byId("care-form-submit"));
    expect(core.called("care_decision_draft")[0].params).toMatchObject({
      input: { kind: "change", terms: { lines: [{ service_kinds: ["11", "15"] }] } },
    });
    expect(app.route.name).toBe("decision");
  });

  it("registers an application; a person outside the insurance gets an H-number; the home screen lists what is missing", async () => {
    const core = await freshApp("sato");
    const hid = core.hid("2025-0004");
    const first = render(Household, { props: { id: hid } });
    await settle();
    await click(byId("care-register"));
    await click(byId("care-form-submit"));
    const card = () => document.querySelector<HTMLElement>("#care-aid article.case")!;
    await waitFor(() => expect(card()).not.toBeNull());
    expect(card().querySelector(".blockers")!.textContent).toContain("介護保険の資格");
    await click([...card().querySelectorAll<HTMLElement>(".case-actions button")].find((b) => b.textContent === "資格・認定を記録")!);
    await fireEvent.change(byId("cf-kind")!, { target: { value: "not_insured" } });
    await settle();
    expect(byId("cf-insured")).toBeNull();
    await click(byId("care-form-submit"));
    await waitFor(() => expect(card().querySelector(".insured-number")?.textContent).toMatch(/^H/));
    expect(card().querySelector(".insured-kind")!.textContent).toContain("介護扶助10割");
    first.unmount();
    render(Home);
    await settle();
    await waitFor(() => expect(byId("home-care-alerts")).not.toBeNull());
    expect(byId("home-care-alerts")!.textContent).toContain("森 花子");
    expect(byId("home-care-alerts")!.textContent).toContain("ケアプラン");
  });

  it("申請日 and the 認定有効期間 are typed in 和暦 (R8.4.1): the core reads them and the case gets those dates", async () => {
    const core = await freshApp("sato");
    render(Household, { props: { id: core.hid("2025-0004") } });
    await settle();
    await click(byId("care-register"));
    await fireEvent.input(byId("cf-applied")!, { target: { value: "R8.4.1" } });
    await click(byId("care-form-submit"));
    const card = () => document.querySelector<HTMLElement>("#care-aid article.case");
    await waitFor(() => expect(card()?.textContent).toContain("申請 令和8年4月1日"));
    expect(core.called("care_case_register").at(-1)!.params).toMatchObject({ input: { applied_on: "2026-04-01" } });
    await click([...card()!.querySelectorAll<HTMLElement>(".case-actions button")].find((b) => b.textContent === "資格・認定を記録")!);
    expect(document.querySelectorAll('#care-aid input[type="date"]')).toHaveLength(0);
    await fireEvent.change(byId("cf-kind")!, { target: { value: "not_insured" } });
    await fireEvent.change(byId("cf-level")!, { target: { value: "care1" } });
    await fireEvent.input(byId("cf-from")!, { target: { value: "R8.4.1" } });
    await fireEvent.input(byId("cf-cert-from")!, { target: { value: "令和8年4月1日" } });
    await fireEvent.input(byId("cf-cert-to")!, { target: { value: "R9.3.31" } });
    await click(byId("care-form-submit"));
    await waitFor(() => expect(card()!.querySelector(".certification")?.textContent).toContain("令和8年4月1日〜令和9年3月31日"));
    expect(core.called("care_status_save").at(-1)!.params).toMatchObject({
      input: { valid_from: "2026-04-01", certified_from: "2026-04-01", certified_to: "2027-03-31" },
    });
  });

  it("a read-only user is offered nothing; a 廃止 household takes no application", async () => {
    const core = await freshApp("kato");
    const first = render(Household, { props: { id: core.hid("2023-0042") } });
    await settle();
    await giveCaseReason(); // sato's case
    await waitFor(() => expect(document.querySelector("#care-aid article.case")).not.toBeNull());
    expect(byId("care-register")).toBeNull();
    expect(document.querySelectorAll("#care-aid .case-actions button")).toHaveLength(0);
    first.unmount();
    app.session = await core.call("login", { user_id: "sato", password: DEMO_PASSWORD });
    render(Household, { props: { id: core.hid("2022-0015") } });
    await settle();
    await giveCaseReason(); // suzuki's case
    await waitFor(() => expect(byId("care-aid")?.textContent).toContain("介護扶助のケースはありません"));
    expect(byId("care-register")).toBeNull();
  });
});

describe("介護扶助の決定通知書", () => {
  it("a care-aid decision is titled 介護扶助開始の決定", async () => {
    const core = await freshApp("sato");
    render(DecisionDetail, { props: { id: core.fixture.care.yamaguchi_start } });
    await settle();
    expect(byId("decision-title")!.textContent).toBe("介護扶助開始の決定");
  });

  it("says in the core's words that care aid is paid in kind, not that it pays 0 yen", async () => {
    const core = await freshApp("sato");
    const d = await core.call<DecisionView>("decision_get", { decision_id: core.fixture.care.yamaguchi_start });
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    expect(d.amounts_note).toContain("現物給付");
    expect(byId("decision-amounts-note")!.textContent).toBe(d.amounts_note);
    expect(document.body.textContent).not.toContain("扶助額は0円");
  });

  it("an approved care decision offers 通知書を作成; the job is a 保護変更決定通知書 in the queue", async () => {
    const core = await freshApp("sato");
    render(DecisionDetail, { props: { id: core.fixture.care.yamaguchi_start } });
    await settle();
    await click(byId("decision-notice"));
    await fireEvent.submit(byId("notice-number")!.closest("form")!);
    await settle(10);
    expect(core.called("print_decision_notice")[0].params).toMatchObject({ decision_id: core.fixture.care.yamaguchi_start });
    expect(app.route.name).toBe("preview");
    const [job] = await core.call<{ kind: string; title: string }[]>("print_jobs", { filter: { state: null, household_id: null, limit: 1 } });
    expect(job).toMatchObject({ kind: "decision_notice", title: "保護変更決定通知書" });
  });
});
