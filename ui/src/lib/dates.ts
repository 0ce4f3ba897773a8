import { rpc } from "./api";
import { isRpcError } from "./errors";

/**
 * Read a typed date through the core. Empty → null. Rejects with the core's error, about `field`
 * when given (the form's name for the date: the message then shows under that field).
 */
export async function resolveDate(text: string, field?: string): Promise<string | null> {
  const t = text.trim();
  if (!t) return null;
  try {
    return (await rpc("parse_date", { text: t })).iso;
  } catch (e) {
    throw field && isRpcError(e) ? { ...e, field } : e;
  }
}

/**
 * A typed date as the form sends it: what the core read (`YYYY-MM-DD`), or "" when left empty —
 * the core then says whether the date may be left out, under `field`.
 */
export async function readDate(text: string, field: string): Promise<string> {
  return (await resolveDate(text, field)) ?? "";
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
