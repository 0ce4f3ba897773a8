import { describe, expect, it } from "vitest";
import { certificatePdf, type CertificateSnapshot } from "./certificate";

const doc: CertificateSnapshot = {
  issue_number: "第 2025-0001 号",
  issue_date_wareki: "令和7年6月2日",
  name: "山本 和夫",
  kana: "ヤマモト カズオ",
  birth_date_wareki: "昭和33年6月12日",
  address: "東京都みどり町中央2-3-4 みどり荘101",
  period: "令和7年4月1日 〜 継続中",
  aids: ["生活扶助", "住宅扶助"],
  purpose: "年金の手続き",
  office_name: "みどり町福祉事務所",
  chief: "福祉事務所長　山田 一郎",
  office_address: "〒100-0001 東京都みどり町本町1-1",
  office_phone: "03-0000-0000",
};

const latin1 = (b: Uint8Array) => Array.from(b, (c) => String.fromCharCode(c)).join("");

describe("the mock's certificate PDF", () => {
  it("is a well-formed one-page PDF whose xref points at its objects", () => {
    const pdf = certificatePdf(doc, false);
    const text = latin1(pdf);
    expect(text.startsWith("%PDF-1.7\n")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe("xref");
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(10);
    offsets.forEach((o, i) => expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    expect(text).toContain("/Count 1");
    expect(text).toContain("/FontFile2");
  });

  it("is the same bytes for the same snapshot, and differs for the 再発行 version", () => {
    expect(certificatePdf(doc, false)).toEqual(certificatePdf(doc, false));
    expect(certificatePdf(doc, true)).not.toEqual(certificatePdf(doc, false));
  });
});
