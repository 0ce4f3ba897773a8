import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import { app, navigate } from "./lib/app.svelte";
import { DEMO_PASSWORD, freshApp, giveCaseReason, settle, type Core } from "./test/helpers";
import { NEWBIE_PASSWORD } from "./test/seed";

let core: Core;
const shell = () => document.querySelector<HTMLElement>(".shell")!;

describe("アプリ全体", () => {
  beforeEach(async () => {
    vi.useFakeTimers();
    core = await freshApp("sato");
  });
  afterEach(() => vi.useRealTimers());

  it("locks after the idle time, hides the UI, and unlocks with the password", async () => {
    const minutes = app.session!.idle_lock_minutes;
    render(App);
    await settle();
    expect(document.getElementById("lock-screen")).toBeNull();
    await vi.advanceTimersByTimeAsync(minutes * 60_000 - 1000);
    await fireEvent.keyDown(window, { key: "Shift" }); // activity resets the countdown
    await vi.advanceTimersByTimeAsync(minutes * 60_000 - 1000);
    expect(document.getElementById("lock-screen")).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(document.getElementById("lock-screen")).not.toBeNull();
    expect(screen.getByText("席を離れたためロックしました")).toBeTruthy();
    expect(core.calls.some((c) => c.method === "lock")).toBe(true);
    // hidden, not merely covered
    expect(shell().hidden).toBe(true);
    expect(shell().hasAttribute("inert") || (shell() as HTMLElement & { inert?: boolean }).inert).toBe(true);

    await fireEvent.input(document.getElementById("unlock-password")!, { target: { value: "wrong" } });
    await fireEvent.click(document.getElementById("unlock-submit")!);
    await settle();
    expect(document.getElementById("lock-screen")).not.toBeNull();
    expect(screen.getByRole("alert").textContent).toContain("パスワード");

    await fireEvent.input(document.getElementById("unlock-password")!, { target: { value: DEMO_PASSWORD } });
    await fireEvent.click(document.getElementById("unlock-submit")!);
    await settle();
    expect(document.getElementById("lock-screen")).toBeNull();
    expect(shell().hidden).toBe(false);
  });

  it("after a window reload the core's session is picked up again", async () => {
    app.session = null;
    render(App);
    await settle();
    const restored = (): { user_id: string } | null => app.session;
    expect(restored()?.user_id).toBe("sato");
    expect(document.getElementById("search-box")).not.toBeNull();
  });

  it("the ロック menu entry locks at once", async () => {
    render(App);
    await settle();
    await fireEvent.click(screen.getByText("ロック"));
    await settle();
    expect(document.getElementById("lock-screen")).not.toBeNull();
    expect(shell().hidden).toBe(true);
  });

  it("a forced password change shows only the password screen", async () => {
    // newbie has a temporary password: the core demands the change first.
    core = await freshApp("newbie", NEWBIE_PASSWORD);
    expect(app.session?.must_change_password).toBe(true);
    render(App);
    await settle();
    expect(document.getElementById("new-password")).not.toBeNull();
    expect(document.getElementById("search-box")).toBeNull();
    expect(document.querySelector("nav")).toBeNull();

    await fireEvent.input(document.getElementById("current-password")!, { target: { value: NEWBIE_PASSWORD } });
    await fireEvent.input(document.getElementById("new-password")!, { target: { value: "kawa-Nagare-77" } });
    await fireEvent.input(document.getElementById("new-password-confirm")!, { target: { value: "kawa-Nagare-78" } });
    await fireEvent.click(document.getElementById("password-submit")!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("一致しません");
    expect(core.calls.some((c) => c.method === "change_password")).toBe(false);

    await fireEvent.input(document.getElementById("new-password-confirm")!, { target: { value: "kawa-Nagare-77" } });
    await fireEvent.click(document.getElementById("password-submit")!);
    await settle();
    expect(app.session?.must_change_password).toBe(false);
    expect(document.getElementById("search-box")).not.toBeNull();
  });

  it("Esc goes back from the household to home; Alt+H goes home", async () => {
    render(App);
    await settle();
    navigate({ name: "household", id: core.hid("2025-0001") });
    await settle();
    expect(document.getElementById("household-view")).not.toBeNull();
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(document.getElementById("household-view")).toBeNull();
    expect(document.getElementById("search-box")).not.toBeNull();

    navigate({ name: "office" });
    await settle();
    await fireEvent.keyDown(window, { key: "h", altKey: true });
    await settle();
    expect(app.route.name).toBe("home");
  });

  it("Esc back from a household found by a search shows that search and its results again (issue 9)", async () => {
    render(App);
    await settle();
    const box = () => document.getElementById("search-box") as HTMLInputElement;
    const names = () => [...document.querySelectorAll(".search-hit .name")].map((n) => n.textContent);
    await fireEvent.input(box(), { target: { value: "ヤマ" } });
    await vi.advanceTimersByTimeAsync(130);
    await settle();
    const found = names();
    expect(found.length).toBeGreaterThan(1);
    await fireEvent.keyDown(box(), { key: "ArrowDown" });
    await fireEvent.keyDown(box(), { key: "ArrowDown" });
    await fireEvent.keyDown(box(), { key: "Enter" });
    await settle();
    expect(document.getElementById("household-view")).not.toBeNull();
    const searches = core.called("search").length;

    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(box().value).toBe("ヤマ");
    expect(names()).toEqual(found);
    expect(document.querySelector(".search-hit.selected .name")?.textContent).toBe(found[1]);
    expect(core.called("search")).toHaveLength(searches); // shown again, not searched again

    // Esc on home clears it; logging out forgets it
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(box().value).toBe("");
    expect(app.lastSearch).toBeNull();
  });

  it("Esc on a changed form asks before throwing the input away", async () => {
    render(App);
    await settle();
    navigate({ name: "household", id: core.hid("2025-0001") });
    await settle();
    await fireEvent.click(screen.getByText("世帯を編集"));
    await settle();
    await fireEvent.input(document.getElementById("hh-phone")!, { target: { value: "03-9999-9999" } });
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(screen.getByRole("alertdialog")).toBeTruthy();
    await fireEvent.keyDown(window, { key: "Escape" }); // いいえ: stay on the form
    await settle();
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(app.route.name).toBe("household-form");
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    await fireEvent.click(screen.getByText("破棄して戻る"));
    await settle();
    expect(app.route.name).toBe("household");
    // back on the household without opening it again (which would be logged twice)
    expect(core.called("open_household")).toHaveLength(1);
  });

  it("saving a member goes back to the household with the new data", async () => {
    render(App);
    await settle();
    const hid = core.hid("2024-0107");
    navigate({ name: "household", id: hid });
    await settle();
    await giveCaseReason(); // suzuki's case: sato says why, and may then edit it
    await fireEvent.click(screen.getByText("世帯員を追加"));
    await settle();
    await fireEvent.input(document.getElementById("m-name")!, { target: { value: "山田 花子" } });
    await fireEvent.input(document.getElementById("m-kana")!, { target: { value: "ヤマダ ハナコ" } });
    await fireEvent.input(document.getElementById("m-relationship")!, { target: { value: "子" } });
    await fireEvent.input(document.getElementById("m-birth")!, { target: { value: "R2.4.1" } });
    await fireEvent.blur(document.getElementById("m-birth")!);
    await settle();
    expect(screen.getByText("令和2年4月1日")).toBeTruthy();
    await fireEvent.input(document.getElementById("m-mynumber")!, { target: { value: "123456789012" } });
    await fireEvent.submit(document.getElementById("m-name")!.closest("form")!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("個人番号");
    await fireEvent.input(document.getElementById("m-mynumber")!, { target: { value: "" } });
    await fireEvent.submit(document.getElementById("m-name")!.closest("form")!);
    await settle();
    expect(app.route).toMatchObject({ name: "household", id: hid });
    expect(screen.getByText("山田 花子")).toBeTruthy();
    const added = core.calls.find((c) => c.method === "add_member")!;
    expect((added.params.input as { birth_date: string }).birth_date).toBe("2020-04-01");
  });
});
