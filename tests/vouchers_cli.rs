//! The operators' contract (docs/commands.md) through the real `madoguchi` binary:
//! `institutions import`, `vouchers run --json`, `print vouchers`, `print voucher-ledger` — on a
//! fresh demo database, which must issue vouchers — and a run of each kind (医療券・調剤券, 介護券)
//! killed with SIGKILL half-way that the next run finishes without a duplicate or a loss.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::Datelike;
use common::*;
use madoguchi::domain::checkdigit::validate_recipient_number;
use madoguchi::service::App;

const PW: &str = madoguchi::demo::DEMO_PASSWORD;

fn this_month() -> String {
    let t = chrono::Local::now().date_naive();
    format!("{:04}-{:02}", t.year(), t.month())
}

#[test]
fn a_fresh_demo_issues_vouchers_once_and_prints_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let month = this_month();
    let out = run_as(
        &db,
        "med1",
        PW,
        &[
            "vouchers", "run", "--kind", "medical", "--month", &month, "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines.len() > 20,
        "a fresh demo has standing cases: {}",
        lines.len()
    );
    let mut numbers: HashMap<i64, String> = HashMap::new();
    for v in &lines {
        for f in [
            "voucher_id",
            "person_id",
            "kind",
            "recipient_number",
            "public_payer_number",
            "institution_code",
            "valid_from",
            "valid_to",
            "month",
        ] {
            assert!(v.get(f).is_some(), "{f} missing in {v}");
        }
        assert!(["medical", "dispensing"].contains(&v["kind"].as_str().unwrap()));
        assert_eq!(v["month"], month.as_str());
        assert_eq!(v["public_payer_number"], "12270013");
        let r = v["recipient_number"].as_str().unwrap();
        assert!(validate_recipient_number(r).is_ok(), "{r}");
        let p = v["person_id"].as_i64().unwrap();
        assert_eq!(
            numbers.entry(p).or_insert_with(|| r.to_string()),
            r,
            "one number per person and month"
        );
        assert!(madoguchi::domain::checkdigit::validate_institution_code(
            v["institution_code"].as_str().unwrap()
        )
        .is_ok());
    }
    let distinct: HashSet<&String> = numbers.values().collect();
    assert_eq!(
        distinct.len(),
        numbers.len(),
        "numbers are not shared between persons"
    );

    let again = run_as(
        &db,
        "med1",
        PW,
        &[
            "vouchers", "run", "--kind", "medical", "--month", &month, "--json",
        ],
    );
    assert!(again.status.success());
    assert_eq!(text(&again.stdout), "", "a second run issues nothing");
    let summary = run_as(
        &db,
        "med1",
        PW,
        &["vouchers", "run", "--kind", "medical", "--month", &month],
    );
    assert!(
        text(&summary.stdout).contains(&format!("発行済み {}件", lines.len())),
        "{}",
        text(&summary.stdout)
    );

    // Printing: one page per voucher, by institution; the ledger.
    let pdf = dir.path().join("vouchers.pdf");
    let out = run_as(
        &db,
        "med1",
        PW,
        &[
            "print",
            "vouchers",
            "--kind",
            "medical",
            "--month",
            &month,
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("{}ページ", lines.len())),
        "{}",
        text(&out.stdout)
    );
    let ledger = dir.path().join("ledger.pdf");
    let out = run_as(
        &db,
        "med1",
        PW,
        &[
            "print",
            "voucher-ledger",
            "--kind",
            "medical",
            "--month",
            &month,
            "--out",
            ledger.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    if let (Some(vouchers), Some(book)) = (pdf_file_text(&pdf), pdf_file_text(&ledger)) {
        for (f, t) in [(&pdf, &vouchers), (&ledger, &book)] {
            let mut run = 0;
            for c in t.chars() {
                run = if c.is_ascii_digit() { run + 1 } else { 0 };
                assert!(run < 12, "{}: 12 digits in a row", f.display());
            }
        }
        assert!(vouchers.contains("医療券・調剤券"));
        assert!(vouchers.contains("上記のとおり医療の給付を委託します。"));
        assert!(book.contains("医療券交付処理簿"));
    }
    // Without the permission: refused in Japanese, nothing issued.
    let out = run_as(
        &db,
        "cw1",
        PW,
        &["vouchers", "run", "--kind", "medical", "--month", "2099-01"],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("権限"), "{}", text(&out.stderr));
    let out = run_as(
        &db,
        "med1",
        PW,
        &["vouchers", "run", "--kind", "medical", "--month", "2026-13"],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("年月"), "{}", text(&out.stderr));
}

#[test]
fn institutions_import_dry_run_then_apply() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let csv = dir.path().join("inst.csv");
    std::fs::write(
        &csv,
        "医療機関コード,名称,カナ,種別,指定年月日\n0110113719,見本新規医院,ミホンシンキ,医科,R2.4.1\n0110113718,誤り医院,アヤマリ,医科,R2.4.1\n",
    )
    .unwrap();
    let out = run_as(
        &db,
        "med1",
        PW,
        &[
            "institutions",
            "import",
            csv.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "an invalid line: exit 1");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            r["new"].as_i64(),
            r["invalid"].as_i64(),
            r["applied"].as_bool()
        ),
        (Some(1), Some(1), Some(false))
    );
    assert_eq!(r["lines"][1]["line"], 3);
    std::fs::write(
        &csv,
        "code,name,kind,valid_from\n0110113719,見本新規医院,医科,2020-04-01\n",
    )
    .unwrap();
    let out = run_as(
        &db,
        "med1",
        PW,
        &["institutions", "import", csv.to_str().unwrap(), "--dry-run"],
    );
    assert!(out.status.success());
    assert!(
        text(&out.stdout).contains("確認のみ"),
        "{}",
        text(&out.stdout)
    );
    let out = run_as(
        &db,
        "med1",
        PW,
        &["institutions", "import", csv.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("取り込みました: 新規 1件"),
        "{}",
        text(&out.stdout)
    );
    let out = run_as(
        &db,
        "med1",
        PW,
        &["institutions", "import", csv.to_str().unwrap(), "--json"],
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["unchanged"].as_i64(), Some(1));
    std::fs::write(&csv, [0x83u8, 0x65, 0x83, 0x58, 0x83, 0x67]).unwrap(); // Shift_JIS テスト
    let out = run_as(
        &db,
        "med1",
        PW,
        &["institutions", "import", csv.to_str().unwrap()],
    );
    assert!(text(&out.stderr).contains("UTF-8"), "{}", text(&out.stderr));
}

fn count(app: &App, sql: &str) -> i64 {
    app.store().conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The month's run of `kind` on `db` (one month's work of more than one chunk), killed with
/// SIGKILL once its first chunk has committed, then run again: whole chunks only stood, the rerun
/// issues exactly what was missing (no key, 交付番号 or outbox record twice, none lost), one
/// 受給者番号 per person across the kill, the interrupted run closed, and a third run issues
/// nothing. `outbox_per_voucher`: the scheme's exchange records per voucher (医療券・調剤券 one
/// online-eligibility record each; 介護券 none).
fn a_run_killed_half_way_is_finished_by_the_next(db: &Path, kind: &str, outbox_per_voucher: i64) {
    let month = this_month();
    let (expected, outbox_before) = {
        let med = App::login(db, "med1", PW).unwrap();
        let scheme = madoguchi::service::vouchers::scheme(kind).unwrap();
        let m = madoguchi::domain::voucher::VoucherMonth::parse(&month).unwrap();
        let due = madoguchi::service::vouchers::plan(
            med.store().conn(),
            scheme,
            m,
            &mut Default::default(),
        )
        .unwrap()
        .to_issue()
        .count() as i64;
        (due, count(&med, "SELECT count(*) FROM outbox"))
    };
    assert!(
        expected > madoguchi::service::vouchers::CHUNK as i64,
        "{kind}: more than one chunk: {expected}"
    );
    let args = ["vouchers", "run", "--kind", kind, "--month", &month];
    let mut child = command_as(db, "med1", PW, &args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let watcher = App::login(db, "ro1", PW).unwrap();
    let mut at_kill = 0;
    for _ in 0..3_000 {
        at_kill = count(&watcher, "SELECT count(*) FROM vouchers");
        if at_kill > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(watcher);
    // What the scheme's run wrote to the exchange queue: one record per voucher (or none), none
    // twice, and nothing else.
    let outbox = |app: &App, vouchers: i64| {
        assert_eq!(
            count(
                app,
                "SELECT count(*) FROM outbox WHERE source LIKE 'voucher:%'"
            ),
            vouchers * outbox_per_voucher,
            "{kind}: the vouchers' exchange records"
        );
        assert_eq!(
            count(app, "SELECT count(*) FROM (SELECT source FROM outbox WHERE source LIKE 'voucher:%' GROUP BY source HAVING count(*) > 1)"),
            0,
            "{kind}: an exchange record twice"
        );
        assert_eq!(
            count(app, "SELECT count(*) FROM outbox"),
            outbox_before + vouchers * outbox_per_voucher,
            "{kind}: the run wrote other exchange records"
        );
    };
    let med = App::login(db, "med1", PW).unwrap();
    let committed = count(&med, "SELECT count(*) FROM vouchers");
    assert!(
        committed % madoguchi::service::vouchers::CHUNK as i64 == 0 || committed == expected,
        "{kind}: whole chunks only: {committed}"
    );
    assert_eq!(
        count(&med, "SELECT count(*) FROM voucher_events"),
        committed,
        "{kind}: every voucher has its ledger line"
    );
    outbox(&med, committed);
    eprintln!("{kind}: killed with {committed} of {expected} committed (first seen {at_kill})");
    drop(med);

    let json: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
    let out = run_as(db, "med1", PW, &json);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let resumed = text(&out.stdout).lines().count() as i64;
    let med = App::login(db, "med1", PW).unwrap();
    assert_eq!(resumed + committed, expected, "{kind}");
    assert_eq!(count(&med, "SELECT count(*) FROM vouchers"), expected);
    assert_eq!(
        count(&med, "SELECT count(DISTINCT due_key) FROM vouchers"),
        expected,
        "{kind}: no key twice"
    );
    assert_eq!(
        count(&med, "SELECT count(DISTINCT issue_number) FROM vouchers"),
        expected
    );
    assert_eq!(
        count(&med, "SELECT count(*) FROM (SELECT person_id FROM vouchers GROUP BY person_id HAVING count(DISTINCT recipient_number) > 1)"),
        0,
        "{kind}: one 受給者番号 per person and month, across the kill"
    );
    assert_eq!(
        count(
            &med,
            "SELECT count(*) FROM voucher_runs WHERE state = 'issuing'"
        ),
        0,
        "{kind}: the interrupted run was closed"
    );
    outbox(&med, expected);
    let again = run_as(db, "med1", PW, &json);
    assert_eq!(text(&again.stdout), "", "{kind}");
}

#[test]
fn a_medical_run_killed_half_way_is_finished_by_the_next_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("load.db");
    madoguchi::demo::build_sized(&db, &madoguchi::service::system_clock(), 1_500).unwrap();
    a_run_killed_half_way_is_finished_by_the_next(&db, "medical", 1);
}

#[test]
fn a_care_run_killed_half_way_is_finished_by_the_next_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("care.db");
    let clock = madoguchi::service::system_clock();
    // Households sized so that enough members are 40 or over (as the care benchmark does).
    madoguchi::demo::build_sized(&db, &clock, 700).unwrap();
    madoguchi::demo::care::install_cases(&db, &clock, 250).unwrap();
    a_run_killed_half_way_is_finished_by_the_next(&db, "care", 0);
}

#[test]
fn the_help_of_every_voucher_command_names_both_kinds() {
    for cmd in [
        &["vouchers", "run", "--help"][..],
        &["print", "vouchers", "--help"],
        &["print", "voucher-ledger", "--help"],
    ] {
        let out = bin().args(cmd).output().unwrap();
        assert!(out.status.success(), "{cmd:?}: {}", text(&out.stderr));
        let help = text(&out.stdout);
        let kind = help
            .lines()
            .find(|l| l.trim_start().starts_with("--kind"))
            .unwrap_or_default();
        assert!(
            kind.contains("medical") && kind.contains("care（介護券）"),
            "{cmd:?}: --kind must name medical and care:\n{help}"
        );
    }
}
