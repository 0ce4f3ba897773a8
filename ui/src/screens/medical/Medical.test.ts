// The 医療扶助 screens against the real core (the seeded office: 山口 トメ in medical aid from the
// 1st of this month with a clinic and a pharmacy; 山本 和夫 applied, his opinion form out).
import { fireEvent, render, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { app } from "../../lib/app.svelte";
import { DEMO_PASSWORD, freshApp, giveCaseReason, settle } from "../../test/helpers";
import Home from "../Home.svelte";
import DecisionDetail from "../DecisionDetail.svelte";
import Household from "../Household.svelte";
import Institutions from "./Institutions.svelte";
import Ledger from "./Ledger.svelte";
import Medical from "./Medical.svelte";
import { monthOf } from "./month";
import Opinions from "./Opinions.svelte";
import VoucherRun from "./VoucherRun.svelte";

const LONG = { timeout: 20_000 };
/** This month in the office, as the core's today says (the seed's dates are relative to it). */
const month = (core: { fixture: { today: string } }) => monthOf(core.fixture.today);
const byId = (id: string) => document.getElementById(id);
const click = async (el: Element | null) => {
  expect(el).not.toBeNull();
  await fireEvent.click(el!);
  await settle();
};
async function issueAll(core: Awaited<ReturnType<typeof freshApp>>) {
  await core.call("voucher_issue", { kind: "medical", month: month(core) });
  await core.waitJobs();
}

describe("医療扶助の画面", () => {
  it("shows the clerk the tabs of the medical screen, the run first", async () => {
    await freshApp("med");
    render(Medical);
    await settle();
    const tabs = [...document.querySelectorAll('[role="tab"]')].map((t) => t.textContent);
    expect(tabs).toEqual(["月次発行", "交付処理簿", "医療要否意見書", "指定医療機関"]);
    expect(byId("voucher-run")).not.toBeNull();
  });

  it("a caseworker without issue_voucher gets no 月次発行 tab", async () => {
    await freshApp("sato");
    render(Medical);
    await settle();
    expect(byId("medical-tab-run")).toBeNull();
    expect(byId("voucher-ledger")).not.toBeNull();
  });
});

describe("月次発行", () => {
  it("確認 lists what the core proposes, 発行 runs as a job with progress, a re-run has nothing left", async () => {
    const core = await freshApp("med");
    render(VoucherRun, { props: { initialMonth: month(core) } });
    await settle();
    await click(byId("run-propose"));
    await waitFor(() => expect(byId("proposal")).not.toBeNull(), LONG);
    const rows = [...document.querySelectorAll<HTMLElement>("tr.proposal")];
    expect(rows.map((r) => r.querySelector("td:nth-child(3)")!.textContent)).toEqual(["医療券", "調剤券"]);
    expect(byId("run-counts")!.textContent).toContain("発行予定 2件");
    for (const r of rows) {
      expect(within(r).getByText("山口 トメ")).toBeTruthy();
      // exactly the actions the core lists: the clerk may exclude, not fix a share
      expect([...r.querySelectorAll(".row-actions button")].map((b) => b.textContent)).toEqual(["今月は発行しない"]);
    }
    await click(byId("run-issue"));
    await waitFor(() => expect(byId("run-result")?.textContent).toContain("2件を発行しました"), LONG);
    expect(core.called("voucher_issue")).toHaveLength(1);
    expect(core.called("job_status").length).toBeGreaterThan(0);
    await waitFor(() => expect(document.querySelectorAll("tr.proposal.already_issued")).toHaveLength(2), LONG);
    expect(byId("run-issue")).toBeNull();
    expect([...document.querySelectorAll(".row-actions button")]).toHaveLength(0);
  });

  it("the 診療年月 picker reads in Japanese whatever the browser's language, and steps by month", async () => {
    const core = await freshApp("med");
    render(VoucherRun, { props: { initialMonth: month(core) } });
    await settle();
    const [y, m] = month(core).split("-").map(Number);
    const picker = document.querySelector<HTMLElement>(".month-picker")!;
    // a native month input is drawn in the browser's locale (「Dec 2026」): none here
    expect(picker.querySelector('input[type="month"]')).toBeNull();
    const shown = () => [...picker.querySelectorAll("select")].map((s) => s.selectedOptions[0]?.textContent).join("");
    expect(shown()).toBe(`${y}年${m}月`);
    expect(picker.textContent).not.toMatch(/[A-Z][a-z]{2}/);
    await click(within(picker).getByLabelText("次の月"));
    const next = m === 12 ? `${y + 1}年1月` : `${y}年${m + 1}月`;
    expect(shown()).toBe(next);
    await fireEvent.change(byId("run-month-m")!, { target: { value: "3" } });
    await settle();
    await click(byId("run-propose"));
    await waitFor(() => expect(core.called("voucher_propose")).toHaveLength(1), LONG);
    const want = `${m === 12 ? y + 1 : y}-03`;
    expect(core.called("voucher_propose")[0].params).toMatchObject({ month: want });
  });

  it("when 発行 ends, the job box says it finished and the list shows what was issued", async () => {
    const core = await freshApp("med");
    render(VoucherRun, { props: { initialMonth: month(core) } });
    await settle();
    await click(byId("run-propose"));
    await waitFor(() => expect(byId("run-issue")).not.toBeNull(), LONG);
    await click(byId("run-issue"));
    await waitFor(() => expect(byId("run-result")?.textContent).toContain("2件を発行しました"), LONG);
    // the moment the result shows: the issue's box reads 完了 with its count, not a new 待機中,
    // and the list already counts the two as issued
    expect(byId("job-progress")?.textContent).toContain("完了");
    expect(byId("job-progress")!.textContent).not.toContain("待機中");
    // one state, in the core's words: finished with its count, not 「完了・発行中」
    expect(byId("job-status")!.textContent).toBe("完了");
    expect(byId("job-progress")!.textContent).not.toContain("発行中");
    expect(byId("job-count")!.textContent).toContain("2 / 2");
    expect(byId("run-counts")!.textContent).toContain("発行済み 2件");
    expect(document.querySelectorAll("tr.proposal.already_issued")).toHaveLength(2);
    expect(byId("job-cancel")).toBeNull();
  });

  it("a row left out with a reason is not issued, and can be put back", async () => {
    const core = await freshApp("med");
    render(VoucherRun, { props: { initialMonth: month(core) } });
    await settle();
    await click(byId("run-propose"));
    await waitFor(() => expect(document.querySelectorAll("tr.proposal")).toHaveLength(2), LONG);
    const pharmacy = [...document.querySelectorAll<HTMLElement>("tr.proposal")].find((r) => r.textContent!.includes("調剤券"))!;
    await click(pharmacy.querySelector("button.exclude"));
    const dialog = byId("exclude-dialog")!;
    await click(within(dialog).getByText("除外する"));
    expect(within(byId("exclude-dialog")!).getByRole("alert").textContent).toContain("理由");
    await fireEvent.input(within(dialog).getByLabelText(/理由/), { target: { value: "今月は処方なし" } });
    await click(within(dialog).getByText("除外する"));
    await waitFor(() => expect(document.querySelector("tr.proposal.excluded")).not.toBeNull(), LONG);
    expect(byId("run-counts")!.textContent).toContain("発行予定 1件");
    expect(document.querySelector("tr.proposal.excluded")!.textContent).toContain("今月は処方なし");
    expect(core.called("voucher_exclude").at(-1)!.params).toMatchObject({ kind: "medical", month: month(core), reason: "今月は処方なし" });
    await click(document.querySelector("tr.proposal.excluded button.include"));
    await waitFor(() => expect(byId("run-counts")!.textContent).toContain("発行予定 2件"), LONG);
  });
});

describe("交付処理簿", () => {
  it("lists issues, then a void and a 再交付 with their reasons; the core refuses an empty reason", async () => {
    const core = await freshApp("med");
    await issueAll(core);
    render(Ledger, { props: { initialMonth: month(core) } });
    await settle();
    expect(byId("ledger-counts")!.textContent).toContain("交付 2件");
    await click([...document.querySelectorAll<HTMLElement>(".switch button")].find((b) => b.textContent === "券の一覧")!);
    const pharmacy = [...document.querySelectorAll<HTMLElement>("tr.voucher")].find((r) => r.textContent!.includes("調剤券"))!;
    expect([...pharmacy.querySelectorAll("td:last-child button")].map((b) => b.textContent)).toEqual(["取消", "再交付"]);
    await click(pharmacy.querySelector("button.void"));
    const dialog = byId("voucher-void-dialog")!;
    await click(within(dialog).getByText("取り消す"));
    expect(within(dialog).getByRole("alert").textContent).toContain("理由");
    await fireEvent.input(within(dialog).getByLabelText(/理由/), { target: { value: "薬局の変更" } });
    await click(within(dialog).getByText("取り消す"));
    const clinic = [...document.querySelectorAll<HTMLElement>("tr.voucher")].find((r) => r.textContent!.includes("医療券"))!;
    await click(clinic.querySelector("button.reissue"));
    await fireEvent.input(within(byId("voucher-reissue-dialog")!).getByLabelText(/理由/), { target: { value: "紛失の申出" } });
    await click(within(byId("voucher-reissue-dialog")!).getByText("再交付する"));
    const states = [...document.querySelectorAll<HTMLElement>("tr.voucher td:nth-child(7)")].map((t) => t.textContent);
    expect(states.filter((s) => s!.startsWith("取消"))).toHaveLength(2);
    expect(states.filter((s) => s === "再交付")).toHaveLength(1);
    await click([...document.querySelectorAll<HTMLElement>(".switch button")].find((b) => b.textContent === "交付処理簿")!);
    const events = [...document.querySelectorAll<HTMLElement>("tr.ledger-line td:nth-child(2)")].map((t) => t.textContent);
    expect(events).toEqual(["交付", "交付", "取消", "取消", "再交付"]);
    expect(byId("ledger-lines")!.textContent).toContain("薬局の変更");
  });

  it("read-only staff see the month with no action and no print", async () => {
    const core = await freshApp("med");
    await issueAll(core);
    app.session = await core.call("login", { user_id: "kato", password: DEMO_PASSWORD });
    render(Ledger, { props: { initialMonth: month(core) } });
    await settle();
    expect(byId("ledger-counts")!.textContent).toContain("交付 2件");
    expect(byId("ledger-print")).toBeNull();
    await click([...document.querySelectorAll<HTMLElement>(".switch button")].find((b) => b.textContent === "券の一覧")!);
    expect(document.querySelectorAll("tr.voucher")).toHaveLength(2);
    expect(document.querySelectorAll("tr.voucher button")).toHaveLength(0);
  });

  it("印刷 puts the ledger in the print queue and opens its preview", async () => {
    const core = await freshApp("med");
    await issueAll(core);
    render(Ledger, { props: { initialMonth: month(core) } });
    await settle();
    await click(byId("ledger-print"));
    expect(core.called("print_voucher_ledger")).toHaveLength(1);
    expect(app.route.name).toBe("preview");
  });
});

describe("医療要否意見書", () => {
  it("返送受理 then 嘱託医の審査, each offered only in its state", async () => {
    const core = await freshApp("med");
    render(Opinions);
    await settle();
    const row = () => document.querySelector<HTMLElement>(`tr.opinion[data-opinion-id="${core.fixture.medical.yamamoto_opinion}"]`)!;
    expect([...row().querySelectorAll(".row-actions button")].map((b) => b.textContent)).toEqual(["様式", "返送受理"]);
    await click(row().querySelector("button.return"));
    const ret = byId("opinion-return-dialog")!;
    await fireEvent.input(within(ret).getByLabelText("傷病名1"), { target: { value: "腰部脊柱管狭窄症" } });
    await click(within(ret).getByText("記録する"));
    expect(row().textContent).toContain("返送受理（嘱託医審査待ち）");
    await click(row().querySelector("button.review"));
    const rev = byId("opinion-review-dialog")!;
    await click(within(rev).getByText("記録する"));
    expect(within(rev).getByRole("alert").textContent).toContain("嘱託医");
    await fireEvent.input(within(rev).getByLabelText(/嘱託医/, { selector: "input" }), { target: { value: "嘱託 花子" } });
    await click(within(rev).getByText("記録する"));
    expect(row().textContent).toContain("審査済");
    expect(row().textContent).toContain("要（医療の必要を認める）");
    expect(row().querySelectorAll("button.return, button.review")).toHaveLength(0);
  });
});

describe("指定医療機関", () => {
  it("searches by kana and imports a CSV only after a dry run without errors", async () => {
    const core = await freshApp("med");
    render(Institutions);
    await settle();
    await fireEvent.input(byId("inst-query")!, { target: { value: "やっきょく" } });
    await settle();
    expect([...document.querySelectorAll("tr.institution")].map((r) => r.getAttribute("data-code"))).toEqual(["0140113713"]);
    const file = (text: string) => new File([text], "list.csv", { type: "text/csv" });
    const input = byId("inst-file") as HTMLInputElement;
    const bad = "code,name,kind,valid_from\n0110113718,誤り医院,医科,2020-04-01\n0160113718,みどり訪問看護,訪問看護,2020-04-01\n";
    await fireEvent.change(input, { target: { files: [file(bad)] } });
    await waitFor(() => expect(byId("import-report")).not.toBeNull());
    expect(byId("import-counts")!.textContent).toContain("エラー 1件");
    expect(document.querySelector("tr.import-line.invalid")!.textContent).toContain("検査数字");
    expect(byId("import-apply")).toBeNull();
    const good = "code,name,kind,valid_from\n0160113718,みどり訪問看護,訪問看護,2020-04-01\n";
    await fireEvent.change(input, { target: { files: [file(good)] } });
    await waitFor(() => expect(byId("import-counts")?.textContent).toContain("新規 1件・変更 0件・変更なし 0件・エラー 0件"));
    await click(byId("import-apply"));
    await fireEvent.input(byId("inst-query")!, { target: { value: "" } });
    await waitFor(() => expect(document.querySelector('tr.institution[data-code="0160113718"]')).not.toBeNull());
    expect(core.called("institutions_import").map((c) => c.params.dry_run)).toEqual([true, true, false]);
  });

  it("filters by kind, corrects an institution in the form and refuses a wrong check digit", async () => {
    const core = await freshApp("med");
    render(Institutions);
    await settle();
    await fireEvent.change(byId("inst-kind")!, { target: { value: "pharmacy" } });
    await settle();
    expect([...document.querySelectorAll("tr.institution")].map((r) => r.getAttribute("data-code"))).toEqual(["0140113713"]);
    await click(document.querySelector('tr.institution[data-code="0140113713"] button'));
    expect((byId("if-code") as HTMLInputElement).value).toBe("0140113713");
    await fireEvent.input(byId("if-phone")!, { target: { value: "0480-00-9999" } });
    await click(document.querySelector('#inst-form button[type="submit"]'));
    await waitFor(() => expect(document.querySelector('#institutions [role="status"]')?.textContent).toContain("（0140113713）を保存しました。"));
    expect(byId("inst-form")).toBeNull();
    expect(document.querySelector('tr.institution[data-code="0140113713"]')!.textContent).toContain("0480-00-9999");
    await click(byId("inst-new"));
    await fireEvent.input(byId("if-code")!, { target: { value: "0110113718" } });
    await fireEvent.input(byId("if-name")!, { target: { value: "誤り医院" } });
    await fireEvent.input(byId("if-from")!, { target: { value: "2020-04-01" } });
    await click(document.querySelector('#inst-form button[type="submit"]'));
    await waitFor(() => expect(document.querySelector('#inst-form [role="alert"]')).not.toBeNull());
    expect(core.called("institution_save")).toHaveLength(2);
  });

  it("指定年月日 is typed in 和暦 (a DateField): what is saved is what the core read", async () => {
    const core = await freshApp("med");
    render(Institutions);
    await settle();
    await click(byId("inst-new"));
    await fireEvent.input(byId("if-code")!, { target: { value: "0160113718" } });
    await fireEvent.input(byId("if-name")!, { target: { value: "みどり訪問看護" } });
    await fireEvent.change(byId("if-kind")!, { target: { value: "visiting_nursing" } });
    await fireEvent.input(byId("if-from")!, { target: { value: "令和2年4月1日" } });
    await click(document.querySelector('#inst-form button[type="submit"]'));
    await waitFor(() => expect(byId("inst-form")).toBeNull());
    expect(core.called("institution_save").at(-1)!.params).toMatchObject({ input: { valid_from: "2020-04-01", valid_to: null } });
    expect(document.querySelector('tr.institution[data-code="0160113718"]')!.textContent).toContain("令和2年4月1日〜");
  });

  it("the form takes the 郵便番号: the core's message shows next to it, and a good one is kept as 347-0002", async () => {
    const core = await freshApp("med");
    render(Institutions);
    await settle();
    await click(document.querySelector('tr.institution[data-code="0140113713"] button'));
    const postal = byId("if-postal") as HTMLInputElement;
    expect(postal).not.toBeNull();
    await fireEvent.input(postal, { target: { value: "34700" } });
    await click(document.querySelector('#inst-form button[type="submit"]'));
    await waitFor(() => expect(byId("if-postal-error")?.textContent).toContain("郵便番号は7桁で入力してください"));
    expect(document.querySelector('#inst-form [role="status"]')).toBeNull();
    await fireEvent.input(postal, { target: { value: "３４７０００２" } });
    await click(document.querySelector('#inst-form button[type="submit"]'));
    await waitFor(() => expect(byId("inst-form")).toBeNull());
    expect(core.called("institution_save").at(-1)!.params).toMatchObject({ input: { postal_code: "３４７０００２" } });
    expect(document.querySelector('tr.institution[data-code="0140113713"]')!.textContent).toContain("〒347-0002");
    await click(document.querySelector('tr.institution[data-code="0140113713"] button'));
    expect((byId("if-postal") as HTMLInputElement).value).toBe("347-0002");
  });
});

describe("世帯画面の医療扶助", () => {
  it("a caseworker sees the case's actions from the core; 開始 appears once the opinion is accepted", async () => {
    const core = await freshApp("sato");
    const hid = core.hid("2025-0001");
    render(Household, { props: { id: hid } });
    await settle();
    const card = () => document.querySelector<HTMLElement>(`article.case[data-case-id="${core.fixture.medical.yamamoto_case}"]`)!;
    const actions = () => [...card().querySelectorAll(".case-actions button")].map((b) => b.textContent);
    expect(actions()).toEqual(["他法の確認を記録", "医療要否意見書を送付", "却下を起案"]);
    expect(card().querySelector(".blockers")!.textContent).toContain("医療要否意見書");
    // The opinion comes back and the 嘱託医 accepts it.
    const opinion = core.fixture.medical.yamamoto_opinion;
    await click(card().querySelector(`p.opinion[data-opinion-id="${opinion}"] button.return`));
    await fireEvent.input(within(byId("opinion-return-dialog")!).getByLabelText("傷病名1"), { target: { value: "腰痛症" } });
    await click(within(byId("opinion-return-dialog")!).getByText("記録する"));
    await click(card().querySelector(`p.opinion[data-opinion-id="${opinion}"] button.review`));
    const rev = byId("opinion-review-dialog")!;
    await fireEvent.input(within(rev).getByLabelText(/嘱託医/, { selector: "input" }), { target: { value: "嘱託 花子" } });
    await click(within(rev).getByText("記録する"));
    await waitFor(() => expect(actions()).toContain("開始を起案"));
    await click([...card().querySelectorAll<HTMLElement>(".case-actions button")].find((b) => b.textContent === "開始を起案")!);
    await fireEvent.input(byId("mf-reason")!, { target: { value: "医療要否意見書により医療の必要を認めた" } });
    await click(byId("medical-form-submit"));
    expect(core.called("medical_decision_draft")).toHaveLength(1);
    expect(app.route.name).toBe("decision");
  });

  it("単発の券's 診療年月 reads in Japanese (no native month input) and is sent as YYYY-MM", async () => {
    const core = await freshApp("med");
    render(Household, { props: { id: core.hid("2023-0042") } });
    await settle();
    await giveCaseReason("medical_care"); // sato's case
    const card = document.querySelector<HTMLElement>(`article.case[data-case-id="${core.fixture.medical.yamaguchi_case}"]`)!;
    await click([...card.querySelectorAll<HTMLElement>(".case-actions button")].find((b) => b.textContent === "単発の券を追加")!);
    const form = byId("medical-form-submit")!.closest("form")!;
    expect(form.querySelector('input[type="month"]')).toBeNull();
    const picker = form.querySelector<HTMLElement>(".month-picker")!;
    const [y, m] = month(core).split("-").map(Number);
    expect([...picker.querySelectorAll("select")].map((s) => s.selectedOptions[0]?.textContent).join("")).toBe(`${y}年${m}月`);
    await click(within(picker).getByLabelText("次の月"));
    await fireEvent.input(byId("mf-why")!, { target: { value: "月途中の受診" } });
    await click(byId("medical-form-submit"));
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
    expect(core.called("medical_voucher_request").at(-1)?.params).toMatchObject({ month: next });
  });

  it("a medical-aid decision is titled as one, not as a 保護開始", async () => {
    const core = await freshApp("sato");
    render(DecisionDetail, { props: { id: core.fixture.decisions.yamaguchi_medical } });
    await settle();
    expect(byId("decision-title")!.textContent).toMatch(/^医療扶助(開始|変更)の決定$/);
    expect(document.body.textContent).not.toContain("保護開始の決定");
  });

  it("申請日 is typed in 和暦 like every date of the desk: the core reads it, and the case gets that date", async () => {
    const core = await freshApp("sato");
    render(Household, { props: { id: core.hid("2025-0004") } });
    await settle();
    await click(byId("medical-register"));
    const applied = byId("mf-applied") as HTMLInputElement;
    await fireEvent.input(applied, { target: { value: "令和8年4月1日" } });
    await fireEvent.blur(applied);
    await waitFor(() => expect(byId("mf-applied-reading")?.textContent).toBe("令和8年4月1日"));
    await fireEvent.input(byId("mf-illness")!, { target: { value: "歯痛" } });
    await click(byId("medical-form-submit"));
    await waitFor(() => expect(document.querySelector("article.case")?.textContent).toContain("申請 令和8年4月1日"));
    // what is sent is what the core read
    expect(core.called("medical_case_register").at(-1)!.params).toMatchObject({ applied_on: "2026-04-01" });
    // no native date box is left on the medical forms
    await click([...document.querySelectorAll<HTMLElement>("#medical-aid .case-actions button")].find((b) => b.textContent === "他法の確認を記録")!);
    expect(document.querySelectorAll('#medical-aid input[type="date"]')).toHaveLength(0);
    expect((byId("mf-asked") as HTMLInputElement).type).toBe("text");
  });

  it("registers an application for a member; a read-only user is offered nothing", async () => {
    const core = await freshApp("sato");
    const hid = core.hid("2025-0004");
    const first = render(Household, { props: { id: hid } });
    await settle();
    await click(byId("medical-register"));
    await fireEvent.input(byId("mf-illness")!, { target: { value: "歯痛" } });
    await click(byId("medical-form-submit"));
    expect(document.querySelector("article.case")!.textContent).toContain("歯痛");
    expect(core.called("medical_case_register")[0].params).toMatchObject({ household_id: hid, illness: "歯痛" });
    first.unmount();
    app.session = await core.call("login", { user_id: "kato", password: DEMO_PASSWORD });
    render(Household, { props: { id: core.hid("2023-0042") } });
    await settle();
    expect(byId("medical-register")).toBeNull();
    expect(document.querySelectorAll("#medical-aid .case-actions button")).toHaveLength(0);
  });
});

describe("ホームの期限", () => {
  it("warns of an accepted opinion that ends within 30 days", async () => {
    await freshApp("sato");
    render(Home);
    await settle();
    const panel = byId("home-opinion-due-soon")!;
    expect(panel.textContent).toContain("山口 トメ");
    expect(panel.textContent).toContain("みどり内科クリニック");
  });
});

describe("廃止と交付済みの券", () => {
  it("approving a 廃止 clips or voids this month's vouchers and lists the institutions to tell", async () => {
    const core = await freshApp("med");
    await issueAll(core);
    const login = (user: string) => core.call("login", { user_id: user, password: DEMO_PASSWORD });
    // the household's pending 変更 first (one open decision at a time)
    await login("kimura");
    await core.call("decision_approve", { decision_id: core.fixture.decisions.yamaguchi_change, comment: "" });
    await login("sato");
    const d = (await core.call("decision_draft", {
      input: {
        household_id: core.hid("2023-0042"), kind: "abolish", effective_date: core.fixture.today,
        reason_text: "転出のため", reason_codes: [], calculate: false,
      },
    })) as { id: number };
    await login("suzuki");
    await core.call("decision_review", { decision_id: d.id, comment: "" });
    app.session = (await login("kimura")) as never;
    render(DecisionDetail, { props: { id: d.id } });
    await settle();
    expect(byId("voucher-changes")).toBeNull();
    await click(document.querySelector('[data-action="approve"]'));
    expect(app.confirm?.message).toContain("決裁します");
    app.confirm!.resolve(true);
    app.confirm = null;
    await settle(10);
    await waitFor(() => expect(byId("voucher-changes")).not.toBeNull(), LONG);
    const rows = [...document.querySelectorAll<HTMLElement>("tr.voucher-change")];
    expect(rows.map((r) => r.dataset.code).sort()).toEqual(["0110113719", "0140113713"]);
    expect(rows[0].textContent).toContain("03-0000-");
    expect(core.called("decision_voucher_changes").length).toBeGreaterThan(0);
  });
});
