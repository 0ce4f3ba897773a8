//! The `madoguchi` command line as scripts use it: demo, search --json, audit verify, and
//! Japanese errors with a non-zero exit code and no panic trace.

mod common;

use common::{bin, run, text};

#[test]
fn demo_then_search_json_returns_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = run(&db, &["demo"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A second demo over the same file is refused, and the file is untouched.
    let before = std::fs::read(&db).unwrap();
    let again = run(&db, &["demo"], None);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("既にあります"));
    assert_eq!(std::fs::read(&db).unwrap(), before);

    let out = run(
        &db,
        &["--user", "demo", "search", "みほん", "--json"],
        Some("madoguchi-demo"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!hits.is_empty());
    for h in &hits {
        for k in [
            "household_id",
            "case_number",
            "person_id",
            "name",
            "kana",
            "birth_date",
        ] {
            assert!(h.get(k).is_some(), "missing {k} in {h}");
        }
        assert!(h["kana"].as_str().unwrap().starts_with("ミホン"));
        chrono::NaiveDate::parse_from_str(h["birth_date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert!(h.get("my_number").is_none());
    }
    // Searching by the case number of the first hit finds that household first.
    let case = hits[0]["case_number"].as_str().unwrap();
    let out = run(
        &db,
        &["--user", "demo", "search", case, "--json"],
        Some("madoguchi-demo"),
    );
    let again: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again[0]["case_number"], case);
}

#[test]
fn audit_verify_passes_then_detects_tampering_with_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(run(&db, &["demo"], None).status.success());
    let ok = run(
        &db,
        &["--user", "demo", "audit", "verify"],
        Some("madoguchi-demo"),
    );
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("改ざんはありません"));

    // Tamper behind the triggers with the real key, as someone with the file and a password could.
    {
        let kf = madoguchi::store::KeyFile::load(&madoguchi::store::side_file_path(&db)).unwrap();
        let key = kf.unwrap_key("demo", "madoguchi-demo").unwrap().unwrap();
        let store =
            madoguchi::store::Store::open(&db, key, &kf, "2025-01-01T00:00:00+09:00").unwrap();
        store.conn().execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_id = 'someone' WHERE seq = 2;").unwrap();
    }
    let bad = run(
        &db,
        &["--user", "demo", "audit", "verify"],
        Some("madoguchi-demo"),
    );
    assert_eq!(bad.status.code(), Some(madoguchi::cli::EXIT_AUDIT_BROKEN));
    assert!(text(&bad.stderr).contains("2 番"), "{}", text(&bad.stderr));
}

