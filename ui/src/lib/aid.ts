// What the household's aid-in-kind panels (医療扶助, 介護扶助) send when a decision is drafted.

import { readDate } from "./dates";
import type { DecisionKind } from "./types";

/** A drafted 開始・変更・廃止・却下 of one case: the date as the core read it (its refusal under
 *  「適用日」), the terms only with a 開始 or 変更 (the core ignores them otherwise). */
export async function aidDecisionInput<T>(f: { c: { id: number }; decision: DecisionKind; effective_date: string; reason_text: string; terms: T }) {
  return {
    case_id: f.c.id,
    kind: f.decision,
    effective_date: await readDate(f.effective_date, "effective_date"),
    reason_text: f.reason_text,
    reason_codes: [] as string[],
    terms: f.decision === "start" || f.decision === "change" ? f.terms : null,
  };
}
