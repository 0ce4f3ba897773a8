// The single typed wrapper over the Tauri command `rpc`.
// Tests and the browser development mode swap in the development bridge (./devBridge.ts: the
// real core over 127.0.0.1) with setBackend(); there is no other backend.

import { invoke } from "@tauri-apps/api/core";
import { toRpcError } from "./errors";
import type { ParamsOf, ResultOf, RpcErrorShape, RpcMethod } from "./types";

export interface Backend {
  call(method: string, params: Record<string, unknown>): Promise<unknown>;
}

/** The real backend: one Tauri command, `rpc`, taking `{ method, params }`. */
export const tauriBackend: Backend = {
  call(method, params) {
    return invoke("rpc", { method, params });
  },
};

let backend: Backend | null = null;

/** Install a backend (the dev bridge in tests / browser dev mode). `null` returns to the Tauri default. */
export function setBackend(b: Backend | null): void {
  backend = b;
}

export function getBackend(): Backend | null {
  return backend;
}

export function isTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

type ErrorListener = (err: RpcErrorShape, method: string) => void;
const errorListeners = new Set<ErrorListener>();

/** Called for every failed call (the app uses it to react to AUTH_SESSION_LOCKED etc.). */
export function onRpcError(fn: ErrorListener): () => void {
  errorListeners.add(fn);
  return () => errorListeners.delete(fn);
}

/** Call a core method. Rejects with `{ code, message }` (normalised). */
export async function rpc<M extends RpcMethod>(
  method: M,
  ...args: keyof ParamsOf<M> extends never ? [params?: ParamsOf<M>] : [params: ParamsOf<M>]
): Promise<ResultOf<M>> {
  const params = (args[0] ?? {}) as Record<string, unknown>;
  const b = backend ?? tauriBackend;
  try {
    return (await b.call(method, params)) as ResultOf<M>;
  } catch (e) {
    const err = toRpcError(e);
    for (const fn of errorListeners) fn(err, method);
    throw err;
  }
}
