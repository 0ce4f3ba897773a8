import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../App.svelte";
import { navigate } from "../lib/app.svelte";
import type { Core } from "../test/helpers";
import { freshApp, settle } from "../test/helpers";

let core: Core;
const row = (id: string) => [...document.querySelectorAll("#users-table tbody tr")].find((tr) => tr.textContent?.includes(id))!;
const button = (tr: Element, label: string) => [...tr.querySelectorAll("button")].find((b) => b.textContent === label)!;

describe("ユーザー管理", () => {
  beforeEach(async () => {
    core = await freshApp("admin");
    render(App);
    await settle();
    navigate({ name: "users" });
    await settle();
  });

  it("lists users with their state and shows the permission matrix", () => {
    expect(row("newbie").textContent).toContain("はい"); // 初回変更待ち
    expect(row("sato").textContent).toContain("有効");
    expect(document.querySelectorAll("#permission-matrix tbody tr").length).toBeGreaterThan(3);
  });

  it("disabling asks first; enabling asks for a temporary password and sends it", async () => {
    await fireEvent.click(button(row("sato"), "無効化"));
    await settle();
    await fireEvent.click(screen.getByText("無効にする"));
    await settle();
    const users = async () => (await core.call<{ user_id: string; disabled: boolean }[]>("list_users"));
    expect((await users()).find((u) => u.user_id === "sato")!.disabled).toBe(true);
    expect(row("sato").textContent).toContain("無効");

    await fireEvent.click(button(row("sato"), "有効化"));
    await settle();
    await fireEvent.input(document.getElementById("reset-pw")!, { target: { value: "hikari-Kaze-58" } });
    await fireEvent.submit(document.getElementById("reset-pw")!.closest("form")!);
    await settle();
    const call = core.calls.find((c) => c.method === "set_user_disabled" && c.params.disabled === false)!;
    expect(call.params.temporary_password).toBe("hikari-Kaze-58");
    expect((await users()).find((u) => u.user_id === "sato")!.disabled).toBe(false);
    expect(row("sato").textContent).toContain("はい"); // must change at next login
  });

  it("offers on each row exactly what the core's view allows: no 無効化 of oneself, no 再設定 of a disabled account", async () => {
    const list = await core.call<{ user_id: string; actions: string[] }[]>("list_users");
    const LABELS: Record<string, string> = { reset_password: "パスワード再設定", disable: "無効化", enable: "有効化" };
    for (const u of list) {
      const shown = [...row(u.user_id).querySelectorAll("button")].map((b) => b.textContent);
      for (const [action, label] of Object.entries(LABELS)) expect(shown.includes(label), `${u.user_id} ${label}`).toBe(u.actions.includes(action));
    }
    expect(list.find((u) => u.user_id === "admin")!.actions).not.toContain("disable");
    expect(button(row("admin"), "無効化")).toBeUndefined();
  });

  it("adds a user; the core's rule message is shown when the password is weak", async () => {
    await fireEvent.click(screen.getByText("追加"));
    await settle();
    await fireEvent.input(document.getElementById("nu-id")!, { target: { value: "ito" } });
    await fireEvent.input(document.getElementById("nu-name")!, { target: { value: "伊藤 光" } });
    await fireEvent.input(document.getElementById("nu-pw")!, { target: { value: "abcd" } });
    await fireEvent.submit(document.getElementById("nu-id")!.closest("form")!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("10文字以上");
    await fireEvent.input(document.getElementById("nu-pw")!, { target: { value: "sora-Umi-2931" } });
    await fireEvent.submit(document.getElementById("nu-id")!.closest("form")!);
    await settle();
    expect(row("ito").textContent).toContain("伊藤 光");
  });
  it("changes a name and a role (audited old → new); one's own role is refused by the core, under 役割", async () => {
    await fireEvent.click(button(row("sato"), "氏名・役割の変更"));
    await settle();
    await fireEvent.input(document.getElementById("edit-name")!, { target: { value: "佐藤 健一" } });
    await fireEvent.change(document.getElementById("edit-role")!, { target: { value: "supervisor" } });
    await fireEvent.submit(document.getElementById("edit-name")!.closest("form")!);
    await settle(10);
    const users = await core.call<{ user_id: string; display_name: string; role: string }[]>("list_users");
    expect(users.find((u) => u.user_id === "sato")).toMatchObject({ display_name: "佐藤 健一", role: "supervisor" });
    expect(row("sato").textContent).toContain("佐藤 健一");
    expect(row("sato").textContent).toContain("査察指導員");
    expect(document.getElementById("edit-name")).toBeNull();
    const log = await core.call<{ changes: { item: string; old: string; new: string }[] }[]>("search_audit", {
      filter: { user_id: null, person: null, action: "user_update", from: null, to: null, limit: 5 },
    });
    expect(log[0].changes).toEqual([
      { item: "氏名", old: "佐藤 健", new: "佐藤 健一" },
      { item: "役割", old: "地区担当員", new: "査察指導員" },
    ]);

    await fireEvent.click(button(row("admin"), "氏名・役割の変更"));
    await settle();
    await fireEvent.change(document.getElementById("edit-role")!, { target: { value: "caseworker" } });
    await fireEvent.submit(document.getElementById("edit-name")!.closest("form")!);
    await settle(10);
    expect(document.getElementById("edit-role")!.closest(".field")!.querySelector(".field-error")!.textContent).toContain("自分自身の役割は変更できません");
  });
});
