import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fireEvent, render } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../../lib/app.svelte";
import type { Core } from "../../test/helpers";
import { DEMO_PASSWORD, freshApp, settle } from "../../test/helpers";
import Exchange from "./Exchange.svelte";

// pdf.js does not run in jsdom: the check list preview draws through this stand-in.
vi.mock("../../lib/pdf/renderer", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/pdf/renderer")>();
  return {
    ...real,
    openPdf: vi.fn(async (bytes: Uint8Array) => {
      if (String.fromCharCode(...bytes.subarray(0, 5)) !== "%PDF-") throw new Error("not a PDF");
      return { numPages: 1, pageSize: async () => ({ width: 595.28, height: 841.89 }), render: async () => undefined, destroy: () => undefined };
    }),
  };
});

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const SIM = process.env.MADOGUCHI_SIM ?? resolve(repoRoot, "target/debug/madoguchi-sim");

let core: Core;
let dirs: string[] = [];
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), "madoguchi-ui-usb-"));
  dirs.push(d);
  return d;
};
const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const row = (channel: string) => $(`#exchange-status tr[data-channel="${channel}"]:not(.notes)`)!;
const cell = (channel: string, cls: string) => row(channel).querySelector(`.${cls}`)!.textContent!.trim();

/** The simulated server over the folder `from`, results into `to`. */
function sim(from: string, to: string, ...args: string[]) {
  if (!existsSync(SIM)) throw new Error(`${SIM} がありません（make test-ui が cargo build -p madoguchi-sim を行います）`);
  execFileSync(SIM, ["--in", from, "--out", to, ...args], { stdio: "pipe" });
}

/** The administrator registers a medium; the caseworker asks two agencies about 山本 和夫 and his
 * wife; then the medical clerk is logged in (the screen's user). */
async function arrange() {
  await core.call("login", { user_id: "admin", password: DEMO_PASSWORD });
  await core.call("exchange_register_medium", { medium_id: "USB-01", label: "USBメモリ1号（保管庫A）" });
  await core.call("login", { user_id: "sato", password: DEMO_PASSWORD });
  await core.call("inquiry_request", {
    person_id: core.pid("山本 和夫"), agency: "pension_insurer", information: "pension", procedure: "start", reason: "年金受給の確認",
  });
  await core.call("inquiry_request", {
    person_id: core.pid("山本 幸子"), agency: "municipality", information: "local_tax", procedure: "start", reason: "課税状況の確認",
  });
  app.session = await core.call("login", { user_id: "med", password: DEMO_PASSWORD });
}

