#!/usr/bin/env python3
"""Build the shipped national rate sets (data/rates/national-*) from the research files.

Usage: python3 data/rates/build_national.py ../shared/research/rates-2026 data/rates

The research directory (research/rates-2026/README.md) holds each table as read from its
source, with its trust level. This script only re-shapes those figures into the rate-set format
of docs/rate-tables.md; it never computes a figure, except where the research states the rule:
  - 基礎控除 above 231,000 yen: "+400 (1人目) / +340 (2人目以降) per 4,000 yen" (kinro_kojo.md),
    written out as bands up to 999,999 yen, the last band open.
Tables the research marks as conflicting or low (障害者加算, 教育扶助, 妊産婦加算, 在宅患者加算,
放射線障害者加算, 介護施設入所者加算) are not written: the manifests list them in
`office_imports`. The generated files are committed; run this again only when the research
changes, and review the diff.
"""

import csv
import os
import re
import sys

GRADES = ["1-1", "1-2", "2-1", "2-2", "3-1", "3-2"]
GRADE_LABELS = ["1級地-1", "1級地-2", "2級地-1", "2級地-2", "3級地-1", "3級地-2"]
REGIONS = {"Ⅰ区": 1, "Ⅱ区": 2, "Ⅲ区": 3, "Ⅳ区": 4, "Ⅴ区": 5, "Ⅵ区": 6}
PREFECTURES = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
]


def rows(path):
    """Data rows of a research CSV (comment lines dropped), header first."""
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    return list(csv.reader(lines))


def age_band(label):
    """'0歳～2歳' / '18歳・19歳' / '75歳以上' / '0～2' / '75～' → (from, to or '')."""
    nums = [int(n) for n in re.findall(r"\d+", label)]
    if "以上" in label or label.endswith("～"):
        return nums[0], ""
    return nums[0], nums[-1]


def write(path, header, body, comments):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for c in comments:
            f.write(f"# {c}\n")
        for r in body:
            f.write(",".join(str(x) for x in r) + "\n")


def daiichi(research, frm, src):
    t = rows(os.path.join(research, "dai1.csv"))
    out = []
    for grade_i, grade in enumerate(GRADES):
        assert t[0][1 + grade_i] == GRADE_LABELS[grade_i]
        for r in t[1:]:
            a, b = age_band(r[0])
            out.append([frm, "", "r5", grade, a, b, int(r[1 + grade_i]), src])
    return out


def teigen_daini(research, frm, src):
    t = rows(os.path.join(research, "dai2_teigen.csv"))[1:]
    teigen, daini = [], []
    for r in t:
        if r[0].startswith("10人以上"):
            teigen.append([frm, "", "r5", 10, "", r[2], src])
            per_extra = int(r[1])
        else:
            n = int(r[0])
            teigen.append([frm, "", "r5", n, n, r[2], src])
            daini.append([n, int(r[1])])
    # 第2類 is common to all 級地; the 9人 row carries the per-person addition from 10 persons.
    d = [[frm, "", "r5", "*", n, n if n < 9 else "", a, per_extra if n == 9 else 0, src] for n, a in daini]
    return teigen, d


def sized(values, per_extra):
    """[v1..v9] + per-extra → (size_from, size_to, amount, per_extra) rows."""
    return [(n, n if n < 9 else "", v, per_extra if n == 9 else 0) for n, v in enumerate(values, 1)]


def toki(research, frm, src):
    t = rows(os.path.join(research, "touki.csv"))[1:]
    body, months = [], []
    for r in t:
        region = REGIONS[r[0]]
        m = re.findall(r"\d+", r[1])
        months.append([frm, "", region, int(m[0]), int(m[1]), src])
        for a, b, v, x in sized([int(v) for v in r[2:11]], int(r[11])):
            body.append([frm, "", region, "*", a, b, v, x, src])
    return body, months


def toki_regions(research, frm, src):
    t = rows(os.path.join(research, "touki_regions.csv"))[1:]
    named = {r[0]: REGIONS[r[1]] for r in t if not r[0].startswith("(")}
    other = [REGIONS[r[1]] for r in t if r[0].startswith("(")]
    assert other == [6], other
    return [[frm, "", p, named.get(p, 6), src] for p in PREFECTURES]


def kimatsu(research, frm, src):
    t = rows(os.path.join(research, "kimatsu.csv"))[1:]
    body = []
    for r in t:
        grade = GRADES[GRADE_LABELS.index(r[0])]
        for a, b, v, x in sized([int(v) for v in r[1:10]], int(r[10])):
            body.append([frm, "", grade, a, b, v, x, src])
    return body


