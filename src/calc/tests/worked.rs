//! Worked examples. Every expected amount was computed by hand from the fixture
//! `tests/fixtures/rates/test-2025` (試験用・実在しない — invented figures) and the arithmetic is
//! written beside it, so a reader can check the code against the tables without running it.

use super::*;
use crate::calc::income::recognise_income;
use crate::calc::minimum::{is_child, minimum_cost};
use crate::calc::situation::DisabilityLevel;

/// Single person aged 30, 1級地-1, Ⅵ区, 15 Oct 2025 (outside Ⅵ区's winter, Nov–Mar), rent 55,000.
fn single_30() -> HouseholdSituation {
    let mut hh = household(Grade::G1_1, 6, vec![MemberSituation::born(d("1995-05-20"))]);
    hh.rent_yen = 55_000;
    hh
}

#[test]
fn single_adult_no_income() {
    let set = set();
    let r = calculate(&set, &single_30(), d("2025-10-15")).unwrap();
    // 第1類 r5 1-1, 18–64歳: 43,000 (daiichi.csv line 7); × 逓減率 1人 1.00 = 43,000
    // 第2類 r5 1人: 28,000
    // 特例加算 from 2025-10-01: 1,500 × 1人 = 1,500
    // 経過的加算 1-1: 0
    // → 生活扶助本体 (new) = 43,000 + 28,000 + 1,500 = 72,500
    // 従前額保障 check (tables at 2023-09-30):
    //   基準① = 40,000 (20–40歳) × 1 + 43,000 = 83,000; × 0.855 = 70,965 → 70,970 (10円未満切り上げ)
    //   基準② = 41,000 (18–64歳) × 1 + 27,000 = 68,000
    //   old = max(70,970, 68,000) = 70,970 < 72,500 → no 従前額保障
    // 冬季加算: October is outside Ⅵ区's months (11–3) → none
    // 住宅扶助: min(rent 55,000, cap 試験県 1級 1人 50,000) = 50,000
    // 最低生活費 = 72,500 + 50,000 = 122,500; income 0 → 保護費 122,500, all in cash
    assert_eq!(r.minimum_total_yen, 122_500);
    assert_eq!(
        r.by_kind
            .iter()
            .find(|k| k.kind_of_aid == AidKind::Living)
            .unwrap()
            .minimum_yen,
        72_500
    );
    assert_eq!(
        r.by_kind
            .iter()
            .find(|k| k.kind_of_aid == AidKind::Housing)
            .unwrap()
            .minimum_yen,
        50_000
    );
    assert_eq!(r.income_recognised_yen, 0);
    assert_eq!(r.benefit_yen, 122_500);
    assert_eq!(r.cash_benefit_yen, 122_500);
    assert!(r.needed);
    assert!(!r.lines.iter().any(|l| l.label.starts_with("従前額保障")));
    assert!(!r.lines.iter().any(|l| l.label.starts_with("冬季加算")));

    // Every line is explained: the 第1類 line points at its table row and member.
    let first = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("第1類（"))
        .unwrap();
    assert_eq!(first.member, Some(0));
    assert_eq!(first.amount_yen, 43_000);
    assert!(
        !first.counted,
        "a member's 第1類 is a working line; the product is counted"
    );
    let tref = first.table_ref.as_ref().unwrap();
    assert_eq!(
        (tref.table.as_ref(), tref.line, tref.source.as_str()),
        ("daiichi", 7, "test")
    );
    let old = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("従前の基準額"))
        .unwrap();
    assert_eq!(old.amount_yen, 70_970);
    assert_eq!(
        old.note,
        "max(基準① 83,000 × 0.855 = 70,970, 基準② 68,000) = 70,970"
    );
    // Counted lines add up to the total.
    assert_eq!(
        r.lines
            .iter()
            .filter(|l| l.counted)
            .map(|l| l.amount_yen)
            .sum::<i64>(),
        r.minimum_total_yen
    );
}

#[test]
fn single_adult_with_wages() {
    let set = set();
    let mut hh = single_30();
    hh.incomes
        .push(income(Some(0), IncomeKind::Earned, 100_000, 8_000));
    let r = calculate(&set, &hh, d("2025-10-15")).unwrap();
    // 就労収入 100,000 − 必要経費 8,000 − 基礎控除 (band 80,000–119,999, first worker) 26,000
    //   = 66,000 認定
    // 保護費 = 122,500 − 66,000 = 56,500
    assert_eq!(r.income_recognised_yen, 66_000);
    assert_eq!(r.benefit_yen, 56_500);
    let labels: Vec<(&str, i64)> = r
        .income_lines
        .iter()
        .map(|l| (l.label.as_str(), l.amount_yen))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("就労収入", 100_000),
            ("必要経費", -8_000),
            ("基礎控除（1人目）", -26_000)
        ]
    );
    // Income is set against 生活扶助 first.
    let living = r
        .by_kind
        .iter()
        .find(|k| k.kind_of_aid == AidKind::Living)
        .unwrap();
    assert_eq!((living.income_applied_yen, living.aid_yen), (66_000, 6_500));
}

