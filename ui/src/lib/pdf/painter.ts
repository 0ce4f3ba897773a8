// One render at a time on a canvas, the last request winning. The preview redraws every page
// when the zoom changes, and the zoom changes in bursts (the viewer is laid out, the window is
// resized, + is pressed twice): two pdf.js renders on one canvas at once leave it blank (a
// second render clears the canvas the first is drawing on, or pdf.js refuses it). So a new
// request cancels the running render and waits for it to stop, and a request overtaken while it
// waited for its page draws nothing.

/** What is needed of a pdf.js page. */
export interface PageToPaint<V> {
  getViewport(o: { scale: number }): V & { width: number; height: number };
  render(o: { canvas: HTMLCanvasElement; viewport: V }): { promise: Promise<unknown>; cancel(): void };
}

interface CanvasState {
  seq: number;
  task: { promise: Promise<unknown>; cancel(): void } | null;
}

export function canvasPainter(isCancelled: (e: unknown) => boolean) {
  const states = new WeakMap<HTMLCanvasElement, CanvasState>();
  /** Draw the page `load()` gives into `canvas` at `cssScale` × `dpr` device pixels per point. */
  return async function paint<V>(canvas: HTMLCanvasElement, load: () => Promise<PageToPaint<V>>, cssScale: number, dpr: number): Promise<void> {
    let s = states.get(canvas);
    if (!s) states.set(canvas, (s = { seq: 0, task: null }));
    const mine = ++s.seq;
    const running = s.task;
    if (running) {
      running.cancel();
      await running.promise.catch(() => undefined);
    }
    const page = await load();
    if (s.seq !== mine) return; // a newer zoom was asked for meanwhile: that one draws
    const viewport = page.getViewport({ scale: cssScale * dpr });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / dpr)}px`;
    canvas.style.height = `${Math.floor(viewport.height / dpr)}px`;
    const task = page.render({ canvas, viewport });
    s.task = task;
    try {
      await task.promise;
    } catch (e) {
      if (!isCancelled(e)) throw e;
    } finally {
      if (s.task === task) s.task = null;
    }
  };
}
