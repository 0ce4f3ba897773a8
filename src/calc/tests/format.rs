//! What the format can say since issue 10: the 経過的加算 of the old structure inside the
//! 従前額 comparison, 母子世帯等に係る経過的加算, 児童を養育する場合に係る経過的加算, the
//! prefecture → 冬季加算地区 table, an office supplement merged into a national set, and the
//! tables a set says the office must import. Against the fixture (試験用・実在しない) with one
//! file replaced.

use super::*;
use crate::calc::minimum::minimum_cost;
use crate::calc::rates::tests::fixture_dir;

fn files_with(replace: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    for (name, text) in replace {
        files.retain(|(n, _)| n != name);
        if !text.is_empty() {
            files.push((name.to_string(), text.to_string()));
        }
    }
    files.sort();
    files
}

fn parse(files: &[(String, String)]) -> Result<RateSet, RateError> {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    parse_files(&refs)
}

const KEIKA_HEADER: &str =
    "valid_from,valid_to,scheme,kind,grade,size_from,size_to,age_from,age_to,amount,source\n";

/// The fixture's 経過的加算 (all 0 but 3級地-2 single 75+) in the new format, plus `extra`.
fn keika_with(extra: &str) -> String {
    format!(
        "{KEIKA_HEADER}2025-04-01,,r5,hontai,1,1,,0,,0,test\n2025-04-01,,r5,hontai,2,1,,0,,0,test\n\
         2025-04-01,,r5,hontai,3-1,1,,0,,0,test\n2025-04-01,,r5,hontai,3-2,1,1,0,74,0,test\n\
         2025-04-01,,r5,hontai,3-2,1,1,75,,200,test\n2025-04-01,,r5,hontai,3-2,2,,0,,0,test\n{extra}"
    )
}

#[test]
fn the_old_structures_keika_is_part_of_the_former_amount() {
    // The elderly single of worked.rs: old = 65,000 > new 64,500 → 従前額保障 500. With a
    // 経過的加算 of the old structure of 700 for a single person of 75+, old = 65,700 → 1,200.
    let keika = keika_with(
        "2018-10-01,2023-09-30,h30,hontai,1,1,1,0,74,0,test\n2018-10-01,2023-09-30,h30,hontai,1,1,1,75,,700,test\n\
         2018-10-01,2023-09-30,h30,hontai,1,2,,0,,0,test\n",
    );
    let set = parse(&files_with(&[("keikateki.csv", &keika)])).unwrap();
    let mut hh = household(Grade::G1_1, 6, vec![MemberSituation::born(d("1945-03-03"))]);
    hh.incomes
        .push(income(Some(0), IncomeKind::Pension, 60_000, 0));
    let r = calculate(&set, &hh, d("2025-10-15")).unwrap();
    let old = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("従前の基準額"))
        .unwrap();
    assert_eq!(old.amount_yen, 65_700);
    assert!(old.note.contains("+ 経過的加算 700"), "{}", old.note);
    let hosho = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("従前額保障"))
        .unwrap();
    assert_eq!(hosho.amount_yen, 1_200);
    assert_eq!(r.minimum_total_yen, 65_700);
    // The old structure's line is a working line, not counted twice.
    let line = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("生活扶助本体に係る経過的加算（従前）"))
        .unwrap();
    assert!(!line.counted);
}

#[test]
fn lone_parent_households_get_the_boshi_keika_where_the_set_has_it() {
    let keika = keika_with(
        "2025-04-01,,r5,boshi,1,1,,0,17,300,test\n2025-04-01,,r5,boshi,1,1,,18,,500,test\n",
    );
    let set = parse(&files_with(&[("keikateki.csv", &keika)])).unwrap();
    let mut mother = MemberSituation::born(d("1990-06-01"));
    mother.facts.lone_parent = true;
    let hh = household(
        Grade::G1_1,
        6,
        vec![mother.clone(), MemberSituation::born(d("2015-05-01"))],
    );
    let with = minimum_cost(&set, &hh, d("2025-10-15")).unwrap();
    let lines: Vec<(Option<usize>, i64)> = with
        .lines
        .iter()
        .filter(|l| l.label.starts_with("母子世帯等に係る経過的加算"))
        .map(|l| (l.member, l.amount_yen))
        .collect();
    assert_eq!(lines, vec![(Some(0), 500), (Some(1), 300)]);
    // Not a lone-parent household: no such line; and the fixture (no boshi rows) has none.
    let mut two = hh.clone();
    two.members[0].facts.lone_parent = false;
    let without = minimum_cost(&set, &two, d("2025-10-15")).unwrap();
    assert!(!without
        .lines
        .iter()
        .any(|l| l.label.starts_with("母子世帯等")));
    let plain = minimum_cost(&set_plain(), &hh, d("2025-10-15")).unwrap();
    assert_eq!(with.total_yen - plain.total_yen, 800);
}