#[test]
fn errors_are_japanese_without_panic_traces() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let out = run(&db, &["--user", "demo", "search", "x"], Some("whatever"));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("エラー: データベースファイルが見つかりません"),
        "{err}"
    );
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"));

    assert!(run(&db, &["demo"], None).status.success());
    let out = run(
        &db,
        &["--user", "demo", "search", "x"],
        Some("wrong-password"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("ログインできません"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("hmac"),
        "SQLCipher's English noise leaked: {}",
        text(&out.stderr)
    );

    // No password and no terminal: a clear instruction, not a hang.
    let out = bin()
        .arg("--db")
        .arg(&db)
        .args(["--user", "demo", "search", "x"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("MADOGUCHI_PASSWORD"));
}

/// Issue 9 point 5: a refused input reads as Japanese at the CLI too — the message names the
/// field in Japanese; the request's internal field name (`medium_id`, `my_number` …) is not shown.
#[test]
fn a_validation_error_names_the_field_in_japanese_not_by_its_internal_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path());
    let out = run(
        &db,
        &[
            "--user",
            "demo",
            "exchange",
            "media",
            "add",
            "USB 1!",
            "--label",
            "保管庫A",
        ],
        Some("madoguchi-demo"),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(
        err.trim_end(),
        "エラー: 媒体IDは英数字・ハイフン・下線の32文字以内で入力してください"
    );
}

#[test]
fn init_user_add_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let out = run(
        &db,
        &["init", "--admin", "kanri", "--name", "管理 一郎"],
        Some("weak"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("10文字以上"),
        "{}",
        text(&out.stderr)
    );
    assert!(!db.exists());

    let out = run(
        &db,
        &["init", "--admin", "kanri", "--name", "管理 一郎"],
        Some("sekinin-desk-2025"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        &db,
        &[
            "--user",
            "kanri",
            "user",
            "add",
            "tanaka",
            "--name",
            "田中 太郎",
            "--role",
            "地区担当員",
        ],
        Some("sekinin-desk-2025"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let temp = stdout
        .lines()
        .find_map(|l| l.strip_prefix("仮パスワード: "))
        .unwrap()
        .split('（')
        .next()
        .unwrap()
        .to_string();
    // The new account can log in with the generated temporary password and must change it.
    let app = madoguchi::service::App::login(&db, "tanaka", &temp).unwrap();
    assert!(app.session_info().unwrap().must_change_password);
    drop(app);
    let out = run(
        &db,
        &["--user", "kanri", "user", "disable", "tanaka"],
        Some("sekinin-desk-2025"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(madoguchi::service::App::login(&db, "tanaka", &temp).is_err());

    let v = bin().arg("--version").output().unwrap();
    assert!(text(&v.stdout).contains(madoguchi::VERSION));
}

#[test]
fn a_fresh_demo_has_a_history_every_screen_can_show() {
    use madoguchi::domain::decision::{DecisionKind, DecisionState};
    use madoguchi::domain::household::HouseholdStatus;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(run(&db, &["demo"], None).status.success());

    // `print notice --decision 1` works on a fresh demo: decision 1 is an approved 開始.
    let out = dir.path().join("n1.pdf");
    let n = run(
        &db,
        &[
            "--user",
            "cw1",
            "print",
            "notice",
            "--decision",
            "1",
            "--out",
            out.to_str().unwrap(),
        ],
        Some("madoguchi-demo"),
    );
    assert!(n.status.success(), "{}", text(&n.stderr));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));

    let mut ap = madoguchi::service::App::login(&db, "ap1", "madoguchi-demo").unwrap();
    let (mut active, mut suspended, mut closed, mut applying, mut changed) = (0, 0, 0, 0, 0);
    for id in 1..=50 {
        let h = ap.open_household(id).unwrap();
        let ds = ap.decisions_for_household(id).unwrap();
        let apps = ap.applications_for_household(id).unwrap().applications;
        let approved = |k: DecisionKind| {
            ds.iter()
                .any(|d| d.kind == k && d.state == DecisionState::Approved)
        };
        let status = h.household.status;
        if status != HouseholdStatus::Consulting {
            assert!(!apps.is_empty(), "{id}: {status:?} without an application");
        }
        match status {
            HouseholdStatus::Active | HouseholdStatus::Suspended | HouseholdStatus::Closed => {
                assert!(approved(DecisionKind::Start), "{id}: no approved 開始");
                assert!(
                    ds.iter().all(|d| d.state == DecisionState::Approved),
                    "{id}"
                );
                changed += approved(DecisionKind::Change) as i32;
            }
            _ => assert!(ds.is_empty(), "{id}: {status:?} with decisions"),
        }
        match status {
            HouseholdStatus::Active => active += 1,
            HouseholdStatus::Suspended => {
                assert!(approved(DecisionKind::Suspend), "{id}");
                suspended += 1
            }
            HouseholdStatus::Closed => {
                assert!(approved(DecisionKind::Abolish), "{id}");
                closed += 1
            }
            HouseholdStatus::Applying => applying += 1,
            HouseholdStatus::Consulting => {}
        }
    }
    assert!(active > 20 && suspended > 0 && closed > 0 && applying > 0 && changed > 0);
    // Certificates of 保護中 households wait in the print queue.
    let jobs = ap
        .print_jobs(&madoguchi::service::views::PrintJobFilter {
            state: None,
            household_id: None,
            limit: None,
        })
        .unwrap();
    assert!(jobs.len() >= 3, "{}", jobs.len());
}

/// Issue 13 point 7: the demo opens with exchange work to show — a registered medium and three
/// 情報照会 waiting in the outbox, on the home screen's 中間サーバー連携 panel and in the CLI.
#[test]
fn the_demo_has_a_medium_and_inquiries_waiting_for_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = run(&db, &["demo"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        &db,
        &["--user", "sv1", "exchange", "status", "--json"],
        Some("madoguchi-demo"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let st: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let inquiry = st
        .iter()
        .find(|c| c["channel"] == "inquiry")
        .expect("an inquiry channel");
    assert_eq!(inquiry["pending"], 3, "{inquiry}");
    let out = run(
        &db,
        &["--user", "demo", "exchange", "media", "list"],
        Some("madoguchi-demo"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("DEMO-USB-1"),
        "{}",
        text(&out.stdout)
    );
    // And the demo still opens for every account afterwards (no WAL left behind that a later
    // open would refuse).
    let out = run(
        &db,
        &["--user", "cw1", "search", "見本"],
        Some("madoguchi-demo"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// Issue 7 point 8: a refusal by the rules inside a use case, through the CLI, is in the audit
/// log like one through the UI's door — who, what, on which target.
#[test]
fn a_rule_refusal_through_the_cli_is_audited_like_one_through_the_screen() {
    use madoguchi::domain::decision::DecisionKind;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(run(&db, &["demo"], None).status.success());
    // A 停止 drafted without a calculation: its 保護決定調書 is refused (DECISION_STATE).
    let mut cw = madoguchi::service::App::login(&db, "cw1", "madoguchi-demo").unwrap();
    let active = (1..=50)
        .find(|&h| {
            cw.open_household(h).unwrap().household.status
                == madoguchi::domain::household::HouseholdStatus::Active
        })
        .expect("the demo has a household 保護中");
    let today = cw.today().to_string();
    let suspend = cw
        .draft_decision(&madoguchi::service::decisions::DecisionInput {
            household_id: active,
            kind: DecisionKind::Suspend,
            effective_date: today,
            reason_text: "収入の一時的な増加（見本）".into(),
            reason_codes: vec!["temporary_income".into()],
            calculate: false,
        })
        .unwrap()
        .id;
    cw.logout().unwrap();
    let out = run(
        &db,
        &[
            "--user",
            "cw1",
            "print",
            "calc-sheet",
            "--decision",
            &suspend.to_string(),
            "--out",
            dir.path().join("sheet.pdf").to_str().unwrap(),
        ],
        Some("madoguchi-demo"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("計算がない"),
        "{}",
        text(&out.stderr)
    );
    let mut sv = madoguchi::service::App::login(&db, "sv1", "madoguchi-demo").unwrap();
    let refused = sv
        .search_audit(&madoguchi::service::views::AuditQuery {
            action: Some("refused".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(refused.len(), 1, "{refused:?}");
    let e = &refused[0];
    assert_eq!(e.user_id, "cw1");
    assert_eq!(e.detail["code"], "DECISION_STATE");
    assert_eq!(e.detail["what"], "print calc-sheet");
    assert_eq!(e.target_kind.as_deref(), Some("decision"));
    assert_eq!(e.target_id.as_deref(), Some(suspend.to_string().as_str()));
}
