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
