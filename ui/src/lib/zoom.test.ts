import { describe, expect, it } from "vitest";
import { clampZoom, effectiveZoom, fitPageZoom, fitWidthZoom, MAX_ZOOM, MIN_ZOOM, pagePixels, PX_PER_PT, zoomIn, zoomKey, zoomLabel, zoomOut } from "./zoom";

const A4_W = 595.28;

describe("zoom arithmetic", () => {
  it("100% is physical size: 1 pt = 96/72 CSS px", () => {
    expect(PX_PER_PT).toBeCloseTo(4 / 3);
    expect(pagePixels(A4_W, 841.89, 1)).toEqual({ width: 794, height: 1123 });
    expect(pagePixels(A4_W, 841.89, 0.5)).toEqual({ width: 397, height: 561 });
  });

  it("fit to width fills the viewer less its margins", () => {
    // 826 px viewer, 16 px each side → 794 px for the page = exactly A4 at 100%
    expect(fitWidthZoom(826, A4_W)).toBeCloseTo(1, 3);
    // 1200 px → (1200 − 32) / (595.28 × 4/3)
    expect(fitWidthZoom(1200, A4_W)).toBeCloseTo(1168 / (A4_W * 4 / 3), 6);
    expect(fitWidthZoom(1200, A4_W, 0)).toBeCloseTo(1200 / (A4_W * 4 / 3), 6);
    // the page fills the viewer exactly at the fitted zoom
    const z = fitWidthZoom(1000, A4_W);
    expect(pagePixels(A4_W, 841.89, z).width).toBe(1000 - 32);
  });

  it("fit to width is clamped, and 1 before the viewer is laid out", () => {
    expect(fitWidthZoom(100, A4_W)).toBe(MIN_ZOOM);
    expect(fitWidthZoom(100_000, A4_W)).toBe(MAX_ZOOM);
    expect(fitWidthZoom(0, A4_W)).toBe(1);
    expect(fitWidthZoom(800, 0)).toBe(1);
    expect(clampZoom(Number.NaN)).toBe(1);
  });

  it("+ and − move to the next step, from between steps too", () => {
    expect(zoomIn(1)).toBe(1.1);
    expect(zoomOut(1)).toBe(0.9);
    expect(zoomIn(1.17)).toBe(1.25); // a fitted 117% goes to 125%, not 150%
    expect(zoomOut(1.17)).toBe(1.1);
    expect(zoomIn(MAX_ZOOM)).toBe(MAX_ZOOM);
    expect(zoomOut(MIN_ZOOM)).toBe(MIN_ZOOM);
  });

  it("全体を表示 shows the whole page: the smaller of the width's and the height's fit", () => {
    const A4_H = 841.89;
    // a wide, low window (1280×720 less the header): the height decides
    const z = fitPageZoom(1248, 560, A4_W, A4_H);
    expect(z).toBeCloseTo((560 - 32) / (A4_H * PX_PER_PT), 6);
    expect(A4_H * PX_PER_PT * z + 32).toBeLessThanOrEqual(560 + 1e-9);
    // a narrow, tall one: the width
    expect(fitPageZoom(500, 2000, A4_W, A4_H)).toBeCloseTo(fitWidthZoom(500, A4_W), 6);
    // no height yet: the width
    expect(fitPageZoom(1248, 0, A4_W, A4_H)).toBeCloseTo(fitWidthZoom(1248, A4_W), 6);
    expect(effectiveZoom({ kind: "page" }, 1248, A4_W, 560, A4_H)).toBeCloseTo(z, 6);
  });

  it("the fit mode follows the viewer; a scale does not", () => {
    expect(effectiveZoom({ kind: "fit" }, 826, A4_W)).toBeCloseTo(1, 3);
    expect(effectiveZoom({ kind: "fit" }, 1652 - 32 + 32, A4_W)).toBeCloseTo((1652 - 32) / 794, 2);
    expect(effectiveZoom({ kind: "scale", value: 1.5 }, 826, A4_W)).toBe(1.5);
    expect(effectiveZoom({ kind: "scale", value: 99 }, 826, A4_W)).toBe(MAX_ZOOM);
    expect(zoomLabel(1.25)).toBe("125%");
  });

  it("keys: Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0", () => {
    const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = { ctrlKey: true }) =>
      zoomKey({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(k("=")).toBe("in");
    expect(k("+")).toBe("in");
    expect(k("-")).toBe("out");
    expect(k("0")).toBe("reset");
    expect(k("0", { metaKey: true })).toBe("reset");
    expect(k("0", {})).toBeNull();
    expect(k("=", { ctrlKey: true, altKey: true })).toBeNull();
    expect(k("k")).toBeNull();
  });
});
