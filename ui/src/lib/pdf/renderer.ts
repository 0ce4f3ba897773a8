// The small interface the preview uses to draw PDF pages. The implementation (./pdfjs.ts, pdf.js)
// is loaded lazily so that pdf.js and its worker are only fetched when a preview opens; tests
// replace this module with vi.mock (pdf.js does not run in jsdom).

export interface PageSize {
  /** In PDF points (1/72 inch), rotation applied. */
  width: number;
  height: number;
}

export interface RenderedPdf {
  readonly numPages: number;
  /** Size of page `n` (1-based) at 100%. */
  pageSize(n: number): Promise<PageSize>;
  /**
   * Draw page `n` into `canvas` at `cssScale` CSS pixels per PDF point, sharp on a display with
   * `devicePixelRatio`. A render still running on the same canvas is cancelled first.
   */
  render(n: number, canvas: HTMLCanvasElement, cssScale: number, devicePixelRatio: number): Promise<void>;
  destroy(): void;
}

export async function openPdf(bytes: Uint8Array): Promise<RenderedPdf> {
  const { openWithPdfJs } = await import("./pdfjs");
  return openWithPdfJs(bytes);
}

/** base64 → bytes (the core sends `pdf_base64`). */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** True when a rejection is pdf.js cancelling a render we replaced. */
export function isCancelled(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { name?: string }).name === "RenderingCancelledException";
}
