//! The shipped national sets (`data/rates/national-*`) against MHLW's own figures.
//!
//! **Source of the expected totals**: 厚生労働省 第55回社会保障審議会生活保護基準部会（令和8年2月
//! 27日）資料4「令和8年度生活扶助基準の見直しについて」p.3「世帯類型ごとの生活扶助基準額」,
//! https://www.mhlw.go.jp/content/12002000/001662704.pdf — columns 「令和7年度基準」 (in force
//! 2025-10 … 2026-09: 特例加算 1,500) and 「令和8年度基準案」 (from 2026-10: 特例加算 2,500), for
//! 9 household types × 1級地-1 / 2級地-1 / 3級地-2. The PDF itself could not be read here (the
//! `search` tool holds no copy); the 54 figures are as transcribed in the public project
//! Ailiber1/seikatsuhogo, data/kijun_r8.json @99a4192 (`model_households`), whose own check
//! (scripts/verify_hogohi.py) reproduces them from the tables. They are 生活扶助本体 only: 第1類 ×
//! 逓減率 + 第2類 + 特例加算 + 生活扶助本体に係る経過的加算 — no 冬季加算, no other 加算. So the
//! households below live in a Ⅵ区 prefecture and are computed in September / October, when Ⅵ区
//! has no 冬季加算.
//!
//! Figures *with* 冬季加算, rent or income (the January households at the end) have no MHLW total
//! we could find: they are built by hand from the tables, every step written out.

use super::*;
use crate::calc::minimum::minimum_cost;
use std::path::Path;

fn national(version: &str) -> RateSet {
    rates::load_dir(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/rates")
            .join(version),
    )
    .expect("the shipped set loads")
}

/// A member of the age band's middle on the test dates (2026-09-15 and 2026-10-15).
fn born_for_band(band: &str) -> NaiveDate {
    d(match band {
        "3～5" => "2022-04-10",   // 4
        "6～11" => "2017-04-10",  // 9
        "12～17" => "2012-04-10", // 14
        "20～40" => "1991-04-10", // 35
        "41～59" => "1981-04-10", // 45
        "65～69" => "1960-04-10", // 66
        "75～" => "1950-04-10",   // 76
        other => panic!("no test age for {other}"),
    })
}

/// 資料4 p.3: (household, member age bands, [(grade, 令和7年度基準, 令和8年度基準案)]).
/// (grade, 令和7年度基準, 令和8年度基準案)
type Cells = [(Grade, i64, i64); 3];

const MODEL_HOUSEHOLDS: &[(&str, &[&str], Cells)] = &[
    (
        "夫婦子1人（30代夫婦・子3〜5歳）",
        &["20～40", "20～40", "3～5"],
        [
            (Grade::G1_1, 153_400, 156_060),
            (Grade::G2_1, 145_790, 148_790),
            (Grade::G3_2, 135_410, 138_410),
        ],
    ),
    (
        "夫婦子2人（40代夫婦・中学生・小学生）",
        &["41～59", "41～59", "12～17", "6～11"],
        [
            (Grade::G1_1, 181_760, 184_760),
            (Grade::G2_1, 171_260, 175_260),
            (Grade::G3_2, 158_760, 162_760),
        ],
    ),
    (
        "高齢夫婦（65歳）",
        &["65～69", "65～69"],
        [
            (Grade::G1_1, 121_900, 123_900),
            (Grade::G2_1, 116_230, 118_230),
            (Grade::G3_2, 108_160, 110_160),
        ],
    ),
    (
        "高齢単身（65歳）",
        &["65～69"],
        [
            (Grade::G1_1, 76_880, 76_880),
            (Grade::G2_1, 72_490, 73_490),
            (Grade::G3_2, 67_850, 68_850),
        ],
    ),
    (
        "高齢夫婦（75歳）",
        &["75～", "75～"],
        [
            (Grade::G1_1, 112_390, 112_470),
            (Grade::G2_1, 105_620, 107_620),
            (Grade::G3_2, 98_680, 100_680),
        ],
    ),
    (
        "高齢単身（75歳）",
        &["75～"],
        [
            (Grade::G1_1, 71_900, 71_900),
            (Grade::G2_1, 66_390, 67_390),
            (Grade::G3_2, 62_400, 63_400),
        ],
    ),
    (
        "母子（30代親・小学生）",
        &["20～40", "6～11"],
        [
            (Grade::G1_1, 122_700, 124_310),
            (Grade::G2_1, 116_610, 118_610),
            (Grade::G3_2, 108_500, 110_500),
        ],
    ),
    (
        "母子（40代親・中学生・小学生）",
        &["41～59", "12～17", "6～11"],
        [
            (Grade::G1_1, 156_260, 159_230),
            (Grade::G2_1, 148_730, 151_730),
            (Grade::G3_2, 138_040, 141_040),
        ],
    ),
    (
        "若年単身（50代）",
        &["41～59"],
        [
            (Grade::G1_1, 77_240, 77_240),
            (Grade::G2_1, 72_930, 73_930),
            (Grade::G3_2, 68_240, 69_240),
        ],
    ),
];

