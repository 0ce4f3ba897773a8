//! The national rate sets on a real (temporary, encrypted) office database: a new database has
//! them and decides on its first day; a program update brings a new set at the next login and
//! offers the 一括認定 preview; the office adds the tables they leave to it; the switch on
//! 2026-10-01. Expected amounts: see `src/calc/tests/national.rs` (MHLW 資料4 model figures for
//! 生活扶助本体, hand arithmetic from the tables for the rest).

mod common;

use chrono::NaiveDate;
use common::*;
use madoguchi::domain::decision::{DecisionKind, SituationInput};
use madoguchi::service::decisions::DecisionInput;
use madoguchi::service::views::AuditQuery;
use madoguchi::service::App;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A 開始 on `date`, answering an application received by then; approved. Returns its id.
fn decide_start(db: &TestDb, hid: i64, date: &str) -> i64 {
    let mut cw = db.staff("cw");
    let received = d(date).min(cw.today());
    apply(&mut cw, hid, &received.to_string());
    decide(db, hid, DecisionKind::Start, date, "")
}

/// 高齢単身 (born 1960), no rent, the office's 冬季 region: MHLW 資料4's model household.
fn elderly_single(db: &TestDb, case: &str) -> i64 {
    let mut cw = db.staff("cw");
    let hid = cw.create_household(&household(case)).unwrap().household.id;
    cw.add_member(hid, &member("見本 単身", "ミホン タンシン", "1960-04-10"))
        .unwrap();
    cw.save_situation(
        hid,
        &SituationInput {
            winter_region: None,
            housing_area: None,
            rent_yen: 0,
            care_cost_yen: 0,
            medical_cost_yen: 0,
            members: vec![],
            incomes: vec![],
        },
    )
    .unwrap();
    hid
}

