// The options the preview opens every PDF with (./pdfjs.ts), shared with the test that compares
// its rendering against poppler's (strokes.test.ts).
//
// Glyphs are drawn as paths from the embedded font (`disableFontFace: true`), not through the
// WebView's text rasteriser: WebKitGTK hints a web font at small sizes and drops the thin
// horizontal strokes of IPAex Mincho (「毎月5日」 showed as 「毎月5H」, 申請者 as 中請者) at the
// default zoom, while the saved PDF was right. A filled path is anti-aliased like any drawing, so
// a hairline becomes a lighter line instead of vanishing, at every zoom. No system font is ever
// substituted (`useSystemFonts: false`); `isEvalSupported: false` keeps pdf.js within the app's
// CSP (script-src 'self', no eval).
export const PDFJS_OPTIONS = {
  disableFontFace: true,
  useSystemFonts: false,
  isEvalSupported: false,
  enableXfa: false,
  cMapPacked: true,
} as const;
