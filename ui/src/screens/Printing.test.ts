import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../lib/app.svelte";
import type { Core } from "../test/helpers";
import type { AidKind, PrintJobView, PrintStep } from "../lib/types";
import { freshApp, giveCaseReason, settle } from "../test/helpers";
import Household from "./Household.svelte";
import Preview from "./Preview.svelte";
import PrintQueue from "./PrintQueue.svelte";

// jsdom has no ResizeObserver (bind:clientWidth); the viewer then measures 0 → fit = 100%.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

// pdf.js does not run in jsdom: the preview draws through this stand-in.
const renderCalls: { page: number; scale: number }[] = [];
vi.mock("../lib/pdf/renderer", async (importOriginal) => {
  const real = await importOriginal<typeof import("../lib/pdf/renderer")>();
  return {
    ...real,
    openPdf: vi.fn(async (bytes: Uint8Array) => {
      if (String.fromCharCode(...bytes.subarray(0, 5)) !== "%PDF-") throw new Error("not a PDF");
      return {
        numPages: 1,
        pageSize: async () => ({ width: 595.28, height: 841.89 }),
        render: async (page: number, _c: HTMLCanvasElement, scale: number) => void renderCalls.push({ page, scale }),
        destroy: () => undefined,
      };
    }),
  };
});

let core: Core;
const calls = (method: string) => core.calls.filter((c) => c.method === method);
const jobRow = (id: number) => document.querySelector<HTMLElement>(`tr.job[data-job-id="${id}"]`)!;

async function newJob(name: string, aids: AidKind[] = ["living"]): Promise<number> {
  const j = await core.call<{ id: number }>("print_certificate", { person_id: core.pid(name), aids, purpose: null });
  return j.id;
}

describe("証明書の発行（世帯画面）", () => {
  it("offers exactly the aids of the approved decisions in force, all ticked; the clerk may only narrow", async () => {
    core = await freshApp("sato");
    const hid = core.hid("2025-0001");
    render(Household, { props: { id: hid } });
    await settle();
    const pid = core.pid("山本 和夫");
    await fireEvent.click(document.querySelector<HTMLElement>(`button.certificate[data-person-id="${pid}"]`)!);
    await settle();
    const dialog = document.getElementById("certificate-dialog")!;
    const boxes = [...dialog.querySelectorAll<HTMLInputElement>("input[name=aid]")];
    // the 開始 decided 生活・住宅・医療扶助 (rent and medical costs in its calculation)
    expect(boxes.map((b) => b.value)).toEqual(["living", "housing", "medical"]);
    expect(boxes.every((b) => b.checked)).toBe(true);
    expect(within(dialog).queryByLabelText("教育扶助")).toBeNull();
    expect(document.getElementById("certificate-period")!.textContent).toContain("継続中");
    await fireEvent.click(within(dialog).getByLabelText("医療扶助"));
    await fireEvent.input(within(dialog).getByLabelText("用途"), { target: { value: " 年金の手続き " } });
    await fireEvent.click(within(dialog).getByRole("button", { name: /作成/ }));
    await settle();
    const [call] = calls("print_certificate");
    expect(call.params).toEqual({ person_id: pid, aids: ["living", "housing"], purpose: "年金の手続き" });
    expect(app.route.name).toBe("preview");
    expect(app.route.name === "preview" && app.route.job?.person_name).toBe("山本 和夫");
  });

  it("refuses to create with no aid, without calling the core", async () => {
    core = await freshApp("sato");
    render(Household, { props: { id: core.hid("2025-0001") } });
    await settle();
    await fireEvent.click(document.querySelector<HTMLElement>("button.certificate")!);
    await settle();
    const dialog = document.getElementById("certificate-dialog")!;
    for (const label of ["生活扶助", "住宅扶助", "医療扶助"]) await fireEvent.click(within(dialog).getByLabelText(label));
    await fireEvent.click(within(dialog).getByRole("button", { name: /作成/ }));
    await settle();
    expect(within(dialog).getByRole("alert").textContent).toContain("扶助の種類を1つ以上選んでください");
    expect(calls("print_certificate")).toHaveLength(0);
  });

  it("says why no certificate can be issued for a household without an approved decision in force", async () => {
    core = await freshApp("sato");
    render(Household, { props: { id: core.hid("2023-0042") } });
    await settle();
    await fireEvent.click(document.querySelector<HTMLElement>("button.certificate")!);
    await settle();
    const dialog = document.getElementById("certificate-dialog")!;
    expect(document.getElementById("certificate-refusal")!.textContent).toContain("効力のある決裁済みの保護の決定がない");
    expect(dialog.querySelector("input[name=aid]")).toBeNull();
    expect(within(dialog).queryByRole("button", { name: /作成/ })).toBeNull();
  });

  it("offers no 証明書 button without print_document", async () => {
    core = await freshApp("kato");
    render(Household, { props: { id: core.hid("2025-0001") } });
    await settle();
    await giveCaseReason(); // sato's case
    // (the name is also on the household's medical-aid case)
    expect(screen.getAllByText("山本 和夫").length).toBeGreaterThan(0);
    expect(document.querySelector("button.certificate")).toBeNull();
  });
});

