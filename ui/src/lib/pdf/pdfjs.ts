// pdf.js behind the RenderedPdf interface. Offline by construction: the worker is bundled by Vite
// (`?url` import → a file in dist/assets), and the cMaps and standard font data are copied from
// the pdfjs-dist package into dist/pdfjs/ by the `pdfjs-assets` plugin in vite.config.ts (served
// from node_modules in dev). Nothing is fetched from a CDN. The core's PDFs embed all their fonts,
// so pdf.js should never need either; they are there so that a PDF that does still renders.
// (The wasm image decoders — JPEG 2000, JBIG2 — are not shipped: our documents have no such images.)
//
// The legacy build is used because the Tauri WebView is not always a current Chromium (WebKitGTK
// on Linux, WKWebView on macOS).
//
// Fonts: the core embeds its (subset) IPAex fonts in every PDF; pdf.js draws their glyphs as
// paths, never through a system font (see ./options.ts for why, and strokes.test.ts for the
// comparison with poppler that keeps it so).

import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";
import { PDFJS_OPTIONS } from "./options";
import { canvasPainter } from "./painter";
import { isCancelled, type PageSize, type RenderedPdf } from "./renderer";

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** Absolute URL (with trailing slash) of a pdf.js asset folder copied into dist/pdfjs/. */
function assetDir(name: string): string {
  return new URL(`${import.meta.env.BASE_URL}pdfjs/${name}/`, document.baseURI).href;
}

export async function openWithPdfJs(bytes: Uint8Array): Promise<RenderedPdf> {
  const task = pdfjs.getDocument({
    // pdf.js transfers (detaches) the buffer it is given: hand it a copy
    data: bytes.slice(),
    ...PDFJS_OPTIONS,
    cMapUrl: assetDir("cmaps"),
    standardFontDataUrl: assetDir("standard_fonts"),
  });
  const doc = await task.promise;
  const paint = canvasPainter(isCancelled);

  return {
    numPages: doc.numPages,
    async pageSize(n: number): Promise<PageSize> {
      const page = await doc.getPage(n);
      const vp = page.getViewport({ scale: 1 });
      return { width: vp.width, height: vp.height };
    },
    render(n, canvas, cssScale, dpr) {
      return paint(canvas, () => doc.getPage(n), cssScale, dpr);
    },
    destroy() {
      void task.destroy();
    },
  };
}
