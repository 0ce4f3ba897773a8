//! The forms as a reader sees them: text extracted with poppler's `pdftotext` equals a golden
//! file, fonts are embedded and subset (`pdffonts`), pages render (`pdftoppm`), no 12-digit
//! number appears, pages stay small, and era dates are right at the 平成/令和 boundary.
//!
//! Needs poppler-utils; a test whose tool is missing prints why and passes (the Makefile
//! installs poppler-utils, so CI always runs them). Regenerate golden files with
//! `UPDATE_GOLDEN=1 cargo test --test print_forms` and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use madoguchi::domain::decision::DecisionKind;
use madoguchi::print::{render, samples, Document};

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        eprintln!("skipped: `{tool}` (poppler-utils) is not installed");
    }
    ok
}

fn write_pdf(dir: &Path, name: &str, doc: &Document) -> PathBuf {
    let pdf = render(doc).expect("renders");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    path
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn pdftotext(path: &Path) -> String {
    run("pdftotext", &["-layout", path.to_str().unwrap(), "-"])
}

fn documents() -> Vec<(&'static str, Document)> {
    let mut reissued = Document::Certificate(samples::certificate());
    reissued.set_reissue(true);
    vec![
        ("certificate", Document::Certificate(samples::certificate())),
        ("certificate_reissue", reissued),
        (
            "cover_letter",
            Document::CoverLetter(samples::cover_letter()),
        ),
        (
            "notice_start",
            Document::DecisionNotice(Box::new(samples::decision_notice(DecisionKind::Start))),
        ),
        (
            "notice_change",
            Document::DecisionNotice(Box::new(samples::decision_notice(DecisionKind::Change))),
        ),
        (
            "notice_suspend",
            Document::DecisionNotice(Box::new(samples::decision_notice(DecisionKind::Suspend))),
        ),
        (
            "notice_abolish",
            Document::DecisionNotice(Box::new(samples::decision_notice(DecisionKind::Abolish))),
        ),
        (
            "notice_reject",
            Document::DecisionNotice(Box::new(samples::decision_notice(DecisionKind::Reject))),
        ),
        (
            "calc_sheet",
            Document::CalculationSheet(samples::calculation_sheet()),
        ),
        (
            "medical_vouchers",
            Document::MedicalVouchers(samples::medical_vouchers()),
        ),
        (
            "opinion_form",
            Document::OpinionForm(samples::opinion_form()),
        ),
        (
            "care_vouchers",
            Document::CareVouchers(samples::care_vouchers()),
        ),
        (
            "notice_care_start",
            Document::DecisionNotice(Box::new(samples::care_decision_notice(DecisionKind::Start))),
        ),
        (
            "notice_care_reject",
            Document::DecisionNotice(Box::new(samples::care_decision_notice(
                DecisionKind::Reject,
            ))),
        ),
        (
            "voucher_ledger",
            Document::VoucherLedger(samples::voucher_ledger()),
        ),
    ]
}

#[test]
fn extracted_text_matches_golden() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for (name, doc) in documents() {
        let text = pdftotext(&write_pdf(dir.path(), name, &doc));
        let golden = golden_dir.join(format!("{name}.txt"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, &text).unwrap();
            eprintln!("wrote {}", golden.display());
            continue;
        }
        let want = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("{} missing; run with UPDATE_GOLDEN=1", golden.display()));
        assert_eq!(
            text,
            want,
            "{name}: extracted text differs from {}",
            golden.display()
        );
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    if !have("pdffonts") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, doc) in documents() {
        let out = run(
            "pdffonts",
            &[write_pdf(dir.path(), name, &doc).to_str().unwrap()],
        );
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{name}: no fonts\n{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type… encoding emb sub uni objnum gen
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{name}: {row}");
            assert!(
                cols[0].starts_with(|c: char| c.is_ascii_uppercase())
                    && cols[0].as_bytes()[6] == b'+',
                "{row}"
            );
        }
    }
}

#[test]
fn pages_render_to_png() {
    if !have("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, doc) in documents() {
        let pdf = write_pdf(dir.path(), name, &doc);
        let prefix = dir.path().join(name);
        run(
            "pdftoppm",
            &[
                "-r",
                "60",
                "-png",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let png = dir.path().join(format!("{name}-1.png"));
        let bytes = std::fs::read(&png).unwrap_or_else(|_| panic!("{} not written", png.display()));
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 5_000,
            "{name}: PNG looks empty"
        );
    }
}

#[test]
fn no_twelve_digit_number_in_any_document() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, doc) in documents() {
        let text = pdftotext(&write_pdf(dir.path(), name, &doc));
        let mut run = 0;
        for c in text.chars() {
            run = if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                run + 1
            } else {
                0
            };
            assert!(run < 12, "{name}: 12 digits in a row");
        }
    }
}

