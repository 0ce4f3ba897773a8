import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../lib/app.svelte";
import type { Core } from "../test/helpers";
import { freshApp, settle } from "../test/helpers";
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

    it("reveals the number on 表示 and masks it again after 30 seconds", async () => {
      expect(REVEAL_MS).toBe(30_000);
      const row = numberCell().closest("tr")!;
      await fireEvent.click(row.querySelector("button.reveal")!);
      await settle();
      expect(core.calls.some((c) => c.method === "reveal_my_number" && c.params.person_id === headId())).toBe(true);
      expect(numberCell().textContent).toBe("1234-5678-9018");
      await vi.advanceTimersByTimeAsync(29_000);
      expect(numberCell().textContent).toBe("1234-5678-9018");
      await vi.advanceTimersByTimeAsync(1_000);
      await settle();
      expect(numberCell().textContent).toBe("****-****-9018");
    });

    it("masks at once when the screen locks", async () => {
      await fireEvent.click(numberCell().closest("tr")!.querySelector("button.reveal")!);
      await settle();
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
    expect(numberCell().textContent).toBe("****-****-9018");
    expect(document.querySelector("button.reveal")).toBeNull();
    expect(document.getElementById("change-status")).toBeNull();
  });

  it("says it is read-only for a role that may read but not change (閲覧のみ)", async () => {
    core = await freshApp("kato");
    render(Household, { props: { id: yamamoto() } });
    await settle();
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
