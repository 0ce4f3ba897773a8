import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../lib/app.svelte";
import type { RetentionView } from "../lib/types";
import type { Core } from "../test/helpers";
import { DEMO_PASSWORD, freshApp, giveCaseReason, settle } from "../test/helpers";
import Household, { REVEAL_MS } from "./Household.svelte";

let core: Core;
const yamamoto = () => core.hid("2025-0001");
const headId = () => core.pid("山本 和夫");
const numberCell = () => screen.getByTestId(`my-number-${headId()}`);

describe("世帯画面", () => {
  afterEach(() => vi.useRealTimers());

  describe("個人番号の表示（権限あり: 地区担当員）", () => {
    beforeEach(async () => {
      vi.useFakeTimers();
      core = await freshApp("sato");
      render(Household, { props: { id: yamamoto() } });
      await settle();
    });

    it("shows the case number and members", () => {
      expect(document.getElementById("household-view")).toBeTruthy();
      expect(document.getElementById("household-case-number")?.textContent).toBe("2025-0001");
      expect(screen.getByText("山本 幸子")).toBeTruthy();
      expect(numberCell().textContent).toBe("****-****-9018");
    });

    /** 表示, then the purpose dialog: a purpose chosen (and words for その他), 表示する. */
    async function reveal(kind: string, note = "") {
      await fireEvent.click(numberCell().closest("tr")!.querySelector("button.reveal")!);
      await settle();
      await fireEvent.click(document.querySelector<HTMLInputElement>(`input[name="reveal-purpose"][value="${kind}"]`)!);
      if (note) await fireEvent.input(document.getElementById("reveal-note")!, { target: { value: note } });
      await fireEvent.submit(document.getElementById("reveal-submit")!.closest("form")!);
      await settle();
    }

    it("asks why before showing the number; その他 needs words; the purpose goes to the core", async () => {
      await fireEvent.click(numberCell().closest("tr")!.querySelector("button.reveal")!);
      await settle();
      const labels = [...document.querySelectorAll("#reveal-purposes label")].map((l) => l.textContent!.trim());
      expect(labels).toContain("本人確認（番号確認）");
      expect(labels).toContain("その他");
      await fireEvent.submit(document.getElementById("reveal-submit")!.closest("form")!);
      await settle();
      expect(document.getElementById("reveal-purpose-error")!.textContent).toContain("表示の目的を選んでください");
      await fireEvent.click(document.querySelector<HTMLInputElement>('input[name="reveal-purpose"][value="other"]')!);
      await fireEvent.submit(document.getElementById("reveal-submit")!.closest("form")!);
      await settle();
      expect(document.getElementById("reveal-purpose-error")!.textContent).toContain("表示の目的を入力してください");
      expect(numberCell().textContent).toBe("****-****-9018");
      await fireEvent.input(document.getElementById("reveal-note")!, { target: { value: "年金事務所からの照会" } });
      await fireEvent.submit(document.getElementById("reveal-submit")!.closest("form")!);
      await settle();
      const sent = core.calls.filter((c) => c.method === "reveal_my_number").at(-1)!;
      expect(sent.params).toEqual({ person_id: headId(), purpose: { kind: "other", note: "年金事務所からの照会" } });
      expect(numberCell().textContent).toBe("1234-5678-9018");
      expect(document.getElementById("reveal-dialog")).toBeNull();
    });

    it("reveals the number on 表示 and masks it again after 30 seconds", async () => {
      expect(REVEAL_MS).toBe(30_000);
      await reveal("identity");
      expect(core.calls.some((c) => c.method === "reveal_my_number" && c.params.person_id === headId())).toBe(true);
      expect(numberCell().textContent).toBe("1234-5678-9018");
      await vi.advanceTimersByTimeAsync(29_000);
      expect(numberCell().textContent).toBe("1234-5678-9018");
      await vi.advanceTimersByTimeAsync(1_000);
      await settle();
      expect(numberCell().textContent).toBe("****-****-9018");
    });

    it("masks at once when the screen locks", async () => {
      await reveal("verify");
      expect(numberCell().textContent).toBe("1234-5678-9018");
      app.locked = true;
      await settle();
      expect(numberCell().textContent).toBe("****-****-9018");
    });
  });

  it("offers no 表示 button without the reveal_my_number permission (the administrator runs the system, not cases)", async () => {
    core = await freshApp("admin");
    expect(app.session?.permissions).not.toContain("reveal_my_number");
    render(Household, { props: { id: yamamoto() } });
    await settle();
    await giveCaseReason(); // sato's case
    expect(numberCell().textContent).toBe("****-****-9018");
    expect(document.querySelector("button.reveal")).toBeNull();
    expect(document.getElementById("change-status")).toBeNull();
  });

  it("says it is read-only for a role that may read but not change (閲覧のみ)", async () => {
    core = await freshApp("kato");
    render(Household, { props: { id: yamamoto() } });
    await settle();
    await giveCaseReason(); // sato's case
    expect(document.getElementById("household-read-only")!.textContent).toContain("閲覧のみです");
    expect(document.getElementById("household-read-only")!.textContent).toContain("世帯・世帯員の登録・修正");
  });

  it("does not say so to a caseworker", async () => {
    core = await freshApp("sato");
    render(Household, { props: { id: yamamoto() } });
    await settle();
    expect(document.getElementById("household-read-only")).toBeNull();
  });

  it("shows the DV badge and the 死亡日", async () => {
    core = await freshApp("sato");
    render(Household, { props: { id: core.hid("2025-0002") } });
    await settle();
    expect(screen.getByText("DV等支援措置")).toBeTruthy();
  });
});

