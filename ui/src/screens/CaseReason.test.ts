// Another caseworker's household: the core says whose case it is and asks why it is opened; the
// dialog collects the reason, the core opens and logs it. On the real core (sato is the
// caseworker, 2024-0107 is suzuki's case, 2025-0003 is no one's).
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { app, navigate } from "../lib/app.svelte";
import { handleEscape } from "../lib/escape";
import type { AuditEntryView } from "../lib/types";
import type { Core } from "../test/helpers";
import { freshApp, giveCaseReason, settle } from "../test/helpers";
import Household from "./Household.svelte";

let core: Core;
const dialog = () => document.getElementById("case-access-dialog");

async function openAs(user: string, caseNumber: string) {
  core = await freshApp(user);
  navigate({ name: "household", id: core.hid(caseNumber) });
  render(Household, { props: { id: core.hid(caseNumber) } });
  await settle();
}

describe("他の担当者のケース", () => {
  beforeEach(() => openAs("sato", "2024-0107"));

  it("asks whose case it is and why, before anything of the household is read", () => {
    expect(dialog()).toBeTruthy();
    expect(document.getElementById("case-access-owner")!.textContent).toBe(
      "このケースの担当は 鈴木 由美 さんです。閲覧の理由を入力してください。",
    );
    expect(core.called("case_access")).toHaveLength(1);
    expect(core.called("open_household")).toHaveLength(0);
    expect(document.getElementById("household-case-number")).toBeNull();
    // the keyboard starts in the dialog, on the first reason
    expect(dialog()!.contains(document.activeElement)).toBe(true);
    expect((document.activeElement as HTMLInputElement).name).toBe("case-access-reason");
  });

  it("needs a reason chosen, and words for その他, then opens and logs the reason", async () => {
    const submit = () => fireEvent.submit(document.getElementById("case-access-submit")!.closest("form")!);
    await submit();
    await settle();
    expect(document.getElementById("case-access-reason-error")!.textContent).toContain("閲覧の理由を選んでください");
    await fireEvent.click(document.querySelector<HTMLInputElement>('input[name="case-access-reason"][value="other"]')!);
    await submit();
    await settle();
    // the core refuses その他 without words, under the list
    expect(document.getElementById("case-access-reason-error")!.textContent).toContain("閲覧の理由を入力してください");
    expect(core.called("open_household").every((c) => c.params.reason)).toBe(true);

    await giveCaseReason("absence", "鈴木さん出張中");
    expect(dialog()).toBeNull();
    expect(document.getElementById("household-case-number")!.textContent).toBe("2024-0107");
    const open = core.called("open_household").at(-1)!;
    expect(open.params.reason).toEqual({ kind: "absence", note: "鈴木さん出張中" });

    await core.call("login", { user_id: "suzuki", password: "midori-Demo-26" });
    const log = await core.call<AuditEntryView[]>("search_audit", { filter: { action: "household_open", user_id: "sato" } });
    expect(log[0].facts).toContainEqual({ item: "閲覧の理由", value: "担当者不在時の代理対応（鈴木さん出張中）" });
  });

  it("does not ask again in the same session (another tab, the recent list)", async () => {
    await giveCaseReason();
    cleanup();
    render(Household, { props: { id: core.hid("2024-0107") } });
    await settle();
    expect(dialog()).toBeNull();
    expect(document.getElementById("household-case-number")!.textContent).toBe("2024-0107");
  });

  it("キャンセル goes back without opening", async () => {
    await fireEvent.click(screen.getByRole("button", { name: /キャンセル/ }));
    await settle();
    expect(core.called("open_household")).toHaveLength(0);
    expect(app.route.name).toBe("home");
  });

  it("Esc (the app's key handler) closes the dialog first, going back without opening", async () => {
    expect(handleEscape()).toBe(true);
    await settle();
    expect(core.called("open_household")).toHaveLength(0);
    expect(app.route.name).toBe("home");
  });
});

describe("担当のケース・担当のいない世帯・査察指導員", () => {
  for (const [user, caseNumber] of [
    ["sato", "2025-0001"],
    ["sato", "2025-0003"],
    ["suzuki", "2025-0001"],
    ["kimura", "2025-0001"],
  ]) {
    it(`${user} opens ${caseNumber} without being asked`, async () => {
      await openAs(user, caseNumber);
      expect(dialog()).toBeNull();
      expect(document.getElementById("household-case-number")!.textContent).toBe(caseNumber);
    });
  }
});
