import { fireEvent, render } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../lib/app.svelte";
import type { Core } from "../test/helpers";
import { freshApp, settle } from "../test/helpers";
import Home from "./Home.svelte";

let core: Core;
const box = () => document.getElementById("search-box") as HTMLInputElement;
const hits = () => [...document.querySelectorAll<HTMLElement>(".search-hit")];

async function type(text: string) {
  await fireEvent.input(box(), { target: { value: text } });
}
async function key(k: string, target: HTMLElement = box()) {
  await fireEvent.keyDown(target, { key: k });
  await settle();
}

describe("ホームの検索", () => {
  beforeEach(async () => {
    vi.useFakeTimers();
    core = await freshApp("sato");
  });
  afterEach(() => vi.useRealTimers());

  it("focuses the search box and shows today in 和暦", async () => {
    render(Home);
    await settle();
    expect(document.activeElement).toBe(box());
    expect(document.querySelector(".today")?.textContent).toBe(core.fixture.todayWareki);
  });

  it("searches as you type, once per pause, and shows only the last query", async () => {
    render(Home);
    await settle();
    await type("ヤ");
    await vi.advanceTimersByTimeAsync(60);
    await type("ヤマ");
    await vi.advanceTimersByTimeAsync(60);
    await type("ヤマダ");
    await vi.advanceTimersByTimeAsync(130);
    await settle();
    const searches = core.called("search");
    expect(searches.map((c) => c.params.query)).toEqual(["ヤマダ"]);
    expect(hits().map((h) => h.querySelector(".name")?.textContent)).toEqual(["山田 太郎"]);
  });

  it("ArrowDown moves the selection and Enter opens that household", async () => {
    render(Home);
    await settle();
    await type("ヤマ");
    await vi.advanceTimersByTimeAsync(130);
    await settle();
    const names = hits().map((h) => h.querySelector(".name")?.textContent ?? "");
    // Every ヤマ… person, in the core's order.
    expect([...names].sort()).toEqual(["山口 トメ", "山口 正", "山本 和夫", "山本 幸子", "山田 太郎"].sort());
    await key("ArrowDown");
    await key("ArrowDown");
    await key("ArrowDown");
    expect(hits()[2].classList.contains("selected")).toBe(true);
    await key("ArrowUp");
    await key("ArrowDown");
    await key("Enter");
    expect(app.route).toMatchObject({ name: "household", id: core.fixture.personHouseholds[names[2]] });
  });

  it("Enter on a focused result row opens it; a click opens too", async () => {
    const { unmount } = render(Home);
    await settle();
    await type("タナカ");
    await vi.advanceTimersByTimeAsync(130);
    await settle();
    hits()[1].focus();
    await key("Enter", hits()[1]);
    expect(app.route).toMatchObject({ name: "household", id: core.hid("2025-0002") });
    unmount();

    app.route = { name: "home" };
    render(Home);
    await settle();
    await type("コバヤシ");
    await vi.advanceTimersByTimeAsync(130);
    await settle();
    await fireEvent.click(hits()[0]);
    expect(app.route).toMatchObject({ name: "household", id: core.hid("2025-0003") });
  });

  it("Enter typed before the pause searches at once and opens the first hit", async () => {
    render(Home);
    await settle();
    await type("2022-0015");
    await key("Enter");
    await settle();
    expect(app.route).toMatchObject({ name: "household", id: core.hid("2022-0015") });
  });

  it("says 該当なし when nothing matches", async () => {
    const { getByText } = render(Home);
    await settle();
    await type("存在しない名前");
    await vi.advanceTimersByTimeAsync(130);
    await settle();
    expect(hits()).toHaveLength(0);
    expect(getByText(/該当なし/)).toBeTruthy();
  });
});

describe("ホームの中間サーバー連携", () => {
  it("shows per channel what waits and since when; the exchange screen only to those who carry media", async () => {
    core = await freshApp("sato");
    await core.call("inquiry_request", {
      person_id: core.pid("山本 和夫"), agency: "pension_insurer", information: "pension", procedure: "start", reason: "年金受給の確認",
    });
    render(Home);
    await settle();
    const row = (ch: string) => document.querySelector(`#home-exchange-status tr[data-channel="${ch}"]:not(.notes)`)!;
    expect(row("inquiry").querySelector(".pending")!.textContent).toBe("1");
    expect(row("inquiry").querySelector(".oldest")!.textContent).toContain("（0日）");
    expect(row("medical").querySelector(".pending")!.textContent).toBe("1"); // the seed's approved 医療扶助 開始 (山口 トメ): 資格情報の登録
    expect(row("medical").querySelector(".oldest")!.textContent).toContain("（0日）");
    // A caseworker asks; the medical clerk carries the medium.
    expect(document.getElementById("home-exchange-open")).toBeNull();
  });

  it("offers the medical clerk the way to the exchange screen", async () => {
    core = await freshApp("med");
    render(Home);
    await settle();
    expect(document.querySelector("#home-exchange-status")).not.toBeNull();
    await fireEvent.click(document.getElementById("home-exchange-open")!);
    expect(app.route).toEqual({ name: "exchange" });
  });
});
