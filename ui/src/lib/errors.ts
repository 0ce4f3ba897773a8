// Error code → the wording the UI shows. The core's `message` is already Japanese; the UI only
// replaces it where its own wording is clearer, and keeps the core's message where it carries
// the specifics (failure count, which field, which record).

import type { RpcErrorShape } from "./types";

/** Codes whose wording the UI owns: the core's message is not shown for these. */
export const UI_MESSAGES: Record<string, string> = {
  AUTH_DISABLED: "このユーザーIDは使用できません（無効）。管理者に連絡してください。",
  AUTH_MUST_CHANGE_PASSWORD: "パスワードの変更が必要です。新しいパスワードを設定してください。",
  AUTH_NOT_LOGGED_IN: "ログインしていません。もう一度ログインしてください。",
  AUTH_SESSION_LOCKED: "画面がロックされています。パスワードを入力してください。",
  PERMISSION_DENIED: "この操作を行う権限がありません。",
  NETWORK: "処理を完了できませんでした。もう一度お試しください。",
};

/**
 * Codes whose core message carries the detail (failure count, lock time, field name, record).
 * The core's message is shown; the text here is only the fallback when it is empty.
 */
export const DETAIL_FALLBACKS: Record<string, string> = {
  AUTH_BAD_CREDENTIALS: "ユーザーIDまたはパスワードが違います。",
  AUTH_LOCKED_OUT: "続けて失敗したため、しばらくログインできません。",
  VALIDATION: "入力内容を確認してください。",
  NOT_FOUND: "該当するデータが見つかりません。",
  AUTH_PASSWORD_RULE: "新しいパスワードが決まりに合いません。",
  AUTH_SAME_PASSWORD: "今までと同じパスワードは使えません。",
  AUTH_WRONG_CURRENT_PASSWORD: "現在のパスワードが違います。",
  CASE_REASON_REQUIRED: "他の担当者のケースです。開き直して、閲覧の理由を入力してください。",
};

export const GENERIC_MESSAGE = "エラーが発生しました。もう一度お試しください。";

export function isRpcError(e: unknown): e is RpcErrorShape {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}

/** Normalise anything a rejected call can produce into `{ code, message }`. */
export function toRpcError(e: unknown): RpcErrorShape {
  if (isRpcError(e)) return { code: e.code, message: e.message, field: errorField(e) };
  if (typeof e === "string") return { code: "INTERNAL", message: e, field: null };
  if (e instanceof Error) return { code: "INTERNAL", message: e.message, field: null };
  return { code: "INTERNAL", message: "", field: null };
}

/** The Japanese sentence to show a person for an error from `rpc`. */
export function errorMessage(e: unknown): string {
  const { code, message } = toRpcError(e);
  const ui = UI_MESSAGES[code];
  if (ui) return ui;
  const trimmed = message.trim();
  if (code in DETAIL_FALLBACKS) return trimmed || DETAIL_FALLBACKS[code];
  return trimmed || GENERIC_MESSAGE;
}

/** The input the core refused (its name in the request: `my_number`, `received_on` …), if any. */
export function errorField(e: unknown): string | null {
  const f = isRpcError(e) ? (e as { field?: unknown }).field : null;
  return typeof f === "string" && f !== "" ? f : null;
}

export function errorCode(e: unknown): string {
  return toRpcError(e).code;
}
