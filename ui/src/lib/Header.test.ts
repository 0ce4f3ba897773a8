import { render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import Header from "./Header.svelte";
import type { SessionInfo } from "./types";

const session = (permissions: string[]): SessionInfo => ({
  user_id: "u",
  display_name: "佐藤 健",
  role: "caseworker",
  role_label: "地区担当員",
  must_change_password: false,
  permissions,
  idle_lock_minutes: 10,
});

const labels = () => [...document.querySelectorAll("nav .menu-item")].map((b) => b.textContent);

describe("ヘッダーのメニュー", () => {
  it("hides what the session may not use", () => {
    render(Header, { props: { session: session(["view_household"]), officeName: "みどり町福祉事務所", onaction: vi.fn() } });
    expect(labels()).toEqual(["ホーム", "事務所設定", "パスワード変更", "ロック", "ログアウト"]);
    expect(screen.queryByText("ユーザー管理")).toBeNull();
    expect(screen.queryByText("操作ログ")).toBeNull();
  });

  it("shows admin entries with their permissions", () => {
    render(Header, { props: { session: session(["manage_users", "view_audit"]), officeName: null, onaction: vi.fn() } });
    expect(labels()).toEqual(["ホーム", "ユーザー管理", "事務所設定", "操作ログ", "パスワード変更", "ロック", "ログアウト"]);
  });

  it("shows the user's name and role label", () => {
    render(Header, { props: { session: session([]), officeName: "みどり町福祉事務所", onaction: vi.fn() } });
    expect(screen.getByText("佐藤 健")).toBeTruthy();
    expect(screen.getByText("地区担当員")).toBeTruthy();
  });

  it("reports the chosen entry", async () => {
    const onaction = vi.fn();
    render(Header, { props: { session: session(["view_audit"]), officeName: null, onaction } });
    screen.getByText("操作ログ").click();
    expect(onaction).toHaveBeenCalledWith("audit");
  });
});
