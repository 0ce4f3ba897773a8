// Zoom arithmetic for the print preview. Pure: no DOM, unit-tested.
//
// A zoom of 1 (100%) shows a page at its physical size: one PDF point (1/72 inch) is 96/72 CSS
// pixels, the CSS inch. "幅に合わせる" (fit to width) picks the zoom at which the page, plus its
// margins, fills the viewer's width; "全体を表示" (fit the page, how the preview opens) the zoom
// at which the whole page is in sight.

/** CSS pixels per PDF point at 100%. */
export const PX_PER_PT = 96 / 72;
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 4;
/** The steps − and + move through. */
export const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;

export type ZoomMode = { kind: "page" } | { kind: "fit" } | { kind: "scale"; value: number };

export function clampZoom(z: number): number {
  if (!Number.isFinite(z)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

/**
 * The zoom at which a page `pageWidthPt` wide fits `viewerWidthPx`, leaving `marginPx` on each
 * side (clamped to MIN_ZOOM…MAX_ZOOM). Widths ≤ 0 (viewer not laid out yet) give 1.
 */
export function fitWidthZoom(viewerWidthPx: number, pageWidthPt: number, marginPx = 16): number {
  if (!(viewerWidthPx > 0) || !(pageWidthPt > 0)) return 1;
  const available = Math.max(1, viewerWidthPx - 2 * marginPx);
  return clampZoom(available / (pageWidthPt * PX_PER_PT));
}

/**
 * The zoom at which a whole page `pageWidthPt`×`pageHeightPt` fits a viewer of
 * `viewerWidthPx`×`viewerHeightPx` with `marginPx` around it; without a height (not laid out
 * yet) the width decides.
 */
export function fitPageZoom(viewerWidthPx: number, viewerHeightPx: number, pageWidthPt: number, pageHeightPt: number, marginPx = 16): number {
  const byWidth = fitWidthZoom(viewerWidthPx, pageWidthPt, marginPx);
  if (!(viewerHeightPx > 0) || !(pageHeightPt > 0)) return byWidth;
  return Math.min(byWidth, fitWidthZoom(viewerHeightPx, pageHeightPt, marginPx));
}

/** The next step above `z` (a zoom between steps goes to the next step, not one past it). */
export function zoomIn(z: number): number {
  const next = ZOOM_STEPS.find((s) => s > z + 1e-6);
  return next ?? MAX_ZOOM;
}

/** The next step below `z`. */
export function zoomOut(z: number): number {
  const below = ZOOM_STEPS.filter((s) => s < z - 1e-6);
  return below.length ? below[below.length - 1] : MIN_ZOOM;
}

/** The zoom a mode means for a viewer and a page (heights: for "page"; 0 = not known). */
export function effectiveZoom(mode: ZoomMode, viewerWidthPx: number, pageWidthPt: number, viewerHeightPx = 0, pageHeightPt = 0): number {
  if (mode.kind === "page") return fitPageZoom(viewerWidthPx, viewerHeightPx, pageWidthPt, pageHeightPt);
  return mode.kind === "fit" ? fitWidthZoom(viewerWidthPx, pageWidthPt) : clampZoom(mode.value);
}

/** Size in CSS pixels of a page `wPt`×`hPt` at zoom `z`. */
export function pagePixels(wPt: number, hPt: number, z: number): { width: number; height: number } {
  return { width: Math.round(wPt * PX_PER_PT * z), height: Math.round(hPt * PX_PER_PT * z) };
}

/** "125%" */
export function zoomLabel(z: number): string {
  return `${Math.round(z * 100)}%`;
}

export type ZoomKey = "in" | "out" | "reset" | null;

/** Ctrl(+⌘)+= / Ctrl++ → in, Ctrl+- → out, Ctrl+0 → 100%. */
export function zoomKey(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): ZoomKey {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.key === "=" || e.key === "+" || e.key === ";") return "in";
  if (e.key === "-" || e.key === "_") return "out";
  if (e.key === "0") return "reset";
  return null;
}
