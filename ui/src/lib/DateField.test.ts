import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { freshApp, settle } from "../test/helpers";
import DateField from "./DateField.svelte";

describe("日付欄", () => {
  beforeEach(async () => {
    await freshApp("sato");
  });

  async function enter(text: string) {
    const input = document.getElementById("d") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: text } });
    await fireEvent.blur(input);
    await settle();
  }

  it.each([
    ["R7.4.1", "令和7年4月1日"],
    ["令和7年4月1日", "令和7年4月1日"],
    ["2025-04-01", "令和7年4月1日"],
    ["H31.4.30", "平成31年4月30日"],
  ])("reads %s on blur and shows %s", async (typed, reading) => {
    render(DateField, { props: { id: "d", label: "適用日" } });
    await enter(typed);
    expect(screen.getByText(reading)).toBeTruthy();
  });

  it("shows the core's message for a date it cannot read, and marks the field", async () => {
    render(DateField, { props: { id: "d", label: "適用日", required: true } });
    await enter("R7.2.30");
    expect(screen.getByRole("alert").textContent).toContain("という日はありません");
    expect(document.getElementById("d")!.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("必須")).toBeTruthy();
  });
});
