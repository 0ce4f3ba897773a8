import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../App.svelte";
import { navigate } from "./app.svelte";
import { freshApp, freshFirstRun, settle } from "../test/helpers";

const panel = () => document.getElementById("help-panel");
const title = () => document.getElementById("help-panel-title")?.textContent ?? "";

describe("F1 の操作マニュアル（docs/manual.md）", () => {
  it("opens this screen's section and closes with Esc", async () => {
    await freshApp("admin");
    render(App);
    await settle();
    navigate({ name: "office" });
    await settle();
    await fireEvent.keyDown(window, { key: "F1" });
    await settle();
    expect(panel()).not.toBeNull();
    expect(title()).toBe("事務所設定");
    expect(document.getElementById("help-section")!.textContent).toContain("公費負担者番号");
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(panel()).toBeNull();
    // still on the office screen (Esc closed the help, not the screen)
    expect(document.getElementById("office-screen")).not.toBeNull();

    navigate({ name: "audit" });
    await settle();
    await fireEvent.keyDown(window, { key: "F1" });
    await settle();
    expect(title()).toBe("操作ログ");
    await fireEvent.keyDown(window, { key: "F1" });
    await settle();
    expect(panel()).toBeNull();
  });

  it("works before the login and on the first-run setup", async () => {
    await freshApp(null);
    render(App);
    await settle();
    await fireEvent.keyDown(window, { key: "F1" });
    await settle();
    expect(title()).toBe("ログイン");
    await fireEvent.keyDown(window, { key: "Escape" });
    await settle();
    expect(panel()).toBeNull();
  });

  it("on the first-run setup it explains the setup", async () => {
    await freshFirstRun();
    render(App);
    await settle();
    await fireEvent.keyDown(window, { key: "F1" });
    await settle();
    expect(title()).toBe("初回設定");
  });
});