#[test]
fn elderly_single_keeps_the_former_amount() {
    let set = set();
    let mut hh = household(Grade::G1_1, 6, vec![MemberSituation::born(d("1945-03-03"))]);
    hh.incomes
        .push(income(Some(0), IncomeKind::Pension, 60_000, 0));
    let r = calculate(&set, &hh, d("2025-10-15")).unwrap();
    // Age 80.
    // new: 第1類 75歳以上 35,000 × 1.00 + 第2類 28,000 + 特例加算 1,500 = 64,500
    // old: 基準① = 32,000 (70歳以上) + 43,000 = 75,000; × 0.855 = 64,125 → 64,130
    //      基準② = 38,000 (75歳以上) + 27,000 = 65,000
    //      old = 65,000 > 64,500 → 従前額保障 500
    // 生活扶助 = 64,500 + 500 = 65,000; 年金 60,000 in full → 保護費 5,000
    let hosho = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("従前額保障"))
        .unwrap();
    assert_eq!(hosho.amount_yen, 500);
    assert_eq!(hosho.note, "65,000 − 64,500 = 500");
    assert_eq!(r.minimum_total_yen, 65_000);
    assert_eq!(r.income_recognised_yen, 60_000);
    assert_eq!(r.benefit_yen, 5_000);
}

/// Lone mother (35) with children of 10 and 4, 3級地-2, Ⅰ区, 10 Dec 2025: winter, 期末一時扶助,
/// 母子加算, 児童養育加算, 教育扶助, rent, wages and 児童手当.
fn lone_mother() -> HouseholdSituation {
    let mut mother = MemberSituation::born(d("1990-06-01"));
    mother.facts.lone_parent = true;
    let mut child1 = MemberSituation::born(d("2015-05-01"));
    child1.facts.school = Some(rates::SchoolLevel::Shogakko);
    child1.facts.school_costs_yen = 2_000;
    let child2 = MemberSituation::born(d("2021-08-01"));
    let mut hh = household(Grade::G3_2, 1, vec![mother, child1, child2]);
    hh.rent_yen = 50_000;
    hh.incomes
        .push(income(Some(0), IncomeKind::Earned, 50_000, 5_000));
    hh.incomes
        .push(income(Some(1), IncomeKind::Allowance, 20_000, 0));
    hh
}

#[test]
fn lone_mother_in_december() {
    let set = set();
    let r = calculate(&set, &lone_mother(), d("2025-12-10")).unwrap();
    // Ages 35, 10, 4.
    // 第1類 r5 3-2: 38,000 + 37,000 + 35,000 = 110,000; × 0.75 (3人) = 82,500
    // 第2類 3人 45,000; 特例加算 1,500 × 3 = 4,500; 経過的加算 0
    //   new = 82,500 + 45,000 + 4,500 = 132,000
    // old: 基準① = (32,000 + 27,000 + 21,000) × 1 + 53,000 = 133,000; × 0.855 = 113,715 → 113,720
    //      基準② = (37,000 + 37,000 + 36,000) × 0.7151 = 78,661 → 78,670; + 45,000 = 123,670
    //      old = 123,670 < 132,000 → no 従前額保障
    // 冬季加算 Ⅰ区 3人 30,000 (December is in 10–4)
    // 母子加算 (児童2人) 23,000; 児童養育加算 10,000 × 2 = 20,000
    // 期末一時扶助 3人 25,000 (December)
    //   生活扶助 = 132,000 + 30,000 + 23,000 + 20,000 + 25,000 = 230,000
    // 住宅扶助 = min(50,000, cap 3級 3–5人 52,000) = 50,000
    // 教育扶助 = 小学校 3,000 + 実費 2,000 = 5,000
    //   最低生活費 = 230,000 + 50,000 + 5,000 = 285,000
    // 収入: wages 50,000 − 5,000 − 基礎控除 (40,000–79,999, first) 22,000 = 23,000;
    //       児童手当 20,000 in full → 43,000
    // 保護費 = 285,000 − 43,000 = 242,000
    let kind = |k: AidKind| {
        r.by_kind
            .iter()
            .find(|x| x.kind_of_aid == k)
            .unwrap()
            .minimum_yen
    };
    assert_eq!(kind(AidKind::Living), 230_000);
    assert_eq!(kind(AidKind::Housing), 50_000);
    assert_eq!(kind(AidKind::Education), 5_000);
    assert_eq!(r.minimum_total_yen, 285_000);
    assert_eq!(r.income_recognised_yen, 43_000);
    assert_eq!(r.benefit_yen, 242_000);
    let product = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("第1類計"))
        .unwrap();
    assert_eq!(
        product.note,
        "110,000 × 0.75 = 82,500 → 82,500（10円未満切り上げ）"
    );
    let old = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("第1類②計"))
        .unwrap();
    assert_eq!(
        old.note,
        "110,000 × 0.7151 = 78,661 → 78,670（10円未満切り上げ）"
    );
    assert_eq!(
        r.lines
            .iter()
            .filter(|l| l.label == "児童養育加算")
            .map(|l| l.member)
            .collect::<Vec<_>>(),
        vec![Some(1), Some(2)]
    );
    let boshi = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("母子加算"))
        .unwrap();
    assert_eq!((boshi.member, boshi.amount_yen), (Some(0), 23_000));
}

