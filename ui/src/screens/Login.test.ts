import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { app } from "../lib/app.svelte";
import { DEMO_PASSWORD, freshApp, settle } from "../test/helpers";
import Login from "./Login.svelte";

describe("ログイン画面", () => {
  beforeEach(async () => {
    await freshApp(null);
  });

  async function attempt(user: string, password: string) {
    await fireEvent.input(document.getElementById("login-user")!, { target: { value: user } });
    await fireEvent.input(document.getElementById("login-password")!, { target: { value: password } });
    await fireEvent.click(document.getElementById("login-submit")!);
    await settle();
  }

  it("shows the office name, the demo banner, and focuses the user id", async () => {
    render(Login, { props: { info: app.info } });
    await settle();
    expect(screen.getByText("みどり町福祉事務所")).toBeTruthy();
    expect(screen.getByText(/デモ用データベース/)).toBeTruthy();
    expect(document.activeElement?.id).toBe("login-user");
  });

  it("shows the core's error message, with its failure count", async () => {
    render(Login, { props: { info: app.info } });
    await attempt("sato", "wrong-password");
    expect(screen.getByRole("alert").textContent).toBe("ログインできません（失敗 1回）");
    await attempt("sato", "still-wrong");
    expect(screen.getByRole("alert").textContent).toBe("ログインできません（失敗 2回）");
    // the password is cleared and focused for the next try
    expect((document.getElementById("login-password") as HTMLInputElement).value).toBe("");
    expect(document.activeElement?.id).toBe("login-password");
    expect(app.session).toBeNull();
  });

  it("logs in with the right password (Enter submits the form)", async () => {
    render(Login, { props: { info: app.info } });
    await fireEvent.input(document.getElementById("login-user")!, { target: { value: "sato" } });
    await fireEvent.input(document.getElementById("login-password")!, { target: { value: DEMO_PASSWORD } });
    await fireEvent.submit(document.getElementById("login-password")!.closest("form")!);
    await settle();
    expect(app.session?.user_id).toBe("sato");
    expect(app.session?.display_name).toBe("佐藤 健");
  });
});
