#!/usr/bin/env python3
"""Peer benchmark: the 保護受給証明書 page of Madoguchi drawn with reportlab and the same IPAex
TTFs (reportlab subsets embedded TrueType fonts itself), N times, one process, one core.

Not a test. Called by `benches/print_certificates.rs` (or by hand):

    python3 benches/peers/reportlab_certificate.py [N] [out.pdf]

Prints one JSON line: {"pages": N, "seconds": s, "pages_per_sec": p, "bytes_per_page": b}.
Font parsing happens once before the clock starts, as it does in Madoguchi (OnceLock).
"""
import io
import json
import os
import sys
import time

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
pdfmetrics.registerFont(TTFont("IPAexMincho", os.path.join(ROOT, "assets/fonts/ipaexm.ttf")))
pdfmetrics.registerFont(TTFont("IPAexGothic", os.path.join(ROOT, "assets/fonts/ipaexg.ttf")))

W, H = 210 * mm, 297 * mm


def y(top_mm):
    return H - top_mm * mm


def text(c, x, top, s, font, size, align="left", width=0.0, bold=False):
    w = pdfmetrics.stringWidth(s, font, size) / mm
    if align == "center":
        x = x + (width - w) / 2
    elif align == "right":
        x = x + width - w
    if bold:
        c.saveState()
        c.setLineWidth(size * 0.03)
        t = c.beginText(x * mm, y(top))
        t.setTextRenderMode(2)
        t.setFont(font, size)
        t.textOut(s)
        c.drawText(t)
        c.restoreState()
    else:
        c.setFont(font, size)
        c.drawString(x * mm, y(top), s)


def distributed(c, x, top, width, s, font, size, bold=False):
    w = pdfmetrics.stringWidth(s, font, size) / mm
    n = len(s)
    if n < 2 or w >= width:
        return text(c, x, top, s, font, size, "center", width, bold)
    gap = (width - w) / (n - 1)
    c.setFont(font, size)
    if bold:
        c.saveState()
        c.setLineWidth(size * 0.03)
    t = c.beginText(x * mm, y(top))
    if bold:
        t.setTextRenderMode(2)
    t.setFont(font, size)
    t.setCharSpace(gap * mm)
    t.textOut(s)
    t.setCharSpace(0)
    c.drawText(t)
    if bold:
        c.restoreState()


def certificate(i):
    return {
        "issue_number": f"窓福第{i}号",
        "kana": "マドグチ　ハナコ",
        "name": "窓口　花子",
        "birth": "昭和33年7月14日",
        "address": "窓口町本町一丁目2番3号　窓口荘101号室",
        "period": "令和元年5月1日 〜 継続中",
        "aids": "生活扶助・住宅扶助・医療扶助",
        "issued": "令和7年4月1日",
        "office": "窓口町福祉事務所",
        "chief": "窓口町福祉事務所長　役場　太郎",
        "address_line": "窓口町福祉事務所　〒999-0001 窓口町役場通り1番地",
        "phone": "電話 0123-45-6789",
    }


def draw(cert):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H), invariant=1, pageCompression=1)
    left, right = 25.0, 185.0
    text(c, left, 24, cert["issue_number"], "IPAexMincho", 11, "right", right - left)
    distributed(c, 60, 50, 90, "保護受給証明書", "IPAexGothic", 22, bold=True)

    rows = [
        (9, "フリガナ", cert["kana"], 9),
        (15, "氏名", cert["name"], 15),
        (12, "生年月日", cert["birth"], 12),
        (18, "住所", cert["address"], 12),
        (14, "保護の期間", cert["period"], 12),
        (18, "扶助の種類", cert["aids"], 12),
    ]
    top = 68.0
    label_w, value_w = 38.0, right - left - 38.0
    for h, label, value, size in rows:
        c.setFillGray(0.9)
        c.rect(left * mm, y(top + h), label_w * mm, h * mm, stroke=0, fill=1)
        c.setFillGray(0)
        c.setLineWidth(0.4)
        c.rect(left * mm, y(top + h), label_w * mm, h * mm)
        c.rect((left + label_w) * mm, y(top + h), value_w * mm, h * mm)
        lsize = 11 / 72 * 25.4
        tw = min(label_w - 4, lsize * 5)
        distributed(c, left + (label_w - tw) / 2, top + h / 2 + lsize * 0.36, tw, label, "IPAexGothic", 11)
        vs = size / 72 * 25.4
        text(c, left + label_w + 2, top + h / 2 + vs * 0.36, value, "IPAexMincho", size)
        top += h
    c.setLineWidth(1.2)
    c.rect(left * mm, y(top), (right - left) * mm, (top - 68.0) * mm)

    yy = top + 18
    text(c, left + 5, yy, "上記の者は、生活保護法による保護を受けていることを証明します。", "IPAexMincho", 12.5)
    yy += 20
    text(c, left + 10, yy, cert["issued"], "IPAexMincho", 12.5)
    yy += 22
    text(c, left, yy, cert["office"], "IPAexMincho", 12.5, "right", right - left - 18)
    yy += 13
    seal = 16.0
    text(c, left, yy, cert["chief"], "IPAexMincho", 14, "right", right - left - seal - 2)
    c.setLineWidth(0.4)
    c.circle((right - seal / 2) * mm, y(yy - 1.8), seal / 2 * mm)
    seal_font_mm = seal * 0.38
    text(c, right - seal / 2, yy - 1.8 + seal_font_mm * 0.36, "印", "IPAexMincho", seal_font_mm * 72 / 25.4, "center", 0)

    c.line(left * mm, y(262), right * mm, y(262))
    text(c, left, 268, cert["address_line"], "IPAexMincho", 9.5)
    text(c, left, 274, cert["phone"], "IPAexMincho", 9.5)
    c.showPage()
    c.save()
    return buf.getvalue()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = sys.argv[2] if len(sys.argv) > 2 else None
    draw(certificate(0))  # warm-up (first use of the fonts builds their tables)
    total = 0
    start = time.perf_counter()
    for i in range(n):
        pdf = draw(certificate(i + 1))
        total += len(pdf)
    seconds = time.perf_counter() - start
    if out:
        with open(out, "wb") as f:
            f.write(draw(certificate(1)))
    print(json.dumps({"pages": n, "seconds": seconds, "pages_per_sec": n / seconds, "bytes_per_page": total / n}))


if __name__ == "__main__":
    main()
