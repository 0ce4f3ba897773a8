import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../App.svelte";
import { app } from "../lib/app.svelte";
import { DEMO_PASSWORD, freshApp, settle } from "../test/helpers";

const $ = (id: string) => document.getElementById(id)!;

describe("個人番号鍵の受け取り", () => {
  it("a holder at the desk hands the key over; a wrong password hands nothing", async () => {
    const core = await freshApp("suzuki");
    expect(app.session!.may_receive_reveal_key).toBe(true);
    expect(app.session!.holds_reveal_key).toBe(false);
    render(App);
    await settle();
    await fireEvent.click($("reveal-key-open"));
    await settle();
    await fireEvent.input($("grant-holder"), { target: { value: "sato" } });
    await fireEvent.input($("grant-password"), { target: { value: "wrong-Pass-000" } });
    await fireEvent.submit($("grant-holder").closest("form")!);
    await settle();
    expect(document.querySelector("#reveal-key-grant [role=alert]")!.textContent).not.toBe("");
    expect(app.session!.holds_reveal_key).toBe(false);
    expect(($("grant-password") as HTMLInputElement).value).toBe("");

    await fireEvent.input($("grant-password"), { target: { value: DEMO_PASSWORD } });
    await fireEvent.submit($("grant-holder").closest("form")!);
    await settle();
    expect(app.session!.holds_reveal_key).toBe(true);
    expect(document.getElementById("reveal-key-grant")).toBeNull();
    // The core agrees: the session now unseals My Numbers.
    const s = await core.call<{ holds_reveal_key: boolean }>("session");
    expect(s.holds_reveal_key).toBe(true);
  });

  it("is not offered to an account that holds the key or may not reveal", async () => {
    await freshApp("sato");
    render(App);
    await settle();
    expect(document.getElementById("reveal-key-grant")).toBeNull();
    await freshApp("kato");
    render(App);
    await settle();
    expect(document.getElementById("reveal-key-grant")).toBeNull();
  });
});
