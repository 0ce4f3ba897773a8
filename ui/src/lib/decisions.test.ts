import { describe, expect, it } from "vitest";
import { daysLeft, daysLeftLabel, deadlineOf, decisionActions, formatChange, formatYen, housingAreaChoices, parseYen, rateSetOn, urgency } from "./decisions";
import type { RateSetSummary } from "./types";

describe("決定期限（法24条）", () => {
  it("is 14 days after receipt, 30 when extended (初日不算入)", () => {
    expect(deadlineOf("2025-04-01", false)).toBe("2025-04-15");
    expect(deadlineOf("2025-04-01", true)).toBe("2025-05-01");
    // across a month and a year end, and a leap day
    expect(deadlineOf("2025-12-25", false)).toBe("2026-01-08");
    expect(deadlineOf("2028-02-20", false)).toBe("2028-03-05");
    expect(deadlineOf("2028-02-01", true)).toBe("2028-03-02");
  });

  it("counts days left from today; negative is overdue", () => {
    const d = deadlineOf("2025-05-24", false); // 2025-06-07
    expect(daysLeft(d, "2025-06-02")).toBe(5);
    expect(daysLeft(d, "2025-06-07")).toBe(0);
    expect(daysLeft(d, "2025-06-09")).toBe(-2);
    // a DST-free calculation (UTC dates): no off-by-one around March
    expect(daysLeft("2025-03-31", "2025-03-01")).toBe(30);
  });

  it("labels and classifies like the home screen lists (期限間近 = within 3 days)", () => {
    expect(daysLeftLabel(5)).toBe("あと5日");
    expect(daysLeftLabel(0)).toBe("今日が期限");
    expect(daysLeftLabel(-2)).toBe("2日超過");
    expect(urgency(4)).toBe("ok");
    expect(urgency(3)).toBe("soon");
    expect(urgency(0)).toBe("soon");
    expect(urgency(-1)).toBe("overdue");
  });
});

describe("金額（円）", () => {
  it("reads integers with separators and full-width digits", () => {
    expect(parseYen("12,000")).toEqual({ ok: true, value: 12000 });
    expect(parseYen("１２，０００円")).toEqual({ ok: true, value: 12000 });
    expect(parseYen(" 850 ")).toEqual({ ok: true, value: 850 });
    expect(parseYen("")).toEqual({ ok: true, value: 0 });
  });

  it("refuses decimals, negatives and text", () => {
    expect(parseYen("12.5").ok).toBe(false);
    expect(parseYen("-300").ok).toBe(false);
    expect(parseYen("1万").ok).toBe(false);
    expect(parseYen("abc").ok).toBe(false);
  });

  it("formats with thousands separators", () => {
    expect(formatYen(1234567)).toBe("1,234,567");
    expect(formatYen(0)).toBe("0");
    expect(formatYen(null)).toBe("—");
    expect(formatChange(1200)).toBe("+1,200");
    expect(formatChange(-3000)).toBe("−3,000");
    expect(formatChange(0)).toBe("±0");
  });
});

describe("決定の処理（誰に何ができるか）", () => {
  const caseworker = { user_id: "sato", permissions: ["view_household", "draft_decision"] };
  const supervisor = { user_id: "suzuki", permissions: ["view_household", "draft_decision", "review_decision"] };
  const approver = { user_id: "kimura", permissions: ["view_household", "approve_decision"] };
  const draft = { state: "draft" as const, drafted_by: "sato", reviewed_by: null };
  const reviewed = { state: "reviewed" as const, drafted_by: "sato", reviewed_by: "suzuki" };
  const returned = { state: "returned" as const, drafted_by: "sato", reviewed_by: null };
  const approved = { state: "approved" as const, drafted_by: "sato", reviewed_by: "suzuki" };

  it("the drafter cannot review or return their own draft, but may correct it", () => {
    expect(decisionActions(caseworker, draft)).toEqual(["redraft"]);
    const ownBySupervisor = { ...draft, drafted_by: "suzuki" };
    expect(decisionActions(supervisor, ownBySupervisor)).toEqual(["redraft"]);
  });

  it("a reviewer reviews or returns someone else's draft", () => {
    expect(decisionActions(supervisor, draft)).toEqual(["review", "return"]);
    expect(decisionActions(supervisor, reviewed)).toEqual([]);
  });

  it("an approver approves or returns a reviewed decision, unless they drafted or reviewed it", () => {
    expect(decisionActions(approver, reviewed)).toEqual(["approve", "return"]);
    expect(decisionActions(approver, draft)).toEqual([]);
    expect(decisionActions(approver, { ...reviewed, reviewed_by: "kimura" })).toEqual(["return"]);
    expect(decisionActions(approver, { ...reviewed, drafted_by: "kimura" })).toEqual([]);
  });

  it("a returned decision goes back to its drafter only; an approved one is closed", () => {
    expect(decisionActions(caseworker, returned)).toEqual(["redraft"]);
    expect(decisionActions({ ...caseworker, user_id: "tanaka" }, returned)).toEqual([]);
    expect(decisionActions(supervisor, returned)).toEqual([]);
    for (const s of [caseworker, supervisor, approver]) expect(decisionActions(s, approved)).toEqual([]);
    expect(decisionActions(null, draft)).toEqual([]);
  });
});

import { visibleMenu } from "./permissions";

describe("メニュー", () => {
  const actions = (perms: string[]) => visibleMenu(perms).map((m) => m.action);
  it("shows 承認待ち to drafters, reviewers and approvers; 一括認定 to drafters; 基準額表 to rate managers", () => {
    expect(actions(["view_household"])).not.toContain("inbox");
    expect(actions(["view_household", "approve_decision"])).toContain("inbox");
    expect(actions(["view_household", "approve_decision"])).not.toContain("bulk");
    expect(actions(["view_household", "draft_decision"])).toEqual(expect.arrayContaining(["inbox", "bulk"]));
    expect(actions(["view_household", "manage_rates"])).toContain("rates");
    expect(actions(["view_household", "draft_decision"])).not.toContain("rates");
  });
});

describe("住宅扶助の区分の選択肢", () => {
  const set = (effective_from: string, effective_to: string | null, housing_areas: string[]) =>
    ({ effective_from, effective_to, housing_areas }) as unknown as RateSetSummary;
  const sets = [set("2026-04-01", null, ["B"]), set("2025-10-01", null, []), set("2025-04-01", "2025-09-30", ["A", "A2"])];

  it("picks the set in force on the date (the one that started last)", () => {
    expect(rateSetOn(sets, "2025-05-01")).toBe(2);
    expect(rateSetOn(sets, "2026-05-01")).toBe(0);
    expect(rateSetOn(sets, "2024-01-01")).toBeNull();
  });

  it("offers that set's areas, keeps a stored value the table lacks, and is empty for free text", () => {
    expect(housingAreaChoices(sets, "2025-05-01", "")).toEqual(["A", "A2"]);
    expect(housingAreaChoices(sets, "2025-05-01", "旧区分")).toEqual(["A", "A2", "旧区分"]);
    expect(housingAreaChoices(sets, "2025-11-01", "X")).toEqual([]);
    expect(housingAreaChoices([], "2025-11-01", "X")).toEqual([]);
    // no set covers the date: the newest set's
    expect(housingAreaChoices(sets, "2024-01-01", "")).toEqual(["B"]);
  });
});
