// 和暦 helpers for the in-memory demo backend ONLY. The real UI never computes an era: the
// core sends every date with its `_wareki` text and parses typed dates (`parse_date`).

const ERAS = [
  { name: "令和", letter: "R", start: "2019-05-01" },
  { name: "平成", letter: "H", start: "1989-01-08" },
  { name: "昭和", letter: "S", start: "1926-12-25" },
  { name: "大正", letter: "T", start: "1912-07-30" },
  { name: "明治", letter: "M", start: "1868-01-25" },
];

const pad = (n: number) => String(n).padStart(2, "0");

export function isoOf(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function toWareki(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  const era = ERAS.find((e) => iso.slice(0, 10) >= e.start);
  if (!era) return `${y}年${m}月${d}日`;
  const ey = y - Number(era.start.slice(0, 4)) + 1;
  return `${era.name}${ey === 1 ? "元" : ey}年${m}月${d}日`;
}

function toHalfWidth(s: string): string {
  return s
    .replace(/[０-９Ａ-Ｚａ-ｚ．／－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[ー―‐]/g, "-")
    .trim();
}

/** Accepts 2025-04-01, 2025/4/1, 20250401, R7.4.1, R07/04/01, 令和7年4月1日, 令和元年5月1日. */
export function parseDateText(text: string): string | null {
  const s = toHalfWidth(text);
  let m = s.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/) ?? s.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (m) return isoOf(+m[1], +m[2], +m[3]);
  m = s.match(/^(\d{4})年(\d{1,2})月(\d{1,2})日?$/);
  if (m) return isoOf(+m[1], +m[2], +m[3]);
  m = s.match(/^([RHSTMrhstm])\s*(\d{1,2}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  let era = m ? ERAS.find((e) => e.letter === m![1].toUpperCase()) : undefined;
  if (!m) {
    m = s.match(/^(令和|平成|昭和|大正|明治)\s*(\d{1,2}|元)年(\d{1,2})月(\d{1,2})日?$/);
    era = m ? ERAS.find((e) => e.name === m![1]) : undefined;
  }
  if (!m || !era) return null;
  const ey = m[2] === "元" ? 1 : +m[2];
  const iso = isoOf(Number(era.start.slice(0, 4)) + ey - 1, +m[3], +m[4]);
  if (!iso || iso < era.start) return null;
  const idx = ERAS.indexOf(era);
  if (idx > 0 && iso >= ERAS[idx - 1].start) return null; // past the era's end
  return iso;
}

export function ageOn(birthIso: string, todayIso: string): number {
  const [by, bm, bd] = birthIso.split("-").map(Number);
  const [ty, tm, td] = todayIso.split("-").map(Number);
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age--;
  return age;
}