describe("印刷キュー", () => {
  beforeEach(async () => {
    core = await freshApp("sato");
  });

  it("filters by state", async () => {
    render(PrintQueue);
    await settle();
    expect(document.querySelectorAll("tr.job")).toHaveLength(6); // すべて (4 + the seed's two 医療要否意見書)
    await fireEvent.click(screen.getByLabelText("印刷済"));
    await settle();
    expect(calls("print_jobs").at(-1)!.params).toEqual({ filter: { state: "printed", household_id: null, limit: null } });
    const rows = [...document.querySelectorAll("tr.job")];
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain("山本 和夫");
    await fireEvent.click(screen.getByLabelText("取消"));
    await settle();
    expect(document.querySelectorAll("tr.job")).toHaveLength(1);
    expect(document.querySelector("tr.job")!.textContent).toContain("取消");
    await fireEvent.click(screen.getByLabelText("すべて"));
    await settle();
    expect(calls("print_jobs").at(-1)!.params).toEqual({ filter: { state: null, household_id: null, limit: null } });
    expect(document.querySelectorAll("tr.job")).toHaveLength(6);
  });

  it("batch-prints the selected jobs, lists each job's outcome and refreshes the states", async () => {
    const a = await newJob("山本 和夫");
    const b = await newJob("山本 幸子");
    await core.printScript([null, "プリンター「事務室プリンター」の用紙がありません。"]);
    render(PrintQueue);
    await settle();
    // printed / delivered / voided jobs cannot be ticked
    expect(jobRow(1).querySelector("input[type=checkbox]")).toBeNull();
    for (const id of [a, b]) await fireEvent.click(jobRow(id).querySelector("input[type=checkbox]")!);
    await fireEvent.click(document.getElementById("print-selected")!);
    await settle();
    const dialog = document.getElementById("print-dialog")!;
    expect((within(dialog).getByLabelText("プリンター") as HTMLSelectElement).value).toBe("事務室プリンター");
    await fireEvent.input(within(dialog).getByLabelText("部数"), { target: { value: "2" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: /印刷/ }));
    await settle(10);
    expect(calls("print_jobs_send")[0].params).toEqual({ job_ids: [a, b], printer: "事務室プリンター", copies: 2 });
    const results = document.getElementById("print-results")!;
    expect(results.querySelector(`li[data-job-id="${a}"]`)!.textContent).toContain("成功");
    expect(results.querySelector(`li[data-job-id="${b}"]`)!.textContent).toContain("用紙がありません");
    expect(results.textContent).toContain("1件成功、1件失敗");
    // the list was reloaded: a is 印刷済, b stays 作成済 with its failure marked
    expect(jobRow(a).textContent).toContain("印刷済");
    expect(jobRow(b).textContent).toContain("作成済");
    expect(jobRow(b).textContent).toContain("印刷失敗");
    expect(document.getElementById("print-dialog")).toBeNull();
  });

  it("opens the preview with Enter on a row", async () => {
    render(PrintQueue);
    await settle();
    await fireEvent.keyDown(jobRow(2), { key: "Enter" });
    expect(app.route).toMatchObject({ name: "preview", jobId: 2 });
  });
});

