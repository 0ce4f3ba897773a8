import { rpc } from "./api";

/** Read a typed date through the core. Empty → null. Rejects with the core's error. */
export async function resolveDate(text: string): Promise<string | null> {
  const t = text.trim();
  if (!t) return null;
  const r = await rpc("parse_date", { text: t });
  return r.iso;
}

/** "2025-04-01T10:20:30" → "2025-04-01 10:20" for timestamps (not era dates). */
export function shortStamp(s: string): string {
  return s.replace("T", " ").slice(0, 16);
}
