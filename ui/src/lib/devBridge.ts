// The development bridge (`madoguchi-dev-rpc`, never shipped): the real core's `Desk::call` over
// HTTP on 127.0.0.1 behind a token. The Vitest suite and the browser development mode use it so
// every screen runs on the real rules; there is no second model of the core in TypeScript.

import type { Backend } from "./api";

/** A backend that posts `{ method, params }` to the bridge at `url` (`/rpc` is appended). */
export function bridgeBackend(url: string, token?: string): Backend {
  return {
    async call(method, params) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers["x-madoguchi-token"] = token;
      const res = await fetch(`${url}/rpc`, { method: "POST", headers, body: JSON.stringify({ method, params }) });
      if (!res.ok) throw { code: "DEV_BRIDGE", message: `開発用ブリッジに接続できません（HTTP ${res.status}）` };
      const body = (await res.json()) as { ok?: unknown; err?: unknown };
      if ("err" in body && body.err) throw body.err;
      return body.ok ?? null;
    },
  };
}