fn model(grade: Grade, bands: &[&str]) -> HouseholdSituation {
    HouseholdSituation {
        members: bands
            .iter()
            .map(|b| MemberSituation::born(born_for_band(b)))
            .collect(),
        grade,
        prefecture: Some("東京都".into()), // Ⅵ区: no 冬季加算 in September or October
        winter_region: None,
        housing_area: None,
        rent_yen: 0,
        incomes: vec![],
        care_cost_yen: 0,
        medical_cost_yen: 0,
    }
}

/// 生活扶助本体 of a result: the lines MHLW's model figures add up (第1類 × 逓減率, 第2類,
/// 特例加算, 生活扶助本体に係る経過的加算) — not the 児童養育加算 the calculation adds for a child.
fn hontai(r: &CalcResult) -> i64 {
    r.lines
        .iter()
        .filter(|l| l.counted)
        .filter(|l| {
            [
                "第1類計",
                "第2類",
                "特例加算",
                "生活扶助本体に係る経過的加算",
            ]
            .iter()
            .any(|p| l.label.starts_with(p))
        })
        .map(|l| l.amount_yen)
        .sum()
}

/// All 54 of MHLW's model figures, to the yen: 27 with the set in force until 2026-09-30, 27
/// with the set from 2026-10-01.
#[test]
fn mhlw_model_households_to_the_yen() {
    let r7 = national("national-2025-10");
    let r8 = national("national-2026-10");
    let mut checked = 0;
    for (name, bands, cells) in MODEL_HOUSEHOLDS {
        for &(grade, until_sep, from_oct) in cells {
            let hh = model(grade, bands);
            // MHLW's 母子 households are 生活扶助本体 only: no 母子加算 flag here.
            let a = calculate(&r7, &hh, d("2026-09-15")).unwrap();
            let b = calculate(&r8, &hh, d("2026-10-15")).unwrap();
            assert_eq!(
                hontai(&a),
                until_sep,
                "{name} {} 令和7年度基準",
                grade.label()
            );
            assert_eq!(
                hontai(&b),
                from_oct,
                "{name} {} 令和8年度基準案",
                grade.label()
            );
            // Nothing else is in these totals but the 児童養育加算 of each child.
            let children = hh
                .members
                .iter()
                .filter(|m| m.birth_date > d("2008-04-01"))
                .count() as i64;
            assert_eq!(b.minimum_total_yen, from_oct + 10_190 * children, "{name}");
            checked += 2;
        }
    }
    assert_eq!(checked, 54);
}

/// The two-step rounding decides this one: 高齢夫婦（65歳）1級地-1, 令和7年度基準 121,900.
/// 第1類 46,460 × 2 = 92,920 × 0.87 = 80,840.4 → 80,840 → 80,840 (the exact product rounded up
/// would be 80,850 and the total 121,910). + 第2類 2人 38,060 + 特例加算 1,500 × 2 = 121,900.
#[test]
fn the_two_step_rounding_is_what_mhlw_does() {
    let r = minimum_cost(
        &national("national-2025-10"),
        &model(Grade::G1_1, &["65～69", "65～69"]),
        d("2026-09-15"),
    )
    .unwrap();
    let product = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("第1類計"))
        .unwrap();
    assert_eq!(product.amount_yen, 80_840);
    assert_eq!(
        product.note,
        "92,920 × 0.87 = 80,840.4 → 80,840 → 80,840（1円未満切り捨て・10円未満切り上げ）"
    );
    assert_eq!(r.total_yen, 121_900);
}