#[test]
fn same_household_in_november_has_no_kimatsu_and_in_april_winter_depends_on_region() {
    let set = set();
    // November: 230,000 − 期末一時扶助 25,000 = 205,000 生活扶助.
    let r = minimum_cost(&set, &lone_mother(), d("2025-11-10")).unwrap();
    assert_eq!(r.kind_total(AidKind::Living), 205_000);
    // April 2025 (特例加算 1,000): Ⅰ区 still has winter (10–4), Ⅵ区 does not (11–3).
    let mut hh = lone_mother();
    let r1 = minimum_cost(&set, &hh, d("2025-04-10")).unwrap();
    hh.winter_region = WinterRegion::new(6);
    let r6 = minimum_cost(&set, &hh, d("2025-04-10")).unwrap();
    // Ages on 2025-04-10: 34, 9, 3 → same bands as in December.
    // Ⅰ区: 82,500 + 45,000 + 1,000 × 3 + 冬季 30,000 + 母子 23,000 + 児童養育 20,000 = 203,500
    // Ⅵ区: 203,500 − 30,000 = 173,500
    assert_eq!(r1.kind_total(AidKind::Living), 203_500);
    assert_eq!(r6.kind_total(AidKind::Living), 173_500);
}

#[test]
fn disability_and_boshi_are_not_paid_together() {
    let set = set();
    let mut mother = MemberSituation::born(d("1990-06-01"));
    mother.facts.lone_parent = true;
    mother.facts.disability = Some(DisabilityLevel::A);
    let hh = household(
        Grade::G1_1,
        6,
        vec![mother, MemberSituation::born(d("2015-05-01"))],
    );
    let r = minimum_cost(&set, &hh, d("2025-10-15")).unwrap();
    // 障害者加算 1級 (1・2級相当) 26,000 vs 母子加算 (児童1人) 18,000 → only 26,000 for the mother.
    let mother_kasan: Vec<(&str, i64)> = r
        .lines
        .iter()
        .filter(|l| {
            l.member == Some(0)
                && l.counted
                && (l.label.starts_with("障害") || l.label.starts_with("母子"))
        })
        .map(|l| (l.label.as_str(), l.amount_yen))
        .collect();
    assert_eq!(mother_kasan, vec![("障害者加算（1・2級相当）", 26_000)]);
}

#[test]
fn two_workers_minor_and_new_job() {
    let set = set();
    let mut son = MemberSituation::born(d("2008-01-10"));
    son.facts.new_job = true;
    let mut hh = household(
        Grade::G1_1,
        6,
        vec![MemberSituation::born(d("1980-02-02")), son],
    );
    // Listed son first, to show that the order of items does not decide who is "first".
    hh.incomes
        .push(income(Some(1), IncomeKind::Earned, 30_000, 0));
    hh.incomes
        .push(income(Some(0), IncomeKind::Earned, 130_000, 15_000));
    hh.incomes
        .push(income(None, IncomeKind::Excluded, 9_999, 0));
    let inc = recognise_income(&set, &hh, d("2025-10-15")).unwrap();
    // Father (45): 130,000 − 15,000 − 基礎控除 (120,000–, first) 30,000 = 85,000
    // Son (17): 30,000 − 基礎控除 (20,000–39,999, second) 15,300 = 14,700
    //           − 新規就労控除 11,000 = 3,700 − 未成年者控除 11,000 (capped at 3,700) = 0
    // Excluded item: shown, not counted. Total 85,000.
    assert_eq!(inc.recognised_yen, 85_000);
    let son_lines: Vec<(&str, i64)> = inc
        .lines
        .iter()
        .filter(|l| l.member == Some(1))
        .map(|l| (l.label.as_str(), l.amount_yen))
        .collect();
    assert_eq!(
        son_lines,
        vec![
            ("就労収入", 30_000),
            ("基礎控除（2人目以降）", -15_300),
            ("新規就労控除", -11_000),
            ("未成年者控除", -3_700)
        ]
    );
    assert!(inc
        .lines
        .iter()
        .any(|l| l.label == "収入認定除外" && l.amount_yen == 0));
}