/** Wait (real time) until `sel` is on the page: background jobs report every 250 ms. */
async function until(sel: string, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    await settle();
    if ($(sel)) return $(sel)!;
    if (Date.now() > end) throw new Error(`${sel} did not appear: ${document.body.textContent?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the progress bar said while the job ran (the job is shown at once, from the core's first
 * answer, and stays until the job has ended). */
let progressSeen = "";

async function exportInquiries(usb: string) {
  await fireEvent.change($("#export-channel")!, { target: { value: "inquiry" } });
  await fireEvent.input($("#export-dir")!, { target: { value: usb } });
  await fireEvent.submit($("#export-run")!.closest("form")!);
  progressSeen = (await until("#job-progress")).textContent ?? "";
  return until("#export-result");
}

async function importFrom(dir: string) {
  await fireEvent.input($("#import-dir")!, { target: { value: dir } });
  await fireEvent.submit($("#import-run")!.closest("form")!);
  progressSeen = (await until("#job-progress")).textContent ?? "";
  const end = Date.now() + 20_000;
  while (!$("#import-result") && !$("#import-error")) {
    if (Date.now() > end) throw new Error("the import did not finish");
    await settle();
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("中間サーバー連携", () => {
  beforeEach(async () => {
    core = await freshApp("med");
    dirs = [];
  });
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("exports a batch as a background job, imports the server's result, and the answer reaches the 調査記録", async () => {
    await arrange();
    render(Exchange);
    await settle();
    expect(cell("inquiry", "pending")).toBe("2");
    expect(cell("medical", "pending")).toBe("1"); // the seed's approved 医療扶助 開始: 資格情報の登録

    const usb = folder();
    const done = await exportInquiries(usb);
    // The export ran as a background job behind the core's progress bar, gone once it ended.
    expect(progressSeen).toContain("情報照会の出力（媒体 USB-01）");
    expect($("#job-progress")).toBeNull();
    expect(done.textContent).toContain("バッチ 1（2 件）");
    expect(core.called("exchange_export")[0].params).toEqual({ channel: "inquiry", medium_id: "USB-01", dir: usb });
    expect(core.called("job_status").length).toBeGreaterThan(0);
    expect(readdirSync(usb).sort()).toEqual(["MDG_INQUIRY_12270013_000001.dat", "MDG_INQUIRY_12270013_000001.manifest.json"]);
    await settle();
    expect(cell("inquiry", "sent")).toBe("2");

    const out = folder();
    sim(usb, out, "--date", core.fixture.today);
    await importFrom(out);
    expect(progressSeen).toContain("結果ファイルの取込");
    expect($("#job-progress")).toBeNull();
    expect($("#import-result")!.textContent).toContain("照会回答 2 件");
    await settle();
    expect(cell("inquiry", "accepted")).toBe("2");
    expect(cell("inquiry", "sent")).toBe("0");

    // The same file again: refused, said so, nothing changed.
    await importFrom(out);
    expect($("#import-error")!.textContent).toContain("取込済み");
    expect(cell("inquiry", "accepted")).toBe("2");

    const record = await core.call<{ agency_label: string; items: { label: string }[] }[]>("investigation_record", { household_id: core.hid("2025-0001") });
    expect(record.map((r) => r.agency_label).sort()).toEqual(["市町村", "年金保険者"]);
  });

  it("lists the refused record with the person and the field, and resends it after the correction", async () => {
    await arrange();
    render(Exchange);
    await settle();
    const usb = folder();
    await exportInquiries(usb);
    const out = folder();
    sim(usb, out, "--reject", "2:E2001:addressee_number", "--date", core.fixture.today);
    await importFrom(out);
    expect($("#import-result")!.textContent).toContain("エラー 1 件");
    await settle();
    expect(cell("inquiry", "errors")).toBe("1");

    await fireEvent.click($("#exchange-tab-errors")!);
    await settle();
    const line = $("#exchange-errors tbody tr")!;
    expect(line.querySelector(".person")!.textContent).toContain("山本 幸子");
    expect(line.querySelector(".field-label")!.textContent).toBe("団体内統合宛名番号");
    expect(line.querySelector(".place")!.textContent).toBe("世帯員の登録（世帯の画面）");
    expect(line.querySelector(".code")!.textContent).toBe("E2001");

    await fireEvent.click(line.querySelector(".requeue")!);
    await settle();
    expect($("#no-errors")).not.toBeNull();
    expect(app.notice).toContain("再送待ち");
    expect(cell("inquiry", "pending")).toBe("1");
    expect(cell("inquiry", "errors")).toBe("0");
  });

  it("puts an answer that does not match its request on the 確認リスト, to confirm with a note and print", async () => {
    await arrange();
    render(Exchange);
    await settle();
    const usb = folder();
    await exportInquiries(usb);
    // A result file written by hand to the documented format: the second answer names another
    // agency than the one asked.
    const data = readFileSync(join(usb, "MDG_INQUIRY_12270013_000001.dat"));
    const lines = data.toString("utf8").trimEnd().split("\n").slice(1, -1).map((l) => JSON.parse(l));
    const header = {
      record: "result_header", format: "MADOGUCHI-EXCHANGE", version: 1, channel: "inquiry", office: "12270013",
      batch_seq: 1, batch_sha256: createHash("sha256").update(data).digest("hex"), created_at: `${core.fixture.today}T10:00:00+09:00`,
    };
    const results = lines.map((l, i) => ({
      record: "result", no: l.no, event_id: l.event_id, revision: l.revision,
      outcome: { status: "no_data", agency: i === 1 ? "pension_insurer" : l.data.agency, answered_on: core.fixture.today },
    }));
    const body = [header, ...results].map((o) => JSON.stringify(o) + "\n").join("");
    const trailer = { record: "trailer", count: results.length, sha256: createHash("sha256").update(body).digest("hex") };
    const out = folder();
    writeFileSync(join(out, "MDG_INQUIRY_12270013_000001.result"), body + JSON.stringify(trailer) + "\n");
    await importFrom(out);
    expect($("#import-result")!.textContent).toContain("確認リスト 1 件");

    await fireEvent.click($("#exchange-tab-checks")!);
    await settle();
    const c = $("#exchange-checks tbody tr")!;
    expect(c.querySelector(".kind")!.textContent).toBe("照会結果が依頼と一致しない");
    expect(c.querySelector(".detail")!.textContent).toContain("「市町村」への照会に「年金保険者」から回答がありました");

    // Confirming needs a note: the core refuses without one.
    await fireEvent.click(c.querySelector(".review")!);
    await settle();
    expect(c.querySelector(".alert")!.textContent).toContain("確認した内容を入力してください");
    await fireEvent.input(c.querySelector(".note")!, { target: { value: "市町村に電話で確認した" } });
    await fireEvent.click(c.querySelector(".review")!);
    await settle();
    expect($("#no-checks")).not.toBeNull();
    await fireEvent.click($("#checks-all")!);
    await settle();
    expect($("#exchange-checks .reviewed")!.textContent).toContain("med");

    await fireEvent.click($("#checks-pdf")!);
    await settle();
    expect($("#checks-pdf-view")).not.toBeNull();
    expect(core.called("exchange_check_list_pdf").at(-1)!.params).toEqual({ open_only: false });
  });

  it("the 媒体管理簿 records export, import and erasure; erasure is offered once the result is in", async () => {
    await arrange();
    render(Exchange);
    await settle();
    const usb = folder();
    await exportInquiries(usb);
    expect($("#exchange-batches .erase")).toBeNull();
    const out = folder();
    sim(usb, out, "--date", core.fixture.today);
    await importFrom(out);
    await settle();
    const erase = $("#exchange-batches .erase")!;
    const confirm = fireEvent.click(erase);
    await settle();
    expect(app.confirm?.message).toContain("媒体（USB-01）から消去");
    app.confirm!.resolve(true);
    app.confirm = null;
    await confirm;
    await settle();
    expect(readdirSync(usb)).toEqual([]);
    expect(readdirSync(out)).toEqual([]);

    await fireEvent.click($("#exchange-tab-media")!);
    await settle();
    const actions = [...document.querySelectorAll("#media-register .action")].map((e) => e.textContent);
    expect(actions).toEqual(["消去", "結果取込", "出力"]);
    // The medical clerk sees the media but may not register one.
    expect($("#media-list [data-medium='USB-01']")).not.toBeNull();
    expect($("#medium-form")).toBeNull();
  });

  it("the administrator registers media; a read-only user sees only the counts", async () => {
    core = await freshApp("admin");
    render(Exchange);
    await settle();
    expect([...document.querySelectorAll(".tab")].map((t) => t.textContent)).toEqual(["媒体管理簿"]);
    await fireEvent.input($("#medium-id")!, { target: { value: "USB-07" } });
    await fireEvent.input($("#medium-label")!, { target: { value: "USBメモリ7号" } });
    await fireEvent.submit($("#medium-form")!);
    await settle();
    expect($("#media-list [data-medium='USB-07']")!.textContent).toContain("使用可");
    await fireEvent.input($("#medium-id")!, { target: { value: "USB 07/.." } });
    await fireEvent.input($("#medium-label")!, { target: { value: "x" } });
    await fireEvent.submit($("#medium-form")!);
    await settle();
    expect($("#medium_id-error")!.textContent).toContain("媒体ID"); // under the field (FieldErrors.test.ts)
  });
});
