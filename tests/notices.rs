//! Decision notices and the 保護決定調書 end to end: a decision drafted, reviewed and approved
//! with the test fixture rate set (`tests/fixtures/rates/test-2025`, 試験用・実在しない figures),
//! then printed through the CLI; the notice wording (教示文・前文) edited through the use cases and
//! the RPC door. Text checks use poppler's `pdftotext` when it is installed.

mod common;

use common::*;
use madoguchi::domain::notice::TemplateKey;
use madoguchi::service::notices::NoticeOptions;
use madoguchi::service::rpc::Desk;
use madoguchi::service::views::AuditQuery;
use serde_json::json;

#[test]
fn approved_decision_prints_notice_and_calculation_sheet_through_the_cli() {
    let db = TestDb::new();
    let (hid, _, id) = drafted_start(&db);
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("notice.pdf");
    let sheet = dir.path().join("sheet.pdf");
    let ids = id.to_string();

    // Before approval: the notice is refused, a check copy needs --draft; the sheet prints as 案.
    let out = db.cli(
        "cw",
        &[
            "print",
            "notice",
            "--decision",
            &ids,
            "--out",
            notice.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("まだ決裁されていません"),
        "{}",
        text(&out.stderr)
    );
    assert!(!notice.exists());
    let out = db.cli(
        "cw",
        &[
            "print",
            "notice",
            "--decision",
            &ids,
            "--out",
            notice.to_str().unwrap(),
            "--draft",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("（案・決裁前）"));
    if let Some(t) = pdf_file_text(&notice).map(squeeze) {
        assert!(
            t.contains("保護開始決定通知書（案）") && t.contains("送付不可"),
            "{t}"
        );
    }
    let out = db.cli(
        "cw",
        &[
            "print",
            "calc-sheet",
            "--decision",
            &ids,
            "--out",
            sheet.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    if let Some(t) = pdf_file_text(&sheet).map(squeeze) {
        assert!(t.contains("保護決定調書（案）"), "{t}");
    }

    // Review and approval by two other people.
    db.staff("sv").review_decision(id, "").unwrap();
    db.staff("ap").approve_decision(id, "").unwrap();

    let out = db.cli(
        "cw",
        &[
            "print",
            "notice",
            "--decision",
            &ids,
            "--out",
            notice.to_str().unwrap(),
            "--number",
            "見福第7号",
            "--date",
            "R7.6.10",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("保護開始決定通知書を書き出しました"),
        "{}",
        text(&out.stdout)
    );
    let out = db.cli(
        "ap",
        &[
            "print",
            "calc-sheet",
            "--decision",
            &ids,
            "--out",
            sheet.to_str().unwrap(),
            "--date",
            "2025-06-10",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    for f in [&notice, &sheet] {
        assert!(std::fs::read(f).unwrap().starts_with(b"%PDF"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(f).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    let v = db.staff("cw").get_decision(id).unwrap();
    if let Some(t) = pdf_file_text(&notice).map(squeeze) {
        assert!(!t.contains("（案）"), "{t}");
        for want in [
            "見福第7号",
            "令和7年6月10日",
            "窓口通知様",
            "見本県見本市見本町1-2-3",
            "保護を開始します",
            "令和7年6月1日",
            "・最低生活費に対して収入が不足するため",
            "埼玉県知事に対して審査請求",
            "見本市福祉事務所長見本所長印",
        ] {
            assert!(t.contains(want), "notice: missing {want} in {t}");
        }
        let total = madoguchi::domain::money::yen_text(v.benefit_yen);
        assert!(t.contains(&total), "notice: total {total} missing in {t}");
        let mut run = 0;
        for c in t.chars() {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            assert!(run < 12, "12 digits in a row");
        }
    }
    if let Some(t) = pdf_file_text(&sheet).map(squeeze) {
        assert!(!t.contains("（案）"), "{t}");
        for want in [
            "保護決定調書",
            "N-0001",
            "test-2025",
            "世帯主",
            "第1類",
            "最低生活費",
            "収入充当額",
            "本人支払額",
        ] {
            assert!(t.contains(want), "sheet: missing {want} in {t}");
        }
        assert!(
            t.contains("1/1") || t.contains("1/2"),
            "sheet: no page number in {t}"
        );
        // 決裁欄: the three people's display names.
        for name in ["地区担当員", "査察指導員", "決裁者"] {
            assert!(t.contains(name), "sheet: missing {name} in {t}");
        }
    }

    // Each print is in the log, on the household, with the title and the decision.
    let log = db
        .login(ADMIN, ADMIN_PW)
        .search_audit(&AuditQuery {
            action: Some("print".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 4, "{log:?}");
    for e in &log {
        assert_eq!(e.target_kind.as_deref(), Some("household"));
        assert_eq!(e.target_id, Some(hid.to_string()));
        assert_eq!(e.detail["decision_id"], id);
    }
    let titles: Vec<&str> = log
        .iter()
        .map(|e| e.detail["document"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles
            .iter()
            .filter(|t| **t == "保護開始決定通知書")
            .count(),
        2
    );
    assert_eq!(titles.iter().filter(|t| **t == "保護決定調書").count(), 2);
    assert_eq!(log.iter().filter(|e| e.detail["draft"] == true).count(), 2);
}

#[test]
fn a_decision_without_calculation_has_no_sheet_and_readonly_cannot_print() {
    let db = TestDb::new();
    let (_, _, id) = drafted_start(&db);
    let e = db
        .staff("ro")
        .print_decision_notice(
            id,
            &NoticeOptions {
                allow_draft: true,
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "PERMISSION_DENIED");
    // A sheet needs a snapshot: unknown decision ids are refused plainly.
    assert!(db
        .staff("cw")
        .print_calculation_sheet(id + 100, None)
        .is_err());
}

#[test]
fn office_wording_is_saved_audited_and_used_with_the_prefecture_filled_in() {
    let db = TestDb::new();
    let (_, _, id) = drafted_start(&db);

    let mut admin = db.login(ADMIN, ADMIN_PW);
    let v = admin.get_notice_template(TemplateKey::Appeal).unwrap();
    assert!(v.is_default && v.text.contains("{governor}"));
    assert!(v.preview.unwrap().contains("埼玉県知事に対して審査請求"));

    // Only the office settings permission may change it; unknown placeholders are refused.
    let e = db
        .staff("cw")
        .save_notice_template(TemplateKey::Appeal, "x")
        .unwrap_err();
    assert_eq!(e.code(), "PERMISSION_DENIED");
    let e = admin
        .save_notice_template(TemplateKey::Appeal, "{governer}に審査請求")
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION");

    // A text without the elements the law requires (here: no 再審査請求, no defendant, no time
    // limit for the court action) is refused, naming what is missing; nothing is saved.
    let short = "1　{prefecture}の窓口で受け付けます。{governor}あてに審査請求ができます（3か月以内、1年を経過すると不可）。";
    let e = admin
        .save_notice_template(TemplateKey::Appeal, short)
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert!(
        e.to_string().contains("被告") && e.to_string().contains("出訴期間"),
        "{e}"
    );
    assert!(
        admin
            .get_notice_template(TemplateKey::Appeal)
            .unwrap()
            .is_default
    );

    // Reworded, every element kept: saved.
    let mine = "1　{prefecture}の窓口で受け付けます。{governor}あてに審査請求ができます（決定を知った日の翌日から3か月以内、決定の日の翌日から1年を経過すると不可）。\n2　裁決に不服があれば、1か月以内に厚生労働大臣へ再審査請求ができます。\n3　取消訴訟は審査請求の裁決の後でなければ起こせません（生活保護法第69条）。裁決を知った日の翌日から6か月以内（裁決の日の翌日から1年まで）に、{defendant}を被告として（代表者は{defendant_head}）起こせます。";
    let saved = admin
        .save_notice_template(TemplateKey::Appeal, mine)
        .unwrap();
    assert!(!saved.is_default);
    assert_eq!(saved.updated_by.as_deref(), Some(ADMIN));
    let log = admin
        .search_audit(&AuditQuery {
            action: Some("notice_template_save".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].detail["text"]["new"], mine);
    assert!(log[0].detail["text"]["old"]
        .as_str()
        .unwrap()
        .contains("{governor}"));

    // The notice uses it, filled.
    let p = db
        .staff("cw")
        .print_decision_notice(
            id,
            &NoticeOptions {
                allow_draft: true,
                ..Default::default()
            },
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("n.pdf");
    std::fs::write(&f, &p.pages_pdf).unwrap();
    if let Some(t) = pdf_file_text(&f).map(squeeze) {
        let squeezed: String = t.split_whitespace().collect();
        assert!(
            squeezed.contains("埼玉県の窓口で受け付けます。埼玉県知事あてに審査請求ができます"),
            "{t}"
        );
        assert!(
            squeezed.contains("見本市を被告として（代表者は見本市長）"),
            "{t}"
        );
    }

    // Saving the default text again returns to the default.
    let back = admin
        .save_notice_template(TemplateKey::Appeal, TemplateKey::Appeal.default_text())
        .unwrap();
    assert!(back.is_default);

    // The RPC door: list, get, save.
    let desk = Desk::new(db.path.clone(), db.clock.clock());
    desk.call("login", &json!({ "user_id": ADMIN, "password": ADMIN_PW }))
        .unwrap();
    let list = desk.call("notice_templates_list", &json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 6);
    let got = desk
        .call("notice_template_get", &json!({ "key": "lead_change" }))
        .unwrap();
    assert_eq!(got["label"], "前文（変更）");
    let saved = desk
        .call("notice_template_save", &json!({ "key": "lead_change", "text": "{prefecture}の基準により、次のとおり変更します。" }))
        .unwrap();
    assert_eq!(saved["is_default"], false);
    assert!(saved["preview"]
        .as_str()
        .unwrap()
        .starts_with("埼玉県の基準"));
    let bad = desk
        .call("notice_template_get", &json!({ "key": "nope" }))
        .unwrap_err();
    assert_eq!(bad.code, "RPC_BAD_PARAMS");
}

/// `pdftotext` pages (form feed separated) with white space removed. poppler-utils is installed
/// by `make test` (installer/setup-debian.sh), so its absence fails the test instead of skipping it.
fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    pdf_bytes_text(pdf)
        .expect("pdftotext (poppler-utils) is needed by this test")
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// Every element of the 教示 (行政不服審査法82条, 行政事件訴訟法46条・14条3項, 生活保護法69条) as
/// the default wording prints it for the demo office (埼玉県, 見本市, 見本市長).
fn assert_appeal_complete(t: &str, what: &str) {
    for needle in [
        "埼玉県知事に対して審査請求をすることができます",
        "知った日の翌日から起算して3か月以内",
        "この決定の日の翌日から起算して1年を経過すると",
        "厚生労働大臣に対して再審査請求",
        "1か月以内",
        "裁決を経た後でなければ提起することができません（生活保護法第69条）",
        "見本市を被告として",
        "訴訟において見本市を代表する者は見本市長となります",
        "その裁決があったことを知った日の翌日から起算して6か月以内",
        "その裁決の日の翌日から起算して1年を経過すると、この訴えを提起することができなくなります",
    ] {
        assert!(t.contains(needle), "{what}: 教示 lacks 「{needle}」: {t}");
    }
}

#[test]
fn every_kind_of_notice_states_what_the_law_and_the_office_need() {
    use madoguchi::domain::decision::DecisionKind;
    let db = TestDb::new();
    decidable_office(&db);
    // A 開始 inside a month (15 June) after an application whose deadline was extended.
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("N-0101")).unwrap();
    let hid = h.household.id;
    cw.add_member(hid, &member("窓口 一花", "まどぐち いちか", "1960-04-01"))
        .unwrap();
    let mut child = member("窓口 二葉", "マドグチ フタバ", "2015-05-05");
    child.relationship = "子".into();
    child.is_head = false;
    cw.add_member(hid, &child).unwrap();
    let app_id = apply(&mut cw, hid, "2025-05-20");
    cw.extend_application(app_id, "扶養義務者の回答を待つため")
        .unwrap();
    cw.save_situation(hid, &test_situation(30_000, vec![]))
        .unwrap();
    let start = decide(
        &db,
        hid,
        DecisionKind::Start,
        "2025-06-15",
        "収入がないため。",
    );
    let change = decide(&db, hid, DecisionKind::Change, "2025-07-01", "収入の変更。");
    let suspend = decide(
        &db,
        hid,
        DecisionKind::Suspend,
        "2025-08-20",
        "賞与のため。",
    );
    let abolish = decide(
        &db,
        hid,
        DecisionKind::Abolish,
        "2025-09-01",
        "自立のため。",
    );
    // A 却下 for another household.
    let r = cw
        .create_household(&household("N-0102"))
        .unwrap()
        .household
        .id;
    cw.add_member(r, &member("却下 三子", "キャッカ ミツコ", "1970-01-01"))
        .unwrap();
    apply(&mut cw, r, "2025-05-28");
    let reject = decide(
        &db,
        r,
        DecisionKind::Reject,
        "2025-06-01",
        "資産があるため。",
    );

    let opts = NoticeOptions::default();
    for (id, kind) in [
        (start, DecisionKind::Start),
        (change, DecisionKind::Change),
        (suspend, DecisionKind::Suspend),
        (abolish, DecisionKind::Abolish),
        (reject, DecisionKind::Reject),
    ] {
        let p = cw.print_decision_notice(id, &opts).unwrap();
        let pages = pdf_pages(&p.pages_pdf);
        let all: String = pages.concat();
        let what = format!("{kind:?}");
        assert_appeal_complete(&all, &what);
        // A notice with amounts from the fixture set says so on every page; one without amounts
        // (廃止 on the 1st, 却下 without a calculation) carries no such mark.
        let figures = matches!(
            kind,
            DecisionKind::Start | DecisionKind::Change | DecisionKind::Suspend
        );
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(
                page.contains("試験用・実在しない金額"),
                figures,
                "{what} page {}: {page}",
                i + 1
            );
        }
        // The caseworker in the contact block.
        assert!(all.contains("担当地区担当員職員"), "{what}: {all}");
        // 和暦 only: no ISO date anywhere.
        assert!(!all.contains("2025-"), "{what}: {all}");
        match kind {
            DecisionKind::Reject => {
                assert!(all.contains("対象となる世帯員却下三子（世帯主）"), "{all}");
                assert!(all.contains("申請年月日令和7年5月28日"), "{all}");
                assert!(all.contains("申請者窓口通知（本人）"), "{all}");
                assert!(all.contains("申請の内容生活扶助・住宅扶助の申請"), "{all}");
            }
            _ => assert!(
                all.contains("対象となる世帯員窓口一花（世帯主）、窓口二葉（子）"),
                "{what}: {all}"
            ),
        }
        if kind == DecisionKind::Start {
            assert!(all.contains("申請年月日令和7年5月20日"), "{all}");
            assert!(
                all.contains("14日を超えた理由扶養義務者の回答を待つため"),
                "{all}"
            );
            // 初回支給額: 16 of 30 days of June of the month's 153,080円, rounded up as the
            // fixture's rule says (153,080 × 16 / 30 = 81,642.7 → 81,643円).
            assert!(all.contains("初回支給額"), "{all}");
            assert!(
                all.contains("令和7年6月分81,643円（日割:令和7年6月15日〜令和7年6月30日16日分"),
                "{all}"
            );
            assert!(all.contains("月額153,080円"), "{all}");
        }
        if kind == DecisionKind::Suspend {
            assert!(all.contains("停止月の支給額"), "{all}");
            assert!(
                all.contains("令和7年8月分") && all.contains("令和7年8月1日〜令和7年8月19日19日分"),
                "{all}"
            );
        }
        if kind == DecisionKind::Change {
            assert!(
                !all.contains("申請年月日") && !all.contains("日割"),
                "{all}"
            );
        }
    }
    // The 保護決定調書: 和暦, tables by their Japanese title, the test mark on every page.
    let sheet = cw.print_calculation_sheet(start, None).unwrap();
    let pages = pdf_pages(&sheet.pages_pdf);
    let all = pages.concat();
    assert!(!all.contains(".csv") && !all.contains("行目"), "{all}");
    // The titles are the rate set's data (manifest `[tables]`; the fixture names none, so the
    // national set's): 「生活扶助基準（第1類）」, never 「daiichi.csv 7行目」.
    for title in [
        "生活扶助基準（第1類）",
        "生活扶助基準（逓減率）",
        "生活扶助基準（第2類）",
        "住宅扶助基準（限度額）",
    ] {
        assert!(all.contains(title), "{title}: {all}");
    }
    assert!(!all.contains("2023-") && !all.contains("2025-"), "{all}");
    for page in &pages {
        assert!(page.contains("試験用・実在しない金額"), "{page}");
    }
}

#[test]
fn an_appeal_text_saved_before_the_element_check_stops_the_notice() {
    let db = TestDb::new();
    let (_, _, id) = drafted_start(&db);
    // An office text from before (no defendant, no time limit for the court action), written
    // behind the service as an older version would have saved it.
    let old = "1　この決定に不服があるときは、3か月以内に{governor}に審査請求ができます（1年を経過すると不可）。";
    db.staff("cw")
        .store()
        .conn()
        .execute(
            "INSERT INTO notice_templates (key, text, updated_at, updated_by) VALUES ('appeal', ?1, 't', 'admin')",
            [old],
        )
        .unwrap();
    let e = db
        .staff("cw")
        .print_decision_notice(
            id,
            &NoticeOptions {
                allow_draft: true,
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert!(
        e.to_string().contains("被告") && e.to_string().contains("通知書の文面"),
        "{e}"
    );
    let v = db
        .login(ADMIN, ADMIN_PW)
        .get_notice_template(TemplateKey::Appeal)
        .unwrap();
    assert!(v.elements.iter().any(|e| !e.present));
}