/// The switch: the same household on 2026-09-30 (特例加算 1,500, 経過的加算 of 令和8年4月) and on
/// 2026-10-01 (特例加算 2,500, each 経過的加算 reduced by min(1,000, amount), 告示第245号).
/// 若年単身（50代）1級地-1: 46,930 + 27,790 = 74,720; then 1,500 + 1,020 = 77,240 on 30
/// September; then 2,500 + 20 = 77,240 on 1 October (MHLW 資料4: unchanged). 高齢単身（65歳）
/// 3級地-2: 38,560 + 27,790 = 66,350; then 1,500 + 0 = 67,850, and 2,500 + 0 = 68,850.
#[test]
fn the_2026_09_30_to_10_01_switch() {
    let r7 = national("national-2025-10");
    let r8 = national("national-2026-10");
    assert!(r7.covers_date(d("2026-09-30")) && !r7.covers_date(d("2026-10-01")));
    assert!(r8.covers_date(d("2026-10-01")) && !r8.covers_date(d("2026-09-30")));
    let young = model(Grade::G1_1, &["41～59"]);
    let a = minimum_cost(&r7, &young, d("2026-09-30")).unwrap();
    let b = minimum_cost(&r8, &young, d("2026-10-01")).unwrap();
    let amount = |m: &MinimumCost, label: &str| {
        m.lines
            .iter()
            .filter(|l| l.label.starts_with(label))
            .map(|l| l.amount_yen)
            .sum::<i64>()
    };
    assert_eq!(
        (
            amount(&a, "特例加算"),
            amount(&a, "生活扶助本体に係る経過的加算")
        ),
        (1_500, 1_020)
    );
    assert_eq!(
        (
            amount(&b, "特例加算"),
            amount(&b, "生活扶助本体に係る経過的加算")
        ),
        (2_500, 20)
    );
    assert_eq!((a.total_yen, b.total_yen), (77_240, 77_240));
    let old = model(Grade::G3_2, &["65～69"]);
    assert_eq!(
        minimum_cost(&r7, &old, d("2026-09-30")).unwrap().total_yen,
        67_850
    );
    assert_eq!(
        minimum_cost(&r8, &old, d("2026-10-01")).unwrap().total_yen,
        68_850
    );
    // Each set refuses the other's dates.
    assert_eq!(
        calculate(&r7, &old, d("2026-10-01")).unwrap_err().code(),
        "RATE_INCOMPLETE"
    );
    assert_eq!(
        calculate(&r8, &old, d("2026-09-30")).unwrap_err().code(),
        "RATE_INCOMPLETE"
    );
}

/// Every age band boundary of 第1類 (and so of 経過的加算), on the day a member reaches the
/// age (the day before the birthday, 年齢計算ニ関スル法律).
#[test]
fn every_age_band_boundary() {
    let set = national("national-2026-10");
    // (age reached, 第1類 1級地-1 before, after)
    let bounds = [
        (3, 44_580, 44_580),
        (6, 44_580, 46_460),
        (12, 46_460, 49_270),
        (18, 49_270, 46_930),
        (20, 46_930, 46_930),
        (41, 46_930, 46_930),
        (60, 46_930, 46_930),
        (65, 46_930, 46_460),
        (70, 46_460, 46_460),
        (75, 46_460, 39_890),
    ];
    for (age, before, after) in bounds {
        // Born 2026-11-16 minus `age` years: reaches `age` on 2026-11-15.
        let birth = NaiveDate::from_ymd_opt(2026 - age, 11, 16).unwrap();
        let hh = HouseholdSituation {
            members: vec![MemberSituation::born(birth)],
            ..model(Grade::G1_1, &["41～59"])
        };
        let first = |day: &str| {
            minimum_cost(&set, &hh, d(day))
                .unwrap()
                .lines
                .iter()
                .find(|l| l.label.starts_with("第1類（"))
                .unwrap()
                .amount_yen
        };
        assert_eq!(first("2026-11-14"), before, "age {} on the eve", age - 1);
        assert_eq!(first("2026-11-15"), after, "age {age} reached");
    }
}

/// 冬季加算 months at both ends for each kind of season (告示: Ⅰ・Ⅱ区 10月〜4月, Ⅲ・Ⅳ区 11月〜4月,
/// Ⅴ・Ⅵ区 11月〜3月), the region from the prefecture. Single person, national-2026-10.
#[test]
fn winter_months_at_their_boundaries() {
    let set = national("national-2026-10");
    let winter = |pref: &str, day: &str| {
        let mut hh = model(Grade::G3_2, &["41～59"]);
        hh.prefecture = Some(pref.into());
        minimum_cost(&set, &hh, d(day))
            .unwrap()
            .lines
            .iter()
            .find(|l| l.label.starts_with("冬季加算"))
            .map(|l| l.amount_yen)
    };
    // 北海道 Ⅰ区 12,780; 宮城県 Ⅲ区 7,460; 東京都 Ⅵ区 2,630 (1人, 6級地共通).
    assert_eq!(winter("北海道", "2027-09-30"), None);
    assert_eq!(winter("北海道", "2026-10-01"), Some(12_780));
    assert_eq!(winter("北海道", "2027-04-30"), Some(12_780));
    assert_eq!(winter("北海道", "2027-05-01"), None);
    assert_eq!(winter("宮城県", "2026-10-31"), None);
    assert_eq!(winter("宮城県", "2026-11-01"), Some(7_460));
    assert_eq!(winter("宮城県", "2027-04-30"), Some(7_460));
    assert_eq!(winter("東京都", "2026-10-31"), None);
    assert_eq!(winter("東京都", "2026-11-01"), Some(2_630));
    assert_eq!(winter("東京都", "2027-03-31"), Some(2_630));
    assert_eq!(winter("東京都", "2027-04-01"), None);
}

