// A burst of zoom changes must leave the canvas drawn at the last zoom, never with two renders
// on it at once (what left the preview blank at 151%: the viewer being laid out changed the fit
// zoom while the first render was starting).
import { describe, expect, it } from "vitest";
import { canvasPainter, type PageToPaint } from "./painter";

class Cancelled extends Error {
  name = "RenderingCancelledException";
}

/** A page whose renders finish when the test says, recording how many run at once. */
function fakePage() {
  const log = { active: 0, maxActive: 0, drawn: [] as number[], cancelled: [] as number[] };
  const page: PageToPaint<{ scale: number }> = {
    getViewport: ({ scale }) => ({ scale, width: 600 * scale, height: 800 * scale }),
    render: ({ viewport }) => {
      log.active++;
      log.maxActive = Math.max(log.maxActive, log.active);
      let cancel!: () => void;
      const promise = new Promise<void>((ok, fail) => {
        const t = setTimeout(() => {
          log.active--;
          log.drawn.push(viewport.scale);
          ok();
        }, 20);
        cancel = () => {
          clearTimeout(t);
          log.active--;
          log.cancelled.push(viewport.scale);
          fail(new Cancelled());
        };
      });
      return { promise, cancel };
    },
  };
  return { page, log };
}

const canvas = () => ({ width: 0, height: 0, style: {} as CSSStyleDeclaration }) as HTMLCanvasElement;
const isCancelled = (e: unknown) => (e as Error).name === "RenderingCancelledException";
const slowLoad = <T>(v: T, ms: number) => () => new Promise<T>((ok) => setTimeout(() => ok(v), ms));

describe("one render at a time on a canvas", () => {
  it("a burst of zooms draws the last one only, never two at once", async () => {
    const { page, log } = fakePage();
    const paint = canvasPainter(isCancelled);
    const c = canvas();
    // the fit zoom changes three times while the page is still loading
    await Promise.all([paint(c, slowLoad(page, 15), 1, 1), paint(c, slowLoad(page, 5), 1.25, 1), paint(c, slowLoad(page, 1), 1.51, 1)]);
    expect(log.drawn).toEqual([1.51]);
    expect(log.maxActive).toBe(1);
    expect(c.width).toBe(Math.floor(600 * 1.51));
    expect(c.style.width).toBe(`${Math.floor(600 * 1.51)}px`);
  });

  it("a zoom during a render cancels it and draws after it stopped", async () => {
    const { page, log } = fakePage();
    const paint = canvasPainter(isCancelled);
    const c = canvas();
    const first = paint(c, async () => page, 1, 2);
    await new Promise((ok) => setTimeout(ok, 5)); // the first render is running
    await Promise.all([first, paint(c, async () => page, 2, 2)]);
    expect(log.cancelled).toEqual([2]); // 1 × dpr 2
    expect(log.drawn).toEqual([4]);
    expect(log.maxActive).toBe(1);
    expect(c.width).toBe(2400);
    expect(c.style.width).toBe("1200px");
  });

  it("another canvas is not held up", async () => {
    const { page, log } = fakePage();
    const paint = canvasPainter(isCancelled);
    await Promise.all([paint(canvas(), async () => page, 1, 1), paint(canvas(), async () => page, 1, 1)]);
    expect(log.drawn).toEqual([1, 1]);
    expect(log.maxActive).toBe(2);
  });
});
