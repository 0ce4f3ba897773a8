// The month the voucher screens open on (this month, as the core's today says — never the
// browser's clock, which may be in UTC and a day, at the 1st a month, behind), and the step.

/** "YYYY-MM" of an ISO date. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The month `n` months after "YYYY-MM" (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** 「1,234円」. */
export function yen(v: number): string {
  return `${v.toLocaleString("ja-JP")}円`;
}

/** The voucher schemes the run and ledger screens serve (the core's `vouchers::scheme` codes). */
export type VoucherKind = "medical" | "care";

/** What the shared voucher screens call things in each scheme (display only). */
export const VOUCHER_WORDS: Record<VoucherKind, { provider: string; order: string; month: string; tickets: string }> = {
  medical: { provider: "指定医療機関", order: "医療機関順", month: "診療年月", tickets: "医療券・調剤券" },
  care: { provider: "指定介護機関", order: "介護機関順", month: "サービス提供年月", tickets: "介護券" },
};