/// Households of 10 and 12 (hand arithmetic from the tables, national-2026-10, 1級地-1, 東京都,
/// January 2027 so 冬季加算 applies; no MHLW total exists for these sizes):
/// - 10 persons: 2 adults of 35 + 8 children of 9: 第1類 46,930 × 2 + 46,460 × 8 = 465,540;
///   × 逓減率 0.5 = 232,770 → 232,770. 第2類 9人 64,670 + 2,760 × 1 = 67,430. 特例加算
///   2,500 × 10 = 25,000. 経過的加算 10人以上: 20〜40歳 4,790 × 2 + 6〜11歳 40 × 8 = 9,900.
///   冬季加算 Ⅵ区 9人 5,560 + 180 × 1 = 5,740. 児童養育加算 10,190 × 8 = 81,520. Total 232,770
///   + 67,430 + 25,000 + 9,900 + 5,740 + 81,520 = 422,360.
/// - 12 persons (2 more children): 第1類 465,540 + 46,460 × 2 = 558,460 × 0.5 = 279,230.
///   第2類 64,670 + 2,760 × 3 = 72,950. 特例加算 30,000. 経過的加算 9,580 + 40 × 10 = 9,980.
///   冬季 5,560 + 180 × 3 = 6,100. 児童養育加算 10,190 × 10 = 101,900. Total 279,230 + 72,950
///   + 30,000 + 9,980 + 6,100 + 101,900 = 500,160.
#[test]
fn households_of_ten_and_more() {
    let set = national("national-2026-10");
    let mut bands = vec!["20～40", "20～40"];
    bands.extend(std::iter::repeat_n("6～11", 8));
    let hh = model(Grade::G1_1, &bands);
    let r = calculate(&set, &hh, d("2027-01-15")).unwrap();
    assert_eq!(r.minimum_total_yen, 422_360);
    let daini = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("第2類"))
        .unwrap();
    assert_eq!(daini.note, "9人 64,670 + 1人増 × 2,760 = 67,430");
    bands.extend(["6～11", "6～11"]);
    let r = calculate(&set, &model(Grade::G1_1, &bands), d("2027-01-15")).unwrap();
    assert_eq!(r.minimum_total_yen, 500_160);
}

/// The 2025-10 set has the 経過的加算 for 1–5 persons only (MHLW's 別表 stops there): it decides
/// a household of 5, and refuses one of 6, saying the office must import the table.
#[test]
fn the_2025_10_set_leaves_six_and_more_to_the_office() {
    let set = national("national-2025-10");
    let five = model(
        Grade::G1_1,
        &["41～59", "41～59", "12～17", "6～11", "6～11"],
    );
    assert!(calculate(&set, &five, d("2026-06-15")).is_ok());
    let mut six = five.clone();
    six.members.push(MemberSituation::born(d("2020-01-01")));
    let e = calculate(&set, &six, d("2026-06-15")).unwrap_err();
    assert_eq!(e.code(), "CALC_OFFICE_TABLE", "{e}");
    assert!(
        e.to_string()
            .contains("6人世帯の生活扶助本体に係る経過的加算"),
        "{e}"
    );
    // The set from 2026-10 has every size.
    assert!(calculate(&national("national-2026-10"), &six, d("2026-10-15")).is_ok());
}

/// A household needing a table the national sets do not carry is refused with the reason.
#[test]
fn what_the_national_sets_leave_to_the_office() {
    let set = national("national-2026-10");
    let mut hh = model(Grade::G1_1, &["41～59"]);
    hh.members[0].facts.disability = Some(situation::DisabilityLevel::A);
    let e = calculate(&set, &hh, d("2026-10-15")).unwrap_err();
    assert_eq!(e.code(), "CALC_OFFICE_TABLE");
    assert!(
        e.to_string().contains("障害者加算は二つの資料で額が異なり"),
        "{e}"
    );
    let mut hh = model(Grade::G1_1, &["41～59", "6～11"]);
    hh.members[1].facts.school = Some(rates::SchoolLevel::Shogakko);
    assert_eq!(
        calculate(&set, &hh, d("2026-10-15")).unwrap_err().code(),
        "CALC_OFFICE_TABLE"
    );
}

