import { describe, expect, it } from "vitest";
import { daysLeftLabel, formatChange, formatYen, parseYen } from "./decisions";

// Display helpers only: the deadlines, their urgency and who may do what are the core's (see
// src/domain/decision.rs, src/domain/workflow.rs and the screen tests that run on it).
describe("期限の表示", () => {
  it("words the days left the core computed", () => {
    expect(daysLeftLabel(5)).toBe("あと5日");
    expect(daysLeftLabel(0)).toBe("今日が期限");
    expect(daysLeftLabel(-2)).toBe("2日超過");
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
    expect(formatYen(-1200)).toBe("−1,200");
    expect(formatYen(null)).toBe("—");
    expect(formatChange(1200)).toBe("+1,200");
    expect(formatChange(-3000)).toBe("−3,000");
    expect(formatChange(0)).toBe("±0");
  });
});
