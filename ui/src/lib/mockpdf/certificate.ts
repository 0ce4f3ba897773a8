// A small, valid one-page PDF of a 保護受給証明書 for the MockBackend (tests and the `?mock` demo
// only; the real document comes from the Rust core, src/print/forms/certificate.rs). The text is
// set in a subset of IPAex Gothic embedded as a CIDFontType2 (Identity-H), the same way the core
// embeds its fonts, so the preview exercises pdf.js with an embedded Japanese font and no system
// fonts. Characters outside the subset print as 〓 (regenerate the subset with
// `python3 scripts/make-mock-font.py` after adding demo text).

import { FONT } from "./font";

export interface CertificateSnapshot {
  issue_number: string;
  issue_date_wareki: string;
  name: string;
  kana: string;
  birth_date_wareki: string;
  address: string;
  period: string;
  aids: string[];
  purpose: string | null;
  office_name: string;
  chief: string;
  office_address: string;
  office_phone: string;
}

const A4 = { w: 595.28, h: 841.89 };
const MISSING = "〓";

const enc = new TextEncoder();

function glyphs(text: string): number[] {
  return [...text].map((c) => FONT.cmap[c] ?? FONT.cmap[MISSING] ?? 0);
}

function hex(n: number, digits = 4): string {
  return n.toString(16).toUpperCase().padStart(digits, "0");
}

/** Advance width of a text at `size` pt. */
export function textWidth(text: string, size: number): number {
  return glyphs(text).reduce((w, g) => w + (FONT.widths[g] ?? 1000), 0) * (size / 1000);
}

class Page {
  ops: string[] = [];
  used = new Set<number>();

  text(x: number, y: number, size: number, s: string): void {
    const gs = glyphs(s);
    gs.forEach((g) => this.used.add(g));
    this.ops.push(`BT /F1 ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td <${gs.map((g) => hex(g)).join("")}> Tj ET`);
  }
  center(y: number, size: number, s: string): void {
    this.text((A4.w - textWidth(s, size)) / 2, y, size, s);
  }
  right(xRight: number, y: number, size: number, s: string): void {
    this.text(xRight - textWidth(s, size), y, size, s);
  }
  rect(x: number, y: number, w: number, h: number, lineWidth = 0.6, fillGrey: number | null = null): void {
    if (fillGrey !== null) this.ops.push(`${fillGrey} g ${x} ${y} ${w} ${h} re f 0 g`);
    this.ops.push(`${lineWidth} w ${x} ${y} ${w} ${h} re S`);
  }
  line(x1: number, y1: number, x2: number, y2: number, lineWidth = 0.6): void {
    this.ops.push(`${lineWidth} w ${x1} ${y1} m ${x2} ${y2} l S`);
  }
}

