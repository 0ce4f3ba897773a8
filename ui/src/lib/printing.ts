// Small pure rules for the print screens. The core enforces every transition again; these only
// decide which buttons are offered.

import type { PrintJobView, PrintState } from "./types";

/** 部数: an integer 1–99, else null. */
export function parseCopies(v: unknown): number | null {
  const s = String(v ?? "").trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d{1,2}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 99 ? n : null;
}

type JobState = Pick<PrintJobView, "state">;

/** 印刷: a job not printed yet (a printed one is printed again as 再発行). */
export const canPrint = (j: JobState) => j.state === "generated" || j.state === "requested";
/** 再発行: printed or delivered. */
export const canReprint = (j: JobState) => j.state === "printed" || j.state === "delivered";
/** 交付済にする: printed. */
export const canDeliver = (j: JobState) => j.state === "printed";
/** 取消: any state but delivered / voided (and the void_document permission). */
export const canVoid = (j: JobState) => j.state !== "delivered" && j.state !== "voided";
/** 保存 / 開く: anything not voided. */
export const canExport = (j: JobState) => j.state !== "voided";

/** The queue's state filter: value "" = すべて. */
export const STATE_FILTERS: { value: PrintState | ""; label: string }[] = [
  { value: "", label: "すべて" },
  { value: "generated", label: "作成済" },
  { value: "printed", label: "印刷済" },
  { value: "delivered", label: "交付済" },
  { value: "voided", label: "取消" },
];