describe("プレビュー", () => {
  beforeEach(() => {
    renderCalls.length = 0;
  });

  async function openPreview(user: string, jobId?: number) {
    core = await freshApp(user);
    const id = jobId ?? (await newJob("山本 和夫"));
    render(Preview, { props: { jobId: id } });
    await settle(10);
    return id;
  }

  it("shows the header and draws the page; zoom buttons change the scale", async () => {
    const id = await openPreview("sato");
    expect(document.getElementById("preview-title")!.textContent).toBe("保護受給証明書");
    expect(document.getElementById("preview-state")!.textContent).toBe("作成済");
    expect(document.getElementById("preview-reprints")!.textContent).toBe("0回");
    expect(calls("print_job_pdf")[0].params).toEqual({ job_id: id, reissue: false });
    expect(renderCalls.at(-1)).toEqual({ page: 1, scale: 4 / 3 }); // jsdom has no width: fit = 100%
    await fireEvent.click(document.getElementById("zoom-in")!);
    await settle();
    expect(document.getElementById("zoom-label")!.textContent).toBe("110%");
    expect(renderCalls.at(-1)!.scale).toBeCloseTo(1.1 * 4 / 3);
    await fireEvent.keyDown(window, { key: "-", ctrlKey: true });
    await fireEvent.keyDown(window, { key: "-", ctrlKey: true });
    await settle();
    expect(document.getElementById("zoom-label")!.textContent).toBe("90%");
    await fireEvent.keyDown(window, { key: "0", ctrlKey: true });
    await settle();
    expect(document.getElementById("zoom-label")!.textContent).toBe("100%");
  });

  it("shows a failed print's message; the job stays 作成済", async () => {
    core = await freshApp("sato");
    const id = await newJob("山本 和夫");
    await core.printScript(["プリンター「事務室プリンター」が応答しません。"]);
    render(Preview, { props: { jobId: id } });
    await settle(10);
    await fireEvent.click(document.getElementById("preview-print")!);
    await settle();
    await fireEvent.click(within(document.getElementById("print-dialog")!).getByRole("button", { name: /印刷/ }));
    await settle(10);
    const alert = document.querySelector(".print-error")!;
    expect(alert.textContent).toContain("印刷できませんでした");
    expect(alert.textContent).toContain("が応答しません");
    expect(document.getElementById("preview-state")!.textContent).toBe("作成済");
    // and again, from the keyboard (Enter on the printer list submits): now it works
    await fireEvent.click(document.getElementById("preview-print")!);
    await settle();
    await fireEvent.keyDown(document.getElementById("print-printer")!, { key: "Enter" });
    await settle(10);
    expect(document.querySelector(".print-error")).toBeNull();
    expect(document.getElementById("preview-state")!.textContent).toBe("印刷済");
  });

  it("without a printer says so once, offers no 印刷 and sends nothing", async () => {
    core = await freshApp("sato");
    const id = await newJob("山本 和夫");
    await core.noPrinters();
    render(Preview, { props: { jobId: id } });
    await settle(10);
    await fireEvent.click(document.getElementById("preview-print")!);
    await settle(10);
    const dialog = document.getElementById("print-dialog")!;
    const problem = document.getElementById("print-problem")!;
    expect(problem.textContent).toContain("プリンターが登録されていないため印刷できません");
    expect(problem.textContent).toContain("「保存」でPDFとして保存できます");
    // one message: no 「既定のプリンターに送ります」 next to it, and no way to send
    expect(dialog.textContent).not.toContain("既定のプリンター");
    expect(dialog.querySelectorAll('[role="alert"], .alert').length).toBe(1);
    expect(within(dialog).getByRole("button", { name: /印刷/ }).hasAttribute("disabled")).toBe(true);
    await fireEvent.submit(dialog.querySelector("form")!);
    await settle(10);
    expect(calls("print_jobs_send")).toHaveLength(0);
    expect(document.getElementById("preview-state")!.textContent).toBe("作成済");
  });

  it("再発行 prints the 再発行 version and shows it", async () => {
    await openPreview("sato", 2); // 印刷済
    expect((document.getElementById("preview-print") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(document.getElementById("preview-reprint")!);
    await settle(10);
    expect(calls("print_job_pdf").at(-1)!.params).toEqual({ job_id: 2, reissue: true });
    const dialog = document.getElementById("print-dialog")!;
    expect(dialog.textContent).toContain("再発行回数が1増え");
    await fireEvent.click(within(dialog).getByRole("button", { name: /再発行して印刷/ }));
    await settle(10);
    expect(calls("print_job_reprint")[0].params).toEqual({ job_id: 2, printer: "事務室プリンター", copies: 1 });
    expect(document.getElementById("preview-reprints")!.textContent).toBe("1回");
    expect(screen.getByText("再発行版を表示中")).toBeTruthy();
  });

  it("enables exactly the steps the core's view allows, in every state", async () => {
    core = await freshApp("suzuki");
    const jobs = await core.call<PrintJobView[]>("print_jobs", { filter: { state: null, household_id: null, limit: null } });
    const states = new Set(jobs.map((j) => j.state));
    expect([...states].sort()).toEqual(["delivered", "generated", "printed", "voided"]);
    const BUTTONS: [string, PrintStep][] = [
      ["preview-print", "send"],
      ["preview-reprint", "reprint"],
      ["preview-save", "save"],
      ["preview-open", "save"],
      ["preview-deliver", "deliver"],
      ["preview-void", "void"],
    ];
    for (const j of jobs) {
      const r = render(Preview, { props: { jobId: j.id, initial: j } });
      await settle(5);
      const enabled = BUTTONS.filter(([id]) => !(document.getElementById(id) as HTMLButtonElement).disabled).map(([, s]) => s);
      expect([...new Set(enabled)].sort(), `${j.state} (job ${j.id})`).toEqual([...j.allowed_steps].sort());
      r.unmount();
    }
  });

  it("保存 shows the path", async () => {
    await openPreview("sato");
    await fireEvent.click(document.getElementById("preview-save")!);
    await settle();
    expect(document.getElementById("saved-path")!.textContent).toMatch(/窓口\/保護受給証明書_.+\.pdf$/);
  });

  it("hides 取消 without void_document", async () => {
    await openPreview("sato");
    expect(app.session!.permissions).not.toContain("void_document");
    expect(document.getElementById("preview-void")).toBeNull();
  });

  it("取消 needs a reason", async () => {
    await openPreview("suzuki");
    await fireEvent.click(document.getElementById("preview-void")!);
    await settle();
    const dialog = document.getElementById("void-dialog")!;
    await fireEvent.click(within(dialog).getByRole("button", { name: "取り消す" }));
    await settle();
    expect(within(dialog).getByRole("alert").textContent).toContain("理由を入力してください");
    expect(calls("print_job_void")).toHaveLength(0);
    await fireEvent.input(within(dialog).getByLabelText(/理由/), { target: { value: "氏名の誤り" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "取り消す" }));
    await settle();
    expect(calls("print_job_void")[0].params).toMatchObject({ reason: "氏名の誤り" });
    expect(document.getElementById("preview-state")!.textContent).toBe("取消");
    expect((document.getElementById("preview-void") as HTMLButtonElement).disabled).toBe(true);
    expect((document.getElementById("preview-print") as HTMLButtonElement).disabled).toBe(true);
  });
});