#[test]
fn a_my_number_typed_into_any_field_is_refused() {
    let mut cert = samples::certificate();
    cert.recipient.address = "窓口町1-2-3 123456789012".into();
    let err = render(&Document::Certificate(cert)).unwrap_err();
    assert_eq!(err.code(), "PRINT_MY_NUMBER");
    assert!(
        !err.to_string().contains("123456789012"),
        "the number must not reach the message: {err}"
    );

    let mut letter = samples::cover_letter();
    letter.message = "個人番号 1234 5678 9012 をお知らせください".into();
    assert_eq!(
        render(&Document::CoverLetter(letter)).unwrap_err().code(),
        "PRINT_MY_NUMBER"
    );
}

#[test]
fn one_page_certificate_is_under_100_kb() {
    for (name, doc) in documents() {
        let len = render(&doc).unwrap().len();
        assert!(len < 100_000, "{name}: {len} bytes");
    }
}

#[test]
fn era_boundary_dates_print_correctly() {
    if !have("pdftotext") {
        return;
    }
    let mut cert = samples::certificate();
    cert.period_start = NaiveDate::from_ymd_opt(2019, 4, 30).unwrap();
    cert.period_end = Some(NaiveDate::from_ymd_opt(2019, 5, 1).unwrap());
    cert.recipient.birth_date = NaiveDate::from_ymd_opt(1989, 1, 7).unwrap(); // last day of 昭和
    cert.issued_on = NaiveDate::from_ymd_opt(1989, 1, 8).unwrap(); // 平成元年
    let dir = tempfile::tempdir().unwrap();
    let text: String = pdftotext(&write_pdf(
        dir.path(),
        "boundary",
        &Document::Certificate(cert),
    ))
    .chars()
    .filter(|c| !c.is_whitespace())
    .collect();
    for want in [
        "平成31年4月30日〜令和元年5月1日（廃止）",
        "昭和64年1月7日",
        "平成元年1月8日",
    ] {
        assert!(text.contains(want), "missing {want} in {text}");
    }
}

#[test]
fn same_value_same_bytes_across_json_round_trip() {
    for (name, doc) in documents() {
        let json = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(render(&back).unwrap(), render(&doc).unwrap(), "{name}");
    }
}

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn notices_carry_title_dates_and_the_governor_of_the_prefecture() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (kind, title) in [
        (DecisionKind::Start, "保護開始決定通知書"),
        (DecisionKind::Change, "保護変更決定通知書"),
        (DecisionKind::Suspend, "保護停止決定通知書"),
        (DecisionKind::Abolish, "保護廃止決定通知書"),
        (DecisionKind::Reject, "保護申請却下通知書"),
    ] {
        let doc = Document::DecisionNotice(Box::new(samples::decision_notice(kind)));
        assert_eq!(doc.title(), title);
        let text = squeezed(&pdftotext(&write_pdf(dir.path(), kind.code(), &doc)));
        for want in [
            title,
            "令和7年6月10日",
            "令和7年6月1日",
            "埼玉県知事に対して審査請求",
            "3か月以内",
            "1年を経過",
            "厚生労働大臣に対して再審査請求",
            "生活保護法第69条",
            "窓口町福祉事務所長役場太郎印",
        ] {
            assert!(text.contains(want), "{title}: missing {want} in {text}");
        }
        assert!(!text.contains('{'), "{title}: unfilled placeholder");
        assert_eq!(
            text.contains("扶助額"),
            kind.requires_calculation(),
            "{title}"
        );
    }
}

#[test]
fn long_calculation_sheet_repeats_its_header_and_numbers_its_pages() {
    if !have("pdftotext") {
        return;
    }
    let mut sheet = samples::calculation_sheet();
    let lines = sheet.lines.clone();
    sheet.lines = (0..8).flat_map(|_| lines.clone()).collect();
    let dir = tempfile::tempdir().unwrap();
    let pdf = write_pdf(dir.path(), "long_sheet", &Document::CalculationSheet(sheet));
    let text = pdftotext(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(
        squeezed(pages[1]).contains("第1類"),
        "the lines continue on page 2"
    );
    let n = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let p = squeezed(page);
        assert!(
            p.contains(&format!("{}/{}", i + 1, n)),
            "page {} has no number",
            i + 1
        );
        if p.contains("第1類") {
            assert!(
                p.contains("項目") && p.contains("根拠（基準額表）"),
                "page {}: lines without the header row",
                i + 1
            );
        }
        if i > 0 {
            assert!(
                p.contains("保護決定調書（続き）ケース番号R7-0042"),
                "page {}: no continuation title",
                i + 1
            );
        }
    }
    // The sample sheet itself is one page, numbered.
    let one = squeezed(&pdftotext(&write_pdf(
        dir.path(),
        "sheet",
        &Document::CalculationSheet(samples::calculation_sheet()),
    )));
    assert!(one.contains("1/1") && one.contains("起案審査決裁"), "{one}");
}

#[test]
fn a_draft_notice_says_so() {
    if !have("pdftotext") {
        return;
    }
    let mut n = samples::decision_notice(DecisionKind::Start);
    n.draft = true;
    let dir = tempfile::tempdir().unwrap();
    let text = squeezed(&pdftotext(&write_pdf(
        dir.path(),
        "draft",
        &Document::DecisionNotice(Box::new(n)),
    )));
    assert!(
        text.contains("保護開始決定通知書（案）") && text.contains("送付不可"),
        "{text}"
    );
}
