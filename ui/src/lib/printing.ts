// Small helpers of the print screens. Which steps a job offers is the core's (PrintJobView.allowed_steps).

import type { PrintState } from "./types";

/** 部数: an integer 1–99, else null. */
export function parseCopies(v: unknown): number | null {
  const s = String(v ?? "").trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d{1,2}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 99 ? n : null;
}

/** The queue's state filter: value "" = すべて. */
export const STATE_FILTERS: { value: PrintState | ""; label: string }[] = [
  { value: "", label: "すべて" },
  { value: "generated", label: "作成済" },
  { value: "printed", label: "印刷済" },
  { value: "delivered", label: "交付済" },
  { value: "voided", label: "取消" },
];
