import { describe, expect, it } from "vitest";
import { errorMessage, GENERIC_MESSAGE, toRpcError, UI_MESSAGES } from "./errors";

describe("errorMessage", () => {
  it("uses the UI's wording for a code it owns", () => {
    expect(errorMessage({ code: "PERMISSION_DENIED", message: "permission denied: manage_users" })).toBe(
      UI_MESSAGES.PERMISSION_DENIED,
    );
    expect(errorMessage({ code: "AUTH_DISABLED", message: "x" })).toContain("無効");
  });

  it("keeps the core's message where it carries the detail (failure count, field)", () => {
    expect(errorMessage({ code: "AUTH_BAD_CREDENTIALS", message: "ログインできません（失敗 2回）" })).toBe(
      "ログインできません（失敗 2回）",
    );
    expect(errorMessage({ code: "VALIDATION", message: "個人番号の検査数字が違います" })).toBe("個人番号の検査数字が違います");
  });

  it("falls back to its own text when such a message is empty", () => {
    expect(errorMessage({ code: "AUTH_BAD_CREDENTIALS", message: "" })).toBe("ユーザーIDまたはパスワードが違います。");
  });

  it("shows the server's message for an unknown code", () => {
    expect(errorMessage({ code: "DB_BUSY", message: "データベースが使用中です" })).toBe("データベースが使用中です");
  });

  it("never shows an empty message", () => {
    expect(errorMessage({ code: "DB_BUSY", message: "  " })).toBe(GENERIC_MESSAGE);
    expect(errorMessage(undefined)).toBe(GENERIC_MESSAGE);
    expect(errorMessage(null)).toBe(GENERIC_MESSAGE);
  });

  it("normalises strings and Errors that a failed invoke can produce", () => {
    expect(toRpcError("command rpc not found")).toEqual({ code: "INTERNAL", message: "command rpc not found", field: null });
    expect(errorMessage(new Error("壊れました"))).toBe("壊れました");
  });
});
