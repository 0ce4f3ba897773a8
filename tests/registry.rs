//! Case registry through the use cases: edits are audited old → new, bad input changes nothing,
//! the My Number is masked everywhere but the one logged reveal, and search follows every edit.

mod common;

use common::*;
use madoguchi::service::views::AuditQuery;

#[test]
fn household_edit_is_audited_with_old_and_new_values() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0001")).unwrap();
    let id = h.household.id;
    let mut edit = household("R-0001");
    edit.address = "見本県見本市試行台2-2-2".into();
    cw.update_household(id, &edit).unwrap();

    let mut sv = db.staff("sv");
    let log = sv
        .search_audit(&AuditQuery {
            action: Some("household_update".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    let d = &log[0].detail;
    assert_eq!(d["address"]["old"], "見本県見本市見本町1-2-3");
    assert_eq!(d["address"]["new"], "見本県見本市試行台2-2-2");
    assert!(
        d.get("phone").is_none(),
        "unchanged fields are not listed: {d}"
    );
    assert_eq!(log[0].user_id, "cw");
    assert_eq!(log[0].target_id.as_deref(), Some(id.to_string().as_str()));
}

#[test]
fn invalid_input_changes_nothing_and_names_the_field() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0002")).unwrap();
    let mut bad = member("番号 誤り", "バンゴウ アヤマリ", "1970-01-01");
    bad.my_number = Some("123456789012".into()); // wrong check digit
    let e = cw.add_member(h.household.id, &bad).err().unwrap();
    assert_eq!(e.code(), "VALIDATION");
    assert!(e.to_string().contains("個人番号"), "{e}");
    assert!(cw.search("バンゴウ", 10, false).unwrap().is_empty());

    // A duplicate case number is refused as a whole: no household, no audit entry.
    let before = cw
        .store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let e = cw.create_household(&household("R-0002")).err().unwrap();
    assert_eq!(e.code(), "CONFLICT");
    let after = cw
        .store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn my_number_is_masked_in_views_and_audit_and_revealed_only_with_a_log_entry() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0003")).unwrap();
    let mut m = member("番号 保護", "バンゴウ ホゴ", "1980-05-05");
    m.my_number = Some("1234-5678-9018".into());
    let v = cw.add_member(h.household.id, &m).unwrap();
    let p = &v.members[0];
    assert_eq!(p.my_number_masked.as_deref(), Some("****-****-9018"));
    let shown = serde_json::to_string(&v).unwrap();
    assert!(
        !shown.contains("123456789018") && !shown.contains("12345678"),
        "{shown}"
    );

    // The purpose is asked for (その他 needs words) and goes to the log with the view.
    use madoguchi::domain::reveal_purpose::{RevealPurpose, RevealPurposeKind};
    let bare_other = RevealPurpose {
        kind: RevealPurposeKind::Other,
        note: " ".into(),
    };
    assert_eq!(
        cw.reveal_my_number(p.id, &bare_other).unwrap_err().code(),
        "VALIDATION"
    );
    let other = RevealPurpose {
        kind: RevealPurposeKind::Other,
        note: "年金事務所からの照会".into(),
    };
    assert_eq!(cw.reveal_my_number(p.id, &other).unwrap(), "123456789018");
    let mut sv = db.staff("sv");
    let log = sv.search_audit(&AuditQuery::default()).unwrap();
    let reveals: Vec<_> = log
        .iter()
        .filter(|e| e.action == "my_number_reveal")
        .collect();
    assert_eq!(reveals.len(), 1);
    assert_eq!(reveals[0].detail["purpose"], "年金事務所からの照会");
    assert!(reveals[0]
        .facts
        .iter()
        .any(|f| f.item == "目的・用途" && f.value == "年金事務所からの照会"));
    let all = serde_json::to_string(&log).unwrap();
    assert!(
        !all.contains("123456789018"),
        "the audit log must never hold the number"
    );

    // The same number on a second person is refused.
    let mut m2 = member("重複 番号", "チョウフク バンゴウ", "1981-05-05");
    m2.my_number = Some("123456789018".into());
    m2.is_head = false;
    assert_eq!(
        cw.add_member(h.household.id, &m2).err().unwrap().code(),
        "CONFLICT"
    );
}

#[test]
fn search_follows_edits_and_removals() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0004")).unwrap();
    let v = cw
        .add_member(
            h.household.id,
            &member("旧姓 花子", "キュウセイ ハナコ", "R1.5.1"),
        )
        .unwrap();
    assert_eq!(cw.search("きゅうせい", 10, false).unwrap().len(), 1);
    let pid = v.members[0].id;
    cw.update_member(pid, &member("新姓 花子", "シンセイ ハナコ", "R1.5.1"))
        .unwrap();
    assert!(cw.search("きゅうせい", 10, false).unwrap().is_empty());
    let hits = cw.search("ｼﾝｾｲ", 10, false).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].birth_date_wareki, "令和元年5月1日");
    cw.remove_member(pid, "転出").unwrap();
    assert!(cw.search("シンセイ", 10, false).unwrap().is_empty());
}