def keika_2026_04(research, frm, to, src):
    """別表(1) of MHLW's 算出方法（令和8年4月）: sizes 1–5 only (no 6+ in the source)."""
    t = rows(os.path.join(research, "keika_2026-04_to_2026-09.csv"))
    assert t[0][2:] == GRADE_LABELS
    body = []
    for grade_i, grade in enumerate(GRADES):
        for r in t[1:]:
            n = int(r[0])
            a, b = age_band(r[1])
            body.append([frm, to, "r5", "hontai", grade, n, n, a, b, int(r[2 + grade_i]), src])
    return body


def keika_2026_10(research, frm, src):
    t = rows(os.path.join(research, "keika_from_2026-10.csv"))
    body = []
    for r in t[1:]:
        grade = GRADES[GRADE_LABELS.index(r[0])]
        a, b = age_band(r[1])
        for n, v in enumerate(r[2:], 1):
            body.append([frm, "", "r5", "hontai", grade, n, n if n < 10 else "", a, b, int(v), src])
    return body


def jutaku(research, frm, src):
    pref = rows(os.path.join(research, "jutaku_prefecture.csv"))
    city = rows(os.path.join(research, "jutaku_city.csv"))
    sizes = [(1, 1), (2, 2), (3, 5), (6, 6), (7, "")]
    body = []
    for r in pref[1:]:
        for (a, b), v in zip(sizes, r[2:]):
            body.append([frm, "", r[0], r[1], a, b, int(v), src])
    for r in city[1:]:
        for (a, b), v in zip(sizes, r[1:]):
            body.append([frm, "", r[0], "*", a, b, int(v), src])
    return body


def kinro_kiso(research, frm, src):
    text = open(os.path.join(research, "kinro_kojo.md"), encoding="utf-8").read()
    bands = [
        [int(a), int(b), c, d]
        for a, b, c, d in re.findall(r"\[(\d+),(\d+),(null|\d+),(null|\d+)\]", text)
    ]
    assert "4,000円増加するごとに、1人目については400円、2人目以降については340円" in text
    body = []
    for lo, hi, first, second in bands:
        # null = 全額控除: the deduction equals the income, i.e. the band's upper bound caps it.
        f = hi if first == "null" else int(first)
        s = hi if second == "null" else int(second)
        body.append([frm, "", lo, hi, f, s, src])
    last_first, last_second, lo = body[-1][4], body[-1][5], body[-1][3] + 1
    assert lo == 231000, lo
    k = 1
    while lo < 1_000_000:
        hi = lo + 3999
        top = "" if hi + 1 >= 1_000_000 else hi
        body.append([frm, "", lo, top, last_first + 400 * k, last_second + 340 * k, src])
        lo, k = hi + 1, k + 1
    return body


def kasan(frm, to, tokurei, tokurei_src, boshi_src, kinro_src):
    body = [[frm, to, "tokurei", "*", tokurei, tokurei_src]]
    # 母子加算 by 級地 group (1級地 / 2級地 / 3級地): 児童1人, 2人, 3人目以降1人につき.
    for g, (one, two, add) in zip("123", [(18800, 23600, 2900), (17400, 21800, 2700), (16100, 20200, 2500)]):
        body += [
            [frm, to, "boshi_1", g, one, boshi_src],
            [frm, to, "boshi_2", g, two, boshi_src],
            [frm, to, "boshi_add", g, add, boshi_src],
        ]
    body += [
        [frm, to, "jido_yoiku", "*", 10190, boshi_src],
        [frm, to, "shinki_shuro", "*", 12900, kinro_src],
        [frm, to, "miseinen", "*", 11900, kinro_src],
    ]
    return body