#[test]
fn a_new_database_has_the_national_sets_with_their_sources() {
    let db = TestDb::with_national_rates();
    office_in(&db, "東京都", "1-1");
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let list = admin.list_rates().unwrap();
    let versions: Vec<&str> = list.iter().map(|s| s.version.as_str()).collect();
    assert_eq!(versions, ["national-2026-10", "national-2025-10"]);
    for s in &list {
        assert!(s.national && !s.test_figures);
        assert!(s.missing.is_empty(), "{}: {:?}", s.version, s.missing);
        assert!(
            s.to_import
                .iter()
                .any(|t| t.starts_with("障害者加算（1・2級相当）")),
            "{:?}",
            s.to_import
        );
        assert!(s
            .sources
            .iter()
            .any(|x| x.id == "kokuji-158" && x.trust_label.starts_with("高")));
        assert_eq!(s.imported_by, "プログラム（データベース作成時）");
    }
    let log = admin
        .search_audit(&AuditQuery {
            action: Some("rates_install".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 2);
    // Nothing is offered as a revision: the sets came with the database.
    assert!(admin.rate_revisions().unwrap().is_empty());
}

/// Done-when (issue 10): on a new database, with no import, a caseworker computes and decides a
/// 1級地-1 household in Tokyo and a 3級地-2 household in Hokkaido in January.
#[test]
fn tokyo_1_1_household_decided_in_january_with_no_import() {
    let db = TestDb::with_national_rates();
    office_in(&db, "東京都", "1-1");
    db.clock.move_to("2027-01-10");
    let mut cw = db.staff("cw");
    let hid = tokyo_family(&mut cw);
    let c = cw.calc_household(hid, d("2027-01-15")).unwrap();
    assert_eq!(c.rate_set.version, "national-2026-10");
    // 生活扶助 156,060 (MHLW 資料4) + 冬季加算 Ⅵ区 3人 4,240 + 児童養育加算 10,190 = 170,490;
    // 住宅扶助 69,800; 最低生活費 240,290; 収入認定 68,400; 保護費 171,890.
    assert_eq!(c.result.minimum_total_yen, 240_290);
    assert_eq!(c.result.income_recognised_yen, 68_400);
    assert_eq!(c.result.benefit_yen, 171_890);
    let w = c
        .result
        .lines
        .iter()
        .find(|l| l.label.starts_with("冬季加算"))
        .unwrap();
    assert!(
        w.note.starts_with("東京都 はⅥ区"),
        "region from the office's prefecture: {}",
        w.note
    );
    let id = decide_start(&db, hid, "2027-01-15");
    let dec = db.staff("cw").get_decision(id).unwrap();
    assert_eq!(
        (dec.benefit_yen, dec.rate_version.as_deref()),
        (171_890, Some("national-2026-10"))
    );
    assert!(!dec.test_figures);
    // Reproducible from its snapshot.
    assert!(db.staff("sv").reproduce_decision(id).unwrap().equal);
    // A decision stored by an earlier version, whose explanation was worded differently, still
    // reproduces: the money is what must match.
    {
        let sv = db.staff("sv");
        let snap: String = sv
            .store()
            .conn()
            .query_row("SELECT snapshot FROM decisions WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        let older = snap
            .replace("冬季加算（Ⅵ区", "冬季加算（地区Ⅵ")
            .replace("東京都 はⅥ区; ", "");
        assert_ne!(older, snap);
        sv.store()
            .conn()
            .execute(
                "UPDATE decisions SET snapshot = ?1 WHERE id = ?2",
                rusqlite::params![older, id],
            )
            .unwrap();
    }
    let report = db.staff("sv").reproduce_decision(id).unwrap();
    assert!(
        report.equal && report.message.contains("同じ金額"),
        "{}",
        report.message
    );

    // 日割: the start on 15 January pays 17 of 31 days: 171,890 × 17 / 31 = 94,262.26 → 94,263
    // (1円未満切り上げ, the set's rule).
    let p = db.staff("cw").get_decision(id).unwrap().prorated.unwrap();
    assert_eq!(
        (
            p.label.as_str(),
            p.days,
            p.days_in_month,
            p.prorated_cash_yen
        ),
        ("開始月の日割", 17, 31, 94_263)
    );
    // Abolished on 10 March: the last month pays 1–9 March, 171,890 × 9 / 31 = 49,903.55 → 49,904.
    let mut cw = db.staff("cw");
    let ab = cw
        .draft_decision(&DecisionInput {
            household_id: hid,
            kind: DecisionKind::Abolish,
            effective_date: "2027-03-10".into(),
            reason_text: "".into(),
            reason_codes: vec!["self_sufficient".into()],
            calculate: false,
        })
        .unwrap();
    let p = ab.prorated.unwrap();
    assert_eq!(
        (
            p.label.as_str(),
            p.from.as_str(),
            p.to.as_str(),
            p.prorated_cash_yen
        ),
        ("廃止月の日割", "2027-03-01", "2027-03-09", 49_904)
    );
}

#[test]
fn hokkaido_3_2_household_decided_in_january_with_no_import() {
    let db = TestDb::with_national_rates();
    office_in(&db, "北海道", "3-2");
    db.clock.move_to("2027-01-10");
    let mut cw = db.staff("cw");
    let hid = hokkaido_pensioner(&mut cw);
    let c = cw.calc_household(hid, d("2027-01-15")).unwrap();
    // 生活扶助 68,850 (MHLW 資料4, 高齢単身 3級地-2) + 冬季加算 Ⅰ区 1人 12,780 = 81,630;
    // 住宅扶助 min(30,000, 北海道 3級地 1人 25,000); 最低生活費 106,630; 保護費 56,630.
    assert_eq!(c.result.minimum_total_yen, 106_630);
    assert_eq!(c.result.benefit_yen, 56_630);
    let id = decide_start(&db, hid, "2027-01-15");
    assert_eq!(db.staff("cw").get_decision(id).unwrap().benefit_yen, 56_630);
}

/// The set in force changes on 2026-10-01 on its own: the same household on 30 September and
/// on 1 October (高齢単身 3級地-2, no rent, Ⅵ区: 67,850 → 68,850, MHLW 資料4).
#[test]
fn the_set_in_force_switches_on_2026_10_01() {
    let db = TestDb::with_national_rates();
    office_in(&db, "埼玉県", "3-2");
    let hid = elderly_single(&db, "S-0001");
    let mut cw = db.staff("cw");
    let a = cw.calc_household(hid, d("2026-09-30")).unwrap();
    let b = cw.calc_household(hid, d("2026-10-01")).unwrap();
    assert_eq!(
        (a.rate_set.version.as_str(), a.result.minimum_total_yen),
        ("national-2025-10", 67_850)
    );
    assert_eq!(
        (b.rate_set.version.as_str(), b.result.minimum_total_yen),
        ("national-2026-10", 68_850)
    );
    // A start on the 1st of a month is not prorated.
    let id = decide_start(&db, hid, "2026-10-01");
    assert!(db.staff("cw").get_decision(id).unwrap().prorated.is_none());
}

/// 基準改定 as an event: a database that uses national sets but lacks the newest (as after a
/// program update) receives it at the next login, which offers 一括認定 for its date until a
/// bulk re-decision with it is drafted.
#[test]
fn a_program_update_installs_the_new_set_and_offers_the_bulk_preview() {
    let db = TestDb::new();
    office_in(&db, "埼玉県", "3-2");
    // The older program shipped only national-2025-10.
    let old_files = madoguchi::calc::rates::read_set_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rates/national-2025-10"),
    )
    .unwrap();
    // Importing it makes this a database that uses the national sets …
    {
        let mut admin = db.login(ADMIN, ADMIN_PW);
        admin.import_rates(&old_files, false).unwrap();
    }
    // … a household receiving assistance since September 2026 …
    let hid = elderly_single(&db, "R-0001");
    db.clock.move_to("2026-09-01");
    // The first login after the import brought national-2026-10, as a program update would.
    let mut cw = db.staff("cw");
    let revisions = cw.rate_revisions().unwrap();
    assert_eq!(revisions.len(), 1, "{revisions:?}");
    let r = &revisions[0];
    assert_eq!(
        (r.version.as_str(), r.effective_from.as_str()),
        ("national-2026-10", "2026-10-01")
    );
    assert!(r.message.contains("一括認定"), "{}", r.message);
    // The home screen carries it, so the office sees the 基準改定 on opening the program.
    assert_eq!(cw.home().unwrap().revisions.len(), 1);
    let admin_log = db
        .login(ADMIN, ADMIN_PW)
        .search_audit(&AuditQuery {
            action: Some("rates_install".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(admin_log.len(), 1);
    assert_eq!(
        admin_log[0].detail["trigger"], "program_update",
        "{}",
        admin_log[0].detail
    );
    let id = decide_start(&db, hid, "2026-09-01");
    assert_eq!(db.staff("cw").get_decision(id).unwrap().benefit_yen, 67_850);
    // The offered preview: 67,850 → 68,850 from 2026-10-01.
    let mut cw = db.staff("cw");
    let rows = cw.bulk_preview(&r.version, &r.effective_from).unwrap();
    let row = rows.rows.iter().find(|x| x.household_id == hid).unwrap();
    assert_eq!(
        (row.old_total, row.new_total, row.change),
        (67_850, 68_850, 1_000)
    );
    cw.bulk_apply(
        &r.version,
        &r.effective_from,
        "基準改定による変更です。",
        &["standard_revision".into()],
    )
    .unwrap();
    assert!(cw.rate_revisions().unwrap().is_empty());
    assert!(cw.home().unwrap().revisions.is_empty());
}

/// 「不足の表を追加」: the office adds 障害者加算 to the national set; the merged set takes over on
/// the same dates and decides the disabled member, naming the office's file.
#[test]
fn the_office_adds_the_tables_the_national_set_leaves_to_it() {
    let db = TestDb::with_national_rates();
    office_in(&db, "埼玉県", "3-2");
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("O-0001")).unwrap();
    let hid = h.household.id;
    let v = cw
        .add_member(hid, &member("見本 加算", "ミホン カサン", "1980-04-10"))
        .unwrap();
    let pid = v.members[0].id;
    let facts = madoguchi::domain::decision::MemberFacts {
        person_id: pid,
        facts: madoguchi::domain::facts::PricingFacts {
            disability: Some(madoguchi::calc::situation::DisabilityLevel::A),
            ..Default::default()
        },
    };
    cw.save_situation(
        hid,
        &SituationInput {
            winter_region: None,
            housing_area: None,
            rent_yen: 0,
            care_cost_yen: 0,
            medical_cost_yen: 0,
            members: vec![facts],
            incomes: vec![],
        },
    )
    .unwrap();
    let e = cw.calc_household(hid, d("2026-10-15")).unwrap_err();
    assert_eq!(e.code(), "CALC_OFFICE_TABLE");
    let office_files = vec![
        (
            "manifest.toml".to_string(),
            "version = \"office-2026-10\"\ntitle = \"見本市 障害者加算（事務所の写し）\"\nbase = \"national-2026-10\"\n\n[[sources]]\nid = \"office-copy\"\ntitle = \"見本市福祉事務所 保護の手引き（令和8年度）\"\nverification = \"office\"\n"
                .to_string(),
        ),
        (
            "kasan.csv".to_string(),
            "valid_from,valid_to,kind,grade,amount,source\n# 見本の額（事務所で確認して入力）\n2026-10-01,,shogai_a,3,23620,office-copy\n2026-10-01,,shogai_b,3,15750,office-copy\n"
                .to_string(),
        ),
    ];
    // Only an administrator adds tables.
    assert_eq!(
        cw.import_rates(&office_files, false).unwrap_err().code(),
        "PERMISSION_DENIED"
    );
    let s = db
        .login(ADMIN, ADMIN_PW)
        .import_rates(&office_files, false)
        .unwrap();
    assert_eq!(s.version, "national-2026-10+office-2026-10");
    assert_eq!(
        s.supplement.as_deref(),
        Some("見本市 障害者加算（事務所の写し）（office-2026-10）")
    );
    assert!(
        !s.to_import.iter().any(|t| t.starts_with("障害者加算")),
        "{:?}",
        s.to_import
    );
    let c = cw.calc_household(hid, d("2026-10-15")).unwrap();
    assert_eq!(c.rate_set.version, "national-2026-10+office-2026-10");
    let line = c
        .result
        .lines
        .iter()
        .find(|l| l.label.starts_with("障害者加算"))
        .unwrap();
    assert_eq!(line.amount_yen, 23_620);
    assert_eq!(line.table_ref.as_ref().unwrap().table, "office/kasan");
    // The national set itself is unchanged and still listed; a row repeating a national one is
    // refused with both files named.
    let mut bad = office_files.clone();
    bad[0].1 = bad[0].1.replace("office-2026-10", "office-2");
    bad[1]
        .1
        .push_str("2026-10-01,,tokurei,*,2500,office-copy\n");
    let e = db
        .login(ADMIN, ADMIN_PW)
        .import_rates(&bad, false)
        .unwrap_err();
    assert_eq!(e.code(), "RATE_OVERLAP", "{e}");
}

#[test]
fn the_demo_uses_the_national_sets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let clock = TestClock::new();
    clock.move_to("2027-01-10");
    madoguchi::demo::create_demo(&path, &clock.clock()).unwrap();
    let mut app = App::login_with_clock(
        &path,
        madoguchi::demo::DEMO_ADMIN,
        madoguchi::demo::DEMO_PASSWORD,
        clock.clock(),
    )
    .unwrap();
    let list = app.list_rates().unwrap();
    assert!(
        list.iter().all(|s| s.national && !s.test_figures),
        "the invented test set stays for tests only"
    );
    let c = app.calc_household(1, d("2027-01-15")).unwrap();
    assert_eq!(c.rate_set.version, "national-2026-10");
    assert!(c
        .result
        .lines
        .iter()
        .any(|l| l.label.starts_with("冬季加算")));
}

/// The office's 障害者加算 for 3級地 (docs/rate-tables.md §7), as a folder for 「不足の表を追加」.
fn office_supplement() -> Vec<(String, String)> {
    vec![
        (
            "manifest.toml".to_string(),
            "version = \"office-2026-10\"\ntitle = \"見本市 障害者加算（事務所の写し）\"\nbase = \"national-2026-10\"\n\n[[sources]]\nid = \"office-copy\"\ntitle = \"見本市福祉事務所 保護の手引き（令和8年度）\"\nverification = \"office\"\n"
                .to_string(),
        ),
        (
            "kasan.csv".to_string(),
            "valid_from,valid_to,kind,grade,amount,source\n2026-10-01,,shogai_a,3,23620,office-copy\n2026-10-01,,shogai_b,3,15750,office-copy\n"
                .to_string(),
        ),
    ]
}

/// 「不足の表を追加」 from the screen: offered on the national sets that leave tables to the office,
/// the folder must complete the very set the clerk chose, and the completed set is the one the
/// pending 基準改定 previews and decides with (drafting with it ends the revision).
#[test]
fn a_supplement_completes_the_chosen_set_and_takes_over_its_revision() {
    let db = TestDb::new();
    office_in(&db, "埼玉県", "3-2");
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin.install_national_rates().unwrap();
    let before = admin.list_rates().unwrap();
    let offered: Vec<_> = before
        .iter()
        .map(|s| (s.version.as_str(), s.supplement_to.as_deref()))
        .collect();
    assert!(offered.contains(&("national-2026-10", Some("national-2026-10"))));
    assert!(offered.contains(&("national-2025-10", Some("national-2025-10"))));

    // Chosen 2025-10, a folder for 2026-10: refused, nothing stored.
    let e = admin
        .import_rates_for(&office_supplement(), false, Some("national-2025-10"))
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION", "{e}");
    assert!(
        e.to_string()
            .contains("「national-2026-10」に追加する表です"),
        "{e}"
    );
    // A whole set is not a supplement either.
    let mut whole = office_supplement();
    whole[0].1 = "version = \"x\"\ntitle = \"x\"\neffective_from = \"2026-10-01\"\n".into();
    let e = admin
        .import_rates_for(&whole, false, Some("national-2026-10"))
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION", "{e}");
    assert_eq!(admin.list_rates().unwrap().len(), before.len());

    let s = admin
        .import_rates_for(&office_supplement(), false, Some("national-2026-10"))
        .unwrap();
    assert_eq!(s.version, "national-2026-10+office-2026-10");
    // 教育扶助 and the other 加算 are still the office's to add — to the national set.
    assert!(!s.to_import.is_empty());
    assert_eq!(s.supplement_to.as_deref(), Some("national-2026-10"));
    drop(admin);

    // A household receiving assistance since September (decided with national-2025-10).
    let hid = elderly_single(&db, "S-0001");
    db.clock.move_to("2026-09-01");
    decide_start(&db, hid, "2026-09-01");

    let mut cw = db.staff("cw");
    let mut versions: Vec<String> = cw
        .rate_revisions()
        .unwrap()
        .into_iter()
        .map(|r| r.version)
        .collect();
    versions.sort();
    assert_eq!(
        versions,
        ["national-2025-10", "national-2026-10+office-2026-10"]
    );
    let rows = cw
        .bulk_preview("national-2026-10+office-2026-10", "2026-10-01")
        .unwrap();
    let row = rows.rows.iter().find(|x| x.household_id == hid).unwrap();
    assert_eq!((row.old_total, row.new_total), (67_850, 68_850));
    cw.bulk_apply(
        "national-2026-10+office-2026-10",
        "2026-10-01",
        "基準改定による変更です。",
        &["standard_revision".into()],
    )
    .unwrap();
    let left: Vec<String> = cw
        .rate_revisions()
        .unwrap()
        .into_iter()
        .map(|r| r.version)
        .collect();
    assert_eq!(left, ["national-2025-10"]);
}