fn set_plain() -> RateSet {
    super::set()
}

#[test]
fn a_set_with_some_boshi_keika_rows_must_cover_every_member() {
    // Ages must tile within each size (the import refuses a hole) …
    let keika = keika_with("2025-04-01,,r5,boshi,1,1,,18,,500,test\n");
    assert_eq!(
        parse(&files_with(&[("keikateki.csv", &keika)]))
            .unwrap_err()
            .code(),
        "RATE_GAP"
    );
    // … but sizes are separate keys: rows for 3 persons and more only leave 1–2 without.
    let keika = keika_with("2025-04-01,,r5,boshi,1,3,,0,,500,test\n");
    let set = parse(&files_with(&[("keikateki.csv", &keika)])).unwrap();
    let e = check_complete(&set, Grade::G1_1, d("2025-10-15")).unwrap_err();
    assert!(e.to_string().contains("母子世帯等に係る経過的加算"), "{e}");
}

#[test]
fn jido_keika_for_children_under_three_where_the_set_has_it() {
    let kasan = std::fs::read_to_string(fixture_dir().join("kasan.csv")).unwrap()
        + "2025-04-01,,jido_keika,*,4330,test\n";
    let set = parse(&files_with(&[("kasan.csv", &kasan)])).unwrap();
    let hh = household(
        Grade::G1_1,
        6,
        vec![
            MemberSituation::born(d("1990-06-01")),
            MemberSituation::born(d("2023-05-01")), // 2 on 2025-10-15
            MemberSituation::born(d("2022-05-01")), // 3
        ],
    );
    let r = minimum_cost(&set, &hh, d("2025-10-15")).unwrap();
    let lines: Vec<Option<usize>> = r
        .lines
        .iter()
        .filter(|l| l.label == "児童を養育する場合に係る経過的加算")
        .map(|l| l.member)
        .collect();
    assert_eq!(lines, vec![Some(1)]);
    assert!(minimum_cost(&set_plain(), &hh, d("2025-10-15"))
        .unwrap()
        .lines
        .iter()
        .all(|l| l.label != "児童を養育する場合に係る経過的加算"));
}

/// The prefecture → 冬季加算地区 table for the invented prefectures of the test households.
const TOKI_REGIONS: &str = "valid_from,valid_to,prefecture,region,source
# 試験用・実在しない (the invented prefecture of the test households)
2025-04-01,,試験県,6,test
2025-04-01,,試験北県,1,test
";

#[test]
fn the_winter_region_comes_from_the_prefecture_unless_the_household_names_one() {
    // Added here, not to the fixture: `test-2025` is a recorded version whose files never change,
    // or the decisions stored with it stop verifying (tests/stored_snapshots.rs).
    let set = parse(&files_with(&[("toki_regions.csv", TOKI_REGIONS)])).unwrap();
    let mut hh = household(Grade::G1_1, 6, vec![MemberSituation::born(d("1980-01-01"))]);
    hh.winter_region = None;
    hh.prefecture = Some("試験北県".into()); // Ⅰ区 in the fixture
    let r = minimum_cost(&set, &hh, d("2025-10-15")).unwrap();
    let w = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("冬季加算"))
        .unwrap();
    assert!(w.label.contains("Ⅰ区"), "{}", w.label);
    assert!(w.note.starts_with("試験北県 はⅠ区"), "{}", w.note);
    // October is not winter in Ⅵ区: the household's own region overrides the prefecture's.
    hh.winter_region = WinterRegion::new(6);
    let r = minimum_cost(&set, &hh, d("2025-10-15")).unwrap();
    assert!(!r.lines.iter().any(|l| l.label.starts_with("冬季加算")));
    // Neither: a clear refusal.
    hh.winter_region = None;
    hh.prefecture = None;
    let e = minimum_cost(&set, &hh, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "CALC_INPUT");
    assert!(e.to_string().contains("冬季加算の地区"), "{e}");
    // A prefecture the table does not have.
    hh.prefecture = Some("架空県".into());
    assert_eq!(
        minimum_cost(&set, &hh, d("2025-10-15")).unwrap_err().code(),
        "CALC_MISSING_RATE"
    );
}

