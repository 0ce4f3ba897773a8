// The month the voucher screens open on (this month, as the core's today says), and the step.

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

/** This month on this PC, "YYYY-MM" (only where the screen opens; the core decides what is due). */
export function thisMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

/** Today on this PC, "YYYY-MM-DD" (the default of a date field; the core checks the date). */
export function localToday(now = new Date()): string {
  return `${thisMonth(now)}-${String(now.getDate()).padStart(2, "0")}`;
}
