import { fireEvent, render, screen } from "@testing-library/svelte";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../App.svelte";
import { navigate } from "../lib/app.svelte";
import type { OperationsSettings, RetentionView } from "../lib/types";
import type { Core } from "../test/helpers";
import { DEMO_PASSWORD, freshApp, settle } from "../test/helpers";

let core: Core;
const $ = (id: string) => document.getElementById(id)!;
const input = (id: string, value: string) => fireEvent.input($(id), { target: { value } });
const ruleRow = (type: string) => document.querySelector(`#retention-rules tr[data-type="${type}"]`)!;

describe("運用管理（バックアップ・保存期間）", () => {
  beforeEach(async () => {
    core = await freshApp("admin");
    render(App);
    await settle();
    navigate({ name: "operations" });
    await settle();
  });

  it("is on the administrator's menu and nowhere else", async () => {
    expect(document.getElementById("operations-screen")).not.toBeNull();
    expect([...document.querySelectorAll("nav .menu-item")].some((b) => b.textContent === "運用管理")).toBe(true);
    core = await freshApp("suzuki");
    render(App);
    await settle();
    expect(document.querySelectorAll("nav").length).toBeGreaterThan(0);
    expect([...document.querySelectorAll("nav .menu-item")].some((b) => b.textContent === "運用管理")).toBe(false);
  });

  it("backs up now into the configured folder, after saying a folder is needed", async () => {
    await fireEvent.click($("backup-now"));
    await settle();
    expect($("backup-error").textContent).toContain("フォルダ");
    expect(core.called("backup_now")).toHaveLength(1);

    // The medium is not plugged in: the core's Japanese reason, and no folder made on this disk.
    const mount = mkdtempSync(join(tmpdir(), "madoguchi-ui-no-medium-"));
    const missing = join(mount, "madoguchi");
    await input("ops-backup-dir", missing);
    await fireEvent.submit($("ops-settings"));
    await settle();
    await fireEvent.click($("backup-now"));
    await settle();
    expect($("backup-error").textContent).toContain(`${missing} が見つかりません`);
    expect($("backup-error").textContent).not.toContain("No such file");
    expect(existsSync(missing)).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), "madoguchi-ui-backup-"));
    await input("ops-backup-dir", dir);
    await input("ops-backup-keep", "3");
    await fireEvent.submit($("ops-settings"));
    await settle();
    const s = await core.call<OperationsSettings>("operations_settings");
    expect(s.backup_dir).toBe(dir);
    expect(s.backup_keep).toBe(3);

    await fireEvent.click($("backup-now"));
    await settle();
    expect(document.getElementById("backup-error")).toBeNull();
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect($("backup-result").textContent).toContain(files[0]);
    expect(existsSync(join(dir, files[0]))).toBe(true);
  });

  it("restores a checked backup into a new place only, after asking; the wrong password is the core's message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "madoguchi-ui-restore-"));
    await input("ops-backup-dir", dir);
    await fireEvent.submit($("ops-settings"));
    await settle();
    await fireEvent.click($("backup-now"));
    await settle();
    const rows = () => [...document.querySelectorAll<HTMLTableRowElement>("#restore-files tbody tr")];
    expect(rows()).toHaveLength(1);
    expect(rows()[0].textContent).toContain(readdirSync(dir)[0]);
    await fireEvent.click(rows()[0].querySelector("input[type=radio]")!);

    await input("restore-password", "wrong-password-1");
    await fireEvent.click($("restore-verify"));
    await settle();
    expect($("restore-error").textContent).not.toBe("");

    await input("restore-password", DEMO_PASSWORD);
    await fireEvent.click($("restore-verify"));
    await settle();
    expect($("restore-result").textContent).toContain("問題ありません");

    const to = join(mkdtempSync(join(tmpdir(), "madoguchi-ui-restored-")), "restored.db");
    await input("restore-to", to);
    await fireEvent.click($("restore-run"));
    await settle();
    expect(screen.getByText("復元する")).toBeTruthy();
    await fireEvent.click(screen.getByText("復元する"));
    await settle();
    expect(existsSync(to)).toBe(true);
    expect($("restore-result").textContent).toContain(to);
    const log = await core.call<{ action: string }[]>("search_audit", { filter: { action: "restore" } });
    expect(log).toHaveLength(1);

    // The same place again: the core refuses (a restore never writes over anything).
    await fireEvent.click($("restore-run"));
    await settle();
    await fireEvent.click(screen.getByText("復元する"));
    await settle();
    expect($("restore-error").textContent).toContain("既に");
  });

  it("a setting out of range shows the core's message and changes nothing", async () => {
    await input("ops-backup-keep", "0");
    await fireEvent.submit($("ops-settings"));
    await settle();
    expect(screen.getByRole("alert").textContent).not.toBe("");
    expect((await core.call<OperationsSettings>("operations_settings")).backup_keep).not.toBe(0);
  });

  it("edits a rule with the core's choices; the core's label follows", async () => {
    const years = ruleRow("case_record").querySelector("select")! as HTMLSelectElement;
    const choices = [...years.options].map((o) => o.textContent);
    expect(choices).toEqual(["永久", "10年", "5年", "3年", "1年"]);
    years.value = "10";
    await fireEvent.change(years);
    await settle();
    const v = await core.call<RetentionView>("retention_view");
    expect(v.rules.find((r) => r.rule.record_type === "case_record")!.rule.years).toBe(10);
    expect(ruleRow("case_record").querySelector(".rule-label")!.textContent).toContain("10年");
  });

  it("holds a case by its number with a reason, refuses an unknown number, and lifts a hold after asking", async () => {
    await input("hold-case", "9999-9999");
    await input("hold-reason", "監査");
    await fireEvent.submit($("hold-case").closest("form")!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("9999-9999");

    await input("hold-case", "2022-0015");
    await input("hold-reason", "");
    await fireEvent.submit($("hold-case").closest("form")!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("理由");
    expect((await core.call<RetentionView>("retention_view")).holds).toHaveLength(0);

    await input("hold-reason", "訴訟のため");
    await fireEvent.submit($("hold-case").closest("form")!);
    await settle();
    expect($("retention-holds").textContent).toContain("2022-0015");
    expect($("retention-holds").textContent).toContain("訴訟のため");
    const held = (await core.call<RetentionView>("retention_view")).holds;
    expect(held.map((h) => h.household_id)).toEqual([core.hid("2022-0015")]);

    await fireEvent.click(screen.getByText("解除"));
    await settle();
    await fireEvent.click(screen.getByText("解除する"));
    await settle();
    expect((await core.call<RetentionView>("retention_view")).holds).toHaveLength(0);
    expect(document.getElementById("retention-holds")).toBeNull();
  });

  it("shows that nothing is due today (the seed's cases are recent)", () => {
    expect($("retention-plan-empty").textContent).toContain("ありません");
    expect(document.getElementById("retention-run")).toBeNull();
  });
});