#[test]
fn own_payment_when_income_exceeds_the_non_medical_minimum() {
    let set = set();
    let mut hh = household(Grade::G1_1, 6, vec![MemberSituation::born(d("1955-01-20"))]);
    hh.medical_cost_yen = 30_000;
    hh.incomes
        .push(income(Some(0), IncomeKind::Pension, 90_000, 0));
    let r = calculate(&set, &hh, d("2025-10-15")).unwrap();
    // Age 70. new: 42,000 (65–74) + 28,000 + 1,500 = 71,500
    // old: 基準① (32,000 + 43,000) × 0.855 = 64,125 → 64,130; 基準② 40,000 + 27,000 = 67,000
    //      → 67,000 < 71,500, no 従前額保障
    // 最低生活費 = 71,500 + 医療扶助 30,000 = 101,500; income 90,000
    // income above the non-medical minimum: 90,000 − 71,500 = 18,500 = 本人支払額 (医療券)
    // 保護費 = 101,500 − 90,000 = 11,500, all in kind; cash 0
    assert_eq!(r.non_medical_minimum_yen, 71_500);
    assert_eq!(r.own_payment_medical_yen, 18_500);
    assert_eq!(r.own_payment_care_yen, 0);
    assert_eq!(r.cash_benefit_yen, 0);
    assert_eq!(r.benefit_yen, 11_500);
    assert!(r.needed);
    // With 120,000 of pension the household is no longer in need.
    hh.incomes[0].gross_yen = 120_000;
    let r = calculate(&set, &hh, d("2025-10-15")).unwrap();
    assert_eq!(
        (r.benefit_yen, r.needed, r.own_payment_medical_yen),
        (0, false, 30_000)
    );
}

#[test]
fn prorate_a_start_inside_the_month() {
    let set = set();
    let r = calculate(&set, &single_30(), d("2025-10-15")).unwrap();
    let p = prorate_cash_benefit(&set, &r, d("2025-10-15"), d("2099-12-31")).unwrap();
    // 15–31 October = 17 days of 31: 122,500 × 17 / 31 = 67,177.42 → 67,178 (1円未満切り上げ)
    assert_eq!(
        (p.days, p.days_in_month, p.prorated_cash_yen),
        (17, 31, 67_178)
    );
    assert_eq!(p.note, "122,500 × 17日 / 31日 → 67,178（1円未満切り上げ）");
    // A whole month is unchanged; an end on 10 February 2026 is 10/28.
    assert_eq!(
        prorate(
            122_500,
            2025,
            10,
            d("2025-01-01"),
            d("2025-12-31"),
            Rounding::Ceil1
        )
        .unwrap(),
        122_500
    );
    // 28,000 × 10 / 28 = 10,000 exactly
    assert_eq!(
        prorate(
            28_000,
            2026,
            2,
            d("2026-01-01"),
            d("2026-02-10"),
            Rounding::Floor1
        )
        .unwrap(),
        10_000
    );
    assert!(prorate(
        1,
        2025,
        10,
        d("2025-10-20"),
        d("2025-10-10"),
        Rounding::Ceil1
    )
    .is_err());
}

#[test]
fn refuses_to_decide_without_a_complete_table() {
    let set = set();
    // The fixture has no 第1類 for 2級地-1.
    let hh = household(Grade::G2_1, 6, vec![MemberSituation::born(d("1995-05-20"))]);
    let e = calculate(&set, &hh, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "RATE_INCOMPLETE");
    assert!(e.to_string().contains("daiichi"), "{e}");
    // A set without 期末一時扶助 decides nothing: every household needs it in December.
    let files: Vec<(String, String)> = std::fs::read_dir(rates::tests::fixture_dir())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != "kimatsu.csv")
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let partial = rates::parse_files(&refs).unwrap();
    let e = calculate(&partial, &single_30(), d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "RATE_INCOMPLETE");
    assert!(e.to_string().contains("kimatsu"), "{e}");
}

