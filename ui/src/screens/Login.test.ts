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

  it("focuses the user id; an office database shows no demo banner", async () => {
    expect(app.info?.is_demo).toBe(false);
    render(Login, { props: { info: app.info } });
    await settle();
    expect(screen.queryByText(/デモ用データベース/)).toBeNull();
    expect(document.activeElement?.id).toBe("login-user");
  });

  it("shows the demo banner when the core says it is the demo database", async () => {
    render(Login, { props: { info: { ...app.info!, is_demo: true, office_name: "見本市福祉事務所（デモ）" } } });
    await settle();
    expect(screen.getByText("見本市福祉事務所（デモ）")).toBeTruthy();
    expect(screen.getByText(/デモ用データベース/)).toBeTruthy();
  });

  it("shows the core's error message, with its failure count", async () => {
    render(Login, { props: { info: app.info } });
    await attempt("sato", "wrong-password");
    expect(screen.getByRole("alert").textContent).toContain("（失敗 1 回");
    await attempt("sato", "still-wrong");
    expect(screen.getByRole("alert").textContent).toContain("（失敗 2 回");
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