/// A set that leaves 障害者加算 to the office: it still decides households that do not need it,
/// names the gap, and refuses (saying to import) a household that does.
#[test]
fn a_set_names_the_tables_the_office_must_import() {
    let manifest = std::fs::read_to_string(fixture_dir().join("manifest.toml")).unwrap()
        + "\n[[office_imports]]\ntable = \"kasan\"\nkinds = [\"shogai_a\", \"shogai_b\"]\nreason = \"二つの資料で額が異なる\"\n";
    let kasan: String = std::fs::read_to_string(fixture_dir().join("kasan.csv"))
        .unwrap()
        .lines()
        .filter(|l| !l.contains(",shogai_"))
        .map(|l| format!("{l}\n"))
        .collect();
    let set = parse(&files_with(&[
        ("manifest.toml", &manifest),
        ("kasan.csv", &kasan),
    ]))
    .unwrap();
    assert_eq!(check_complete(&set, Grade::G1_1, d("2025-10-15")), Ok(()));
    let gaps = rates::gaps(&set, Grade::G1_1, d("2025-10-15"));
    assert!(gaps.iter().all(|g| !g.blocking));
    assert!(
        gaps.iter()
            .any(|g| g.office_import && g.detail.contains("障害者加算（1・2級相当）")),
        "{gaps:?}"
    );
    let hh = household(Grade::G1_1, 6, vec![MemberSituation::born(d("1980-01-01"))]);
    assert!(calculate(&set, &hh, d("2025-10-15")).is_ok());
    let mut disabled = hh.clone();
    disabled.members[0].facts.disability = Some(situation::DisabilityLevel::A);
    let e = calculate(&set, &disabled, d("2025-10-15")).unwrap_err();
    assert_eq!(e.code(), "CALC_OFFICE_TABLE");
    let msg = e.to_string();
    assert!(
        msg.contains("障害者加算（1・2級相当）")
            && msg.contains("二つの資料で額が異なる")
            && msg.contains("取り込んで"),
        "{msg}"
    );
}

/// The office adds the missing 障害者加算 rows as `office/kasan.csv` with its own manifest: the
/// merged set decides the disabled member, and the line names the office's file and source.
#[test]
fn an_office_supplement_completes_a_set() {
    let manifest = std::fs::read_to_string(fixture_dir().join("manifest.toml")).unwrap()
        + "\n[[office_imports]]\ntable = \"kasan\"\nkinds = [\"shogai_a\", \"shogai_b\"]\n";
    let kasan: String = std::fs::read_to_string(fixture_dir().join("kasan.csv"))
        .unwrap()
        .lines()
        .filter(|l| !l.contains(",shogai_"))
        .map(|l| format!("{l}\n"))
        .collect();
    let office_manifest = "version = \"office-1\"\ntitle = \"見本市 障害者加算\"\nbase = \"test-2025\"\n\n[[sources]]\nid = \"office-copy\"\ntitle = \"見本市の基準額表（写し）\"\nverification = \"office\"\n";
    let office_kasan = "valid_from,valid_to,kind,grade,amount,source\n# 事務所で追加\n2025-04-01,,shogai_a,*,26000,office-copy\n2025-04-01,,shogai_b,*,17000,office-copy\n";
    let mut files = files_with(&[("manifest.toml", &manifest), ("kasan.csv", &kasan)]);
    files.push(("office/manifest.toml".into(), office_manifest.into()));
    files.push(("office/kasan.csv".into(), office_kasan.into()));
    let set = parse(&files).unwrap();
    assert_eq!(set.version(), "test-2025+office-1");
    assert!(!rates::gaps(&set, Grade::G1_1, d("2025-10-15"))
        .iter()
        .any(|g| g.detail.contains("障害者加算")));
    let mut hh = household(Grade::G1_1, 6, vec![MemberSituation::born(d("1980-01-01"))]);
    hh.members[0].facts.disability = Some(situation::DisabilityLevel::A);
    let r = calculate(&set, &hh, d("2025-10-15")).unwrap();
    let line = r
        .lines
        .iter()
        .find(|l| l.label.starts_with("障害者加算"))
        .unwrap();
    let t = line.table_ref.as_ref().unwrap();
    assert_eq!(
        (t.table.as_ref(), t.line, t.source.as_str()),
        ("office/kasan", 3, "office-copy")
    );
    assert_eq!(line.amount_yen, 26_000);

    // A supplement row that repeats a national row is refused, naming both files.
    let twice = format!("{office_kasan}2025-04-01,,tokurei,*,2000,office-copy\n");
    let mut bad = files.clone();
    bad.retain(|(n, _)| n != "office/kasan.csv");
    bad.push(("office/kasan.csv".into(), twice));
    let e = parse(&bad).unwrap_err();
    assert_eq!(e.code(), "RATE_OVERLAP");
    let msg = e.to_string();
    assert!(
        msg.contains("office/kasan.csv") && msg.contains("kasan.csv 3行目"),
        "{msg}"
    );

    // The supplement must name the set it completes.
    let mut wrong = files.clone();
    wrong.retain(|(n, _)| n != "office/manifest.toml");
    wrong.push((
        "office/manifest.toml".into(),
        office_manifest.replace("test-2025", "r7-2025-10"),
    ));
    let e = parse(&wrong).unwrap_err();
    assert_eq!(e.code(), "RATE_MANIFEST");
    assert!(e.to_string().contains("office/manifest.toml"), "{e}");
}