function drawCertificate(doc: CertificateSnapshot, reissue: boolean): Page {
  const p = new Page();
  const left = 70;
  const right = A4.w - 70;
  p.right(right, A4.h - 70, 10.5, `証明書番号　${doc.issue_number}`);
  if (reissue) {
    p.rect(left, A4.h - 84, 70, 28, 1.2);
    p.rect(left + 3, A4.h - 81, 64, 22, 0.5);
    p.text(left + 11, A4.h - 75, 14, "再発行");
  }
  p.center(A4.h - 150, 22, "保 護 受 給 証 明 書");

  const rows: [string, string, number][] = [
    ["フリガナ", doc.kana, 10.5],
    ["氏名", doc.name, 15],
    ["生年月日", doc.birth_date_wareki, 11],
    ["住所", doc.address, 11],
    ["保護の期間", doc.period, 11],
    ["扶助の種類", doc.aids.join("・"), 11],
  ];
  if (doc.purpose) rows.push(["用途", doc.purpose, 11]);
  const rowH = 34;
  const labelW = 100;
  const top = A4.h - 200;
  const tableH = rowH * rows.length;
  rows.forEach(([label, value, size], i) => {
    const y = top - rowH * (i + 1);
    p.rect(left, y, labelW, rowH, 0.6, 0.92);
    p.rect(left + labelW, y, right - left - labelW, rowH, 0.6);
    p.text(left + 12, y + 12, 10.5, label);
    p.text(left + labelW + 12, y + (rowH - size) / 2 + 2, size, value);
  });
  p.rect(left, top - tableH, right - left, tableH, 1.4);

  let y = top - tableH - 50;
  p.text(left, y, 12, "上記の者は、生活保護法による保護を受けていることを証明します。");
  y -= 50;
  p.text(left + 24, y, 12, doc.issue_date_wareki);
  y -= 60;
  p.right(right, y, 12.5, doc.office_name);
  y -= 30;
  const chief = doc.chief;
  p.right(right - 34, y, 12.5, chief);
  p.rect(right - 26, y - 8, 26, 26, 0.8);
  p.text(right - 19, y + 1, 12, "印");

  p.line(left, 90, right, 90, 0.5);
  p.text(left, 72, 9.5, `${doc.office_name}　${doc.office_address}　電話 ${doc.office_phone}`);
  return p;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function toUnicodeCMap(used: number[]): string {
  const rev = new Map<number, string>();
  for (const [ch, g] of Object.entries(FONT.cmap)) if (!rev.has(g)) rev.set(g, ch);
  const entries = used
    .filter((g) => rev.has(g))
    .map((g) => {
      const cp = rev.get(g)!;
      const u = [...cp].map((c) => {
        const code = c.codePointAt(0)!;
        if (code < 0x10000) return hex(code);
        const v = code - 0x10000;
        return hex(0xd800 + (v >> 10)) + hex(0xdc00 + (v & 0x3ff));
      });
      return `<${hex(g)}> <${u.join("")}>`;
    });
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    chunks.push(`${part.length} beginbfchar\n${part.join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
    ...chunks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}

/** A complete PDF (bytes) for one certificate. Same snapshot + flag → same bytes. */
export function certificatePdf(doc: CertificateSnapshot, reissue: boolean): Uint8Array {
  const page = drawCertificate(doc, reissue);
  const content = enc.encode(page.ops.join("\n"));
  const fontFile = fromBase64(FONT.ttf_base64);
  const used = [...page.used].sort((a, b) => a - b);
  const widths = used.map((g) => `${g} [${FONT.widths[g] ?? 1000}]`).join(" ");
  const cmap = enc.encode(toUnicodeCMap(used));
  const name = `/MDGMCK+${FONT.name}`;
  const title = reissue ? "保護受給証明書（再発行）" : "保護受給証明書";
  const titleHex = "FEFF" + [...title].map((c) => hex(c.charCodeAt(0))).join("");

  // objects as [header, stream?]
  const objects: [string, Uint8Array?][] = [
    ["<< /Type /Catalog /Pages 2 0 R >>"],
    ["<< /Type /Pages /Kids [3 0 R] /Count 1 >>"],
    [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
    ],
    [`<< /Length ${content.length} >>`, content],
    [`<< /Type /Font /Subtype /Type0 /BaseFont ${name} /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 9 0 R >>`],
    [
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont ${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 /W [${widths}] /CIDToGIDMap /Identity >>`,
    ],
    [
      `<< /Type /FontDescriptor /FontName ${name} /Flags 4 /FontBBox [${FONT.bbox.join(" ")}] /ItalicAngle 0 /Ascent ${FONT.ascent} /Descent ${FONT.descent} /CapHeight ${FONT.ascent} /StemV 80 /FontFile2 8 0 R >>`,
    ],
    [`<< /Length ${fontFile.length} /Length1 ${fontFile.length} >>`, fontFile],
    [`<< /Length ${cmap.length} >>`, cmap],
    [`<< /Title <${titleHex}> /Producer (madoguchi mock) >>`],
  ];

  // the binary comment must be bytes ≥ 0x80, not UTF-8 text
  const parts: Uint8Array[] = [concat([enc.encode("%PDF-1.7\n%"), new Uint8Array([0xe2, 0xe3, 0xcf, 0xd3]), enc.encode("\n")])];
  let offset = parts[0].length;
  const offsets: number[] = [];
  objects.forEach(([head, stream], i) => {
    offsets.push(offset);
    const chunk = stream
      ? concat([enc.encode(`${i + 1} 0 obj\n${head}\nstream\n`), stream, enc.encode("\nendstream\nendobj\n")])
      : enc.encode(`${i + 1} 0 obj\n${head}\nendobj\n`);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>`,
    "startxref",
    String(offset),
    "%%EOF",
    "",
  ].join("\n");
  parts.push(enc.encode(xref));
  return concat(parts);
}