/// 母子加算 and 児童養育加算 from the shipped figures: 母子（30代親・小学生）1級地-1 as a lone
/// parent, 2026-10-15: 124,310 (MHLW, 生活扶助本体) + 母子加算 1級地 児童1人 18,800 + 児童養育加算
/// 10,190 = 153,300 (hand arithmetic: no MHLW total with the 加算 was found).
#[test]
fn boshi_and_jido_yoiku_from_the_shipped_figures() {
    let set = national("national-2026-10");
    let mut hh = model(Grade::G1_1, &["20～40", "6～11"]);
    hh.members[0].facts.lone_parent = true;
    assert_eq!(
        calculate(&set, &hh, d("2026-10-15"))
            .unwrap()
            .minimum_total_yen,
        153_300
    );
}

/// The households of issue 10's done-when, in January (hand arithmetic from the tables; the
/// 生活扶助本体 parts are MHLW's model figures above, 冬季加算 / rent / income are not in any MHLW
/// total we could find):
///
/// Tokyo, 1級地-1, 夫婦子1人 (35, 35, 4), rent 75,000, 2027-01-15, national-2026-10:
///   生活扶助本体 156,060 (資料4 令和8年度基準案) + 冬季加算 Ⅵ区 3人 4,240 + 児童養育加算 10,190
///   = 170,490; 住宅扶助 min(75,000, 東京都 1級地 3〜5人 69,800) = 69,800; 最低生活費 240,290.
///   Income: wages 100,000 (father), expenses 8,000: 基礎控除 99,000–102,999 → 23,600 (1人目);
///   recognised 100,000 − 8,000 − 23,600 = 68,400. 保護費 240,290 − 68,400 = 171,890.
///
/// Hokkaido, 3級地-2, 高齢単身 (66), rent 30,000, pension 50,000, 2027-01-15, national-2026-10:
///   生活扶助本体 68,850 (資料4) + 冬季加算 Ⅰ区 1人 12,780 = 81,630; 住宅扶助 min(30,000, 北海道
///   3級地 1人 25,000) = 25,000; 最低生活費 106,630; pension in full 50,000; 保護費 56,630.
pub(crate) fn tokyo_household() -> HouseholdSituation {
    let mut hh = model(Grade::G1_1, &["20～40", "20～40", "3～5"]);
    hh.housing_area = Some("東京都".into());
    hh.rent_yen = 75_000;
    hh.incomes
        .push(income(Some(0), IncomeKind::Earned, 100_000, 8_000));
    hh
}

pub(crate) fn hokkaido_household() -> HouseholdSituation {
    let mut hh = model(Grade::G3_2, &["65～69"]);
    hh.prefecture = Some("北海道".into());
    hh.housing_area = Some("北海道".into());
    hh.rent_yen = 30_000;
    hh.incomes
        .push(income(Some(0), IncomeKind::Pension, 50_000, 0));
    hh
}

#[test]
fn done_when_households_in_january() {
    let set = national("national-2026-10");
    let r = calculate(&set, &tokyo_household(), d("2027-01-15")).unwrap();
    let kind = |r: &CalcResult, k: AidKind| {
        r.by_kind
            .iter()
            .find(|x| x.kind_of_aid == k)
            .unwrap()
            .minimum_yen
    };
    assert_eq!(kind(&r, AidKind::Living), 170_490);
    assert_eq!(kind(&r, AidKind::Housing), 69_800);
    assert_eq!(r.minimum_total_yen, 240_290);
    assert_eq!(r.income_recognised_yen, 68_400);
    assert_eq!(r.benefit_yen, 171_890);
    let r = calculate(&set, &hokkaido_household(), d("2027-01-15")).unwrap();
    assert_eq!(kind(&r, AidKind::Living), 81_630);
    assert_eq!(kind(&r, AidKind::Housing), 25_000);
    assert_eq!(r.minimum_total_yen, 106_630);
    assert_eq!(r.benefit_yen, 56_630);
    let w = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("冬季加算"))
        .unwrap();
    assert_eq!(w.label, "冬季加算（Ⅰ区、1人、3級地-2）");
    assert!(w.note.starts_with("北海道 はⅠ区"), "{}", w.note);
}
