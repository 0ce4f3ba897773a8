import { rpc } from "./api";

/** Read a typed date through the core. Empty → null. Rejects with the core's error. */
export async function resolveDate(text: string): Promise<string | null> {
  const t = text.trim();
  if (!t) return null;
  const r = await rpc("parse_date", { text: t });
  return r.iso;
}

/** Whole days from `fromIso` to `toIso` (ISO dates). */
export function daysBetween(fromIso: string, toIso: string): number {
  const a = Date.parse(fromIso.slice(0, 10) + "T00:00:00Z");
  const b = Date.parse(toIso.slice(0, 10) + "T00:00:00Z");
  return Math.round((b - a) / 86_400_000);
}

/** "2025-04-01T10:20:30" → "2025-04-01 10:20" for timestamps (not era dates). */
export function shortStamp(s: string): string {
  return s.replace("T", " ").slice(0, 16);
}