#[test]
fn child_means_until_the_first_31_march_after_reaching_18() {
    // Born 1 April 2007: reaches 18 on 31 March 2025, which is itself the first 31 March.
    assert!(is_child(d("2007-04-01"), d("2025-03-31")));
    assert!(!is_child(d("2007-04-01"), d("2025-04-01")));
    // Born 2 April 2007: reaches 18 on 1 April 2025 → child until 31 March 2026.
    assert!(is_child(d("2007-04-02"), d("2026-03-31")));
    assert!(!is_child(d("2007-04-02"), d("2026-04-01")));
}

#[test]
fn bad_input_is_refused() {
    let set = set();
    let mut hh = single_30();
    hh.incomes.push(income(None, IncomeKind::Earned, 1, 0));
    assert_eq!(
        calculate(&set, &hh, d("2025-10-15")).unwrap_err().code(),
        "CALC_INPUT"
    );
    let mut hh = single_30();
    hh.members.clear();
    assert_eq!(
        minimum_cost(&set, &hh, d("2025-10-15")).unwrap_err().code(),
        "CALC_INPUT"
    );
    let mut hh = single_30();
    hh.housing_area = Some("存在しない県".into());
    assert_eq!(
        minimum_cost(&set, &hh, d("2025-10-15")).unwrap_err().code(),
        "CALC_MISSING_RATE"
    );
}

/// With 3 or more children the 母子加算 line names the real number of children (issue 10: it
/// was labelled 「児童2人」 while the note had the right count).
#[test]
fn boshi_label_names_the_number_of_children() {
    let set = set();
    let mut mother = MemberSituation::born(d("1985-06-01"));
    mother.facts.lone_parent = true;
    let kids = ["2012-05-01", "2015-05-01", "2018-05-01", "2020-05-01"];
    for n in 1..=4usize {
        let mut members = vec![mother.clone()];
        members.extend(kids[..n].iter().map(|b| MemberSituation::born(d(b))));
        let hh = household(Grade::G1_1, 6, members);
        let r = minimum_cost(&set, &hh, d("2025-10-15")).unwrap();
        let boshi = r
            .lines
            .iter()
            .find(|l| l.label.starts_with("母子加算"))
            .unwrap();
        assert_eq!(boshi.label, format!("母子加算（児童{n}人）"));
        // 18,000 / 23,000 / 23,000 + 3,000 × (n − 2)
        let expected = match n {
            1 => 18_000,
            _ => 23_000 + 3_000 * (n as i64 - 2),
        };
        assert_eq!(boshi.amount_yen, expected, "{n} children");
    }
}

/// Issue 7 point 6 / 12: amounts up to i64::MAX were accepted and the sums overflowed
/// (`minimum.rs` for care + medical, `income.rs` for two pensions of 2^62). Each amount is
/// bounded and refused with a message; nothing panics.
#[test]
fn amounts_beyond_the_domain_are_refused_not_a_panic() {
    let set = set();
    let mut hh = single_30();
    hh.care_cost_yen = i64::MAX;
    hh.medical_cost_yen = i64::MAX;
    let e = calculate(&set, &hh, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "CALC_INPUT", "{e}");
    let mut hh = single_30();
    hh.incomes
        .push(income(Some(0), IncomeKind::Pension, 1 << 62, 0));
    hh.incomes
        .push(income(Some(0), IncomeKind::Pension, 1 << 62, 0));
    let e = calculate(&set, &hh, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "CALC_INPUT", "{e}");
    assert!(e.to_string().contains("収入1"), "{e}");
    let mut hh = single_30();
    hh.rent_yen = i64::MAX;
    assert_eq!(
        calculate(&set, &hh, d("2025-10-15")).unwrap_err().code(),
        "CALC_INPUT"
    );
    let mut hh = single_30();
    hh.members[0].facts.care_premium_yen = i64::MAX;
    assert_eq!(
        calculate(&set, &hh, d("2025-10-15")).unwrap_err().code(),
        "CALC_INPUT"
    );
    // A birth date at the calendar's end cannot make the 児童 test panic.
    let mut hh = single_30();
    hh.members[0].birth_date = NaiveDate::MAX;
    assert_eq!(
        calculate(&set, &hh, d("2025-10-15")).unwrap_err().code(),
        "CALC_INPUT"
    );
}
