// Pure helpers for the decision screens: yen input/formatting, application deadlines, and which
// workflow actions a session is offered for a decision. The core enforces every rule again; these
// only keep people from being offered what they cannot do.

import type { DecisionView, RateSetSummary, SessionInfo } from "./types";

// ---------------------------------------------------------------------------------- money

/** 123456 → "123,456" (yen, integer). */
export function formatYen(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return Math.trunc(n).toLocaleString("ja-JP");
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

/** 法24条: decide within 14 days of receipt, 30 when extended (初日不算入). */
export const DEADLINE_DAYS = 14;
export const EXTENDED_DEADLINE_DAYS = 30;
/** As `domain::decision::DUE_SOON_DAYS`: 期限間近 = due within this many days. */
export const DUE_SOON_DAYS = 3;

function isoToUtc(iso: string): number {
  return Date.parse(iso.slice(0, 10) + "T00:00:00Z");
}
function utcToIso(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** The deadline of an application received on `receivedIso` (ISO date). */
export function deadlineOf(receivedIso: string, extended: boolean): string {
  const days = extended ? EXTENDED_DEADLINE_DAYS : DEADLINE_DAYS;
  return utcToIso(isoToUtc(receivedIso) + days * 86_400_000);
}

/** Whole days from `todayIso` to `deadlineIso`; negative = overdue. */
export function daysLeft(deadlineIso: string, todayIso: string): number {
  return Math.round((isoToUtc(deadlineIso) - isoToUtc(todayIso)) / 86_400_000);
}

export type Urgency = "overdue" | "soon" | "ok";

export function urgency(days: number): Urgency {
  if (days < 0) return "overdue";
  if (days <= DUE_SOON_DAYS) return "soon";
  return "ok";
}

/** "あと5日" / "今日が期限" / "2日超過". */
export function daysLeftLabel(days: number): string {
  if (days > 0) return `あと${days}日`;
  if (days === 0) return "今日が期限";
  return `${-days}日超過`;
}

/** Today as an ISO date in local time (the core reads it; the UI never computes an era). */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

// ---------------------------------------------------------------------------------- workflow

export type DecisionAction = "review" | "approve" | "return" | "redraft";

/**
 * The workflow steps offered to `session` for decision `d` (docs/commands.md):
 * 審査 — review_decision, 起案 state, not the drafter;
 * 決裁 — approve_decision, 審査済, neither the drafter nor the reviewer;
 * 差戻し — review_decision on 起案 or approve_decision on 審査済, not the drafter;
 * 再起案 — draft_decision, 差戻し or 起案 state, and only the drafter's own decision (the UI
 * leaves a colleague's draft to them).
 */
export function decisionActions(
  session: Pick<SessionInfo, "user_id" | "permissions"> | null,
  d: Pick<DecisionView, "state" | "drafted_by" | "reviewed_by">,
): DecisionAction[] {
  if (!session) return [];
  const has = (p: string) => session.permissions.includes(p);
  const me = session.user_id;
  const mine = d.drafted_by === me;
  const out: DecisionAction[] = [];
  if (d.state === "draft" && has("review_decision") && !mine) out.push("review");
  if (d.state === "reviewed" && has("approve_decision") && !mine && d.reviewed_by !== me) out.push("approve");
  if (!mine && ((d.state === "draft" && has("review_decision")) || (d.state === "reviewed" && has("approve_decision"))))
    out.push("return");
  if ((d.state === "returned" || d.state === "draft") && has("draft_decision") && mine) out.push("redraft");
  return out;
}

/** What a decision in someone's inbox waits for, from that person's point of view. */
export function inboxTask(session: Pick<SessionInfo, "user_id"> | null, d: Pick<DecisionView, "state" | "drafted_by">): string {
  if (d.state === "returned") return d.drafted_by === session?.user_id ? "差戻し（要修正）" : "差戻し";
  if (d.state === "draft") return "審査待ち";
  if (d.state === "reviewed") return "決裁待ち";
  return "決裁済";
}

// ---------------------------------------------------------------------------------- rate sets

/** The set in force on `dateIso` as the core picks it: its period contains the date and it
 * started last. Null when none covers the date. */
export function rateSetOn(
  sets: Pick<RateSetSummary, "effective_from" | "effective_to">[],
  dateIso: string,
): number | null {
  let best: number | null = null;
  sets.forEach((s, i) => {
    if (s.effective_from > dateIso || (s.effective_to !== null && s.effective_to < dateIso)) return;
    if (best === null || s.effective_from > sets[best].effective_from) best = i;
  });
  return best;
}

/** 住宅扶助の区分 to offer: those of the set in force on the date (else the newest set), plus the
 * stored value when the table no longer has it, so it is never lost silently. Empty = free text. */
export function housingAreaChoices(sets: RateSetSummary[], dateIso: string, current: string): string[] {
  const i = rateSetOn(sets, dateIso);
  const set = i !== null ? sets[i] : sets[0];
  const areas = [...(set?.housing_areas ?? [])];
  if (areas.length && current.trim() && !areas.includes(current.trim())) areas.push(current.trim());
  return areas;
}
