//! Printing through a real CUPS queue. Runs only when `MADOGUCHI_CUPS_TEST_PRINTER` names a
//! queue (e.g. a CUPS-PDF one: `lpadmin -p MadoguchiTest -E -v cups-pdf:/ -m
//! lsb/usr/cups-pdf/CUPS-PDF_opt.ppd`), since it needs a running cupsd; otherwise it prints why
//! and passes. The unit tests in `src/print/printer.rs` cover the same path with fake tools.

use madoguchi::print::{render, samples, CupsPrinter, Document, Paper, PrintOptions, Printer};

#[test]
fn prints_a_certificate_through_cups() {
    let Ok(name) = std::env::var("MADOGUCHI_CUPS_TEST_PRINTER") else {
        eprintln!("skipped: set MADOGUCHI_CUPS_TEST_PRINTER to a CUPS queue to run");
        return;
    };
    let cups = CupsPrinter::new();
    let printers = cups.list().expect("lpstat works");
    assert!(
        printers.iter().any(|p| p.name == name),
        "{name} not in {printers:?}"
    );

    let pdf = render(&Document::Certificate(samples::certificate())).unwrap();
    let opts = PrintOptions {
        printer: Some(name.clone()),
        copies: 1,
        paper: Paper::A4,
        title: "保護受給証明書".into(),
    };
    let job = cups.print(&pdf, &opts).expect("job accepted");
    assert!(job.starts_with(&name), "job id {job}");

    let missing = PrintOptions {
        printer: Some("存在しないプリンター".into()),
        ..opts
    };
    assert_eq!(
        cups.print(&pdf, &missing).unwrap_err().to_string(),
        "プリンター「存在しないプリンター」が見つかりません"
    );
}
