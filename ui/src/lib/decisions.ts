// Display helpers for the decision screens: yen input and formatting, the wording of days left,
// today's date for a date field. No rule lives here: deadlines, their urgency, which steps a user
// may take and which rate set is in force all come from the core's views.

import type { DecisionView, SessionInfo } from "./types";

// ---------------------------------------------------------------------------------- money

/** 123456 → "123,456" (yen, integer). */
export function formatYen(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  const v = Math.trunc(n);
  // the core's convention (domain::money): a leading − (U+2212) on a negative amount
  return (v < 0 ? "−" : "") + Math.abs(v).toLocaleString("ja-JP");
}

/** A signed difference: +1,200 / −3,000 / ±0. */
export function formatChange(n: number): string {
  if (n === 0) return "±0";
  return (n > 0 ? "+" : "−") + formatYen(Math.abs(n));
}

export type YenParse = { ok: true; value: number } | { ok: false; error: string };

/**
 * What a person typed into a money field → integer yen. Accepts full-width digits, commas
 * (either width), a trailing 円, spaces. Empty → 0. Refuses decimals, negatives and anything else.
 */
export function parseYen(text: string): YenParse {
  const t = text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[，,\s　]/g, "")
    .replace(/円$/, "");
  if (t === "") return { ok: true, value: 0 };
  if (/^[-－−]/.test(t)) return { ok: false, error: "負の金額は入力できません。" };
  if (/[.．]/.test(t)) return { ok: false, error: "金額は円単位の整数で入力してください。" };
  if (!/^\d+$/.test(t)) return { ok: false, error: "金額は数字で入力してください。" };
  const v = Number(t);
  if (!Number.isSafeInteger(v) || v > 99_999_999) return { ok: false, error: "金額が大きすぎます。" };
  return { ok: true, value: v };
}

// ---------------------------------------------------------------------------------- deadlines

/** "あと5日" / "今日が期限" / "2日超過". */
export function daysLeftLabel(days: number): string {
  if (days > 0) return `あと${days}日`;
  if (days === 0) return "今日が期限";
  return `${-days}日超過`;
}

// ---------------------------------------------------------------------------------- workflow

/** What a decision in someone's inbox waits for, from that person's point of view. */
export function inboxTask(session: Pick<SessionInfo, "user_id"> | null, d: Pick<DecisionView, "state" | "drafted_by">): string {
  if (d.state === "returned") return d.drafted_by === session?.user_id ? "差戻し（要修正）" : "差戻し";
  if (d.state === "draft") return "審査待ち";
  if (d.state === "reviewed") return "決裁待ち";
  return "決裁済";
}