def main(research, out_root):
    common = "居宅の生活扶助・住宅扶助・勤労控除の国の基準。数字は research/rates-2026 の各表をそのまま並べ替えたもの（tools/build_national.py）"
    sets = [
        dict(dir="national-2025-10", frm="2025-10-01", to="2026-09-30", tokurei=1500,
             tokurei_src="tokurei-r7", keika="santei-r8-04"),
        dict(dir="national-2026-10", frm="2026-10-01", to="2027-09-30", tokurei=2500,
             tokurei_src="kokuji-158", keika="kokuji-158"),
    ]
    for s in sets:
        d = os.path.join(out_root, s["dir"])
        os.makedirs(d, exist_ok=True)
        frm, to = s["frm"], s["to"]
        write(os.path.join(d, "daiichi.csv"), ["valid_from", "valid_to", "scheme", "grade", "age_from", "age_to", "amount", "source"],
              daiichi(research, frm, "kokuji-158"), ["生活扶助 第1類（居宅、月額・1人当たり）: 告示第158号 別表第1 第1章（令和5年10月以降の構造）", common])
        teigen, daini = teigen_daini(research, frm, "kokuji-158")
        write(os.path.join(d, "teigen.csv"), ["valid_from", "valid_to", "scheme", "size_from", "size_to", "rate", "source"],
              teigen, ["逓減率: 告示第158号 別表第1 第1章; 10人以上は 0.5"])
        write(os.path.join(d, "daini.csv"), ["valid_from", "valid_to", "scheme", "grade", "size_from", "size_to", "amount", "per_extra", "source"],
              daini, ["第2類（世帯当たり）: 告示第158号、6級地共通（*）; 9人の行の per_extra は「10人以上1人を増すごとに加算する額」"])
        if s["keika"] == "santei-r8-04":
            keika = keika_2026_04(research, frm, "", "santei-r8-04")
            note = ["生活扶助本体に係る経過的加算（1人当たり）: 厚生労働省「生活扶助基準額の算出方法（令和8年4月）」別表(1)",
                    "資料には5人世帯までしかないため、6人以上の世帯の額は収録していません（manifest の office_imports）"]
        else:
            keika = keika_2026_10(research, frm, "kokuji-158")
            note = ["生活扶助本体に係る経過的加算（1人当たり）: 告示第158号（令和8年6月11日 告示第245号 反映）; 10人以上は最後の列"]
        write(os.path.join(d, "keikateki.csv"), ["valid_from", "valid_to", "scheme", "kind", "grade", "size_from", "size_to", "age_from", "age_to", "amount", "source"],
              keika, note)
        body, months = toki(research, frm, "kokuji-158")
        write(os.path.join(d, "toki.csv"), ["valid_from", "valid_to", "region", "grade", "size_from", "size_to", "amount", "per_extra", "source"],
              body, ["冬季加算（居宅、月額）: 告示第158号、6級地共通（*）; region 1〜6 = Ⅰ区〜Ⅵ区"])
        write(os.path.join(d, "toki_months.csv"), ["valid_from", "valid_to", "region", "month_from", "month_to", "source"],
              months, ["冬季加算の支給月: Ⅰ・Ⅱ区 10月〜4月、Ⅲ・Ⅳ区 11月〜4月、Ⅴ・Ⅵ区 11月〜3月（告示第158号）"])
        write(os.path.join(d, "toki_regions.csv"), ["valid_from", "valid_to", "prefecture", "region", "source"],
              toki_regions(research, frm, "kokuji-158"), ["冬季加算の地区区分（都道府県 → Ⅰ区〜Ⅵ区）: 告示第158号; 名前のない都府県は Ⅵ区"])
        write(os.path.join(d, "kimatsu.csv"), ["valid_from", "valid_to", "grade", "size_from", "size_to", "amount", "per_extra", "source"],
              kimatsu(research, frm, "kokuji-158"), ["期末一時扶助（12月、居宅）: 告示第158号"])
        write(os.path.join(d, "jutaku.csv"), ["valid_from", "valid_to", "area", "grade", "size_from", "size_to", "amount", "source"],
              jutaku(research, frm, "jutaku-h27"), ["住宅扶助 上限額: 平成27年4月14日 社援発0414第9号 別表; 都道府県 × 級地（1/2/3）と指定都市・中核市（*）",
                                                    "15㎡以下の減額・特別基準は収録していません"])
        write(os.path.join(d, "kinro_kiso.csv"), ["valid_from", "valid_to", "income_from", "income_to", "first", "second", "source"],
              kinro_kiso(research, frm, "kinro-jikan"), ["勤労控除 基礎控除額表（月額）: 次官通知 別表; 1人目=最も収入の多い者、2人目以降=その他",
                                                       "全額控除の区分は、控除額を区分の上限額として書いています（収入がそれ以下なので全額が控除される）",
                                                       "231,000円以上は「4,000円増すごとに1人目400円・2人目以降340円を加算」を999,999円まで展開し、最後の区分は上限なし"])
        write(os.path.join(d, "kasan.csv"), ["valid_from", "valid_to", "kind", "grade", "amount", "source"],
              kasan(frm, "", s["tokurei"], s["tokurei_src"], "kasan-secondary", "kinro-jikan"),
              ["特例加算（居宅、1人当たり）・母子加算・児童養育加算・新規就労控除・未成年者控除",
               "障害者加算・妊産婦加算・在宅患者加算・放射線障害者加算・介護施設入所者加算は収録していません（manifest の office_imports）"])
    print("written:", ", ".join(s["dir"] for s in sets))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
