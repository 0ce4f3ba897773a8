//! Decision notices and the 保護決定調書 end to end: a decision drafted, reviewed and approved
//! with the test fixture rate set (`tests/fixtures/rates/test-2025`, 試験用・実在しない figures),
//! then printed through the CLI; the notice wording (教示文・前文) edited through the use cases and
//! the RPC door. Text checks use poppler's `pdftotext` when it is installed.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use madoguchi::domain::notice::TemplateKey;
use madoguchi::service::notices::NoticeOptions;
use madoguchi::service::rpc::Desk;
use madoguchi::service::views::AuditQuery;
use serde_json::json;

fn cli(db: &TestDb, user: &str, args: &[&str]) -> Output {
    let pw = if user == ADMIN { ADMIN_PW } else { STAFF_PW };
    Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .env_remove("MADOGUCHI_DB")
        .env_remove("MADOGUCHI_USER")
        .env("MADOGUCHI_PASSWORD", pw)
        .arg("--db")
        .arg(&db.path)
        .args(["--user", user])
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `pdftotext` of a file with all white space removed, or `None` without poppler.
fn pdf_text(path: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .ok()?;
    assert!(out.status.success());
    Some(
        text(&out.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

#[test]
fn approved_decision_prints_notice_and_calculation_sheet_through_the_cli() {
    let db = TestDb::new();
    let (hid, _, id) = drafted_start(&db);
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("notice.pdf");
    let sheet = dir.path().join("sheet.pdf");
    let ids = id.to_string();

    // Before approval: the notice is refused, a check copy needs --draft; the sheet prints as 案.
    let out = cli(
        &db,
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
    let out = cli(
        &db,
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
    if let Some(t) = pdf_text(&notice) {
        assert!(
            t.contains("保護開始決定通知書（案）") && t.contains("送付不可"),
            "{t}"
        );
    }
    let out = cli(
        &db,
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
    if let Some(t) = pdf_text(&sheet) {
        assert!(t.contains("保護決定調書（案）"), "{t}");
    }

    // Review and approval by two other people.
    db.staff("sv").review_decision(id, "").unwrap();
    db.staff("ap").approve_decision(id, "").unwrap();

    let out = cli(
        &db,
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
    let out = cli(
        &db,
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
    if let Some(t) = pdf_text(&notice) {
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
    if let Some(t) = pdf_text(&sheet) {
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

    let mine = "1　{prefecture}の窓口で受け付けます。{governor}あてに審査請求ができます（3か月以内、1年を経過すると不可）。";
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
    if let Some(t) = pdf_text(&f) {
        assert!(
            t.contains("埼玉県の窓口で受け付けます。埼玉県知事あてに審査請求ができます"),
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
