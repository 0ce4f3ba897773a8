//! Parsing and validation of rate sets, against the test fixture
//! (`tests/fixtures/rates/test-2025`, 試験用・実在しない) and the shipped data (`data/rates`).

use super::*;
use crate::calc::Grade;

pub(crate) fn fixture_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rates/test-2025")
}

pub(crate) fn fixture() -> RateSet {
    load_dir(fixture_dir()).expect("the test fixture is valid")
}

fn fixture_files() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Parse the fixture with one file replaced (or removed with `None`).
fn parse_with(file: &str, contents: Option<&str>) -> Result<RateSet, RateError> {
    let mut files = fixture_files();
    files.retain(|(n, _)| n != file);
    if let Some(c) = contents {
        files.push((file.to_string(), c.to_string()));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    parse_files(&refs)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn fixture_loads_and_is_marked_as_test() {
    let set = fixture();
    assert_eq!(set.version(), "test-2025");
    assert!(set.has_test_figures());
    // Every table but the prefecture → 冬季加算地区 one, which the format gained after the set was
    // recorded (a version's files never change: tests/stored_snapshots.rs).
    let mut all: std::collections::BTreeSet<TableId> = TableId::ALL.into_iter().collect();
    all.remove(&TableId::TokiRegions);
    assert_eq!(set.tables, all);
    // "*" in daini expands to all six 級地: 9 r5 rows + 5 + 5 h30 rows, × 6.
    assert_eq!(set.daini.len(), 19 * 6);
    let row = set
        .find_daiichi(Scheme::R5, Grade::G1_1, 30, d("2025-10-01"))
        .unwrap();
    assert_eq!(row.amount, 43_000);
    assert_eq!(
        row.meta.line, 7,
        "line numbers count the header and comment lines"
    );
}

#[test]
fn parse_files_equals_load_dir_and_survives_json() {
    let files = fixture_files();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let a = parse_files(&refs).unwrap();
    let b = fixture();
    assert_eq!(a, b);
    let json = serde_json::to_string(&a).unwrap();
    let back: RateSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
}

#[test]
fn dated_rows_switch_on_their_date() {
    let set = fixture();
    assert_eq!(
        set.find_kasan(KasanKind::Tokurei, Grade::G1_1, d("2025-09-30"))
            .unwrap()
            .amount,
        1_000
    );
    assert_eq!(
        set.find_kasan(KasanKind::Tokurei, Grade::G1_1, d("2025-10-01"))
            .unwrap()
            .amount,
        1_500
    );
}

#[test]
fn complete_for_fixture_grades_only() {
    let set = fixture();
    assert_eq!(check_complete(&set, Grade::G1_1, d("2025-10-01")), Ok(()));
    assert_eq!(check_complete(&set, Grade::G3_2, d("2026-01-15")), Ok(()));
    // The fixture has no 第1類 for 2級地: the error names the table.
    let e = check_complete(&set, Grade::G2_1, d("2025-10-01")).unwrap_err();
    assert_eq!(e.code(), "RATE_INCOMPLETE");
    match &e {
        RateError::Incomplete { table, .. } => assert_eq!(table, "daiichi"),
        other => panic!("{other:?}"),
    }
    // Outside the set's period.
    let e = check_complete(&set, Grade::G1_1, d("2026-04-01")).unwrap_err();
    assert!(e.to_string().contains("適用期間"), "{e}");
}

#[test]
fn missing_table_is_named() {
    let set = parse_with("kimatsu.csv", None).unwrap();
    let e = check_complete(&set, Grade::G1_1, d("2025-10-01")).unwrap_err();
    assert_eq!(
        e,
        RateError::Incomplete {
            table: "kimatsu".into(),
            detail: "kimatsu.csv（期末一時扶助基準）がありません".into()
        }
    );
}

#[test]
fn missing_rule_is_reported() {
    let m = std::fs::read_to_string(fixture_dir().join("manifest.toml"))
        .unwrap()
        .replace("teigen_rounding = \"ceil10\"\n", "");
    let set = parse_with("manifest.toml", Some(&m)).unwrap();
    let all = missing_tables(&set, Grade::G1_1, d("2025-10-01"));
    assert_eq!(all.len(), 1);
    assert!(all[0].to_string().contains("teigen_rounding"));
}

#[test]
fn negative_amount_rejected_with_line() {
    let csv = "valid_from,valid_to,level,amount,source\n2025-04-01,,shogakko,3000,test\n2025-04-01,,chugakko,-5000,test\n2025-04-01,,koko,5500,test\n";
    let e = parse_with("kyoiku.csv", Some(csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_NEGATIVE");
    assert_eq!(e.line(), Some(3));
    assert_eq!(
        e.to_string(),
        "kyoiku.csv 3行目 amount列: 負の値は使えません（-5000）"
    );
}

#[test]
fn overlapping_dates_rejected_with_both_lines() {
    let csv = "valid_from,valid_to,level,amount,source\n2025-04-01,,shogakko,3000,test\n2025-04-01,,chugakko,5000,test\n2025-04-01,,koko,5500,test\n2025-10-01,,shogakko,3100,test\n";
    let e = parse_with("kyoiku.csv", Some(csv)).unwrap_err();
    assert_eq!(
        e,
        RateError::Overlap {
            file: "kyoiku.csv".into(),
            line: 5,
            other_file: "kyoiku.csv".into(),
            other_line: 2,
            key: "shogakko".into()
        }
    );
}

#[test]
fn overlapping_bands_rejected() {
    let csv = "valid_from,valid_to,income_from,income_to,first,second,source\n2025-04-01,,0,20000,15000,15000,test\n2025-04-01,,19000,,18000,15300,test\n";
    let e = parse_with("kinro_kiso.csv", Some(csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_OVERLAP");
    assert_eq!(e.line(), Some(3));
}

#[test]
fn grade_group_overlapping_a_single_grade_is_an_overlap() {
    let extra = "2025-04-01,,boshi_1,1-1,18500,test\n";
    let csv = std::fs::read_to_string(fixture_dir().join("kasan.csv")).unwrap() + extra;
    let e = parse_with("kasan.csv", Some(&csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_OVERLAP");
}

#[test]
fn band_gap_rejected() {
    // No band for 16,000 … 19,999.
    let csv = "valid_from,valid_to,income_from,income_to,first,second,source\n2025-04-01,,0,15999,15000,15000,test\n2025-04-01,,20000,,18000,15300,test\n";
    let e = parse_with("kinro_kiso.csv", Some(csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_GAP");
    assert_eq!(e.line(), Some(3));
    assert!(e.to_string().contains("16000〜19999"), "{e}");
}

#[test]
fn closed_top_band_is_a_gap() {
    let csv = "valid_from,valid_to,income_from,income_to,first,second,source\n2025-04-01,,0,15999,15000,15000,test\n";
    let e = parse_with("kinro_kiso.csv", Some(csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_GAP");
}

#[test]
fn date_gap_rejected() {
    let csv = "valid_from,valid_to,level,amount,source\n2025-04-01,2025-08-31,shogakko,3000,test\n2025-10-01,,shogakko,3100,test\n2025-04-01,,chugakko,5000,test\n2025-04-01,,koko,5500,test\n";
    let e = parse_with("kyoiku.csv", Some(csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_GAP");
    assert_eq!(e.line(), Some(3));
    assert!(e.to_string().contains("2025-09-01"), "{e}");
}

#[test]
fn bad_header_unknown_file_unknown_source_bad_value() {
    let e = parse_with("kyoiku.csv", Some("from,to,level,amount,source\n")).unwrap_err();
    assert_eq!(e.code(), "RATE_HEADER");
    let e = parse_with("extra.csv", Some("a\n")).unwrap_err();
    assert_eq!(e.code(), "RATE_UNKNOWN_FILE");
    let e = parse_with(
        "kyoiku.csv",
        Some("valid_from,valid_to,level,amount,source\n2025-04-01,,shogakko,3000,mhlw\n"),
    )
    .unwrap_err();
    assert_eq!(
        e,
        RateError::UnknownSource {
            file: "kyoiku.csv".into(),
            line: 2,
            source_id: "mhlw".into()
        }
    );
    let e = parse_with(
        "kyoiku.csv",
        Some("valid_from,valid_to,level,amount,source\n2025-04-01,,shogakko,\"3,000\",test\n"),
    )
    .unwrap_err();
    assert_eq!(e.code(), "RATE_FIELD");
    assert!(
        e.to_string().starts_with("kyoiku.csv 2行目 amount列"),
        "{e}"
    );
    let e = parse_with(
        "kasan.csv",
        Some("valid_from,valid_to,kind,grade,amount,source\n2025-04-01,,tokurei,4-1,1000,test\n"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("級地「4-1」"), "{e}");
    let e = parse_with("teigen.csv", Some("valid_from,valid_to,scheme,size_from,size_to,rate,source\n2025-04-01,,r5,1,,1.2,test\n")).unwrap_err();
    assert_eq!(e.code(), "RATE_FIELD");
    let e = parse_with(
        "kyoiku.csv",
        Some("valid_from,valid_to,level,amount,source\n2025-04-01,2025-03-01,shogakko,3000,test\n"),
    )
    .unwrap_err();
    assert_eq!(e.code(), "RATE_FIELD");
}

#[test]
fn row_outside_set_period_rejected() {
    let csv = "valid_from,valid_to,level,amount,source\n2025-01-01,,shogakko,3000,test\n";
    let e = parse_with("kyoiku.csv", Some(csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_OUTSIDE_PERIOD");
    assert_eq!(e.line(), Some(2));
}

#[test]
fn manifest_errors() {
    assert_eq!(
        parse_with("manifest.toml", None).unwrap_err().code(),
        "RATE_MISSING_FILE"
    );
    let e = parse_with("manifest.toml", Some("version = \"x\"\ntitle = \"t\"\neffective_from = \"2025-04-01\"\n[rules]\nteigen_rounding = \"ceil5\"\n")).unwrap_err();
    assert_eq!(e.code(), "RATE_MANIFEST");
    assert!(e.to_string().contains("ceil5"), "{e}");
}

#[test]
fn excel_bom_is_accepted() {
    let csv = "\u{feff}valid_from,valid_to,level,amount,source\n2025-04-01,,shogakko,3000,test\n2025-04-01,,chugakko,5000,test\n2025-04-01,,koko,5500,test\n";
    assert!(parse_with("kyoiku.csv", Some(csv)).is_ok());
}

#[test]
fn legal_age_follows_the_day_before_the_birthday() {
    // Born 1 April: reaches 18 on 31 March.
    assert_eq!(legal_age(d("2000-04-01"), d("2018-03-30")), 17);
    assert_eq!(legal_age(d("2000-04-01"), d("2018-03-31")), 18);
    assert_eq!(legal_age(d("2000-04-02"), d("2018-03-31")), 17);
    // 29 February: reaches the age on 28 February of common years.
    assert_eq!(legal_age(d("2004-02-29"), d("2023-02-27")), 18);
    assert_eq!(legal_age(d("2004-02-29"), d("2023-02-28")), 19);
    assert_eq!(
        age_reference_date(AgeBasis::FiscalYearStart, d("2026-01-15")),
        d("2025-04-01")
    );
    assert_eq!(
        age_reference_date(AgeBasis::FiscalYearStart, d("2025-04-01")),
        d("2025-04-01")
    );
}

/// Line numbers name the file's real line, with comment blocks before and between rows
/// (issue 10: a negative amount on line 4 was reported as 2行目, line 17 as 16行目).
#[test]
fn line_numbers_count_comment_lines_anywhere() {
    let mut csv = String::from("valid_from,valid_to,level,amount,source\n"); // line 1
    csv += "# comment\n# another\n"; // lines 2-3
    csv += "2025-04-01,,shogakko,-3000,test\n"; // line 4
    let e = parse_with("kyoiku.csv", Some(&csv)).unwrap_err();
    assert_eq!(e.line(), Some(4), "{e}");
    assert!(e.to_string().contains("4行目"), "{e}");

    let mut csv = String::from("valid_from,valid_to,level,amount,source\n"); // 1
    csv += "2025-04-01,,shogakko,3000,test\n"; // 2
    for _ in 3..=10 {
        csv += "# block of comments in the middle\n"; // 3-10
    }
    csv += "\n"; // 11: blank
    csv += "2025-04-01,,chugakko,5000,test\n"; // 12
    csv += "# one more\n"; // 13
    csv += "2025-04-01,,koko,5500,test\n"; // 14
    csv += "#\n#\n"; // 15-16
    csv += "2025-10-01,,koko,-1,test\n"; // 17
    let e = parse_with("kyoiku.csv", Some(&csv)).unwrap_err();
    assert_eq!(e.line(), Some(17), "{e}");
    // The rows that parse carry their real line too (the 調書 prints it).
    let ok = csv.replace("2025-10-01,,koko,-1,test\n", "");
    let set = parse_with("kyoiku.csv", Some(&ok)).unwrap();
    let lines: Vec<usize> = set.kyoiku.iter().map(|r| r.meta.line).collect();
    assert_eq!(lines, vec![2, 12, 14]);
}

/// Issue 7 point 6: a band bound of i64::MAX overflowed in `validate`; amounts and bounds are
/// limited to what the standards can hold, and the refusal names file, line and column.
#[test]
fn bounds_beyond_the_domain_are_refused_not_a_panic() {
    let huge = i64::MAX.to_string();
    let csv = format!("valid_from,valid_to,income_from,income_to,first,second,source\n2025-04-01,,0,{huge},15000,15000,test\n2025-04-01,,{huge},,15000,15000,test\n");
    let e = parse_with("kinro_kiso.csv", Some(&csv)).unwrap_err();
    assert_eq!((e.code(), e.line()), ("RATE_FIELD", Some(2)), "{e}");
    assert!(e.to_string().contains("income_to"), "{e}");
    let csv = format!("valid_from,valid_to,level,amount,source\n2025-04-01,,shogakko,{huge},test\n2025-04-01,,chugakko,5000,test\n2025-04-01,,koko,5500,test\n");
    let e = parse_with("kyoiku.csv", Some(&csv)).unwrap_err();
    assert_eq!((e.code(), e.line()), ("RATE_FIELD", Some(2)), "{e}");
    let csv = std::fs::read_to_string(fixture_dir().join("daiichi.csv"))
        .unwrap()
        .replace(
            "2025-04-01,,r5,1-1,75,,35000,test",
            &format!("2025-04-01,,r5,1-1,75,{huge},35000,test"),
        );
    let e = parse_with("daiichi.csv", Some(&csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_FIELD", "{e}");
    // A number too long for i64 is a field error too, never a panic.
    let csv = "valid_from,valid_to,level,amount,source\n2025-04-01,,shogakko,99999999999999999999999,test\n";
    assert_eq!(
        parse_with("kyoiku.csv", Some(csv)).unwrap_err().code(),
        "RATE_FIELD"
    );
}

// ---------------------------------------------------------------------------------------------
// Import messages (issue 7 point 10): Japanese, saying what is wrong and how to fix it, with the
// file and real line; never library text, never foreign content, never control characters.

/// Library phrases that must never reach an office (csv, toml, std::io, serde).
fn assert_no_library_text(msg: &str) {
    for phrase in [
        "stream did not contain",
        "valid UTF-8",
        "TOML parse error",
        "expected",
        "found record",
        "missing field",
        "unknown field",
        "invalid type",
        "os error",
        "No such file",
        "CSV error",
    ] {
        assert!(!msg.contains(phrase), "library text 「{phrase}」 in: {msg}");
    }
    assert!(
        !msg.chars().any(|c| c.is_control() && c != '\n'),
        "control character in: {msg:?}"
    );
}

fn copy_fixture_to(dir: &Path) {
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn shift_jis_file_says_save_as_utf8_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture_to(dir.path());
    // kyoiku.csv as Excel's 「CSV（コンマ区切り）」 writes it: Shift_JIS. Line 2 is 「# 試験」.
    let mut bytes = b"valid_from,valid_to,level,amount,source\n# ".to_vec();
    bytes.extend_from_slice(b"\x8e\x8e\x8c\xb1\n");
    bytes.extend_from_slice(b"2025-04-01,,shogakko,3000,test\n");
    std::fs::write(dir.path().join("kyoiku.csv"), bytes).unwrap();
    let e = load_dir(dir.path()).unwrap_err();
    let msg = e.to_string();
    assert_no_library_text(&msg);
    assert!(msg.contains("kyoiku.csv"), "{msg}");
    assert!(msg.contains("2行目"), "{msg}");
    assert!(msg.contains("Shift_JIS") && msg.contains("UTF-8"), "{msg}");
    assert!(msg.contains("保存し直して"), "{msg}");
    assert_eq!(e.code(), "RATE_ENCODING");
}

#[test]
fn text_decoded_with_replacement_characters_is_refused_as_an_encoding_error() {
    // What a browser's FileReader makes of a Shift_JIS file read as UTF-8.
    let csv = "valid_from,valid_to,level,amount,source\n# \u{fffd}\u{fffd}\n2025-04-01,,shogakko,3000,test\n";
    let e = parse_with("kyoiku.csv", Some(csv)).unwrap_err();
    assert_eq!((e.code(), e.line()), ("RATE_ENCODING", Some(2)), "{e}");
    assert!(e.to_string().contains("UTF-8"), "{e}");
}

#[test]
fn toml_errors_are_japanese_with_the_line() {
    let m = "version = \"x\"\ntitle = \"t\"\neffective_from = \"2025-04-01\n[rules]\n";
    let e = parse_with("manifest.toml", Some(m)).unwrap_err();
    let msg = e.to_string();
    assert_no_library_text(&msg);
    assert_eq!(e.code(), "RATE_MANIFEST");
    assert!(msg.contains("manifest.toml 3行目"), "{msg}");
    let m = "version = \"x\"\ntitle = \"t\"\neffective_from = \"2025-04-01\"\ncolour = \"red\"\n";
    let msg = parse_with("manifest.toml", Some(m))
        .unwrap_err()
        .to_string();
    assert_no_library_text(&msg);
    assert!(msg.contains("4行目") && msg.contains("colour"), "{msg}");
    let m = "title = \"t\"\neffective_from = \"2025-04-01\"\n";
    let msg = parse_with("manifest.toml", Some(m))
        .unwrap_err()
        .to_string();
    assert_no_library_text(&msg);
    assert!(msg.contains("version"), "{msg}");
    let m = "version = \"x\"\ntitle = \"t\"\neffective_from = \"2025-13-01\"\n";
    let msg = parse_with("manifest.toml", Some(m))
        .unwrap_err()
        .to_string();
    assert_no_library_text(&msg);
    assert!(msg.contains("3行目") && msg.contains("YYYY-MM-DD"), "{msg}");
    let m = "version = 7\ntitle = \"t\"\neffective_from = \"2025-04-01\"\n";
    let msg = parse_with("manifest.toml", Some(m))
        .unwrap_err()
        .to_string();
    assert_no_library_text(&msg);
    assert!(msg.contains("1行目") && msg.contains("version"), "{msg}");
}

#[test]
fn csv_errors_are_japanese_with_the_real_line() {
    let csv = "valid_from,valid_to,level,amount,source\n# note\n2025-04-01,,shogakko,3000,test\n2025-04-01,,chugakko,5000\n";
    let e = parse_with("kyoiku.csv", Some(csv)).unwrap_err();
    let msg = e.to_string();
    assert_no_library_text(&msg);
    assert_eq!(e.line(), Some(4), "{msg}");
    assert!(msg.contains("列の数"), "{msg}");
    let csv = "valid_from,valid_to,level,amount,source\n2025-04-01,,\"shogakko,3000,test\n";
    let msg = parse_with("kyoiku.csv", Some(csv)).unwrap_err().to_string();
    assert_no_library_text(&msg);
}

#[cfg(unix)]
#[test]
fn symlinked_table_file_is_refused_without_echoing_its_target() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture_to(dir.path());
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    std::fs::remove_file(dir.path().join("kyoiku.csv")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("kyoiku.csv")).unwrap();
    let e = load_dir(dir.path()).unwrap_err();
    let msg = e.to_string();
    assert_no_library_text(&msg);
    assert!(
        msg.contains("kyoiku.csv") && msg.contains("シンボリックリンク"),
        "{msg}"
    );
    assert!(!msg.contains("root:") && !msg.contains("secret"), "{msg}");
}

#[test]
fn a_foreign_file_under_a_table_name_is_not_echoed() {
    let e = parse_with(
        "kyoiku.csv",
        Some("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n"),
    )
    .unwrap_err();
    let msg = e.to_string();
    assert_eq!(e.code(), "RATE_HEADER");
    assert!(!msg.contains("root") && !msg.contains("daemon"), "{msg}");
    assert!(msg.contains("kyoiku.csv 1行目"), "{msg}");
    assert!(
        msg.contains("valid_from,valid_to,level,amount,source"),
        "says what the header must be: {msg}"
    );
}

#[test]
fn control_characters_and_over_long_values_are_refused() {
    let base = std::fs::read_to_string(fixture_dir().join("manifest.toml")).unwrap();
    let cases = [
        base.replace(
            "version = \"test-2025\"",
            "version = \"test\\u001b[31m-2025\"",
        ),
        base.replace(
            "version = \"test-2025\"",
            &format!("version = \"{}\"", "v".repeat(200)),
        ),
        base.replace(
            "title = \"試験用・実在しない 基準額表（テスト専用）\"",
            "title = \"a\\u0007b\"",
        ),
        base.replace(
            "title = \"試験用・実在しない 基準額表（テスト専用）\"",
            &format!("title = \"{}\"", "長".repeat(1000)),
        ),
        base.replace("id = \"test\"", "id = \"te\\nst\""),
    ];
    for m in &cases {
        let e = parse_with("manifest.toml", Some(m)).unwrap_err();
        let msg = e.to_string();
        assert_eq!(e.code(), "RATE_MANIFEST", "{msg}");
        assert_no_library_text(&msg);
        assert!(
            !msg.contains('\u{1b}') && !msg.contains('\u{7}') && msg.chars().count() < 300,
            "{msg:?}"
        );
    }
    // In a table: a control character or an over-long text value.
    let csv = std::fs::read_to_string(fixture_dir().join("jutaku.csv"))
        .unwrap()
        .replacen("試験県", "試験\u{1b}[2J県", 1);
    let e = parse_with("jutaku.csv", Some(&csv)).unwrap_err();
    assert_eq!(e.code(), "RATE_FIELD", "{e}");
    assert!(!e.to_string().contains('\u{1b}'), "{e:?}");
    let csv = std::fs::read_to_string(fixture_dir().join("jutaku.csv"))
        .unwrap()
        .replacen("試験県", &"県".repeat(500), 1);
    assert_eq!(
        parse_with("jutaku.csv", Some(&csv)).unwrap_err().code(),
        "RATE_FIELD"
    );
}

/// The shipped national sets (data/rates/national-*): they load, carry no test figure, name a
/// source with its trust for every row, and decide every 級地 on every day of their period —
/// leaving to the office exactly what their manifest lists.
#[test]
fn shipped_national_sets_load_and_decide() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rates");
    let mut versions = vec![];
    for entry in std::fs::read_dir(&root).unwrap() {
        let p = entry.unwrap().path();
        if !p.is_dir() {
            continue;
        }
        let set = load_dir(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(
            !set.has_test_figures(),
            "shipped data must not contain test figures"
        );
        for s in &set.manifest.sources {
            assert!(
                !s.url.is_empty() && !s.title.is_empty(),
                "every source has a title and an address"
            );
            assert!(
                matches!(s.trust, Some(Trust::High | Trust::Medium)),
                "{}: only high and medium figures ship",
                s.id
            );
        }
        assert!(!set.manifest.office_imports.is_empty());
        let from = set.manifest.effective_from;
        let to = set
            .manifest
            .effective_to
            .expect("a national set says when it ends");
        for g in Grade::ALL {
            for day in [from, from + chrono::Duration::days(100), to] {
                assert_eq!(
                    check_complete(&set, g, day),
                    Ok(()),
                    "{} {g} {day}",
                    set.version()
                );
                // Every gap is one the manifest declares (the office imports it).
                for gap in gaps(&set, g, day) {
                    assert!(
                        gap.office_import,
                        "{}: undeclared gap {gap:?}",
                        set.version()
                    );
                }
            }
        }
        versions.push(set.version().to_string());
    }
    versions.sort();
    assert_eq!(versions, ["national-2025-10", "national-2026-10"]);
}

/// Issue 9 point 3: the 調書 and the calculation screen name a table by its Japanese title, and
/// the title is data — the manifest's `[tables]` — not a word in the program.
#[test]
fn a_manifest_names_its_tables_and_a_set_without_titles_takes_the_national_ones() {
    let manifest = std::fs::read_to_string(fixture_dir().join("manifest.toml")).unwrap();
    let titled = format!("{manifest}\n[tables]\ndaiichi = \"第1類の表（試験）\"\n");
    let set = parse_with("manifest.toml", Some(&titled)).unwrap();
    assert_eq!(set.manifest.table_title("daiichi"), "第1類の表（試験）");
    // Not named by this set: the title the national set gives the same table.
    assert_eq!(set.manifest.table_title("teigen"), "生活扶助基準（逓減率）");
    let plain = fixture();
    assert_eq!(
        plain.manifest.table_title("daiichi"),
        "生活扶助基準（第1類）"
    );
    // A row the office added to a national set says so.
    assert_eq!(
        plain.manifest.table_title("office/kasan"),
        "加算・勤労控除（定額）（福祉事務所の追加分）"
    );
    // Never a file name.
    for t in TableId::ALL {
        let title = plain.manifest.table_title(t.id());
        assert!(
            !title.contains(".csv") && !title.contains(t.id()),
            "{title}"
        );
    }

    let unknown = format!("{manifest}\n[tables]\ndaiichi = \"第1類\"\nkyouiku = \"教育\"\n");
    let msg = parse_with("manifest.toml", Some(&unknown))
        .unwrap_err()
        .to_string();
    assert_no_library_text(&msg);
    let line = unknown
        .lines()
        .position(|l| l.starts_with("kyouiku"))
        .unwrap()
        + 1;
    assert!(
        msg.contains(&format!("{line}行目")) && msg.contains("kyouiku"),
        "{msg}"
    );
    let empty = format!("{manifest}\n[tables]\ndaiichi = \"  \"\n");
    let msg = parse_with("manifest.toml", Some(&empty))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("tables.daiichi"), "{msg}");
}

/// Every shipped national set titles every table the format has (the fallback of every other
/// set), and each title fits the 根拠 column of the 調書 on at most two lines.
#[test]
fn every_shipped_national_set_titles_every_table() {
    for s in shipped::NATIONAL {
        let set = parse_files(&s.file_refs()).unwrap();
        for t in TableId::ALL {
            let title = set.manifest.table_titles.get(&t);
            assert!(
                title.is_some_and(|t| (6..=26).contains(&t.chars().count())),
                "{}: {t:?} {title:?}",
                s.version
            );
        }
    }
}
