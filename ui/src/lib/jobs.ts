// Background jobs (一括認定 and, next, the monthly runs and exports): the core runs them off the
// session on its own connection; the screen polls `job_status` and shows a progress bar. The
// result's shape depends on the job's kind (the caller names it).

import { rpc } from "./api";
import type { JobView, ParamsOf, RpcMethod } from "./types";

/** How often the progress bar asks (ms). */
export const POLL_MS = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Follow a started job until it ends; `onProgress` gets every status. Rejects with the job's
 * `{ code, message }` when it failed or was cancelled (`JOB_CANCELLED`). */
export async function followJob<T>(job: JobView, onProgress: (v: JobView) => void): Promise<T> {
  let v = job;
  onProgress(v);
  while (v.state === "queued" || v.state === "running") {
    await sleep(POLL_MS);
    v = await rpc("job_status", { job_id: v.id });
    onProgress(v);
  }
  if (v.state === "done") return v.result as T;
  throw v.error ?? { code: "JOB_FAILED", message: "処理が完了しませんでした" };
}

/** Start a job method (it answers a JobView at once) and follow it to its result. */
export async function runJob<T, M extends RpcMethod>(
  method: M,
  params: ParamsOf<M>,
  onProgress: (v: JobView) => void,
): Promise<T> {
  const job = (await (rpc as (m: M, p: ParamsOf<M>) => Promise<unknown>)(method, params)) as JobView;
  return followJob<T>(job, onProgress);
}

/** The percentage the bar shows (0 while the total is not known yet). */
export function percent(v: Pick<JobView, "done" | "total">): number {
  return v.total > 0 ? Math.min(100, Math.floor((v.done * 100) / v.total)) : 0;
}
