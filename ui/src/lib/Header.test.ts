import { render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { app } from "./app.svelte";
import Header from "./Header.svelte";
import { freshApp } from "../test/helpers";

const labels = () => [...document.querySelectorAll("nav .menu-item")].map((b) => b.textContent);

// The menu is the core's (SessionInfo.menu): each role logs in for real.
describe("ヘッダーのメニュー", () => {
  it("hides what a read-only session may not use", async () => {
    await freshApp("kato");
    render(Header, { props: { session: app.session!, officeName: "みどり町福祉事務所", onaction: vi.fn() } });
    expect(labels()).toEqual(["ホーム", "事務所設定", "パスワード変更", "ロック", "ログアウト"]);
    expect(screen.queryByText("ユーザー管理")).toBeNull();
    expect(screen.queryByText("操作ログ")).toBeNull();
  });

  it("shows the administrator's entries", async () => {
    await freshApp("admin");
    render(Header, { props: { session: app.session!, officeName: null, onaction: vi.fn() } });
    expect(labels()).toEqual(["ホーム", "中間サーバー連携", "ユーザー管理", "事務所設定", "操作ログ", "基準額表", "運用管理", "パスワード変更", "ロック", "ログアウト"]);
  });

  it("shows 承認待ち to drafters, reviewers and approvers, 一括認定 and 印刷 to caseworkers", async () => {
    await freshApp("sato");
    render(Header, { props: { session: app.session!, officeName: null, onaction: vi.fn() } });
    expect(labels()).toEqual(["ホーム", "承認待ち", "一括認定", "印刷", "医療扶助", "介護扶助", "事務所設定", "パスワード変更", "ロック", "ログアウト"]);
  });

  it("shows 中間サーバー連携 to the few who carry media", async () => {
    await freshApp("med");
    render(Header, { props: { session: app.session!, officeName: null, onaction: vi.fn() } });
    expect(labels()).toEqual(["ホーム", "印刷", "医療扶助", "介護扶助", "中間サーバー連携", "事務所設定", "パスワード変更", "ロック", "ログアウト"]);
  });

  it("shows the user's name and role label, and reports the chosen entry", async () => {
    await freshApp("suzuki");
    const onaction = vi.fn();
    render(Header, { props: { session: app.session!, officeName: "みどり町福祉事務所", onaction } });
    expect(screen.getByText("鈴木 由美")).toBeTruthy();
    expect(screen.getByText("査察指導員")).toBeTruthy();
    screen.getByText("操作ログ").click();
    expect(onaction).toHaveBeenCalledWith("audit");
  });
});
