import { rpc } from "./api";

/** Read a typed date through the core. Empty → null. Rejects with the core's error. */
export async function resolveDate(text: string): Promise<string | null> {
  const t = text.trim();
  if (!t) return null;
  const r = await rpc("parse_date", { text: t });
  return r.iso;
}

/** Today in the office (日本標準時), from the core: the browser's clock may be in UTC, where the
 *  date is still yesterday until 09:00, and the date is the core's rule in any case. */
export async function officeToday(): Promise<string> {
  return (await rpc("today")).iso;
}

/** "2025-04-01T10:20:30" → "2025-04-01 10:20" for timestamps (not era dates). */
export function shortStamp(s: string): string {
  return s.replace("T", " ").slice(0, 16);
}