#[test]
fn opening_a_household_is_logged_and_shows_dates_in_wareki() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0005")).unwrap();
    cw.add_member(
        h.household.id,
        &member("和暦 確認", "ワレキ カクニン", "1989-01-07"),
    )
    .unwrap();
    let mut ro = db.staff("ro");
    let v = ro
        .open_household_with_reason(h.household.id, Some(&case_reason()))
        .unwrap();
    assert_eq!(v.members[0].birth_date_wareki, "昭和64年1月7日");
    // No application registered: 相談中 (申請中 only once one is).
    assert_eq!(v.household.status_label, "相談中");
    assert_eq!(
        v.household.caseworker_name.as_deref(),
        Some("地区担当員 職員")
    );
    let mut sv = db.staff("sv");
    let log = sv
        .search_audit(&AuditQuery {
            user_id: Some("ro".into()),
            action: Some("household_open".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    // The audit search by person finds entries about the household too.
    let by_person = sv
        .search_audit(&AuditQuery {
            person: Some("ワレキ".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(by_person.iter().any(|e| e.action == "household_open"));
    assert!(by_person.iter().any(|e| e.action == "member_add"));
    // It is on the reader's recent list.
    assert_eq!(ro.home().unwrap().recent[0].case_number, "R-0005");
}

#[test]
fn status_change_keeps_history() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0006")).unwrap();
    let mut ap = db.staff("ap");
    ap.change_household_status(
        h.household.id,
        madoguchi::domain::household::HouseholdStatus::Active,
        "令和7年6月10日",
        "保護開始",
    )
    .unwrap();
    let v = ap
        .change_household_status(
            h.household.id,
            madoguchi::domain::household::HouseholdStatus::Closed,
            "R7.6.30",
            "辞退",
        )
        .unwrap();
    assert_eq!(v.household.status_label, "廃止");
    let labels: Vec<_> = v
        .status_history
        .iter()
        .map(|s| s.status_label.as_str())
        .collect();
    assert_eq!(labels, ["廃止", "保護中", "相談中"]);
    assert_eq!(v.status_history[0].effective_date_wareki, "令和7年6月30日");
    assert_eq!(
        ap.change_household_status(
            h.household.id,
            madoguchi::domain::household::HouseholdStatus::Active,
            "R7.7.1",
            " "
        )
        .err()
        .unwrap()
        .code(),
        "VALIDATION"
    );
}

#[test]
fn dv_flag_is_kept_and_shown() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0007")).unwrap();
    let mut m = member("支援 措置", "シエン ソチ", "1990-02-02");
    m.dv_protected = true;
    let v = cw.add_member(h.household.id, &m).unwrap();
    assert!(v.members[0].dv_protected);
}

#[test]
fn a_household_is_applying_only_once_an_application_is_registered() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0101")).unwrap();
    assert_eq!(h.household.status_label, "相談中");
    assert_eq!(h.status_history[0].reason, "新規登録（相談）");
    apply(&mut cw, h.household.id, "2025-06-02");
    let v = cw.open_household(h.household.id).unwrap();
    assert_eq!(v.household.status_label, "申請中");
    assert_eq!(
        v.status_history
            .iter()
            .map(|s| s.status_label.as_str())
            .collect::<Vec<_>>(),
        ["申請中", "相談中"]
    );
    assert_eq!(v.status_history[0].effective_date_wareki, "令和7年6月2日");
}

#[test]
fn case_numbers_come_from_the_office_sequence_unless_typed() {
    let db = TestDb::new();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = admin.get_office().unwrap();
    office.case_number_prefix = "Ｒ７－".into(); // NFKC: R7-
    office.case_number_digits = 4;
    office.case_number_next = 8;
    admin.save_office(&office).unwrap();
    assert_eq!(admin.get_office().unwrap().case_number_prefix, "R7-");

    let mut cw = db.staff("cw");
    // A number typed by hand stays possible, and one the sequence would give is skipped later.
    cw.create_household(&household("R7-0009")).unwrap();
    assert_eq!(cw.next_case_number().unwrap().as_deref(), Some("R7-0008"));
    let blank = |cw: &mut madoguchi::service::App| {
        let mut h = household("");
        h.case_number = "  ".into();
        cw.create_household(&h).unwrap().household.case_number
    };
    assert_eq!(blank(&mut cw), "R7-0008");
    assert_eq!(blank(&mut cw), "R7-0010", "R7-0009 was typed by hand");
    assert_eq!(cw.next_case_number().unwrap().as_deref(), Some("R7-0011"));
    // Typing a number already used is refused, naming it.
    let e = cw.create_household(&household("R7-0010")).unwrap_err();
    assert!(e.to_string().contains("R7-0010"), "{e}");
    // The audit entry of the creation carries the number it got.
    let log = db
        .staff("sv")
        .search_audit(&AuditQuery {
            action: Some("household_create".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(log.iter().any(|e| e.detail.to_string().contains("R7-0010")));
}

#[test]
fn kana_is_shown_in_full_width_katakana_whatever_was_typed() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0900")).unwrap();
    let hid = h.household.id;
    cw.add_member(hid, &member("仮名 花子", "かめい　はなこ", "1980-01-01"))
        .unwrap();
    let mut child = member("仮名 太郎", "ｶﾒｲ ﾀﾛｳ", "2010-01-01");
    child.relationship = "子".into();
    child.is_head = false;
    let v = cw.add_member(hid, &child).unwrap();
    let kana: Vec<&str> = v.members.iter().map(|m| m.kana.as_str()).collect();
    assert_eq!(kana, ["カメイ ハナコ", "カメイ タロウ"]);
    let hits = cw.search("かめい", 10, false).unwrap();
    let mut shown: Vec<String> = hits.iter().map(|h| h.kana.clone()).collect();
    shown.sort();
    assert_eq!(shown, ["カメイ タロウ", "カメイ ハナコ"]);
    // A row saved before the rule (as typed) is shown in the same form.
    cw.store()
        .conn()
        .execute(
            "UPDATE persons SET kana = 'かめい　はなこ' WHERE household_id = ?1 AND is_head = 1",
            [hid],
        )
        .unwrap();
    let v = db.staff("cw").open_household(hid).unwrap();
    assert_eq!(v.members[0].kana, "カメイ ハナコ");
}

#[test]
fn an_impossible_date_in_the_search_box_says_it_is_not_a_date() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("2025-0001")).unwrap();
    cw.add_member(
        h.household.id,
        &member("仮名 花子", "カメイ ハナコ", "1980-01-01"),
    )
    .unwrap();
    for q in ["R7.2.30", "令和7年2月30日", "2025/13/01", "H0.4.1"] {
        let e = cw.search(q, 10, false).unwrap_err();
        assert_eq!(e.code(), "VALIDATION", "{q}");
        assert!(
            e.to_string().contains("日付として正しくありません"),
            "{q}: {e}"
        );
    }
    // A real date, a case number and a name still search (no hit is 「該当なし」, not an error).
    assert_eq!(cw.search("S55.1.1", 10, false).unwrap().len(), 1);
    assert_eq!(cw.search("2025-0001", 10, false).unwrap().len(), 1);
    assert!(cw.search("2025-0999", 10, false).unwrap().is_empty());
    assert!(cw.search("R7.4.1", 10, false).unwrap().is_empty());
    assert!(cw.search("見本", 10, false).unwrap().is_empty());
}

#[test]
fn home_counts_the_days_of_an_application_and_marks_it_late_from_the_fourteenth() {
    // The core says how long a household has been applying and whether 法24条's 14 days have
    // passed; the home screen only shows it.
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let id = cw
        .create_household(&household("R-0900"))
        .unwrap()
        .household
        .id;
    apply(&mut cw, id, "2025-06-02");
    let item = |db: &TestDb| {
        let home = db.staff("cw").home().unwrap();
        let a = home
            .applying
            .into_iter()
            .find(|a| a.household_id == id)
            .unwrap();
        (a.days, a.late)
    };
    assert_eq!(item(&db), (0, false));
    db.clock.advance(chrono::Duration::days(13));
    assert_eq!(item(&db), (13, false));
    db.clock.advance(chrono::Duration::days(1));
    assert_eq!(item(&db), (14, true));
}

/// Issue 14 point 7: a name or address with a character the forms' fonts (IPAex) cannot print is
/// refused when typed, naming the character — not discovered on a notice; nothing is written.
#[test]
fn a_character_the_print_fonts_lack_is_refused_when_typed() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let mut h = household("G-0001");
    h.address = "見本市𠮷野町1-2".into();
    let e = cw.create_household(&h).unwrap_err();
    assert_eq!(e.code(), "VALIDATION", "{e}");
    assert!(
        e.to_string().contains("「𠮷」") && e.to_string().contains("印字できません"),
        "{e}"
    );
    let id = cw
        .create_household(&household("G-0001"))
        .unwrap()
        .household
        .id;
    let e = cw
        .add_member(id, &member("𠮷田 太郎", "ヨシダ タロウ", "1970-01-01"))
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION", "{e}");
    assert!(e.to_string().contains("氏名"), "{e}");
    assert!(cw.open_household(id).unwrap().members.is_empty());
    // What the fonts hold (JIS X 0213: 髙, 﨑) is accepted.
    let v = cw
        .add_member(id, &member("髙橋 﨑子", "タカハシ サキコ", "1970-01-01"))
        .unwrap();
    let pid = v.members[0].id;
    let mut m = member("髙橋 﨑子", "タカハシ サキコ", "1970-01-01");
    m.name = "髙橋 𠮷子".into();
    assert_eq!(cw.update_member(pid, &m).unwrap_err().code(), "VALIDATION");
    let mut h = household("G-0001");
    h.address = "見本市𠮷野町".into();
    assert_eq!(
        cw.update_household(id, &h).unwrap_err().code(),
        "VALIDATION"
    );
    assert_eq!(cw.open_household(id).unwrap().members[0].name, "髙橋 﨑子");
    // The office's own lines are on every form too.
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut o = admin.get_office().unwrap();
    let before = o.clone();
    o.chief_name = "𠮷田 一郎".into();
    let e = admin.save_office(&o).unwrap_err();
    assert!(e.to_string().contains("所長の氏名"), "{e}");
    assert_eq!(admin.get_office().unwrap(), before);
}