describe("保存指定（訴訟ホールド）を世帯画面から", () => {
  const $ = (id: string) => document.getElementById(id)!;

  it("the administrator holds the household with a reason (a blank one is refused) and lifts it after asking", async () => {
    core = await freshApp("admin");
    render(Household, { props: { id: yamamoto() } });
    await settle();
    await giveCaseReason(); // sato's case
    expect(document.getElementById("legal-hold-badge")).toBeNull();
    await fireEvent.submit($("legal-hold-form"));
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("理由");
    expect((await core.call<RetentionView>("retention_view")).holds).toHaveLength(0);

    await fireEvent.input($("legal-hold-reason"), { target: { value: "審査請求中（見本）" } });
    await fireEvent.submit($("legal-hold-form"));
    await settle();
    expect($("legal-hold-badge").textContent).toContain("審査請求中（見本）");
    const held = (await core.call<RetentionView>("retention_view")).holds;
    expect(held.map((h) => h.household_id)).toEqual([yamamoto()]);

    await fireEvent.click($("legal-hold-lift"));
    await settle();
    // The app's confirmation (App.svelte shows it): asked before lifting, with the consequence.
    expect(app.confirm?.message).toContain("削除の対象");
    app.confirm!.resolve(true);
    app.confirm = null;
    await settle();
    expect(document.getElementById("legal-hold-badge")).toBeNull();
    expect((await core.call<RetentionView>("retention_view")).holds).toHaveLength(0);
  });

  it("a caseworker sees the hold but cannot set or lift it (the core's actions say so)", async () => {
    core = await freshApp("admin");
    await core.call("household_legal_hold", { household_id: yamamoto(), reason: "訴訟のため" });
    await core.call("logout");
    app.session = await core.call("login", { user_id: "sato", password: DEMO_PASSWORD });
    render(Household, { props: { id: yamamoto() } });
    await settle();
    expect($("legal-hold-badge").textContent).toContain("訴訟のため");
    expect(document.getElementById("legal-hold-form")).toBeNull();
    expect(document.getElementById("legal-hold-lift")).toBeNull();
  });
});

describe("申請の登録のあと（issue 9）", () => {
  it("the header says 申請中 and 決定を起案 proposes 開始, as the core's view says", async () => {
    core = await freshApp("sato");
    const v = await core.call<{ household: { id: number } }>("create_household", {
      input: { case_number: "2025-0901", postal_code: null, address: "東京都みどり町西1-1", phone: null, caseworker_id: "sato" },
    });
    render(Household, { props: { id: v.household.id } });
    await settle();
    const badge = () => document.querySelector("#household-view .title-row")!.textContent!;
    expect(badge()).toContain("相談中");
    await fireEvent.click(document.getElementById("tab-application")!);
    await settle();
    await fireEvent.input(document.getElementById("app-received")!, { target: { value: core.fixture.today } });
    await fireEvent.submit(document.getElementById("app-received")!.closest("form")!);
    await settle(10);
    expect(badge()).toContain("申請中");
    expect(badge()).not.toContain("相談中");

    await fireEvent.click(document.getElementById("tab-decisions")!);
    await settle();
    await fireEvent.click(document.getElementById("decision-draft-open")!);
    await settle();
    expect(document.querySelector<HTMLInputElement>('input[name="decision-kind"]:checked')!.value).toBe("start");
    // only the kinds the core allows for a 申請中 household are offered
    expect([...document.querySelectorAll<HTMLInputElement>('input[name="decision-kind"]')].map((r) => r.value)).toEqual(["start", "reject"]);
  });
});

describe("世帯画面を開いたとき（issue 9）", () => {
  it("takes the keyboard focus without scrolling the menu away, and only on arrival", async () => {
    core = await freshApp("sato");
    const focus = vi.spyOn(HTMLElement.prototype, "focus");
    render(Household, { props: { id: yamamoto() } });
    await settle();
    const onRoot = () => focus.mock.contexts.filter((el) => (el as HTMLElement).id === "household-view");
    expect(onRoot()).toHaveLength(1);
    const i = focus.mock.contexts.findIndex((el) => (el as HTMLElement).id === "household-view");
    expect(focus.mock.calls[i][0]).toEqual({ preventScroll: true });
    focus.mockRestore();
  });
});
